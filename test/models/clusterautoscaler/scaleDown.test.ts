/**
 * Scale-down end to end through the Simulation on the fake cloud: vectors CA-12 (unneeded timer, drain, events),
 * CA-13 (empty nodes in bulk, parallelism), CA-16 (unremovable recheck; cooldown after a scale-up elsewhere).
 * Node names: a pool's nodes are `<prefix>-1`, `-2`, …; the vectors' A, B, C are ng-a-1, ng-a-2, ng-a-3.
 */
import { seconds } from '../../../engine/time';
import { caEvents, deployment, exitOnSigterm, onNode, rows, runCa, scenario } from './harness';

const TIMER = 'frequentLoopsEnabled: false';
const POOL_ABC = '{namePrefix: ng-a, count: 3, min: 1, max: 10, cpu: 4, memory: 10000Mi}';
// A uses 3000m (0.75), C 2400m (0.6): both NotUnderutilized. B runs b1, b2 (600m/1000Mi each) and b3 (1500m/2000Mi)
// until b3 goes at 95. b1 and b2 prefer B; their containers exit 12 s after SIGTERM.
const CA12_DOCS = [
  deployment('fill-a', 1, '3', '1Gi', { nodeSelector: onNode('ng-a-1') }),
  deployment('fill-c', 1, '2400m', '1Gi', { nodeSelector: onNode('ng-a-3') }),
  deployment('b', 2, '600m', '1000Mi', { affinity: "{nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100, preference: {matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [ng-a-2]}]}}]}}" }),
  deployment('b3', 1, '1500m', '2000Mi', { nodeSelector: onNode('ng-a-2') }),
  exitOnSigterm('b', '12s'),
];
const B3_GONE = '{at: 95s, action: scale, target: deploy/b3, replicas: 0}';

describe('CA-12 unneeded for 10 minutes, then drained and removed', () => {
  const yaml = scenario({ pools: [POOL_ABC], ca: `{${TIMER}}`, docs: CA12_DOCS, timeline: [B3_GONE] });
  it('CA-12 B unneeded since 100 with the soft taint; removable at 710 (100 + 600 < 710), not 700', () => {
    const { sim, ca } = runCa(yaml);
    sim.runUntil(seconds(700));
    expect([...ca.unneededSince()]).toEqual([['ng-a-2', seconds(100)]]);
    expect(sim.ctx.store.getNode('ng-a-2')!.spec.taints.map((t) => `${t.key}:${t.effect}`)).toEqual(['DeletionCandidateOfClusterAutoscaler:PreferNoSchedule']);
  });
  it('CA-12 events and times: taint at 710, evictions at 715, pods gone at 727, node deleted at 730', () => {
    const { sim, rec } = runCa(yaml);
    sim.runUntil(seconds(800));
    const ev = caEvents(rec).map((e) => e.replace(/b-[a-z0-9]+-[a-z0-9]+/g, 'b-x'));
    expect(ev).toEqual([
      '710 Normal ScaleDown Node/ng-a-2: marked the node as toBeDeleted/unschedulable',
      '710 Normal ScaleDown ConfigMap/cluster-autoscaler-status: Scale-down: removing node ng-a-2, utilization: {0.3 0.2 0 0 cpu 0.3}, pods to reschedule: b-x,b-x',
      '715 Normal ScaleDown Pod/b-x: deleting pod for node scale down',
      '715 Normal ScaleDown Pod/b-x: deleting pod for node scale down',
      '730 Normal ScaleDown Node/ng-a-2: nodes removed by cluster autoscaler',
      '730 Normal ScaleDown ConfigMap/cluster-autoscaler-status: Scale-down: node ng-a-2 removed with drain',
    ]);
    expect(rows(rec).filter((r) => !r.includes('unneeded'))).toEqual(['710 scale-down ng-a ng-a-2 ->', '730 node-removed ng-a ng-a-2 3->2']);
    expect(rec.nodeAutoscalerRows.find((r) => r.action === 'unneeded')).toMatchObject({ time: seconds(100), node: 'ng-a-2' });
    expect(sim.ctx.store.getNode('ng-a-2')).toBeUndefined();
    // b1 and b2 leave the API at 727 (evicted at 715, their containers exit 12 s after SIGTERM).
    const deleted = rec.pods.filter((r) => r.pod.startsWith('b-') && r.status === 'Deleted' && r.container === '').map((r) => r.time);
    expect(deleted).toEqual([seconds(727), seconds(727)]);
  });
  it('CA-12 the evictions ask for grace 30 s (min(terminationGracePeriodSeconds 30, max-graceful-termination-sec 600))', () => {
    const { sim } = runCa(yaml);
    sim.runUntil(seconds(715));
    const evicted = [...sim.ctx.store.list('Pod')].filter((p) => p.metadata.name.startsWith('b-') && p.metadata.deletionTimestamp !== undefined);
    expect(evicted.map((p) => p.metadata.deletionGracePeriod)).toEqual([seconds(30), seconds(30)]);
    expect(evicted.every((p) => p.status.conditions.some((c) => c.type === 'DisruptionTarget' && c.reason === 'EvictionByEvictionAPI'))).toBe(true);
  });
});

describe('CA-13 empty nodes in bulk', () => {
  // 12 nodes, each running one pod of `w` until 95 (then empty): unneeded since 100.
  const yaml = scenario({
    pools: ['{namePrefix: e, count: 12, min: 0, max: 20, cpu: 4, memory: 16Gi}'],
    ca: `{${TIMER}}`,
    docs: [deployment('w', 12, '3', '1Gi', { affinity: '{podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: w}}, topologyKey: kubernetes.io/hostname}]}}' })],
    timeline: ['{at: 95s, action: scale, target: deploy/w, replicas: 0}'],
  });
  it('CA-13 10 at 710 (parallelism 10), deleted at 715; e11 and e12 at 720, gone at 725', () => {
    const { sim, rec } = runCa(yaml);
    sim.runUntil(seconds(800));
    const removed = rows(rec, 'node-removed');
    expect(removed).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `715 node-removed e e-${i + 1} ${12 - i}->${11 - i}`),
      '725 node-removed e e-11 2->1',
      '725 node-removed e e-12 1->0',
    ]);
    const ev = caEvents(rec, seconds(710), seconds(715));
    expect(ev.slice(0, 2)).toEqual(['710 Normal ScaleDownEmpty ConfigMap/cluster-autoscaler-status: Scale-down: removing empty node "e-1"', '710 Normal ScaleDown Node/e-1: marked the node as toBeDeleted/unschedulable']);
    // From the 11th similar event in 10 minutes on one object, client-go's aggregator (as upstream's recorder) prefixes
    // "(combined from similar events): ", so the ConfigMap's "removed" messages carry it here.
    expect(ev.filter((e) => e.startsWith('715 ')).slice(0, 2)).toEqual([
      '715 Normal ScaleDown Node/e-1: nodes removed by cluster autoscaler',
      '715 Normal ScaleDownEmpty ConfigMap/cluster-autoscaler-status: (combined from similar events): Scale-down: empty node e-1 removed',
    ]);
  });
});

describe('CA-16 recheck and cooldown', () => {
  it('CA-16 a: D blocked by an unreplicated pod at 100, rechecked at 400, empty → removed at 1010/1015', () => {
    // D = ng-a-3: the bare pod heavy (3000m) until 95, and the bare pod u until 150 (bare pods: the scheduler binds
    // them first at t = 0, so no loop sees u alone before 100). A and B are kept busy (3000m).
    const yaml = scenario({
      pools: [POOL_ABC],
      ca: `{${TIMER}}`,
      docs: [
        deployment('fill-a', 1, '3', '1Gi', { nodeSelector: onNode('ng-a-1') }),
        deployment('fill-b', 1, '3', '1Gi', { nodeSelector: onNode('ng-a-2') }),
        ['apiVersion: v1', 'kind: Pod', 'metadata: {name: heavy}', 'spec:', `  nodeSelector: ${onNode('ng-a-3')}`, '  containers: [{name: c, image: u, resources: {requests: {cpu: 3, memory: 100Mi}}}]'].join('\n'),
        ['apiVersion: v1', 'kind: Pod', 'metadata: {name: u}', 'spec:', `  nodeSelector: ${onNode('ng-a-3')}`, '  containers: [{name: c, image: u, resources: {requests: {cpu: 100m, memory: 100Mi}}}]'].join('\n'),
      ],
      timeline: ['{at: 95s, action: deletePod, pod: heavy}', '{at: 150s, action: deletePod, pod: u}'],
    });
    const { sim, rec, ca } = runCa(yaml);
    sim.runUntil(seconds(390));
    expect([...ca.unneededSince()]).toEqual([]);
    sim.runUntil(seconds(400));
    expect([...ca.unneededSince()]).toEqual([['ng-a-3', seconds(400)]]);
    sim.runUntil(seconds(1100));
    expect(caEvents(rec).filter((e) => e.includes('ConfigMap'))).toEqual([
      '1010 Normal ScaleDownEmpty ConfigMap/cluster-autoscaler-status: Scale-down: removing empty node "ng-a-3"',
      '1015 Normal ScaleDownEmpty ConfigMap/cluster-autoscaler-status: Scale-down: empty node ng-a-3 removed',
    ]);
  });
  it('CA-16 b: a scale-up of another group at 400 delays B of CA-12 to 1000 (400 + 600 > now until 1000)', () => {
    const yaml = scenario({
      pools: [POOL_ABC, '{namePrefix: ng-x, count: 0, min: 0, max: 1, cpu: 4, memory: 16Gi, labels: {pool: x}}'],
      ca: `{${TIMER}}`,
      docs: [...CA12_DOCS, deployment('x', 0, '1', '1Gi', { nodeSelector: '{pool: x}' })],
      timeline: [B3_GONE, '{at: 391s, action: scale, target: deploy/x, replicas: 1}'],
    });
    const { sim, rec } = runCa(yaml);
    sim.runUntil(seconds(1100));
    expect(rows(rec).filter((r) => r.includes('scale-up') || r.includes('scale-down '))).toEqual(['400 scale-up ng-x  0->1', '1000 scale-down ng-a ng-a-2 ->']);
  });
});

describe('CA-14 node level and determinism', () => {
  const yaml = scenario({ pools: [POOL_ABC], ca: `{${TIMER}}`, docs: CA12_DOCS, timeline: [B3_GONE] });
  it('CA-14 node annotation scale-down-disabled: "true" → B never unneeded', () => {
    const { sim, rec } = runCa(yaml);
    const b = sim.ctx.store.getNode('ng-a-2')!;
    b.metadata.annotations = { 'cluster-autoscaler.kubernetes.io/scale-down-disabled': 'true' };
    sim.runUntil(seconds(800));
    expect(rows(rec)).toEqual([]);
  });
  it('the same scenario twice gives identical node_autoscaler rows and events', () => {
    const run = () => {
      const { sim, rec } = runCa(yaml);
      sim.runUntil(seconds(800));
      return JSON.stringify([rec.nodeAutoscalerRows, rec.events]);
    };
    expect(run()).toBe(run());
  });
});
