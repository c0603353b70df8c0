/**
 * Scale-up end to end through the Simulation, on the fake cloud: vectors CA-01 (age gates, the trigger), CA-02
 * (binpacking, events, upcoming nodes), CA-06 (NotTriggerScaleUp reasons and the spam filter), CA-07
 * (max-nodes-total), CA-09 (timeout and backoff), CA-17 (status).
 */
import { seconds } from '../../../engine/time';
import { caEvents, deployment, rows, runCa, scenario } from './harness';
import { load } from '../../scenarios/helpers';
import { MemoryRecorder } from '../../../models/recorder';
import { Simulation } from '../../../models/simulation';

// "loops: timer" = no unschedulable-pod trigger and no immediate loops: frequentLoopsEnabled false.
const TIMER = 'frequentLoopsEnabled: false';
const NG_A = '{namePrefix: ng-a, count: 1, min: 1, max: 10, cpu: 4, memory: 16Gi}';
// The node is full: a 4000m pod on it from t = 0.
const FILLER = deployment('filler', 1, '4', '1Gi');

describe('CA-01 age gates and the loop trigger', () => {
  const build = (ca: string, timeline: string[], extraDocs: string[] = []) =>
    scenario({ pools: [NG_A], ca: `{${ca}}`, docs: [FILLER, deployment('app', 0, '1', '1Gi'), ...extraDocs], timeline });
  const P_AT_3 = ['{at: 3s, action: scale, target: deploy/app, replicas: 1}'];
  it.each([
    // a: at t=10 p is 7 s old (> 0 s) and 3 + 2 <= 10: scale-up 1 -> 2.
    ['a', build(TIMER, P_AT_3), 10],
    // b: the trigger fires at 3: all pods new (3 + 2 > 3), the timer restarts at 3 -> 13.
    ['b', build('', P_AT_3), 13],
    // c: age must be > 20 s: 7 and 17 fail, 27 passes at t=30.
    ['c', build(`${TIMER}, newPodScaleUpDelay: 20s`, P_AT_3), 30],
  ])('CA-01 %s: the scale-up time', (_id, yaml, at) => {
    const { sim, rec } = runCa(yaml);
    sim.runUntil(seconds(40));
    expect(rows(rec, 'scale-up')).toEqual([`${at} scale-up ng-a  1->2`]);
  });
  it('CA-01 b: the loop at 3 finds the pods very new and skips scale-down', () => {
    const { sim, rec } = runCa(build('', P_AT_3));
    sim.runUntil(seconds(12));
    expect(rows(rec)).toEqual(['3 no-scale-up   ->']);
    expect(rec.nodeAutoscalerRows[0].reason).toBe('Unschedulable pods are very new, waiting one iteration for more');
  });
  it('CA-01 d: q (created 9.5) passes the age filter; the 2 s buffer looks at the oldest pod only; events', () => {
    const { sim, rec } = runCa(build(TIMER, ['{at: 3s, action: scale, target: deploy/app, replicas: 1}', '{at: 9.5s, action: scale, target: deploy/app, replicas: 2}']));
    sim.runUntil(seconds(10));
    expect(rows(rec, 'scale-up')).toEqual(['10 scale-up ng-a  1->2']);
    expect(rec.nodeAutoscalerRows.find((r) => r.action === 'scale-up')!.pods.split(' ')).toHaveLength(2);
    const ev = caEvents(rec);
    expect(ev.slice(0, 2)).toEqual([
      '10 Normal ScaledUpGroup ConfigMap/cluster-autoscaler-status: Scale-up: setting group ng-a size to 2 instead of 1 (max: 10)',
      '10 Normal ScaledUpGroup ConfigMap/cluster-autoscaler-status: Scale-up: group ng-a size set to 2 instead of 1 (max: 10)',
    ]);
    expect(ev.slice(2).map((e) => e.replace(/Pod\/app-[a-z0-9-]+/, 'Pod/<p>'))).toEqual([
      '10 Normal TriggeredScaleUp Pod/<p>: pod triggered scale-up: [{ng-a 1->2 (max: 10)}]',
      '10 Normal TriggeredScaleUp Pod/<p>: pod triggered scale-up: [{ng-a 1->2 (max: 10)}]',
    ]);
  });
});

const DAEMONSET = [
  'apiVersion: apps/v1',
  'kind: DaemonSet',
  'metadata: {name: agent}',
  'spec:',
  '  selector: {matchLabels: {app: agent}}',
  '  template:',
  '    metadata: {labels: {app: agent}}',
  '    spec: {containers: [{name: c, image: agent, resources: {requests: {cpu: 200m, memory: 256Mi}}}]}',
].join('\n');

describe('CA-02 binpacking with a DaemonSet pod per node', () => {
  // Two full nodes (200m agent + 3800m filler each); p1..p7 (1000m/1Gi) created at 1.
  const yaml = scenario({
    pools: ['{namePrefix: ng-a, count: 2, min: 1, max: 10, cpu: 4, memory: 16Gi}'],
    ca: `{${TIMER}}`,
    docs: [DAEMONSET, deployment('filler', 2, '3800m', '1Gi'), deployment('app', 0, '1', '1Gi')],
    timeline: ['{at: 1s, action: scale, target: deploy/app, replicas: 7}'],
  });
  it('CA-02 scale-up at 10 from 2 to 5 (free 3800m per template node: 3 pods each → 3 nodes), events, no later scale-up', () => {
    const { sim, rec } = runCa(yaml, { registered: 40, ready: 60 });
    sim.runUntil(seconds(200));
    expect(rows(rec, 'scale-up')).toEqual(['10 scale-up ng-a  2->5']);
    const ev = caEvents(rec).map((e) => e.replace(/Pod\/app-[a-z0-9-]+/, 'Pod/<p>'));
    expect(ev).toEqual([
      '10 Normal ScaledUpGroup ConfigMap/cluster-autoscaler-status: Scale-up: setting group ng-a size to 5 instead of 2 (max: 10)',
      '10 Normal ScaledUpGroup ConfigMap/cluster-autoscaler-status: Scale-up: group ng-a size set to 5 instead of 2 (max: 10)',
      ...Array.from({ length: 7 }, () => '10 Normal TriggeredScaleUp Pod/<p>: pod triggered scale-up: [{ng-a 2->5 (max: 10)}]'),
    ]);
  });
  it('CA-02 nodes Ready and pods bound at 70 (10 + 60): time to bound 69 s', () => {
    const { sim, rec } = runCa(yaml, { registered: 40, ready: 60 });
    sim.runUntil(seconds(200));
    const bound = new Map<string, number>();
    for (const r of rec.pods) if (r.pod.startsWith('app-') && r.node !== '' && !bound.has(r.pod)) bound.set(r.pod, r.time);
    expect(bound.size).toBe(7);
    expect([...new Set(bound.values())]).toEqual([seconds(70)]);
  });
  it('CA-17 status at t=20: scale-up in progress, 3 unregistered', () => {
    const { sim, ca } = runCa(yaml, { registered: 40, ready: 60 });
    sim.runUntil(seconds(20));
    const st = ca.status(seconds(20));
    expect(st.autoscalerStatus).toBe('Running');
    expect(st.clusterWide.health).toEqual({ status: 'Healthy', nodeCounts: { registered: { total: 2, ready: 2, notStarted: 0, unready: 0 }, unregistered: 3 } });
    expect(st.clusterWide.scaleUp.status).toBe('InProgress');
    expect(st.clusterWide.scaleDown.status).toBe('NoCandidates');
    expect(st.nodeGroups).toEqual([{ name: 'ng-a', health: { status: 'Healthy', cloudProviderTarget: 5, minSize: 1, maxSize: 10 }, scaleUp: 'InProgress' }]);
    // After the 3 nodes are Ready (t=70): NoActivity, 5 ready.
    sim.runUntil(seconds(80));
    const later = ca.status(seconds(80));
    expect([later.nodeGroups[0].scaleUp, later.clusterWide.health.nodeCounts.registered.ready]).toEqual(['NoActivity', 5]);
  });
});

describe('CA-06 no group fits: NotTriggerScaleUp reasons and the 300 s spam filter', () => {
  const yaml = scenario({
    pools: [
      // min 3 keeps the empty small nodes (the vector is about scale-up only).
      '{namePrefix: ng-small, count: 3, min: 3, max: 10, cpu: 4, memory: 16Gi}',
      '{namePrefix: ng-big, count: 5, min: 0, max: 5, cpu: 8, memory: 32Gi}',
      '{namePrefix: ng-gpu, count: 0, min: 0, max: 5, cpu: 8, memory: 32Gi, taints: [{key: dedicated, value: gpu, effect: NoSchedule}]}',
    ],
    ca: `{${TIMER}}`,
    // The big nodes are full (7000m each); p (6000m/1Gi) fits no node.
    docs: [deployment('filler', 5, '7', '1Gi'), deployment('p', 0, '6', '1Gi')],
    timeline: ['{at: 1s, action: scale, target: deploy/p, replicas: 1}'],
  });
  it('CA-06 emitted at 10, 310, 610 with the sorted reasons; no scale-up', () => {
    const { sim, rec } = runCa(yaml);
    sim.runUntil(seconds(700));
    expect(rows(rec, 'scale-up')).toEqual([]);
    expect(caEvents(rec).map((e) => e.replace(/Pod\/p-[a-z0-9-]+/, 'Pod/p'))).toEqual(
      [10, 310, 610].map((t) => `${t} Normal NotTriggerScaleUp Pod/p: pod didn't trigger scale-up: 1 Insufficient cpu, 1 max node group size reached, 1 node(s) had untolerated taint {dedicated: gpu}`),
    );
  });
});

describe('CA-07 max-nodes-total', () => {
  const yaml = scenario({
    pools: ['{namePrefix: ng-a, count: 2, min: 1, max: 10, cpu: 4, memory: 16Gi}'],
    ca: `{${TIMER}, maxNodesTotal: 3}`,
    docs: [deployment('filler', 2, '3500m', '1Gi'), deployment('p', 0, '3500m', '1Gi')],
    timeline: ['{at: 1s, action: scale, target: deploy/p, replicas: 3}'],
  });
  it('CA-07 one node at 10 (limit 3 − 2); nothing 20..60; at 70 MaxNodesTotalReached and NotTriggerScaleUp for the two left', () => {
    const { sim, rec } = runCa(yaml, { registered: 35, ready: 55 });
    sim.runUntil(seconds(75));
    expect(rows(rec, 'scale-up')).toEqual(['10 scale-up ng-a  2->3']);
    const ev = caEvents(rec).map((e) => e.replace(/Pod\/p-[a-z0-9-]+/, 'Pod/p'));
    expect(ev).toEqual([
      '10 Normal ScaledUpGroup ConfigMap/cluster-autoscaler-status: Scale-up: setting group ng-a size to 3 instead of 2 (max: 10)',
      '10 Normal ScaledUpGroup ConfigMap/cluster-autoscaler-status: Scale-up: group ng-a size set to 3 instead of 2 (max: 10)',
      '10 Normal TriggeredScaleUp Pod/p: pod triggered scale-up: [{ng-a 2->3 (max: 10)}]',
      '70 Warning MaxNodesTotalReached ConfigMap/cluster-autoscaler-status: Max total nodes in cluster reached: 3',
      "70 Normal NotTriggerScaleUp Pod/p: pod didn't trigger scale-up: max total nodes in cluster reached",
      "70 Normal NotTriggerScaleUp Pod/p: pod didn't trigger scale-up: max total nodes in cluster reached",
    ]);
  });
});

describe('CA-09 provisioning timeout and backoff (the cloud never delivers)', () => {
  const yaml = scenario({
    pools: [NG_A],
    ca: `{${TIMER}}`,
    docs: [FILLER, deployment('app', 0, '1', '1Gi')],
    timeline: ['{at: 1s, action: scale, target: deploy/app, replicas: 1}'],
    duration: '3h',
  });
  it('CA-09 timeline: scale-ups at 10, 1230, 2750, 4870; timeouts at 920, 2140, 3660, 5780', () => {
    const { sim, rec } = runCa(yaml, null);
    sim.runUntil(seconds(6000));
    expect(rows(rec).filter((r) => !r.includes('no-scale-up'))).toEqual([
      '10 scale-up ng-a  1->2',
      '920 scale-up-timeout ng-a  2->1',
      '1230 scale-up ng-a  1->2',
      '2140 scale-up-timeout ng-a  2->1',
      '2750 scale-up ng-a  1->2',
      '3660 scale-up-timeout ng-a  2->1',
      '4870 scale-up ng-a  1->2',
      '5780 scale-up-timeout ng-a  2->1',
    ]);
  });
  it('CA-09 events at 920 and 1220', () => {
    const { sim, rec } = runCa(yaml, null);
    sim.runUntil(seconds(1225));
    const ev = caEvents(rec, seconds(900)).map((e) => e.replace(/Pod\/app-[a-z0-9-]+/, 'Pod/p'));
    expect(ev).toEqual([
      '920 Warning ScaleUpTimedOut ConfigMap/cluster-autoscaler-status: Nodes added to group ng-a failed to register within 15m10s',
      "920 Normal NotTriggerScaleUp Pod/p: pod didn't trigger scale-up: 1 in backoff after failed scale-up",
      "1220 Normal NotTriggerScaleUp Pod/p: pod didn't trigger scale-up: 1 in backoff after failed scale-up",
    ]);
  });
});

describe('CA-08 z balancing similar groups end to end', () => {
  // Three groups alike but for the zone; every node full (3500m of 4000m); seven 3000m pods need 7 nodes.
  const pool = (z: string, n: number) => `{namePrefix: ${z}, count: ${n}, min: 0, max: 10, cpu: 4, memory: 16Gi, zone: ${z}}`;
  const yaml = scenario({
    pools: [pool('zone-a', 2), pool('zone-b', 2), pool('zone-c', 4)],
    ca: `{${TIMER}, balanceSimilarNodeGroups: true}`,
    docs: [deployment('filler', 8, '3500m', '1Gi'), deployment('app', 0, '3', '1Gi')],
    timeline: ['{at: 1s, action: scale, target: deploy/app, replicas: 7}'],
  });
  it('CA-08 z: a 2->5, b 2->5, c 4->5 (a3 b3 a4 b4 a5 b5 c5); one TriggeredScaleUp text with the infos by group id', () => {
    const { sim, rec } = runCa(yaml);
    sim.runUntil(seconds(10));
    expect(rows(rec, 'scale-up')).toEqual(['10 scale-up zone-a  2->5', '10 scale-up zone-b  2->5', '10 scale-up zone-c  4->5']);
    const triggered = caEvents(rec).filter((e) => e.includes('TriggeredScaleUp'));
    expect(triggered).toHaveLength(7);
    expect(new Set(triggered.map((e) => e.slice(e.indexOf(': ') + 2)))).toEqual(new Set(['pod triggered scale-up: [{zone-a 2->5 (max: 10)} {zone-b 2->5 (max: 10)} {zone-c 4->5 (max: 10)}]']));
  });
  it('without balancing: one group (least-waste tie → first by id) takes all 7', () => {
    const { sim, rec } = runCa(yaml.replace('balanceSimilarNodeGroups: true', 'balanceSimilarNodeGroups: false'));
    sim.runUntil(seconds(10));
    expect(rows(rec, 'scale-up')).toEqual(['10 scale-up zone-a  2->9']);
  });
});

describe('CA-10 cluster health end to end', () => {
  // 10 empty nodes (min 0, unneeded time 1 h so none goes): unneeded from the first loop. Nodes 1..5 go down at
  // 1000 s (older than max-node-startup-time 15 m, so not NotStarted); the node lifecycle marks them Unknown after
  // the grace period; 5 > 3 and 5 > 4.5 → unhealthy. They come back at 1300 s.
  const yaml = scenario({
    pools: ['{namePrefix: n, count: 10, min: 0, max: 20, cpu: 4, memory: 16Gi}'],
    ca: `{${TIMER}, scaleDownUnneededTime: 1h}`,
    timeline: [1, 2, 3, 4, 5].flatMap((i) => [`{at: 1000s, action: nodeDown, node: n-${i}}`, `{at: 1300s, action: nodeUp, node: n-${i}}`]),
  });
  it('CA-10 ClusterUnhealthy while 5 of 10 are unready; timers forgotten and restarted after recovery', () => {
    const { sim, rec, ca } = runCa(yaml);
    sim.runUntil(seconds(1010));
    expect(ca.unneededSince().get('n-10')).toBe(0);
    sim.runUntil(seconds(1290));
    const unhealthy = caEvents(rec).filter((e) => e.includes('ClusterUnhealthy'));
    expect(unhealthy.length).toBeGreaterThan(0);
    expect(unhealthy[0]).toMatch(/^\d+ Warning ClusterUnhealthy ConfigMap\/cluster-autoscaler-status: Cluster is unhealthy$/);
    expect(ca.unneededSince().size).toBe(0);
    expect(rows(rec, 'unhealthy')).toHaveLength(1);
    sim.runUntil(seconds(1320));
    // Healthy again from the loop at 1300 (nodes up at 1300, ACTION before CONTROLLER): n-10 unneeded since 1300.
    expect(ca.unneededSince().get('n-10')).toBe(seconds(1300));
  });
});

describe('launch failures (§2.8 instance creation errors)', () => {
  it('a failed launch: ScaleUpFailed at the next loop, target back, group backed off for 5 m', () => {
    const yaml = scenario({ pools: [NG_A], ca: `{${TIMER}}`, docs: [FILLER, deployment('app', 0, '1', '1Gi')], timeline: ['{at: 1s, action: scale, target: deploy/app, replicas: 1}'] });
    const config = load(yaml);
    const ca = config.clusterAutoscaler!;
    const fixed = (s: number) => ({ kind: 'fixed' as const, value: seconds(s) });
    const failing = { ...config, clusterAutoscaler: { ...ca, groups: ca.groups.map((g) => ({ ...g, provisioning: { registered: fixed(40), ready: fixed(60), failureProbability: 1, failureClass: 'OutOfResource' as const } })) } };
    const rec = new MemoryRecorder();
    const sim = new Simulation(failing, rec);
    sim.runUntil(seconds(400));
    // Launched at 10; the launch fails when it would have registered (50); the loop at 50 reports it: backoff until
    // 350, so the next scale-up is at 360; that launch fails at 400 (the cloud's event runs before the loop at 400).
    expect(rows(rec).filter((r) => !r.includes('no-scale-up'))).toEqual(['10 scale-up ng-a  1->2', '50 scale-up-failed ng-a  2->1', '360 scale-up ng-a  1->2', '400 scale-up-failed ng-a  2->1']);
    const failed = caEvents(rec).filter((e) => e.includes('ScaleUpFailed'));
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatch(/^50 Warning ScaleUpFailed ConfigMap\/cluster-autoscaler-status: Failed adding 1 nodes to group ng-a due to OutOfResource\.LaunchFailed; source errors: launch of 4000m-16384Mi \(on-demand\) for node ng-a-[a-z0-9]{5} failed$/);
  });
});
