/**
 * One Service's request counters: per sample interval (client requests, their client-visible successes and errors
 * by kind, a latency histogram from hdr-histogram-js, and the attempts behind them: retries, refused retries, failed
 * attempts) and since the start (arrivals and attempts, for the metrics pipeline). Counts only; never formats,
 * never reads the clock.
 */
import { build, type JsHistogram } from 'hdr-histogram-js';
import { micros, ZERO, type Micros } from '../../engine/time';
import type { ServiceInterval } from '../recorder';
import { LatencyTally } from './latencyTally';
import { valuesAtPercentiles } from './latencyPercentiles';

/** services.csv's percentiles: p50, p95, p99. */
const PERCENTILES: readonly number[] = [50, 95, 99];

/** How a request ended, as the client saw it. */
export type RequestOutcome = 'success' | 'timeout' | 'rejected' | 'no_endpoints' | 'failed';

/** Outcomes since the start of the run. */
export interface ServiceTotals {
  arrivals: number;
  success: number;
  timeout: number;
  rejected: number;
  no_endpoints: number;
  failed: number;
}

export class ServiceStats {
  /** @param sloLatency the scenario's latency SLO (µs), or null: successes slower than it are counted apart. */
  constructor(private readonly sloLatency: Micros | null = null) {}

  /**
   * Called before any outcome figure is read (totals, latencySum, takeInterval): the traffic model settles the
   * successes it has not told yet (its lone completions without an event, whose time has passed; issue #13).
   */
  beforeRead: (() => void) | undefined = undefined;
  private readonly counts: ServiceTotals = { arrivals: 0, success: 0, timeout: 0, rejected: 0, no_endpoints: 0, failed: 0 };
  private sum = 0;
  private arrivals = 0;
  private completed = 0;
  private timeout = 0;
  private rejected = 0;
  private noEndpoints = 0;
  private failed = 0;
  private attempts = 0;
  private attemptsTotal = 0;
  private retries = 0;
  private retriesRefused = 0;
  private attemptErrors = 0;
  private max: Micros = ZERO;
  private overSlo = 0;
  /** 3 significant digits: a percentile is within 0.1 % of the true order statistic. */
  private readonly latency = build({ bitBucketSize: 32, autoResize: true, lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 }) as JsHistogram;
  /** takeInterval's percentiles, filled by one walk over the histogram. */
  private readonly percentiles: number[] = [0, 0, 0];
  /** Successes' latencies counted per histogram bucket, handed to `latency` once per interval (same counts, far cheaper). */
  private readonly tally = new LatencyTally(this.latency);

  /** Arrivals (503s included) and outcomes since the start. */
  get totals(): ServiceTotals {
    this.beforeRead?.();
    return this.counts;
  }

  /** Σ latency of the successes since the start, µs (fluid mode: the model's mean × successes): the mean latency. */
  get latencySum(): number {
    this.beforeRead?.();
    return this.sum;
  }

  /**
   * Attempts that reached the Service since the start (503s included): the request count a metrics pipeline sees
   * (every retry is a request to the Service). Without retries, the client requests.
   */
  get arrivalsTotal(): number {
    return this.attemptsTotal;
  }

  /** A client sent a new request (its first attempt is counted by attempted()). */
  arrived(): void {
    this.arrivals++;
    this.counts.arrivals++;
  }

  /** An attempt (first or retry) reaches the Service. */
  attempted(): void {
    this.attempts++;
    this.attemptsTotal++;
  }

  /** A retry is sent (after its backoff); attempted() counts it too. */
  retried(): void {
    this.retries++;
  }

  /** A failed attempt the retry budget kept from being retried. */
  retryRefused(): void {
    this.retriesRefused++;
  }

  /** An attempt ended in an error (retried or not). */
  attemptFailed(): void {
    this.attemptErrors++;
  }

  succeeded(latency: Micros): void {
    this.completed++;
    this.counts.success++;
    this.sum += latency;
    if (latency > this.max) this.max = latency;
    if (this.sloLatency !== null && latency > this.sloLatency) this.overSlo++;
    // HdrHistogram's lowest discernible value is 1 µs; a 0 µs latency is recorded as 0 all the same.
    this.tally.record(latency);
  }

  errored(outcome: Exclude<RequestOutcome, 'success'>): void {
    this.counts[outcome]++;
    switch (outcome) {
      case 'timeout':
        this.timeout++;
        return;
      case 'rejected':
        this.rejected++;
        return;
      case 'no_endpoints':
        this.noEndpoints++;
        return;
      case 'failed':
        this.failed++;
        return;
    }
  }

  /** Fluid mode: `count` arrivals or errors of one kind at once (models/traffic/fluid). */
  fluidCount(kind: 'arrivals' | Exclude<RequestOutcome, 'success'>, count: number): void {
    if (count <= 0) return;
    if (kind === 'arrivals') {
      this.arrivals += count;
      this.counts.arrivals += count;
      return;
    }
    this.counts[kind] += count;
    if (kind === 'timeout') this.timeout += count;
    else if (kind === 'rejected') this.rejected += count;
    else if (kind === 'no_endpoints') this.noEndpoints += count;
    else this.failed += count;
  }

  /**
   * Fluid mode: `count` successes of the same latency (µs), a point of the model's response-time law for the
   * histogram; the mean goes to latencySum through fluidLatencySum.
   */
  fluidSuccesses(latency: Micros, count: number): void {
    if (count <= 0) return;
    this.completed += count;
    this.counts.success += count;
    if (latency > this.max) this.max = latency;
    if (this.sloLatency !== null && latency > this.sloLatency) this.overSlo += count;
    this.tally.recordCount(latency, count);
  }

  /** Fluid mode: adds the successes' total latency (µs, the model's exact mean × their number). */
  fluidLatencySum(micros: number): void {
    this.sum += micros;
  }

  /** The interval's figures; the interval counters and the histogram start again from zero. */
  takeInterval(): ServiceInterval {
    this.beforeRead?.();
    const n = this.completed;
    if (n > 0) this.tally.flush();
    const q = this.percentiles;
    if (n > 0) valuesAtPercentiles(this.latency, PERCENTILES, q);
    // The histogram holds whole µs; a bucket's highest equivalent value may lie above the interval's true maximum.
    const pct = (k: number): Micros | undefined => (n === 0 ? undefined : q[k] < this.max ? micros(q[k]) : this.max);
    const out: ServiceInterval = {
      arrivals: this.arrivals,
      completed: n,
      timeout: this.timeout,
      rejected: this.rejected,
      noEndpoints: this.noEndpoints,
      failed: this.failed,
      p50: pct(0),
      p95: pct(1),
      p99: pct(2),
      max: n === 0 ? undefined : this.max,
      overSlo: this.sloLatency === null ? undefined : this.overSlo,
      attempts: this.attempts,
      retries: this.retries,
      retriesRefused: this.retriesRefused,
      attemptErrors: this.attemptErrors,
    };
    this.arrivals = this.completed = this.timeout = this.rejected = this.noEndpoints = this.failed = this.overSlo = 0;
    this.attempts = this.retries = this.retriesRefused = this.attemptErrors = 0;
    this.max = ZERO;
    if (n > 0) this.latency.reset();
    return out;
  }
}
