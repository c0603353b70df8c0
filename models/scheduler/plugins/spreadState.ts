/**
 * PodTopologySpread's cycle states (scoring.go / filtering.go preFilterState, preScoreState) and the small helpers of
 * its PreScore: the id a node without a key reads as, and the normalising weight. The plugin in
 * podTopologySpread.ts fills and reads them; only PreFilterState changes after (AddPod / RemovePod).
 */
import type { NodeInfo, PluginState, PodInfo, TopologyDomains } from '../framework/types';
import { hasAllKeys, Inclusion, type Constraint } from './spreadConstraints';

/**
 * filtering.go preFilterState: per constraint, matching pods per domain id (Int32Array over the topology's values),
 * which ids are domains, how many, and the two critical paths (`paths[4i..4i+3]` = id0, num0, id1, num1; num0 is the
 * minimum). Counts are copy-on-write across clones: preemption clones once per candidate node and changes one domain.
 */
export class PreFilterState implements PluginState {
  constructor(
    readonly constraints: readonly Constraint[],
    /** Per constraint, per node index: the domain id (−1 = the node lacks the key). */
    readonly ids: readonly ArrayLike<number>[],
    /** Per constraint: 1 when the incoming pod's labels match the selector. */
    readonly selfMatch: Uint8Array,
    public counts: Int32Array[],
    public isDomain: Uint8Array[],
    readonly domainsNum: Int32Array,
    readonly paths: Int32Array,
    private shared: boolean,
  ) {}

  clone(): PreFilterState {
    this.shared = true;
    return new PreFilterState(this.constraints, this.ids, this.selfMatch, this.counts, this.isDomain, this.domainsNum.slice(), this.paths.slice(), true);
  }

  /** filtering.go minMatchNum: fewer domains than minDomains → the global minimum is 0. */
  minMatch(i: number): number {
    return this.domainsNum[i] < this.constraints[i].minDomains ? 0 : this.paths[4 * i + 1];
  }

  /** criticalPaths.update: keep the two smallest (id, count) pairs, the minimum first. */
  updatePaths(i: number, id: number, num: number): void {
    const p = this.paths;
    const o = 4 * i;
    const at = id === p[o] ? 0 : id === p[o + 2] ? 2 : -1;
    if (at >= 0) {
      p[o + at + 1] = num;
      if (p[o + 1] > p[o + 3]) {
        const id0 = p[o];
        const n0 = p[o + 1];
        p[o] = p[o + 2];
        p[o + 1] = p[o + 3];
        p[o + 2] = id0;
        p[o + 3] = n0;
      }
    } else if (num < p[o + 1]) {
      p[o + 2] = p[o];
      p[o + 3] = p[o + 1];
      p[o] = id;
      p[o + 1] = num;
    } else if (num < p[o + 3]) {
      p[o + 2] = id;
      p[o + 3] = num;
    }
  }

  /** filtering.go updateWithPod: `other` added (+1) to or removed (−1) from `node`. */
  update(pod: PodInfo, other: PodInfo, node: NodeInfo, delta: number): void {
    // A terminating pod was never counted (countPodsMatchSelector); upstream would still subtract it.
    if (other.namespace !== pod.namespace || other.terminating()) return;
    const n = node.index;
    if (!hasAllKeys(this.ids, n)) return;
    const inclusion = new Inclusion(pod);
    for (let i = 0; i < this.constraints.length; i++) {
      const c = this.constraints[i];
      if (!c.selector.matches(other.labels) || !inclusion.matches(c, node)) continue;
      if (this.shared) this.own();
      const d = this.ids[i][n];
      this.counts[i][d] += delta;
      if (this.isDomain[i][d] === 0) {
        this.isDomain[i][d] = 1;
        this.domainsNum[i]++;
      }
      this.updatePaths(i, d, this.counts[i][d]);
    }
  }

  private own(): void {
    this.counts = this.counts.map((a) => a.slice());
    this.isDomain = this.isDomain.map((a) => a.slice());
    this.shared = false;
  }
}

/**
 * scoring.go preScoreState: ignored nodes (by index), per constraint the domain ids, the normalising weight, and
 * the matching pods per domain (zone-like keys) or per node (hostname: the snapshot's per-node counts).
 */
export class PreScoreState implements PluginState {
  constructor(
    readonly constraints: readonly Constraint[],
    readonly ids: readonly ArrayLike<number>[],
    readonly ignored: Uint8Array,
    readonly weights: Float64Array,
    /** Per constraint: counts per domain id (non-hostname) or per node index (hostname). */
    readonly counts: readonly ArrayLike<number>[],
    /** Whether any node is flagged in `ignored` (only with requireAll): else Score and NormalizeScore skip reading it. */
    readonly anyIgnored: boolean,
  ) {
    this.hostname = new Uint8Array(constraints.length);
    this.skewTerm = new Int32Array(constraints.length);
    for (let i = 0; i < constraints.length; i++) {
      this.hostname[i] = constraints[i].isHostname ? 1 : 0;
      this.skewTerm[i] = constraints[i].maxSkew - 1;
    }
  }
  /** Per constraint, flattened for scoreAll's loop: 1 for a hostname key, and maxSkew − 1. */
  readonly hostname: Uint8Array;
  readonly skewTerm: Int32Array;
  /** scoring.go preScoreState.Clone returns itself: Score never changes it. */
  clone(): PreScoreState {
    return this;
  }
}

/** Per topology: how many of its values were searched for "" and the id of "" when found (−1: not yet). */
const emptyIds = new WeakMap<TopologyDomains, { scanned: number; id: number }>();

/**
 * The id of the value "" in `t`, else one past its last value (what a node without the key reads as). Values only
 * grow, by appending, for as long as a TopologyDomains object lives (types.ts), so each value is searched once per
 * topology instead of once per cycle (a hostname topology has a value per node: 5,000 string compares per pod).
 */
export function emptyIdOf(t: TopologyDomains): number {
  let e = emptyIds.get(t);
  if (e === undefined) emptyIds.set(t, (e = { scanned: 0, id: -1 }));
  const values = t.values;
  for (; e.id < 0 && e.scanned < values.length; e.scanned++) if (values[e.scanned] === '') e.id = e.scanned;
  return e.id >= 0 ? e.id : values.length;
}

/** scoring.go topologyNormalizingWeight. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}
