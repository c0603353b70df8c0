/**
 * The resource metrics pipeline the HPA reads (metrics.k8s.io): per-pod CPU averaged over a window from cumulative
 * usage samples taken at scrape times, memory as the working set at the last scrape. Pure over (samples, now):
 * never reads pods, the clock or the event queue; the caller records a sample per running pod at each scrape time.
 */
import { addMicros, BEFORE_ALL, scaleMicros, seconds, subMicros, ZERO, type Micros } from '../../engine/time';
import { ceilDiv, floorDiv } from '../traffic/exact';

export interface MetricsPipelineSettings {
  /** The averaging window. A whole number of resolutions. */
  readonly window: Micros;
  /** The scrape period (metrics-server --metric-resolution). */
  readonly resolution: Micros;
  /** Scrapes happen at offset + k·resolution (0 ≤ offset < resolution). */
  readonly offset: Micros;
  /** metrics-server's freshContainerMinMetricsResolution (10 s), or null to require a full window always. */
  readonly freshContainerMinResolution: Micros | null;
}

/**
 * The default, after the product spec ("CPU usage averaged over 1 minute", the Heapster-era HPA): a 60 s window,
 * refreshed every 15 s (the HPA sync period, and the resolution Heapster was deployed with), no fresh-pod shortcut.
 */
export const PRODUCT_SPEC_METRICS_PIPELINE: MetricsPipelineSettings = {
  window: seconds(60),
  resolution: seconds(15),
  offset: ZERO,
  freshContainerMinResolution: null,
};

/**
 * Today's metrics-server (≥ v0.6) as its official manifests deploy it: `--metric-resolution=15s`, the rate over the
 * last two scrapes (window 15 s), and the 10 s fresh-container rule. Scrape staggering across nodes is not modelled.
 */
export const METRICS_SERVER_PIPELINE: MetricsPipelineSettings = {
  window: seconds(15),
  resolution: seconds(15),
  offset: ZERO,
  freshContainerMinResolution: seconds(10),
};

/** Named presets for the Simulation document. */
export const METRICS_PIPELINE_PRESETS: Readonly<Record<'spec' | 'metrics-server', MetricsPipelineSettings>> = {
  spec: PRODUCT_SPEC_METRICS_PIPELINE,
  'metrics-server': METRICS_SERVER_PIPELINE,
};

/** One scrape of one pod. */
export interface UsageSample {
  /** The scrape time. */
  readonly time: Micros;
  /** When the container instance behind the counter started (its counter was 0 then). */
  readonly startTime: Micros;
  /** Cumulative CPU since startTime, millicore-µs (= CPU ns): PodServer.usageIntegral plus any idle baseline. */
  readonly cumulative: number;
  /** Working set at the scrape, bytes. */
  readonly memoryBytes: number;
}

/** What metrics.k8s.io serves for a pod (the HPA's HpaPodMetricsSample inputs). */
export interface PodResourceMetric {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly timestamp: Micros;
  readonly window: Micros;
}

/** Throws unless the settings are consistent (integers, window a positive multiple of the resolution). */
export function validateMetricsPipeline(s: MetricsPipelineSettings): void {
  const ints = [s.window, s.resolution, s.offset];
  const fail = (problem: string): never => {
    throw new Error(`metrics pipeline: ${problem}`);
  };
  if (!ints.every(Number.isInteger) || !(s.resolution > 0) || !(s.window > 0)) fail('window and resolution must be positive integer µs');
  if (s.window % s.resolution !== 0) fail(`window ${s.window} µs is not a multiple of the resolution ${s.resolution} µs`);
  if (!(s.offset >= 0 && s.offset < s.resolution)) fail('offset must be in [0, resolution)');
  const f = s.freshContainerMinResolution;
  if (f !== null && !(Number.isInteger(f) && f > 0)) fail('freshContainerMinResolution must be a positive integer µs or null');
}

/** The latest scrape time ≤ now, or BEFORE_ALL (−Infinity) before the first scrape. */
export function scrapeTimeAtOrBefore(now: Micros, s: MetricsPipelineSettings): Micros {
  if (now < s.offset) return BEFORE_ALL;
  return addMicros(s.offset, scaleMicros(s.resolution, floorDiv(now - s.offset, s.resolution)));
}

/** The first scrape time ≥ now (for scheduling the scrape events). */
export function scrapeTimeAtOrAfter(now: Micros, s: MetricsPipelineSettings): Micros {
  if (now <= s.offset) return s.offset;
  return addMicros(s.offset, scaleMicros(s.resolution, ceilDiv(now - s.offset, s.resolution)));
}

/** ⌈⌊cpuNs·10⁶ / windowUs⌋ / 10⁶⌉: the average in millicores, by metrics-server's and the HPA client's rounding. */
export function averageCpuMilli(cpuNs: number, windowUs: Micros): number {
  if (!(Number.isInteger(cpuNs) && cpuNs >= 0 && Number.isInteger(windowUs) && windowUs > 0)) {
    throw new Error(`averageCpuMilli(${cpuNs}, ${windowUs}): need integers, usage ≥ 0 and window > 0`);
  }
  const q = floorDiv(cpuNs, windowUs);
  const r = cpuNs - q * windowUs;
  const nanocores = q * 1_000_000 + floorDiv(r * 1_000_000, windowUs);
  return ceilDiv(nanocores, 1_000_000);
}

/** Index of the sample taken at `time`, searching from the newest (samples are in time order). */
function sampleAt(samples: readonly UsageSample[], time: Micros): UsageSample | undefined {
  for (let i = samples.length - 1; i >= 0; i--) {
    const t = samples[i].time;
    if (t === time) return samples[i];
    if (t < time) return undefined;
  }
  return undefined;
}

/**
 * The metric served for one pod at `now` from its samples (in time order), or null when the API has none.
 *
 * Rules (reference hpa-algorithm.md §8; metrics-server pkg/storage/pod.go Store/GetMetrics, types.go resourceUsage):
 * - Scrapes happen at offset + k·resolution; the value served at `now` comes from the latest scrape s ≤ now, and
 *   only for a pod sampled at s (a pod not running at s has no metric).
 * - CPU = (cumulative(s) − cumulative(s − window)) / window, from a sample of the same container instance taken a
 *   full window earlier: a pod's first value comes only after it has run a full window. Fresh-container rule
 *   (metrics-server preset): a container started between freshContainerMinResolution and one window before s is
 *   averaged from its start (counter 0), window = s − start.
 * - A decreasing counter or a restart inside the window gives no value (metrics-server skips the pod).
 * - Units: cumulative CPU in millicore-µs, which is CPU nanoseconds; value = ⌈⌊Δns / window_s⌋ nanocores / 10⁶⌉
 *   millicores, exactly as metrics-server truncates to nanocores and the HPA client takes Quantity.MilliValue().
 */
export function podMetricAt(samples: readonly UsageSample[], now: Micros, settings: MetricsPipelineSettings): PodResourceMetric | null {
  const s = scrapeTimeAtOrBefore(now, settings);
  if (s === BEFORE_ALL) return null;
  const last = sampleAt(samples, s);
  if (last === undefined) return null;
  // The sample a window earlier is read only where the fresh-container rule does not apply.
  const windowAgo = fromContainerStart(last, s, settings) ? undefined : sampleAt(samples, subMicros(s, settings.window));
  return podMetricFrom(last, windowAgo, s, settings);
}

/**
 * The fresh-container rule (metrics-server preset): the sample `last`, taken at s, is of a container started between
 * freshContainerMinResolution and one window before s, so its CPU is averaged from its start (counter 0).
 */
function fromContainerStart(last: UsageSample, s: Micros, settings: MetricsPipelineSettings): boolean {
  const age = s - last.startTime;
  const fresh = settings.freshContainerMinResolution;
  return fresh !== null && age > 0 && age < settings.window && age >= fresh;
}

/**
 * podMetricAt's rules from the samples already found: `last`, taken at the latest scrape s ≤ now, and `windowAgo`,
 * the sample taken at s − window (undefined when there is none); the MetricsPipeline reads both for its custom
 * metrics too, so each is searched once.
 */
export function podMetricFrom(last: UsageSample, windowAgo: UsageSample | undefined, s: Micros, settings: MetricsPipelineSettings): PodResourceMetric | null {
  const out: PodResourceMetric = { cpuMilli: 0, memoryBytes: 0, timestamp: s, window: s };
  return podMetricInto(out, last, windowAgo, s, settings) ? out : null;
}

/**
 * podMetricFrom into a record the caller owns (and reuses: the HPA's and pod_metrics.csv's reads allocate nothing):
 * false, with `out` untouched, where podMetricFrom gives null; else true with `out` set to what it would return.
 */
export function podMetricInto(
  out: { cpuMilli: number; memoryBytes: number; timestamp: Micros; window: Micros },
  last: UsageSample,
  windowAgo: UsageSample | undefined,
  s: Micros,
  settings: MetricsPipelineSettings,
): boolean {
  let prevTime: Micros;
  let prevCumulative: number;
  if (fromContainerStart(last, s, settings)) {
    prevTime = last.startTime;
    prevCumulative = 0;
  } else {
    const prev = windowAgo;
    // The same container instance (metrics-server tells by StartTime.Before(prev.Timestamp); start times are
    // exact here, so equality says it, and a sample taken at the very start with counter 0 counts).
    if (prev === undefined || prev.startTime !== last.startTime) return false;
    prevTime = prev.time;
    prevCumulative = prev.cumulative;
  }
  if (last.cumulative < prevCumulative) return false;
  const window = subMicros(s, prevTime);
  out.cpuMilli = averageCpuMilli(last.cumulative - prevCumulative, window);
  out.memoryBytes = last.memoryBytes;
  out.timestamp = s;
  out.window = window;
  return true;
}

/** Keeps each pod's recent samples (one window's worth) and answers the metrics API. */
export class MetricsServer {
  private readonly samples = new Map<string, UsageSample[]>();

  constructor(readonly settings: MetricsPipelineSettings = PRODUCT_SPEC_METRICS_PIPELINE) {
    validateMetricsPipeline(settings);
  }

  /** Records the scrape of `pod` (call at scrape times, for running pods only, in time order). */
  record(pod: string, sample: UsageSample): void {
    let list = this.samples.get(pod);
    if (list === undefined) {
      list = [];
      this.samples.set(pod, list);
    }
    const prev = list[list.length - 1];
    if (prev !== undefined && !(sample.time > prev.time)) throw new Error(`metrics: sample for ${pod} at ${sample.time} is not after ${prev.time}`);
    list.push(sample);
    const horizon = sample.time - this.settings.window;
    let drop = 0;
    while (drop < list.length && list[drop].time < horizon) drop++;
    if (drop > 0) list.splice(0, drop);
  }

  /** What metrics.k8s.io serves for `pod` at `now` (null: the pod is absent from the API). */
  metric(pod: string, now: Micros): PodResourceMetric | null {
    const list = this.samples.get(pod);
    return list === undefined ? null : podMetricAt(list, now, this.settings);
  }

  /** Forgets a deleted pod. */
  forget(pod: string): void {
    this.samples.delete(pod);
  }
}
