/**
 * Runs one plugin the way the framework does (scheduler.md §1.2–§1.3), for plugin-level tests: PreFilter then Filter
 * per node; PreScore, Score per node, NormalizeScore, weight. No cross-plugin logic (the integrator's runtime owns it).
 */
import { DEFAULT_SCORE_WEIGHTS } from '../../../../models/scheduler/config';
import { CycleState, type FilterPlugin, type NodeInfo, type PodInfo, type PreFilterOutcome, type ScorePlugin, type Snapshot, type Status } from '../../../../models/scheduler/framework/types';

export interface FilterRun {
  preFilter: PreFilterOutcome;
  /** Per node name: the Filter status (undefined = passes); absent when PreFilter skipped or rejected. */
  statuses: Map<string, Status | undefined>;
}

export function runFilter(plugin: FilterPlugin, pod: PodInfo, snapshot: Snapshot, nodes: readonly NodeInfo[] = snapshot.nodes): FilterRun {
  const state = new CycleState();
  const preFilter = plugin.preFilter?.(state, pod, snapshot);
  const statuses = new Map<string, Status | undefined>();
  if (preFilter === 'skip' || (preFilter !== undefined && 'code' in preFilter)) return { preFilter, statuses };
  for (const node of nodes) statuses.set(node.name, plugin.filter(state, pod, node, snapshot));
  return { preFilter, statuses };
}

export interface ScoreRun {
  skipped: boolean;
  /** Per node name, in node order. */
  raw: Record<string, number>;
  scores: Record<string, number>;
  weighted: Record<string, number>;
}

export function runScore(plugin: ScorePlugin, pod: PodInfo, snapshot: Snapshot, nodes: readonly NodeInfo[] = snapshot.nodes): ScoreRun {
  const state = new CycleState();
  const weight = DEFAULT_SCORE_WEIGHTS.find((w) => w.name === plugin.name)!.weight;
  if (plugin.preScore !== undefined && !plugin.preScore(state, pod, nodes, snapshot)) return { skipped: true, raw: {}, scores: {}, weighted: {} };
  const list = nodes.map((n) => plugin.score(state, pod, n, snapshot));
  if (plugin.scoreAll !== undefined) {
    // A plugin's scoreAll must give exactly its score() for each node (issue #13), so every plugin test checks both.
    const all = new Array<number>(nodes.length).fill(-1);
    plugin.scoreAll(state, pod, nodes, snapshot, all);
    expect(all).toEqual(list);
  }
  const raw = byName(nodes, list);
  plugin.normalize?.(state, pod, nodes, list);
  return { skipped: false, raw, scores: byName(nodes, list), weighted: byName(nodes, list.map((s) => s * weight)) };
}

function byName(nodes: readonly NodeInfo[], values: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  nodes.forEach((n, i) => (out[n.name] = values[i]));
  return out;
}
