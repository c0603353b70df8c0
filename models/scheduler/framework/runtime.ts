/**
 * One scheduler profile's framework (pkg/scheduler/framework/runtime/framework.go + schedule_one.go): PreFilter,
 * Filter in plugin order with the first failure deciding a node, the search for feasible nodes from a rotating start
 * (findNodesThatPassFilters, numFeasibleNodesToFind), PreScore / Score / NormalizeScore with weights, and the FitError
 * diagnosis. Host selection's tie-break draws from the caller's seeded stream. Nothing here binds or queues.
 */
import type { SchedulerProfileConfig } from '../config';
import type { CycleState, FilterPlugin, NodeInfo, PodInfo, ScorePlugin, Snapshot, Status } from './types';
import { MAX_NODE_SCORE, MIN_NODE_SCORE, unresolvable } from './types';

/** A score plugin with its profile weight. */
export interface WeightedScorePlugin {
  readonly plugin: ScorePlugin;
  readonly weight: number;
}

/** What PreFilter decided for the whole pod. */
export interface PreFilterVerdict {
  /** Set when a PreFilter rejected the pod: every node gets this status. */
  readonly status?: Status;
  /** PreFilterResult: only these nodes may pass; the others get `node(s) didn't satisfy plugin(s) [...]`. */
  readonly nodeNames?: ReadonlySet<string>;
  /** The plugins that returned a PreFilterResult (for the reason text). */
  readonly resultPlugins?: readonly string[];
}

/** The outcome of the feasibility search. */
export interface FeasibleSearch {
  /** The nodes that passed, in search order; the framework reuses the list: valid until its next search. */
  readonly feasible: NodeInfo[];
  /** Status of every node filtered out (by node index); when nothing fits, every node has one. */
  readonly statuses: ReadonlyMap<number, Status>;
  /** How many nodes were examined (the next search starts after them). */
  readonly processed: number;
}

/**
 * The statuses of the filtered-out nodes, kept in the framework's reusable scratch lists while the search runs (most
 * searches succeed and never read them) and turned into a map only when asked for — which must happen before the
 * framework's next search reuses the lists (the scheduler reads them in the same cycle).
 */
class FailedNodes {
  private map: Map<number, Status> | undefined;
  constructor(
    private readonly scratch: FailedScratch,
    private readonly count: number,
    private readonly generation: number,
  ) {}
  get statuses(): ReadonlyMap<number, Status> {
    if (this.map === undefined) {
      if (this.scratch.generation !== this.generation) throw new Error('FeasibleSearch.statuses read after the next search');
      this.map = new Map();
      for (let i = 0; i < this.count; i++) this.map.set(this.scratch.indexes[i], this.scratch.statuses[i]);
    }
    return this.map;
  }
}

/** Reusable lists for the filtered-out nodes of a search (grown to the node count once, not per cycle). */
interface FailedScratch {
  indexes: Int32Array;
  statuses: Status[];
  /** Bumped by every search, so a stale FailedNodes cannot read another search's statuses. */
  generation: number;
}

/** A node's total and, when asked for, each plugin's weighted score. */
export interface NodeScore {
  readonly node: NodeInfo;
  readonly total: number;
  /** Weighted score per plugin name (present only with `breakdown`); a skipped plugin is absent. */
  readonly plugins?: Readonly<Record<string, number>>;
}

export class Framework {
  readonly name: string;
  private readonly failedScratch: FailedScratch = { indexes: new Int32Array(0), statuses: [], generation: 0 };
  /**
   * Reusable per-cycle lists by length (the feasible nodes, the score totals and one plugin's scores): a search or a
   * prioritization returns them, valid until the framework's next one. Few lengths occur (numFeasibleNodesToFind).
   */
  private readonly bySize = new Map<number, { feasible: NodeInfo[]; totals: Float64Array; scores: number[] }>();

  private scratch(n: number): { feasible: NodeInfo[]; totals: Float64Array; scores: number[] } {
    let s = this.bySize.get(n);
    if (s === undefined) {
      if (this.bySize.size >= 8) this.bySize.clear();
      // The scores list filled by pushing, so V8 keeps it packed (new Array(n) is holey: every read checks for holes).
      const scores: number[] = [];
      for (let i = 0; i < n; i++) scores.push(0);
      s = { feasible: new Array<NodeInfo>(n), totals: new Float64Array(n), scores };
      this.bySize.set(n, s);
    }
    return s;
  }

  constructor(
    readonly profile: SchedulerProfileConfig,
    readonly filters: readonly FilterPlugin[],
    readonly scorers: readonly WeightedScorePlugin[],
  ) {
    this.name = profile.schedulerName;
  }

  /** RunPreFilterPlugins: all run; the first rejection wins; PreFilterResults intersect. */
  preFilter(state: CycleState, pod: PodInfo, snapshot: Snapshot): PreFilterVerdict {
    let nodeNames: Set<string> | undefined;
    const resultPlugins: string[] = [];
    for (const p of this.filters) {
      if (p.preFilter === undefined) continue;
      const out = p.preFilter(state, pod, snapshot);
      if (out === undefined) continue;
      if (out === 'skip') {
        state.skipFilter.add(p.name);
        continue;
      }
      if ('code' in out) {
        state.activeFilters = this.filters.filter((f) => !state.skipFilter.has(f.name));
        return { status: out };
      }
      resultPlugins.push(p.name);
      if (nodeNames === undefined) nodeNames = new Set(out.nodeNames);
      else for (const n of [...nodeNames]) if (!out.nodeNames.has(n)) nodeNames.delete(n);
    }
    state.activeFilters = this.filters.filter((f) => !state.skipFilter.has(f.name));
    return nodeNames === undefined ? {} : { nodeNames, resultPlugins };
  }

  /** RunFilterPlugins: in order, skipping plugins whose PreFilter said Skip; the first failure is the node's status. */
  runFilters(state: CycleState, pod: PodInfo, node: NodeInfo, snapshot: Snapshot): Status | undefined {
    const active = state.activeFilters ?? this.filters.filter((f) => !state.skipFilter.has(f.name));
    for (let i = 0; i < active.length; i++) {
      const s = active[i].filter(state, pod, node, snapshot);
      if (s !== undefined) return s;
    }
    return undefined;
  }

  /** RunPreFilterExtensionAddPod over the enabled filters (for nominated pods and preemption's reprieve). */
  addPod(state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo, snapshot: Snapshot): void {
    for (const p of this.filters) if (!state.skipFilter.has(p.name)) p.addPod?.(state, pod, other, node, snapshot);
  }

  removePod(state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo, snapshot: Snapshot): void {
    for (const p of this.filters) if (!state.skipFilter.has(p.name)) p.removePod?.(state, pod, other, node, snapshot);
  }

  /**
   * findNodesThatPassFilters: nodes from `start` on (wrapping), stopping once `numToFind` fit. Nodes outside the
   * PreFilterResult are not filtered; they get UnschedulableAndUnresolvable `node(s) didn't satisfy plugin(s) [...]`.
   * `filter` lets the caller wrap runFilters (nominated pods).
   */
  findFeasible(
    state: CycleState,
    pod: PodInfo,
    snapshot: Snapshot,
    verdict: PreFilterVerdict,
    start: number,
    numToFind: number,
    filter?: (node: NodeInfo) => Status | undefined,
  ): FeasibleSearch {
    const nodes = snapshot.nodes;
    const n = nodes.length;
    const scratch = this.failedScratch;
    if (scratch.indexes.length < n) scratch.indexes = new Int32Array(n);
    const generation = ++scratch.generation;
    const failedIndexes = scratch.indexes;
    const failedStatuses = scratch.statuses;
    let failedCount = 0;
    const fail = (index: number, status: Status) => {
      failedIndexes[failedCount] = index;
      failedStatuses[failedCount++] = status;
    };
    // The most nodes the search can keep, in a reused list (no growth while pushing); copied when fewer fit.
    const cap = Math.min(numToFind, n);
    const feasible = this.scratch(cap).feasible;
    let found = 0;
    const result = (processed: number): FeasibleSearch => {
      const failed = new FailedNodes(scratch, failedCount, generation);
      return { feasible: found === cap ? feasible : feasible.slice(0, found), processed, get statuses() { return failed.statuses; } };
    };
    if (verdict.status !== undefined) {
      for (const node of nodes) fail(node.index, verdict.status);
      return result(0);
    }
    const allowed = verdict.nodeNames;
    if (allowed !== undefined) {
      const outside = unresolvable(verdict.resultPlugins![0], `node(s) didn't satisfy plugin(s) [${[...verdict.resultPlugins!].sort().join(' ')}]`);
      for (const node of nodes) if (!allowed.has(node.name)) fail(node.index, outside);
    }
    let processed = 0;
    let i = n > 0 ? start % n : 0;
    for (; processed < n && found < numToFind; processed++) {
      const node = nodes[i];
      if (++i === n) i = 0;
      if (allowed !== undefined && !allowed.has(node.name)) continue;
      const s = filter === undefined ? this.runFilters(state, pod, node, snapshot) : filter(node);
      if (s === undefined) feasible[found++] = node;
      else fail(node.index, s);
    }
    return result(processed);
  }

  /**
   * prioritizeNodes: PreScore (a plugin returning false skips), Score per node, NormalizeScore, range check,
   * weight; totals in the order of `nodes`. Per-plugin weighted scores only with `breakdown` (scheduling.csv).
   */
  prioritize(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], snapshot: Snapshot, breakdown = false): Scores {
    const n = nodes.length;
    const scratch = this.scratch(n);
    const totals = scratch.totals.fill(0);
    const per: Record<string, number>[] | undefined = breakdown ? nodes.map(() => ({})) : undefined;
    const scores = scratch.scores;
    for (const { plugin, weight } of this.scorers) {
      if (plugin.preScore !== undefined && !plugin.preScore(state, pod, nodes, snapshot)) continue;
      if (plugin.scoreAll !== undefined) plugin.scoreAll(state, pod, nodes, snapshot, scores);
      else for (let i = 0; i < n; i++) scores[i] = plugin.score(state, pod, nodes[i], snapshot);
      plugin.normalize?.(state, pod, nodes, scores);
      for (let i = 0; i < n; i++) {
        const s = scores[i];
        if (!(s >= MIN_NODE_SCORE && s <= MAX_NODE_SCORE)) {
          throw new Error(`plugin ${plugin.name} returns an invalid score ${s} for node ${nodes[i].name}, it should be in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`);
        }
        totals[i] += s * weight;
      }
      if (per !== undefined) for (let i = 0; i < n; i++) per[i][plugin.name] = scores[i] * weight;
    }
    return { nodes, totals, ...(per !== undefined ? { plugins: per } : {}) };
  }
}

/** Every feasible node's total (and per-plugin weighted scores when asked for), index-aligned with `nodes`. */
export interface Scores {
  readonly nodes: readonly NodeInfo[];
  /** Reused by the framework: valid until its next prioritization. */
  readonly totals: Float64Array;
  readonly plugins?: readonly Readonly<Record<string, number>>[];
}

/** The best `k` nodes, best first (ties in node order), as NodeScore records. */
export function topScores(s: Scores, k: number): NodeScore[] {
  const order = [...s.nodes.keys()].sort((a, b) => s.totals[b] - s.totals[a] || a - b).slice(0, k);
  return order.map((i) => ({ node: s.nodes[i], total: s.totals[i], ...(s.plugins !== undefined ? { plugins: s.plugins[i] } : {}) }));
}

/**
 * selectHost: a uniformly random node among those with the highest total (upstream's reservoir sampling,
 * scheduler.md §1.5), drawn with `draw()` ∈ [0, 1) from the caller's seeded stream; no draw when one node leads.
 */
export function selectHost(s: Scores, draw: () => number): NodeInfo {
  const totals = s.totals;
  let best = -Infinity;
  let count = 0;
  for (let i = 0; i < totals.length; i++) {
    const t = totals[i];
    if (t > best) {
      best = t;
      count = 1;
    } else if (t === best) count++;
  }
  if (count === 0) throw new Error('selectHost: no nodes');
  let pick = count === 1 ? 0 : Math.floor(draw() * count);
  for (let i = 0; i < totals.length; i++) {
    if (totals[i] !== best) continue;
    if (pick === 0) return s.nodes[i];
    pick--;
  }
  throw new Error('selectHost: no nodes');
}

/**
 * numFeasibleNodesToFind (schedule_one.go): all nodes below 100 or at 100 %; with percentageOfNodesToScore unset
 * (0), adaptive 50 % − nodes/125 (at least 5 %); never fewer than 100.
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  const minFeasibleNodesToFind = 100;
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage >= 100) return numAllNodes;
  if (percentage <= 0) percentage = Math.max(5, 50 - Math.floor(numAllNodes / 125));
  const num = Math.floor((numAllNodes * percentage) / 100);
  return Math.max(num, minFeasibleNodesToFind);
}
