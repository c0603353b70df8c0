/**
 * Seeded streams: reproducible per (seed, name), independent of each other, and the distributions models draw from.
 * Statistical checks use a fixed seed, so they are deterministic; each tolerance is 4 standard errors of the
 * estimator (a fresh seed would breach it with probability ≈ 6·10⁻⁵), derived in the comment beside it.
 * Deterministic checks feed a hand-written uniform source and derive the exact result.
 */
import seedrandom from 'seedrandom';
import {
  createStream,
  exponential,
  lognormal,
  normal,
  RandomStreams,
  shuffle,
  standardNormal,
  uniform,
  uniformInt,
  weightedChoice,
  weightedIndex,
  type RandomStream,
  type Uniform,
} from '../../engine/random';

function draws(s: RandomStream, n: number): number[] {
  return Array.from({ length: n }, () => s.next());
}

/** A uniform source that returns `values` in turn (and fails the test if asked for more). */
function fixed(...values: number[]): Uniform {
  let i = 0;
  return () => {
    if (i >= values.length) throw new Error('fixed source exhausted');
    return values[i++];
  };
}

function sourceOf(seed: number, name: string): Uniform {
  const s = createStream(seed, name);
  return () => s.next();
}

function mean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

function stddev(xs: readonly number[]): number {
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / (xs.length - 1));
}

const N = 200_000;

describe('streams', () => {
  it('the same (seed, name) gives the same sequence from two createStream calls', () => {
    expect(draws(createStream(42, 'kubelet/node-1'), 1_000)).toEqual(draws(createStream(42, 'kubelet/node-1'), 1_000));
    expect(draws(createStream('run-a', 'scheduler'), 100)).toEqual(draws(createStream('run-a', 'scheduler'), 100));
  });

  it('different names, or different seeds, give different sequences', () => {
    const base = draws(createStream(42, 'kubelet/node-1'), 10);
    expect(draws(createStream(42, 'kubelet/node-2'), 10)).not.toEqual(base);
    expect(draws(createStream(43, 'kubelet/node-1'), 10)).not.toEqual(base);
    // No single shared value either: independent 32-bit streams collide at one position with probability ~10⁻⁹.
    const other = draws(createStream(42, 'kubelet/node-2'), 10);
    for (let i = 0; i < 10; i++) expect(other[i]).not.toBe(base[i]);
  });

  it('adding a stream does not change the draws of an existing one, however the draws interleave', () => {
    const alone = draws(new RandomStreams(7).get('kubelet/node-1'), 60);

    // given: the same run, but a new stream appears after 20 draws and draws twice between each of node-1's draws
    const streams = new RandomStreams(7);
    const node1 = streams.get('kubelet/node-1');
    const seen: number[] = [];
    let newcomer: RandomStream | undefined;
    for (let i = 0; i < 60; i++) {
      if (i === 20) newcomer = streams.get('scheduler');
      newcomer?.next();
      seen.push(node1.next());
      newcomer?.next();
    }
    // then
    expect(seen).toEqual(alone);
  });

  it('RandomStreams.get returns the same stream object for a name, and continues it', () => {
    const streams = new RandomStreams(1);
    const a = streams.get('a');
    const first = a.next();
    expect(streams.get('a')).toBe(a);
    expect(streams.get('b')).not.toBe(a);
    expect(streams.get('a').name).toBe('a');
    // The second draw continues the sequence rather than restarting it: it is the second value of a fresh copy.
    const copy = createStream(1, 'a');
    expect(copy.next()).toBe(first);
    expect(streams.get('a').next()).toBe(copy.next());
  });

  it('draws lie in [0, 1)', () => {
    expect(draws(createStream(3, 'bounds'), 100_000).filter((x) => !(x >= 0 && x < 1))).toEqual([]);
  });

  // Reference vector: the streams are seedrandom's alea seeded with `<seed>\0<name>`; every draw must be the
  // library's plain generator's, bit for bit (the `state: true` option and skip() must not change it). Seeds and names
  // cover numbers, strings, empty, long and non-ASCII names (charCodeAt above 255 enters the hash).
  it('every stream is seedrandom alea of "<seed>\\0<name>", draw for draw', () => {
    const seeds: (string | number)[] = [0, 1, 42, 2 ** 31, 'run-a', ''];
    const names = ['', 'scheduler', 'pod/default/app-0-7f9c4-x2b9q', 'traffic/ns/web/arrivals', 'é名', 'x'.repeat(300)];
    for (const seed of seeds)
      for (const name of names) {
        const ref = seedrandom.alea(`${seed}\u0000${name}`);
        const mine = createStream(seed, name);
        const a = Array.from({ length: 2_000 }, () => mine.next());
        const b = Array.from({ length: 2_000 }, () => ref());
        expect(a).toEqual(b);
      }
  });
});

describe('distributions with a hand-fed source', () => {
  it('uniform maps u to min + (max − min)·u', () => {
    expect(uniform(fixed(0), -3, 7)).toBe(-3); // −3 + 10·0
    expect(uniform(fixed(0.5), -3, 7)).toBe(2); // −3 + 10·0.5
    expect(uniform(fixed(0.25), 10, 20)).toBe(12.5); // 10 + 10·0.25
  });

  it('uniformInt is ⌊u·n⌋', () => {
    expect(uniformInt(fixed(0), 6)).toBe(0);
    expect(uniformInt(fixed(0.5), 6)).toBe(3); // ⌊3⌋
    expect(uniformInt(fixed(0.99), 6)).toBe(5); // ⌊5.94⌋
  });

  it('exponential is the inverse CDF −mean·ln(1 − u)', () => {
    expect(exponential(fixed(0), 5)).toBe(-0); // −5·ln 1 = −0: zero, never negative
    expect(exponential(fixed(0), 5) + 0).toBe(0);
    // u = 1 − e^(−1): −3·ln(e^(−1)) = 3
    expect(exponential(fixed(1 - Math.exp(-1)), 3)).toBeCloseTo(3, 12);
    // u = 0.5: median of the exponential, mean·ln 2
    expect(exponential(fixed(0.5), 2)).toBeCloseTo(2 * Math.LN2, 12);
  });

  it('standardNormal is Box–Muller √(−2 ln(1 − u₁))·cos(2π u₂), consuming two draws', () => {
    // u₁ = 0 → ln 1 = 0 → 0 whatever u₂.
    expect(standardNormal(fixed(0, 0.3))).toBe(0);
    // u₁ = 1 − e^(−1/2) → √(−2·(−1/2)) = 1; u₂ = 0 → cos 0 = 1; u₂ = 0.5 → cos π = −1.
    expect(standardNormal(fixed(1 - Math.exp(-0.5), 0))).toBeCloseTo(1, 12);
    expect(standardNormal(fixed(1 - Math.exp(-0.5), 0.5))).toBeCloseTo(-1, 12);
    // normal(5, 3) with the first pair → 5 + 3·1 = 8; lognormal(10, 0.5) → 10·e^(0.5·1).
    expect(normal(fixed(1 - Math.exp(-0.5), 0), 5, 3)).toBeCloseTo(8, 12);
    expect(lognormal(fixed(1 - Math.exp(-0.5), 0), 10, 0.5)).toBeCloseTo(10 * Math.exp(0.5), 12);
    // and a zero standard normal gives exactly the mean and the median.
    expect(normal(fixed(0, 0.7), 5, 3)).toBe(5);
    expect(lognormal(fixed(0, 0.7), 10, 0.5)).toBe(10);
  });

  it('weightedIndex splits [0, total) into consecutive intervals, one per weight', () => {
    // weights [0, 2, 2], total 4: u·4 in [0, 2) → index 1, [2, 4) → index 2; a zero weight owns no interval.
    expect(weightedIndex(fixed(0), [0, 2, 2])).toBe(1);
    expect(weightedIndex(fixed(0.49), [0, 2, 2])).toBe(1); // 1.96
    expect(weightedIndex(fixed(0.5), [0, 2, 2])).toBe(2); // 2.0 is the start of index 2's interval
    // [1, 0, 1]: 0.5·2 = 1 lands on the boundary; index 1 has zero width, so index 2.
    expect(weightedIndex(fixed(0.5), [1, 0, 1])).toBe(2);
    // The largest double below 1 with weights whose float sum rounds up (0.1 + 0.2 = 0.30000000000000004): the
    // round-off fallback must return the last positive weight, never the trailing zero.
    expect(weightedIndex(fixed(1 - 2 ** -53), [0.1, 0.2, 0])).toBe(1);
  });

  it('weightedIndex throws when no weight is positive; weightedChoice checks lengths', () => {
    expect(() => weightedIndex(fixed(0.5), [0, 0, 0])).toThrow(/positive/);
    expect(() => weightedIndex(fixed(0.5), [])).toThrow(/positive/);
    expect(weightedChoice(fixed(0.9), ['a', 'b'], [1, 1])).toBe('b'); // 0.9·2 = 1.8 ∈ [1, 2)
    expect(() => weightedChoice(fixed(0.5), ['a'], [1, 1])).toThrow(/length/);
  });

  it('shuffle is Fisher–Yates: u ≡ 0 rotates left by one, u just below 1 keeps the order', () => {
    // u ≡ 0 → j = 0 at every step i = 3, 2, 1: swap(3,0) [d,b,c,a], swap(2,0) [c,b,d,a], swap(1,0) [b,c,d,a].
    const items = ['a', 'b', 'c', 'd'];
    const out = shuffle(fixed(0, 0, 0), items);
    expect(out).toBe(items); // in place
    expect(out).toEqual(['b', 'c', 'd', 'a']);
    // u = 1 − 2⁻⁵³ → j = ⌊u·(i+1)⌋ = i: every swap is with itself.
    const top = 1 - 2 ** -53;
    expect(shuffle(fixed(top, top, top), ['a', 'b', 'c', 'd'])).toEqual(['a', 'b', 'c', 'd']);
    expect(shuffle(fixed(), [])).toEqual([]);
    expect(shuffle(fixed(), ['only'])).toEqual(['only']);
  });
});

describe('distributions over seeded streams', () => {
  it('exponential(mean 2): sample mean within 4 standard errors over 200k draws', () => {
    const u = sourceOf(11, 'test/exponential');
    const xs = Array.from({ length: N }, () => exponential(u, 2));
    // σ of an exponential equals its mean: SE = 2/√200000 = 0.004472; 4·SE = 0.01789.
    expect(Math.abs(mean(xs) - 2)).toBeLessThan((4 * 2) / Math.sqrt(N));
    expect(xs.filter((x) => !(x >= 0))).toEqual([]);
  });

  it('normal(5, 3): sample mean and standard deviation within 4 standard errors', () => {
    const u = sourceOf(12, 'test/normal');
    const xs = Array.from({ length: N }, () => normal(u, 5, 3));
    // SE(mean) = σ/√n = 3/√200000 = 0.006708 → 4·SE = 0.02683.
    expect(Math.abs(mean(xs) - 5)).toBeLessThan((4 * 3) / Math.sqrt(N));
    // SE(s) ≈ σ/√(2n) for normal data = 3/√400000 = 0.004743 → 4·SE = 0.01897.
    expect(Math.abs(stddev(xs) - 3)).toBeLessThan((4 * 3) / Math.sqrt(2 * N));
  });

  it('lognormal(median 10, σ 0.5): sample median and mean of ln x within 4 standard errors', () => {
    const u = sourceOf(13, 'test/lognormal');
    const xs = Array.from({ length: N }, () => lognormal(u, 10, 0.5));
    const sorted = [...xs].sort((a, b) => a - b);
    const median = (sorted[N / 2 - 1] + sorted[N / 2]) / 2;
    // SE(sample median) = 1/(2 f(m) √n) with the density at the median f(m) = 1/(m σ √(2π)):
    // = 10·0.5·√(2π)/(2·√200000) = 0.014012 → 4·SE = 0.05605.
    const seMedian = (10 * 0.5 * Math.sqrt(2 * Math.PI)) / (2 * Math.sqrt(N));
    expect(Math.abs(median - 10)).toBeLessThan(4 * seMedian);
    // ln x is normal(ln 10, 0.5): SE = 0.5/√200000 = 0.001118 → 4·SE = 0.004472.
    expect(Math.abs(mean(xs.map(Math.log)) - Math.log(10))).toBeLessThan((4 * 0.5) / Math.sqrt(N));
    expect(sorted[0]).toBeGreaterThan(0);
  });

  it('uniform(−3, 7) stays in [−3, 7) with mean 2 within 4 standard errors', () => {
    const u = sourceOf(14, 'test/uniform');
    const xs = Array.from({ length: N }, () => uniform(u, -3, 7));
    expect(xs.filter((x) => !(x >= -3 && x < 7))).toEqual([]);
    // σ of U(a, b) = (b − a)/√12 = 2.8868; SE = 2.8868/√200000 = 0.006455 → 4·SE = 0.02582.
    expect(Math.abs(mean(xs) - 2)).toBeLessThan((4 * (10 / Math.sqrt(12))) / Math.sqrt(N));
  });

  it('uniformInt(6) hits each face with frequency 1/6 within 4 standard errors', () => {
    const u = sourceOf(15, 'test/uniformInt');
    const n = 60_000;
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < n; i++) counts[uniformInt(u, 6)]++;
    // SE of a proportion p: √(p(1−p)/n) = √((1/6)(5/6)/60000) = 0.001521 → 4·SE = 0.006086.
    const tol = 4 * Math.sqrt(((1 / 6) * (5 / 6)) / n);
    for (const c of counts) expect(Math.abs(c / n - 1 / 6)).toBeLessThan(tol);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(n); // nothing outside 0 … 5
  });

  it('weightedIndex([1, 0, 3, 6]) picks index i with probability wᵢ/10 within 4 standard errors', () => {
    const u = sourceOf(16, 'test/weighted');
    const n = 100_000;
    const weights = [1, 0, 3, 6];
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[weightedIndex(u, weights)]++;
    // p = 0.1, 0, 0.3, 0.6; 4·√(p(1−p)/n) = 0.003795, 0, 0.005797, 0.006197. A zero weight is never drawn.
    expect(counts[1]).toBe(0);
    for (const i of [0, 2, 3]) {
      const p = weights[i] / 10;
      expect(Math.abs(counts[i] / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it('shuffle is a deterministic permutation, with each of the 3! orders at frequency 1/6', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const a = shuffle(sourceOf(17, 'test/shuffle'), [...items]);
    const b = shuffle(sourceOf(17, 'test/shuffle'), [...items]);
    expect(a).toEqual(b); // same stream, same permutation
    expect([...a].sort((x, y) => x - y)).toEqual(items); // a permutation: same elements, each once
    expect(a).not.toEqual(items); // and it did move something (identity has probability 1/20!)

    const u = sourceOf(18, 'test/shuffle3');
    const n = 60_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const key = shuffle(u, ['a', 'b', 'c']).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['abc', 'acb', 'bac', 'bca', 'cab', 'cba']);
    // Same tolerance as uniformInt(6): 4·√((1/6)(5/6)/60000) = 0.006086.
    const tol = 4 * Math.sqrt(((1 / 6) * (5 / 6)) / n);
    for (const c of counts.values()) expect(Math.abs(c / n - 1 / 6)).toBeLessThan(tol);
  });
});
