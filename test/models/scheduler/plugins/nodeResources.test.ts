/**
 * NodeResourcesFit and NodeResourcesBalancedAllocation against scheduler-vectors.md NR-01, NR-02 and SC-01, and the
 * Fit filter's reasons and codes (kubernetes-behaviour.md §7, fit.go : fitsRequest); derivations beside each row.
 */
import { DEFAULT_PLUGIN_ARGS, type PluginArgs, type ScoringStrategy } from '../../../../models/scheduler/config';
import { nodeResourcesBalancedAllocation, nodeResourcesFit } from '../../../../models/scheduler/plugins/nodeResources';
import { cluster, makePod, type NodeSpec, type PlacedPod, type PodSpecInput } from '../support';
import { runFilter, runScore } from './run';

const withStrategy = (scoringStrategy: ScoringStrategy): PluginArgs => ({ ...DEFAULT_PLUGIN_ARGS, nodeResourcesFit: { scoringStrategy } });
const cpuMem = (cpu: number, memory: number) => [
  { name: 'cpu' as const, weight: cpu },
  { name: 'memory' as const, weight: memory },
];

interface ScoreCase {
  id: string;
  strategy: ScoringStrategy;
  nodes: NodeSpec[];
  pods?: PlacedPod[];
  pod: PodSpecInput;
  want: Record<string, number>;
}

const ratioShape = [
  { utilization: 0, score: 0 },
  { utilization: 100, score: 10 },
];
const n1: NodeSpec = { name: 'n1', allocatable: { cpu: '4', memory: '8Gi' } };

describe('NodeResourcesFit Score', () => {
  test.each<ScoreCase>([
    {
      // Upstream's two containers (1000+2000 cores, 2000+3000 bytes) all set their requests, so one container with
      // the sums has the same pod request. node1: cpu 3000·100/4000 = 75, mem 5000·100/10000 = 50 → (75+50)/2 = 62;
      // node2: 3000·100/6000 = 50, 50 → 50.
      id: 'NR-01 a MostAllocated, nothing scheduled, differently sized nodes',
      strategy: { type: 'MostAllocated', resources: cpuMem(1, 1) },
      nodes: [
        { name: 'node1', allocatable: { cpu: '4000', memory: '10000' } },
        { name: 'node2', allocatable: { cpu: '6000', memory: '10000' } },
      ],
      pod: { requests: { cpu: '3000', memory: '5000' } },
      want: { node1: 62, node2: 50 },
    },
    {
      // Every container without requests counts 100m / 200Mi: node1 cpu 300m > 250m → capped → 100, mem 600Mi → 60
      // → 80; node2 cpu 100m → 40, mem 200Mi → 20 → 30.
      id: 'NR-01 b MostAllocated, no requests, non-zero defaults',
      strategy: { type: 'MostAllocated', resources: cpuMem(1, 1) },
      nodes: [
        { name: 'node1', allocatable: { cpu: '250m', memory: '1000Mi' } },
        { name: 'node2', allocatable: { cpu: '250m', memory: '1000Mi' } },
      ],
      pods: [
        { node: 'node1', requests: {} },
        { node: 'node1', requests: {} },
      ],
      pod: { requests: {} },
      want: { node1: 80, node2: 30 },
    },
    {
      // Shape ×10: (0,0), (100,100). util cpu 1000·100/4000 = 25, mem 6Gi/8Gi → 75; round((25+75)/2) = 50.
      id: 'NR-02 a RequestedToCapacityRatio, weights 1/1',
      strategy: { type: 'RequestedToCapacityRatio', resources: cpuMem(1, 1), shape: ratioShape },
      nodes: [n1],
      pod: { requests: { cpu: '1', memory: '6Gi' } },
      want: { n1: 50 },
    },
    {
      // round((25·3 + 75·1)/4) = round(37.5) = 38 (half away from zero)
      id: 'NR-02 b RequestedToCapacityRatio, weights 3/1',
      strategy: { type: 'RequestedToCapacityRatio', resources: cpuMem(3, 1), shape: ratioShape },
      nodes: [n1],
      pod: { requests: { cpu: '1', memory: '6Gi' } },
      want: { n1: 38 },
    },
    {
      // cpu explicitly 0 (no non-zero default) → util 0 → f = 0 → left out of both sums; mem 2Gi/8Gi → 25 → 25.
      id: 'NR-02 c RequestedToCapacityRatio, a resource scoring 0 is left out',
      strategy: { type: 'RequestedToCapacityRatio', resources: cpuMem(1, 1), shape: ratioShape },
      nodes: [n1],
      pod: { requests: { cpu: '0', memory: '2Gi' } },
      want: { n1: 25 },
    },
    {
      // SC-01: a cpu (2000−1500)·100/2000 = 25, mem (4Gi−2Gi)·100/4Gi = 50 → 37; b 3500·100/4000 = 87, 7Gi/8Gi → 87 → 87.
      id: 'SC-01 LeastAllocated (default profile)',
      strategy: DEFAULT_PLUGIN_ARGS.nodeResourcesFit.scoringStrategy,
      nodes: [
        { name: 'node-a', allocatable: { cpu: '2', memory: '4Gi' }, hostname: 'auto' },
        { name: 'node-b', allocatable: { cpu: '4', memory: '8Gi' }, hostname: 'auto' },
      ],
      pods: [{ name: 'existing', node: 'node-a', requests: { cpu: '1', memory: '1Gi' } }],
      pod: { name: 'new', requests: { cpu: '500m', memory: '1Gi' } },
      want: { 'node-a': 37, 'node-b': 87 },
    },
    {
      // Weights 3/1: SC-01 node-a (25·3 + 50·1)/4 = 125/4 = 31 (int64 division).
      id: 'LeastAllocated with weights 3/1',
      strategy: { type: 'LeastAllocated', resources: cpuMem(3, 1) },
      nodes: [{ name: 'node-a', allocatable: { cpu: '2', memory: '4Gi' } }],
      pods: [{ name: 'existing', node: 'node-a', requests: { cpu: '1', memory: '1Gi' } }],
      pod: { requests: { cpu: '500m', memory: '1Gi' } },
      want: { 'node-a': 31 },
    },
    {
      // Memory allocatable 0 is skipped: only cpu scores, 1000·100/4000 = 25 (MostAllocated).
      id: 'a resource with allocatable 0 is skipped',
      strategy: { type: 'MostAllocated', resources: cpuMem(1, 1) },
      nodes: [{ name: 'n', allocatable: { cpu: '4' } }],
      pod: { requests: { cpu: '1', memory: '1Gi' } },
      want: { n: 25 },
    },
    {
      // Falling shape (0,10), (50,5), (100,0) ×10: util cpu 25 → 100 + (50−100)·25/50 = 75; mem 75 → 50 + (0−50)·25/50
      // = 25; round((75+25)/2) = 50.
      id: 'RequestedToCapacityRatio with a falling three-point shape',
      strategy: {
        type: 'RequestedToCapacityRatio',
        resources: cpuMem(1, 1),
        shape: [
          { utilization: 0, score: 10 },
          { utilization: 50, score: 5 },
          { utilization: 100, score: 0 },
        ],
      },
      nodes: [n1],
      pod: { requests: { cpu: '1', memory: '6Gi' } },
      want: { n1: 50 },
    },
  ])('$id', ({ strategy, nodes, pods, pod, want }) => {
    const c = cluster(nodes, pods ?? []);
    const run = runScore(nodeResourcesFit(withStrategy(strategy)), makePod(pod), c.snapshot);
    // No NormalizeScore, weight 1: raw = normalised = weighted.
    expect(run).toEqual({ skipped: false, raw: want, scores: want, weighted: want });
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  const plugin = nodeResourcesBalancedAllocation(DEFAULT_PLUGIN_ARGS);
  const sc01 = () =>
    cluster(
      [
        { name: 'node-a', allocatable: { cpu: '2', memory: '4Gi' }, hostname: 'auto' },
        { name: 'node-b', allocatable: { cpu: '4', memory: '8Gi' }, hostname: 'auto' },
      ],
      [{ name: 'existing', node: 'node-a', requests: { cpu: '1', memory: '1Gi' } }],
    );

  test('SC-01 fractions a .75/.5 → std .125 → int(87.5) = 87; b .125/.125 → 100', () => {
    const want = { 'node-a': 87, 'node-b': 100 };
    expect(runScore(plugin, makePod({ name: 'new', requests: { cpu: '500m', memory: '1Gi' } }), sc01().snapshot)).toEqual({ skipped: false, raw: want, scores: want, weighted: want });
  });

  test('actual requests, not the non-zero defaults: a pod without a memory request adds 0 memory, not 200Mi', () => {
    // node-a: cpu (1000 + 500)/2000 = .75, mem (1Gi + 0)/4Gi = .25 → std .25 → int64(.75 · 100) = 75
    expect(runScore(plugin, makePod({ requests: { cpu: '500m' } }), sc01().snapshot).raw['node-a']).toBe(75);
  });

  test('PreScore Skip for a best-effort pod (kubernetes#129138)', () => {
    expect(runScore(plugin, makePod({ requests: {} }), sc01().snapshot).skipped).toBe(true);
  });

  test('fractions are capped at 1; a resource with allocatable 0 is skipped', () => {
    // cpu (1000+500)/1000 → 1, memory allocatable 0 skipped → one fraction → std 0 → 100
    const c = cluster([{ name: 'n', allocatable: { cpu: '1' } }], [{ node: 'n', requests: { cpu: '1' } }]);
    expect(runScore(plugin, makePod({ requests: { cpu: '500m', memory: '1Gi' } }), c.snapshot).raw).toEqual({ n: 100 });
  });
});

describe('NodeResourcesFit Filter', () => {
  const node: NodeSpec = { name: 'n', allocatable: { cpu: '1', memory: '1Gi', pods: 2 } };
  test.each<[string, PlacedPod[], PodSpecInput, { code: string; reasons: string[] } | undefined]>([
    ['fits', [], { requests: { cpu: '1', memory: '1Gi' } }, undefined],
    // 600m + 500m > 1000m; 500m ≤ 1000m allocatable → resolvable by preemption
    ['Insufficient cpu', [{ node: 'n', requests: { cpu: '600m' } }], { requests: { cpu: '500m' } }, { code: 'Unschedulable', reasons: ['Insufficient cpu'] }],
    // 2Gi > 1Gi allocatable → unresolvable
    ['memory over the whole allocatable', [], { requests: { memory: '2Gi' } }, { code: 'UnschedulableAndUnresolvable', reasons: ['Insufficient memory'] }],
    // 2 pods + 1 > 2, and cpu 200m + 900m > 1000m: every reason kept, pods first
    [
      'Too many pods and Insufficient cpu',
      [
        { node: 'n', requests: { cpu: '100m' } },
        { node: 'n', requests: { cpu: '100m' } },
      ],
      { requests: { cpu: '900m' } },
      { code: 'Unschedulable', reasons: ['Too many pods', 'Insufficient cpu'] },
    ],
    // A pod without requests only checks the pod count.
    [
      'best-effort pod on a full node: Too many pods only',
      [
        { node: 'n', requests: { cpu: '1' } },
        { node: 'n', requests: { memory: '1Gi' } },
      ],
      { requests: {} },
      { code: 'Unschedulable', reasons: ['Too many pods'] },
    ],
  ])('%s', (_name, pods, pod, want) => {
    const c = cluster([node], pods);
    const status = runFilter(nodeResourcesFit(DEFAULT_PLUGIN_ARGS), makePod(pod), c.snapshot).statuses.get('n');
    expect(status).toEqual(want === undefined ? undefined : { ...want, plugin: 'NodeResourcesFit' });
  });
});
