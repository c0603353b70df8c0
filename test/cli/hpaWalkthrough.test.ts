/**
 * scenarios/examples/hpa-walkthrough.yaml through the real CLI: the Kubernetes HPA walkthrough's key numbers in
 * hpa.csv, events.csv, workloads.csv and summary.csv, each derived in the comments from the scenario's settings:
 *
 * - php-apache: requests 200m, limit 500m; HPA (autoscaling/v2, no behavior: the legacy path) min 1, max 10, cpu 50 %.
 * - load: 75 rps of 10 ms of CPU each, evenly spaced, from 60 s to 660 s: 750m in all, 75 × 600 = 45,000 requests.
 * - Apache-like serving: at most 20 requests in flight per pod (a 21st is refused), so an overloaded pod builds no
 *   backlog beyond 20 requests.
 * - metrics-server preset: scrapes every 15 s over a 15 s window; a container started 10–15 s before a scrape has a
 *   sample from its start. The HPA syncs at 0 and every 15 s, after the scrape of the same instant.
 * - new pods: image pull 0 s, container start 1 s, Ready when the container starts (no probe), in the Service's load
 *   balancer 1 s later (kube-proxy sync); RoundRobin spreads the requests evenly.
 * - a pod's CPU sample is served in whole millicores rounded up (Quantity.MilliValue); the controller's utilization is
 *   floor(Σ usage × 100 / Σ request) over the ready pods, and its proposal ceil(utilization / 50 × ready pods).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sim, readCsv, tempDir } from '../support/cli';

type Row = Record<string, string>;
const sec = (r: Row) => Number(r.time_s);

const dir = tempDir();
const run = k8sim(['run', 'scenarios/examples/hpa-walkthrough.yaml', '--out', dir, '--quiet']);
if (run.code !== 0) throw new Error(`k8sim run exited ${run.code}: ${run.stderr}`);
const hpa = readCsv(path.join(dir, 'hpa.csv'));
const events = readCsv(path.join(dir, 'events.csv'));
const workloads = readCsv(path.join(dir, 'workloads.csv'));
const podMetrics = readCsv(path.join(dir, 'pod_metrics.csv'));
const at = (t: number) => hpa.find((r) => sec(r) === t)!;
const cols = (r: Row, ...names: string[]) => names.map((n) => r[n]);
const rescales = events.filter((e) => e.reason === 'SuccessfulRescale');

test('the HPA syncs at 0 and every 15 s to the end (20 m): 81 rows', () => {
  expect(hpa.map(sec)).toEqual(Array.from({ length: 81 }, (_, i) => 15 * i));
  expect(new Set(hpa.map((r) => `${r.hpa} ${r.policy} ${r.target_kind}/${r.target_name} ${r.metric1_name}`))).toEqual(new Set(['php-apache KubernetesHPA Deployment/php-apache cpu']));
});

test('t = 0: the pod is not running yet, so no metric: FailedGetResourceMetric, and the size stays 1', () => {
  expect(cols(at(0), 'current_replicas', 'ready_pods', 'metric1_value', 'desired_replicas', 'scaling_active')).toEqual(['1', '0', '', '1', 'FailedGetResourceMetric']);
  expect(events.filter((e) => sec(e) === 0 && e.kind === 'HorizontalPodAutoscaler').map((e) => e.reason)).toEqual(['FailedGetResourceMetric', 'FailedComputeMetricsReplicas']);
});

test('15–60 s: no load, 0 %; the first sync seeded a recommendation of 1, so nothing changes', () => {
  for (const t of [15, 30, 45, 60]) expect(cols(at(t), 'metric1_value', 'metric1_proposal', 'stabilized', 'desired_replicas')).toEqual(['0', '0', '1', '1']);
});

test('75 s: one pod capped at its 500m limit is 250 %: proposal ceil(1 × 250 / 50) = 5, the legacy limit max(2 × 1, 4) = 4', () => {
  // The scrape at 75 s covers 60–75 s, all of it at full load; the single pod can use 500m of the 750m offered.
  expect(cols(at(75), 'current_replicas', 'metric1_value', 'metric1_proposal', 'stabilized', 'desired_replicas', 'limit_reason')).toEqual(['1', '250', '5', '5', '4', 'ScaleUpLimit']);
  expect(sec(rescales[0])).toBe(75);
  expect(rescales[0].message).toBe('New size: 4; reason: cpu resource utilization (percentage of request) above target');
  expect(events.find((e) => sec(e) === 75 && e.reason === 'ScalingReplicaSet')?.message).toMatch(/^Scaled up replica set php-apache-\w+ from 1 to 4$/);
});

test('90 s: 4 → 8: the 14 s samples of the three new pods and the old pod\'s saturated start give 94–96 %', () => {
  // The 3 new pods start at 76 s and get requests from 77 s: 75 / 4 = 18.75 rps = 187.5m for 13 s of their 14 s
  // sample (76–90 s): 187.5 × 13 / 14 = 174.1m; with 243 or 244 whole requests each, 173.6–174.3m, served as 174 or 175m.
  // The old pod: 500m for 75–77 s, then its ≤ 20 requests in flight (≤ 200 m·s of work left) and 187.5m for 13 s:
  // (1000 + 2437.5) / 15 = 229.2m to (1000 + 200 + 2437.5) / 15 = 242.5m.
  const samples = podMetrics.filter((r) => sec(r) === 90).map((r) => Number(r.metrics_server_cpu_m));
  for (const s of samples.slice(1)) expect([174, 175]).toContain(s);
  expect(samples[0]).toBeGreaterThanOrEqual(230);
  expect(samples[0]).toBeLessThanOrEqual(243);
  // Utilization floor((230..243 + 522..525) × 100 / 800) = 94..96 %; ratio 1.88..1.92; × 4 ready pods = 7.52..7.68 → 8.
  // The new pods count as ready: Ready at 76 s, and their sample (timestamp 90, window 14 s) does not start before it.
  // The legacy limit at 4 replicas is max(2 × 4, 4) = 8: not limited.
  const row = at(90);
  const sum = samples.reduce((a, b) => a + b, 0);
  expect(Number(row.metric1_value)).toBe(Math.floor((sum * 100) / 800));
  expect(Number(row.metric1_value)).toBeGreaterThanOrEqual(94);
  expect(Number(row.metric1_value)).toBeLessThanOrEqual(96);
  expect(cols(row, 'current_replicas', 'ready_pods', 'metric1_proposal', 'desired_replicas', 'limit_reason')).toEqual(['4', '4', '8', '8', 'DesiredWithinRange']);
  expect(rescales[1].message).toBe('New size: 8; reason: cpu resource utilization (percentage of request) above target');
  expect(sec(rescales[1])).toBe(90);
});

test('the plateau: 8 replicas from 90 s at 47–48 %, within the 10 % tolerance of the 50 % target', () => {
  // 105 s: the 4 older pods: 187.5m for 90–92 s (the new endpoints reach kube-proxy at 92 s), then 75 / 8 = 93.75m:
  // (2 × 187.5 + 13 × 93.75) / 15 = 106.25m → 106 or 107m; the 4 newer pods (started 91 s, requests from 92 s):
  // 93.75 × 13 / 14 = 87.05m → 87 or 88m. floor((424..428 + 348..352) × 100 / 1600) = 48 %: ratio 0.96, within the
  // tolerance (|1 − 0.96| ≤ 0.1) → keep 8.
  expect(cols(at(105), 'current_replicas', 'ready_pods', 'metric1_value', 'metric1_proposal', 'desired_replicas')).toEqual(['8', '8', '48', '8', '8']);
  // 120–660 s: every pod serves every 8th request, 140 or 141 per 15 s window: 93.3–94m, served as 94m.
  // floor(8 × 94 × 100 / 1600) = 47 %: ratio 0.94, within the tolerance → the size stays 8.
  const plateau = hpa.filter((r) => sec(r) >= 120 && sec(r) <= 660);
  expect(plateau).toHaveLength(37);
  expect(new Set(plateau.map((r) => cols(r, 'current_replicas', 'ready_pods', 'metric1_value', 'metric1_proposal', 'desired_replicas').join(' ')))).toEqual(new Set(['8 8 47 8 8']));
  expect(new Set(podMetrics.filter((r) => sec(r) >= 120 && sec(r) <= 660).map((r) => r.metrics_server_cpu_m))).toEqual(new Set(['94']));
  // No rescale between 90 s and 975 s: the size is 8 for the whole load and the 5 minutes after it.
  expect(hpa.filter((r) => sec(r) > 90 && sec(r) <= 960).every((r) => r.desired_replicas === '8')).toBe(true);
});

test('after the load: the 660 s sample still covers full load; the 5 m window with its inclusive edge holds 8 through 960 s', () => {
  // The scrape at 660 s covers 645–660 s (the last request arrives at 660 s): the last recommendation of 8.
  expect(cols(at(660), 'metric1_value', 'metric1_proposal')).toEqual(['47', '8']);
  // From 675 s: 0 % (a straggler's 1m is floor(2 × 100 / 1600) = 0), proposal 0, but the window's maximum is 8.
  for (let t = 675; t <= 960; t += 15) {
    expect({ t, v: cols(at(t), 'metric1_value', 'metric1_proposal', 'stabilized', 'desired_replicas', 'able_to_scale') }).toEqual({ t, v: ['0', '0', '8', '8', 'ScaleDownStabilized'] });
  }
  // At 960 s the cutoff is 960 − 300 = 660: the recommendation made at 660 s is not before it, so it still counts
  // (horizontal.go stabilizeRecommendation keeps a sample unless it is Before the cutoff).
});

test('975 s: the 660 s recommendation has aged out: 8 → 1 in one step, "All metrics below target"', () => {
  // The cutoff is now 975 − 300 = 675 s: the recommendations kept (675–975 s) are all 0, below minReplicas, so the
  // size is 1 (TooFewReplicas).
  expect(cols(at(975), 'current_replicas', 'metric1_proposal', 'stabilized', 'desired_replicas', 'limit_reason', 'able_to_scale')).toEqual(['8', '0', '0', '1', 'TooFewReplicas', 'SucceededRescale']);
  expect(rescales.map((e) => [sec(e), e.message])).toEqual([
    [75, 'New size: 4; reason: cpu resource utilization (percentage of request) above target'],
    [90, 'New size: 8; reason: cpu resource utilization (percentage of request) above target'],
    [975, 'New size: 1; reason: All metrics below target'],
  ]);
  expect(events.find((e) => sec(e) === 975 && e.reason === 'ScalingReplicaSet')?.message).toMatch(/^Scaled down replica set php-apache-\w+ from 8 to 1$/);
  expect(hpa.filter((r) => sec(r) > 975).every((r) => r.current_replicas === '1' && r.desired_replicas === '1')).toBe(true);
  // 975 s is 315 s after the load stopped: the 300 s window plus one sync period.
});

test('replicas never leave [minReplicas, maxReplicas] = [1, 10]', () => {
  for (const r of hpa) {
    expect(Number(r.desired_replicas)).toBeGreaterThanOrEqual(1);
    expect(Number(r.desired_replicas)).toBeLessThanOrEqual(10);
  }
  const deployment = workloads.filter((r) => r.kind === 'Deployment');
  expect(Math.max(...deployment.map((r) => Number(r.desired)))).toBe(8);
  expect(Math.min(...deployment.map((r) => Number(r.desired)))).toBe(1);
});

test('demand_replicas: ceil(750m / (50 % × 200m)) = ceil(7.5) = 8 while the load runs, 0 outside it', () => {
  expect(new Set(hpa.filter((r) => sec(r) >= 60 && sec(r) < 660).map((r) => r.demand_replicas))).toEqual(new Set(['8']));
  expect(new Set(hpa.filter((r) => sec(r) < 60 || sec(r) >= 660).map((r) => r.demand_replicas))).toEqual(new Set(['0']));
});

test('summary.csv: cost, requests and the time to capacity, from the traces', () => {
  const summary = new Map(readCsv(path.join(dir, 'summary.csv')).map((r) => [`${r.scope} ${r.name} ${r.figure}`, r.value]));
  // workloads.csv samples every 15 s (after every change of the instant): 1 pod on [0, 75), 4 on [75, 90),
  // 8 on [90, 975) (the deleted pods are not active from 975 s), 1 on [975, 1200]:
  // 75 + 4 × 15 + 8 × 885 + 225 = 7,440 replica-seconds.
  expect(summary.get('run  replica_seconds')).toBe('7440');
  expect(summary.get('Deployment php-apache replica_seconds')).toBe('7440');
  // Ready: 0 at 0 s (it starts at 1 s), 1 on [15, 90), 4 on [90, 105), 8 on [105, 975), 1 after:
  // 60 + 15 + 60 + 6,960 + 225 = 7,320.
  expect(summary.get('Deployment php-apache ready_replica_seconds')).toBe('7320');
  // 75 rps × 600 s
  expect(summary.get('run  requests')).toBe('45000');
  // Changes of spec.replicas: 1 → 4 → 8 (two ups), 8 → 1 (one down, reversing the direction)
  expect(['scale_ups', 'scale_downs', 'direction_reversals', 'max_replicas'].map((f) => summary.get(`Deployment php-apache ${f}`))).toEqual(['2', '1', '1', '8']);
  // Demand 8 from 60 s; ready pods 1 (60, 75 s), 4 (90 s), 8 (105 s): under-provisioned 60–105 s = 45 s, and the
  // demand step at 60 s is met at 105 s.
  expect(summary.get('HorizontalPodAutoscaler php-apache under_provisioned_seconds')).toBe('45');
  expect(summary.get('HorizontalPodAutoscaler php-apache mean_time_to_capacity_seconds')).toBe('45');
  // The SLO (200 ms) is broken only while one pod took the whole load: the rows at 75 and 90 s (p99 ≈ 390 ms: 20
  // requests sharing 500m), 15 s each.
  expect(summary.get('run  slo_violation_seconds')).toBe('30');
  const run = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
  expect(run.policies).toEqual(['default/php-apache: KubernetesHPA']);
  expect(run.summary.find((f: { scope: string; figure: string }) => f.scope === 'run' && f.figure === 'replica_seconds').value).toBe('7440');
});
