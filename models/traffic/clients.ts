/**
 * A Traffic's client population: which client sends each request, so ClientIP session affinity has someone to
 * stick to. Owns the popularity law (uniform or Zipf); draws from the stream it is given, never Math.random.
 */
import type { RandomStream } from '../../engine/random';

// Hot-path globals as module constants: under Jest's vm sandbox each global lookup costs ~0.2 µs.
const floor = Math.floor;

export type Popularity = { readonly kind: 'uniform' } | { readonly kind: 'zipf'; readonly s: number };

/** Zipf tables above this many clients would cost too much memory (8 bytes each). */
export const MAX_ZIPF_CLIENTS = 10_000_000;

/**
 * Clients are numbered 0..count−1. Uniform: floor(u·count). Zipf(s): P(i) ∝ 1/(i+1)^s (client 0 the most
 * popular; s = 0 is uniform), by binary search of the cumulative weights (one uniform per pick, O(log count)).
 */
export class ClientPopulation {
  /** Zipf only: cumulative normalised weights, last entry 1. */
  private readonly cdf: Float64Array | null;

  constructor(
    readonly count: number,
    readonly popularity: Popularity,
    private readonly stream: RandomStream,
  ) {
    if (!(Number.isInteger(count) && count >= 1)) throw new Error(`client count must be an integer ≥ 1, got ${count}`);
    if (popularity.kind === 'zipf') {
      const s = popularity.s;
      if (!(Number.isFinite(s) && s >= 0)) throw new Error(`Zipf exponent must be a number ≥ 0, got ${s}`);
      if (count > MAX_ZIPF_CLIENTS) throw new Error(`Zipf popularity supports at most ${MAX_ZIPF_CLIENTS} clients, got ${count}`);
      const cdf = new Float64Array(count);
      let total = 0;
      for (let i = 0; i < count; i++) {
        total += Math.pow(i + 1, -s);
        cdf[i] = total;
      }
      for (let i = 0; i < count; i++) cdf[i] /= total;
      cdf[count - 1] = 1;
      this.cdf = cdf;
    } else {
      this.cdf = null;
    }
  }

  /** The probability that a request comes from client `i`. */
  probability(i: number): number {
    if (this.cdf === null) return 1 / this.count;
    return i === 0 ? this.cdf[0] : this.cdf[i] - this.cdf[i - 1];
  }

  /** The client of the next request. */
  pick(): number {
    const u = this.stream.next();
    const cdf = this.cdf;
    if (cdf === null) {
      const i = floor(u * this.count);
      return i < this.count ? i : this.count - 1;
    }
    // The first i with u < cdf[i].
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u < cdf[mid]) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
