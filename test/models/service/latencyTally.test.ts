/**
 * LatencyTally: the bucket index it computes with integer arithmetic is hdr-histogram-js's own countsArrayIndex (the
 * reference: the library itself), and a histogram fed through the tally's flush answers every percentile exactly as
 * one fed by recordValue per latency.
 */
import { build, type Histogram, type JsHistogram } from 'hdr-histogram-js';
import { createStream } from '../../../engine/random';
import { LatencyTally, latencyIndex, latencyOfIndex } from '../../../models/service/latencyTally';

/** The histogram ServiceStats builds. */
const histogram = (): JsHistogram => build({ bitBucketSize: 32, autoResize: true, lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 }) as JsHistogram;
const libraryIndex = (h: Histogram, v: number): number => (h as unknown as { countsArrayIndex(v: number): number }).countsArrayIndex(v);

describe('latencyIndex', () => {
  it('is the identity below 2048 µs and halves its resolution at each power of two above (hand-derived)', () => {
    // Bucket 0 holds 0…2047 one by one; bucket 1 holds 2048…4095 in steps of 2 at 1024 + v/2; bucket 2 holds
    // 4096…8191 in steps of 4 at 2·1024 + v/4.
    expect(latencyIndex(0)).toBe(0);
    expect(latencyIndex(2047)).toBe(2047);
    expect(latencyIndex(2048)).toBe(2048); // 1024 + 1024
    expect(latencyIndex(2049)).toBe(2048); // same bucket as 2048
    expect(latencyIndex(4095)).toBe(3071); // 1024 + 2047
    expect(latencyIndex(4096)).toBe(3072); // 2048 + 1024
    expect(latencyOfIndex(3071)).toBe(4094);
    expect(latencyOfIndex(3072)).toBe(4096);
  });

  it('equals hdr-histogram-js countsArrayIndex at every power of two ± 1 below 2^32 and at 20,000 seeded values', () => {
    const h = histogram();
    h.recordValue(2 ** 32); // grow the counts array so the library indexes the whole range
    const values: number[] = [];
    for (let k = 0; k <= 32; k++) for (const d of [-1, 0, 1]) if (2 ** k + d >= 0 && 2 ** k + d < 2 ** 32) values.push(2 ** k + d);
    const s = createStream(7, 'latency');
    for (let i = 0; i < 20_000; i++) values.push(Math.floor(2 ** (32 * s.next())) - 1);
    const wrong: string[] = [];
    for (const v of values) {
      if (latencyIndex(v) !== libraryIndex(h, v)) wrong.push(`index of ${v}`);
      // The lowest value of the index maps back to it, as the flush relies on.
      if (libraryIndex(h, latencyOfIndex(latencyIndex(v))) !== latencyIndex(v)) wrong.push(`value of index ${latencyIndex(v)}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('LatencyTally', () => {
  it('gives the same percentiles as one recordValue per latency, over intervals with resets and huge outliers', () => {
    const direct = histogram();
    const viaTally = histogram();
    const tally = new LatencyTally(viaTally);
    const s = createStream(11, 'latencies');
    for (let interval = 0; interval < 5; interval++) {
      for (let i = 0; i < 20_000; i++) {
        // Log-uniform from 1 µs to ~10⁵ s, plus exact zeros and values past 2^32 µs (recorded directly).
        const u = s.next();
        const v = u < 0.01 ? 0 : u > 0.999 ? 2 ** 33 + i : Math.floor(10 ** (11 * s.next()));
        direct.recordValue(v);
        tally.record(v);
      }
      tally.flush();
      expect(viaTally.totalCount).toBe(direct.totalCount);
      for (const p of [0, 1, 50, 90, 95, 99, 99.9, 99.99, 100]) expect(viaTally.getValueAtPercentile(p)).toBe(direct.getValueAtPercentile(p));
      direct.reset();
      viaTally.reset();
    }
  });

  it('leaves the histogram exactly as recordValueWithCount(lowest value of each bucket, its count) would', () => {
    // The flush writes counts at the index it has instead of asking the library to find it again; the reference is
    // the library's public call with the same (value, count) pairs, in the same order (first use of each bucket).
    // Every field the library keeps must match: the count at every index, the total, the max and the min non-zero.
    const reference = histogram();
    const viaTally = histogram();
    const tally = new LatencyTally(viaTally);
    const s = createStream(13, 'buckets');
    for (let interval = 0; interval < 4; interval++) {
      const pending = new Map<number, number>(); // index → count, in first-use order (Map keeps insertion order)
      // The first interval starts on an empty histogram whose counts array is small: growth goes through the
      // library's path; later intervals write in place.
      for (let i = 0; i < 5_000; i++) {
        const u = s.next();
        const v = u < 0.02 ? 0 : Math.floor(10 ** (9 * s.next()));
        tally.record(v);
        const idx = latencyIndex(v);
        pending.set(idx, (pending.get(idx) ?? 0) + 1);
      }
      for (const [idx, count] of pending) reference.recordValueWithCount(latencyOfIndex(idx), count);
      tally.flush();
      expect(viaTally.countsArrayLength).toBe(reference.countsArrayLength);
      const differ: number[] = [];
      for (let i = 0; i < reference.countsArrayLength; i++) if (viaTally.getCountAtIndex(i) !== reference.getCountAtIndex(i)) differ.push(i);
      expect(differ).toEqual([]);
      expect(viaTally.totalCount).toBe(reference.totalCount);
      expect(viaTally.maxValue).toBe(reference.maxValue);
      expect(viaTally.minNonZeroValue).toBe(reference.minNonZeroValue);
      if (interval === 1) {
        reference.reset();
        viaTally.reset();
      }
    }
  });
});
