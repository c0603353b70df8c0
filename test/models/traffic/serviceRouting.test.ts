/**
 * Services end to end on the simulation: RoundRobin spreads requests exactly evenly, no endpoints give 503s, a pod
 * leaving the endpoints (readiness failure, deletion) stops getting traffic exactly one kube-proxy sync delay later
 * and loses its affinity entries, ClientIP affinity holds until its timeout, Random spreads 1/n.
 * Setup shared by the cases (given): one 4-CPU node, pods that start and turn Ready at t = 0 (pull and start take
 * 0 s, no readiness probe unless stated), so the endpoints controller publishes at 0 and the load balancer has the
 * pods from t = 1 s (sync delay 1 s). Evenly spaced arrivals at r rps come at k/r s, k = 1, 2, …
 */
import { addMicros, milliseconds, seconds, toSeconds, ZERO } from '../../../engine/time';
import type { RequestRecord } from '../../../models/recorder';
import { behavior, container, pod, podSpec, probe, run, scenario, service, steps, traffic, workload } from '../../support/build';

/** Runs past the end by this much, so requests sent up to the end have their outcome (they take ≤ 10 ms here). */
const DRAIN = milliseconds(100);
const web = (name: string) => pod(name, { app: 'web' });
const sent = (r: RequestRecord) => r.time - r.latency;
const count = (rows: readonly RequestRecord[], pred: (r: RequestRecord) => boolean) => rows.filter(pred).length;
const perPod = (rows: readonly RequestRecord[]) => {
  const m = new Map<string, number>();
  for (const r of rows) if (r.pod !== '') m.set(r.pod, (m.get(r.pod) ?? 0) + 1);
  return Object.fromEntries([...m].sort());
};

describe('RoundRobin', () => {
  test('spreads N requests over k pods exactly evenly, in a fixed rotation', () => {
    // 30 rps for 61 s: arrivals k = 1..1830. k ≤ 30 (t ≤ 1 s) come before the sync at 1 s (TRAFFIC runs before
    // CONTROLLER at one instant): 30 × 503. The other 1800 go round the 3 pods: 600 each, and the rotation
    // repeats with period 3.
    const s = scenario({ duration: seconds(61), pods: [web('a'), web('b'), web('c')], services: [service('web', { app: 'web' })], traffic: [traffic('t', 'web', 30, 10)] });
    const { rec } = run(s, addMicros(s.duration, DRAIN), { traceRequestsEvery: 1 });
    const routed = rec.requests.filter((r) => r.outcome !== 'no_endpoints' && sent(r) <= s.duration);
    expect(routed.every((r) => r.outcome === 'success' && r.latency === 10_000)).toBe(true);
    expect(count(rec.requests, (r) => r.outcome === 'no_endpoints')).toBe(30);
    expect(perPod(routed)).toEqual({ a: 600, b: 600, c: 600 });
    const order = routed.map((r) => r.pod);
    for (let i = 3; i < order.length; i++) expect(order[i]).toBe(order[i - 3]);
    expect(new Set(order.slice(0, 3)).size).toBe(3);
  });

  test('a pod added later joins the rotation after the sync delay; the spread is even again from then on', () => {
    // Pod d is created by a scale of a ReplicaSet from 3 to 4 at 30 s: it is Ready at 30 s, in the load balancer at
    // 31 s (a new set: reshuffled, index 0). Arrivals at 10 rps: k = 11..310 before 31 s (t ≤ 31 s; the one at
    // exactly 31 s still sees the old set) and k = 311..610 after: 300 over 3 pods then 300 over 4 pods (75 each).
    const s = scenario({
      duration: seconds(61),
      workloads: [workload('ReplicaSet', 'web', 3, { app: 'web' })],
      services: [service('web', { app: 'web' })],
      traffic: [traffic('t', 'web', 10, 10)],
      timeline: [{ at: seconds(30), action: 'scale', target: { kind: 'ReplicaSet', namespace: 'default', name: 'web' }, replicas: 4, source: { file: 't', line: 1 } }],
    });
    const { rec } = run(s, addMicros(s.duration, DRAIN), { traceRequestsEvery: 1 });
    const after = rec.requests.filter((r) => sent(r) > seconds(31) && sent(r) <= s.duration);
    const before = rec.requests.filter((r) => sent(r) <= seconds(31) && r.outcome === 'success');
    expect(Object.values(perPod(before))).toEqual([100, 100, 100]);
    expect(Object.values(perPod(after))).toEqual([75, 75, 75, 75]);
  });
});

describe('endpoints and the kube-proxy sync delay', () => {
  test('no endpoints → every request is a 503 (no_endpoints), counted in services.csv', () => {
    // The pods are not Ready (readiness fails from the start): nothing is ever published.
    const spec = podSpec({ containers: [container('app', { readinessProbe: probe({ period: seconds(5) }) })] });
    const s = scenario({
      duration: seconds(20),
      pods: [pod('a', { app: 'web' }, spec)],
      behaviors: [behavior({ app: 'web' }, { probes: { readiness: steps([0, 'failure']) } })],
      services: [service('web', { app: 'web' })],
      traffic: [traffic('t', 'web', 5, 10)],
    });
    const { rec } = run(s);
    // 5 rps for 20 s = 100 arrivals, all 503; rows every 10 s: 0, 10, 20 s.
    expect(rec.services.map((r) => [toSeconds(r.time), r.endpoints, r.arrivals, r.noEndpoints, r.completed])).toEqual([
      [0, 0, 0, 0, 0],
      [10, 0, 50, 50, 0],
      [20, 0, 50, 50, 0],
    ]);
  });

  test('a Service without a selector never has endpoints', () => {
    const s = scenario({ duration: seconds(10), pods: [web('a')], services: [service('web', {}, { selector: undefined })], traffic: [traffic('t', 'web', 2, 10)] });
    expect(run(s).sim.summary().requests['default/web']).toEqual({ arrivals: 20, success: 0, timeout: 0, rejected: 0, no_endpoints: 20, failed: 0 });
  });

  test('readiness failure: traffic to the pod stops exactly one sync delay after it turns unready', () => {
    // Pod b's readiness probe (period 10 s, failureThreshold 3) fails from 25 s: ticks at 30, 40, 50 fail, so b is
    // not Ready from 50 s and leaves the load balancer at 51 s. 20 rps: requests at k/20 s.
    const spec = podSpec({ containers: [container('app', { readinessProbe: probe() })] });
    const s = scenario({
      duration: seconds(70),
      pods: [pod('a', { app: 'web' }), pod('b', { app: 'web', flaky: 'yes' }, spec)],
      behaviors: [behavior({ flaky: 'yes' }, { probes: { readiness: steps([0, 'success'], [25, 'failure']) } })],
      services: [service('web', { app: 'web' })],
      traffic: [traffic('t', 'web', 20, 5)],
    });
    const { rec } = run(s, addMicros(s.duration, DRAIN), { traceRequestsEvery: 1 });
    // b still receives requests while unready until the load balancer learns it at 51 s (a request sent at exactly
    // 51 s comes before the sync of that instant: TRAFFIC runs before CONTROLLER). Requests alternate a, b: of the
    // 20 sent in (50 s, 51 s], 10 go to b, the last at 50.95 s (51.00 s is a's turn).
    const toB = rec.requests.filter((r) => r.pod === 'b').map(sent);
    expect(Math.max(...toB)).toBe(seconds(50.95));
    expect(count(rec.requests, (r) => r.pod === 'b' && sent(r) > seconds(50))).toBe(10);
    // After 51 s every request goes to a: k = 1021..1400, (70 − 51) × 20 = 380 arrivals.
    expect(count(rec.requests, (r) => sent(r) > seconds(51) && sent(r) <= s.duration && r.pod === 'a')).toBe(380);
    expect(count(rec.requests, (r) => sent(r) > seconds(51) && r.pod === 'b')).toBe(0);
  });

  test('deletion: the terminating pod leaves the endpoints at once, its traffic stops one sync later', () => {
    // b is deleted at 20 s; it ignores SIGTERM for its 30 s grace period, so it keeps running (and serving) until 50 s.
    // Its endpoint turns not-ready at 20 s (terminating); the load balancer learns it at 21 s.
    const { rec } = run(
      scenario({
        duration: seconds(40),
        pods: [web('a'), pod('b', { app: 'web', name: 'b' })],
        behaviors: [behavior({ name: 'b' }, { onSigterm: { action: 'ignore', after: { kind: 'fixed', value: ZERO }, code: 143 } })],
        services: [service('web', { app: 'web' })],
        traffic: [traffic('t', 'web', 10, 10)],
        timeline: [{ at: seconds(20), action: 'deletePod', pods: { namespace: 'default', name: 'b' }, source: { file: 't', line: 1 } }],
      }),
      seconds(40),
      { traceRequestsEvery: 1 },
    );
    const arrivalsAtB = rec.requests.filter((r) => r.pod === 'b').map((r) => r.time - r.latency);
    expect(Math.max(...arrivalsAtB)).toBeLessThanOrEqual(seconds(21));
    expect(Math.max(...arrivalsAtB)).toBeGreaterThan(seconds(20));
    expect(rec.requests.filter((r) => r.pod === 'b').every((r) => r.outcome === 'success')).toBe(true);
  });
});

describe('ClientIP session affinity', () => {
  const affinity = (timeoutSeconds: number) => service('web', { app: 'web' }, { sessionAffinity: 'ClientIP', affinityTimeoutSeconds: timeoutSeconds });

  test('keeps a client on one pod while it comes back within the timeout', () => {
    // One client, 2 rps: it returns every 0.5 s < 10 s, so every routed request goes to the first pod it got.
    const s = scenario({ duration: seconds(60), pods: [web('a'), web('b'), web('c')], services: [affinity(10)], traffic: [traffic('t', 'web', 2, 10)] });
    const { rec } = run(s, addMicros(s.duration, DRAIN), { traceRequestsEvery: 1 });
    expect(Object.values(perPod(rec.requests))).toEqual([118]); // k = 3..120 (t > 1 s): all to one pod
  });

  test('after the timeout since its last request a client is picked afresh (RoundRobin moves it on)', () => {
    // One client every 2 s with a 1 s timeout: int(seconds since last use) = 2 ≥ 1, so every request is a new pick:
    // the rotation a→b→c order repeats every 3 requests, exactly as without affinity.
    const s = scenario({ duration: seconds(61), pods: [web('a'), web('b'), web('c')], services: [affinity(1)], traffic: [traffic('t', 'web', 0.5, 10)] });
    const { rec } = run(s, addMicros(s.duration, DRAIN), { traceRequestsEvery: 1 });
    const order = rec.requests.map((r) => r.pod);
    expect(perPod(rec.requests)).toEqual({ a: 10, b: 10, c: 10 });
    for (let i = 3; i < order.length; i++) expect(order[i]).toBe(order[i - 3]);
  });

  test('a pod leaving the endpoints drops its clients: they fail until the sync, move, and then stay', () => {
    // 8 clients (uniform) at 8 rps over a, b, c; containers take 2 s to start (so all are Ready at 2 s, in the
    // load balancer at 3 s). At 30 s a's container is killed (exit 137): it restarts at once and runs again at 32 s.
    // a is not Ready from 30 s → the load balancer drops it (and its clients' entries) at 31 s; a is Ready at 32 s →
    // back in the load balancer at 33 s, by then holding nobody's affinity.
    const s = scenario({
      duration: seconds(60),
      pods: [web('a'), web('b'), web('c')],
      behaviors: [behavior({ app: 'web' }, { containerStart: { kind: 'fixed', value: seconds(2) } })],
      services: [affinity(600)],
      traffic: [traffic('t', 'web', 8, 10, { clients: { count: 8, popularity: { kind: 'uniform' } } })],
      timeline: [{ at: seconds(30), action: 'killContainer', pods: { namespace: 'default', name: 'a' }, exitCode: 137, reason: 'Error', source: { file: 't', line: 1 } }],
    });
    const { rec } = run(s, addMicros(s.duration, DRAIN), { traceRequestsEvery: 1 });
    const routed = rec.requests.filter((r) => r.pod !== '');
    const podsOf = (client: number, from: number, to: number) => new Set(routed.filter((r) => r.client === client && sent(r) > from && sent(r) <= to).map((r) => r.pod));
    const onA = [...new Set(routed.filter((r) => r.pod === 'a' && sent(r) <= seconds(30)).map((r) => r.client))];
    expect(onA.length).toBeGreaterThan(0);
    for (let client = 0; client < 8; client++) {
      const first = [...podsOf(client, 0, seconds(30))];
      expect(first.length).toBe(1); // sticky before the kill
      if (first[0] !== 'a') {
        expect([...podsOf(client, 0, seconds(60))]).toEqual(first); // clients of b and c never move
        continue;
      }
      // a's clients: refused (a's container is down) until the sync at 31 s, then re-picked once, for good: among
      // b and c if the client came back before a rejoined at 33 s, among all three otherwise.
      expect(routed.filter((r) => r.client === client && sent(r) > seconds(30) && sent(r) <= seconds(31)).every((r) => r.pod === 'a' && r.outcome === 'failed')).toBe(true);
      const later = [...podsOf(client, seconds(31), seconds(60))];
      expect(later.length).toBe(1);
      const back = Math.min(...routed.filter((r) => r.client === client && sent(r) > seconds(31)).map(sent));
      if (back <= seconds(33)) expect(['b', 'c']).toContain(later[0]);
    }
    // Failures are exactly a's clients' requests sent in [30 s, 31 s] (the kill at 30 s runs before that instant's
    // traffic: timeline actions come first), none elsewhere.
    const failed = rec.requests.filter((r) => r.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.pod === 'a' && sent(r) >= seconds(30) && sent(r) <= seconds(31))).toBe(true);
    expect(failed.length).toBe(routed.filter((r) => onA.includes(r.client) && sent(r) >= seconds(30) && sent(r) <= seconds(31)).length);
  });
});

describe('Random', () => {
  test('each new request goes to one of n pods with probability 1/n', () => {
    // 4,000 requests over 4 pods: each count is Binomial(4000, 1/4), mean 1000, sd √750 ≈ 27; 5 sd = 137.
    const s = scenario({
      duration: seconds(401),
      pods: [web('a'), web('b'), web('c'), web('d')],
      services: [service('web', { app: 'web' }, { loadBalancing: 'Random' })],
      traffic: [traffic('t', 'web', 10, 1)],
    });
    const { rec } = run(s, addMicros(s.duration, DRAIN), { traceRequestsEvery: 1 });
    const counts = Object.values(perPod(rec.requests.filter((r) => sent(r) <= s.duration)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4000);
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(137);
  });
});
