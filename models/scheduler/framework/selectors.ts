/**
 * Selector matching as the scheduler plugins use it: metav1.LabelSelector compiled once with a canonical key
 * (labels.go), pod matchers for affinity terms and spread constraints (types.go AffinityTerm.Matches), and node
 * selector terms with the Gt/Lt operators and matchFields (component-helpers nodeaffinity.go). Pure functions.
 */
import { compileLabelSelector, describeSelector, type Labels } from '../../labels';
import type { LabelSelectorSpec, ResolvedNodeSelectorRequirement, ResolvedNodeSelectorTerm } from '../../cluster/spec';
import type { PodInfo, PodMatcher, Selector } from './types';

const NIL: Selector = Object.freeze({ key: '<nil>', matches: () => false, pairs: [], isNil: true, isEmpty: false });

const cache = new Map<string, Selector>();

/** Compiles a (validated) LabelSelector; undefined = nil (matches nothing). Equal selectors share one object. */
export function compileSelector(spec: LabelSelectorSpec | undefined): Selector {
  if (spec === undefined) return NIL;
  const key = canonicalSelectorKey(spec);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const pairs: [string, string][] = [];
  for (const k of Object.keys(spec.matchLabels ?? {}).sort()) pairs.push([k, spec.matchLabels![k]]);
  for (const e of spec.matchExpressions ?? []) if (e.operator === 'In' && e.values?.length === 1) pairs.push([e.key, e.values[0]]);
  const isEmpty = Object.keys(spec.matchLabels ?? {}).length === 0 && (spec.matchExpressions ?? []).length === 0;
  const sel: Selector = Object.freeze({ key, matches: compileLabelSelector(spec), pairs, isNil: false, isEmpty });
  if (cache.size > 100_000) cache.clear();
  cache.set(key, sel);
  return sel;
}

/** kubectl's text of the selector ("" for `{}`), unique per meaning up to value order. */
function canonicalSelectorKey(spec: LabelSelectorSpec): string {
  const text = describeSelector(spec);
  return text === '<none>' ? '' : text;
}

/** The AND of a selector and extra `key=value` pairs (matchLabelKeys merged into a spread constraint). */
export function withPairs(spec: LabelSelectorSpec | undefined, pairs: Readonly<Record<string, string>>): LabelSelectorSpec | undefined {
  if (spec === undefined || Object.keys(pairs).length === 0) return spec;
  return { ...spec, matchExpressions: [...(spec.matchExpressions ?? []), ...Object.entries(pairs).map(([key, v]) => ({ key, operator: 'In', values: [v] }))] };
}

/** A pod matcher: namespaces + optional namespaceSelector + label selector (see PodMatcher). */
export function podMatcher(
  selector: Selector,
  namespaces: readonly string[],
  namespaceSelector: Selector | undefined,
  countTerminating: boolean,
): PodMatcher {
  const ns = [...new Set(namespaces)].sort();
  const key = `${countTerminating ? 'T' : 't'}|${ns.join(',')}|${namespaceSelector?.key ?? '<nil>'}|${selector.key}`;
  return { key, selector, namespaces: new Set(ns), ...(namespaceSelector && !namespaceSelector.isNil ? { namespaceSelector } : {}), countTerminating };
}

/** Does `m` count `pod`? `nsLabels` looks up a namespace's labels (for namespaceSelector). */
export function matcherMatches(m: PodMatcher, pod: PodInfo, nsLabels: (ns: string) => Labels | undefined): boolean {
  if (!m.countTerminating && pod.terminating()) return false;
  if (!m.namespaces.has(pod.namespace)) {
    if (m.namespaceSelector === undefined) return false;
    if (!m.namespaceSelector.matches(nsLabels(pod.namespace) ?? {})) return false;
  }
  return m.selector.matches(pod.labels);
}

/** Go's strconv.ParseInt(s, 10, 64) as labels' Gt/Lt use it: optional sign, decimal digits only. */
function parseInt64(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) || Math.abs(n) < 9.3e18 ? n : undefined;
}

/** One matchExpressions requirement against node labels (labels.Requirement.Matches with Gt/Lt). */
export function nodeRequirementMatches(r: ResolvedNodeSelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case 'In':
      return has && r.values.includes(labels[r.key]);
    case 'NotIn':
      return !has || !r.values.includes(labels[r.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || r.values.length !== 1) return false;
      const v = parseInt64(labels[r.key]);
      const bound = parseInt64(r.values[0]);
      if (v === undefined || bound === undefined) return false;
      return r.operator === 'Gt' ? v > bound : v < bound;
    }
  }
}

/**
 * One matchFields requirement: only `metadata.name` with In / NotIn and exactly one value is valid
 * (nodeSelectorRequirementsAsFieldSelector); anything else makes the term fail to parse, i.e. never match.
 */
function fieldRequirementMatches(r: ResolvedNodeSelectorRequirement, nodeName: string): boolean {
  if (r.key !== 'metadata.name' || r.values.length !== 1) return false;
  if (r.operator === 'In') return nodeName === r.values[0];
  if (r.operator === 'NotIn') return nodeName !== r.values[0];
  return false;
}

/** A term with neither expressions nor fields selects nothing. */
export function isEmptyTerm(t: ResolvedNodeSelectorTerm): boolean {
  return t.matchExpressions.length === 0 && t.matchFields.length === 0;
}

/** nodeSelectorTerm.match: every expression and every field requirement holds (an empty term never matches). */
export function nodeSelectorTermMatches(t: ResolvedNodeSelectorTerm, labels: Labels, nodeName: string): boolean {
  if (isEmptyTerm(t)) return false;
  for (const r of t.matchExpressions) if (!nodeRequirementMatches(r, labels)) return false;
  for (const r of t.matchFields) if (!fieldRequirementMatches(r, nodeName)) return false;
  return true;
}

/** Every nodeSelector pair is on the node with the same value. */
export function nodeSelectorMatches(selector: Labels, labels: Labels): boolean {
  for (const key in selector) {
    if (!Object.prototype.hasOwnProperty.call(labels, key) || labels[key] !== selector[key]) return false;
  }
  return true;
}

/**
 * nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): the nodeSelector AND any of the required terms (ORed).
 */
export function requiredNodeAffinityMatches(pod: Pick<PodInfo, 'nodeSelector' | 'requiredNodeAffinity'>, labels: Labels, nodeName: string): boolean {
  if (!nodeSelectorMatches(pod.nodeSelector, labels)) return false;
  const terms = pod.requiredNodeAffinity;
  if (terms === undefined) return true;
  for (const t of terms) if (nodeSelectorTermMatches(t, labels, nodeName)) return true;
  return false;
}
