/**
 * Reads a replayed load curve: CSV text with columns `time_s,rps` into rate points. Owns the format and its error
 * texts (with 1-based line numbers, for the scenario loader to locate); never reads files itself.
 */
import { seconds, toSeconds } from '../engine/time';
import { PiecewiseRateProfile, type Interpolation, type RatePoint } from '../models/traffic/profile';

/** The default way to join CSV rows (see parseRateCsv). */
export const DEFAULT_CSV_INTERPOLATION: Interpolation = 'linear';

/** A CSV problem with the 1-based line it was found on. */
export class RateCsvError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'RateCsvError';
  }
}

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(text: string): number | undefined {
  const t = text.trim();
  return NUMBER_RE.test(t) ? Number(t) : undefined;
}

/**
 * Parses `time_s,rps` text into points (µs, rps). Throws RateCsvError on the first bad line. `valueColumn` names the
 * second column (`value` for External metric series, whose points reuse the `rps` field for the value).
 *
 * Format: an optional header line `time_s,rps`; then one `time,rate` pair per line (seconds ≥ 0, strictly
 * increasing; requests per second ≥ 0; decimal numbers). Blank lines and lines starting with `#` are skipped;
 * CRLF is accepted. Times are rounded to the nearest µs. Interpolation between rows is the Traffic's setting
 * (`linear` by default: production samples are smoothed, not held; `step` replays sample-and-hold).
 */
export function parseRateCsv(text: string, valueColumn = 'rps'): RatePoint[] {
  const points: RatePoint[] = [];
  const lines = text.split(/\r?\n/);
  let first = true;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(',');
    const isHeader = first && cells.length === 2 && cells[0].trim() === 'time_s' && cells[1].trim() === valueColumn;
    first = false;
    if (isHeader) continue;
    if (cells.length !== 2) throw new RateCsvError(lineNo, `expected 2 columns "time_s,${valueColumn}", got ${cells.length}`);
    const t = parseNumber(cells[0]);
    const r = parseNumber(cells[1]);
    if (t === undefined || !(t >= 0)) throw new RateCsvError(lineNo, `time_s must be a number ≥ 0, got "${cells[0].trim()}"`);
    if (r === undefined || !(r >= 0) || !Number.isFinite(r)) throw new RateCsvError(lineNo, `${valueColumn} must be a number ≥ 0, got "${cells[1].trim()}"`);
    const at = seconds(t);
    const prev = points[points.length - 1];
    if (prev !== undefined && !(at > prev.at)) {
      throw new RateCsvError(lineNo, `time_s must increase: ${t} does not come after ${toSeconds(prev.at)}`);
    }
    points.push({ at, rps: r });
  }
  if (points.length === 0) throw new RateCsvError(Math.max(1, lines.length), `no data rows (expected "time_s,${valueColumn}" pairs)`);
  return points;
}

/** A piecewise profile from CSV text. */
export function csvProfile(text: string, interpolation: Interpolation = DEFAULT_CSV_INTERPOLATION): PiecewiseRateProfile {
  return new PiecewiseRateProfile(parseRateCsv(text), interpolation);
}
