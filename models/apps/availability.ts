/**
 * Pod health as the DaemonSet and StatefulSet controllers read it (podutil.IsPodAvailable, stateful_set_utils.go
 * isRunningAndReady): pure functions of the pod and `now`. Never changes a pod.
 */
import { seconds, type Micros, addMicros } from '../../engine/time';
import { isPodReady, type PodObj } from '../cluster/objects';

/**
 * When the pod becomes available: Ready since `readySince`, plus minReadySeconds; undefined while not Ready.
 * k8sim counts the pod available from that instant on (upstream compares with `Before` at its next resync).
 */
export function availableFrom(p: PodObj, minReadySeconds: number): Micros | undefined {
  if (!isPodReady(p) || p.readySince === undefined) return undefined;
  return addMicros(p.readySince, seconds(minReadySeconds));
}

export function isAvailable(p: PodObj, minReadySeconds: number, now: Micros): boolean {
  const at = availableFrom(p, minReadySeconds);
  return at !== undefined && at <= now;
}

/** stateful_set_utils.go isRunningAndReady: phase Running and the Ready condition True. */
export function isRunningAndReady(p: PodObj): boolean {
  return p.status.phase === 'Running' && isPodReady(p);
}

export function isTerminating(p: PodObj): boolean {
  return p.metadata.deletionTimestamp !== undefined;
}

/** Oldest first, then name (podByCreationTimestampAndPhase, with the name as a fixed tie-break). */
export function byCreation(a: PodObj, b: PodObj): number {
  return a.metadata.creationTimestamp - b.metadata.creationTimestamp || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);
}
