/**
 * The scheduler cache's incremental counting indexes: per-node counts of the pods a PodMatcher matches
 * (MatcherIndex, behind Snapshot.podCounts) and of existing pods' affinity terms grouped by termKey
 * (TermGroupIndex, behind Snapshot.termGroups). Kept current on every pod add / remove / terminating change so a
 * PreFilter never scans all pods (upstream's interpodaffinity/filtering.go and podtopologyspread/filtering.go
 * PreFilter do scan; reference §3.2, §4.2). Owns only counts; never decides anything.
 */
import type { Labels } from '../../labels';
import { sumByDomain, termKey, TERM_FIELDS } from './scanSnapshot';
import type { DomainCounts, NodeCounts, PodInfo, PodMatcher, TermGroup, TermKind, TopologyDomains } from './types';
import { matcherMatches } from './selectors';

/**
 * The node dimension every counts row shares: `n` nodes, rows allocated for `capacity` (≥ n), and the version of
 * the nodes' topology (bumped by the cache whenever a node is added or removed or its labels change: per-domain sums
 * built before are stale and rebuilt on their next query).
 */
export interface Dimension {
  n: number;
  capacity: number;
  topologyVersion: number;
}

/** A row's counts summed per domain of one topology key, kept current while the topology version holds. */
interface DomainAggregate extends DomainCounts {
  readonly version: number;
  readonly ids: ArrayLike<number>;
  readonly sums: Int32Array;
  nonZero: number;
}

/** A pod as the indexes know it: its node (by current index) and the terminating state last reported. */
export interface IndexedPod {
  readonly pod: PodInfo;
  readonly node: { readonly index: number };
  terminating: boolean;
}

/** One per-node counts row over the shared capacity; `counts()` is a view sized to the node count. */
class CountRow {
  buf: Int32Array;
  private view: Int32Array;
  /** Per topology key, the counts summed per domain (built on first query; see domainCounts). */
  private aggregates: Map<string, DomainAggregate> | undefined;
  constructor(private readonly dim: Dimension) {
    this.buf = new Int32Array(dim.capacity);
    this.view = this.buf.subarray(0, dim.n);
  }

  /** counts[i] += delta, and the same in every current per-domain sum. */
  add(i: number, delta: number): void {
    this.buf[i] += delta;
    if (this.aggregates === undefined) return;
    for (const a of this.aggregates.values()) {
      if (a.version !== this.dim.topologyVersion) continue;
      const id = a.ids[i];
      if (id < 0) continue;
      const old = a.sums[id];
      a.sums[id] = old + delta;
      if (old === 0) a.nonZero++;
      else if (old + delta === 0) a.nonZero--;
    }
  }

  /** The counts summed per domain of `topology` (the key's current domains): O(1) once built for this topology. */
  domainCounts(key: string, topology: TopologyDomains): DomainCounts {
    let a = this.aggregates?.get(key);
    if (a === undefined || a.version !== this.dim.topologyVersion) {
      const { sums, nonZero } = sumByDomain(this.counts(), topology);
      a = { version: this.dim.topologyVersion, ids: topology.ids, sums, nonZero };
      (this.aggregates ??= new Map()).set(key, a);
    }
    return a;
  }
  counts(): Int32Array {
    if (this.view.length !== this.dim.n || this.view.buffer !== this.buf.buffer) this.view = this.buf.subarray(0, this.dim.n);
    return this.view;
  }
  grow(): void {
    const b = new Int32Array(this.dim.capacity);
    b.set(this.buf);
    this.buf = b;
  }
  /** Drops slot `i` of `n` (the node at index i left; later nodes move down one). */
  removeSlot(i: number, n: number): void {
    this.buf.copyWithin(i, i + 1, n);
    this.buf[n - 1] = 0;
  }
}

/** A label pair → items bucket map without building `k=v` strings. */
class PairBuckets<T> {
  private readonly byKey = new Map<string, Map<string, Set<T>>>();
  get(key: string, value: string): Set<T> | undefined {
    return this.byKey.get(key)?.get(value);
  }
  size(key: string, value: string): number {
    return this.get(key, value)?.size ?? 0;
  }
  add(key: string, value: string, item: T): void {
    let byValue = this.byKey.get(key);
    if (byValue === undefined) this.byKey.set(key, (byValue = new Map()));
    let set = byValue.get(value);
    if (set === undefined) byValue.set(value, (set = new Set()));
    set.add(item);
  }
  delete(key: string, value: string, item: T): void {
    const byValue = this.byKey.get(key);
    const set = byValue?.get(value);
    if (set === undefined) return;
    set.delete(item);
    if (set.size === 0) {
      byValue!.delete(value);
      if (byValue!.size === 0) this.byKey.delete(key);
    }
  }
}

interface MatcherEntry {
  readonly matcher: PodMatcher;
  readonly row: CountRow;
  /** The required pair the entry is filed under; undefined = in `unpaired` (or nil: filed nowhere). */
  readonly pair?: readonly [string, string];
  lastUse: number;
}

export interface MatcherIndexOptions {
  /** At most this many matchers are indexed; default: `maxCountCells` / node capacity (at least 64). */
  readonly maxMatchers?: number;
  /** Memory budget in counts cells (4 bytes each) when `maxMatchers` is not given; default 2^24 (64 MiB). */
  readonly maxCountCells?: number;
}

/**
 * podCounts' index. A matcher's row is built on its first query by scanning the pods that carry its most selective
 * required pair (or all pods when its selector has none), then kept current. On a pod change only the matchers
 * filed under one of the pod's label pairs, plus the few without pairs, are tested. Least recently queried
 * matchers are evicted past the budget (a later query rebuilds them).
 */
export class MatcherIndex {
  private readonly entries = new Map<string, MatcherEntry>();
  private readonly byPair = new PairBuckets<MatcherEntry>();
  private readonly unpaired = new Set<MatcherEntry>();
  private readonly podsByPair = new PairBuckets<IndexedPod>();
  private useClock = 0;

  constructor(
    private readonly dim: Dimension,
    private readonly nsLabels: (ns: string) => Labels | undefined,
    private readonly allPods: () => Iterable<IndexedPod>,
    private readonly options: MatcherIndexOptions = {},
  ) {}

  get size(): number {
    return this.entries.size;
  }

  podCounts(m: PodMatcher): NodeCounts {
    const e = this.entries.get(m.key) ?? this.build(m);
    e.lastUse = ++this.useClock;
    return e.row.counts();
  }

  domainCounts(m: PodMatcher, key: string, topology: TopologyDomains): DomainCounts {
    const e = this.entries.get(m.key) ?? this.build(m);
    e.lastUse = ++this.useClock;
    return e.row.domainCounts(key, topology);
  }

  addPod(p: IndexedPod): void {
    const labels = p.pod.labels;
    for (const k in labels) this.podsByPair.add(k, labels[k], p);
    this.forCandidates(p, false, (e) => e.row.add(p.node.index, 1));
  }

  removePod(p: IndexedPod): void {
    this.forgetPod(p);
    this.forCandidates(p, false, (e) => e.row.add(p.node.index, -1));
  }

  /** Records `p.terminating = terminating`, moving the counts of matchers that skip terminating pods. */
  setTerminating(p: IndexedPod, terminating: boolean): void {
    if (p.terminating === terminating) return;
    const delta = terminating ? -1 : 1;
    this.forCandidates(p, true, (e) => e.row.add(p.node.index, delta));
    p.terminating = terminating;
  }

  /** Drops `p` from the pair index only (its node is leaving; removeSlot drops the counts). */
  forgetPod(p: IndexedPod): void {
    const labels = p.pod.labels;
    for (const k in labels) this.podsByPair.delete(k, labels[k], p);
  }

  removeSlot(i: number, n: number): void {
    for (const e of this.entries.values()) e.row.removeSlot(i, n);
  }

  grow(): void {
    for (const e of this.entries.values()) e.row.grow();
    this.evict();
  }

  /** Namespace labels changed: matchers with a namespaceSelector are dropped (rebuilt on their next query). */
  dropNamespaceSelectorMatchers(): void {
    for (const e of [...this.entries.values()]) if (e.matcher.namespaceSelector !== undefined) this.drop(e);
  }

  /** Calls `f` for each indexed matcher that counts `p` (ignoring `p`'s terminating state when `onlySkipping`). */
  private forCandidates(p: IndexedPod, onlySkipping: boolean, f: (e: MatcherEntry) => void): void {
    const labels = p.pod.labels;
    for (const k in labels) {
      const bucket = this.byPair.get(k, labels[k]);
      if (bucket !== undefined) for (const e of bucket) if (this.counts(e.matcher, p, onlySkipping)) f(e);
    }
    for (const e of this.unpaired) if (this.counts(e.matcher, p, onlySkipping)) f(e);
  }

  /**
   * selectors.ts matcherMatches with the recorded terminating state instead of the live one, so a removal
   * subtracts exactly what the addition added. `onlySkipping`: only matchers that skip terminating pods, as if the
   * pod were not terminating.
   */
  private counts(m: PodMatcher, p: IndexedPod, onlySkipping: boolean): boolean {
    if (onlySkipping ? m.countTerminating : !m.countTerminating && p.terminating) return false;
    const pod = p.pod;
    if (!m.namespaces.has(pod.namespace)) {
      if (m.namespaceSelector === undefined) return false;
      if (!m.namespaceSelector.matches(this.nsLabels(pod.namespace) ?? {})) return false;
    }
    return m.selector.matches(pod.labels);
  }

  private build(m: PodMatcher): MatcherEntry {
    const sel = m.selector;
    let pair: readonly [string, string] | undefined;
    // The most selective required pair: fewest pods to scan now, fewest pod changes to test later.
    for (const cand of sel.pairs) if (pair === undefined || this.podsByPair.size(cand[0], cand[1]) < this.podsByPair.size(pair[0], pair[1])) pair = cand;
    const e: MatcherEntry = { matcher: m, row: new CountRow(this.dim), ...(pair !== undefined ? { pair } : {}), lastUse: 0 };
    if (!sel.isNil) {
      const buf = e.row.buf;
      const pods = pair !== undefined ? (this.podsByPair.get(pair[0], pair[1]) ?? []) : this.allPods();
      for (const p of pods) if (this.counts(m, p, false)) buf[p.node.index]++;
      if (pair !== undefined) this.byPair.add(pair[0], pair[1], e);
      else this.unpaired.add(e);
    }
    this.entries.set(m.key, e);
    this.evict(e);
    return e;
  }

  private drop(e: MatcherEntry): void {
    this.entries.delete(e.matcher.key);
    if (e.pair !== undefined) this.byPair.delete(e.pair[0], e.pair[1], e);
    else this.unpaired.delete(e);
  }

  /** Past the budget, drops the least recently queried matchers down to 3/4 of it (amortised O(log n) per build). */
  private evict(keep?: MatcherEntry): void {
    const { maxMatchers, maxCountCells = 1 << 24 } = this.options;
    const cap = Math.max(1, maxMatchers ?? Math.max(64, Math.floor(maxCountCells / Math.max(1, this.dim.capacity))));
    if (this.entries.size <= cap) return;
    const target = Math.max(1, Math.floor((cap * 3) / 4));
    const byAge = [...this.entries.values()].filter((e) => e !== keep).sort((a, b) => a.lastUse - b.lastUse);
    for (let i = 0; this.entries.size > target && i < byAge.length; i++) this.drop(byAge[i]);
  }
}

/** An existing pods' term group with its live counts row. */
class GroupEntry implements TermGroup {
  /** Pods (with multiplicity) carrying the term over all nodes; the group goes when it reaches 0. */
  total = 0;
  /** Creation order, so a query's candidates come back in termGroups' (first-seen) order. */
  readonly seq: number;
  /** The `key\0value` pair the group is filed under for `matching` (a pair every matching pod carries), or ''. */
  readonly pair: string;
  constructor(
    readonly term: TermGroup['term'],
    readonly row: CountRow,
    seq: number,
  ) {
    this.seq = seq;
    const first = term.matcher.selector.pairs[0];
    this.pair = first === undefined ? '' : `${first[0]}\0${first[1]}`;
  }
  get counts(): NodeCounts {
    return this.row.counts();
  }
}

/** A term group's counts summed per domain: kept by the index for its own groups, summed for any other. */
export function groupDomainCounts(g: TermGroup, key: string, topology: TopologyDomains): DomainCounts {
  return g instanceof GroupEntry ? g.row.domainCounts(key, topology) : sumByDomain(g.counts, topology);
}

/** termGroups' index: per kind, groups in first-seen order (a Map's insertion order), counts kept per pod change. */
export class TermGroupIndex {
  private readonly groups: Record<TermKind, Map<string, GroupEntry>> = {
    requiredAffinity: new Map(),
    requiredAntiAffinity: new Map(),
    preferredAffinity: new Map(),
    preferredAntiAffinity: new Map(),
  };
  private static readonly KINDS: readonly TermKind[] = ['requiredAffinity', 'requiredAntiAffinity', 'preferredAffinity', 'preferredAntiAffinity'];
  /** Per kind, groups by the selector pair they are filed under ('' = no pair: always a candidate). */
  private readonly byPair: Record<TermKind, Map<string, Set<GroupEntry>>> = {
    requiredAffinity: new Map(),
    requiredAntiAffinity: new Map(),
    preferredAffinity: new Map(),
    preferredAntiAffinity: new Map(),
  };
  private seq = 0;

  constructor(private readonly dim: Dimension) {}

  /** The groups of `kind` whose term matches `pod`: candidates by the pod's label pairs, then the full match. */
  matching(kind: TermKind, pod: PodInfo, nsLabels: (ns: string) => Labels | undefined): TermGroup[] {
    const index = this.byPair[kind];
    if (index.size === 0) return [];
    const out: GroupEntry[] = [];
    const consider = (set: Set<GroupEntry> | undefined) => {
      if (set === undefined) return;
      for (const g of set) if (matcherMatches(g.term.matcher, pod, nsLabels)) out.push(g);
    };
    consider(index.get(''));
    const labels = pod.labels;
    for (const k in labels) consider(index.get(`${k}\0${labels[k]}`));
    if (out.length > 1) out.sort((a, b) => a.seq - b.seq);
    return out;
  }

  private file(kind: TermKind, g: GroupEntry, add: boolean): void {
    const index = this.byPair[kind];
    let set = index.get(g.pair);
    if (add) {
      if (set === undefined) index.set(g.pair, (set = new Set()));
      set.add(g);
    } else if (set !== undefined) {
      set.delete(g);
      if (set.size === 0) index.delete(g.pair);
    }
  }

  termGroups(kind: TermKind): Iterable<TermGroup> {
    return this.groups[kind].values();
  }

  addPod(p: IndexedPod): void {
    this.change(p, 1);
  }

  removePod(p: IndexedPod): void {
    this.change(p, -1);
  }

  /** The pod's terms join (+1) or leave (−1) their groups on its node; a group is made on its first pod and goes with its last. */
  private change(p: IndexedPod, delta: 1 | -1): void {
    for (const kind of TermGroupIndex.KINDS) {
      const terms = p.pod[TERM_FIELDS[kind]];
      if (terms.length === 0) continue;
      const groups = this.groups[kind];
      for (const term of terms) {
        const k = termKey(term);
        let g = groups.get(k);
        if (g === undefined) {
          if (delta < 0) continue;
          groups.set(k, (g = new GroupEntry(term, new CountRow(this.dim), this.seq++)));
          this.file(kind, g, true);
        }
        g.row.add(p.node.index, delta);
        g.total += delta;
        if (g.total === 0) {
          groups.delete(k);
          this.file(kind, g, false);
        }
      }
    }
  }

  /** The node at index i (of n) left with its pods: their terms leave the totals, then the slot is dropped. */
  removeSlot(i: number, n: number): void {
    for (const kind of TermGroupIndex.KINDS) {
      const groups = this.groups[kind];
      for (const [k, g] of [...groups]) {
        g.total -= g.row.buf[i];
        if (g.total === 0) {
          groups.delete(k);
          this.file(kind, g, false);
        } else g.row.removeSlot(i, n);
      }
    }
  }

  grow(): void {
    for (const kind of TermGroupIndex.KINDS) for (const g of this.groups[kind].values()) g.row.grow();
  }
}
