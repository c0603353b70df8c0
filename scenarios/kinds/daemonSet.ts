/**
 * apps/v1 DaemonSet: selector, template, minReadySeconds and updateStrategy (RollingUpdate with maxUnavailable /
 * maxSurge, or OnDelete), defaults from ../defaults.ts; maxUnavailable and maxSurge both 0 is refused as the API
 * server refuses it. Reads only; the controller is models/controllers/daemonSet.ts.
 */
import type { DaemonSetUpdateStrategy } from '../../models/apps/spec';
import { DAEMONSET_MAX_SURGE, DAEMONSET_MAX_UNAVAILABLE, WORKLOAD_MIN_READY_SECONDS } from '../defaults';
import type { KindHandler } from './kindHandler';
import { Fields } from './fields';
import { readObjectMeta } from './objectMeta';
import { isZero, readIntOrPercent, readSelectorAndTemplate } from './appsFields';

export const daemonSetKind: KindHandler = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  schema: () => (require('kubernetes-models/apps/v1/DaemonSet') as typeof import('kubernetes-models/apps/v1/DaemonSet')).DaemonSet,
  read(doc, draft) {
    const meta = readObjectMeta(doc, { namespaced: true });
    const root = Fields.of(doc, [], doc.value);
    const spec = root.object('spec') ?? root.fail('spec', 'required field is missing (a DaemonSet needs spec.template)');
    const { selector, template } = readSelectorAndTemplate(doc, spec, 'DaemonSet');
    const us = spec.object('updateStrategy');
    const type = us?.oneOf('type', ['RollingUpdate', 'OnDelete'] as const) ?? 'RollingUpdate';
    let updateStrategy: DaemonSetUpdateStrategy = { type: 'OnDelete' };
    if (type === 'RollingUpdate') {
      const ru = us?.object('rollingUpdate');
      const maxUnavailable = (ru && readIntOrPercent(ru, 'maxUnavailable')) ?? { kind: 'int', value: DAEMONSET_MAX_UNAVAILABLE };
      const maxSurge = (ru && readIntOrPercent(ru, 'maxSurge')) ?? { kind: 'int', value: DAEMONSET_MAX_SURGE };
      // ValidateRollingUpdateDaemonSet: the update could never make progress.
      if (isZero(maxUnavailable) && isZero(maxSurge)) (ru ?? us ?? spec).fail(ru ? 'maxUnavailable' : undefined, 'may not be 0 when `maxSurge` is 0');
      updateStrategy = { type, maxUnavailable, maxSurge };
    }
    draft.claim(`DaemonSet/${meta.namespace}/${meta.name}`, `DaemonSet ${meta.namespace}/${meta.name}`, doc, ['metadata', 'name']);
    draft.useNamespace(meta.namespace);
    draft.daemonSets.push({
      namespace: meta.namespace,
      name: meta.name,
      selector,
      template,
      minReadySeconds: spec.int('minReadySeconds', { min: 0 }) ?? WORKLOAD_MIN_READY_SECONDS,
      updateStrategy,
      source: { file: doc.file, line: doc.line },
    });
  },
};
