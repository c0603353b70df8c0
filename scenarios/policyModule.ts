/**
 * Loading a user's policy module (an AutoscalerPolicy's `policy: ./policies/mine.js`, or Simulation
 * `spec.nodeAutoscaler.policy`): a module is code k8sim runs (docs/trust.md). It resolves the path the scenario gives
 * against the YAML file's folder, refuses a real path outside the scenario's folders unless allowed
 * (`--allow-policy-path`), and requires the CommonJS module under the guard of policySandbox.ts (unless only checking:
 * `validate` without `--load-policies`), turning its exports into a policy factory whose every call is guarded too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AutoscalerPolicy, AutoscalerPolicyFactory } from '../models/hpa/policies/policy';
import { runPolicyCode } from './policySandbox';

/** How this load treats policy modules (LoadOverrides; the CLI flags in brackets). */
export interface PolicyLoading {
  /** Real paths of the scenario's folders (each folder named on the command line, or each file's folder). */
  readonly roots: readonly string[];
  /** [--allow-policy-path] A module may lie outside the roots. */
  readonly allowAnyPath: boolean;
  /** Run the module (require it and call createPolicy); false [validate without --load-policies]: check its path and file only. */
  readonly load: boolean;
}

let current: PolicyLoading | undefined;

/** Runs `fn` (one scenario resolution) with `loading` in force for the policy modules it meets. */
export function withPolicyLoading<T>(loading: PolicyLoading, fn: () => T): T {
  const before = current;
  current = loading;
  try {
    return fn();
  } finally {
    current = before;
  }
}

/** A module a scenario names, found and checked: its real path, and its factory (absent when not loaded). */
export interface PolicyModule {
  readonly file: string;
  readonly factory?: AutoscalerPolicyFactory;
}

/**
 * Resolves `written` (relative to `yamlFile`), checks it lies inside the scenario's folders and, when loading, loads
 * it. Throws an Error whose message is the problem, safe to print (the caller locates it at the `policy` field).
 */
export function openPolicyModule(yamlFile: string, written: string): PolicyModule {
  const loading = current ?? { roots: [path.dirname(path.resolve(yamlFile))], allowAnyPath: false, load: true };
  const wanted = path.resolve(path.dirname(yamlFile), written);
  let file: string;
  try {
    file = fs.realpathSync(require.resolve(wanted));
  } catch {
    throw new Error(`no such file: ${wanted}`);
  }
  if (!loading.allowAnyPath) {
    const roots = loading.roots.map((r) => realOrSelf(r));
    const inside = roots.some((r) => {
      const rel = path.relative(r, file);
      return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    });
    if (!inside) {
      const where = file === wanted ? 'it' : `its real path ${file}`;
      throw new Error(`${where} is outside the scenario's folder (${roots.join(', ')}): a policy module is code k8sim runs; move it into the scenario's folder, or pass --allow-policy-path to run it from there (docs/trust.md)`);
    }
  }
  if (!loading.load) return { file };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = runPolicyCode(file, 'loading', () => require(file) as unknown);
  return { file, factory: factoryFromModule(mod, written, file) };
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

const notLoaded = new WeakSet<object>();

/** The factory of a module that was checked but not loaded (validate): never called by a run. */
export function notLoadedFactory<F extends (parameters: Readonly<Record<string, unknown>>) => unknown = AutoscalerPolicyFactory>(written: string): F {
  const f = () => {
    throw new Error(`${written}: the module was not loaded (k8sim validate without --load-policies)`);
  };
  notLoaded.add(f);
  return f as unknown as F;
}

export const isNotLoaded = (factory: object): boolean => notLoaded.has(factory);

/**
 * Turns a loaded user module into a factory, or explains what the module should export. `file` is the module's real
 * path: createPolicy and every decide run under the guard, and errors name lines in it.
 */
export function factoryFromModule(mod: unknown, written: string, file: string): AutoscalerPolicyFactory {
  const m = mod as { createPolicy?: unknown; decide?: unknown; name?: unknown; default?: unknown };
  const candidate = runPolicyCode(file, 'loading', () => (m && typeof m === 'object' && 'default' in m && m.default ? (m.default as typeof m) : m));
  const guardedDecide = (p: { decide: AutoscalerPolicy['decide'] }): AutoscalerPolicy['decide'] => (input, history) => runPolicyCode(file, 'decide', () => p.decide(input, history));
  if (candidate && typeof candidate.createPolicy === 'function') {
    const create = candidate.createPolicy as (p: Readonly<Record<string, unknown>>) => AutoscalerPolicy;
    return (params) => {
      const { p, name } = runPolicyCode(file, 'createPolicy', () => {
        const made = create(params);
        return { p: made, name: made && typeof made.name === 'string' ? made.name : written };
      });
      if (!p || typeof p.decide !== 'function') throw new Error(`${written}: createPolicy() must return an object with a decide(input, history) function`);
      return { name, decide: guardedDecide(p) };
    };
  }
  if (candidate && typeof candidate.decide === 'function') {
    const name = typeof candidate.name === 'string' ? candidate.name : written;
    return () => ({ name, decide: guardedDecide(candidate as { decide: AutoscalerPolicy['decide'] }) });
  }
  throw new Error(`${written}: expected the module to export createPolicy(parameters) or decide(input, history)`);
}
