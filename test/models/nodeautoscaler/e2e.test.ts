/**
 * Node autoscaler policies end to end: a user's module (exporting only decide) loaded by the scenario loader and run
 * by the Simulation's runner — launches through the cloud, a removal drained through the eviction API under a PDB —
 * plus determinism (two runs, identical rows) and the located one-line errors of spec.nodeAutoscaler.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadScenario } from '../../../scenarios/load';
import { InputError } from '../../../scenarios/errors';
import { MemoryRecorder } from '../../../models/recorder';
import { Simulation } from '../../../models/simulation';
import { toSeconds } from '../../../engine/time';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-nodeautoscaler-'));

/**
 * The user's policy: while pods are pending and nothing is coming up, add ceil(pending CPU / template CPU) nodes to
 * the first group; at t ≥ 300 s remove node g-1 once.
 */
fs.writeFileSync(
  path.join(dir, 'mine.js'),
  `exports.name = 'mine';
exports.decide = function (input, history) {
  const g = input.groups[0];
  const coming = g.upcoming + input.nodes.filter((n) => n.group === g.name && !n.ready).length;
  const cpu = input.pendingPods.reduce((s, p) => s + p.requests.cpuMilli, 0);
  const add = cpu > 0 && coming === 0 ? [{ group: g.name, count: Math.ceil(cpu / g.templateAllocatable.cpuMilli) }] : [];
  const done = history === true;
  const remove = !done && input.now >= 300 ? [{ node: 'g-1' }] : [];
  return { add, remove, history: done || remove.length > 0, reason: add.length ? 'pending' : remove.length ? 'planned' : '' };
};
`,
);
fs.writeFileSync(path.join(dir, 'nodecide.js'), 'exports.name = "x";\n');

const SIM = (na: string, extra = '', minAvailable = 5) => `apiVersion: k8sim/v1alpha1
kind: Simulation
spec:
  seed: 3
  duration: 20m
  cloud:
    provisioning: {registered: 40s, ready: 60s}
    instanceTypes:
      - {name: c-4x, resources: {cpu: "4", memory: 16Gi}, offerings: [{Price: 0.2, Requirements: [{key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}, {key: topology.kubernetes.io/zone, operator: In, values: [zone-a]}]}]}
  nodePools:
    - {namePrefix: g, count: 1, instanceType: c-4x, zone: zone-a, min: 1, max: 4}
${extra}  nodeAutoscaler:
${na}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 6
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 0
      containers: [{name: web, image: nginx, resources: {requests: {cpu: "1", memory: 1Gi}}}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: ${minAvailable}
  selector: {matchLabels: {app: web}}
`;

function write(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

function run(file: string): MemoryRecorder {
  const rec = new MemoryRecorder();
  const sim = new Simulation(loadScenario([file]), rec);
  sim.runUntil(sim.scenario.duration);
  return rec;
}

describe('a user module through the runner', () => {
  const file = write('user.yaml', SIM('    policy: ./mine.js\n    interval: 10s'));
  const rec = run(file);
  const rows = rec.nodeAutoscalerRows.map((r) => [toSeconds(r.time), r.autoscaler, r.action, r.owner, r.node.replace(/^g-[a-z0-9]{5}$/, 'g-new'), r.from, r.to, r.reason]);

  test('launches, drains under the PDB, terminates', () => {
    // t = 0: g-1 (3900m allocatable = 4 CPU − 100m) holds 3 of the 6 one-CPU pods; 3 pending → ceil(3000 / 3900) = 1
    // node (target 1 → 2). It registers at 40 s and is Ready at 60 s; the 3 pods bind there.
    expect(rows[0]).toEqual([0, 'mine', 'scale-up', 'g', '', 1, 2, 'pending']);
    // t = 300: the planned removal of g-1 (target 2 → 1): cordoned, its 3 pods evicted. The PDB (minAvailable 5 of 6
    // Ready) allows 1 eviction; the others wait for the next loops, once the evicted pod's successor — pending, as
    // the new node is full (3 × 1000m of 3900m) — has a node and is Ready again.
    expect(rows[1]).toEqual([300, 'mine', 'scale-down', 'g', 'g-1', 2, 1, 'planned']);
    // t = 310: the evicted pod's successor is pending (the 3 other pods fill the new node): one more node (target
    // 1 → 2: g-1 no longer counts), Ready at 310 + 60 = 370, where the successor binds.
    expect(rows[2]).toEqual([310, 'mine', 'scale-up', 'g', '', 1, 2, 'pending']);
    // Once the successor is Ready the PDB counts 6 healthy again and the next loops evict g-1's two other pods, one
    // per loop (grace 0 s), whose successors fit on the third node; g-1 is terminated when empty, at 400 s.
    expect(rows[3]).toEqual([400, 'mine', 'node-removed', 'g', 'g-1', undefined, undefined, 'drained']);
    expect(rows).toHaveLength(4);
  });

  test('determinism: a second run gives the same rows, pods and nodes', () => {
    const again = run(file);
    expect(again.nodeAutoscalerRows).toEqual(rec.nodeAutoscalerRows);
    expect(again.pods).toEqual(rec.pods);
    expect(again.nodes).toEqual(rec.nodes);
  });
});

describe('a removal the PDB never allows', () => {
  test('the machine is terminated after maxGracefulTermination with its pods still there', () => {
    // minAvailable 6 of 6: every eviction is refused (429). Removal planned at 300 s; maxGracefulTermination 60 s:
    // the loop of 360 s (300 + 60) terminates g-1 with its 3 pods (pod GC deletes them later).
    const rec = run(write('pdb.yaml', SIM('    policy: ./mine.js\n    maxGracefulTermination: 60s', '', 6)));
    const removed = rec.nodeAutoscalerRows.filter((r) => r.action === 'node-removed').map((r) => [toSeconds(r.time), r.node, r.reason]);
    expect(removed).toEqual([[360, 'g-1', '3 pods still running after maxGracefulTermination']]);
  });
});

describe('spec.nodeAutoscaler: located one-line errors', () => {
  const cases: [string, string, string, RegExp][] = [
    ['an unknown built-in', '    policy: Magic', '', /user-err\.yaml:\d+: spec\.nodeAutoscaler\.policy: unknown node autoscaler "Magic": expected ClusterAutoscaler, Karpenter, SimpleReactive or a path to a \.js module/],
    ['a module without decide', '    policy: ./nodecide.js', '', /spec\.nodeAutoscaler\.policy: cannot load node autoscaler policy module .*nodecide\.js: \.\/nodecide\.js: expected the module to export createPolicy\(parameters\) or decide\(input, history\)/],
    ['a missing module', '    policy: ./missing.js', '', /spec\.nodeAutoscaler\.policy: cannot load node autoscaler policy module .*missing\.js: no such file: .*missing\.js/],
    ['interval 0', '    policy: SimpleReactive\n    interval: 0s', '', /spec\.nodeAutoscaler\.interval: /],
    ['with spec.clusterAutoscaler', '    policy: SimpleReactive', '  clusterAutoscaler: {}\n', /spec\.nodeAutoscaler: spec\.nodeAutoscaler and spec\.clusterAutoscaler are both set: choose one/],
    ['Karpenter without NodePools', '    policy: Karpenter', '', /spec\.nodeAutoscaler\.policy: policy Karpenter needs karpenter\.sh\/v1 NodePool documents in the scenario/],
    ['bad parameters', '    policy: SimpleReactive\n    parameters: {scaleDownAfter: soon}', '', /spec\.nodeAutoscaler\.parameters: policy SimpleReactive rejected its parameters: scaleDownAfter: expected a number of seconds ≥ 0, got "soon"/],
    ['a CA flag that does not exist', '    policy: ClusterAutoscaler\n    parameters: {scanEvery: 5s}', '', /spec\.nodeAutoscaler\.parameters\.scanEvery: unknown field/],
    ['no policy', '    interval: 10s', '', /spec\.nodeAutoscaler\.policy: required field is missing/],
  ];
  test.each(cases)('%s', (_name, na, extra, message) => {
    const file = write('user-err.yaml', SIM(na, extra));
    let msg = '';
    try {
      loadScenario([file]);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      msg = e.message;
    }
    expect(msg).toMatch(message);
    expect(msg.split('\n')).toHaveLength(1);
  });

  test('ClusterAutoscaler behind the switch is spec.clusterAutoscaler with its parameters; interval is the scan interval', () => {
    const s = loadScenario([write('ca.yaml', SIM('    policy: ClusterAutoscaler\n    interval: 20s\n    parameters: {scaleDownUnneededTime: 5m}'))]);
    expect(s.clusterAutoscaler?.settings.scanInterval).toBe(20_000_000);
    expect(s.clusterAutoscaler?.settings.scaleDownUnneededTime).toBe(300_000_000);
    expect(s.nodeAutoscalerName).toBe('ClusterAutoscaler');
    expect(s.nodeAutoscalerPolicy).toBeUndefined();
  });
});
