/**
 * The summary of a finished trace folder: reads pods.csv, nodes.csv, workloads.csv, services.csv, hpa.csv, rollouts.csv,
 * events.csv and kubectl.csv back into records and folds them with the same TraceSummary a run streams into, so a folder and its run give the same figures.
 * Reads trace files only; writes nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { milliseconds, seconds } from '../engine/time';
import { readCsvFile } from './csvRead';
import { TraceSummary, type SummaryOptions, type SummaryRow } from './summary';

/** Where to find a trace by file name: a folder of finished traces, or a function (e.g. temporary names). */
export type TraceSource = string | ((name: string) => string | undefined);

function read(src: TraceSource, name: string): Record<string, string>[] | null {
  const f = typeof src === 'string' ? path.join(src, name) : src(name);
  return f !== undefined && fs.existsSync(f) ? readCsvFile(f) : null;
}

// The cells the writer prints (reports/format.ts), parsed back; an empty cell is absent.
const num = (s: string | undefined) => (s === undefined || s === '' ? NaN : Number(s));
/** `12.345678` (seconds, six decimals) → 12345678 µs. */
const time = (s: string) => seconds(num(s));
const count = (s: string | undefined) => num(s) || 0;
const optional = (s: string | undefined) => (s === undefined || s === '' ? undefined : Number(s));
/** `12.345` (milliseconds, three decimals) → 12345 µs. */
const optionalMillis = (s: string | undefined) => (s === undefined || s === '' ? undefined : milliseconds(Number(s)));

export function computeSummary(dir: TraceSource, opts: Pick<SummaryOptions, 'sloMs'>): SummaryRow[] {
  const services = read(dir, 'services.csv');
  const kubectl = read(dir, 'kubectl.csv');
  // services.csv has the retry columns when a Traffic of the run retries.
  const retryTrace = services !== null && services.length > 0 && services[0].attempts !== undefined;
  const summary = new TraceSummary({ sloMs: opts.sloMs, serviceTrace: services !== null, kubectlTrace: kubectl !== null, retryTrace });
  for (const r of read(dir, 'pods.csv') ?? []) {
    summary.pod({
      time: time(r.time_s),
      namespace: r.namespace,
      pod: r.pod,
      node: r.node,
      phase: r.phase,
      status: r.status,
      container: r.container,
      containerState: r.container_state,
      reason: r.reason,
      restarts: optional(r.restarts),
    });
  }
  for (const r of read(dir, 'nodes.csv') ?? []) {
    summary.node({
      time: time(r.time_s),
      node: r.node,
      pods: num(r.pods),
      cpuRequestedMilli: num(r.cpu_requested_m),
      cpuAllocatableMilli: num(r.cpu_allocatable_m),
      memoryRequestedBytes: num(r.memory_requested_bytes),
      memoryAllocatableBytes: num(r.memory_allocatable_bytes),
      instanceType: r.instance_type ?? '',
      pricePerHour: r.price_per_hour === undefined || r.price_per_hour === '' ? undefined : Number(r.price_per_hour),
      owner: r.owner ?? '',
      reason: r.reason ?? '',
    });
  }
  for (const r of read(dir, 'workloads.csv') ?? []) {
    summary.workload({ time: time(r.time_s), namespace: r.namespace, kind: r.kind, name: r.name, desired: num(r.desired), current: num(r.current), ready: num(r.ready) });
  }
  for (const r of services ?? []) {
    summary.service({
      time: time(r.time_s),
      namespace: r.namespace,
      service: r.service,
      arrivals: count(r.arrivals),
      completed: count(r.completed),
      timeout: count(r.timeout),
      rejected: count(r.rejected),
      noEndpoints: count(r.no_endpoints),
      failed: count(r.failed),
      p99: optionalMillis(r.latency_p99_ms),
      overSlo: optional(r.over_slo),
      ...(retryTrace ? { attempts: count(r.attempts), retries: count(r.retries), retriesRefused: count(r.retries_refused) } : {}),
    });
  }
  for (const r of read(dir, 'hpa.csv') ?? []) {
    summary.hpa({
      time: time(r.time_s),
      namespace: r.namespace,
      hpa: r.hpa,
      readyPods: num(r.ready_pods),
      demandReplicas: optional(r.demand_replicas) ?? null,
      desiredReplicas: num(r.desired_replicas),
    });
  }
  for (const r of read(dir, 'rollouts.csv') ?? []) {
    summary.rollout({
      start: time(r.start_s),
      end: time(r.end_s),
      namespace: r.namespace,
      deployment: r.deployment,
      desired: num(r.desired),
      lowestAvailable: num(r.lowest_available),
      requestsFailed: count(r.requests_failed),
      requestsTimedOut: count(r.requests_timed_out),
    });
  }
  for (const r of read(dir, 'events.csv') ?? []) summary.event({ time: time(r.time_s), kind: r.kind, namespace: r.namespace, name: r.name, reason: r.reason, message: r.message });
  if (kubectl !== null) {
    for (const r of kubectl) summary.kubectl({ time: time(r.time_s), command: r.command, stream: r.stream as 'stdout' | 'stderr', message: r.message });
  }
  return summary.figures();
}
