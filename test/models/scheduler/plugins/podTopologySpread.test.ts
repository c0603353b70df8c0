/**
 * PodTopologySpread against scheduler-vectors.md PTS-01..PTS-09 (one row per vector case), plus hand-derived cases
 * for AddPod/RemovePod, List defaulting, requireAllTopologies and the System-defaulting "" zone quirk
 * (scheduler.md §4; derivations beside each row).
 */
import { DEFAULT_PLUGIN_ARGS, type PluginArgs } from '../../../../models/scheduler/config';
import { findUntoleratedTaint } from '../../../../models/scheduler/filter';
import { SchedulerCache } from '../../../../models/scheduler/framework/cache';
import { compileSelector, requiredNodeAffinityMatches } from '../../../../models/scheduler/framework/selectors';
import { CycleState, type NodeInfo, type PodInfo, type Selector } from '../../../../models/scheduler/framework/types';
import {
  podTopologySpreadPlugin,
  REASON_CONSTRAINTS_NOT_MATCH,
  REASON_NODE_LABEL_NOT_MATCH,
} from '../../../../models/scheduler/plugins/podTopologySpread';
import { cluster, labels, makePod, nodeTerm, spread, type NodeSpec, type PlacedPod, type TestCluster } from '../support';

type Code = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable';
const OK: Code = 'Success';
const U: Code = 'Unschedulable';
const UU: Code = 'UnschedulableAndUnresolvable';
/** The plugin's only reason per code (filtering.go Filter). */
const REASON: Record<Code, string | undefined> = { Success: undefined, Unschedulable: REASON_CONSTRAINTS_NOT_MATCH, UnschedulableAndUnresolvable: REASON_NODE_LABEL_NOT_MATCH };

const plugin = podTopologySpreadPlugin(DEFAULT_PLUGIN_ARGS);
const FOO_EXISTS = { matchExpressions: [{ key: 'foo', operator: 'Exists' }] };
const ZONE = 'topology.kubernetes.io/zone';

/** `n` pods labelled foo on `node`. */
function foo(node: string, n: number, extra: Partial<PlacedPod> = {}): PlacedPod[] {
  return Array.from({ length: n }, () => ({ node, labels: { foo: '' }, ...extra }));
}

/** PreFilter then Filter on every node: 'skip', or node name → [code, reason]. */
function runFilter(c: TestCluster, pod: PodInfo, p = plugin, state = new CycleState()): 'skip' | Record<string, [Code, string | undefined]> {
  if (p.preFilter!(state, pod, c.snapshot) === 'skip') return 'skip';
  return filterAll(c, pod, p, state);
}

function filterAll(c: TestCluster, pod: PodInfo, p: typeof plugin, state: CycleState): Record<string, [Code, string | undefined]> {
  const out: Record<string, [Code, string | undefined]> = {};
  for (const n of c.nodes) {
    const s = p.filter(state, pod, n, c.snapshot);
    out[n.name] = s === undefined ? [OK, undefined] : [s.code as Code, s.reasons.join(', ')];
  }
  return out;
}

function expectFilter(want: Record<string, Code>): Record<string, [Code, string | undefined]> {
  return Object.fromEntries(Object.entries(want).map(([n, code]) => [n, [code, REASON[code]]]));
}

/** PreScore, Score and NormalizeScore over `filtered`: 'skip', or raw and normalised scores by node name. */
function runScore(c: TestCluster, pod: PodInfo, filtered: string[], p = plugin): 'skip' | { raw: Record<string, number>; scores: Record<string, number> } {
  const state = new CycleState();
  const nodes: NodeInfo[] = filtered.map((n) => c.node(n));
  if (!p.preScore!(state, pod, nodes, c.snapshot)) return 'skip';
  const raw = nodes.map((n) => p.score(state, pod, n, c.snapshot));
  const scores = [...raw];
  p.normalize!(state, pod, nodes, scores);
  return { raw: Object.fromEntries(nodes.map((n, i) => [n.name, raw[i]])), scores: Object.fromEntries(nodes.map((n, i) => [n.name, scores[i]])) };
}

// PTS-01, PTS-08: zone1 = node-a, node-b; zone2 = node-x, node-y; the `node` key is per node.
const FOUR: NodeSpec[] = [
  { name: 'node-a', labels: { zone: 'zone1', node: 'node-a' } },
  { name: 'node-b', labels: { zone: 'zone1', node: 'node-b' } },
  { name: 'node-x', labels: { zone: 'zone2', node: 'node-x' } },
  { name: 'node-y', labels: { zone: 'zone2', node: 'node-y' } },
];
const NODE_SPREAD = spread({ maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule', labelSelector: FOO_EXISTS });

// PTS-09's cluster.
const PTS09_NODES: NodeSpec[] = [
  { name: 'node-a', labels: { [ZONE]: 'z1' }, hostname: 'auto' },
  { name: 'node-b', labels: { [ZONE]: 'z2' }, hostname: 'auto' },
  { name: 'node-c', labels: { [ZONE]: 'z3' }, hostname: 'auto', taints: [{ key: 'maintenance', value: 'true', effect: 'NoSchedule' }] },
];
const PTS09_PODS: PlacedPod[] = [
  { name: 'web-v2-1', node: 'node-a', labels: { app: 'web', 'pod-template-hash': 'v2' } },
  { name: 'web-v1-1', node: 'node-b', labels: { app: 'web', 'pod-template-hash': 'v1' } },
  { name: 'web-v1-2', node: 'node-b', labels: { app: 'web', 'pod-template-hash': 'v1' } },
  { name: 'web-v2-2', node: 'node-b', labels: { app: 'web', 'pod-template-hash': 'v2' } },
];
const WEB_V2 = { app: 'web', 'pod-template-hash': 'v2' };

describe('Filter (PTS-01..04, 08, 09)', () => {
  interface Row {
    id: string;
    nodes: NodeSpec[];
    pods: PlacedPod[];
    pod: Parameters<typeof makePod>[0];
    want: Record<string, Code>;
  }
  test.each<Row>([
    {
      // counts 2/1/0/3, min 0, selfMatch 1: skew a 3, b 2, x 1, y 4; maxSkew 1
      id: 'PTS-01 pods spread 2/1/0/3 on node, only node-x fits',
      nodes: FOUR,
      pods: [...foo('node-a', 2), ...foo('node-b', 1), ...foo('node-y', 3)],
      pod: { labels: { foo: '' }, topologySpreadConstraints: [NODE_SPREAD] },
      want: { 'node-a': U, 'node-b': U, 'node-x': OK, 'node-y': U },
    },
    {
      // node-b lacks `zone`: not eligible, p-b1 not counted; zone1 1, zone2 2, min 1; a 1 ok; x, y 2 > 1
      id: "PTS-02 absence of label 'zone' on node-b",
      nodes: [FOUR[0], { name: 'node-b', labels: { zon: 'zone1', node: 'node-b' } }, FOUR[2], FOUR[3]],
      pods: [...foo('node-a', 1), ...foo('node-b', 1), ...foo('node-x', 1), ...foo('node-y', 1)],
      pod: { labels: { foo: '' }, topologySpreadConstraints: [spread({ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: FOO_EXISTS })] },
      want: { 'node-a': OK, 'node-b': UU, 'node-x': U, 'node-y': U },
    },
    {
      // a 0 (terminating pod skipped), b 1; min 0; a 0+1-0 = 1; b 1+1-0 = 2 > 1
      id: 'PTS-03 terminating pods are excluded',
      nodes: [
        { name: 'node-a', labels: { node: 'node-a' } },
        { name: 'node-b', labels: { node: 'node-b' } },
      ],
      pods: [...foo('node-a', 1, { terminating: true }), ...foo('node-b', 1)],
      pod: { labels: { foo: '' }, topologySpreadConstraints: [NODE_SPREAD] },
      want: { 'node-a': OK, 'node-b': U },
    },
    {
      // 2 domains < minDomains 3 → global minimum 0; skew 1+1-0 = 2 > 1 on both (the FitError's
      // "2 node(s) didn't match pod topology spread constraints")
      id: 'PTS-04 minDomains_3',
      nodes: PTS09_NODES.slice(0, 2),
      pods: [
        { name: 'web-1', node: 'node-a', labels: { app: 'web' } },
        { name: 'web-2', node: 'node-b', labels: { app: 'web' } },
      ],
      pod: { labels: { app: 'web' }, topologySpreadConstraints: [spread({ maxSkew: 1, minDomains: 3, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: labels({ app: 'web' }) })] },
      want: { 'node-a': U, 'node-b': U },
    },
    {
      // minDomains 1: minimum 1; skew 1+1-1 = 1
      id: 'PTS-04 minDomains_unset',
      nodes: PTS09_NODES.slice(0, 2),
      pods: [
        { name: 'web-1', node: 'node-a', labels: { app: 'web' } },
        { name: 'web-2', node: 'node-b', labels: { app: 'web' } },
      ],
      pod: { labels: { app: 'web' }, topologySpreadConstraints: [spread({ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: labels({ app: 'web' }) })] },
      want: { 'node-a': OK, 'node-b': OK },
    },
    {
      // nodeAffinityPolicy Honor: only node-a (2) and node-y (3) are domains, min 2; a 2+1-2 = 1 ok; y 3+1-2 = 2 > 1;
      // node-b, node-x are not domains (count 0): 0+1-2 < 1 passes
      id: 'PTS-08 podTopologySpread_only (node affinity honoured)',
      nodes: FOUR,
      pods: [...foo('node-a', 2), ...foo('node-b', 1), ...foo('node-y', 3)],
      pod: {
        labels: { foo: '' },
        affinity: { nodeAffinity: { required: [nodeTerm({ matchExpressions: [{ key: 'node', operator: 'In', values: ['node-a', 'node-y'] }] })], preferred: [] } },
        topologySpreadConstraints: [NODE_SPREAD],
      },
      want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': U },
    },
    // PTS-09: node-c always fails TaintToleration first in the full cycle; its spread status is listed for completeness
    // (it lacks no key: skew computed like the others).
    {
      // z1 1, z2 3, z3 0 (node-c is a domain: taints Ignore) → min 0; a 1+1 = 2, b 3+1 = 4, c 0+1 = 1
      id: 'PTS-09 a_plain',
      nodes: PTS09_NODES,
      pods: PTS09_PODS,
      pod: { labels: WEB_V2, topologySpreadConstraints: [spread({ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: labels({ app: 'web' }) })] },
      want: { 'node-a': U, 'node-b': U, 'node-c': OK },
    },
    {
      // node-c's taint untolerated → not a domain; z1 1, z2 3 → min 1; a 1+1-1 = 1 ok; b 3+1-1 = 3 fail
      id: 'PTS-09 b_taints_honor',
      nodes: PTS09_NODES,
      pods: PTS09_PODS,
      pod: { labels: WEB_V2, topologySpreadConstraints: [spread({ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: labels({ app: 'web' }), nodeTaintsPolicy: 'Honor' })] },
      want: { 'node-a': OK, 'node-b': U, 'node-c': OK },
    },
    {
      // selector app=web AND pod-template-hash=v2: z1 1, z2 1, z3 0 → min 0; a 2, b 2 fail
      id: 'PTS-09 c_matchLabelKeys',
      nodes: PTS09_NODES,
      pods: PTS09_PODS,
      pod: { labels: WEB_V2, topologySpreadConstraints: [spread({ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: labels({ app: 'web' }), matchLabelKeys: ['pod-template-hash'] })] },
      want: { 'node-a': U, 'node-b': U, 'node-c': OK },
    },
    {
      // z1 1, z2 1 (node-c not a domain) → min 1; both 1+1-1 = 1 ok
      id: 'PTS-09 d_both',
      nodes: PTS09_NODES,
      pods: PTS09_PODS,
      pod: {
        labels: WEB_V2,
        topologySpreadConstraints: [spread({ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: labels({ app: 'web' }), matchLabelKeys: ['pod-template-hash'], nodeTaintsPolicy: 'Honor' })],
      },
      want: { 'node-a': OK, 'node-b': OK, 'node-c': OK },
    },
    {
      // derived: no labelSelector (nil) with matchLabelKeys → mergeLabelSetWithSelector keeps only the pairs:
      // pod-template-hash=v2 → z1 1, z2 1, z3 0 → min 0; a, b 1+1-0 = 2 > 1
      id: 'derived nil selector + matchLabelKeys counts by the pairs alone',
      nodes: PTS09_NODES,
      pods: PTS09_PODS,
      pod: { labels: WEB_V2, topologySpreadConstraints: [spread({ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['pod-template-hash'] })] },
      want: { 'node-a': U, 'node-b': U, 'node-c': OK },
    },
    {
      // derived: nil selector counts nothing and the pod does not self-match: skew 0 everywhere
      id: 'derived nil selector counts nothing',
      nodes: PTS09_NODES,
      pods: PTS09_PODS,
      pod: { labels: WEB_V2, topologySpreadConstraints: [spread({ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule' })] },
      want: { 'node-a': OK, 'node-b': OK, 'node-c': OK },
    },
    {
      // derived: a node lacking one constraint's key is no domain of any constraint (its pods are not counted):
      // node: domains a 0, b 2 (x lacks zone) → min 0; zone: z1 2 → min 2.
      // a: 0+1-0 = 1, 2+1-2 = 1 ok; b: 2+1-0 = 3 > 1; x: not a domain, 0+1-0 = 1 ok, then zone missing → unresolvable
      id: 'derived a node without every key is not counted',
      nodes: [
        { name: 'node-a', labels: { zone: 'z1', node: 'node-a' } },
        { name: 'node-b', labels: { zone: 'z1', node: 'node-b' } },
        { name: 'node-x', labels: { node: 'node-x' } },
      ],
      pods: [...foo('node-b', 2), ...foo('node-x', 3)],
      pod: { labels: { foo: '' }, topologySpreadConstraints: [NODE_SPREAD, spread({ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: FOO_EXISTS })] },
      want: { 'node-a': OK, 'node-b': U, 'node-x': UU },
    },
  ])('$id', ({ nodes, pods, pod, want }) => {
    expect(runFilter(cluster(nodes, pods), makePod(pod))).toEqual(expectFilter(want));
  });

  test('PTS-08 full_cycle: with NodeAffinity first only node-a is feasible', () => {
    const c = cluster(FOUR, [...foo('node-a', 2), ...foo('node-b', 1), ...foo('node-y', 3)]);
    const pod = makePod({
      labels: { foo: '' },
      affinity: { nodeAffinity: { required: [nodeTerm({ matchExpressions: [{ key: 'node', operator: 'In', values: ['node-a', 'node-y'] }] })], preferred: [] } },
      topologySpreadConstraints: [NODE_SPREAD],
    });
    const state = new CycleState();
    plugin.preFilter!(state, pod, c.snapshot);
    const feasible = c.nodes.filter((n) => requiredNodeAffinityMatches(pod, n.labels, n.name) && plugin.filter(state, pod, n, c.snapshot) === undefined);
    expect(feasible.map((n) => n.name)).toEqual(['node-a']);
    expect(plugin.filter(state, pod, c.node('node-y'), c.snapshot)?.reasons).toEqual([REASON_CONSTRAINTS_NOT_MATCH]);
  });

  test('PTS-09 node-c fails TaintToleration in every case (so it never shows the spread reason)', () => {
    expect(findUntoleratedTaint(PTS09_NODES[2].taints!, [])).toEqual({ key: 'maintenance', value: 'true', effect: 'NoSchedule' });
  });

  test('PreFilter skips without a DoNotSchedule constraint (own ScheduleAnyway only, or System defaults)', () => {
    const c = cluster(FOUR, foo('node-a', 1));
    const soft = makePod({ labels: { foo: '' }, topologySpreadConstraints: [spread({ maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: FOO_EXISTS })] });
    expect(runFilter(c, soft)).toBe('skip');
    const withDefaults = cluster(FOUR, foo('node-a', 1), { defaultSpreadSelector: () => compileSelector(FOO_EXISTS) });
    expect(runFilter(withDefaults, makePod({ labels: { foo: '' } }))).toBe('skip');
  });
});

describe('Score (PTS-05..07)', () => {
  const hostNodes: NodeSpec[] = ['node-a', 'node-b', 'node-c', 'node-d'].map((name) => ({ name, hostname: 'auto' }));
  const hostPods = [...foo('node-a', 2), ...foo('node-b', 1), ...foo('node-d', 3)];
  const hostSpread = (maxSkew: number) => spread({ maxSkew, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: FOO_EXISTS });

  test.each<[string, number, Record<string, number> | undefined, Record<string, number>]>([
    // size 4 → ln 6 = 1.791759; raw = round(count·1.791759 + 1): a round(4.58) 5, b round(2.79) 3, c 1, d round(6.38) 6;
    // min 1, max 6: 100·(7−raw)/6 → 33, 66, 100, 16
    ['PTS-05 hostname, 4 candidates, maxSkew 2', 2, { 'node-a': 5, 'node-b': 3, 'node-c': 1, 'node-d': 6 }, { 'node-a': 33, 'node-b': 66, 'node-c': 100, 'node-d': 16 }],
    // PTS-05 note: raw round(count·1.791759): a round(3.58) 4, b round(1.79) 2, c 0, d round(5.38) 5;
    // min 0, max 5: 100·(5−raw)/5 → 20, 60, 100, 0
    ['PTS-05 note: maxSkew 1', 1, { 'node-a': 4, 'node-b': 2, 'node-c': 0, 'node-d': 5 }, { 'node-a': 20, 'node-b': 60, 'node-c': 100, 'node-d': 0 }],
  ])('%s', (_id, maxSkew, raw, scores) => {
    const got = runScore(cluster(hostNodes, hostPods), makePod({ labels: { foo: '' }, topologySpreadConstraints: [hostSpread(maxSkew)] }), ['node-a', 'node-b', 'node-c', 'node-d']);
    expect(got).toEqual({ raw, scores });
  });

  test('PTS-06 zone, 3 of 4 nodes are candidates; counts include the infeasible node-y', () => {
    const nodes: NodeSpec[] = [
      { name: 'node-a', labels: { zone: 'zone1' }, hostname: 'auto' },
      { name: 'node-b', labels: { zone: 'zone1' }, hostname: 'auto' },
      { name: 'node-x', labels: { zone: 'zone2' }, hostname: 'auto' },
      { name: 'node-y', labels: { zone: 'zone2' }, hostname: 'auto' },
    ];
    const c = cluster(nodes, [...foo('node-a', 4), ...foo('node-b', 2), ...foo('node-x', 1), ...foo('node-y', 3)]);
    const pod = makePod({ labels: { foo: '' }, topologySpreadConstraints: [spread({ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: FOO_EXISTS })] });
    // ln 4 = 1.386294; zone1 6, zone2 4: a, b round(8.32) 8; x round(5.55) 6; min 6 max 8: 100·6/8 = 75, 100·8/8 = 100
    expect(runScore(c, pod, ['node-a', 'node-b', 'node-x'])).toEqual({ raw: { 'node-a': 8, 'node-b': 8, 'node-x': 6 }, scores: { 'node-a': 75, 'node-b': 75, 'node-x': 100 } });
  });

  describe('PTS-07 system defaults', () => {
    const RS = { app: 'web', 'pod-template-hash': '7d9f' };
    const nodes: NodeSpec[] = [
      { name: 'node-a', labels: { [ZONE]: 'z1' }, hostname: 'auto' },
      { name: 'node-b', labels: { [ZONE]: 'z1' }, hostname: 'auto' },
      { name: 'node-c', labels: { [ZONE]: 'z2' }, hostname: 'auto' },
    ];
    const pods: PlacedPod[] = [
      { name: 'web-7d9f-1', node: 'node-a', labels: RS },
      { name: 'web-7d9f-2', node: 'node-a', labels: RS },
      { name: 'web-7d9f-3', node: 'node-c', labels: RS },
    ];
    // helper.DefaultSelector: the ReplicaSet's selector for the pods it owns, nothing for a bare pod.
    const owned = new Set(['web-7d9f-1', 'web-7d9f-2', 'web-7d9f-3', 'owned']);
    const defaultSpreadSelector = (p: PodInfo): Selector | undefined => (owned.has(p.name) ? compileSelector(labels(RS)) : undefined);
    const c = cluster(nodes, pods, { defaultSpreadSelector });

    test('owned: hostname maxSkew 3 + zone maxSkew 5', () => {
      // hostname size 3 → ln 5 = 1.609438; zones {z1, z2} → ln 4 = 1.386294; zone counts z1 2, z2 1
      // a = 2·1.609438 + 2 + 2·1.386294 + 4 = 11.99 → 12; b = 0 + 2 + 2.772589 + 4 = 8.77 → 9;
      // c = 1.609438 + 2 + 1.386294 + 4 = 9.00 → 9; min 9, max 12: a 100·9/12 = 75; b, c 100
      const got = runScore(c, makePod({ name: 'owned', labels: RS }), ['node-a', 'node-b', 'node-c']);
      expect(got).toEqual({ raw: { 'node-a': 12, 'node-b': 9, 'node-c': 9 }, scores: { 'node-a': 75, 'node-b': 100, 'node-c': 100 } });
      // weighted by 2 in the default profile: 150, 200, 200
      expect(Object.values(got === 'skip' ? {} : got.scores).map((s) => 2 * s)).toEqual([150, 200, 200]);
    });

    test('bare: empty default selector → Skip', () => {
      expect(runScore(c, makePod({ name: 'bare', labels: RS }), ['node-a', 'node-b', 'node-c'])).toBe('skip');
    });
  });

  test('derived: System defaulting, a node without a zone label adds the "" zone (domain size 2, not 1)', () => {
    const nodes: NodeSpec[] = [
      { name: 'node-a', labels: { [ZONE]: 'z1' }, hostname: 'auto' },
      { name: 'node-b', labels: { [ZONE]: 'z1' }, hostname: 'auto' },
      { name: 'node-c', hostname: 'auto' },
    ];
    const c = cluster(nodes, [...foo('node-a', 3)], { defaultSpreadSelector: () => compileSelector(FOO_EXISTS) });
    // requireAllTopologies false: nothing ignored. hostname ln(3+2) = 1.609438; zones {z1, ""} → ln 4 = 1.386294
    // (without the quirk ln 3 = 1.098612 would give a 14, b 9). zone z1 = 3.
    // a = 3·1.609438 + 2 + 3·1.386294 + 4 = 14.987 → 15; b = 0 + 2 + 4.158883 + 4 = 10.159 → 10;
    // c = 0 + 2 (no zone label: zone skipped) → 2; min 2, max 15: a 100·2/15 = 13, b 100·7/15 = 46, c 100
    expect(runScore(c, makePod({ labels: { foo: '' } }), ['node-a', 'node-b', 'node-c'])).toEqual({
      raw: { 'node-a': 15, 'node-b': 10, 'node-c': 2 },
      scores: { 'node-a': 13, 'node-b': 46, 'node-c': 100 },
    });
  });

  test('derived: the "" zone of nodes without the key stays right while the scheduler cache\'s zone values grow', () => {
    // The cache keeps one topology object per key and appends values as nodes come; PreScore remembers where "" is
    // (or that it is absent) per topology object, so each growth must be seen. Same pods and selector as above.
    const HOST = 'kubernetes.io/hostname';
    const cache = new SchedulerCache({ defaultSpreadSelector: () => compileSelector(FOO_EXISTS) });
    const add = (name: string, zone?: string) =>
      cache.addNode({ name, labels: { [HOST]: name, ...(zone !== undefined ? { [ZONE]: zone } : {}) }, allocatable: { cpuMilli: 4000, memoryBytes: 2 ** 33, pods: 110 } });
    add('node-a', 'z1');
    add('node-b', 'z1');
    add('node-c');
    for (let i = 0; i < 3; i++) cache.addPod(makePod({ name: `foo-a${i}`, labels: { foo: '' } }), 'node-a');
    // runScore's steps (PreScore, Score, NormalizeScore) over the cache as the snapshot.
    const score = (names: string[]) => {
      const state = new CycleState();
      const pod = makePod({ labels: { foo: '' } });
      const nodes: NodeInfo[] = names.map((n) => cache.node(n)!);
      if (!plugin.preScore!(state, pod, nodes, cache)) return 'skip';
      const raw = nodes.map((n) => plugin.score(state, pod, n, cache));
      const scores = [...raw];
      plugin.normalize!(state, pod, nodes, scores);
      return { raw: Object.fromEntries(nodes.map((n, i) => [n.name, raw[i]])), scores: Object.fromEntries(nodes.map((n, i) => [n.name, scores[i]])) };
    };
    // As the test above (zone values [z1]; "" is one past the end): a 15, b 10, c 2 → 13, 46, 100.
    expect(score(['node-a', 'node-b', 'node-c'])).toEqual({ raw: { 'node-a': 15, 'node-b': 10, 'node-c': 2 }, scores: { 'node-a': 13, 'node-b': 46, 'node-c': 100 } });
    // node-e in zone z2 with one foo pod: values [z1, z2], so node-c's "" is id 2 (a stale answer, 1, would put it
    // in z2: 2 zones, ln 4, and b would round to 10). hostname ln(4+2) = 1.791759; zones {z1, "", z2} → ln 5 =
    // 1.609438; z1 3, z2 1. a = 3·1.791759 + 2 + 3·1.609438 + 4 = 16.20 → 16; b = 2 + 4.828314 + 4 = 10.83 → 11;
    // c = 2; e = 1.791759 + 2 + 1.609438 + 4 = 9.40 → 9. min 2, max 16: a ⌊100·2/16⌋ = 12, b ⌊100·7/16⌋ = 43,
    // c 100, e ⌊100·9/16⌋ = 56.
    add('node-e', 'z2');
    cache.addPod(makePod({ name: 'foo-e', labels: { foo: '' } }), 'node-e');
    expect(score(['node-a', 'node-b', 'node-c', 'node-e'])).toEqual({
      raw: { 'node-a': 16, 'node-b': 11, 'node-c': 2, 'node-e': 9 },
      scores: { 'node-a': 12, 'node-b': 43, 'node-c': 100, 'node-e': 56 },
    });
    // node-d with zone "": values [z1, z2, ""], a real "" (id 2) that node-c joins. hostname ln 7 = 1.945910;
    // zones {z1, "", z2} → ln 5. a = 3·1.945910 + 2 + 4.828314 + 4 = 16.67 → 17; b 10.83 → 11; c 2;
    // e = 1.945910 + 2 + 1.609438 + 4 = 9.56 → 10; d = 0 + 2 + 0 + 4 = 6. min 2, max 17: a ⌊200/17⌋ = 11,
    // b ⌊800/17⌋ = 47, c 100, e ⌊900/17⌋ = 52, d ⌊1300/17⌋ = 76.
    add('node-d', '');
    expect(score(['node-a', 'node-b', 'node-c', 'node-e', 'node-d'])).toEqual({
      raw: { 'node-a': 17, 'node-b': 11, 'node-c': 2, 'node-e': 10, 'node-d': 6 },
      scores: { 'node-a': 11, 'node-b': 47, 'node-c': 100, 'node-e': 52, 'node-d': 76 },
    });
  });

  test("derived: the pod's own constraints require every key; an ignored node scores 0 and is left out of min/max", () => {
    const nodes: NodeSpec[] = [
      { name: 'node-a', labels: { zone: 'z1' }, hostname: 'auto' },
      { name: 'node-b', labels: { zone: 'z2' }, hostname: 'auto' },
      { name: 'node-c', hostname: 'auto' },
    ];
    const c = cluster(nodes, [...foo('node-a', 1), ...foo('node-b', 2), ...foo('node-c', 5)]);
    const pod = makePod({ labels: { foo: '' }, topologySpreadConstraints: [spread({ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: FOO_EXISTS })] });
    // node-c ignored; zones {z1, z2} → ln 4 = 1.386294; z1 1, z2 2 (node-c's pods not counted: no zone key)
    // a round(1.386) 1, b round(2.773) 3, c 0; min 1 max 3: a 100·3/3 = 100, b 100·1/3 = 33, c forced 0
    expect(runScore(c, pod, ['node-a', 'node-b', 'node-c'])).toEqual({ raw: { 'node-a': 1, 'node-b': 3, 'node-c': 0 }, scores: { 'node-a': 100, 'node-b': 33, 'node-c': 0 } });
  });

  test('derived: every raw score 0 → all 100', () => {
    // hostname maxSkew 1, no matching pods: raw 0 everywhere → max 0 → 100
    const got = runScore(cluster(hostNodes, []), makePod({ labels: { foo: '' }, topologySpreadConstraints: [hostSpread(1)] }), ['node-a', 'node-b']);
    expect(got).toEqual({ raw: { 'node-a': 0, 'node-b': 0 }, scores: { 'node-a': 100, 'node-b': 100 } });
  });
});

describe('defaultingType List', () => {
  const args: PluginArgs = {
    ...DEFAULT_PLUGIN_ARGS,
    podTopologySpread: { defaultingType: 'List', defaultConstraints: [{ topologyKey: ZONE, maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' }] },
  };
  const listPlugin = podTopologySpreadPlugin(args);
  const nodes = PTS09_NODES.slice(0, 2);
  const pods: PlacedPod[] = [
    { node: 'node-a', labels: { app: 'web' } },
    { node: 'node-a', labels: { app: 'web' } },
  ];

  test('the listed DoNotSchedule constraint filters with the default selector', () => {
    const c = cluster(nodes, pods, { defaultSpreadSelector: () => compileSelector(labels({ app: 'web' })) });
    // z1 2, z2 0 → min 0; a 2+1-0 = 3 > 1; b 0+1-0 = 1 ok
    expect(runFilter(c, makePod({ labels: { app: 'web' } }), listPlugin)).toEqual(expectFilter({ 'node-a': U, 'node-b': OK }));
    // no ScheduleAnyway default → PreScore skips
    expect(runScore(c, makePod({ labels: { app: 'web' } }), ['node-a', 'node-b'], listPlugin)).toBe('skip');
  });

  test('no default selector → no constraints → Skip', () => {
    expect(runFilter(cluster(nodes, pods), makePod({ labels: { app: 'web' } }), listPlugin)).toBe('skip');
  });
});

describe('AddPod / RemovePod (preemption dry runs)', () => {
  // PTS-01's cluster: counts a 2, b 1, x 0, y 3 on the per-node key; maxSkew 1; selfMatch 1.
  function setup() {
    const c = cluster(FOUR, [
      ...foo('node-a', 2),
      ...foo('node-b', 1),
      ...[1, 2, 3].map((i) => ({ name: `p-y${i}`, node: 'node-y', labels: { foo: '' } })),
      { name: 'other', node: 'node-y', labels: { bar: '' } },
    ]);
    const pod = makePod({ labels: { foo: '' }, topologySpreadConstraints: [NODE_SPREAD] });
    const state = new CycleState();
    plugin.preFilter!(state, pod, c.snapshot);
    return { c, pod, state };
  }

  test('removing the three foo pods of node-y lets it fit; the original state is unchanged', () => {
    const { c, pod, state } = setup();
    const dry = state.clone();
    for (const name of ['p-y1', 'p-y2', 'p-y3']) plugin.removePod!(dry, pod, c.pods.get(name)!, c.node('node-y'), c.snapshot);
    // y 0: 0+1-0 = 1 ok; a 2+1-0 = 3, b 2 still fail
    expect(filterAll(c, pod, plugin, dry)).toEqual(expectFilter({ 'node-a': U, 'node-b': U, 'node-x': OK, 'node-y': OK }));
    expect(filterAll(c, pod, plugin, state)).toEqual(expectFilter({ 'node-a': U, 'node-b': U, 'node-x': OK, 'node-y': U }));
  });

  test('adding to the minimum domain moves the minimum (critical paths)', () => {
    const { c, pod, state } = setup();
    const dry = state.clone();
    const extra = makePod({ labels: { foo: '' } });
    plugin.addPod!(dry, pod, extra, c.node('node-x'), c.snapshot);
    // x 1: counts a 2, b 1, x 1, y 3 → min 1; a 2+1-1 = 2 fail, b 1 ok, x 1 ok, y 3 fail
    expect(filterAll(c, pod, plugin, dry)).toEqual(expectFilter({ 'node-a': U, 'node-b': OK, 'node-x': OK, 'node-y': U }));
    plugin.addPod!(dry, pod, extra, c.node('node-x'), c.snapshot);
    // x 2: min 1 (node-b); b 1+1-1 = 1 ok, x 2+1-1 = 2 fail
    expect(filterAll(c, pod, plugin, dry)).toEqual(expectFilter({ 'node-a': U, 'node-b': OK, 'node-x': U, 'node-y': U }));
    // removing one pod of node-b: b 0 → min 0; b 0+1-0 = 1 ok, every other node fails
    plugin.removePod!(dry, pod, makePod({ labels: { foo: '' } }), c.node('node-b'), c.snapshot);
    expect(filterAll(c, pod, plugin, dry)).toEqual(expectFilter({ 'node-a': U, 'node-b': OK, 'node-x': U, 'node-y': U }));
  });

  test.each<[string, PodInfo]>([
    ['a pod the selector does not match', makePod({ name: 'other', labels: { bar: '' } })],
    ['a pod of another namespace', makePod({ namespace: 'other', labels: { foo: '' } })],
    ['a terminating pod (never counted)', makePod({ labels: { foo: '' }, terminating: true })],
  ])('removing %s changes nothing', (_what, victim) => {
    const { c, pod, state } = setup();
    const dry = state.clone();
    for (let i = 0; i < 3; i++) plugin.removePod!(dry, pod, victim, c.node('node-y'), c.snapshot);
    expect(filterAll(c, pod, plugin, dry)).toEqual(expectFilter({ 'node-a': U, 'node-b': U, 'node-x': OK, 'node-y': U }));
  });

  test('a node excluded by nodeAffinityPolicy Honor is not updated (PTS-08)', () => {
    const c = cluster(FOUR, [...foo('node-a', 2), ...foo('node-b', 1), ...foo('node-y', 3)]);
    const pod = makePod({
      labels: { foo: '' },
      affinity: { nodeAffinity: { required: [nodeTerm({ matchExpressions: [{ key: 'node', operator: 'In', values: ['node-a', 'node-y'] }] })], preferred: [] } },
      topologySpreadConstraints: [NODE_SPREAD],
    });
    const state = new CycleState();
    plugin.preFilter!(state, pod, c.snapshot);
    // adding 5 pods to node-b (not a domain) leaves domains a 2, y 3 → min 2; b stays a non-domain: 0+1-2 passes
    for (let i = 0; i < 5; i++) plugin.addPod!(state, pod, makePod({ labels: { foo: '' } }), c.node('node-b'), c.snapshot);
    expect(filterAll(c, pod, plugin, state)).toEqual(expectFilter({ 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': U }));
  });
});
