/**
 * Draws from the scenario's distributions (DurationDist, IntChoice) with a given seeded stream. Results are whole
 * microseconds, never negative. Pure apart from advancing the stream.
 */
import { exponential, lognormal, normal, weightedIndex, type RandomStream } from '../engine/random';
import type { Micros } from '../engine/time';
import type { DurationDist, IntChoice } from '../scenarios/types';

export function drawDuration(d: DurationDist, stream: RandomStream): Micros {
  const u = () => stream.next();
  let v: number;
  switch (d.kind) {
    case 'fixed':
      return d.value;
    case 'uniform':
      v = d.min + (d.max - d.min) * u();
      break;
    case 'exponential':
      v = exponential(u, d.mean);
      break;
    case 'normal':
      v = normal(u, d.mean, d.stddev);
      break;
    case 'lognormal':
      v = lognormal(u, d.median, d.sigma);
      break;
  }
  return Math.max(0, Math.round(v));
}

export function drawInt(c: IntChoice, stream: RandomStream): number {
  if (c.values.length === 1) return c.values[0];
  return c.values[weightedIndex(() => stream.next(), c.weights)];
}
