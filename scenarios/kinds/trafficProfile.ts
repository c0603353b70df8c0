/**
 * The `profile` of a Traffic document: constant, steps, ramp, sine, diurnal, or a `time_s,rps` CSV file read
 * relative to the scenario file. Reads and validates into a RateProfileSpec; the rate arithmetic is
 * models/traffic/profile.ts.
 */
import { aboveLimit, MAX_RPS } from '../limits';
import { dirname, isAbsolute, join } from 'node:path';
import type { RateProfileSpec } from '../../models/traffic/spec';
import * as D from '../defaults';
import { InputError } from '../errors';
import { parseRateCsv, RateCsvError } from '../rateCsv';
import type { RatePoint } from '../../models/traffic/profile';
import { describe, Fields } from './fields';
import type { InputFiles } from '../inputFiles';
import { addMicros, ZERO } from '../../engine/time';

const FORMS = ['constant', 'steps', 'ramp', 'sine', 'diurnal', 'csv'] as const;
const INTERPOLATIONS = ['linear', 'step'] as const;

/** `f` is the Traffic spec; `profile` must hold exactly one of FORMS. */
export function readRateProfile(f: Fields, inputs: InputFiles): RateProfileSpec {
  f.need('profile', `one of ${FORMS.map((k) => `{${k}: …}`).join(', ')}`);
  const p = f.object('profile', FORMS, 'a rate profile (a mapping with one of constant, steps, ramp, sine, diurnal, csv)') as Fields;
  const keys = Object.keys(p.value).filter((k) => p.has(k));
  if (keys.length !== 1) f.fail('profile', `expected exactly one of ${FORMS.join(', ')}, got ${keys.length === 0 ? 'none' : keys.join(' and ')}`);
  const form = keys[0] as (typeof FORMS)[number];
  const rps = (g: Fields, key: string): number => {
    g.need(key, 'requests per second, a number ≥ 0');
    return g.number(key, { min: 0, limit: MAX_RPS }) as number;
  };
  switch (form) {
    case 'constant':
      return { kind: 'constant', rps: rps(p, 'constant') };
    case 'steps': {
      const items = p.list('steps', 'a list of {at, rps}') as { value: unknown; path: (string | number)[] }[];
      if (items.length === 0) p.fail('steps', 'expected at least one {at, rps}');
      const points: RatePoint[] = [];
      for (const it of items) {
        const s = Fields.of(p.doc, it.path, it.value, ['at', 'rps'], 'a step {at, rps}');
        s.need('at', 'a duration since the start of the run');
        const at = s.duration('at')!;
        const prev = points[points.length - 1];
        if (prev && !(at > prev.at)) s.fail('at', 'steps must be in increasing order of `at`');
        points.push({ at, rps: rps(s, 'rps') });
      }
      // Before the first step there is no traffic.
      if (points[0].at > 0) points.unshift({ at: ZERO, rps: 0 });
      return { kind: 'piecewise', points, interpolation: 'step' };
    }
    case 'ramp': {
      const r = p.object('ramp', ['from', 'to', 'at', 'over'], '{from, to, at, over}') as Fields;
      const from = rps(r, 'from');
      const to = rps(r, 'to');
      const at = r.duration('at') ?? ZERO;
      r.need('over', 'a duration > 0');
      const over = r.duration('over', { positive: true })!;
      // `from` until `at`, linear to `to` at `at + over`, `to` after.
      const points: RatePoint[] = at > 0 ? [{ at: ZERO, rps: from }, { at, rps: from }, { at: addMicros(at, over), rps: to }] : [{ at: ZERO, rps: from }, { at: over, rps: to }];
      return { kind: 'piecewise', points, interpolation: 'linear' };
    }
    case 'sine': {
      const s = p.object('sine', ['min', 'max', 'period', 'phase'], '{min, max, period, phase}') as Fields;
      const [minRps, maxRps] = [rps(s, 'min'), rps(s, 'max')];
      if (maxRps < minRps) s.fail('max', `expected max ≥ min, got ${maxRps} < ${minRps}`);
      s.need('period', 'a duration > 0');
      return { kind: 'sine', minRps, maxRps, period: s.duration('period', { positive: true })!, phase: s.duration('phase') ?? ZERO };
    }
    case 'diurnal': {
      const s = p.object('diurnal', ['min', 'max', 'peakAt'], '{min, max, peakAt}') as Fields;
      const [minRps, maxRps] = [rps(s, 'min'), rps(s, 'max')];
      if (maxRps < minRps) s.fail('max', `expected max ≥ min, got ${maxRps} < ${minRps}`);
      return { kind: 'diurnal', minRps, maxRps, peakAt: s.duration('peakAt') ?? ZERO };
    }
    case 'csv':
      return readCsvProfile(p, inputs);
  }
}

/** `csv: load.csv` or `csv: {file: load.csv, interpolation: step}`; the file is relative to the scenario file. */
function readCsvProfile(p: Fields, inputs: InputFiles): RateProfileSpec {
  const raw = p.raw('csv');
  let file: string;
  let interpolation: (typeof INTERPOLATIONS)[number] = D.TRAFFIC_CSV_INTERPOLATION;
  if (typeof raw === 'string') file = raw;
  else {
    const c = p.object('csv', ['file', 'interpolation'], 'a file name or {file, interpolation}') as Fields;
    file = c.requiredString('file');
    interpolation = c.oneOf('interpolation', INTERPOLATIONS) ?? interpolation;
  }
  if (file === '') p.fail('csv', `expected a file name, got ${describe(raw)}`);
  const path = isAbsolute(file) ? file : join(dirname(p.doc.file), file);
  let text: string;
  try {
    text = inputs.readText(path);
  } catch (e) {
    return p.fail('csv', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let points: RatePoint[];
  try {
    points = parseRateCsv(text);
  } catch (e) {
    if (e instanceof RateCsvError) throw new InputError(path, e.line, undefined, e.problem);
    throw e;
  }
  // Rows are counted without the header line.
  const peak = points.findIndex((pt) => pt.rps > MAX_RPS);
  if (peak >= 0) throw new InputError(path, undefined, undefined, aboveLimit(`row ${peak + 1}: rps too large`, MAX_RPS, points[peak].rps));
  return { kind: 'piecewise', points, interpolation };
}
