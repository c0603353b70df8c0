/**
 * The NodeAffinity plugin (scheduler.md §2): Filter on the pod's nodeSelector AND required node affinity, the
 * matchFields `metadata.name In` PreFilterResult, Score by the weights of the matching preferred terms. Reads pods
 * and nodes; never mutates them. No scheduler-enforced `addedAffinity` (k8sim's profiles have none).
 */
import type { ResolvedNodeSelectorTerm, ResolvedPreferredSchedulingTerm } from '../../cluster/spec';
import type { PluginArgs } from '../config';
import { REASON_NODE_AFFINITY } from '../filter';
import { isEmptyTerm, nodeSelectorTermMatches, requiredNodeAffinityMatches } from '../framework/selectors';
import {
  MAX_NODE_SCORE,
  unresolvable,
  type CycleState,
  type FilterPlugin,
  type PluginState,
  type PodInfo,
  type PreFilterOutcome,
  type ScorePlugin,
  type Status,
} from '../framework/types';
import { defaultNormalizeScore } from './normalize';

export const NODE_AFFINITY = 'NodeAffinity';
/** plugins/nodeaffinity : errReasonConflict (PreFilter: the matchFields terms select no node). */
export const REASON_AFFINITY_CONFLICT = 'pod affinity terms conflict';

const STATUS: Status = Object.freeze(unresolvable(NODE_AFFINITY, REASON_NODE_AFFINITY));

function hasNodeSelector(pod: PodInfo): boolean {
  for (const _ in pod.nodeSelector) return true;
  return false;
}

/**
 * node_affinity.go : PreFilter's node names: when every required term has `metadata.name In` matchFields, the union
 * over terms of the intersection within each term (an empty set = conflict); undefined when some term has none.
 */
export function requiredNodeNames(terms: readonly ResolvedNodeSelectorTerm[]): Set<string> | undefined {
  let nodeNames: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      termNames = termNames === undefined ? new Set(r.values) : new Set(r.values.filter((v) => termNames!.has(v)));
    }
    // A term without a node-name requirement admits every node (terms are ORed).
    if (termNames === undefined) return undefined;
    nodeNames ??= new Set();
    for (const n of termNames) nodeNames.add(n);
  }
  return nodeNames;
}

/** nodeaffinity.NewPreferredSchedulingTerms: terms with weight 0 or an empty preference are dropped. */
export function effectivePreferredTerms(terms: readonly ResolvedPreferredSchedulingTerm[]): readonly ResolvedPreferredSchedulingTerm[] {
  return terms.filter((t) => t.weight !== 0 && !isEmptyTerm(t.preference));
}

/** nodeaffinity.PreferredSchedulingTerms.Score: Σ weight of the terms whose preference matches the node. */
export function preferredTermsScore(terms: readonly ResolvedPreferredSchedulingTerm[], labels: Readonly<Record<string, string>>, nodeName: string): number {
  let score = 0;
  for (const t of terms) if (nodeSelectorTermMatches(t.preference, labels, nodeName)) score += t.weight;
  return score;
}

/** PreScore's output: the pod's effective preferred terms. Immutable. */
class PreScoreState implements PluginState {
  constructor(readonly terms: readonly ResolvedPreferredSchedulingTerm[]) {}
  clone(): PluginState {
    return this;
  }
}

function preScoreState(state: CycleState, pod: PodInfo): PreScoreState {
  // Upstream falls back to the pod's terms when PreScore did not run (node_affinity.go : Score).
  return state.read<PreScoreState>(NODE_AFFINITY) ?? new PreScoreState(effectivePreferredTerms(pod.preferredNodeAffinity));
}

/** plugins/nodeaffinity/node_affinity.go : PreFilter, Filter, PreScore, Score, NormalizeScore (not reversed). */
export function nodeAffinity(_args?: PluginArgs): FilterPlugin & ScorePlugin {
  return {
    name: NODE_AFFINITY,
    preFilter(_state, pod): PreFilterOutcome {
      const terms = pod.requiredNodeAffinity;
      if (terms === undefined && !hasNodeSelector(pod)) return 'skip';
      if (terms === undefined || terms.length === 0) return undefined;
      const nodeNames = requiredNodeNames(terms);
      if (nodeNames === undefined) return undefined;
      if (nodeNames.size === 0) return unresolvable(NODE_AFFINITY, REASON_AFFINITY_CONFLICT);
      return { nodeNames };
    },
    filter(_state, pod, node) {
      // Parse errors (a Gt/Lt value that is not an integer, a bad matchFields key) make a term never match.
      return requiredNodeAffinityMatches(pod, node.labels, node.name) ? undefined : STATUS;
    },
    preScore(state, pod) {
      if (pod.preferredNodeAffinity.length === 0) return false;
      state.write(NODE_AFFINITY, new PreScoreState(effectivePreferredTerms(pod.preferredNodeAffinity)));
      return true;
    },
    score(state, pod, node) {
      return preferredTermsScore(preScoreState(state, pod).terms, node.labels, node.name);
    },
    normalize(_state, _pod, _nodes, scores) {
      defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
    },
  };
}
