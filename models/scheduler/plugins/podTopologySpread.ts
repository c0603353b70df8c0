/**
 * PodTopologySpread (pkg/scheduler/framework/plugins/podtopologyspread): the Filter over DoNotSchedule constraints
 * (skew against the global minimum, minDomains) and the Score over ScheduleAnyway constraints, with the profile's
 * default constraints when the pod has none (scheduler.md §4). Counts come from the snapshot's per-node queries,
 * aggregated per domain in typed arrays in PreFilter / PreScore; never mutates the snapshot.
 */
import type { PluginArgs } from '../config';
import type { ResolvedTopologySpreadConstraint } from '../../cluster/spec';
import { MAX_NODE_SCORE, unresolvable, unschedulable, type CycleState, type FilterPlugin, type NodeInfo, type PodInfo, type ScorePlugin, type Snapshot, type Status } from '../framework/types';
import { compileConstraint, eligibleMasks, hasAllKeys, NO_CONSTRAINTS, split, SYSTEM_DEFAULT_CONSTRAINTS, type PodConstraints } from './spreadConstraints';
import { emptyIdOf, PreFilterState, PreScoreState, topologyNormalizingWeight } from './spreadState';

export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';
/** podtopologyspread/plugin.go ErrReasonConstraintsNotMatch, ErrReasonNodeLabelNotMatch. */
export const REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const REASON_NODE_LABEL_NOT_MATCH = `${REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

const PRE_FILTER_KEY = `PreFilter${POD_TOPOLOGY_SPREAD}`;
const PRE_SCORE_KEY = `PreScore${POD_TOPOLOGY_SPREAD}`;
const MAX_INT32 = 2147483647;

// Filter's statuses carry no per-node data: shared, so Filter allocates nothing.
const MISSING_LABEL: Status = Object.freeze(unresolvable(POD_TOPOLOGY_SPREAD, REASON_NODE_LABEL_NOT_MATCH));
const SKEW_TOO_LARGE: Status = Object.freeze(unschedulable(POD_TOPOLOGY_SPREAD, REASON_CONSTRAINTS_NOT_MATCH));

export function podTopologySpreadPlugin(args: PluginArgs): FilterPlugin & ScorePlugin {
  const systemDefaulted = args.podTopologySpread.defaultingType === 'System';
  const defaults = systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : args.podTopologySpread.defaultConstraints;
  const own = new WeakMap<readonly ResolvedTopologySpreadConstraint[], Map<string, PodConstraints>>();
  const byDefaultSelector = new Map<string, PodConstraints>();
  // Filter and Score run once per node with the same CycleState: remember the last state read (only this plugin
  // writes its keys, and a clone is another object) instead of a Map lookup per node.
  let filterCycle: CycleState | undefined;
  let filterData: PreFilterState | undefined;
  let scoreCycle: CycleState | undefined;
  let scoreData: PreScoreState | undefined;
  /** PreScore's ignored-node flags, reused from cycle to cycle (see preScore). */
  let ignoredScratch = new Uint8Array(0);
  const preFilterState = (state: CycleState): PreFilterState | undefined => {
    if (state !== filterCycle) {
      filterCycle = state;
      filterData = state.read<PreFilterState>(PRE_FILTER_KEY);
    }
    return filterData;
  };
  const preScoreState = (state: CycleState): PreScoreState | undefined => {
    if (state !== scoreCycle) {
      scoreCycle = state;
      scoreData = state.read<PreScoreState>(PRE_SCORE_KEY);
    }
    return scoreData;
  };

  /** plugin.go getConstraints / scoring.go initPreScoreState: the pod's own constraints, else the defaults. */
  function constraintsOf(pod: PodInfo, snapshot: Snapshot): PodConstraints {
    const raw = pod.topologySpreadConstraints;
    if (raw.length > 0) {
      // A workload's pods share the constraints array: compile once per namespace and matchLabelKeys values.
      let perRaw = own.get(raw);
      if (perRaw === undefined) own.set(raw, (perRaw = new Map()));
      let key = pod.namespace;
      for (const c of raw) for (const k of c.matchLabelKeys) key += `\u0000${k}=${Object.prototype.hasOwnProperty.call(pod.labels, k) ? pod.labels[k] : '\u0001'}`;
      let hit = perRaw.get(key);
      if (hit === undefined) {
        hit = split(raw.map((c) => compileConstraint(c, pod)), raw);
        if (perRaw.size > 1000) perRaw.clear();
        perRaw.set(key, hit);
      }
      return hit;
    }
    if (defaults.length === 0) return NO_CONSTRAINTS;
    // common.go buildDefaultConstraints: helper.DefaultSelector; an empty one → no constraints.
    const sel = snapshot.defaultSpreadSelector(pod);
    if (sel === undefined || sel.isEmpty) return NO_CONSTRAINTS;
    const key = `${pod.namespace}\u0000${sel.key}`;
    let hit = byDefaultSelector.get(key);
    if (hit === undefined) {
      hit = split(defaults.map((c) => compileConstraint(c, pod, sel)), defaults);
      if (byDefaultSelector.size > 10_000) byDefaultSelector.clear();
      byDefaultSelector.set(key, hit);
    }
    return hit;
  }

  return {
    name: POD_TOPOLOGY_SPREAD,

    /** filtering.go PreFilter / calPreFilterState (§4.2): Skip without a DoNotSchedule constraint. */
    preFilter(state: CycleState, pod: PodInfo, snapshot: Snapshot) {
      const cs = constraintsOf(pod, snapshot).filter;
      if (cs.length === 0) return 'skip';
      const k = cs.length;
      const nodes = snapshot.nodes;
      const topo = cs.map((c) => snapshot.topology(c.topologyKey));
      const ids = topo.map((t) => t.ids);
      const counts: Int32Array[] = new Array(k);
      const isDomain: Uint8Array[] = new Array(k);
      const domainsNum = new Int32Array(k);
      const selfMatch = new Uint8Array(k);
      for (let i = 0; i < k; i++) selfMatch[i] = cs[i].selector.matches(pod.labels) ? 1 : 0;
      const masks = eligibleMasks(pod, cs, ids, nodes, true, () => false);
      for (let i = 0; i < k; i++) {
        const idsI = ids[i];
        const maskI = masks[i];
        const isDomainI = (isDomain[i] = new Uint8Array(topo[i].values.length));
        let num = 0;
        if (maskI === undefined) {
          // Every node is eligible: every value of the key is a domain (the snapshot's topology lists only values
          // some node carries), and the counts are the matching pods summed per domain, which the snapshot keeps
          // (a copy: AddPod / RemovePod change this cycle's counts).
          counts[i] = snapshot.domainCounts(cs[i].matcher, cs[i].topologyKey).sums.slice();
          isDomainI.fill(1);
          num = isDomainI.length;
        } else {
          const countsI = (counts[i] = new Int32Array(topo[i].values.length));
          const podCountsI = snapshot.podCounts(cs[i].matcher);
          for (let n = 0; n < nodes.length; n++) {
            const d = idsI[n];
            if (d < 0 || maskI[n] === 0) continue;
            countsI[d] += podCountsI[n];
            if (isDomainI[d] === 0) {
              isDomainI[d] = 1;
              num++;
            }
          }
        }
        domainsNum[i] = num;
      }
      const paths = new Int32Array(4 * k);
      for (let i = 0; i < k; i++) paths.set([-1, MAX_INT32, -1, MAX_INT32], 4 * i);
      const s = new PreFilterState(cs, ids, selfMatch, counts, isDomain, domainsNum, paths, false);
      for (let i = 0; i < k; i++) {
        for (let d = 0; d < counts[i].length; d++) if (isDomain[i][d] === 1) s.updatePaths(i, d, counts[i][d]);
      }
      state.write(PRE_FILTER_KEY, s);
      filterCycle = state;
      filterData = s;
      return undefined;
    },

    /** filtering.go Filter (§4.3): missing key → unresolvable; count + selfMatch − minMatch > maxSkew → unschedulable. */
    filter(state: CycleState, _pod: PodInfo, node: NodeInfo) {
      const s = preFilterState(state);
      if (s === undefined) return { code: 'Error', plugin: POD_TOPOLOGY_SPREAD, reasons: [`reading "${PRE_FILTER_KEY}" from cycleState: not found`] };
      const n = node.index;
      for (let i = 0; i < s.constraints.length; i++) {
        const d = s.ids[i][n];
        if (d < 0) return MISSING_LABEL;
        if (s.counts[i][d] + s.selfMatch[i] - s.minMatch(i) > s.constraints[i].maxSkew) return SKEW_TOO_LARGE;
      }
      return undefined;
    },

    addPod(state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo) {
      preFilterState(state)?.update(pod, other, node, 1);
    },

    removePod(state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo) {
      preFilterState(state)?.update(pod, other, node, -1);
    },

    /** scoring.go PreScore / initPreScoreState (§4.4). */
    preScore(state: CycleState, pod: PodInfo, filtered: readonly NodeInfo[], snapshot: Snapshot) {
      const all = snapshot.nodes;
      if (all.length === 0) return false;
      const cs = constraintsOf(pod, snapshot).score;
      if (cs.length === 0) return false;
      const k = cs.length;
      // Only non-system-default spreading requires every topology key, so nodes without a zone label still get
      // hostname spreading.
      const requireAll = pod.topologySpreadConstraints.length > 0 || !systemDefaulted;
      const topo = cs.map((c) => snapshot.topology(c.topologyKey));
      const ids = topo.map((t) => t.ids);
      // A node without the key reads as value "" (node.Labels[key]): the id of a real "" value, else one past the end.
      const emptyId = topo.map(emptyIdOf);
      const seen = topo.map((t, i) => new Uint8Array(cs[i].isHostname ? 0 : t.values.length + 1));
      const size = new Int32Array(k);
      // One list for every cycle, cleared here (issue #13: a list of every node's flag per pod was 5 kB at 5,000
      // nodes): a cycle's scores are read before the next cycle's PreScore, as the framework runs them.
      if (ignoredScratch.length < all.length) ignoredScratch = new Uint8Array(all.length);
      else ignoredScratch.fill(0, 0, all.length);
      const ignored = ignoredScratch;
      let ignoredCount = 0;
      let zoneLike = false;
      // Without requireAll the walk only marks the domains seen: it may stop once every domain a node can have is
      // marked (the nodes' values, plus the virtual "" of nodes without the key), as it mostly does after a few
      // nodes. `open` counts the constraints that still may see a new domain (-1: the snapshot cannot tell).
      const bound = new Int32Array(k);
      let open = 0;
      for (let i = 0; i < k; i++) {
        if (cs[i].isHostname) continue;
        const missing = topo[i].missing;
        bound[i] = missing === undefined ? -1 : topo[i].values.length + (missing > 0 && emptyId[i] === topo[i].values.length ? 1 : 0);
        open++;
      }
      for (let j = 0; j < filtered.length; j++) {
        const n = filtered[j].index;
        if (requireAll && !hasAllKeys(ids, n)) {
          ignored[n] = 1;
          ignoredCount++;
          continue;
        }
        for (let i = 0; i < k; i++) {
          if (cs[i].isHostname) continue;
          zoneLike = true;
          const v = ids[i][n];
          const d = v < 0 ? emptyId[i] : v;
          if (seen[i][d] === 0) {
            seen[i][d] = 1;
            if (++size[i] === bound[i]) open--;
          }
        }
        if (open === 0 && !requireAll) break;
      }
      const weights = new Float64Array(k);
      for (let i = 0; i < k; i++) weights[i] = topologyNormalizingWeight(cs[i].isHostname ? filtered.length - ignoredCount : size[i]);
      const podCounts = cs.map((c) => snapshot.podCounts(c.matcher));
      const counts: ArrayLike<number>[] = cs.map((c, i) => (c.isHostname ? podCounts[i] : new Int32Array(seen[i].length)));
      if (zoneLike) {
        // Pods on every node (feasible or not) that is eligible and whose value is a domain of a filtered node.
        const masks = eligibleMasks(pod, cs, ids, all, requireAll, (c) => c.isHostname);
        for (let i = 0; i < k; i++) {
          if (cs[i].isHostname) continue;
          const idsI = ids[i];
          const seenI = seen[i];
          const countsI = counts[i] as Int32Array;
          const podCountsI = podCounts[i];
          const maskI = masks[i];
          // Score reads a zone count only for a node that has the key (a real id); the virtual "" domain of nodes
          // without it is never read, so its pods need no counting — nor does anything when no node has the key.
          if (topo[i].values.length === 0) continue;
          const missing = requireAll || emptyId[i] === topo[i].values.length ? -1 : emptyId[i];
          if (maskI === undefined && missing < 0) {
            // Every node counts and only real domains do: the snapshot's per-domain sums, for the filtered domains.
            const sums = snapshot.domainCounts(cs[i].matcher, cs[i].topologyKey).sums;
            for (let d = 0; d < sums.length; d++) if (seenI[d] === 1) countsI[d] = sums[d];
            continue;
          }
          for (let n = 0; n < all.length; n++) {
            if (maskI !== undefined && maskI[n] === 0) continue;
            const v = idsI[n];
            const d = v < 0 ? missing : v;
            if (d >= 0 && seenI[d] === 1) countsI[d] += podCountsI[n];
          }
        }
      }
      scoreCycle = state;
      scoreData = new PreScoreState(cs, ids, ignored, weights, counts, ignoredCount > 0);
      state.write(PRE_SCORE_KEY, scoreData);
      return true;
    },

    /** scoring.go Score: round(Σ count × weight + (maxSkew − 1)) over the constraints whose key the node has. */
    score(state: CycleState, _pod: PodInfo, node: NodeInfo) {
      const s = preScoreState(state);
      if (s === undefined) return 0;
      const n = node.index;
      if (s.ignored[n] === 1) return 0;
      let score = 0;
      for (let i = 0; i < s.constraints.length; i++) {
        const d = s.ids[i][n];
        if (d < 0) continue;
        const c = s.constraints[i];
        const cnt = c.isHostname ? s.counts[i][n] : s.counts[i][d];
        score += cnt * s.weights[i] + (c.maxSkew - 1);
      }
      return Math.round(score);
    },

    /**
     * score() for every node, the state read once into locals (issue #13: 500 feasible nodes per cycle at 5,000
     * nodes). The same sum in the same order, so the same doubles.
     */
    scoreAll(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], _snapshot: Snapshot, scores: number[]) {
      const s = preScoreState(state);
      if (s === undefined) {
        for (let i = 0; i < nodes.length; i++) scores[i] = 0;
        return;
      }
      const k = s.constraints.length;
      const { ids, counts, weights, hostname, skewTerm, ignored } = s;
      const anyIgnored = s.anyIgnored;
      for (let j = 0; j < nodes.length; j++) {
        const n = nodes[j].index;
        if (anyIgnored && ignored[n] === 1) {
          scores[j] = 0;
          continue;
        }
        let score = 0;
        for (let i = 0; i < k; i++) {
          const d = ids[i][n];
          if (d < 0) continue;
          score += counts[i][hostname[i] === 1 ? n : d] * weights[i] + skewTerm[i];
        }
        scores[j] = Math.round(score);
      }
    },

    /** scoring.go NormalizeScore: ignored → 0; max 0 → 100; else 100 × (max + min − s) / max (int64 division). */
    normalize(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]) {
      const s = preScoreState(state);
      if (s === undefined) return;
      const ignored = s.ignored;
      const anyIgnored = s.anyIgnored;
      let min = Number.MAX_SAFE_INTEGER;
      let max = 0;
      for (let i = 0; i < nodes.length; i++) {
        if (anyIgnored && ignored[nodes[i].index] === 1) continue;
        const v = scores[i];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      for (let i = 0; i < nodes.length; i++) {
        if (anyIgnored && ignored[nodes[i].index] === 1) scores[i] = 0;
        else if (max === 0) scores[i] = MAX_NODE_SCORE;
        else scores[i] = Math.floor((MAX_NODE_SCORE * (max + min - scores[i])) / max);
      }
    },
  };
}
