/**
 * Queueing theory through the PodServer on the real engine: M/M/c waits against Erlang C, M/M/1 latency against
 * 1/(μ − λ) (FIFO, and processor sharing, whose mean is the same), and random load balancing over c one-slot pods,
 * which is c independent M/M/1 queues, not M/M/c. A small event loop (arrival and completion events, one pending
 * completion per pod, cancelled and rescheduled when it moves) stands in for the integration that comes later.
 *
 * Why the 3 % tolerances are robust. Each estimate is a mean over N customers after a warm-up of 10 000 (from an
 * empty system; the relaxation time at ρ = 0.5 is ~10² customers, so the start-up bias is < 10⁻³ relative).
 * Customer waits are correlated, so the standard error is √(σ²_∞/N), with σ²_∞ the asymptotic variance constant
 * of the per-customer values. Relative to the squared mean, σ²_∞ is ≈ 9 for the M/M/1 sojourn time and ≈ 27 for
 * the M/M/1 wait at ρ = 0.5 (Daley 1968: ρ(2 + 5ρ − 4ρ² + ρ³)/(1 − ρ)⁴ / W² = 29), and ≈ 50 for the M/M/2 wait
 * at ρ = 0.5 (measured: 40–75 over a dozen seeds). So N = 300 000 gives a relative SE ≈ 0.55 % for the M/M/1
 * latency, N = 1 200 000 ≈ 0.65 % for the M/M/2 wait and N = 600 000 ≈ 0.67 % for the random-LB wait: 3 % is
 * ≥ 4.5 SE in every case, so a fresh seed would fail with probability below 10⁻⁵. Each case also measures its own SE by 40
 * batch means (batches of ≥ 7 500 customers, far longer than the correlation time, so nearly independent) and
 * asserts 3·SE < 3 %, so a run shortened enough to make the tolerance meaningless fails instead of passing by luck.
 * Discretisation: arrival times and work are rounded to the µs / mcµs (unbiased) and completions are rounded up to
 * the next µs (+0.5 µs on average), < 0.02 % of every mean here.
 */
import { Simulator, type EventKey } from '../../../engine/simulator';
import { Priority } from '../../../engine/priority';
import { createStream, exponential } from '../../../engine/random';
import { PoissonArrivals } from '../../../models/traffic/arrivals';
import { constantProfile } from '../../../models/traffic/profile';
import { DEFAULT_POD_SERVER_SETTINGS, PodServer, type PodServerSettings, type ServedRequest } from '../../../models/traffic/podServer';
import { RandomChoice } from '../../../models/service/random';
import { END_OF_TIME, US_PER_SECOND, ZERO } from '../../../engine/time';

// Hot-path globals as module constants: under Jest's vm sandbox each global lookup costs ~0.2 µs.
const INF = Number.POSITIVE_INFINITY;
const { max, round } = Math;

interface Req extends ServedRequest {
  readonly arrival: number;
}

interface QueueRun {
  /** Mean wait in queue (latency − service time), µs. */
  readonly meanWait: number;
  /** Mean latency (sojourn), µs. */
  readonly meanLatency: number;
  /** Batch-means standard errors of the two. */
  readonly seWait: number;
  readonly seLatency: number;
}

/**
 * Poisson arrivals at `lambda`/s, exponential work with mean 1/`mu` s of one core, `pods` servers behind a Random
 * load balancer, each with `settings` and `capacity` millicores.
 */
function simulate(o: { seed: number; lambda: number; mu: number; pods: number; settings: PodServerSettings; capacity: number; customers: number }): QueueRun {
  const WARMUP = 10_000;
  const BATCHES = 40;
  const perBatch = Math.floor(o.customers / BATCHES);
  const sim = new Simulator();
  const arrivals = new PoissonArrivals(constantProfile(o.lambda), createStream(o.seed, 'traffic/arrivals'));
  const work = createStream(o.seed, 'traffic/work');
  const uWork = (): number => work.next();
  const lbStream = createStream(o.seed, 'service/lb');
  const lb = new RandomChoice<number>(() => lbStream.next());
  const meanWork = (1_000 * US_PER_SECOND) / o.mu; // mcµs: 1000m for 1/μ s

  let done = 0;
  let sumWait = 0;
  let sumLatency = 0;
  let bWait = 0;
  let bLatency = 0;
  let bCount = 0;
  const batchWait: number[] = [];
  const batchLatency: number[] = [];

  const servers: PodServer<Req>[] = [];
  const pendingKey: EventKey[] = [];
  const pendingAt: number[] = [];
  const completion = sim.register<number>('completion', (i) => {
    pendingAt[i] = INF;
    servers[i].complete(sim.now);
    reschedule(i);
  });
  /** Keeps exactly one completion event per pod, at its server's nextCompletionTime. */
  const reschedule = (i: number): void => {
    const t = servers[i].nextCompletionTime();
    if (t === pendingAt[i]) return;
    if (pendingAt[i] !== INF) sim.cancel(pendingKey[i]);
    pendingAt[i] = t;
    if (t !== INF) pendingKey[i] = sim.scheduleAt(t, completion, i, Priority.TRAFFIC);
  };
  for (let i = 0; i < o.pods; i++) {
    servers.push(
      new PodServer<Req>(o.settings, o.capacity, {
        completed: (r, now) => {
          if (++done <= WARMUP) return;
          const latency = now - r.arrival;
          const wait = latency - r.work / 1_000; // service time at one full core, µs
          sumWait += wait;
          sumLatency += latency;
          bWait += wait;
          bLatency += latency;
          if (++bCount === perBatch) {
            batchWait.push(bWait / bCount);
            batchLatency.push(bLatency / bCount);
            bWait = bLatency = bCount = 0;
          }
          if (done === WARMUP + o.customers) sim.stop();
        },
        failed: () => {
          throw new Error('no failures expected');
        },
        memoryLimitExceeded: () => undefined,
      }),
    );
    pendingAt.push(INF);
    pendingKey.push(-1 as unknown as EventKey);
  }
  lb.setEndpoints(
    servers.map((_, i) => i),
    ZERO,
  );
  const arrival = sim.register<null>('arrival', () => {
    const i = lb.pick(0, sim.now)!;
    const w = max(1, round(exponential(uWork, meanWork)));
    if (!servers[i].arrive({ work: w, memoryBytes: 0, arrival: sim.now }, sim.now)) throw new Error('no rejections expected');
    reschedule(i);
    sim.scheduleAt(arrivals.next(), arrival, null, Priority.TRAFFIC);
  });
  sim.scheduleAt(arrivals.next(), arrival, null, Priority.TRAFFIC);
  sim.runUntil(END_OF_TIME);
  expect(done).toBe(WARMUP + o.customers);

  const se = (xs: readonly number[]): number => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
    return Math.sqrt(v / xs.length);
  };
  return { meanWait: sumWait / o.customers, meanLatency: sumLatency / o.customers, seWait: se(batchWait), seLatency: se(batchLatency) };
}

/** Erlang C: the probability that an arrival waits in M/M/c with offered load a = λ/μ < c. */
function erlangC(c: number, a: number): number {
  let sum = 0;
  let term = 1; // a^k / k!
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const last = (term * c) / (c - a); // a^c / c! · c / (c − a)
  return last / (sum + last);
}

const fifo = (slots: number): PodServerSettings => ({ ...DEFAULT_POD_SERVER_SETTINGS, discipline: 'FIFO', concurrency: slots, queueLimit: Infinity });
const TOL = 0.03;

describe('queueing theory through PodServer', () => {
  it('Erlang C by hand: C(2, 1) = 1/3 and C(3, 2) = 4/9', () => {
    // c = 2, a = 1: a²/2!·2/(2−1) = 1; Σ_{k<2} a^k/k! = 2 → 1/3. c = 3, a = 2: 8/6·3 = 4; 1 + 2 + 2 = 5 → 4/9.
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(3, 2)).toBeCloseTo(4 / 9, 12);
  });

  it('M/M/c: one pod with c = 2 FIFO slots and 2 cores; mean wait within 3 % of Erlang C', () => {
    // λ = 100/s, μ = 100/s, c = 2: a = 1, ρ = 0.5. Wq = C(2, 1)/(cμ − λ) = (1/3)/100 s = 3.333 ms.
    const r = simulate({ seed: 1, lambda: 100, mu: 100, pods: 1, settings: fifo(2), capacity: 2_000, customers: 1_200_000 });
    const expected = (erlangC(2, 1) / (200 - 100)) * US_PER_SECOND; // s → real-valued µs
    expect(3 * r.seWait).toBeLessThan(TOL * expected);
    expect(Math.abs(r.meanWait - expected)).toBeLessThan(TOL * expected);
  });

  it('M/M/1 (FIFO, one slot): mean latency within 3 % of 1/(μ − λ)', () => {
    // λ = 50/s, μ = 100/s → 1/(μ − λ) = 20 ms.
    const r = simulate({ seed: 2, lambda: 50, mu: 100, pods: 1, settings: fifo(1), capacity: 1_000, customers: 300_000 });
    expect(3 * r.seLatency).toBeLessThan(TOL * 20_000);
    expect(Math.abs(r.meanLatency - 20_000)).toBeLessThan(TOL * 20_000);
  });

  it('M/M/1 under processor sharing: the same mean latency 1/(μ − λ) (PS is insensitive)', () => {
    const r = simulate({ seed: 3, lambda: 50, mu: 100, pods: 1, settings: DEFAULT_POD_SERVER_SETTINGS, capacity: 1_000, customers: 300_000 });
    expect(3 * r.seLatency).toBeLessThan(TOL * 20_000);
    expect(Math.abs(r.meanLatency - 20_000)).toBeLessThan(TOL * 20_000);
  });

  it('Random LB over c one-slot pods is c independent M/M/1 queues (Poisson splitting), not M/M/c', () => {
    // The same λ = 100/s, μ, c = 2, but each pod has its own queue: each is M/M/1 with λ_i = 50 →
    // Wq = ρ/(μ − λ_i) = 0.5/50 s = 10 ms, three times the 3.33 ms of the shared queue above.
    const r = simulate({ seed: 4, lambda: 100, mu: 100, pods: 2, settings: fifo(1), capacity: 1_000, customers: 600_000 });
    expect(3 * r.seWait).toBeLessThan(TOL * 10_000);
    expect(Math.abs(r.meanWait - 10_000)).toBeLessThan(TOL * 10_000);
    expect(r.meanWait).toBeGreaterThan(2.5 * (erlangC(2, 1) / 100) * US_PER_SECOND);
  });
});
