/**
 * Checks a HorizontalPodAutoscaler manifest as the API server would before the controller ever sees it (after
 * pkg/apis/autoscaling/validation/validation.go, strict field validation): autoscaling/v1, v2 or v2beta2. Reads
 * through Fields, so its errors are located like every other input's; applies no defaults and decides no scaling.
 * Deviation: `minReplicas: 0` is accepted without the HPAScaleToZero gate.
 */
import { MAX_PODS } from '../limits';
import { approximateFloat, type HorizontalPodAutoscalerManifest } from '../../models/hpa';
import type { LocatedDoc } from '../located';
import { describe, Fields, type Path } from './fields';

const API_VERSIONS = ['autoscaling/v1', 'autoscaling/v2', 'autoscaling/v2beta2'] as const;
const METRIC_TYPES = ['Resource', 'ContainerResource', 'Pods', 'Object', 'External'] as const;
type MetricType = (typeof METRIC_TYPES)[number];
const SOURCE_FIELD: Readonly<Record<MetricType, string>> = {
  Resource: 'resource',
  ContainerResource: 'containerResource',
  Pods: 'pods',
  Object: 'object',
  External: 'external',
};
const INT32_MAX = 2147483647;

/**
 * Validates `value`, the manifest found at `path` of `doc` ([] for an HPA document, ['hpa'] inside a snapshot), and
 * returns it typed; the first problem throws an InputError located at its field.
 */
export function validateHpaManifest(doc: LocatedDoc, path: Path, value: unknown): HorizontalPodAutoscalerManifest {
  const root = Fields.of(doc, path, value, ['apiVersion', 'kind', 'metadata', 'spec', 'status'], 'a HorizontalPodAutoscaler manifest');
  const apiVersion = root.requiredOneOf('apiVersion', API_VERSIONS);
  root.requiredOneOf('kind', ['HorizontalPodAutoscaler']);
  const meta = root.object('metadata');
  meta?.string('name');
  meta?.string('namespace');
  const v1 = apiVersion === 'autoscaling/v1';
  const spec = root.requiredObject('spec', ['scaleTargetRef', 'minReplicas', 'maxReplicas', ...(v1 ? ['targetCPUUtilizationPercentage'] : ['metrics', 'behavior'])]);
  const ref = spec.requiredObject('scaleTargetRef', ['apiVersion', 'kind', 'name']);
  ref.requiredString('kind', { nonEmpty: true });
  ref.requiredString('name', { nonEmpty: true });
  ref.string('apiVersion');
  const min = spec.int('minReplicas', { min: 0, max: INT32_MAX }) ?? 1;
  const max = spec.requiredInt('maxReplicas', { min: 1, max: INT32_MAX, limit: MAX_PODS });
  if (max < min) spec.fail('maxReplicas', 'must be greater than or equal to `minReplicas`');
  if (v1) {
    spec.int('targetCPUUtilizationPercentage', { min: 1, max: INT32_MAX });
  } else {
    for (const m of spec.list('metrics', 'a list of metric specs') ?? []) {
      metric(Fields.of(doc, m.path, m.value, ['type', ...Object.values(SOURCE_FIELD)]));
    }
    const behavior = spec.object('behavior', ['scaleUp', 'scaleDown']);
    if (behavior) {
      rules(behavior, 'scaleUp');
      rules(behavior, 'scaleDown');
    }
  }
  return root.value as unknown as HorizontalPodAutoscalerManifest;
}

/** A quantity the API server wants > 0 (`positive`: metric targets) or ≥ 0 (tolerances). */
function quantity(f: Fields, key: string, positive: boolean): void {
  const v = f.quantity(key);
  if (v === undefined) return;
  const x = approximateFloat(v);
  if (positive ? !(x > 0) : !(x >= 0)) f.fail(key, `${positive ? 'must be positive' : 'must be greater than or equal to 0'}, got ${describe(v)}`);
}

/** validateMetricSpec: the type names its one source, which must be the only one set. */
function metric(m: Fields): void {
  const type = m.requiredOneOf('type', METRIC_TYPES);
  for (const [t, field] of Object.entries(SOURCE_FIELD)) {
    if (t === type && !m.has(field)) m.fail(field, `required: must populate information for the given metric source (type ${type})`);
    if (t !== type && m.has(field)) m.fail(field, `must populate the given metric source only (type ${type})`);
  }
  const field = SOURCE_FIELD[type];
  if (type === 'Resource' || type === 'ContainerResource') {
    const src = m.requiredObject(field, type === 'Resource' ? ['name', 'target'] : ['name', 'container', 'target']);
    src.requiredString('name', { nonEmpty: true });
    if (type === 'ContainerResource') src.requiredString('container', { nonEmpty: true });
    target(src, 'resource');
    return;
  }
  const src = m.requiredObject(field, type === 'Object' ? ['describedObject', 'metric', 'target'] : ['metric', 'target']);
  if (type === 'Object') {
    const ref = src.requiredObject('describedObject', ['apiVersion', 'kind', 'name']);
    ref.requiredString('kind', { nonEmpty: true });
    ref.requiredString('name', { nonEmpty: true });
    ref.string('apiVersion');
  }
  const id = src.requiredObject('metric', ['name', 'selector']);
  id.requiredString('name', { nonEmpty: true });
  selector(id, 'selector');
  target(src, type === 'Pods' ? 'pods' : 'value');
}

/** validateMetricTarget, plus the source's own rule about which target fields it needs. */
function target(src: Fields, kind: 'resource' | 'pods' | 'value'): void {
  const t = src.requiredObject('target', ['type', 'averageUtilization', 'averageValue', 'value']);
  t.requiredOneOf('type', ['Utilization', 'Value', 'AverageValue']);
  quantity(t, 'value', true);
  quantity(t, 'averageValue', true);
  t.int('averageUtilization', { min: 1, max: INT32_MAX });
  if (kind === 'resource') {
    if (!t.has('averageUtilization') && !t.has('averageValue')) t.fail('averageUtilization', 'must set either a target raw value or a target utilization');
    if (t.has('averageUtilization') && t.has('averageValue')) t.fail('averageValue', 'may not set both a target raw value and a target utilization');
  } else if (kind === 'pods') {
    if (!t.has('averageValue')) t.fail('averageValue', 'must specify a positive target averageValue');
  } else if (!t.has('value') && !t.has('averageValue')) {
    t.fail('value', 'must set either a target value or average value');
  }
}

/** A metric's label selector (metav1.LabelSelector). */
function selector(f: Fields, key: string): void {
  const s = f.object(key, ['matchLabels', 'matchExpressions']);
  if (!s) return;
  s.stringMap('matchLabels');
  for (const e of s.list('matchExpressions') ?? []) {
    const expr = Fields.of(s.doc, e.path, e.value, ['key', 'operator', 'values']);
    expr.requiredString('key', { nonEmpty: true });
    expr.requiredOneOf('operator', ['In', 'NotIn', 'Exists', 'DoesNotExist']);
    for (const v of expr.list('values', 'a list of strings') ?? []) {
      if (typeof v.value !== 'string') s.doc.fail(v.path, `expected a string, got ${describe(v.value)}`);
    }
  }
}

/** validateScalingRules for `behavior.scaleUp` / `behavior.scaleDown`. */
function rules(behavior: Fields, key: string): void {
  const r = behavior.object(key, ['stabilizationWindowSeconds', 'selectPolicy', 'policies', 'tolerance']);
  if (!r) return;
  r.int('stabilizationWindowSeconds', { min: 0, max: 3600 });
  r.oneOf('selectPolicy', ['Max', 'Min', 'Disabled']);
  quantity(r, 'tolerance', false);
  const policies = r.list('policies');
  if (!policies) return;
  if (policies.length === 0) r.fail('policies', 'must specify at least one Policy');
  for (const p of policies) {
    const policy = Fields.of(r.doc, p.path, p.value, ['type', 'value', 'periodSeconds']);
    policy.requiredOneOf('type', ['Pods', 'Percent']);
    policy.requiredInt('value', { min: 1, max: INT32_MAX });
    policy.requiredInt('periodSeconds', { min: 1, max: 1800 });
  }
}
