/**
 * The TaintToleration plugin: Filter on untolerated NoSchedule/NoExecute taints, Score by the count of intolerable
 * PreferNoSchedule taints (reverse-normalised: fewer is better). Toleration matching and the Filter's check are
 * filter.ts's (shared with the per-node filter). Reads pods and nodes; never mutates them.
 */
import type { PluginArgs, UntoleratedTaintReason } from '../config';
import { findUntoleratedTaint, REASON_UNTOLERATED_TAINTS, tolerationsTolerateTaint, untoleratedTaintReason, type Taint, type Toleration } from '../filter';
import { MAX_NODE_SCORE, unresolvable, type CycleState, type FilterPlugin, type PluginState, type ScorePlugin, type Status } from '../framework/types';
import { defaultNormalizeScore } from './normalize';

export const TAINT_TOLERATION = 'TaintToleration';

/** taint_toleration.go : getAllTolerationPreferNoSchedule: tolerations with an empty or PreferNoSchedule effect. */
export function tolerationsPreferNoSchedule(tolerations: readonly Toleration[]): readonly Toleration[] {
  return tolerations.filter((t) => t.effect === undefined || t.effect === 'PreferNoSchedule');
}

/** taint_toleration.go : countIntolerableTaintsPreferNoSchedule. */
export function countIntolerableTaintsPreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  let n = 0;
  for (const taint of taints) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) n++;
  }
  return n;
}

/** PreScore's output: the pod's tolerations that can tolerate a PreferNoSchedule taint. Immutable. */
class PreScoreState implements PluginState {
  constructor(readonly tolerations: readonly Toleration[]) {}
  clone(): PluginState {
    return this;
  }
}

function preScoreState(state: CycleState): PreScoreState {
  const s = state.read<PreScoreState>(TAINT_TOLERATION);
  if (s === undefined) throw new Error(`${TAINT_TOLERATION}: Score without PreScore state`);
  return s;
}

const GENERIC: Status = Object.freeze(unresolvable(TAINT_TOLERATION, REASON_UNTOLERATED_TAINTS));

/**
 * plugins/tainttoleration/taint_toleration.go : Filter, PreScore, Score, NormalizeScore (reverse). `reason` picks the
 * Filter's text by version (SchedulerSettings.untoleratedTaintReason): per taint (≤ v1.34) or generic (v1.35+).
 */
export function taintToleration(_args?: PluginArgs, reason: UntoleratedTaintReason = 'perTaint'): FilterPlugin & ScorePlugin {
  return {
    name: TAINT_TOLERATION,
    filter(_state, pod, node): Status | undefined {
      if (node.taints.length === 0) return undefined;
      const taint = findUntoleratedTaint(node.taints, pod.tolerations);
      if (taint === undefined) return undefined;
      return reason === 'generic' ? GENERIC : unresolvable(TAINT_TOLERATION, untoleratedTaintReason(taint));
    },
    preScore(state, pod) {
      state.write(TAINT_TOLERATION, new PreScoreState(tolerationsPreferNoSchedule(pod.tolerations)));
      return true;
    },
    score(state, _pod, node) {
      if (node.taints.length === 0) return 0;
      return countIntolerableTaintsPreferNoSchedule(node.taints, preScoreState(state).tolerations);
    },
    scoreAll(state, _pod, nodes, _snapshot, scores) {
      // The state is read at the first tainted node, as score() reads it.
      let tolerations: PreScoreState['tolerations'] | undefined;
      for (let i = 0; i < nodes.length; i++) {
        const taints = nodes[i].taints;
        if (taints.length === 0) scores[i] = 0;
        else scores[i] = countIntolerableTaintsPreferNoSchedule(taints, (tolerations ??= preScoreState(state).tolerations));
      }
    },
    normalize(_state, _pod, _nodes, scores) {
      defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
    },
  };
}
