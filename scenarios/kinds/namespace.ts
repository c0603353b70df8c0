/**
 * v1 Namespace: declares a namespace (a DNS label) and its labels (which affinity terms' namespaceSelector
 * matches). Objects may also live in namespaces nobody declares (no labels); the scenario lists both. Reads only.
 */
import type { KindHandler } from './kindHandler';
import { readObjectMeta } from './objectMeta';

export const namespaceKind: KindHandler = {
  apiVersion: 'v1',
  kind: 'Namespace',
  schema: () => (require('kubernetes-models/v1/Namespace') as typeof import('kubernetes-models/v1/Namespace')).Namespace,
  read(doc, draft) {
    const meta = readObjectMeta(doc, { namespaced: false, nameIsLabel: true });
    draft.claim(`Namespace/${meta.name}`, `Namespace ${meta.name}`, doc, ['metadata', 'name']);
    draft.useNamespace(meta.name);
    draft.namespaceLabels.set(meta.name, meta.labels);
  },
};
