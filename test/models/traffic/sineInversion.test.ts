/**
 * SineRateProfile.timeOfCumulative (a second-order step from its last evaluation, one check, Newton only when the
 * check fails) against a reference written here: bisection on Λ from its closed form, to 10⁻¹² µs or to the last
 * double. The documented tolerance: |Λ(t) − x| ≤ 10⁻⁹ requests + Λ's round-off (4 ulps of x + 2·amp/ω/10⁶ × 2⁻⁵⁰),
 * or t within 10⁻⁶ µs of the root. Both sides carry Λ's round-off, hence the factor 2 below.
 * fast-check prints the seed and path of a failing property; replay with fc.assert(…, { seed, path }).
 */
import fc from 'fast-check';
import { SineRateProfile } from '../../../models/traffic/profile';
import { createStream } from '../../../engine/random';
import { micros, seconds } from '../../../engine/time';

// Math's functions as module constants: under Jest's vm sandbox each global lookup is slow.
const { cos, log, PI } = Math;

interface Sine {
  readonly min: number;
  readonly max: number;
  readonly period: number;
  readonly phase: number;
}

/** Λ(t) in requests, from the profile's definition: ∫₀ᵗ mid + amp·sin(ωs + θ0) ds / 10⁶, θ0 = −ω·phase. */
function lambda(s: Sine, t: number): number {
  if (t <= 0) return 0;
  const mid = (s.max + s.min) / 2;
  const amp = (s.max - s.min) / 2;
  const w = (2 * PI) / s.period;
  const th0 = -w * s.phase;
  return (mid * t + (amp / w) * (cos(th0) - cos(w * t + th0))) / 1e6;
}

/** The earliest t with Λ(t) ≥ x, by bisection (Λ is non-decreasing): to 10⁻¹² µs, or until the doubles run out. */
function reference(s: Sine, x: number): number {
  const mid = (s.max + s.min) / 2;
  let lo = 0;
  let hi = (x * 1e6 + (s.max - s.min) * s.period) / mid + 1; // Λ(t) ≥ mid·t/10⁶ − amp·P/π/10⁶
  while (hi - lo > 1e-12) {
    const m = (lo + hi) / 2;
    if (m === lo || m === hi) break;
    if (lambda(s, m) < x) lo = m;
    else hi = m;
  }
  return hi;
}

/** The tolerance in requests: 10⁻⁹ plus Λ's round-off at x (the profile's documented bound). */
function tolerance(s: Sine, x: number): number {
  const ampOverOmega = ((s.max - s.min) / 2) / ((2 * PI) / s.period);
  return 1e-9 + (x + (2 * ampOverOmega) / 1e6) * 2 ** -50;
}

/** Why t is not an acceptable answer for x, or undefined when it is. */
function fault(s: Sine, x: number, t: number): string | undefined {
  const ref = reference(s, x);
  const offBy = Math.abs(lambda(s, t) - x);
  if (offBy <= 2 * tolerance(s, x)) return undefined;
  if (Math.abs(t - ref) <= 2e-6 + 8 * Number.EPSILON * ref) return undefined;
  return `x ${x}: t ${t}, reference ${ref} (off by ${t - ref} µs), |Λ(t) − x| = ${offBy}`;
}

/** Walks a Poisson stream of targets x_k = x_{k−1} + E_k through the inversion as the arrival generators do. */
function walk(s: Sine, xs: readonly number[]): string[] {
  const p = new SineRateProfile(s.min, s.max, micros(s.period), micros(s.phase));
  const faults: string[] = [];
  let from = 0;
  for (const x of xs) {
    const t = p.timeOfCumulative(x, from);
    if (!(t >= from)) faults.push(`x ${x}: t ${t} before the previous answer ${from}`);
    const f = fault(s, x, t);
    if (f !== undefined) faults.push(f);
    from = t;
  }
  return faults;
}

function poissonTargets(stream: string, n: number, start = 0): number[] {
  const u = createStream(1, stream);
  const xs: number[] = [];
  let x = start;
  for (let i = 0; i < n; i++) xs.push((x -= log(1 - u.next())));
  return xs;
}

describe('SineRateProfile inversion against bisection', () => {
  it('a whole day at 1–3 rps (172,800 arrivals, gaps of 0.3–1 s: the second-order step at its largest)', () => {
    const day: Sine = { min: 1, max: 3, period: seconds(86_400), phase: 0 };
    // Mean 2 rps × 86,400 s = 172,800 expected arrivals; 175,000 targets run past the day's end.
    expect(walk(day, poissonTargets('sine/day', 175_000))).toEqual([]);
  });

  it('the system day’s Traffic (100–300 rps, 24 h) late in the day, where Λ ≈ 1.7·10⁷ and its round-off matters', () => {
    const svc: Sine = { min: 100, max: 300, period: seconds(86_400), phase: 0 };
    // Λ(23 h) = 200 × 82,800 + (100/ω)(1 − cos(2π·23/24))/10⁶ ≈ 1.656·10⁷ requests (ω in rad/µs).
    const start = lambda(svc, seconds(23 * 3_600));
    expect(start).toBeGreaterThan(1.6e7);
    expect(walk(svc, poissonTargets('sine/late', 20_000, start))).toEqual([]);
  });

  it('a trough at rate 0 (min 0): Λ is flat to round-off there and t ill-conditioned; Λ(t) still meets x', () => {
    // 0–200 rps over 100 s: the rate is 0 at t = 75 s; 30,000 targets span three periods (10,000 requests each).
    const s: Sine = { min: 0, max: 200, period: seconds(100), phase: 0 };
    expect(walk(s, poissonTargets('sine/trough', 30_000))).toEqual([]);
  });

  it('fast-check: random min, max, period and phase, and a stream of targets with jumps', () => {
    const sineArb = fc
      .record({
        min: fc.double({ min: 0, max: 2_000, noNaN: true }),
        span: fc.double({ min: 0, max: 5_000, noNaN: true }),
        period: fc.integer({ min: 1_000, max: seconds(30 * 86_400) }),
        phaseFraction: fc.double({ min: -1, max: 1, noNaN: true }),
      })
      .filter((r) => r.min + r.span / 2 >= 0.01) // a mean of at least 1 request per 100 s
      .map((r): Sine => ({ min: r.min, max: r.min + r.span, period: r.period, phase: Math.round(r.phaseFraction * r.period) }));
    // Steps of Exp(1)-like size, with now and then a jump of up to 10⁷ requests (a gap over many periods).
    const stepsArb = fc.array(fc.oneof({ weight: 9, arbitrary: fc.double({ min: 1e-6, max: 5, noNaN: true }) }, { weight: 1, arbitrary: fc.double({ min: 5, max: 1e7, noNaN: true }) }), {
      minLength: 1,
      maxLength: 200,
    });
    fc.assert(
      fc.property(sineArb, stepsArb, (s, steps) => {
        const xs: number[] = [];
        let x = 0;
        for (const d of steps) xs.push((x += d));
        expect(walk(s, xs)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('the check can fail: an answer 10⁻³ µs off at 200 rps is reported', () => {
    // At 200 rps, 10⁻³ µs is 2·10⁻⁷ requests: far beyond 2 × (10⁻⁹ + round-off) and beyond 2·10⁻⁶ µs.
    const s: Sine = { min: 100, max: 300, period: seconds(86_400), phase: 0 };
    const x = 1_000.5;
    expect(fault(s, x, reference(s, x))).toBeUndefined();
    expect(fault(s, x, reference(s, x) + 1e-3)).toMatch(/off by/);
  });
});
