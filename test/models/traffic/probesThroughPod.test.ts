/**
 * Issue #12: kubelet probes through the pod (a request in its FIFO queue or CPU share, costing probes.cpu, failing
 * at tick + timeoutSeconds), idle CPU that competes with request work, and requests.csv's time split.
 * Given (unless stated): one 4-CPU node, image pulls and container starts of 0 s, kube-proxy sync 1 s, evenly
 * spaced arrivals (arrival k of a step at rate r from t0 is at t0 + k/r), a request's CPU written as time of one
 * full core (100 ms = 10⁸ millicore-µs), the default probe cost 0.5 ms of one core.
 */
import { milliseconds, seconds, toSeconds, type Micros } from '../../../engine/time';
import type { ProbeStep, ResolvedBehavior } from '../../../models/behaviors';
import type { ResolvedProbe } from '../../../models/cluster/spec';
import type { ResolvedTraffic } from '../../../models/traffic/spec';
import { MemoryRecorder } from '../../../models/recorder';
import { Simulation } from '../../../models/simulation';
import { behavior, container, pod, podSpec, probe, run, scenario, service, traffic } from '../../support/build';

const FIFO1: ResolvedBehavior['serving'] = { discipline: 'FIFO', concurrency: 1, queueLimit: Infinity, perRequestMilli: 1000 };
const steps = (...p: [number, number][]): ResolvedTraffic['profile'] => ({ kind: 'piecewise', interpolation: 'step', points: p.map(([at, rps]) => ({ at: seconds(at), rps })) });
const web = (c = container('app')) => pod('a', { app: 'web' }, podSpec({ containers: [c] }));
const times = (rows: readonly { time: Micros }[]) => rows.map((r) => toSeconds(r.time));

describe('a readiness probe waits behind a FIFO backlog', () => {
  // One slot, unbounded queue, 100 ms requests at 1000m. Readiness ticks at 0, 10, 20 s (period 10 s from the pod's
  // admission at 0), failureThreshold 1. The probe at 0 is served alone: 0.5 ms → Ready at 0.0005 s, in the load
  // balancer at 1.0005 s. Then 11 requests at 1000 rps from 9.9 s: arrivals at 9.901, 9.902, …, 9.911 s; request k
  // (1-based) is served from 9.901 + 0.1·(k−1) to 9.901 + 0.1·k. At the tick at 10 s request 1 is in service
  // (until 10.001) and 10 are queued: the probe enters service at 10.001 + 10 × 0.1 = 11.001 and completes 0.5 ms
  // later, at 11.0015: 1.0015 s after its tick.
  const backlog = (timeout: number, handler: ResolvedProbe['handler'] = 'httpGet', readiness?: ProbeStep[]) => {
    const s = scenario({
      duration: seconds(25),
      pods: [web(container('app', { readinessProbe: probe({ handler, period: seconds(10), timeout: seconds(timeout), failureThreshold: 1 }) }))],
      behaviors: [behavior({ app: 'web' }, { serving: FIFO1, ...(readiness ? { probes: { readiness } } : {}) })],
      services: [service('web', { app: 'web' })],
      traffic: [traffic('t', 'web', 0, 100, { profile: steps([0, 0], [9.9, 1000], [9.9115, 0]) })],
    });
    const rec = new MemoryRecorder();
    const sim = new Simulation(s, rec, { traceRequestsEvery: 1 });
    // The prober's recorded results, with their instants (a success of a Ready pod changes nothing visible).
    const results: [number, string][] = [];
    const prober = sim.kubelets.prober as unknown as { record: (w: unknown, result: string, output: string) => void };
    const record = prober.record.bind(prober);
    prober.record = (w, result, output) => {
      results.push([toSeconds(sim.ctx.clock.now), result]);
      record(w, result, output);
    };
    sim.runUntil(s.duration);
    return { rec, sim, results };
  };

  test('timeoutSeconds 1: the probe fails at tick + 1 s = 11 s; the pod leaves and is Ready again at the next tick', () => {
    const { rec, results } = backlog(1);
    // Ticks 0 and 20 find an idle pod (the backlog is gone by 11.0015): served in 0.5 ms.
    expect(results).toEqual([
      [0.0005, 'Success'],
      [11, 'Failure'],
      [20.0005, 'Success'],
    ]);
    expect(rec.pods.filter((r) => r.pod === 'a' && r.time > 0 && r.container === '').map((r) => [toSeconds(r.time), r.ready])).toEqual([
      [0.0005, true],
      [11, false],
      [20.0005, true],
    ]);
    const unhealthy = rec.events.filter((e) => e.reason === 'Unhealthy');
    expect(times(unhealthy)).toEqual([11]);
    expect(unhealthy[0].message).toBe('Readiness probe failed: Get "http://:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)');
  });

  test('timeoutSeconds 3: the probe passes at 11.0015 s, 1.0015 s after its tick', () => {
    const { rec, results } = backlog(3);
    expect(results).toEqual([
      [0.0005, 'Success'],
      [11.0015, 'Success'],
      [20.0005, 'Success'],
    ]);
    expect(rec.events.filter((e) => e.reason === 'Unhealthy')).toEqual([]);
  });

  test('an exec probe does not wait for the slot: it shares the CPU at once and passes at 10.0005 s', () => {
    // The exec process runs beside request 1 (no CPU limit on a 4-CPU node: 1000m each): 0.5 ms.
    const { results } = backlog(1, 'exec');
    expect(results).toEqual([
      [0.0005, 'Success'],
      [10.0005, 'Success'],
      [20.0005, 'Success'],
    ]);
  });

  test('a scripted step still wins: success from 5 s means no probe goes through the pod', () => {
    const { results, rec } = backlog(1, 'httpGet', [{ from: seconds(5), result: 'success' }]);
    expect(results).toEqual([
      [0.0005, 'Success'],
      [10, 'Success'],
    ]);
    // (a steady scripted success sleeps until the next step: there is none, so the tick at 20 s is not even run)
    expect(rec.events.filter((e) => e.reason === 'Unhealthy')).toEqual([]);
  });

  test('probes are not client requests; requests.csv splits each latency into wait and service', () => {
    const { rec, sim } = backlog(3);
    // Only the 11 requests: no probe in requests.csv or in the Service's counts.
    expect(rec.requests.map((r) => r.outcome)).toEqual(Array(11).fill('success'));
    expect(sim.services.list[0].stats.arrivalsTotal).toBe(11);
    // Request k: sent at 9.9 + k/1000, service starts at 9.901 + 0.1·(k−1): wait = 99·(k−1) ms, service 100 ms.
    expect(rec.requests.map((r) => toSeconds(r.sent))).toEqual(Array.from({ length: 11 }, (_, i) => 9.901 + i / 1000).map((x) => Math.round(x * 1e6) / 1e6));
    expect(rec.requests.map((r) => r.wait)).toEqual(Array.from({ length: 11 }, (_, i) => milliseconds(99 * i)));
    expect(rec.requests.map((r) => r.serviceTime)).toEqual(Array(11).fill(milliseconds(100)));
    expect(rec.requests.every((r) => r.wait + r.serviceTime === r.latency)).toBe(true);
  });
});

describe('a probe under processor sharing, and a full queue', () => {
  // n requests at `rps` from 9.9 s: at 9.9 + k/rps, k = 1 … n.
  const one = (serving: ResolvedBehavior['serving'], rps: number, cpuMs: number, n: number) => {
    const s = scenario({
      duration: seconds(12),
      pods: [web(container('app', { limits: { cpuMilli: 1000, memoryBytes: 0 }, readinessProbe: probe({ period: seconds(10), failureThreshold: 1 }) }))],
      behaviors: [behavior({ app: 'web' }, { serving })],
      services: [service('web', { app: 'web' })],
      traffic: [traffic('t', 'web', 0, cpuMs, { profile: steps([0, 0], [9.9, rps], [9.9 + (n + 0.5) / rps, 0]) })],
    });
    const { rec } = run(s, s.duration, { traceRequestsEvery: 1 });
    return rec;
  };

  test('PS: the probe shares the CPU with the request in service; both slow down', () => {
    // A 1000m limit; one 200 ms request arrives at 9.95 s (20 rps from 9.9 s: the first arrival at 9.95). At the
    // tick at 10 s it has done 50 ms of work; then the probe and the request share 1000m, 500m each: the probe's
    // 0.5 ms takes 1 ms (Ready stays true: no row) and the request, 0.5 ms late, completes at 10.1505 s.
    const rec = one(undefined, 20, 200, 1);
    expect(rec.requests.map((r) => [toSeconds(r.time), r.wait, r.serviceTime])).toEqual([[10.1505, 0, milliseconds(200.5)]]);
    expect(rec.events.filter((e) => e.reason === 'Unhealthy')).toEqual([]);
  });

  test('FIFO with a full queue: the probe is refused at once (503) and fails at its tick', () => {
    // One slot, queueLimit 1: two 300 ms requests at 9.925 and 9.95 s (40 rps); at the tick at 10 s the first is in
    // service (until 10.225) and the second fills the queue: the probe is refused at once.
    const rec = one({ discipline: 'FIFO', concurrency: 1, queueLimit: 1, perRequestMilli: 1000 }, 40, 300, 2);
    expect(rec.requests.map((r) => toSeconds(r.sent))).toEqual([9.925, 9.95]);
    const unhealthy = rec.events.filter((e) => e.reason === 'Unhealthy');
    expect(times(unhealthy)).toEqual([10]);
    expect(unhealthy[0].message).toBe('Readiness probe failed: HTTP probe failed with statuscode: 503');
  });
});

describe('probe CPU counts as the pod usage', () => {
  // A readiness probe every 1 s on a pod some Traffic's Service selects (but that gets no request: rate 0). The
  // pod_metrics row at 20 s averages (10 s, 20 s]: the probes of ticks 10 … 19 s run there in full (0.5 ms each;
  // the probe at 20 s starts at the sample's instant): 10 × 0.5 ms / 10 s = 0.5m. exec probes cost the same.
  test.each(['httpGet', 'exec'] as const)('%s: 10 probes × 0.5 ms over 10 s = 0.5m', (handler) => {
    const p: ResolvedProbe = probe({ handler, target: handler === 'exec' ? 'true' : 'http://:8080/healthz', period: seconds(1) });
    const s = scenario({
      duration: seconds(20),
      sampleInterval: seconds(10),
      pods: [web(container('app', { readinessProbe: p }))],
      services: [service('web', { app: 'web' })],
      traffic: [traffic('t', 'web', 0, 100)],
    });
    const { rec } = run(s);
    expect(rec.podMetricRows.filter((r) => r.time === seconds(20)).map((r) => r.cpuUsageMilli)).toEqual([0.5]);
  });

  test('probes.default success (or no Traffic on the pod) keeps probes out of the pod: no CPU', () => {
    const p = probe({ period: seconds(1) });
    const base = { duration: seconds(20), sampleInterval: seconds(10), pods: [web(container('app', { readinessProbe: p }))], services: [service('web', { app: 'web' })] };
    const quiet = run(scenario({ ...base, behaviors: [behavior({ app: 'web' }, { probeDefault: 'success' })], traffic: [traffic('t', 'web', 0, 100)] }));
    expect(quiet.rec.podMetricRows.filter((r) => r.time === seconds(20)).map((r) => r.cpuUsageMilli)).toEqual([0]);
    // A Traffic on another Service: the pod serves nobody's traffic; its probes succeed at their tick, as before.
    const other = run(scenario({ ...base, services: [...base.services, service('api', { app: 'api' })], traffic: [traffic('t', 'api', 0, 100)] }));
    expect(other.rec.pods.filter((r) => r.ready).map((r) => toSeconds(r.time))).toEqual([0]);
    expect(other.rec.podMetricRows.filter((r) => r.time === seconds(20)).map((r) => r.cpuUsageMilli)).toEqual([0]);
  });
});

describe('idle CPU competes with request work (processor sharing)', () => {
  // One 100 ms request at 10 s (0.1 rps) into a pod with a 500m limit and idle CPU b. Water-filling of C = 500m
  // among the background (b) and one request (≤ 1000m):
  //   b = 100m: b·2 ≤ 500 → the background keeps 100m, the request gets 400m: 10⁸ / 400 = 250,000 µs;
  //   b = 300m: b·2 > 500 and 1000·2 > 500 → each gets ⌊500/2⌋ = 250m: 400,000 µs (the background is 50m short);
  //   cpuCompetes false: the request gets the whole 500m: 200,000 µs.
  // Usage over (10 s, 20 s] (pod_metrics at 20 s, every 10 s): the request's 100 ms of CPU plus the background:
  //   b = 100m: 100m × 10 s = 1 s → (0.1 + 1) / 10 = 110m;  b = 300m: 3 s − 50m × 0.4 s = 2.98 s → 308m;
  //   cpuCompetes false with b = 100m: 110m as well (the same CPU, only later in the request's case).
  const one = (b: number, competes = true) => {
    const s = scenario({
      duration: seconds(20),
      sampleInterval: seconds(10),
      pods: [web(container('app', { limits: { cpuMilli: 500, memoryBytes: 0 } }))],
      behaviors: [behavior({ app: 'web' }, { resources: { cpuMilli: b, ...(competes ? {} : { cpuCompetes: false }) } })],
      services: [service('web', { app: 'web' })],
      traffic: [traffic('t', 'web', 0.1, 100)],
    });
    const { rec } = run(s, s.duration, { traceRequestsEvery: 1 });
    return {
      latency: rec.requests.map((r) => [toSeconds(r.sent), r.latency]),
      usage: rec.podMetricRows.filter((r) => r.time === seconds(20)).map((r) => r.cpuUsageMilli),
    };
  };
  test.each([
    [100, true, 250_000, 110],
    [300, true, 400_000, 308],
    [100, false, 200_000, 110],
  ])('idle %im, competes %s: latency %i µs, usage %im', (b, competes, latency, usage) => {
    expect(one(b, competes)).toEqual({ latency: [[10, latency]], usage: [usage] });
  });
});

describe('overload makes readiness flap and liveness restart (a scenario)', () => {
  // One pod, one FIFO slot, 100 ms requests at 1000m: capacity 10 rps. 5 rps until 30 s, then 20 rps until 90 s.
  // Readiness every 5 s, liveness every 10 s (failureThreshold 2), both timeoutSeconds 1, ticks from 0.
  // Before 30 s requests never overlap (200 ms apart, 100 ms each) and every probe passes in 0.5 ms (or waits
  // < 100 ms behind one request). From 30 s the backlog grows by 10 requests (1 s of work) per second: at the tick at
  // 35 s about 5 s of work is queued, so the readiness probe fails at 36 s and the pod leaves (Ready false at 36).
  // Out of the load balancer from 37 s (sync 1 s) the queue drains, the pod is Ready again, rejoins, and the
  // backlog builds again: readiness flaps. Liveness probes wait behind the same backlog; two failures in a row
  // restart the container (Killing, then a new start), which fails the requests in flight.
  test('readiness goes false at 36 s, flaps, and liveness restarts the container', () => {
    const c = container('app', {
      readinessProbe: probe({ period: seconds(5), timeout: seconds(1), failureThreshold: 1 }),
      livenessProbe: probe({ period: seconds(10), timeout: seconds(1), failureThreshold: 2 }),
    });
    const s = scenario({
      duration: seconds(120),
      pods: [web(c)],
      behaviors: [behavior({ app: 'web' }, { serving: FIFO1 })],
      services: [service('web', { app: 'web' })],
      traffic: [traffic('t', 'web', 0, 100, { profile: steps([0, 5], [30, 20], [90, 0]) })],
    });
    const { rec, sim } = run(s, s.duration, { traceRequestsEvery: 1 });
    const ready = rec.pods.filter((r) => r.time > 0 && (r.container === '' || r.containerState === 'running')).map((r) => [toSeconds(r.time), r.ready]);
    // Ready at 0.001: the liveness and readiness probes of the tick at 0 share the one slot, 0.5 ms each.
    expect(ready[0]).toEqual([0.001, true]);
    const falls = ready.filter(([, r]) => r === false).map(([t]) => t);
    expect(falls[0]).toBe(36);
    // Back at the tick at 45 (the queue drained by about 44 s), then out again: it flaps.
    expect(ready[2]).toEqual([45.0005, true]);
    expect(new Set(falls).size).toBeGreaterThanOrEqual(3);
    // Liveness: the tick at 40 waits behind the ~4 s still queued → failure at 41; rejoined at 46, the backlog at
    // 50 is again ~4 s → failure at 51: the second in a row, so the kubelet kills the container at 51.
    const liveness = rec.events.filter((e) => e.reason === 'Unhealthy' && e.message.startsWith('Liveness'));
    expect(times(liveness).slice(0, 2)).toEqual([41, 51]);
    const kills = rec.events.filter((e) => e.reason === 'Killing');
    expect(times(kills)[0]).toBe(51);
    expect(kills[0].message).toBe('Container app failed liveness probe, will be restarted');
    expect(sim.summary().containerRestarts).toBeGreaterThanOrEqual(1);
    expect(rec.requests.some((r) => r.outcome === 'failed')).toBe(true);
  });
});
