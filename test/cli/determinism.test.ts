/**
 * Determinism is the product: every example, run twice in separate processes, gives byte-identical trace files.
 * A different seed changes what is drawn at random (pod names), so the check cannot pass by ignoring the seed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sim, ROOT, tempDir } from '../support/cli';

const examples = fs
  .readdirSync(path.join(ROOT, 'scenarios', 'examples'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function runTo(file: string, seed?: string): string {
  const dir = tempDir();
  const r = k8sim(['run', `scenarios/examples/${file}`, '--out', dir, '--quiet', ...(seed ? ['--seed', seed] : [])]);
  if (r.code !== 0) throw new Error(`${file}: exit ${r.code}: ${r.stderr}`);
  return dir;
}

function filesOf(dir: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}

test('there are examples to check', () => {
  expect(examples.length).toBeGreaterThanOrEqual(4);
});

describe.each(examples)('%s', (file) => {
  test('two runs in separate processes write byte-identical files', () => {
    const a = filesOf(runTo(file));
    const b = filesOf(runTo(file));
    expect([...a.keys()]).toEqual(['events.csv', 'nodes.csv', 'pods.csv', 'run.json', 'workloads.csv']);
    for (const [name, bytes] of a) expect({ name, same: bytes.equals(b.get(name)!) }).toEqual({ name, same: true });
  });
});

test('another seed gives other pod names (the seed is really used)', () => {
  const a = fs.readFileSync(path.join(runTo('nodes.yaml'), 'pods.csv'), 'utf8');
  const b = fs.readFileSync(path.join(runTo('nodes.yaml', '12345'), 'pods.csv'), 'utf8');
  expect(a).not.toEqual(b);
});
