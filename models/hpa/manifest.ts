/**
 * Checks an HPA manifest as the API server would before the controller ever sees it (after
 * pkg/apis/autoscaling/validation/validation.go, strict field validation): autoscaling/v1, v2 or v2beta2.
 * Reports the first problem through the caller's `fail(path, problem)` (paths relative to the manifest);
 * knows nothing of files or YAML. Deviation: `minReplicas: 0` is accepted without the HPAScaleToZero gate.
 */
import { isQuantity } from '../../engine/quantity';
import { approximateFloat } from './spec';
import type { HorizontalPodAutoscalerManifest } from './types';

export type Path = readonly (string | number)[];
export type Fail = (path: Path, problem: string) => never;

const API_VERSIONS = ['autoscaling/v1', 'autoscaling/v2', 'autoscaling/v2beta2'];
const METRIC_TYPES = ['Resource', 'ContainerResource', 'Pods', 'Object', 'External'];
const SOURCE_FIELD: Record<string, string> = {
  Resource: 'resource',
  ContainerResource: 'containerResource',
  Pods: 'pods',
  Object: 'object',
  External: 'external',
};

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Walks `value` with its path; every check fails at the most precise path. */
class Checker {
  constructor(private readonly fail: Fail) {}

  obj(v: unknown, path: Path, allowed: readonly string[] | null): Obj {
    if (!isObj(v)) this.fail(path, 'expected a mapping');
    if (allowed) {
      for (const k of Object.keys(v)) {
        if (!allowed.includes(k)) this.fail([...path, k], `unknown field; expected one of ${allowed.join(', ')}`);
      }
    }
    return v;
  }

  optObj(o: Obj, key: string, path: Path, allowed: readonly string[] | null): Obj | undefined {
    const v = o[key];
    return v === undefined || v === null ? undefined : this.obj(v, [...path, key], allowed);
  }

  str(o: Obj, key: string, path: Path, required: boolean): string | undefined {
    const v = o[key];
    if (v === undefined || v === null || v === '') {
      if (required) this.fail([...path, key], 'required: expected a non-empty string');
      return undefined;
    }
    if (typeof v !== 'string') this.fail([...path, key], 'expected a string');
    return v;
  }

  oneOf(o: Obj, key: string, path: Path, values: readonly string[], required: boolean): string | undefined {
    const v = this.str(o, key, path, required);
    if (v !== undefined && !values.includes(v)) this.fail([...path, key], `expected one of ${values.join(', ')}`);
    return v;
  }

  int(o: Obj, key: string, path: Path, required: boolean, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = o[key];
    if (v === undefined || v === null) {
      if (required) this.fail([...path, key], 'required: expected an integer');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
      this.fail([...path, key], `expected an integer ${range}`);
    }
    return v;
  }

  quantity(o: Obj, key: string, path: Path, positive: boolean): void {
    const v = o[key];
    if (v === undefined || v === null) return;
    if ((typeof v !== 'string' && typeof v !== 'number') || !isQuantity(v)) {
      this.fail([...path, key], 'expected a quantity such as 250m, 1, 64Mi or a number');
    }
    const f = approximateFloat(v);
    if (positive ? !(f > 0) : !(f >= 0)) this.fail([...path, key], positive ? 'must be positive' : 'must be greater than or equal to 0');
  }

  selector(o: Obj, key: string, path: Path): void {
    const s = this.optObj(o, key, path, ['matchLabels', 'matchExpressions']);
    if (!s) return;
    const p = [...path, key];
    const labels = this.optObj(s, 'matchLabels', p, null);
    for (const [k, v] of Object.entries(labels ?? {})) if (typeof v !== 'string') this.fail([...p, 'matchLabels', k], 'expected a string');
    const exprs = s.matchExpressions;
    if (exprs === undefined || exprs === null) return;
    if (!Array.isArray(exprs)) this.fail([...p, 'matchExpressions'], 'expected a list');
    exprs.forEach((e, i) => {
      const ep = [...p, 'matchExpressions', i];
      const eo = this.obj(e, ep, ['key', 'operator', 'values']);
      this.str(eo, 'key', ep, true);
      this.oneOf(eo, 'operator', ep, ['In', 'NotIn', 'Exists', 'DoesNotExist'], true);
      if (eo.values !== undefined && eo.values !== null && (!Array.isArray(eo.values) || eo.values.some((x) => typeof x !== 'string'))) {
        this.fail([...ep, 'values'], 'expected a list of strings');
      }
    });
  }

  /** validateMetricTarget, plus the source's own rule about which target fields it needs. */
  target(src: Obj, path: Path, kind: 'resource' | 'pods' | 'value'): void {
    const p = [...path, 'target'];
    const t = this.obj(src.target, p, ['type', 'averageUtilization', 'averageValue', 'value']);
    this.oneOf(t, 'type', p, ['Utilization', 'Value', 'AverageValue'], true);
    this.quantity(t, 'value', p, true);
    this.quantity(t, 'averageValue', p, true);
    this.int(t, 'averageUtilization', p, false, 1, 2147483647);
    const has = (k: string) => t[k] !== undefined && t[k] !== null;
    if (kind === 'resource') {
      if (!has('averageUtilization') && !has('averageValue')) this.fail([...p, 'averageUtilization'], 'must set either a target raw value or a target utilization');
      if (has('averageUtilization') && has('averageValue')) this.fail([...p, 'averageValue'], 'may not set both a target raw value and a target utilization');
    } else if (kind === 'pods') {
      if (!has('averageValue')) this.fail([...p, 'averageValue'], 'must specify a positive target averageValue');
    } else if (!has('value') && !has('averageValue')) {
      this.fail([...p, 'value'], 'must set either a target value or average value');
    }
  }

  metric(m: unknown, path: Path): void {
    const o = this.obj(m, path, ['type', ...Object.values(SOURCE_FIELD)]);
    const type = this.oneOf(o, 'type', path, METRIC_TYPES, true)!;
    for (const [t, field] of Object.entries(SOURCE_FIELD)) {
      const set = o[field] !== undefined && o[field] !== null;
      if (t === type && !set) this.fail([...path, field], `required: must populate information for the given metric source (type ${type})`);
      if (t !== type && set) this.fail([...path, field], `must populate the given metric source only (type ${type})`);
    }
    const field = SOURCE_FIELD[type];
    const p = [...path, field];
    if (type === 'Resource' || type === 'ContainerResource') {
      const src = this.obj(o[field], p, type === 'Resource' ? ['name', 'target'] : ['name', 'container', 'target']);
      this.str(src, 'name', p, true);
      if (type === 'ContainerResource') this.str(src, 'container', p, true);
      this.target(src, p, 'resource');
      return;
    }
    const src = this.obj(o[field], p, type === 'Object' ? ['describedObject', 'metric', 'target'] : ['metric', 'target']);
    if (type === 'Object') {
      const ref = this.obj(src.describedObject, [...p, 'describedObject'], ['apiVersion', 'kind', 'name']);
      this.str(ref, 'kind', [...p, 'describedObject'], true);
      this.str(ref, 'name', [...p, 'describedObject'], true);
      this.str(ref, 'apiVersion', [...p, 'describedObject'], false);
    }
    const id = this.obj(src.metric, [...p, 'metric'], ['name', 'selector']);
    this.str(id, 'name', [...p, 'metric'], true);
    this.selector(id, 'selector', [...p, 'metric']);
    this.target(src, p, type === 'Pods' ? 'pods' : 'value');
  }

  rules(b: Obj, key: string, path: Path): void {
    const r = this.optObj(b, key, path, ['stabilizationWindowSeconds', 'selectPolicy', 'policies', 'tolerance']);
    if (!r) return;
    const p = [...path, key];
    this.int(r, 'stabilizationWindowSeconds', p, false, 0, 3600);
    this.oneOf(r, 'selectPolicy', p, ['Max', 'Min', 'Disabled'], false);
    this.quantity(r, 'tolerance', p, false);
    const policies = r.policies;
    if (policies === undefined || policies === null) return;
    if (!Array.isArray(policies) || policies.length === 0) this.fail([...p, 'policies'], 'must specify at least one Policy');
    policies.forEach((pol, i) => {
      const pp = [...p, 'policies', i];
      const po = this.obj(pol, pp, ['type', 'value', 'periodSeconds']);
      this.oneOf(po, 'type', pp, ['Pods', 'Percent'], true);
      this.int(po, 'value', pp, true, 1, 2147483647);
      this.int(po, 'periodSeconds', pp, true, 1, 1800);
    });
  }
}

/** Validates `raw` as an HPA manifest and returns it typed; calls `fail` (which throws) on the first problem. */
export function validateHpaManifest(raw: unknown, fail: Fail): HorizontalPodAutoscalerManifest {
  const c = new Checker(fail);
  const root = c.obj(raw, [], ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  const apiVersion = c.oneOf(root, 'apiVersion', [], API_VERSIONS, true)!;
  c.oneOf(root, 'kind', [], ['HorizontalPodAutoscaler'], true);
  const meta = c.optObj(root, 'metadata', [], null);
  if (meta) {
    c.str(meta, 'name', ['metadata'], false);
    c.str(meta, 'namespace', ['metadata'], false);
  }
  const v1 = apiVersion === 'autoscaling/v1';
  const specFields = ['scaleTargetRef', 'minReplicas', 'maxReplicas', ...(v1 ? ['targetCPUUtilizationPercentage'] : ['metrics', 'behavior'])];
  if (!isObj(root.spec)) fail(['spec'], 'required: expected a mapping');
  const spec = c.obj(root.spec, ['spec'], specFields);
  const ref = c.obj(spec.scaleTargetRef, ['spec', 'scaleTargetRef'], ['apiVersion', 'kind', 'name']);
  c.str(ref, 'kind', ['spec', 'scaleTargetRef'], true);
  c.str(ref, 'name', ['spec', 'scaleTargetRef'], true);
  c.str(ref, 'apiVersion', ['spec', 'scaleTargetRef'], false);
  const min = c.int(spec, 'minReplicas', ['spec'], false, 0, 2147483647) ?? 1;
  const max = c.int(spec, 'maxReplicas', ['spec'], true, 1, 2147483647)!;
  if (max < min) fail(['spec', 'maxReplicas'], 'must be greater than or equal to `minReplicas`');
  if (v1) {
    c.int(spec, 'targetCPUUtilizationPercentage', ['spec'], false, 1, 2147483647);
  } else {
    const metrics = spec.metrics;
    if (metrics !== undefined && metrics !== null) {
      if (!Array.isArray(metrics)) fail(['spec', 'metrics'], 'expected a list of metric specs');
      metrics.forEach((m, i) => c.metric(m, ['spec', 'metrics', i]));
    }
    const behavior = c.optObj(spec, 'behavior', ['spec'], ['scaleUp', 'scaleDown']);
    if (behavior) {
      c.rules(behavior, 'scaleUp', ['spec', 'behavior']);
      c.rules(behavior, 'scaleDown', ['spec', 'behavior']);
    }
  }
  return root as unknown as HorizontalPodAutoscalerManifest;
}
