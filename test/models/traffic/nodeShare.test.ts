/**
 * CPU shares on an oversubscribed node: MilliCPUToShares, hand-derived water-filling cases, and fast-check
 * invariants (sum, caps, weighted fairness up to one millicore of rounding).
 */
import fc from 'fast-check';
import { milliCpuToShares, shareNodeCpu, type CpuClaim } from '../../../models/traffic/nodeShare';

const claim = (demandMilli: number, requestMilli: number, limitMilli = Infinity): CpuClaim => ({ demandMilli, requestMilli, limitMilli });

describe('milliCpuToShares (kubelet MilliCPUToShares)', () => {
  it.each([
    { milli: 0, shares: 2 }, // unset → the kernel minimum
    { milli: 1, shares: 2 }, // ⌊1.024⌋ = 1 → raised to 2
    { milli: 2, shares: 2 }, // ⌊2.048⌋
    { milli: 3, shares: 3 }, // ⌊3.072⌋
    { milli: 250, shares: 256 },
    { milli: 1_000, shares: 1_024 },
    { milli: 256_000, shares: 262_144 },
    { milli: 300_000, shares: 262_144 }, // 307 200 capped at MaxShares
  ])('$milli m → $shares', ({ milli, shares }) => {
    expect(milliCpuToShares(milli)).toBe(shares);
  });
});

describe('shareNodeCpu', () => {
  it.each<{ id: string; claims: CpuClaim[]; allocatable: number; expected: number[] }>([
    {
      id: 'not oversubscribed: everyone gets min(demand, limit)',
      claims: [claim(300, 100), claim(2_000, 100, 500), claim(0, 100)],
      allocatable: 4_000,
      expected: [300, 500, 0],
    },
    {
      id: 'equal requests, equal demands: an even split',
      claims: [claim(2_000, 500), claim(2_000, 500)],
      allocatable: 2_000,
      expected: [1_000, 1_000],
    },
    {
      // shares 256 : 768 = 1 : 3 of 2000m.
      id: 'requests 250m and 750m split 1 : 3',
      claims: [claim(4_000, 250), claim(4_000, 750)],
      allocatable: 2_000,
      expected: [500, 1_500],
    },
    {
      // The small demand saturates (300 ≤ 1000), the other takes the rest.
      id: 'a pod below its fair share gets its demand; the rest goes to the other',
      claims: [claim(300, 500), claim(5_000, 500)],
      allocatable: 2_000,
      expected: [300, 1_700],
    },
    {
      id: 'a CPU limit caps a pod under contention too; its unused share goes to the unlimited pod',
      claims: [claim(4_000, 500, 500), claim(4_000, 500)],
      allocatable: 2_000,
      expected: [500, 1_500],
    },
    {
      // 1000/3 each: floors 333, 333, 333, one millicore left → the lowest index (all remainders equal).
      id: 'rounding: three equal pods on 1000m',
      claims: [claim(1_000, 100), claim(1_000, 100), claim(1_000, 100)],
      allocatable: 1_000,
      expected: [334, 333, 333],
    },
    {
      // Weights 2 (BestEffort) and 1024: BE 1000·2/1026 = 1.949 → 1 (remainder 974/1026); the other 998.05 → 998
      // (remainder 52/1026). One millicore left goes to the larger remainder, BE → 2.
      id: 'BestEffort (2 shares) next to a 1-core request',
      claims: [claim(2_000, 0), claim(2_000, 1_000)],
      allocatable: 1_000,
      expected: [2, 998],
    },
    {
      // Saturation in two rounds: c (demand 100) saturates first; then a (demand 600) with weight 1024 of the
      // remaining 1024+1024 against 1900 left: share 950 ≥ 600 → saturates; b takes 1300.
      id: 'cascading saturation',
      claims: [claim(600, 1_000), claim(5_000, 1_000), claim(100, 1_000)],
      allocatable: 2_000,
      expected: [600, 1_300, 100],
    },
    { id: 'zero allocatable', claims: [claim(100, 100)], allocatable: 0, expected: [0] },
    { id: 'no pods', claims: [], allocatable: 1_000, expected: [] },
  ])('$id', ({ claims, allocatable, expected }) => {
    expect(shareNodeCpu(claims, allocatable)).toEqual(expected);
  });

  it('rejects non-integer inputs', () => {
    expect(() => shareNodeCpu([claim(1.5, 0)], 100)).toThrow(/demand/);
    expect(() => shareNodeCpu([claim(10, 0, 2.5)], 100)).toThrow(/limit/);
    expect(() => shareNodeCpu([], -1)).toThrow(/allocatable/);
  });

  it('invariants: Σ = min(allocatable, Σ caps); each ≤ its cap; an unsaturated pod has the highest share per weight (±1m)', () => {
    const claimArb = fc.record({
      demandMilli: fc.integer({ min: 0, max: 8_000 }),
      requestMilli: fc.integer({ min: 0, max: 4_000 }),
      limitMilli: fc.oneof(fc.constant(Infinity), fc.integer({ min: 1, max: 8_000 })),
    });
    fc.assert(
      fc.property(fc.array(claimArb, { maxLength: 12 }), fc.integer({ min: 0, max: 16_000 }), (claims, alloc) => {
        const out = shareNodeCpu(claims, alloc);
        const caps = claims.map((c) => Math.min(c.demandMilli, c.limitMilli));
        const sumCaps = caps.reduce((a, b) => a + b, 0);
        if (out.reduce((a, b) => a + b, 0) !== Math.min(alloc, sumCaps)) return false;
        if (out.some((x, i) => !Number.isInteger(x) || x < 0 || x > caps[i])) return false;
        // Water-filling: for an unsaturated pod i and any pod j, (out_j − 1)/w_j ≤ out_i/w_i... i.e. nobody gets
        // more per weight than an unsaturated pod, allowing each one millicore of rounding.
        const w = claims.map((c) => milliCpuToShares(c.requestMilli));
        for (let i = 0; i < out.length; i++) {
          if (out[i] >= caps[i]) continue;
          for (let j = 0; j < out.length; j++) if ((out[j] - 1) * w[i] > (out[i] + 1) * w[j]) return false;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});
