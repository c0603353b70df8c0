/**
 * A pod spec's `topologySpreadConstraints` → ResolvedTopologySpreadConstraint[], validated as
 * pkg/apis/core/validation validateTopologySpreadConstraints does (each error located at its field). matchLabelKeys
 * are kept as written: the PodTopologySpread plugin merges them with the incoming pod's labels. Reads only.
 */
import type { ResolvedTopologySpreadConstraint } from '../models/cluster/spec';
import { Fields } from './kinds/fields';
import { readLabelSelectorSpec } from './kinds/objectMeta';
import { invalid, labelNameProblem, notSupported } from './fieldErrors';
import { readLabelKeys } from './podAffinity';

const ACTIONS = ['DoNotSchedule', 'ScheduleAnyway'] as const;
const POLICIES = ['Honor', 'Ignore'] as const;

/** ValidateTopologyKey + ValidateLabelName. */
export function readTopologyKey(c: Fields): string {
  const topologyKey = c.string('topologyKey') ?? '';
  if (topologyKey === '') c.fail('topologyKey', 'Required value: can not be empty');
  const problem = labelNameProblem(topologyKey);
  if (problem) c.fail('topologyKey', problem);
  return topologyKey;
}

/** ValidateWhenUnsatisfiable. */
export function readWhenUnsatisfiable(c: Fields): (typeof ACTIONS)[number] {
  const v = c.raw('whenUnsatisfiable');
  if (v === undefined || v === '') c.fail('whenUnsatisfiable', 'Required value: can not be empty');
  if (typeof v !== 'string' || !(ACTIONS as readonly string[]).includes(v)) c.fail('whenUnsatisfiable', notSupported(v, ACTIONS));
  return v as (typeof ACTIONS)[number];
}

export function readTopologySpreadConstraints(spec: Fields): ResolvedTopologySpreadConstraint[] {
  const items = spec.list('topologySpreadConstraints') ?? [];
  const out = items.map((it) => readConstraint(Fields.of(spec.doc, it.path, it.value)));
  // ValidateSpreadConstraintNotRepeat: one constraint per {topologyKey, whenUnsatisfiable}, reported at the first.
  out.forEach((c, i) => {
    if (out.slice(i + 1).some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable)) {
      spec.doc.fail(items[i].path, `Duplicate value: "{${c.topologyKey}, ${c.whenUnsatisfiable}}"`);
    }
  });
  return out;
}

function readConstraint(c: Fields): ResolvedTopologySpreadConstraint {
  const maxSkew = c.requiredInt('maxSkew');
  if (maxSkew <= 0) c.fail('maxSkew', invalid(maxSkew, 'must be greater than zero'));
  const topologyKey = readTopologyKey(c);
  const whenUnsatisfiable = readWhenUnsatisfiable(c);
  const minDomains = c.int('minDomains');
  if (minDomains !== undefined) {
    // validateMinDomains
    if (minDomains <= 0) c.fail('minDomains', invalid(minDomains, 'must be greater than zero'));
    if (whenUnsatisfiable !== 'DoNotSchedule') {
      c.fail('minDomains', invalid(minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${whenUnsatisfiable}`));
    }
  }
  const policy = (key: 'nodeAffinityPolicy' | 'nodeTaintsPolicy') => {
    const v = c.raw(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !(POLICIES as readonly string[]).includes(v)) c.fail(key, notSupported(v, POLICIES));
    return v as (typeof POLICIES)[number];
  };
  const nodeAffinityPolicy = policy('nodeAffinityPolicy');
  const nodeTaintsPolicy = policy('nodeTaintsPolicy');
  const labelSelector = c.has('labelSelector') ? readLabelSelectorSpec(c.doc, c.at('labelSelector'), c.raw('labelSelector')) : undefined;
  // validateMatchLabelKeysInTopologySpread: with a selector, valid keys, none already in the selector.
  const matchLabelKeys = readLabelKeys(c, 'matchLabelKeys', labelSelector);
  return {
    maxSkew,
    topologyKey,
    whenUnsatisfiable,
    ...(labelSelector ? { labelSelector } : {}),
    ...(minDomains !== undefined ? { minDomains } : {}),
    ...(nodeAffinityPolicy ? { nodeAffinityPolicy } : {}),
    ...(nodeTaintsPolicy ? { nodeTaintsPolicy } : {}),
    matchLabelKeys,
  };
}
