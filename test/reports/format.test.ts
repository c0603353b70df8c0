import fc from 'fast-check';
import { fixed, int, millis, time } from '../../reports/format';
import { micros } from '../../engine/time';

/**
 * The cell formatters. `fixed` shows a negative number that rounds to zero as zero (no `-0.000` in a trace); and no
 * formatter of numbers and times ever emits a character that CSV must quote (, " CR LF), which is what lets
 * CsvFile.write skip those cells (its textFrom/textTo range).
 */
describe('format', () => {
  test('fixed: rounding, negative zero shown as zero, other negatives kept, absent and non-finite empty', () => {
    // Hand-derived: -0.0004 rounds to -0.000 at 3 decimals (shown 0.000); -0.0006 rounds to -0.001 (kept).
    expect(fixed(-0.0004, 3)).toBe('0.000');
    expect(fixed(-0.0006, 3)).toBe('-0.001');
    expect(fixed(-0.004, 2)).toBe('0.00');
    expect(fixed(-0.4, 0)).toBe('0');
    expect(fixed(-1.4, 0)).toBe('-1');
    expect(fixed(-10.0001, 2)).toBe('-10.00');
    expect(fixed(-0, 2)).toBe('0.00');
    expect(fixed(12.345678, 3)).toBe('12.346');
    expect(fixed(undefined, 3)).toBe('');
    expect(fixed(Number.NaN, 3)).toBe('');
    expect(fixed(Number.NEGATIVE_INFINITY, 3)).toBe('');
  });

  test('fixed matches the plain rule (toFixed, then -0.0…0 → 0.0…0) on random numbers', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 6 }), (n, d) => {
        const s = n.toFixed(d);
        expect(fixed(n, d)).toBe(s === `-${(0).toFixed(d)}` ? (0).toFixed(d) : s);
      }),
      { numRuns: 2000 },
    );
  });

  test('number and time cells never hold a character CSV quotes', () => {
    const quoted = /[,"\r\n]/;
    fc.assert(
      fc.property(fc.double({ noNaN: false }), fc.integer({ min: 0, max: 6 }), fc.maxSafeInteger(), fc.nat(), (x, d, i, t) => {
        expect(quoted.test(fixed(x, d))).toBe(false);
        expect(quoted.test(int(i))).toBe(false);
        expect(quoted.test(millis(micros(t)))).toBe(false);
        expect(quoted.test(time(micros(t)))).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
