/**
 * The node-autoscaler-compare example through the real CLI: one bursting load (4 → 40 one-CPU pods at 2 m, back to
 * 4 at 40 m) under the Cluster Autoscaler, the Karpenter-style provisioner, a user module and SimpleReactive, and
 * `k8sim compare` labelling each run with its node autoscaler. The key numbers are derived by hand below.
 *
 * The catalogue: c-4x (4 CPU, allocatable 4000 − 100 = 3900m, 0.20 $/h), c-8x (8 CPU, 7900m, 0.38 $/h); machines
 * register 40 s and are Ready 60 s after their launch (spec.cloud.provisioning; Karpenter: its own 30 s / 36 s).
 * At 120 s the Deployment goes to 40: the two initial c-4x nodes (small-1, small-2) hold 3 pods each (3 × 1000m ≤
 * 3900m), so 40 − 6 = 34 pods are pending.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sim, readCsv, tempDir } from '../support/cli';

const EXAMPLE = 'scenarios/examples/node-autoscaler-compare';
const VARIANTS = [
  // [variant file, run.json nodeAutoscaler, node_autoscaler.csv autoscaler]
  ['cluster-autoscaler', 'ClusterAutoscaler', 'cluster-autoscaler'],
  ['karpenter', 'Karpenter', 'karpenter'],
  ['user-policy', './policies/cheapest-per-cpu.js', 'cheapest-per-cpu'],
  ['simple-reactive', 'SimpleReactive', 'SimpleReactive'],
] as const;

function runVariant(file: string): string {
  const dir = path.join(tempDir(), file);
  const r = k8sim(['run', `${EXAMPLE}/base`, `${EXAMPLE}/${file}.yaml`, '--out', dir, '--quiet']);
  if (r.code !== 0) throw new Error(`${file}: exit ${r.code}: ${r.stderr}`);
  return dir;
}

describe('node-autoscaler-compare: one load, four node autoscalers', () => {
  const dirs = VARIANTS.map(([file]) => runVariant(file));
  const fig = (i: number, figure: string) => readCsv(path.join(dirs[i], 'summary.csv')).find((r) => r.scope === 'run' && r.figure === figure)?.value;

  test('run.json and node_autoscaler.csv name the node autoscaler', () => {
    VARIANTS.forEach(([, name, column], i) => {
      expect(JSON.parse(fs.readFileSync(path.join(dirs[i], 'run.json'), 'utf8')).nodeAutoscaler).toBe(name);
      expect(new Set(readCsv(path.join(dirs[i], 'node_autoscaler.csv')).map((r) => r.autoscaler))).toEqual(new Set([column]));
    });
  });

  test('Cluster Autoscaler: waits one loop, then 5 c-8x nodes (least-waste), Ready at 190 s', () => {
    // 120 s: the pods are "very new" (no scale-up); 130 s: binpacking 7 pods per c-8x (7900m) → ceil(34 / 7) = 5
    // nodes, waste 1 − 34000 / 39500 = 0.14, against 12 c-4x (3 pods each: ceil(34 / 3)), waste 1 − 34000 / 46800
    // = 0.27: least-waste picks c-8x. Ready at 130 + 60 = 190 s: the longest wait 190 − 120 = 70 s.
    const up = readCsv(path.join(dirs[0], 'node_autoscaler.csv')).filter((r) => r.action === 'scale-up');
    expect(up.map((r) => [r.time_s, r.group, r.from, r.to])).toEqual([['130.000000', 'large', '0', '5']]);
    expect([fig(0, 'nodes_added'), fig(0, 'peak_nodes'), fig(0, 'time_to_bound_seconds_max')]).toEqual(['5', '7', '70']);
  });

  test('the user module: 5 c-8x at once (cheapest per CPU: 0.38 / 7.9 < 0.20 / 3.9), Ready at 180 s', () => {
    // ceil(34000 / 7900) = 5 nodes at the loop of 120 s (loops run after the instant's scheduling); Ready at 180 s:
    // the longest wait 60 s; 2 + 5 = 7 nodes at the peak.
    const up = readCsv(path.join(dirs[2], 'node_autoscaler.csv')).filter((r) => r.action === 'scale-up');
    expect(up.map((r) => [r.time_s, r.group, r.from, r.to])).toEqual([['120.000000', 'large', '0', '5']]);
    expect([fig(2, 'nodes_added'), fig(2, 'peak_nodes'), fig(2, 'time_to_bound_seconds_max')]).toEqual(['5', '7', '60']);
  });

  test('SimpleReactive: summed requests under-count what fits, so it adds in three rounds', () => {
    // 120 s: ceil(34000 / 3900) = 9 c-4x, but each holds 3 pods: 27 placed, 7 pending at 180 s (Ready) → ceil(7000 /
    // 3900) = 2 more, holding 6; 1 pending at 240 s → 1 more, Ready at 300 s: the longest wait 300 − 120 = 180 s.
    // Nodes: 2 + 9 + 2 + 1 = 14.
    const up = readCsv(path.join(dirs[3], 'node_autoscaler.csv')).filter((r) => r.action === 'scale-up');
    expect(up.map((r) => [r.time_s, r.from, r.to])).toEqual([['120.000000', '2', '11'], ['180.000000', '11', '13'], ['240.000000', '13', '14']]);
    expect([fig(3, 'nodes_added'), fig(3, 'peak_nodes'), fig(3, 'time_to_bound_seconds_max')]).toEqual(['12', '14', '180']);
  });

  test('Karpenter: a 1 s batch, Ready 36 s after the launch', () => {
    // The batch closes 1 s after the pods (batchIdleDuration): launch at 121 s, Ready at 121 + 36 = 157 s: 37 s.
    expect(fig(1, 'time_to_bound_seconds_max')).toBe('37');
  });

  test('k8sim compare labels each run with its node autoscaler', () => {
    const r = k8sim(['compare', ...dirs]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const header = r.stdout.split('\n')[0].split(/ {2,}/);
    expect(header).toEqual(['scope', 'object', 'figure', ...VARIANTS.map(([file, name]) => `${file} (nodes: ${name})`)]);
    for (const figure of ['cost_usd', 'node_hours', 'peak_nodes', 'nodes_added', 'nodes_removed', 'time_to_bound_seconds_max']) {
      expect(r.stdout).toMatch(new RegExp(`^run +${figure} `, 'm'));
    }
  });
});

describe('a user node autoscaler policy that fails at run time', () => {
  test('a throwing decide stops the run: one line naming the policy and the time, exit 2', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'policies'));
    fs.writeFileSync(path.join(dir, 'policies', 'boom.js'), "exports.decide = () => { throw new Error('boom'); };\n");
    const sim = fs.readFileSync(path.join(EXAMPLE, 'user-policy.yaml'), 'utf8').replace('./policies/cheapest-per-cpu.js', './policies/boom.js').replace('parameters: {emptyFor: 300}', 'parameters: {}');
    fs.writeFileSync(path.join(dir, 'sim.yaml'), sim);
    const r = k8sim(['run', `${EXAMPLE}/base`, path.join(dir, 'sim.yaml'), '--out', path.join(dir, 'out'), '--quiet']);
    expect(r.code).toBe(2);
    // The first loop runs at t = 0; the module exports no name, so its path names it. The class and the module's own
    // line and column (1:32, the `new Error` after `exports.decide = () => { throw `), never the message 'boom'.
    expect(r.stderr).toBe('k8sim: error: node autoscaler policy ./policies/boom.js at t=0.000s: decide threw Error (at boom.js:1:32)\n');
  });
});
