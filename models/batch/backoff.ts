/**
 * The Job controller's pod-failure back-off (pkg/controller/job/backoff_utils.go): the delay before a failed Job's
 * next pod, and the record of failures since the last success that it is computed from. Pure arithmetic over times
 * passed in (`now` included); never schedules anything.
 */
import { seconds, type Micros, ZERO, micros, scaleMicros, minMicros, maxMicros, subMicros } from '../../engine/time';

/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff (the code caps at ten minutes; the website says six). */
export const JOB_BACKOFF = { base: seconds(10), max: seconds(600) } as const;

export interface BackoffParams {
  readonly base: Micros;
  readonly max: Micros;
}

/** backoffRecord: failures that finished after the newest success, and the finish time of the newest failure. */
export interface BackoffRecord {
  readonly failuresAfterLastSuccess: number;
  readonly lastFailureTime?: Micros;
}

export const EMPTY_BACKOFF: BackoffRecord = { failuresAfterLastSuccess: 0 };

/** `base × 2^(failures − 1)`, capped at `max`; 0 failures → 0 (getBackoff). */
export function backoffDelay(failures: number, p: BackoffParams = JOB_BACKOFF): Micros {
  if (failures <= 0) return ZERO;
  let d = p.base;
  for (let i = 1; i < failures && d < p.max; i++) d = scaleMicros(d, 2);
  return minMicros(d, p.max);
}

/** getRemainingTimeForFailuresCount: max(0, delay − (now − lastFailureTime)). */
export function remainingTime(failures: number, lastFailureTime: Micros | undefined, now: Micros, p: BackoffParams = JOB_BACKOFF): Micros {
  if (failures === 0 || lastFailureTime === undefined) return ZERO;
  return maxMicros(ZERO, subMicros(backoffDelay(failures, p), subMicros(now, lastFailureTime)));
}

/** The remaining back-off of a Job: from its record. */
export function remainingBackoff(r: BackoffRecord, now: Micros, p: BackoffParams = JOB_BACKOFF): Micros {
  return remainingTime(r.failuresAfterLastSuccess, r.lastFailureTime, now, p);
}

/**
 * getRemainingTimePerIndex: for backoffLimitPerIndex, the failures of an index are its last failed pod's
 * `job-index-failure-count` + `job-index-ignored-failure-count` + 1; the delay runs from that pod's finish time.
 */
export function remainingTimePerIndex(
  lastFailed: { readonly failureCount: number; readonly ignoredFailureCount: number; readonly finishedAt: Micros } | undefined,
  now: Micros,
  p: BackoffParams = JOB_BACKOFF,
): Micros {
  if (lastFailed === undefined) return ZERO;
  return remainingTime(lastFailed.failureCount + lastFailed.ignoredFailureCount + 1, lastFailed.finishedAt, now, p);
}

/**
 * newBackoffRecord: folds the pods that finished since the last sync into the record. Failures add to the count
 * (and set lastFailureTime to the newest failure's finish); a new success resets the count to the failures that
 * finished after the newest success.
 */
export function nextBackoffRecord(prev: BackoffRecord, newSucceeded: readonly Micros[], newFailed: readonly Micros[]): BackoffRecord {
  const newestFailure = newFailed.length > 0 ? micros(Math.max(...newFailed)) : undefined;
  if (newSucceeded.length === 0) {
    if (newFailed.length === 0) return prev;
    return { failuresAfterLastSuccess: prev.failuresAfterLastSuccess + newFailed.length, lastFailureTime: maxMicros(prev.lastFailureTime ?? newestFailure!, newestFailure!) };
  }
  const lastSuccess = Math.max(...newSucceeded);
  const after = newFailed.filter((t) => t > lastSuccess);
  if (after.length === 0) return { failuresAfterLastSuccess: 0 };
  return { failuresAfterLastSuccess: after.length, lastFailureTime: micros(Math.max(...after)) };
}
