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

/** k8sim/v1alpha1 Traffic: open-loop requests to a Service. */
export interface ResolvedTraffic {
  readonly namespace: string;
  readonly name: string;
  /** The target Service's name (in `namespace`). */
  readonly service: string;
  readonly profile: RateProfileSpec;
  readonly arrivals: 'poisson' | 'even';
  readonly clients: { readonly count: number; readonly popularity: Popularity };
  /** CPU time one request needs, as a duration of one full core (25 ms = 25 millicore-seconds). */
  readonly cpu: DurationDist;
  /** Memory a request holds while in flight, bytes. */
  readonly memoryBytes: number;
  /** Client timeout; undefined = the client waits for ever. */
  readonly timeout?: Micros;
  readonly source: SourceRef;
  /** `requests` (default): one event per request; `fluid`: rates per step (models/traffic/fluid). */
  readonly mode?: 'requests' | 'fluid';
  /** Fluid mode's time step, µs (the loader defaults it; every fluid Traffic of a scenario has the same). */
  readonly fluidStep?: Micros;
}
