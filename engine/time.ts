/**
 * Virtual time: integer microseconds since the start of the simulation, held in a JS number (exact up to 2^53 µs,
 * about 285 years). Owns parsing and formatting of durations; never reads the wall clock.
 */

/** A point in virtual time or a duration, in integer microseconds. */
export type Micros = number;

export const US_PER_MS = 1_000;
export const US_PER_SECOND = 1_000_000;
export const US_PER_MINUTE = 60 * US_PER_SECOND;
export const US_PER_HOUR = 60 * US_PER_MINUTE;

/** Whole seconds (or a fraction of a second) to microseconds, rounded to the nearest microsecond. */
export function seconds(s: number): Micros {
  return Math.round(s * US_PER_SECOND);
}

export function milliseconds(ms: number): Micros {
  return Math.round(ms * US_PER_MS);
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
  if (rest === '0') return 0;
  let total = 0;
  while (rest.length > 0) {
    const m = DURATION_RE.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_US[m[2]];
    rest = rest.slice(m[0].length);
  }
  return Math.round(total);
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
