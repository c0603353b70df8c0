/**
 * Policy names the scenario may use, each mapped to its factory (DSLab-style registry). A user's own policy is a
 * CommonJS module loaded by the scenario loader from an explicit path; it exports `createPolicy(parameters)` or a
 * policy object `{ name, decide }`.
 */
import { kubernetesHpa, KUBERNETES_HPA } from './kubernetesHpa';
import { targetTracking, TARGET_TRACKING } from './targetTracking';
import type { AutoscalerPolicy, AutoscalerPolicyFactory } from './policy';

export const BUILTIN_POLICIES: ReadonlyMap<string, AutoscalerPolicyFactory> = new Map([
  [KUBERNETES_HPA, kubernetesHpa],
  [TARGET_TRACKING, targetTracking],
]);

export const DEFAULT_POLICY = KUBERNETES_HPA;

/** Turns a loaded user module into a factory, or explains what the module should export. */
export function factoryFromModule(mod: unknown, path: string): AutoscalerPolicyFactory {
  const m = mod as { createPolicy?: unknown; decide?: unknown; name?: unknown; default?: unknown };
  const candidate = m && typeof m === 'object' && 'default' in m && m.default ? (m.default as typeof m) : m;
  if (candidate && typeof candidate.createPolicy === 'function') {
    const create = candidate.createPolicy as (p: Readonly<Record<string, unknown>>) => AutoscalerPolicy;
    return (params) => {
      const p = create(params);
      if (!p || typeof p.decide !== 'function') throw new Error(`${path}: createPolicy() must return an object with a decide(input, history) function`);
      return { name: typeof p.name === 'string' ? p.name : path, decide: p.decide.bind(p) };
    };
  }
  if (candidate && typeof candidate.decide === 'function') {
    const decide = candidate.decide as AutoscalerPolicy['decide'];
    return () => ({ name: typeof candidate.name === 'string' ? candidate.name : path, decide });
  }
  throw new Error(`${path}: expected the module to export createPolicy(parameters) or decide(input, history)`);
}
