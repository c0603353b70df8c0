/**
 * How an oversubscribed node's CPU is divided among its pods: weighted water-filling by cpu.shares, capped by
 * each pod's demand and CFS quota (limit). Pure arithmetic over integers; never reads pods or schedules anything.
 */
import { floorDiv } from './exact';

/** One pod's claim on the node's CPU, in millicores. */
export interface CpuClaim {
  /** What the pod could use right now (its runnable work, e.g. PodServer.cpuDemandMilli), integer ≥ 0. */
  readonly demandMilli: number;
  /** The pod's CPU request (its cgroup weight); 0 when unset. */
  readonly requestMilli: number;
  /** The pod's CPU limit (CFS quota); Infinity when unset. */
  readonly limitMilli: number;
}

/** kubelet cm.MinShares / MaxShares / SharesPerCPU. */
export const MIN_SHARES = 2;
export const MAX_SHARES = 262_144;
export const SHARES_PER_CPU = 1024;

/** pkg/kubelet/cm MilliCPUToShares: request 0 → 2 (the kernel's minimum), else ⌊milli·1024/1000⌋ within [2, 262144]. */
export function milliCpuToShares(milli: number): number {
  if (milli <= 0) return MIN_SHARES;
  const shares = Math.floor((milli * SHARES_PER_CPU) / 1000);
  if (shares < MIN_SHARES) return MIN_SHARES;
  return shares > MAX_SHARES ? MAX_SHARES : shares;
}

/**
 * Each pod's allocation in millicores (same order as `claims`).
 *
 * Rule. Each pod i has a cap c_i = min(demand_i, limit_i) and a weight w_i = cpu.shares of its CPU request
 * (MilliCPUToShares). If Σc_i ≤ allocatable every pod gets c_i. Otherwise there is a level λ with
 * Σ min(c_i, λ·w_i) = allocatable: pods whose cap is below their weighted share get their cap, the others split
 * what is left in proportion to their weights. Integer millicores: the proportional parts are floored and the
 * leftover millicores go one each by largest remainder (ties: lower index first), so Σ = allocatable exactly and
 * no pod exceeds its cap. This is CFS's fair share flattened to one level: the kubepods QoS sub-groups
 * (burstable, besteffort) are not modelled, which only matters when a whole QoS class leaves its share unused.
 */
export function shareNodeCpu(claims: readonly CpuClaim[], allocatableMilli: number): number[] {
  if (!(Number.isInteger(allocatableMilli) && allocatableMilli >= 0)) {
    throw new Error(`allocatable CPU must be an integer number of millicores ≥ 0, got ${allocatableMilli}`);
  }
  const n = claims.length;
  const cap: number[] = new Array<number>(n);
  const w: number[] = new Array<number>(n);
  let totalCap = 0;
  for (let i = 0; i < n; i++) {
    const c = claims[i];
    if (!(Number.isInteger(c.demandMilli) && c.demandMilli >= 0)) {
      throw new Error(`claim ${i}: demand must be an integer ≥ 0, got ${c.demandMilli}`);
    }
    cap[i] = Math.min(c.demandMilli, c.limitMilli);
    if (!Number.isInteger(cap[i])) throw new Error(`claim ${i}: limit must be an integer or Infinity, got ${c.limitMilli}`);
    w[i] = milliCpuToShares(c.requestMilli);
    totalCap += cap[i];
  }
  if (totalCap <= allocatableMilli) return cap;

  // Saturation order: ascending cap/weight (cross-multiplied, exact), ties by index.
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => cap[a] * w[b] - cap[b] * w[a] || a - b);
  const out: number[] = new Array<number>(n).fill(0);
  let left = allocatableMilli;
  let weight = 0;
  for (const i of order) weight += w[i];
  let k = 0;
  // A pod saturates when its cap is within its weighted share of what is left: cap·W ≤ left·w.
  for (; k < n; k++) {
    const i = order[k];
    if (cap[i] * weight > left * w[i]) break;
    out[i] = cap[i];
    left -= cap[i];
    weight -= w[i];
  }
  if (k === n) return out;
  // The rest split `left` in proportion to weight: floors, then the leftover by largest remainder.
  const rest = order.slice(k).sort((a, b) => a - b);
  const remainders: { i: number; r: number }[] = [];
  let given = 0;
  for (const i of rest) {
    const num = left * w[i];
    const q = floorDiv(num, weight);
    out[i] = q;
    given += q;
    remainders.push({ i, r: num - q * weight });
  }
  remainders.sort((a, b) => b.r - a.r || a.i - b.i);
  for (let j = 0; j < left - given; j++) out[remainders[j].i]++;
  return out;
}
