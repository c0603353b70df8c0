/**
 * Fluid mode (Traffic `mode: fluid`): load as rates per time step instead of individual requests. Every `fluidStep`
 * one event closes the step that ended (books the requests routed to each pod and the Services' outcomes) and opens
 * the next: the offered rate from each Traffic's profile (its mean over the step), split over the Service's
 * endpoints as kube-proxy holds them (equal shares; ClientIP affinity: by client popularity), each pod's CPU (its
 * limit, or the node's allocatable, shared out when the node's offered load exceeds it) and its steady state from
 * queue.ts, with a fluid backlog carried from step to step while an unbounded pod is overloaded (ρ ≥ 1). Pods'
 * CPU usage, requests routed and requests in flight are what the metrics pipeline reads, through PodUsage, as in
 * request mode. Decides no pick, no restart; reads endpoints, never changes them.
 */
import type { EventType } from '../../../engine/simulator';
import { Priority } from '../../../engine/priority';
import { addMicros, US_PER_SECOND, type Micros } from '../../../engine/time';
import type { SimContext } from '../../context';
import type { PodObj } from '../../cluster/objects';
import type { DurationDist } from '../../draw';
import type { ServiceRuntime } from '../../service/services';
import type { ServiceStats } from '../../service/serviceStats';
import type { ServingSettings } from '../serving';
import type { FluidUsage, PodUsage } from '../podUsage';
import type { TrafficSource } from '../trafficSource';
import { shareNodeCpu, type CpuClaim } from '../nodeShare';
import { standardNormal, type RandomStream } from '../../../engine/random';
import { STREAMS } from '../../streams';
import { newQueueState, responseQuantile, responseTail, solveQueueInto, type QueueInput, type QueueState } from './queue';


const { floor, round, min, max, ceil } = Math;

/** Fluid mode's default time step (Traffic `fluidStep`): 1 s. */
export const FLUID_DEFAULT_STEP = 1_000_000 as Micros;

/** Quantile points recorded into a Service's latency histogram per pod and step (their midpoints (i + ½)/Q). */
export const FLUID_LATENCY_POINTS = 16;

/** Mean of a request-CPU distribution, CPU-seconds of one core (the values are µs of one core). */
export function meanWorkSeconds(d: DurationDist): number {
  switch (d.kind) {
    case 'fixed':
      return d.value / US_PER_SECOND;
    case 'uniform':
      return (d.min + d.max) / 2 / US_PER_SECOND;
    case 'exponential':
      return d.mean / US_PER_SECOND;
    case 'normal':
      return d.mean / US_PER_SECOND;
    case 'lognormal':
      return (d.median * Math.exp((d.sigma * d.sigma) / 2)) / US_PER_SECOND;
  }
}

/** A Service's outcomes of the open step, booked into its ServiceStats when the step closes (integers, with carries). */
class ServiceBook {
  arrivals = 0;
  success = 0;
  timeout = 0;
  rejected = 0;
  noEndpoints = 0;
  failed = 0;
  /** Latency points of the step's successes (seconds) with their weights (fractional requests). */
  readonly points: number[] = [];
  readonly weights: number[] = [];
  private readonly carry = [0, 0, 0, 0, 0, 0];

  /** The response-time law of the last points added (pods alike in one step add to the same points). */
  private lastT = NaN;
  private lastShift = NaN;
  private lastLimit = NaN;
  private lastAt = -1;
  /** truncatedMean's last inputs and result (pods alike in one step ask the same). */
  private meanT = NaN;
  private meanShift = NaN;
  private meanLimit = NaN;
  private meanValue = NaN;

  constructor(readonly svc: ServiceRuntime) {}

  /** Σ t × successes of the step, seconds (the exact mean, not the quantile points'). */
  latency = 0;

  /** `ok` successes whose response times follow the shifted exponential (mean t, shift), conditioned on ≤ limit. */
  addLatency(t: number, shift: number, limit: number, ok: number): void {
    const Q = FLUID_LATENCY_POINTS;
    this.success += ok;
    if (t !== this.meanT || shift !== this.meanShift || limit !== this.meanLimit) {
      this.meanT = t;
      this.meanShift = shift;
      this.meanLimit = limit;
      this.meanValue = truncatedMean(t, shift, limit);
    }
    this.latency += ok * this.meanValue;
    if (t === this.lastT && shift === this.lastShift && limit === this.lastLimit && this.lastAt >= 0) {
      for (let i = 0; i < Q; i++) this.weights[this.lastAt + i] += ok / Q;
      return;
    }
    this.lastT = t;
    this.lastShift = shift;
    this.lastLimit = limit;
    this.lastAt = this.points.length;
    for (let i = 0; i < Q; i++) {
      this.points.push(responseQuantile(t, shift, (i + 0.5) / Q, limit));
      this.weights.push(ok / Q);
    }
  }

  private take(i: number, x: number): number {
    const v = this.carry[i] + x;
    const k = floor(v + 1e-9);
    this.carry[i] = v - k;
    return k;
  }

  flush(stats: ServiceStats): void {
    stats.fluidCount('arrivals', this.take(0, this.arrivals));
    stats.fluidCount('timeout', this.take(2, this.timeout));
    stats.fluidCount('rejected', this.take(3, this.rejected));
    stats.fluidCount('no_endpoints', this.take(4, this.noEndpoints));
    stats.fluidCount('failed', this.take(5, this.failed));
    const k = this.take(1, this.success);
    if (this.success > 0) stats.fluidLatencySum((this.latency / this.success) * k * US_PER_SECOND);
    this.latency = 0;
    // k successes over the points in proportion to their weights: cumulative rounding, so the counts sum to k.
    let total = 0;
    for (const w of this.weights) total += w;
    let cum = 0;
    let given = 0;
    for (let i = 0; i < this.points.length && k > 0; i++) {
      cum += this.weights[i];
      const upTo = i === this.points.length - 1 ? k : round((cum * k) / total);
      const n = upTo - given;
      if (n > 0) stats.fluidSuccesses(micros1(this.points[i]), n);
      given = upTo;
    }
    this.arrivals = this.success = this.timeout = this.rejected = this.noEndpoints = this.failed = 0;
    this.points.length = 0;
    this.weights.length = 0;
    this.lastAt = -1;
  }
}

/** Mean of the shifted exponential (mean t, shift s) conditioned on ≤ limit. */
function truncatedMean(t: number, shift: number, limit: number): number {
  const s = min(shift, t);
  const e = t - s;
  if (limit === Infinity || e <= 0) return t;
  const L = limit - s;
  if (L <= 0) return s;
  // E[E | E ≤ L] for E ~ Exp(mean e): e − L·e^{−L/e} / (1 − e^{−L/e}).
  const x = Math.exp(-L / e);
  return s + e - (L * x) / (1 - x);
}

/** Seconds to whole µs, at least 1. */
function micros1(s: number): Micros {
  const v = round(s * US_PER_SECOND);
  return (v >= 1 ? v : 1) as Micros;
}

/** One fluid Traffic. */
class FluidSource {
  readonly meanWork: number;
  /** The bare-service shift of the response-time law applies only to fixed work. */
  readonly fixedWork: boolean;
  /** Squared coefficient of variation of its work. */
  readonly workScv: number;
  /** Client timeout, seconds (Infinity: none). */
  readonly timeout: number;
  private readonly affinityShares = new Map<number, Float64Array>();
  /** tail's last inputs and result (pods alike in one step ask the same). */
  private tailT = NaN;
  private tailShift = NaN;
  private tailValue = NaN;
  /**
   * The Service's endpoint list (the balancer's array) `routeUsage` was filled for, and each endpoint's PodUsage by
   * position: the step finds a pod's usage without a map lookup. An entry is used only while it is that pod's live
   * usage (not removed), so the answer is always the traffic model's map's.
   */
  routeList: readonly PodObj[] = [];
  routeUsage: (PodUsage | undefined)[] = [];

  constructor(
    readonly src: TrafficSource,
    readonly book: ServiceBook,
    /** Poisson arrivals: the step's count is drawn from this stream (the Traffic's `arrivals` stream). */
    private readonly stream: RandomStream | undefined,
  ) {
    this.meanWork = meanWorkSeconds(src.spec.cpu);
    this.fixedWork = src.spec.cpu.kind === 'fixed';
    this.workScv = workScv(src.spec.cpu);
    this.timeout = src.spec.timeout === undefined ? Infinity : src.spec.timeout / US_PER_SECOND;
  }

  /**
   * Arrivals in a step with `mean` expected: Poisson arrivals give a Poisson count (so the metrics the HPA reads
   * fluctuate as in request mode: Knuth's product of uniforms below a mean of 30, else the normal approximation
   * rounded, at least 0); even arrivals give the mean itself.
   */
  arrivals(mean: number): number {
    const st = this.stream;
    if (st === undefined || mean <= 0) return mean;
    const u = () => st.next();
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let prod = 1 - u();
      while (prod > limit) {
        k++;
        prod *= 1 - u();
      }
      return k;
    }
    return max(0, round(mean + Math.sqrt(mean) * standardNormal(u)));
  }

  /** Its profile's Λ(t), remembered for the last two instants asked (a step's end is the next step's start). */
  cumulativeAt(t: Micros): number {
    if (t === this.cumT0) return this.cumV0;
    if (t === this.cumT1) return this.cumV1;
    const v = this.src.profile.cumulative(t);
    this.cumT0 = this.cumT1;
    this.cumV0 = this.cumV1;
    this.cumT1 = t;
    this.cumV1 = v;
    return v;
  }
  private cumT0 = -1;
  private cumV0 = 0;
  private cumT1 = -1;
  private cumV1 = 0;

  /** responseTail(t, shift, timeout): the fraction of its requests that time out. */
  tail(t: number, shift: number): number {
    if (t !== this.tailT || shift !== this.tailShift) {
      this.tailT = t;
      this.tailShift = shift;
      this.tailValue = responseTail(t, shift, this.timeout);
    }
    return this.tailValue;
  }

  /**
   * ClientIP affinity: client i sticks to the endpoint the underlying policy handed it on its first request; with
   * clients arriving in popularity order that is endpoint i mod n, so endpoint j gets Σ_{i ≡ j (mod n)} P(i).
   */
  shares(n: number): Float64Array {
    let s = this.affinityShares.get(n);
    if (s === undefined) {
      s = new Float64Array(n);
      const c = this.src.clients;
      for (let i = 0; i < c.count; i++) s[i % n] += c.probability(i);
      this.affinityShares.set(n, s);
    }
    return s;
  }
}

/** The fluid state of one pod's serving container (PodUsage.fluid). */
export class FluidPod implements FluidUsage {
  /** ∫ CPU dt up to `since`, millicore-µs. */
  private acc = 0;
  /** CPU used during the open step, millicores. */
  rate = 0;
  private since: Micros;
  /** Requests queued beyond the steady state (overload), carried from step to step. */
  backlog = 0;
  /** Mean requests in flight during the open step. */
  inFlight = 0;
  /** Mean memory of one request in flight, bytes. */
  requestBytes = 0;
  /** Requests routed to the pod in the open step (booked into PodUsage.routed when it closes). */
  routed = 0;
  private routedCarry = 0;
  /** The CPU the pod may use: its CPU limit, else the node's allocatable. */
  readonly capMilli: number;
  /** The CPU it gets in the open step (capMilli, or its share of an oversubscribed node). */
  capacity = 0;
  /** Mean work of the last requests (for a backlog draining without new arrivals). */
  meanWork = 0;
  // The open step's inputs, summed over the Traffic routed to the pod.
  lambda = 0;
  /** The expected rate behind `lambda` (Poisson steps draw `lambda` around it). */
  lambdaMean = 0;
  work = 0;
  bytes = 0;
  /** Σ λ_s·c²_s of the arrival streams (the superposed stream's squared coefficient of variation × λ). */
  variability = 0;
  /**
   * The open step's contributions (`count` of them: the first in `source0`/`lambda0`, the others in the parallel
   * arrays from index 0) and the last non-empty step's (`last…`). A pod nearly always has one Traffic: its step then
   * touches no array (issue #13: the step's cost is the memory it touches per pod).
   */
  count = 0;
  source0: FluidSource | undefined = undefined;
  lambda0 = 0;
  sources: FluidSource[] = [];
  lambdas: number[] = [];
  lastCount = 0;
  lastSource0: FluidSource | undefined = undefined;
  lastLambda0 = 0;
  lastSources: FluidSource[] = [];
  lastLambdas: number[] = [];
  /** In FluidModel.live (got load at some step, not stopped since). */
  isLive = false;

  constructor(
    readonly u: PodUsage,
    readonly serving: ServingSettings,
    readonly node: FluidNode,
    now: Micros,
  ) {
    this.since = now;
    const limit = u.serving!.c.spec.limits.cpuMilli;
    const alloc = u.node.allocatableMilli;
    this.capMilli = limit > 0 && limit < alloc ? limit : alloc;
  }

  /** CPU used since the container started, millicore-µs (an integer, non-decreasing). */
  usageIntegral(now: Micros): number {
    return round(this.acc + this.rate * (now - this.since));
  }

  setRate(milli: number, now: Micros): void {
    this.acc += this.rate * (now - this.since);
    this.since = now;
    this.rate = milli;
  }

  /** Whole requests routed in the step that closes (the fraction carries to the next). */
  takeRouted(): number {
    const v = this.routedCarry + this.routed;
    const k = floor(v + 1e-9);
    this.routedCarry = v - k;
    this.routed = 0;
    return k;
  }

  /** Memory its requests in flight hold, bytes. */
  get memoryBytes(): number {
    return round(this.inFlight * this.requestBytes);
  }

  add(source: FluidSource, lambda: number): void {
    const k = this.count++;
    if (k === 0) {
      this.source0 = source;
      this.lambda0 = lambda;
    } else if (k > this.sources.length) {
      this.sources.push(source);
      this.lambdas.push(lambda);
    } else {
      this.sources[k - 1] = source;
      this.lambdas[k - 1] = lambda;
    }
  }

  /** Contribution i of the open step (`last`: of the last non-empty step): its Traffic and rate. */
  sourceAt(i: number, last: boolean): FluidSource {
    return i === 0 ? (last ? this.lastSource0 : this.source0)! : (last ? this.lastSources : this.sources)[i - 1];
  }
  lambdaAt(i: number, last: boolean): number {
    return i === 0 ? (last ? this.lastLambda0 : this.lambda0) : (last ? this.lastLambdas : this.lambdas)[i - 1];
  }

  /** The open step's contributions become the last ones (swap the arrays, no allocation). */
  rotate(): void {
    const k = this.count;
    if (k > 0) {
      this.lastSource0 = this.source0;
      this.lastLambda0 = this.lambda0;
      if (k > 1) {
        const s = this.lastSources;
        const l = this.lastLambdas;
        this.lastSources = this.sources;
        this.lastLambdas = this.lambdas;
        this.sources = s;
        this.lambdas = l;
      }
      this.lastCount = k;
    }
    this.count = 0;
  }
}

/** One node's fluid pods' demand in the open step, for sharing its CPU. */
class FluidNode {
  demand = 0;
  /** The step whose demand `demand` holds (FluidModel.stepNo). */
  stamp = -1;
  constructor(readonly allocatableMilli: number) {}
}

export interface FluidOptions {
  readonly sources: readonly TrafficSource[];
  readonly step: Micros;
  readonly defaultServing: ServingSettings;
  /** The traffic model's pods (PodUsage of every pod with a started app container). */
  readonly pods: ReadonlyMap<PodObj, PodUsage>;
}

/** Squared coefficient of variation of a request-CPU distribution (0 for fixed work). */
export function workScv(d: DurationDist): number {
  switch (d.kind) {
    case 'fixed':
      return 0;
    case 'uniform': {
      const m = (d.min + d.max) / 2;
      return m > 0 ? (d.max - d.min) ** 2 / 12 / (m * m) : 0;
    }
    case 'exponential':
      return 1;
    case 'normal':
      return d.mean > 0 ? (d.stddev / d.mean) ** 2 : 0;
    case 'lognormal':
      return Math.exp(d.sigma * d.sigma) - 1;
  }
}

/**
 * Squared coefficient of variation of the arrivals one of n endpoints sees: Poisson arrivals split at random stay
 * Poisson (1); split round-robin every n-th arrival reaches the pod (Erlang-n gaps: 1/n); even arrivals are
 * deterministic (0) round-robin and 1 − 1/n split at random (a geometric number of gaps). ClientIP affinity counts
 * as a random split.
 */
export function arrivalScv(poisson: boolean, roundRobin: boolean, n: number): number {
  if (poisson) return roundRobin ? 1 / n : 1;
  return roundRobin ? 0 : 1 - 1 / n;
}

/** Runs the fluid Traffic of a scenario: one step event for all of them. */
export class FluidModel {
  private readonly sources: FluidSource[];
  private readonly books: ServiceBook[] = [];
  /**
   * Pods with fluid state, in the order they first got load (FluidPod.isLive). A stopped pod leaves (it never comes
   * back: its container's next instance gets a new FluidPod); `liveDirty` says some have left and the array is
   * compacted at the next pass, so the order stays that of a Set's insertions.
   */
  private live: FluidPod[] = [];
  private liveDirty = false;
  private readonly nodes = new Map<unknown, FluidNode>();
  /** Steps opened so far (FluidNode.stamp). */
  private stepNo = 0;
  /** Nodes with fluid pods in the open step, in the order their first pod came in the live order. */
  private readonly touched: FluidNode[] = [];
  private readonly stepType: EventType<null>;
  private open: Micros | undefined = undefined;
  private readonly h: number;
  // The last queue solved: pods alike (same rate, work, CPU and serving) in a step share it.
  private readonly lastIn: { -readonly [K in keyof QueueInput]: QueueInput[K] } = { lambda: NaN, meanWork: NaN, capacityMilli: NaN, perRequestMilli: NaN, servers: NaN, maxInSystem: NaN };
  /** The last queue solved (for lastIn; written in place, the step keeps no other), once one has been. */
  private readonly lastOut = newQueueState();
  private solved = false;
  /** klbOf's last inputs (rho, ca, cs) and result. */
  private readonly lastKlb = new Float64Array([NaN, NaN, NaN, NaN]);

  constructor(
    private readonly ctx: SimContext,
    private readonly options: FluidOptions,
  ) {
    const bySvc = new Map<ServiceRuntime, ServiceBook>();
    this.sources = options.sources.map((src) => {
      let b = bySvc.get(src.service);
      if (b === undefined) {
        b = new ServiceBook(src.service);
        bySvc.set(src.service, b);
        this.books.push(b);
      }
      const t = src.spec;
      return new FluidSource(src, b, t.arrivals === 'poisson' ? ctx.streams.get(STREAMS.traffic(t.namespace, t.name, 'arrivals')) : undefined);
    });
    this.h = options.step;
    if (!(Number.isInteger(this.h) && this.h > 0)) throw new Error(`fluid step must be a positive integer µs, got ${this.h}`);
    // KUBELET priority: a step closes before the metrics scrape (TRAFFIC) and the samplers of the same instant, so
    // both see exactly the requests of the steps that ended by then.
    this.stepType = ctx.clock.register<null>('traffic/fluid-step', () => this.tick());
    if (this.sources.length > 0) ctx.clock.scheduleAt(ctx.clock.now, this.stepType, null, Priority.KUBELET);
  }

  private tick(): void {
    const now = this.ctx.clock.now;
    if (this.open !== undefined) this.close();
    this.openStep(now);
    this.open = now;
    this.ctx.clock.scheduleAt(addMicros(now, this.h as Micros), this.stepType, null, Priority.KUBELET);
  }

  private close(): void {
    const live = this.liveNow();
    // The pods' CPU integrals are brought to `now` by openStep, at this same instant (applyStep or stopped: every
    // live pod), before anything reads them.
    for (let i = 0; i < live.length; i++) {
      const fp = live[i];
      fp.u.routed += fp.takeRouted();
    }
    for (const b of this.books) b.flush(b.svc.stats);
  }

  /** The live pods in order, without those that left since the last pass. */
  private liveNow(): FluidPod[] {
    if (this.liveDirty) {
      this.liveDirty = false;
      this.live = this.live.filter((fp) => fp.isLive);
    }
    return this.live;
  }

  /** The serving container of `u` stopped: its fluid state ends (the caller has taken its usage). */
  containerStopped(u: PodUsage, now: Micros): void {
    // Only this model sets PodUsage.fluid, always to a FluidPod of its own (created in openStep).
    const fp = u.fluid as FluidPod | undefined;
    if (fp !== undefined && fp.u === u) this.stopped(fp, now);
  }

  /** The serving container stopped (or the pod went): its requests in flight fail, its usage stops. */
  private stopped(fp: FluidPod, now: Micros): void {
    if (fp.u.fluid === fp) fp.u.fluid = undefined;
    fp.setRate(0, now);
    fp.u.routed += fp.takeRouted();
    if (fp.isLive) {
      fp.isLive = false;
      this.liveDirty = true;
    }
    const lost = fp.inFlight;
    let total = 0;
    for (let i = 0; i < fp.lastCount; i++) total += fp.lambdaAt(i, true);
    if (total > 0) for (let i = 0; i < fp.lastCount; i++) fp.sourceAt(i, true).book.failed += (lost * fp.lambdaAt(i, true)) / total;
    fp.inFlight = 0;
    fp.backlog = 0;
  }

  private nodeOf(u: PodUsage): FluidNode {
    let n = this.nodes.get(u.node);
    if (n === undefined) {
      n = new FluidNode(u.node.allocatableMilli);
      this.nodes.set(u.node, n);
    }
    return n;
  }

  private openStep(now: Micros): void {
    const hs = this.h / US_PER_SECOND;
    const pods = this.options.pods;
    const live = this.liveNow();
    // 1. Offered rates, split over each Service's endpoints.
    for (const s of this.sources) {
      const expected = (s.cumulativeAt(addMicros(now, this.h as Micros)) - s.cumulativeAt(now)) / hs;
      const lambda = s.arrivals(expected * hs) / hs;
      // The step's arrivals are a draw, the queue sees the expected rate (its steady state is a mean over draws).
      const meanShare = lambda > 0 ? expected / lambda : 0;
      const book = s.book;
      book.arrivals += lambda * hs;
      if (lambda === 0) continue;
      const svc = s.src.service;
      const eps = svc.lb.endpoints;
      const n = eps.length;
      if (n === 0) {
        book.noEndpoints += lambda * hs;
        continue;
      }
      const affinity = svc.spec.sessionAffinity === 'ClientIP';
      const shares = affinity ? s.shares(n) : undefined;
      const scv = arrivalScv(s.src.spec.arrivals === 'poisson', !affinity && svc.lb.policy === 'RoundRobin', n);
      if (eps !== s.routeList) {
        s.routeList = eps;
        s.routeUsage = new Array<PodUsage | undefined>(n).fill(undefined);
      }
      const route = s.routeUsage;
      const meanWork = s.meanWork;
      const memoryBytes = s.src.spec.memoryBytes;
      for (let i = 0; i < n; i++) {
        const l = shares === undefined ? lambda / n : lambda * shares[i];
        if (l === 0) continue;
        const pod = eps[i];
        // pods.get(pod), through the source's cache (an entry is that pod's usage while it is not removed).
        let u = route[i];
        if (u === undefined || u.pod !== pod || u.removed) {
          u = pods.get(pod);
          route[i] = u;
        }
        const cu = u === undefined ? undefined : u.serving;
        if (u === undefined || cu === undefined || (cu.c.refusingFrom !== undefined && now >= cu.c.refusingFrom)) {
          book.failed += l * hs;
          continue;
        }
        // Only this model sets PodUsage.fluid, always to a FluidPod of its own.
        let fp = u.fluid as FluidPod | undefined;
        if (fp === undefined) {
          fp = new FluidPod(u, cu.c.behavior.serving ?? this.options.defaultServing, this.nodeOf(u), now);
          u.fluid = fp;
        }
        if (!fp.isLive) {
          fp.isLive = true;
          live.push(fp);
        }
        fp.lambda += l;
        fp.lambdaMean += l * meanShare;
        fp.work += l * meanWork;
        fp.bytes += l * memoryBytes;
        fp.variability += l * scv;
        fp.routed += l * hs;
        fp.add(s, l);
      }
    }
    // 2. CPU per pod: its cap, shared out on nodes whose offered load exceeds their allocatable.
    const step = this.stepNo++;
    const touched = this.touched;
    touched.length = 0;
    for (let i = 0; i < live.length; i++) {
      const fp = live[i];
      if (fp.lambda > 0) fp.meanWork = fp.work / fp.lambda;
      fp.capacity = fp.capMilli;
      const n = fp.node;
      if (n.stamp !== step) {
        n.stamp = step;
        n.demand = 0;
        touched.push(n);
      }
      n.demand += min(fp.capMilli, ceil(fp.work * 1000 + (fp.backlog > 0 ? fp.capMilli : 0)));
    }
    for (let k = 0; k < touched.length; k++) {
      const n = touched[k];
      if (n.demand <= n.allocatableMilli) continue;
      // Oversubscribed on average: weighted water-filling of the mean demands (a backlogged pod wants its cap),
      // the node's pods in the live order.
      const members = live.filter((fp) => fp.node === n);
      const claims: CpuClaim[] = members.map((fp) => ({
        demandMilli: min(fp.capMilli, ceil(fp.work * 1000 + (fp.backlog > 0 ? fp.capMilli : 0))),
        requestMilli: fp.u.pod.requests.cpuMilli,
        limitMilli: fp.capMilli,
      }));
      const shares = shareNodeCpu(claims, n.allocatableMilli);
      members.forEach((fp, i) => (fp.capacity = shares[i]));
    }
    // 3. Each pod's steady state (or fluid backlog) over the step.
    const q = this.lastIn;
    for (let i = 0; i < live.length; i++) {
      const fp = live[i];
      // u.removed is pod.removed for every pod with fluid state (the traffic model's Pod watch sets it, synchronously).
      if (fp.u.serving === undefined || fp.u.removed) {
        this.stopped(fp, now);
        continue;
      }
      const sv = fp.serving;
      const ps = sv.discipline === 'ProcessorSharing';
      const lambda = fp.lambdaMean;
      const meanWork = fp.meanWork > 0 ? fp.meanWork : 1e-3;
      const maxInSystem = ps ? sv.concurrency : sv.concurrency + sv.queueLimit;
      if (!this.solved || q.lambda !== lambda || q.meanWork !== meanWork || q.capacityMilli !== fp.capacity || q.perRequestMilli !== sv.perRequestMilli || q.servers !== sv.concurrency || q.maxInSystem !== maxInSystem) {
        q.lambda = lambda;
        q.meanWork = meanWork;
        q.capacityMilli = fp.capacity;
        q.perRequestMilli = sv.perRequestMilli;
        q.servers = sv.concurrency;
        q.maxInSystem = maxInSystem;
        solveQueueInto(q, this.lastOut);
        this.solved = true;
      }
      this.applyStep(fp, this.lastOut, hs, now);
      fp.rotate();
      fp.lambda = fp.lambdaMean = fp.work = fp.bytes = fp.variability = 0;
    }
  }

  /** Books one pod's step: CPU rate, requests in flight, outcomes per contributing Traffic. */
  private applyStep(fp: FluidPod, q: QueueState, hs: number, now: Micros): void {
    const lambda = fp.lambda;
    if (lambda > 0) fp.requestBytes = fp.bytes / lambda;
    const w = fp.meanWork > 0 ? fp.meanWork : 1e-3;
    let completions: number; // requests completed in the step
    let meanT: number; // their mean response time, seconds
    let usage: number; // mean CPU over the step, millicores
    let inFlight: number;
    let rejectedFraction = q.blocking;
    let fluidQueue = false;
    // The step's drawn arrivals against the expected rate the queue was solved for.
    const scale = fp.lambdaMean > 0 ? lambda / fp.lambdaMean : 1;
    if (q.stable && fp.backlog === 0) {
      completions = min(q.throughput * scale, q.maxRate) * hs;
      // A draw above what the pod can serve at all leaves the excess queued (an unbounded pod only).
      if (q.blocking === 0 && lambda > q.maxRate) fp.backlog = (lambda - q.maxRate) * hs;
      inFlight = q.meanInSystem;
      // Arrivals less variable than Poisson (round-robin, even) queue less: the time spent beyond the bare service
      // scales by f (see docs/fluid.md): PS (c²ₐ + c²ₛ)/(1 + c²ₛ), exact (1) for Poisson by insensitivity; FIFO
      // Allen–Cunneen (c²ₐ + c²ₛ)/2 on the M/M/c wait.
      meanT = q.meanResponse;
      if (lambda > 0) {
        const ca = fp.variability / lambda;
        const cs = this.workScvOf(fp);
        const rho = q.maxRate > 0 ? q.throughput / q.maxRate : 0;
        const f = (fp.serving.discipline === 'ProcessorSharing' ? (ca + cs) / (1 + cs) : (ca + cs) / 2) * this.klbOf(rho, ca, cs);
        const base = fp.serving.discipline === 'ProcessorSharing' ? min(q.bareService, meanT) : w * 1000 / min(fp.serving.perRequestMilli, fp.capacity);
        if (meanT > base) {
          const extra = (meanT - base) * (1 - f);
          meanT -= extra;
          inFlight = q.meanInSystem - q.throughput * extra;
        }
      }
      inFlight *= scale;
      usage = min(q.usageMilli * scale, q.maxRate * w * 1000);
    } else {
      fluidQueue = true;
      // Fluid queue: the pod works flat out at φ_max while a backlog B exists; B grows by (λ − φ_max) per second.
      const mu = q.maxRate;
      rejectedFraction = 0;
      const b0 = fp.backlog;
      if (!q.stable || lambda >= mu) {
        const b1 = b0 + (lambda - mu) * hs;
        fp.backlog = max(0, b1);
        completions = mu * hs;
        const avg = (b0 + fp.backlog) / 2;
        meanT = mu > 0 ? max(q.bareService, avg / mu) : Infinity;
        usage = mu * w * 1000;
        inFlight = avg;
      } else {
        // Draining: flat out until the backlog is gone (τ), then the steady state for the rest of the step.
        const tau = b0 / (mu - lambda);
        if (tau >= hs) {
          fp.backlog = b0 - (mu - lambda) * hs;
          completions = mu * hs;
          const avg = (b0 + fp.backlog) / 2;
          meanT = max(q.bareService, avg / mu);
          usage = mu * w * 1000;
          inFlight = avg;
        } else {
          fp.backlog = 0;
          const c1 = mu * tau;
          const c2 = q.throughput * (hs - tau);
          completions = c1 + c2;
          const t1 = max(q.bareService, b0 / 2 / mu);
          meanT = completions > 0 ? (c1 * t1 + c2 * q.meanResponse) / completions : q.meanResponse;
          usage = (mu * w * 1000 * tau + q.usageMilli * (hs - tau)) / hs;
          inFlight = ((b0 / 2) * tau + q.meanInSystem * (hs - tau)) / hs;
        }
      }
    }
    fp.setRate(usage, now);
    fp.inFlight = inFlight;
    // Outcomes, per Traffic in proportion to its share of the pod's arrivals (a drained backlog: its last shares).
    const fresh = fp.count > 0;
    const last = !fresh;
    const n = fresh ? fp.count : fp.lastCount;
    let total = 0;
    for (let i = 0; i < n; i++) total += fp.lambdaAt(i, last);
    if (total === 0) return;
    const ps = fp.serving.discipline === 'ProcessorSharing';
    for (let i = 0; i < n; i++) {
      const s = fp.sourceAt(i, last);
      const book = s.book;
      const li = fp.lambdaAt(i, last);
      const share = li / total;
      if (fresh) book.rejected += li * hs * rejectedFraction;
      const done = completions * share;
      if (done <= 0) continue;
      // Processor sharing: a request's response time is proportional to its work (E[T | x] = x/(1 − ρ)).
      const t = ps ? (meanT * s.meanWork) / w : meanT;
      // A fluid backlog is worked off at a steady pace: its requests all take about the same time.
      const shift = fluidQueue ? t : s.fixedWork ? min(q.bareService * (ps ? s.meanWork / w : 1), t) : 0;
      const late = s.tail(t, shift);
      book.timeout += done * late;
      const ok = done * (1 - late);
      if (ok > 0) book.addLatency(t, shift, s.timeout, ok);
    }
  }

  /** klb(rho, ca, cs), remembered for the last inputs (pods alike in a step ask the same). */
  private klbOf(rho: number, ca: number, cs: number): number {
    const k = this.lastKlb;
    if (k[0] !== rho || k[1] !== ca || k[2] !== cs) {
      k[0] = rho;
      k[1] = ca;
      k[2] = cs;
      k[3] = klb(rho, ca, cs);
    }
    return k[3];
  }

  /** The pod's work variability: the first contributing Traffic's (mixtures are not combined). */
  private workScvOf(fp: FluidPod): number {
    return fp.count > 0 ? fp.source0!.workScv : 0;
  }
}

/**
 * Krämer & Langenbach-Belz's correction of the Allen–Cunneen approximation (GI/G/1): below Poisson variability
 * (c²ₐ < 1) queueing vanishes faster than (c²ₐ + c²ₛ)/2 at low load. 1 for Poisson arrivals.
 */
export function klb(rho: number, ca: number, cs: number): number {
  if (!(rho > 0) || ca + cs === 0) return ca + cs === 0 ? 0 : 1;
  if (ca <= 1) return Math.exp((-2 * (1 - rho) * (1 - ca) * (1 - ca)) / (3 * rho * (ca + cs)));
  return Math.exp((-(1 - rho) * (ca - 1)) / (ca + 4 * cs));
}
