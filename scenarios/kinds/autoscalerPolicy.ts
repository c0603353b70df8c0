/**
 * `kind: AutoscalerPolicy` (k8sim/v1alpha1): which policy decides for one HPA instead of the Kubernetes HPA —
 * a built-in name (KubernetesHPA, TargetTracking) or a path to a user's CommonJS module (relative to this file),
 * plus its parameters. The module is loaded and its factory called here, so a broken module or bad parameters
 * fail at load time with this document's line.
 */
import * as path from 'node:path';
import { BUILTIN_POLICIES } from '../../models/hpa/policies/registry';
import type { AutoscalerPolicyFactory } from '../../models/hpa/policies/policy';
import { isNotLoaded, notLoadedFactory, openPolicyModule } from '../policyModule';
import type { KindHandler } from './kindHandler';
import type { Fields } from './fields';
import type { ScenarioDraft } from './draft';
import type { SourceRef } from '../../models/cluster/spec';
import { K8SIM_API_VERSION, readK8simObject } from './k8simObject';
import { DEFAULT_NAMESPACE } from '../defaults';

/** The AutoscalerPolicy that chose each HPA's policy (`namespace/name`), per scenario: an HPA has at most one. */
const chosenBy = new WeakMap<ScenarioDraft, Map<string, SourceRef>>();

export const autoscalerPolicyKind: KindHandler = {
  apiVersion: K8SIM_API_VERSION,
  kind: 'AutoscalerPolicy',
  read(doc, draft) {
    const obj = readK8simObject(doc, 'AutoscalerPolicy', { nameRequired: true, specRequired: true, specFields: ['hpa', 'namespace', 'policy', 'parameters'] });
    draft.claim(`AutoscalerPolicy/${obj.name}`, `AutoscalerPolicy ${obj.name}`, doc, ['metadata', 'name']);
    const spec = obj.spec as Fields;
    spec.need('hpa', 'the name of a HorizontalPodAutoscaler in this scenario');
    spec.need('policy', `a built-in policy (${[...BUILTIN_POLICIES.keys()].join(', ')}) or a path to a module like ./policies/mine.js`);
    const hpa = spec.requiredString('hpa');
    const namespace = spec.string('namespace') ?? DEFAULT_NAMESPACE;
    const chosen = chosenBy.get(draft) ?? new Map<string, SourceRef>();
    chosenBy.set(draft, chosen);
    const first = chosen.get(`${namespace}/${hpa}`);
    if (first) spec.fail('hpa', `HorizontalPodAutoscaler ${namespace}/${hpa} already has a policy from the AutoscalerPolicy at ${first.file}:${first.line}; an HPA has at most one`);
    chosen.set(`${namespace}/${hpa}`, { file: doc.file, line: doc.line });
    const policyName = spec.requiredString('policy');
    const paramsRaw = spec.raw('parameters') ?? {};
    if (typeof paramsRaw !== 'object' || paramsRaw === null || Array.isArray(paramsRaw)) spec.fail('parameters', 'expected a mapping of parameter names to values');
    const parameters = paramsRaw as Readonly<Record<string, unknown>>;

    let factory: AutoscalerPolicyFactory | undefined = BUILTIN_POLICIES.get(policyName);
    if (!factory) {
      if (!/[/\\]|\.c?js$/.test(policyName)) {
        spec.fail('policy', `unknown policy "${policyName}": expected ${[...BUILTIN_POLICIES.keys()].join(', ')} or a path to a .js module`);
      }
      try {
        // A module is code: checked (inside the scenario's folders) and, unless only validating, run (docs/trust.md).
        const m = openPolicyModule(doc.file, policyName);
        draft.inputs.addFile(m.file);
        factory = m.factory ?? notLoadedFactory<AutoscalerPolicyFactory>(policyName);
      } catch (e) {
        // The message is k8sim's own (policyModule.ts, policySandbox.ts): never what the module threw.
        spec.fail('policy', `cannot load policy module ${path.resolve(path.dirname(doc.file), policyName)}: ${e instanceof Error ? e.message.split('\n')[0] : 'failed'}`);
      }
    }
    const policyFactory: AutoscalerPolicyFactory = factory!;
    // A module that was not loaded (validate) cannot check its parameters.
    if (!isNotLoaded(policyFactory)) {
      try {
        policyFactory(parameters);
      } catch (e) {
        spec.fail('parameters', `policy ${policyName} rejected its parameters: ${e instanceof Error ? e.message : 'failed'}`);
      }
    }
    draft.afterAll(() => {
      const i = draft.autoscalers.findIndex((a) => a.namespace === namespace && a.name === hpa);
      if (i < 0) spec.fail('hpa', `no HorizontalPodAutoscaler named "${hpa}" in namespace "${namespace}" in this scenario`);
      draft.autoscalers[i] = { ...draft.autoscalers[i], policy: { name: policyName, factory: policyFactory, parameters } };
    });
  },
};
