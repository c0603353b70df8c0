/**
 * k8sim/v1alpha1 Traffic as the simulation runs it: the target Service, the request rate over time, arrivals,
 * clients and the work of one request, every default applied (times in µs). The scenario loader produces it;
 * trafficSource.ts runs it. Plain readonly data: no logic.
 */
import type { Micros } from '../../engine/time';
import type { DurationDist } from '../draw';
import type { SourceRef } from '../cluster/spec';
import type { Interpolation, RatePoint } from './profile';
import type { Popularity } from './clients';

/** A Traffic's request rate over time (profile times are seconds since the start of the run, in µs). */
export type RateProfileSpec =
  | { readonly kind: 'constant'; readonly rps: number }
  /** Piecewise: steps (interpolation `step`), a ramp or a replayed CSV file (`linear` or `step`). */
  | { readonly kind: 'piecewise'; readonly points: readonly RatePoint[]; readonly interpolation: Interpolation }
  | { readonly kind: 'sine'; readonly minRps: number; readonly maxRps: number; readonly period: Micros; readonly phase: Micros }
  | { readonly kind: 'diurnal'; readonly minRps: number; readonly maxRps: number; readonly peakAt: Micros };

/** An attempt's error outcomes a retry policy may retry (RequestOutcome without `success`). */
export type RetryOn = 'timeout' | 'rejected' | 'failed' | 'no_endpoints';

/**
 * A Traffic's client retry policy (`retry`): gRPC retry policy's attempts and exponential backoff, and Finagle's
 * retry budget (models/traffic/retry.ts has the rules).
 */
export interface RetryPolicySpec {
  /** Attempts per client request, the first included (gRPC maxAttempts), ≥ 1. */
  readonly attempts: number;
  /** Which attempt outcomes are retried. */
  readonly on: readonly RetryOn[];
  readonly backoff: {
    /** Backoff before the first retry, µs (≥ 0). */
    readonly initial: Micros;
    /** Cap of the backoff, µs (≥ initial). */
    readonly max: Micros;
    /** Growth per retry (≥ 1). */
    readonly multiplier: number;
    /** Fraction of the backoff drawn at random: the delay is uniform in [(1 − jitter)·b, b] (0 … 1). */
    readonly jitter: number;
  };
  /** Finagle RetryBudget; undefined = every retry the policy allows is sent. */
  readonly budget?: {
    /** Retries allowed per client request in the window (Finagle percentCanRetry), ≥ 0. */
    readonly ratio: number;
    /** Retries allowed per second regardless of requests (Finagle minRetriesPerSec), ≥ 0. */
    readonly minPerSecond: number;
    /** How long a request or a retry counts (Finagle ttl), µs > 0. */
    readonly ttl: Micros;
  };
}

/** k8sim/v1alpha1 Traffic: open-loop requests to a Service (a rate profile), or closed-loop clients (`closedLoop`). */
export interface ResolvedTraffic {
  readonly namespace: string;
  readonly name: string;
  /** The target Service's name (in `namespace`). */
  readonly service: string;
  /** The request rate; a closed-loop Traffic has none (constant 0, never read for arrivals). */
  readonly profile: RateProfileSpec;
  readonly arrivals: 'poisson' | 'even';
  readonly clients: { readonly count: number; readonly popularity: Popularity };
  /** CPU time one request needs, as a duration of one full core (25 ms = 25 millicore-seconds). */
  readonly cpu: DurationDist;
  /** Memory a request holds while in flight, bytes. */
  readonly memoryBytes: number;
  /** Client timeout, per attempt; undefined = the client waits for ever. */
  readonly timeout?: Micros;
  /** Client retries; undefined = none (each request is one attempt). */
  readonly retry?: RetryPolicySpec;
  /**
   * Closed-loop clients: each of the `clients.count` clients sends its next request a think time after its previous
   * one's client-visible outcome (after its retries); the first one a think time after the start. Undefined: open loop.
   */
  readonly closedLoop?: { readonly thinkTime: DurationDist };
  readonly source: SourceRef;
  /** `requests` (default): one event per request; `fluid`: rates per step (models/traffic/fluid). */
  readonly mode?: 'requests' | 'fluid';
  /** Fluid mode's time step, µs (the loader defaults it; every fluid Traffic of a scenario has the same). */
  readonly fluidStep?: Micros;
}
