/**
 * scheduling.k8s.io/v1 PriorityClass: value, globalDefault, preemptionPolicy (default PreemptLowerPriority),
 * description; validated as pkg/apis/scheduling/validation ValidatePriorityClass and the priority admission plugin
 * (plugin/pkg/admission/priority/admission.go validatePriorityClass) do. The built-in system classes are not
 * declared here (the admission model adds them). Reads only.
 */
import { HIGHEST_USER_DEFINABLE_PRIORITY, type PriorityClassSpec } from '../../models/scheduler/config';
import type { KindHandler } from './kindHandler';
import { Fields } from './fields';
import { readObjectMeta } from './objectMeta';

/** scheduling.SystemPriorityClassPrefix and the classes the API server creates itself. */
export const SYSTEM_PRIORITY_CLASS_PREFIX = 'system-';
export const SYSTEM_PRIORITY_CLASSES = ['system-cluster-critical', 'system-node-critical'] as const;

export const priorityClassKind: KindHandler = {
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  // The compiled schema never looks `description` up (a plain string), so strict checking would call it unknown:
  // look it up first (its type is checked by the reader).
  schema: () => {
    const { PriorityClass } = require('kubernetes-models/scheduling.k8s.io/v1/PriorityClass') as typeof import('kubernetes-models/scheduling.k8s.io/v1/PriorityClass');
    return {
      prototype: {
        validate(this: { description?: unknown }) {
          void this.description;
          PriorityClass.prototype.validate.call(this);
        },
      },
    };
  },
  read(doc, draft) {
    const meta = readObjectMeta(doc, { namespaced: false });
    const root = Fields.of(doc, [], doc.value);
    if (meta.name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
      const known = (SYSTEM_PRIORITY_CLASSES as readonly string[]).includes(meta.name);
      doc.fail(
        ['metadata', 'name'],
        known
          ? `duplicate name: PriorityClass ${meta.name} is built in (the API server creates it)`
          : `Forbidden: priority class names with '${SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are reserved for system use only. error: ${meta.name} is not a known system priority class`,
      );
    }
    const value = root.requiredInt('value', { min: -2147483648 });
    if (value > HIGHEST_USER_DEFINABLE_PRIORITY) root.fail('value', `Forbidden: maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`);
    const globalDefault = root.bool('globalDefault') ?? false;
    if (globalDefault) {
      const other = draft.priorityClasses.find((c) => c.spec.globalDefault);
      if (other) root.fail('globalDefault', `PriorityClass ${other.spec.name} is already marked as default. Only one default can exist`);
    }
    const description = root.string('description');
    const spec: PriorityClassSpec = {
      name: meta.name,
      value,
      globalDefault,
      preemptionPolicy: root.oneOf('preemptionPolicy', ['PreemptLowerPriority', 'Never'] as const) ?? 'PreemptLowerPriority',
      ...(description !== undefined ? { description } : {}),
    };
    draft.claim(`PriorityClass/${meta.name}`, `PriorityClass ${meta.name}`, doc, ['metadata', 'name']);
    draft.priorityClasses.push({ spec, source: { file: doc.file, line: doc.line } });
  },
};
