/**
 * How a pod serves requests (Behavior `serving`): the queueing discipline of podServer.ts and its limits, with the
 * defaults of a container that has no `serving` block. Plain data: the scenario loader applies the default (the
 * resolved scenario's `defaultServing`); the traffic model never reaches for it itself.
 */
import type { QueueDiscipline } from './podServer';

export interface ServingSettings {
  readonly discipline: QueueDiscipline;
  /** FIFO: slots; ProcessorSharing: in-flight limit. Infinity = none. */
  readonly concurrency: number;
  /** FIFO: waiting requests beyond the slots (Infinity = unbounded); ProcessorSharing: 0. */
  readonly queueLimit: number;
  /** Most CPU one request can use, millicores. */
  readonly perRequestMilli: number;
}

/** Processor sharing: every request in flight is served at once, sharing the pod's CPU equally. */
export const SERVING_DISCIPLINE = 'ProcessorSharing' as const;
/** A request is one thread: it never uses more than one core. */
export const SERVING_CPU_PER_REQUEST_MILLI = 1000;

/** A container without a Behavior `serving` block serves requests this way. */
export const DEFAULT_SERVING: ServingSettings = Object.freeze({
  discipline: SERVING_DISCIPLINE,
  concurrency: Infinity,
  queueLimit: 0,
  perRequestMilli: SERVING_CPU_PER_REQUEST_MILLI,
});
