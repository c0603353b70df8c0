/**
 * How the Job controller sees and makes pods (pkg/controller/job): the labels and annotations it sets, a pod's
 * completion index, whether it counts as failed (isPodFailed), its finish time (getFinishedTime), the order in which
 * excess pods are removed (activePodsForRemoval) and the pod-failure-policy view of a failed pod. Pure functions of
 * the objects passed in; creates, deletes and schedules nothing.
 */
import { type Micros, micros } from '../../engine/time';
import { isPodReady, type JobObj, type PodObj } from '../cluster/objects';
import type { ResolvedPodTemplate } from '../cluster/spec';
import type { FailedPodView } from './podFailurePolicy';

export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
export const INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';

/** The labels every pod of the Job carries (the prefixed ones and the legacy unprefixed ones). */
export function jobPodLabels(job: JobObj, index: number | undefined): Record<string, string> {
  const { name, uid } = job.metadata;
  const out: Record<string, string> = { [CONTROLLER_UID_LABEL]: uid, [JOB_NAME_LABEL]: name, 'controller-uid': uid, 'job-name': name };
  if (index !== undefined) out[COMPLETION_INDEX] = String(index);
  return out;
}

/** The pod template with the index annotations of an Indexed Job's pod (and its index's failure counts). */
export function indexedTemplate(t: ResolvedPodTemplate, index: number, failures?: { count: number; ignored: number }): ResolvedPodTemplate {
  const annotations: Record<string, string> = { ...t.annotations, [COMPLETION_INDEX]: String(index) };
  if (failures !== undefined) {
    annotations[INDEX_FAILURE_COUNT] = String(failures.count);
    annotations[INDEX_IGNORED_FAILURE_COUNT] = String(failures.ignored);
  }
  return { ...t, annotations };
}

/** The completion index a pod carries (annotation, then label), or undefined (NonIndexed, or invalid). */
export function completionIndex(p: PodObj): number | undefined {
  const v = p.metadata.annotations[COMPLETION_INDEX] ?? p.metadata.labels[COMPLETION_INDEX];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/**
 * isPodFailed: phase Failed always; unless only failed pods are replaced (podReplacementPolicy Failed, or a
 * podFailurePolicy), a pod being deleted that did not succeed counts as failed at once. A pod that left the API
 * without a terminal phase was deleted, and counts as failed too.
 */
export function isPodFailed(p: PodObj, onlyReplaceFailed: boolean): boolean {
  if (p.status.phase === 'Failed') return true;
  if (p.status.phase === 'Succeeded') return false;
  if (p.removed) return true;
  return !onlyReplaceFailed && p.metadata.deletionTimestamp !== undefined;
}

/**
 * getFinishedTime: the latest container finishedAt when every container terminated; else the delete request time
 * (k8sim's deletionTimestamp is the request time, upstream's minus the grace period is the same instant); else
 * the creation time.
 */
export function podFinishedTime(p: PodObj): Micros {
  const states = p.status.containerStatuses.map((c) => c.state);
  if (states.length > 0 && states.every((s) => s?.kind === 'terminated')) {
    return micros(Math.max(...states.map((s) => (s?.kind === 'terminated' ? s.finishedAt : 0))));
  }
  return p.metadata.deletionTimestamp ?? p.metadata.creationTimestamp;
}

/** A failed pod as matchPodFailurePolicy reads it. */
export function failedPodView(p: PodObj): FailedPodView {
  const terminated: { name: string; exitCode: number }[] = [];
  for (const c of [...p.status.initContainerStatuses, ...p.status.containerStatuses]) {
    if (c.state?.kind === 'terminated') terminated.push({ name: c.name, exitCode: c.state.exitCode });
  }
  return { namespace: p.metadata.namespace, name: p.metadata.name, terminated, conditions: p.status.conditions };
}

/**
 * activePodsForRemoval order (controller.ActivePods): unscheduled before scheduled, Pending before Running,
 * not ready before ready, then the newest first. The first pods of the result are deleted first.
 */
export function podsForRemoval(pods: readonly PodObj[]): PodObj[] {
  const phaseRank = (p: PodObj) => (p.status.phase === 'Pending' ? 0 : p.status.phase === 'Unknown' ? 1 : 2);
  return [...pods].sort(
    (a, b) =>
      Number(a.spec.nodeName !== undefined) - Number(b.spec.nodeName !== undefined) ||
      phaseRank(a) - phaseRank(b) ||
      Number(isPodReady(a)) - Number(isPodReady(b)) ||
      b.metadata.creationTimestamp - a.metadata.creationTimestamp,
  );
}

/** Sum of the restart counts of a pod's containers (pastBackoffLimitOnFailure). */
export function restarts(p: PodObj): number {
  let n = 0;
  for (const c of [...p.status.initContainerStatuses, ...p.status.containerStatuses]) n += c.restartCount;
  return n;
}
