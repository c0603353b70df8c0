/**
 * Rate profiles: rate(t), Λ(t) = ∫₀ᵗ rate and its inverse, each expected number derived by hand beside it; the CSV
 * reader's format and errors. Times are Micros (seconds() and micros() state the unit), rates in requests per second.
 */
import {
  constantProfile,
  DAY,
  diurnalProfile,
  PiecewiseRateProfile,
  rampProfile,
  SineRateProfile,
  stepsProfile,
  type RateProfile,
} from '../../../models/traffic/profile';
import { csvProfile, DEFAULT_CSV_INTERPOLATION, parseRateCsv, RateCsvError } from '../../../scenarios/rateCsv';
import { addMicros, micros, seconds, ZERO } from '../../../engine/time';

/** Λ⁻¹(Λ(t)) = t wherever the rate is positive; `times` in µs. */
function expectRoundTrip(p: RateProfile, times: readonly number[], tol = 1e-3): void {
  for (const t of times) expect(Math.abs(p.timeOfCumulative(p.cumulative(micros(t))) - t)).toBeLessThan(tol);
}

describe('constant', () => {
  const p = constantProfile(100);
  it('rate, Λ and Λ⁻¹', () => {
    expect(p.rate(0)).toBe(100);
    expect(p.rate(seconds(3_600))).toBe(100);
    expect(p.cumulative(seconds(10))).toBe(1_000); // 100 rps × 10 s
    expect(p.cumulative(-5)).toBe(0);
    expect(p.timeOfCumulative(1)).toBe(10_000); // 1 request at 100 rps: 10 ms
    expect(p.timeOfCumulative(0)).toBe(0);
  });
  it('a zero rate never reaches any count', () => {
    expect(constantProfile(0).timeOfCumulative(1)).toBe(Infinity);
  });
});

describe('steps', () => {
  // 10 rps on [0,10 s), 50 on [10,20), 0 on [20,30), 20 from 30 s on.
  // Λ(10 s) = 100; Λ(20 s) = 100 + 500 = 600; Λ(30 s) = 600; Λ(40 s) = 600 + 200 = 800.
  const p = stepsProfile(10, [
    { at: seconds(10), rps: 50 },
    { at: seconds(20), rps: 0 },
    { at: seconds(30), rps: 20 },
  ]);
  it('rate holds from each step until the next', () => {
    expect([p.rate(0), p.rate(seconds(10) - 1), p.rate(seconds(10)), p.rate(seconds(25)), p.rate(seconds(30)), p.rate(seconds(99))]).toEqual([10, 10, 50, 0, 20, 20]);
  });
  it.each([
    { t: seconds(10), x: 100 },
    { t: seconds(15), x: 350 },
    { t: seconds(20), x: 600 },
    { t: seconds(30), x: 600 },
    { t: seconds(40), x: 800 },
  ])('Λ($t µs) = $x', ({ t, x }) => {
    expect(p.cumulative(t)).toBeCloseTo(x, 9);
  });
  it('Λ⁻¹ gives the earliest time and skips the zero-rate gap', () => {
    expect(p.timeOfCumulative(600)).toBeCloseTo(seconds(20), 3); // reached at the end of the 50-rps step
    expect(p.timeOfCumulative(600.5)).toBeCloseTo(seconds(30) + 25_000, 3); // 0.5 more at 20 rps: 25 ms after 30 s
    expect(p.timeOfCumulative(100)).toBeCloseTo(seconds(10), 3);
  });
  it('a profile ending at 0 never reaches more than its total', () => {
    const q = stepsProfile(10, [{ at: seconds(10), rps: 0 }]);
    expect(q.timeOfCumulative(100)).toBeCloseTo(seconds(10), 3);
    expect(q.timeOfCumulative(100.001)).toBe(Infinity);
  });
  it('a first step at 0 replaces the initial rate', () => {
    expect(stepsProfile(10, [{ at: ZERO, rps: 70 }]).rate(0)).toBe(70);
  });
});

describe('ramp', () => {
  // 0 → 100 rps over [10 s, 20 s): Λ(10 s) = 0, Λ(15 s) = ½·50·5 = 125, Λ(20 s) = ½·100·10 = 500, then +100/s.
  const p = rampProfile(0, 100, seconds(10), seconds(10));
  it('rate is linear inside the ramp and constant outside', () => {
    expect([p.rate(0), p.rate(seconds(10)), p.rate(seconds(15)), p.rate(seconds(20)), p.rate(seconds(50))]).toEqual([0, 0, 50, 100, 100]);
  });
  it('Λ and its quadratic inverse', () => {
    expect(p.cumulative(seconds(15))).toBeCloseTo(125, 9);
    expect(p.cumulative(seconds(20))).toBeCloseTo(500, 9);
    expect(p.cumulative(seconds(21))).toBeCloseTo(600, 9);
    expect(p.timeOfCumulative(125)).toBeCloseTo(seconds(15), 3); // τ = √(2c/k) = √(2·125e6 / 1e-5) = 5e6 µs
    expect(p.timeOfCumulative(500)).toBeCloseTo(seconds(20), 3);
    expect(p.timeOfCumulative(600)).toBeCloseTo(seconds(21), 3);
    expectRoundTrip(p, [seconds(10) + 1, seconds(12), 17_654_321, seconds(20), seconds(33)]);
  });
  it('a falling ramp to 0 stops for good', () => {
    // 100 → 0 over [0, 10 s): Λ(10 s) = 500; Λ(τ) = 100τ − 5τ² (τ in s) = 375 → τ = 5 s.
    const q = rampProfile(100, 0, ZERO, seconds(10));
    expect(q.timeOfCumulative(375)).toBeCloseTo(seconds(5), 3);
    expect(q.timeOfCumulative(500)).toBeCloseTo(seconds(10), 3);
    expect(q.timeOfCumulative(500.01)).toBe(Infinity);
  });
  it('a ramp of zero duration is a step', () => {
    const q = rampProfile(10, 20, seconds(5), ZERO);
    expect([q.rate(seconds(5) - 1), q.rate(seconds(5))]).toEqual([10, 20]);
  });
});

describe('sine and diurnal', () => {
  // min 0, max 200, period 100 s, phase 0: rate = 100 + 100·sin(2πt/100 s).
  const p = new SineRateProfile(0, 200, seconds(100));
  it('rate at the quarter points', () => {
    expect(p.rate(0)).toBeCloseTo(100, 9);
    expect(p.rate(seconds(25))).toBeCloseTo(200, 9);
    expect(p.rate(seconds(50))).toBeCloseTo(100, 9);
    expect(p.rate(seconds(75))).toBeCloseTo(0, 9);
  });
  it('Λ over a full period is mean × period; over half a period it adds 2·amp·P/(2π)', () => {
    expect(p.cumulative(seconds(100))).toBeCloseTo(10_000, 6);
    // ∫₀⁵⁰ 100 + 100 sin(2πt/100) dt = 5000 + 100·(100/2π)·(1 − cos π) = 5000 + 10000/π.
    expect(p.cumulative(seconds(50))).toBeCloseTo(5_000 + 10_000 / Math.PI, 6);
  });
  it('Λ⁻¹ inverts Λ to well under a µs where the rate is positive', () => {
    expectRoundTrip(p, [1, 1_234_567, seconds(25), seconds(49), seconds(70), seconds(80), seconds(99), seconds(3_601) + 17]);
  });
  it('around a zero-rate instant (t = 75 s) Λ is flat to float precision: Λ(Λ⁻¹(x)) = x still holds', () => {
    // Near the trough rate ≈ ½·100·(ωδ)², so Λ moves by ~10⁻¹² requests over δ = 300 µs: t is ill-conditioned,
    // x is not. The arrival generators only need x back.
    for (const t of [seconds(75) - 500, seconds(75), seconds(75) + 3, seconds(175)]) {
      const x = p.cumulative(t);
      expect(Math.abs(p.cumulative(p.timeOfCumulative(x)) - x)).toBeLessThan(1e-9 * x);
    }
  });
  it('a sine with max 0 never reaches a count', () => {
    expect(new SineRateProfile(0, 0, seconds(1)).timeOfCumulative(1)).toBe(Infinity);
  });
  it('rejects min > max and a non-integer period', () => {
    expect(() => new SineRateProfile(5, 1, seconds(1))).toThrow(/min ≤ max/);
    expect(() => new SineRateProfile(0, 1, micros(1.5))).toThrow(/period/);
  });
  it('diurnal: 24 h period, peak at the given time, trough 12 h later', () => {
    const d = diurnalProfile(100, 1_000, seconds(14 * 3_600));
    expect(d.rate(seconds(14 * 3_600))).toBeCloseTo(1_000, 6);
    expect(d.rate(seconds(2 * 3_600))).toBeCloseTo(100, 6);
    expect(d.rate(addMicros(seconds(14 * 3_600), DAY))).toBeCloseTo(1_000, 6);
    expect(d.cumulative(DAY)).toBeCloseTo(550 * 86_400, 3); // mean 550 rps for a day
  });
});

describe('PiecewiseRateProfile validation', () => {
  it.each([
    { points: [], error: /at least one point/ },
    { points: [{ at: micros(-1), rps: 1 }], error: /non-negative integer/ },
    { points: [{ at: micros(0.5), rps: 1 }], error: /non-negative integer/ },
    { points: [{ at: ZERO, rps: -1 }], error: /≥ 0/ },
    { points: [{ at: ZERO, rps: NaN }], error: /≥ 0/ },
    { points: [{ at: micros(5), rps: 1 }, { at: micros(5), rps: 2 }], error: /must increase/ },
  ])('rejects $points', ({ points, error }) => {
    expect(() => new PiecewiseRateProfile(points, 'linear')).toThrow(error);
  });
  it('before the first point the first rate holds', () => {
    const p = new PiecewiseRateProfile([{ at: seconds(10), rps: 40 }, { at: seconds(20), rps: 60 }], 'linear');
    expect(p.rate(0)).toBe(40);
    expect(p.cumulative(seconds(10))).toBeCloseTo(400, 9);
  });
});

describe('CSV profiles (time_s,rps)', () => {
  it('reads a header, comments, blank lines and CRLF; times to µs', () => {
    const text = 'time_s,rps\r\n# replayed from production\r\n0,10\r\n\r\n10, 30\r\n20.5,0\r\n';
    expect(parseRateCsv(text)).toEqual([
      { at: 0, rps: 10 },
      { at: seconds(10), rps: 30 },
      { at: 20_500_000, rps: 0 },
    ]);
  });
  it('linear (the default) joins rows by straight lines; step holds each row until the next', () => {
    expect(DEFAULT_CSV_INTERPOLATION).toBe('linear');
    const text = '0,10\n10,30\n';
    const lin = csvProfile(text);
    const step = csvProfile(text, 'step');
    expect(lin.rate(seconds(5))).toBe(20);
    expect(step.rate(seconds(5))).toBe(10);
    expect(lin.cumulative(seconds(10))).toBeCloseTo(200, 9); // trapezoid (10 + 30)/2 × 10 s
    expect(step.cumulative(seconds(10))).toBeCloseTo(100, 9); // 10 rps × 10 s
    expect(lin.rate(seconds(99))).toBe(30); // the last row holds for ever
  });
  it.each([
    { text: '', line: 1, problem: 'no data rows (expected "time_s,rps" pairs)' },
    { text: 'time_s,rps\n', line: 2, problem: 'no data rows (expected "time_s,rps" pairs)' },
    { text: '0,1\n1,2,3\n', line: 2, problem: 'expected 2 columns "time_s,rps", got 3' },
    { text: '0,1\nabc,2\n', line: 2, problem: 'time_s must be a number ≥ 0, got "abc"' },
    { text: '-1,2\n', line: 1, problem: 'time_s must be a number ≥ 0, got "-1"' },
    { text: '0,x\n', line: 1, problem: 'rps must be a number ≥ 0, got "x"' },
    { text: '# c\n0,1\n5,2\n5,3\n', line: 4, problem: 'time_s must increase: 5 does not come after 5' },
    { text: '0,1\ntime_s,rps\n', line: 2, problem: 'time_s must be a number ≥ 0, got "time_s"' },
  ])('error on line $line: $problem', ({ text, line, problem }) => {
    let err: unknown;
    try {
      parseRateCsv(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RateCsvError);
    expect((err as RateCsvError).line).toBe(line);
    expect((err as RateCsvError).problem).toBe(problem);
    expect((err as RateCsvError).message).toBe(`line ${line}: ${problem}`);
  });
});
