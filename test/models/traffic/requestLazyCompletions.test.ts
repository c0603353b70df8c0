/**
 * Issue #13: in request mode, a request alone in its pod's server whose completion nothing reads before it happens
 * gets no completion event; the traffic model settles it at its own key at the first thing that looks
 * (TrafficModel.lazyRequest), and so does a request left alone by a completion event (lazyAfterCompletion). Hand
 * cases, then lazy against eager on random scenarios (fast-check).
 */
import fc from 'fast-check';
import { load } from '../../scenarios/helpers';
import { micros, seconds } from '../../../engine/time';
import type { Simulator } from '../../../engine/simulator';
import { Simulation } from '../../../models/simulation';
import { MemoryRecorder } from '../../../models/recorder';

interface Lazy {
  lazyCompletions: number;
  lazyFollowers: number;
}

/** One 4-core node, one pod of 1 core (limit), no probes; one open-loop Traffic of even arrivals at 0.1 rps, 5 s of CPU each. */
const HAND = `apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: s}
spec:
  duration: 30s
  sampleInterval: 5s
  kubelet: {imagePull: 0s, containerStart: 1s}
  nodePools:
    - {namePrefix: node, count: 1, cpu: "4", memory: 16Gi}
---
apiVersion: v1
kind: Pod
metadata: {name: p0, labels: {app: web}}
spec:
  containers:
    - name: app
      image: web
      resources: {requests: {cpu: 100m}, limits: {cpu: "1"}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: k8sim/v1alpha1
kind: Traffic
metadata: {name: t}
spec:
  service: web
  profile: {constant: 0.1}
  arrivals: even
  request: {cpu: 5s}
`;

/** Random request-mode scenarios for the lazy-against-eager checks below. */
const arb = fc.record({
  nodes: fc.integer({ min: 1, max: 2 }),
  nodeCpu: fc.constantFrom('1', '4'),
  replicas: fc.integer({ min: 1, max: 4 }),
  scaleAt: fc.integer({ min: 5, max: 50 }),
  scaleTo: fc.integer({ min: 0, max: 5 }),
  cpuLimit: fc.constantFrom(undefined, '300m', '1'),
  serving: fc.constantFrom('ps', 'ps3', 'fifo1', 'fifo2q'),
  idleCpu: fc.constantFrom(0, 50),
  probes: fc.boolean(),
  drain: fc.boolean(),
  // The cases that keep a request eager (closed loop, leak, traced) one run in four or so: most runs have lazy ones.
  closed: fc.constantFrom(false, false, false, true),
  rps: fc.constantFrom(2, 8, 30),
  workMs: fc.integer({ min: 1, max: 300 }),
  // Even arrivals and fixed work (one run in three): completions, arrivals and timeouts of the pods meet at the
  // same µs, so ties between events of the same instant and priority are ordered by their seqs.
  ties: fc.constantFrom(false, false, true),
  timeoutMs: fc.constantFrom(undefined, 100, 400, 2000),
  retry: fc.boolean(),
  affinity: fc.boolean(),
  oom: fc.boolean(),
  leak: fc.constantFrom(false, false, false, true),
  trace: fc.constantFrom(0, 0, 0, 1, 3),
  sample: fc.constantFrom('3s', '5s'),
  seed: fc.integer({ min: 1, max: 1000 }),
});
type G = typeof arb extends fc.Arbitrary<infer T> ? T : never;
const yaml = (g: G): string => {
  const serving = { ps: '{discipline: ProcessorSharing}', ps3: '{discipline: ProcessorSharing, concurrency: 3}', fifo1: '{discipline: FIFO, concurrency: 1}', fifo2q: '{discipline: FIFO, concurrency: 2, queueLimit: 3}' }[g.serving];
  const limits = [g.cpuLimit !== undefined ? `cpu: "${g.cpuLimit}"` : '', g.oom ? 'memory: 12Mi' : ''].filter((x) => x !== '').join(', ');
  const probes = g.probes
    ? `
          readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 3}
          livenessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 4, timeoutSeconds: 1, failureThreshold: 2}`
    : '';
  const clients = g.closed ? `clients: {count: 6, thinkTime: {exponential: {mean: 300ms}}}` : `clients: {count: 20}\n  profile: {constant: ${g.rps}}${g.ties ? '\n  arrivals: even' : ''}`;
  const request = `{cpu: ${g.ties ? `${g.workMs}ms` : `{exponential: {mean: ${g.workMs}ms}}`}, memory: 1Mi${g.timeoutMs !== undefined ? `, timeout: ${g.timeoutMs}ms` : ''}}`;
  const retry = g.retry ? `\n  retry: {attempts: 3, on: [timeout, rejected, failed, no_endpoints], backoff: {initial: 50ms, max: 500ms, multiplier: 2, jitter: 1}}` : '';
  return `apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: s}
spec:
  seed: ${g.seed}
  duration: 60s
  sampleInterval: ${g.sample}
  kubelet: {imagePull: 0s, containerStart: 1s}
  nodePools:
    - {namePrefix: node, count: ${g.nodes}, cpu: "${g.nodeCpu}", memory: 16Gi}
  timeline:
    - {at: ${g.scaleAt}s, action: scale, target: deployment/web, replicas: ${g.scaleTo}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${g.replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: app
          image: web
          resources: {requests: {cpu: 100m}${limits !== '' ? `, limits: {${limits}}` : ''}}${probes}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]${g.affinity ? '\n  sessionAffinity: ClientIP' : ''}
---
apiVersion: k8sim/v1alpha1
kind: Behavior
metadata: {name: b}
spec:
  selector: {}
  serving: ${serving}
  resources: {cpu: ${g.idleCpu}m, memory: 8Mi${g.leak ? ', memoryLeak: {amount: 1Mi, per: 10s}' : ''}}${g.drain ? '\n  onSigterm: {action: exit, after: 1s, drain: true}' : ''}
---
apiVersion: k8sim/v1alpha1
kind: Traffic
metadata: {name: t}
spec:
  service: web
  ${clients}
  request: ${request}${retry}
`;
};

describe('request mode: lazy lone request completions', () => {
  test('a lone request settled by the sampler at its completion time: latency 5 s, 5e9 mcµs, one event fewer', () => {
    // Even arrivals at 0.1 rps: the k-th at k / 0.1 = 10 k s, so the first at 10 s (the pod started at 1 s, in the
    // Service since). Alone on its 1-core limit it gets 1000m: 5 s of one core's CPU is done at 10 + 5 = 15 s,
    // using 1000 m × 5,000,000 µs = 5e9 mcµs. Its completion has no event; the samplers at 15 s (SAMPLE, after
    // TRAFFIC at the same instant) are the first to look and settle it at its own time.
    const rec = new MemoryRecorder();
    const lazy = new Simulation(load(HAND), rec);
    const traffic = lazy.traffic as unknown as Lazy;
    lazy.runUntil(seconds(14));
    expect(traffic.lazyCompletions).toBe(0);
    lazy.runUntil(seconds(15));
    expect(traffic.lazyCompletions).toBe(1);
    const row = rec.services.find((r) => r.time === seconds(15))!;
    // The histogram's bucket of 5 s holds 5,000,000 µs within 0.1 %; the percentiles are capped at the exact max.
    expect([row.completed, row.p50, row.p99, row.max]).toEqual([1, seconds(5), seconds(5), seconds(5)]);
    const u = [...lazy.traffic.pods.values()][0]!;
    expect(u.inFlight).toBe(0);
    expect(u.totalUsage(lazy.now)).toBe(5e9);
    // The eager run: the same rows, one completion event more (the one request of [0, 15 s]).
    const eagerRec = new MemoryRecorder();
    const eager = new Simulation(load(HAND), eagerRec, { lazyCompletions: false });
    eager.runUntil(seconds(15));
    expect(eagerRec.services).toEqual(rec.services);
    expect((eager.ctx.clock as Simulator).eventsProcessed - (lazy.ctx.clock as Simulator).eventsProcessed).toBe(1);
  });

  test('a request left alone by a completion event: its completion reserved there, settled by the next arrival (hand case)', () => {
    // Two Traffics of even arrivals on the one-core pod: A at 0.1 rps (10, 20 s; 6 s of CPU each), B at 1/15 rps
    // (15 s; 3 s of CPU), 29 s. A1 alone from 10 s (1000m) is lazy, due at 16 s; B1 at 15 s finds it 1 s short of
    // done: A1's completion gets its event, and the two share 1000m (500m each), so A1 ends at 15 + 1 / 0.5 = 17 s
    // (latency 7 s). That event leaves B1 alone with 3 − 1 = 2 s of CPU: done at 19 s (latency 4 s), reserved in the
    // event (lazyAfterCompletion), settled by A2's arrival at 20 s. A2, alone, ends at 26 s: a lone lazy one, settled
    // by the summary. CPU by 20 s: 6 + 3 core-s = 9e9 mcµs. The eager run has the events at 17, 19 and 26 s; the lazy
    // run only the one at 17 s.
    const twoTraffics = (HAND.replace('duration: 30s', 'duration: 29s').replace(/---\napiVersion: k8sim\/v1alpha1\nkind: Traffic[\s\S]*$/, '') +
      `---
apiVersion: k8sim/v1alpha1
kind: Traffic
metadata: {name: a}
spec:
  service: web
  profile: {constant: 0.1}
  arrivals: even
  request: {cpu: 6s}
---
apiVersion: k8sim/v1alpha1
kind: Traffic
metadata: {name: b}
spec:
  service: web
  profile: {constant: 0.0666666666666667}
  arrivals: even
  request: {cpu: 3s}
`);
    const rec = new MemoryRecorder();
    const lazy = new Simulation(load(twoTraffics), rec);
    const traffic = lazy.traffic as unknown as Lazy;
    lazy.runUntil(seconds(19));
    expect([traffic.lazyCompletions, traffic.lazyFollowers]).toEqual([0, 1]);
    lazy.runUntil(seconds(20));
    expect([traffic.lazyCompletions, traffic.lazyFollowers]).toEqual([1, 1]);
    const row = rec.services.find((r) => r.time === seconds(20))!;
    expect([row.completed, row.max]).toEqual([2, seconds(7)]);
    const u = [...lazy.traffic.pods.values()][0]!;
    expect(u.inFlight).toBe(1);
    expect(u.totalUsage(lazy.now)).toBe(9e9);
    lazy.runUntil(seconds(29));
    const stats = lazy.services.list[0].stats;
    expect(stats.latencySum).toBe(seconds(7) + seconds(4) + seconds(6));
    expect(traffic.lazyCompletions).toBe(2);
    const eagerRec = new MemoryRecorder();
    const eager = new Simulation(load(twoTraffics), eagerRec, { lazyCompletions: false });
    eager.runUntil(seconds(29));
    expect(eager.services.list[0].stats.latencySum).toBe(stats.latencySum);
    expect(eagerRec.services).toEqual(rec.services);
    expect((eager.ctx.clock as Simulator).eventsProcessed - (lazy.ctx.clock as Simulator).eventsProcessed).toBe(2);
  });

  test('lazy on and off give the same run: random pods, nodes, servers, clients, timeouts, retries, OOM, traces, scaling (fast-check)', () => {
    // Every record (requests.csv rows included when traced), the summary's request counts and every latency figure
    // are equal; the lazy run handles exactly lazyCompletions events fewer.
    const run = (g: G, lazyCompletions: boolean) => {
      const s = load(yaml(g));
      const rec = new MemoryRecorder();
      const sim = new Simulation(s, rec, { lazyCompletions, traceRequestsEvery: g.trace });
      // A look between two samples (the summary's counts, as a rollout's row reads them) settles what has run by then.
      sim.runUntil(micros(43_500_000));
      const mid = JSON.stringify(sim.summary().requests);
      sim.runUntil(s.duration);
      const { kubectlLines: _k, ...records } = rec as unknown as Record<string, unknown>;
      const stats = sim.services.list[0].stats;
      return {
        records: JSON.stringify(records),
        requests: mid + JSON.stringify(sim.summary().requests),
        latencySum: stats.latencySum,
        handled: (sim.ctx.clock as Simulator).eventsProcessed,
        lazy: (sim.traffic as unknown as Lazy).lazyCompletions,
        followers: (sim.traffic as unknown as Lazy).lazyFollowers,
      };
    };
    let lazyTotal = 0;
    let lazyRuns = 0;
    let followersTotal = 0;
    let followerRuns = 0;
    fc.assert(
      fc.property(arb, (g) => {
        const on = run(g, true);
        const off = run(g, false);
        expect(off.lazy).toBe(0);
        expect(on.records).toEqual(off.records);
        expect(on.requests).toEqual(off.requests);
        expect(on.latencySum).toBe(off.latencySum);
        expect(off.handled - on.handled).toBe(on.lazy);
        lazyTotal += on.lazy;
        if (on.lazy > 0) lazyRuns++;
        followersTotal += on.followers;
        if (on.followers > 0) followerRuns++;
      }),
      { numRuns: 60 },
    );
    // Not vacuous: of 60 runs of a minute, most open-loop, untraced, without a leak, many leave lone requests lazy
    // (measured: 18–27 runs, 4,000–7,000 lazy completions; with the tie runs, 21–24 runs, 2,350–4,230).
    expect(lazyTotal).toBeGreaterThan(1000);
    expect(lazyRuns).toBeGreaterThanOrEqual(8);
    // Nor is the case of a request left alone by a completion event (lazyAfterCompletion; measured in three sets of
    // 60 runs: 211–324 such reservations in 15–16 runs).
    expect(followersTotal).toBeGreaterThan(100);
    expect(followerRuns).toBeGreaterThanOrEqual(6);
  });

  test('lazy on and off handle the same events at the same keys, the lazy completions left out (fast-check)', () => {
    // Stricter than the records (a tie at one µs and priority is rarely visible in them): with runsNext and
    // runsNextReserved answering no (always a legal answer), every event goes through the queue and both runs take
    // the same seqs, so each event handled has the same (type, time, order) key in both. A lazy completion touched
    // before its time must get its event in its reserved place if its time stays (LazyCompletions.detach, attach),
    // else a new seq at the new time, exactly as the eager run's postpone gives it.
    type Key = { type: number; time: number; order: number };
    const run = (g: G, lazyCompletions: boolean) => {
      const sim = new Simulation(load(yaml(g)), new MemoryRecorder(), { lazyCompletions, traceRequestsEvery: g.trace });
      const clock = sim.ctx.clock as Simulator;
      const inner = clock as unknown as { handlers: ((arg: unknown) => void)[]; order: number; runsNext: () => boolean; runsNextReserved: () => boolean };
      inner.runsNext = () => false;
      inner.runsNextReserved = () => false;
      const keys: Key[] = [];
      inner.handlers = inner.handlers.map((h, type) => (arg: unknown) => {
        keys.push({ type, time: clock.now, order: inner.order });
        h(arg);
      });
      sim.runUntil(micros(60_000_000));
      return { keys, lazy: (sim.traffic as unknown as Lazy).lazyCompletions, completion: (inner as unknown as { byName: Map<string, number> }).byName.get('traffic/completion')! };
    };
    let touched = 0;
    fc.assert(
      fc.property(arb, (g) => {
        const on = run(g, true);
        const off = run(g, false);
        // The lazy run's keys are the eager run's, less `lazy` completion events.
        const lazyKeys = new Set(on.keys.map((k) => `${k.type}@${k.time}#${k.order}`));
        const left = off.keys.filter((k) => !lazyKeys.has(`${k.type}@${k.time}#${k.order}`));
        expect(left.length).toBe(on.lazy);
        expect(left.every((k) => k.type === off.completion)).toBe(true);
        expect(on.keys.length).toBe(off.keys.length - on.lazy);
        touched += on.keys.filter((k) => k.type === on.completion).length;
      }),
      { numRuns: 40 },
    );
    expect(touched).toBeGreaterThan(1000);
  });
});
