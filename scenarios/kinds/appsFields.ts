/**
 * What DaemonSet and StatefulSet manifests share when read: a non-empty selector that matches the template's labels,
 * the pod template (restartPolicy Always), and int-or-percent fields checked as the API server's validation does
 * (pkg/apis/apps/validation ValidateNonnegativeIntOrPercent, IsNotMoreThan100Percent). Reads only.
 */
import type { ResolvedPodTemplate, ResolvedSelector } from '../../models/cluster/spec';
import type { IntOrPercent } from '../../models/apps/spec';
import type { LocatedDoc } from '../located';
import { resolvePodTemplate } from '../podTemplate';
import { describe, Fields } from './fields';
import { readLabelSelector } from './objectMeta';

export function readSelectorAndTemplate(doc: LocatedDoc, spec: Fields, kind: string): { selector: ResolvedSelector; template: ResolvedPodTemplate } {
  const tmpl = spec.object('template') ?? spec.fail('template', 'required field is missing (expected a pod template)');
  const template = resolvePodTemplate(tmpl, { ownerKind: kind, raw: spec.raw('template') });
  const read = readLabelSelector(doc, spec.at('selector'), spec.need('selector', 'a label selector'));
  if (read.empty) spec.fail('selector', `empty selector is invalid for a ${kind} (expected matchLabels or matchExpressions)`);
  if (!read.selector.matches(template.labels)) {
    doc.fail([...spec.at('template'), 'metadata', 'labels'], `selector "${read.selector.text}" does not match template labels ${JSON.stringify(template.labels)}`);
  }
  return { selector: read.selector, template };
}

/** An int ≥ 0 or a percent string `0%`..`100%`; undefined when absent. */
export function readIntOrPercent(f: Fields, key: string): IntOrPercent | undefined {
  const v = f.raw(key);
  if (v === undefined || f.isNull(key)) return undefined;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) f.fail(key, `must be greater than or equal to 0, got ${describe(v)}`);
    return { kind: 'int', value: v };
  }
  const m = typeof v === 'string' ? /^(\d+)%$/.exec(v) : null;
  if (m === null) f.fail(key, `expected an integer or a percentage like 25%, got ${describe(v)}`);
  const value = Number(m[1]);
  if (value > 100) f.fail(key, 'must not be greater than 100%');
  return { kind: 'percent', value };
}

export function isZero(v: IntOrPercent): boolean {
  return v.value === 0;
}
