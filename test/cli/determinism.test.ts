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

/**
 * Examples too long for the suite run cut short: month.yaml's 30 days of fluid steps take minutes; its first 6 hours
 * go through the same code (every fluid step, sample, scrape and HPA sync kind, and the daily cycle's rising half).
 */
const CUT: Record<string, string[]> = { 'month.yaml': ['--duration', '6h'] };

/**
 * Examples that are a folder of variants (`base/` + one file per variant: cascade, hpa-compare,
 * node-autoscaler-compare, packing) run as their READMEs run them: each variant with its base.
 */
const VARIANTS: Record<string, string[]> = Object.fromEntries(
  fs
    .readdirSync(path.join(ROOT, 'scenarios', 'examples'))
    .filter((d) => fs.existsSync(path.join(ROOT, 'scenarios', 'examples', d, 'base')))
    .sort()
    .flatMap((d) =>
      fs
        .readdirSync(path.join(ROOT, 'scenarios', 'examples', d))
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((f) => [`${d}/${f}`, [`scenarios/examples/${d}/base`, `scenarios/examples/${d}/${f}`]]),
    ),
);

test('every folder of variants is checked', () => {
  // cascade 2, hpa-compare 3, node-autoscaler-compare 4, packing 2 (the folders' READMEs list them).
  expect(Object.keys(VARIANTS).length).toBeGreaterThanOrEqual(11);
});

function runTo(file: string, seed?: string): string {
  const dir = tempDir();
  const inputs = VARIANTS[file] ?? [`scenarios/examples/${file}`];
  const r = k8sim(['run', ...inputs, '--out', dir, '--quiet', ...(CUT[file] ?? []), ...(seed ? ['--seed', seed] : [])]);
  if (r.code !== 0) throw new Error(`${file}: exit ${r.code}: ${r.stderr}`);
  return dir;
}

function filesOf(dir: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}

test('there are examples to check', () => {
  expect(examples.length).toBeGreaterThanOrEqual(4);
});

describe.each([...examples, ...Object.keys(VARIANTS)])('%s', (file) => {
  test('two runs in separate processes write byte-identical files', () => {
    const a = filesOf(runTo(file));
    const b = filesOf(runTo(file));
    const every = ['events.csv', 'nodes.csv', 'pod_metrics.csv', 'pods.csv', 'run.json', 'services.csv', 'workloads.csv'];
    expect([...a.keys()]).toEqual(expect.arrayContaining(every));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, bytes] of a) expect({ name, same: bytes.equals(b.get(name)!) }).toEqual({ name, same: true });
  });
});

test('requests.csv (1 in N) is deterministic too', () => {
  const run = () => {
    const dir = tempDir();
    const r = k8sim(['run', 'scenarios/examples/web-rr.yaml', '--out', dir, '--quiet', '--trace-requests-sample', '7', '--duration', '1m']);
    if (r.code !== 0) throw new Error(r.stderr);
    return fs.readFileSync(path.join(dir, 'requests.csv'));
  };
  const a = run();
  expect(a.equals(run())).toBe(true);
  expect(a.toString().split('\n').length).toBeGreaterThan(100);
});

test('another seed gives other pod names (the seed is really used)', () => {
  const a = fs.readFileSync(path.join(runTo('nodes.yaml'), 'pods.csv'), 'utf8');
  const b = fs.readFileSync(path.join(runTo('nodes.yaml', '12345'), 'pods.csv'), 'utf8');
  expect(a).not.toEqual(b);
});
