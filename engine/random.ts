/**
 * Seeded randomness: every draw in k8sim comes from a named stream derived from (run seed, stream name), so adding
 * a pod or a controller never shifts anyone else's draws. Owns the distributions models need; never Math.random.
 */

/** A uniform source on [0, 1). */
export type Uniform = () => number;

/** A named, independent random stream. */
export interface RandomStream {
  readonly name: string;
  /** Uniform on [0, 1). */
  next(): number;
}

/**
 * Creates the stream `name` of run `seed`. Alea: fast, 32-bit state mixing, and the same sequence on every machine:
 * seedrandom's `alea` (Baagøe's algorithm) seeded with `<seed>\0<name>`, re-implemented here as one small object of
 * four numbers instead of seedrandom's closures (a run keeps a stream per pod; issue #13). A test checks the
 * sequences against seedrandom's for many seeds.
 */
export function createStream(seed: string | number, name: string): RandomStream {
  return new AleaStream(name, `${seed}\u0000${name}`);
}

/** seedrandom/lib/alea.js `Mash`: the seeding hash, with its state `n` carried from call to call. */
class Mash {
  private n = 0xefc8249d;
  mash(data: string): number {
    let n = this.n;
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000; // 2^32
    }
    this.n = n;
    return (n >>> 0) * 2.3283064365386963e-10; // 2^-32
  }
}

/** seedrandom/lib/alea.js `Alea`: the same seeding and the same `next`, operation for operation. */
class AleaStream implements RandomStream {
  private s0: number;
  private s1: number;
  private s2: number;
  private c = 1;
  constructor(
    readonly name: string,
    seed: string,
  ) {
    const m = new Mash();
    this.s0 = m.mash(' ');
    this.s1 = m.mash(' ');
    this.s2 = m.mash(' ');
    this.s0 -= m.mash(seed);
    if (this.s0 < 0) this.s0 += 1;
    this.s1 -= m.mash(seed);
    if (this.s1 < 0) this.s1 += 1;
    this.s2 -= m.mash(seed);
    if (this.s2 < 0) this.s2 += 1;
  }
  next(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    return (this.s2 = t - (this.c = t | 0));
  }
}

/** Hands out one stream per name, creating it on first use; the same name always returns the same stream. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();
  constructor(readonly seed: string | number) {}
  get(name: string): RandomStream {
    let s = this.streams.get(name);
    if (!s) {
      s = createStream(this.seed, name);
      this.streams.set(name, s);
    }
    return s;
  }
}

/** Uniform on [min, max). */
export function uniform(u: Uniform, min: number, max: number): number {
  return min + (max - min) * u();
}

/** Integer uniform on [0, n). */
export function uniformInt(u: Uniform, n: number): number {
  return Math.floor(u() * n);
}

/** Exponential with the given mean (inverse CDF; 1 − u keeps the argument of log in (0, 1]). */
export function exponential(u: Uniform, mean: number): number {
  return -mean * Math.log(1 - u());
}

/** Standard normal by Box–Muller (one value per call, two uniforms consumed, so streams stay aligned). */
export function standardNormal(u: Uniform): number {
  const u1 = 1 - u(); // (0, 1]
  const u2 = u();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

export function normal(u: Uniform, mean: number, stddev: number): number {
  return mean + stddev * standardNormal(u);
}

/** Log-normal parametrised by its median (= e^μ) and σ of the underlying normal. */
export function lognormal(u: Uniform, median: number, sigma: number): number {
  return median * Math.exp(sigma * standardNormal(u));
}

/** Picks an index with probability proportional to its weight (weights ≥ 0, at least one > 0). */
export function weightedIndex(u: Uniform, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  if (!(total > 0)) throw new Error('weightedIndex: weights must contain a positive value');
  let x = u() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i];
    if (x < 0) return i;
  }
  // Float round-off can leave x ≥ 0 after the loop: return the last index with positive weight.
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
  return weights.length - 1;
}

/** Picks one of `items` with the given weights. */
export function weightedChoice<T>(u: Uniform, items: readonly T[], weights: readonly number[]): T {
  if (items.length !== weights.length) throw new Error('weightedChoice: items and weights differ in length');
  return items[weightedIndex(u, weights)];
}

/** Fisher–Yates shuffle in place with a seeded source. */
export function shuffle<T>(u: Uniform, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}
