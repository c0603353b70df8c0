/**
 * The scenario's distributions (DurationDist, IntChoice) and the draws from them with a given seeded stream. Results
 * are whole microseconds, never negative. Pure apart from advancing the stream; never reads user input.
 */
import { exponential, lognormal, normal, weightedIndex, type RandomStream } from '../engine/random';
import { micros, type Micros } from '../engine/time';

/** A random (or fixed) non-negative duration. Draws come from the engine's named streams. */
export type DurationDist =
  | { readonly kind: 'fixed'; readonly value: Micros }
  | { readonly kind: 'uniform'; readonly min: Micros; readonly max: Micros }
  | { readonly kind: 'exponential'; readonly mean: Micros }
  /** Normal, clamped at 0. */
  | { readonly kind: 'normal'; readonly mean: Micros; readonly stddev: Micros }
  /** Log-normal given by its median and the σ of the underlying normal. */
  | { readonly kind: 'lognormal'; readonly median: Micros; readonly sigma: number };

/** An integer chosen with weights (a fixed value is one choice of weight 1). */
export interface IntChoice {
  readonly values: readonly number[];
  readonly weights: readonly number[];
}

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
  return micros(Math.max(0, Math.round(v))); // a draw in µs, rounded to whole µs
}

export function drawInt(c: IntChoice, stream: RandomStream): number {
  if (c.values.length === 1) return c.values[0];
  return c.values[weightedIndex(() => stream.next(), c.weights)];
}
