/**
 * Which unneeded nodes may go now (cluster-autoscaler core/scaledown/unneeded/nodes.go `RemovableAt`,
 * core/scaledown/budgets/budgets.go `CropNodes`; reference §3.6). Pure.
 */

export interface RemovalCandidate {
  readonly node: string;
  readonly group: string;
  readonly empty: boolean;
}

export interface GroupSize {
  /** Target size. */
  readonly size: number;
  readonly minSize: number;
  /** Deletions already in progress in the group. */
  readonly deletionsInProgress: number;
}

/**
 * Empty nodes first, then drain nodes, each in the given order: a node is accepted while `size − in progress > min`
 * (each accepted node lowers the size); the others are `NodeGroupMinSizeReached`.
 */
export function applyMinSize(candidates: readonly RemovalCandidate[], groups: ReadonlyMap<string, GroupSize>): { readonly empty: RemovalCandidate[]; readonly drain: RemovalCandidate[]; readonly minSizeReached: RemovalCandidate[] } {
  const sizes = new Map<string, number>();
  const empty: RemovalCandidate[] = [];
  const drain: RemovalCandidate[] = [];
  const minSizeReached: RemovalCandidate[] = [];
  const take = (c: RemovalCandidate, into: RemovalCandidate[]) => {
    const g = groups.get(c.group);
    if (g === undefined) return;
    const size = sizes.get(c.group) ?? g.size;
    if (size - g.deletionsInProgress <= g.minSize) {
      minSizeReached.push(c);
      return;
    }
    sizes.set(c.group, size - 1);
    into.push(c);
  };
  for (const c of candidates) if (c.empty) take(c, empty);
  for (const c of candidates) if (!c.empty) take(c, drain);
  return { empty, drain, minSizeReached };
}

/**
 * CropNodes: `parallelism = maxScaleDownParallelism − deletions in progress`, `drain = maxDrainParallelism − drains in
 * progress`; empty nodes take from parallelism first, then drain nodes get min(parallelism left, drain).
 */
export function cropNodes<T>(empty: readonly T[], drain: readonly T[], s: { readonly maxScaleDownParallelism: number; readonly maxDrainParallelism: number }, inProgress: { readonly deletions: number; readonly drains: number }): { readonly empty: T[]; readonly drain: T[] } {
  let parallelism = Math.max(0, s.maxScaleDownParallelism - inProgress.deletions);
  const drainBudget = Math.max(0, s.maxDrainParallelism - inProgress.drains);
  const e = empty.slice(0, parallelism);
  parallelism -= e.length;
  const d = drain.slice(0, Math.min(parallelism, drainBudget));
  return { empty: e, drain: d };
}

/** planner.go unneededNodesLimit: `min(len(unneeded) + 2N, N·(unneededTime/loopInterval) + N)`, N = max-scale-down-parallelism. */
export function unneededNodesLimit(unneeded: number, parallelism: number, unneededTime: number, loopInterval: number): number {
  const byTime = parallelism * Math.floor(unneededTime / loopInterval) + parallelism;
  return Math.min(unneeded + 2 * parallelism, byTime);
}
