/**
 * The scheduler's queue settings (Simulation `scheduler`) and their defaults, after pkg/scheduler/backend/queue.
 * Defined here, by the model; scenarios/defaults.ts lists them. Plain data: no parsing, no logic.
 */
import { US_PER_MINUTE, US_PER_SECOND, type Micros } from '../../engine/time';

export interface SchedulerSettings {
  readonly initialBackoff: Micros;
  readonly maxBackoff: Micros;
  /** Unschedulable pods are retried at the latest after this long even without a cluster event. */
  readonly maxInUnschedulable: Micros;
}

/** DefaultPodInitialBackoffDuration. */
export const SCHEDULER_INITIAL_BACKOFF: Micros = 1 * US_PER_SECOND;
/** DefaultPodMaxBackoffDuration. */
export const SCHEDULER_MAX_BACKOFF: Micros = 10 * US_PER_SECOND;
/** DefaultPodMaxInUnschedulablePodsDuration. */
export const SCHEDULER_MAX_IN_UNSCHEDULABLE: Micros = 5 * US_PER_MINUTE;
