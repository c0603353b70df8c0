/**
 * The StatefulSet controller's pure rules (pkg/controller/statefulset stateful_set_utils.go, and kubectl's
 * StatefulSetStatusViewer): pod identity (names, ordinals, labels), which revision a recreated pod takes, the
 * resolved maxUnavailable, and `kubectl rollout status`. Functions of their arguments only.
 */
import { scaledValue, type StatefulSetUpdateStrategy } from './spec';
import { CONTROLLER_REVISION_HASH } from './daemonSetRules';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** `<set>-<ordinal>` (getPodName). */
export function statefulPodName(set: string, ordinal: number): string {
  return `${set}-${ordinal}`;
}

/** The ordinal of a pod of `set` named `<set>-<n>`, or undefined (getParentNameAndOrdinal). */
export function ordinalOf(set: string, podName: string): number | undefined {
  const m = /^(.*)-(\d+)$/.exec(podName);
  return m !== null && m[1] === set ? Number(m[2]) : undefined;
}

/** The labels the controller adds to a pod: identity (initIdentity / updateIdentity) and its revision. */
export function statefulPodLabels(set: string, ordinal: number, revision: string): Record<string, string> {
  return { [POD_NAME_LABEL]: statefulPodName(set, ordinal), [POD_INDEX_LABEL]: String(ordinal), [CONTROLLER_REVISION_HASH]: revision };
}

/** A ControllerRevision's name: `<set>-<hash>` (the pods' controller-revision-hash value). */
export function revisionName(set: string, hash: string): string {
  return `${set}-${hash}`;
}

/**
 * newVersionedStatefulSetPod: under RollingUpdate a pod below `start + partition` is (re)created at the current
 * revision; every other pod (and every pod under OnDelete) at the update revision.
 */
export function revisionForOrdinal(strategy: StatefulSetUpdateStrategy, ordinal: number, start: number): 'current' | 'update' {
  return strategy.type === 'RollingUpdate' && ordinal < start + strategy.partition ? 'current' : 'update';
}

/** getStatefulSetMaxUnavailable: a percent of replicas rounded up, at least 1. */
export function statefulSetMaxUnavailable(strategy: StatefulSetUpdateStrategy, replicas: number): number {
  if (strategy.type !== 'RollingUpdate') return 1;
  return Math.max(1, scaledValue(strategy.maxUnavailable, replicas, true));
}

export interface StatefulSetStatusView {
  readonly generation: number;
  /** spec.replicas. */
  readonly replicas: number;
  readonly strategy: 'RollingUpdate' | 'OnDelete';
  /** spec.updateStrategy.rollingUpdate.partition; undefined when the object has no rollingUpdate block. */
  readonly partition?: number;
  readonly status: {
    readonly observedGeneration: number;
    readonly replicas: number;
    readonly readyReplicas: number;
    readonly currentReplicas: number;
    readonly updatedReplicas: number;
    readonly currentRevision: string;
    readonly updateRevision: string;
  };
}

/** kubectl rollout status for a StatefulSet (rollout_status.go StatefulSetStatusViewer.Status). */
export function statefulSetRolloutStatus(s: StatefulSetStatusView): { readonly message: string; readonly done: boolean; readonly error?: string } {
  if (s.strategy !== 'RollingUpdate') return { message: '', done: true, error: 'rollout status is only available for RollingUpdate strategy type' };
  if (s.status.observedGeneration === 0 || s.generation > s.status.observedGeneration) {
    return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
  }
  if (s.status.readyReplicas < s.replicas) return { message: `Waiting for ${s.replicas - s.status.readyReplicas} pods to be ready...\n`, done: false };
  if (s.partition !== undefined) {
    if (s.status.updatedReplicas < s.replicas - s.partition) {
      return {
        message: `Waiting for partitioned roll out to finish: ${s.status.updatedReplicas} out of ${s.replicas - s.partition} new pods have been updated...\n`,
        done: false,
      };
    }
    return { message: `partitioned roll out complete: ${s.status.updatedReplicas} new pods have been updated...\n`, done: true };
  }
  if (s.status.updateRevision !== s.status.currentRevision) {
    return { message: `waiting for statefulset rolling update to complete ${s.status.updatedReplicas} pods at revision ${s.status.updateRevision}...\n`, done: false };
  }
  return { message: `statefulset rolling update complete ${s.status.currentReplicas} pods at revision ${s.status.currentRevision}...\n`, done: true };
}
