/**
 * Integer division for the exact CPU accounting: floor and ceiling of a/b for safe integers, corrected after the
 * float division so the result is exact even where a/b rounds across an integer. Never used on non-integers.
 */

// Hot-path globals as module constants: under Jest's vm sandbox each global lookup costs ~0.2 µs.
const floor = Math.floor;

/** ⌊a/b⌋ for integers a, b (b > 0), |a| < 2^53. */
export function floorDiv(a: number, b: number): number {
  let q = floor(a / b);
  // a/b is rounded to the nearest double first; fix the (rare) case where that crossed an integer.
  if (q * b > a) q--;
  else if ((q + 1) * b <= a) q++;
  return q;
}

/** ⌈a/b⌉ for integers a, b (b > 0), |a| < 2^53. */
export function ceilDiv(a: number, b: number): number {
  return -floorDiv(-a, b);
}
