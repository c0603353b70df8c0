/**
 * The Cluster Autoscaler's pure calculators from the vectors: backoff (CA-09), balancing (CA-08), utilization
 * (CA-11), cluster health (CA-10), min size on removal (CA-15), drainability (CA-14), binpacking (CA-02).
 */
import { ExponentialBackoff } from '../../../models/clusterautoscaler/backoff';
import { balanceScaleUpBetweenGroups } from '../../../models/clusterautoscaler/balancing';
import { calculateUtilization, formatUtilization, goFloat, type UtilizationPod } from '../../../models/clusterautoscaler/utilization';
import { isClusterHealthy } from '../../../models/clusterautoscaler/health';
import { applyMinSize, cropNodes, unneededNodesLimit, type RemovalCandidate } from '../../../models/clusterautoscaler/removal';
import { drainOutcome, type DrainPod } from '../../../models/clusterautoscaler/drainability';
import { estimate } from '../../../models/clusterautoscaler/estimator';
import { CLUSTER_AUTOSCALER_DEFAULTS as D } from '../../../models/clusterautoscaler/config';
import { micros, minutes, seconds, US_PER_HOUR } from '../../../engine/time';

describe('CA-09 backoff: 5 m, then doubled after each expiry, capped at 30 m', () => {
  const b = new ExponentialBackoff({ initial: D.initialNodeGroupBackoffDuration, max: D.maxNodeGroupBackoffDuration, resetTimeout: D.nodeGroupBackoffResetTimeout });
  // Failures at the vector's timeout loops: 920, 2140, 3660, 5780 → until 1220, 2740, 4860, 7580.
  it.each([
    [920, 1220],
    [2140, 2740],
    [3660, 4860],
    [5780, 7580],
  ])('CA-09 failure at %i s → backed off until %i s', (at, until) => {
    expect(b.backoff('ng-a', seconds(at))).toBe(seconds(until));
  });
  it('CA-09 until is inclusive: backed off at 7580, free at 7581 (1220 / 1230 in the first round)', () => {
    expect(b.isBackedOff('ng-a', seconds(7580))).toBe(true);
    expect(b.isBackedOff('ng-a', seconds(7581))).toBe(false);
  });
  it('CA-09 a failure more than 3 h after the previous one starts again at 5 m', () => {
    const later = seconds(5780 + 3 * 3600 + 1);
    expect(b.backoff('ng-a', later)).toBe(later + minutes(5));
  });
});

describe('CA-08 balancing (upstream TestBalanceUnderMaxSize; case z derived)', () => {
  const groups = [
    { group: 'ng1', currentSize: 1, maxSize: 10 },
    { group: 'ng2', currentSize: 3, maxSize: 10 },
    { group: 'ng3', currentSize: 5, maxSize: 10 },
    { group: 'ng4', currentSize: 5, maxSize: 10 },
  ];
  it.each([
    ['n1', 1, { ng1: 2 }],
    ['n2', 2, { ng1: 3 }],
    ['n4', 4, { ng1: 4, ng2: 4 }],
    // ng1 2, 3, 4 (then 4 > 3 moves on), ng2 4 (4 > 5 no: back to ng1), ng1 5.
    ['n5', 5, { ng1: 5, ng2: 4 }],
    ['n10', 10, { ng1: 6, ng2: 6, ng3: 6, ng4: 6 }],
  ])('CA-08 %s', (_id, n, want) => {
    const out = Object.fromEntries(balanceScaleUpBetweenGroups(groups, n).map((i) => [i.group, i.newSize]));
    expect(out).toEqual(want);
  });
  it('CA-08 z: a3 b3 a4 b4 a5 b5 c5', () => {
    const out = balanceScaleUpBetweenGroups([{ group: 'zone-a', currentSize: 2, maxSize: 10 }, { group: 'zone-b', currentSize: 2, maxSize: 10 }, { group: 'zone-c', currentSize: 4, maxSize: 10 }], 7);
    expect(out.map((i) => `${i.group} ${i.currentSize}->${i.newSize}`)).toEqual(['zone-a 2->5', 'zone-b 2->5', 'zone-c 4->5']);
  });
});

describe('CA-11 utilization (upstream TestCalculate)', () => {
  const pod = (cpu: number, mem: number, o: Partial<UtilizationPod> = {}): UtilizationPod => ({ cpuMilli: cpu, memoryBytes: mem, daemonSet: false, mirror: false, longTerminating: false, ...o });
  const p1 = pod(100, 200000);
  const p2 = pod(0, 0);
  const ds = pod(100, 200000, { daemonSet: true });
  const ds2 = pod(100, 200000, { daemonSet: true }); // annotated daemonset-pod "true": isDaemonSetPod
  const mirror = pod(100, 200000, { mirror: true });
  const term = pod(100, 200000, { longTerminating: true });
  const alloc = { cpuMilli: 2000, memoryBytes: 2000000 };
  const none = { ignoreDaemonsetsUtilization: false, ignoreMirrorPodsUtilization: false };
  it.each([
    // cpu 200/2000 = 0.1, mem 400000/2000000 = 0.2 → memory.
    ['no flags', [p1, p1, p2], none, 0.2],
    // mem 400000 / (2000000 − 400000).
    ['ignore DaemonSets', [p1, p1, p2, ds, ds2], { ...none, ignoreDaemonsetsUtilization: true }, 0.25],
    ['DaemonSet counted', [p1, p2, ds], none, 0.2],
    ['long-terminating ignored', [p1, p1, p2, term], none, 0.2],
    // 400000 / 1800000.
    ['ignore mirror', [p1, p1, p2, mirror], { ...none, ignoreMirrorPodsUtilization: true }, 400000 / 1800000],
    // 200000 / 1600000.
    ['ignore both', [p1, mirror, ds], { ignoreDaemonsetsUtilization: true, ignoreMirrorPodsUtilization: true }, 0.125],
  ])('CA-11 %s', (_n, pods, flags, want) => {
    expect(calculateUtilization(alloc, pods, flags).utilization).toBeCloseTo(want, 10);
  });
  it('CA-11 first case: cpu 0.1, memory 0.2, resource memory', () => {
    const u = calculateUtilization(alloc, [p1, p1, p2], none);
    expect([u.cpu, u.memory, u.resourceName]).toEqual([0.1, 0.2, 'memory']);
  });
  it('CA-12 the event rendering {0.3 0.2 0 0 cpu 0.3}', () => {
    const u = calculateUtilization({ cpuMilli: 4000, memoryBytes: 10000 }, [pod(600, 1000), pod(600, 1000)], none);
    expect(formatUtilization(u)).toBe('{0.3 0.2 0 0 cpu 0.3}');
    expect([goFloat(0.00001), goFloat(0.5), goFloat(0.0001)]).toEqual(['1e-05', '0.5', '0.0001']);
  });
});

describe('CA-10 cluster health', () => {
  it.each([
    [10, 3, true],
    [10, 4, true],
    [10, 5, false],
    // 5 NotReady of which 3 are NotStarted: unready 2.
    [10, 2, true],
  ])('CA-10 registered %i unready %i → healthy %s', (registered, unready, want) => {
    expect(isClusterHealthy(registered, unready, D)).toBe(want);
  });
});

describe('CA-15 min size when removing (upstream TestRemovableAt)', () => {
  const cands = (empty: number, drain: number): RemovalCandidate[] => [
    ...Array.from({ length: empty }, (_, i) => ({ node: `e${i}`, group: 'ng', empty: true })),
    ...Array.from({ length: drain }, (_, i) => ({ node: `d${i}`, group: 'ng', empty: false })),
  ];
  it.each([
    ['min size not reached', 3, 2, 10, 3, 2],
    ['min size reached for drain nodes', 3, 5, 10, 3, 4],
    ['min size reached for empty and drain', 3, 5, 5, 2, 0],
  ])('CA-15 %s', (_n, empty, drain, target, wantEmpty, wantDrain) => {
    const out = applyMinSize(cands(empty, drain), new Map([['ng', { size: target, minSize: 1, deletionsInProgress: 2 }]]));
    expect([out.empty.length, out.drain.length]).toEqual([wantEmpty, wantDrain]);
  });
  it('CA-15 scalability scenario 4: 300 underutilized of 1000, min 970 → 30 removed', () => {
    const out = applyMinSize(cands(0, 300), new Map([['ng', { size: 1000, minSize: 970, deletionsInProgress: 0 }]]));
    expect(out.drain.length).toBe(30);
  });
  it('CA-13 crop: 12 empty nodes, parallelism 10 → 10 now, 0 while 10 are in progress', () => {
    expect(cropNodes(cands(12, 0), [], D, { deletions: 0, drains: 0 }).empty.length).toBe(10);
    expect(cropNodes(cands(2, 0), [], D, { deletions: 10, drains: 0 }).empty.length).toBe(0);
    // unneededNodesLimit at the first loop: 0 + 2 × 10 = 20 ≥ 12.
    expect(unneededNodesLimit(0, 10, 600, 10)).toBe(20);
  });
});

describe('CA-14 drainability (upstream TestGetPodsToMove)', () => {
  const now = micros(2 * US_PER_HOUR);
  const base: DrainPod = { namespace: 'default', name: 'p', annotations: {}, mirror: false, longTerminating: false, controllerKind: 'ReplicaSet', controllerFound: true, controllerReplicas: 1, phase: 'Running', restartPolicy: 'Always', createdAt: now, localVolumes: [], pdbAllowed: [] };
  const safe = { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' };
  const cases: [string, Partial<DrainPod>, string][] = [
    ['Unreplicated pod', { controllerKind: undefined }, 'block NotReplicated'],
    ['Replicated pod', {}, 'drain'],
    ['Manifest pod', { mirror: true, controllerKind: undefined }, 'skip'],
    ['DaemonSet pod', { controllerKind: 'DaemonSet' }, 'daemonSet'],
    ['Kube-system', { namespace: 'kube-system' }, 'block UnmovableKubeSystemPod'],
    ['Kube-system no pdb system pods allowing', { namespace: 'kube-system', createdAt: micros(now - US_PER_HOUR - 1) }, 'drain'],
    ['Local storage', { localVolumes: ['scratch'] }, 'block LocalStorageRequested'],
    ['Non-local storage', { localVolumes: [] }, 'drain'],
    ['Pdb blocking', { pdbAllowed: [0] }, 'block NotEnoughPdb'],
    ['Pdb allowing', { pdbAllowed: [1] }, 'drain'],
    ['failed pod', { phase: 'Failed', controllerKind: undefined }, 'drain'],
    ['pod with PodSafeToEvict annotation', { controllerKind: undefined, annotations: safe }, 'drain'],
    ['kube-system pod with PodSafeToEvict annotation', { namespace: 'kube-system', annotations: safe }, 'drain'],
    ['pod with EmptyDir and PodSafeToEvict annotation', { localVolumes: ['scratch'], annotations: safe }, 'drain'],
    ['kube-system PDB with matching kube-system pod', { namespace: 'kube-system', pdbAllowed: [1] }, 'drain'],
    // A PDB of another namespace never matches the pod: it has none.
    ['default namespace PDB with matching labels kube-system pod', { namespace: 'kube-system', pdbAllowed: [] }, 'block UnmovableKubeSystemPod'],
    ['pod with safe-to-evict=on-completion annotation', { annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'on-completion' } }, 'block BlockedByOnCompletionPod'],
    ['safe-to-evict false', { annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' } }, 'block NotSafeToEvictAnnotation'],
    ['controller gone', { controllerFound: false }, 'block ControllerNotFound'],
    ['local volume listed in safe-to-evict-local-volumes', { localVolumes: ['scratch'], annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes': 'scratch' } }, 'drain'],
  ];
  it.each(cases)('CA-14 %s', (_desc, over, want) => {
    const o = drainOutcome({ ...base, ...over }, D, now);
    expect(o.kind === 'block' ? `block ${o.reason}` : o.kind).toBe(want);
  });
});

describe('CA-02 binpacking: 7 pods of 1000m on 4000m nodes with a 200m DaemonSet pod → 3 nodes', () => {
  it('CA-02 FFD: p1..p3 on node 1, p4..p6 on node 2, p7 on node 3', () => {
    // free per template node 4000 − 200 = 3800m: 3 pods each.
    const pods = Array.from({ length: 7 }, (_, i) => ({ name: `p${i + 1}`, cpu: 1000 }));
    const bins: { used: number; pods: string[] }[] = [];
    const out = estimate([{ pods, score: 0.3 }], {
      newBin: () => {
        const b = { used: 200, pods: [] as string[] };
        bins.push(b);
        return b;
      },
      fits: (p, b) => b.used + p.cpu <= 4000,
      place: (p, b) => {
        b.used += p.cpu;
        b.pods.push(p.name);
      },
    }, 1000);
    expect(out.nodeCount).toBe(3);
    expect(bins.map((b) => b.pods.join(','))).toEqual(['p1,p2,p3', 'p4,p5,p6', 'p7']);
  });
  it('a pod that does not fit an empty template node stops the group; the limiter caps nodes', () => {
    const ops = { newBin: () => ({ used: 0 }), fits: (p: { cpu: number }, b: { used: number }) => b.used + p.cpu <= 4000, place: (p: { cpu: number }, b: { used: number }) => void (b.used += p.cpu) };
    // The second 6000m pod meets the still-empty last node: stop (no second node is added).
    let added = 0;
    expect(estimate([{ pods: [{ cpu: 6000 }, { cpu: 6000 }], score: 1 }], { ...ops, newBin: () => (added++, { used: 0 }) }, 10)).toEqual({ nodeCount: 0, pods: [] });
    expect(added).toBe(1);
    // CA-07: limit 1 node, three 3500m pods → one node with one pod.
    expect(estimate([{ pods: [{ cpu: 3500 }, { cpu: 3500 }, { cpu: 3500 }], score: 1 }], ops, 1).nodeCount).toBe(1);
  });
});
void seconds;
