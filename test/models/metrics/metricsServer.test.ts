/**
 * The metrics pipeline: rounding (nanocore truncation, then MilliValue's ceiling), the window average of a usage
 * step, first value only after a full window, refresh at the resolution, the metrics-server preset with its
 * fresh-container rule, restarts, and an end-to-end check from a PodServer's usage integral.
 * Usage is in millicore-µs (= CPU ns); S = one second in µs.
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

const S = 1_000_000;
const SPEC = PRODUCT_SPEC_METRICS_PIPELINE;
const MS15 = METRICS_SERVER_PIPELINE;

/** Samples every 15 s from `from` to `to` (inclusive) of a usage function u(t) (mcµs since `start`). */
function samples(start: number, from: number, to: number, u: (t: number) => number, step = 15 * S): UsageSample[] {
  const out: UsageSample[] = [];
  for (let t = from; t <= to; t += step) out.push({ time: t, startTime: start, cumulative: u(t), memoryBytes: 1_000 + t / S });
  return out;
}

/** Constant usage of `milli` millicores since `start`. */
const steady = (milli: number, start = 0) => (t: number) => milli * (t - start);

describe('presets and scrape times', () => {
  it('the product spec: 60 s window refreshed every 15 s; metrics-server: 15 s / 15 s with the 10 s fresh rule', () => {
    expect(SPEC).toEqual({ window: 60 * S, resolution: 15 * S, offset: 0, freshContainerMinResolution: null });
    expect(MS15).toEqual({ window: 15 * S, resolution: 15 * S, offset: 0, freshContainerMinResolution: 10 * S });
    expect(METRICS_PIPELINE_PRESETS.spec).toBe(SPEC);
    expect(METRICS_PIPELINE_PRESETS['metrics-server']).toBe(MS15);
  });
  it.each([
    { now: 0, before: 0, after: 0 },
    { now: 1, before: 0, after: 15 * S },
    { now: 15 * S - 1, before: 0, after: 15 * S },
    { now: 15 * S, before: 15 * S, after: 15 * S },
    { now: 74 * S, before: 60 * S, after: 75 * S },
  ])('scrapes around $now µs: ≤ $before, ≥ $after', ({ now, before, after }) => {
    expect(scrapeTimeAtOrBefore(now, SPEC)).toBe(before);
    expect(scrapeTimeAtOrAfter(now, SPEC)).toBe(after);
  });
  it('an offset shifts the scrape grid; before the first scrape there is none', () => {
    const s: MetricsPipelineSettings = { ...SPEC, offset: 5 * S };
    expect(scrapeTimeAtOrBefore(4 * S, s)).toBe(-Infinity);
    expect(scrapeTimeAtOrBefore(21 * S, s)).toBe(20 * S);
    expect(scrapeTimeAtOrAfter(0, s)).toBe(5 * S);
  });
  it.each([
    { s: { ...SPEC, window: 50 * S }, error: /not a multiple/ },
    { s: { ...SPEC, resolution: 0 }, error: /positive integer/ },
    { s: { ...SPEC, offset: 15 * S }, error: /offset/ },
    { s: { ...MS15, freshContainerMinResolution: 0 }, error: /fresh/ },
  ])('rejects inconsistent settings', ({ s, error }) => {
    expect(() => validateMetricsPipeline(s)).toThrow(error);
  });
});

describe('averageCpuMilli (metrics-server nanocores, then Quantity.MilliValue)', () => {
  it.each([
    { id: '500m for 60 s', ns: 500 * 60 * S, window: 60 * S, milli: 500 },
    { id: 'nothing', ns: 0, window: 15 * S, milli: 0 },
    { id: '250.5m rounds up to 251m', ns: 250.5 * 60 * S, window: 60 * S, milli: 251 },
    // 1 ns over 60 s is 0.0167 nanocores: truncated to 0 nanocores → 0m, not rounded up to 1m.
    { id: '1 ns over 60 s truncates to 0', ns: 1, window: 60 * S, milli: 0 },
    // 250m + 1 ns: 250 000 000.0167 nanocores → 250 000 000 → exactly 250m.
    { id: '250m plus 1 ns stays 250m', ns: 250 * 60 * S + 1, window: 60 * S, milli: 250 },
    // 1 nanocore over the exact value → 250 000 001 nanocores → ⌈250.000001⌉ = 251m.
    { id: '250m plus one nanocore rounds up', ns: 250 * 60 * S + 60, window: 60 * S, milli: 251 },
    { id: '64 cores for 15 s (large values stay exact)', ns: 64_000 * 15 * S, window: 15 * S, milli: 64_000 },
    { id: 'an odd window: 12 s at 333m', ns: 333 * 12 * S, window: 12 * S, milli: 333 },
  ])('$id → $milli m', ({ ns, window, milli }) => {
    expect(averageCpuMilli(ns, window)).toBe(milli);
  });
  it('rejects negative usage and non-integer input', () => {
    expect(() => averageCpuMilli(-1, S)).toThrow();
    expect(() => averageCpuMilli(1.5, S)).toThrow();
    expect(() => averageCpuMilli(1, 0)).toThrow();
  });
});

describe('podMetricAt, product-spec window (60 s)', () => {
  it('the window average of a usage step is exact', () => {
    // 0m on [0, 30 s), 1000m from 30 s: at scrape 60 the window [0, 60] holds 30 s at 1000m → 500m;
    // at 75: [15, 75] holds 45 s → 750m; at 90: [30, 90] → 1000m.
    const u = (t: number) => (t <= 30 * S ? 0 : 1_000 * (t - 30 * S));
    const ss = samples(0, 0, 90 * S, u);
    expect(podMetricAt(ss, 60 * S, SPEC)).toEqual({ cpuMilli: 500, memoryBytes: 1_060, timestamp: 60 * S, window: 60 * S });
    expect(podMetricAt(ss, 75 * S, SPEC)?.cpuMilli).toBe(750);
    expect(podMetricAt(ss, 90 * S, SPEC)?.cpuMilli).toBe(1_000);
  });
  it('a pod started at 0 has its first value at 60 s, not before', () => {
    const ss = samples(0, 0, 90 * S, steady(400));
    for (const now of [0, 15 * S, 45 * S, 60 * S - 1]) expect(podMetricAt(ss, now, SPEC)).toBeNull();
    expect(podMetricAt(ss, 60 * S, SPEC)?.cpuMilli).toBe(400);
  });
  it('a pod started at 7 s (first scraped at 15 s) has its first value at 75 s, after 68 s of running', () => {
    const ss = samples(7 * S, 15 * S, 90 * S, steady(400, 7 * S));
    expect(podMetricAt(ss, 74 * S, SPEC)).toBeNull();
    expect(podMetricAt(ss, 75 * S, SPEC)).toEqual({ cpuMilli: 400, memoryBytes: 1_075, timestamp: 75 * S, window: 60 * S });
  });
  it('is refreshed only at scrapes: between them the last scrape’s value is served', () => {
    const u = (t: number) => (t <= 60 * S ? 200 * t : 200 * 60 * S + 800 * (t - 60 * S));
    const ss = samples(0, 0, 90 * S, u);
    expect(podMetricAt(ss, 74_999_999, SPEC)?.cpuMilli).toBe(200); // scrape 60: [0, 60] at 200m
    expect(podMetricAt(ss, 75 * S, SPEC)?.cpuMilli).toBe(350); // [15, 75]: 45 s at 200 + 15 s at 800 = 21 000 / 60
    expect(podMetricAt(ss, 75 * S, SPEC)?.timestamp).toBe(75 * S);
  });
  it('a pod missing from the latest scrape (stopped, deleted) has no metric', () => {
    const ss = samples(0, 0, 60 * S, steady(100));
    expect(podMetricAt(ss, 74 * S, SPEC)?.cpuMilli).toBe(100);
    expect(podMetricAt(ss, 75 * S, SPEC)).toBeNull();
  });
  it('a restart inside the window (new start time) gives no value until a full window of the new instance', () => {
    const before = samples(0, 0, 30 * S, steady(100));
    const after = samples(40 * S, 45 * S, 120 * S, steady(300, 40 * S));
    const ss = [...before, ...after];
    expect(podMetricAt(ss, 60 * S, SPEC)).toBeNull(); // the sample at 0 is the old instance
    expect(podMetricAt(ss, 104 * S, SPEC)).toBeNull(); // scrape 90: the sample at 30 is the old instance
    expect(podMetricAt(ss, 105 * S, SPEC)?.cpuMilli).toBe(300); // [45, 105], all the new instance
  });
  it('a decreasing counter gives no value', () => {
    const ss: UsageSample[] = [
      { time: 0, startTime: 0, cumulative: 500, memoryBytes: 0 },
      { time: 60 * S, startTime: 0, cumulative: 400, memoryBytes: 0 },
    ];
    expect(podMetricAt(ss, 60 * S, SPEC)).toBeNull();
  });
});

describe('podMetricAt, metrics-server preset (15 s, fresh-container rule)', () => {
  it('a container started 12 s before a scrape is averaged from its start (window 12 s)', () => {
    // Started at 3 s: at scrape 15, 15 − 3 = 12 ∈ [10, 15) → prev = (3 s, 0), window 12 s.
    const ss = samples(3 * S, 15 * S, 30 * S, steady(600, 3 * S));
    expect(podMetricAt(ss, 15 * S, MS15)).toEqual({ cpuMilli: 600, memoryBytes: 1_015, timestamp: 15 * S, window: 12 * S });
    expect(podMetricAt(ss, 30 * S, MS15)).toEqual({ cpuMilli: 600, memoryBytes: 1_030, timestamp: 30 * S, window: 15 * S });
  });
  it('a container started 8 s before its first scrape waits for the next scrape (two samples)', () => {
    // Started at 7 s: at 15, 8 s < 10 s → no fresh point and no earlier sample → none; at 30: [15, 30].
    const ss = samples(7 * S, 15 * S, 30 * S, steady(600, 7 * S));
    expect(podMetricAt(ss, 15 * S, MS15)).toBeNull();
    expect(podMetricAt(ss, 30 * S, MS15)?.window).toBe(15 * S);
  });
  it('the window is the last two scrapes: a usage step shows up fully one scrape later', () => {
    const u = (t: number) => (t <= 30 * S ? 100 * t : 100 * 30 * S + 900 * (t - 30 * S));
    const ss = samples(0, 0, 60 * S, u);
    expect(podMetricAt(ss, 30 * S, MS15)?.cpuMilli).toBe(100);
    expect(podMetricAt(ss, 45 * S, MS15)?.cpuMilli).toBe(900);
  });
});

describe('MetricsServer store', () => {
  it('keeps one window of samples per pod, serves metrics, forgets pods', () => {
    const m = new MetricsServer();
    for (const s of samples(0, 0, 300 * S, steady(250))) m.record('default/web-1', s);
    expect(m.metric('default/web-1', 300 * S)).toEqual({ cpuMilli: 250, memoryBytes: 1_300, timestamp: 300 * S, window: 60 * S });
    expect(m.metric('default/other', 300 * S)).toBeNull();
    m.forget('default/web-1');
    expect(m.metric('default/web-1', 300 * S)).toBeNull();
  });
  it('rejects samples out of time order', () => {
    const m = new MetricsServer(MS15);
    m.record('p', { time: 15 * S, startTime: 0, cumulative: 0, memoryBytes: 0 });
    expect(() => m.record('p', { time: 15 * S, startTime: 0, cumulative: 0, memoryBytes: 0 })).toThrow(/not after/);
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
    let nextArrival = 0;
    let id = 0;
    const seen: (number | undefined)[] = [];
    for (let scrape = 0; scrape <= 120 * S; scrape += 15 * S) {
      while (nextArrival <= scrape) {
        server.complete(nextArrival);
        server.arrive({ id: id++, work: 100 * 1_000_000, memoryBytes: 0 }, nextArrival);
        nextArrival += 200_000;
      }
      server.complete(scrape);
      m.record('web-1', { time: scrape, startTime: 0, cumulative: server.usageIntegral(scrape), memoryBytes: server.memoryBytes });
      seen.push(m.metric('web-1', scrape)?.cpuMilli);
    }
    // Scrapes 0, 15, 30, 45: no full window yet; from 60 s on, every window holds exactly 300 requests' work.
    expect(seen).toEqual([undefined, undefined, undefined, undefined, 500, 500, 500, 500, 500]);
  });
});
