/**
 * Validates a Kubernetes document against the upstream OpenAPI schema compiled into `kubernetes-models`, strictly:
 * the package's validators ignore unknown fields, so the document is validated through a recording Proxy and any
 * key the validator never looked up is reported as `unknown field "spec.replicaz"` (kubectl's strict decoding).
 */
import { pathToString, type LocatedDoc, type PathElement } from '../located';
import { closest, describe, isMapping, type Path } from './fields';

/** A kubernetes-models class (e.g. `Deployment`); only its prototype's validate(), run with any object as `this`. */
export interface KubernetesModel {
  readonly prototype: { validate(): void };
}

/** The ajv error shape kubernetes-models throws (in `err.errors`). */
interface SchemaError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

interface Problem {
  readonly path: PathElement[];
  readonly problem: string;
}

/** What the validator did with one object: the keys it looked up, or whether it walked them all (a map). */
interface Access {
  readonly keys: Set<string>;
  enumerated: boolean;
}

/** Throws an InputError at the first problem (in document order): a schema violation or an unknown field. */
export function validateKubernetesObject(doc: LocatedDoc, model: KubernetesModel, kubectlName: string): void {
  const accesses = new WeakMap<object, Access>();
  let errors: readonly SchemaError[] = [];
  try {
    model.prototype.validate.call(recording(doc.value, accesses));
  } catch (e) {
    const errs = (e as { errors?: unknown }).errors;
    if (!Array.isArray(errs)) throw e;
    errors = errs as SchemaError[];
  }
  const problems = [...schemaProblems(doc.value, errors), ...unknownFields(doc.value, [], accesses, kubectlName)];
  if (problems.length === 0) return;
  // Report the earliest line; on a tie, schema problems (listed first) win.
  let first = problems[0];
  for (const p of problems) if (doc.lineOf(p.path) < doc.lineOf(first.path)) first = p;
  doc.fail(first.path, first.problem);
}

function recording(v: unknown, accesses: WeakMap<object, Access>): unknown {
  if (typeof v !== 'object' || v === null) return v;
  let access = accesses.get(v);
  if (!access) {
    access = { keys: new Set(), enumerated: false };
    accesses.set(v, access);
  }
  const a = access;
  return new Proxy(v, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof key !== 'string') return value;
      a.keys.add(key);
      return Object.prototype.hasOwnProperty.call(target, key) ? recording(value, accesses) : value;
    },
    has(target, key) {
      if (typeof key === 'string') a.keys.add(key);
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === 'string') a.keys.add(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      a.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

/**
 * Keys of mappings the validator reached but never looked up. A mapping it enumerated is a map (labels, limits);
 * one where it looked up nothing at all is free-form (RawExtension, preserve-unknown-fields): both accept any key.
 */
function unknownFields(v: unknown, path: PathElement[], accesses: WeakMap<object, Access>, kubectlName: string): Problem[] {
  const out: Problem[] = [];
  if (Array.isArray(v)) {
    v.forEach((item, i) => out.push(...unknownFields(item, [...path, i], accesses, kubectlName)));
    return out;
  }
  if (!isMapping(v)) return out;
  const access = accesses.get(v);
  if (!access) return out;
  const anyKey = access.enumerated || access.keys.size === 0;
  for (const [key, child] of Object.entries(v)) {
    const p = [...path, key];
    if (anyKey || access.keys.has(key)) {
      out.push(...unknownFields(child, p, accesses, kubectlName));
      continue;
    }
    const guess = closest(key, [...access.keys]);
    const problem = guess
      ? `unknown field "${pathToString(p)}", did you mean "${guess}"?`
      : `unknown field "${pathToString(p)}" (see \`kubectl explain ${explainPath(kubectlName, path)}\`)`;
    out.push({ path: p, problem });
  }
  return out;
}

function explainPath(kubectlName: string, path: Path): string {
  return [kubectlName, ...path.filter((p) => typeof p === 'string')].join('.');
}

/** Turns ajv errors into one problem per instance path, phrased as "expected …, got …". */
function schemaProblems(root: unknown, errors: readonly SchemaError[]): Problem[] {
  const byPath = new Map<string, SchemaError[]>();
  for (const e of errors) {
    const key = e.keyword === 'required' ? `${e.instancePath}/${escapePointer(String(e.params.missingProperty))}` : e.instancePath;
    const list = byPath.get(key) ?? [];
    list.push(e);
    byPath.set(key, list);
  }
  const out: Problem[] = [];
  for (const [pointer, errs] of byPath) {
    const path = pointerToPath(root, pointer);
    const value = valueAt(root, path);
    out.push({ path, problem: phrase(errs, value) });
  }
  return out;
}

function phrase(errs: readonly SchemaError[], value: unknown): string {
  const got = `got ${describe(value)}`;
  const required = errs.find((e) => e.keyword === 'required');
  if (required) return 'required field is missing';
  const en = errs.find((e) => e.keyword === 'enum');
  if (en) return `expected one of ${(en.params.allowedValues as unknown[]).map(String).join(', ')}, ${got}`;
  const format = errs.find((e) => e.keyword === 'format');
  if (format?.params.format === 'quantity') return `expected a quantity like 250m, 2, 512Mi or 4Gi, ${got}`;
  const types = errs.filter((e) => e.keyword === 'type').map((e) => typeName(String(e.params.type)));
  if (format) return `expected ${types.length ? `${types.join(' or ')} or ` : ''}a string in format ${String(format.params.format)}, ${got}`;
  if (types.length) return `expected ${[...new Set(types)].join(' or ')}, ${got}`;
  const other = errs.find((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf') ?? errs[0];
  return `${other.message ?? other.keyword}, ${got}`;
}

function typeName(t: string): string {
  return t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : t === 'integer' ? 'an integer' : `a ${t}`;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `/spec/template/spec/containers/0/image` → ['spec', 'template', 'spec', 'containers', 0, 'image']. */
function pointerToPath(root: unknown, pointer: string): PathElement[] {
  const out: PathElement[] = [];
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const el: PathElement = Array.isArray(node) && /^\d+$/.test(seg) ? Number(seg) : seg;
    out.push(el);
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[String(el)] : undefined;
  }
  return out;
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const p of path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[String(p)] : undefined;
  return node;
}
