/**
 * Reads the parts every object shares: ObjectMeta (name, namespace, labels, annotations) and LabelSelectors, with
 * the API server's syntax checks (DNS names, label keys and values, selector operators). Located errors only;
 * selector semantics live in ../selector.ts.
 */
import type { LocatedDoc } from '../located';
import type { LabelSelectorSpec, ResolvedSelector } from '../../models/cluster/spec';
import { DEFAULT_NAMESPACE } from '../defaults';
import {
  isDnsLabel,
  isDnsSubdomain,
  isEmptySelector,
  labelKeyProblem,
  labelValueProblem,
  LabelSelectorError,
  resolveLabelSelector,
  selectorErrorPath,
  SELECTOR_OPERATORS,
  type LabelSelector,
} from '../selector';
import { describe, Fields, type Path } from './fields';

export interface ObjectMeta {
  readonly name: string;
  /** DEFAULT_NAMESPACE when unset; '' for cluster-scoped kinds. */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

const DNS_SUBDOMAIN_EXPECTED = 'lowercase alphanumerics, "-" and ".", starting and ending with an alphanumeric, at most 253 characters';
const DNS_LABEL_EXPECTED = 'lowercase alphanumerics and "-", starting and ending with an alphanumeric, at most 63 characters';

/** metadata of a Kubernetes object whose schema has been checked. Namespace names are DNS labels, others subdomains. */
export function readObjectMeta(doc: LocatedDoc, opts: { namespaced: boolean; nameIsLabel?: boolean }): ObjectMeta {
  const root = Fields.of(doc, [], doc.value);
  const meta = root.object('metadata');
  if (!meta) return root.fail('metadata', 'required field is missing (expected metadata.name)');
  if (!meta.has('name')) {
    const hint = meta.has('generateName') ? ' (k8sim needs a fixed name; generateName is not supported)' : '';
    meta.fail('name', `required field is missing${hint}`);
  }
  const name = meta.requiredString('name');
  checkName(meta, 'name', name, opts.nameIsLabel ?? false);
  let namespace = '';
  if (opts.namespaced) {
    namespace = meta.string('namespace') ?? DEFAULT_NAMESPACE;
    checkName(meta, 'namespace', namespace, true);
  }
  return { name, namespace, labels: readLabels(meta, 'labels'), annotations: meta.stringMap('annotations') ?? {} };
}

export function checkName(f: Fields, key: string, name: string, isLabel: boolean): void {
  const ok = isLabel ? isDnsLabel(name) : isDnsSubdomain(name);
  if (!ok) f.fail(key, `invalid name "${name}": expected ${isLabel ? DNS_LABEL_EXPECTED : DNS_SUBDOMAIN_EXPECTED}`);
}

/** A labels map with valid keys and values. */
export function readLabels(f: Fields, key: string): Record<string, string> {
  const labels = f.stringMap(key) ?? {};
  const at = f.object(key);
  for (const [k, v] of Object.entries(labels)) {
    const problem = labelKeyProblem(k) ?? labelValueProblem(v);
    if (problem && at) at.fail(k, problem);
  }
  return labels;
}

/**
 * A LabelSelector plus whether it is empty (workloads forbid that; an empty Behavior selector selects every pod).
 * The shape is checked here; the rules (operators, values, label syntax) by models/labels.ts.
 */
export function readLabelSelector(doc: LocatedDoc, path: Path, value: unknown): { selector: ResolvedSelector; empty: boolean } {
  const { spec, selector } = readSelector(doc, path, value);
  return { selector, empty: isEmptySelector(spec) };
}

/** A LabelSelector as written (validated), for the scheduler's terms and constraints, which compile it themselves. */
export function readLabelSelectorSpec(doc: LocatedDoc, path: Path, value: unknown): LabelSelectorSpec {
  const { matchLabels, matchExpressions } = readSelector(doc, path, value).spec;
  return {
    ...(Object.keys(matchLabels ?? {}).length > 0 ? { matchLabels } : {}),
    ...(matchExpressions && matchExpressions.length > 0
      ? { matchExpressions: matchExpressions.map((e) => ({ key: e.key, operator: e.operator, ...(e.values && e.values.length > 0 ? { values: e.values } : {}) })) }
      : {}),
  };
}

function readSelector(doc: LocatedDoc, path: Path, value: unknown): { spec: LabelSelectorSpec; selector: ResolvedSelector } {
  const f = Fields.of(doc, path, value, ['matchLabels', 'matchExpressions'], 'a label selector {matchLabels, matchExpressions}');
  const matchLabels = readLabels(f, 'matchLabels');
  const matchExpressions = (f.list('matchExpressions') ?? []).map((it) => {
    const e = Fields.of(doc, it.path, it.value, ['key', 'operator', 'values'], '{key, operator, values}');
    const key = e.requiredString('key');
    e.need('operator', SELECTOR_OPERATORS.join(', '));
    const operator = e.oneOf('operator', SELECTOR_OPERATORS) as string;
    const values = (e.list('values', 'a list of strings') ?? []).map((v) =>
      typeof v.value === 'string' ? v.value : doc.fail(v.path, `expected a string, got ${describe(v.value)} (quote it)`),
    );
    return { key, operator, values };
  });
  const input: LabelSelector = { matchLabels, matchExpressions };
  try {
    return { spec: input, selector: resolveLabelSelector(input) };
  } catch (e) {
    if (!(e instanceof LabelSelectorError)) throw e;
    return doc.fail([...path, ...selectorErrorPath(e.path)], e.detail);
  }
}
