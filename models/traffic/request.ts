/**
 * One request of a Traffic, from arrival to outcome, and the draw of its CPU work. A plain record with a fixed
 * shape (one class, so the engine's hot path stays monomorphic); outcomes are recorded by the TrafficModel.
 */
import { exponential, lognormal, normal, type Uniform } from '../../engine/random';
import type { Micros } from '../../engine/time';
import type { DurationDist } from '../../scenarios/types';
import type { PodObj } from '../cluster/objects';
import type { ServedRequest } from './podServer';
import type { TrafficSource } from './trafficSource';

// Hot-path globals as module constants: under Jest's vm sandbox each global lookup costs ~0.2 µs.
const round = Math.round;

export class Request implements ServedRequest {
  /** The pod the load balancer picked (undefined: no endpoint). */
  pod: PodObj | undefined = undefined;
  /** The client knows the outcome (a late completion after a timeout changes nothing). */
  done = false;

  constructor(
    /** Arrival sequence number in the run (0, 1, 2, …): the 1-in-N request trace samples by it. */
    readonly id: number,
    readonly source: TrafficSource,
    readonly client: number,
    readonly arrival: Micros,
    /** CPU work in millicore-µs (= CPU ns). */
    readonly work: number,
    readonly memoryBytes: number,
    /** When the client gives up (Infinity: never). */
    readonly deadline: Micros,
  ) {}
}

/**
 * CPU work of one request in millicore-µs, from a DurationDist of one core's CPU time (µs): value × 1000, rounded
 * to the nearest millicore-µs, at least 1. One uniform per draw (two for normal and log-normal), never zero.
 */
export function drawWork(d: DurationDist, u: Uniform): number {
  let v: number;
  switch (d.kind) {
    case 'fixed':
      v = d.value * 1000;
      break;
    case 'uniform':
      v = (d.min + (d.max - d.min) * u()) * 1000;
      break;
    case 'exponential':
      v = exponential(u, d.mean * 1000);
      break;
    case 'normal':
      v = normal(u, d.mean * 1000, d.stddev * 1000);
      break;
    case 'lognormal':
      v = lognormal(u, d.median * 1000, d.sigma);
      break;
  }
  const w = round(v);
  return w >= 1 ? w : 1;
}
