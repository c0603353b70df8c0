/**
 * The replica calculator against the public vectors RC-*, CM-*, OX-*, G-*, F-01 and TOL-01 of hpa-vectors.md
 * (expected numbers copied from the vectors), plus hand-derived cases.
 */
import { seconds } from '../../../engine/time';
import {
  calcPlainMetricReplicas,
  getPerPodMetricReplicas,
  getResourceReplicas,
  getResourceUtilizationRatio,
  getValueMetricReplicas,
  groupPods,
  LONG_AGO,
  resolveHpaSpec,
  tolerancesForHpa,
  type HpaPod,
  type PodMetric,
  type Tolerances,
} from '../../../models/hpa';
import { harnessA, harnessB, SETTINGS_PROD, TIMING_A, ZERO, type VPod } from './harness';

const TOL: Tolerances = { scaleUp: 0.1, scaleDown: 0.1 };

interface ResourceCase {
  id: string;
  currentReplicas: number;
  targetUtilization: number;
  pods: VPod[];
  expected: { replicas: number; utilization: number; rawAverageMilli?: number };
  tolerances?: Tolerances;
}

const p = (name: string, req: number, use?: number, extra: Partial<VPod> = {}): VPod => ({ name, req, use, ...extra });

const resourceCases: ResourceCase[] = [
  { id: 'RC-01', currentReplicas: 3, targetUtilization: 30, pods: [p('p0', 2000, 600), p('p1', 2000, 1000), p('p2', 2000, 1400)], expected: { replicas: 5, utilization: 50, rawAverageMilli: 1000 } },
  {
    id: 'RC-03',
    currentReplicas: 3,
    targetUtilization: 30,
    pods: [p('p0', 2000, 600, { start: 0 }), p('p1', 2000, 1000, { start: -180 }), p('p2', 2000, 1400, { start: -180 })],
    expected: { replicas: 4, utilization: 60, rawAverageMilli: 1200 },
  },
  {
    id: 'RC-05',
    currentReplicas: 3,
    targetUtilization: 30,
    pods: [p('p0', 2000, 800, { start: -180 }), p('p1', 2000, 1000, { ready: false, start: 0 }), p('p2', 2000, 1400, { ready: false, start: 0 })],
    expected: { replicas: 3, utilization: 40, rawAverageMilli: 800 },
  },
  {
    id: 'RC-07',
    currentReplicas: 2,
    targetUtilization: 30,
    pods: [p('p0', 2000, 1000), p('p1', 2000, 1400), p('p2', 2000, undefined, { deleted: true, ready: false }), p('p3', 2000, undefined, { deleted: true, ready: false })],
    expected: { replicas: 4, utilization: 60, rawAverageMilli: 1200 },
  },
  {
    id: 'RC-09',
    currentReplicas: 5,
    targetUtilization: 50,
    pods: [p('p0', 2000, 200), p('p1', 2000, 600), p('p2', 2000, 1000), p('p3', 2000, 500, { ready: false }), p('p4', 2000, 500, { ready: false })],
    expected: { replicas: 2, utilization: 30, rawAverageMilli: 600 },
  },
  {
    id: 'RC-11',
    currentReplicas: 5,
    targetUtilization: 50,
    pods: [
      p('p0', 2000, 200, { start: -180 }),
      p('p1', 2000, 600, { start: -180 }),
      p('p2', 2000, 1000, { start: -180 }),
      p('p3', 2000, 500, { start: 0 }),
      p('p4', 2000, 500, { start: 0 }),
    ],
    expected: { replicas: 2, utilization: 30, rawAverageMilli: 600 },
  },
  { id: 'RC-13', currentReplicas: 3, targetUtilization: 100, pods: [p('p0', 1800, 2020), p('p1', 2000, 2060), p('p2', 2200, 2040)], expected: { replicas: 3, utilization: 102, rawAverageMilli: 2040 } },
  { id: 'RC-15', currentReplicas: 4, targetUtilization: 100, pods: [p('p0', 2000, 800), p('p1', 2000, 190), p('p2', 2000), p('p3', 2000)], expected: { replicas: 3, utilization: 24, rawAverageMilli: 495 } },
  { id: 'RC-17', currentReplicas: 2, targetUtilization: 100, pods: [p('p0', 2000, 3800), p('p1', 2000)], expected: { replicas: 2, utilization: 190, rawAverageMilli: 3800 } },
  { id: 'RC-19', currentReplicas: 3, targetUtilization: 50, pods: [p('p0', 2000, 200, { ready: false }), p('p1', 2000, 900), p('p2', 2000)], expected: { replicas: 3, utilization: 45, rawAverageMilli: 900 } },
  {
    id: 'RC-21',
    currentReplicas: 3,
    targetUtilization: 50,
    pods: [p('p0', 2000, 200, { ready: false, start: 0 }), p('p1', 2000, 4000, { start: -180 }), p('p2', 2000, undefined, { start: -180 })],
    expected: { replicas: 4, utilization: 200, rawAverageMilli: 4000 },
  },
  {
    id: 'RC-23',
    currentReplicas: 4,
    targetUtilization: 300,
    pods: [p('p0', 2000, 400, { ready: false }), p('p1', 2000, 200), p('p2', 4000, 200), p('p3', 4000)],
    expected: { replicas: 2, utilization: 6, rawAverageMilli: 200 },
  },
  {
    id: 'RC-25',
    currentReplicas: 10,
    targetUtilization: 56,
    pods: [800, 400, 620, 580, 604, 596, 602, 598, 600, 600].map((req, i) => p(`p${i}`, req, 300)),
    expected: { replicas: 9, utilization: 50, rawAverageMilli: 300 },
  },
  {
    // F-01: util = floor(3500×100/25000) = 14; 14/50 = 0.28 in float64; 0.28×25 = 7.000000000000001 → ceil 8
    // (exact rational math would say 7: the controller's order of operations is what counts)
    id: 'F-01',
    currentReplicas: 25,
    targetUtilization: 50,
    pods: Array.from({ length: 25 }, (_, i) => p(`p${i}`, 1000, 140)),
    expected: { replicas: 8, utilization: 14 },
  },
  { id: 'TOL-01 a', currentReplicas: 10, targetUtilization: 100, pods: Array.from({ length: 10 }, (_, i) => p(`p${i}`, 1000, 1040)), expected: { replicas: 10, utilization: 104 } },
  {
    id: 'TOL-01 b',
    currentReplicas: 10,
    targetUtilization: 100,
    pods: Array.from({ length: 10 }, (_, i) => p(`p${i}`, 1000, 1040)),
    tolerances: { scaleUp: 0.02, scaleDown: 0.1 },
    expected: { replicas: 11, utilization: 104 },
  },
];

describe('GetResourceReplicas (Resource cpu Utilization, harness A)', () => {
  test.each(resourceCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const { pods, metrics } = harnessA(c.pods);
    const r = getResourceReplicas({
      ...TIMING_A,
      currentReplicas: c.currentReplicas,
      tolerances: c.tolerances ?? TOL,
      pods,
      metrics,
      targetUtilization: c.targetUtilization,
      resource: 'cpu',
      container: '',
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.replicas).toBe(c.expected.replicas);
    expect(r.utilization).toBe(c.expected.utilization);
    if (c.expected.rawAverageMilli !== undefined) expect(r.rawAverageMilli).toBe(c.expected.rawAverageMilli);
  });

  test('TOL-01 b: behavior.scaleUp.tolerance 0.02 reaches the calculator through tolerancesForHpa', () => {
    const spec = resolveHpaSpec(
      {
        apiVersion: 'autoscaling/v2',
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'w' }, maxReplicas: 20, behavior: { scaleUp: { tolerance: '0.02' } } },
      },
      SETTINGS_PROD,
    );
    expect(tolerancesForHpa(spec, SETTINGS_PROD)).toEqual({ scaleUp: 0.02, scaleDown: 0.1 });
  });
});

interface PlainCase {
  id: string;
  currentReplicas: number;
  target: number;
  pods: VPod[];
  expected: { replicas: number; usageMilli: number };
}

const cm = (name: string, use?: number, extra: Partial<VPod> = {}): VPod => ({ name, use, ...extra });

const plainCases: PlainCase[] = [
  { id: 'CM-01', currentReplicas: 3, target: 15000, pods: [cm('p0', 20000), cm('p1', 10000), cm('p2', 30000)], expected: { replicas: 4, usageMilli: 20000 } },
  {
    id: 'CM-03',
    currentReplicas: 3,
    target: 15000,
    pods: [cm('p0', 50000, { ready: false, start: 0 }), cm('p1', 15000, { start: -180 }), cm('p2', 30000, { ready: false, start: 0 })],
    expected: { replicas: 7, usageMilli: 31666 },
  },
  { id: 'CM-05', currentReplicas: 3, target: 20000, pods: [cm('p0', 20000), cm('p1', 21000), cm('p2', 21000)], expected: { replicas: 3, usageMilli: 20666 } },
  { id: 'CM-07', currentReplicas: 2, target: 17000, pods: [cm('p0', 10000), cm('p1', 10000), cm('p2')], expected: { replicas: 2, usageMilli: 10000 } },
];

describe('calcPlainMetricReplicas (Pods metric AverageValue, harness A)', () => {
  test.each(plainCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const { pods, metrics } = harnessA(c.pods);
    const r = calcPlainMetricReplicas({ ...TIMING_A, currentReplicas: c.currentReplicas, tolerances: TOL, pods, metrics, targetUsage: c.target, resource: '' });
    if (!r.ok) throw new Error(r.error);
    expect(r.replicas).toBe(c.expected.replicas);
    expect(r.usage).toBe(c.expected.usageMilli);
  });
});

describe('Object and External metrics (harness A)', () => {
  const readyPods = (n: number): HpaPod[] => harnessA(Array.from({ length: n }, (_, i) => cm(`p${i}`))).pods;

  test.each([
    ['OX-01', 3, 20000, 15000, 4],
    ['OX-03', 5, 12000, 20000, 3],
    ['OX-09', 5, 8600, 14334, 3],
  ] as const)('%s: Value target', (_id, current, value, target, replicas) => {
    const r = getValueMetricReplicas(current, value, target, TOL, readyPods(current));
    expect(r).toEqual({ ok: true, replicas });
  });

  test.each([
    ['OX-05', 3, 20000, 5000, 4, 6667],
    ['OX-07', 4, 20166, 5000, 4, 5042],
    ['OX-11', 3, 8600, 2150, 4, 2867],
    ['OX-13', 3, 8600, 2900, 3, 2867],
  ] as const)('%s: AverageValue target', (_id, statusReplicas, value, target, replicas, averageUsage) => {
    expect(getPerPodMetricReplicas(statusReplicas, value, target, TOL)).toEqual({ replicas, averageUsage });
  });
});

interface GroupCase {
  id: string;
  resource: string;
  pod: { phase: HpaPod['phase']; start?: number; ready?: { status: 'True' | 'False'; ltt: number } };
  metric?: { timestamp: number | typeof ZERO; window: number };
  expected: { readyPodCount: number; unready: string[]; missing: string[]; ignored: string[] };
}

const groupCases: GroupCase[] = [
  { id: 'G-01', resource: 'memory', pod: { phase: 'Succeeded' }, metric: { timestamp: seconds(0), window: 60 }, expected: { readyPodCount: 1, unready: [], missing: [], ignored: [] } },
  {
    id: 'G-03',
    resource: 'cpu',
    pod: { phase: 'Succeeded', start: -60, ready: { status: 'True', ltt: -30 } },
    metric: { timestamp: seconds(0), window: 30 },
    expected: { readyPodCount: 1, unready: [], missing: [], ignored: [] },
  },
  {
    id: 'G-05',
    resource: 'cpu',
    pod: { phase: 'Succeeded', start: -600, ready: { status: 'False', ltt: -594 } },
    metric: { timestamp: ZERO, window: 0 },
    expected: { readyPodCount: 0, unready: ['a'], missing: [], ignored: [] },
  },
  {
    id: 'G-07',
    resource: 'cpu',
    pod: { phase: 'Succeeded', start: -600, ready: { status: 'False', ltt: -540 } },
    metric: { timestamp: ZERO, window: 0 },
    expected: { readyPodCount: 1, unready: [], missing: [], ignored: [] },
  },
  { id: 'G-09', resource: 'cpu', pod: { phase: 'Succeeded', start: -180 }, expected: { readyPodCount: 0, unready: [], missing: ['a'], ignored: [] } },
  { id: 'G-11', resource: 'cpu', pod: { phase: 'Pending' }, expected: { readyPodCount: 0, unready: ['a'], missing: [], ignored: [] } },
  { id: 'G-13', resource: 'cpu', pod: { phase: 'Failed' }, metric: { timestamp: seconds(0), window: 0 }, expected: { readyPodCount: 0, unready: [], missing: [], ignored: ['a'] } },
];

describe('groupPods (cpuInitializationPeriod 120 s, delayOfInitialReadinessStatus 10 s, now 0)', () => {
  test.each(groupCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const pod: HpaPod = {
      name: 'a',
      phase: c.pod.phase,
      deleted: false,
      startTime: c.pod.start === undefined ? null : seconds(c.pod.start),
      ready: c.pod.ready ? { status: c.pod.ready.status, lastTransitionTime: seconds(c.pod.ready.ltt) } : null,
      containers: [],
      podRequests: null,
      metrics: null,
    };
    const metrics = new Map<string, PodMetric>();
    if (c.metric) {
      const timestamp = c.metric.timestamp === ZERO ? LONG_AGO : seconds(c.metric.timestamp);
      metrics.set('a', { value: 1, timestamp, window: seconds(c.metric.window) });
    }
    const g = groupPods([pod], metrics, c.resource, TIMING_A);
    expect({ readyPodCount: g.readyPodCount, unready: g.unready, missing: g.missing, ignored: g.ignored }).toEqual(c.expected);
  });
});

describe('hand-derived', () => {
  test('memory utilization is computed on milli-bytes (Quantity.MilliValue of 64Mi)', () => {
    // 3 pods requesting 64Mi (67108864000 milli-bytes each), using 48Mi, 64Mi and 80Mi:
    // Σusage = 192Mi = 201326592000 m, Σrequest = 201326592000 m → util = floor(Σu×100/Σr) = 100, ratio 100/80 = 1.25
    // fast path: ceil(1.25 × 3) = ceil(3.75) = 4; raw average = 201326592000 / 3 = 67108864000
    const mi = 1024 * 1024 * 1000;
    const pods = harnessB([{ name: 'a' }, { name: 'b' }, { name: 'c' }]).map((pod, i) => ({
      ...pod,
      containers: [{ name: 'c', requests: { memory: 64 * mi } }],
      metrics: { timestamp: seconds(0), window: seconds(15), usage: { memory: [48, 64, 80][i] * mi } },
    }));
    const metrics = new Map(pods.map((pod) => [pod.name, { value: pod.metrics.usage.memory, timestamp: seconds(0), window: seconds(15) }]));
    const r = getResourceReplicas({ ...TIMING_A, currentReplicas: 3, tolerances: TOL, pods, metrics, targetUtilization: 80, resource: 'memory', container: '' });
    expect(r).toMatchObject({ ok: true, replicas: 4, utilization: 100, rawAverageMilli: 64 * mi });
  });

  test('a pod in its cpu initialization period counts once a full window has passed since it became Ready', () => {
    // production timing (300 s / 30 s); pod started 60 s ago, Ready since 40 s ago, sample at now with a 15 s window:
    // start + 300 s > now → in the initialization period; Ready=True and ts(0) >= ltt(-40) + 15 → ready.
    // Same pod with a sample taken 30 s ago: ts(-30) < -40 + 15 = -25 → unready (strict Before).
    const pod: HpaPod = { ...harnessB([{ name: 'a', start: -60 }])[0], ready: { status: 'True', lastTransitionTime: seconds(-40) } };
    const timing = { now: seconds(0), cpuInitializationPeriod: seconds(300), delayOfInitialReadinessStatus: seconds(30) };
    const at = (ts: number) => new Map([['a', { value: 1, timestamp: seconds(ts), window: seconds(15) }]]);
    expect(groupPods([pod], at(0), 'cpu', timing).ready).toEqual(['a']);
    expect(groupPods([pod], at(-25), 'cpu', timing).ready).toEqual(['a']); // exactly ltt + window: not Before
    expect(groupPods([pod], at(-30), 'cpu', timing).unready).toEqual(['a']);
  });

  test('superfluous metrics (pods outside the list) count in len(metrics) on the slow path', () => {
    // pods p0 (use 3000 of 1000) and p1 (missing), target 50, current 2; metrics also hold "ghost" (no such pod).
    // util = floor(3000×100/1000) = 300 → ratio 6.0 → slow path: missing p1 gets 0 (scale-up)
    // new util = floor(3000×100/2000) = 150 (ghost has no request, so it is skipped) → newRatio 3.0
    // newReplicas = ceil(3.0 × len(metrics)) = ceil(3.0 × 3) = 9: ghost counts in len(metrics) (6 without it)
    const { pods, metrics } = harnessA([p('p0', 1000, 3000), p('p1', 1000)]);
    metrics.set('ghost', { value: 5000, timestamp: LONG_AGO, window: seconds(60) });
    const r = getResourceReplicas({ ...TIMING_A, currentReplicas: 2, tolerances: TOL, pods, metrics, targetUtilization: 50, resource: 'cpu', container: '' });
    expect(r).toMatchObject({ ok: true, replicas: 9, utilization: 300, rawAverageMilli: 3000 });
  });

  test('a container without a request makes the metric fail with Kubernetes text', () => {
    const { pods, metrics } = harnessA([p('p0', 1000, 500), { name: 'p1', use: 500 }]);
    const withContainer = pods.map((pod) => (pod.name === 'p1' ? { ...pod, containers: [{ name: 'app', requests: {} }] } : pod));
    const r = getResourceReplicas({ ...TIMING_A, currentReplicas: 2, tolerances: TOL, pods: withContainer, metrics, targetUtilization: 50, resource: 'cpu', container: '' });
    expect(r).toMatchObject({ ok: false, error: 'missing request for cpu in container app of Pod p1' });
  });
});

describe('GetResourceUtilizationRatio: Go int64 arithmetic (float64 while exact, BigInt beyond)', () => {
  const m = (o: Record<string, number>) => new Map(Object.entries(o));
  test.each([
    // Σusage 400, Σrequest 1000: ⌊400·100/1000⌋ = 40 %; 40/50 = 0.8; raw average ⌊400/2⌋ = 200
    ['two pods', { a: 250, b: 150 }, { a: 500, b: 500 }, 50, { utilization: 40, usageRatio: 0.8, rawAverage: 200 }],
    // ⌊333·100/1000⌋ = ⌊33.3⌋ = 33; 33/50 = 0.66
    ['truncated percentage', { a: 333 }, { a: 1000 }, 50, { utilization: 33, usageRatio: 0.66, rawAverage: 333 }],
    // x has no pod (no request): left out of both sums; 100·100/200 = 50 %, 50/50 = 1
    ['superfluous metric', { a: 100, x: 999 }, { a: 200 }, 50, { utilization: 50, usageRatio: 1, rawAverage: 100 }],
    // 9e15 > 2^53/100 ≈ 9.007e13 (BigInt path): 9e15·100/1e16 = 90 %; 90/50 = 1.8
    ['beyond float64 exactness', { a: 9e15 }, { a: 1e16 }, 50, { utilization: 90, usageRatio: 1.8, rawAverage: 9e15 }],
    // Σusage 1.2e16 > 2^53: 1.2e18/2e15 = 600 %; 600/100 = 6; raw ⌊1.2e16/2⌋ = 6e15
    ['sum beyond 2^53', { a: 6e15, b: 6e15 }, { a: 1e15, b: 1e15 }, 100, { utilization: 600, usageRatio: 6, rawAverage: 6e15 }],
    // ⌊1e11·100/1⌋ = 1e13 % is above int32: clamped to 2147483647
    ['int32 clamp', { a: 1e11 }, { a: 1 }, 100, { utilization: 2147483647, usageRatio: 21474836.47, rawAverage: 1e11 }],
  ])('%s', (_id, values, requests, target, expected) => {
    const r = getResourceUtilizationRatio(m(values), m(requests), target);
    expect(r).toEqual({ ok: true, ...expected });
  });

  test('Go truncates toward zero: −1·100/1000 is 0, not −0 (so no "-0" reaches hpa.csv)', () => {
    const r = getResourceUtilizationRatio(m({ a: -1 }), m({ a: 1000 }), 50);
    expect(r.ok && Object.is(r.utilization, 0) && Object.is(r.rawAverage, -1)).toBe(true);
  });

  test('no request matched: the client error', () => {
    expect(getResourceUtilizationRatio(m({ x: 5 }), m({ a: 100 }), 50)).toEqual({ ok: false, error: 'no metrics returned matched known pods' });
  });
});
