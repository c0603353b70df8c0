/**
 * Seeded randomness: every draw in k8sim comes from a named stream derived from (run seed, stream name), so adding
 * a pod or a controller never shifts anyone else's draws. Owns the distributions models need; never Math.random.
 */
import type seedrandom from 'seedrandom';

/** A uniform source on [0, 1). */
export type Uniform = () => number;

/** A named, independent random stream. */
export interface RandomStream {
  readonly name: string;
  /** Uniform on [0, 1). */
  next(): number;
  /** Advances the stream by `n` draws as if next() had been called n times, in O(log n) (createStream's streams). */
  skip?(n: number): void;
}

/** Creates the stream `name` of run `seed`. Alea: fast, 32-bit state mixing, and the same sequence on every machine. */
export function createStream(seed: string | number, name: string): RandomStream {
  return new AleaStream(name, seed);
}

/**
 * A stream as a small object holding Alea's state (c, s0, s1, s2; s0 < 0 until the first draw, as Alea's s0 is in
 * [0, 1) once seeded) and stepping it in place with the library's own arithmetic (seedrandom lib/alea.js `next`),
 * so a draw allocates nothing and no generator is kept per stream. The first draw seeds it as seedrandom seeds
 * `alea(seed + "\0" + name)`, with the library's Mash steps (no generator made). Issue #13: a run keeps one stream
 * per pod; the library's generator with its closures is about 400 B, so streams used to sleep in turn (a ring of
 * 1,024 awake) and each wake made a generator again, running its Mash seeding: about 280 MB of allocations and
 * 1.5 s of the lifecycle at scale. Draw for draw the library's sequence (test/engine/random*.test.ts).
 */
class AleaStream implements RandomStream {
  private c = 0;
  private s0 = -1;
  private s1 = 0;
  private s2 = 0;
  constructor(
    readonly name: string,
    private readonly seed: string | number,
  ) {}

  next(): number {
    if (this.s0 < 0) this.seedFromName();
    // lib/alea.js: t = 2091639 s0 + c 2^-32; s0 <- s1; s1 <- s2; s2 = t - (c = t | 0).
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10;
    this.s0 = this.s1;
    this.s1 = this.s2;
    return (this.s2 = t - (this.c = t | 0));
  }

  skip(n: number): void {
    if (n <= 0) return;
    if (this.s0 < 0) this.seedFromName();
    this.set(aleaJump({ c: this.c, s0: this.s0, s1: this.s1, s2: this.s2 }, n));
  }

  /** seedrandom lib/alea.js `Alea(seed)` for seed `<seed>\0<name>`, with its Mash, without making the generator. */
  private seedFromName(): void {
    const seed = `${this.seed}\u0000${this.name}`;
    mashN = 0xefc8249d;
    this.c = 1;
    this.s0 = mash(' ');
    this.s1 = mash(' ');
    this.s2 = mash(' ');
    this.s0 -= mash(seed);
    if (this.s0 < 0) this.s0 += 1;
    this.s1 -= mash(seed);
    if (this.s1 < 0) this.s1 += 1;
    this.s2 -= mash(seed);
    if (this.s2 < 0) this.s2 += 1;
  }

  private set(st: seedrandom.State.Alea): void {
    this.c = st.c;
    this.s0 = st.s0;
    this.s1 = st.s1;
    this.s2 = st.s2;
  }
}

/** Mash's running state (lib/alea.js Mash: `n`), reset by each seeding; seeding runs to its end with no call out. */
let mashN = 0;

/** lib/alea.js Mash's `mash(data)`, over the module's `mashN`: the same float steps, in the same order. */
function mash(data: string): number {
  let n = mashN;
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
  mashN = n;
  return (n >>> 0) * 2.3283064365386963e-10; // 2^-32
}

/*
 * Alea (Baagøe) is a lag-3 multiply-with-carry generator in floating point: x_n = (a·x_{n−3} + c_{n−1}) mod b,
 * c_n = ⌊(a·x_{n−3} + c_{n−1}) / b⌋ with a = 2091639, b = 2^32 (s0, s1, s2 hold x/b, exactly, as a·x + c < 2^53).
 * Y_n = c_n + a·(x_n·b² + x_{n−1}·b + x_{n−2}) satisfies b·Y_n ≡ Y_{n−1} (mod m = a·b³ − 1), since a·b³ ≡ 1; so
 * k steps multiply Y by b^{−k} = (a·b²)^k mod m: a jump of any length costs one modular power.
 */
const ALEA_A = 2091639n;
const ALEA_B = 2n ** 32n;
const ALEA_M = ALEA_A * ALEA_B ** 3n - 1n;
const ALEA_B_INVERSE = ALEA_A * ALEA_B * ALEA_B;

function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let r = 1n;
  let b = base % m;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

/** The state of an Alea generator `n` draws after `st`. */
export function aleaJump(st: seedrandom.State.Alea, n: number): seedrandom.State.Alea {
  const word = (s: number): bigint => BigInt(s * 4294967296);
  const y = (BigInt(st.c) + ALEA_A * (word(st.s2) * ALEA_B * ALEA_B + word(st.s1) * ALEA_B + word(st.s0))) % ALEA_M;
  const z = (y * modPow(ALEA_B_INVERSE, BigInt(n), ALEA_M)) % ALEA_M;
  const w = z / ALEA_A;
  const x = (v: bigint): number => Number(v) / 4294967296;
  return { c: Number(z % ALEA_A), s0: x(w % ALEA_B), s1: x((w / ALEA_B) % ALEA_B), s2: x(w / (ALEA_B * ALEA_B)) };
}

/** Hands out one stream per name, creating it on first use; the same name always returns the same stream. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();
  constructor(readonly seed: string | number) {}
  get(name: string): RandomStream {
    let s = this.streams.get(name);
    if (!s) {
      s = new AleaStream(name, this.seed);
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
