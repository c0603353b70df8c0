/**
 * Pods serving requests, end to end: a CPU limit throttles (longer latency, never a kill), the memory limit
 * OOM-kills with 137 through CrashLoopBackOff (requests in flight, a leak, a baseline over the limit), FIFO queues
 * reject when full, client timeouts, failures in flight, and node CPU shared by cpu.shares under contention.
 * Given (unless stated): one 4-CPU node, pods Ready at t = 0, in the load balancer from 1 s; evenly spaced
 * arrivals at k/r s; a request's CPU is written as time of one full core (10 ms = 10⁷ millicore-µs).
 */
import { milliseconds, seconds, toSeconds, ZERO, type Micros } from '../../../engine/time';
import type { RequestRecord } from '../../../models/recorder';
import type { ResolvedBehavior } from '../../../models/behaviors';
import { behavior, container, node, pod, podSpec, run, scenario, service, traffic } from '../../support/build';

const MI = 2 ** 20;
const sent = (r: RequestRecord) => r.time - r.latency;
const web = (name: string, c = container('app'), labels: Record<string, string> = { app: 'web' }) => pod(name, labels, podSpec({ containers: [c] }));
const withLimits = (cpuMilli: number, memoryBytes: number) => container('app', { limits: { cpuMilli, memoryBytes } });
const resources = (r: ResolvedBehavior['resources'], extra: Partial<ResolvedBehavior> = {}) => behavior({ app: 'web' }, { resources: r, ...extra });
const timesOf = (rows: readonly { time: Micros }[]) => rows.map((r) => toSeconds(r.time));

describe('CPU limit', () => {
  test('throttles: a 10 ms request takes 40 ms at a 250m limit, 10 ms without; nobody is killed', () => {
    // Alone in the pod, a request gets min(limit, 1000m per request): 10⁷ mcµs / 250 = 40,000 µs; without a limit
    // the node's 4,000m caps the pod and the request's own 1000m applies: 10,000 µs. 2 rps never overlap.
    const lat = (c = container('app')) => {
      const { rec, sim } = run(scenario({ duration: seconds(30), pods: [web('a', c)], services: [service('web', { app: 'web' })], traffic: [traffic('t', 'web', 2, 10)] }), seconds(30), { traceRequestsEvery: 1 });
      return { latencies: new Set(rec.requests.filter((r) => r.outcome === 'success').map((r) => r.latency)), restarts: sim.summary().containerRestarts };
    };
    expect(lat(withLimits(250, 0))).toEqual({ latencies: new Set([40_000]), restarts: 0 });
    expect(lat()).toEqual({ latencies: new Set([10_000]), restarts: 0 });
  });

  test('a pod at its limit uses exactly the limit, however much is queued', () => {
    // 20 rps × 20 ms = 400m of demand on a 250m limit: the queue grows for ever, CPU use is 250m from the first
    // request on. pod_metrics rows every 10 s: the interval (20 s, 30 s] is all busy → 250.000 m, 100 % of a 250m request.
    const c = container('app', { requests: { cpuMilli: 250, memoryBytes: 0 }, limits: { cpuMilli: 250, memoryBytes: 0 } });
    const { rec, sim } = run(scenario({ duration: seconds(30), pods: [web('a', c)], services: [service('web', { app: 'web' })], traffic: [traffic('t', 'web', 20, 20)] }));
    const last = rec.podMetricRows.at(-1)!;
    expect([toSeconds(last.time), last.cpuUsageMilli, last.cpuRequestMilli, last.cpuUtilizationPct]).toEqual([30, 250, 250, 100]);
    expect(sim.summary().containerRestarts).toBe(0);
  });
});

describe('memory limit → OOMKilled, exit 137, CrashLoopBackOff', () => {
  test('requests in flight push memory over the limit', () => {
    // Baseline 64Mi, 10Mi per request in flight, limit 100Mi: the 4th request in flight makes 104Mi > 100Mi.
    // 5 rps of 1 s requests (processor sharing, 1000m each on a 4-CPU node: 1 s each). Routed from 1.2 s (1.0 s
    // comes before the load balancer's sync): in flight 1.2, 1.4, 1.6, 1.8 → OOM at 1.8 s; the first crash restarts
    // at once (running at 1.8 s), 2.0, 2.2, 2.4, 2.6 → OOM at 2.6 s; back-off 10 s → restart at 12.6 s, Ready, in the
    // load balancer at 13.6 s; 13.8 … 14.4 → OOM at 14.4 s; back-off 20 s → restart at 34.4 s, in the load
    // balancer at 35.4 s; 35.6 … 36.2 → OOM at 36.2 s; back-off 40 s (past the end).
    const s = scenario({
      duration: seconds(40),
      pods: [web('a', withLimits(0, 100 * MI))],
      behaviors: [resources({ memoryBytes: 64 * MI })],
      services: [service('web', { app: 'web' })],
      traffic: [traffic('t', 'web', 5, 1000, { memoryBytes: 10 * MI })],
    });
    const { rec, sim } = run(s, s.duration, { traceRequestsEvery: 1 });
    const ooms = rec.pods.filter((r) => r.reason === 'OOMKilled');
    expect(timesOf(ooms)).toEqual([1.8, 2.6, 14.4, 36.2]);
    expect(ooms.every((r) => r.exitCode === 137 && r.containerState === 'terminated')).toBe(true);
    expect(timesOf(rec.pods.filter((r) => r.containerState === 'running'))).toEqual([0, 1.8, 12.6, 34.4]);
    expect(rec.pods.filter((r) => r.reason === 'CrashLoopBackOff').map((r) => toSeconds(r.time))).toEqual([2.6, 14.4, 36.2]);
    expect(sim.summary().oomKills).toBe(4);
    // The 4 requests in flight at each kill fail at that instant.
    expect(timesOf(rec.requests.filter((r) => r.outcome === 'failed' && r.latency > 0))).toEqual([1.8, 1.8, 1.8, 2.6, 2.6, 2.6, 14.4, 14.4, 14.4, 36.2, 36.2, 36.2]);
    // (the 4th request of each kill arrived at that instant: latency 0, failed with the others)
  });

  test('a leak crosses the limit at the exact microsecond', () => {
    // 10Mi + ⌊1Mi·dt/1 s⌋ > 20Mi ⟺ ⌊1Mi·dt/10⁶⌋ ≥ 10Mi + 1 ⟺ dt ≥ ⌈(10Mi + 1)·10⁶ / 1Mi⌉ µs = 10 s + ⌈10⁶/2²⁰⌉ µs
    // = 10.000001 s after each start. Starts at 0, then (first crash) at once, then +10 s back-off:
    // OOM at 10.000001, 20.000002; restart at 30.000002; OOM at 40.000003.
    const s = scenario({ duration: seconds(45), pods: [web('a', withLimits(0, 20 * MI))], behaviors: [resources({ memoryBytes: 10 * MI, memoryLeak: { bytes: MI, every: seconds(1) } })] });
    const { rec } = run(s);
    expect(rec.pods.filter((r) => r.reason === 'OOMKilled').map((r) => r.time)).toEqual([10_000_001, 20_000_002, 40_000_003]);
    // Memory just before the first kill: 10Mi + ⌊1Mi·10⌋ = 20Mi exactly (not over): the row at 10 s shows it.
    expect(rec.podMetricRows.find((r) => r.time === seconds(10))!.memoryBytes).toBe(20 * MI);
  });

  test('a baseline above the limit is killed as it starts', () => {
    const { rec } = run(scenario({ duration: seconds(35), pods: [web('a', withLimits(0, 32 * MI))], behaviors: [resources({ memoryBytes: 64 * MI })] }));
    // Starts at 0 (killed at 0), at once again (killed), then after 10 s and 20 s back-offs: 10 s, 30 s.
    expect(timesOf(rec.pods.filter((r) => r.reason === 'OOMKilled'))).toEqual([0, 0, 10, 30]);
  });
});

describe('queues, timeouts and failures', () => {
  test('FIFO with one slot and a queue of 2 rejects the rest; every success waits behind 2', () => {
    // 4 rps of 1 s requests, one in service and two waiting: once full, each completion admits one new arrival
    // (a completion and an arrival at one instant: the completion was scheduled first, so it runs first), the other
    // 3 arrivals of each second are rejected. A success waits for the 2 ahead of it: latency 3 s.
    const s = scenario({
      duration: seconds(30),
      pods: [web('a')],
      behaviors: [behavior({ app: 'web' }, { serving: { discipline: 'FIFO', concurrency: 1, queueLimit: 2, perRequestMilli: 1000 } })],
      services: [service('web', { app: 'web' })],
      traffic: [traffic('t', 'web', 4, 1000)],
    });
    const { rec } = run(s);
    const row = rec.services.find((r) => r.time === seconds(30))!;
    expect([row.arrivals, row.completed, row.rejected, row.p50, row.max]).toEqual([40, 10, 30, seconds(3), seconds(3)]);
  });

  test('a client timeout ends the request for the client at its deadline; the pod keeps working on it', () => {
    // 1 s of CPU per request, timeout 500 ms, 0.5 rps: each request times out at +0.5 s and the pod stays busy
    // (1000m) until +1 s. Over (10 s, 20 s]: 5 timeouts, 0 successes, CPU 5 × 1 s / 10 s = 500m.
    const s = scenario({ duration: seconds(20), pods: [web('a')], services: [service('web', { app: 'web' })], traffic: [traffic('t', 'web', 0.5, 1000, { timeout: milliseconds(500) })] });
    const { rec } = run(s, s.duration, { traceRequestsEvery: 1 });
    const row = rec.services.find((r) => r.time === seconds(20))!;
    expect([row.arrivals, row.completed, row.timeout]).toEqual([5, 0, 5]);
    expect(new Set(rec.requests.filter((r) => r.pod !== '').map((r) => `${r.outcome} ${r.latency}`))).toEqual(new Set(['timeout 500000']));
    expect(rec.podMetricRows.find((r) => r.time === seconds(20))!.cpuUsageMilli).toBe(500);
  });

  test('a pod that dies with requests in flight fails them all at that instant', () => {
    // Processor sharing, 2 rps of 100 s requests: none completes before 20 s, so at the kill the pod holds every
    // request routed to it: sent at 1.5, 2.0, … 19.5 s (37; the one at 20 s comes after the kill of that instant
    // and is refused, as is every request while the container is down).
    const s = scenario({
      duration: seconds(25),
      pods: [web('a')],
      behaviors: [behavior({ app: 'web' }, { containerStart: { kind: 'fixed', value: ZERO } })],
      services: [service('web', { app: 'web' })],
      traffic: [traffic('t', 'web', 2, 100_000)],
      timeline: [{ at: seconds(20), action: 'killContainer', pods: { namespace: 'default', name: 'a' }, exitCode: 137, reason: 'Error', source: { file: 't', line: 1 } }],
    });
    const { rec } = run(s, s.duration, { traceRequestsEvery: 1 });
    const dying = rec.requests.filter((r) => r.outcome === 'failed' && r.time === seconds(20) && r.latency > 0);
    expect(dying.map(sent).sort((a, b) => a - b)).toEqual(Array.from({ length: 37 }, (_, i) => seconds(1.5 + i * 0.5)));
  });
});

describe('node CPU shared under contention', () => {
  test('two pods on a 1-CPU node split it by cpu.shares until one finishes', () => {
    // Pods a (request 100m → 102 shares) and b (300m → 307 shares), one 1-s request each at 6 s (a ramp from 0
    // reaching one expected request then). Demand 2000m > 1000m: a gets ⌊1000·102/409⌋ = 249 (remainder 159), b
    // 750 (remainder 250) + the leftover 1 → 751. b finishes after ⌈10⁹/751⌉ = 1,331,558 µs; a has then done
    // 249 · 1,331,558 = 331,557,942 of 10⁹ and gets the whole CPU for the rest: ⌈668,442,058/1000⌉ = 668,443 µs.
    const one = (svc: string) => traffic(`to-${svc}`, svc, 0, 1000, { profile: { kind: 'piecewise', points: [{ at: ZERO, rps: 0 }, { at: seconds(5), rps: 1 }, { at: seconds(6), rps: 0 }], interpolation: 'step' } });
    const req = (cpuMilli: number) => container('app', { requests: { cpuMilli, memoryBytes: 0 } });
    const s = scenario({
      duration: seconds(10),
      nodes: [node('small', '1')],
      pods: [web('a', req(100), { app: 'a' }), web('b', req(300), { app: 'b' })],
      services: [service('a', { app: 'a' }), service('b', { app: 'b' })],
      traffic: [one('a'), one('b')],
    });
    const { rec } = run(s, s.duration, { traceRequestsEvery: 1 });
    expect(rec.requests.map((r) => [r.pod, sent(r), r.latency])).toEqual([
      ['b', seconds(6), 1_331_558],
      ['a', seconds(6), 1_331_558 + 668_443],
    ]);
  });
});
