/**
 * policy/v1 PodDisruptionBudget: selector, exactly one of minAvailable / maxUnavailable (an integer ≥ 0 or a
 * percentage, ValidatePodDisruptionBudgetSpec), unhealthyPodEvictionPolicy. A selector that matches no pod or pod
 * template of its namespace is a located error. Reads only; the disruption controller runs it (models/policy).
 */
import type { PdbIntOrPercent } from '../../models/cluster/objects';
import type { KindHandler } from './kindHandler';
import type { ScenarioDraft } from './draft';
import { selectorScope } from './draft';
import { describe, Fields } from './fields';
import { readLabelSelector, readObjectMeta } from './objectMeta';

const POLICIES = ['IfHealthyBudget', 'AlwaysAllow'] as const;

export const podDisruptionBudgetKind: KindHandler = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  schema: () => (require('kubernetes-models/policy/v1/PodDisruptionBudget') as typeof import('kubernetes-models/policy/v1/PodDisruptionBudget')).PodDisruptionBudget,
  read(doc, draft) {
    const meta = readObjectMeta(doc, { namespaced: true });
    const root = Fields.of(doc, [], doc.value);
    const spec = root.object('spec') ?? root.fail('spec', 'required field is missing (a PodDisruptionBudget needs spec.selector and minAvailable or maxUnavailable)');
    const minAvailable = readIntOrPercent(spec, 'minAvailable');
    const maxUnavailable = readIntOrPercent(spec, 'maxUnavailable');
    if (minAvailable !== undefined && maxUnavailable !== undefined) spec.fail('minAvailable', 'minAvailable and maxUnavailable cannot be both set');
    if (minAvailable === undefined && maxUnavailable === undefined) spec.fail(undefined, 'expected one of minAvailable or maxUnavailable');
    const selector = readLabelSelector(doc, spec.at('selector'), spec.need('selector', 'a label selector')).selector;
    const policy = spec.oneOf('unhealthyPodEvictionPolicy', POLICIES);
    draft.claim(`PodDisruptionBudget/${meta.namespace}/${meta.name}`, `PodDisruptionBudget ${meta.namespace}/${meta.name}`, doc, ['metadata', 'name']);
    draft.useNamespace(meta.namespace);
    checkSelects(draft, spec, selector, meta.namespace);
    draft.podDisruptionBudgets.push({
      namespace: meta.namespace,
      name: meta.name,
      spec: {
        selector,
        ...(minAvailable !== undefined ? { minAvailable } : {}),
        ...(maxUnavailable !== undefined ? { maxUnavailable } : {}),
        ...(policy !== undefined ? { unhealthyPodEvictionPolicy: policy } : {}),
      },
      source: { file: doc.file, line: doc.line },
    });
  },
};

/** IntOrString: an integer ≥ 0, or `N%` with 0 ≤ N ≤ 100 (ValidatePositiveIntOrPercent, IsValidPercent). */
function readIntOrPercent(f: Fields, key: string): PdbIntOrPercent | undefined {
  const v = f.raw(key);
  if (v === undefined) return undefined;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) f.fail(key, `must be greater than or equal to 0, got ${describe(v)}`);
    return { value: v };
  }
  const m = typeof v === 'string' ? /^(\d+)%$/.exec(v) : null;
  if (!m) f.fail(key, `expected an integer or a percentage like 50%, got ${describe(v)}`);
  const percent = Number(m[1]);
  if (percent > 100) f.fail(key, `must not be greater than 100%, got ${describe(v)}`);
  return { percent };
}

function checkSelects(draft: ScenarioDraft, spec: Fields, selector: { matches: (l: Readonly<Record<string, string>>) => boolean; text: string }, namespace: string): void {
  draft.afterAll(() => {
    if (draft.selected(selector, namespace).length === 0) spec.fail('selector', `selector ${selectorScope(selector, namespace)} matches no pod or pod template`);
  });
}
