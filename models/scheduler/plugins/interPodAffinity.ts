/**
 * InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity): required pod affinity / anti-affinity as a
 * filter (filtering.go) and preferred terms as a score (scoring.go), scheduler.md §3. Counts come from the Snapshot's
 * queries (podCounts, termGroups); pods are scanned only for "matches ALL affinity terms" with several terms.
 * A policy: it reads the snapshot and writes only its own CycleState entries; it never mutates nodes or pods.
 */
import type { PluginArgs } from '../config';
import { matcherMatches } from '../framework/selectors';
import {
  unresolvable,
  unschedulable,
  type AffinityTerm,
  type CycleState,
  type DomainCounts,
  type FilterPlugin,
  type Labels,
  type NodeInfo,
  type PluginState,
  type PodInfo,
  type ScorePlugin,
  type Snapshot,
  type Status,
  type TopologyDomains,
} from '../framework/types';

export const INTER_POD_AFFINITY = 'InterPodAffinity';

/** filtering.go : ErrReason* (§3.2, §10). */
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";

/** filtering.go : preFilterStateKey, scoring.go : preScoreStateKey. */
const PRE_FILTER_KEY = `PreFilter${INTER_POD_AFFINITY}`;
const PRE_SCORE_KEY = `PreScore${INTER_POD_AFFINITY}`;

// Shared, read-only statuses: Filter runs per node, so a failing node allocates nothing.
const AFFINITY_FAILED = unresolvable(INTER_POD_AFFINITY, ERR_REASON_AFFINITY_RULES_NOT_MATCH);
const ANTI_AFFINITY_FAILED = unschedulable(INTER_POD_AFFINITY, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
const EXISTING_ANTI_AFFINITY_FAILED = unschedulable(INTER_POD_AFFINITY, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
/** getPreFilterState's error (framework.AsStatus): Filter without PreFilter state is a framework bug. */
const NO_STATE: Status = { code: 'Error', plugin: INTER_POD_AFFINITY, reasons: [`error reading "${PRE_FILTER_KEY}" from cycleState: not found`] };

/**
 * filtering.go : topologyToMatchedTermCount, stored per topology key as a count per domain id of the Snapshot's
 * `topology(key)`, so Filter reads two arrays by node index instead of hashing a (key, value) pair. A node without
 * the key has id −1 and is never counted (upstream's `update` skips it). `size` is upstream's `len(map)`: the number
 * of (key, value) pairs with a non-zero count (upstream deletes entries that fall to 0).
 */
/** A read-only all-zero array of `n` cells (a view of one shared buffer, grown as needed; never written). */
let zeroBuffer = new Int32Array(1024);
function zeros(n: number): Int32Array {
  if (zeroBuffer.length < n) zeroBuffer = new Int32Array(Math.max(n, 2 * zeroBuffer.length));
  return zeroBuffer.subarray(0, n);
}

export class TopologyCounts {
  readonly keys: string[] = [];
  readonly domains: TopologyDomains[] = [];
  readonly counts: Int32Array[] = [];
  /**
   * Per slot: its counts array is the snapshot's (read-only, from addDomainCounts) and must be copied before the
   * first change; `touched` = something was added to the slot.
   */
  private readonly shared: boolean[] = [];
  private readonly touched: boolean[] = [];
  size = 0;

  /** The slot of `key`, created (all zero) on first use. */
  slot(key: string, snapshot: Snapshot): number {
    const i = this.keys.indexOf(key);
    if (i >= 0) return i;
    const dom = snapshot.topology(key);
    this.keys.push(key);
    this.domains.push(dom);
    // All zero, read-only until the first change copies it (most slots get the snapshot's sums instead).
    this.counts.push(zeros(dom.values.length));
    this.shared.push(true);
    this.touched.push(false);
    return this.keys.length - 1;
  }

  /** topologyToMatchedTermCount.update: `delta` at (key, value of the node) if the node has the key. */
  addAt(slot: number, nodeIndex: number, delta: number): void {
    const id = this.domains[slot].ids[nodeIndex];
    if (id < 0 || delta === 0) return;
    this.own(slot);
    const c = this.counts[slot];
    const old = c[id];
    c[id] = old + delta;
    if (old === 0) this.size++;
    else if (old + delta === 0) this.size--;
  }

  /**
   * Adds per-domain sums (Snapshot.domainCounts of the slot's key): the merge of upstream's per-node lists. The first
   * addition to a slot shares the snapshot's array instead of adding domain by domain (no work per node or domain).
   */
  addDomainCounts(slot: number, dc: DomainCounts): void {
    if (!this.touched[slot]) {
      this.touched[slot] = true;
      this.counts[slot] = dc.sums;
      this.shared[slot] = true;
      this.size += dc.nonZero;
      return;
    }
    const sums = dc.sums;
    for (let d = 0; d < sums.length; d++) {
      const v = sums[d];
      if (v === 0) continue;
      this.own(slot);
      const c = this.counts[slot];
      const old = c[d];
      c[d] = old + v;
      if (old === 0) this.size++;
      else if (old + v === 0) this.size--;
    }
  }

  /** Copies a shared counts array before the slot's first change. */
  private own(slot: number): void {
    this.touched[slot] = true;
    if (!this.shared[slot]) return;
    this.counts[slot] = this.counts[slot].slice();
    this.shared[slot] = false;
  }

  /** satisfyExistingPodsAntiAffinity's test: some label (k, v) of the node has a count > 0. */
  anyPositiveAt(nodeIndex: number): boolean {
    for (let s = 0; s < this.keys.length; s++) {
      const id = this.domains[s].ids[nodeIndex];
      if (id >= 0 && this.counts[s][id] > 0) return true;
    }
    return false;
  }

  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (let s = 0; s < this.keys.length; s++) {
      c.keys.push(this.keys[s]);
      c.domains.push(this.domains[s]);
      c.counts.push(this.counts[s].slice());
      c.shared.push(false);
      c.touched.push(this.touched[s]);
    }
    c.size = this.size;
    return c;
  }

  /** Non-zero pairs as sorted `key=value` rows (tests, debugging). */
  entries(): [string, number][] {
    const out: [string, number][] = [];
    this.keys.forEach((k, s) => this.counts[s].forEach((n, id) => n !== 0 && out.push([`${k}=${this.domains[s].values[id]}`, n])));
    return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}

type NsLookup = (ns: string) => Labels | undefined;

/**
 * filtering.go : podMatchesAllAffinityTerms: false without terms. The incoming pod's terms: upstream merges their
 * namespaceSelector into the namespace list up front (mergeAffinityTermNamespacesIfNotEmpty); matching the selector
 * against the namespace's labels here gives the same answer for every declared namespace.
 */
function matchesAllTerms(terms: readonly AffinityTerm[], pod: PodInfo, ns: NsLookup): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!matcherMatches(t.matcher, pod, ns)) return false;
  return true;
}

/**
 * filtering.go : preFilterState. Each incoming term's domain ids and counts are resolved once, so Filter costs a few
 * array reads per term and allocates nothing.
 */
class PreFilterState implements PluginState {
  private readonly affIds: ArrayLike<number>[];
  private affCounts: Int32Array[];
  private readonly antiIds: ArrayLike<number>[];
  private antiCounts: Int32Array[];
  constructor(
    readonly pod: PodInfo,
    readonly existingAntiAffinityCounts: TopologyCounts,
    readonly affinityCounts: TopologyCounts,
    readonly antiAffinityCounts: TopologyCounts,
    /** Slot in affinityCounts / antiAffinityCounts of each required (anti-)affinity term. */
    private readonly affSlots: readonly number[],
    private readonly antiSlots: readonly number[],
    /** The incoming pod matches all its own required affinity terms (the first-pod rule, §3.3). */
    readonly matchesOwnAffinityTerms: boolean,
  ) {
    this.affIds = affSlots.map((s) => affinityCounts.domains[s].ids);
    this.affCounts = affSlots.map((s) => affinityCounts.counts[s]);
    this.antiIds = antiSlots.map((s) => antiAffinityCounts.domains[s].ids);
    this.antiCounts = antiSlots.map((s) => antiAffinityCounts.counts[s]);
  }

  clone(): PreFilterState {
    return new PreFilterState(
      this.pod,
      this.existingAntiAffinityCounts.clone(),
      this.affinityCounts.clone(),
      this.antiAffinityCounts.clone(),
      this.affSlots,
      this.antiSlots,
      this.matchesOwnAffinityTerms,
    );
  }

  /** filtering.go : satisfyPodAffinity (§3.2 check 1, §3.3). */
  satisfyPodAffinity(nodeIndex: number): boolean {
    let podsExist = true;
    for (let t = 0; t < this.affIds.length; t++) {
      const id = this.affIds[t][nodeIndex];
      if (id < 0) return false; // all topology labels must exist on the node
      if (this.affCounts[t][id] <= 0) podsExist = false;
    }
    if (podsExist) return true;
    return this.affinityCounts.size === 0 && this.matchesOwnAffinityTerms;
  }

  /** filtering.go : satisfyPodAntiAffinity (§3.2 check 2): a term whose key the node lacks is ignored. */
  satisfyPodAntiAffinity(nodeIndex: number): boolean {
    if (this.antiAffinityCounts.size === 0) return true;
    for (let t = 0; t < this.antiIds.length; t++) {
      const id = this.antiIds[t][nodeIndex];
      if (id >= 0 && this.antiCounts[t][id] > 0) return false;
    }
    return true;
  }

  /** filtering.go : satisfyExistingPodsAntiAffinity (§3.2 check 3). */
  satisfyExistingPodsAntiAffinity(nodeIndex: number): boolean {
    return this.existingAntiAffinityCounts.size === 0 || !this.existingAntiAffinityCounts.anyPositiveAt(nodeIndex);
  }

  /** filtering.go : preFilterState.updateWithPod: `other` added to (+1) or removed from (−1) `node`. */
  updateWithPod(other: PodInfo, node: NodeInfo, snapshot: Snapshot, multiplier: number): void {
    const ns: NsLookup = (n) => snapshot.namespaceLabels(n);
    for (const t of other.requiredAntiAffinityTerms) {
      if (matcherMatches(t.matcher, this.pod, ns)) this.existingAntiAffinityCounts.addAt(this.existingAntiAffinityCounts.slot(t.topologyKey, snapshot), node.index, multiplier);
    }
    if (matchesAllTerms(this.pod.requiredAffinityTerms, other, ns)) {
      for (const s of this.affSlots) this.affinityCounts.addAt(s, node.index, multiplier);
    }
    this.pod.requiredAntiAffinityTerms.forEach((t, i) => {
      if (matcherMatches(t.matcher, other, ns)) this.antiAffinityCounts.addAt(this.antiSlots[i], node.index, multiplier);
    });
    // A change copies a slot that shared the snapshot's sums: read the slots' current arrays again.
    this.affCounts = this.affSlots.map((s) => this.affinityCounts.counts[s]);
    this.antiCounts = this.antiSlots.map((s) => this.antiAffinityCounts.counts[s]);
  }
}

/**
 * scoring.go : preScoreState.topologyScore (scoreMap), per topology key a sum per domain id. `produced` is upstream's
 * `index != -1`: some existing pod matched a term on a node that has the term's key (even if the sums cancel out).
 */
class TopologyScore implements PluginState {
  readonly domains: TopologyDomains[] = [];
  readonly sums: Float64Array[] = [];
  private readonly keys: string[] = [];
  produced = false;

  /** processExistingPod's additions for one term: `weight` × the matching pods per domain of the term's key. */
  addDomainCounts(key: string, dc: DomainCounts, snapshot: Snapshot, weight: number): void {
    let s = this.keys.indexOf(key);
    if (s < 0) {
      s = this.keys.length;
      const dom = snapshot.topology(key);
      this.keys.push(key);
      this.domains.push(dom);
      this.sums.push(new Float64Array(dom.values.length));
    }
    // Pods on a node without the key never count (processExistingPod skips the node): domainCounts leaves them out.
    if (dc.nonZero === 0) return;
    this.produced = true;
    const sums = this.sums[s];
    const from = dc.sums;
    for (let d = 0; d < from.length; d++) if (from[d] !== 0) sums[d] += weight * from[d];
  }

  /** scoring.go : Score: Σ over the keys the node has. */
  score(nodeIndex: number): number {
    let total = 0;
    for (let s = 0; s < this.sums.length; s++) {
      const id = this.domains[s].ids[nodeIndex];
      if (id >= 0) total += this.sums[s][id];
    }
    return total;
  }

  /** preScoreState.Clone returns the same object: nothing changes it after PreScore. */
  clone(): TopologyScore {
    return this;
  }
}

/** The InterPodAffinity plugin with the profile's InterPodAffinityArgs (§3.4, §3.5). */
export function interPodAffinityPlugin(args: PluginArgs): FilterPlugin & ScorePlugin {
  const { hardPodAffinityWeight, ignorePreferredTermsOfExistingPods } = args.interPodAffinity;

  return {
    name: INTER_POD_AFFINITY,

    /** filtering.go : PreFilter (§1.2, §3.2). */
    preFilter(state: CycleState, pod: PodInfo, snapshot: Snapshot) {
      const ns: NsLookup = (n) => snapshot.namespaceLabels(n);
      // getExistingAntiAffinityCounts: existing pods' required anti-affinity terms against the incoming pod, whose
      // namespace labels a namespaceSelector is matched against (§3.1). One check per distinct term.
      const existing = new TopologyCounts();
      for (const g of snapshot.termGroupsMatching('requiredAntiAffinity', pod)) {
        existing.addDomainCounts(existing.slot(g.term.topologyKey, snapshot), snapshot.domainCounts(g, g.term.topologyKey));
      }
      // getIncomingAffinityAntiAffinityCounts.
      const aff = pod.requiredAffinityTerms;
      const anti = pod.requiredAntiAffinityTerms;
      const affinity = new TopologyCounts();
      const antiAffinity = new TopologyCounts();
      const affSlots = aff.map((t) => affinity.slot(t.topologyKey, snapshot));
      const antiSlots = anti.map((t) => antiAffinity.slot(t.topologyKey, snapshot));
      if (aff.length === 1) {
        affinity.addDomainCounts(affSlots[0], snapshot.domainCounts(aff[0].matcher, aff[0].topologyKey));
      } else if (aff.length > 1) {
        // A pod counts only if it matches ALL terms (updateWithAffinityTerms), which per-term counts cannot tell:
        // scan the pods of the nodes where the first term matches some.
        const first = snapshot.podCounts(aff[0].matcher);
        for (const node of snapshot.nodes) {
          if (first[node.index] === 0) continue;
          for (const p of node.pods) {
            if (matchesAllTerms(aff, p, ns)) for (const s of affSlots) affinity.addAt(s, node.index, 1);
          }
        }
      }
      anti.forEach((t, i) => antiAffinity.addDomainCounts(antiSlots[i], snapshot.domainCounts(t.matcher, t.topologyKey)));

      if (existing.size === 0 && aff.length === 0 && anti.length === 0) return 'skip';
      state.write(PRE_FILTER_KEY, new PreFilterState(pod, existing, affinity, antiAffinity, affSlots, antiSlots, matchesAllTerms(aff, pod, ns)));
      return undefined;
    },

    /** filtering.go : Filter: affinity, then anti-affinity, then existing pods' anti-affinity (§3.2). */
    filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status | undefined {
      const s = state.read<PreFilterState>(PRE_FILTER_KEY);
      if (s === undefined) return NO_STATE;
      const i = node.index;
      if (!s.satisfyPodAffinity(i)) return AFFINITY_FAILED;
      if (!s.satisfyPodAntiAffinity(i)) return ANTI_AFFINITY_FAILED;
      if (!s.satisfyExistingPodsAntiAffinity(i)) return EXISTING_ANTI_AFFINITY_FAILED;
      return undefined;
    },

    /** filtering.go : AddPod (preemption's dry runs, nominated pods). */
    addPod(state: CycleState, _pod: PodInfo, other: PodInfo, node: NodeInfo, snapshot: Snapshot): void {
      state.read<PreFilterState>(PRE_FILTER_KEY)?.updateWithPod(other, node, snapshot, 1);
    },

    /** filtering.go : RemovePod. */
    removePod(state: CycleState, _pod: PodInfo, other: PodInfo, node: NodeInfo, snapshot: Snapshot): void {
      state.read<PreFilterState>(PRE_FILTER_KEY)?.updateWithPod(other, node, snapshot, -1);
    },

    /** scoring.go : PreScore / processExistingPod (§3.4, §3.5). false = Skip. */
    preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], snapshot: Snapshot): boolean {
      if (nodes.length === 0) return false;
      const hasConstraints = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
      if (ignorePreferredTermsOfExistingPods && !hasConstraints) return false;
      const topo = new TopologyScore();
      // (1), (2): the incoming pod's preferred terms against existing pods.
      for (const t of pod.preferredAffinityTerms) topo.addDomainCounts(t.topologyKey, snapshot.domainCounts(t.matcher, t.topologyKey), snapshot, t.weight);
      for (const t of pod.preferredAntiAffinityTerms) topo.addDomainCounts(t.topologyKey, snapshot.domainCounts(t.matcher, t.topologyKey), snapshot, -t.weight);
      // (3)–(5): existing pods' terms against the incoming pod (namespaceSelector vs the incoming pod's namespace).
      if (hardPodAffinityWeight > 0) {
        for (const g of snapshot.termGroupsMatching('requiredAffinity', pod)) topo.addDomainCounts(g.term.topologyKey, snapshot.domainCounts(g, g.term.topologyKey), snapshot, hardPodAffinityWeight);
      }
      for (const g of snapshot.termGroupsMatching('preferredAffinity', pod)) topo.addDomainCounts(g.term.topologyKey, snapshot.domainCounts(g, g.term.topologyKey), snapshot, weightOf(g.term));
      for (const g of snapshot.termGroupsMatching('preferredAntiAffinity', pod)) topo.addDomainCounts(g.term.topologyKey, snapshot.domainCounts(g, g.term.topologyKey), snapshot, -weightOf(g.term));
      if (!topo.produced) return false; // index == -1: no pod produced a score
      state.write(PRE_SCORE_KEY, topo);
      return true;
    },

    /** scoring.go : Score. */
    score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
      return state.read<TopologyScore>(PRE_SCORE_KEY)?.score(node.index) ?? 0;
    },

    /** scoring.go : NormalizeScore: real min/max over the candidates; 100·((s−min)/(max−min)) in float64, truncated. */
    normalize(state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: number[]): void {
      const s = state.read<TopologyScore>(PRE_SCORE_KEY);
      if (s === undefined || !s.produced) return;
      let min = Infinity;
      let max = -Infinity;
      for (const v of scores) {
        if (v > max) max = v;
        if (v < min) min = v;
      }
      const diff = max - min;
      for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc(100 * ((scores[i] - min) / diff)) : 0;
    },
  };
}

function weightOf(t: AffinityTerm | { weight: number }): number {
  return 'weight' in t ? t.weight : 0;
}

/** A cycle's PreFilter counts as sorted `key=value` rows (tests, debugging); undefined when PreFilter skipped. */
export function interPodAffinityCounts(state: CycleState):
  | { readonly affinity: [string, number][]; readonly antiAffinity: [string, number][]; readonly existingAntiAffinity: [string, number][] }
  | undefined {
  const s = state.read<PreFilterState>(PRE_FILTER_KEY);
  if (s === undefined) return undefined;
  return { affinity: s.affinityCounts.entries(), antiAffinity: s.antiAffinityCounts.entries(), existingAntiAffinity: s.existingAntiAffinityCounts.entries() };
}
