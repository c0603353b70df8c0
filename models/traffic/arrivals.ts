/**
 * Next-arrival-time generators over a time-varying rate, by inversion of the integrated rate Λ: arrival k happens
 * at Λ⁻¹(x_k). Owns the arrival law only; draws from the RandomStream it is given, never reads the clock.
 */
import type { RandomStream } from '../../engine/random';
import { NEVER, ZERO, type Micros } from '../../engine/time';
import type { RateProfile } from './profile';

// Hot-path globals as module constants: under Jest's vm sandbox each global lookup costs ~0.2 µs.
const { log, round } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

/**
 * A source of arrival times. The two laws, both by inversion of Λ:
 * - Poisson (non-homogeneous): x_k = x_{k−1} + E_k with E_k ~ Exp(1), one uniform per arrival, so a change of
 *   rate shape never shifts the stream's later draws' meaning and no draws are thrown away (unlike thinning).
 * - Evenly spaced: x_k = k, i.e. one arrival each time one more request is expected (1/r apart at a constant r).
 * Times: the continuous arrival time (µs since the profile's origin) is rounded to the nearest µs, then offset by
 * `origin`; successive times never decrease (Λ⁻¹ is monotone) and equal times are allowed. Arrivals at or after
 * `end` are not produced: next() then returns Infinity for good.
 */
export interface ArrivalProcess {
  /** The next arrival time (integer µs of simulation time), or Infinity when there are no more. */
  next(): Micros;
}

export interface ArrivalWindow {
  /** Simulation time of profile time 0 (the Traffic's start). */
  readonly origin?: Micros;
  /** No arrivals at or after this simulation time. */
  readonly end?: Micros;
}

/** Arrival times computed per refill of an InversionArrivals' buffer (the same computations, in the same order, ahead). */
export const ARRIVALS_DRAWN_AHEAD = 256;
const BLOCK = ARRIVALS_DRAWN_AHEAD;

abstract class InversionArrivals implements ArrivalProcess {
  protected x = 0;
  /** The last continuous arrival time (profile µs), a lower bound for the next inversion. */
  private tc = 0;
  private readonly origin: Micros;
  private readonly end: Micros;
  /**
   * Arrival times computed ahead: `times[read … filled)` are the next ones, NEVER-terminated once the window's end
   * is reached. Filled on the first next() (a source that never asks, a fluid one, draws nothing), BLOCK at a time:
   * the stream's draws and the profile's inversions run in exactly the order one next() at a time would run them,
   * only earlier (the stream and the inversion's anchor belong to this generator alone).
   */
  private readonly times = new Float64Array(BLOCK);
  private read = 0;
  private filled = 0;
  private done = false;

  constructor(
    protected readonly profile: RateProfile,
    window: ArrivalWindow,
  ) {
    this.origin = window.origin ?? ZERO;
    this.end = window.end ?? NEVER;
    if (!Number.isInteger(this.origin)) throw new Error(`arrivals: origin must be an integer µs, got ${this.origin}`);
  }

  /** The next target value of Λ. */
  protected abstract advance(): number;

  next(): Micros {
    if (this.read === this.filled) {
      if (this.done) return NEVER;
      this.fill();
    }
    return this.times[this.read++] as Micros;
  }

  /** Computes up to BLOCK further arrival times; the last one is NEVER when the window's end was reached. */
  private fill(): void {
    const times = this.times;
    const profile = this.profile;
    const origin = this.origin;
    const end = this.end;
    let tc = this.tc;
    let n = 0;
    while (n < BLOCK) {
      const x = this.advance();
      this.x = x;
      const t = profile.timeOfCumulative(x, tc);
      tc = t;
      // Real-valued profile µs rounded to whole µs, then placed on the simulation's axis.
      const at = t === INFINITY ? NEVER : origin + round(t);
      if (!(at < end)) {
        this.done = true;
        times[n++] = NEVER;
        break;
      }
      times[n++] = at;
    }
    this.tc = tc;
    this.read = 0;
    this.filled = n;
  }
}

/** Poisson arrivals with the profile's rate (seeded by `stream`). */
export class PoissonArrivals extends InversionArrivals {
  constructor(
    profile: RateProfile,
    private readonly stream: RandomStream,
    window: ArrivalWindow = {},
  ) {
    super(profile, window);
  }

  protected advance(): number {
    // Exp(1) by inversion; 1 − u ∈ (0, 1] keeps the logarithm finite.
    return this.x - log(1 - this.stream.next());
  }
}

/** Deterministic arrivals: the k-th when Λ reaches k. */
export class EvenArrivals extends InversionArrivals {
  private k = 0;

  constructor(profile: RateProfile, window: ArrivalWindow = {}) {
    super(profile, window);
  }

  protected advance(): number {
    return ++this.k;
  }
}
