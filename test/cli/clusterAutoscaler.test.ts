/**
 * The Cluster Autoscaler through the real CLI (issue #10): bad input (min > max, an unknown expander) gets one
 * located line and exit 2; a run writes node_autoscaler.csv with its header and the scale-up row.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sim, readCsv, tempDir, tempFiles } from '../support/cli';

const scenarioFile = (text: string): string => path.join(tempFiles({ 'ca.yaml': text }), 'ca.yaml');

const sim = (pool: string, ca: string) => `apiVersion: k8sim/v1alpha1\nkind: Simulation\nmetadata: {name: ca}\nspec:\n  duration: 2m\n  nodePools: [${pool}]\n  clusterAutoscaler: ${ca}\n`;

test.each([
  ['min > max', sim('{namePrefix: ng, count: 1, min: 4, max: 2}', '{}'), /ca\.yaml:6: spec\.nodePools\[0\]\.min: min \(4\) is greater than max \(2\)/],
  ['unknown expander', sim('{namePrefix: ng, count: 1, min: 1, max: 2}', '{expander: cheapest}'), /ca\.yaml:7: spec\.clusterAutoscaler\.expander: unknown expander "cheapest"/],
])('%s → exit 2, one located line, no output', (_n, text, pattern) => {
  const out = path.join(tempDir(), 'out');
  const r = k8sim(['run', scenarioFile(text), '--out', out]);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(fs.existsSync(out)).toBe(false);
});

test('a run writes node_autoscaler.csv: one 4-CPU node full, 3 more 1-CPU pods → scale-up 1 → 2 at the loop after the pods are 2 s old', () => {
  // The pods are created and fail at t = 0; the first loop (t = 0) finds them very new; the timer loop at 10 s
  // scales ng up by one (3 × 1000m fit one 4000m template node).
  const deploy = (name: string, n: number, cpu: string) =>
    `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  replicas: ${n}\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x, resources: {requests: {cpu: ${cpu}, memory: 1Gi}}}]}\n`;
  const text = sim('{namePrefix: ng, count: 1, min: 1, max: 3, cpu: 4, memory: 16Gi}', '{}') + deploy('fill', 1, '4') + deploy('app', 3, '1');
  const out = path.join(tempDir(), 'out');
  const r = k8sim(['run', scenarioFile(text), '--out', out]);
  expect(r.code).toBe(0);
  const rows = readCsv(path.join(out, 'node_autoscaler.csv'));
  expect(Object.keys(rows[0])).toEqual(['time_s', 'autoscaler', 'action', 'group', 'node', 'from', 'to', 'reason', 'pods']);
  const up = rows.filter((x) => x.action === 'scale-up');
  expect(up.map((x) => [x.time_s, x.autoscaler, x.group, x.from, x.to])).toEqual([['10.000000', 'cluster-autoscaler', 'ng', '1', '2']]);
});

test('regression: a node group without its own provisioning comes up as spec.cloud.provisioning says (not a fixed 40 s / 60 s)', () => {
  // As the test above, with spec.cloud.provisioning {registered: 20s, ready: 30s}: the scale-up at 10 s launches
  // one node, registered at 10 + 20 = 30 s and Ready at 10 + 30 = 40 s (the pool's documented default is the
  // Simulation's spec.cloud.provisioning; before the fix the CA used 40 s / 60 s: 50 s and 70 s).
  const deploy = (name: string, n: number, cpu: string) =>
    `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  replicas: ${n}\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x, resources: {requests: {cpu: ${cpu}, memory: 1Gi}}}]}\n`;
  const text =
    sim('{namePrefix: ng, count: 1, min: 1, max: 3, cpu: 4, memory: 16Gi}', '{}') + '  cloud: {provisioning: {registered: 20s, ready: 30s}}\n' + deploy('fill', 1, '4') + deploy('app', 3, '1');
  const out = path.join(tempDir(), 'out');
  const r = k8sim(['run', scenarioFile(text), '--out', out]);
  expect(r.code).toBe(0);
  const rows = readCsv(path.join(out, 'nodes.csv')).filter((x) => x.reason === 'registered' || x.reason === 'ready');
  expect(rows.map((x) => [x.time_s, x.reason])).toEqual([
    ['30.000000', 'registered'],
    ['40.000000', 'ready'],
  ]);
});
