/**
 * Simulation `spec.nodeAutoscaler` (issue #10, pluggable node autoscaler policies): `{policy, interval, parameters,
 * maxGracefulTermination}`. `policy` is a built-in name — `ClusterAutoscaler` (the full Cluster Autoscaler, its
 * parameters being spec.clusterAutoscaler's fields; interval = scanInterval), `Karpenter` (the full Karpenter-style
 * provisioner: needs karpenter.sh NodePools), `SimpleReactive` (a pure policy) — or a path to a user's CommonJS
 * module (relative to this file) exporting createPolicy(parameters) or decide(input, history), loaded as the HPA's
 * (../policyModule.ts). A broken module or bad parameters fail at load time with this document's line.
 */
import * as path from 'node:path';
import type { Micros } from '../../engine/time';
import { BUILTIN_NODE_AUTOSCALERS, BUILTIN_NODE_POLICIES, CLUSTER_AUTOSCALER_POLICY, KARPENTER_POLICY } from '../../models/nodeautoscaler/registry';
import type { NodeAutoscalerPolicyFactory } from '../../models/nodeautoscaler/policy';
import { DEFAULT_INTERVAL, DEFAULT_MAX_GRACEFUL_TERMINATION } from '../../models/nodeautoscaler/runner';
import { CLUSTER_AUTOSCALER_FIELDS, type ClusterAutoscalerSettings } from '../../models/clusterautoscaler/config';
import { isNotLoaded, notLoadedFactory, openPolicyModule } from '../policyModule';
import { readClusterAutoscalerSettings } from './clusterAutoscaler';
import { Fields } from './fields';

export const NODE_AUTOSCALER_FIELDS = ['policy', 'interval', 'parameters', 'maxGracefulTermination'];

/** spec.nodeAutoscaler as read: which autoscaler, and for a pure policy its factory and settings. */
export interface NodeAutoscalerSpec {
  /** The name shown in run.json and compare labels: the built-in's name or the module's path as written. */
  readonly name: string;
  readonly kind: 'ClusterAutoscaler' | 'Karpenter' | 'policy';
  /** kind ClusterAutoscaler: the Cluster Autoscaler's settings (parameters + interval as scanInterval). */
  readonly clusterAutoscaler?: ClusterAutoscalerSettings;
  readonly factory?: NodeAutoscalerPolicyFactory;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly interval: Micros;
  readonly maxGracefulTermination: Micros;
  /** A located failure at spec.nodeAutoscaler.policy (for the loader's cross-document checks). */
  readonly fail: (problem: string) => never;
  /** A user module's resolved file (an input of the run). */
  readonly moduleFile?: string;
}

export function readNodeAutoscaler(f: Fields, hasClusterAutoscaler: boolean): NodeAutoscalerSpec {
  if (hasClusterAutoscaler) f.fail(undefined, 'spec.nodeAutoscaler and spec.clusterAutoscaler are both set: choose one (policy: ClusterAutoscaler takes spec.clusterAutoscaler\'s fields as its parameters)');
  f.need('policy', `a built-in node autoscaler (${BUILTIN_NODE_AUTOSCALERS.join(', ')}) or a path to a module like ./policies/mine.js`);
  const name = f.requiredString('policy');
  const interval = f.duration('interval', { positive: true });
  const maxGracefulTermination = f.duration('maxGracefulTermination') ?? DEFAULT_MAX_GRACEFUL_TERMINATION;
  const fail = (problem: string): never => f.fail('policy', problem);
  const base = { name, interval: interval ?? DEFAULT_INTERVAL, maxGracefulTermination, fail };
  if (name === CLUSTER_AUTOSCALER_POLICY) {
    const p = f.object('parameters', CLUSTER_AUTOSCALER_FIELDS) ?? Fields.of(f.doc, f.at('parameters'), {});
    const s = readClusterAutoscalerSettings(p);
    return { ...base, kind: 'ClusterAutoscaler', parameters: {}, clusterAutoscaler: interval !== undefined ? { ...s, scanInterval: interval } : s };
  }
  const paramsRaw = f.raw('parameters') ?? {};
  if (typeof paramsRaw !== 'object' || paramsRaw === null || Array.isArray(paramsRaw)) f.fail('parameters', 'expected a mapping of parameter names to values');
  const parameters = paramsRaw as Readonly<Record<string, unknown>>;
  if (name === KARPENTER_POLICY) {
    if (Object.keys(parameters).length > 0) f.fail('parameters', 'Karpenter takes its settings from spec.karpenter and its karpenter.sh NodePools, not parameters');
    return { ...base, kind: 'Karpenter', parameters };
  }
  let factory = BUILTIN_NODE_POLICIES.get(name);
  let moduleFile: string | undefined;
  if (factory === undefined) {
    if (!/[/\\]|\.c?js$/.test(name)) f.fail('policy', `unknown node autoscaler "${name}": expected ${BUILTIN_NODE_AUTOSCALERS.join(', ')} or a path to a .js module`);
    try {
      // A module is code: checked (inside the scenario's folders) and, unless only validating, run (docs/trust.md).
      const m = openPolicyModule(f.doc.file, name);
      factory = (m.factory as unknown as NodeAutoscalerPolicyFactory | undefined) ?? notLoadedFactory<NodeAutoscalerPolicyFactory>(name);
      moduleFile = m.file;
    } catch (e) {
      // The message is k8sim's own (policyModule.ts, policySandbox.ts): never what the module threw.
      f.fail('policy', `cannot load node autoscaler policy module ${path.resolve(path.dirname(f.doc.file), name)}: ${e instanceof Error ? e.message.split('\n')[0] : 'failed'}`);
    }
  }
  // A module that was not loaded (validate) cannot check its parameters.
  if (!isNotLoaded(factory!)) {
    try {
      factory!(parameters);
    } catch (e) {
      f.fail('parameters', `policy ${name} rejected its parameters: ${e instanceof Error ? e.message : 'failed'}`);
    }
  }
  return { ...base, kind: 'policy', factory: factory!, parameters, ...(moduleFile !== undefined ? { moduleFile } : {}) };
}
