/**
 * Parses the random-or-fixed values of k8sim documents: DurationDist (a duration, or uniform / exponential / normal /
 * lognormal) and IntChoice (an integer, or weighted choices). Only parses and validates; drawing is the engine's job.
 */
import type { LocatedDoc } from './located';
import type { DurationDist, IntChoice } from '../models/draw';
import { CHOICE_WEIGHT } from './defaults';
import { checkDuration, checkInt, describe, Fields, isMapping, unknownFieldProblem, type Path } from './kinds/fields';

const DIST_KINDS = ['uniform', 'exponential', 'normal', 'lognormal'] as const;
const DIST_EXPECTED =
  'a duration like 5s, or one of {uniform: {min, max}}, {exponential: {mean}}, {normal: {mean, stddev}}, {lognormal: {median, sigma}}';

/** A duration (`5s`, or a number of seconds) is a fixed value; a one-key mapping names a distribution. */
export function parseDurationDist(doc: LocatedDoc, path: Path, v: unknown): DurationDist {
  if (!isMapping(v)) {
    if (typeof v === 'string' || typeof v === 'number') return { kind: 'fixed', value: checkDuration(doc, path, v, false) };
    return doc.fail(path, `expected ${DIST_EXPECTED}, got ${describe(v)}`);
  }
  const keys = Object.keys(v);
  if (keys.length !== 1) doc.fail(path, `expected exactly one distribution (${DIST_KINDS.join(', ')}), got ${keys.length} keys`);
  const kind = keys[0];
  if (!(DIST_KINDS as readonly string[]).includes(kind)) doc.fail([...path, kind], unknownFieldProblem([...path, kind], DIST_KINDS));
  const p = [...path, kind];
  switch (kind as (typeof DIST_KINDS)[number]) {
    case 'uniform': {
      const f = Fields.of(doc, p, v[kind], ['min', 'max'], '{min, max}');
      const min = checkDuration(doc, f.at('min'), f.need('min', 'a duration'), false);
      const max = checkDuration(doc, f.at('max'), f.need('max', 'a duration'), false);
      if (max < min) f.fail('max', `expected max ≥ min, got ${describe(f.raw('max'))} < ${describe(f.raw('min'))}`);
      return { kind: 'uniform', min, max };
    }
    case 'exponential': {
      const f = Fields.of(doc, p, v[kind], ['mean'], '{mean}');
      return { kind: 'exponential', mean: checkDuration(doc, f.at('mean'), f.need('mean', 'a duration'), true) };
    }
    case 'normal': {
      const f = Fields.of(doc, p, v[kind], ['mean', 'stddev'], '{mean, stddev}');
      const mean = checkDuration(doc, f.at('mean'), f.need('mean', 'a duration'), false);
      const stddev = checkDuration(doc, f.at('stddev'), f.need('stddev', 'a duration'), false);
      return { kind: 'normal', mean, stddev };
    }
    case 'lognormal': {
      const f = Fields.of(doc, p, v[kind], ['median', 'sigma'], '{median, sigma}');
      const median = checkDuration(doc, f.at('median'), f.need('median', 'a duration'), true);
      f.need('sigma', 'a number ≥ 0');
      const sigma = f.number('sigma', { min: 0 }) as number;
      return { kind: 'lognormal', median, sigma };
    }
  }
}

/** An integer is one choice of weight 1; `{choices: [{value, weight}]}` is a weighted choice (weight default 1). */
export function parseIntChoice(doc: LocatedDoc, path: Path, v: unknown, range: { min?: number; max?: number } = {}): IntChoice {
  if (!isMapping(v)) {
    if (typeof v !== 'number') doc.fail(path, `expected an integer or {choices: [{value, weight}]}, got ${describe(v)}`);
    return { values: [checkInt(doc, path, v, range)], weights: [1] };
  }
  const f = Fields.of(doc, path, v, ['choices']);
  const items = f.list('choices', 'a list of {value, weight}');
  if (!items || items.length === 0) return f.fail('choices', 'expected at least one {value, weight}');
  const values: number[] = [];
  const weights: number[] = [];
  for (const it of items) {
    const c = Fields.of(doc, it.path, it.value, ['value', 'weight'], '{value, weight}');
    values.push(checkInt(doc, c.at('value'), c.need('value', 'an integer'), range));
    const w = c.number('weight', { min: 0 }) ?? CHOICE_WEIGHT;
    weights.push(w);
  }
  if (weights.every((w) => w === 0)) f.fail('choices', 'expected at least one choice with a weight > 0');
  return { values, weights };
}
