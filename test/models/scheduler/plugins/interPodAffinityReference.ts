/**
 * An upstream-shaped InterPodAffinity for the property test: filtering.go and scoring.go transcribed literally, with
 * a scan of every pod on every node and (key, value) pair maps, no Snapshot queries. Slow and obvious on purpose.
 */
import { matcherMatches } from '../../../../models/scheduler/framework/selectors';
import type { AffinityTerm, Code, Labels, NodeInfo, PodInfo } from '../../../../models/scheduler/framework/types';

type Outcome = { status: 'Success' } | { status: Exclude<Code, 'Success'>; reason: string };
type NsLookup = (ns: string) => Labels | undefined;

const has = (l: Labels, k: string) => Object.prototype.hasOwnProperty.call(l, k);
const pair = (k: string, v: string) => `${k}\u0000${v}`;

/** topologyToMatchedTermCount.update */
function update(m: Map<string, number>, node: NodeInfo, tk: string, value: number): void {
  if (!has(node.labels, tk)) return;
  const p = pair(tk, node.labels[tk]);
  const n = (m.get(p) ?? 0) + value;
  if (n === 0) m.delete(p);
  else m.set(p, n);
}

function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: PodInfo, ns: NsLookup): boolean {
  if (terms.length === 0) return false;
  return terms.every((t) => matcherMatches(t.matcher, pod, ns));
}

export function referenceFilter(pod: PodInfo, nodes: readonly NodeInfo[], ns: NsLookup): { skipped: boolean; nodes: Record<string, Outcome> } {
  const existing = new Map<string, number>();
  const affinity = new Map<string, number>();
  const anti = new Map<string, number>();
  for (const node of nodes) {
    for (const p of node.pods) {
      for (const t of p.requiredAntiAffinityTerms) if (matcherMatches(t.matcher, pod, ns)) update(existing, node, t.topologyKey, 1);
      if (podMatchesAllAffinityTerms(pod.requiredAffinityTerms, p, ns)) for (const t of pod.requiredAffinityTerms) update(affinity, node, t.topologyKey, 1);
      for (const t of pod.requiredAntiAffinityTerms) if (matcherMatches(t.matcher, p, ns)) update(anti, node, t.topologyKey, 1);
    }
  }
  const skipped = existing.size === 0 && pod.requiredAffinityTerms.length === 0 && pod.requiredAntiAffinityTerms.length === 0;
  const out: Record<string, Outcome> = {};
  for (const node of nodes) {
    const l = node.labels;
    // satisfyPodAffinity
    let affinityOk = true;
    let podsExist = true;
    for (const t of pod.requiredAffinityTerms) {
      if (!has(l, t.topologyKey)) {
        affinityOk = false;
        break;
      }
      if ((affinity.get(pair(t.topologyKey, l[t.topologyKey])) ?? 0) <= 0) podsExist = false;
    }
    if (affinityOk && !podsExist) affinityOk = affinity.size === 0 && podMatchesAllAffinityTerms(pod.requiredAffinityTerms, pod, ns);
    if (!affinityOk) {
      out[node.name] = { status: 'UnschedulableAndUnresolvable', reason: "node(s) didn't match pod affinity rules" };
      continue;
    }
    // satisfyPodAntiAffinity
    if (pod.requiredAntiAffinityTerms.some((t) => has(l, t.topologyKey) && (anti.get(pair(t.topologyKey, l[t.topologyKey])) ?? 0) > 0)) {
      out[node.name] = { status: 'Unschedulable', reason: "node(s) didn't match pod anti-affinity rules" };
      continue;
    }
    // satisfyExistingPodsAntiAffinity: over the node's labels
    if (Object.entries(l).some(([k, v]) => (existing.get(pair(k, v)) ?? 0) > 0)) {
      out[node.name] = { status: 'Unschedulable', reason: "node(s) didn't satisfy existing pods anti-affinity rules" };
      continue;
    }
    out[node.name] = { status: 'Success' };
  }
  return { skipped, nodes: out };
}

/** scoring.go PreScore (processExistingPod over every pod), Score, NormalizeScore; ignorePreferredTermsOfExistingPods off. */
export function referenceScore(
  pod: PodInfo,
  allNodes: readonly NodeInfo[],
  candidates: readonly NodeInfo[],
  ns: NsLookup,
  hardPodAffinityWeight: number,
): 'skip' | { raw: Record<string, number>; scores: Record<string, number> } {
  if (candidates.length === 0) return 'skip';
  const topo = new Map<string, Map<string, number>>();
  const processTerm = (t: AffinityTerm, weight: number, target: PodInfo, node: NodeInfo, multiplier: number) => {
    if (!matcherMatches(t.matcher, target, ns) || !has(node.labels, t.topologyKey)) return;
    let m = topo.get(t.topologyKey);
    if (m === undefined) topo.set(t.topologyKey, (m = new Map()));
    const v = node.labels[t.topologyKey];
    m.set(v, (m.get(v) ?? 0) + weight * multiplier);
  };
  for (const node of allNodes) {
    if (Object.keys(node.labels).length === 0) continue;
    for (const p of node.pods) {
      for (const t of pod.preferredAffinityTerms) processTerm(t, t.weight, p, node, 1);
      for (const t of pod.preferredAntiAffinityTerms) processTerm(t, t.weight, p, node, -1);
      if (hardPodAffinityWeight > 0) for (const t of p.requiredAffinityTerms) processTerm(t, hardPodAffinityWeight, pod, node, 1);
      for (const t of p.preferredAffinityTerms) processTerm(t, t.weight, pod, node, 1);
      for (const t of p.preferredAntiAffinityTerms) processTerm(t, t.weight, pod, node, -1);
    }
  }
  if (topo.size === 0) return 'skip';
  const raw = candidates.map((n) => {
    let s = 0;
    for (const [k, m] of topo) if (has(n.labels, k)) s += m.get(n.labels[k]) ?? 0;
    return s;
  });
  const min = Math.min(...raw);
  const max = Math.max(...raw);
  const scores = raw.map((s) => (max - min > 0 ? Math.trunc(100 * ((s - min) / (max - min))) : 0));
  return {
    raw: Object.fromEntries(candidates.map((n, i) => [n.name, raw[i]])),
    scores: Object.fromEntries(candidates.map((n, i) => [n.name, scores[i]])),
  };
}
