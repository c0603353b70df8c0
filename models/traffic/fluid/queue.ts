/**
 * The queueing formulas of fluid mode: the steady state of one pod's request server as a birth–death chain, the
 * classic closed forms it generalises (M/M/1-PS, Erlang B and C) and the response-time approximation used for
 * timeouts and percentiles. Pure arithmetic over numbers; never reads pods, the clock or a random stream.
 *
 * The chain. A pod with CPU capacity C millicores serves requests of mean work w (CPU-seconds of one core) with at
 * most p millicores each (perRequestMilli). With n requests in the pod, m(n) are in service (ProcessorSharing: all of
 * them; FIFO: min(n, c) for c slots) and the pod completes work at min(m(n)·p, C) millicores, i.e. requests at
 *   φ(n) = min(m(n)·p, C) / (1000·w)  per second.
 * With Poisson arrivals at λ and at most K requests in the pod (PS: the in-flight limit; FIFO: c + queueLimit;
 * arrivals beyond K are rejected), the number in the pod is a birth–death chain with π_n ∝ Π_{k≤n} λ/φ(k). For
 * exponential work this is exact for both disciplines (M/M/c/K with a CPU cap); for ProcessorSharing it is exact for
 * any work distribution with the same mean (PS, and PS over several "cores", are symmetric queues: insensitive, Kelly
 * 1979). For FIFO with non-exponential work it is the M/M/c/K approximation. From π:
 *   L = Σ n·π_n, blocking P_K = π_K, throughput X = λ(1 − P_K), mean response T = L / X (Little),
 *   CPU used = X·w·1000 millicores (every admitted request's work is done).
 * φ(n) is constant (φ_max) for n ≥ n* = min(M, ⌈C/p⌉) (M = slots, or K for PS), so the tail beyond n* is geometric
 * with ratio r = λ/φ_max: summed in closed form, in log space so that no power overflows.
 */

const { log, exp, max, ceil, min } = Math;

export interface QueueInput {
  /** Offered arrival rate, requests per second (≥ 0). */
  readonly lambda: number;
  /** Mean CPU work of one request, CPU-seconds of one core (> 0). */
  readonly meanWork: number;
  /** CPU the pod can get, millicores (≥ 0). */
  readonly capacityMilli: number;
  /** Most CPU one request can use, millicores (> 0). */
  readonly perRequestMilli: number;
  /** Requests in service at once: FIFO slots c; ProcessorSharing: the in-flight limit (Infinity: none). */
  readonly servers: number;
  /** Most requests in the pod, in service and waiting (Infinity: unbounded); ≥ servers. */
  readonly maxInSystem: number;
}

export interface QueueState {
  /** π is a proper distribution (false: r ≥ 1 with an unbounded queue: the queue grows without bound). */
  readonly stable: boolean;
  /** Mean number of requests in the pod (in service and waiting). */
  readonly meanInSystem: number;
  /** Probability that an arrival is rejected (π_K; 0 for an unbounded queue). */
  readonly blocking: number;
  /** Probability that an admitted arrival finds all servers busy (FIFO: it waits; Erlang C for M/M/c). */
  readonly waiting: number;
  /** Completions per second, X = λ(1 − P_K). */
  readonly throughput: number;
  /** Mean response time of an admitted request, seconds (L / X); the bare service time when λ = 0. */
  readonly meanResponse: number;
  /** CPU used, millicores: X·w·1000. */
  readonly usageMilli: number;
  /** The saturated completion rate φ_max, requests per second. */
  readonly maxRate: number;
  /** Service time of a request alone in the pod, seconds: 1000·w / min(p, C). */
  readonly bareService: number;
}

/** log(Σ_{j=1}^{J} r^j) and log(Σ_{j=1}^{J} j·r^j) for r > 0, J ≥ 1 (J may be Infinity when r < 1). */
export function geometricSums(r: number, J: number): [number, number] {
  sums(r, J);
  return [gs0, gs1];
}

// sums()' two results: module scratch rather than a tuple per call (solveQueue runs per pod and fluid step).
let gs0 = 0;
let gs1 = 0;

/** geometricSums into gs0 and gs1. */
function sums(r: number, J: number): void {
  if (J === Infinity) {
    if (!(r < 1)) throw new Error(`an infinite geometric sum needs r < 1, got ${r}`);
    gs0 = log(r) - log(1 - r);
    gs1 = log(r) - 2 * log(1 - r);
    return;
  }
  if (r === 1) {
    gs0 = log(J);
    gs1 = log((J * (J + 1)) / 2);
    return;
  }
  if (r < 1) {
    const rJ = exp(J * log(r));
    const s0 = (r * (1 - rJ)) / (1 - r);
    const s1 = (r * (1 - (J + 1) * rJ + J * rJ * r)) / ((1 - r) * (1 - r));
    gs0 = log(s0);
    gs1 = log(s1);
    return;
  }
  // r > 1: factor r^J out, s = 1/r < 1.
  const s = 1 / r;
  const sJ = exp(J * log(s));
  const a0 = (1 - sJ) / (1 - s); // Σ_{i=0}^{J−1} s^i
  const ai = (s * (1 - J * exp((J - 1) * log(s)) + (J - 1) * sJ)) / ((1 - s) * (1 - s)); // Σ_{i=0}^{J−1} i·s^i
  const lr = J * log(r);
  gs0 = lr + log(a0);
  gs1 = lr + log(J * a0 - ai);
}

/** A QueueState whose fields solveQueueInto overwrites (one per caller that keeps its last answer). */
export type MutableQueueState = { -readonly [K in keyof QueueState]: QueueState[K] };

/** A fresh state record for solveQueueInto. */
export function newQueueState(): MutableQueueState {
  return { stable: true, meanInSystem: 0, blocking: 0, waiting: 0, throughput: 0, meanResponse: 0, usageMilli: 0, maxRate: 0, bareService: 0 };
}

/** The steady state of one pod's server (see the file comment). */
export function solveQueue(q: QueueInput): QueueState {
  return solveQueueInto(q, newQueueState());
}

/** log a_n for n = 0..n* (solveQueueInto's head), kept between calls and grown as needed: no array per call. */
let head = new Float64Array(64);

function set(out: MutableQueueState, stable: boolean, meanInSystem: number, blocking: number, waiting: number, throughput: number, meanResponse: number, usageMilli: number, maxRate: number, bareService: number): MutableQueueState {
  out.stable = stable;
  out.meanInSystem = meanInSystem;
  out.blocking = blocking;
  out.waiting = waiting;
  out.throughput = throughput;
  out.meanResponse = meanResponse;
  out.usageMilli = usageMilli;
  out.maxRate = maxRate;
  out.bareService = bareService;
  return out;
}

/**
 * solveQueue written into `out` (returned): the same arithmetic in the same order, so the same numbers, with no
 * object, array or tuple allocated (the fluid step solves a queue per pod and step and keeps only the last answer).
 */
export function solveQueueInto(q: QueueInput, out: MutableQueueState): MutableQueueState {
  const { lambda, meanWork: w, capacityMilli: C, perRequestMilli: p, servers: M, maxInSystem: K } = q;
  if (!(lambda >= 0 && w > 0 && C >= 0 && p > 0 && M >= 1 && K >= M)) throw new Error(`solveQueue: bad input ${JSON.stringify(q)}`);
  const bareService = C > 0 ? (1000 * w) / min(p, C) : Infinity;
  const maxRate = min(M * p, C) / (1000 * w);
  if (lambda === 0) return set(out, true, 0, 0, 0, 0, bareService, 0, maxRate, bareService);
  if (maxRate === 0) {
    // No CPU: every admitted request waits for ever; a bounded pod fills up and rejects everything.
    return K === Infinity ? set(out, false, Infinity, 0, 1, 0, Infinity, 0, maxRate, bareService) : set(out, true, K, 1, 1, 0, Infinity, 0, maxRate, bareService);
  }
  const nStar = min(K, M, ceil(C / p));
  const r = lambda / maxRate;
  if (K === Infinity && r >= 1) return set(out, false, Infinity, 0, 1, maxRate, Infinity, maxRate * w * 1000, maxRate, bareService);
  // Head: log a_n for n = 0..n*.
  if (head.length <= nStar) head = new Float64Array(max(nStar + 1, 2 * head.length));
  const h = head;
  h[0] = 0;
  for (let n = 1; n <= nStar; n++) {
    const phi = min(min(n, M) * p, C) / (1000 * w);
    h[n] = h[n - 1] + log(lambda / phi);
  }
  const J = K - nStar; // tail states n* + 1 .. K
  let tail0 = -Infinity;
  let tail1 = -Infinity;
  if (J > 0) {
    sums(r, J);
    const s0 = gs0;
    tail0 = h[nStar] + s0; // log Σ a_n over the tail
    // log Σ n·a_n over the tail = log(n*·Σ r^j + Σ j r^j) + log a_{n*}
    tail1 = h[nStar] + logAdd(nStar > 0 ? log(nStar) + s0 : -Infinity, gs1);
  }
  const logK = K === Infinity ? -Infinity : J > 0 ? h[nStar] + J * log(r) : h[K];
  let m = tail0;
  for (let n = 0; n <= nStar; n++) m = max(m, h[n]);
  let z = exp(tail0 - m);
  let n1 = exp(tail1 - m);
  // Tail states n* + j with n* + j ≥ M: all of them when n* = M, else those from j = M − n*.
  let atOrAboveM = 0;
  if (J > 0) {
    if (nStar >= M) atOrAboveM = z;
    else if (J > M - nStar - 1) {
      const d = M - nStar - 1;
      sums(r, J - d);
      atOrAboveM = exp(h[nStar] + d * log(r) + gs0 - m);
    }
  }
  for (let n = 0; n <= nStar; n++) {
    const a = exp(h[n] - m);
    z += a;
    n1 += n * a;
    if (n >= M) atOrAboveM += a;
  }
  const blocking = K === Infinity ? 0 : exp(logK - m) / z;
  const L = n1 / z;
  const throughput = lambda * (1 - blocking);
  // An arrival waits when it finds n ≥ M and n < K (PASTA): P(N ≥ M) − P(N = K), among admitted ones.
  const waiting = blocking < 1 ? max(0, atOrAboveM / z - blocking) / (1 - blocking) : 1;
  return set(out, true, L, blocking, waiting, throughput, throughput > 0 ? L / throughput : bareService, throughput * w * 1000, maxRate, bareService);
}

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const hi = max(a, b);
  return hi + log(exp(a - hi) + exp(b - hi));
}

/** M/M/1-PS (and M/G/1-PS) mean response time: T = S / (1 − ρ), ρ = λS < 1. */
export function mg1psResponse(lambda: number, service: number): number {
  const rho = lambda * service;
  if (!(rho < 1)) throw new Error(`M/G/1-PS needs ρ < 1, got ${rho}`);
  return service / (1 - rho);
}

/** Erlang B (blocking of M/M/c/c) with offered load a = λ/μ erlangs, by the stable recursion B(k) = aB(k−1)/(k + aB(k−1)). */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C (probability of waiting in M/M/c) with a = λ/μ < c: C = cB / (c − a(1 − B)). */
export function erlangC(c: number, a: number): number {
  if (!(a < c)) throw new Error(`Erlang C needs a < c, got a = ${a}, c = ${c}`);
  const b = erlangB(c, a);
  return (c * b) / (c - a * (1 - b));
}

/**
 * The response-time distribution fluid mode assumes: a shifted exponential, T = s + E with s the bare service time
 * (a request alone in the pod; 0 when work is not fixed) and E exponential with mean T̄ − s. Exact for M/M/1 FIFO
 * (s = 0: T ~ Exp(μ − λ)); for processor sharing an approximation (PS response times are not exponential: at low
 * load T is close to the work itself, at high load the tail is close to exponential), so percentiles and timeout
 * fractions are approximate while the mean is exact. Returns P(T > t).
 */
export function responseTail(mean: number, shift: number, t: number): number {
  if (mean === Infinity) return 1;
  const s = min(shift, mean);
  if (t < s) return 1;
  const e = mean - s;
  return e <= 0 ? 0 : exp(-(t - s) / e);
}

/** The q-quantile (0 ≤ q < 1) of the shifted exponential above, conditioned on T ≤ limit (Infinity: no condition). */
export function responseQuantile(mean: number, shift: number, q: number, limit = Infinity): number {
  const s = min(shift, mean);
  const e = mean - s;
  if (e <= 0) return s;
  // P(E ≤ x | E ≤ L) = (1 − e^{−x/e}) / (1 − e^{−L/e}); L = limit − s.
  const cap = limit === Infinity ? 1 : 1 - exp(-max(0, limit - s) / e);
  if (cap <= 0) return s;
  return s - e * log(1 - q * cap);
}
