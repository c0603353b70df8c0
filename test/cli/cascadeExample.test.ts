/**
 * The cascade example through the real CLI (scenarios/examples/cascade: base/ + storm.yaml, base/ + budget.yaml):
 * one burst above capacity, readiness probes through the pods, clients that retry — without and with a retry budget.
 * Every expected number is derived below from the scenario's settings and the documented rules; where the run is
 * stochastic (Poisson arrivals, retry jitter) the bound or tolerance is stated with its reason.
 *
 * Settings (base/api.yaml): a request needs 50 ms of a full core; the pod's CPU limit is 500m, so it takes
 * 50 / 0.5 = 100 ms: μ = 10 rps per pod (FIFO, 1 at a time), 30 rps for the 3 pods, 40 for 4. Queue: 10 waiting,
 * the 11th is refused (503, `rejected`). Clients: 1 s timeout per attempt, 3 attempts, backoff 50 ms then 100 ms
 * (× 2, full jitter, cap 500 ms). Load: 12 rps from 1 m, 36 rps from 2 m to 7 m, 12 rps after.
 * Readiness: httpGet every 10 s from the pod's admission, timeout 1 s, failureThreshold 3, through the pod
 * (probes.default fromLoad): 0.5 ms of a core = 1 ms at 500m, behind the queue.
 * HPA: CPU 60 % of the 500m request, 3–4 pods, metrics-server windows of 15 s, syncs every 15 s.
 */
import * as path from 'node:path';
import { k8sim, readCsv, tempDir } from '../support/cli';

type Row = Record<string, string>;
const EXAMPLE = 'scenarios/examples/cascade';

interface Run {
  readonly dir: string;
  readonly services: Row[];
  readonly pods: Row[];
  readonly events: Row[];
  readonly hpa: Row[];
  readonly summary: Row[];
}

function runVariant(variant: 'storm' | 'budget', extra: string[] = []): Run {
  const dir = path.join(tempDir(), `cascade-${variant}`);
  const r = k8sim(['run', `${EXAMPLE}/base`, `${EXAMPLE}/${variant}.yaml`, '--out', dir, '--quiet', ...extra]);
  if (r.code !== 0) throw new Error(`${variant}: exit ${r.code}: ${r.stderr}`);
  const csv = (f: string) => readCsv(path.join(dir, f));
  return { dir, services: csv('services.csv'), pods: csv('pods.csv'), events: csv('events.csv'), hpa: csv('hpa.csv'), summary: csv('summary.csv') };
}

const t = (r: Row) => Number(r.time_s);
const n = (s: string) => Number(s);
/** services.csv rows whose interval (time_s − 10 s, time_s] lies in (from, to]. */
const rows = (run: Run, from: number, to: number) => run.services.filter((r) => t(r) > from && t(r) <= to);
const sum = (rs: Row[], col: string) => rs.reduce((s, r) => s + n(r[col]), 0);
const errors = (r: Row) => n(r.timeout) + n(r.rejected) + n(r.no_endpoints) + n(r.failed);
const fig = (run: Run, figure: string) => run.summary.find((r) => r.scope === 'run' && r.figure === figure)!.value;
const unhealthy = (run: Run) => run.events.filter((e) => e.reason === 'Unhealthy' && e.message.startsWith('Readiness probe failed: '));

describe('cascade: a burst, readiness probes through the pods and retrying clients, with and without a retry budget', () => {
  // The budget variant with every attempt in requests.csv, to check the budget's rule at every retry decision.
  const storm = runVariant('storm');
  const budget = runVariant('budget', ['--trace-requests']);
  const both = [storm, budget] as const;

  test('before the burst: 12 rps on 30 rps of capacity, 100 ms per request, no error, the HPA stays at 3', () => {
    // ρ = 12 / 30 = 0.4: a request rarely waits (RoundRobin gives each pod every third arrival), so the median
    // latency is the service time, 100 ms (HdrHistogram's bucket top: within 0.1 %).
    for (const run of both) {
      const quiet = rows(run, 60, 120);
      expect(sum(quiet, 'arrivals')).toBeGreaterThan(0);
      expect(quiet.map(errors)).toEqual(quiet.map(() => 0));
      for (const r of quiet) expect(n(r.latency_p50_ms)).toBeGreaterThanOrEqual(100);
      for (const r of quiet) expect(n(r.latency_p50_ms)).toBeLessThanOrEqual(100.1);
      // CPU = 12 rps × 50 ms = 600m over 3 pods: 200m each, 40 % of 500m. The HPA averages a 15 s window of the
      // three pods: 180 Poisson requests, sd √180 ≈ 13 (7.5 %, 3 points of 40): the claim is ±5 points. Its desired
      // count ceil(3 × 40 / 60) = 2 is below minReplicas: 3.
      const h = run.hpa.find((r) => t(r) === 120)!;
      expect(Math.abs(n(h.metric1_value) - 40)).toBeLessThanOrEqual(5);
      expect(h.desired_replicas).toBe('3');
    }
  });

  test('the HPA arrives late: 99 % at 2m15 → ceil(3 × 99 / 60) = 5, capped at 4; the 4th pod is Ready at 2m45', () => {
    // The first sync after the burst (135 s) sees the CPU at the 500m limit (100 %; 99 with the idle gaps of the
    // window's first instants, before the queues formed: the claim is ≥ 95). Proposal 5; maxReplicas 4: TooManyReplicas. The pod is admitted at 135 s, its
    // container starts 30 s later (the image is on the node), and its readiness ticks run from its admission
    // (145, 155, 165 s): the tick at 165 s finds it running and the probe takes 1 ms on an empty queue: 165.001 s.
    for (const run of both) {
      const h = run.hpa.find((r) => t(r) === 135)!;
      expect(n(h.metric1_value)).toBeGreaterThanOrEqual(95);
      expect([h.metric1_proposal, h.desired_replicas, h.limit_reason]).toEqual(['5', '4', 'TooManyReplicas']);
      const first = new Set(run.pods.filter((r) => t(r) === 0).map((r) => r.pod));
      const fourth = run.pods.filter((r) => !first.has(r.pod));
      expect(new Set(fourth.map((r) => r.pod)).size).toBe(1);
      expect(fourth.find((r) => r.ready === 'true')!.time_s).toBe('165.001000');
    }
  });

  test('storm: retries amplify the load up to 1 + p + p² attempts per request (≤ 3)', () => {
    // Each request makes at most 3 attempts: attempts ≤ 3 × requests, exactly, over the run.
    const requests = n(fig(storm, 'requests'));
    const attempts = n(fig(storm, 'attempts'));
    expect(attempts).toBeLessThanOrEqual(3 * requests);
    expect(fig(storm, 'retries_refused')).toBe('0');
    // Before the 4th pod (rows (120, 170]): three pods, queues full; measured 4,718 attempts for 1,776 requests =
    // 2.66, i.e. p = (−1 + √(1 + 4 × 1.66)) / 2 ≈ 0.88. The claim: the pods see more than 2.3 attempts per request
    // (p > 0.78) and at most 3 (a margin of 0.36 below the measurement: other seeds measured 2.38–2.79).
    const gap = rows(storm, 120, 170);
    const amplification = sum(gap, 'attempts') / sum(gap, 'arrivals');
    expect(amplification).toBeGreaterThan(2.3);
    expect(amplification).toBeLessThanOrEqual(3);
    // Over the run (quiet minutes included) still more than 2 (measured 2.491).
    expect(n(fig(storm, 'retry_amplification'))).toBeGreaterThan(2);
  });

  test('storm: readiness probes fail in the full queues (503s, and a timeout) from the burst on, never before', () => {
    // A probe meets the FIFO queue: 10 waiting → refused at once, `HTTP probe failed with statuscode: 503`;
    // admitted behind k waiting it finishes after the residual of the request in service + k × 100 ms + 1 ms,
    // over the 1 s timeout only when k = 9 and the residual is ≥ 99 ms: `context deadline exceeded`, rare.
    const failures = unhealthy(storm);
    const refused = failures.filter((e) => e.message === 'Readiness probe failed: HTTP probe failed with statuscode: 503');
    const timedOut = failures.filter((e) => e.message.includes('context deadline exceeded (Client.Timeout exceeded while awaiting headers)'));
    expect(refused.length + timedOut.length).toBe(failures.length);
    expect(refused.length).toBeGreaterThanOrEqual(30); // 76 measured: 3 pods failing most ticks for 5 minutes
    expect(timedOut.length).toBeGreaterThanOrEqual(1);
    expect(Math.min(...failures.map(t))).toBeGreaterThan(120);
    expect(Math.max(...failures.map(t))).toBeLessThanOrEqual(430);
  });

  test('storm: pods leave the Service and rejoin it, all three at once at 2m30', () => {
    // The three first pods were admitted together, so their probes tick together (every 10 s): three refused ticks
    // (2m10, 2m20, 2m30) take all of them out at 2m30; with no endpoint the row of 2m40 counts no_endpoints; the
    // drained pods pass at 2m40 and are back (endpoints 4 with the new pod) in the row of 2m50.
    const at = (s: number) => storm.services.find((r) => t(r) === s)!;
    expect([at(160).endpoints_ready, at(170).endpoints_ready]).toEqual(['0', '4']);
    expect(n(at(160).no_endpoints)).toBeGreaterThan(0);
    // Leaving and rejoining for the whole burst: every first pod goes unready and back at least twice.
    const first = [...new Set(storm.pods.filter((r) => t(r) === 0).map((r) => r.pod))];
    for (const pod of first) {
      const states = storm.pods.filter((r) => r.pod === pod && t(r) > 120 && t(r) <= 430 && r.phase === 'Running').map((r) => r.ready);
      const rejoins = states.filter((s, i) => i > 0 && s === 'true' && states[i - 1] === 'false').length;
      expect(rejoins).toBeGreaterThanOrEqual(2);
    }
    const burstEndpoints = rows(storm, 170, 420).map((r) => n(r.endpoints_ready));
    expect(Math.min(...burstEndpoints)).toBeLessThan(4);
  });

  test('storm: the 4th pod comes too late — 40 rps of capacity for 36 offered, but ~100 attempts per second', () => {
    // Rows (170, 420]: 4 pods serve at most 40 rps. The storm goes on: the attempts per second stay far above 40,
    // and few requests succeed (measured 600 of 9,109, 6.6 %; the claim: under 20 %).
    const late = rows(storm, 170, 420);
    expect(sum(late, 'attempts') / 250).toBeGreaterThan(2 * 40);
    expect(sum(late, 'completed') / sum(late, 'arrivals')).toBeLessThan(0.2);
    // At 7m the load is 12 rps again: 2 attempts per request at most can hold 24 attempts/s of the 40 the pods
    // serve, so the queues drain; 10 s later nothing fails.
    for (const r of rows(storm, 440, 600)) expect(errors(r)).toBe(0);
  });

  test('budget: at every retry, retries of the last 10 s ≤ 10 % of the requests of the last 10 s + 1/s × 10 s', () => {
    // From requests.csv (every attempt): a request deposits when its first attempt is sent (sent_s of attempt 1);
    // a retry withdraws when it is decided, at the failure of the attempt before it (time_s of a row with final
    // = false). The rule counts both over (now − 10 s, now], this retry included.
    const reqs = readCsv(path.join(budget.dir, 'requests.csv'));
    const us = (s: string) => Math.round(Number(s) * 1e6);
    const deposits = reqs.filter((r) => r.attempt === '1').map((r) => us(r.sent_s)).sort((a, b) => a - b);
    const withdrawals = reqs.filter((r) => r.final === 'false').map((r) => us(r.time_s)).sort((a, b) => a - b);
    const inWindow = (xs: number[], now: number) => xs.filter((x) => x > now - 10e6 && x <= now).length;
    expect(withdrawals.length).toBe(n(fig(budget, 'retries')));
    for (const now of withdrawals) expect(inWindow(withdrawals, now)).toBeLessThanOrEqual(0.1 * inWindow(deposits, now) + 10 + 1e-9);
    // Retries refused: failed attempts with attempts left whose outcome became final (every outcome is retried).
    const refused = reqs.filter((r) => r.final === 'true' && r.outcome !== 'success' && r.attempt !== '3').length;
    expect(refused).toBe(n(fig(budget, 'retries_refused')));
    expect(refused).toBeGreaterThan(0);
    // In the gap (rows (120, 170]: 50 s at 36 rps) the budget is what limits: 0.1 × 36 + 1 = 4.6 retries/s at
    // most (measured 222 retries, 4.44/s; the claim: 4.6 × 1.05, the slack for Poisson arrivals above 36 rps).
    const gap = rows(budget, 120, 170);
    expect(sum(gap, 'retries') / 50).toBeLessThanOrEqual(4.6 * 1.05);
    expect(sum(gap, 'retries') / 50).toBeGreaterThan(3.5);
  });

  test('budget: the pods survive — ≤ 1.1 attempts per request, no pod leaves, no error once the 4th pod is in', () => {
    // Amplification at most 1 + 4.6 / 36 = 1.13 in the gap and 1 when nothing fails (measured 1.016 over the run).
    expect(n(fig(budget, 'retry_amplification'))).toBeLessThanOrEqual(1.1);
    // Attempts 36 × 1.13 ≈ 41/s against 30: the queues are full less often than in the storm — a few refused probes
    // (3 measured), never three in a row: no pod leaves, nobody gets no_endpoints.
    expect(unhealthy(budget).length).toBeLessThan(10);
    expect(Math.min(...rows(budget, 120, 420).map((r) => n(r.endpoints_ready)))).toBe(3);
    expect(sum(budget.services, 'no_endpoints')).toBe(0);
    // From 2m50 on: 4 pods, 40 rps for 36: every request succeeds, and the CPU is 36 / 40 = 90 % of the request.
    // Each sync reads a 15 s window: 540 requests ± √540 ≈ 23 (4.3 %, ±3.9 points); the mean of the 13 syncs from
    // 4m to 7m (disjoint windows) is within ±1.1 points at 1 sd: the claim is ±3.
    for (const r of rows(budget, 170, 600)) expect(errors(r)).toBe(0);
    const cpu = budget.hpa.filter((r) => t(r) >= 240 && t(r) <= 420).map((r) => n(r.metric1_value));
    expect(cpu.length).toBe(13);
    expect(Math.abs(cpu.reduce((a, b) => a + b, 0) / cpu.length - 90)).toBeLessThanOrEqual(3);
    // Client-visible failures: a tenth of the storm's (measured 971 against 9,987).
    expect(n(fig(budget, 'dropped_requests')) * 5).toBeLessThan(n(fig(storm, 'dropped_requests')));
  });

  test('k8sim compare puts the two runs side by side', () => {
    const r = k8sim(['compare', storm.dir, budget.dir]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const header = r.stdout.split('\n')[0].split(/ {2,}/);
    expect(header).toEqual(['scope', 'object', 'figure', 'cascade-storm (default/api: KubernetesHPA)', 'cascade-budget (default/api: KubernetesHPA)']);
    const line = r.stdout.split('\n').find((l) => /^run +retry_amplification /.test(l))!;
    expect(line.trim().split(/ +/).slice(-2)).toEqual([fig(storm, 'retry_amplification'), fig(budget, 'retry_amplification')]);
  });
});
