/**
 * Request-rate profiles: requests per second as a function of virtual time, with the integrated rate Λ(t) and its
 * inverse, which the arrival generators invert. Owns the shapes (constant, steps, ramp, piecewise, sine/diurnal);
 * never draws random numbers or reads the clock.
 */
import { addMicros, seconds, subMicros, US_PER_SECOND, ZERO, type Micros } from '../../engine/time';

// Hot-path globals as module constants: under Jest's vm sandbox each global lookup costs ~0.2 µs.
const { sqrt, sin, cos, max } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

/**
 * Profile time is µs from the traffic's origin. Λ(t) = ∫₀ᵗ rate, in requests. timeOfCumulative returns real-valued µs
 * (callers round); every profile's rate is ≥ 0, so Λ is non-decreasing and its inverse is the earliest such time.
 * Callers pass Micros; the classes below accept real-valued µs (a plain number) because their inversions evaluate
 * rate and Λ between whole microseconds.
 */
export interface RateProfile {
  /** Requests per second at profile time `t` (µs). */
  rate(t: Micros): number;
  /** Λ(t): expected requests in [0, t]. Λ(t) = 0 for t ≤ 0. */
  cumulative(t: Micros): number;
  /**
   * The earliest t ≥ 0 (real-valued µs) with Λ(t) ≥ x; Infinity when Λ never reaches x. `from` is an optional hint,
   * a time with Λ(from) ≤ x (the previous answer, for a generator walking forward); the answer does not depend on it
   * beyond float round-off.
   */
  timeOfCumulative(x: number, from?: number): number;
}

/** A breakpoint: from `at` (µs) the rate is `rps` (step), or the rate passes through `rps` at `at` (linear). */
export interface RatePoint {
  readonly at: Micros;
  readonly rps: number;
}

/**
 * How a piecewise profile fills the gaps between points:
 * - `step`: the rate of a point holds until the next point (sample-and-hold);
 * - `linear`: the rate moves linearly from one point to the next.
 * Either way the first point's rate holds before it and the last point's rate holds after it, for ever.
 */
export type Interpolation = 'linear' | 'step';

/**
 * Piecewise-linear (or piecewise-constant) rate: constant, steps, ramp and CSV profiles are all this one shape.
 * Segment i covers [at_i, at_{i+1}) with rate r0_i at its start and slope k_i (rps per µs); the last segment is
 * constant for ever. Λ and its inverse are exact per segment (linear or quadratic).
 */
export class PiecewiseRateProfile implements RateProfile {
  private readonly starts: number[] = [];
  private readonly r0: number[] = [];
  private readonly slope: number[] = [];
  /** Λ at each segment's start. */
  private readonly cum: number[] = [];
  /**
   * timeOfCumulative's last segment (a generator's targets only grow, so the next answer is usually in it or just
   * after it), used only when `cum` never decreases: then a forward walk from it finds the binary search's segment.
   */
  private lastSegment = 0;
  private readonly cumRises: boolean;

  constructor(points: readonly RatePoint[], readonly interpolation: Interpolation) {
    if (points.length === 0) throw new Error('a rate profile needs at least one point');
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      if (!(Number.isInteger(p.at) && p.at >= 0)) throw new Error(`rate point ${i}: time must be a non-negative integer µs, got ${p.at}`);
      if (!(Number.isFinite(p.rps) && p.rps >= 0)) throw new Error(`rate point ${i}: rate must be a finite number ≥ 0, got ${p.rps}`);
      if (i > 0 && !(p.at > points[i - 1].at)) throw new Error(`rate point ${i}: times must increase (${points[i - 1].at} then ${p.at})`);
    }
    // A leading segment [0, at_0) at the first point's rate, when the first point is later than 0.
    if (points[0].at > 0) this.push(0, points[0].rps, 0);
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      const next = points[i + 1];
      const k = next !== undefined && interpolation === 'linear' ? (next.rps - p.rps) / (next.at - p.at) : 0;
      this.push(p.at, p.rps, k);
    }
    let rises = true;
    for (let i = 1; i < this.starts.length; i++) {
      const len = this.starts[i] - this.starts[i - 1];
      this.cum.push(this.cum[i - 1] + this.area(i - 1, len));
      if (this.cum[i] < this.cum[i - 1]) rises = false; // round-off on a falling ramp could do it: no shortcut then
    }
    this.cumRises = rises;
  }

  private push(at: number, r0: number, slope: number): void {
    this.starts.push(at);
    this.r0.push(r0);
    this.slope.push(slope);
    if (this.cum.length === 0) this.cum.push(0);
  }

  /** Requests in the first `len` µs of segment i. */
  private area(i: number, len: number): number {
    return (this.r0[i] * len + 0.5 * this.slope[i] * len * len) / US_PER_SECOND;
  }

  /** Index of the segment containing t (t ≥ 0). */
  private segmentAt(t: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  rate(t: number): number {
    if (t < 0) t = 0;
    const i = this.segmentAt(t);
    if (this.slope[i] === 0) return this.r0[i];
    // Interpolate by the fraction of the segment (exact at its ends and midpoint, unlike r0 + slope·dt).
    const a = this.starts[i];
    const b = this.starts[i + 1];
    const r1 = this.r0[i + 1];
    return this.r0[i] + ((r1 - this.r0[i]) * (t - a)) / (b - a);
  }

  cumulative(t: number): number {
    if (t <= 0) return 0;
    const i = this.segmentAt(t);
    return this.cum[i] + this.area(i, t - this.starts[i]);
  }

  timeOfCumulative(x: number): number {
    if (x <= 0) return 0;
    // The last segment whose start has Λ < x holds the answer (flat segments are skipped by the strict test).
    const cum = this.cum;
    let lo = this.lastSegment;
    if (this.cumRises && cum[lo] < x) {
      // Λ at segment starts never falls, so walking on while the next start's Λ < x ends where the search would.
      const last = cum.length - 1;
      while (lo < last && cum[lo + 1] < x) lo++;
    } else {
      lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (cum[mid] < x) lo = mid;
        else hi = mid - 1;
      }
    }
    this.lastSegment = lo;
    const c = (x - this.cum[lo]) * US_PER_SECOND; // rps·µs still needed inside segment lo
    const r0 = this.r0[lo];
    const k = this.slope[lo];
    let tau: number;
    if (k === 0) {
      if (r0 === 0) {
        // Only the last segment can be flat with Λ < x at its start. Within float round-off of its start's Λ
        // (a falling ramp's total computed as 499.9999999 for 500), the start is the answer.
        return x - this.cum[lo] <= 1e-9 * x ? this.starts[lo] : INFINITY;
      }
      tau = c / r0;
    } else {
      // r0·τ + k·τ²/2 = c, in the cancellation-free form τ = 2c / (r0 + √(r0² + 2kc)).
      const disc = r0 * r0 + 2 * k * c;
      tau = (2 * c) / (r0 + sqrt(disc > 0 ? disc : 0));
    }
    const end = lo + 1 < this.starts.length ? this.starts[lo + 1] : INFINITY;
    const t = this.starts[lo] + tau;
    return t < end ? t : end;
  }
}

/** A constant rate for ever. */
export function constantProfile(rps: number): PiecewiseRateProfile {
  return new PiecewiseRateProfile([{ at: ZERO, rps }], 'step');
}

/** Steps: each `{at, rps}` holds from `at` until the next; the rate before the first step is `initialRps`. */
export function stepsProfile(initialRps: number, steps: readonly RatePoint[]): PiecewiseRateProfile {
  const points = steps.length > 0 && steps[0].at === 0 ? steps : [{ at: ZERO, rps: initialRps }, ...steps];
  return new PiecewiseRateProfile(points, 'step');
}

/** A linear ramp from `fromRps` to `toRps` over [start, start + duration), constant before and after. */
export function rampProfile(fromRps: number, toRps: number, start: Micros, duration: Micros): PiecewiseRateProfile {
  if (!(duration > 0)) return stepsProfile(fromRps, [{ at: start, rps: toRps }]);
  return new PiecewiseRateProfile([{ at: start, rps: fromRps }, { at: addMicros(start, duration), rps: toRps }], 'linear');
}

/**
 * A sinusoidal rate between `minRps` and `maxRps`: rate(t) = mid + amp·sin(2π(t − phase)/period), mid = (max+min)/2,
 * amp = (max−min)/2. Λ has a closed form. Its inverse: a second-order step from the last point the inversion
 * evaluated (its anchor: Λ, the rate and the rate's slope there, so no trig call for the step), one evaluation of Λ
 * at the step's end to check it, and Newton's method safeguarded by bisection only when the check fails.
 *
 * Tolerance (pinned by test/models/traffic/sineInversion.test.ts against bisection): the answer t has
 * |Λ(t) − x| ≤ 10⁻⁹ requests plus Λ's own float round-off (4 ulps of x + 2·amp·period/2π/10⁶, the largest terms Λ
 * sums), i.e. t is within 10⁻⁹/rate s of the exact root plus round-off (≤ 10⁻³ µs at 1 rps, 10⁻⁵ µs at 100 rps).
 * Arrival times round t to the µs, so a root that close to a half µs may round either way (issue #13: 0 to a few in
 * 10⁵ arrival times moved by a µs when this step replaced a Newton iteration from a first-order guess).
 */
export class SineRateProfile implements RateProfile {
  private readonly mid: number;
  private readonly amp: number;
  private readonly omega: number; // radians per µs
  private readonly theta0: number;
  /** amp/ω and cos θ0, the constant parts of Λ (computed once; the same doubles cumulative used to compute each time). */
  private readonly ampOverOmega: number;
  private readonly cosTheta0: number;
  /** amp·ω: the rate's slope (rps per µs) is ampOmega·cos θ. */
  private readonly ampOmega: number;
  /** 2·amp/ω: the bound of |Λ(t) − mid·t/10⁶| (times 10⁶) that brackets an inversion. */
  private readonly slack: number;
  /** Λ's float round-off beyond 4 ulps of its value: 2·amp/ω/10⁶ requests × 2⁻⁵⁰ (its swing term's scale). */
  private readonly swingNoise: number;
  /** The last point cumulative() and rate() were evaluated at, and their values there (the inversion re-asks them). */
  private cumAt = NaN;
  private cumValue = 0;
  private rateAt = NaN;
  private rateValue = 0;
  /** The inversion's anchor: the last point it evaluated Λ at (NaN: none yet), with Λ, sin θ and cos θ there. */
  private anchorAt = NaN;
  private anchorCum = 0;
  private anchorSin = 0;
  private anchorCos = 0;

  constructor(
    readonly minRps: number,
    readonly maxRps: number,
    readonly period: Micros,
    readonly phase: Micros = ZERO,
  ) {
    if (!(Number.isFinite(minRps) && minRps >= 0 && Number.isFinite(maxRps) && maxRps >= minRps)) {
      throw new Error(`sine profile: need 0 ≤ min ≤ max, got min ${minRps}, max ${maxRps}`);
    }
    if (!(Number.isInteger(period) && period > 0)) throw new Error(`sine profile: period must be a positive integer µs, got ${period}`);
    this.mid = (maxRps + minRps) / 2;
    this.amp = (maxRps - minRps) / 2;
    this.omega = (2 * Math.PI) / period;
    this.theta0 = -this.omega * phase;
    this.ampOverOmega = this.amp / this.omega;
    this.cosTheta0 = cos(this.theta0);
    this.ampOmega = this.amp * this.omega;
    this.slack = (2 * this.amp) / this.omega;
    this.swingNoise = (this.slack / US_PER_SECOND) * ROUND_OFF;
  }

  rate(t: number): number {
    if (t < 0) t = 0;
    if (t === this.rateAt) return this.rateValue;
    const r = this.mid + this.amp * sin(this.omega * t + this.theta0);
    this.rateAt = t;
    this.rateValue = r > 0 ? r : 0;
    return this.rateValue;
  }

  cumulative(t: number): number {
    if (t <= 0) return 0;
    if (t === this.cumAt) return this.cumValue;
    const swing = this.ampOverOmega * (this.cosTheta0 - cos(this.omega * t + this.theta0));
    this.cumAt = t;
    this.cumValue = (this.mid * t + swing) / US_PER_SECOND;
    return this.cumValue;
  }

  timeOfCumulative(x: number, from = 0): number {
    if (x <= 0) return 0;
    if (this.mid === 0) return INFINITY;
    // |Λ(t) − mid·t/10⁶| ≤ 2·amp/ω/10⁶, which brackets the root; `from` (Λ(from) ≤ x) narrows it from below.
    const slack = this.slack;
    let lo = max(0, (x * US_PER_SECOND - slack) / this.mid, from);
    let hi = (x * US_PER_SECOND + slack) / this.mid;
    if (hi < lo) hi = lo;
    // The step starts at the anchor when it is usable (Λ there ≤ x, no earlier than 1 µs before `lo`), else at lo.
    if (!(this.anchorCum <= x && this.anchorAt >= lo - 1 && this.anchorAt <= hi)) this.anchor(lo);
    const a = this.anchorAt;
    // Second order: Λ(a + τ) ≈ Λ(a) + (r·τ + r′·τ²/2)/10⁶ with r = rate(a), r′ its slope, solved for τ in the
    // cancellation-free form τ = 2c / (r + √(r² + 2r′c)), c = (x − Λ(a))·10⁶ (the third-order term is below
    // round-off at arrival gaps: (ωτ)²/6 relative, 10⁻¹³ for a ms gap on a day's period).
    const r0 = this.mid + this.amp * this.anchorSin;
    const r = r0 > 0 ? r0 : 0;
    const c = (x - this.anchorCum) * US_PER_SECOND;
    const disc = r * r + 2 * this.ampOmega * this.anchorCos * c;
    let t = a + (2 * c) / (r + sqrt(disc > 0 ? disc : 0));
    if (t < lo) t = lo;
    if (t <= hi) {
      // The check: Λ at the step's end, which is also the next call's anchor.
      this.anchor(t);
      const f = this.anchorCum - x;
      if (f <= 0) lo = t;
      else hi = t;
      const tol = 1e-9 + x * ROUND_OFF + this.swingNoise;
      if (f <= tol && f >= -tol) {
        // One Newton correction from values at hand (no call), when it is small: the root to round-off.
        const rt = this.mid + this.amp * this.anchorSin;
        const step = rt > 0 ? (-f * US_PER_SECOND) / rt : 0;
        if (step < 1e-3 && step > -1e-3) t += step;
        return t < lo ? lo : t > hi ? hi : t;
      }
    } else t = (lo + hi) / 2;
    return this.newton(x, t, lo, hi);
  }

  /** Evaluates Λ, sin θ and cos θ at t (t ≥ 0) as the inversion's anchor (the same doubles cumulative computes). */
  private anchor(t: number): void {
    const theta = this.omega * t + this.theta0;
    const c = cos(theta);
    this.anchorAt = t;
    this.anchorSin = sin(theta);
    this.anchorCos = c;
    this.anchorCum = t > 0 ? (this.mid * t + this.ampOverOmega * (this.cosTheta0 - c)) / US_PER_SECOND : 0;
  }

  /** Newton's method from t in [lo, hi] (the root's bracket), falling back to bisection when a step leaves it. */
  private newton(x: number, t: number, lo: number, hi: number): number {
    for (let iter = 0; iter < 100; iter++) {
      const f = this.cumulative(t) - x;
      // Within 10⁻⁹ requests (≤ 10⁻³ µs at 1 rps) the µs the caller rounds to is settled.
      if (f <= 1e-9 && f >= -1e-9) break;
      if (f < 0) lo = t;
      else hi = t;
      if (hi - lo <= 1e-6) break;
      const d = this.rate(t) / US_PER_SECOND;
      let next = d > 0 ? t - f / d : NaN;
      if (!(next > lo && next < hi)) next = (lo + hi) / 2;
      const step = next - t;
      t = next;
      if (step < 1e-7 && step > -1e-7) break;
    }
    return t;
  }
}

/** 2⁻⁵⁰: 4 ulps relative, the round-off Λ's evaluation may carry. */
const ROUND_OFF = 2 ** -50;

const DAY_SECONDS = 86_400;
/** A day: the period of a diurnal profile. */
export const DAY: Micros = seconds(DAY_SECONDS);

/** A diurnal profile: a 24 h sine from `minRps` to `maxRps` peaking at `peakAt` (µs of profile time, mod 24 h). */
export function diurnalProfile(minRps: number, maxRps: number, peakAt: Micros): SineRateProfile {
  // sin peaks at angle π/2: (peakAt − phase)/period = 1/4.
  return new SineRateProfile(minRps, maxRps, DAY, subMicros(peakAt, seconds(DAY_SECONDS / 4)));
}
