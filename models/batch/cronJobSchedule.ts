/**
 * Which CronJob run is due (pkg/controller/cronjob/utils.go mostRecentScheduleTime, nextScheduleTimeDuration,
 * getJobName): pure arithmetic over wall-clock instants in Unix µs and a parsed schedule; `now` is passed in.
 */
import { US_PER_MS, US_PER_SECOND } from '../../engine/time';
import type { CronSchedule } from './cronSchedule';

/** nextScheduleDelta: the controller re-queues 100 ms after the next schedule. */
export const NEXT_SCHEDULE_DELTA = 100 * US_PER_MS;
/** More missed start times than this → Warning TooManyMissedTimes. */
export const MAX_MISSED = 100;

export interface DueRun {
  /** The earliest instant considered (lastScheduleTime or creation, raised by startingDeadlineSeconds). */
  readonly earliest: number;
  /** The latest schedule ≤ now after `earliest`, or undefined when none is due. */
  readonly mostRecent?: number;
  /** (now − t1) / (t2 − t1) + 1 in whole seconds, as upstream estimates it; 0 or 1 when not more than one is due. */
  readonly missed: number;
}

export function mostRecentScheduleTime(
  schedule: CronSchedule,
  input: { readonly created: number; readonly lastScheduleTime?: number; readonly startingDeadlineSeconds?: number },
  now: number,
): DueRun {
  let earliest = input.lastScheduleTime ?? input.created;
  if (input.startingDeadlineSeconds !== undefined) earliest = Math.max(earliest, now - input.startingDeadlineSeconds * US_PER_SECOND);
  const t1 = schedule.next(earliest);
  const t2 = schedule.next(t1);
  if (now < t1) return { earliest, missed: 0 };
  if (now < t2) return { earliest, mostRecent: t1, missed: 1 };
  const between = Math.round((t2 - t1) / US_PER_SECOND);
  const elapsed = Math.trunc((now - t1) / US_PER_SECOND);
  const missed = Math.trunc(elapsed / between) + 1;
  // The arithmetic estimate, corrected by walking the schedule (non-uniform schedules: months, time-zone changes).
  let t = t1 + (missed - 1) * between * US_PER_SECOND;
  if (t > now) t = t1;
  for (let n = schedule.next(t); n <= now; n = schedule.next(t)) t = n;
  return { earliest, mostRecent: t, missed };
}

/** When to sync again: the schedule after the most recent due run (or after `earliest`) + 100 ms (nextScheduleTimeDuration). */
export function nextRequeue(schedule: CronSchedule, due: DueRun): number {
  return schedule.next(due.mostRecent ?? due.earliest) + NEXT_SCHEDULE_DELTA;
}

/** getJobName: `<cronjob>-<scheduled Unix seconds / 60>`. */
export function cronJobName(cronJob: string, scheduledUnixUs: number): string {
  return `${cronJob}-${Math.floor(scheduledUnixUs / US_PER_SECOND / 60)}`;
}
