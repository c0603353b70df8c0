/**
 * Which Behavior applies to which container: every Behavior whose namespace and selector match the pod (and whose
 * container, if named, is this one) contributes its fields; a later Behavior (in load order) overrides an earlier
 * one field by field (`resources` too, inside it; `serving` as a whole block). Containers no Behavior selects
 * get an empty result: the kubelet applies the defaults.
 */
import type { ResolvedBehavior } from '../scenarios/types';

/** The Behavior fields that apply to one container (merged; a field left out everywhere is undefined: the defaults apply). */
export type MergedBehavior = Omit<Partial<ResolvedBehavior>, 'name' | 'selector' | 'namespace' | 'container' | 'source'>;

export function mergeBehaviors(
  behaviors: readonly ResolvedBehavior[],
  namespace: string,
  labels: Readonly<Record<string, string>>,
  container: string,
): MergedBehavior {
  let out: { -readonly [K in keyof MergedBehavior]: MergedBehavior[K] } | undefined;
  for (const b of behaviors) {
    if (b.namespace !== undefined && b.namespace !== namespace) continue;
    if (b.container !== undefined && b.container !== container) continue;
    if (!b.selector.matches(labels)) continue;
    out = { ...out };
    if (b.imagePull) out.imagePull = b.imagePull;
    if (b.containerStart) out.containerStart = b.containerStart;
    if (b.exit) out.exit = b.exit;
    if (b.probes) out.probes = { ...out.probes, ...b.probes };
    if (b.onSigterm) out.onSigterm = b.onSigterm;
    if (b.resources) out.resources = { ...out.resources, ...b.resources };
    if (b.serving) out.serving = b.serving;
  }
  return out ?? EMPTY;
}

const EMPTY: MergedBehavior = Object.freeze({});
