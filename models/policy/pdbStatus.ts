/**
 * The disruption controller's arithmetic (pkg/controller/disruption/disruption.go getExpectedPodCount,
 * countHealthyPods, updatePdbStatus): from a PDB's spec, the pods it selects and their controllers' scale, the
 * status numbers. Pure: `now` is passed in; the controller (disruption.ts) reads the store and writes the result.
 */
import type { PdbIntOrPercent, PodDisruptionBudgetSpec, PodObj } from '../cluster/objects';
import { isPodReady } from '../cluster/objects';
import { minutes, type Micros } from '../../engine/time';

/** DeletionTimeout: an evicted pod not deleted within 2 minutes counts as healthy again (buildDisruptedPodMap). */
export const DELETION_TIMEOUT: Micros = minutes(2);

export interface PdbCounts {
  readonly expectedPods: number;
  readonly desiredHealthy: number;
  readonly currentHealthy: number;
  readonly disruptionsAllowed: number;
}

/** GetScaledValueFromIntOrPercent(v, total, roundUp = true). */
export function scaledValue(v: PdbIntOrPercent, total: number): number {
  return 'value' in v ? v.value : Math.ceil((v.percent * total) / 100);
}

/** Whether the spec needs the controllers' scale (maxUnavailable, or a percentage minAvailable). */
export function needsScale(spec: PodDisruptionBudgetSpec): boolean {
  return spec.maxUnavailable !== undefined || (spec.minAvailable !== undefined && 'percent' in spec.minAvailable);
}

/**
 * getExpectedPodCount + updatePdbStatus. `pods` are the selected pods (any phase, terminating included);
 * `expectedScale` is Σ of their distinct controllers' scale (used when `needsScale`); `disrupted` the pods the
 * eviction API let go and that are not yet deleted (never healthy).
 */
export function computePdbCounts(spec: PodDisruptionBudgetSpec, pods: readonly PodObj[], expectedScale: number, disrupted: ReadonlySet<string>): PdbCounts {
  let expectedPods: number;
  let desiredHealthy: number;
  if (spec.maxUnavailable !== undefined) {
    expectedPods = expectedScale;
    desiredHealthy = Math.max(0, expectedPods - scaledValue(spec.maxUnavailable, expectedPods));
  } else if (spec.minAvailable !== undefined && 'percent' in spec.minAvailable) {
    expectedPods = expectedScale;
    desiredHealthy = scaledValue(spec.minAvailable, expectedPods);
  } else {
    expectedPods = pods.length;
    desiredHealthy = spec.minAvailable?.value ?? 0;
  }
  const currentHealthy = countHealthyPods(pods, disrupted);
  let disruptionsAllowed = currentHealthy - desiredHealthy;
  if (expectedPods <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  return { expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed };
}

/** countHealthyPods: Ready, not being deleted, not recently disrupted. */
export function countHealthyPods(pods: readonly PodObj[], disrupted: ReadonlySet<string>): number {
  let n = 0;
  for (const p of pods) if (p.metadata.deletionTimestamp === undefined && !disrupted.has(p.metadata.name) && isPodReady(p)) n++;
  return n;
}
