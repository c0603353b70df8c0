/**
 * The bad input for rollouts through the real CLI: maxSurge and maxUnavailable both 0 is one located line
 * and exit 2, with no output written (the badInput.test.ts contract).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sim, tempDir } from '../support/cli';

test('maxSurge and maxUnavailable both 0 → exit 2, one located line, no output files', () => {
  const file = path.join(tempDir(), 'bad.yaml');
  fs.writeFileSync(
    file,
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, image: nginx}]\n',
  );
  const out = path.join(tempDir(), 'out');
  for (const args of [['run', file, '--out', out], ['validate', file]]) {
    const r = k8sim(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.yaml:8: spec\.strategy\.rollingUpdate\.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0/);
  }
  expect(fs.existsSync(out)).toBe(false);
});
