/**
 * The scheduler's queue settings (Simulation `scheduler`) and their defaults, after pkg/scheduler/backend/queue.
 * Defined here, by the model; scenarios/defaults.ts lists them. Plain data: no parsing, no logic.
 */
import { minutes, seconds, type Micros } from '../../engine/time';

export interface SchedulerSettings {
  readonly initialBackoff: Micros;
  readonly maxBackoff: Micros;
  /** Unschedulable pods are retried at the latest after this long even without a cluster event. */
  readonly maxInUnschedulable: Micros;
}

/** DefaultPodInitialBackoffDuration. */
export const SCHEDULER_INITIAL_BACKOFF: Micros = seconds(1);
/** DefaultPodMaxBackoffDuration. */
export const SCHEDULER_MAX_BACKOFF: Micros = seconds(10);
/** DefaultPodMaxInUnschedulablePodsDuration. */
export const SCHEDULER_MAX_IN_UNSCHEDULABLE: Micros = minutes(5);
