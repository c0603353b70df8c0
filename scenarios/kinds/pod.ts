/**
 * v1 Pod (a bare pod, owned by no workload): metadata + spec resolved as a pod template; spec.nodeName, when set,
 * must name a node of the scenario. Reads only.
 */
import { resolvePodTemplate } from '../podTemplate';
import type { KindHandler } from './kindHandler';
import { Fields } from './fields';
import { readObjectMeta } from './objectMeta';

export const podKind: KindHandler = {
  apiVersion: 'v1',
  kind: 'Pod',
  schema: () => (require('kubernetes-models/v1/Pod') as typeof import('kubernetes-models/v1/Pod')).Pod,
  read(doc, draft) {
    const meta = readObjectMeta(doc, { namespaced: true });
    const root = Fields.of(doc, [], doc.value);
    const template = resolvePodTemplate(root, { raw: { metadata: root.raw('metadata'), spec: root.raw('spec') } });
    draft.claim(`Pod/${meta.namespace}/${meta.name}`, `Pod ${meta.namespace}/${meta.name}`, doc, ['metadata', 'name']);
    draft.useNamespace(meta.namespace);
    draft.pods.push({ namespace: meta.namespace, name: meta.name, template, source: { file: doc.file, line: doc.line } });
    const nodeName = template.spec.nodeName;
    if (nodeName !== undefined) {
      draft.afterAll(() => {
        const names = draft.nodeNames();
        if (!names.includes(nodeName)) doc.fail(['spec', 'nodeName'], `no node named "${nodeName}" in the scenario (nodes: ${names.join(', ')})`);
      });
    }
  },
};
