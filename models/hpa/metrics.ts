/**
 * The metrics pipeline as the HPA controller reads it (AutoscalerMetricsReader): a pod's sample in the metrics APIs
 * (cpu, memory, requests_per_second, in_flight, milli-units), Services' request rates as Object metrics, and the
 * replicas the offered load implies. Reads the pipeline and the traffic; never changes either.
 */
import { ZERO, type Micros } from '../../engine/time';
import type { DurationDist } from '../draw';
import type { ResolvedBehavior } from '../behaviors';
import { scalableTarget, type ResolvedAutoscaler, type ResolvedExternalMetric } from './autoscaler';
import type { SimContext } from '../context';
import type { PodObj } from '../cluster/objects';
import type { AutoscalerMetricsReader } from './controller';
import type { HpaPodMetricsSample } from './types';
import type { HpaControllerSettings } from './settings';
import { approximateFloat, resolveHpaSpec } from './spec';
import { newReusableSample, type MutableSample, type ReusableSample } from './sampleRecords';
import { mergeBehaviors } from '../behaviors';
import type { TrafficModel } from '../traffic/trafficModel';
import type { Services } from '../service/services';
import type { MetricsPipeline } from '../metrics/pipeline';
import { PiecewiseRateProfile, type RateProfile } from '../traffic/profile';
import type { ResolvedPodTemplate } from '../cluster/spec';

/** The mean of a distribution of one core's CPU time, µs. */
export function meanCpu(d: DurationDist): number {
  switch (d.kind) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'exponential':
      return d.mean;
    case 'normal':
      return d.mean; // the clamp at 0 is ignored: it matters only when stddev is comparable to the mean
    case 'lognormal':
      return d.median * Math.exp((d.sigma * d.sigma) / 2);
  }
}

/**
 * `{ [name]: value }`, built by an assignment: a literal with a computed key takes V8's slow path (≈ 5× the time of
 * the assignment in a micro-benchmark, and the hottest line of an HPA sync's profile). The two are the same object
 * (one own enumerable data property) for every name but `__proto__`, which the assignment would take as the
 * prototype; container names are DNS labels, but that one name still gets the literal.
 */
export function containerRecord(name: string, value: Readonly<Record<string, number>>): Record<string, Readonly<Record<string, number>>> {
  if (name === '__proto__') return { [name]: value };
  const o: Record<string, Readonly<Record<string, number>>> = {};
  o[name] = value;
  return o;
}

/** What the HPA's metrics reader needs from the scenario. */
export interface AutoscalerMetricsConfig {
  readonly externalMetrics: readonly ResolvedExternalMetric[];
  /** The Behaviors, for a pod's idle CPU in demandReplicas. */
  readonly behaviors: readonly ResolvedBehavior[];
  /** The HPA controller's settings (the scenario's), to resolve an HPA's spec as the controller does. */
  readonly hpaController: HpaControllerSettings;
}

export class AutoscalerMetrics implements AutoscalerMetricsReader {
  constructor(
    private readonly ctx: SimContext,
    private readonly config: AutoscalerMetricsConfig,
    private readonly pipeline: MetricsPipeline,
    private readonly services: Services,
    private readonly traffic: TrafficModel,
  ) {
    this.external = config.externalMetrics.map((m) => ({ metric: m.metric, profile: new PiecewiseRateProfile(m.points, m.interpolation) }));
  }

  private readonly external: readonly { readonly metric: string; readonly profile: PiecewiseRateProfile }[];

  /** metrics.k8s.io (cpu, memory) and the custom pod metrics at `now`; null when the pod has no CPU sample yet. */
  podMetrics(pod: PodObj, now: Micros, onlyContainer?: string | null): HpaPodMetricsSample | null {
    // podMetricsInto's sample in records of its own: the same fields and keys, in the same order (cpu, memory,
    // requests_per_second when known, in_flight), and `containers` only for a pod with one running container
    // (ContainerResource metrics: the pipeline measures pods, so other pods have no container samples).
    const only = onlyContainer === undefined ? this.onlyRunningContainer(pod) : onlyContainer;
    return this.podMetricsInto(pod, now, only, newReusableSample());
  }

  /**
   * podMetrics written into `into`, records the caller keeps per pod (the HPA controller, for the built-in policies,
   * which read a sync's pods only during that sync): the same sample, field for field and key for key, with no
   * object allocated once `into` has its records. `only` as podMetrics' (the pod's one running container, or null).
   */
  podMetricsInto(pod: PodObj, now: Micros, only: string | null, into: ReusableSample): HpaPodMetricsSample | null {
    const m = this.pipeline.podSample(pod, now);
    if (m === undefined) return null;
    const r = m.resource;
    const cpu = r.cpuMilli;
    const memory = r.memoryBytes * 1000;
    const rps = m.requestsPerSecond;
    let out: MutableSample;
    if (rps !== undefined) {
      if (into.withRps === undefined) into.withRps = newSample({ cpu, memory, requests_per_second: rps, in_flight: m.inFlight }, only, into);
      out = into.withRps;
      out.usage.requests_per_second = rps;
    } else {
      if (into.withoutRps === undefined) into.withoutRps = newSample({ cpu, memory, in_flight: m.inFlight }, only, into);
      out = into.withoutRps;
    }
    out.timestamp = r.timestamp;
    out.window = r.window;
    const usage = out.usage;
    usage.cpu = cpu;
    usage.memory = memory;
    usage.in_flight = m.inFlight;
    const c = into.container;
    if (c !== undefined) {
      c.cpu = cpu;
      c.memory = memory;
    }
    return out;
  }

  /** Each pod's running container when it has exactly one (sidecars count), else null; the spec never changes. */
  private readonly onlyContainer = new WeakMap<PodObj, string | null>();

  private onlyRunningContainer(pod: PodObj): string | null {
    let only = this.onlyContainer.get(pod);
    if (only === undefined) {
      let count = pod.spec.containers.length;
      for (const c of pod.spec.initContainers) if (c.restartPolicy === 'Always') count++;
      only = count !== 1 ? null : pod.spec.containers.length === 1 ? pod.spec.containers[0].name : pod.spec.initContainers.find((c) => c.restartPolicy === 'Always')!.name;
      this.onlyContainer.set(pod, only);
    }
    return only;
  }

  /**
   * Object metrics by name: `requests_per_second` of the namespace's Service when it has exactly one (the HPA's
   * `describedObject` is not passed in this interface), else none.
   */
  objectMetrics(namespace: string, now: Micros): Readonly<Record<string, number>> {
    // The Services of a run are fixed (services.list never changes), so the namespace's one Service is looked up once.
    let only = this.onlyService.get(namespace);
    if (only === undefined) {
      const inNs = this.services.list.filter((s) => s.spec.namespace === namespace);
      only = inNs.length === 1 ? inNs[0].spec.name : null;
      this.onlyService.set(namespace, only);
    }
    if (only === null) return {};
    const v = this.pipeline.serviceMetric(namespace, only, 'requests_per_second', now);
    return v === undefined ? {} : { requests_per_second: v.value };
  }

  /** objectMetrics' Service by namespace: its name when the namespace has exactly one, else null. */
  private readonly onlyService = new Map<string, string | null>();

  /** External metrics: each ExternalMetric series' value at `now`, in milli-units, grouped by metric name. */
  externalMetrics(now: Micros): Readonly<Record<string, readonly number[]>> {
    const out: Record<string, number[]> = {};
    for (const s of this.external) (out[s.metric] ??= []).push(Math.ceil(s.profile.rate(now) * 1000 - 1e-9));
    return out;
  }

  /**
   * Replicas the load offered now needs at the HPA's CPU target: L / (request × target% − idle) for a Utilization
   * target (L / (value − idle) for AverageValue), rounded up, where L = Σ rate(now) × mean CPU per request of the
   * Traffics whose Service selects the target's pods, and idle is a pod's Behavior idle CPU. Null without a cpu
   * Resource target or when a pod's share of the target is not above its idle CPU.
   */
  demandReplicas(autoscaler: ResolvedAutoscaler, now: Micros): number | null {
    const ref = scalableTarget(autoscaler);
    const target = ref && this.ctx.store.get(ref.kind, autoscaler.namespace, ref.name);
    if (target === undefined) return null;
    const template = target.spec.template;
    let d = this.demand.get(autoscaler);
    if (d === undefined || d.template !== template) {
      d = { template, per: this.demandPerPod(autoscaler, template) };
      this.demand.set(autoscaler, d);
    }
    const per = d.per;
    if (per === null) return null;
    let load = 0;
    for (const src of per.sources) load += (src.profile.rate(now) * src.meanCpu) / 1000; // rps × µs of a core / 1000 = millicores
    const room = per.perPod - per.idle;
    if (!(room > 0)) return null;
    return Math.ceil(load / room);
  }

  /** demandReplicas' parts that do not change with time, by autoscaler, for the template they were read from. */
  private readonly demand = new Map<ResolvedAutoscaler, { readonly template: ResolvedPodTemplate; readonly per: DemandPerPod | null }>();

  /**
   * A pod's CPU room at the HPA's CPU target and the Traffics whose Service selects the template's pods (in the
   * order of the scenario), or null when demandReplicas is null whatever the load: no cpu Resource target, a target
   * of neither kind, or a closed-loop Traffic among them (its offered rate is not known ahead).
   */
  private demandPerPod(autoscaler: ResolvedAutoscaler, template: ResolvedPodTemplate): DemandPerPod | null {
    const spec = resolveHpaSpec(autoscaler.manifest, this.config.hpaController);
    const cpu = spec.metrics.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu')?.resource?.target;
    if (cpu === undefined) return null;
    const labels = template.labels;
    let idle = 0;
    let request = 0;
    for (const c of template.spec.containers) {
      idle += mergeBehaviors(this.config.behaviors, autoscaler.namespace, labels, c.name).resources?.cpuMilli ?? 0;
      request += c.requests.cpuMilli;
    }
    let perPod: number;
    if (cpu.type === 'Utilization' && typeof cpu.averageUtilization === 'number') perPod = (request * cpu.averageUtilization) / 100;
    else if (cpu.type === 'AverageValue' && cpu.averageValue !== undefined && cpu.averageValue !== null) perPod = approximateFloat(cpu.averageValue) * 1000;
    else return null;
    const sources: { readonly profile: RateProfile; readonly meanCpu: number }[] = [];
    for (const src of this.traffic.sources) {
      const sel = src.service.spec.selector;
      if (src.service.spec.namespace !== autoscaler.namespace || sel === undefined || !sel.matches(labels)) continue;
      if (src.spec.closedLoop !== undefined) return null;
      sources.push({ profile: src.profile, meanCpu: meanCpu(src.spec.cpu) });
    }
    return { perPod, idle, sources };
  }
}

/** A sample record shaped as podMetrics' literals: timestamp, window, usage, then containers when `only` is set. */
function newSample(usage: Record<string, number>, only: string | null, into: ReusableSample): MutableSample {
  if (only === null) return { timestamp: ZERO, window: ZERO, usage };
  if (into.container === undefined) into.container = { cpu: 0, memory: 0 };
  return { timestamp: ZERO, window: ZERO, usage, containers: containerRecord(only, into.container) };
}

interface DemandPerPod {
  /** CPU per pod at the target, millicores. */
  readonly perPod: number;
  /** A pod's Behavior idle CPU, millicores. */
  readonly idle: number;
  readonly sources: readonly { readonly profile: RateProfile; readonly meanCpu: number }[];
}
