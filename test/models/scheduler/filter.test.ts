/**
 * Scheduler filters and the FailedScheduling message against TV-8.1 and TV-8.2 (kubernetes-vectors.md), plus
 * the plugin details: tolerations, the not-ready/unreachable taints, nodeName, cordon, pod count, unresolvable.
 */
import { computePodRequests, findUntoleratedTaint, toleratesTaint, type Taint, type Toleration } from '../../../models/scheduler/filter';
import { formatFitError, NO_NODES_AVAILABLE } from '../../../models/scheduler/fitError';
import { filterNode, fitErrorMessage, type SchedulerNode, type SchedulerPod } from './perNode';

const Gi = 1024 ** 3;
const Mi = 1024 ** 2;

const node = (name: string, over: Partial<SchedulerNode> = {}): SchedulerNode => ({
  name,
  labels: { 'kubernetes.io/hostname': name },
  unschedulable: false,
  taints: [],
  allocatable: { cpuMilli: 2000, memoryBytes: 8 * Gi, pods: 110 },
  requested: { cpuMilli: 0, memoryBytes: 0, pods: 0 },
  ...over,
});
const podReq = (cpuMilli: number, memoryBytes = 0, over: Partial<SchedulerPod> = {}): SchedulerPod => ({
  requests: { cpuMilli, memoryBytes },
  ...over,
});
const messageFor = (pod: SchedulerPod, nodes: SchedulerNode[]) => fitErrorMessage(nodes.map((n) => filterNode(pod, n)));

describe('TV-8.1 FailedScheduling messages', () => {
  test('3 workers with 1900m of 2000m requested, pod 500m', () => {
    const busy = { cpuMilli: 1900, memoryBytes: 0, pods: 5 };
    const nodes = ['node-1', 'node-2', 'node-3'].map((n) => node(n, { requested: busy }));
    expect(messageFor(podReq(500), nodes)).toBe(
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    );
  });

  test('control-plane taint (empty value) + 2 workers short of CPU, pod 500m without toleration', () => {
    const cp = node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
    const busy = { cpuMilli: 1900, memoryBytes: 0, pods: 5 };
    const nodes = [cp, node('w1', { requested: busy }), node('w2', { requested: busy })];
    expect(messageFor(podReq(500), nodes)).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
        'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  test('node-1 cordoned, node-2 short of memory, pod 1Gi', () => {
    const nodes = [
      node('node-1', { unschedulable: true }),
      node('node-2', { allocatable: { cpuMilli: 2000, memoryBytes: 2 * Gi, pods: 110 }, requested: { cpuMilli: 0, memoryBytes: 1.5 * Gi, pods: 3 } }),
    ];
    // 'I' (0x49) < 'n' (0x6e) and 'N' (0x4e) < 'P' (0x50)
    expect(messageFor(podReq(0, Gi), nodes)).toBe(
      '0/2 nodes are available: 1 Insufficient memory, 1 node(s) were unschedulable. ' +
        'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
    );
  });

  const selectorMsg =
    "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. " +
    'preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.';

  test('2 nodes without label disk=ssd, nodeSelector disk=ssd', () => {
    expect(messageFor(podReq(100, 0, { nodeSelector: { disk: 'ssd' } }), [node('a'), node('b')])).toBe(selectorMsg);
  });

  test('nodeSelector kubernetes.io/hostname: x and no node x: same text', () => {
    expect(messageFor(podReq(100, 0, { nodeSelector: { 'kubernetes.io/hostname': 'x' } }), [node('a'), node('b')])).toBe(selectorMsg);
  });

  test('without the preemption plugin there is no suffix; no nodes at all gives ErrNoNodesAvailable', () => {
    const nodes = [node('a', { unschedulable: true })];
    expect(fitErrorMessage(nodes.map((n) => filterNode(podReq(1), n)), { preemption: false })).toBe(
      '0/1 nodes are available: 1 node(s) were unschedulable.',
    );
    expect(fitErrorMessage([])).toBe(NO_NODES_AVAILABLE);
    expect(() => fitErrorMessage([{ fits: true }])).toThrow();
  });

  test('histogram counts every reason of a node and sorts as strings', () => {
    // as strings "1 z" < "10 x" < "2 y" (byte order, not numeric)
    const reasons = [...Array.from({ length: 10 }, () => ['x']), ['y'], ['y', 'z']];
    expect(formatFitError(12, reasons)).toBe('0/12 nodes are available: 1 z, 10 x, 2 y.');
  });
});

describe('TV-8.2 filter uses requests, not usage', () => {
  const n = node('n', { allocatable: { cpuMilli: 4000, memoryBytes: 8 * Gi, pods: 110 }, requested: { cpuMilli: 3600, memoryBytes: 0, pods: 4 } });
  test('500m does not fit in 4000m − 3600m (actual usage 200m is irrelevant)', () => {
    expect(filterNode(podReq(500), n)).toEqual({ fits: false, plugin: 'NodeResourcesFit', reasons: ['Insufficient cpu'], unresolvable: false });
  });
  test('a pod with no requests fits (the filter counts 0)', () => {
    expect(filterNode(podReq(0), n)).toEqual({ fits: true });
  });
  test('exactly the free amount fits (request > free fails, not >=)', () => {
    expect(filterNode(podReq(400), n).fits).toBe(true);
  });
});

describe('NodeResourcesFit details (fit.go fitsRequest)', () => {
  test('pods count is checked even for a pod without requests; Too many pods stays resolvable', () => {
    const full = node('n', { allocatable: { cpuMilli: 2000, memoryBytes: Gi, pods: 2 }, requested: { cpuMilli: 0, memoryBytes: 0, pods: 2 } });
    expect(filterNode(podReq(0), full)).toEqual({ fits: false, plugin: 'NodeResourcesFit', reasons: ['Too many pods'], unresolvable: false });
  });
  test('all insufficient resources are reported, in order pods, cpu, memory', () => {
    const full = node('n', { allocatable: { cpuMilli: 2000, memoryBytes: Gi, pods: 1 }, requested: { cpuMilli: 1500, memoryBytes: 900 * Mi, pods: 1 } });
    const s = filterNode(podReq(1000, 200 * Mi), full);
    expect(s).toEqual({ fits: false, plugin: 'NodeResourcesFit', reasons: ['Too many pods', 'Insufficient cpu', 'Insufficient memory'], unresolvable: false });
  });
  test('a request larger than the whole allocatable is UnschedulableAndUnresolvable (TV-12: 3 CPU on a 2 CPU node)', () => {
    const s = filterNode(podReq(3000), node('n'));
    expect(s).toEqual({ fits: false, plugin: 'NodeResourcesFit', reasons: ['Insufficient cpu'], unresolvable: true });
    expect(fitErrorMessage([s])).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
  });
});

describe('taints and tolerations (TaintToleration, NodeUnschedulable)', () => {
  const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
  const notReady: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };
  // DefaultTolerationSeconds admission adds these two to every pod
  const defaultTolerations: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ];

  test('the unreachable NoExecute taint is tolerated by the default tolerations, the NoSchedule variant is not', () => {
    expect(filterNode(podReq(100, 0, { tolerations: defaultTolerations }), node('n', { taints: [unreachable] })).fits).toBe(true);
    const s = filterNode(
      podReq(100, 0, { tolerations: defaultTolerations }),
      node('n', { taints: [unreachable, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }] }),
    );
    expect(s).toEqual({ fits: false, plugin: 'TaintToleration', reasons: ['node(s) had untolerated taint {node.kubernetes.io/unreachable: }'], unresolvable: true });
  });

  test('the first untolerated NoSchedule/NoExecute taint in node order is reported; PreferNoSchedule never filters', () => {
    const taints: Taint[] = [
      { key: 'soft', effect: 'PreferNoSchedule' },
      notReady,
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
    ];
    expect(findUntoleratedTaint(taints, [])).toBe(notReady);
    expect(findUntoleratedTaint(taints, [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }])).toEqual(taints[2]);
    const s = filterNode(podReq(1, 0, { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }] }), node('n', { taints }));
    expect(s).toMatchObject({ reasons: ['node(s) had untolerated taint {dedicated: gpu}'] });
  });

  test.each<[string, Toleration, Taint, boolean]>([
    ['Equal with the same value', { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }, { key: 'k', value: 'v', effect: 'NoSchedule' }, true],
    ['absent operator means Equal', { key: 'k', value: 'v' }, { key: 'k', value: 'v', effect: 'NoExecute' }, true],
    ['Equal with another value', { key: 'k', value: 'w' }, { key: 'k', value: 'v', effect: 'NoSchedule' }, false],
    ['Exists ignores the value', { key: 'k', operator: 'Exists' }, { key: 'k', value: 'v', effect: 'NoSchedule' }, true],
    ['effect must match when given', { key: 'k', operator: 'Exists', effect: 'NoExecute' }, { key: 'k', effect: 'NoSchedule' }, false],
    ['empty key with Exists tolerates everything', { operator: 'Exists' }, { key: 'any', value: 'x', effect: 'NoExecute' }, true],
    ['other key', { key: 'j', operator: 'Exists' }, { key: 'k', effect: 'NoSchedule' }, false],
  ])('ToleratesTaint: %s', (_n, t, taint, want) => {
    expect(toleratesTaint(t, taint)).toBe(want);
  });

  test('a cordoned node is skipped unless the pod tolerates node.kubernetes.io/unschedulable:NoSchedule', () => {
    const cordoned = node('n', { unschedulable: true });
    expect(filterNode(podReq(1), cordoned)).toMatchObject({ plugin: 'NodeUnschedulable', reasons: ['node(s) were unschedulable'], unresolvable: true });
    const tol: Toleration = { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' };
    expect(filterNode(podReq(1, 0, { tolerations: [tol] }), cordoned).fits).toBe(true);
  });

  test('NodeName: a pod naming another node does not fit', () => {
    expect(filterNode(podReq(1, 0, { nodeName: 'other' }), node('n'))).toEqual({
      fits: false,
      plugin: 'NodeName',
      reasons: ["node(s) didn't match the requested node name"],
      unresolvable: true,
    });
    expect(filterNode(podReq(1, 0, { nodeName: 'n' }), node('n')).fits).toBe(true);
  });

  test('plugin order: NodeUnschedulable before TaintToleration before NodeAffinity before NodeResourcesFit', () => {
    const n = node('n', { unschedulable: true, taints: [notReady], requested: { cpuMilli: 2000, memoryBytes: 0, pods: 1 } });
    const pod = podReq(100, 0, { nodeSelector: { disk: 'ssd' } });
    expect(filterNode(pod, n)).toMatchObject({ plugin: 'NodeUnschedulable' });
    expect(filterNode(pod, { ...n, unschedulable: false })).toMatchObject({ plugin: 'TaintToleration' });
    expect(filterNode(pod, { ...n, unschedulable: false, taints: [] })).toMatchObject({ plugin: 'NodeAffinity' });
    expect(filterNode(podReq(100), { ...n, unschedulable: false, taints: [] })).toMatchObject({ plugin: 'NodeResourcesFit' });
  });
});

describe('computePodRequests (component-helpers PodRequests)', () => {
  test('sum of containers; non-zero defaults per container for missing requests only', () => {
    const r = computePodRequests([{ cpuMilli: 250, memoryBytes: 64 * Mi }, {}, { cpuMilli: 0 }]);
    expect(r.requests).toEqual({ cpuMilli: 250, memoryBytes: 64 * Mi });
    // container 2 gets 100m/200Mi, container 3 keeps its explicit 0 cpu and gets 200Mi
    expect(r.nonZeroRequests).toEqual({ cpuMilli: 350, memoryBytes: 64 * Mi + 400 * Mi });
  });
  test('init containers: max(sum, largest init phase); sidecars add to the sum and to later init phases', () => {
    // regular init 1000m runs alone (no sidecar before it); sidecar 200m; regular init 900m runs with the sidecar
    const r = computePodRequests([{ cpuMilli: 500, memoryBytes: 0 }], [
      { cpuMilli: 1000, memoryBytes: 0 },
      { cpuMilli: 200, memoryBytes: 0, restartPolicy: 'Always' },
      { cpuMilli: 900, memoryBytes: 0 },
    ]);
    // sum = 500 + 200 = 700; init phases: 1000, 200, 900 + 200 = 1100 → max 1100
    expect(r.requests.cpuMilli).toBe(1100);
  });
});
