/**
 * A container's memory leak as exact integer arithmetic: bytes leaked after running `dt` µs, and the first instant
 * at which the leak crosses a headroom. BigInt inside, since bytes × µs passes 2^53 within hours. Pure functions.
 */
import { micros, ZERO, type Micros } from '../../engine/time';

export interface MemoryLeak {
  /** `bytes` more every `every` µs, growing continuously (whole bytes). */
  readonly bytes: number;
  readonly every: Micros;
}

/** ⌊bytes·dt / every⌋: whole bytes leaked after running `dt` µs (dt ≥ 0). */
export function leakedBytes(leak: MemoryLeak, dt: Micros): number {
  if (dt <= 0) return 0;
  return Number((BigInt(leak.bytes) * BigInt(dt)) / BigInt(leak.every));
}

/**
 * The smallest dt with leakedBytes(dt) > headroom, i.e. ⌈(headroom + 1)·every / bytes⌉ (0 when headroom < 0: the
 * limit is already crossed). With dt from the container's start, the crossing instant is start + dt.
 */
export function leakCrossing(leak: MemoryLeak, headroom: number): Micros {
  if (headroom < 0) return ZERO;
  const num = BigInt(headroom + 1) * BigInt(leak.every);
  const b = BigInt(leak.bytes);
  return micros(Number((num + b - 1n) / b)); // ⌈bytes·µs / bytes⌉: whole µs
}
