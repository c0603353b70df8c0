/**
 * `kind: Sweep` (k8sim/v1alpha1): a base scenario, the parameters to vary (a path into one of its documents, with a
 * list or a range of values), the seeds, and optionally a capacity search. Reads and checks the Sweep file only; the
 * parameters are applied to the scenario by scenarios/sweepPoint.ts, and `k8sim sweep` (cli/sweep.ts) runs them.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { InputError } from '../errors';
import { parseYamlDocuments, type LocatedDoc, type PathElement } from '../located';
import { describe, Fields, isMapping } from './fields';
import { K8SIM_API_VERSION } from './k8simObject';
import { parseFigureRef, type FigureRef } from '../sweepFigures';

/** A parameter's address: `Deployment/web:spec.replicas`, `Simulation:spec.nodePools[0].count`. */
export interface ParameterTarget {
  readonly kind: string;
  /** metadata.name; absent when the kind has one document in the scenario. */
  readonly name?: string;
  readonly field: readonly PathElement[];
}

export interface SweepParameter {
  /** As written, e.g. `Deployment/web:spec.replicas`: the column name in sweep.csv. */
  readonly path: string;
  readonly target: ParameterTarget;
  /** The values, in order (a range expanded). */
  readonly values: readonly unknown[];
  /** Where the parameter is written in the Sweep file (for located errors). */
  readonly at: readonly PathElement[];
}

export interface SweepObjective {
  readonly figure: FigureRef;
  /** The figure must be ≤ max (or ≥ min) in a run for the objective to hold. */
  readonly bound: { readonly max: number } | { readonly min: number };
}

export interface SweepSearch {
  /** Index into `parameters`. */
  readonly parameter: number;
  readonly objective: SweepObjective;
  /** The objective must hold in at least this share of the seeds (0 < confidence ≤ 1). */
  readonly confidence: number;
  /** `smallest`: the objective holds from some value up (more capacity helps); `largest`: up to some value. */
  readonly find: 'smallest' | 'largest';
}

export interface SweepSpec {
  readonly file: string;
  readonly name: string;
  /** The base scenario's files and folders, resolved against the Sweep file's folder. */
  readonly scenario: readonly string[];
  readonly parameters: readonly SweepParameter[];
  /** The seeds of every parameter point; empty: the scenario's own seed, one run per point. */
  readonly seeds: readonly string[];
  readonly search?: SweepSearch;
  readonly doc: LocatedDoc;
}

const SPEC_FIELDS = ['scenario', 'parameters', 'seeds', 'search'];
/** The most runs one Sweep may plan (a typo in a range should not plan a billion runs). */
export const MAX_RUNS = 1_000_000;

/** Reads a Sweep file: one document, `kind: Sweep`. */
export function readSweepFile(file: string, text: string): SweepSpec {
  const docs = parseYamlDocuments(file, text);
  if (docs.length !== 1) throw new InputError(file, undefined, undefined, `expected one document (kind: Sweep), got ${docs.length}`);
  const doc = docs[0];
  const top = Fields.of(doc, [], doc.value, ['apiVersion', 'kind', 'metadata', 'spec'], 'a Sweep document (apiVersion, kind, metadata, spec)');
  if (top.raw('apiVersion') !== K8SIM_API_VERSION) top.fail('apiVersion', `expected ${K8SIM_API_VERSION}, got ${describe(top.raw('apiVersion'))}`);
  if (top.raw('kind') !== 'Sweep') top.fail('kind', `expected Sweep (this file is run with \`k8sim sweep\`), got ${describe(top.raw('kind'))}`);
  const meta = top.object('metadata', ['name']);
  const name = meta?.string('name', { nonEmpty: true }) ?? file.replace(/^.*[/\\]/, '').replace(/\.ya?ml$/i, '');
  const spec = top.requiredObject('spec', SPEC_FIELDS, 'the Sweep spec');

  const base = dirname(file);
  const scenarioRaw = spec.need('scenario', 'a file or folder, or a list of them (relative to this file)');
  const scenarioList: unknown = typeof scenarioRaw === 'string' ? [scenarioRaw] : scenarioRaw;
  if (!Array.isArray(scenarioList) || scenarioList.length === 0) spec.fail('scenario', `expected a file or folder, or a non-empty list of them, got ${describe(scenarioRaw)}`);
  const scenario = (scenarioList as unknown[]).map((p, i): string => {
    if (typeof p !== 'string' || p === '') return doc.fail(typeof scenarioRaw === 'string' ? ['spec', 'scenario'] : ['spec', 'scenario', i], `expected a path, got ${describe(p)}`);
    return isAbsolute(p) ? p : join(base, p);
  });

  const parameters = (spec.list('parameters', 'a list of parameters ({path, values} or {path, range})') ?? []).map((p) => readParameter(doc, p.path, p.value));
  const seen = new Set<string>();
  parameters.forEach((p) => {
    if (seen.has(p.path)) doc.fail([...p.at, 'path'], `parameter ${p.path} is already listed`);
    seen.add(p.path);
  });
  const seeds = readSeeds(doc, spec);
  const points = parameters.reduce((n, p) => n * p.values.length, 1);
  if (points * Math.max(1, seeds.length) > MAX_RUNS) spec.fail('parameters', `${points} parameter points × ${Math.max(1, seeds.length)} seeds is more than ${MAX_RUNS} runs`);
  const search = spec.has('search') ? readSearch(doc, spec.requiredObject('search', ['parameter', 'objective', 'confidence', 'find']), parameters) : undefined;
  return { file, name, scenario, parameters, seeds, ...(search ? { search } : {}), doc };
}

/** `Deployment/web:spec.replicas` → kind, name, field path; undefined when it does not parse. */
export function parseParameterPath(s: string): ParameterTarget | undefined {
  const m = /^([A-Za-z][A-Za-z0-9]*)(?:\/([^:/]+))?:(.+)$/.exec(s);
  if (!m) return undefined;
  const field: PathElement[] = [];
  const re = /(?:^|\.)([^.[\]]+)|\[(\d+)\]/gy;
  let pos = 0;
  const rest = m[3];
  while (pos < rest.length) {
    re.lastIndex = pos;
    const t = re.exec(rest);
    if (!t || t[0] === '') return undefined;
    field.push(t[1] !== undefined ? t[1] : Number(t[2]));
    pos = re.lastIndex;
  }
  if (typeof field[0] !== 'string') return undefined;
  return { kind: m[1], ...(m[2] !== undefined ? { name: m[2] } : {}), field };
}

function readParameter(doc: LocatedDoc, at: PathElement[], value: unknown): SweepParameter {
  const f = Fields.of(doc, at, value, ['path', 'values', 'range'], 'a parameter ({path, values} or {path, range})');
  const path = f.requiredString('path', { nonEmpty: true });
  const target = parseParameterPath(path);
  if (!target) f.fail('path', `expected <kind>/<name>:<field path> or <kind>:<field path> (like Deployment/web:spec.replicas or Simulation:spec.nodePools[0].count), got ${describe(path)}`);
  if (f.has('values') === f.has('range')) f.fail(undefined, 'expected exactly one of values (a list) and range ({from, to, step})');
  let values: unknown[];
  if (f.has('values')) {
    const list = f.raw('values');
    if (!Array.isArray(list) || list.length === 0) return f.fail('values', `expected a non-empty list of values, got ${describe(list)}`);
    values = list as unknown[];
  } else {
    const r = f.requiredObject('range', ['from', 'to', 'step'], 'a range ({from, to, step})');
    const from = r.need('from', 'a number') as unknown;
    const to = r.need('to', 'a number') as unknown;
    const step = r.raw('step') ?? 1;
    for (const [k, v] of [['from', from], ['to', to], ['step', step]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v)) r.fail(k, `expected a number, got ${describe(v)}`);
    }
    values = expandRange(from as number, to as number, step as number, (problem) => r.fail(undefined, problem));
  }
  return { path, target: target!, values, at };
}

/** from, from + step, … up to to (inclusive); each value rounded to 9 decimals so 0.1 steps print as written. */
export function expandRange(from: number, to: number, step: number, fail: (problem: string) => never): number[] {
  if (!(step > 0)) fail(`expected step > 0, got ${step}`);
  if (to < from) fail(`expected from ≤ to, got from ${from}, to ${to}`);
  const n = Math.floor((to - from) / step + 1e-9) + 1;
  if (n > MAX_RUNS) fail(`the range has ${n} values, more than ${MAX_RUNS}`);
  return Array.from({ length: n }, (_, i) => Math.round((from + i * step) * 1e9) / 1e9);
}

function readSeeds(doc: LocatedDoc, spec: Fields): string[] {
  if (!spec.has('seeds')) return [];
  const raw = spec.raw('seeds');
  let seeds: string[];
  if (Array.isArray(raw)) {
    if (raw.length === 0) spec.fail('seeds', 'expected a non-empty list of seeds');
    seeds = raw.map((s, i) => {
      if (!(typeof s === 'string' && s !== '') && !(typeof s === 'number' && Number.isSafeInteger(s))) doc.fail(['spec', 'seeds', i], `expected an integer or a string, got ${describe(s)}`);
      return String(s);
    });
  } else if (isMapping(raw)) {
    const f = Fields.of(doc, ['spec', 'seeds'], raw, ['count', 'from']);
    const count = f.requiredInt('count', { min: 1 });
    const from = f.int('from') ?? 1;
    if (count > MAX_RUNS) f.fail('count', `expected at most ${MAX_RUNS} seeds`);
    seeds = Array.from({ length: count }, (_, i) => String(from + i));
  } else {
    return spec.fail('seeds', `expected a list of seeds ([1, 2, 3]) or {count: N}, got ${describe(raw)}`);
  }
  const seen = new Set<string>();
  seeds.forEach((s, i) => {
    if (seen.has(s)) doc.fail(['spec', 'seeds', ...(Array.isArray(raw) ? [i] : [])], `seed ${s} is listed twice`);
    seen.add(s);
  });
  return seeds;
}

function readSearch(doc: LocatedDoc, f: Fields, parameters: readonly SweepParameter[]): SweepSearch {
  const path = f.requiredString('parameter', { nonEmpty: true });
  const index = parameters.findIndex((p) => p.path === path);
  if (index < 0) f.fail('parameter', `expected the path of one of spec.parameters (${parameters.map((p) => p.path).join(', ') || 'none listed'}), got ${describe(path)}`);
  const p = parameters[index];
  if (!p.values.every((v, i) => typeof v === 'number' && (i === 0 || v > (p.values[i - 1] as number)))) {
    doc.fail([...p.at], 'a searched parameter needs numbers in increasing order (a range, or a sorted list of values)');
  }
  parameters.forEach((q, i) => {
    if (i !== index && q.values.length !== 1) doc.fail([...q.at, 'values'], `with a search over ${path}, every other parameter has one value; got ${q.values.length}`);
  });
  const o = f.requiredObject('objective', ['figure', 'max', 'min'], 'an objective ({figure, max} or {figure, min})');
  const figureText = o.requiredString('figure', { nonEmpty: true });
  const figure = parseFigureRef(figureText, (problem) => o.fail('figure', problem));
  if (o.has('max') === o.has('min')) o.fail(undefined, 'expected exactly one of max and min');
  const key = o.has('max') ? 'max' : 'min';
  const limit = o.number(key)!;
  const confidence = f.number('confidence') ?? 0.95;
  if (!(confidence > 0 && confidence <= 1)) f.fail('confidence', `expected a share of the seeds in (0, 1], got ${confidence}`);
  const find = f.string('find') ?? 'smallest';
  if (find !== 'smallest' && find !== 'largest') f.fail('find', `expected smallest or largest, got ${describe(find)}`);
  return { parameter: index, objective: { figure, bound: key === 'max' ? { max: limit } : { min: limit } }, confidence, find };
}
