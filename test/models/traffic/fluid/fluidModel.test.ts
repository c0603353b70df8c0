/**
 * Fluid mode end to end on small scenarios whose figures follow by hand: equal shares, the pods' CPU through the
 * metrics pipeline, services.csv counts, the fluid backlog of an overloaded pod, rejections of a bounded one, and
 * failures when a pod goes.
 */
import { load } from '../../../scenarios/helpers';
import { run } from '../../../support/build';
import { seconds } from '../../../../engine/time';

/** One 4-core node, Deployment `web` (500m request, 1-core limit), its Service and a fluid Traffic. */
function scenario(o: { replicas: number; rps: number; lb?: string; arrivals?: string; timeout?: string; serving?: string; timeline?: string }): string {
  return `apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: s}
spec:
  duration: 5m
  sampleInterval: 1m
  kubelet: {imagePull: 0s, containerStart: 1s}
  nodePools:
    - {namePrefix: node, count: 1, cpu: "4", memory: 16Gi}
${o.timeline ?? ''}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${o.replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: app
          image: web
          resources: {requests: {cpu: 500m}, limits: {cpu: "1"}}
---
apiVersion: v1
kind: Service
metadata: {name: web${o.lb ? `, annotations: {k8sim.io/load-balancing: ${o.lb}}` : ''}}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: k8sim/v1alpha1
kind: Traffic
metadata: {name: t}
spec:
  service: web
  mode: fluid
  profile: {constant: ${o.rps}}
  arrivals: ${o.arrivals ?? 'even'}
  request: {cpu: 20ms${o.timeout ? `, timeout: ${o.timeout}` : ''}}
${o.serving ?? ''}`;
}

test('even arrivals, round-robin over 2 pods: each pod 25 rps × 20 ms = 500m, latency exactly 20 ms, counts exact', () => {
  const { rec, sim } = run(load(scenario({ replicas: 2, rps: 50 })));
  // Pods start at 1 s (containerStart) and are Ready at once; the endpoints reach kube-proxy 1 s later (2 s).
  const minute4 = rec.podMetricRows.filter((r) => r.time === seconds(240));
  expect(minute4.map((r) => r.cpuUsageMilli)).toEqual([500, 500]);
  expect(minute4.map((r) => r.cpuUtilizationPct)).toEqual([100, 100]);
  // metrics.k8s.io: the same 500m over the 60 s window (exact: 25 × 0.02 s × 60 s = 30 CPU-s in 60 s).
  expect(minute4.map((r) => r.metricsServerCpuMilli)).toEqual([500, 500]);
  const s4 = rec.services.find((r) => r.time === seconds(240))!;
  // 50 rps × 60 s = 3000 arrivals, all served; c²ₐ = 0 and fixed work: no queueing, every latency is 20 ms.
  expect([s4.arrivals, s4.completed, s4.timeout, s4.rejected, s4.noEndpoints, s4.failed]).toEqual([3000, 3000, 0, 0, 0, 0]);
  expect([s4.p50, s4.p99, s4.max]).toEqual([20_000, 20_000, 20_000]);
  // The endpoints reach kube-proxy at 2 s (CONTROLLER priority), after the step [2 s, 3 s) opened (KUBELET
  // priority): the 150 requests of the first 3 steps are 503s.
  const svc = sim.services.list[0].stats.totals;
  expect(svc.no_endpoints).toBe(150);
  expect(svc.arrivals).toBe(50 * 300);
  expect(svc.success).toBe(50 * 297);
  // Requests routed per pod, as the custom metric reads them: 25 rps.
  // (The API answers for the present: read at the end of the run.)
  expect(sim.metrics.podMetric('default', minute4[0].pod, 'requests_per_second', seconds(300))?.value).toBe(25_000);
});

test('random balancing with Poisson arrivals: M/G/1-PS per pod, T = S/(1 − ρ) = 20 ms / 0.5 = 40 ms', () => {
  // 2 pods, 25 rps each (50 in all): ρ = 25 × 0.02 = 0.5 per pod. The queue is solved at the expected rate (the
  // Poisson step counts only move the counts and the CPU), so the mean is 40 ms up to the float sums.
  const { sim } = run(load(scenario({ replicas: 2, rps: 50, lb: 'Random', arrivals: 'poisson' })));
  const st = sim.services.list[0].stats;
  // The successes' total latency is booked per step as the model's mean × the step's whole successes.
  expect(st.latencySum / st.totals.success / 1e6).toBeCloseTo(0.04, 6);
});

test('overload: one pod at 100 rps of 20 ms (2 cores) on a 1-core limit works flat out and builds a backlog of 50/s', () => {
  const { rec } = run(load(scenario({ replicas: 1, rps: 100, timeout: '1s' })));
  const at = (t: number) => rec.podMetricRows.find((r) => r.time === seconds(t))!;
  // CPU flat out at the 1-core limit once load arrives (2 s).
  expect(at(120).cpuUsageMilli).toBe(1000);
  // Backlog B(t) = 50·(t − 2): at 120 s the step [119, 120) had B from 5850 to 5900: mean 5875 in flight.
  expect(at(120).inFlight).toBe(5875);
  // 50 completions per second; a backlog is worked off at a steady pace, each request waiting ≈ B/φ_max ≫ 1 s: all
  // time out (the pod still spends the CPU).
  const s = rec.services.find((r) => r.time === seconds(120))!;
  expect([s.arrivals, s.completed, s.timeout]).toEqual([6000, 0, 3000]);
});

/** A Behavior serving one request at a time in the pod (processor sharing with an in-flight limit of 1). */
const BOUNDED_SERVING = `---
apiVersion: k8sim/v1alpha1
kind: Behavior
metadata: {name: b}
spec:
  selector: {matchLabels: {app: web}}
  serving: {discipline: ProcessorSharing, concurrency: 1}`;

test('a bounded pod rejects instead: PS with an in-flight limit of 1 at ρ = 2/3 is M/M/1/1, blocking ρ/(1 + ρ)', () => {
  // λ = 100/3 rps at one pod, S = 20 ms: a = 2/3; Erlang B(1, a) = a/(1 + a) = 0.4. Per minute: 2000 arrivals,
  // 800 rejected, 1200 served.
  const serving = BOUNDED_SERVING;
  const { rec } = run(load(scenario({ replicas: 1, rps: 100 / 3, serving })));
  const s = rec.services.find((r) => r.time === seconds(240))!;
  expect([s.arrivals, s.rejected, s.completed]).toEqual([2000, 800, 1200]);
  // Alone in the pod, every admitted request takes exactly its 20 ms.
  expect(s.p99).toBe(20_000);
});

test('a deleted pod fails its requests in flight, and the load moves to the rest', () => {
  const timeline = `  timeline:\n    - {at: 150s, action: scale, target: {kind: Deployment, name: web}, replicas: 1}`;
  const { rec, sim } = run(load(scenario({ replicas: 2, rps: 50, lb: 'Random', arrivals: 'even', timeline })));
  // After the scale-down the remaining pod takes all 50 rps: 1000m, its limit (ρ = 1 with a fixed step: flat out).
  const last = rec.podMetricRows.filter((r) => r.time === seconds(300));
  expect(last.length).toBe(1);
  expect(last[0].cpuUsageMilli).toBeGreaterThan(990);
  const totals = sim.services.list[0].stats.totals;
  expect(totals.arrivals).toBe(50 * 300);
  // The going pod's share (25 rps) fails from its SIGTERM until kube-proxy drops it (one sync delay, 1 s, and the
  // step boundaries around it): at least one step's share, at most three.
  expect(totals.failed).toBeGreaterThanOrEqual(25);
  expect(totals.failed).toBeLessThanOrEqual(75);
});

test('three fluid Traffic on one Service share the pod as one rate: the M/M/1/1 figures of their sum', () => {
  // The bounded pod above with its 100/3 rps split over three Traffic (50/3 + 10 + 20/3 rps, all 20 ms, even): the
  // pod sees one rate λ = 100/3, a = 2/3, blocking a/(1 + a) = 0.4, so the Service's minute is the same 2000
  // arrivals, 800 rejected, 1200 served. (Their rates reach the pod as a first contribution and two more.)
  const more = (name: string, rps: string) => `---
apiVersion: k8sim/v1alpha1
kind: Traffic
metadata: {name: ${name}}
spec:
  service: web
  mode: fluid
  profile: {constant: ${rps}}
  arrivals: even
  request: {cpu: 20ms}`;
  const serving = `${BOUNDED_SERVING}
${more('t2', '10')}
${more('t3', String(20 / 3))}`;
  const { rec } = run(load(scenario({ replicas: 1, rps: 50 / 3, serving })));
  const s = rec.services.find((r) => r.time === seconds(240))!;
  expect([s.arrivals, s.rejected, s.completed]).toEqual([2000, 800, 1200]);
  expect(s.p99).toBe(20_000);
});
