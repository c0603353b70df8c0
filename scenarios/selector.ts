/**
 * The loader's view of label selectors: turns a LabelSelector or an RC map selector into a ResolvedSelector
 * (matcher + kubectl text) with models/labels.ts, which owns the semantics and the validation rules. Also the
 * DNS-1123 name checks for object names. Knows nothing of documents or lines: callers locate the problems.
 */
import {
  compileLabelSelector,
  compileMapSelector,
  describeMapSelector,
  describeSelector,
  LabelSelectorError,
  labelKeyError,
  labelValueError,
  type LabelSelector,
} from '../models/labels';
import type { ResolvedSelector } from '../models/cluster/spec';

export { LabelSelectorError, type LabelSelector };

export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/** Compiles a metav1.LabelSelector; throws LabelSelectorError (with a path inside the selector) when invalid. */
export function resolveLabelSelector(sel: LabelSelector): ResolvedSelector {
  return { matches: compileLabelSelector(sel), text: describeSelector(sel), spec: sel };
}

/** Compiles a ReplicationController's map selector (equality only). */
export function resolveMapSelector(sel: Readonly<Record<string, string>>): ResolvedSelector {
  return { matches: compileMapSelector(sel), text: describeMapSelector(sel), spec: { matchLabels: sel } };
}

export function isEmptySelector(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

/** IsQualifiedName, phrased for a message: undefined when `key` is a valid label key. */
export function labelKeyProblem(key: string): string | undefined {
  const err = labelKeyError(key);
  return err === undefined ? undefined : `invalid label key "${key}": ${err}`;
}

/** IsValidLabelValue, phrased for a message: undefined when `value` is a valid label value. */
export function labelValueProblem(value: string): string | undefined {
  const err = labelValueError(value);
  return err === undefined ? undefined : `invalid label value "${value}": ${err}`;
}

const DNS_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** IsDNS1123Subdomain (object names such as pods, deployments, nodes). */
export function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && DNS_SUBDOMAIN_RE.test(s);
}

/** IsDNS1123Label (namespaces, container names). */
export function isDnsLabel(s: string): boolean {
  return s.length <= 63 && DNS_LABEL_RE.test(s);
}

/** `matchExpressions[0].values[1]` / `matchLabels[app.kubernetes.io/name]` → path elements, to locate the error. */
export function selectorErrorPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([A-Za-z]+)|\[([^\]]*)\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(/^\d+$/.test(m[2]) && out[out.length - 1] !== 'matchLabels' ? Number(m[2]) : m[2]);
  }
  return out;
}
