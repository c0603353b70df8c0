/** SPEC RG elasticity figures on hand-made supply/demand series; every expected number derived in the comments. */
import fc from 'fast-check';
import { ElasticityFold, elasticity, type ElasticityFigures, type SupplyDemandSample } from '../../reports/elasticity';

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

// The whole-series definition the fold replaced (the summary kept every HPA sync for it): time to capacity looks
// ahead from each demand increase to the first sample, its own included, whose supply reaches it.
function seriesReference(samples: readonly SupplyDemandSample[]): ElasticityFigures | null {
  if (samples.length < 2) return null;
  const T = samples[samples.length - 1].t - samples[0].t;
  if (!(T > 0)) return null;
  let under = 0, over = 0, accU = 0, accO = 0, unstable = 0, supplyChanges = 0, demandChanges = 0;
  for (let i = 0; i + 1 < samples.length; i++) {
    const a = samples[i];
    const b = samples[i + 1];
    const dt = b.t - a.t;
    const base = Math.max(a.demand, 1);
    if (a.demand > a.supply) {
      under += dt;
      accU += ((a.demand - a.supply) / base) * dt;
    } else if (a.supply > a.demand) {
      over += dt;
      accO += ((a.supply - a.demand) / base) * dt;
    }
    const ds = Math.sign(b.supply - a.supply);
    const dd = Math.sign(b.demand - a.demand);
    if (ds !== dd) unstable += dt;
    if (ds !== 0) supplyChanges++;
    if (dd !== 0) demandChanges++;
  }
  const waits: number[] = [];
  let unmet = 0;
  for (let i = 1; i < samples.length; i++) {
    if (samples[i].demand <= samples[i - 1].demand) continue;
    const goal = samples[i].demand;
    const reached = samples.slice(i).find((s) => s.supply >= goal);
    if (reached) waits.push(reached.t - samples[i].t);
    else unmet++;
  }
  return {
    underProvisionedSeconds: under,
    overProvisionedSeconds: over,
    accuracyUnderPct: (100 * accU) / T,
    accuracyOverPct: (100 * accO) / T,
    timeshareUnderPct: (100 * under) / T,
    timeshareOverPct: (100 * over) / T,
    instabilityPct: (100 * unstable) / T,
    jitterPerHour: ((supplyChanges - demandChanges) * 3600) / T,
    meanTimeToCapacitySeconds: waits.length ? waits.reduce((x, y) => x + y, 0) / waits.length : null,
    unmetDemandIncreases: unmet,
  };
}

test('the streaming fold gives exactly the whole-series figures, at every prefix (fast-check)', () => {
  // Syncs 15 s apart (or at odd float seconds), small replica counts so that increases, reversals, long unmet
  // stretches (supply capped below demand) and meets of several open increases at once all occur.
  const sample = fc.record({ dt: fc.oneof(fc.constant(15), fc.double({ min: 0, max: 40, noNaN: true })), demand: fc.integer({ min: 0, max: 8 }), supply: fc.integer({ min: 0, max: 8 }) });
  fc.assert(
    fc.property(fc.array(sample, { maxLength: 120 }), (steps) => {
      const series: SupplyDemandSample[] = [];
      const fold = new ElasticityFold();
      let t = 1_000;
      for (const s of steps) {
        t += s.dt;
        series.push({ t, demand: s.demand, supply: s.supply });
        fold.add(t, s.demand, s.supply);
        expect(fold.figures()).toStrictEqual(seriesReference(series));
      }
    }),
    { numRuns: 400, seed: 13 },
  );
});

test('a long never-met stretch: increases behind it wait in order, then join the mean (hand-derived)', () => {
  // demand 1→5 at t=10 (never met: supply ≤ 4), then 5→... stays; a drop to 2 and rise to 3 at t=30 is met at
  // t=40 (supply 3): wait 10. Mean over met increases = 10; unmet = 1 (the first).
  const fold = new ElasticityFold();
  fold.add(0, 1, 1);
  fold.add(10, 5, 1);
  fold.add(20, 2, 2);
  fold.add(30, 3, 2);
  fold.add(40, 3, 3);
  fold.add(50, 3, 4);
  const e = fold.figures()!;
  expect(e.meanTimeToCapacitySeconds).toBe(10);
  expect(e.unmetDemandIncreases).toBe(1);
});
