/**
 * One proposal per metric and the max over them, after horizontal.go computeReplicasForMetrics,
 * computeReplicasForMetric and computeStatusFor*Metric: which calculator each metric source uses, the metric's name
 * in reasons ("cpu resource utilization (percentage of request)"), and Kubernetes' error wrapping, verbatim.
 * Pure: conditions and events go to the caller's recorder; nothing here touches history.
 */
import { parseMilli } from '../../engine/quantity';
import type { Micros } from '../../engine/time';
import { formatLabelSelector, getExternalMetric, getObjectMetric, getRawMetric, getResourceMetric } from './metricsClient';
import {
  calcPlainMetricReplicas,
  getPerPodMetricReplicas,
  getResourceReplicas,
  getValueMetricReplicas,
  usualResourceReplicas,
  type PodGroups,
} from './replicaCalculator';
import type { HpaConditionStatus, HpaConditionType, HpaPod, MetricDetail, MetricSpecInput, MetricTargetInput, Tolerances } from './types';

/** Everything a metric's computation reads. */
export interface MetricContext {
  readonly now: Micros;
  readonly namespace: string;
  readonly tolerances: Tolerances;
  readonly cpuInitializationPeriod: Micros;
  readonly delayOfInitialReadinessStatus: Micros;
  readonly specReplicas: number;
  readonly statusReplicas: number;
  readonly pods: readonly HpaPod[];
  /** Object metric values in milli-units, by metric name. */
  readonly objectMetrics: Readonly<Record<string, number>>;
  /** External metric series in milli-units, by metric name. */
  readonly externalMetrics: Readonly<Record<string, readonly number[]>>;
}

/** Where conditions and events go (horizontal.go's setCondition and eventRecorder). */
export interface Recorder {
  condition(type: HpaConditionType, status: HpaConditionStatus, reason: string, message: string): void;
  event(type: 'Normal' | 'Warning', reason: string, message: string): void;
}

interface Failure {
  /** The ScalingActive=False reason and Warning event reason (FailedGetResourceMetric, ...). */
  readonly reason: string;
  /** The error the condition and the per-metric event carry. */
  readonly error: string;
  /** The error as computeReplicasForMetric returns it (what "first error is: ..." quotes). */
  readonly wrapped: string;
}

interface Outcome {
  readonly replicas: number;
  readonly metricName: string;
  readonly detail: MetricDetail;
  readonly failure: Failure | null;
}

function blankDetail(spec: MetricSpecInput): MetricDetail {
  let name = '';
  if (spec.type === 'Resource') name = spec.resource?.name ?? '';
  else if (spec.type === 'ContainerResource') name = `${spec.containerResource?.container ?? ''}/${spec.containerResource?.name ?? ''}`;
  else if (spec.type === 'Pods') name = spec.pods?.metric.name ?? '';
  else if (spec.type === 'Object') name = spec.object?.metric.name ?? '';
  else if (spec.type === 'External') name = spec.external?.metric.name ?? '';
  return {
    type: spec.type,
    name,
    proposal: null,
    utilization: null,
    rawAverageMilli: null,
    value: null,
    ready: null,
    unready: null,
    missing: null,
    ignored: null,
    error: null,
  };
}

function withGroups(d: MetricDetail, g: PodGroups | undefined): MetricDetail {
  return g ? { ...d, ready: g.ready, unready: g.unready, missing: g.missing, ignored: g.ignored } : d;
}

const milli = (q: MetricTargetInput['value']): number | null => (q === null || q === undefined ? null : (parseMilli(q) ?? null));

/** computeStatusForResourceMetricGeneric (Resource and ContainerResource). */
function resourceMetric(ctx: MetricContext, spec: MetricSpecInput, d: MetricDetail): Outcome {
  const container = spec.type === 'ContainerResource' ? (spec.containerResource?.container ?? '') : '';
  const src = spec.type === 'ContainerResource' ? spec.containerResource : spec.resource;
  const resource = src?.name ?? '';
  const [reason, wrap] =
    spec.type === 'ContainerResource'
      ? ['FailedGetContainerResourceMetric', (e: string) => `failed to get ${container} container metric value: ${e}`]
      : ['FailedGetResourceMetric', (e: string) => `failed to get ${resource} resource metric value: ${e}`];
  const fail = (error: string, detail: MetricDetail): Outcome => ({
    replicas: 0,
    metricName: '',
    detail: { ...detail, error },
    failure: { reason, error, wrapped: wrap(error) },
  });
  const target = src?.target ?? {};
  const averageValue = milli(target.averageValue);
  if (averageValue !== null) {
    const common = { ...ctx, currentReplicas: ctx.specReplicas };
    const fetched = getResourceMetric(ctx.pods, resource, container);
    if (!fetched.ok) return fail(`failed to get ${resource} usage: ${fetched.error}`, d);
    const r = calcPlainMetricReplicas({ ...common, metrics: fetched.metrics, targetUsage: averageValue, resource });
    if (!r.ok) return fail(`failed to get ${resource} usage: ${r.error}`, withGroups(d, r.groups));
    const detail = withGroups({ ...d, proposal: r.replicas, rawAverageMilli: r.usage }, r.groups);
    return { replicas: r.replicas, metricName: `${resource} resource`, detail, failure: null };
  }
  if (target.averageUtilization === null || target.averageUtilization === undefined) {
    return fail('invalid resource metric source: neither an average utilization target nor an average value (usage) target was set', d);
  }
  // The usual sync (every pod ready with its metric) without the metrics map; else the client and calculator as written.
  const args = {
    now: ctx.now,
    cpuInitializationPeriod: ctx.cpuInitializationPeriod,
    delayOfInitialReadinessStatus: ctx.delayOfInitialReadinessStatus,
    currentReplicas: ctx.specReplicas,
    tolerances: ctx.tolerances,
    pods: ctx.pods,
    targetUtilization: target.averageUtilization,
    resource,
    container,
  };
  let r: ReturnType<typeof getResourceReplicas> | null = usualResourceReplicas(args);
  if (r === null) {
    const fetched = getResourceMetric(ctx.pods, resource, container);
    if (!fetched.ok) return fail(`failed to get ${resource} utilization: ${fetched.error}`, d);
    r = getResourceReplicas({ ...args, metrics: fetched.metrics });
  }
  if (!r.ok) return fail(`failed to get ${resource} utilization: ${r.error}`, withGroups(d, r.groups));
  const metricName =
    spec.type === 'ContainerResource'
      ? `${resource} container resource utilization (percentage of request)`
      : `${resource} resource utilization (percentage of request)`;
  const detail = withGroups({ ...d, proposal: r.replicas, utilization: r.utilization, rawAverageMilli: r.rawAverageMilli }, r.groups);
  return { replicas: r.replicas, metricName, detail, failure: null };
}

/** computeStatusForPodsMetric. */
function podsMetric(ctx: MetricContext, spec: MetricSpecInput, d: MetricDetail): Outcome {
  const fail = (error: string, detail: MetricDetail): Outcome => ({
    replicas: 0,
    metricName: '',
    detail: { ...detail, error },
    failure: { reason: 'FailedGetPodsMetric', error, wrapped: `failed to get pods metric value: ${error}` },
  });
  const name = spec.pods?.metric.name ?? '';
  const target = milli(spec.pods?.target.averageValue);
  if (target === null) return fail('invalid pods metric source: no average value target was set', d);
  const fetched = getRawMetric(ctx.pods, name);
  if (!fetched.ok) return fail(fetched.error, d);
  const r = calcPlainMetricReplicas({ ...ctx, currentReplicas: ctx.specReplicas, metrics: fetched.metrics, targetUsage: target, resource: '' });
  if (!r.ok) return fail(r.error, withGroups(d, r.groups));
  const detail = withGroups({ ...d, proposal: r.replicas, rawAverageMilli: r.usage }, r.groups);
  return { replicas: r.replicas, metricName: `pods metric ${name}`, detail, failure: null };
}

/** computeStatusForObjectMetric and computeStatusForExternalMetric. */
function valueMetric(ctx: MetricContext, spec: MetricSpecInput, d: MetricDetail): Outcome {
  const isObject = spec.type === 'Object';
  const src = isObject ? spec.object : spec.external;
  const metric = src?.metric ?? { name: '' };
  const target = src?.target ?? {};
  const reason = isObject ? 'FailedGetObjectMetric' : 'FailedGetExternalMetric';
  const outer = (e: string) => (isObject ? `failed to get object metric value: ${e}` : `failed to get ${metric.name} external metric value: ${e}`);
  const fail = (error: string, returned: string, detail: MetricDetail = d): Outcome => ({
    replicas: 0,
    metricName: '',
    detail: { ...detail, error },
    failure: { reason, error, wrapped: outer(returned) },
  });
  const fetch = () =>
    isObject
      ? getObjectMetric(ctx.objectMetrics, metric.name, ctx.namespace, spec.object!.describedObject)
      : getExternalMetric(ctx.externalMetrics, metric.name, ctx.namespace, metric.selector);
  const perPodName = `external metric ${metric.name}(${formatLabelSelector(metric.selector)})`;
  const value = milli(target.value);
  const averageValue = milli(target.averageValue);
  // Object checks Value first (and the target type); External checks AverageValue first, whatever the type says.
  const useValue = isObject ? target.type === 'Value' && value !== null : averageValue === null && value !== null;
  const usePerPod = isObject ? !useValue && target.type === 'AverageValue' && averageValue !== null : averageValue !== null;
  if (useValue) {
    const fetched = fetch();
    if (!fetched.ok) return fail(fetched.error, isObject ? fetched.error : `failed to get external metric ${metric.name}: ${fetched.error}`);
    const r = getValueMetricReplicas(ctx.specReplicas, fetched.value, value!, ctx.tolerances, ctx.pods);
    const withValue = { ...d, value: fetched.value };
    if (!r.ok) return fail(r.error, isObject ? r.error : `failed to get external metric ${metric.name}: ${r.error}`, withValue);
    const metricName = isObject ? `${spec.object!.describedObject.kind} metric ${metric.name}` : perPodName;
    return { replicas: r.replicas, metricName, detail: { ...withValue, proposal: r.replicas }, failure: null };
  }
  if (usePerPod) {
    const fetched = fetch();
    if (!fetched.ok) return fail(fetched.error, `failed to get ${metric.name} ${isObject ? 'object' : 'external'} metric: ${fetched.error}`);
    const r = getPerPodMetricReplicas(ctx.statusReplicas, fetched.value, averageValue!, ctx.tolerances);
    const detail = { ...d, proposal: r.replicas, value: fetched.value, rawAverageMilli: r.averageUsage };
    return { replicas: r.replicas, metricName: perPodName, detail, failure: null };
  }
  const error = `invalid ${isObject ? 'object' : 'external'} metric source: neither a value target nor an average value target was set`;
  return fail(error, error);
}

/** computeReplicasForMetric: one metric's proposal, its name for reasons, and its failure if any. */
export function computeReplicasForMetric(ctx: MetricContext, spec: MetricSpecInput): Outcome {
  const d = blankDetail(spec);
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource':
      return resourceMetric(ctx, spec, d);
    case 'Pods':
      return podsMetric(ctx, spec, d);
    case 'Object':
    case 'External':
      return valueMetric(ctx, spec, d);
    default: {
      // rejected by API validation; the controller still guards against it
      const error = `unknown metric source type ${JSON.stringify(spec.type)}`;
      return { replicas: 0, metricName: '', detail: { ...d, error }, failure: { reason: 'InvalidMetricSourceType', error, wrapped: error } };
    }
  }
}

export interface MetricsOutcome {
  /** The largest valid proposal, or -1 when the controller gives up this sync. */
  readonly replicas: number;
  readonly metricName: string;
  readonly details: readonly MetricDetail[];
  /** The error reconcileAutoscaler would return (some metric failed), or null. */
  readonly error: string | null;
}

/**
 * computeReplicasForMetrics: the max over metrics (the first wins ties). If every metric failed, or one failed and
 * the valid ones would scale down, the sync gives up with ScalingActive=False and the first failure's reason.
 */
export function computeReplicasForMetrics(ctx: MetricContext, specs: readonly MetricSpecInput[], rec: Recorder): MetricsOutcome {
  let replicas = 0;
  let metricName = '';
  let invalid = 0;
  let first: Failure | null = null;
  const details: MetricDetail[] = [];
  for (const spec of specs) {
    const o = computeReplicasForMetric(ctx, spec);
    details.push(o.detail);
    if (o.failure) {
      rec.event('Warning', o.failure.reason, o.failure.error); // getUnableComputeReplicaCountCondition
      if (invalid <= 0) first = o.failure;
      invalid++;
      continue;
    }
    if (replicas === 0 || o.replicas > replicas) {
      replicas = o.replicas;
      metricName = o.metricName;
    }
  }
  const error = first ? `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${first.wrapped}` : null;
  if (first && (invalid >= specs.length || replicas < ctx.specReplicas)) {
    rec.condition('ScalingActive', 'False', first.reason, `the HPA was unable to compute the replica count: ${first.error}`);
    return { replicas: -1, metricName: '', details, error };
  }
  rec.condition('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metricName}`);
  return { replicas, metricName, details, error };
}
