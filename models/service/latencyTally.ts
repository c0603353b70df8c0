/**
 * One Service's latency histogram for one sample interval: HdrHistogram's buckets (hdr-histogram-js, lowest
 * discernible value 1, 3 significant digits) counted in a plain array on the hot path, and HdrHistogram's
 * getValueAtPercentile over those counts, so the percentiles are exactly the library's (a histogram fed one
 * recordValue per latency) without its log2/pow index per request. What the plain array does not take — values from
 * 2^32 µs (≈ 71 min) and fluid mode's weighted counts — goes to a real hdr-histogram-js histogram; an interval with
 * any such value hands its plain counts to that histogram and asks it instead. Counting only; never reads the clock.
 */
import { build, type Histogram } from 'hdr-histogram-js';

// Hot-path globals as module constants: under Jest's vm sandbox each global lookup costs ~0.2 µs.
const { clz32, ceil, floor, log2, max, min, pow } = Math;

/**
 * The histogram's layout for lowestDiscernibleValue 1 (unit magnitude 0) and 3 significant digits: sub-buckets of
 * 2048 (single-unit resolution up to 2 × 10³, rounded up to a power of two), half of them (1024 = 2^10) new per
 * bucket. JsHistogram's countsArrayIndex is, for an integer v ≥ 0:
 *   bucket = max(⌊log2 v⌋ − 10, 0), sub = ⌊v / 2^bucket⌋, index = (bucket + 1)·1024 + sub − 1024 = bucket·1024 + sub;
 * below 2^32, ⌊log2 v⌋ = 31 − clz32(v) (v ≥ 1), so the index is integer arithmetic. Index i holds the values from
 * its lowest (JsHistogram valueFromIndex) to that plus 2^bucket − 1 (highestEquivalentValue).
 */
const HALF_MAGNITUDE = 10;
const SINGLE_UNIT = 2048;
/** Latencies from here on go to the library's histogram. */
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

/** JsHistogram.highestEquivalentValue(valueFromIndex(i)): the highest value counted at index i. */
export function highestLatencyOfIndex(i: number): number {
  return i < SINGLE_UNIT ? i : latencyOfIndex(i) + 2 ** ((i >> HALF_MAGNITUDE) - 1) - 1;
}

/** hdr-histogram-js's ulp (dist/ulp.js): the unit in the last place of x > 0. */
function ulp(x: number): number {
  return pow(2, floor(log2(x)) - 52);
}

export class LatencyTally {
  /** Counts by histogram index since the last reset (grown on demand), their sum and the range of indices used. */
  private counts: Float64Array = new Float64Array(0);
  private total = 0;
  private lo = Infinity;
  private hi = -1;
  /** What the plain counts cannot hold; holds every count of an interval once asked with anything in it. */
  private readonly histogram: Histogram = build({ bitBucketSize: 32, autoResize: true, lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 });

  /** Counts one latency (µs), as histogram.recordValue would. */
  record(v: number): void {
    if (!(v >= 0 && v < LIMIT && v % 1 === 0)) {
      this.histogram.recordValue(v);
      return;
    }
    const i = latencyIndex(v);
    let counts = this.counts;
    if (i >= counts.length) counts = this.grow(i);
    counts[i]++;
    this.total++;
    if (i > this.hi) this.hi = i;
    if (i < this.lo) this.lo = i;
  }

  /** Counts `count` latencies of `v` µs at once (fluid mode), as histogram.recordValueWithCount would. */
  recordWithCount(v: number, count: number): void {
    this.histogram.recordValueWithCount(v, count);
  }

  /** HdrHistogram's getValueAtPercentile(p) of everything counted since the last reset (0 when nothing was). */
  valueAtPercentile(p: number): number {
    if (this.histogram.totalCount > 0) {
      this.flush();
      return this.histogram.getValueAtPercentile(p);
    }
    // JsHistogram.getValueAtPercentile, step for step, over the plain counts.
    const requested = min(p, 100);
    const fp = (requested / 100.0) * this.total;
    const countAtPercentile = max(ceil(fp - ulp(fp)), 1);
    const counts = this.counts;
    let running = 0;
    for (let i = this.lo; i <= this.hi; i++) {
      running += counts[i];
      if (running >= countAtPercentile) return p === 0 ? latencyOfIndex(i) : highestLatencyOfIndex(i);
    }
    return 0;
  }

  /** Forgets every count (the next interval starts from zero). */
  reset(): void {
    if (this.hi >= 0) this.counts.fill(0, this.lo, this.hi + 1);
    this.total = 0;
    this.lo = Infinity;
    this.hi = -1;
    if (this.histogram.totalCount > 0) this.histogram.reset();
  }

  /** Hands the plain counts to the histogram (recordValueWithCount at each index's lowest value: the same counts). */
  private flush(): void {
    const counts = this.counts;
    for (let i = this.lo; i <= this.hi; i++) {
      if (counts[i] > 0) this.histogram.recordValueWithCount(latencyOfIndex(i), counts[i]);
      counts[i] = 0;
    }
    this.total = 0;
    this.lo = Infinity;
    this.hi = -1;
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
