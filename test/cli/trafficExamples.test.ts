/**
 * The traffic examples through the real CLI, with requests.csv, checking their key numbers (derived in the
 * comments from the scenario's own settings and the documented rules).
 * Common timing: images pull in 1 s and containers start in 1 s (the defaults) unless a Behavior says otherwise;
 * pods without a readiness probe are Ready when their container starts; kube-proxy applies each endpoint change
 * 1 s later; at one instant requests (TRAFFIC) come before the load balancer's update (CONTROLLER).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sim, readCsv, tempDir } from '../support/cli';
import { milliseconds, seconds, subMicros, toSeconds } from '../../engine/time';

type Row = Record<string, string>;

function runExample(name: string): { dir: string; services: Row[]; pods: Row[]; podMetrics: Row[]; requests: Row[] } {
  const dir = tempDir();
  const r = k8sim(['run', `scenarios/examples/${name}.yaml`, '--out', dir, '--quiet', '--trace-requests']);
  if (r.code !== 0) throw new Error(`k8sim run ${name} exited ${r.code}: ${r.stderr}`);
  const csv = (f: string) => readCsv(path.join(dir, f));
  return { dir, services: csv('services.csv'), pods: csv('pods.csv'), podMetrics: csv('pod_metrics.csv'), requests: csv('requests.csv') };
}
/** µs from a fixed-decimal seconds or milliseconds cell (exact: the cells are integers of µs). */
const us = (s: string) => seconds(Number(s));
const sentAt = (r: Row) => subMicros(us(r.time_s), milliseconds(Number(r.latency_ms)));
const at = (rows: Row[], t: number) => rows.filter((r) => us(r.time_s) === seconds(t));

describe('web-rr.yaml', () => {
  const { services, podMetrics, requests, dir } = runExample('web-rr');

  test('503s until the pods are in the load balancer (3 s), then every request succeeds in exactly 10 ms', () => {
    // Ready at 2 s (pull 1 s + start 1 s), in the load balancer at 3 s: the 180 requests sent at k/60 s ≤ 3 s get 503.
    expect(requests.filter((r) => r.outcome === 'no_endpoints').length).toBe(180);
    expect(Math.max(...requests.filter((r) => r.outcome === 'no_endpoints').map(sentAt))).toBe(seconds(3));
    // 20 rps per pod, 50 ms apart, each 10 ms of a full core alone in its pod: no queueing at all.
    expect(new Set(requests.filter((r) => r.outcome !== 'no_endpoints').map((r) => `${r.outcome} ${r.latency_ms}`))).toEqual(new Set(['success 10.000']));
    // Rows (t − 15 s, t]: 900 arrivals; from 30 s on 900 successes (the one sent at t is in flight at the row and
    // completes in the next interval), all percentiles 10.000 ms.
    for (const row of services.filter((r) => us(r.time_s) >= seconds(30))) {
      expect([row.endpoints_ready, row.arrivals, row.completed, row.no_endpoints, row.latency_p50_ms, row.latency_p99_ms, row.latency_max_ms]).toEqual(['3', '900', '900', '0', '10.000', '10.000', '10.000']);
    }
    expect([services[1].arrivals, services[1].completed, services[1].no_endpoints]).toEqual(['900', '719', '180']);
  });

  test('RoundRobin spreads the requests exactly evenly over the 3 pods', () => {
    // Requests sent in (3 s, 297 s]: k = 181 … 17,820, i.e. 17,640 → 5,880 per pod.
    const counts = new Map<string, number>();
    for (const r of requests) if (r.pod !== '' && sentAt(r) <= seconds(297)) counts.set(r.pod, (counts.get(r.pod) ?? 0) + 1);
    expect([...counts.values()]).toEqual([5880, 5880, 5880]);
  });

  test('each pod uses 20 rps × 10 ms + 5m idle = 205m: 82 % of its 250m request; the metric appears at 75 s', () => {
    const rows = podMetrics.filter((r) => us(r.time_s) >= seconds(30));
    expect(new Set(rows.map((r) => `${r.cpu_usage_m} ${r.cpu_request_m} ${r.cpu_utilization_pct}`))).toEqual(new Set(['205.000 250 82.00']));
    // First scrape of the running pods at 15 s; the product-spec window (60 s) needs the scrape 60 s earlier: 75 s.
    expect(at(podMetrics, 60).map((r) => r.metrics_server_cpu_m)).toEqual(['', '', '']);
    expect(podMetrics.filter((r) => us(r.time_s) >= seconds(75)).every((r) => r.metrics_server_cpu_m === '205')).toBe(true);
    // Memory: 64Mi baseline, + 1Mi for a request in flight at the sample instant.
    expect(new Set(rows.map((r) => `${r.memory_bytes} ${r.in_flight}`))).toEqual(new Set([`${64 * 2 ** 20} 0`, `${65 * 2 ** 20} 1`]));
  });

  test('run.json counts the outcomes', () => {
    const run = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
    // 60 rps × 300 s = 18,000 sent; 180 × 503; the one sent at 300 s is still in flight at the end.
    expect(run.counts.requests['default/web']).toEqual({ arrivals: 18000, success: 17819, timeout: 0, rejected: 0, no_endpoints: 180, failed: 0 });
    expect(run.counts.traceRows['requests.csv']).toBe(17999);
  });
});

describe('web-affinity.yaml', () => {
  const { requests, pods, services } = runExample('web-affinity');
  const routed = requests.filter((r) => r.pod !== '');
  const killed = pods.find((r) => r.reason === 'Error' && r.exit_code === '137')!;

  test('the first pod by name is killed at 120 s and restarts at once: running again at 121 s (start 1 s)', () => {
    expect(us(killed.time_s)).toBe(seconds(120));
    expect(pods.filter((r) => r.pod === killed.pod && r.container_state === 'running').map((r) => us(r.time_s))).toEqual([seconds(2), seconds(121)]);
  });

  test('every client sticks to one pod until the kill; clients of the other pods never move', () => {
    const podsOf = (client: string, from: number, to: number) => [...new Set(routed.filter((r) => r.client === client && sentAt(r) >= from && sentAt(r) < to).map((r) => r.pod))];
    const clients = [...new Set(routed.map((r) => r.client))].sort();
    expect(clients.length).toBe(12);
    let moved = 0;
    for (const client of clients) {
      const before = podsOf(client, 0, seconds(120));
      expect(before.length).toBe(1);
      if (before[0] !== killed.pod) {
        expect(podsOf(client, 0, seconds(240))).toEqual(before);
        continue;
      }
      // Its connections are refused while the container is down, [120 s, 121 s) …
      expect(routed.filter((r) => r.client === client && sentAt(r) >= seconds(120) && sentAt(r) < seconds(121)).every((r) => r.outcome === 'failed')).toBe(true);
      // … (a request sent at exactly 121 s still goes to the restarted container, running again since that instant,
      // before the load balancer drops the pod) then it is re-picked once and stays: away from the killed pod if it
      // came back before the pod rejoined the load balancer at 122 s (Ready at 121 s + 1 s sync).
      const after = podsOf(client, seconds(121) + 1, seconds(240));
      expect(after.length).toBe(1);
      const back = Math.min(...routed.filter((r) => r.client === client && sentAt(r) > seconds(121)).map(sentAt));
      if (back < seconds(122)) expect(after[0]).not.toBe(killed.pod);
      if (after[0] !== killed.pod) moved++;
    }
    expect(moved).toBeGreaterThan(0);
  });

  test('only those refused connections fail; services.csv counts them in the 130 s row', () => {
    const failed = requests.filter((r) => r.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.pod === killed.pod && sentAt(r) >= seconds(120) && sentAt(r) < seconds(121))).toBe(true);
    expect(at(services, 130)[0].failed).toBe(String(failed.length));
  });
});

describe('overload.yaml', () => {
  const { services, podMetrics, requests, pods, dir } = runExample('overload');
  const row = (t: number) => {
    const r = at(services, t)[0];
    return [r.endpoints_ready, r.arrivals, r.completed, r.timeout, r.rejected, r.latency_p50_ms, r.latency_max_ms];
  };

  test('under capacity: 5 rps per pod, each request 50 ms of a core at the 500m limit → exactly 100 ms', () => {
    for (const t of [20, 30, 40, 50, 60, 260, 300]) expect(row(t)).toEqual(['3', '150', '150', '0', '0', '100.000', '100.000']);
  });

  test('45 rps on 3 × 10 rps of capacity: full queues reject 5 rps per pod, every admitted request times out', () => {
    // A pod serves 10 rps; of its 15 rps, 5 are rejected once 1 + 10 requests are in it. An admitted request waits
    // for the 10 ahead and is served: 11 × 100 ms = 1.1 s > the 1 s timeout. Per 10 s: 450 sent, 150 rejected,
    // 300 time out, none succeeds (the pods keep working on abandoned requests).
    for (const t of [90, 100, 110, 120]) expect(row(t)).toEqual(['3', '450', '0', '300', '150', '', '']);
  });

  test('the CPU limit throttles and never kills: every pod at exactly 500m during the overload', () => {
    expect(podMetrics.filter((r) => us(r.time_s) === seconds(100)).map((r) => `${r.cpu_usage_m} ${r.cpu_utilization_pct} ${r.in_flight}`)).toEqual(Array(3).fill('500.000 100.00 11'));
    const run = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
    expect([run.counts.containerRestarts, run.counts.oomKills]).toEqual([0, 0]);
  });

  test("the canary's readiness probe takes it out of the Service from 126 s to 181 s", () => {
    // Its readiness fails from 120 s (2 m after its start at 0): ticks every 5 s at 120, 125 → failureThreshold 2
    // → not Ready at 125 s → out of the load balancer at 126 s. It passes again at the 180 s tick → back at 181 s.
    const canary = pods.filter((r) => r.pod.startsWith('api-canary-') && r.container === '' && us(r.time_s) > 0);
    expect(canary.map((r) => [toSeconds(us(r.time_s)), r.ready])).toEqual([
      [125, 'false'],
      [180, 'true'],
    ]);
    expect(requests.filter((r) => r.pod.startsWith('api-canary-') && sentAt(r) > seconds(126) && sentAt(r) <= seconds(181))).toEqual([]);
    // Two pods take 22.5 rps each: 12.5 rejected per pod per second, 10 admitted (and timed out) per pod.
    for (const t of [140, 150, 160, 170, 180]) expect(row(t)).toEqual(['2', '450', '0', '200', '250', '', '']);
  });
});

describe('request trace flags', () => {
  test('no requests.csv without --trace-requests; 1 in N with --trace-requests-sample N', () => {
    const plain = tempDir();
    expect(k8sim(['run', 'scenarios/examples/web-rr.yaml', '--out', plain, '--quiet', '--duration', '10s']).code).toBe(0);
    expect(fs.existsSync(path.join(plain, 'requests.csv'))).toBe(false);
    const sampled = tempDir();
    expect(k8sim(['run', 'scenarios/examples/web-rr.yaml', '--out', sampled, '--quiet', '--duration', '10s', '--trace-requests-sample', '10']).code).toBe(0);
    // 60 rps for 10 s: requests 0 … 599 (ids in arrival order); the last one (sent at 10 s) is still in flight, so
    // 599 have an outcome, of which ids 0, 10, …, 590 are kept: 60 rows, the first at 1/60 s.
    const rows = readCsv(path.join(sampled, 'requests.csv'));
    expect(rows.length).toBe(60);
    expect(rows[0].time_s).toBe('0.016667');
  });

  test('--trace-requests-sample must be an integer ≥ 1', () => {
    const r = k8sim(['run', 'scenarios/examples/web-rr.yaml', '--out', tempDir(), '--trace-requests-sample', '0']);
    expect([r.code, r.stderr.trim()]).toEqual([2, 'k8sim: error: --trace-requests-sample: expected an integer ≥ 1, got "0"']);
  });
});

describe('a duration between samples', () => {
  test('the sampled traces take a last row at the end, and run.json request totals equal summary.csv', () => {
    // web-rr at 60 rps with sampleInterval 15 s, run for 95 s: rows at 0, 15, …, 90 and one more at 95. Evenly
    // spaced arrivals at 60 rps: about 95 × 60 = 5,700 requests, all counted by both run.json and summary.csv.
    const dir = tempDir();
    const r = k8sim(['run', 'scenarios/examples/web-rr.yaml', '--duration', '95s', '--out', dir, '--quiet']);
    expect(r.code).toBe(0);
    const services = readCsv(path.join(dir, 'services.csv'));
    expect(services.map((x) => Number(x.time_s)).slice(-3)).toEqual([75, 90, 95]);
    const run = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
    const summary = readCsv(path.join(dir, 'summary.csv'));
    const requests = summary.find((x) => x.scope === 'Service' && x.figure === 'requests')!;
    const arrivals = services.reduce((n, x) => n + Number(x.arrivals), 0);
    expect(run.counts.requests['default/web'].arrivals).toBe(arrivals);
    expect(Number(requests.value)).toBe(arrivals);
    expect(Math.abs(arrivals - 5700)).toBeLessThanOrEqual(1);
  });
});
