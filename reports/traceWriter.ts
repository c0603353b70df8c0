/**
 * The CSV traces of a run (pods.csv, events.csv, nodes.csv, workloads.csv, services.csv, pod_metrics.csv, and
 * requests.csv, hpa.csv and kubectl.csv when asked for) behind the models' Recorder interface, with the column names documented in
 * docs/traces.md. Commit renames every file into place together; abort leaves nothing that looks complete.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EventRecord, HpaRecord, KubectlRecord, NodeAutoscalerRecord, SchedulingRecord, NodeRecord, PodMetricsRecord, PodRecord, Recorder, RequestRecord, RolloutRecord, ServiceRecord, WorkloadRecord } from '../models/recorder';
import { CsvFile } from './csvFile';
import { hpaCells, hpaColumns } from './hpaCsv';
import { bool, fixed, int, millis, time } from './format';
import { subMicros, type Micros } from '../engine/time';

export const POD_COLUMNS = ['time_s', 'namespace', 'pod', 'node', 'phase', 'ready', 'status', 'container', 'container_state', 'reason', 'exit_code', 'restarts'] as const;
export const EVENT_COLUMNS = ['time_s', 'type', 'reason', 'kind', 'namespace', 'name', 'field_path', 'message', 'count', 'source'] as const;
export const NODE_COLUMNS = ['time_s', 'node', 'ready', 'schedulable', 'cpu_requested_m', 'cpu_allocatable_m', 'memory_requested_bytes', 'memory_allocatable_bytes', 'pods', 'pods_allocatable', 'instance_type', 'zone', 'capacity_type', 'price_per_hour', 'owner', 'reason'] as const;
export const WORKLOAD_COLUMNS = ['time_s', 'namespace', 'kind', 'name', 'desired', 'current', 'ready', 'available'] as const;
export const SERVICE_COLUMNS = ['time_s', 'namespace', 'service', 'endpoints_ready', 'arrivals', 'completed', 'timeout', 'rejected', 'no_endpoints', 'failed', 'latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms', 'latency_max_ms', 'over_slo'] as const;
export const POD_METRICS_COLUMNS = ['time_s', 'namespace', 'pod', 'cpu_usage_m', 'cpu_request_m', 'cpu_utilization_pct', 'memory_bytes', 'in_flight', 'metrics_server_cpu_m'] as const;
/** services.csv's extra columns when a Traffic of the scenario retries (issue #12): attempts apart from client requests. */
export const SERVICE_RETRY_COLUMNS = ['attempts', 'retries', 'retries_refused', 'attempt_errors'] as const;
export const REQUEST_COLUMNS = ['time_s', 'namespace', 'service', 'traffic', 'client', 'pod', 'latency_ms', 'outcome', 'sent_s', 'wait_ms', 'service_ms', 'request', 'attempt', 'final'] as const;
export const ROLLOUT_COLUMNS = [
  'start_s',
  'end_s',
  'namespace',
  'deployment',
  'strategy',
  'from_revision',
  'to_revision',
  'outcome',
  'duration_s',
  'desired',
  'lowest_available',
  'max_surge',
  'requests_failed',
  'requests_timed_out',
] as const;
export const KUBECTL_COLUMNS = ['time_s', 'command', 'stream', 'message'] as const;
/** node_autoscaler.csv (issue #10): one row per node-autoscaler decision (docs/traces.md). */
export const NODE_AUTOSCALER_COLUMNS = ['time_s', 'autoscaler', 'action', 'group', 'node', 'from', 'to', 'reason', 'pods'] as const;
export const SCHEDULING_COLUMNS = ['time_s', 'namespace', 'pod', 'attempt', 'scheduler', 'outcome', 'node', 'feasible_nodes', 'evaluated_nodes', 'top_nodes', 'message'] as const;

/** Every trace file name a run may write (docs/traces.md), whichever options it has. */
export const TRACE_FILE_NAMES: readonly string[] = [
  'pods.csv',
  'events.csv',
  'nodes.csv',
  'workloads.csv',
  'services.csv',
  'pod_metrics.csv',
  'requests.csv',
  'hpa.csv',
  'rollouts.csv',
  'kubectl.csv',
  'scheduling.csv',
  'node_autoscaler.csv',
];

export interface TraceOptions {
  /** Write requests.csv (`--trace-requests`). */
  readonly requests?: boolean;
  /** Write hpa.csv with this many metric column groups (the scenario has HPAs). */
  readonly hpaMetrics?: number;
  /** Add workloads.csv's `succeeded` and `failed` columns (the scenario has Jobs or CronJobs). */
  readonly jobColumns?: boolean;
  /** Write rollouts.csv (the scenario's timeline changes a Deployment's template: apply, setImage, rollout). */
  readonly rollouts?: boolean;
  /** Write kubectl.csv (the scenario drains, evicts or deletes, or has PDBs, quotas or limit ranges). */
  readonly kubectl?: boolean;
  /** Write scheduling.csv (`--trace-scheduling`). */
  readonly scheduling?: boolean;
  /** Write node_autoscaler.csv (the scenario has a node autoscaler). */
  readonly nodeAutoscaler?: boolean;
  /** Add services.csv's retry columns (a Traffic of the scenario has `retry`). */
  readonly retryColumns?: boolean;
}

/** workloads.csv's extra columns when the scenario has Jobs or CronJobs (empty cells on other kinds' rows). */
export const WORKLOAD_JOB_COLUMNS = ['succeeded', 'failed'] as const;

export class TraceWriter implements Recorder {
  private readonly pods: CsvFile;
  private readonly events: CsvFile;
  private readonly nodes: CsvFile;
  private readonly workloads: CsvFile;
  private readonly services: CsvFile;
  private readonly podMetricRows: CsvFile;
  private readonly requests: CsvFile | undefined;
  private readonly hpas: CsvFile | undefined;
  private readonly rollouts: CsvFile | undefined;
  private readonly hpaMetrics: number;
  private readonly jobColumns: boolean;
  private readonly retryColumns: boolean;
  private readonly kubectlLines: CsvFile | undefined;
  private readonly schedulingRows: CsvFile | undefined;
  private readonly nodeAutoscalerRows: CsvFile | undefined;
  private readonly files: CsvFile[];
  /** The outermost folder this writer created (mkdir -p), removed again by abort() if left empty; else undefined. */
  private readonly created: string | undefined;

  constructor(
    readonly dir: string,
    options: TraceOptions = {},
  ) {
    this.created = fs.mkdirSync(dir, { recursive: true });
    this.files = [];
    const open = (name: string, cols: readonly string[]) => {
      const f = new CsvFile(dir, name, cols);
      this.files.push(f);
      return f;
    };
    try {
      this.pods = open('pods.csv', POD_COLUMNS);
      this.events = open('events.csv', EVENT_COLUMNS);
      this.nodes = open('nodes.csv', NODE_COLUMNS);
      this.jobColumns = options.jobColumns ?? false;
      this.workloads = open('workloads.csv', this.jobColumns ? [...WORKLOAD_COLUMNS, ...WORKLOAD_JOB_COLUMNS] : WORKLOAD_COLUMNS);
      this.retryColumns = options.retryColumns ?? false;
      this.services = open('services.csv', this.retryColumns ? [...SERVICE_COLUMNS, ...SERVICE_RETRY_COLUMNS] : SERVICE_COLUMNS);
      this.podMetricRows = open('pod_metrics.csv', POD_METRICS_COLUMNS);
      this.requests = options.requests ? open('requests.csv', REQUEST_COLUMNS) : undefined;
      this.hpaMetrics = options.hpaMetrics ?? 0;
      this.hpas = options.hpaMetrics !== undefined ? open('hpa.csv', hpaColumns(this.hpaMetrics)) : undefined;
      this.rollouts = options.rollouts ? open('rollouts.csv', ROLLOUT_COLUMNS) : undefined;
      this.kubectlLines = options.kubectl ? open('kubectl.csv', KUBECTL_COLUMNS) : undefined;
      this.schedulingRows = options.scheduling ? open('scheduling.csv', SCHEDULING_COLUMNS) : undefined;
      this.nodeAutoscalerRows = options.nodeAutoscaler ? open('node_autoscaler.csv', NODE_AUTOSCALER_COLUMNS) : undefined;
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  hpa(r: HpaRecord): void {
    this.hpas?.write(hpaCells(r, this.hpaMetrics));
  }

  // pods.csv and events.csv (most of a run's rows) are written cell by cell into the file's buffer: the cells
  // write() would get, the text ones quoted as it quotes them, with no row text or cell list made per row (issue #13).
  // test/reports/traceRows.test.ts checks them against write() of the cells.
  pod(r: PodRecord): void {
    const f = this.pods;
    f.plain(this.timeText(r.time));
    f.cell(r.namespace);
    f.cell(r.pod);
    f.cell(r.node);
    f.cell(r.phase);
    f.plain(bool(r.ready));
    f.cell(r.status);
    f.cell(r.container);
    f.cell(r.containerState);
    f.cell(r.reason);
    f.plain(int(r.exitCode));
    f.plain(int(r.restarts));
    f.end();
  }

  event(r: EventRecord): void {
    const f = this.events;
    f.plain(this.timeText(r.time));
    f.cell(r.type);
    f.cell(r.reason);
    f.cell(r.kind);
    f.cell(r.namespace);
    f.cell(r.name);
    f.cell(r.fieldPath);
    f.cell(r.message);
    f.plain(int(r.count));
    f.cell(r.source);
    f.end();
  }

  /** time(t), made once per instant: the rows of one instant share it. */
  private timeText(t: Micros): string {
    if (t !== this.lastTime) {
      this.lastTime = t;
      this.lastTimeText = time(t);
    }
    return this.lastTimeText;
  }
  private lastTime = Number.NaN;
  private lastTimeText = '';

  node(r: NodeRecord): void {
    this.nodes.write([
      time(r.time),
      r.node,
      r.ready,
      bool(r.schedulable),
      int(r.cpuRequestedMilli),
      int(r.cpuAllocatableMilli),
      int(r.memoryRequestedBytes),
      int(r.memoryAllocatableBytes),
      int(r.pods),
      int(r.podsAllocatable),
      r.instanceType,
      r.zone,
      r.capacityType,
      r.pricePerHour === undefined ? '' : String(r.pricePerHour),
      r.owner,
      r.reason,
    ]);
  }

  workload(r: WorkloadRecord): void {
    const cells = [time(r.time), r.namespace, r.kind, r.name, int(r.desired), int(r.current), int(r.ready), int(r.available)];
    this.workloads.write(this.jobColumns ? [...cells, int(r.succeeded), int(r.failed)] : cells);
  }

  service(r: ServiceRecord): void {
    const cells = [
      time(r.time),
      r.namespace,
      r.service,
      int(r.endpoints),
      int(r.arrivals),
      int(r.completed),
      int(r.timeout),
      int(r.rejected),
      int(r.noEndpoints),
      int(r.failed),
      millis(r.p50),
      millis(r.p95),
      millis(r.p99),
      millis(r.max),
      int(r.overSlo),
    ];
    this.services.write(this.retryColumns ? [...cells, int(r.attempts), int(r.retries), int(r.retriesRefused), int(r.attemptErrors)] : cells);
  }

  podMetrics(r: PodMetricsRecord): void {
    // Every pod of a sample has the same time: its text is made once per sample.
    if (r.time !== this.podMetricsTime) {
      this.podMetricsTime = r.time;
      this.podMetricsTimeText = time(r.time);
    }
    // Cells 1 and 2 (namespace, pod) are the only text; the rest are formatted numbers (see CsvFile.write).
    this.podMetricRows.write([
      this.podMetricsTimeText,
      r.namespace,
      r.pod,
      fixed(r.cpuUsageMilli, 3),
      int(r.cpuRequestMilli),
      fixed(r.cpuUtilizationPct, 2),
      int(r.memoryBytes),
      int(r.inFlight),
      int(r.metricsServerCpuMilli),
    ], 1, 3);
  }
  private podMetricsTime = Number.NaN;
  private podMetricsTimeText = '';

  rollout(r: RolloutRecord): void {
    this.rollouts?.write([
      time(r.start),
      time(r.end),
      r.namespace,
      r.deployment,
      r.strategy,
      r.fromRevision,
      r.toRevision,
      r.outcome,
      time(subMicros(r.end, r.start)),
      int(r.desired),
      int(r.lowestAvailable),
      int(r.maxSurge),
      int(r.requestsFailed),
      int(r.requestsTimedOut),
    ]);
  }

  request(r: RequestRecord): void {
    this.requests?.write([time(r.time), r.namespace, r.service, r.traffic, int(r.client), r.pod, millis(r.latency), r.outcome, time(r.sent), millis(r.wait), millis(r.serviceTime), int(r.request), int(r.attempt), bool(r.final)]);
  }

  scheduling(r: SchedulingRecord): void {
    this.schedulingRows?.write([
      time(r.time),
      r.namespace,
      r.pod,
      int(r.attempt),
      r.scheduler,
      r.outcome,
      r.node,
      int(r.feasibleNodes),
      int(r.evaluatedNodes),
      topNodesCell(r.top),
      r.message,
    ]);
  }

  nodeAutoscaler(r: NodeAutoscalerRecord): void {
    this.nodeAutoscalerRows?.write([time(r.time), r.autoscaler, r.action, r.owner, r.node, int(r.from), int(r.to), r.reason, r.pods]);
  }

  kubectl(r: KubectlRecord): void {
    this.kubectlLines?.write([time(r.time), r.command, r.stream, r.message]);
  }

  /** Rows written per file, for run.json. */
  rowCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const f of this.files) out[f.finalPath.split(/[\\/]/).pop()!] = f.rows;
    return out;
  }

  /** Flushes and closes every file under its temporary name (commit renames them). */
  close(): void {
    for (const f of this.files) f.close();
  }

  commit(): void {
    for (const f of this.files) f.commit();
  }

  abort(): void {
    for (const f of this.files) f.abort();
    // A failed run leaves nothing behind, not even the folders it made (only empty ones are removed).
    if (this.created === undefined) return;
    const stop = path.resolve(this.created);
    for (let d = path.resolve(this.dir); ; d = path.dirname(d)) {
      try {
        fs.rmdirSync(d);
      } catch {
        return;
      }
      if (d === stop) return;
    }
  }
}

/** scheduling.csv `top_nodes`: `node-b=487 (TaintToleration 300, NodeResourcesFit 87, …); node-a=424 (…)`. */
export function topNodesCell(top: SchedulingRecord['top']): string {
  return top.map((n) => `${n.node}=${n.total} (${n.plugins.map(([p, v]) => `${p} ${v}`).join(', ')})`).join('; ');
}
