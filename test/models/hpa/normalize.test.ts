/**
 * Normalization against the public vectors N-* (legacy stabilization), B-* (behavior stabilization), L-* (legacy
 * limits, production factor 2) and S-* (behavior policies) of hpa-vectors.md, now = 0, plus hand-derived edges.
 */
import { seconds } from '../../../engine/time';
import {
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  getReplicasChangePerPeriod,
  stabilizeRecommendation,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
  type HpaScalingRules,
} from '../../../models/hpa';
import { DEFAULT_DOWN, DEFAULT_UP, evs, recs, rules } from './harness';

describe('stabilizeRecommendation (legacy, window 300 s)', () => {
  test.each([
    ['N-01', [], 5, 5, [5]],
    ['N-03', [[1, 120], [2, 60]], 3, 3, [1, 2, 3]],
    ['N-05', [[10, 600], [4, 60], [5, 120], [9, 540]], 3, 5, [10, 4, 5, 3]],
  ] as [string, [number, number][], number, number, number[]][])('%s', (_id, log, desired, stabilized, logAfter) => {
    const r = stabilizeRecommendation(seconds(0), seconds(300), recs(log), desired);
    expect(r.stabilized).toBe(stabilized);
    expect(r.recommendations.map((x) => x.replicas)).toEqual(logAfter);
  });
});

describe('stabilizeRecommendationWithBehaviors', () => {
  test.each([
    ['B-01', [], 100, 5, 0, 0, 5, [5]],
    ['B-03', [[4, 120], [5, 60]], 1, 7, 300, 0, 4, [4, 5, 7]],
    ['B-05', [[4, 120], [5, 60]], 1, 3, 0, 300, 3, [4, 5, 3]],
    ['B-07', [[10, 600], [9, 540]], 1, 100, 0, 0, 100, [10, 100]],
    ['B-09', [[10, 6000], [6, 60], [5, 120], [9, 180]], 1, 100, 300, 0, 5, [100, 6, 5, 9]],
    ['B-11', [[2, 6000], [1, 180]], 2, 3, 300, 300, 2, null],
  ] as [string, [number, number][], number, number, number, number, number, number[] | null][])(
    '%s',
    (_id, log, currentReplicas, desiredReplicas, scaleUpWindowSeconds, scaleDownWindowSeconds, stabilized, logAfter) => {
      const r = stabilizeRecommendationWithBehaviors({ now: seconds(0), recommendations: recs(log), currentReplicas, desiredReplicas, scaleUpWindowSeconds, scaleDownWindowSeconds });
      expect(r.replicas).toBe(stabilized);
      if (logAfter) expect(r.recommendations.map((x) => x.replicas)).toEqual(logAfter);
    },
  );
});

describe('convertDesiredReplicasWithRules (legacy, scaleUpLimitFactor 2, minimum 4)', () => {
  test.each([
    ['L-01', 5, 7, 3, 8, 7, 'DesiredWithinRange'],
    ['L-03', 1, 0, 0, 10, 0, 'DesiredWithinRange'],
    ['L-05', 3, 1000, 1, 2000, 6, 'ScaleUpLimit'],
  ] as const)('%s', (_id, current, stabilized, min, max, replicas, reason) => {
    const r = convertDesiredReplicasWithRules(current, stabilized, min, max, 2, 4);
    expect([r.replicas, r.reason]).toEqual([replicas, reason]);
  });
});

interface RateCase {
  id: string;
  current: number;
  stabilized: number;
  min: number;
  max: number;
  scaleUp?: HpaScalingRules;
  scaleDown?: HpaScalingRules;
  up?: [number, number][];
  down?: [number, number][];
  expected: [number, string];
}

const E3: [number, number][] = [[1, 100], [5, 60], [9, 20]];

const rateCases: RateCase[] = [
  { id: 'S-01', current: 5, stabilized: 7, min: 3, max: 8, expected: [7, 'DesiredWithinRange'] },
  { id: 'S-03', current: 20, stabilized: 1000, min: 1, max: 10, expected: [10, 'TooManyReplicas'] },
  { id: 'S-05', current: 3, stabilized: 1000, min: 1, max: 2000, scaleUp: rules('Max', ['Percent 1/60s']), expected: [4, 'ScaleUpLimit'] },
  { id: 'S-07', current: 10, stabilized: 50, min: 1, max: 1000, expected: [20, 'ScaleUpLimit'] },
  { id: 'S-09', current: 10, stabilized: 500, min: 1, max: 1000, scaleUp: rules('Max', ['Pods 2/60s', 'Percent 100/60s']), expected: [20, 'ScaleUpLimit'] },
  { id: 'S-11', current: 10, stabilized: 50, min: 1, max: 1000, scaleUp: rules('Max', ['Pods 30/60s']), expected: [40, 'ScaleUpLimit'] },
  { id: 'S-13', current: 100, stabilized: 2, min: 1, max: 1000, scaleDown: rules('Max', ['Pods 20/60s', 'Percent 1/60s']), expected: [80, 'ScaleDownLimit'] },
  { id: 'S-15', current: 10, stabilized: 0, min: 1, max: 1000, scaleDown: rules('Max', ['Pods 100/60s']), expected: [1, 'TooFewReplicas'] },
  { id: 'S-17', current: 10, stabilized: 2, min: 1, max: 1000, scaleDown: rules('Max', ['Pods 5/60s']), expected: [5, 'ScaleDownLimit'] },
  { id: 'S-19', current: 100, stabilized: 500, min: 1, max: 200, scaleUp: rules('Max', ['Pods 300/60s']), up: E3, expected: [200, 'TooManyReplicas'] },
  { id: 'S-21', current: 100, stabilized: 500, min: 1, max: 1000, scaleUp: rules('Max', ['Pods 150/120s']), up: E3, expected: [235, 'ScaleUpLimit'] },
  {
    id: 'S-23',
    current: 6,
    stabilized: 24,
    min: 1,
    max: 1000,
    scaleUp: rules('Max', ['Percent 300/300s']),
    up: [[4, 60]],
    down: [[2, 60]],
    expected: [16, 'ScaleUpLimit'],
  },
  { id: 'S-25', current: 100, stabilized: 2, min: 5, max: 1000, scaleDown: rules('Max', ['Percent 100/120s']), down: E3, expected: [5, 'TooFewReplicas'] },
  {
    id: 'S-27',
    current: 100,
    stabilized: 0,
    min: 1,
    max: 1000,
    scaleDown: rules('Max', ['Percent 50/120s']),
    down: [[2, 100], [4, 60], [6, 20]],
    expected: [56, 'ScaleDownLimit'],
  },
  {
    id: 'S-29',
    current: 100,
    stabilized: 0,
    min: 1,
    max: 1000,
    scaleDown: rules('Max', ['Percent 10/120s']),
    down: [[10, 100], [10, 60], [10, 20]],
    expected: [100, 'ScaleDownLimit'],
  },
  {
    id: 'S-31',
    current: 100,
    stabilized: 200,
    min: 1,
    max: 1000,
    scaleUp: rules('Max', ['Pods 1000/30s', 'Percent 100/60s']),
    up: [[8, 105], [12, 75], [9, 45], [11, 15]],
    expected: [200, 'DesiredWithinRange'],
  },
  { id: 'S-33', current: 5, stabilized: 0, min: 1, max: 1000, scaleDown: rules('Min', ['Pods 2/60s', 'Percent 50/60s']), expected: [3, 'ScaleDownLimit'] },
];

describe('convertDesiredReplicasWithBehaviorRate (now 0)', () => {
  test.each(rateCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const r = convertDesiredReplicasWithBehaviorRate({
      now: seconds(0),
      currentReplicas: c.current,
      desiredReplicas: c.stabilized,
      minReplicas: c.min,
      maxReplicas: c.max,
      scaleUp: c.scaleUp ?? DEFAULT_UP,
      scaleDown: c.scaleDown ?? DEFAULT_DOWN,
      scaleUpEvents: evs(c.up ?? []),
      scaleDownEvents: evs(c.down ?? []),
    });
    expect([r.replicas, r.reason]).toEqual(c.expected);
  });
});

describe('hand-derived boundaries', () => {
  test('a recommendation exactly one window old counts on the legacy path, not on the behavior path', () => {
    // legacy: kept unless ts < now - W; ts = 0, now = 300 s, W = 300 s → 0 < 0 is false → counted → max(2, 5) = 5
    expect(stabilizeRecommendation(seconds(300), seconds(300), [{ replicas: 5, time: seconds(0) }], 2).stabilized).toBe(5);
    // behavior: counted iff ts > now - window → 0 > 0 is false → down = 2 → clamp(5, up 2, down 2) = 2
    const b = stabilizeRecommendationWithBehaviors({
      now: seconds(300),
      recommendations: [{ replicas: 5, time: seconds(0) }],
      currentReplicas: 5,
      desiredReplicas: 2,
      scaleUpWindowSeconds: 0,
      scaleDownWindowSeconds: 300,
    });
    expect(b.replicas).toBe(2);
    // ... and the entry is not overwritten (strict Before on both cutoffs), so the log grows
    expect(b.recommendations).toEqual([{ replicas: 5, time: seconds(0) }, { replicas: 2, time: seconds(300) }]);
  });

  test('a scale event exactly one period old leaves the period', () => {
    // change 4 at t = 0: at now = 15 s the 15 s period starts at 0, and 0 > 0 is false → 0; at 14.999999 s → 4
    const events = [{ change: 4, time: seconds(0) }];
    expect(getReplicasChangePerPeriod(seconds(15), 15, events)).toBe(0);
    expect(getReplicasChangePerPeriod(seconds(14.999999), 15, events)).toBe(4);
  });

  test('percent up rounds up, percent down truncates', () => {
    // up: Percent 10/60s from 3: ceil(3 × 1.1) = ceil(3.3000000000000003) = 4
    // down: Percent 10/60s from 15: int(15 × 0.9) = int(13.5) = 13
    const a = { now: seconds(0), scaleUpEvents: [], scaleDownEvents: [], minReplicas: 1, maxReplicas: 100 };
    const pct = rules('Max', ['Percent 10/60s']);
    expect(convertDesiredReplicasWithBehaviorRate({ ...a, currentReplicas: 3, desiredReplicas: 50, scaleUp: pct, scaleDown: pct }).replicas).toBe(4);
    expect(convertDesiredReplicasWithBehaviorRate({ ...a, currentReplicas: 15, desiredReplicas: 1, scaleUp: pct, scaleDown: pct }).replicas).toBe(13);
  });

  test('selectPolicy Disabled holds the count', () => {
    const a = { now: seconds(0), scaleUpEvents: [], scaleDownEvents: [], minReplicas: 1, maxReplicas: 100, currentReplicas: 10 };
    const off = rules('Disabled', ['Pods 4/15s']);
    // limit = currentReplicas = 10 → max(min 1, 10) → ScaleDownLimit (10 > min), result max(2, 10) = 10
    expect(convertDesiredReplicasWithBehaviorRate({ ...a, desiredReplicas: 2, scaleUp: DEFAULT_UP, scaleDown: off })).toMatchObject({ replicas: 10, reason: 'ScaleDownLimit' });
    // up: limit = 10 < max 100 → ScaleUpLimit, result min(50, 10) = 10
    expect(convertDesiredReplicasWithBehaviorRate({ ...a, desiredReplicas: 50, scaleUp: off, scaleDown: DEFAULT_DOWN })).toMatchObject({ replicas: 10, reason: 'ScaleUpLimit' });
  });

  test('storeScaleEvent overwrites the last outdated event of its direction', () => {
    // longest scale-up period 60 s; at now = 100 s the events at 0 s and 30 s are older than 40 s → outdated;
    // the last one (index 1) is replaced by {change 3, 100 s}; the one at 90 s stays.
    const behavior = { scaleUp: rules('Max', ['Pods 4/15s', 'Percent 100/60s']), scaleDown: DEFAULT_DOWN };
    const history = { scaleUpEvents: [{ change: 1, time: seconds(0) }, { change: 2, time: seconds(30) }, { change: 5, time: seconds(90) }], scaleDownEvents: [] };
    const r = storeScaleEvent(seconds(100), behavior, history, 7, 10);
    expect(r.scaleUpEvents).toEqual([
      { change: 1, time: seconds(0), outdated: true },
      { change: 3, time: seconds(100) },
      { change: 5, time: seconds(90) },
    ]);
    expect(r.scaleDownEvents).toEqual([]);
  });
});
