/**
 * Golden traces: every example scenario, run through the built CLI, against the traces kept in
 * test/golden/fixtures/<case>/. A change that alters a trace shows up as a reviewed diff (the first diverging row of
 * each file), never by accident. `npm run golden -- --update` rewrites the fixtures; commit them with the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'golden', 'fixtures');

export interface GoldenCase {
  /** Folder name under fixtures/. */
  readonly name: string;
  /** `k8sim run` arguments before `--out`. */
  readonly args: readonly string[];
}

const EX = 'scenarios/examples';
/** Every example of the README, each as the README runs it (web-affinity also with its request trace). */
export const GOLDEN_CASES: readonly GoldenCase[] = [
  ...['crashloop', 'probes', 'batch', 'nodes', 'web-rr', 'overload', 'hpa-walkthrough'].map((n) => ({ name: n, args: [`${EX}/${n}.yaml`] })),
  { name: 'web-affinity', args: [`${EX}/web-affinity.yaml`, '--trace-requests'] },
  { name: 'jobs', args: [`${EX}/jobs.yaml`] },
  ...['statefulset', 'daemonset'].map((n) => ({ name: n, args: [`${EX}/${n}.yaml`] })),
  ...['kubernetes-hpa', 'target-tracking', 'step-scaling'].map((p) => ({ name: `hpa-compare-${p}`, args: [`${EX}/hpa-compare/base`, `${EX}/hpa-compare/${p}.yaml`] })),
  ...['cluster-autoscaler', 'karpenter', 'user-policy', 'simple-reactive'].map((v) => ({ name: `node-autoscaler-compare-${v}`, args: [`${EX}/node-autoscaler-compare/base`, `${EX}/node-autoscaler-compare/${v}.yaml`] })),
  { name: 'rolling-update', args: [`${EX}/rolling-update.yaml`] },
  { name: 'drain', args: [`${EX}/drain.yaml`] },
  { name: 'zones', args: [`${EX}/zones.yaml`, '--trace-scheduling'] },
  ...['least-allocated', 'most-allocated'].map((v) => ({ name: `packing-${v}`, args: [`${EX}/packing/base`, `${EX}/packing/${v}.yaml`] })),
  ...['storm', 'budget'].map((v) => ({ name: `cascade-${v}`, args: [`${EX}/cascade/base`, `${EX}/cascade/${v}.yaml`] })),
  { name: 'priority', args: [`${EX}/priority.yaml`, '--trace-scheduling'] },
  ...['cluster-autoscaler', 'karpenter'].map((n) => ({ name: n, args: [`${EX}/${n}.yaml`] })),
  // Fluid mode: the month example's first 2 hours (30 days of traces would be about 300 MB, mostly hpa.csv).
  { name: 'month-2h', args: [`${EX}/month.yaml`, '--duration', '2h'] },
];

/**
 * run.json fields that are about the build or the engine's bookkeeping rather than the cluster's behaviour: the
 * version, the scenario hash (it covers the files' bytes) and the count of engine events. Every other field is kept.
 */
const VOLATILE_RUN_FIELDS = ['k8sim', 'scenarioHash'] as const;

export function runCase(c: GoldenCase, out: string): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'k8sim.js'), 'run', ...c.args, '--out', out, '--quiet'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`k8sim run ${c.args.join(' ')} exited ${r.status}: ${r.stderr}`);
  normalizeRunJson(out);
}

/** Rewrites run.json without its volatile fields, so the file can be compared byte for byte. */
function normalizeRunJson(dir: string): void {
  const file = path.join(dir, 'run.json');
  const run = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  for (const f of VOLATILE_RUN_FIELDS) delete run[f];
  const counts = run.counts as Record<string, unknown> | undefined;
  if (counts) delete counts.eventsProcessed;
  fs.writeFileSync(file, JSON.stringify(run, null, 2) + '\n');
}

export interface FileDiff {
  readonly file: string;
  /** A readable account of the first divergence. */
  readonly detail: string;
}

/** Compares two trace folders file by file: missing or extra files, and the first diverging line of each file. */
export function diffDirs(expected: string, actual: string, context = 2): FileDiff[] {
  const files = (d: string) => (fs.existsSync(d) ? fs.readdirSync(d).sort() : []);
  const want = files(expected);
  const got = files(actual);
  const out: FileDiff[] = [];
  for (const f of want) if (!got.includes(f)) out.push({ file: f, detail: 'missing from the new run' });
  for (const f of got) if (!want.includes(f)) out.push({ file: f, detail: 'not in the golden fixture (new file)' });
  for (const f of want.filter((x) => got.includes(x))) {
    const a = fs.readFileSync(path.join(expected, f), 'utf8').split('\n');
    const b = fs.readFileSync(path.join(actual, f), 'utf8').split('\n');
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (a[i] === b[i]) continue;
      const from = Math.max(0, i - context);
      const ctx = a.slice(from, i).map((l, k) => `    ${from + k + 1}  ${l}`);
      out.push({
        file: f,
        detail: [`first divergence at line ${i + 1} (golden ${a.length} lines, new ${b.length}):`, ...ctx, `  - ${i + 1}  ${a[i] ?? '(end of file)'}`, `  + ${i + 1}  ${b[i] ?? '(end of file)'}`].join('\n'),
      });
      break;
    }
  }
  return out;
}

export function formatDiffs(name: string, diffs: readonly FileDiff[]): string {
  return diffs.map((d) => `${name}/${d.file}: ${d.detail}`).join('\n');
}
