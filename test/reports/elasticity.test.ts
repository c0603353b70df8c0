/** SPEC RG elasticity figures on hand-made supply/demand series; every expected number derived in the comments. */
import { elasticity } from '../../reports/elasticity';

test('a demand step met after 30 s, then over-provisioning', () => {
  // t:      0   15   30   45   60   (end)
  // demand: 2    4    4    4    4
  // supply: 2    2    2    4    5
  // intervals (15 s each): [0,15) d=s → neither; [15,30) 4>2 under, short 2/4; [30,45) under, 2/4; [45,60) equal.
  // The last sample holds no interval. T = 60.
  const e = elasticity([
    { t: 0, demand: 2, supply: 2 },
    { t: 15, demand: 4, supply: 2 },
    { t: 30, demand: 4, supply: 2 },
    { t: 45, demand: 4, supply: 4 },
    { t: 60, demand: 4, supply: 5 },
  ])!;
  expect(e.underProvisionedSeconds).toBe(30);
  expect(e.overProvisionedSeconds).toBe(0);
  // θ_U = 100/60 × (0.5×15 + 0.5×15) = 25 %
  expect(e.accuracyUnderPct).toBeCloseTo(25, 10);
  expect(e.timeshareUnderPct).toBeCloseTo(50, 10);
  // Δ signs per interval (supply, demand): (0,+) (0,0) (+,0) (+,0) → 3 of 4 intervals differ → 45 s of 60 → 75 %
  expect(e.instabilityPct).toBeCloseTo(75, 10);
  // supply changed twice, demand once, over 60 s → (2 − 1) × 3600 / 60 = 60 per hour
  expect(e.jitterPerHour).toBeCloseTo(60, 10);
  // demand rose to 4 at 15; supply first ≥ 4 at 45 → 30 s
  expect(e.meanTimeToCapacitySeconds).toBe(30);
  expect(e.unmetDemandIncreases).toBe(0);
});

test('an unmet increase is counted, not averaged; fewer than two samples give nothing', () => {
  const e = elasticity([
    { t: 0, demand: 1, supply: 1 },
    { t: 10, demand: 3, supply: 1 },
    { t: 20, demand: 3, supply: 2 },
  ])!;
  expect(e.meanTimeToCapacitySeconds).toBeNull();
  expect(e.unmetDemandIncreases).toBe(1);
  // over-provisioning relative to demand: none; under: [10,20) short 2/3 → θ_U = 100/20 × (2/3 × 10) = 33.333 %
  expect(e.accuracyUnderPct).toBeCloseTo(100 / 3, 10);
  expect(elasticity([{ t: 0, demand: 1, supply: 1 }])).toBeNull();
});
