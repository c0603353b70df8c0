/**
 * A Deployment's status and conditions (sync.go calculateStatus; progress.go syncRolloutStatus,
 * requeueStuckDeployment; deployment_util.go DeploymentComplete, DeploymentProgressing, DeploymentTimedOut,
 * SetDeploymentCondition), with the reason and message strings verbatim. Pure: it computes a new status from the
 * old one; the controller writes it and schedules the deadline check.
 */
import { addMicros, seconds, type Micros } from '../../../engine/time';
import type { DeploymentCondition, DeploymentStatus } from '../../cluster/objects';

/** What calculateStatus reads of one ReplicaSet. */
export interface StatusRsView {
  readonly spec: number;
  readonly replicas: number;
  readonly ready: number;
  readonly available: number;
  readonly terminating: number;
}

export const NEW_RS_CREATED = 'NewReplicaSetCreated';
export const FOUND_NEW_RS = 'FoundNewReplicaSet';
export const RS_UPDATED = 'ReplicaSetUpdated';
export const NEW_RS_AVAILABLE = 'NewReplicaSetAvailable';
export const TIMED_OUT = 'ProgressDeadlineExceeded';
export const PAUSED = 'DeploymentPaused';
export const RESUMED = 'DeploymentResumed';

export function emptyStatus(): DeploymentStatus {
  return { observedGeneration: 0, replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0, terminatingReplicas: 0, conditions: [] };
}

export function getCondition(s: DeploymentStatus | undefined, type: DeploymentCondition['type']): DeploymentCondition | undefined {
  return s?.conditions.find((c) => c.type === type);
}

/** SetDeploymentCondition: unchanged when status and reason are the same; the transition time kept when the status is. */
export function setCondition(s: DeploymentStatus, c: DeploymentCondition): void {
  const i = s.conditions.findIndex((x) => x.type === c.type);
  const cur = i < 0 ? undefined : s.conditions[i];
  if (cur !== undefined && cur.status === c.status && cur.reason === c.reason) return;
  const next = cur !== undefined && cur.status === c.status ? { ...c, lastTransitionTime: cur.lastTransitionTime } : c;
  if (i < 0) s.conditions.push(next);
  else s.conditions[i] = next;
}

export function removeCondition(s: DeploymentStatus, type: DeploymentCondition['type']): void {
  const i = s.conditions.findIndex((x) => x.type === type);
  if (i >= 0) s.conditions.splice(i, 1);
}

export function condition(type: DeploymentCondition['type'], status: DeploymentCondition['status'], reason: string, message: string, now: Micros): DeploymentCondition {
  return { type, status, reason, message, lastUpdateTime: now, lastTransitionTime: now };
}

/** calculateStatus: the counts over every ReplicaSet and the Available condition (`minAvailable` = replicas − MaxUnavailable). */
export function calculateStatus(old: DeploymentStatus, all: readonly StatusRsView[], newRs: StatusRsView | undefined, generation: number, minAvailable: number, now: Micros): DeploymentStatus {
  const sum = (f: (r: StatusRsView) => number) => all.reduce((n, r) => n + f(r), 0);
  const available = sum((r) => r.available);
  const s: DeploymentStatus = {
    observedGeneration: generation,
    replicas: sum((r) => r.replicas),
    updatedReplicas: newRs?.replicas ?? 0,
    readyReplicas: sum((r) => r.ready),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sum((r) => r.spec) - available),
    terminatingReplicas: sum((r) => r.terminating),
    conditions: [...old.conditions],
  };
  if (available >= minAvailable) setCondition(s, condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now));
  else setCondition(s, condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now));
  return s;
}

export interface DeploymentView {
  readonly name: string;
  readonly replicas: number;
  readonly generation: number;
  readonly progressDeadlineSeconds?: number;
}

/** DeploymentComplete: every replica updated, present and available, and the spec observed. */
export function deploymentComplete(d: DeploymentView, s: DeploymentStatus): boolean {
  return s.updatedReplicas === d.replicas && s.replicas === d.replicas && s.availableReplicas === d.replicas && s.observedGeneration >= d.generation;
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available replicas than the last status. */
export function deploymentProgressing(old: DeploymentStatus, s: DeploymentStatus): boolean {
  return (
    s.updatedReplicas > old.updatedReplicas ||
    s.replicas - s.updatedReplicas < old.replicas - old.updatedReplicas ||
    s.readyReplicas > old.readyReplicas ||
    s.availableReplicas > old.availableReplicas
  );
}

/** DeploymentTimedOut over the new status: the Progressing condition's lastUpdateTime + deadline strictly before now. */
export function deploymentTimedOut(d: DeploymentView, s: DeploymentStatus, now: Micros): boolean {
  if (d.progressDeadlineSeconds === undefined) return false;
  const c = getCondition(s, 'Progressing');
  if (c === undefined || c.reason === NEW_RS_AVAILABLE) return false;
  if (c.reason === TIMED_OUT) return true;
  return c.lastUpdateTime + seconds(d.progressDeadlineSeconds) < now;
}

/** syncRolloutStatus's condition part: updates `s` (the freshly calculated status) against the last one. */
export function rolloutConditions(d: DeploymentView, old: DeploymentStatus, s: DeploymentStatus, newRsName: string | undefined, now: Micros): void {
  if (d.progressDeadlineSeconds === undefined) {
    removeCondition(s, 'Progressing');
    return;
  }
  const cur = getCondition(old, 'Progressing');
  const complete = s.replicas === s.updatedReplicas && cur !== undefined && cur.reason === NEW_RS_AVAILABLE;
  if (complete) return;
  const subject = newRsName !== undefined ? `ReplicaSet "${newRsName}"` : `Deployment "${d.name}"`;
  if (deploymentComplete(d, s)) {
    setCondition(s, condition('Progressing', 'True', NEW_RS_AVAILABLE, `${subject} has successfully progressed.`, now));
  } else if (deploymentProgressing(old, s)) {
    let c = condition('Progressing', 'True', RS_UPDATED, `${subject} is progressing.`, now);
    if (cur !== undefined) {
      if (cur.status === 'True') c = { ...c, lastTransitionTime: cur.lastTransitionTime };
      removeCondition(s, 'Progressing');
    }
    setCondition(s, c);
  } else if (deploymentTimedOut(d, s, now)) {
    setCondition(s, condition('Progressing', 'False', TIMED_OUT, `${subject} has timed out progressing.`, now));
  }
}

/** requeueStuckDeployment: when to look at the deadline again (lastUpdateTime + deadline + 1 s), or undefined. */
export function deadlineCheckAt(d: DeploymentView, old: DeploymentStatus, s: DeploymentStatus): Micros | undefined {
  const cur = getCondition(old, 'Progressing');
  if (d.progressDeadlineSeconds === undefined || cur === undefined) return undefined;
  if (deploymentComplete(d, s) || cur.reason === TIMED_OUT) return undefined;
  return addMicros(cur.lastUpdateTime, seconds(d.progressDeadlineSeconds + 1));
}

/** Two statuses equal field by field (reflect.DeepEqual over what k8sim keeps). */
export function sameStatus(a: DeploymentStatus, b: DeploymentStatus): boolean {
  if (
    a.observedGeneration !== b.observedGeneration ||
    a.replicas !== b.replicas ||
    a.updatedReplicas !== b.updatedReplicas ||
    a.readyReplicas !== b.readyReplicas ||
    a.availableReplicas !== b.availableReplicas ||
    a.unavailableReplicas !== b.unavailableReplicas ||
    a.terminatingReplicas !== b.terminatingReplicas ||
    a.conditions.length !== b.conditions.length
  ) {
    return false;
  }
  return a.conditions.every((c, i) => {
    const o = b.conditions[i];
    return c.type === o.type && c.status === o.status && c.reason === o.reason && c.message === o.message && c.lastUpdateTime === o.lastUpdateTime && c.lastTransitionTime === o.lastTransitionTime;
  });
}
