/**
 * Several percentiles of one hdr-histogram-js histogram in one walk over its counts, each exactly what the library's
 * own getValueAtPercentile returns (same rounding of the count, same index, same highest equivalent value). Reads
 * the histogram; never records into it or resets it.
 */
import type { JsHistogram } from 'hdr-histogram-js';

/** hdr-histogram-js ulp.ts: the unit in the last place of a positive float64, as the library computes it. */
function ulp(x: number): number {
  return Math.pow(2, Math.floor(Math.log2(x)) - 52);
}

/**
 * JsHistogram.getValueAtPercentile's count to reach: the percentile (capped at 100) of the total count, rounded up
 * after taking off one ulp (the float product may be one ulp above the exact count), at least 1.
 */
export function countAtPercentile(percentile: number, totalCount: number): number {
  const fp = (Math.min(percentile, 100) / 100.0) * totalCount;
  return Math.max(Math.ceil(fp - ulp(fp)), 1);
}

/**
 * getValueAtPercentile(percentiles[k]) into out[k] for every k, for percentiles > 0 (0 has its own rule in the
 * library; not needed here), in any order. The library walks the counts from index 0 for each percentile; this
 * walks once, from the lowest index with a count (index 0 if a 0 was recorded, else that of minNonZeroValue: no
 * index in between holds a count, so the running total there is the library's), and stops at the last target. Per
 * services.csv sample that is the latencies' own span instead of three walks from 0 µs (a 20 ms latency sits at
 * index ≈ 5,300).
 */
export function valuesAtPercentiles(h: JsHistogram, percentiles: readonly number[], out: number[]): void {
  const n = percentiles.length;
  const total = h.totalCount;
  // The targets in ascending order of their counts (insertion sort: n is 3 here).
  const order: number[] = [];
  const targets: number[] = [];
  for (let k = 0; k < n; k++) {
    const p = percentiles[k];
    if (!(p > 0)) throw new Error(`valuesAtPercentiles: percentile ${p} is not > 0`);
    const c = countAtPercentile(p, total);
    let j = order.length;
    while (j > 0 && targets[j - 1] > c) {
      order[j] = order[j - 1];
      targets[j] = targets[j - 1];
      j--;
    }
    order[j] = k;
    targets[j] = c;
    out[k] = 0; // the library's answer when the walk ends before the count (a histogram whose total exceeds its counts)
  }
  let next = 0;
  let running = 0;
  const length = h.countsArrayLength;
  let i = h.getCountAtIndex(0) > 0 || h.minNonZeroValue > h.maxValue ? 0 : h.countsArrayIndex(h.minNonZeroValue);
  for (; i < length && next < n; i++) {
    running += h.getCountAtIndex(i);
    if (running < targets[next]) continue;
    const value = h.highestEquivalentValue(h.valueFromIndex(i));
    while (next < n && running >= targets[next]) out[order[next++]] = value;
  }
}
