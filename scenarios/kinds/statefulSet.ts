/**
 * apps/v1 StatefulSet: replicas, selector, template, serviceName, podManagementPolicy, updateStrategy
 * (RollingUpdate with partition and maxUnavailable, or OnDelete), minReadySeconds, ordinals.start and the names of
 * volumeClaimTemplates; defaults from ../defaults.ts. Reads only; the controller is models/controllers/statefulSet.ts.
 */
import { MAX_PODS } from '../limits';
import type { PodManagementPolicy, StatefulSetUpdateStrategy } from '../../models/apps/spec';
import * as D from '../defaults';
import type { KindHandler } from './kindHandler';
import { Fields } from './fields';
import { readObjectMeta } from './objectMeta';
import { isZero, readIntOrPercent, readSelectorAndTemplate } from './appsFields';

export const statefulSetKind: KindHandler = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  schema: () => (require('kubernetes-models/apps/v1/StatefulSet') as typeof import('kubernetes-models/apps/v1/StatefulSet')).StatefulSet,
  read(doc, draft) {
    const meta = readObjectMeta(doc, { namespaced: true });
    const root = Fields.of(doc, [], doc.value);
    const spec = root.object('spec') ?? root.fail('spec', 'required field is missing (a StatefulSet needs spec.template)');
    const { selector, template } = readSelectorAndTemplate(doc, spec, 'StatefulSet');
    const us = spec.object('updateStrategy');
    const type = us?.oneOf('type', ['RollingUpdate', 'OnDelete'] as const) ?? 'RollingUpdate';
    let updateStrategy: StatefulSetUpdateStrategy = { type: 'OnDelete' };
    if (type === 'RollingUpdate') {
      const ru = us?.object('rollingUpdate');
      const maxUnavailable = (ru && readIntOrPercent(ru, 'maxUnavailable')) ?? { kind: 'int', value: D.STATEFULSET_MAX_UNAVAILABLE };
      // ValidateStatefulSetUpdateStrategy: maxUnavailable must be at least 1 (or a positive percent).
      if (isZero(maxUnavailable)) ru!.fail('maxUnavailable', 'must be greater than 0');
      updateStrategy = { type, partition: ru?.int('partition', { min: 0 }) ?? D.STATEFULSET_PARTITION, maxUnavailable };
    }
    const podManagementPolicy: PodManagementPolicy =
      spec.oneOf('podManagementPolicy', ['OrderedReady', 'Parallel'] as const) ?? D.STATEFULSET_POD_MANAGEMENT_POLICY;
    const claims = (spec.list('volumeClaimTemplates') ?? []).map((it) => {
      const c = Fields.of(doc, it.path, it.value);
      return c.object('metadata')?.string('name') ?? c.fail('metadata', 'a volume claim template needs metadata.name');
    });
    draft.claim(`StatefulSet/${meta.namespace}/${meta.name}`, `StatefulSet ${meta.namespace}/${meta.name}`, doc, ['metadata', 'name']);
    draft.useNamespace(meta.namespace);
    draft.statefulSets.push({
      namespace: meta.namespace,
      name: meta.name,
      replicas: spec.int('replicas', { min: 0, limit: MAX_PODS }) ?? D.WORKLOAD_REPLICAS,
      selector,
      template,
      serviceName: spec.string('serviceName') ?? '',
      podManagementPolicy,
      updateStrategy,
      minReadySeconds: spec.int('minReadySeconds', { min: 0 }) ?? D.WORKLOAD_MIN_READY_SECONDS,
      ordinalsStart: spec.object('ordinals')?.int('start', { min: 0 }) ?? D.STATEFULSET_ORDINALS_START,
      volumeClaimTemplates: claims,
      source: { file: doc.file, line: doc.line },
    });
  },
};
