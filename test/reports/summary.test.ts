/**
 * summary.csv figures (reports/summary.ts) on a tiny trace folder written here by hand: every expected value is
 * derived in the comments from the rows below. Then the same fold streamed from a run's records: it gives the rows
 * of the finished folder read back. The SPEC RG elasticity arithmetic itself is in elasticity.test.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TraceSummary, type SummaryRow } from '../../reports/summary';
import { computeSummary } from '../../reports/summaryFromFolder';
import { hpaColumns } from '../../reports/hpaCsv';
import { teeRecorder } from '../../reports/tee';
import { POD_COLUMNS, SERVICE_COLUMNS, TraceWriter, WORKLOAD_COLUMNS } from '../../reports/traceWriter';
import { seconds, toMilliseconds } from '../../engine/time';
import { Simulation } from '../../models/simulation';
import { loadScenario } from '../../scenarios/load';
import { behavior, container, pod, podSpec, scenario, service, traffic } from '../support/build';

function writeTrace(dir: string, name: string, columns: readonly string[], rows: readonly string[]): void {
  for (const r of rows) expect({ name, r, cells: r.split(',').length }).toEqual({ name, r, cells: columns.length });
  fs.writeFileSync(path.join(dir, name), [columns.join(','), ...rows].join('\n') + '\n');
}

const table = (rows: readonly SummaryRow[]) => rows.map((r) => [r.scope, r.namespace, r.name, r.figure, r.value].join(','));

// ---- workloads.csv, sampled every 10 s from 0 to the end (40 s).
// web's Deployment scales 1 → 3 at 20 s and 3 → 2 at 40 s; its ReplicaSet web-5d8c6b6779 has the same rows and is
// summarised under the Deployment; the ReplicationController legacy keeps 2.
const WORKLOADS = [
  '0.000000,default,Deployment,web,1,1,0,0',
  '0.000000,default,ReplicaSet,web-5d8c6b6779,1,1,0,0',
  '0.000000,default,ReplicationController,legacy,2,2,2,2',
  '10.000000,default,Deployment,web,1,1,1,1',
  '10.000000,default,ReplicaSet,web-5d8c6b6779,1,1,1,1',
  '10.000000,default,ReplicationController,legacy,2,2,2,2',
  '20.000000,default,Deployment,web,3,3,1,1',
  '20.000000,default,ReplicaSet,web-5d8c6b6779,3,3,1,1',
  '20.000000,default,ReplicationController,legacy,2,2,2,2',
  '30.000000,default,Deployment,web,3,3,3,3',
  '30.000000,default,ReplicaSet,web-5d8c6b6779,3,3,3,3',
  '30.000000,default,ReplicationController,legacy,2,2,2,2',
  '40.000000,default,Deployment,web,2,2,2,2',
  '40.000000,default,ReplicaSet,web-5d8c6b6779,2,2,2,2',
  '40.000000,default,ReplicationController,legacy,2,2,2,2',
];

// ---- pods.csv
// aaaaa: Pending 0 → 3 (3 s); its app container is OOM-killed at 25 and restarts at 26 (restarts 0 → 1).
// bbbbb: two containers, Pending 20 → 24 (4 s: the pod's first non-Pending row ends it); sidecar exits with Error at
//        27 and restarts at 28 (0 → 1).
// ccccc: never scheduled, Pending 20 until deleted at 35 (the `Deleted` row ends it: 15 s).
// legacy-xxxxx: Pending from 30 to the end of the run, 40 s (the last workloads.csv sample): 10 s.
const P = 'web-5d8c6b6779';
const PODS = [
  `0.000000,default,${P}-aaaaa,node-1,Pending,false,ContainerCreating,app,waiting,ContainerCreating,,0`,
  `3.000000,default,${P}-aaaaa,node-1,Running,true,Running,app,running,,,0`,
  `20.000000,default,${P}-bbbbb,node-2,Pending,false,ContainerCreating,app,waiting,ContainerCreating,,0`,
  `20.000000,default,${P}-bbbbb,node-2,Pending,false,ContainerCreating,sidecar,waiting,ContainerCreating,,0`,
  `20.000000,default,${P}-ccccc,,Pending,false,Pending,,,,,`,
  `24.000000,default,${P}-bbbbb,node-2,Running,true,Running,app,running,,,0`,
  `24.000000,default,${P}-bbbbb,node-2,Running,true,Running,sidecar,running,,,0`,
  `25.000000,default,${P}-aaaaa,node-1,Running,false,OOMKilled,app,terminated,OOMKilled,137,0`,
  `26.000000,default,${P}-aaaaa,node-1,Running,true,Running,app,running,,,1`,
  `27.000000,default,${P}-bbbbb,node-2,Running,false,Error,sidecar,terminated,Error,1,0`,
  `28.000000,default,${P}-bbbbb,node-2,Running,true,Running,sidecar,running,,,1`,
  '30.000000,default,legacy-xxxxx,,Pending,false,Pending,,,,,',
  `35.000000,default,${P}-ccccc,,Pending,false,Deleted,,,,,`,
];

// ---- services.csv with an SLO of 100 ms: each row counts the interval that ends at its time.
// web:   (0,10]: 100 arrivals, 95 ok, 1 timeout, 2 rejected (2 still in flight); p99 50 ms.
//        (10,20]: 100 ok, 10 of them over 100 ms; p99 180 ms > 100 → 10 violating seconds.
//        (20,30]: 98 ok, 2 with no endpoints; p99 80 ms.
//        (30,40]: 99 ok (2 over 100 ms), 1 failed; p99 120 ms > 100 → 10 violating seconds.
// admin: no traffic at all.
const SERVICES = [
  '0.000000,default,web,0,0,0,0,0,0,0,,,,,0',
  '0.000000,default,admin,1,0,0,0,0,0,0,,,,,0',
  '10.000000,default,web,1,100,95,1,2,0,0,20.000,40.000,50.000,60.000,0',
  '10.000000,default,admin,1,0,0,0,0,0,0,,,,,0',
  '20.000000,default,web,3,100,100,0,0,0,0,30.000,150.000,180.000,200.000,10',
  '20.000000,default,admin,1,0,0,0,0,0,0,,,,,0',
  '30.000000,default,web,3,100,98,0,0,2,0,30.000,60.000,80.000,90.000,0',
  '30.000000,default,admin,1,0,0,0,0,0,0,,,,,0',
  '40.000000,default,web,2,100,99,0,0,0,1,30.000,60.000,120.000,130.000,2',
  '40.000000,default,admin,1,0,0,0,0,0,0,,,,,0',
];

// ---- hpa.csv, one sync every 10 s. web: demand (replicas the load needs) and supply (ready pods):
//   t       0  10  20  30  40
//   demand  1   3   3   3   2
//   ready   0   1   1   3   2
//   desired 1   3   3   3   2
// legacy: no CPU target, so no demand (empty cells); desired stays 2.
const HPA_ROWS = [
  '0.000000,default,web,KubernetesHPA,Deployment,web,1,0,1,cpu,,,,1,,SucceededGetScale,FailedGetResourceMetric,,',
  '0.000000,default,legacy,KubernetesHPA,ReplicationController,legacy,2,2,,rps,,,,2,,SucceededGetScale,FailedGetPodsMetric,,',
  '10.000000,default,web,KubernetesHPA,Deployment,web,1,1,3,cpu,150,3,3,3,DesiredWithinRange,SucceededRescale,ValidMetricFound,DesiredWithinRange,cpu resource utilization (percentage of request) above target',
  '10.000000,default,legacy,KubernetesHPA,ReplicationController,legacy,2,2,,rps,1000,2,2,2,DesiredWithinRange,ReadyForNewScale,ValidMetricFound,DesiredWithinRange,',
  '20.000000,default,web,KubernetesHPA,Deployment,web,3,1,3,cpu,150,3,3,3,DesiredWithinRange,ReadyForNewScale,ValidMetricFound,DesiredWithinRange,',
  '20.000000,default,legacy,KubernetesHPA,ReplicationController,legacy,2,2,,rps,1000,2,2,2,DesiredWithinRange,ReadyForNewScale,ValidMetricFound,DesiredWithinRange,',
  '30.000000,default,web,KubernetesHPA,Deployment,web,3,3,3,cpu,50,3,3,3,DesiredWithinRange,ReadyForNewScale,ValidMetricFound,DesiredWithinRange,',
  '30.000000,default,legacy,KubernetesHPA,ReplicationController,legacy,2,2,,rps,1000,2,2,2,DesiredWithinRange,ReadyForNewScale,ValidMetricFound,DesiredWithinRange,',
  '40.000000,default,web,KubernetesHPA,Deployment,web,3,2,2,cpu,30,2,2,2,DesiredWithinRange,SucceededRescale,ValidMetricFound,DesiredWithinRange,All metrics below target',
  '40.000000,default,legacy,KubernetesHPA,ReplicationController,legacy,2,2,,rps,1000,2,2,2,DesiredWithinRange,ReadyForNewScale,ValidMetricFound,DesiredWithinRange,',
];

function traceFolder(files: { workloads?: string[]; pods?: string[]; services?: string[]; hpa?: string[] }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-summary-'));
  if (files.workloads) writeTrace(dir, 'workloads.csv', WORKLOAD_COLUMNS, files.workloads);
  if (files.pods) writeTrace(dir, 'pods.csv', POD_COLUMNS, files.pods);
  if (files.services) writeTrace(dir, 'services.csv', SERVICE_COLUMNS, files.services);
  if (files.hpa) writeTrace(dir, 'hpa.csv', hpaColumns(1), files.hpa);
  return dir;
}

test('every figure of a run with Services, an SLO and HPAs', () => {
  const dir = traceFolder({ workloads: WORKLOADS, pods: PODS, services: SERVICES, hpa: HPA_ROWS });
  expect(table(computeSummary(dir, { sloMs: 100 }))).toEqual([
    // replica-seconds: web 80 + legacy 80 (below); web's ReplicaSet is not counted twice.
    'run,,,replica_seconds,160',
    // 3 (aaaaa) + 4 (bbbbb) + 15 (ccccc) + 10 (legacy-xxxxx)
    'run,,,pending_pod_seconds,32',
    // No FailedScheduling or Preempted event in these traces.
    'run,,,unschedulable_pod_seconds,0',
    'run,,,preemptions,0',
    // aaaaa/app 0 → 1, bbbbb/sidecar 0 → 1
    'run,,,container_restarts,2',
    // the one terminated row with reason OOMKilled
    'run,,,oom_kills,1',
    // 400 (web) + 0 (admin)
    'run,,,requests,400',
    // 1 timeout + 2 rejected + 2 no_endpoints + 1 failed
    'run,,,dropped_requests,6',
    // 100 × (over the SLO 10 + 2, plus every dropped request 6) / 400 = 4.5 %
    'run,,,requests_over_slo_pct,4.500',
    // web's rows at 20 and 40 have p99 > 100 ms; each covers the 10 s since the previous row
    'run,,,slo_violation_seconds,20',
    'Service,default,web,requests,400',
    'Service,default,web,dropped_requests,6',
    'Service,default,web,requests_over_slo_pct,4.500',
    'Service,default,web,slo_violation_seconds,20',
    'Service,default,admin,requests,0',
    'Service,default,admin,dropped_requests,0',
    // no arrivals: no percentage (an empty cell), not 0 %
    'Service,default,admin,requests_over_slo_pct,',
    'Service,default,admin,slo_violation_seconds,0',
    // current held from each sample to the next: 1×10 + 1×10 + 3×10 + 3×10 (the sample at 40 ends the run)
    'Deployment,default,web,replica_seconds,80',
    // ready: 0×10 + 1×10 + 1×10 + 3×10
    'Deployment,default,web,ready_replica_seconds,50',
    // desired 1, 1, 3, 3, 2: one change up, one down, and the down reverses the up
    'Deployment,default,web,scale_ups,1',
    'Deployment,default,web,scale_downs,1',
    'Deployment,default,web,direction_reversals,1',
    'Deployment,default,web,max_replicas,3',
    // 2 × 40
    'ReplicationController,default,legacy,replica_seconds,80',
    'ReplicationController,default,legacy,ready_replica_seconds,80',
    'ReplicationController,default,legacy,scale_ups,0',
    'ReplicationController,default,legacy,scale_downs,0',
    'ReplicationController,default,legacy,direction_reversals,0',
    'ReplicationController,default,legacy,max_replicas,2',
    // desired_replicas 1, 3, 3, 3, 2
    'HorizontalPodAutoscaler,default,web,scale_ups,1',
    'HorizontalPodAutoscaler,default,web,scale_downs,1',
    'HorizontalPodAutoscaler,default,web,direction_reversals,1',
    // Each sync's (demand, ready) holds until the next sync; T = 40 s.
    // [0,10) 1 > 0, [10,20) 3 > 1, [20,30) 3 > 1: 30 s under; [30,40) 3 = 3.
    'HorizontalPodAutoscaler,default,web,under_provisioned_seconds,30',
    'HorizontalPodAutoscaler,default,web,over_provisioned_seconds,0',
    // θ_U = 100 / 40 × (1/1 × 10 + 2/3 × 10 + 2/3 × 10) = 100 / 40 × 23.333 = 58.333 %
    'HorizontalPodAutoscaler,default,web,accuracy_under_pct,58.333',
    'HorizontalPodAutoscaler,default,web,accuracy_over_pct,0',
    // τ_U = 30 / 40
    'HorizontalPodAutoscaler,default,web,timeshare_under_pct,75',
    'HorizontalPodAutoscaler,default,web,timeshare_over_pct,0',
    // Δ(supply, demand) signs per interval: (+,+) (0,0) (+,0) (−,−): only [20,30) differs → 10 of 40 s
    'HorizontalPodAutoscaler,default,web,instability_pct,25',
    // supply changed in 3 intervals, demand in 2: (3 − 2) × 3600 / 40
    'HorizontalPodAutoscaler,default,web,jitter_per_hour,90',
    // demand rose to 3 at 10; ready pods first ≥ 3 at 30
    'HorizontalPodAutoscaler,default,web,mean_time_to_capacity_seconds,20',
    'HorizontalPodAutoscaler,default,web,unmet_demand_increases,0',
    // no demand column for legacy: scale counts only, no elasticity figures
    'HorizontalPodAutoscaler,default,legacy,scale_ups,0',
    'HorizontalPodAutoscaler,default,legacy,scale_downs,0',
    'HorizontalPodAutoscaler,default,legacy,direction_reversals,0',
  ]);
});

test('without an SLO, Services or HPAs, their figures are left out', () => {
  // A run without an SLO writes empty over_slo cells: no requests_over_slo_pct, no slo_violation_seconds.
  const noSlo = SERVICES.map((r) => r.replace(/,\d+$/, ','));
  const withServices = computeSummary(traceFolder({ workloads: WORKLOADS, pods: PODS, services: noSlo }), { sloMs: null });
  expect(table(withServices).filter((r) => r.startsWith('run,') || r.startsWith('Service,default,web,'))).toEqual([
    'run,,,replica_seconds,160',
    'run,,,pending_pod_seconds,32',
    // No FailedScheduling or Preempted event in these traces.
    'run,,,unschedulable_pod_seconds,0',
    'run,,,preemptions,0',
    'run,,,container_restarts,2',
    'run,,,oom_kills,1',
    'run,,,requests,400',
    'run,,,dropped_requests,6',
    'Service,default,web,requests,400',
    'Service,default,web,dropped_requests,6',
  ]);
  // No services.csv and no hpa.csv (a run without Services or HPAs): the run's pod figures and the workloads only.
  const bare = table(computeSummary(traceFolder({ workloads: WORKLOADS, pods: PODS }), { sloMs: 100 }));
  expect(bare.filter((r) => r.startsWith('run,'))).toEqual(['run,,,replica_seconds,160', 'run,,,pending_pod_seconds,32', 'run,,,unschedulable_pod_seconds,0', 'run,,,preemptions,0', 'run,,,container_restarts,2', 'run,,,oom_kills,1']);
  expect(bare.some((r) => r.startsWith('Service,') || r.startsWith('HorizontalPodAutoscaler,'))).toBe(false);
});

test('a trace source may be a function (e.g. traces still under their temporary names)', () => {
  const dir = traceFolder({ workloads: WORKLOADS, pods: PODS });
  const seen: string[] = [];
  const rows = computeSummary((name) => (seen.push(name), name === 'workloads.csv' || name === 'pods.csv' ? path.join(dir, name) : undefined), { sloMs: null });
  // kubectl.csv is asked for too (the policy figures), events.csv (Job completion times, quota refusals, scheduling)
  // and nodes.csv (nodes used).
  expect(seen.sort()).toEqual(['events.csv', 'hpa.csv', 'kubectl.csv', 'nodes.csv', 'pods.csv', 'rollouts.csv', 'services.csv', 'workloads.csv']);
  expect(table(rows)[0]).toBe('run,,,replica_seconds,160');
});

describe('streamed: the figures folded from a run\'s records as it runs', () => {
  test.each([
    ['crashloop.yaml', 'run,,,container_restarts,10'],
    ['hpa-walkthrough.yaml', 'HorizontalPodAutoscaler,default,php-apache,scale_ups,2'],
  ])('%s: the same rows as the finished trace folder read back', (file, someRow) => {
    // given an example run once, its records going both to the trace writer and to the streaming summary
    const s = loadScenario([path.join('scenarios', 'examples', file)]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-summary-'));
    const hpaMetrics = Math.max(1, ...s.autoscalers.map((a) => a.manifest.spec.metrics?.length ?? 1));
    const writer = new TraceWriter(dir, s.autoscalers.length > 0 ? { hpaMetrics } : {});
    const sloMs = s.slo ? toMilliseconds(s.slo.latency) : null;
    const streamed = new TraceSummary({ sloMs, serviceTrace: true });
    new Simulation(s, teeRecorder(writer, streamed)).runUntil(s.duration);
    writer.commit();
    // when the folder is summarised afterwards, then every row is the same, in the same order
    const rows = streamed.figures();
    expect(table(rows)).toContain(someRow);
    expect(table(rows)).toEqual(table(computeSummary(dir, { sloMs })));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('restarts and OOM kills are counted from the pod records (a memory limit hit four times)', () => {
    // The OOM scenario of test/models/traffic/podServing.test.ts: baseline 64Mi, 10Mi per request in flight, limit 100Mi;
    // OOM kills at 1.8, 2.6, 14.4 and 36.2 s, restarts at 1.8 (at once), 12.6 and 34.4 s (the next back-off ends
    // past 40 s): 4 kills, 3 restarts.
    const s = scenario({
      duration: seconds(40),
      pods: [pod('a', { app: 'web' }, podSpec({ containers: [container('app', { limits: { cpuMilli: 0, memoryBytes: 100 * 2 ** 20 } })] }))],
      behaviors: [behavior({ app: 'web' }, { resources: { memoryBytes: 64 * 2 ** 20 } })],
      services: [service('web', { app: 'web' })],
      traffic: [traffic('t', 'web', 5, 1000, { memoryBytes: 10 * 2 ** 20 })],
    });
    const streamed = new TraceSummary({ sloMs: null, serviceTrace: false });
    new Simulation(s, teeRecorder(streamed)).runUntil(s.duration);
    expect([streamed.oomKills, streamed.containerRestarts]).toEqual([4, 3]);
    expect(table(streamed.figures()).filter((r) => r.startsWith('run,,,container_restarts') || r.startsWith('run,,,oom_kills'))).toEqual([
      'run,,,container_restarts,3',
      'run,,,oom_kills,4',
    ]);
  });

  test('without a service trace the run has no request figures; with one they are there even at 0', () => {
    const none = new TraceSummary({ sloMs: null, serviceTrace: false });
    const empty = new TraceSummary({ sloMs: null, serviceTrace: true });
    expect(table(none.figures())).toEqual(['run,,,replica_seconds,0', 'run,,,pending_pod_seconds,0', 'run,,,unschedulable_pod_seconds,0', 'run,,,preemptions,0', 'run,,,container_restarts,0', 'run,,,oom_kills,0']);
    expect(table(empty.figures()).slice(6)).toEqual(['run,,,requests,0', 'run,,,dropped_requests,0']);
  });

  test('unschedulable pod-seconds run from the first FailedScheduling to Scheduled, deletion or the end; Preempted events count', () => {
    const s = new TraceSummary({ sloMs: null, serviceTrace: false });
    const ev = (t: number, name: string, reason: string) => s.event({ time: seconds(t), kind: 'Pod', namespace: 'default', name, reason, message: '' });
    const podRow = (t: number, name: string, status: string) =>
      s.pod({ time: seconds(t), namespace: 'default', pod: name, phase: 'Pending', status, container: '', containerState: '', reason: '', restarts: undefined });
    // a: fails at 10 and again at 12 (the second does not restart the clock), scheduled at 40 → 30 s.
    ev(10, 'a', 'FailedScheduling');
    ev(12, 'a', 'FailedScheduling');
    ev(40, 'a', 'Scheduled');
    // b: fails at 20, deleted at 25 → 5 s. c: fails at 50 and is still waiting at the end (the last pod row, 60) → 10 s.
    ev(20, 'b', 'FailedScheduling');
    podRow(25, 'b', 'Deleted');
    ev(50, 'c', 'FailedScheduling');
    podRow(60, 'd', 'Pending');
    ev(51, 'v1', 'Preempted');
    ev(51, 'v2', 'Preempted');
    const run = table(s.figures());
    // 30 + 5 + 10 = 45
    expect(run).toContain('run,,,unschedulable_pod_seconds,45');
    expect(run).toContain('run,,,preemptions,2');
  });

  test('nodes used: the most nodes holding a pod at once, and node-seconds with at least one pod', () => {
    const s = new TraceSummary({ sloMs: null, serviceTrace: false });
    const node = (t: number, name: string, pods: number) => s.node({ time: seconds(t), node: name, pods });
    // n1 used 0–100, n2 used 10–50 and again 60–(end 100); n3 never.
    node(0, 'n1', 1);
    node(0, 'n3', 0);
    node(10, 'n2', 1);
    node(20, 'n2', 2);
    node(50, 'n2', 0);
    node(60, 'n2', 1);
    s.pod({ time: seconds(100), namespace: 'default', pod: 'x', phase: 'Running', status: 'Running', container: '', containerState: '', reason: '', restarts: undefined });
    const run = table(s.figures());
    // at most 2 at once (10–50, 60–100); node-seconds 100 (n1) + 40 + 40 (n2) = 180
    expect(run).toContain('run,,,nodes_used_max,2');
    expect(run).toContain('run,,,used_node_seconds,180');
  });
});
