/**
 * KEP-3633 (MatchLabelKeysInPodAffinity, GA v1.33): at pod creation the API server ANDs `key In (value)` for each
 * matchLabelKeys key and `key NotIn (value)` for each mismatchLabelKeys key into the term's labelSelector, using the
 * pod's own labels; keys the pod lacks are ignored (pkg/registry/core/pod/strategy.go
 * applyMatchLabelKeysAndMismatchLabelKeys). Pure; the lists are kept as written.
 */
import type { LabelSelectorSpec, ResolvedPodAffinityTerm } from './spec';
import type { Labels } from '../labels';

/** The term with its selector merged with `labels`; the same object when nothing is added (or no selector). */
export function mergeMatchLabelKeys(term: ResolvedPodAffinityTerm, labels: Labels): ResolvedPodAffinityTerm {
  const sel = term.labelSelector;
  if (sel === undefined) return term;
  const added: { key: string; operator: string; values: string[] }[] = [];
  const has = (k: string) => Object.prototype.hasOwnProperty.call(labels, k);
  for (const key of term.matchLabelKeys) if (has(key)) added.push({ key, operator: 'In', values: [labels[key]] });
  for (const key of term.mismatchLabelKeys) if (has(key)) added.push({ key, operator: 'NotIn', values: [labels[key]] });
  if (added.length === 0) return term;
  const labelSelector: LabelSelectorSpec = { ...sel, matchExpressions: [...(sel.matchExpressions ?? []), ...added] };
  return { ...term, labelSelector };
}
