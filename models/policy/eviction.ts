/**
 * The eviction subresource (pkg/registry/core/pod/storage/eviction.go EvictionREST.Create, checkAndDecrement): a
 * graceful delete that first asks the pod's PodDisruptionBudget. Answers 201 (the pod gets the DisruptionTarget
 * condition and is deleted), 429 with the exact budget message and cause, 500 for several PDBs, 404 for a missing
 * pod. A store operation: it writes the PDB status and the pod, and never retries (kubectl drain does, drain.ts).
 */
import type { SimContext } from '../context';
import type { Micros } from '../../engine/time';
import type { DeleteOptions } from '../cluster/store';
import { isPodReady, type PodDisruptionBudgetObj, type PodObj } from '../cluster/objects';
import { forbidden, type StatusCause } from '../cluster/apiError';
import { pdbsMatching } from './disruption';

/** The eviction API's answer (metav1.Status). */
export interface EvictionResult {
  /** 201 Success, 429 TooManyRequests, 403 Forbidden, 404 NotFound, 500 InternalError. */
  readonly code: number;
  readonly message: string;
  readonly causes: readonly StatusCause[];
  /** The pod was let go without spending the budget (no PDB, a pod that does not count, or an unhealthy pod). */
  readonly budgetUsed: boolean;
}

export const EVICTION_VIOLATES_BUDGET = "Cannot evict pod as it would violate the pod's disruption budget.";
export const EVICTION_MULTIPLE_PDBS = 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';
/** maxDisruptedPodSize: the PDB's disruptedPods map is capped. */
const MAX_DISRUPTED_PODS = 2000;

/** POST pods/<name>/eviction. */
export function evictPod(ctx: SimContext, namespace: string, name: string, options: DeleteOptions = {}): EvictionResult {
  const pod = ctx.store.getPod(namespace, name);
  if (pod === undefined) return { code: 404, message: `pods "${name}" not found`, causes: [], budgetUsed: false };
  // canIgnorePDB: a pod that has finished, never started, or is already going needs no budget.
  if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed' || pod.status.phase === 'Pending' || pod.metadata.deletionTimestamp !== undefined) {
    return letGo(ctx, pod, options, false);
  }
  const pdbs = pdbsMatching(ctx, pod);
  if (pdbs.length > 1) return { code: 500, message: EVICTION_MULTIPLE_PDBS, causes: [], budgetUsed: false };
  if (pdbs.length === 0) return letGo(ctx, pod, options, false);
  const pdb = pdbs[0];
  if (!isPodReady(pod)) {
    const s = pdb.status;
    if (pdb.spec.unhealthyPodEvictionPolicy === 'AlwaysAllow') return letGo(ctx, pod, options, false);
    // IfHealthyBudget (the default): the status as last written, whatever its generation (eviction.go Create).
    if (s.currentHealthy >= s.desiredHealthy && s.desiredHealthy > 0) return letGo(ctx, pod, options, false);
  }
  const refused = checkAndDecrement(pdb, pod.metadata.name, ctx.clock.now);
  if (refused) return refused;
  ctx.store.update(pdb);
  return letGo(ctx, pod, options, true);
}

/** checkAndDecrement: refuses (429/403) or spends one disruption and remembers the pod. */
function checkAndDecrement(pdb: PodDisruptionBudgetObj, podName: string, now: Micros): EvictionResult | undefined {
  const s = pdb.status;
  const tooMany = (cause: string): EvictionResult => ({ code: 429, message: EVICTION_VIOLATES_BUDGET, causes: [{ type: 'DisruptionBudget', message: cause }], budgetUsed: false });
  if (s.observedGeneration < pdb.metadata.generation) return tooMany(`The disruption budget ${pdb.metadata.name} is still being processed by the server.`);
  const forbid = (problem: string): EvictionResult => ({ code: 403, message: forbidden('poddisruptionbudgets.policy', pdb.metadata.name, problem).message, causes: [], budgetUsed: false });
  if (s.disruptionsAllowed < 0) return forbid('pdb disruptions allowed is negative');
  if (s.disruptedPods.size > MAX_DISRUPTED_PODS) return forbid('DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  if (s.disruptionsAllowed === 0) return tooMany(`The disruption budget ${pdb.metadata.name} needs ${s.desiredHealthy} healthy pods and has ${s.currentHealthy} currently`);
  s.disruptionsAllowed--;
  if (s.disruptionsAllowed === 0) {
    const i = s.conditions.findIndex((c) => c.type === 'DisruptionAllowed');
    const next = { type: 'DisruptionAllowed' as const, status: 'False' as const, reason: 'InsufficientPods', lastTransitionTime: now };
    if (i >= 0) s.conditions[i] = next;
    else s.conditions.push(next);
  }
  s.disruptedPods.set(podName, now);
  return undefined;
}

/** addConditionAndDeletePod: DisruptionTarget True (EvictionByEvictionAPI), then a graceful delete. */
function letGo(ctx: SimContext, pod: PodObj, options: DeleteOptions, budgetUsed: boolean): EvictionResult {
  if (pod.metadata.deletionTimestamp === undefined && !pod.status.conditions.some((c) => c.type === 'DisruptionTarget')) {
    pod.status.conditions.push({ type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastTransitionTime: ctx.clock.now });
    ctx.store.update(pod);
  }
  ctx.store.delete(pod, options);
  return { code: 201, message: 'Success', causes: [], budgetUsed };
}
