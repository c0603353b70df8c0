/**
 * v1 ResourceQuota: spec.hard (compute resources and object counts) in milli-units. Scopes and scopeSelector are
 * refused (k8sim applies every quota to every object of its namespace). Reads only; admission enforces it
 * (models/policy/resourceQuota.ts).
 */
import type { KindHandler } from './kindHandler';
import { Fields } from './fields';
import { readObjectMeta } from './objectMeta';

export const resourceQuotaKind: KindHandler = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  schema: () => (require('kubernetes-models/v1/ResourceQuota') as typeof import('kubernetes-models/v1/ResourceQuota')).ResourceQuota,
  read(doc, draft) {
    const meta = readObjectMeta(doc, { namespaced: true });
    const root = Fields.of(doc, [], doc.value);
    const spec = root.object('spec') ?? root.fail('spec', 'required field is missing (a ResourceQuota needs spec.hard)');
    for (const k of ['scopes', 'scopeSelector']) if (spec.has(k)) spec.fail(k, 'k8sim does not model quota scopes yet: a quota applies to every object of its namespace');
    const hard = spec.milliMap('hard') ?? {};
    draft.claim(`ResourceQuota/${meta.namespace}/${meta.name}`, `ResourceQuota ${meta.namespace}/${meta.name}`, doc, ['metadata', 'name']);
    draft.useNamespace(meta.namespace);
    draft.resourceQuotas.push({
      namespace: meta.namespace,
      name: meta.name,
      hard: new Map(Object.keys(hard).sort().map((k) => [k, hard[k]])),
      source: { file: doc.file, line: doc.line },
    });
  },
};
