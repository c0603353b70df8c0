/**
 * Proportional scaling of a Deployment's active ReplicaSets when spec.replicas changes mid-rollout or while paused
 * (sync.go scale; deployment_util.go GetProportion, getReplicaSetFraction, FindActiveOrLatest, IsSaturated). Pure:
 * it returns the new sizes and the event direction; the controller writes them.
 */

/** What proportional scaling reads of one ReplicaSet. `created` orders oldest first (ties by name). */
export interface ScaleView {
  readonly name: string;
  readonly spec: number;
  readonly created: number;
  /** deployment.kubernetes.io/max-replicas, when present and a valid integer. */
  readonly maxReplicas?: number;
}

/** integer.RoundToInt32: round half away from zero. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

const olderFirst = (a: ScaleView, b: ScaleView): number => a.created - b.created || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** ReplicaSetsBySizeNewer: larger first, ties newer first. */
export const bySizeNewer = (a: ScaleView, b: ScaleView): number => b.spec - a.spec || olderFirst(b, a);
/** ReplicaSetsBySizeOlder: larger first, ties older first. */
export const bySizeOlder = (a: ScaleView, b: ScaleView): number => b.spec - a.spec || olderFirst(a, b);

/**
 * The RollingUpdate branch of sync.go scale: every active ReplicaSet's new size (`active` = spec > 0, new and old),
 * `allowed` = replicas + surge (0 when replicas is 0); `statusReplicas` is the Deployment's status.replicas, the
 * fallback for a missing max-replicas annotation. Sizes come back in the order they are written.
 */
export function proportionalSizes(
  active: readonly ScaleView[],
  replicas: number,
  surge: number,
  statusReplicas: number,
): { direction: 'up' | 'down' | ''; sizes: { name: string; from: number; to: number }[] } {
  const allowed = replicas > 0 ? replicas + surge : 0;
  const current = active.reduce((n, r) => n + r.spec, 0);
  const toAdd = allowed - current;
  const order = toAdd > 0 ? [...active].sort(bySizeNewer) : toAdd < 0 ? [...active].sort(bySizeOlder) : [...active];
  const next = new Map<string, number>();
  let added = 0;
  for (const rs of order) {
    if (toAdd === 0) {
      next.set(rs.name, rs.spec);
      continue;
    }
    const p = proportion(rs, replicas, allowed, statusReplicas, toAdd, added);
    next.set(rs.name, rs.spec + p);
    added += p;
  }
  if (toAdd !== 0 && order.length > 0) {
    const leftover = toAdd - added;
    if (leftover !== 0) {
      const first = order[0].name;
      next.set(first, Math.max(0, next.get(first)! + leftover));
    }
  }
  return {
    direction: toAdd > 0 ? 'up' : toAdd < 0 ? 'down' : '',
    sizes: order.map((r) => ({ name: r.name, from: r.spec, to: next.get(r.name)! })),
  };
}

/** GetProportion: the ReplicaSet's share of `toAdd`, bounded by what is left to add. */
function proportion(rs: ScaleView, replicas: number, allowed: number, statusReplicas: number, toAdd: number, added: number): number {
  if (rs.spec === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, replicas, allowed, statusReplicas);
  const left = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, left) : Math.max(fraction, left);
}

/** getReplicaSetFraction: round(spec × newMax / oldMax) − spec; −spec when scaling to 0. */
function replicaSetFraction(rs: ScaleView, replicas: number, allowed: number, statusReplicas: number): number {
  if (replicas === 0) return -rs.spec;
  const before = rs.maxReplicas !== undefined && rs.maxReplicas !== 0 ? rs.maxReplicas : statusReplicas;
  if (before === 0) return 0;
  return roundHalfAway((rs.spec * allowed) / before) - rs.spec;
}
