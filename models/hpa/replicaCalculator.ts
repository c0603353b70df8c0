/**
 * The HPA's per-metric replica arithmetic, after kubernetes pkg/controller/podautoscaler/replica_calculator.go and
 * metrics/utilization.go. Pure functions: `now` is an argument, nothing reads a clock or touches the engine.
 * Sums of milli-values are exact (BigInt, integer division like Go's int64); ratios and ceil() are float64 in the
 * controller's order of operations (vector F-01: ceil(0.28 * 25) = 8, not 7). Errors keep Kubernetes' texts.
 */
import type { Micros } from '../../engine/time';
import type { HpaPod, PodMetricsInfo, Tolerances } from './types';

const MAX_INT32 = 2147483647;
const MIN_INT32 = -2147483648;
const MAX_INT64 = 9223372036854775807;
/** Sums up to this size, times 100, are still exact in float64 (< 2^53). */
const SAFE_PERCENT_SUM = Math.floor(Number.MAX_SAFE_INTEGER / 100);

/** Tolerances.isWithin: both ends inclusive. */
export function isWithin(t: Tolerances, usageRatio: number): boolean {
  return 1.0 - t.scaleDown <= usageRatio && usageRatio <= 1.0 + t.scaleUp;
}

/** How groupPods sorted the pods; the name lists keep the pod list's order. */
export interface PodGroups {
  readonly readyPodCount: number;
  readonly ready: readonly string[];
  readonly unready: readonly string[];
  readonly missing: readonly string[];
  readonly ignored: readonly string[];
}

/** The timing settings groupPods needs (the controller's cpu-initialization-period and initial-readiness-delay). */
export interface PodTiming {
  readonly now: Micros;
  readonly cpuInitializationPeriod: Micros;
  readonly delayOfInitialReadinessStatus: Micros;
}

/**
 * groupPods: deleted or Failed → ignored; Pending → unready; no metric → missing (checked before readiness);
 * for cpu only, the readiness rules with strict time comparisons (Go After/Before); else ready.
 * `Succeeded` is not special here (as in the v1.2x-v1.33 code the vectors were taken from; G-01, G-03).
 */
export function groupPods(pods: readonly HpaPod[], metrics: PodMetricsInfo, resource: string, timing: PodTiming): PodGroups {
  const ready: string[] = [];
  const unready: string[] = [];
  const missing: string[] = [];
  const ignored: string[] = [];
  // A name goes to the first group that takes it (upstream's groups are sets); `seen` grows by one exactly when the
  // name is new. One Set operation per pod, no closure: the HPA groups every target's pods at every sync.
  const seen = new Set<string>();
  let readyPodCount = 0;
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i];
    const name = pod.name;
    const before = seen.size;
    seen.add(name);
    const first = seen.size !== before;
    if (pod.deleted || pod.phase === 'Failed') {
      if (first) ignored.push(name);
      continue;
    }
    if (pod.phase === 'Pending') {
      if (first) unready.push(name);
      continue;
    }
    const metric = metrics.get(name);
    if (metric === undefined) {
      if (first) missing.push(name);
      continue;
    }
    if (resource === 'cpu') {
      let isUnready: boolean;
      const condition = pod.ready;
      if (condition === null || pod.startTime === null) {
        isUnready = true;
      } else if (pod.startTime + timing.cpuInitializationPeriod > timing.now) {
        // still in its initialization period: trust the sample only if Ready and it covers a full window since
        isUnready = condition.status === 'False' || metric.timestamp < condition.lastTransitionTime + metric.window;
      } else {
        // unready and never became ready after start (+ initial readiness delay)
        isUnready =
          condition.status === 'False' && pod.startTime + timing.delayOfInitialReadinessStatus > condition.lastTransitionTime;
      }
      if (isUnready) {
        if (first) unready.push(name);
        continue;
      }
    }
    readyPodCount++;
    if (first) ready.push(name);
  }
  return { readyPodCount, ready, unready, missing, ignored };
}

export type Result<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: string };

/**
 * calculateRequests: each pod's request for `resource` in milli-units. Pod-level requests win when set and no
 * container is named; otherwise the sum over containers (sidecars included), or only the named container.
 */
export function calculateRequests(
  pods: readonly HpaPod[],
  container: string,
  resource: string,
): Result<{ requests: Map<string, number> }> {
  const requests = new Map<string, number>();
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i];
    const request = podRequest(pod, container, resource);
    if (typeof request === 'string') return { ok: false, error: request };
    requests.set(pod.name, request);
  }
  return { ok: true, requests };
}

/** calculateRequests for one pod: its request in milli-units, or the error text. */
function podRequest(pod: HpaPod, container: string, resource: string): number | string {
  if (pod.podRequests !== null && container === '') {
    const r = pod.podRequests[resource];
    return r === undefined ? `missing pod-level request for ${resource} in Pod ${pod.name}` : r;
  }
  let request = 0;
  let found = false;
  const containers = pod.containers;
  for (let j = 0; j < containers.length; j++) {
    const c = containers[j];
    if (container === '' || container === c.name) {
      const r = c.requests[resource];
      if (r === undefined) return `missing request for ${resource} in container ${c.name} of Pod ${pod.name}`;
      request += r;
    }
    if (container === c.name) {
      found = true;
      break;
    }
  }
  if (container !== '' && !found) return `container ${container} not found in Pod ${pod.name}`;
  return request;
}

/**
 * GetResourceUtilizationRatio: over metric entries whose pod has a request, utilization = floor(Σusage×100/Σrequest)
 * (an int32 percentage), ratio = utilization/target in float64, raw average = floor(Σusage/n).
 */
export function getResourceUtilizationRatio(
  values: ReadonlyMap<string, number>,
  requests: ReadonlyMap<string, number>,
  targetUtilization: number,
): Result<{ usageRatio: number; utilization: number; rawAverage: number }> {
  // Go's int64 sums and divisions. In float64 while every partial sum stays within ±2^53 / 100 (then the sums, the
  // ×100 and the truncated quotients are all exact, as |numerator| < 2^53); otherwise again in BigInt.
  let metricsSum = 0;
  let requestsSum = 0;
  let entries = 0;
  let exact = true;
  for (const [podName, value] of values) {
    const request = requests.get(podName);
    if (request === undefined) continue; // superfluous metric: no pod, so no request
    metricsSum += value;
    requestsSum += request;
    entries++;
    if (!(Math.abs(metricsSum) <= SAFE_PERCENT_SUM && Math.abs(requestsSum) <= SAFE_PERCENT_SUM && Number.isInteger(value) && Number.isInteger(request))) {
      exact = false;
      break;
    }
  }
  if (exact) return utilizationOfExactSums(metricsSum, requestsSum, entries, targetUtilization);
  let metricsTotal = 0n;
  let requestsTotal = 0n;
  let numEntries = 0n;
  for (const [podName, value] of values) {
    const request = requests.get(podName);
    if (request === undefined) continue; // superfluous metric: no pod, so no request
    metricsTotal += BigInt(value);
    requestsTotal += BigInt(request);
    numEntries++;
  }
  if (requestsTotal === 0n) return { ok: false, error: 'no metrics returned matched known pods' };
  const percentage = (metricsTotal * 100n) / requestsTotal;
  const utilization = Number(percentage > BigInt(MAX_INT32) ? BigInt(MAX_INT32) : percentage < BigInt(MIN_INT32) ? BigInt(MIN_INT32) : percentage);
  const rawAverage = Number(metricsTotal / numEntries);
  return { ok: true, usageRatio: utilization / targetUtilization, utilization, rawAverage };
}

/**
 * GetResourceUtilizationRatio's result from exact sums: integers whose magnitudes are at most SAFE_PERCENT_SUM, so
 * the ×100 and the truncated quotients equal Go's int64 arithmetic.
 */
function utilizationOfExactSums(
  metricsSum: number,
  requestsSum: number,
  entries: number,
  targetUtilization: number,
): Result<{ usageRatio: number; utilization: number; rawAverage: number }> {
  if (requestsSum === 0) return { ok: false, error: 'no metrics returned matched known pods' };
  const percentage = Math.trunc((metricsSum * 100) / requestsSum) + 0; // + 0: no −0 where Go has 0
  const utilization = percentage > MAX_INT32 ? MAX_INT32 : percentage < MIN_INT32 ? MIN_INT32 : percentage;
  return { ok: true, usageRatio: utilization / targetUtilization, utilization, rawAverage: Math.trunc(metricsSum / entries) + 0 };
}

/** GetMetricUsageRatio: usage = floor(Σvalue / count) over every entry; ratio = usage/target in float64. */
export function getMetricUsageRatio(values: ReadonlyMap<string, number>, targetUsage: number): { usageRatio: number; usage: number } {
  let total = 0n;
  for (const v of values.values()) total += BigInt(v);
  const usage = Number(total / BigInt(values.size));
  return { usageRatio: usage / targetUsage, usage };
}

/** Arguments shared by the pod-based calculators. */
export interface PodMetricArgs extends PodTiming {
  readonly currentReplicas: number;
  readonly tolerances: Tolerances;
  /** The pods the scale target's selector returns (deleted and failed ones included). */
  readonly pods: readonly HpaPod[];
  /** What the metrics API returned (see metricsClient.ts). */
  readonly metrics: PodMetricsInfo;
}

export type ResourceReplicas = Result<{ replicas: number; utilization: number; rawAverageMilli: number; groups: PodGroups }>;

/**
 * The start both per-pod calculations share (GetResourceReplicas, GetMetricReplicas): no pods is an error; the pods
 * are grouped, and the metric values of the pods neither ignored nor unready are kept; none left is an error.
 */
function groupedMetricValues(
  args: PodMetricArgs & { readonly resource: string },
): { ok: true; groups: PodGroups; values: Map<string, number> } | { ok: false; error: string; groups?: PodGroups } {
  if (args.pods.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };
  const groups = groupPods(args.pods, args.metrics, args.resource, args);
  const values = new Map<string, number>();
  if (groups.ignored.length === 0 && groups.unready.length === 0) {
    for (const [name, m] of args.metrics) values.set(name, m.value); // nothing dropped (the usual sync)
  } else {
    const dropped = new Set([...groups.ignored, ...groups.unready]);
    for (const [name, m] of args.metrics) if (!dropped.has(name)) values.set(name, m.value);
  }
  if (values.size === 0) {
    return { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)', groups };
  }
  return { ok: true, groups, values };
}

/**
 * GetResourceReplicas (Resource/ContainerResource with a Utilization target). `container` is '' for Resource.
 * Errors are returned as values; `groups` is reported even then when grouping already ran.
 */
export function getResourceReplicas(
  args: PodMetricArgs & { readonly targetUtilization: number; readonly resource: string; readonly container: string },
): ResourceReplicas & { groups?: PodGroups } {
  const { currentReplicas, targetUtilization, tolerances, pods } = args;
  const usual = allReadyResourceReplicas(args);
  if (usual !== null) return usual;
  const grouped = groupedMetricValues(args);
  if (!grouped.ok) return grouped;
  const { groups, values } = grouped;
  const req = calculateRequests(pods, args.container, args.resource);
  if (!req.ok) return { ...req, groups };
  const requests = req.requests;

  const first = getResourceUtilizationRatio(values, requests, targetUtilization);
  if (!first.ok) return { ...first, groups };
  const { usageRatio, utilization, rawAverage } = first;
  const done = (replicas: number): ResourceReplicas => ({ ok: true, replicas, utilization, rawAverageMilli: rawAverage, groups });

  const scaleUpWithUnready = groups.unready.length > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && groups.missing.length === 0) {
    if (isWithin(tolerances, usageRatio)) return done(currentReplicas);
    // no unready or missing pods: the ratio applies to the ready pods
    return done(Math.ceil(usageRatio * groups.readyPodCount));
  }

  if (groups.missing.length > 0) {
    if (usageRatio < 1.0) {
      // scale-down: missing pods use max(100 %, target) of their request (kubernetes#112178, v1.26+)
      const fallback = BigInt(Math.max(100, targetUtilization));
      for (const name of groups.missing) values.set(name, Number((BigInt(requests.get(name) ?? 0) * fallback) / 100n));
    } else if (usageRatio > 1.0) {
      for (const name of groups.missing) values.set(name, 0); // scale-up: missing pods use nothing
    }
  }
  if (scaleUpWithUnready) for (const name of groups.unready) values.set(name, 0);

  const second = getResourceUtilizationRatio(values, requests, targetUtilization);
  if (!second.ok) return { ...second, groups };
  const newUsageRatio = second.usageRatio;
  if (isWithin(tolerances, newUsageRatio) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
    // too small a change, or the adjustment flipped the direction
    return done(currentReplicas);
  }
  const newReplicas = Math.ceil(newUsageRatio * values.size);
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    return done(currentReplicas); // the change of metrics length would reverse the direction
  }
  return done(newReplicas);
}

/**
 * getResourceReplicas in the usual sync, without its name-keyed maps: every pod is ready (so none is ignored,
 * unready or missing) and the names are distinct (groupPods puts only a name's first pod in a group, so ready has
 * one name per pod exactly when they are), and the metrics have one entry per pod (as many entries as pods, each
 * pod's name among them). Then the values are every metric, each pod's request is its own, and the sums are those
 * of getResourceUtilizationRatio; the sums are exact whatever their order. Returns null — the general path decides —
 * when any of that does not hold, or when a sum is not an exact float64 integer (the BigInt path's case).
 */
function allReadyResourceReplicas(
  args: PodMetricArgs & { readonly targetUtilization: number; readonly resource: string; readonly container: string },
): (ResourceReplicas & { groups?: PodGroups }) | null {
  const { pods, metrics } = args;
  if (pods.length === 0 || metrics.size !== pods.length) return null;
  const groups = groupPods(pods, metrics, args.resource, args);
  if (groups.ready.length !== pods.length) return null;
  let metricsSum = 0;
  for (const m of metrics.values()) {
    const v = m.value;
    metricsSum += v;
    if (!(Number.isInteger(v) && Math.abs(metricsSum) <= SAFE_PERCENT_SUM)) return null;
  }
  let requestsSum = 0;
  for (let i = 0; i < pods.length; i++) {
    const request = podRequest(pods[i], args.container, args.resource);
    if (typeof request === 'string') return { ok: false, error: request, groups };
    requestsSum += request;
    if (!(Number.isInteger(request) && Math.abs(requestsSum) <= SAFE_PERCENT_SUM)) return null;
  }
  const r = utilizationOfExactSums(metricsSum, requestsSum, pods.length, args.targetUtilization);
  if (!r.ok) return { ...r, groups };
  const replicas = isWithin(args.tolerances, r.usageRatio) ? args.currentReplicas : Math.ceil(r.usageRatio * groups.readyPodCount);
  return { ok: true, replicas, utilization: r.utilization, rawAverageMilli: r.rawAverage, groups };
}

/**
 * getResourceMetric (metricsClient.ts) then getResourceReplicas, for the usual sync, with neither's name-keyed maps
 * nor a PodMetric record per pod: every pod has a sample with the metric's value, the names are distinct, and every
 * pod is ready by groupPods' rules (its metric's timestamp and window are its sample's). Then the metrics map would
 * hold one entry per pod in the pods' order, groupPods would put every pod in `ready`, and getResourceReplicas would
 * answer from allReadyResourceReplicas' exact sums — which this computes in the same order with the same checks.
 * Returns null — the caller then runs the two as written — when any of that does not hold, when a request is missing
 * (the general path words the error), when a sum is not an exact float64 integer, or when no pod has a request.
 */
export function usualResourceReplicas(
  args: PodTiming & {
    readonly pods: readonly HpaPod[];
    readonly currentReplicas: number;
    readonly tolerances: Tolerances;
    readonly targetUtilization: number;
    readonly resource: string;
    readonly container: string;
  },
): ResourceReplicas | null {
  const { pods, resource, container } = args;
  const n = pods.length;
  if (n === 0) return null;
  const cpu = resource === 'cpu';
  const ready: string[] = [];
  // This call's stamp in nameStamps (see there): a name that already has it is repeated.
  if (nameStamps.size > NAME_STAMPS) nameStamps.clear();
  const stamp = ++nameStamp;
  let metricsSum = 0;
  let requestsSum = 0;
  for (let i = 0; i < n; i++) {
    const pod = pods[i];
    const s = pod.metrics;
    if (s === null) return null;
    // getResourceMetric's value for the pod.
    let value: number | undefined;
    if (container === '') value = s.usage[resource];
    else if (s.containers !== undefined) value = s.containers[container]?.[resource];
    else if (pod.containers.length === 1 && pod.containers[0].name === container) value = s.usage[resource];
    if (value === undefined) return null;
    // groupPods' rules for a pod with a metric; only `ready` is accepted.
    if (pod.deleted || pod.phase === 'Failed' || pod.phase === 'Pending') return null;
    if (cpu) {
      const condition = pod.ready;
      if (condition === null || pod.startTime === null) return null;
      if (pod.startTime + args.cpuInitializationPeriod > args.now) {
        if (condition.status === 'False' || s.timestamp < condition.lastTransitionTime + s.window) return null;
      } else if (condition.status === 'False' && pod.startTime + args.delayOfInitialReadinessStatus > condition.lastTransitionTime) return null;
    }
    const name = pod.name;
    if (nameStamps.get(name) === stamp) return null;
    nameStamps.set(name, stamp);
    ready.push(name);
    metricsSum += value;
    if (!(Number.isInteger(value) && Math.abs(metricsSum) <= SAFE_PERCENT_SUM)) return null;
    const request = podRequest(pod, container, resource);
    if (typeof request === 'string') return null;
    requestsSum += request;
    if (!(Number.isInteger(request) && Math.abs(requestsSum) <= SAFE_PERCENT_SUM)) return null;
  }
  const r = utilizationOfExactSums(metricsSum, requestsSum, n, args.targetUtilization);
  if (!r.ok) return null;
  const replicas = isWithin(args.tolerances, r.usageRatio) ? args.currentReplicas : Math.ceil(r.usageRatio * n);
  const groups: PodGroups = { readyPodCount: n, ready, unready: [], missing: [], ignored: [] };
  return { ok: true, replicas, utilization: r.utilization, rawAverageMilli: r.rawAverage, groups };
}

/**
 * usualResourceReplicas' check that a sync's pod names are distinct, without a Set of names per call (its growth
 * was a tenth of the function's time in the month's profile): the stamp of the last call that saw each name. A call
 * takes a new stamp, so only names of its own pods can carry it. Emptied when it holds more than NAME_STAMPS names
 * (pods come and go over a run); a name's stamp only ever has to be the current call's.
 */
const nameStamps = new Map<string, number>();
let nameStamp = 0;
const NAME_STAMPS = 10_000;

export type PlainMetricReplicas = Result<{ replicas: number; usage: number; groups: PodGroups }>;

/**
 * calcPlainMetricReplicas: Pods metrics (resource '') and Resource AverageValue targets (resource 'cpu'/'memory',
 * so the CPU readiness rules apply). Missing pods use exactly the target on scale-down.
 */
export function calcPlainMetricReplicas(
  args: PodMetricArgs & { readonly targetUsage: number; readonly resource: string },
): PlainMetricReplicas & { groups?: PodGroups } {
  const { currentReplicas, targetUsage, tolerances } = args;
  const grouped = groupedMetricValues(args);
  if (!grouped.ok) return grouped;
  const { groups, values } = grouped;
  const { usageRatio, usage } = getMetricUsageRatio(values, targetUsage);
  const done = (replicas: number): PlainMetricReplicas => ({ ok: true, replicas, usage, groups });

  const scaleUpWithUnready = groups.unready.length > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && groups.missing.length === 0) {
    if (isWithin(tolerances, usageRatio)) return done(currentReplicas);
    return done(Math.ceil(usageRatio * groups.readyPodCount));
  }
  if (groups.missing.length > 0) {
    if (usageRatio < 1.0) for (const name of groups.missing) values.set(name, targetUsage);
    else if (usageRatio > 1.0) for (const name of groups.missing) values.set(name, 0);
  }
  if (scaleUpWithUnready) for (const name of groups.unready) values.set(name, 0);

  const newUsageRatio = getMetricUsageRatio(values, targetUsage).usageRatio;
  if (isWithin(tolerances, newUsageRatio) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
    return done(currentReplicas);
  }
  const newReplicas = Math.ceil(newUsageRatio * values.size);
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    return done(currentReplicas);
  }
  return done(newReplicas);
}

/** getReadyPodsCount: pods that are Running with Ready=True (used by Object/External Value targets). */
export function getReadyPodsCount(pods: readonly HpaPod[]): Result<{ count: number }> {
  if (pods.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };
  let count = 0;
  for (const pod of pods) if (pod.phase === 'Running' && pod.ready?.status === 'True') count++;
  return { ok: true, count };
}

/**
 * getUsageRatioReplicaCount (Object and External Value targets): within tolerance → currentReplicas, else
 * ceil(ratio × ready pods); at currentReplicas 0, ceil(ratio) with no tolerance (scale from zero).
 */
export function getUsageRatioReplicaCount(
  currentReplicas: number,
  usageRatio: number,
  tolerances: Tolerances,
  pods: readonly HpaPod[],
): Result<{ replicas: number }> {
  if (currentReplicas === 0) return { ok: true, replicas: Math.ceil(usageRatio) };
  if (isWithin(tolerances, usageRatio)) return { ok: true, replicas: currentReplicas };
  const ready = getReadyPodsCount(pods);
  if (!ready.ok) return { ok: false, error: `unable to calculate ready pods: ${ready.error}` };
  const replicas = usageRatio * ready.count;
  return { ok: true, replicas: replicas > MAX_INT32 ? MAX_INT32 : Math.ceil(replicas) };
}

/** GetObjectMetricReplicas / GetExternalMetricReplicas after the fetch: ratio = usage/target (float64). */
export function getValueMetricReplicas(
  currentReplicas: number,
  usage: number,
  targetUsage: number,
  tolerances: Tolerances,
  pods: readonly HpaPod[],
): Result<{ replicas: number }> {
  return getUsageRatioReplicaCount(currentReplicas, usage / targetUsage, tolerances, pods);
}

/**
 * GetObjectPerPodMetricReplicas / GetExternalPerPodMetricReplicas after the fetch: within tolerance of
 * usage/(target × statusReplicas) → statusReplicas, else ceil(usage/target); usage per pod = ceil(usage/statusReplicas).
 */
export function getPerPodMetricReplicas(
  statusReplicas: number,
  usage: number,
  targetAverageUsage: number,
  tolerances: Tolerances,
): { replicas: number; averageUsage: number } {
  let replicas = statusReplicas;
  const usageRatio = usage / (targetAverageUsage * statusReplicas);
  if (!isWithin(tolerances, usageRatio)) {
    const r = Math.ceil(usage / targetAverageUsage);
    replicas = r > MAX_INT32 ? MAX_INT32 : r;
  }
  return { replicas, averageUsage: getPerPodUsage(usage, statusReplicas) };
}

/** getPerPodUsage: ceil(usage/statusReplicas); 0 when statusReplicas is 0. */
export function getPerPodUsage(usage: number, statusReplicas: number): number {
  if (usage >= MAX_INT64) return MAX_INT64;
  if (statusReplicas === 0) return 0;
  return Math.ceil(usage / statusReplicas);
}
