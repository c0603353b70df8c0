/**
 * A cheap front for one HdrHistogram (hdr-histogram-js, lowest discernible value 1, 3 significant digits): the hot
 * path counts each latency in a plain array at the histogram's own bucket index, and `flush` hands the counts to the
 * histogram in one call per distinct bucket, so the histogram ends with exactly the counts it would have had from one
 * recordValue per latency (percentiles read only the counts). Counting only; never reads the clock.
 */
import type { JsHistogram } from 'hdr-histogram-js';

// Hot-path globals as module constants: under Jest's vm sandbox each global lookup costs ~0.2 µs.
const clz32 = Math.clz32;
// floor(v) === v rather than v % 1 === 0: the same test for finite v, without V8's double modulo (a C call).
const floor = Math.floor;

/**
 * The histogram's layout for lowestDiscernibleValue 1 (unit magnitude 0) and 3 significant digits: sub-buckets of
 * 2048 (single-unit resolution up to 2 × 10³, rounded up to a power of two), half of them (1024 = 2^10) new per
 * bucket. JsHistogram's countsArrayIndex is, for an integer v ≥ 0:
 *   bucket = max(⌊log2 v⌋ − 10, 0), sub = ⌊v / 2^bucket⌋, index = (bucket + 1)·1024 + sub − 1024 = bucket·1024 + sub;
 * below 2^32, ⌊log2 v⌋ = 31 − clz32(v) (v ≥ 1), so the index is integer arithmetic. The lowest value of index i
 * (JsHistogram valueFromIndex) maps back to i.
 */
const HALF_MAGNITUDE = 10;
const SINGLE_UNIT = 2048;
/** Latencies from here on (≈ 71 min) go to the histogram directly. */
const LIMIT = 2 ** 32;

/** JsHistogram.countsArrayIndex(v) for the layout above, for an integer 0 ≤ v < 2^32. */
export function latencyIndex(v: number): number {
  if (v < SINGLE_UNIT) return v;
  const bucket = 31 - clz32(v) - HALF_MAGNITUDE;
  return (bucket << HALF_MAGNITUDE) + (v >>> bucket);
}

/** JsHistogram.valueFromIndex(i) for the layout above: the lowest value counted at index i. */
export function latencyOfIndex(i: number): number {
  if (i < SINGLE_UNIT) return i;
  const bucket = (i >> HALF_MAGNITUDE) - 1;
  return ((i & ((1 << HALF_MAGNITUDE) - 1)) + (1 << HALF_MAGNITUDE)) * 2 ** bucket;
}

export class LatencyTally {
  /** Counts by histogram index since the last flush (grown on demand). */
  private counts: Float64Array = new Float64Array(0);
  /** Indices with a non-zero count, in first-use order. */
  private touched: number[] = [];

  /** @param histogram built with lowestDiscernibleValue 1 and numberOfSignificantValueDigits 3 (the layout above). */
  constructor(readonly histogram: JsHistogram) {}

  /** Counts one latency (µs, an integer ≥ 0), as histogram.recordValue would. */
  record(v: number): void {
    if (!(v >= 0 && v < LIMIT && floor(v) === v)) {
      this.histogram.recordValue(v);
      return;
    }
    const i = latencyIndex(v);
    let counts = this.counts;
    if (i >= counts.length) counts = this.grow(i);
    if (counts[i] === 0) this.touched.push(i);
    counts[i]++;
  }

  /**
   * Counts `count` latencies of `v` µs at once, as histogram.recordValueWithCount would (fluid mode's response-time
   * points, models/service/serviceStats.ts): a whole count ≥ 1 of an integer 0 ≤ v < 2^32 is tallied, anything else
   * goes to the histogram directly.
   */
  recordCount(v: number, count: number): void {
    if (!(v >= 0 && v < LIMIT && floor(v) === v && count >= 1 && count - floor(count) === 0)) {
      this.histogram.recordValueWithCount(v, count);
      return;
    }
    const i = latencyIndex(v);
    let counts = this.counts;
    if (i >= counts.length) counts = this.grow(i);
    if (counts[i] === 0) this.touched.push(i);
    counts[i] += count;
  }

  /**
   * Hands every pending count to the histogram and starts again from zero. Each bucket goes in as the library's
   * recordValueWithCount(latencyOfIndex(i), count) would put it (JsHistogram.recordCountAtValue: add the count at the
   * value's index, update min and max, add to the total), but with the index it already has: the library would
   * compute the same index again from the value (a log2 and two pow). The min/max update and the total are applied
   * once per flush, with the flush's largest and smallest non-zero bucket values and the sum of its counts: the
   * library's max and min only move outwards (updateMinAndMax keeps max(value + unitMagnitudeMask) and the floored
   * min of non-zero values; the mask is 0 at lowestDiscernibleValue 1), so the end state is the per-bucket one. An
   * index past the histogram's counts array (not grown that far yet) takes the library's own path, which grows it.
   */
  flush(): void {
    const counts = this.counts;
    const touched = this.touched;
    const h = this.histogram;
    let total = 0;
    let max = -1;
    let minNonZero = Infinity;
    for (let k = 0; k < touched.length; k++) {
      const i = touched[k];
      const count = counts[i];
      counts[i] = 0;
      if (i < h.countsArrayLength) {
        h.addToCountAtIndex(i, count);
        total += count;
        if (i > max) max = i;
        if (i < minNonZero && i !== 0) minNonZero = i;
      } else h.recordValueWithCount(latencyOfIndex(i), count);
    }
    touched.length = 0;
    if (total === 0) return;
    // latencyOfIndex is increasing, so the largest and smallest indices hold the largest and smallest values.
    h.updateMinAndMax(latencyOfIndex(max));
    if (minNonZero !== Infinity) h.updateMinAndMax(latencyOfIndex(minNonZero));
    h.addToTotalCount(total);
  }

  private grow(i: number): Float64Array {
    let size = this.counts.length === 0 ? 4096 : this.counts.length;
    while (size <= i) size *= 2;
    const bigger = new Float64Array(size);
    bigger.set(this.counts);
    this.counts = bigger;
    return bigger;
  }
}
