/**
 * Label selectors: metav1.LabelSelector (matchLabels + set-based matchExpressions) and the ReplicationController's
 * plain map, validated and compiled once into a fast matcher, plus kubectl's string form. Pure: never stores
 * objects or watches anything.
 */

export type Labels = Readonly<Record<string, string>>;
export type LabelMatcher = (labels: Labels) => boolean;

export interface LabelSelectorRequirement {
  readonly key: string;
  /** In | NotIn | Exists | DoesNotExist; anything else is rejected. */
  readonly operator: string;
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export class LabelSelectorError extends Error {
  constructor(
    /** Field path inside the selector, e.g. `matchExpressions[0].values`. */
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'LabelSelectorError';
  }
}

type Op = 'Equals' | 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

interface Requirement {
  readonly key: string;
  readonly op: Op;
  readonly values: readonly string[];
}

const NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** apimachinery/pkg/util/validation : IsQualifiedName (label keys): `[prefix/]name`, name ≤ 63, prefix ≤ 253. */
export function labelKeyError(key: string): string | undefined {
  const parts = key.split('/');
  let name = key;
  if (parts.length === 2) {
    const [prefix, rest] = parts;
    if (prefix.length === 0) return 'prefix part must be non-empty';
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN_RE.test(prefix)) {
      return 'prefix part must be a lowercase RFC 1123 subdomain of at most 253 characters';
    }
    name = rest;
  } else if (parts.length > 2) {
    return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'";
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!NAME_RE.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** apimachinery/pkg/util/validation : IsValidLabelValue: empty, or ≤ 63 characters of the name alphabet. */
export function labelValueError(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!NAME_RE.test(value)) {
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/**
 * apimachinery/pkg/labels/selector.go : NewRequirement's checks: key is a qualified name; In/NotIn need at least one
 * value; Equals exactly one; Exists/DoesNotExist no value; every value a valid label value.
 */
function newRequirement(key: string, op: Op, values: readonly string[], path: string): Requirement {
  const keyErr = labelKeyError(key);
  if (keyErr !== undefined) throw new LabelSelectorError(`${path}.key`, `Invalid value: "${key}": ${keyErr}`);
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) throw new LabelSelectorError(`${path}.values`, "for 'in', 'notin' operators, values set can't be empty");
      break;
    case 'Equals':
      if (values.length !== 1) throw new LabelSelectorError(`${path}.values`, 'exact-match compatibility requires one single value');
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) throw new LabelSelectorError(`${path}.values`, 'values set must be empty for exists and does not exist');
      break;
  }
  values.forEach((v, i) => {
    const err = labelValueError(v);
    if (err !== undefined) throw new LabelSelectorError(`${path}.values[${i}]`, `Invalid value: "${v}": ${err}`);
  });
  return { key, op, values: [...values] };
}

const OPERATORS: Readonly<Record<string, Op>> = { In: 'In', NotIn: 'NotIn', Exists: 'Exists', DoesNotExist: 'DoesNotExist' };

/**
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go : LabelSelectorAsSelector: matchLabels become
 * Equals requirements, expressions map one to one; requirements are sorted by key (selector.Add, ByKey).
 * Returns null for a nil selector (labels.Nothing()), [] for an empty one (labels.Everything()). Throws
 * LabelSelectorError on the first invalid part.
 */
function toRequirements(selector: LabelSelector | null | undefined): Requirement[] | null {
  if (selector === null || selector === undefined) return null;
  const reqs: Requirement[] = [];
  const matchLabels = selector.matchLabels ?? {};
  for (const key of Object.keys(matchLabels)) {
    reqs.push(newRequirement(key, 'Equals', [matchLabels[key]], `matchLabels[${key}]`));
  }
  (selector.matchExpressions ?? []).forEach((expr, i) => {
    const op = Object.prototype.hasOwnProperty.call(OPERATORS, expr.operator) ? OPERATORS[expr.operator] : undefined;
    if (op === undefined) {
      throw new LabelSelectorError(`matchExpressions[${i}].operator`, `"${expr.operator}" is not a valid label selector operator`);
    }
    reqs.push(newRequirement(expr.key, op, expr.values ?? [], `matchExpressions[${i}]`));
  });
  // stable sort by key (upstream sort.Sort is not stable; equal keys keep matchLabels-then-expressions order here)
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs;
}

/** The problems of a selector, as messages (empty when valid): the whole-selector form of the checks above. */
export function validateLabelSelector(selector: LabelSelector | null | undefined): string[] {
  try {
    toRequirements(selector);
    return [];
  } catch (e) {
    if (e instanceof LabelSelectorError) return [e.message];
    throw e;
  }
}

const has = (labels: Labels, key: string) => Object.prototype.hasOwnProperty.call(labels, key);

/** selector.go : Requirement.Matches. */
function compileRequirement(r: Requirement): LabelMatcher {
  const { key } = r;
  switch (r.op) {
    case 'Equals': {
      const v = r.values[0];
      return (l) => has(l, key) && l[key] === v;
    }
    case 'In': {
      if (r.values.length === 1) {
        const v = r.values[0];
        return (l) => has(l, key) && l[key] === v;
      }
      const set = new Set(r.values);
      return (l) => has(l, key) && set.has(l[key]);
    }
    case 'NotIn': {
      const set = new Set(r.values);
      return (l) => !has(l, key) || !set.has(l[key]);
    }
    case 'Exists':
      return (l) => has(l, key);
    case 'DoesNotExist':
      return (l) => !has(l, key);
  }
}

const EVERYTHING: LabelMatcher = () => true;
const NOTHING: LabelMatcher = () => false;

function compileRequirements(reqs: Requirement[]): LabelMatcher {
  const ms = reqs.map(compileRequirement);
  if (ms.length === 0) return EVERYTHING;
  if (ms.length === 1) return ms[0];
  if (ms.length === 2) {
    const [a, b] = ms;
    return (l) => a(l) && b(l);
  }
  return (l) => {
    for (const m of ms) if (!m(l)) return false;
    return true;
  };
}

/**
 * Compiles a metav1.LabelSelector once. Empty selector → matches everything; null/undefined → matches nothing
 * (LabelSelectorAsSelector's nil case). Throws LabelSelectorError when invalid.
 */
export function compileLabelSelector(selector: LabelSelector | null | undefined): LabelMatcher {
  const reqs = toRequirements(selector);
  return reqs === null ? NOTHING : compileRequirements(reqs);
}

/**
 * A ReplicationController's spec.selector (a plain map): labels.Set(selector).AsSelectorPreValidated(): every pair
 * must be present with equal value; an empty or absent map matches everything (API validation forbids an empty
 * RC selector, and defaults it from the template's labels).
 */
export function compileMapSelector(selector: Readonly<Record<string, string>> | undefined): LabelMatcher {
  return compileLabelSelector({ matchLabels: selector ?? {} });
}

function requirementString(r: Requirement): string {
  // selector.go : Requirement.String; values printed sorted (safeSort), without mutating the requirement
  switch (r.op) {
    case 'Equals':
      return `${r.key}=${r.values[0]}`;
    case 'In':
      return `${r.key} in (${[...r.values].sort().join(',')})`;
    case 'NotIn':
      return `${r.key} notin (${[...r.values].sort().join(',')})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
  }
}

/**
 * kubectl's form (metav1.FormatLabelSelector): requirements sorted by key joined by ",", e.g.
 * `app=web,tier in (a,b)`; `<none>` when the selector selects everything or is nil; `<error>` when invalid.
 */
export function describeSelector(selector: LabelSelector | null | undefined): string {
  let reqs: Requirement[] | null;
  try {
    reqs = toRequirements(selector);
  } catch (e) {
    if (e instanceof LabelSelectorError) return '<error>';
    throw e;
  }
  const s = (reqs ?? []).map(requirementString).join(',');
  return s === '' ? '<none>' : s;
}

/** kubectl's form of a plain map selector (labels.FormatLabels): sorted `k=v` pairs, `<none>` when empty. */
export function describeMapSelector(selector: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(selector ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${(selector ?? {})[k]}`).join(',');
}

/** The same keys with the same values (a shallow comparison: label values are strings). */
export function sameLabels(a: Labels, b: Labels): boolean {
  if (a === b) return true;
  let n = 0;
  for (const k in b) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  // Count a's keys without allocating (this runs on every node update, i.e. every binding).
  for (const _ in a) n--;
  return n === 0;
}
