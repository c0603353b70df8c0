/**
 * One full reconcile against the public vectors HC-* (harness B), W-01 and the multi-sync timelines T-01, T-02, T-05
 * of hpa-vectors.md (hand-derived reconcile cases are in reconcileMessages.test.ts).
 */
import { seconds } from '../../../engine/time';
import {
  reconcile,
  type HorizontalPodAutoscalerManifest,
  type HpaControllerSettings,
  type HpaPod,
  type HpaReconcileInput,
  type MetricSpecInput,
} from '../../../models/hpa';
import { cpu, harnessB, history, hpa, objectQps, reqUse, SETTINGS_B, SETTINGS_PROD, type Behavior, type VPod } from './harness';

interface HcCase {
  id: string;
  scale: [number, number];
  hpa: HorizontalPodAutoscalerManifest;
  recommendations: 'nil' | '[]';
  pods?: VPod[];
  objectMetrics?: Record<string, number>;
  expected: { desiredReplicas: number; currentUtilization?: number; conditions?: string[]; event?: string | null };
}

const COND_OK_UP = ['AbleToScale=True/SucceededRescale', 'ScalingActive=True/ValidMetricFound', 'ScalingLimited=False/DesiredWithinRange'];

const hcCases: HcCase[] = [
  {
    id: 'HC-01',
    scale: [3, 3],
    hpa: hpa(2, 6, [cpu(30)]),
    recommendations: 'nil',
    pods: reqUse(1000, [300, 500, 700]),
    expected: { desiredReplicas: 5, currentUtilization: 50, conditions: COND_OK_UP, event: 'New size: 5; reason: cpu resource utilization (percentage of request) above target' },
  },
  {
    id: 'HC-03',
    scale: [5, 5],
    hpa: hpa(2, 6, [cpu(50)]),
    recommendations: 'nil',
    pods: reqUse(1000, [100, 300, 500, 250, 250]),
    expected: { desiredReplicas: 5, conditions: ['AbleToScale=True/ScaleDownStabilized', 'ScalingActive=True/ValidMetricFound', 'ScalingLimited=False/DesiredWithinRange'] },
  },
  {
    id: 'HC-05',
    scale: [3, 3],
    hpa: hpa(1, 5, [cpu(100)]),
    recommendations: 'nil',
    pods: [{ name: 'p0', req: 900, use: 1010 }, { name: 'p1', req: 1000, use: 1030 }, { name: 'p2', req: 1100, use: 1020 }],
    expected: { desiredReplicas: 3, conditions: ['AbleToScale=True/ReadyForNewScale', 'ScalingActive=True/ValidMetricFound', 'ScalingLimited=False/DesiredWithinRange'] },
  },
  {
    id: 'HC-07',
    scale: [3, 3],
    hpa: hpa(0, 5, [cpu(90)]),
    recommendations: '[]',
    pods: [{ name: 'p0', req: 900, use: 0 }, { name: 'p1', req: 1000, use: 0 }, { name: 'p2', req: 1100, use: 0 }],
    expected: { desiredReplicas: 0, conditions: COND_OK_UP },
  },
  {
    id: 'HC-09',
    scale: [0, 0],
    hpa: hpa(3, 5, null),
    recommendations: '[]',
    expected: { desiredReplicas: 0, conditions: ['AbleToScale=True/SucceededGetScale', 'ScalingActive=False/ScalingDisabled'], event: null },
  },
  {
    id: 'HC-11',
    scale: [10, 10],
    hpa: hpa(3, 5, null),
    recommendations: '[]',
    expected: { desiredReplicas: 5, conditions: ['AbleToScale=True/SucceededRescale'], event: 'New size: 5; reason: Current number of replicas above Spec.MaxReplicas' },
  },
  {
    id: 'HC-13',
    scale: [4, 4],
    hpa: hpa(2, 6, [cpu(100)]),
    recommendations: 'nil',
    pods: reqUse(1000, [4000, 9500, 3000, 7000]),
    expected: { desiredReplicas: 6, conditions: ['AbleToScale=True/SucceededRescale', 'ScalingActive=True/ValidMetricFound', 'ScalingLimited=True/TooManyReplicas'] },
  },
  {
    id: 'HC-15',
    scale: [4, 4],
    hpa: hpa(1, 5, [cpu(50)]),
    recommendations: '[]',
    pods: [{ name: 'p0', req: 200, use: 200 }],
    expected: { desiredReplicas: 2, event: 'New size: 2; reason: All metrics below target' },
  },
  {
    id: 'HC-17',
    scale: [2, 2],
    hpa: hpa(1, 5, [cpu(50)]),
    recommendations: 'nil',
    pods: reqUse(400, [200, 200]),
    expected: { desiredReplicas: 2, conditions: ['AbleToScale=True/ReadyForNewScale', 'ScalingActive=True/ValidMetricFound', 'ScalingLimited=False/DesiredWithinRange'], event: null },
  },
  {
    // behavior "same as HC-18": upstream TestUpscaleCapGreaterThanMaxReplicas uses
    // scaleUpRules: generateScalingRules(0, 0, 700, 60, 0) = {window 0, Max, [Percent 700/60s]} (scaleDown: defaults)
    id: 'HC-19',
    scale: [3, 3],
    hpa: hpa(1, 20, [cpu(10)], { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 700, periodSeconds: 60 }] } }),
    recommendations: 'nil',
    pods: reqUse(100, [100, 200, 300]),
    expected: { desiredReplicas: 20, conditions: ['AbleToScale=True/SucceededRescale', 'ScalingActive=True/ValidMetricFound', 'ScalingLimited=True/TooManyReplicas'] },
  },
  {
    id: 'HC-21',
    scale: [3, 3],
    hpa: hpa(2, 6, [cpu(30)]),
    recommendations: 'nil',
    pods: [{ name: 'p0', ready: false, req: 1000, use: 300 }, { name: 'p1', req: 1000, use: 500 }, { name: 'p2', req: 1000, use: 700 }],
    expected: { desiredReplicas: 4, currentUtilization: 60 },
  },
  {
    id: 'HC-23',
    scale: [3, 3],
    hpa: hpa(2, 6, [cpu(30)]),
    recommendations: 'nil',
    pods: [
      { name: 'p0', start: -180, req: 1000, use: 400 },
      { name: 'p1', ready: false, start: 0, req: 1000, use: 500 },
      { name: 'p2', ready: false, start: 0, req: 1000, use: 700 },
    ],
    expected: {
      desiredReplicas: 3,
      currentUtilization: 40,
      conditions: ['AbleToScale=True/ReadyForNewScale', 'ScalingActive=True/ValidMetricFound', 'ScalingLimited=False/DesiredWithinRange'],
    },
  },
  {
    id: 'HC-25',
    scale: [2, 2],
    hpa: hpa(2, 6, [cpu(30)]),
    recommendations: 'nil',
    pods: [
      { name: 'p0', req: 1000, use: 500 },
      { name: 'p1', req: 1000, use: 700 },
      { name: 'p2', phase: 'Failed', ready: false, req: 1000 },
      { name: 'p3', phase: 'Failed', ready: false, req: 1000 },
    ],
    expected: { desiredReplicas: 4, currentUtilization: 60 },
  },
  {
    id: 'HC-27',
    scale: [10, 10],
    hpa: hpa(0, 1000, [cpu(55)]),
    recommendations: '[]',
    pods: [400, 200, 310, 290, 302, 298, 300, 298, 300, 300].map((req, i) => ({ name: `p${i}`, req, use: 150 })),
    expected: { desiredReplicas: 10 },
  },
  { id: 'HC-29', scale: [0, 0], hpa: hpa(0, 6, [objectQps('15')]), recommendations: 'nil', objectMetrics: { qps: 20000 }, expected: { desiredReplicas: 2 } },
  {
    id: 'HC-31',
    scale: [5, 5],
    hpa: hpa(0, 6, [objectQps('20.0')]),
    recommendations: '[]',
    pods: reqUse(1000, [0, 0, 0, 0, 0]),
    objectMetrics: { qps: 0 },
    expected: { desiredReplicas: 0 },
  },
  {
    id: 'HC-33',
    scale: [5, 5],
    hpa: hpa(2, 6, [cpu(50), { type: 'CheddarCheese' }]),
    recommendations: '[]',
    pods: reqUse(1000, [100, 300, 500, 250, 250]),
    expected: { desiredReplicas: 5, conditions: ['AbleToScale=True/SucceededGetScale', 'ScalingActive=False/InvalidMetricSourceType'] },
  },
];

describe('reconcileAutoscaler (harness B: scaleUpLimitFactor 8, cpu init 120 s, readiness delay 10 s)', () => {
  test.each(hcCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const r = reconcile({
      now: seconds(0),
      settings: SETTINGS_B,
      hpa: c.hpa,
      scale: { specReplicas: c.scale[0], statusReplicas: c.scale[1] },
      pods: harnessB(c.pods ?? []),
      objectMetrics: c.objectMetrics,
      history: history(c.recommendations),
    });
    expect(r.desiredReplicas).toBe(c.expected.desiredReplicas);
    if (c.expected.currentUtilization !== undefined) expect(r.metrics[0].utilization).toBe(c.expected.currentUtilization);
    if (c.expected.conditions) expect(r.conditions.map((x) => `${x.type}=${x.status}/${x.reason}`)).toEqual(c.expected.conditions);
    if (c.expected.event !== undefined) {
      const rescale = r.events.find((e) => e.reason === 'SuccessfulRescale');
      expect(rescale?.message ?? null).toBe(c.expected.event);
    }
  });
});

describe('W-01: php-apache walkthrough, production flags', () => {
  test('1 pod at 305 % of 200m: proposal 7, capped to 4 by the legacy up-limit', () => {
    const r = reconcile({
      now: seconds(120),
      settings: SETTINGS_PROD,
      hpa: {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'php-apache' }, minReplicas: 1, maxReplicas: 10, targetCPUUtilizationPercentage: 50 },
      },
      scale: { specReplicas: 1, statusReplicas: 1 },
      pods: harnessB([{ name: 'p0', req: 200, use: 610 }], 120),
      history: history('nil'),
    });
    expect(r.proposal).toBe(7);
    expect(r.metrics[0].utilization).toBe(305);
    expect(r.desiredReplicas).toBe(4);
    expect(r.conditions.find((x) => x.type === 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'ScaleUpLimit' });
    expect(r.events).toEqual([{ type: 'Normal', reason: 'SuccessfulRescale', message: 'New size: 4; reason: cpu resource utilization (percentage of request) above target' }]);
  });
});

/**
 * Drives the controller loop as the simulation will: one reconcile per 15 s sync, the history and conditions kept
 * between calls, the target's replicas following each decision. A constant proposal comes from an External metric
 * with an AverageValue target (replicas = ceil(value/target) unless within tolerance of statusReplicas).
 */
function timeline(manifest: HorizontalPodAutoscalerManifest, start: number, proposal: number, syncs: number, settings: HpaControllerSettings): number[] {
  let replicas = start;
  let prev: Pick<HpaReconcileInput, 'history' | 'conditions'> = { history: history('nil'), conditions: [] };
  const out: number[] = [];
  for (let i = 0; i < syncs; i++) {
    const r = reconcile({
      now: seconds(15 * i),
      settings,
      hpa: manifest,
      scale: { specReplicas: replicas, statusReplicas: replicas },
      pods: [] as HpaPod[],
      externalMetrics: { demand: [proposal * 1000] },
      history: prev.history,
      conditions: prev.conditions,
    });
    replicas = r.desiredReplicas;
    prev = { history: r.history, conditions: r.conditions };
    out.push(replicas);
  }
  return out;
}

const demand: MetricSpecInput = { type: 'External', external: { metric: { name: 'demand' }, target: { type: 'AverageValue', averageValue: '1' } } };

describe('multi-sync timelines (production flags)', () => {
  test('T-01: legacy path, 1 → 4 → 8 → 10', () => {
    expect(timeline(hpa(1, 20, [demand]), 1, 10, 5, SETTINGS_PROD)).toEqual([4, 8, 10, 10, 10]);
  });

  test('T-02: behavior with every default, 1 → 5 → 10', () => {
    expect(timeline(hpa(1, 20, [demand], {}), 1, 10, 5, SETTINGS_PROD)).toEqual([5, 10, 10, 10, 10]);
  });

  test('T-05: scaleDown Pods 4/60s + Percent 10/60s, Max, window 0: one step per minute', () => {
    const behavior: Behavior = {
      scaleDown: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 60 },
          { type: 'Percent', value: 10, periodSeconds: 60 },
        ],
      },
    };
    expect(timeline(hpa(1, 100, [demand], behavior), 80, 10, 20, SETTINGS_PROD)).toEqual([
      72, 72, 72, 72, 64, 64, 64, 64, 57, 57, 57, 57, 51, 51, 51, 51, 45, 45, 45, 45,
    ]);
  });
});
