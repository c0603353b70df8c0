/**
 * Consolidation decisions over plain inputs (reference §7.2, §7.6–§7.8; kubernetes-sigs/karpenter
 * pkg/controllers/disruption/consolidation.go computeConsolidation, computeSpotToSpotConsolidation;
 * multinodeconsolidation.go firstNConsolidationOption, filterOutSameInstanceType; singlenodeconsolidation.go;
 * types.go SavingsRatio; pkg/utils/disruption EvictionCost). Pure: the controller applies the decision.
 */
import type { InstanceType, Offering } from '../cloud/types';
import { cheapestPrice, worstLaunchPrice } from './offering';
import { minValuesMessage, unmetMinValues } from './requirements';
import { solve, type NewClaim, type SimNode, type SimPod, type SimPool, type TypeOption } from './scheduling';
import type { KarpenterNodePool } from './types';

export interface CandidatePod extends SimPod {
  /** controller.kubernetes.io/pod-deletion-cost (0 when absent). */
  readonly deletionCost: number;
  readonly priority: number;
}

export interface Candidate {
  /** The Node's name. */
  readonly name: string;
  readonly pool: KarpenterNodePool;
  readonly type: InstanceType;
  readonly offering: Offering;
  /** Reschedulable pods (not DaemonSet, mirror or terminal). */
  readonly pods: readonly CandidatePod[];
}

/** EvictionCost = clamp(1 + deletionCost/2^27 + priority/2^25, −10, 10). */
export function evictionCost(p: { readonly deletionCost: number; readonly priority: number }): number {
  return Math.min(10, Math.max(-10, 1 + p.deletionCost / 2 ** 27 + p.priority / 2 ** 25));
}

/** RescheduleDisruptionCost = 1 + Σ max(0, EvictionCost). */
export function rescheduleDisruptionCost(pods: readonly CandidatePod[]): number {
  let c = 1;
  for (const p of pods) c += Math.max(0, evictionCost(p));
  return c;
}

/** Empty iff RescheduleDisruptionCost ≤ 1 (§7.2). */
export function isEmpty(c: Candidate): boolean {
  return rescheduleDisruptionCost(c.pods) <= 1;
}

export function savingsRatio(c: Candidate): number {
  return c.offering.pricePerHour / rescheduleDisruptionCost(c.pods);
}

/** v1.14 order: savings ratio descending; ties by node name ([k8sim] §10). */
export function orderCandidates(cs: readonly Candidate[]): Candidate[] {
  return [...cs].sort((a, b) => savingsRatio(b) - savingsRatio(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The rest of the cluster the candidates' pods may go to. */
export interface ClusterView {
  readonly nodes: readonly SimNode[];
  /** Pools in weight order, remaining limits as a fresh copy per call (the function copies them again). */
  readonly pools: readonly SimPool[];
  readonly types: readonly InstanceType[];
  readonly unavailable: (type: string, o: Offering) => boolean;
  readonly spotToSpotConsolidation: boolean;
  /** Balanced pools' totals over all their disruption candidates (balancedPoolTotals); absent = none Balanced. */
  readonly poolTotals?: ReadonlyMap<string, PoolTotals>;
}

/** balanced.go NodePoolTotals: Σ candidate prices, Σ (1 + Σ max(0, EvictionCost)) per candidate. */
export interface PoolTotals {
  readonly totalCost: number;
  readonly totalDisruptionCost: number;
}

/** computeNodePoolTotals: over every candidate of each pool (priced ones only). */
export function balancedPoolTotals(candidates: readonly Candidate[]): Map<string, PoolTotals> {
  const out = new Map<string, PoolTotals>();
  for (const c of candidates) {
    const price = c.offering.pricePerHour;
    if (!(price > 0)) continue;
    const t = out.get(c.pool.name) ?? { totalCost: 0, totalDisruptionCost: 0 };
    out.set(c.pool.name, { totalCost: t.totalCost + price, totalDisruptionCost: t.totalDisruptionCost + rescheduleDisruptionCost(c.pods) });
  }
  return out;
}

/**
 * balanced.go ScoreMove: score = (savings / pool cost) / (disruption cost / pool disruption cost), approved when
 * ≥ 1 / k. Zero pool cost or zero savings: rejected; zero pool disruption cost: approved.
 */
export function scoreMove(savings: number, disruptionCost: number, totals: PoolTotals, k: number): { readonly score: number; readonly approved: boolean; readonly threshold: number } {
  const threshold = 1 / k;
  if (totals.totalCost <= 0 || savings <= 0) return { score: 0, approved: false, threshold };
  if (totals.totalDisruptionCost <= 0) return { score: Infinity, approved: true, threshold };
  const score = savings / totals.totalCost / (disruptionCost / totals.totalDisruptionCost);
  return { score, approved: score >= threshold, threshold };
}

/**
 * EvaluateBalancedMove: every Balanced pool among the candidates scores the move on its own candidates (savings shared
 * by the pools' share of the candidates' cost when there are several); all must approve. Undefined when approved.
 */
function balancedRejection(d: Exclude<Decision, { kind: 'none' }>, view: ClusterView): string | undefined {
  const pools = new Map<string, Candidate[]>();
  for (const c of d.candidates) pools.set(c.pool.name, [...(pools.get(c.pool.name) ?? []), c]);
  const cost = (cs: readonly Candidate[]) => cs.reduce((a, c) => a + c.offering.pricePerHour, 0);
  const savings = d.kind === 'delete' ? cost(d.candidates) : d.savings;
  for (const [name, cs] of pools) {
    const pool = cs[0].pool;
    if (pool.consolidationPolicy !== 'Balanced') continue;
    const totals = view.poolTotals?.get(name) ?? { totalCost: 0, totalDisruptionCost: 0 };
    const share = pools.size > 1 && cost(d.candidates) > 0 ? savings * (cost(cs) / cost(d.candidates)) : savings;
    const disruption = cs.reduce((a, c) => a + rescheduleDisruptionCost(c.pods), 0);
    const r = scoreMove(share, disruption, totals, pool.consolidationThreshold);
    if (!r.approved) return `balanced score ${r.score.toFixed(2)} < threshold ${r.threshold.toFixed(2)} (k: ${pool.consolidationThreshold})`;
  }
  return undefined;
}

export type Decision =
  | { readonly kind: 'none'; readonly reason: string; readonly balancedRejected?: boolean }
  | { readonly kind: 'delete'; readonly candidates: readonly Candidate[] }
  | { readonly kind: 'replace'; readonly candidates: readonly Candidate[]; readonly claim: NewClaim; readonly savings: number };

export const MIN_SPOT_TO_SPOT_OPTIONS = 15;

function onlyCapacity(options: readonly TypeOption[], ct: Offering['capacityType']): TypeOption[] {
  return options.map((o) => ({ type: o.type, offerings: o.offerings.filter((x) => x.capacityType === ct) })).filter((o) => o.offerings.length > 0);
}

function byPrice(options: readonly TypeOption[]): TypeOption[] {
  return [...options].sort((a, b) => cheapestPrice(a.offerings) - cheapestPrice(b.offerings) || (a.type.name < b.type.name ? -1 : a.type.name > b.type.name ? 1 : 0));
}

/** filterByPrice: types whose worst launch price is strictly below `max`. */
function filterByPrice(options: readonly TypeOption[], max: number): TypeOption[] {
  return options.filter((o) => worstLaunchPrice(o.offerings) < max);
}

/** computeConsolidation (§7.6): delete, replace with one cheaper NodeClaim, or nothing (with the reason). */
export function computeConsolidation(candidates: readonly Candidate[], view: ClusterView, multi: boolean): Decision {
  const d = computeMove(candidates, view, multi);
  if (d.kind === 'none' || !d.candidates.some((c) => c.pool.consolidationPolicy === 'Balanced')) return d;
  const rejected = balancedRejection(d, view);
  return rejected === undefined ? d : { kind: 'none', reason: rejected, balancedRejected: true };
}

function computeMove(candidates: readonly Candidate[], view: ClusterView, multi: boolean): Decision {
  const names = new Set(candidates.map((c) => c.name));
  const pods = candidates.flatMap((c) => c.pods);
  const result = solve({
    pods,
    nodes: view.nodes.filter((n) => !names.has(n.name)),
    pools: view.pools.map((p) => ({ ...p, remaining: { ...p.remaining } })),
    types: view.types,
    unavailable: view.unavailable,
  });
  if (result.failed.size > 0) {
    const [key, reason] = [...result.failed.entries()][0];
    return { kind: 'none', reason: `not all pods would schedule, ${key} => ${reason}` };
  }
  if (result.claims.length === 0) return { kind: 'delete', candidates };
  if (result.claims.length > 1) return { kind: 'none', reason: `Can't remove without creating ${result.claims.length} candidates` };
  const claim = result.claims[0];
  const candidatePrice = candidates.reduce((s, c) => s + c.offering.pricePerHour, 0);
  const allSpot = candidates.every((c) => c.offering.capacityType === 'spot');
  const maySpot = claim.options.some((o) => o.offerings.some((x) => x.capacityType === 'spot'));
  let options: TypeOption[];
  if (allSpot && maySpot) {
    if (!view.spotToSpotConsolidation) return { kind: 'none', reason: "SpotToSpotConsolidation is disabled, can't replace a spot node with a spot node" };
    options = byPrice(filterByPrice(onlyCapacity(claim.options, 'spot'), candidatePrice));
    if (!multi) {
      if (options.length < MIN_SPOT_TO_SPOT_OPTIONS) {
        return { kind: 'none', reason: `SpotToSpotConsolidation requires ${MIN_SPOT_TO_SPOT_OPTIONS} cheaper instance type options than the current candidate to consolidate, got ${options.length}` };
      }
      // The 15 cheapest, or more when minValues needs them (§7.8).
      const cheapest = options.slice(0, MIN_SPOT_TO_SPOT_OPTIONS);
      if (unmetMinValues(cheapest, claim.requirements, claim.pool.name, claim.pool.labels) === undefined) options = cheapest;
    }
  } else {
    options = byPrice(filterByPrice(claim.options, candidatePrice));
    if (options.length > 0 && options.some((o) => o.offerings.some((x) => x.capacityType === 'spot')) && options.some((o) => o.offerings.some((x) => x.capacityType === 'on-demand'))) {
      // A replacement that could be spot or on-demand is restricted to spot (§7.6 step 4).
      options = onlyCapacity(options, 'spot');
    }
  }
  if (options.length === 0) return { kind: 'none', reason: "Can't replace with a cheaper node" };
  if (multi) {
    // filterOutSameInstanceType: keep only types cheaper than any candidate's own type that is among the options.
    const own = new Map<string, number>();
    for (const c of candidates) own.set(c.type.name, Math.min(own.get(c.type.name) ?? Infinity, c.offering.pricePerHour));
    let max = Infinity;
    for (const o of options) if (own.has(o.type.name)) max = Math.min(max, own.get(o.type.name)!);
    options = filterByPrice(options, max);
    if (options.length === 0) return { kind: 'none', reason: "Can't replace with a cheaper node" };
  }
  // The cheaper options must still meet the requirements' minValues (consolidation.go filterByPrice).
  const unmet = unmetMinValues(options, claim.requirements, claim.pool.name, claim.pool.labels);
  if (unmet !== undefined) return { kind: 'none', reason: minValuesMessage(unmet) };
  const savings = candidatePrice - cheapestPrice(options[0].offerings);
  return { kind: 'replace', candidates, claim: { ...claim, options }, savings };
}

/** `replace: [n1] -> [1 replacement]` or `replace: [n1] (part of 3-node consolidation)` (§7.6 step 5). */
export function consolidationCandidateMessage(d: Extract<Decision, { kind: 'replace' }>, node: string): string {
  const cmd = d.candidates.length === 1 ? `replace: [${node}] -> [1 replacement]` : `replace: [${node}] (part of ${d.candidates.length}-node consolidation)`;
  return `Consolidation candidate: ${cmd} (savings: $${d.savings.toFixed(2)})`;
}

/**
 * Multi-node consolidation (firstNConsolidationOption): binary search over prefixes of the ordered candidates, the
 * largest valid one wins. `candidates` already ordered and cut to the pools' allowances; needs ≥ 2.
 */
export function multiNodeConsolidation(candidates: readonly Candidate[], view: ClusterView): Decision {
  const none: Decision = { kind: 'none', reason: 'no multi-node consolidation' };
  if (candidates.length < 2) return none;
  let min = 1;
  let max = Math.min(candidates.length, 100) - 1;
  let last: Decision = none;
  while (min <= max) {
    const mid = Math.floor((min + max) / 2);
    const d = computeConsolidation(candidates.slice(0, mid + 1), view, true);
    if (d.kind !== 'none') {
      last = d;
      min = mid + 1;
    } else {
      max = mid - 1;
    }
  }
  return last;
}

/**
 * Single-node consolidation: the first candidate (in order, its pool's allowance > 0) with a delete or replace wins.
 * Returns the decision and the reasons candidates were not consolidatable (for Unconsolidatable events).
 */
export function singleNodeConsolidation(
  candidates: readonly Candidate[],
  view: ClusterView,
  allowance: (pool: string) => number,
): { decision: Decision; unconsolidatable: { candidate: Candidate; reason: string }[] } {
  const unconsolidatable: { candidate: Candidate; reason: string }[] = [];
  for (const c of candidates) {
    if (allowance(c.pool.name) <= 0) continue;
    const d = computeConsolidation([c], view, false);
    if (d.kind !== 'none') return { decision: d, unconsolidatable };
    // A Balanced pool's rejected move is no Unconsolidatable event (upstream logs the score).
    if (!d.balancedRejected) unconsolidatable.push({ candidate: c, reason: d.reason });
  }
  return { decision: { kind: 'none', reason: 'no single-node consolidation' }, unconsolidatable };
}
