/**
 * PiecewiseRateProfile.timeOfCumulative remembers its last segment and walks forward from it (issue #13): against
 * the inversion as it was before (a binary search for the segment on every call, kept below), on random profiles
 * and random query sequences — mostly rising, as a generator's are, with jumps back — the answers must be the same
 * doubles (toBe: Object.is), since a µs of difference after rounding would change a trace.
 *
 * fast-check prints the seed and path of a failing property; replay with fc.assert(…, { seed, path }).
 */
import fc from 'fast-check';
import { PiecewiseRateProfile, type Interpolation, type RatePoint } from '../../../models/traffic/profile';
import { micros } from '../../../engine/time';

interface Inside {
  starts: number[];
  r0: number[];
  slope: number[];
  cum: number[];
}

/** The pre-cache inversion, verbatim but for reading the profile's arrays. */
function referenceTimeOfCumulative(p: PiecewiseRateProfile, x: number): number {
  const s = p as unknown as Inside;
  if (x <= 0) return 0;
  let lo = 0;
  let hi = s.cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.cum[mid] < x) lo = mid;
    else hi = mid - 1;
  }
  const c = (x - s.cum[lo]) * 1_000_000;
  const r0 = s.r0[lo];
  const k = s.slope[lo];
  let tau: number;
  if (k === 0) {
    if (r0 === 0) return x - s.cum[lo] <= 1e-9 * x ? s.starts[lo] : Infinity;
    tau = c / r0;
  } else {
    const disc = r0 * r0 + 2 * k * c;
    tau = (2 * c) / (r0 + Math.sqrt(disc > 0 ? disc : 0));
  }
  const end = lo + 1 < s.starts.length ? s.starts[lo + 1] : Infinity;
  const t = s.starts[lo] + tau;
  return t < end ? t : end;
}

const pointsArb: fc.Arbitrary<RatePoint[]> = fc
  .array(fc.record({ gap: fc.integer({ min: 1, max: 5_000_000 }), rps: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 500, noNaN: true })) }), { minLength: 1, maxLength: 12 })
  .map((ps) => {
    let at = 0;
    return ps.map((p, i) => {
      if (i > 0) at += p.gap;
      return { at: micros(at), rps: p.rps };
    });
  });

describe('PiecewiseRateProfile: the remembered segment', () => {
  it('fast-check: the same answers as a binary search on every call, for rising and falling query sequences', () => {
    fc.assert(
      fc.property(
        pointsArb,
        fc.constantFrom<Interpolation>('step', 'linear'),
        fc.array(fc.oneof({ weight: 6, arbitrary: fc.double({ min: 0, max: 50, noNaN: true }) }, { weight: 1, arbitrary: fc.double({ min: -3000, max: 0, noNaN: true }) }), { maxLength: 60 }),
        (points, interpolation, steps) => {
          const p = new PiecewiseRateProfile(points, interpolation);
          const total = (p as unknown as Inside).cum.at(-1)!;
          // Targets: a walk of increments (and some jumps back), plus the segment starts' Λ exactly (ties at the strict test).
          let x = 0;
          const xs = [...(p as unknown as Inside).cum, total + 1];
          for (const d of steps) xs.push((x = Math.max(0, x + d)));
          for (const q of xs) expect(p.timeOfCumulative(q)).toBe(referenceTimeOfCumulative(p, q));
        },
      ),
      { numRuns: 300 },
    );
  });
});
