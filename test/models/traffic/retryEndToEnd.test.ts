/**
 * Client retries on the simulation: each attempt is a request through the Service's load balancer, the client's
 * timeout applies per attempt, backoffs are exact without jitter, failures at a known probability give the
 * expected attempt counts, no_endpoints (503) attempts are retried, and Finagle's budget caps retries at the figure
 * derived from its rule. Setup (given by test/support/build.ts): one 4-CPU node, pods that start and turn Ready at
 * t = 0, the load balancer has them from t = 1 s (kube-proxy sync delay 1 s); evenly spaced arrivals.
 */
import { milliseconds, seconds, toSeconds, type Micros } from '../../../engine/time';
import type { RequestRecord, ServiceRecord } from '../../../models/recorder';
import type { RetryPolicySpec } from '../../../models/traffic/spec';
import { container, pod, podSpec, run, scenario, service, traffic } from '../../support/build';

const sent = (r: RequestRecord) => r.time - r.latency;
const sum = (rows: readonly ServiceRecord[], f: (r: ServiceRecord) => number) => rows.reduce((a, r) => a + f(r), 0);
const noJitter = (initial: number, multiplier = 1, max = initial): RetryPolicySpec['backoff'] => ({ initial: milliseconds(initial), max: milliseconds(max), multiplier, jitter: 0 });
/** Steps of `rps` from `from` to `to` seconds (0 before and after): arrival k at from + k/rps, the last at `to`. */
const window = (rps: number, from: number, to: number) => ({
  kind: 'piecewise' as const,
  points: [...(from > 0 ? [{ at: 0 as Micros, rps: 0 }] : []), { at: seconds(from), rps }, { at: seconds(to), rps: 0 }],
  interpolation: 'step' as const,
});

/** The traced attempts grouped by request number, each group in attempt order (rows come in outcome order). */
function byRequest(rows: readonly RequestRecord[]): RequestRecord[][] {
  const m = new Map<number, RequestRecord[]>();
  for (const r of rows) (m.get(r.request) ?? m.set(r.request, []).get(r.request)!).push(r);
  return [...m.values()];
}

describe('no_endpoints attempts are retried after exact backoffs', () => {
  test('4 attempts, backoff 100 ms × 3 capped at 500 ms: attempts at t, t + 0.1, t + 0.4, t + 0.9 s; only the last is final', () => {
    // A Service that selects nothing: every attempt is a 503 at once. Requests at 1, 2, 3 s (1 rps from 0 to 3 s).
    // Backoffs: 100 ms, 300 ms, then min(900, 500) = 500 ms.
    const retry: RetryPolicySpec = { attempts: 4, on: ['no_endpoints'], backoff: noJitter(100, 3, 500) };
    const s = scenario({ duration: seconds(5), services: [service('web', { app: 'none' })], traffic: [traffic('t', 'web', 0, 10, { profile: window(1, 0, 3), retry })] });
    const { rec } = run(s, s.duration, { traceRequestsEvery: 1 });
    const rows = rec.requests.map((r) => [toSeconds(r.time), r.attempt, r.final, r.outcome, r.latency]);
    const expected = [1, 2, 3].flatMap((t) => [
      [t, 1, false, 'no_endpoints', 0],
      [t + 0.1, 2, false, 'no_endpoints', 0],
      [t + 0.4, 3, false, 'no_endpoints', 0],
      [t + 0.9, 4, true, 'no_endpoints', 0],
    ]);
    expect(rows.map((r) => [Math.round((r[0] as number) * 1e6) / 1e6, ...r.slice(1)])).toEqual(expected);
    // services.csv: 3 client requests, 3 client-visible 503s; 12 attempts, 9 retries, 12 failed attempts.
    const svc = rec.services;
    expect([sum(svc, (r) => r.arrivals), sum(svc, (r) => r.noEndpoints), sum(svc, (r) => r.attempts), sum(svc, (r) => r.retries), sum(svc, (r) => r.attemptErrors), sum(svc, (r) => r.retriesRefused)]).toEqual([3, 3, 12, 9, 12, 0]);
  });

  test('an outcome not in `on` is not retried; without `retry` every request is one final attempt', () => {
    const only = { attempts: 4, on: ['timeout' as const], backoff: noJitter(100) };
    const s = scenario({
      duration: seconds(5),
      services: [service('web', { app: 'none' })],
      traffic: [traffic('a', 'web', 0, 10, { profile: window(1, 0, 3), retry: only }), traffic('b', 'web', 0, 10, { profile: window(1, 0, 3) })],
    });
    const { rec } = run(s, s.duration, { traceRequestsEvery: 1 });
    expect(rec.requests.length).toBe(6);
    expect(rec.requests.every((r) => r.attempt === 1 && r.final)).toBe(true);
    expect(sum(rec.services, (r) => r.attempts)).toBe(6);
  });
});

describe('retries under a known failure probability', () => {
  test('p = 0.2 timeouts, 3 attempts: 1 + p + p² = 1.24 attempts per request, p³ = 0.8 % client-visible timeouts', () => {
    // Five pods behind Random (each attempt picks one uniformly, independently): pod e's CPU limit is 1 millicore,
    // so a 10 ms request there needs 10,000 s: every attempt to e times out (timeout 1 s), every other succeeds in
    // ~10 ms. So an attempt fails with p = 1/5, independently. Retries on timeout, 3 attempts, 100 ms backoff.
    // N = 10,000 requests (100 rps from 2 s to 102 s). Retries per request K ∈ {0, 1, 2} with P = 0.8, 0.16, 0.04:
    // E[K] = 0.24, Var[K] = 0.32 − 0.24² = 0.2624, so the mean attempts per request is 1.24 ± 4σ,
    // σ = √(0.2624 / 10,000) = 0.00512 → [1.2195, 1.2605]. Client-visible timeouts ~ Bin(10,000, 0.008):
    // 80 ± 4 × √(80 × 0.992) = 80 ± 35.6 → [45, 115].
    const slow = podSpec({ containers: [container('app', { limits: { cpuMilli: 1, memoryBytes: 0 } })] });
    const retry: RetryPolicySpec = { attempts: 3, on: ['timeout'], backoff: noJitter(100) };
    const s = scenario({
      duration: seconds(106),
      pods: ['a', 'b', 'c', 'd'].map((n) => pod(n, { app: 'web' })).concat(pod('e', { app: 'web' }, slow)),
      services: [service('web', { app: 'web' }, { loadBalancing: 'Random' })],
      traffic: [traffic('t', 'web', 0, 10, { profile: window(100, 2, 102), timeout: seconds(1), retry })],
    });
    const { rec } = run(s, s.duration, { traceRequestsEvery: 1 });
    const requests = byRequest(rec.requests);
    expect(requests.length).toBe(10_000);
    const attempts = rec.requests.length;
    expect(attempts / 10_000).toBeGreaterThanOrEqual(1.2195);
    expect(attempts / 10_000).toBeLessThanOrEqual(1.2605);
    const failures = requests.filter((r) => r[r.length - 1].outcome !== 'success');
    expect(failures.length).toBeGreaterThanOrEqual(45);
    expect(failures.length).toBeLessThanOrEqual(115);
    for (const r of requests) {
      // Every attempt but the last timed out on pod e after exactly 1 s; the next went 100 ms later; only the last is final.
      expect(r.length).toBeLessThanOrEqual(3);
      r.forEach((a, i) => {
        expect(a.attempt).toBe(i + 1);
        expect(a.final).toBe(i === r.length - 1);
        if (i < r.length - 1) {
          expect([a.outcome, a.pod, a.latency]).toEqual(['timeout', 'e', seconds(1)]);
          expect(sent(r[i + 1]) - sent(a)).toBe(seconds(1.1));
        }
      });
      const last = r[r.length - 1];
      if (last.outcome !== 'success') expect([last.attempt, last.outcome]).toEqual([3, 'timeout']);
    }
    // services.csv tells the client's view from the attempts: 10,000 requests, the failures as timeouts; attempts
    // = requests + retries, every retried attempt and every final timeout an attempt error.
    const svc = rec.services;
    expect(sum(svc, (r) => r.arrivals)).toBe(10_000);
    expect(sum(svc, (r) => r.timeout)).toBe(failures.length);
    expect(sum(svc, (r) => r.completed)).toBe(10_000 - failures.length);
    expect(sum(svc, (r) => r.attempts)).toBe(attempts);
    expect(sum(svc, (r) => r.retries)).toBe(attempts - 10_000);
    expect(sum(svc, (r) => r.attemptErrors)).toBe(attempts - 10_000 + failures.length);
  });
});

describe("Finagle's retry budget caps retries", () => {
  test('ratio 0.2, 1/s minimum, ttl 10 s, all attempts 503: exactly 30 retries per 10 s window, 300 of 1,000', () => {
    // Requests k = 1..1,000 at k/10 s, each a 503 at once, 2 attempts (one retry each without a budget).
    // Rule: a retry goes when retries in the last 10 s + 1 ≤ 0.2 × requests in the last 10 s + 1/s × 10 s.
    // First window: retries k = 1..12 (k ≤ 0.2k + 10 ⇔ k ≤ 12.5), then every 5th request (k = 15, 20, …, 100:
    // 13 ≤ 0.2 × 15 + 10, and so on): 12 + 18 = 30 by 10 s. From then on the window always holds 100 requests, so
    // the cap is 30: each retry's slot frees exactly 10 s later, at a request time, and is taken again: 30 per
    // 10 s, 300 in 100 s. Refused: 700. Backoff 1 ms, so each retry is sent before the next request.
    const retry: RetryPolicySpec = { attempts: 2, on: ['no_endpoints'], backoff: noJitter(1), budget: { ratio: 0.2, minPerSecond: 1, ttl: seconds(10) } };
    const s = scenario({ duration: seconds(101), services: [service('web', { app: 'none' })], traffic: [traffic('t', 'web', 0, 10, { profile: window(10, 0, 100), retry })] });
    const { rec } = run(s, s.duration, { traceRequestsEvery: 1 });
    const svc = rec.services;
    expect([sum(svc, (r) => r.arrivals), sum(svc, (r) => r.retries), sum(svc, (r) => r.retriesRefused), sum(svc, (r) => r.attempts), sum(svc, (r) => r.noEndpoints)]).toEqual([1000, 300, 700, 1300, 1000]);
    // The first window's retries: the first 12 requests and then every 5th.
    const firstWindow = rec.requests.filter((r) => r.attempt === 2 && sent(r) <= seconds(10.001)).map((r) => Math.round((toSeconds(sent(r) as Micros) - 0.001) * 10));
    expect(firstWindow).toEqual([...Array.from({ length: 12 }, (_, i) => i + 1), ...Array.from({ length: 18 }, (_, i) => 15 + 5 * i)]);
    // A refused retry leaves its attempt final although attempts remained.
    expect(rec.requests.filter((r) => r.attempt === 1 && r.final).length).toBe(700);
  });
});
