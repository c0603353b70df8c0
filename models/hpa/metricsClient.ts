/**
 * What the HPA's metrics client (pkg/controller/podautoscaler/metrics/client.go) would return, read from the pods'
 * samples and the object/external metric values handed in. Owns the fetch-level error texts; never computes replicas.
 */
import type { HpaPod, LabelSelectorInput, PodMetric } from './types';
import type { Result } from './replicaCalculator';

const MAX_INT64 = 9223372036854775807;

/**
 * GetResourceMetric: pod totals of `resource` (or one container's value). A pod without a sample is absent from the
 * API; a pod whose sample lacks the resource (or the container) is left out, i.e. "missing" for the calculator.
 */
export function getResourceMetric(pods: readonly HpaPod[], resource: string, container: string): Result<{ metrics: Map<string, PodMetric> }> {
  const metrics = new Map<string, PodMetric>();
  let withSamples = 0;
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i];
    const s = pod.metrics;
    if (s === null) continue;
    withSamples++;
    let value: number | undefined;
    if (container === '') {
      value = s.usage[resource];
    } else if (s.containers !== undefined) {
      value = s.containers[container]?.[resource];
    } else if (pod.containers.length === 1 && pod.containers[0].name === container) {
      value = s.usage[resource]; // a one-container pod: its total is that container's usage
    }
    if (value !== undefined) metrics.set(pod.name, { value, timestamp: s.timestamp, window: s.window });
  }
  if (withSamples === 0) {
    return { ok: false, error: `unable to get metrics for resource ${resource}: no metrics returned from resource metrics API` };
  }
  return { ok: true, metrics };
}

/** GetRawMetric (custom.metrics.k8s.io, Pods metrics): every pod that reports `metricName`. */
export function getRawMetric(pods: readonly HpaPod[], metricName: string): Result<{ metrics: Map<string, PodMetric> }> {
  const metrics = new Map<string, PodMetric>();
  for (const pod of pods) {
    const value = pod.metrics?.usage[metricName];
    if (value !== undefined) metrics.set(pod.name, { value, timestamp: pod.metrics!.timestamp, window: pod.metrics!.window });
  }
  if (metrics.size === 0) return { ok: false, error: `unable to get metric ${metricName}: no metrics returned from custom metrics API` };
  return { ok: true, metrics };
}

/** GetObjectMetric: the object's value in milli-units; an absent value fails as the API's NotFound would. */
export function getObjectMetric(
  values: Readonly<Record<string, number>>,
  metricName: string,
  namespace: string,
  described: { readonly kind: string; readonly name: string },
): Result<{ value: number }> {
  if (Object.prototype.hasOwnProperty.call(values, metricName)) return { ok: true, value: values[metricName] };
  return {
    ok: false,
    error:
      `unable to get metric ${metricName} on ${described.kind} ${namespace}/${described.name}: ` +
      'unable to fetch metrics from custom metrics API: the server could not find the requested resource',
  };
}

/** GetExternalMetric: the sum of every series (capped at int64 max), milli-units. */
export function getExternalMetric(
  values: Readonly<Record<string, readonly number[]>>,
  metricName: string,
  namespace: string,
  selector: LabelSelectorInput | null | undefined,
): Result<{ value: number }> {
  const series = Object.prototype.hasOwnProperty.call(values, metricName) ? values[metricName] : [];
  if (series.length === 0) {
    return {
      ok: false,
      error: `unable to get external metric ${namespace}/${metricName}/${formatLabelSelector(selector)}: no metrics returned from external metrics API`,
    };
  }
  let usage = 0;
  for (const v of series) {
    if (v > 0 && usage > MAX_INT64 - v) return { ok: true, value: MAX_INT64 };
    usage += v;
  }
  return { ok: true, value: usage };
}

/**
 * A *metav1.LabelSelector printed with Go's `%+v` (the gogo-protobuf String() method), as it appears in the
 * controller's metric names: `nil`, or `&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}`.
 */
export function formatLabelSelector(selector: LabelSelectorInput | null | undefined): string {
  if (selector === null || selector === undefined) return 'nil';
  const labels = selector.matchLabels ?? {};
  const keys = Object.keys(labels).sort();
  const map = `map[string]string{${keys.map((k) => `${k}: ${labels[k]},`).join('')}}`;
  const exprs = (selector.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`)
    .join('');
  return `&LabelSelector{MatchLabels:${map},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}
