/**
 * valuesAtPercentiles: several percentiles in one walk equal hdr-histogram-js's own getValueAtPercentile (the
 * reference: the library itself), on hand cases and on random histograms (fast-check), through resets.
 */
import fc from 'fast-check';
import { build, type JsHistogram } from 'hdr-histogram-js';
import { countAtPercentile, valuesAtPercentiles } from '../../../models/service/latencyPercentiles';

/** The histogram ServiceStats builds. */
const histogram = (): JsHistogram =>
  build({ bitBucketSize: 32, autoResize: true, lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 }) as JsHistogram;

const walk = (h: JsHistogram, ps: readonly number[]): number[] => {
  const out: number[] = [];
  valuesAtPercentiles(h, ps, out);
  return out;
};

describe('countAtPercentile', () => {
  it('rounds the count up, at least 1 (hand-derived)', () => {
    expect(countAtPercentile(50, 100)).toBe(50); // 0.5 × 100 = 50 exactly: ceil(50 − ulp) = 50
    expect(countAtPercentile(50, 101)).toBe(51); // 50.5 → 51
    expect(countAtPercentile(99, 7)).toBe(7); // 6.93 → 7
    expect(countAtPercentile(1, 3)).toBe(1); // 0.03 → 1
    expect(countAtPercentile(150, 10)).toBe(10); // capped at 100 %
  });
});

describe('valuesAtPercentiles', () => {
  it('reads p50, p95 and p99 of 1…100 µs and of one repeated 20 ms latency (hand-derived)', () => {
    const h = histogram();
    for (let v = 1; v <= 100; v++) h.recordValue(v);
    // 100 values one per index (bucket 0 is exact): the 50th, 95th and 99th smallest.
    expect(walk(h, [50, 95, 99])).toEqual([50, 95, 99]);
    h.reset();
    h.recordValueWithCount(20_000, 10);
    // 20,000 µs: bucket ⌊log2 20,000⌋ − 10 = 4 (steps of 16 µs), sub-bucket ⌊20,000 / 16⌋ = 1,250, lowest value
    // 1,250 × 16 = 20,000, highest equivalent value 20,000 + 16 − 1 = 20,015.
    expect(walk(h, [50, 95, 99])).toEqual([20_015, 20_015, 20_015]);
    expect(h.getValueAtPercentile(50)).toBe(20_015);
  });

  it('counts recorded zeros (index 0 lies below minNonZeroValue) and answers in the order asked', () => {
    const h = histogram();
    h.recordValueWithCount(0, 60);
    h.recordValueWithCount(3_000, 40); // bucket 1 (steps of 2): highest equivalent value 3,001
    // 60 zeros: p50 (count 50) is 0; p95 (count 95) and p99 (99) are in the 3,000 µs bucket.
    expect(walk(h, [99, 50, 95])).toEqual([3_001, 0, 3_001]);
  });

  it('equals getValueAtPercentile on random histograms with resets', () => {
    const value = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2_047 }), fc.integer({ min: 1, max: 2 ** 40 }));
    const interval = fc.array(fc.tuple(value, fc.integer({ min: 1, max: 1_000 })), { minLength: 1, maxLength: 60 });
    const percentiles = fc.array(fc.double({ min: 0.001, max: 120, noNaN: true }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(interval, { minLength: 1, maxLength: 4 }), percentiles, (intervals, ps) => {
        const h = histogram();
        for (const records of intervals) {
          for (const [v, count] of records) h.recordValueWithCount(v, count);
          expect(walk(h, ps)).toEqual(ps.map((p) => h.getValueAtPercentile(p)));
          h.reset();
        }
      }),
      { seed: 13, numRuns: 300 },
    );
  });

  it('refuses percentile 0 (the library answers it with the lowest equivalent value instead)', () => {
    const h = histogram();
    h.recordValue(5);
    expect(() => walk(h, [0])).toThrow('percentile 0 is not > 0');
  });
});
