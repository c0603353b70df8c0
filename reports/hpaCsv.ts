/**
 * hpa.csv: one row per HPA sync. A scenario's HPAs have at most `maxMetrics` metrics, so the file has that many
 * metric column groups (metric1_name, metric1_value, metric1_proposal, …): fixed for a scenario, documented in
 * docs/traces.md. Values: utilization in percent for Utilization targets, else milli-units.
 */
import type { HpaRecord } from '../models/recorder';
import { int, time } from './format';

export function hpaColumns(maxMetrics: number): string[] {
  const cols = ['time_s', 'namespace', 'hpa', 'policy', 'target_kind', 'target_name', 'current_replicas', 'ready_pods', 'demand_replicas'];
  for (let i = 1; i <= maxMetrics; i++) cols.push(`metric${i}_name`, `metric${i}_value`, `metric${i}_proposal`);
  cols.push('stabilized', 'desired_replicas', 'limit_reason', 'able_to_scale', 'scaling_active', 'scaling_limited', 'reason');
  return cols;
}

const orEmpty = (n: number | null) => (n === null ? '' : int(n));

export function hpaCells(r: HpaRecord, maxMetrics: number): string[] {
  const cells = [time(r.time), r.namespace, r.hpa, r.policy, r.targetKind, r.targetName, int(r.currentReplicas), int(r.readyPods), orEmpty(r.demandReplicas)];
  for (let i = 0; i < maxMetrics; i++) {
    const m = r.metrics[i];
    cells.push(m?.name ?? '', m ? orEmpty(m.value) : '', m ? orEmpty(m.proposal) : '');
  }
  cells.push(
    orEmpty(r.stabilized),
    int(r.desiredReplicas),
    r.limitReason ?? '',
    r.conditions.AbleToScale ?? '',
    r.conditions.ScalingActive ?? '',
    r.conditions.ScalingLimited ?? '',
    r.reason ?? '',
  );
  return cells;
}
