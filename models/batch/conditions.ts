/**
 * The Job's conditions and finishing reasons (job_controller.go newCondition, newFailedConditionForFailureTarget,
 * enactJobFinished): the verbatim reason and message strings, and small helpers over status.conditions. Pure.
 */
import type { Micros } from '../../engine/time';
import type { JobCondition, JobObj } from '../cluster/objects';

/** A decided end: the interim condition (FailureTarget / SuccessCriteriaMet) and the final one carry it. */
export interface JobEnd {
  readonly success: boolean;
  readonly reason: string;
  readonly message: string;
}

export const JOB_ENDS = {
  backoffLimitExceeded: { success: false, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
  deadlineExceeded: { success: false, reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
  maxFailedIndexesExceeded: { success: false, reason: 'MaxFailedIndexesExceeded', message: 'Job has exceeded the specified maximal number of failed indexes' },
  failedIndexes: { success: false, reason: 'FailedIndexes', message: 'Job has failed indexes' },
  completionsReached: { success: true, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
} as const satisfies Record<string, JobEnd>;

export function condition(job: JobObj, type: JobCondition['type']): JobCondition | undefined {
  return job.status.conditions.find((c) => c.type === type);
}

export function isTrue(job: JobObj, type: JobCondition['type']): boolean {
  return condition(job, type)?.status === 'True';
}

/** The Job has its final condition (Complete or Failed True): IsJobFinished. */
export function isJobFinished(job: JobObj): boolean {
  return isTrue(job, 'Complete') || isTrue(job, 'Failed');
}

/** The end an earlier sync decided (SuccessCriteriaMet or FailureTarget True), if any. */
export function decidedEnd(job: JobObj): JobEnd | undefined {
  for (const c of job.status.conditions) {
    if (c.status !== 'True') continue;
    if (c.type === 'FailureTarget') return { success: false, reason: c.reason, message: c.message };
    if (c.type === 'SuccessCriteriaMet') return { success: true, reason: c.reason, message: c.message };
  }
  return undefined;
}

/** Sets (or adds) a condition; the transition time moves only when the status changes. Returns whether it changed. */
export function setCondition(job: JobObj, type: JobCondition['type'], status: 'True' | 'False', reason: string, message: string, now: Micros): boolean {
  const c = condition(job, type);
  if (c === undefined) {
    job.status.conditions.push({ type, status, reason, message, lastTransitionTime: now });
    return true;
  }
  if (c.status === status && c.reason === reason && c.message === message) return false;
  if (c.status !== status) c.lastTransitionTime = now;
  c.status = status;
  c.reason = reason;
  c.message = message;
  return true;
}

/** When the Job finished (the final condition's transition time), for the TTL controller. */
export function finishTime(job: JobObj): Micros | undefined {
  for (const c of job.status.conditions) if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.lastTransitionTime;
  return undefined;
}
