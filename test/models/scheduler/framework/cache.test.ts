/**
 * SchedulerCache: hand-derived cases for each query as nodes and pods come and go, then a property test that after
 * random sequences of node adds / removes / relabels and pod adds / moves / removes / terminating changes every
 * query answers as ScanSnapshot over the same nodes, and the nodes' pods and request sums match a plain model.
 *
 * fast-check prints the seed and counterexample path of a failing property ("seed: …, path: …"); replay it with
 * fc.assert(…, { seed, path }).
 */
import fc from 'fast-check';
import type { LabelSelectorSpec, ResolvedAffinity, ResolvedPodAffinityTerm } from '../../../../models/cluster/spec';
import { SchedulerCache, type CacheNodeInput } from '../../../../models/scheduler/framework/cache';
import { ScanSnapshot, termKey } from '../../../../models/scheduler/framework/scanSnapshot';
import { compileSelector, podMatcher } from '../../../../models/scheduler/framework/selectors';
import type { Labels, PodInfo, PodMatcher, Snapshot, TermKind } from '../../../../models/scheduler/framework/types';
import { labels, makePod, term, type PodSpecInput } from '../support';

const Mi = 1024 ** 2;
const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';
const KINDS: readonly TermKind[] = ['requiredAffinity', 'requiredAntiAffinity', 'preferredAffinity', 'preferredAntiAffinity'];

const nodeInput = (name: string, zone?: string, images?: Record<string, number>): CacheNodeInput => ({
  name,
  labels: { [HOST]: name, ...(zone !== undefined ? { [ZONE]: zone } : {}) },
  allocatable: { cpuMilli: 4000, memoryBytes: 8192 * Mi, pods: 110 },
  ...(images !== undefined ? { images: new Map(Object.entries(images)) } : {}),
});

const matcher = (sel: LabelSelectorSpec | undefined, countTerminating: boolean, namespaces = ['default'], nsSel?: LabelSelectorSpec) =>
  podMatcher(compileSelector(sel), namespaces, nsSel === undefined ? undefined : compileSelector(nsSel), countTerminating);

/** A pod whose terminating() reads a flag the test flips (then tells the cache with podChanged). */
function livePod(p: PodSpecInput, flags: Map<string, boolean>): PodInfo {
  const info = makePod(p);
  flags.set(info.uid, p.terminating ?? false);
  return { ...info, terminating: () => flags.get(info.uid) === true };
}

const counts = (s: Snapshot, m: PodMatcher) => Array.from(s.podCounts(m));
const domains = (s: Snapshot, key: string) => {
  const t = s.topology(key);
  return Array.from(t.ids, (id) => (id < 0 ? null : t.values[id]));
};
const groups = (s: Snapshot, kind: TermKind) => new Map([...s.termGroups(kind)].map((g) => [termKey(g.term), Array.from(g.counts)]));
/** Per-domain sums keyed by domain value (ids may differ between snapshots), with the non-zero count. */
const byDomain = (s: Snapshot, source: Parameters<Snapshot['domainCounts']>[0], key: string) => {
  const t = s.topology(key);
  const dc = s.domainCounts(source, key);
  return { sums: Object.fromEntries(t.values.map((v, id) => [v, dc.sums[id]])), nonZero: dc.nonZero, length: dc.sums.length };
};

const webAnti: ResolvedAffinity = { podAntiAffinity: { required: [term({ labelSelector: labels({ app: 'web' }), topologyKey: HOST })], preferred: [] } };

describe('SchedulerCache, hand-derived', () => {
  // n1 zone a, n2 zone a, n3 zone b, n4 no zone. w1, w2 (app=web) on n1, w3 on n3; d1 (app=db, namespace other) on n2.
  function setup(options: ConstructorParameters<typeof SchedulerCache>[0] = {}) {
    const flags = new Map<string, boolean>();
    const cache = new SchedulerCache(options);
    for (const [n, z] of [['n1', 'a'], ['n2', 'a'], ['n3', 'b'], ['n4', undefined]] as const) cache.addNode(nodeInput(n, z));
    const pod = (name: string, app: string, namespace = 'default') =>
      livePod({ name, namespace, labels: { app }, requests: { cpu: '250m' }, ...(app === 'web' ? { affinity: webAnti } : {}) }, flags);
    const w1 = pod('w1', 'web');
    const w2 = pod('w2', 'web');
    const w3 = pod('w3', 'web');
    const d1 = pod('d1', 'db', 'other');
    cache.addPod(w1, 'n1');
    cache.addPod(w2, 'n1');
    cache.addPod(w3, 'n3');
    cache.addPod(d1, 'n2');
    return { cache, flags, w1, w2, w3, d1, pod };
  }
  const spreadWeb = matcher(labels({ app: 'web' }), false);
  const antiWeb = matcher(labels({ app: 'web' }), true);

  test('podCounts: built on first use, then kept current through add, terminating and remove', () => {
    const { cache, flags, w1, pod } = setup();
    // w1, w2 on n1; w3 on n3 → [2, 0, 1, 0].
    expect(counts(cache, spreadWeb)).toEqual([2, 0, 1, 0]);
    // w4 bound to n2 after the row exists → n2 gets 1.
    cache.addPod(pod('w4', 'web'), 'n2');
    expect(counts(cache, spreadWeb)).toEqual([2, 1, 1, 0]);
    // w1 terminating: the spread matcher (countTerminating false) drops it on n1; the anti-affinity matcher,
    // first built now, counts it (InterPodAffinity counts terminating pods).
    flags.set(w1.uid, true);
    cache.podChanged(w1);
    expect(counts(cache, spreadWeb)).toEqual([1, 1, 1, 0]);
    expect(counts(cache, antiWeb)).toEqual([2, 1, 1, 0]);
    // w1 leaves: only the anti-affinity matcher still counted it.
    cache.removePod(w1);
    expect(counts(cache, spreadWeb)).toEqual([1, 1, 1, 0]);
    expect(counts(cache, antiWeb)).toEqual([1, 1, 1, 0]);
  });

  test('podCounts: namespaces, namespaceSelector, {} and nil selectors', () => {
    const { cache } = setup({ namespaceLabels: (ns) => (ns === 'other' ? { team: 'x' } : undefined) });
    // app=db in namespace default only: d1 is in other → no pod.
    expect(counts(cache, matcher(labels({ app: 'db' }), false))).toEqual([0, 0, 0, 0]);
    // app=db in namespaces selected by team=x: other has team=x → d1 on n2.
    expect(counts(cache, matcher(labels({ app: 'db' }), false, [], { matchLabels: { team: 'x' } }))).toEqual([0, 1, 0, 0]);
    // {} in default: every default pod (w1, w2 on n1, w3 on n3).
    expect(counts(cache, matcher({}, false))).toEqual([2, 0, 1, 0]);
    // {} in every namespace ({} namespaceSelector): d1 too.
    expect(counts(cache, matcher({}, false, [], {}))).toEqual([2, 1, 1, 0]);
    // nil selector matches nothing.
    expect(counts(cache, matcher(undefined, true))).toEqual([0, 0, 0, 0]);
  });

  test('nodes: requests summed per pod, removal drops the node with its pods and re-indexes', () => {
    const { cache, w1 } = setup();
    const n1 = cache.node('n1')!;
    // Two pods of one container with cpu 250m and no memory request: requested 500m / 0; the scoring variant
    // takes 200Mi per container without a memory request → 400Mi.
    expect(n1.requested).toEqual({ cpuMilli: 500, memoryBytes: 0, pods: 2 });
    expect(n1.nonZeroRequested).toEqual({ cpuMilli: 500, memoryBytes: 400 * Mi });
    expect(counts(cache, spreadWeb)).toEqual([2, 0, 1, 0]);
    expect([...groups(cache, 'requiredAntiAffinity').values()]).toEqual([[2, 0, 1, 0]]);
    cache.removeNode('n1');
    // Left: n2, n3, n4 at indexes 0..2; n1's pods (w1, w2) are gone from every count.
    expect(cache.nodes.map((n) => `${n.index}:${n.name}`)).toEqual(['0:n2', '1:n3', '2:n4']);
    expect(counts(cache, spreadWeb)).toEqual([0, 1, 0]);
    expect([...groups(cache, 'requiredAntiAffinity').values()]).toEqual([[0, 1, 0]]);
    expect(cache.nodeOf(w1.uid)).toBeUndefined();
    cache.removePod(w1); // no-op: it left with its node
    expect(counts(cache, spreadWeb)).toEqual([0, 1, 0]);
  });

  test('topology: ids per node, appended on addNode, rebuilt on relabel and removal', () => {
    const { cache } = setup();
    // First-seen numbering: a → 0, b → 1; n4 has no zone → -1.
    expect(cache.topology(ZONE)).toEqual(expect.objectContaining({ ids: [0, 0, 1, -1], values: ['a', 'b'] }));
    cache.addNode(nodeInput('n5', 'c'));
    expect(cache.topology(ZONE)).toEqual(expect.objectContaining({ ids: [0, 0, 1, -1, 2], values: ['a', 'b', 'c'] }));
    // n1 moves to zone b: renumbered from the first node: n1 b → 0, n2 a → 1, n3 b → 0, n5 c → 2.
    cache.updateNode('n1', { labels: { [HOST]: 'n1', [ZONE]: 'b' } });
    expect(cache.topology(ZONE)).toEqual(expect.objectContaining({ ids: [0, 1, 0, -1, 2], values: ['b', 'a', 'c'] }));
    // n2 (the only zone a) leaves: n1 b, n3 b, n4 -, n5 c.
    cache.removeNode('n2');
    expect(cache.topology(ZONE)).toEqual(expect.objectContaining({ ids: [0, 0, -1, 1], values: ['b', 'c'] }));
  });

  test('termGroups: grouped by term, counts per node, group gone with its last pod', () => {
    const { cache, w1, w2, w3, pod } = setup();
    const key = termKey(w1.requiredAntiAffinityTerms[0]);
    // w1, w2 on n1, w3 on n3 carry the one term.
    expect(groups(cache, 'requiredAntiAffinity')).toEqual(new Map([[key, [2, 0, 1, 0]]]));
    expect(groups(cache, 'requiredAffinity')).toEqual(new Map());
    // Both terms of a pod with two equal preferred terms count twice on its node.
    const twice = term({ labelSelector: labels({ app: 'db' }), topologyKey: ZONE });
    const p = livePod({ name: 'p', affinity: { podAffinity: { required: [], preferred: [{ weight: 5, podAffinityTerm: twice }, { weight: 5, podAffinityTerm: twice }] } } }, new Map());
    cache.addPod(p, 'n4');
    expect([...groups(cache, 'preferredAffinity').values()]).toEqual([[0, 0, 0, 2]]);
    cache.removePod(w3);
    expect(groups(cache, 'requiredAntiAffinity')).toEqual(new Map([[key, [2, 0, 0, 0]]]));
    cache.removePod(w1);
    cache.removePod(w2);
    expect(groups(cache, 'requiredAntiAffinity')).toEqual(new Map());
    cache.addPod(pod('w5', 'web'), 'n2');
    expect(groups(cache, 'requiredAntiAffinity')).toEqual(new Map([[key, [0, 1, 0, 0]]]));
  });

  test('images: size per node, numNodes across nodes', () => {
    const cache = new SchedulerCache();
    cache.addNode(nodeInput('n1', 'a', { 'img1:1': 100, 'img2:1': 50 }));
    cache.addNode(nodeInput('n2', 'a', { 'img1:1': 120 }));
    const state = (n: string, img: string) => {
      const s = cache.node(n)!.images.get(img);
      return s === undefined ? undefined : { sizeBytes: s.sizeBytes, numNodes: s.numNodes };
    };
    // img1 on both nodes (each its own size), img2 on n1 only.
    expect(state('n1', 'img1:1')).toEqual({ sizeBytes: 100, numNodes: 2 });
    expect(state('n2', 'img1:1')).toEqual({ sizeBytes: 120, numNodes: 2 });
    expect(state('n1', 'img2:1')).toEqual({ sizeBytes: 50, numNodes: 1 });
    // n2 now reports img2 only: img1 on n1 alone, img2 on both.
    cache.setImages('n2', new Map([['img2:1', 50]]));
    expect(state('n1', 'img1:1')).toEqual({ sizeBytes: 100, numNodes: 1 });
    expect(state('n1', 'img2:1')).toEqual({ sizeBytes: 50, numNodes: 2 });
    expect(state('n2', 'img1:1')).toBeUndefined();
    cache.removeNode('n1');
    expect(state('n2', 'img2:1')).toEqual({ sizeBytes: 50, numNodes: 1 });
  });

  test('eviction: at most maxMatchers rows kept; an evicted matcher is rebuilt with current counts', () => {
    const { cache, pod } = setup({ maxMatchers: 2 });
    const db = matcher(labels({ app: 'db' }), false, ['other']);
    const any = matcher({}, true);
    expect(counts(cache, spreadWeb)).toEqual([2, 0, 1, 0]);
    expect(counts(cache, db)).toEqual([0, 1, 0, 0]);
    expect(counts(cache, any)).toEqual([2, 0, 1, 0]); // default pods only: w1, w2, w3
    expect(cache.indexedMatchers).toBeLessThanOrEqual(2);
    cache.addPod(pod('w4', 'web'), 'n4');
    expect(counts(cache, spreadWeb)).toEqual([2, 0, 1, 1]);
    expect(counts(cache, db)).toEqual([0, 1, 0, 0]);
    expect(counts(cache, any)).toEqual([2, 0, 1, 1]);
    expect(cache.indexedMatchers).toBeLessThanOrEqual(2);
  });

  test('counts arrays are sized to the node count as nodes come and go', () => {
    const cache = new SchedulerCache();
    const m = matcher(labels({ app: 'web' }), false);
    expect(cache.podCounts(m).length).toBe(0);
    for (let i = 0; i < 40; i++) cache.addNode(nodeInput(`n${i}`));
    cache.addPod(makePod({ name: 'w', labels: { app: 'web' } }), 'n39');
    expect(cache.podCounts(m).length).toBe(40);
    expect(cache.podCounts(m)[39]).toBe(1);
    cache.removeNode('n0');
    expect(cache.podCounts(m).length).toBe(39);
    expect(cache.podCounts(m)[38]).toBe(1);
  });
});

describe('SchedulerCache counts the vectors\' existing pods', () => {
  interface Row {
    id: string;
    nodes: [string, Labels][];
    pods: (PodSpecInput & { node: string })[];
    matcher: PodMatcher;
    topologyKey: string;
    counts: number[];
    domains: (string | null)[];
  }
  const rows: Row[] = [
    {
      // PTS-03: p-a is terminating, so the spread matcher (foo Exists, countTerminating false) counts a 0, b 1.
      id: 'PTS-03',
      nodes: [['node-a', { node: 'node-a' }], ['node-b', { node: 'node-b' }]],
      pods: [
        { name: 'p-a', node: 'node-a', labels: { foo: '' }, terminating: true },
        { name: 'p-b', node: 'node-b', labels: { foo: '' } },
      ],
      matcher: matcher({ matchExpressions: [{ key: 'foo', operator: 'Exists' }] }, false),
      topologyKey: 'node',
      counts: [0, 1],
      domains: ['node-a', 'node-b'],
    },
    {
      // IPA-06: the anti term app=cache (affinity terms count terminating pods) matches cache-0 on n3 only; n4 has
      // no zone.
      id: 'IPA-06',
      nodes: [
        ['n1', { [ZONE]: 'z1', [HOST]: 'n1' }],
        ['n2', { [ZONE]: 'z1', [HOST]: 'n2' }],
        ['n3', { [ZONE]: 'z2', [HOST]: 'n3' }],
        ['n4', { [HOST]: 'n4' }],
      ],
      pods: [
        { name: 'db-0', node: 'n1', labels: { app: 'db' } },
        { name: 'cache-0', node: 'n3', labels: { app: 'cache' } },
      ],
      matcher: matcher(labels({ app: 'cache' }), true),
      topologyKey: ZONE,
      counts: [0, 0, 1, 0],
      domains: ['z1', 'z1', 'z2', null],
    },
  ];
  test.each(rows)('$id', (row) => {
    const cache = new SchedulerCache();
    for (const [name, l] of row.nodes) cache.addNode({ name, labels: l, allocatable: { cpuMilli: 1000, memoryBytes: 1024 * Mi, pods: 110 } });
    for (const p of row.pods) cache.addPod(makePod(p), p.node);
    expect(counts(cache, row.matcher)).toEqual(row.counts);
    expect(domains(cache, row.topologyKey)).toEqual(row.domains);
  });
});

// ---- property: the cache answers as ScanSnapshot ----

const NS_LABELS: Record<string, Labels> = { other: { team: 'x' }, default: { team: 'y' } };
const SELECTORS: (LabelSelectorSpec | undefined)[] = [
  labels({ app: 'a' }),
  labels({ app: 'a', tier: 'x' }),
  { matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] },
  { matchLabels: { tier: 'x' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['b'] }] },
  { matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
  {},
  undefined,
];
const NAMESPACINGS: { namespaces: string[]; nsSel?: LabelSelectorSpec }[] = [
  { namespaces: ['default'] },
  { namespaces: ['default', 'other'] },
  { namespaces: [], nsSel: labels({ team: 'x' }) },
  { namespaces: ['default'], nsSel: {} },
];
const MATCHERS: PodMatcher[] = SELECTORS.flatMap((s, i) =>
  [false, true].map((t) => {
    const ns = NAMESPACINGS[i % NAMESPACINGS.length];
    return matcher(s, t, ns.namespaces, ns.nsSel);
  }),
);
const TERMS: ResolvedPodAffinityTerm[] = [
  term({ labelSelector: labels({ app: 'a' }), topologyKey: HOST }),
  term({ labelSelector: labels({ app: 'a' }), topologyKey: ZONE }),
  term({ labelSelector: labels({ tier: 'x' }), topologyKey: ZONE, namespaces: ['other'] }),
  term({ labelSelector: {}, topologyKey: HOST, namespaceSelector: labels({ team: 'x' }) }),
];
const APPS = ['a', 'b', undefined];
const TIERS = ['x', 'y', undefined];
const ZONES = ['z0', 'z1', 'z2', undefined];

type Op =
  | { t: 'addNode'; zone: number }
  | { t: 'removeNode'; i: number }
  | { t: 'relabel'; i: number; zone: number }
  | { t: 'addPod'; node: number; app: number; tier: number; other: boolean; terminating: boolean; terms: number[][] }
  | { t: 'movePod'; i: number; node: number }
  | { t: 'removePod'; i: number }
  | { t: 'terminate'; i: number }
  | { t: 'query'; m: number }
  | { t: 'check' };

const idx = fc.nat(1000);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant('addNode' as const), zone: fc.nat(3) }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant('removeNode' as const), i: idx }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('relabel' as const), i: idx, zone: fc.nat(3) }), weight: 1 },
  {
    arbitrary: fc.record({
      t: fc.constant('addPod' as const),
      node: idx,
      app: fc.nat(2),
      tier: fc.nat(2),
      other: fc.boolean(),
      terminating: fc.boolean(),
      terms: fc.array(fc.array(fc.nat(TERMS.length - 1), { maxLength: 2 }), { minLength: 4, maxLength: 4 }),
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ t: fc.constant('movePod' as const), i: idx, node: idx }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('removePod' as const), i: idx }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('terminate' as const), i: idx }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('query' as const), m: fc.nat(MATCHERS.length - 1) }), weight: 2 },
  { arbitrary: fc.constant({ t: 'check' as const }), weight: 1 },
);

function affinityOf(terms: number[][]): ResolvedAffinity {
  const req = (xs: number[]) => xs.map((i) => TERMS[i]);
  const pref = (xs: number[]) => xs.map((i) => ({ weight: 1 + i, podAffinityTerm: TERMS[i] }));
  return {
    podAffinity: { required: req(terms[0]), preferred: pref(terms[2]) },
    podAntiAffinity: { required: req(terms[1]), preferred: pref(terms[3]) },
  };
}

/** Every query of the cache equals ScanSnapshot's over the cache's nodes; nodes and pods equal the model's. */
function checkAll(cache: SchedulerCache, model: { name: string; labels: Labels; pods: PodInfo[] }[]): void {
  expect(cache.nodes.map((n) => [n.index, n.name, n.labels])).toEqual(model.map((n, i) => [i, n.name, n.labels]));
  cache.nodes.forEach((n, i) => {
    const pods = model[i].pods;
    expect(n.pods.map((p) => p.uid).sort()).toEqual(pods.map((p) => p.uid).sort());
    const cpu = pods.reduce((s, p) => s + p.requests.cpuMilli, 0);
    const nonZeroMem = pods.reduce((s, p) => s + p.nonZeroRequests.memoryBytes, 0);
    expect([n.requested.cpuMilli, n.requested.pods, n.nonZeroRequested.memoryBytes]).toEqual([cpu, pods.length, nonZeroMem]);
  });
  const scan = new ScanSnapshot({ nodes: cache.nodes, namespaceLabels: NS_LABELS });
  for (const m of MATCHERS) expect([m.key, counts(cache, m)]).toEqual([m.key, counts(scan, m)]);
  for (const key of [HOST, ZONE, 'missing']) expect(domains(cache, key)).toEqual(domains(scan, key));
  for (const kind of KINDS) expect(groups(cache, kind)).toEqual(groups(scan, kind));
  // Per-domain sums, which the cache keeps incrementally once queried (this check queries them for the next one).
  for (const key of [HOST, ZONE, 'missing']) {
    for (const m of MATCHERS) expect([m.key, key, byDomain(cache, m, key)]).toEqual([m.key, key, byDomain(scan, m, key)]);
    for (const kind of KINDS) {
      const scanGroups = new Map([...scan.termGroups(kind)].map((g) => [termKey(g.term), g]));
      for (const g of cache.termGroups(kind)) expect([termKey(g.term), key, byDomain(cache, g, key)]).toEqual([termKey(g.term), key, byDomain(scan, scanGroups.get(termKey(g.term))!, key)]);
    }
  }
}

function run(ops: Op[], maxMatchers: number | undefined): void {
  const flags = new Map<string, boolean>();
  const cache = new SchedulerCache({ namespaceLabels: (ns) => NS_LABELS[ns], ...(maxMatchers !== undefined ? { maxMatchers } : {}) });
  const model: { name: string; labels: Labels; pods: PodInfo[] }[] = [];
  const live: PodInfo[] = [];
  let nodeSeq = 0;
  let podSeq = 0;
  const nodeLabels = (name: string, zone: number): Labels => ({ [HOST]: name, ...(ZONES[zone] !== undefined ? { [ZONE]: ZONES[zone]! } : {}) });
  const modelNodeOf = (p: PodInfo) => model.find((n) => n.pods.includes(p))!;
  for (const op of ops) {
    switch (op.t) {
      case 'addNode': {
        const name = `node-${nodeSeq++}`;
        const l = nodeLabels(name, op.zone);
        cache.addNode({ name, labels: l, allocatable: { cpuMilli: 4000, memoryBytes: 8192 * Mi, pods: 110 } });
        model.push({ name, labels: l, pods: [] });
        break;
      }
      case 'removeNode': {
        if (model.length === 0) break;
        const [gone] = model.splice(op.i % model.length, 1);
        cache.removeNode(gone.name);
        for (const p of gone.pods) live.splice(live.indexOf(p), 1);
        break;
      }
      case 'relabel': {
        if (model.length === 0) break;
        const n = model[op.i % model.length];
        n.labels = nodeLabels(n.name, op.zone);
        cache.updateNode(n.name, { labels: n.labels });
        break;
      }
      case 'addPod': {
        if (model.length === 0) break;
        const n = model[op.node % model.length];
        const l: Record<string, string> = {};
        if (APPS[op.app] !== undefined) l.app = APPS[op.app]!;
        if (TIERS[op.tier] !== undefined) l.tier = TIERS[op.tier]!;
        const spec: PodSpecInput = { name: `pod-${podSeq++}`, namespace: op.other ? 'other' : 'default', labels: l, terminating: op.terminating };
        const p = livePod({ ...spec, requests: { cpu: 100 + (podSeq % 3) * 50 }, affinity: affinityOf(op.terms) }, flags);
        cache.addPod(p, n.name);
        n.pods.push(p);
        live.push(p);
        break;
      }
      case 'movePod': {
        if (live.length === 0) break;
        const p = live[op.i % live.length];
        const from = modelNodeOf(p);
        const to = model[op.node % model.length];
        cache.addPod(p, to.name);
        from.pods.splice(from.pods.indexOf(p), 1);
        to.pods.push(p);
        break;
      }
      case 'removePod': {
        if (live.length === 0) break;
        const [p] = live.splice(op.i % live.length, 1);
        const from = modelNodeOf(p);
        from.pods.splice(from.pods.indexOf(p), 1);
        cache.removePod(p);
        break;
      }
      case 'terminate': {
        if (live.length === 0) break;
        const p = live[op.i % live.length];
        flags.set(p.uid, true);
        cache.podChanged(p);
        break;
      }
      case 'query':
        cache.podCounts(MATCHERS[op.m]);
        cache.domainCounts(MATCHERS[op.m], op.m % 2 === 0 ? ZONE : HOST);
        break;
      case 'check':
        checkAll(cache, model);
        break;
    }
    if (maxMatchers !== undefined) expect(cache.indexedMatchers).toBeLessThanOrEqual(maxMatchers);
  }
  checkAll(cache, model);
}

describe('SchedulerCache answers as ScanSnapshot (property)', () => {
  test('random node and pod histories, every matcher indexed', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 60, size: 'max' }), (ops) => run(ops, undefined)), { numRuns: 300 });
  });

  test('random histories with at most 3 indexed matchers (eviction and rebuilds)', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 60, size: 'max' }), (ops) => run(ops, 3)), { numRuns: 200 });
  });
});
