/**
 * The metrics pipeline of a run: scrapes every pod whose app containers all run (cumulative CPU, memory, requests
 * routed, requests in flight) and every Service (requests received) at offset + k·resolution, and answers what the
 * metrics APIs would serve at any time: metrics.k8s.io (CPU window averages, memory) and the custom metrics
 * `requests_per_second` and `in_flight`. Reads the traffic model; never changes it.
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { BEFORE_ALL, subMicros, US_PER_SECOND, ZERO, type Micros } from '../../engine/time';
import type { SimContext } from '../context';
import type { PodObj } from '../cluster/objects';
import type { MetricsSettings } from './config';
import type { TrafficModel } from '../traffic/trafficModel';
import type { Services, ServiceRuntime } from '../service/services';
import { floorDiv } from '../traffic/exact';
import { podMetricAt, podMetricInto, scrapeTimeAtOrAfter, scrapeTimeAtOrBefore, validateMetricsPipeline, type MetricsPipelineSettings, type PodResourceMetric, type UsageSample } from './metricsServer';

/** The per-pod custom metrics (custom.metrics.k8s.io, as prometheus-adapter would serve them). */
export const POD_METRIC_NAMES = ['requests_per_second', 'in_flight'] as const;
export type PodMetricName = (typeof POD_METRIC_NAMES)[number];
/** The per-Service custom metric (an HPA `Object` metric on a Service). */
export const SERVICE_METRIC_NAMES = ['requests_per_second'] as const;
export type ServiceMetricName = (typeof SERVICE_METRIC_NAMES)[number];

/** A custom metric value in milli-units (Quantity.MilliValue()), with the sample time and window it covers. */
export interface MetricValue {
  readonly value: number;
  readonly timestamp: Micros;
  readonly window: Micros;
}

interface PodSample extends UsageSample {
  /** Requests routed to the pod since it was created. */
  readonly routed: number;
  readonly inFlight: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface CountSample {
  readonly time: Micros;
  readonly count: number;
}

/** The sample taken at exactly `time`, searching from the newest. */
function at<S extends { readonly time: Micros }>(list: readonly S[] | undefined, time: Micros): S | undefined {
  if (list === undefined) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i].time === time) return list[i];
    if (list[i].time < time) return undefined;
  }
  return undefined;
}

/**
 * A pod's recent samples, oldest first, with their times in a parallel array of plain doubles: the scrape's window
 * check and the readers' searches compare times without loading each sample record and its boxed time (a scrape
 * and an HPA sync read every pod; each such load was a cache miss in the profile).
 */
interface PodSamples {
  readonly list: Mutable<PodSample>[];
  /** times[i] = list[i].time. */
  readonly times: number[];
}

/** `at` over a pod's samples, searching the times array. */
function atPod(ps: PodSamples | undefined, time: Micros): Mutable<PodSample> | undefined {
  if (ps === undefined) return undefined;
  const times = ps.times;
  for (let i = times.length - 1; i >= 0; i--) {
    const t = times[i];
    if (t === time) return ps.list[i];
    if (t < time) return undefined;
  }
  return undefined;
}

/** Appends a sample and drops the ones older than one window before it. */
function keep<S extends { readonly time: Micros }>(list: S[], sample: S, window: Micros): void {
  list.push(sample);
  const horizon = sample.time - window;
  while (list[0].time < horizon) list.shift(); // a window's worth: a few samples, the newest always kept
}

/** One pod's metrics at one instant (MetricsPipeline.podSample): custom metric values in milli-units. */
export interface PodMetricsAt {
  readonly resource: PodResourceMetric;
  readonly requestsPerSecond: number | undefined;
  readonly inFlight: number;
}

/** (count(s) − count(s − window)) per second in milli-units: ⌊Δ·10⁹ / window_µs⌋ (prometheus-adapter truncates to milli). */
function rate(newer: number, older: number, window: Micros): number {
  return floorDiv((newer - older) * 1_000 * US_PER_SECOND, window);
}

export class MetricsPipeline {
  readonly settings: MetricsPipelineSettings;
  /** Each pod's recent samples, by the live pod record (forgotten at its DELETED). */
  private readonly pods = new Map<PodObj, PodSamples>();
  private readonly services = new Map<ServiceRuntime, CountSample[]>();
  private readonly scrapeType: EventType<null>;
  private running = false;

  constructor(
    private readonly ctx: SimContext,
    m: MetricsSettings,
    private readonly traffic: TrafficModel,
    private readonly serviceModel: Services,
  ) {
    this.settings = { window: m.window, resolution: m.resolution, offset: ZERO, freshContainerMinResolution: m.freshContainerMinResolution };
    validateMetricsPipeline(this.settings);
    this.scrapeType = ctx.clock.register<null>('metrics/scrape', () => this.scrape());
    ctx.store.watch('Pod', (type, p) => {
      if (type === 'DELETED') this.pods.delete(p);
    });
  }

  /** Scrapes are running (from the first scrape time at or after the call). */
  get enabled(): boolean {
    return this.running;
  }

  /**
   * Starts scraping. The Simulation starts it when the scenario models usage (a Traffic or a Behavior with
   * `resources`); a consumer such as the HPA controller calls it at construction so its first reads have history.
   */
  enable(): void {
    if (this.running) return;
    this.running = true;
    this.ctx.clock.scheduleAt(scrapeTimeAtOrAfter(this.ctx.clock.now, this.settings), this.scrapeType, null, Priority.TRAFFIC);
  }

  /**
   * Runs at TRAFFIC priority: after the kubelets of the instant (a container started at s is sampled with counter 0)
   * and before the controllers, so an HPA syncing at a scrape time reads that scrape.
   */
  private scrape(): void {
    const now = this.ctx.clock.now;
    const w = this.settings.window;
    // forEach, not for-of: a for-of over a Map's entries allocates an entry array and a result object per pod
    // (≈ 100 bytes a pod and scrape in a heap profile of the month); the order is the same (insertion order, live).
    this.traffic.pods.forEach((u, pod) => {
      if (pod.removed || u.containers.length === 0 || !u.allRunning()) return;
      let ps = this.pods.get(pod);
      if (ps === undefined) {
        ps = { list: [], times: [] };
        this.pods.set(pod, ps);
      }
      const list = ps.list;
      const times = ps.times;
      // keep(), reusing the record of the sample that leaves the window (the pipeline hands out no sample record:
      // readers get values computed from them), so a scrape allocates nothing per pod once the window is full: the
      // list is rotated by one in place (a shift then a push would give the same list, but the push after V8's
      // left-trimming shift grows a new backing store).
      const horizon = now - w;
      const n = list.length;
      if (n > 0 && times[0] < horizon) {
        const sample = list[0];
        for (let i = 1; i < n; i++) {
          list[i - 1] = list[i];
          times[i - 1] = times[i];
        }
        list[n - 1] = sample;
        times[n - 1] = now;
        sample.time = now;
        sample.startTime = u.startTime();
        sample.cumulative = u.liveUsage(now);
        sample.memoryBytes = u.memoryBytes(now);
        sample.routed = u.routed;
        sample.inFlight = u.inFlight;
        // keep()'s drop: the newest (now) always stays
        while (times[0] < horizon) {
          list.shift();
          times.shift();
        }
      } else {
        // keep(), with the times alongside.
        list.push({ time: now, startTime: u.startTime(), cumulative: u.liveUsage(now), memoryBytes: u.memoryBytes(now), routed: u.routed, inFlight: u.inFlight });
        times.push(now);
        while (times[0] < horizon) {
          list.shift();
          times.shift();
        }
      }
    });
    for (const svc of this.serviceModel.list) {
      let list = this.services.get(svc);
      if (list === undefined) {
        list = [];
        this.services.set(svc, list);
      }
      keep(list, { time: now, count: svc.stats.arrivalsTotal }, w);
    }
    this.ctx.clock.schedule(this.settings.resolution, this.scrapeType, null, Priority.TRAFFIC);
  }

  /** metrics.k8s.io for one pod at `now`: CPU averaged over the window and memory, or undefined (the pod is absent). */
  metric(namespace: string, pod: string, now: Micros): PodResourceMetric | undefined {
    const p = this.ctx.store.getPod(namespace, pod);
    return p === undefined ? undefined : this.metricOf(p, now);
  }

  /**
   * `metricOf(pod, now)?.cpuMilli` without the record (pod_metrics.csv reads every pod's at every sample): the same
   * samples searched the same way (podMetricAt), the value written into the pipeline's own scratch record.
   */
  cpuMilliOf(pod: PodObj, now: Micros): number | undefined {
    const ps = this.pods.get(pod);
    if (ps === undefined) return undefined;
    const s = scrapeTimeAtOrBefore(now, this.settings);
    if (s === BEFORE_ALL) return undefined;
    const last = atPod(ps, s);
    if (last === undefined) return undefined;
    // podMetricInto reads the sample a window earlier only where the fresh-container rule does not apply; podMetricAt
    // searches it only then. The search reads and changes nothing, so searching it always gives the same answer.
    const prev = atPod(ps, subMicros(s, this.settings.window));
    return podMetricInto(this.cpuScratch, last, prev, s, this.settings) ? this.cpuScratch.cpuMilli : undefined;
  }
  private readonly cpuScratch = { cpuMilli: 0, memoryBytes: 0, timestamp: ZERO, window: ZERO };

  /** `metric` for a pod record the caller holds (no lookup by name). */
  metricOf(pod: PodObj, now: Micros): PodResourceMetric | undefined {
    const ps = this.pods.get(pod);
    return ps === undefined ? undefined : (podMetricAt(ps.list, now, this.settings) ?? undefined);
  }

  /**
   * A pod's custom metric at `now` from the latest scrape s ≤ now: `requests_per_second` = requests routed to the
   * pod during (s − window, s] per second (needs a scrape at s − window too, like CPU), `in_flight` = requests in
   * flight at s. Milli-units.
   */
  podMetric(namespace: string, pod: string, name: PodMetricName, now: Micros): MetricValue | undefined {
    const p = this.ctx.store.getPod(namespace, pod);
    if (p === undefined) return undefined;
    const ps = this.pods.get(p);
    const s = scrapeTimeAtOrBefore(now, this.settings);
    const last = atPod(ps, s);
    if (last === undefined) return undefined;
    const w = this.settings.window;
    if (name === 'in_flight') return { value: last.inFlight * 1000, timestamp: s, window: w };
    const prev = atPod(ps, subMicros(s, w));
    return prev === undefined ? undefined : { value: rate(last.routed, prev.routed, w), timestamp: s, window: w };
  }

  /**
   * Everything the metrics APIs serve for one pod at `now`, read in one pass (the HPA reads it every sync): the
   * metrics.k8s.io sample, and `requests_per_second` and `in_flight` values as `podMetric` gives them; undefined when
   * metrics.k8s.io has no sample for the pod (then the HPA sees no metrics for it at all). The record returned is
   * the pipeline's own, overwritten by the next call (the HPA reads every pod at every sync): read it before that.
   */
  podSample(pod: PodObj, now: Micros): PodMetricsAt | undefined {
    const ps = this.pods.get(pod);
    if (ps === undefined) return undefined;
    // The samples of the latest scrape s and of s − window, each searched once (podMetricAt would search them again).
    const s = scrapeTimeAtOrBefore(now, this.settings);
    const last = atPod(ps, s);
    if (last === undefined) return undefined;
    const w = this.settings.window;
    const prev = atPod(ps, subMicros(s, w));
    const out = this.sampleScratch;
    if (!podMetricInto(out.resource, last, prev, s, this.settings)) return undefined;
    out.requestsPerSecond = prev === undefined ? undefined : rate(last.routed, prev.routed, w);
    out.inFlight = last.inFlight * 1000;
    return out;
  }
  private readonly sampleScratch: Mutable<PodMetricsAt> & { readonly resource: Mutable<PodResourceMetric> } = {
    resource: { cpuMilli: 0, memoryBytes: 0, timestamp: ZERO, window: ZERO },
    requestsPerSecond: undefined,
    inFlight: 0,
  };

  /** A Service's `requests_per_second` at `now`: requests it received (503s included) per second over the window. */
  serviceMetric(namespace: string, service: string, name: ServiceMetricName, now: Micros): MetricValue | undefined {
    const svc = this.serviceModel.get(namespace, service);
    if (svc === undefined || name !== 'requests_per_second') return undefined;
    const list = this.services.get(svc);
    const s = scrapeTimeAtOrBefore(now, this.settings);
    const last = at(list, s);
    const prev = at(list, subMicros(s, this.settings.window));
    if (last === undefined || prev === undefined) return undefined;
    return { value: rate(last.count, prev.count, this.settings.window), timestamp: s, window: this.settings.window };
  }
}

