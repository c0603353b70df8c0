/**
 * CronJob schedules (robfig/cron v3 ParseStandard as the CronJob controller uses it) evaluated with `croner`, and
 * the wall-clock arithmetic around them. This is the one file that builds `Date` objects, and it is deterministic:
 * every Date is made from a virtual-time instant (the Simulation's startTime + the clock), never from the wall clock,
 * and croner is created paused so it never starts a timer. Times here are Unix microseconds (UTC).
 */
import { Cron } from 'croner';
import { parseDuration, US_PER_MS, US_PER_SECOND } from '../../engine/time';

/** A parsed schedule: `next(t)` is the first activation strictly after t, at second 0 (robfig Schedule.Next). */
export interface CronSchedule {
  next(afterUnixUs: number): number;
}

const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Parses a schedule as cron.ParseStandard does; returns the problem as a string when it does not parse. */
export function parseCronSchedule(schedule: string, timeZone: string | undefined): CronSchedule | string {
  const text = schedule.trim();
  if (/^(CRON_)?TZ=/.test(text)) return 'CRON_TZ or TZ inside the schedule is not supported; use spec.timeZone';
  if (text.startsWith('@every ')) {
    const d = parseDuration(text.slice('@every '.length).trim());
    if (d === undefined || d <= 0) return `failed to parse duration ${text}`;
    // ConstantDelaySchedule: at least one second, whole seconds; Next rounds t down to the second first.
    const delay = Math.max(US_PER_SECOND, d - (d % US_PER_SECOND));
    return { next: (t) => t - mod(t, US_PER_SECOND) + delay };
  }
  const expr = text.startsWith('@') ? DESCRIPTORS[text] : text;
  if (expr === undefined) return `unrecognized descriptor: ${text}`;
  const fields = expr.split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: ${text}`;
  const zone = timeZone ?? 'UTC';
  const problem = timeZoneProblem(zone);
  if (problem !== undefined) return problem;
  let cron: Cron;
  try {
    cron = new Cron(expr, { paused: true, timezone: zone });
  } catch (e) {
    return (e as Error).message;
  }
  return {
    next(t) {
      // croner's nextRun is strictly after the given instant; work from whole milliseconds.
      const at = cron.nextRun(new Date(Math.floor(t / US_PER_MS)));
      return at === null ? Infinity : at.getTime() * US_PER_MS;
    },
  };
}

/** Go's LoadLocation error text for a zone the runtime does not know (`unknown time zone Mars/Base`), else undefined. */
export function timeZoneProblem(zone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return undefined;
  } catch {
    return `unknown time zone ${zone}`;
  }
}

/** `2026-01-15T09:00:00+01:00` (Go's time.RFC3339 in the zone; `Z` for a zero offset). */
export function formatRfc3339(unixUs: number, timeZone: string | undefined): string {
  const ms = Math.floor(unixUs / US_PER_MS);
  const offsetMin = zoneOffsetMinutes(ms, timeZone ?? 'UTC');
  const local = new Date(ms + offsetMin * 60_000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const base = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  if (offsetMin === 0) return `${base}Z`;
  const a = Math.abs(offsetMin);
  return `${base}${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** Go's time.RFC1123Z in UTC (`Thu, 15 Jan 2026 10:05:00 +0000`), for the MissSchedule message. */
export function formatRfc1123z(unixUs: number): string {
  const d = new Date(Math.floor(unixUs / US_PER_MS));
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${day}, ${pad(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** The zone's offset from UTC at the instant, in minutes (from Intl's calendar fields of that instant). */
function zoneOffsetMinutes(ms: number, zone: string): number {
  if (zone === 'UTC') return 0;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - (ms - mod(ms, 1000))) / 60_000);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/**
 * An RFC 3339 timestamp (`2026-01-15T10:02:00Z`, `2026-01-15T11:02:00+01:00`, fractional seconds allowed) as Unix
 * µs, or undefined when it is not one. Pure arithmetic (Date.UTC), no clock.
 */
export function parseRfc3339(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([Zz]|[+-]\d{2}:\d{2})$/.exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(ms).getUTCDate() !== d) return undefined;
  const frac = m[7] ? Math.round(Number(m[7]) * US_PER_SECOND) : 0;
  let offset = 0;
  if (m[8] !== 'Z' && m[8] !== 'z') offset = (m[8][0] === '-' ? -1 : 1) * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4, 6)));
  return (ms - offset * 60_000) * US_PER_MS + frac;
}
