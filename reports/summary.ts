/**
 * summary.csv: the figures researchers compare, computed after a run purely from its trace files (workloads.csv,
 * pods.csv, and services.csv / hpa.csv when present). Long format, one figure per row
 * (`scope,namespace,name,figure,value`), so runs with different workloads still line up in `k8sim compare`.
 * Definitions are in docs/traces.md; this file never looks at live model objects.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCsvFile } from './csvRead';
import { elasticity } from './elasticity';

export interface SummaryRow {
  /** `run`, or the workload's kind (`Deployment`, `ReplicaSet`, `ReplicationController`), `Service`, `HorizontalPodAutoscaler`. */
  readonly scope: string;
  readonly namespace: string;
  readonly name: string;
  readonly figure: string;
  /** Formatted: integers as is, other numbers with 3 decimals, empty when undefined. */
  readonly value: string;
}

export interface SummaryOptions {
  /** The latency SLO in milliseconds (Simulation spec), or null. */
  readonly sloMs: number | null;
}

/** services.csv columns counting requests that were not served. */
const ERROR_COLUMNS = ['timeout', 'rejected', 'no_endpoints', 'failed'] as const;
const num = (s: string | undefined) => (s === undefined || s === '' ? NaN : Number(s));
const fmt = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '' : Number.isInteger(v) ? String(v) : v.toFixed(3));

/** Where to find a trace by file name: a folder of finished traces, or a function (e.g. temporary names). */
export type TraceSource = string | ((name: string) => string | undefined);

function read(src: TraceSource, name: string): Record<string, string>[] | null {
  const f = typeof src === 'string' ? path.join(src, name) : src(name);
  return f !== undefined && fs.existsSync(f) ? readCsvFile(f) : null;
}

/** Σ value_i × (t_{i+1} − t_i) over a sampled step function (the last sample adds nothing). */
function integrate(rows: readonly Record<string, string>[], col: string): number {
  let s = 0;
  for (let i = 0; i + 1 < rows.length; i++) s += num(rows[i][col]) * (num(rows[i + 1].time_s) - num(rows[i].time_s));
  return s;
}

/** Scale-ups, scale-downs and reversals (a change opposite to the previous change) in a sequence of replica counts. */
function scaleChanges(values: readonly number[]): { ups: number; downs: number; reversals: number } {
  let ups = 0;
  let downs = 0;
  let reversals = 0;
  let lastDir = 0;
  for (let i = 1; i < values.length; i++) {
    const dir = Math.sign(values[i] - values[i - 1]);
    if (dir === 0) continue;
    if (dir > 0) ups++;
    else downs++;
    if (lastDir !== 0 && dir !== lastDir) reversals++;
    lastDir = dir;
  }
  return { ups, downs, reversals };
}

export function computeSummary(dir: TraceSource, opts: SummaryOptions): SummaryRow[] {
  const out: SummaryRow[] = [];
  const add = (scope: string, namespace: string, name: string, figure: string, value: number | null | undefined) =>
    out.push({ scope, namespace, name, figure, value: fmt(value) });

  // ---- per run: pods and containers
  const pods = read(dir, 'pods.csv') ?? [];
  const pendingSince = new Map<string, number>();
  let pendingSeconds = 0;
  let restarts = 0;
  let oomKills = 0;
  const lastRestarts = new Map<string, number>();
  let end = 0;
  for (const r of pods) {
    const t = num(r.time_s);
    end = Math.max(end, t);
    const key = `${r.namespace}/${r.pod}`;
    if (r.phase === 'Pending' && r.status !== 'Deleted') {
      if (!pendingSince.has(key)) pendingSince.set(key, t);
    } else if (pendingSince.has(key)) {
      pendingSeconds += t - pendingSince.get(key)!;
      pendingSince.delete(key);
    }
    if (r.container !== '') {
      const ck = `${key}/${r.container}`;
      const n = num(r.restarts);
      if (Number.isFinite(n)) {
        restarts += Math.max(0, n - (lastRestarts.get(ck) ?? 0));
        lastRestarts.set(ck, n);
      }
      if (r.container_state === 'terminated' && r.reason === 'OOMKilled') oomKills++;
    }
  }
  const workloads = read(dir, 'workloads.csv') ?? [];
  if (workloads.length) end = Math.max(end, num(workloads[workloads.length - 1].time_s));
  for (const since of pendingSince.values()) pendingSeconds += end - since;

  // ---- services
  const services = read(dir, 'services.csv');
  let requests = 0;
  let errors = 0;
  let overSlo = 0;
  let hasOverSlo = false;
  let sloViolationSeconds = 0;
  if (services) {
    const byService = new Map<string, Record<string, string>[]>();
    for (const r of services) {
      const k = `${r.namespace}/${r.service}`;
      if (!byService.has(k)) byService.set(k, []);
      byService.get(k)!.push(r);
    }
    for (const [k, rows] of byService) {
      const [ns, name] = k.split('/');
      let arrivals = 0;
      let errs = 0;
      let over = 0;
      let violation = 0;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        arrivals += num(r.arrivals) || 0;
        for (const col of ERROR_COLUMNS) errs += num(r[col]) || 0;
        if (r.over_slo !== undefined && r.over_slo !== '') {
          hasOverSlo = true;
          over += num(r.over_slo);
        }
        // A services.csv row describes the interval that ends at its time (since the previous row; the row at 0
        // covers the instant 0), so a violating row counts the seconds back to the previous row.
        const dt = i > 0 ? num(r.time_s) - num(rows[i - 1].time_s) : 0;
        if (opts.sloMs !== null && num(r.latency_p99_ms) > opts.sloMs) violation += dt;
      }
      requests += arrivals;
      errors += errs;
      overSlo += over;
      sloViolationSeconds += violation;
      add('Service', ns, name, 'requests', arrivals);
      add('Service', ns, name, 'dropped_requests', errs);
      // Not served within the SLO: successes slower than it, and every error.
      if (hasOverSlo) add('Service', ns, name, 'requests_over_slo_pct', arrivals ? (100 * (over + errs)) / arrivals : null);
      if (opts.sloMs !== null) add('Service', ns, name, 'slo_violation_seconds', violation);
    }
  }

  // ---- workloads
  const byWorkload = new Map<string, Record<string, string>[]>();
  for (const r of workloads) {
    const k = `${r.kind}/${r.namespace}/${r.name}`;
    if (!byWorkload.has(k)) byWorkload.set(k, []);
    byWorkload.get(k)!.push(r);
  }
  const deploymentNames = new Set([...byWorkload.keys()].filter((k) => k.startsWith('Deployment/')).map((k) => k.slice('Deployment/'.length)));
  let replicaSeconds = 0;
  for (const [k, rows] of byWorkload) {
    const [kind, ns, name] = k.split('/');
    // A Deployment's own ReplicaSet is summarised under the Deployment.
    if (kind === 'ReplicaSet' && deploymentNames.has(`${ns}/${name.slice(0, name.lastIndexOf('-'))}`)) continue;
    const rs = integrate(rows, 'current');
    replicaSeconds += rs;
    const ch = scaleChanges(rows.map((r) => num(r.desired)));
    add(kind, ns, name, 'replica_seconds', rs);
    add(kind, ns, name, 'ready_replica_seconds', integrate(rows, 'ready'));
    add(kind, ns, name, 'scale_ups', ch.ups);
    add(kind, ns, name, 'scale_downs', ch.downs);
    add(kind, ns, name, 'direction_reversals', ch.reversals);
    add(kind, ns, name, 'max_replicas', Math.max(...rows.map((r) => num(r.desired))));
  }

  // ---- autoscalers: elasticity against the demand the traffic implies
  const hpa = read(dir, 'hpa.csv');
  if (hpa) {
    const byHpa = new Map<string, Record<string, string>[]>();
    for (const r of hpa) {
      const k = `${r.namespace}/${r.hpa}`;
      if (!byHpa.has(k)) byHpa.set(k, []);
      byHpa.get(k)!.push(r);
    }
    for (const [k, rows] of byHpa) {
      const [ns, name] = k.split('/');
      const ch = scaleChanges(rows.map((r) => num(r.desired_replicas)));
      add('HorizontalPodAutoscaler', ns, name, 'scale_ups', ch.ups);
      add('HorizontalPodAutoscaler', ns, name, 'scale_downs', ch.downs);
      add('HorizontalPodAutoscaler', ns, name, 'direction_reversals', ch.reversals);
      const series = rows
        .filter((r) => r.demand_replicas !== '')
        .map((r) => ({ t: num(r.time_s), demand: num(r.demand_replicas), supply: num(r.ready_pods) }));
      const e = elasticity(series);
      if (e) {
        add('HorizontalPodAutoscaler', ns, name, 'under_provisioned_seconds', e.underProvisionedSeconds);
        add('HorizontalPodAutoscaler', ns, name, 'over_provisioned_seconds', e.overProvisionedSeconds);
        add('HorizontalPodAutoscaler', ns, name, 'accuracy_under_pct', e.accuracyUnderPct);
        add('HorizontalPodAutoscaler', ns, name, 'accuracy_over_pct', e.accuracyOverPct);
        add('HorizontalPodAutoscaler', ns, name, 'timeshare_under_pct', e.timeshareUnderPct);
        add('HorizontalPodAutoscaler', ns, name, 'timeshare_over_pct', e.timeshareOverPct);
        add('HorizontalPodAutoscaler', ns, name, 'instability_pct', e.instabilityPct);
        add('HorizontalPodAutoscaler', ns, name, 'jitter_per_hour', e.jitterPerHour);
        add('HorizontalPodAutoscaler', ns, name, 'mean_time_to_capacity_seconds', e.meanTimeToCapacitySeconds);
        add('HorizontalPodAutoscaler', ns, name, 'unmet_demand_increases', e.unmetDemandIncreases);
      }
    }
  }

  // ---- the run as a whole (first in the file)
  const run: SummaryRow[] = [];
  const addRun = (figure: string, v: number | null) => run.push({ scope: 'run', namespace: '', name: '', figure, value: fmt(v) });
  addRun('replica_seconds', replicaSeconds);
  addRun('pending_pod_seconds', pendingSeconds);
  addRun('container_restarts', restarts);
  addRun('oom_kills', oomKills);
  if (services) {
    addRun('requests', requests);
    addRun('dropped_requests', errors);
    if (hasOverSlo) addRun('requests_over_slo_pct', requests ? (100 * (overSlo + errors)) / requests : null);
    if (opts.sloMs !== null) addRun('slo_violation_seconds', sloViolationSeconds);
  }
  return [...run, ...out];
}

export const SUMMARY_COLUMNS = ['scope', 'namespace', 'name', 'figure', 'value'] as const;
