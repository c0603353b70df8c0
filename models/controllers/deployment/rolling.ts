/**
 * The rolling-update and Recreate arithmetic of the Deployment controller (deployment_util.go ResolveFenceposts,
 * MaxUnavailable, NewRSNewReplicas; rolling.go reconcileNewReplicaSet, reconcileOldReplicaSets) over plain
 * ReplicaSet views. Pure: it returns the sizes to write and never touches the store or emits events.
 */
import type { IntOrPercent } from '../../cluster/spec';

/** What the arithmetic reads of one ReplicaSet. `created` orders ReplicaSets oldest first (then name). */
export interface RsView {
  readonly name: string;
  readonly spec: number;
  readonly available: number;
  readonly created: number;
}

/** intstr.GetScaledValueFromIntOrPercent: an integer as is, a percent of `total` rounded up or down. */
export function scaledValue(v: IntOrPercent, total: number, roundUp: boolean): number {
  if (v.kind === 'int') return v.value;
  const x = (v.value * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** ResolveFenceposts: surge rounded up, unavailable rounded down, and unavailable 1 when both come out 0. */
export function resolveFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, replicas: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, replicas, true);
  let unavailable = scaledValue(maxUnavailable, replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export interface StrategyView {
  readonly type: 'RollingUpdate' | 'Recreate';
  readonly maxSurge: IntOrPercent;
  readonly maxUnavailable: IntOrPercent;
}

/** MaxUnavailable(deployment): 0 for Recreate or 0 replicas, else the fencepost value capped at replicas. */
export function maxUnavailable(strategy: StrategyView, replicas: number): number {
  if (strategy.type !== 'RollingUpdate' || replicas === 0) return 0;
  const { unavailable } = resolveFenceposts(strategy.maxSurge, strategy.maxUnavailable, replicas);
  return unavailable > replicas ? replicas : unavailable;
}

/** MaxSurge(deployment): 0 for Recreate, else the fencepost value. */
export function maxSurge(strategy: StrategyView, replicas: number): number {
  if (strategy.type !== 'RollingUpdate') return 0;
  return resolveFenceposts(strategy.maxSurge, strategy.maxUnavailable, replicas).surge;
}

/** NewRSNewReplicas for RollingUpdate: how big the new ReplicaSet may be now. `allSpec` sums every ReplicaSet's spec. */
export function newRSNewReplicas(replicas: number, surge: number, allSpec: number, newSpec: number): number {
  const maxTotal = replicas + surge;
  if (allSpec >= maxTotal) return newSpec;
  const up = Math.min(maxTotal - allSpec, replicas - newSpec);
  return newSpec + up;
}

/** reconcileNewReplicaSet: the new ReplicaSet's next size, or undefined when it stays. */
export function reconcileNewReplicaSet(replicas: number, surge: number, allSpec: number, newSpec: number): number | undefined {
  if (newSpec === replicas) return undefined;
  if (newSpec > replicas) return replicas;
  const to = newRSNewReplicas(replicas, surge, allSpec, newSpec);
  return to === newSpec ? undefined : to;
}

const byCreation = (a: RsView, b: RsView): number => a.created - b.created || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * reconcileOldReplicaSets: the scale-downs of old ReplicaSets, in the order they are made (cleanupUnhealthyReplicas
 * first, then scaleDownOldReplicaSetsForRollingUpdate; each oldest first). Empty when nothing may be scaled down.
 */
export function reconcileOldReplicaSets(replicas: number, unavailable: number, newRs: RsView | undefined, old: readonly RsView[]): { name: string; from: number; to: number }[] {
  const oldPods = old.reduce((n, r) => n + r.spec, 0);
  if (oldPods === 0) return [];
  const newSpec = newRs?.spec ?? 0;
  const allPods = oldPods + newSpec;
  const minAvailable = replicas - unavailable;
  const newUnavailable = newSpec - (newRs?.available ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return [];
  const sizes = new Map(old.map((r) => [r.name, r.spec]));
  const ops: { name: string; from: number; to: number }[] = [];
  const sorted = [...old].sort(byCreation);
  let cleaned = 0;
  for (const r of sorted) {
    if (cleaned >= maxScaledDown) break;
    if (r.spec === 0 || r.spec === r.available) continue;
    const down = Math.min(maxScaledDown - cleaned, r.spec - r.available);
    sizes.set(r.name, r.spec - down);
    ops.push({ name: r.name, from: r.spec, to: r.spec - down });
    cleaned += down;
  }
  const available = old.reduce((n, r) => n + r.available, 0) + (newRs?.available ?? 0);
  if (available > minAvailable) {
    const total = available - minAvailable;
    let done = 0;
    for (const r of sorted) {
      if (done >= total) break;
      const spec = sizes.get(r.name)!;
      if (spec === 0) continue;
      const down = Math.min(spec, total - done);
      sizes.set(r.name, spec - down);
      ops.push({ name: r.name, from: spec, to: spec - down });
      done += down;
    }
  }
  return ops;
}
