/**
 * Virtual time: integer microseconds since the start of the simulation, held in a JS number (exact up to 2^53 µs,
 * about 285 years). Owns the Micros brand, its conversions from and to other units, and the parsing and formatting
 * of durations; never reads the wall clock.
 */

declare const MICROS: unique symbol;

/**
 * A point in virtual time or a duration, in integer microseconds. Branded (types only, no run-time cost): a plain
 * number (seconds, milliseconds, a count) is rejected where Micros is expected, so units cannot mix unchecked.
 * Micros values come from the converters below (seconds, milliseconds, parseDuration), the engine's clock, or the
 * arithmetic helpers; numbers leave through toSeconds and the formatters.
 */
export type Micros = number & { readonly [MICROS]: true };

/**
 * Asserts that `n` is already integer µs: the identity at run time. Legitimate only where no unit changes: a value
 * computed from Micros (floor/ceil/round of µs, µs read back from the queue's typed arrays or a histogram of µs), a
 * real-valued µs rounded to whole µs (a random draw, a profile inversion), or a literal count of µs (tests). A value
 * in another unit goes through seconds() or milliseconds() instead; sums and multiples through the helpers below.
 */
export function micros(n: number): Micros {
  return n as Micros;
}

/** The start of virtual time, and the empty duration. */
export const ZERO: Micros = micros(0);

/**
 * No such time: a timeout that never fires, an arrival that never comes, an empty queue's next event. Compares
 * greater than every time; never scheduled (the engine rejects it) and never formatted.
 */
export const NEVER: Micros = micros(Infinity);

/** −∞, earlier than every time: the latest of no times, a scrape before the first. Never scheduled or formatted. */
export const BEFORE_ALL: Micros = micros(-Infinity);

/** The last exact time: `runUntil(END_OF_TIME)` runs a simulation to the end of its events. */
export const END_OF_TIME: Micros = micros(Number.MAX_SAFE_INTEGER);

/** The units in µs. */
export const US_PER_MS: Micros = micros(1_000);
export const US_PER_SECOND: Micros = micros(1_000_000);
export const US_PER_MINUTE: Micros = micros(60 * US_PER_SECOND);
export const US_PER_HOUR: Micros = micros(60 * US_PER_MINUTE);

/** Whole seconds (or a fraction of a second) to microseconds, rounded to the nearest microsecond. */
export function seconds(s: number): Micros {
  return Math.round(s * US_PER_SECOND) as Micros;
}

/** Minutes to microseconds, rounded to the nearest microsecond. */
export function minutes(m: number): Micros {
  return Math.round(m * US_PER_MINUTE) as Micros;
}

/** Milliseconds to microseconds, rounded to the nearest microsecond. */
export function milliseconds(ms: number): Micros {
  return Math.round(ms * US_PER_MS) as Micros;
}

/** Microseconds to (fractional) seconds: the border out, for arithmetic that works in seconds and for reports. */
export function toSeconds(t: Micros): number {
  return t / US_PER_SECOND;
}

/** Microseconds to (fractional) milliseconds. */
export function toMilliseconds(t: Micros): number {
  return t / US_PER_MS;
}

/** `t + d`: a time plus a duration, or the sum of two durations. */
export function addMicros(t: Micros, d: Micros): Micros {
  return (t + d) as Micros;
}

/** `a − b`: the duration from `b` to `a` (negative when `a` is earlier), or a time moved back by a duration. */
export function subMicros(a: Micros, b: Micros): Micros {
  return (a - b) as Micros;
}

/** `d × k` for a whole count `k` (an attempt number, a replica count); the caller keeps `k` an integer. */
export function scaleMicros(d: Micros, k: number): Micros {
  return (d * k) as Micros;
}

/** The earlier of two times (shorter of two durations). */
export function minMicros(a: Micros, b: Micros): Micros {
  return Math.min(a, b) as Micros;
}

/** The later of two times (longer of two durations). */
export function maxMicros(a: Micros, b: Micros): Micros {
  return Math.max(a, b) as Micros;
}

const UNIT_US: Record<string, number> = {
  ns: 1e-3,
  us: 1,
  'µs': 1,
  ms: US_PER_MS,
  s: US_PER_SECOND,
  m: US_PER_MINUTE,
  h: US_PER_HOUR,
};

const DURATION_RE = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/;

/**
 * Parses a Kubernetes/Go-style duration (`30s`, `5m`, `1h30m`, `250ms`, `1.5s`) or a number of seconds.
 * Returns undefined when the text is not a duration (callers turn that into a located error).
 * Negative durations are rejected here: no k8sim field takes one.
 */
export function parseDuration(v: unknown): Micros | undefined {
  if (typeof v === 'number') {
    return Number.isFinite(v) && v >= 0 ? seconds(v) : undefined;
  }
  if (typeof v !== 'string') return undefined;
  let rest = v.trim();
  if (rest === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(rest)) return seconds(Number(rest));
  if (rest === '0') return ZERO;
  let total = 0;
  while (rest.length > 0) {
    const m = DURATION_RE.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_US[m[2]];
    rest = rest.slice(m[0].length);
  }
  return Math.round(total) as Micros;
}

/**
 * Formats a duration as Go's time.Duration.String() does for whole-second values and above
 * (`10s`, `1m20s`, `5m0s`, `1h0m0s`), and with a fractional part below (`1.5s`, `250ms`).
 * The kubelet prints back-off delays this way (`back-off 1m20s restarting failed container=...`).
 */
export function formatGoDuration(us: Micros): string {
  if (us === 0) return '0s';
  const neg = us < 0;
  let u = Math.abs(us);
  let out: string;
  if (u < US_PER_SECOND) {
    // Go: "1.5ms", "250ms", "10µs"
    if (u < US_PER_MS) out = `${trimFraction(u, 1)}µs`;
    else out = `${trimFraction(u, US_PER_MS)}ms`;
  } else {
    const h = Math.floor(u / US_PER_HOUR);
    u -= h * US_PER_HOUR;
    const m = Math.floor(u / US_PER_MINUTE);
    u -= m * US_PER_MINUTE;
    const s = trimFraction(u, US_PER_SECOND);
    if (h > 0) out = `${h}h${m}m${s}s`;
    else if (m > 0) out = `${m}m${s}s`;
    else out = `${s}s`;
  }
  return neg ? `-${out}` : out;
}

/** `value/unit` as a decimal without trailing zeros, computed on integers so there is no float noise. */
function trimFraction(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  const frac = value - whole * unit;
  if (frac === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(frac).padStart(digits, '0').replace(/0+$/, '')}`;
}

/**
 * Formats a time as seconds with exactly six decimals (`12.500000`), by integer arithmetic: the one rule for
 * every `time_s` column, so traces are byte-identical across machines.
 */
export function formatSeconds(us: Micros): string {
  const neg = us < 0;
  const a = Math.abs(us);
  const whole = Math.floor(a / US_PER_SECOND);
  const frac = a - whole * US_PER_SECOND;
  return `${neg ? '-' : ''}${whole}.${String(frac).padStart(6, '0')}`;
}
