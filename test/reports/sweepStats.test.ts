/** Student's t quantiles against the published table, and the per-point statistics of sweep-summary.csv. */
import { studentTCdf, studentTQuantile } from '../../reports/studentT';
import { figureKey as reportsKey, figureStats } from '../../reports/sweepCsv';
import { figureKey as scenariosKey } from '../../scenarios/sweepFigures';

describe('studentTQuantile', () => {
  // t(0.975, df) from any t table (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2), three decimals.
  it.each([
    [1, 12.706],
    [2, 4.303],
    [4, 2.776],
    [9, 2.262],
    [29, 2.045],
    [120, 1.98],
  ])('df %d: %d', (df, t) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
  });
  it('inverts the CDF; the CDF is symmetric', () => {
    expect(studentTCdf(studentTQuantile(0.9, 5), 5)).toBeCloseTo(0.9, 10);
    expect(studentTCdf(-1.5, 3) + studentTCdf(1.5, 3)).toBeCloseTo(1, 12);
    expect(studentTCdf(0, 7)).toBe(0.5);
  });
});

describe('figureStats', () => {
  it('mean, sample sd and the 95 % interval of the mean', () => {
    // 2, 4, 6: mean 4, sd √((4+0+4)/2) = 2, half-width t(0.975, 2) × 2/√3 = 4.303 × 1.1547 = 4.968.
    const s = figureStats([2, 4, 6]);
    expect(s.mean).toBe(4);
    expect(s.sd).toBe(2);
    expect(s.ciHigh! - 4).toBeCloseTo(4.968, 3);
    expect(4 - s.ciLow!).toBeCloseTo(4.968, 3);
  });
  it('one value: a mean, no spread; none: nothing', () => {
    expect(figureStats([3])).toEqual({ n: 1, mean: 3 });
    expect(figureStats([])).toEqual({ n: 0 });
  });
});

describe('figureKey', () => {
  it('is the same rule in reports/ and scenarios/', () => {
    for (const [scope, ns, name, fig] of [['run', '', '', 'requests'], ['Service', 'default', 'web', 'requests'], ['Node', '', 'n1', 'drain_seconds']]) {
      expect(reportsKey(scope, ns, name, fig)).toBe(scenariosKey(scope, ns, name, fig));
    }
    expect(reportsKey('Node', '', 'n1', 'drain_seconds')).toBe('Node/n1:drain_seconds');
    expect(reportsKey('Service', 'shop', 'web', 'requests')).toBe('Service/shop/web:requests');
  });
});
