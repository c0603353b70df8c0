/**
 * Loading a user's autoscaler policy module (an AutoscalerPolicy document's `policy: ./policies/mine.js`): requires
 * the CommonJS module by the explicit path the scenario gives and turns its exports into a policy factory, or
 * explains what it should export. Input reading only: it never runs a policy's decide().
 */
import type { AutoscalerPolicy, AutoscalerPolicyFactory } from '../models/hpa/policies/policy';

/** Loads the module at `file` (an absolute path) and returns its factory; `path` is the path as the scenario wrote it. */
export function loadPolicyModule(file: string, path: string): AutoscalerPolicyFactory {
  // A user's policy module, loaded by the explicit path the scenario gives.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return factoryFromModule(require(file), path);
}

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
