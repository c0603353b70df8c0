/**
 * Arrival generators by inversion of Λ: exact lattices for evenly spaced arrivals, hand-computed Poisson times from
 * fixed uniforms, and statistical checks of seeded Poisson streams. Statistical tolerances are 4 standard errors
 * of the estimator under a Poisson process (derived beside each); the seeds are fixed, so runs are deterministic.
 */
import { createStream, type RandomStream } from '../../../engine/random';
import { ARRIVALS_DRAWN_AHEAD, EvenArrivals, PoissonArrivals, type ArrivalProcess } from '../../../models/traffic/arrivals';
import { constantProfile, rampProfile, SineRateProfile, stepsProfile } from '../../../models/traffic/profile';
import { micros, NEVER, seconds, toSeconds, ZERO, type Micros } from '../../../engine/time';

function take(a: ArrivalProcess, n: number): Micros[] {
  return Array.from({ length: n }, () => a.next());
}

function until(a: ArrivalProcess, end: Micros): Micros[] {
  const out: Micros[] = [];
  for (let t = a.next(); t < end; t = a.next()) out.push(t);
  return out;
}

/**
 * A stream that hands out `values` in turn, then 0.5 for ever: PoissonArrivals draws ARRIVALS_DRAWN_AHEAD uniforms at
 * a time (the arrivals after the given ones use the padding; the tests read only the first ones).
 */
function fixed(...values: number[]): RandomStream & { used: () => number } {
  let i = 0;
  return {
    name: 'fixed',
    next: () => (i < values.length ? values[i++] : (i++, 0.5)),
    used: () => i,
  };
}

describe('EvenArrivals', () => {
  it('1000 rps: one every 1000 µs, starting one gap after the origin', () => {
    expect(take(new EvenArrivals(constantProfile(1_000)), 4)).toEqual([1_000, 2_000, 3_000, 4_000]);
  });
  it('3 rps: k/3 s rounded to the nearest µs, with no drift (the third lands on 1 s exactly)', () => {
    expect(take(new EvenArrivals(constantProfile(3)), 6)).toEqual([333_333, 666_667, 1_000_000, 1_333_333, 1_666_667, 2_000_000]);
    const a = new EvenArrivals(constantProfile(3));
    let last = 0;
    for (let k = 1; k <= 3 * 3_600; k++) last = a.next();
    expect(last).toBe(seconds(3_600)); // the 10 800th arrival is exactly at 1 h
  });
  it('origin shifts the lattice; end (exclusive) stops it for good', () => {
    const a = new EvenArrivals(constantProfile(10), { origin: seconds(5), end: seconds(5.3) });
    expect(take(a, 4)).toEqual([5_100_000, 5_200_000, Infinity, Infinity]);
  });
  it('follows steps: 10 rps for 1 s, then 20 rps', () => {
    const a = new EvenArrivals(stepsProfile(10, [{ at: seconds(1), rps: 20 }]));
    const ts = take(a, 12);
    expect(ts.slice(8)).toEqual([900_000, 1_000_000, 1_050_000, 1_100_000]);
  });
  it('follows a ramp: 0 → 100 rps over 10 s gives Λ(t) = 5t², the k-th arrival at √(k/5) s', () => {
    const a = new EvenArrivals(rampProfile(0, 100, ZERO, seconds(10)));
    const ts = take(a, 500);
    expect(ts[4]).toBe(seconds(1)); // k = 5
    expect(ts[19]).toBe(seconds(2)); // k = 20
    expect(ts[44]).toBe(seconds(3)); // k = 45
    expect(ts[499]).toBe(seconds(10)); // k = 500: the ramp's end
    expect(a.next()).toBe(10_010_000); // then every 10 ms
  });
  it('a rate that drops to 0 ends the arrivals', () => {
    const a = new EvenArrivals(stepsProfile(2, [{ at: seconds(1), rps: 0 }]));
    expect(take(a, 3)).toEqual([500_000, 1_000_000, Infinity]);
  });
});

describe('PoissonArrivals', () => {
  it('inverts Λ at cumulative Exp(1) sums: one uniform per arrival, hand-computed times', () => {
    // u = 1 − e^{−x} gives Exp(1) = x. At 1000 rps, x = 1 → 1000 µs; then x = 0.5 more → 1500 µs; then x = 2.25 → 3750 µs.
    const s = fixed(1 - Math.exp(-1), 1 - Math.exp(-0.5), 1 - Math.exp(-2.25));
    const a = new PoissonArrivals(constantProfile(1_000), s);
    expect(take(a, 3)).toEqual([1_000, 1_500, 3_750]);
    // One uniform per arrival, drawn a block ahead: the first next() drew the first block's.
    expect(s.used()).toBe(ARRIVALS_DRAWN_AHEAD);
  });
  it('draws ahead without changing a time: 1,000 seeded arrivals (4 blocks) equal the one-at-a-time inversion', () => {
    // At 1000 rps Λ(t) = t/1000 (t in µs), so arrival k is at round(1000·x_k) µs, x_k = Σ −ln(1 − u_i) over the same
    // stream's first k uniforms (here drawn one at a time from a second copy of the stream).
    const u = createStream(7, 'traffic/ahead');
    let x = 0;
    const expected = Array.from({ length: 1_000 }, () => {
      x -= Math.log(1 - u.next());
      return Math.round((x * 1_000_000) / 1_000);
    });
    expect(take(new PoissonArrivals(constantProfile(1_000), createStream(7, 'traffic/ahead')), 1_000)).toEqual(expected);
    // A window ending inside a block: exactly the reference's times before 0.3 s, then Infinity for good.
    const end = seconds(0.3);
    const windowed = new PoissonArrivals(constantProfile(1_000), createStream(7, 'traffic/ahead'), { end });
    const inside = expected.filter((t) => t < end);
    expect(inside.length).toBeGreaterThan(200); // ≈ 300 expected: the end falls in the second block
    expect(take(windowed, inside.length + 3)).toEqual([...inside, NEVER, NEVER, NEVER]);
  });
  it('u = 0 gives an arrival at the same µs as the previous one (ties are allowed)', () => {
    const a = new PoissonArrivals(constantProfile(1_000), fixed(1 - Math.exp(-1), 0));
    expect(take(a, 2)).toEqual([1_000, 1_000]);
  });
  it('is reproducible from (seed, stream name), and times never decrease and are integers', () => {
    const run = () => take(new PoissonArrivals(new SineRateProfile(50, 500, seconds(60)), createStream(9, 'traffic/default/web')), 20_000);
    const a = run();
    expect(run()).toEqual(a);
    const bad = a.filter((t, i) => !Number.isInteger(t) || (i > 0 && t < a[i - 1]));
    expect(bad).toEqual([]);
  });
  it('constant rate: count, mean gap and dispersion of a Poisson process', () => {
    // λ = 1000 rps over T = 1000 s: N ~ Poisson(10⁶), sd 1000 → |N − 10⁶| < 4000.
    const ts = until(new PoissonArrivals(constantProfile(1_000), createStream(1, 'traffic/poisson')), seconds(1_000));
    expect(Math.abs(ts.length - 1_000_000)).toBeLessThan(4_000);
    // Counts per 1-s bin: mean 1000, variance 1000 (index of dispersion 1). The sample variance of 1000 bins has
    // sd ≈ 1000·√(2/999) ≈ 44.7 (Poisson with large mean ≈ normal) → |var − 1000| < 180.
    const bins = new Array<number>(1_000).fill(0);
    for (const t of ts) bins[Math.floor(toSeconds(t))]++;
    const mean = ts.length / 1_000;
    const variance = bins.reduce((acc, b) => acc + (b - mean) ** 2, 0) / 999;
    expect(Math.abs(variance - 1_000)).toBeLessThan(180);
    // Gaps: Exp(mean 1000 µs); mean of 10⁶ gaps has sd 1 µs → |mean − 1000| < 4 (+0.5 for µs rounding).
    expect(Math.abs((ts[ts.length - 1] - 0) / ts.length - 1_000)).toBeLessThan(4.5);
  });
  it('follows steps: 100 rps for 100 s then 400 rps for 100 s', () => {
    // Counts are Poisson(10 000) and Poisson(40 000): sd 100 and 200 → tolerances 400 and 800.
    const ts = until(new PoissonArrivals(stepsProfile(100, [{ at: seconds(100), rps: 400 }]), createStream(3, 'traffic/steps')), seconds(200));
    const first = ts.filter((t) => t < seconds(100)).length;
    expect(Math.abs(first - 10_000)).toBeLessThan(400);
    expect(Math.abs(ts.length - first - 40_000)).toBeLessThan(800);
  });
  it('follows a sine: each quarter period gets Λ(quarter end) − Λ(quarter start) arrivals', () => {
    // min 0, max 2000 rps, period 400 s, 4 periods; the quarter expectations follow from Λ, sd = √expectation.
    const p = new SineRateProfile(0, 2_000, seconds(400));
    const ts = until(new PoissonArrivals(p, createStream(4, 'traffic/sine')), seconds(1_600));
    const q = seconds(100);
    for (let k = 0; k < 16; k++) {
      const expected = p.cumulative((k + 1) * q) - p.cumulative(k * q);
      const n = ts.filter((t) => t >= k * q && t < (k + 1) * q).length;
      expect(Math.abs(n - expected)).toBeLessThan(4 * Math.sqrt(expected));
    }
  });
  it('origin and end bound the arrivals to the traffic window', () => {
    const ts = until(new PoissonArrivals(constantProfile(100), createStream(5, 'w'), { origin: seconds(10), end: seconds(20) }), NEVER);
    expect(ts.length).toBeGreaterThan(800);
    expect(ts[0]).toBeGreaterThanOrEqual(seconds(10));
    expect(ts[ts.length - 1]).toBeLessThan(seconds(20));
  });
  it('rejects a non-integer origin', () => {
    expect(() => new EvenArrivals(constantProfile(1), { origin: micros(0.5) })).toThrow(/origin/);
  });
});
