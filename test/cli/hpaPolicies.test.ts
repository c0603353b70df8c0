/**
 * Autoscaler policies through the real CLI: the hpa-compare example (one load, three policies) and `k8sim compare`
 * in its three formats; a user policy that throws; a policy module that is missing; and the determinism of the
 * comparison runs across processes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCsv } from '../../reports/csvRead';
import { k8sim, readCsv, ROOT, tempDir } from '../support/cli';

const EXAMPLE = 'scenarios/examples/hpa-compare';
const POLICIES = [
  // [policy file, the label `compare` gives the run (run.json's policies), the policy column of hpa.csv]
  ['kubernetes-hpa', 'KubernetesHPA', 'KubernetesHPA'],
  ['target-tracking', 'TargetTracking', 'TargetTracking'],
  // A user module: the scenario names it by path; the module calls itself step-scaling.
  ['step-scaling', './policies/step-scaling.js', 'step-scaling'],
] as const;

/** Runs base + one policy file into a fresh folder named after the policy (compare labels columns by folder name). */
function runPolicy(file: string): string {
  const dir = path.join(tempDir(), file);
  const r = k8sim(['run', `${EXAMPLE}/base`, `${EXAMPLE}/${file}.yaml`, '--out', dir, '--quiet']);
  if (r.code !== 0) throw new Error(`${file}: exit ${r.code}: ${r.stderr}`);
  return dir;
}

describe('hpa-compare: one load, three policies', () => {
  const dirs = POLICIES.map(([file]) => runPolicy(file));
  const summaries = dirs.map((d) => new Map(readCsv(path.join(d, 'summary.csv')).map((r) => [`${r.scope}|${r.namespace}/${r.name}|${r.figure}`, r.value])));

  test('each run is decided by its policy', () => {
    POLICIES.forEach(([, label, column], i) => {
      expect(JSON.parse(fs.readFileSync(path.join(dirs[i], 'run.json'), 'utf8')).policies).toEqual([`default/api: ${label}`]);
      expect(new Set(readCsv(path.join(dirs[i], 'hpa.csv')).map((r) => r.policy))).toEqual(new Set([column]));
    });
  });

  test('the same load reaches every run (same seed, same Traffic): the same request count; the costs differ', () => {
    // Arrivals are drawn from the Traffic's own stream, whatever the pods do. The profile's mean is
    // 20 × 120 + 60 × 360 + 150 × 360 + 30 × 660 = 97,800 requests (σ = √97,800 ≈ 313 for Poisson arrivals).
    const requests = summaries.map((s) => s.get('run|/|requests'));
    expect(new Set(requests).size).toBe(1);
    expect(Math.abs(Number(requests[0]) - 97_800)).toBeLessThan(3 * 313);
    expect(summaries.map((s) => s.get('Service|default/api|requests'))).toEqual(requests);
    // Replica-seconds: three policies, three different costs.
    const cost = summaries.map((s) => s.get('run|/|replica_seconds'));
    expect(new Set(cost).size).toBe(3);
    // Every policy stays within the HPA's [2, 20].
    for (const d of dirs) {
      for (const r of readCsv(path.join(d, 'hpa.csv'))) expect(Number(r.desired_replicas) >= 2 && Number(r.desired_replicas) <= 20).toBe(true);
    }
  });

  test('k8sim compare: one column per run, every figure of every run, the values of each summary.csv', () => {
    const r = k8sim(['compare', ...dirs]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const lines = r.stdout.trimEnd().split('\n');
    const header = lines[0].split(/ {2,}/);
    expect(header).toEqual(['scope', 'object', 'figure', ...POLICIES.map(([file, label]) => `${file} (default/api: ${label})`)]);
    // A rule of dashes under the header, each as wide as its column.
    expect(/^[- ]+$/.test(lines[1])).toBe(true);
    expect(lines[1].length).toBe(lines[0].length);
    const figures = new Set(summaries.flatMap((s) => [...s.keys()]));
    expect(lines.length - 2).toBe(figures.size);
    const costRow = lines.find((l) => l.startsWith('run ') && l.includes(' replica_seconds '))!;
    expect(costRow.trim().split(/\s+/).slice(2)).toEqual(summaries.map((s) => s.get('run|/|replica_seconds')));
  });

  test('compare --csv and --markdown carry the same table', () => {
    const csv = k8sim(['compare', ...dirs, '--csv']);
    expect(csv.code).toBe(0);
    const labels = POLICIES.map(([file, label]) => `${file} (default/api: ${label})`);
    expect(csv.stdout.split('\n')[0]).toBe(['scope', 'object', 'figure', ...labels].join(','));
    const rows = parseCsv(csv.stdout);
    const hpaUps = rows.find((r) => r.scope === 'HorizontalPodAutoscaler' && r.object === 'default/api' && r.figure === 'scale_ups')!;
    expect(labels.map((l) => hpaUps[l])).toEqual(summaries.map((s) => s.get('HorizontalPodAutoscaler|default/api|scale_ups')));
    const requests = rows.find((r) => r.scope === 'run' && r.figure === 'requests')!;
    expect([requests.object, ...labels.map((l) => requests[l])]).toEqual(['', ...summaries.map((s) => s.get('run|/|requests'))]);

    const md = k8sim(['compare', ...dirs, '--markdown']);
    expect(md.code).toBe(0);
    const mdLines = md.stdout.trimEnd().split('\n');
    expect(mdLines[0]).toBe(`| scope | object | figure | ${POLICIES.map(([file, label]) => `${file} (default/api: ${label})`).join(' | ')} |`);
    // Text columns left-aligned, one right-aligned column per run.
    expect(mdLines[1]).toBe('|---|---|---|---:|---:|---:|');
    expect(mdLines.length).toBe(rows.length + 2);
  });

  test('compare: usage errors and a folder without summary.csv exit 2 and print no table', () => {
    const both = k8sim(['compare', ...dirs, '--csv', '--markdown']);
    expect([both.code, both.stdout]).toEqual([2, '']);
    expect(both.stderr).toContain('k8sim: error: Arguments csv and markdown are mutually exclusive');
    const none = k8sim(['compare']);
    expect([none.code, none.stdout]).toEqual([2, '']);
    const empty = tempDir();
    const missing = k8sim(['compare', dirs[0], empty]);
    expect([missing.code, missing.stdout]).toEqual([2, '']);
    expect(missing.stderr).toBe(`k8sim: error: ${empty}: no summary.csv here: expected the --out folder of a finished \`k8sim run\`\n`);
  });
});

describe('a user policy that fails', () => {
  test('throwing at its first sync: exit 2, one line naming the policy, its module and t=0.000s, no output left', () => {
    const out = path.join(tempDir(), 'out', 'run');
    const r = k8sim(['run', 'test/fixtures/scenarios/hpa/throwing-policy.yaml', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    // The controller's first sync is at t = 0; the module's policy calls itself "forecaster". The error's class and
    // the module's line that threw (line 9, column 13: `new Error` after 6 spaces and `throw `), not its message.
    expect(r.stderr).toBe('k8sim: error: autoscaler policy forecaster (./policies/throws-at-first-sync.js) at t=0.000s: decide threw Error (at throws-at-first-sync.js:9:13)\n');
    expect(r.stderr).not.toContain('no history to forecast from');
    // The trace files were removed, and the folders the run had made for them.
    expect(fs.existsSync(path.dirname(out))).toBe(false);
  });

  test('an existing --out folder is kept, empty', () => {
    const out = tempDir();
    expect(k8sim(['run', 'test/fixtures/scenarios/hpa/throwing-policy.yaml', '--out', out]).code).toBe(2);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('a module path that does not exist: exit 2 at load time, located at the policy line', () => {
    const dir = tempDir();
    const scenario = path.join(dir, 'scenario.yaml');
    const text = fs.readFileSync(path.join(ROOT, 'test/fixtures/scenarios/hpa/throwing-policy.yaml'), 'utf8').replace('./policies/throws-at-first-sync.js', './policies/missing.js');
    fs.writeFileSync(scenario, text);
    const r = k8sim(['validate', scenario]);
    expect(r.code).toBe(2);
    const missing = path.join(dir, 'policies', 'missing.js');
    const line = text.split('\n').findIndex((l) => l.includes('policy: ./policies/missing.js')) + 1;
    expect(r.stderr).toBe(`k8sim: error: ${scenario}:${line}: spec.policy: cannot load policy module ${missing}: no such file: ${missing}\n`);
  });
});

test('determinism: the comparison runs, repeated in separate processes, write byte-identical files', () => {
  for (const [file] of POLICIES) {
    const a = runPolicy(file);
    const b = runPolicy(file);
    const names = fs.readdirSync(a).sort();
    expect(names).toEqual(['events.csv', 'hpa.csv', 'nodes.csv', 'pod_metrics.csv', 'pods.csv', 'run.json', 'services.csv', 'summary.csv', 'workloads.csv']);
    expect(fs.readdirSync(b).sort()).toEqual(names);
    for (const n of names) expect({ file, n, same: fs.readFileSync(path.join(a, n)).equals(fs.readFileSync(path.join(b, n))) }).toEqual({ file, n, same: true });
  }
});
