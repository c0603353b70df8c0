/**
 * How Events are recorded (Simulation `events`): client-go's correlator switches and their defaults (tools/record).
 * Defined here, beside kubeEvents.ts; scenarios/defaults.ts lists them. Plain data: no parsing, no logic.
 */

export interface EventSettings {
  /** client-go's aggregation of similar events into `(combined from similar events): …`. */
  readonly aggregate: boolean;
  /** client-go's spam filter (token bucket per source and object). */
  readonly spamFilter: boolean;
}

export const EVENTS_AGGREGATE = true;
export const EVENTS_SPAM_FILTER = true;
