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

/** Clients picked per refill of the draw-ahead buffer. */
const BLOCK = 256;

/**
 * Clients are numbered 0..count−1. Uniform: floor(u·count). Zipf(s): P(i) ∝ 1/(i+1)^s (client 0 the most
 * popular; s = 0 is uniform), by binary search of the cumulative weights (one uniform per pick, O(log count)).
 */
export class ClientPopulation {
  /** Zipf only: cumulative normalised weights, last entry 1. */
  private readonly cdf: Float64Array | null;
  /** Clients picked ahead: `picks[read …]` are the next ones (read = BLOCK: none left). */
  private readonly picks = new Float64Array(BLOCK);
  private read = BLOCK;

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

  /**
   * The client of the next request. Picked BLOCK at a time into `picks` (the stream is this population's alone, so
   * picking ahead gives every request the client one pick at a time would: the same draws in the same order).
   */
  pick(): number {
    if (this.read === BLOCK) this.fill();
    return this.picks[this.read++];
  }

  private fill(): void {
    const picks = this.picks;
    const stream = this.stream;
    const cdf = this.cdf;
    const count = this.count;
    if (cdf === null) {
      for (let k = 0; k < BLOCK; k++) {
        const i = floor(stream.next() * count);
        picks[k] = i < count ? i : count - 1;
      }
    } else {
      for (let k = 0; k < BLOCK; k++) {
        const u = stream.next();
        // The first i with u < cdf[i].
        let lo = 0;
        let hi = cdf.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (u < cdf[mid]) hi = mid;
          else lo = mid + 1;
        }
        picks[k] = lo;
      }
    }
    this.read = 0;
  }
}
