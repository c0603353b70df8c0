/**
 * The metrics pipeline on a running simulation: the window average of a usage step is exact, the first value
 * comes only after a full window, values refresh at the resolution, a restart starts the window over, and the
 * custom metrics (requests_per_second per pod and per Service, in_flight) read the same scrapes.
 * Given: one pod that starts at t = 0 (after the scrape of that instant: the scheduler binds it at CONTROLLER
 * priority, the scrape runs at TRAFFIC), in the load balancer from 1 s; scrapes at 0, 15, 30, … s.
 */
import { seconds, ZERO, type Micros } from '../../../engine/time';
import { MemoryRecorder } from '../../../models/recorder';
import { Simulation } from '../../../models/simulation';
import type { ResolvedScenario } from '../../../scenarios/types';
import { behavior, pod, run, scenario, service, traffic } from '../../support/build';

/** Runs `s` to each time in turn (seconds, increasing) and reads `read` there, as the HPA reads at its syncs. */
function readAt<T>(s: ResolvedScenario, times: readonly number[], read: (sim: Simulation, now: Micros) => T): T[] {
  const sim = new Simulation(s, new MemoryRecorder());
  return times.map((t) => {
    sim.runUntil(seconds(t));
    return read(sim, seconds(t));
  });
}
const cpuOf = (sim: Simulation, now: Micros) => sim.metrics.metric('default', 'a', now)?.cpuMilli;

/** 0 rps until 30 s, then 10 rps (even: requests at 30.1, 30.2, …) of 20 ms each; the pod idles at 5m. */
function stepScenario(extra: Partial<ResolvedScenario> = {}): ResolvedScenario {
  return scenario({
    duration: seconds(120),
    pods: [pod('a', { app: 'web' })],
    behaviors: [behavior({ app: 'web' }, { resources: { cpuMilli: 5 } })],
    services: [service('web', { app: 'web' })],
    traffic: [traffic('t', 'web', 0, 20, { profile: { kind: 'piecewise', points: [{ at: ZERO, rps: 0 }, { at: seconds(30), rps: 10 }], interpolation: 'step' } })],
    ...extra,
  });
}

describe('CPU window averages (product-spec preset: 60 s window, 15 s resolution)', () => {
  test('no value before the pod has run a full window between two scrapes (first sample 15 s → first value 75 s)', () => {
    expect(readAt(stepScenario(), [0, 15, 30, 45, 60, 74.999999], cpuOf)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  test('the window average of a usage step is exact', () => {
    // Requests of 20 ms run alone (100 ms apart) at 1000m. Window (15, 75]: requests 30.1 … 74.9 (449) done, the
    // one sent at 75.0 not started: 449 × 0.02 core-s = 8.98 core-s; idle 5m × 60 s = 0.3 core-s. 9.28 × 10⁹ ns /
    // 60 s = 154,666,666 nanocores → 155m. (30, 90]: 599 requests → 11.98 + 0.3 → 204,666,666 → 205m.
    // (45, 105]: the request sent at 45.0 ran 45.00–45.02 inside the window: 600 requests, 12 + 0.3 → exactly 205m.
    expect(readAt(stepScenario(), [75, 90, 105, 120], cpuOf)).toEqual([155, 205, 205, 205]);
  });

  test('a value holds until the next scrape; it names the scrape time and the window', () => {
    const [m] = readAt(stepScenario(), [89], (sim, now) => sim.metrics.metric('default', 'a', now));
    expect(m).toEqual({ cpuMilli: 155, memoryBytes: 0, timestamp: seconds(75), window: seconds(60) });
  });

  test('requests_per_second and in_flight per pod, requests_per_second per Service (milli-units)', () => {
    // A scrape at s runs before the request sent at s (both TRAFFIC; the scrape was scheduled first). So at 75 s:
    // requests 30.1 … 74.9 = 449 → ⌊449 × 10⁹ / 60·10⁶⌋ = 7483m; at 105 s: 45.0 … 104.9 = 600 → 10000m exactly.
    // None at 60 s (no scrape 60 s earlier).
    const rps = readAt(stepScenario(), [60, 75, 105], (sim, now) => sim.metrics.podMetric('default', 'a', 'requests_per_second', now));
    expect(rps).toEqual([undefined, { value: 7483, timestamp: seconds(75), window: seconds(60) }, { value: 10_000, timestamp: seconds(105), window: seconds(60) }]);
    // The Service received the same requests (and nothing before 30 s).
    expect(readAt(stepScenario(), [105], (sim, now) => sim.metrics.serviceMetric('default', 'web', 'requests_per_second', now)?.value)).toEqual([10_000]);
    // The scrape at 105 s runs before the request of that instant (both TRAFFIC; the scrape was scheduled first),
    // and the one before finished at 104.92 s: nothing in flight. At 105.01 s the next scrape has not come yet.
    expect(readAt(stepScenario(), [105, 105.01], (sim, now) => sim.metrics.podMetric('default', 'a', 'in_flight', now)?.value)).toEqual([0, 0]);
  });
});

describe('metrics-server preset (15 s window)', () => {
  test('values from 30 s on, each the average over the last 15 s', () => {
    // Windows (15, 30] (idle only: 5m), (30, 45]: 149 requests (30.1 … 44.9) → 2.98 + 0.075 core-s over 15 s =
    // 203,666,666 nanocores → 204m; (45, 60]: 150 → 3.075 / 15 = 205m exactly.
    const s = stepScenario({ metrics: { preset: 'metrics-server', window: seconds(15), resolution: seconds(15), freshContainerMinResolution: seconds(10) } });
    expect(readAt(s, [15, 30, 45, 60], cpuOf)).toEqual([undefined, 5, 204, 205]);
  });
});

describe('restarts', () => {
  test('a restart inside the window leaves the pod without a value until it has run a full window again', () => {
    // The container is killed at 50 s and restarts at once (start takes 0 s): its counter starts over at 50 s.
    // Scrapes of the new instance: 60, 75, …; the first value needs the one 60 s before it: at 120 s.
    const s = stepScenario({
      duration: seconds(150),
      timeline: [{ at: seconds(50), action: 'killContainer', pods: { namespace: 'default', name: 'a' }, exitCode: 137, reason: 'Error', source: { file: 't', line: 1 } }],
    });
    expect(readAt(s, [45, 60, 75, 105, 119, 120], cpuOf)).toEqual([undefined, undefined, undefined, undefined, undefined, 205]);
  });
});

test('pod_metrics.csv shows the interval average, the request, and the metric the HPA would read', () => {
  const s = stepScenario();
  const { rec } = run(s);
  const at = (t: number) => rec.podMetricRows.find((r) => r.time === seconds(t))!;
  // Interval (80, 90]: 100 requests × 20 ms + 5m idle = 205m; no request (the builder's container has none).
  expect([at(90).cpuUsageMilli, at(90).cpuRequestMilli, at(90).cpuUtilizationPct, at(90).metricsServerCpuMilli]).toEqual([205, 0, undefined, 205]);
  // Interval (0, 10] (the pod's first row covers its life so far): idle only.
  expect(at(10).cpuUsageMilli).toBe(5);
});

describe('the allocation-free reads (cpuMilliOf for pod_metrics.csv, podSample for the HPA)', () => {
  test('give what metricOf and podMetric give at every scrape and in between, through a restart and the fresh-container rule', () => {
    // metrics-server preset, the container killed at 50 s and restarted at once: the scrape at 60 s sees an instance
    // 10 s old (≥ freshContainerMinResolution 10 s, < window 15 s), so its value is averaged from the start (the fresh
    // rule), then from 75 s over the 15 s window again. Values computed by podMetricAt/podMetric are the reference.
    const s = stepScenario({
      duration: seconds(150),
      metrics: { preset: 'metrics-server', window: seconds(15), resolution: seconds(15), freshContainerMinResolution: seconds(10) },
      timeline: [{ at: seconds(50), action: 'killContainer', pods: { namespace: 'default', name: 'a' }, exitCode: 137, reason: 'Error', source: { file: 't', line: 1 } }],
    });
    const times = [0, 10, 15, 29, 30, 45, 50, 59, 60, 61, 75, 90, 120, 135, 150];
    const seen = readAt(s, times, (sim, now) => {
      const p = sim.ctx.store.getPod('default', 'a')!;
      const reference = sim.metrics.metricOf(p, now);
      const sample = sim.metrics.podSample(p, now);
      const rps = sim.metrics.podMetric('default', 'a', 'requests_per_second', now)?.value;
      const inFlight = sim.metrics.podMetric('default', 'a', 'in_flight', now)?.value;
      expect(sim.metrics.cpuMilliOf(p, now)).toBe(reference?.cpuMilli);
      expect(sample === undefined ? undefined : { ...sample.resource }).toEqual(reference);
      if (sample !== undefined) expect([sample.requestsPerSecond, sample.inFlight]).toEqual([rps, inFlight]);
      return reference?.cpuMilli;
    });
    // Not vacuous: values at 30 s (idle 5m), 45 s and 60 s — the fresh rule over (50, 60]: requests 50.0 … 59.9
    // restart with the container, 100 × 20 ms + 5m × 10 s = 2.05 core-s / 10 s = 205m — and again from 75 s.
    expect(seen).toEqual([undefined, undefined, undefined, undefined, 5, 204, 204, 204, 205, 205, 205, 205, 205, 205, 205]);
  });
});
