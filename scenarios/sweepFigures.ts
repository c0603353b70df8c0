/**
 * The names of summary.csv's figures per scope (docs/traces.md), and how a sweep names one figure of one object:
 * `requests_over_slo_pct` (the run's), `Service/web:requests_over_slo_pct`, `Deployment/shop/web:replica_seconds`,
 * `Node/n1:drain_seconds`. Knows names only; the figures are computed by reports/summary.ts.
 */

const SERVICE = ['requests', 'dropped_requests', 'requests_over_slo_pct', 'slo_violation_seconds'];
const WORKLOAD = ['replica_seconds', 'ready_replica_seconds', 'scale_ups', 'scale_downs', 'direction_reversals', 'max_replicas'];
const ROLLOUT = ['rollouts', 'rollout_seconds_mean', 'rollout_seconds_max', 'rollout_lowest_available_pct', 'rollout_failed_requests'];
const HPA = [
  'scale_ups', 'scale_downs', 'direction_reversals', 'under_provisioned_seconds', 'over_provisioned_seconds', 'accuracy_under_pct',
  'accuracy_over_pct', 'timeshare_under_pct', 'timeshare_over_pct', 'instability_pct', 'jitter_per_hour',
  'mean_time_to_capacity_seconds', 'unmet_demand_increases',
];

/** Every figure summary.csv can hold, by scope (`run` for the run's own). */
export const FIGURES: Readonly<Record<string, readonly string[]>> = {
  run: [
    'replica_seconds', 'pending_pod_seconds', 'unschedulable_pod_seconds', 'preemptions', 'nodes_used_max', 'used_node_seconds',
    'container_restarts', 'oom_kills', 'requests', 'dropped_requests', 'requests_over_slo_pct', 'slo_violation_seconds',
    'evictions_refused', 'jobs_completed', 'jobs_failed', 'job_completion_seconds_mean', 'job_completion_seconds_max', 'quota_rejections',
  ],
  Service: SERVICE,
  Deployment: [...WORKLOAD, ...ROLLOUT],
  ReplicaSet: WORKLOAD,
  ReplicationController: WORKLOAD,
  StatefulSet: WORKLOAD,
  DaemonSet: WORKLOAD,
  Job: [...WORKLOAD, 'completion_seconds'],
  HorizontalPodAutoscaler: HPA,
  Node: ['drain_seconds', 'drains_failed'],
};

/** One figure of one object: the sweep.csv column `key`. */
export interface FigureRef {
  readonly scope: string;
  readonly namespace: string;
  readonly name: string;
  readonly figure: string;
  readonly key: string;
}

/** The sweep.csv column of a summary.csv row. */
export function figureKey(scope: string, namespace: string, name: string, figure: string): string {
  if (scope === 'run') return figure;
  return namespace === '' ? `${scope}/${name}:${figure}` : `${scope}/${namespace}/${name}:${figure}`;
}

/** Parses a figure as a sweep names it (a namespaced object without a namespace is in `default`). */
export function parseFigureRef(s: string, fail: (problem: string) => never): FigureRef {
  const m = /^(?:([A-Za-z]+)\/(?:([^/:]+)\/)?([^/:]+):)?([a-z0-9_]+)$/.exec(s);
  if (!m) return fail(`expected a summary figure like requests_over_slo_pct or Service/web:requests_over_slo_pct, got "${s}"`);
  const scope = m[1] ?? 'run';
  const known = FIGURES[scope];
  if (!known) return fail(`unknown scope "${scope}" in "${s}"; expected one of: ${Object.keys(FIGURES).filter((k) => k !== 'run').join(', ')}`);
  if (!known.includes(m[4])) return fail(`unknown figure "${m[4]}" for ${scope === 'run' ? 'the run' : scope}; expected one of: ${known.join(', ')} (docs/traces.md#summarycsv)`);
  const namespace = scope === 'run' || scope === 'Node' ? '' : (m[2] ?? 'default');
  const name = m[3] ?? '';
  return { scope, namespace, name, figure: m[4], key: figureKey(scope, namespace, name, m[4]) };
}
