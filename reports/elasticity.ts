/**
 * Elasticity figures of the SPEC Research Group (Herbst et al., "Ready for Rain? A View from SPEC Research on the
 * Future of Cloud Metrics", 2016; Bauer et al., TOMPECS 2019) over a supply/demand series sampled at each HPA sync.
 * Pure arithmetic on (time, demand, supply) triples; the step between two samples holds the earlier values.
 */

export interface SupplyDemandSample {
  /** Seconds. */
  readonly t: number;
  readonly demand: number;
  readonly supply: number;
}

export interface ElasticityFigures {
  readonly underProvisionedSeconds: number;
  readonly overProvisionedSeconds: number;
  /** θ_U: mean relative shortage, % of demand, over the whole time. */
  readonly accuracyUnderPct: number;
  /** θ_O: mean relative excess, % of demand. */
  readonly accuracyOverPct: number;
  /** τ_U, τ_O: share of time under / over provisioned, %. */
  readonly timeshareUnderPct: number;
  readonly timeshareOverPct: number;
  /** υ: share of time in which supply and demand change in different directions (sign of Δ differs), %. */
  readonly instabilityPct: number;
  /** (supply adaptations − demand changes) per hour: positive = the autoscaler oscillates more than the load. */
  readonly jitterPerHour: number;
  /** Mean seconds from a demand increase until supply first reaches it; null when there was no increase. */
  readonly meanTimeToCapacitySeconds: number | null;
  /** Demand increases that supply never met before the end. */
  readonly unmetDemandIncreases: number;
}

export function elasticity(samples: readonly SupplyDemandSample[]): ElasticityFigures | null {
  if (samples.length < 2) return null;
  const T = samples[samples.length - 1].t - samples[0].t;
  if (!(T > 0)) return null;
  let under = 0;
  let over = 0;
  let accU = 0;
  let accO = 0;
  let unstable = 0;
  let supplyChanges = 0;
  let demandChanges = 0;
  for (let i = 0; i + 1 < samples.length; i++) {
    const a = samples[i];
    const b = samples[i + 1];
    const dt = b.t - a.t;
    const base = Math.max(a.demand, 1);
    if (a.demand > a.supply) {
      under += dt;
      accU += ((a.demand - a.supply) / base) * dt;
    } else if (a.supply > a.demand) {
      over += dt;
      accO += ((a.supply - a.demand) / base) * dt;
    }
    const ds = Math.sign(b.supply - a.supply);
    const dd = Math.sign(b.demand - a.demand);
    if (ds !== dd) unstable += dt;
    if (ds !== 0) supplyChanges++;
    if (dd !== 0) demandChanges++;
  }
  // Time to capacity: from each demand increase to the first sample where supply ≥ that demand.
  const waits: number[] = [];
  let unmet = 0;
  for (let i = 1; i < samples.length; i++) {
    if (samples[i].demand <= samples[i - 1].demand) continue;
    const goal = samples[i].demand;
    const reached = samples.slice(i).find((s) => s.supply >= goal);
    if (reached) waits.push(reached.t - samples[i].t);
    else unmet++;
  }
  return {
    underProvisionedSeconds: under,
    overProvisionedSeconds: over,
    accuracyUnderPct: (100 * accU) / T,
    accuracyOverPct: (100 * accO) / T,
    timeshareUnderPct: (100 * under) / T,
    timeshareOverPct: (100 * over) / T,
    instabilityPct: (100 * unstable) / T,
    jitterPerHour: ((supplyChanges - demandChanges) * 3600) / T,
    meanTimeToCapacitySeconds: waits.length ? waits.reduce((x, y) => x + y, 0) / waits.length : null,
    unmetDemandIncreases: unmet,
  };
}
