/**
 * v1 LimitRange: Container and Pod items (max, min, default, defaultRequest, maxLimitRequestRatio) for cpu and
 * memory, with SetDefaults_LimitRangeItem applied (Container: default ← max, defaultRequest ← default ← min) and
 * ValidateLimitRange's order checks. Reads only; admission applies it (models/policy/limitRanger.ts).
 */
import type { LimitRangeItem, LimitType } from '../../models/cluster/objects';
import type { KindHandler } from './kindHandler';
import { Fields } from './fields';
import { readObjectMeta } from './objectMeta';
import { formatQuantity } from '../../models/policy/resources';

const TYPES = ['Container', 'Pod', 'PersistentVolumeClaim'] as const;
const RESOURCES = ['cpu', 'memory'];
const ITEM_FIELDS = ['type', 'max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'];

export const limitRangeKind: KindHandler = {
  apiVersion: 'v1',
  kind: 'LimitRange',
  schema: () => (require('kubernetes-models/v1/LimitRange') as typeof import('kubernetes-models/v1/LimitRange')).LimitRange,
  read(doc, draft) {
    const meta = readObjectMeta(doc, { namespaced: true });
    const root = Fields.of(doc, [], doc.value);
    const spec = root.object('spec') ?? root.fail('spec', 'required field is missing (a LimitRange needs spec.limits)');
    spec.need('limits', 'a list of limit items');
    const limits: LimitRangeItem[] = [];
    for (const it of spec.list('limits') ?? []) {
      const f = Fields.of(doc, it.path, it.value, ITEM_FIELDS);
      f.need('type', TYPES.join(', '));
      const type = f.oneOf('type', TYPES);
      if (type === 'PersistentVolumeClaim') continue; // k8sim has no volumes: nothing to limit
      const read = (key: string): Map<string, number> => {
        const m = f.milliMap(key) ?? {};
        for (const r of Object.keys(m)) if (!RESOURCES.includes(r)) f.object(key)!.fail(r, `k8sim models LimitRange ${key} for cpu and memory only, got "${r}"`);
        return new Map(Object.keys(m).sort().map((r) => [r, m[r]]));
      };
      const max = read('max');
      const min = read('min');
      const dflt = read('default');
      const defaultRequest = read('defaultRequest');
      const ratio = read('maxLimitRequestRatio');
      if (type === 'Pod' && (dflt.size > 0 || defaultRequest.size > 0)) f.fail(dflt.size > 0 ? 'default' : 'defaultRequest', 'may not be specified when type is Pod');
      if (type === 'Container') {
        // SetDefaults_LimitRangeItem.
        for (const [r, v] of max) if (!dflt.has(r)) dflt.set(r, v);
        for (const [r, v] of dflt) if (!defaultRequest.has(r)) defaultRequest.set(r, v);
        for (const [r, v] of min) if (!defaultRequest.has(r)) defaultRequest.set(r, v);
      }
      checkOrder(f, { min, max, default: dflt, defaultRequest, maxLimitRequestRatio: ratio });
      limits.push({ type: type as LimitType, max, min, default: dflt, defaultRequest, maxLimitRequestRatio: ratio });
    }
    draft.claim(`LimitRange/${meta.namespace}/${meta.name}`, `LimitRange ${meta.namespace}/${meta.name}`, doc, ['metadata', 'name']);
    draft.useNamespace(meta.namespace);
    draft.limitRanges.push({ namespace: meta.namespace, name: meta.name, limits, source: { file: doc.file, line: doc.line } });
  },
};

type ItemMaps = Record<'min' | 'max' | 'default' | 'defaultRequest' | 'maxLimitRequestRatio', Map<string, number>>;

/**
 * ValidateLimitRange's order rules per resource: min ≤ defaultRequest ≤ default ≤ max, min ≤ max, ratio ≥ 1
 * (messages as upstream, quantities in canonical form). Checked after defaulting, as the API server does.
 */
function checkOrder(f: Fields, m: ItemMaps): void {
  const q = (r: string, v: number) => formatQuantity(r, v);
  const rules: [keyof ItemMaps, keyof ItemMaps, string, string][] = [
    ['min', 'max', 'min', 'max'],
    ['min', 'defaultRequest', 'min', 'default request'],
    ['min', 'default', 'min', 'default'],
    ['defaultRequest', 'max', 'default request', 'max'],
    ['default', 'max', 'default', 'max'],
    ['defaultRequest', 'default', 'default request', 'default limit'],
  ];
  for (const [lo, hi, loName, hiName] of rules) {
    for (const [r, v] of m[lo]) {
      const h = m[hi].get(r);
      if (h !== undefined && v > h) f.object(lo)?.fail(r, `${loName} value ${q(r, v)} is greater than ${hiName} value ${q(r, h)}`) ?? f.fail(lo, `${loName} value ${q(r, v)} is greater than ${hiName} value ${q(r, h)}`);
    }
  }
  for (const [r, v] of m.maxLimitRequestRatio) if (v < 1000) f.object('maxLimitRequestRatio')!.fail(r, `ratio ${q('ratio', v)} is less than 1`);
}
