/**
 * A pod spec's `affinity` → ResolvedAffinity: node affinity (required terms with every operator and matchFields,
 * preferred terms) and pod (anti-)affinity terms, validated as pkg/apis/core/validation validateAffinity does, each
 * error located at its field, with matchLabelKeys / mismatchLabelKeys merged into the label selector as the API server
 * does at pod creation (KEP-3633). Reads only; matching is the scheduler's (models/scheduler/framework/selectors.ts).
 */
import type {
  LabelSelectorSpec,
  ResolvedAffinity,
  ResolvedNodeSelectorRequirement,
  ResolvedNodeSelectorTerm,
  ResolvedPodAffinity,
  ResolvedPodAffinityTerm,
  ResolvedPreferredSchedulingTerm,
} from '../models/cluster/spec';
import { mergeMatchLabelKeys } from '../models/cluster/matchLabelKeys';
import type { Labels } from '../models/labels';
import { describe, Fields } from './kinds/fields';
import { invalid, labelNameProblem } from './fieldErrors';
import { readLabelSelectorSpec } from './kinds/objectMeta';
import { isDnsLabel, isDnsSubdomain } from './selector';

const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const;
const REQUIRED = 'requiredDuringSchedulingIgnoredDuringExecution';
const PREFERRED = 'preferredDuringSchedulingIgnoredDuringExecution';

/** spec.affinity; undefined when absent. `labels` are the pod's (the template's) own, for matchLabelKeys. */
export function readAffinity(spec: Fields, labels: Labels): ResolvedAffinity | undefined {
  const a = spec.object('affinity');
  if (!a) return undefined;
  const na = a.object('nodeAffinity');
  const pa = a.object('podAffinity');
  const paa = a.object('podAntiAffinity');
  return {
    ...(na ? { nodeAffinity: readNodeAffinity(na) } : {}),
    ...(pa ? { podAffinity: readPodAffinity(pa, labels) } : {}),
    ...(paa ? { podAntiAffinity: readPodAffinity(paa, labels) } : {}),
  };
}

function readNodeAffinity(na: Fields): NonNullable<ResolvedAffinity['nodeAffinity']> {
  const req = na.object(REQUIRED);
  let required: ResolvedNodeSelectorTerm[] | undefined;
  if (req) {
    const terms = req.list('nodeSelectorTerms') ?? [];
    // validateNodeSelector
    if (terms.length === 0) req.fail('nodeSelectorTerms', 'Required value: must have at least one node selector term');
    required = terms.map((t) => readNodeSelectorTerm(Fields.of(req.doc, t.path, t.value)));
  }
  // ValidatePreferredSchedulingTerms
  const preferred = (na.list(PREFERRED) ?? []).map((it): ResolvedPreferredSchedulingTerm => {
    const p = Fields.of(na.doc, it.path, it.value);
    const weight = p.requiredInt('weight');
    if (weight <= 0 || weight > 100) p.fail('weight', invalid(weight, 'must be in the range 1-100'));
    const pref = p.requiredObject('preference');
    return { weight, preference: readNodeSelectorTerm(pref) };
  });
  return { ...(required ? { required } : {}), preferred };
}

/** One NodeSelectorTerm (an empty one is allowed: it selects no node). */
export function readNodeSelectorTerm(t: Fields): ResolvedNodeSelectorTerm {
  const read = (key: 'matchExpressions' | 'matchFields') =>
    (t.list(key) ?? []).map((it) => {
      const r = Fields.of(t.doc, it.path, it.value);
      return key === 'matchExpressions' ? readNodeSelectorRequirement(r) : readNodeFieldSelectorRequirement(r);
    });
  return { matchExpressions: read('matchExpressions'), matchFields: read('matchFields') };
}

function readValues(r: Fields): string[] {
  return (r.list('values') ?? []).map((v) => (typeof v.value === 'string' ? v.value : r.doc.fail(v.path, `expected a string, got ${describe(v.value)} (quote it)`)));
}

/** ValidateNodeSelectorRequirement; plus: Gt/Lt's value must parse as an integer (else the term could never match). */
function readNodeSelectorRequirement(r: Fields): ResolvedNodeSelectorRequirement {
  const key = r.requiredString('key');
  const keyProblem = labelNameProblem(key);
  if (keyProblem) r.fail('key', keyProblem);
  const op = r.requiredString('operator');
  if (!(NODE_OPERATORS as readonly string[]).includes(op)) r.fail('operator', invalid(op, 'not a valid selector operator'));
  const operator = op as ResolvedNodeSelectorRequirement['operator'];
  const values = readValues(r);
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) r.fail('values', "Required value: must be specified when `operator` is 'In' or 'NotIn'");
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) r.fail('values', "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) r.fail('values', "Required value: must be specified single value when `operator` is 'Lt' or 'Gt'");
      if (!/^[+-]?\d+$/.test(values[0])) {
        r.fail('values', `${invalid(values[0], "must be an integer when `operator` is 'Lt' or 'Gt'")} (k8sim: upstream accepts it and the term never matches)`);
      }
      break;
  }
  return { key, operator, values };
}

/** validateNodeFieldSelectorRequirement: `metadata.name`, In or NotIn, exactly one value that is a node name. */
function readNodeFieldSelectorRequirement(r: Fields): ResolvedNodeSelectorRequirement {
  const key = r.requiredString('key');
  const op = r.requiredString('operator');
  if (op !== 'In' && op !== 'NotIn') r.fail('operator', invalid(op, 'not a valid selector operator'));
  const values = readValues(r);
  if (values.length !== 1) r.fail('values', "Required value: must be only one value when `operator` is 'In' or 'NotIn' for node field selector");
  if (key !== 'metadata.name') r.fail('key', invalid(key, 'not a valid field selector key'));
  if (!isDnsSubdomain(values[0])) r.doc.fail([...r.at('values'), 0], invalid(values[0], 'a lowercase RFC 1123 subdomain (a node name) is expected'));
  return { key, operator: op, values };
}

function readPodAffinity(p: Fields, labels: Labels): ResolvedPodAffinity {
  const required = (p.list(REQUIRED) ?? []).map((it) => readPodAffinityTerm(Fields.of(p.doc, it.path, it.value), labels));
  // validateWeightedPodAffinityTerms
  const preferred = (p.list(PREFERRED) ?? []).map((it) => {
    const w = Fields.of(p.doc, it.path, it.value);
    const weight = w.requiredInt('weight');
    if (weight <= 0 || weight > 100) w.fail('weight', invalid(weight, 'must be in the range 1-100'));
    return { weight, podAffinityTerm: readPodAffinityTerm(w.requiredObject('podAffinityTerm'), labels) };
  });
  return { required, preferred };
}

/** validatePodAffinityTerm + validateMatchLabelKeysAndMismatchLabelKeys, then the KEP-3633 merge. */
function readPodAffinityTerm(t: Fields, labels: Labels): ResolvedPodAffinityTerm {
  const labelSelector = t.has('labelSelector') ? readLabelSelectorSpec(t.doc, t.at('labelSelector'), t.raw('labelSelector')) : undefined;
  const namespaces = (t.list('namespaces') ?? []).map((it) => {
    const ns = typeof it.value === 'string' ? it.value : t.doc.fail(it.path, `expected a string, got ${describe(it.value)}`);
    if (!isDnsLabel(ns)) t.doc.fail(it.path, invalid(ns, 'a lowercase RFC 1123 label (a namespace name) is expected'));
    return ns;
  });
  const namespaceSelector = t.has('namespaceSelector') ? readLabelSelectorSpec(t.doc, t.at('namespaceSelector'), t.raw('namespaceSelector')) : undefined;
  const matchLabelKeys = readLabelKeys(t, 'matchLabelKeys', labelSelector);
  const mismatchLabelKeys = readLabelKeys(t, 'mismatchLabelKeys', labelSelector);
  matchLabelKeys.forEach((k, i) => {
    if (mismatchLabelKeys.includes(k)) t.doc.fail([...t.at('matchLabelKeys'), i], invalid(k, 'exists in both matchLabelKeys and mismatchLabelKeys'));
  });
  const topologyKey = t.string('topologyKey') ?? '';
  if (topologyKey === '') t.fail('topologyKey', 'Required value: can not be empty');
  const keyProblem = labelNameProblem(topologyKey);
  if (keyProblem) t.fail('topologyKey', keyProblem);
  const written: ResolvedPodAffinityTerm = {
    ...(labelSelector ? { labelSelector } : {}),
    namespaces,
    ...(namespaceSelector ? { namespaceSelector } : {}),
    topologyKey,
    matchLabelKeys,
    mismatchLabelKeys,
  };
  return mergeMatchLabelKeys(written, labels);
}

/**
 * validateLabelKeys (matchLabelKeys / mismatchLabelKeys): only with a labelSelector, valid label keys, and a
 * matchLabelKeys key may not also appear in the selector as written (upstream finds it after the merge, at pod
 * creation; k8sim refuses it at load whether or not the template carries the label).
 */
export function readLabelKeys(t: Fields, field: 'matchLabelKeys' | 'mismatchLabelKeys', selector: LabelSelectorSpec | undefined): string[] {
  const items = t.list(field) ?? [];
  if (items.length === 0) return [];
  if (selector === undefined) t.fail(field, 'Forbidden: must not be specified when labelSelector is not set');
  const inSelector = new Set([...Object.keys(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).map((e) => e.key)]);
  return items.map((it) => {
    const key = typeof it.value === 'string' ? it.value : t.doc.fail(it.path, `expected a string, got ${describe(it.value)}`);
    const problem = labelNameProblem(key);
    if (problem) t.doc.fail(it.path, problem);
    if (field === 'matchLabelKeys' && inSelector.has(key)) t.doc.fail(it.path, invalid(key, 'exists in both matchLabelKeys and labelSelector'));
    return key;
  });
}
