/**
 * The metrics pipeline: rounding (nanocore truncation, then MilliValue's ceiling), the window average of a usage
 * step, first value only after a full window, refresh at the resolution, the metrics-server preset with its
 * fresh-container rule, restarts, and an end-to-end check from a PodServer's usage integral.
 * Usage is in millicore-µs (= CPU ns); times are Micros, written with seconds().
 */
import {
  averageCpuMilli,
  METRICS_PIPELINE_PRESETS,
  METRICS_SERVER_PIPELINE,
  MetricsServer,
  podMetricAt,
  PRODUCT_SPEC_METRICS_PIPELINE,
  scrapeTimeAtOrAfter,
  scrapeTimeAtOrBefore,
  validateMetricsPipeline,
  type MetricsPipelineSettings,
  type UsageSample,
} from '../../../models/metrics/metricsServer';
import { DEFAULT_POD_SERVER_SETTINGS, PodServer, type ServedRequest } from '../../../models/traffic/podServer';
import { addMicros, micros, milliseconds, seconds, subMicros, toSeconds, ZERO, type Micros } from '../../../engine/time';

const SPEC = PRODUCT_SPEC_METRICS_PIPELINE;
const MS15 = METRICS_SERVER_PIPELINE;

/** Samples every 15 s from `from` to `to` (inclusive) of a usage function u(t) (mcµs since `start`). */
function samples(start: Micros, from: Micros, to: Micros, u: (t: Micros) => number, step = seconds(15)): UsageSample[] {
  const out: UsageSample[] = [];
  for (let t = from; t <= to; t = addMicros(t, step)) out.push({ time: t, startTime: start, cumulative: u(t), memoryBytes: 1_000 + toSeconds(t) });
  return out;
}

/** Constant usage of `milli` millicores since `start`. */
const steady = (milli: number, start = ZERO) => (t: Micros) => milli * (t - start);

describe('presets and scrape times', () => {
  it('the product spec: 60 s window refreshed every 15 s; metrics-server: 15 s / 15 s with the 10 s fresh rule', () => {
    expect(SPEC).toEqual({ window: seconds(60), resolution: seconds(15), offset: 0, freshContainerMinResolution: null });
    expect(MS15).toEqual({ window: seconds(15), resolution: seconds(15), offset: 0, freshContainerMinResolution: seconds(10) });
    expect(METRICS_PIPELINE_PRESETS.spec).toBe(SPEC);
    expect(METRICS_PIPELINE_PRESETS['metrics-server']).toBe(MS15);
  });
  it.each([
    { now: ZERO, before: ZERO, after: ZERO },
    { now: micros(1), before: ZERO, after: seconds(15) },
    { now: subMicros(seconds(15), micros(1)), before: ZERO, after: seconds(15) },
    { now: seconds(15), before: seconds(15), after: seconds(15) },
    { now: seconds(74), before: seconds(60), after: seconds(75) },
  ])('scrapes around $now µs: ≤ $before, ≥ $after', ({ now, before, after }) => {
    expect(scrapeTimeAtOrBefore(now, SPEC)).toBe(before);
    expect(scrapeTimeAtOrAfter(now, SPEC)).toBe(after);
  });
  it('an offset shifts the scrape grid; before the first scrape there is none', () => {
    const s: MetricsPipelineSettings = { ...SPEC, offset: seconds(5) };
    expect(scrapeTimeAtOrBefore(seconds(4), s)).toBe(-Infinity);
    expect(scrapeTimeAtOrBefore(seconds(21), s)).toBe(seconds(20));
    expect(scrapeTimeAtOrAfter(ZERO, s)).toBe(seconds(5));
  });
  it.each([
    { s: { ...SPEC, window: seconds(50) }, error: /not a multiple/ },
    { s: { ...SPEC, resolution: ZERO }, error: /positive integer/ },
    { s: { ...SPEC, offset: seconds(15) }, error: /offset/ },
    { s: { ...MS15, freshContainerMinResolution: ZERO }, error: /fresh/ },
  ])('rejects inconsistent settings', ({ s, error }) => {
    expect(() => validateMetricsPipeline(s)).toThrow(error);
  });
});

describe('averageCpuMilli (metrics-server nanocores, then Quantity.MilliValue)', () => {
  it.each([
    { id: '500m for 60 s', ns: 500 * seconds(60), window: seconds(60), milli: 500 },
    { id: 'nothing', ns: 0, window: seconds(15), milli: 0 },
    { id: '250.5m rounds up to 251m', ns: 250.5 * seconds(60), window: seconds(60), milli: 251 },
    // 1 ns over 60 s is 0.0167 nanocores: truncated to 0 nanocores → 0m, not rounded up to 1m.
    { id: '1 ns over 60 s truncates to 0', ns: 1, window: seconds(60), milli: 0 },
    // 250m + 1 ns: 250 000 000.0167 nanocores → 250 000 000 → exactly 250m.
    { id: '250m plus 1 ns stays 250m', ns: 250 * seconds(60) + 1, window: seconds(60), milli: 250 },
    // 1 nanocore over the exact value → 250 000 001 nanocores → ⌈250.000001⌉ = 251m.
    { id: '250m plus one nanocore rounds up', ns: 250 * seconds(60) + 60, window: seconds(60), milli: 251 },
    { id: '64 cores for 15 s (large values stay exact)', ns: 64_000 * seconds(15), window: seconds(15), milli: 64_000 },
    { id: 'an odd window: 12 s at 333m', ns: 333 * seconds(12), window: seconds(12), milli: 333 },
  ])('$id → $milli m', ({ ns, window, milli }) => {
    expect(averageCpuMilli(ns, window)).toBe(milli);
  });
  it('rejects negative usage and non-integer input', () => {
    expect(() => averageCpuMilli(-1, seconds(1))).toThrow();
    expect(() => averageCpuMilli(1.5, seconds(1))).toThrow();
    expect(() => averageCpuMilli(1, ZERO)).toThrow();
  });
});

describe('podMetricAt, product-spec window (60 s)', () => {
  it('the window average of a usage step is exact', () => {
    // 0m on [0, 30 s), 1000m from 30 s: at scrape 60 the window [0, 60] holds 30 s at 1000m → 500m;
    // at 75: [15, 75] holds 45 s → 750m; at 90: [30, 90] → 1000m.
    const u = (t: number) => (t <= seconds(30) ? 0 : 1_000 * (t - seconds(30)));
    const ss = samples(ZERO, ZERO, seconds(90), u);
    expect(podMetricAt(ss, seconds(60), SPEC)).toEqual({ cpuMilli: 500, memoryBytes: 1_060, timestamp: seconds(60), window: seconds(60) });
    expect(podMetricAt(ss, seconds(75), SPEC)?.cpuMilli).toBe(750);
    expect(podMetricAt(ss, seconds(90), SPEC)?.cpuMilli).toBe(1_000);
  });
  it('a pod started at 0 has its first value at 60 s, not before', () => {
    const ss = samples(ZERO, ZERO, seconds(90), steady(400));
    for (const now of [ZERO, seconds(15), seconds(45), subMicros(seconds(60), micros(1))]) expect(podMetricAt(ss, now, SPEC)).toBeNull();
    expect(podMetricAt(ss, seconds(60), SPEC)?.cpuMilli).toBe(400);
  });
  it('a pod started at 7 s (first scraped at 15 s) has its first value at 75 s, after 68 s of running', () => {
    const ss = samples(seconds(7), seconds(15), seconds(90), steady(400, seconds(7)));
    expect(podMetricAt(ss, seconds(74), SPEC)).toBeNull();
    expect(podMetricAt(ss, seconds(75), SPEC)).toEqual({ cpuMilli: 400, memoryBytes: 1_075, timestamp: seconds(75), window: seconds(60) });
  });
  it('is refreshed only at scrapes: between them the last scrape’s value is served', () => {
    const u = (t: number) => (t <= seconds(60) ? 200 * t : 200 * seconds(60) + 800 * (t - seconds(60)));
    const ss = samples(ZERO, ZERO, seconds(90), u);
    expect(podMetricAt(ss, micros(74_999_999), SPEC)?.cpuMilli).toBe(200); // scrape 60: [0, 60] at 200m
    expect(podMetricAt(ss, seconds(75), SPEC)?.cpuMilli).toBe(350); // [15, 75]: 45 s at 200 + 15 s at 800 = 21 000 / 60
    expect(podMetricAt(ss, seconds(75), SPEC)?.timestamp).toBe(seconds(75));
  });
  it('a pod missing from the latest scrape (stopped, deleted) has no metric', () => {
    const ss = samples(ZERO, ZERO, seconds(60), steady(100));
    expect(podMetricAt(ss, seconds(74), SPEC)?.cpuMilli).toBe(100);
    expect(podMetricAt(ss, seconds(75), SPEC)).toBeNull();
  });
  it('a restart inside the window (new start time) gives no value until a full window of the new instance', () => {
    const before = samples(ZERO, ZERO, seconds(30), steady(100));
    const after = samples(seconds(40), seconds(45), seconds(120), steady(300, seconds(40)));
    const ss = [...before, ...after];
    expect(podMetricAt(ss, seconds(60), SPEC)).toBeNull(); // the sample at 0 is the old instance
    expect(podMetricAt(ss, seconds(104), SPEC)).toBeNull(); // scrape 90: the sample at 30 is the old instance
    expect(podMetricAt(ss, seconds(105), SPEC)?.cpuMilli).toBe(300); // [45, 105], all the new instance
  });
  it('a decreasing counter gives no value', () => {
    const ss: UsageSample[] = [
      { time: ZERO, startTime: ZERO, cumulative: 500, memoryBytes: 0 },
      { time: seconds(60), startTime: ZERO, cumulative: 400, memoryBytes: 0 },
    ];
    expect(podMetricAt(ss, seconds(60), SPEC)).toBeNull();
  });
});

describe('podMetricAt, metrics-server preset (15 s, fresh-container rule)', () => {
  it('a container started 12 s before a scrape is averaged from its start (window 12 s)', () => {
    // Started at 3 s: at scrape 15, 15 − 3 = 12 ∈ [10, 15) → prev = (3 s, 0), window 12 s.
    const ss = samples(seconds(3), seconds(15), seconds(30), steady(600, seconds(3)));
    expect(podMetricAt(ss, seconds(15), MS15)).toEqual({ cpuMilli: 600, memoryBytes: 1_015, timestamp: seconds(15), window: seconds(12) });
    expect(podMetricAt(ss, seconds(30), MS15)).toEqual({ cpuMilli: 600, memoryBytes: 1_030, timestamp: seconds(30), window: seconds(15) });
  });
  it('a container started 8 s before its first scrape waits for the next scrape (two samples)', () => {
    // Started at 7 s: at 15, 8 s < 10 s → no fresh point and no earlier sample → none; at 30: [15, 30].
    const ss = samples(seconds(7), seconds(15), seconds(30), steady(600, seconds(7)));
    expect(podMetricAt(ss, seconds(15), MS15)).toBeNull();
    expect(podMetricAt(ss, seconds(30), MS15)?.window).toBe(seconds(15));
  });
  it('the window is the last two scrapes: a usage step shows up fully one scrape later', () => {
    const u = (t: number) => (t <= seconds(30) ? 100 * t : 100 * seconds(30) + 900 * (t - seconds(30)));
    const ss = samples(ZERO, ZERO, seconds(60), u);
    expect(podMetricAt(ss, seconds(30), MS15)?.cpuMilli).toBe(100);
    expect(podMetricAt(ss, seconds(45), MS15)?.cpuMilli).toBe(900);
  });
});

describe('MetricsServer store', () => {
  it('keeps one window of samples per pod, serves metrics, forgets pods', () => {
    const m = new MetricsServer();
    for (const s of samples(ZERO, ZERO, seconds(300), steady(250))) m.record('default/web-1', s);
    expect(m.metric('default/web-1', seconds(300))).toEqual({ cpuMilli: 250, memoryBytes: 1_300, timestamp: seconds(300), window: seconds(60) });
    expect(m.metric('default/other', seconds(300))).toBeNull();
    m.forget('default/web-1');
    expect(m.metric('default/web-1', seconds(300))).toBeNull();
  });
  it('rejects samples out of time order', () => {
    const m = new MetricsServer(MS15);
    m.record('p', { time: seconds(15), startTime: ZERO, cumulative: 0, memoryBytes: 0 });
    expect(() => m.record('p', { time: seconds(15), startTime: ZERO, cumulative: 0, memoryBytes: 0 })).toThrow(/not after/);
  });
});

describe('end to end: PodServer usage integral → metrics', () => {
  it('a pod serving 100 ms of work every 200 ms shows exactly 500m', () => {
    // FIFO, one slot, 1000m: each request runs 100 ms at one core; 5 per second → 500m. In [0, 60 s] 300 complete.
    interface R extends ServedRequest {
      readonly id: number;
    }
    const server = new PodServer<R>({ ...DEFAULT_POD_SERVER_SETTINGS, discipline: 'FIFO', concurrency: 1, queueLimit: 10 }, 1_000, {
      completed: () => undefined,
      failed: () => undefined,
      memoryLimitExceeded: () => undefined,
    });
    const m = new MetricsServer(SPEC);
    let nextArrival = ZERO;
    let id = 0;
    const seen: (number | undefined)[] = [];
    for (let scrape = ZERO; scrape <= seconds(120); scrape = addMicros(scrape, seconds(15))) {
      while (nextArrival <= scrape) {
        server.complete(nextArrival);
        server.arrive({ id: id++, work: 100 * 1_000_000, memoryBytes: 0 }, nextArrival);
        nextArrival = addMicros(nextArrival, milliseconds(200));
      }
      server.complete(scrape);
      m.record('web-1', { time: scrape, startTime: ZERO, cumulative: server.usageIntegral(scrape), memoryBytes: server.memoryBytes });
      seen.push(m.metric('web-1', scrape)?.cpuMilli);
    }
    // Scrapes 0, 15, 30, 45: no full window yet; from 60 s on, every window holds exactly 300 requests' work.
    expect(seen).toEqual([undefined, undefined, undefined, undefined, 500, 500, 500, 500, 500]);
  });
});
