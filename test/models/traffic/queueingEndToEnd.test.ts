/**
 * Queueing theory through the whole simulation (loader-shaped scenario, Service, Traffic, kubelet, request server,
 * outcomes): a pod with c FIFO slots fed by Poisson arrivals with exponential work is an M/M/c queue, so its mean
 * wait must be within 3 % of the Erlang C value, and one slot's mean latency within 3 % of 1/(μ − λ).
 * Measurement: waits are latency minus service; the mean service is the pod's exact CPU integral over the requests
 * served (each slot runs at 1000m: service µs = work / 1000). Warm-up: requests sent in the first 1,000 s are left
 * out. Run lengths and the 3 % tolerance follow test/models/traffic/queueing.test.ts (≥ 4.5 standard errors at these
 * loads); each case also checks its own batch-means standard error so the tolerance stays meaningful.
 */
import { addMicros, seconds, US_PER_SECOND, type Micros } from '../../../engine/time';
import type { Recorder, RequestRecord } from '../../../models/recorder';
import { Simulation } from '../../../models/simulation';
import { behavior, pod, scenario, service, traffic } from '../../support/build';

const WARMUP: Micros = seconds(1_000);
const BATCHES = 40;

/** Keeps only running sums of the successes' latencies, per batch of sending time. */
class LatencySums implements Recorder {
  readonly sums = new Float64Array(BATCHES);
  readonly counts = new Float64Array(BATCHES);
  constructor(private readonly end: Micros) {}
  pod(): void {}
  event(): void {}
  node(): void {}
  workload(): void {}
  request(r: RequestRecord): void {
    const sent = r.time - r.latency;
    if (r.outcome !== 'success' || sent < WARMUP) return;
    const b = Math.min(BATCHES - 1, Math.floor(((sent - WARMUP) * BATCHES) / (this.end - WARMUP)));
    this.sums[b] += r.latency;
    this.counts[b]++;
  }
}

/** Erlang C: the probability that an arrival waits in an M/M/c queue with offered load a = λ/μ. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1; // k = 0
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const top = ((term * a) / c) * (c / (c - a)); // a^c / c! · c / (c − a)
  return top / (sum + top);
}

function mmc(o: { lambda: number; mu: number; slots: number; customers: number; seed: string }) {
  const end = addMicros(WARMUP, seconds(o.customers / o.lambda));
  const s = scenario({
    seed: o.seed,
    duration: end,
    pods: [pod('a', { app: 'q' })],
    behaviors: [behavior({ app: 'q' }, { serving: { discipline: 'FIFO', concurrency: o.slots, queueLimit: Infinity, perRequestMilli: 1000 } })],
    services: [service('q', { app: 'q' })],
    traffic: [traffic('t', 'q', o.lambda, 0, { arrivals: 'poisson', cpu: { kind: 'exponential', mean: seconds(1 / o.mu) } })],
  });
  const rec = new LatencySums(end);
  const sim = new Simulation(s, rec, { traceRequestsEvery: 1 });
  sim.runUntil(end);
  const u = [...sim.traffic.pods.values()][0];
  const served = sim.services.list[0].stats.totals.success;
  // Mean service (µs) over every request served, warm-up included: the CPU integral counts each request's work
  // (the few still in service at the end add < 10⁻⁵ relative).
  const meanService = u.totalUsage(end) / 1000 / served;
  const n = rec.counts.reduce((a, b) => a + b, 0);
  const meanLatency = rec.sums.reduce((a, b) => a + b, 0) / n;
  const batch = Array.from(rec.sums, (x, i) => x / rec.counts[i]);
  const sd = Math.sqrt(batch.reduce((a, m) => a + (m - meanLatency) ** 2, 0) / (BATCHES - 1));
  return { meanLatency, meanWait: meanLatency - meanService, seLatency: sd / Math.sqrt(BATCHES), n };
}

test('M/M/2 (one pod, two FIFO slots, ρ = 0.5): mean wait within 3 % of Erlang C', () => {
  // λ = 10/s, μ = 10/s per slot (100 ms of a core), c = 2: a = 1, C(2, 1) = (1/2·2)/(1 + 1 + 1) = 1/3,
  // Wq = C / (cμ − λ) = (1/3)/10 s = 33.33 ms.
  const lambda = 10;
  const mu = 10;
  const expected = (erlangC(2, lambda / mu) / (2 * mu - lambda)) * US_PER_SECOND; // s → real-valued µs
  expect(expected).toBeCloseTo(33_333.33, 1);
  const r = mmc({ lambda, mu, slots: 2, customers: 1_200_000, seed: 'mm2' });
  expect(r.n).toBeGreaterThan(1_150_000);
  expect(Math.abs(r.meanWait - expected) / expected).toBeLessThan(0.03);
  // The wait is the latency less a known mean service: its error is the latency's, relative to the smaller wait.
  expect((3 * r.seLatency) / expected).toBeLessThan(0.03);
});

test('M/M/1 (one slot, ρ = 0.5): mean latency within 3 % of 1/(μ − λ)', () => {
  // λ = 5/s, μ = 10/s: W = 1/(10 − 5) s = 200 ms.
  const r = mmc({ lambda: 5, mu: 10, slots: 1, customers: 300_000, seed: 'mm1' });
  const expected = (1 / (10 - 5)) * US_PER_SECOND; // s → real-valued µs
  expect(Math.abs(r.meanLatency - expected) / expected).toBeLessThan(0.03);
  expect((3 * r.seLatency) / expected).toBeLessThan(0.03);
});
