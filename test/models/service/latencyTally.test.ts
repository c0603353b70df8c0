/**
 * LatencyTally: the bucket index it computes with integer arithmetic is hdr-histogram-js's own countsArrayIndex, and
 * its percentiles are the library's getValueAtPercentile over a histogram fed one recordValue per latency (the
 * reference: the library itself), with and without values the plain counts cannot take.
 */
import { build, type Histogram } from 'hdr-histogram-js';
import { createStream } from '../../../engine/random';
import { highestLatencyOfIndex, LatencyTally, latencyIndex, latencyOfIndex } from '../../../models/service/latencyTally';

/** The histogram ServiceStats used to build. */
const histogram = (): Histogram => build({ bitBucketSize: 32, autoResize: true, lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 });
const library = (h: Histogram) => h as unknown as { countsArrayIndex(v: number): number; highestEquivalentValue(v: number): number };
const PERCENTILES = [0, 0.001, 1, 50, 90, 95, 99, 99.9, 99.99, 100];

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
    expect(highestLatencyOfIndex(3071)).toBe(4095);
    expect(latencyOfIndex(3072)).toBe(4096);
    expect(highestLatencyOfIndex(3072)).toBe(4099); // steps of 4
    expect(highestLatencyOfIndex(2047)).toBe(2047);
  });

  it('equals hdr-histogram-js countsArrayIndex and highestEquivalentValue at every power of two ± 1 below 2^32 and at 20,000 seeded values', () => {
    const h = histogram();
    h.recordValue(2 ** 32); // grow the counts array so the library indexes the whole range
    const values: number[] = [];
    for (let k = 0; k <= 32; k++) for (const d of [-1, 0, 1]) if (2 ** k + d >= 0 && 2 ** k + d < 2 ** 32) values.push(2 ** k + d);
    const s = createStream(7, 'latency');
    for (let i = 0; i < 20_000; i++) values.push(Math.floor(2 ** (32 * s.next())) - 1);
    const wrong: string[] = [];
    for (const v of values) {
      const i = latencyIndex(v);
      if (i !== library(h).countsArrayIndex(v)) wrong.push(`index of ${v}`);
      // The lowest value of the index maps back to it (the flush relies on it), its highest is the library's.
      if (library(h).countsArrayIndex(latencyOfIndex(i)) !== i) wrong.push(`value of index ${i}`);
      if (library(h).highestEquivalentValue(v) !== highestLatencyOfIndex(i)) wrong.push(`highest of ${v}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('LatencyTally', () => {
  /** Feeds the library and a tally the same latencies per interval and compares every percentile. */
  const compare = (draw: (i: number) => number, n: number, intervals: number, fluid?: (t: LatencyTally, h: Histogram) => void): void => {
    const direct = histogram();
    const tally = new LatencyTally();
    for (let interval = 0; interval < intervals; interval++) {
      for (let i = 0; i < n; i++) {
        const v = draw(i);
        direct.recordValue(v);
        tally.record(v);
      }
      fluid?.(tally, direct);
      const got = PERCENTILES.map((p) => tally.valueAtPercentile(p));
      expect(got).toEqual(PERCENTILES.map((p) => direct.getValueAtPercentile(p)));
      direct.reset();
      tally.reset();
    }
  };

  it('gives the library percentiles for log-uniform latencies from 1 µs to 10⁵ s with zeros, over intervals with resets', () => {
    const s = createStream(11, 'latencies');
    compare((i) => (s.next() < 0.01 ? 0 : Math.floor(10 ** (11 * s.next())) % 2 ** 32), 20_000, 4);
  });

  it('gives the library percentiles for a handful of values (small counts round the percentile rank)', () => {
    const s = createStream(12, 'few');
    for (const n of [1, 2, 3, 7]) compare(() => Math.floor(50_000 * s.next()), n, 3);
  });

  it('falls back to the library for values from 2^32 µs and for weighted (fluid) counts, with the same answers', () => {
    const s = createStream(13, 'huge');
    compare((i) => (s.next() > 0.999 ? 2 ** 33 + i : Math.floor(40_000 * s.next())), 20_000, 2);
    compare(
      () => Math.floor(40_000 * s.next()),
      5_000,
      2,
      (t, h) => {
        t.recordWithCount(25_000, 1_000);
        h.recordValueWithCount(25_000, 1_000);
      },
    );
  });

  it('answers 0 with nothing counted, as the library does', () => {
    expect(new LatencyTally().valueAtPercentile(50)).toBe(histogram().getValueAtPercentile(50));
    expect(new LatencyTally().valueAtPercentile(50)).toBe(0);
  });
});
