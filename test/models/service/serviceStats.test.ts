/**
 * ServiceStats.takeInterval's latency percentiles (services.csv p50, p95, p99): hand cases, and equality with a
 * histogram fed directly by recordValue / recordValueWithCount (the reference: hdr-histogram-js itself) over several
 * intervals of request-mode and fluid-mode successes.
 */
import { build } from 'hdr-histogram-js';
import { createStream } from '../../../engine/random';
import { micros } from '../../../engine/time';
import { ServiceStats } from '../../../models/service/serviceStats';

describe('ServiceStats.takeInterval percentiles', () => {
  it('reads fluid points by their counts and caps a bucket at the interval maximum (hand-derived)', () => {
    const stats = new ServiceStats();
    stats.fluidSuccesses(micros(20_000), 50);
    stats.fluidSuccesses(micros(30_000), 50);
    const i = stats.takeInterval();
    // 100 successes. p50 (count 50) is in the bucket of 20,000 µs: steps of 16 µs from 20,000, highest equivalent
    // value 20,015. p95 and p99 (counts 95, 99) are in the bucket of 30,000 µs (⌊30,000 / 16⌋ = 1,875, 30,000 to
    // 30,015), capped at the interval's maximum, 30,000.
    expect([i.completed, i.p50, i.p95, i.p99, i.max]).toEqual([100, 20_015, 30_000, 30_000, 30_000]);
    // The next interval starts empty.
    const empty = stats.takeInterval();
    expect([empty.completed, empty.p50, empty.p95, empty.p99, empty.max]).toEqual([0, undefined, undefined, undefined, undefined]);
  });

  it('equals a histogram fed one record per success, over intervals mixing single and counted successes', () => {
    const stats = new ServiceStats();
    const s = createStream(5, 'service-stats');
    for (let interval = 0; interval < 6; interval++) {
      const direct = build({ bitBucketSize: 32, autoResize: true, lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 });
      let max = 0;
      const records = 1 + Math.floor(s.next() * 400);
      for (let r = 0; r < records; r++) {
        // Log-uniform latencies from 1 µs to ~3 h (past 2^32 µs some go to the histogram directly), some zeros.
        const u = s.next();
        const v = u < 0.02 ? 0 : Math.floor(10 ** (10 * s.next()));
        max = Math.max(max, v);
        if (s.next() < 0.5) {
          stats.succeeded(micros(v));
          direct.recordValue(v);
        } else {
          const count = 1 + Math.floor(s.next() * 50);
          stats.fluidSuccesses(micros(v), count);
          direct.recordValueWithCount(v, count);
        }
      }
      const i = stats.takeInterval();
      const expected = [50, 95, 99].map((p) => Math.min(direct.getValueAtPercentile(p), max));
      expect([i.completed, i.p50, i.p95, i.p99, i.max]).toEqual([direct.totalCount, ...expected, max]);
    }
  });
});
