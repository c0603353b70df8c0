/**
 * InterPodAffinity against IPA-01..IPA-07 (scheduler-vectors.md), cases derived by hand from filtering.go /
 * scoring.go (derivation beside each row), AddPod/RemovePod, and a property test: the plugin over ScanSnapshot
 * answers like an upstream-shaped scan of every pod, whatever the order of the nodes.
 */
import fc from 'fast-check';
import type { ResolvedAffinity, ResolvedPodAffinityTerm } from '../../../../models/cluster/spec';
import { DEFAULT_PLUGIN_ARGS, DEFAULT_SCORE_WEIGHTS, type PluginArgs } from '../../../../models/scheduler/config';
import { formatFitError, PREEMPTION_NOT_HELPFUL } from '../../../../models/scheduler/fitError';
import { CycleState, type Code, type PodInfo, type Status } from '../../../../models/scheduler/framework/types';
import {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH as AFF,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH as ANTI,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH as EXISTING,
  interPodAffinityCounts,
  interPodAffinityPlugin,
} from '../../../../models/scheduler/plugins/interPodAffinity';
import { cluster, labels, makePod, term, type NodeSpec, type PlacedPod, type PodSpecInput, type TestCluster } from '../support';
import { referenceFilter, referenceScore } from './interPodAffinityReference';
import { SchedulerCache } from '../../../../models/scheduler/framework/cache';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const serviceIn = { matchExpressions: [{ key: 'service', operator: 'In', values: ['securityscan', 'value2'] }] };

interface Aff {
  required?: ResolvedPodAffinityTerm[];
  preferred?: [number, ResolvedPodAffinityTerm][];
  antiRequired?: ResolvedPodAffinityTerm[];
  antiPreferred?: [number, ResolvedPodAffinityTerm][];
}
function affinity(a: Aff): ResolvedAffinity {
  const w = (ts: [number, ResolvedPodAffinityTerm][] = []) => ts.map(([weight, podAffinityTerm]) => ({ weight, podAffinityTerm }));
  return { podAffinity: { required: a.required ?? [], preferred: w(a.preferred) }, podAntiAffinity: { required: a.antiRequired ?? [], preferred: w(a.antiPreferred) } };
}

type Outcome = { status: 'Success' } | { status: Exclude<Code, 'Success'>; reason: string };
const OK: Outcome = { status: 'Success' };
const unresolvable = (reason: string): Outcome => ({ status: 'UnschedulableAndUnresolvable', reason });
const unschedulable = (reason: string): Outcome => ({ status: 'Unschedulable', reason });
function outcome(s: Status | undefined): Outcome {
  if (s === undefined) return OK;
  expect(s.reasons).toHaveLength(1);
  return { status: s.code, reason: s.reasons[0] };
}

const plugin = (args: Partial<PluginArgs['interPodAffinity']> = {}) =>
  interPodAffinityPlugin({ ...DEFAULT_PLUGIN_ARGS, interPodAffinity: { ...DEFAULT_PLUGIN_ARGS.interPodAffinity, ...args } });

/** PreFilter then Filter on every node (a skipped Filter passes every node, §1.2). */
function runFilter(c: TestCluster, pod: PodInfo, p = plugin(), state = new CycleState()): { skipped: boolean; nodes: Record<string, Outcome> } {
  const pre = p.preFilter!(state, pod, c.snapshot);
  expect(pre === undefined || pre === 'skip').toBe(true);
  return { skipped: pre === 'skip', nodes: filterAll(c, pod, p, state, pre === 'skip') };
}
function filterAll(c: TestCluster, pod: PodInfo, p: ReturnType<typeof plugin>, state: CycleState, skipped = false): Record<string, Outcome> {
  const out: Record<string, Outcome> = {};
  for (const n of c.nodes) out[n.name] = skipped ? OK : outcome(p.filter(state, pod, n, c.snapshot));
  return out;
}

/** PreScore, Score, NormalizeScore over `candidates` (default: every node). */
function runScore(c: TestCluster, pod: PodInfo, p = plugin(), candidates = c.nodes.map((n) => n.name)): 'skip' | { raw: Record<string, number>; scores: Record<string, number> } {
  const state = new CycleState();
  const nodes = candidates.map((n) => c.node(n));
  if (!p.preScore!(state, pod, nodes, c.snapshot)) return 'skip';
  const raw = nodes.map((n) => p.score(state, pod, n, c.snapshot));
  const scores = [...raw];
  p.normalize!(state, pod, nodes, scores);
  return { raw: Object.fromEntries(nodes.map((n, i) => [n.name, raw[i]])), scores: Object.fromEntries(nodes.map((n, i) => [n.name, scores[i]])) };
}

const machine1: NodeSpec[] = [{ name: 'machine1', labels: { region: 'r1', zone: 'z11' } }];
const zones3: NodeSpec[] = [
  { name: 'n1', labels: { [ZONE]: 'z1' }, hostname: 'auto' },
  { name: 'n2', labels: { [ZONE]: 'z2' }, hostname: 'auto' },
  { name: 'n3', labels: {}, hostname: 'auto' },
];
const webPod = (a: Aff, over: PodSpecInput = {}): PodSpecInput => ({ labels: { app: 'web' }, affinity: affinity(a), ...over });
const webZoneAffinity = term({ labelSelector: labels({ app: 'web' }), topologyKey: ZONE });

type FilterRow = [id: string, nodes: NodeSpec[], pods: PlacedPod[], pod: PodSpecInput, expected: Record<string, Outcome>, opts?: { namespaceLabels?: Record<string, Record<string, string>>; skipped?: boolean }];

describe('Filter: vectors IPA-01..IPA-05', () => {
  test.each<FilterRow>([
    [
      'IPA-01 affinity In matches the existing pod',
      machine1,
      [{ node: 'machine1', labels: { service: 'securityscan' } }],
      { labels: { security: 'S1' }, affinity: affinity({ required: [term({ labelSelector: serviceIn, topologyKey: 'region' })] }) },
      { machine1: OK }, // affinityCounts[(region, r1)] = 1 > 0
    ],
    [
      'IPA-02 upstream: empty topologyKey',
      machine1,
      [{ node: 'machine1', namespace: 'ns', labels: { service: 'securityscan' } }],
      { labels: { security: 'S1' }, affinity: affinity({ required: [term({ labelSelector: serviceIn, namespaces: ['DiffNameSpace'], topologyKey: '' })] }) },
      { machine1: unresolvable(AFF) }, // the node has no label with key '' → fails at once
    ],
    [
      'IPA-02 with_topologyKey: other namespace, pod does not match its own term',
      machine1,
      [{ node: 'machine1', namespace: 'ns', labels: { service: 'securityscan' } }],
      { labels: { security: 'S1' }, affinity: affinity({ required: [term({ labelSelector: serviceIn, namespaces: ['DiffNameSpace'], topologyKey: 'region' })] }) },
      { machine1: unresolvable(AFF) }, // affinityCounts empty; 'default' ∉ {DiffNameSpace} → no first-pod pass
    ],
    [
      'IPA-03 affinity passes, anti-affinity fails',
      machine1,
      [{ node: 'machine1', labels: { service: 'securityscan' } }],
      {
        labels: { security: 'S1' },
        affinity: affinity({ required: [term({ labelSelector: serviceIn, topologyKey: 'region' })], antiRequired: [term({ labelSelector: serviceIn, topologyKey: 'zone' })] }),
      },
      { machine1: unschedulable(ANTI) }, // antiAffinityCounts[(zone, z11)] = 1
    ],
    [
      "IPA-04 existing pod's anti-affinity (symmetry)",
      machine1,
      [{ node: 'machine1', labels: { service: 'securityscan' }, affinity: affinity({ antiRequired: [term({ labelSelector: serviceIn, topologyKey: 'zone' })] }) }],
      { labels: { service: 'securityscan' } },
      { machine1: unschedulable(EXISTING) }, // existingAntiAffinityCounts[(zone, z11)] = 1
    ],
    [
      'IPA-05 a: first pod of a self-affine group',
      zones3,
      [],
      webPod({ required: [webZoneAffinity] }),
      { n1: OK, n2: OK, n3: unresolvable(AFF) }, // counts empty, pod matches itself; n3 lacks the zone key
    ],
    [
      'IPA-05 b: not matching its own term',
      zones3,
      [],
      { labels: { app: 'api' }, affinity: affinity({ required: [webZoneAffinity] }) },
      { n1: unresolvable(AFF), n2: unresolvable(AFF), n3: unresolvable(AFF) },
    ],
  ])('%s', (_id, nodes, pods, pod, expected) => {
    expect(runFilter(cluster(nodes, pods), makePod(pod)).nodes).toEqual(expected);
  });

  test('IPA-05 b: FailedScheduling message (affinity failures are unresolvable: preemption not helpful)', () => {
    const c = cluster(zones3);
    const res = runFilter(c, makePod({ labels: { app: 'api' }, affinity: affinity({ required: [webZoneAffinity] }) }));
    const failed = Object.values(res.nodes).filter((o): o is Exclude<Outcome, { status: 'Success' }> => o.status !== 'Success');
    const post = `preemption: ${formatFitError(3, failed.map((o) => [o.status === 'UnschedulableAndUnresolvable' ? PREEMPTION_NOT_HELPFUL : 'victims']))}`;
    expect(formatFitError(3, failed.map((o) => [o.reason]), post)).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });
});

const twoHosts: NodeSpec[] = [
  { name: 'n1', labels: { [ZONE]: 'z1' }, hostname: 'auto' },
  { name: 'n2', labels: { [ZONE]: 'z2' }, hostname: 'auto' },
];
const webHostAnti = term({ labelSelector: labels({ app: 'web' }), topologyKey: HOST });
const nsLabels = { prod: { team: 'blue' }, dev: { team: 'red' } };

describe('Filter: derived cases', () => {
  test.each<FilterRow>([
    [
      'Skip: no required terms and no existing anti-affinity term matches',
      twoHosts,
      [{ node: 'n1', labels: { app: 'web' } }],
      { labels: { app: 'web' } },
      { n1: OK, n2: OK },
      { skipped: true },
    ],
    [
      'no Skip: an existing anti-affinity term matches a pod without terms',
      twoHosts,
      [{ node: 'n1', labels: { app: 'db' }, affinity: affinity({ antiRequired: [webHostAnti] }) }],
      { labels: { app: 'web' } },
      { n1: unschedulable(EXISTING), n2: OK }, // existingAntiAffinityCounts[(hostname, n1)] = 1
      { skipped: false },
    ],
    [
      "existing term's namespaceSelector matches the incoming pod's namespace labels",
      twoHosts,
      [{ node: 'n1', namespace: 'other', affinity: affinity({ antiRequired: [term({ labelSelector: labels({ app: 'web' }), namespaceSelector: labels({ team: 'blue' }), topologyKey: HOST })] }) }],
      { namespace: 'prod', labels: { app: 'web' } },
      { n1: unschedulable(EXISTING), n2: OK }, // prod has team=blue → the term matches
      { namespaceLabels: nsLabels, skipped: false },
    ],
    [
      "existing term's namespaceSelector does not match the incoming pod's namespace",
      twoHosts,
      [{ node: 'n1', namespace: 'other', affinity: affinity({ antiRequired: [term({ labelSelector: labels({ app: 'web' }), namespaceSelector: labels({ team: 'blue' }), topologyKey: HOST })] }) }],
      { namespace: 'dev', labels: { app: 'web' } },
      { n1: OK, n2: OK }, // dev has team=red; the term lists no namespaces → no match → Skip
      { namespaceLabels: nsLabels, skipped: true },
    ],
    [
      'first-pod rule does not apply once some pod matches',
      zones3,
      [{ node: 'n1', labels: { app: 'web' } }],
      webPod({ required: [webZoneAffinity] }),
      { n1: OK, n2: unresolvable(AFF), n3: unresolvable(AFF) }, // affinityCounts = {(zone, z1): 1}
    ],
    [
      'matching pods only on a node without the key leave affinityCounts empty: first-pod rule',
      zones3,
      [{ node: 'n3', labels: { app: 'web' } }],
      webPod({ required: [webZoneAffinity] }),
      { n1: OK, n2: OK, n3: unresolvable(AFF) }, // n3 has no zone → nothing counted; n3 itself lacks the key
    ],
    [
      'two terms, no pod matches both: first-pod rule',
      zones3,
      [
        { node: 'n1', labels: { app: 'web' } },
        { node: 'n2', labels: { tier: 'front' } },
      ],
      { labels: { app: 'web', tier: 'front' }, affinity: affinity({ required: [webZoneAffinity, term({ labelSelector: labels({ tier: 'front' }), topologyKey: ZONE })] }) },
      { n1: OK, n2: OK, n3: unresolvable(AFF) }, // podMatchesAllAffinityTerms false for both pods → counts empty
    ],
    [
      'two terms, one pod matches both',
      zones3,
      [
        { node: 'n1', labels: { app: 'web', tier: 'front' } },
        { node: 'n2', labels: { tier: 'front' } },
      ],
      { labels: { app: 'web', tier: 'front' }, affinity: affinity({ required: [webZoneAffinity, term({ labelSelector: labels({ tier: 'front' }), topologyKey: ZONE })] }) },
      { n1: OK, n2: unresolvable(AFF), n3: unresolvable(AFF) }, // affinityCounts = {(zone, z1): 2} (one per term)
    ],
    [
      'anti-affinity ignores a term whose key the node lacks',
      [...zones3, { name: 'n4', labels: { [ZONE]: 'z1' }, hostname: 'auto' }],
      [{ node: 'n1', labels: { app: 'web' } }],
      { labels: { app: 'api' }, affinity: affinity({ antiRequired: [term({ labelSelector: labels({ app: 'web' }), topologyKey: ZONE })] }) },
      { n1: unschedulable(ANTI), n2: OK, n3: OK, n4: unschedulable(ANTI) }, // antiAffinityCounts = {(zone, z1): 1}
    ],
    [
      'affinity is checked before anti-affinity',
      twoHosts,
      [{ node: 'n1', labels: { app: 'web' } }],
      { labels: { app: 'api' }, affinity: affinity({ required: [term({ labelSelector: labels({ app: 'db' }), topologyKey: ZONE })], antiRequired: [webHostAnti] }) },
      { n1: unresolvable(AFF), n2: unresolvable(AFF) }, // no db pod, api does not match app=db
    ],
    [
      'terminating pods count',
      twoHosts,
      [{ node: 'n1', labels: { app: 'web' }, terminating: true }],
      { labels: { app: 'api' }, affinity: affinity({ antiRequired: [webHostAnti] }) },
      { n1: unschedulable(ANTI), n2: OK },
    ],
  ])('%s', (_id, nodes, pods, pod, expected, opts = {}) => {
    const res = runFilter(cluster(nodes, pods, opts.namespaceLabels ? { namespaceLabels: opts.namespaceLabels } : {}), makePod(pod));
    expect(res.nodes).toEqual(expected);
    if (opts.skipped !== undefined) expect(res.skipped).toBe(opts.skipped);
  });
});

const IPA_WEIGHT = DEFAULT_SCORE_WEIGHTS.find((w) => w.name === 'InterPodAffinity')!.weight;

type ScoreRow = [
  id: string,
  nodes: NodeSpec[],
  pods: PlacedPod[],
  pod: PodSpecInput,
  expected: 'skip' | { raw: Record<string, number>; scores: Record<string, number> },
  opts?: { args?: Partial<PluginArgs['interPodAffinity']>; candidates?: string[] },
];

const zones4: NodeSpec[] = [
  { name: 'n1', labels: { [ZONE]: 'z1' }, hostname: 'auto' },
  { name: 'n2', labels: { [ZONE]: 'z1' }, hostname: 'auto' },
  { name: 'n3', labels: { [ZONE]: 'z2' }, hostname: 'auto' },
  { name: 'n4', labels: { [ZONE]: 'z2' }, hostname: 'auto' },
];
const dbZone = term({ labelSelector: labels({ app: 'db' }), topologyKey: ZONE });
const existingRequiresWeb: PlacedPod = { node: 'n1', labels: { app: 'db' }, affinity: affinity({ required: [webZoneAffinity] }) };

describe('Score: vectors IPA-06, IPA-07 and derived cases', () => {
  test.each<ScoreRow>([
    [
      'IPA-06 preferred affinity and anti-affinity on zone',
      [
        { name: 'n1', labels: { [ZONE]: 'z1' }, hostname: 'auto' },
        { name: 'n2', labels: { [ZONE]: 'z1' }, hostname: 'auto' },
        { name: 'n3', labels: { [ZONE]: 'z2' }, hostname: 'auto' },
        { name: 'n4', labels: {}, hostname: 'auto' },
      ],
      [
        { name: 'db-0', node: 'n1', labels: { app: 'db' } },
        { name: 'cache-0', node: 'n3', labels: { app: 'cache' } },
      ],
      webPod({ preferred: [[80, dbZone]], antiPreferred: [[20, term({ labelSelector: labels({ app: 'cache' }), topologyKey: ZONE })]] }),
      { raw: { n1: 80, n2: 80, n3: -20, n4: 0 }, scores: { n1: 100, n2: 100, n3: 0, n4: 20 } },
    ],
    [
      'IPA-07 label operators, some match failures',
      [
        { name: 'node1', labels: { region: 'China' } },
        { name: 'node2', labels: { region: 'India' } },
        { name: 'node3', labels: { az: 'az1' } },
      ],
      [
        { node: 'node1', labels: { security: 'S1' } },
        { node: 'node2', labels: { security: 'S2' } },
        { node: 'node3', labels: { security: 'S1' } },
      ],
      {
        labels: { security: 'S1' },
        affinity: affinity({
          preferred: [
            [8, term({ labelSelector: { matchExpressions: [{ key: 'security', operator: 'NotIn', values: ['S1'] }, { key: 'security', operator: 'In', values: ['S2'] }] }, topologyKey: 'region' })],
            [2, term({ labelSelector: { matchExpressions: [{ key: 'security', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }] }, topologyKey: 'region' })],
          ],
        }),
      },
      { raw: { node1: 2, node2: 10, node3: 0 }, scores: { node1: 20, node2: 100, node3: 0 } },
    ],
    [
      // term 3: db's required affinity matches web → zone z1 += hardPodAffinityWeight 1; min 0, max 1
      "existing pod's required affinity scores hardPodAffinityWeight",
      zones4,
      [existingRequiresWeb],
      { labels: { app: 'web' } },
      { raw: { n1: 1, n2: 1, n3: 0, n4: 0 }, scores: { n1: 100, n2: 100, n3: 0, n4: 0 } },
    ],
    [
      // z1 += 5 per pod, two pods → 10
      'hardPodAffinityWeight 5, two such pods',
      zones4,
      [existingRequiresWeb, { ...existingRequiresWeb, node: 'n2' }],
      { labels: { app: 'web' } },
      { raw: { n1: 10, n2: 10, n3: 0, n4: 0 }, scores: { n1: 100, n2: 100, n3: 0, n4: 0 } },
      { args: { hardPodAffinityWeight: 5 } },
    ],
    ['hardPodAffinityWeight 0: required terms do not score → nothing produced → Skip', zones4, [existingRequiresWeb], { labels: { app: 'web' } }, 'skip', { args: { hardPodAffinityWeight: 0 } }],
    [
      'ignorePreferredTermsOfExistingPods and no preferred terms → Skip',
      zones4,
      [existingRequiresWeb],
      { labels: { app: 'web' } },
      'skip',
      { args: { ignorePreferredTermsOfExistingPods: true } },
    ],
    [
      // zone z1 +30 (n1's pod prefers web), hostname n3 −10 (n3's pod prefers no web); min −10, max 30, diff 40:
      // n1, n2 100·(40/40) = 100; n3 0; n4 100·(10/40) = 25
      "existing pods' preferred affinity (+w) and anti-affinity (−w)",
      zones4,
      [
        { node: 'n1', labels: { app: 'a' }, affinity: affinity({ preferred: [[30, webZoneAffinity]] }) },
        { node: 'n3', labels: { app: 'b' }, affinity: affinity({ antiPreferred: [[10, webHostAnti]] }) },
      ],
      { labels: { app: 'web' } },
      { raw: { n1: 30, n2: 30, n3: -10, n4: 0 }, scores: { n1: 100, n2: 100, n3: 0, n4: 25 } },
    ],
    ['preferred terms that match no pod → nothing produced → Skip', zones4, [{ node: 'n1', labels: { app: 'web' } }], webPod({ preferred: [[50, dbZone]] }), 'skip'],
    [
      // z1 += 50 and both candidates are in z1: max == min → 0
      'all candidates equal → 0',
      zones4,
      [{ node: 'n1', labels: { app: 'db' } }],
      webPod({ preferred: [[50, dbZone]] }),
      { raw: { n1: 50, n2: 50 }, scores: { n1: 0, n2: 0 } },
      { candidates: ['n1', 'n2'] },
    ],
    [
      // pods on n1 (not a candidate) count: z1 += 80 × 2 pods = 160; normalised over n2, n3 only
      'existing pods on infeasible nodes count',
      zones4,
      [
        { node: 'n1', labels: { app: 'db' } },
        { node: 'n1', labels: { app: 'db' } },
      ],
      webPod({ preferred: [[80, dbZone]] }),
      { raw: { n2: 160, n3: 0 }, scores: { n2: 100, n3: 0 } },
      { candidates: ['n2', 'n3'] },
    ],
    [
      // raw n1 29, n2 29+71 = 100, n3 0: upstream computes 100 × (29/100) in float64 = 28.999999999999996 → 28
      'normalisation divides first, then multiplies by 100 (float64, truncated)',
      [
        { name: 'n1', hostname: 'auto' },
        { name: 'n2', hostname: 'auto' },
        { name: 'n3', hostname: 'auto' },
      ],
      [
        { node: 'n1', labels: { app: 'a' } },
        { node: 'n2', labels: { app: 'a' } },
        { node: 'n2', labels: { app: 'b' } },
      ],
      webPod({ preferred: [[29, term({ labelSelector: labels({ app: 'a' }), topologyKey: HOST })], [71, term({ labelSelector: labels({ app: 'b' }), topologyKey: HOST })]] }),
      { raw: { n1: 29, n2: 100, n3: 0 }, scores: { n1: 28, n2: 100, n3: 0 } },
    ],
  ])('%s', (_id, nodes, pods, pod, expected, opts = {}) => {
    expect(runScore(cluster(nodes, pods), makePod(pod), plugin(opts.args), opts.candidates)).toEqual(expected);
  });

  test('IPA-06 weighted by the framework: 200, 200, 0, 40', () => {
    const c = cluster(
      [
        { name: 'n1', labels: { [ZONE]: 'z1' }, hostname: 'auto' },
        { name: 'n2', labels: { [ZONE]: 'z1' }, hostname: 'auto' },
        { name: 'n3', labels: { [ZONE]: 'z2' }, hostname: 'auto' },
        { name: 'n4', labels: {}, hostname: 'auto' },
      ],
      [
        { node: 'n1', labels: { app: 'db' } },
        { node: 'n3', labels: { app: 'cache' } },
      ],
    );
    const res = runScore(c, makePod(webPod({ preferred: [[80, dbZone]], antiPreferred: [[20, term({ labelSelector: labels({ app: 'cache' }), topologyKey: ZONE })]] })));
    expect(res).not.toBe('skip');
    const scores = (res as Exclude<typeof res, 'skip'>).scores;
    expect(Object.fromEntries(Object.entries(scores).map(([n, s]) => [n, s * IPA_WEIGHT]))).toEqual({ n1: 200, n2: 200, n3: 0, n4: 40 });
  });
});

/** One AddPod/RemovePod step and the counts and filter results expected after it. */
interface Step {
  op: 'add' | 'remove';
  /** An existing pod by name, or a new pod's spec. */
  pod: string | PodSpecInput;
  node: string;
  counts: { affinity: [string, number][]; antiAffinity: [string, number][]; existingAntiAffinity: [string, number][] };
  filter: Record<string, Outcome>;
}
type UpdateRow = [id: string, nodes: NodeSpec[], pods: PlacedPod[], pod: PodSpecInput, steps: Step[]];

const threeZones: NodeSpec[] = [
  { name: 'n1', labels: { [ZONE]: 'z1' }, hostname: 'auto' },
  { name: 'n2', labels: { [ZONE]: 'z2' }, hostname: 'auto' },
  { name: 'n3', labels: {}, hostname: 'auto' },
];
const guardZone = affinity({ antiRequired: [term({ labelSelector: labels({ app: 'web' }), topologyKey: ZONE })] });
const none: [string, number][] = [];

describe('AddPod / RemovePod (preemption dry runs)', () => {
  test.each<UpdateRow>([
    [
      'incoming anti-affinity on hostname',
      threeZones,
      [{ name: 'web-0', node: 'n1', labels: { app: 'web' } }],
      webPod({ antiRequired: [webHostAnti] }),
      [
        // removing web-0 from n1: (hostname, n1) 1 → 0, entry deleted
        { op: 'remove', pod: 'web-0', node: 'n1', counts: { affinity: none, antiAffinity: none, existingAntiAffinity: none }, filter: { n1: OK, n2: OK, n3: OK } },
        { op: 'add', pod: 'web-0', node: 'n1', counts: { affinity: none, antiAffinity: [[`${HOST}=n1`, 1]], existingAntiAffinity: none }, filter: { n1: unschedulable(ANTI), n2: OK, n3: OK } },
        {
          op: 'add',
          pod: { name: 'web-1', labels: { app: 'web' } },
          node: 'n2',
          counts: { affinity: none, antiAffinity: [[`${HOST}=n1`, 1], [`${HOST}=n2`, 1]], existingAntiAffinity: none },
          filter: { n1: unschedulable(ANTI), n2: unschedulable(ANTI), n3: OK },
        },
        // an api pod does not match app=web: nothing changes
        {
          op: 'add',
          pod: { name: 'api-0', labels: { app: 'api' } },
          node: 'n3',
          counts: { affinity: none, antiAffinity: [[`${HOST}=n1`, 1], [`${HOST}=n2`, 1]], existingAntiAffinity: none },
          filter: { n1: unschedulable(ANTI), n2: unschedulable(ANTI), n3: OK },
        },
      ],
    ],
    [
      "existing pods' anti-affinity on zone",
      threeZones,
      [{ name: 'guard-0', node: 'n1', labels: { app: 'guard' }, affinity: guardZone }],
      { labels: { app: 'web' } },
      [
        {
          op: 'add',
          pod: { name: 'guard-1', labels: { app: 'guard' }, affinity: guardZone },
          node: 'n2',
          counts: { affinity: none, antiAffinity: none, existingAntiAffinity: [[`${ZONE}=z1`, 1], [`${ZONE}=z2`, 1]] },
          filter: { n1: unschedulable(EXISTING), n2: unschedulable(EXISTING), n3: OK },
        },
        {
          op: 'remove',
          pod: 'guard-0',
          node: 'n1',
          counts: { affinity: none, antiAffinity: none, existingAntiAffinity: [[`${ZONE}=z2`, 1]] },
          filter: { n1: OK, n2: unschedulable(EXISTING), n3: OK },
        },
        // n3 has no zone label: the guard there counts nowhere
        {
          op: 'add',
          pod: { name: 'guard-2', labels: { app: 'guard' }, affinity: guardZone },
          node: 'n3',
          counts: { affinity: none, antiAffinity: none, existingAntiAffinity: [[`${ZONE}=z2`, 1]] },
          filter: { n1: OK, n2: unschedulable(EXISTING), n3: OK },
        },
      ],
    ],
    [
      'incoming affinity and the first-pod rule',
      threeZones,
      [{ name: 'web-0', node: 'n1', labels: { app: 'web' } }],
      webPod({ required: [webZoneAffinity] }),
      [
        // counts empty after the removal → first-pod rule: every node with a zone passes
        { op: 'remove', pod: 'web-0', node: 'n1', counts: { affinity: none, antiAffinity: none, existingAntiAffinity: none }, filter: { n1: OK, n2: OK, n3: unresolvable(AFF) } },
        {
          op: 'add',
          pod: 'web-0',
          node: 'n2',
          counts: { affinity: [[`${ZONE}=z2`, 1]], antiAffinity: none, existingAntiAffinity: none },
          filter: { n1: unresolvable(AFF), n2: OK, n3: unresolvable(AFF) },
        },
        // on n3 (no zone) a matching pod counts nowhere
        {
          op: 'add',
          pod: { name: 'web-1', labels: { app: 'web' } },
          node: 'n3',
          counts: { affinity: [[`${ZONE}=z2`, 1]], antiAffinity: none, existingAntiAffinity: none },
          filter: { n1: unresolvable(AFF), n2: OK, n3: unresolvable(AFF) },
        },
      ],
    ],
    [
      'incoming affinity with two terms counts only pods matching both',
      threeZones,
      [],
      { labels: { app: 'web', tier: 'front' }, affinity: affinity({ required: [webZoneAffinity, term({ labelSelector: labels({ tier: 'front' }), topologyKey: HOST })] }) },
      [
        { op: 'add', pod: { name: 'w', labels: { app: 'web' } }, node: 'n1', counts: { affinity: none, antiAffinity: none, existingAntiAffinity: none }, filter: { n1: OK, n2: OK, n3: unresolvable(AFF) } },
        {
          op: 'add',
          pod: { name: 'wf', labels: { app: 'web', tier: 'front' } },
          node: 'n2',
          // one pod matching both terms: +1 at (zone, z2) and +1 at (hostname, n2)
          counts: { affinity: [[`${HOST}=n2`, 1], [`${ZONE}=z2`, 1]], antiAffinity: none, existingAntiAffinity: none },
          filter: { n1: unresolvable(AFF), n2: OK, n3: unresolvable(AFF) },
        },
      ],
    ],
  ])('%s', (_id, nodes, pods, pod, steps) => {
    const c = cluster(nodes, pods);
    const incoming = makePod(pod);
    const p = plugin();
    const state = new CycleState();
    expect(p.preFilter!(state, incoming, c.snapshot)).toBeUndefined();
    for (const s of steps) {
      const other = typeof s.pod === 'string' ? c.pods.get(s.pod)! : makePod(s.pod);
      const node = c.node(s.node);
      if (s.op === 'add') p.addPod!(state, incoming, other, node, c.snapshot);
      else p.removePod!(state, incoming, other, node, c.snapshot);
      expect(interPodAffinityCounts(state)).toEqual(s.counts);
      expect(filterAll(c, incoming, p, state)).toEqual(s.filter);
    }
  });

  test('a cloned state is updated independently (CycleState.clone for a dry run)', () => {
    const c = cluster(threeZones, [{ name: 'web-0', node: 'n1', labels: { app: 'web' } }]);
    const incoming = makePod(webPod({ antiRequired: [webHostAnti] }));
    const p = plugin();
    const state = new CycleState();
    p.preFilter!(state, incoming, c.snapshot);
    const dry = state.clone();
    p.removePod!(dry, incoming, c.pods.get('web-0')!, c.node('n1'), c.snapshot);
    expect(filterAll(c, incoming, p, dry).n1).toEqual(OK);
    expect(filterAll(c, incoming, p, state).n1).toEqual(unschedulable(ANTI));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property: the plugin over ScanSnapshot (podCounts, termGroups) equals an upstream-shaped scan of every pod, and
// neither depends on the order of the nodes (upstream's maps do not).

const KEYS = [ZONE, HOST, 'region'];
type ArbType<A> = A extends fc.Arbitrary<infer T> ? T : never;
const termArb = fc.record({
  app: fc.constantFrom<string | null | undefined>('a', 'b', null, undefined),
  namespaces: fc.constantFrom<string[]>([], ['other'], ['default', 'prod']),
  namespaceSelector: fc.constantFrom(undefined, {}, labels({ team: 'blue' })),
  topologyKey: fc.constantFrom(...KEYS),
});
const mkTerm = (t: ArbType<typeof termArb>): ResolvedPodAffinityTerm =>
  term({
    ...(t.app === undefined ? {} : { labelSelector: t.app === null ? {} : labels({ app: t.app }) }),
    namespaces: t.namespaces,
    ...(t.namespaceSelector !== undefined ? { namespaceSelector: t.namespaceSelector } : {}),
    topologyKey: t.topologyKey,
  });
const weighted = fc.tuple(fc.integer({ min: 1, max: 100 }), termArb);
const podArb = fc.record({
  app: fc.constantFrom('a', 'b', undefined),
  namespace: fc.constantFrom('default', 'other', 'prod'),
  required: fc.array(termArb, { maxLength: 2 }),
  antiRequired: fc.array(termArb, { maxLength: 2 }),
  preferred: fc.array(weighted, { maxLength: 2 }),
  antiPreferred: fc.array(weighted, { maxLength: 2 }),
  terminating: fc.boolean(),
});
const mkPodSpec = (p: ArbType<typeof podArb>, name: string): PodSpecInput => ({
  name,
  namespace: p.namespace,
  labels: p.app === undefined ? {} : { app: p.app },
  terminating: p.terminating,
  affinity: affinity({
    required: p.required.map(mkTerm),
    antiRequired: p.antiRequired.map(mkTerm),
    preferred: p.preferred.map(([w, t]) => [w, mkTerm(t)]),
    antiPreferred: p.antiPreferred.map(([w, t]) => [w, mkTerm(t)]),
  }),
});
const nodeArb = fc.record({ zone: fc.constantFrom('z1', 'z2', undefined), region: fc.constantFrom('r1', undefined), hostname: fc.boolean() });
const clusterArb = fc.record({
  nodes: fc.array(nodeArb, { minLength: 1, maxLength: 5 }),
  pods: fc.array(fc.tuple(fc.nat(), podArb), { maxLength: 8 }),
  incoming: podArb,
  hardPodAffinityWeight: fc.constantFrom(0, 1, 3),
  order: fc.nat(),
});

describe('property: ScanSnapshot results equal an upstream-shaped scan, in any node order', () => {
  test('filter statuses, raw and normalised scores per node name; RemovePod equals a cluster without the pod', () => {
    fc.assert(
      fc.property(clusterArb, (cl) => {
        const nodeSpecs: NodeSpec[] = cl.nodes.map((n, i) => ({
          name: `n${i}`,
          labels: { ...(n.zone ? { [ZONE]: n.zone } : {}), ...(n.region ? { region: n.region } : {}) },
          ...(n.hostname ? { hostname: 'auto' as const } : {}),
        }));
        const placed: PlacedPod[] = cl.pods.map(([at, p], i) => ({ ...mkPodSpec(p, `p${i}`), node: `n${at % nodeSpecs.length}` }));
        const incoming = makePod({ ...mkPodSpec(cl.incoming, 'incoming'), terminating: false });
        const args = { hardPodAffinityWeight: cl.hardPodAffinityWeight };
        const opts = { namespaceLabels: { prod: { team: 'blue' }, other: { team: 'red' } } };
        // a rotation of the node order
        const k = cl.order % nodeSpecs.length;
        const rotated = [...nodeSpecs.slice(k), ...nodeSpecs.slice(0, k)];
        for (const specs of [nodeSpecs, rotated]) {
          const c = cluster(specs, placed, opts);
          const ref = referenceFilter(incoming, c.nodes, (ns) => c.snapshot.namespaceLabels(ns));
          const got = runFilter(c, incoming);
          expect(got.skipped).toBe(ref.skipped);
          if (!ref.skipped) expect(got.nodes).toEqual(ref.nodes);
          expect(runScore(c, incoming, plugin(args))).toEqual(referenceScore(incoming, c.nodes, c.nodes, (ns) => c.snapshot.namespaceLabels(ns), cl.hardPodAffinityWeight));
        }
        // RemovePod of each placed pod from the full cluster's state equals PreFilter on the cluster without it.
        const full = cluster(nodeSpecs, placed, opts);
        const p = plugin();
        const state = new CycleState();
        if (p.preFilter!(state, incoming, full.snapshot) === 'skip') return;
        placed.forEach((pp, i) => {
          const without = cluster(nodeSpecs, placed.filter((_, j) => j !== i), opts);
          const ref = referenceFilter(incoming, without.nodes, (ns) => without.snapshot.namespaceLabels(ns));
          const dry = state.clone();
          p.removePod!(dry, incoming, full.pods.get(pp.name!)!, full.node(pp.node), full.snapshot);
          expect(filterAll(full, incoming, p, dry)).toEqual(ref.nodes);
          p.addPod!(dry, incoming, full.pods.get(pp.name!)!, full.node(pp.node), full.snapshot);
          expect(interPodAffinityCounts(dry)).toEqual(interPodAffinityCounts(state));
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('PreFilter state over the scheduler cache shares its per-domain sums copy-on-write', () => {
  test('AddPod on the cycle state changes the state, never the cache', () => {
    // Nodes n0, n1 (hostnames); w0 (app=web) on n0. The incoming pod has anti-affinity to app=web per hostname, so
    // its antiAffinity counts are {n0: 1}; adding another web pod to n1 in the state makes them {n0: 1, n1: 1}.
    const cache = new SchedulerCache();
    for (const name of ['n0', 'n1']) cache.addNode({ name, labels: { 'kubernetes.io/hostname': name }, allocatable: { cpuMilli: 4000, memoryBytes: 8 << 30, pods: 110 } });
    cache.addPod(makePod({ name: 'w0', labels: { app: 'web' } }), 'n0');
    const anti: ResolvedAffinity = { podAntiAffinity: { required: [term({ labelSelector: labels({ app: 'web' }), topologyKey: 'kubernetes.io/hostname' })], preferred: [] } };
    const incoming = makePod({ name: 'in', labels: { app: 'api' }, affinity: anti });
    const p = interPodAffinityPlugin(DEFAULT_PLUGIN_ARGS);
    const state = new CycleState();
    expect(p.preFilter!(state, incoming, cache)).toBeUndefined();
    const matcher = incoming.requiredAntiAffinityTerms[0].matcher;
    const before = Array.from(cache.domainCounts(matcher, 'kubernetes.io/hostname').sums);
    expect(before).toEqual([1, 0]);
    p.addPod!(state, incoming, makePod({ name: 'w1', labels: { app: 'web' } }), cache.node('n1')!, cache);
    expect(interPodAffinityCounts(state)!.antiAffinity).toEqual([['kubernetes.io/hostname=n0', 1], ['kubernetes.io/hostname=n1', 1]]);
    expect(Array.from(cache.domainCounts(matcher, 'kubernetes.io/hostname').sums)).toEqual(before);
    // The state's Filter sees its own change: n1 now fails the anti-affinity check.
    expect(p.filter(state, incoming, cache.node('n1')!, cache)).toEqual(expect.objectContaining({ reasons: ["node(s) didn't match pod anti-affinity rules"] }));
  });
});
