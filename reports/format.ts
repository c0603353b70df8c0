/**
 * The one formatting rule for every trace cell, so files are byte-identical across runs and machines: times as
 * seconds with six decimals by integer arithmetic, integers as plain decimals, booleans as true/false, absent
 * values as empty cells, and fractional numbers with a fixed number of decimals per column (toFixed on a value
 * that is itself computed deterministically).
 */
import { formatSeconds, type Micros } from '../engine/time';

export function time(us: Micros): string {
  return formatSeconds(us);
}

export function int(n: number | undefined): string {
  if (n === undefined) return '';
  if (!Number.isInteger(n)) throw new Error(`trace: expected an integer, got ${n}`);
  return String(n);
}

export function bool(b: boolean): string {
  return b ? 'true' : 'false';
}

/** A fractional number with `decimals` digits; NaN and infinities become empty cells. */
export function fixed(n: number | undefined, decimals: number): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  const s = n.toFixed(decimals);
  // A negative number that rounds to zero prints as `-0.000`: shown as `0.000`. Only such a string starts with '-'
  // and has the length of zero's own text plus one (any other negative has a non-zero digit, or more digits).
  if (s.charCodeAt(0) !== 45) return s;
  const zero = ZEROS[decimals] ?? (ZEROS[decimals] = (0).toFixed(decimals));
  return s.length === zero.length + 1 && s.slice(1) === zero ? zero : s;
}
/** `(0).toFixed(d)` by d, made once. */
const ZEROS: string[] = [];

/** A duration in µs as milliseconds with exactly three decimals (`12.345`), by integer arithmetic. */
export function millis(us: Micros | undefined): string {
  if (us === undefined) return '';
  if (!Number.isInteger(us) || us < 0) throw new Error(`trace: expected a non-negative integer of µs, got ${us}`);
  const whole = Math.floor(us / 1000);
  return `${whole}.${String(us - whole * 1000).padStart(3, '0')}`;
}
