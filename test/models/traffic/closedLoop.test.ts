/**
 * Closed-loop clients on the simulation: each client sends its next request a think time after the previous one's
 * client-visible outcome (after its retries). The interactive response-time law R = N/X − Z and Little's law at the
 * pod hold on a long run; a client never has two requests out at once. Setup (test/support/build.ts): one 4-CPU
 * node, pods that start Ready at t = 0, in the load balancer from t = 1 s (kube-proxy sync delay 1 s).
 */
import { milliseconds, seconds, toSeconds, type Micros } from '../../../engine/time';
import type { RequestRecord } from '../../../models/recorder';
import { container, pod, podSpec, run, scenario, service, traffic } from '../../support/build';

const sent = (r: RequestRecord) => r.time - r.latency;

describe('closed-loop clients', () => {
  test('the response-time law R = N/X − Z within 2 % and Little’s law at the pod, on a 2,000 s run', () => {
    // N = 20 clients, think time Exp(mean Z = 0.5 s), 100 ms of CPU per request, one pod limited to one core
    // (processor sharing). Offered load without queueing would be N / (Z + 0.1 s) = 33 rps > the pod's 10 rps, so
    // the pod is busy whenever a request is in it and X ≈ 10 rps, R ≈ N/X − Z ≈ 1.5 s. The law is an identity of
    // the closed loop (N = X·(R + Z̄) for the think times actually drawn); with Z the nominal mean the only error
    // is Z̄ − Z: σ = 0.5 s / √(≈19,000 draws) ≈ 3.6 ms, 0.24 % of R, plus < 20 requests cut at the window's edges.
    // Little's law at the pod: the time-average of its in-flight requests (pod_metrics `in_flight`, sampled every
    // 1 s) equals X × the mean time a request spends in it (its latency: no retries, no timeout).
    const one = podSpec({ containers: [container('app', { limits: { cpuMilli: 1000, memoryBytes: 0 } })] });
    const N = 20;
    const Z = 0.5;
    const s = scenario({
      duration: seconds(2000),
      sampleInterval: seconds(1),
      pods: [pod('a', { app: 'web' }, one)],
      services: [service('web', { app: 'web' })],
      traffic: [traffic('t', 'web', 0, 100, { clients: { count: N, popularity: { kind: 'uniform' } }, closedLoop: { thinkTime: { kind: 'exponential', mean: milliseconds(Z * 1000) } } })],
    });
    const { rec } = run(s, s.duration, { traceRequestsEvery: 1 });
    // Measure over [100 s, 2000 s]: requests whose outcome falls in the window (the start-up 503s before 1 s excluded).
    const from = seconds(100);
    const done = rec.requests.filter((r) => r.time > from);
    expect(done.every((r) => r.outcome === 'success')).toBe(true);
    const T = toSeconds(seconds(2000 - 100));
    const X = done.length / T;
    const R = done.reduce((a, r) => a + toSeconds(r.latency), 0) / done.length;
    expect(X).toBeGreaterThan(9.9);
    // At most the N requests in the pod at 100 s complete in the window beyond the pod's 10 per second.
    expect(X).toBeLessThanOrEqual(10 + N / T);
    expect(Math.abs(R - (N / X - Z)) / R).toBeLessThan(0.02);
    // Little: mean sampled in-flight vs X·R (the samples at 100 s … 2000 s).
    const samples = rec.podMetricRows.filter((m) => m.time >= from);
    const L = samples.reduce((a, m) => a + m.inFlight, 0) / samples.length;
    expect(Math.abs(L - X * R) / (X * R)).toBeLessThan(0.02);
    // One request at a time per client: a client's next request is sent after its previous one's outcome.
    const byClient = new Map<number, RequestRecord[]>();
    for (const r of rec.requests) (byClient.get(r.client) ?? byClient.set(r.client, []).get(r.client)!).push(r);
    expect([...byClient.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
    for (const rows of byClient.values()) for (let i = 1; i < rows.length; i++) expect(sent(rows[i])).toBeGreaterThanOrEqual(rows[i - 1].time);
  });

  test('fixed think time: a lone client on an idle pod sends every think + service time, retries included', () => {
    // One client, think 1 s, 100 ms requests on an idle pod. First send at 1 s (one think after the start), before
    // the load balancer gets the pod at that instant (traffic runs before the kube-proxy sync): a 503 at once. Then
    // sends at 2 s, outcome at 2.1 s, next at 3.1 s, …: 2 + 1.1·k s.
    const s = scenario({
      duration: seconds(10),
      pods: [pod('a', { app: 'web' })],
      services: [service('web', { app: 'web' })],
      traffic: [traffic('t', 'web', 0, 100, { clients: { count: 1, popularity: { kind: 'uniform' } }, closedLoop: { thinkTime: { kind: 'fixed', value: seconds(1) } } })],
    });
    const { rec } = run(s, s.duration, { traceRequestsEvery: 1 });
    expect(rec.requests.map((r) => Math.round(toSeconds(sent(r) as Micros) * 1e6) / 1e6)).toEqual([1, 2, 3.1, 4.2, 5.3, 6.4, 7.5, 8.6, 9.7]);
    expect(rec.requests.map((r) => r.outcome)).toEqual(['no_endpoints', ...Array<string>(8).fill('success')]);
    // With a Service that has no endpoints and 3 attempts 200 ms apart, the client waits for its last attempt:
    // attempts at 1, 1.2, 1.4 s (final), next request at 2.4 s, … (the run ends at 4 s inclusive)
    const t = traffic('t', 'web', 0, 100, {
      clients: { count: 1, popularity: { kind: 'uniform' } },
      closedLoop: { thinkTime: { kind: 'fixed', value: seconds(1) } },
      retry: { attempts: 3, on: ['no_endpoints'], backoff: { initial: milliseconds(200), max: milliseconds(200), multiplier: 1, jitter: 0 } },
    });
    const e = scenario({ duration: seconds(4), services: [service('web', { app: 'none' })], traffic: [t] });
    const r2 = run(e, e.duration, { traceRequestsEvery: 1 }).rec;
    expect(r2.requests.map((r) => [Math.round(toSeconds(r.time as Micros) * 1e6) / 1e6, r.attempt, r.final])).toEqual([
      [1, 1, false],
      [1.2, 2, false],
      [1.4, 3, true],
      [2.4, 1, false],
      [2.6, 2, false],
      [2.8, 3, true],
      [3.8, 1, false],
      [4, 2, false],
    ]);
  });
});
