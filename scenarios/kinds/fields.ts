/**
 * The one reader of YAML input: typed, located reads of one mapping, each getter checking the type and throwing an
 * InputError `file:line: field.path: problem`. Used by k8sim kinds (with a list of known keys), Kubernetes kinds
 * (after the OpenAPI schema), HPA manifest checks and `hpa explain` snapshots. Holds no defaults and no kind's rules.
 */
import { formatGoDuration, parseDuration, seconds, type Micros } from '../../engine/time';
import { aboveLimit, LIMITS_DOC, MAX_DURATION } from '../limits';
import { isQuantity, parseMilli, parseValue } from '../../engine/quantity';
import { pathToString, type LocatedDoc, type PathElement } from '../located';

export type Path = readonly PathElement[];

/** A short rendering of a value for messages: `"-5m"`, `12`, `a mapping`, `a list`, `null`. */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The closest of `candidates` to `word` when it is a plausible typo (case change or edit distance ≤ 2). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** `unknown field "spec.replicaz", did you mean "replicas"?` or `…; expected one of: a, b, c`. */
export function unknownFieldProblem(path: Path, known: readonly string[]): string {
  const key = String(path[path.length - 1]);
  const base = `unknown field "${pathToString(path)}"`;
  const guess = closest(key, known);
  if (guess !== undefined) return `${base}, did you mean "${guess}"?`;
  return known.length === 0 ? `${base}; no fields are allowed here` : `${base}; expected one of: ${[...known].sort().join(', ')}`;
}

interface IntOptions {
  readonly min?: number;
  readonly max?: number;
  /** k8sim's documented limit (scenarios/limits.ts): like max, with a message naming docs/limits.md. */
  readonly limit?: number;
}

interface StringOptions {
  readonly nonEmpty?: boolean;
}

/** How milliMap names the shape it expects. */
export const MILLI_MAP = 'a mapping of names to quantities';

/** A mapping at `path` inside `doc`. Values that are null count as absent (as in Kubernetes). */
export class Fields {
  private constructor(
    readonly doc: LocatedDoc,
    readonly path: Path,
    readonly value: Readonly<Record<string, unknown>>,
  ) {}

  /**
   * Reads the mapping `value` found at `path`. With `known`, any other key is an error (strict decoding).
   * `what` names the expected shape in the type error (`the Simulation spec`).
   */
  static of(doc: LocatedDoc, path: Path, value: unknown, known?: readonly string[], what = 'a mapping'): Fields {
    if (!isMapping(value)) doc.fail(path, `expected ${what}, got ${describe(value)}`);
    if (known) {
      for (const key of Object.keys(value)) {
        if (!known.includes(key)) doc.fail([...path, key], unknownFieldProblem([...path, key], known));
      }
    }
    return new Fields(doc, path, value);
  }

  at(key: PathElement): PathElement[] {
    return [...this.path, key];
  }

  has(key: string): boolean {
    const v = this.value[key];
    return v !== undefined && v !== null;
  }

  raw(key: string): unknown {
    const v = this.value[key];
    return v === null ? undefined : v;
  }

  /** The field is written as `null` (for the few inputs where null says something absence does not). */
  isNull(key: string): boolean {
    return this.value[key] === null;
  }

  fail(key: PathElement | undefined, problem: string): never {
    return this.doc.fail(key === undefined ? this.path : this.at(key), problem);
  }

  /** Throws unless the field is present. */
  need(key: string, expected: string): unknown {
    if (!this.has(key)) this.fail(key, `required field is missing (expected ${expected})`);
    return this.value[key];
  }

  /** With `nonEmpty`, `""` is refused (names and references, as the API server requires them). */
  string(key: string, opts: StringOptions = {}): string | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') this.fail(key, `expected a string, got ${describe(v)}`);
    if (opts.nonEmpty && v === '') this.fail(key, `expected a non-empty string, got ""`);
    return v;
  }

  requiredString(key: string, opts: StringOptions = {}): string {
    this.need(key, opts.nonEmpty ? 'a non-empty string' : 'a string');
    return this.string(key, opts) as string;
  }

  /** `expected` words the accepted values in the type error (`true, false or null` where null means something). */
  bool(key: string, expected = 'true or false'): boolean | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') this.fail(key, `expected ${expected}, got ${describe(v)}`);
    return v;
  }

  int(key: string, opts: IntOptions = {}): number | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    return checkInt(this.doc, this.at(key), v, opts);
  }

  requiredInt(key: string, opts: IntOptions = {}): number {
    this.need(key, 'an integer');
    return this.int(key, opts) as number;
  }

  number(key: string, opts: IntOptions = {}): number | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, `expected a number, got ${describe(v)}`);
    if (opts.min !== undefined && v < opts.min) this.fail(key, `expected a number ≥ ${opts.min}, got ${v}`);
    if (opts.limit !== undefined && v > opts.limit) this.fail(key, aboveLimit('too large', opts.limit, v));
    return v;
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !values.includes(v as T)) {
      this.fail(key, `expected one of ${values.join(', ')}, got ${describe(v)}`);
    }
    return v as T;
  }

  requiredOneOf<T extends string>(key: string, values: readonly T[]): T {
    this.need(key, `one of ${values.join(', ')}`);
    return this.oneOf(key, values) as T;
  }

  duration(key: string, opts: { positive?: boolean } = {}): Micros | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    return checkDuration(this.doc, this.at(key), v, opts.positive ?? false);
  }

  /** An instant on an input's own time axis, in seconds (negative = before its origin). */
  time(key: string): Micros | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, `expected a time in seconds (a number), got ${describe(v)}`);
    return seconds(v);
  }

  /** A quantity as written (`250m`, `1.5`, `64Mi`, or a number), checked to parse; its sign is the caller's rule. */
  quantity(key: string): string | number | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if ((typeof v !== 'string' && typeof v !== 'number') || !isQuantity(v)) this.fail(key, quantityProblem(v));
    return v;
  }

  /** A quantity in milli-units (cpu). */
  milli(key: string): number | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    return checkQuantity(this.doc, this.at(key), v, parseMilli);
  }

  /** A quantity in base units (memory bytes, pods). */
  units(key: string): number | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    return checkQuantity(this.doc, this.at(key), v, parseValue);
  }

  /** A mapping of names to quantities in milli-units (requests, usage, metric values), each ≥ 0. */
  milliMap(key: string): Record<string, number> | undefined {
    return this.object(key, undefined, MILLI_MAP)?.milliValues();
  }

  /** Every field of this mapping as a quantity in milli-units, each ≥ 0 (null is not a quantity here). */
  milliValues(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of Object.keys(this.value)) out[k] = checkQuantity(this.doc, this.at(k), this.value[k], parseMilli);
    return out;
  }

  /** A nested mapping; `known` as in `Fields.of`. */
  object(key: string, known?: readonly string[], what?: string): Fields | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    return Fields.of(this.doc, this.at(key), v, known, what);
  }

  requiredObject(key: string, known?: readonly string[], what = 'a mapping'): Fields {
    this.need(key, what);
    return this.object(key, known, what) as Fields;
  }

  /** A list; returns each item with its path. */
  list(key: string, what = 'a list'): { value: unknown; path: PathElement[] }[] | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) this.fail(key, `expected ${what}, got ${describe(v)}`);
    return v.map((value, i) => ({ value, path: this.at(key).concat(i) }));
  }

  /** A string → string map (labels, nodeSelector). */
  stringMap(key: string): Record<string, string> | undefined {
    const f = this.object(key, undefined, 'a mapping of strings to strings');
    if (!f) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(f.value)) {
      out[k] = typeof v === 'string' ? v : f.fail(k, `expected a string value, got ${describe(v)} (quote numbers and booleans)`);
    }
    return out;
  }
}

export function checkInt(doc: LocatedDoc, path: Path, v: unknown, opts: IntOptions = {}): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) doc.fail(path, `expected an integer, got ${describe(v)}`);
  if (opts.min !== undefined && v < opts.min) doc.fail(path, `expected an integer ≥ ${opts.min}, got ${v}`);
  if (opts.max !== undefined && v > opts.max) doc.fail(path, `expected an integer ≤ ${opts.max}, got ${v}`);
  if (opts.limit !== undefined && v > opts.limit) doc.fail(path, aboveLimit('too large', opts.limit, v));
  return v;
}

export function checkDuration(doc: LocatedDoc, path: Path, v: unknown, positive: boolean): Micros {
  const us = parseDuration(v);
  if (us === undefined) doc.fail(path, `expected a duration like 30s or 5m, got ${describe(v)}`);
  if (positive && us <= 0) doc.fail(path, `expected a duration greater than 0, got ${describe(v)}`);
  if (!(us <= MAX_DURATION)) doc.fail(path, `duration too long: expected at most ${formatGoDuration(MAX_DURATION)} (100 years, k8sim's limit, ${LIMITS_DOC}), got ${describe(v)}`);
  return us;
}

function quantityProblem(v: unknown): string {
  return `expected a quantity like 250m, 2, 512Mi or 4Gi, got ${describe(v)}`;
}

export function checkQuantity(doc: LocatedDoc, path: Path, v: unknown, parse: (v: unknown) => number | undefined): number {
  const n = parse(v);
  if (n === undefined) doc.fail(path, quantityProblem(v));
  if (n < 0) doc.fail(path, `must be greater than or equal to 0, got ${describe(v)}`);
  return n;
}
