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
  const fold = new ElasticityFold();
  for (const s of samples) fold.add(s.t, s.demand, s.supply);
  return fold.figures();
}

/** A demand increase waiting for supply to reach it (`wait` set once it has), kept in the order of the increases. */
interface Increase {
  readonly t: number;
  readonly goal: number;
  wait: number | undefined;
}

/**
 * `elasticity` one sample at a time, keeping no series: the run's summary folds every HPA sync as the run streams,
 * so its memory must not grow with the run's length. The sums are the same operations in the same order as over the
 * whole series (identical figures); time to capacity keeps only the increases from the oldest one not yet met (each
 * met increase's wait is added to the sum in the order of the increases, as the series' mean adds them).
 */
export class ElasticityFold {
  private n = 0;
  private firstT = 0;
  private lastT = 0;
  private lastDemand = 0;
  private lastSupply = 0;
  private under = 0;
  private over = 0;
  private accU = 0;
  private accO = 0;
  private unstable = 0;
  private supplyChanges = 0;
  private demandChanges = 0;
  /** Increases from the oldest one not yet met (index `head`) to the newest. */
  private increases: Increase[] = [];
  private head = 0;
  /** Increases not yet met, and the smallest goal among them (no scan while supply is below it). */
  private open = 0;
  private minOpenGoal = Infinity;
  private waitSum = 0;
  private waits = 0;

  add(t: number, demand: number, supply: number): void {
    if (this.n > 0) {
      const dt = t - this.lastT;
      const base = Math.max(this.lastDemand, 1);
      if (this.lastDemand > this.lastSupply) {
        this.under += dt;
        this.accU += ((this.lastDemand - this.lastSupply) / base) * dt;
      } else if (this.lastSupply > this.lastDemand) {
        this.over += dt;
        this.accO += ((this.lastSupply - this.lastDemand) / base) * dt;
      }
      const ds = Math.sign(supply - this.lastSupply);
      const dd = Math.sign(demand - this.lastDemand);
      if (ds !== dd) this.unstable += dt;
      if (ds !== 0) this.supplyChanges++;
      if (dd !== 0) this.demandChanges++;
      // An increase is met by the first sample, its own included, whose supply reaches it.
      if (demand > this.lastDemand) {
        this.increases.push({ t, goal: demand, wait: undefined });
        this.open++;
        if (demand < this.minOpenGoal) this.minOpenGoal = demand;
      }
      if (this.open > 0 && supply >= this.minOpenGoal) this.meet(t, supply);
    } else this.firstT = t;
    this.n++;
    this.lastT = t;
    this.lastDemand = demand;
    this.lastSupply = supply;
  }

  private meet(t: number, supply: number): void {
    const inc = this.increases;
    let min = Infinity;
    for (let i = this.head; i < inc.length; i++) {
      const x = inc[i];
      if (x.wait !== undefined) continue;
      if (x.goal <= supply) {
        x.wait = t - x.t;
        this.open--;
      } else if (x.goal < min) min = x.goal;
    }
    this.minOpenGoal = min;
    // The met increases at the front join the mean, in order; the list keeps the rest.
    while (this.head < inc.length && inc[this.head].wait !== undefined) {
      this.waitSum += inc[this.head].wait!;
      this.waits++;
      this.head++;
    }
    if (this.head === inc.length) {
      inc.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > inc.length) {
      this.increases = inc.slice(this.head);
      this.head = 0;
    }
  }

  /** The figures of the samples so far (null with fewer than two, or no time between the first and the last). */
  figures(): ElasticityFigures | null {
    if (this.n < 2) return null;
    const T = this.lastT - this.firstT;
    if (!(T > 0)) return null;
    // Increases behind one never met: their waits still count, after the earlier ones.
    let waitSum = this.waitSum;
    let waits = this.waits;
    let unmet = 0;
    for (let i = this.head; i < this.increases.length; i++) {
      const w = this.increases[i].wait;
      if (w === undefined) unmet++;
      else {
        waitSum += w;
        waits++;
      }
    }
    return {
      underProvisionedSeconds: this.under,
      overProvisionedSeconds: this.over,
      accuracyUnderPct: (100 * this.accU) / T,
      accuracyOverPct: (100 * this.accO) / T,
      timeshareUnderPct: (100 * this.under) / T,
      timeshareOverPct: (100 * this.over) / T,
      instabilityPct: (100 * this.unstable) / T,
      jitterPerHour: ((this.supplyChanges - this.demandChanges) * 3600) / T,
      meanTimeToCapacitySeconds: waits ? waitSum / waits : null,
      unmetDemandIncreases: unmet,
    };
  }
}
