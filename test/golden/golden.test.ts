/**
 * The golden-trace regression test: each example's traces, byte for byte, against test/golden/fixtures. When a
 * change is meant to alter behaviour, run `npm run golden -- --update` and commit the new fixtures with the reason.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, GOLDEN_CASES, diffDirs, formatDiffs, runCase } from './golden';

describe('golden traces of every example', () => {
  test.each(GOLDEN_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-golden-'));
    runCase(c, out);
    const fixture = path.join(FIXTURES, c.name);
    if (process.env.K8SIM_GOLDEN_UPDATE === '1') {
      fs.rmSync(fixture, { recursive: true, force: true });
      fs.mkdirSync(fixture, { recursive: true });
      for (const f of fs.readdirSync(out)) fs.copyFileSync(path.join(out, f), path.join(fixture, f));
    }
    expect(fs.existsSync(fixture)).toBe(true);
    const diffs = diffDirs(fixture, out);
    if (diffs.length > 0) throw new Error(`traces differ from the golden fixture (npm run golden -- --update to accept):\n${formatDiffs(c.name, diffs)}`);
    expect(diffs).toEqual([]);
    fs.rmSync(out, { recursive: true, force: true });
  });

  test('the comparison finds a changed row (so the test above can fail)', () => {
    // given a copy of one fixture with one changed cell, when compared, then the first divergence names that row
    const c = GOLDEN_CASES[0];
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-golden-'));
    for (const f of fs.readdirSync(path.join(FIXTURES, c.name))) fs.copyFileSync(path.join(FIXTURES, c.name, f), path.join(copy, f));
    const pods = path.join(copy, 'pods.csv');
    const lines = fs.readFileSync(pods, 'utf8').split('\n');
    lines[3] = lines[3].replace(/,/, ',X');
    fs.writeFileSync(pods, lines.join('\n'));
    const diffs = diffDirs(path.join(FIXTURES, c.name), copy);
    expect(diffs.map((d) => d.file)).toEqual(['pods.csv']);
    expect(diffs[0].detail).toContain('first divergence at line 4');
    fs.rmSync(copy, { recursive: true, force: true });
  });
});
