/**
 * The queue formulas of fluid mode (models/traffic/fluid/queue.ts) against hand-derived values and the classic
 * tables: M/M/1-PS, Erlang B and C, M/M/1/K, M/M/2 through the CPU cap, the shifted-exponential response law.
 */
import { erlangB, erlangC, geometricSums, mg1psResponse, responseQuantile, responseTail, solveQueue } from '../../../../models/traffic/fluid/queue';
import { arrivalScv, klb, meanWorkSeconds, workScv } from '../../../../models/traffic/fluid/fluidModel';
import { micros } from '../../../../engine/time';

const PS = { perRequestMilli: 1000, servers: Infinity, maxInSystem: Infinity };

describe('M/M/1-PS (one request runs at the pod’s whole CPU)', () => {
  test('λ = 25/s, 20 ms of work at 1000m: ρ = 0.5, T = S/(1 − ρ) = 40 ms, L = ρ/(1 − ρ) = 1, CPU 500m', () => {
    // S = 20 ms at 1000m; ρ = 25 × 0.02 = 0.5; T = 0.02 / 0.5 = 0.04 s; L = λT = 1; CPU = λ·w·1000 = 500m.
    const q = solveQueue({ lambda: 25, meanWork: 0.02, capacityMilli: 1000, ...PS });
    expect(q.stable).toBe(true);
    expect(q.meanResponse).toBeCloseTo(0.04, 12);
    expect(q.meanInSystem).toBeCloseTo(1, 12);
    expect(q.usageMilli).toBeCloseTo(500, 9);
    expect(q.blocking).toBe(0);
    expect(mg1psResponse(25, 0.02)).toBeCloseTo(0.04, 12);
  });

  test('a 500m limit doubles the service time: 20 ms of work takes 40 ms alone; λ = 10/s gives ρ = 0.4, T = 40/0.6 ms', () => {
    const q = solveQueue({ lambda: 10, meanWork: 0.02, capacityMilli: 500, ...PS });
    expect(q.bareService).toBeCloseTo(0.04, 12);
    expect(q.meanResponse).toBeCloseTo(0.04 / 0.6, 12);
    expect(q.usageMilli).toBeCloseTo(200, 9); // 10 × 0.02 × 1000
  });

  test('ρ ≥ 1 with no in-flight limit is unstable: the CPU is used flat out', () => {
    const q = solveQueue({ lambda: 50, meanWork: 0.02, capacityMilli: 1000, ...PS });
    expect(q.stable).toBe(false);
    expect(q.maxRate).toBe(50);
    expect(q.usageMilli).toBe(1000);
  });

  test('an in-flight limit of 2 at ρ = 1 is M/M/1/2: three states equally likely, blocking 1/3, L = 1', () => {
    // π_n ∝ ρ^n = 1 for n = 0, 1, 2: π_2 = 1/3; L = (0 + 1 + 2)/3 = 1; X = λ·2/3.
    const q = solveQueue({ lambda: 50, meanWork: 0.02, capacityMilli: 1000, perRequestMilli: 1000, servers: 2, maxInSystem: 2 });
    expect(q.blocking).toBeCloseTo(1 / 3, 12);
    expect(q.meanInSystem).toBeCloseTo(1, 12);
    expect(q.throughput).toBeCloseTo(100 / 3, 10);
  });
});

describe('Erlang B and C', () => {
  test('table values: C(2, 1) = 1/3, C(5, 4) = 0.5541, C(10, 8) = 0.4092; B(1, 1) = 1/2, B(2, 1) = 1/5', () => {
    // C(2, 1): a^c/c!·c/(c − a) = 1/2·2 = 1 against Σ_{k<2} a^k/k! = 2: 1/3. B(2, 1) = (1/2)/(1 + 1 + 1/2) = 1/5.
    // C(5, 4) = 0.5541 and C(10, 8) = 0.4092: the M/M/c tables (e.g. Gross & Harris), 4 digits.
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(5, 4)).toBeCloseTo(0.5541, 4);
    expect(erlangC(10, 8)).toBeCloseTo(0.4092, 4);
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 12);
  });

  test('FIFO with c slots of one core each and c cores is M/M/c: P(wait) is Erlang C, L = a + C·ρ/(1 − ρ)', () => {
    // c = 10, a = λ/μ = 8 (μ = 1/w = 50/s, λ = 400/s): P(wait) = C(10, 8); L = 8 + C·0.8/0.2.
    const q = solveQueue({ lambda: 400, meanWork: 0.02, capacityMilli: 10_000, perRequestMilli: 1000, servers: 10, maxInSystem: Infinity });
    expect(q.waiting).toBeCloseTo(erlangC(10, 8), 10);
    expect(q.meanInSystem).toBeCloseTo(8 + erlangC(10, 8) * 4, 9);
  });

  test('processor sharing on 2 cores (one core per request at most) has the M/M/2 number in system: a = 1 gives L = 4/3', () => {
    // M/M/2 with a = 1, ρ = 1/2: C = 1/3, Lq = C·ρ/(1 − ρ) = 1/3, L = a + Lq = 4/3 (insensitive to the work law).
    const q = solveQueue({ lambda: 50, meanWork: 0.02, capacityMilli: 2000, ...PS });
    expect(q.meanInSystem).toBeCloseTo(4 / 3, 12);
    expect(q.meanResponse).toBeCloseTo(4 / 3 / 50, 12);
  });

  test('FIFO with 1 slot but 4 cores: a request still gets at most one core, so it is M/M/1 (ρ = 0.5, L = 1)', () => {
    const q = solveQueue({ lambda: 25, meanWork: 0.02, capacityMilli: 4000, perRequestMilli: 1000, servers: 1, maxInSystem: Infinity });
    expect(q.meanInSystem).toBeCloseTo(1, 12);
    expect(q.waiting).toBeCloseTo(0.5, 12); // P(N ≥ 1) = ρ
  });

  test('a bounded FIFO queue (c = 1, 1 waiting place, K = 2) at ρ = 1/2: π = (4, 2, 1)/7, blocking 1/7', () => {
    const q = solveQueue({ lambda: 25, meanWork: 0.02, capacityMilli: 1000, perRequestMilli: 1000, servers: 1, maxInSystem: 2 });
    expect(q.blocking).toBeCloseTo(1 / 7, 12);
    expect(q.meanInSystem).toBeCloseTo(4 / 7, 12); // (0·4 + 1·2 + 2·1)/7
    // An admitted arrival waits when it finds 1 in the pod: π_1/(1 − π_2) = (2/7)/(6/7) = 1/3.
    expect(q.waiting).toBeCloseTo(1 / 3, 12);
  });
});

describe('geometric sums and large numbers', () => {
  test('Σ_{j=1}^{3} 2^j = 14, Σ j·2^j = 34; Σ_{j≥1} (1/2)^j = 1, Σ j (1/2)^j = 2', () => {
    const [a, b] = geometricSums(2, 3);
    expect(Math.exp(a)).toBeCloseTo(14, 10);
    expect(Math.exp(b)).toBeCloseTo(34, 10); // 2 + 8 + 24
    const [c, d] = geometricSums(0.5, Infinity);
    expect(Math.exp(c)).toBeCloseTo(1, 12);
    expect(Math.exp(d)).toBeCloseTo(2, 12);
    const [e, f] = geometricSums(0.5, 2);
    expect(Math.exp(e)).toBeCloseTo(0.75, 12);
    expect(Math.exp(f)).toBeCloseTo(1, 12); // 1/2 + 2/4
  });

  test('a huge bounded queue far over capacity neither overflows nor loses mass: blocking → 1 − 1/r', () => {
    // r = 2, K = 10⁶: π_K ≈ 1 − 1/r = 1/2 and L ≈ K − 1/(r − 1) = K − 1.
    const q = solveQueue({ lambda: 100, meanWork: 0.02, capacityMilli: 1000, perRequestMilli: 1000, servers: 1, maxInSystem: 1e6 });
    expect(q.blocking).toBeCloseTo(0.5, 9);
    expect(q.meanInSystem).toBeCloseTo(1e6 - 1, 3);
  });
});

describe('response-time law and arrival variability', () => {
  test('unshifted: exponential (M/M/1 FIFO): P(T > t) = e^{−t/T̄}, median T̄·ln 2', () => {
    expect(responseTail(0.04, 0, 0.04)).toBeCloseTo(Math.exp(-1), 12);
    expect(responseQuantile(0.04, 0, 0.5)).toBeCloseTo(0.04 * Math.log(2), 12);
  });

  test('shifted by the bare service time: nothing is faster than it; the excess is exponential', () => {
    // T = 0.02 + Exp(mean 0.02): P(T > 0.01) = 1, P(T > 0.04) = e^{−1}; median 0.02 + 0.02·ln 2.
    expect(responseTail(0.04, 0.02, 0.01)).toBe(1);
    expect(responseTail(0.04, 0.02, 0.04)).toBeCloseTo(Math.exp(-1), 12);
    expect(responseQuantile(0.04, 0.02, 0.5)).toBeCloseTo(0.02 + 0.02 * Math.log(2), 12);
    // Conditioned on T ≤ 0.04: the median solves 1 − e^{−x/0.02} = ½(1 − e^{−1}).
    expect(responseQuantile(0.04, 0.02, 0.5, 0.04)).toBeCloseTo(0.02 - 0.02 * Math.log(1 - 0.5 * (1 - Math.exp(-1))), 12);
  });

  test('arrival variability per endpoint: Poisson split at random 1, round-robin over n 1/n; even 0 and 1 − 1/n', () => {
    expect(arrivalScv(true, false, 8)).toBe(1);
    expect(arrivalScv(true, true, 8)).toBe(1 / 8);
    expect(arrivalScv(false, true, 8)).toBe(0);
    expect(arrivalScv(false, false, 4)).toBe(0.75);
    expect(klb(0.5, 1, 0)).toBe(1); // Poisson: no correction, PS insensitivity stands
    // c²ₐ = 1/8, c²ₛ = 0, ρ = 1/4: exp(−2·0.75·(7/8)²/(3·0.25·(1/8))) = exp(−12.25).
    expect(klb(0.25, 1 / 8, 0)).toBeCloseTo(Math.exp(-12.25), 15);
  });

  test('work laws: means and squared coefficients of variation', () => {
    expect(meanWorkSeconds({ kind: 'fixed', value: micros(20_000) })).toBe(0.02);
    expect(meanWorkSeconds({ kind: 'uniform', min: micros(10_000), max: micros(30_000) })).toBe(0.02);
    expect(meanWorkSeconds({ kind: 'lognormal', median: micros(20_000), sigma: 1 })).toBeCloseTo(0.02 * Math.exp(0.5), 12);
    expect(workScv({ kind: 'exponential', mean: micros(20_000) })).toBe(1);
    // Uniform on [10, 30] ms: variance 20²/12, mean 20: c² = 1/12.
    expect(workScv({ kind: 'uniform', min: micros(10_000), max: micros(30_000) })).toBeCloseTo(1 / 12, 12);
  });
});
