/**
 * One Traffic document at run time: its arrival process, client population and work draws (each on its own
 * stream, `traffic/<ns>/<name>/arrivals|clients|work|retry|think`), its retry policy, its target Service, its
 * attempts from sending to outcome (one plain record each) and those whose client timeout is still running, oldest
 * first. Owns no events: the TrafficModel schedules arrivals, retries, think times and timeouts and records outcomes.
 */
import { exponential, lognormal, normal, type RandomStream, type Uniform } from '../../engine/random';
import { STREAMS, type StreamSource } from '../streams';
import { NEVER, type Micros } from '../../engine/time';
import type { EventKey } from '../../engine/simulator';
import { drawDuration, type DurationDist } from '../draw';
import type { PodObj } from '../cluster/objects';
import type { RateProfileSpec, ResolvedTraffic } from './spec';
import type { ServiceRuntime } from '../service/services';
import { EvenArrivals, PoissonArrivals, type ArrivalProcess } from './arrivals';
import { ClientPopulation } from './clients';
import type { ServedRequest } from './podServer';
import { RetryPolicy } from './retry';
import { constantProfile, diurnalProfile, PiecewiseRateProfile, SineRateProfile, type RateProfile } from './profile';

export function buildRateProfile(p: RateProfileSpec): RateProfile {
  switch (p.kind) {
    case 'constant':
      return constantProfile(p.rps);
    case 'piecewise':
      return new PiecewiseRateProfile(p.points, p.interpolation);
    case 'sine':
      return new SineRateProfile(p.minRps, p.maxRps, p.period, p.phase);
    case 'diurnal':
      return diurnalProfile(p.minRps, p.maxRps, p.peakAt);
  }
}

// Hot-path globals as module constants: under Jest's vm sandbox each global lookup costs ~0.2 µs.
const { round, log } = Math;

/** TrafficSource.nextWork's laws. */
const WORK_FIXED = 0;
const WORK_EXPONENTIAL = 1;
const WORK_UNIFORM = 2;
const WORK_OTHER = 3;
/** Values drawn per refill of a draw-ahead buffer (work here, arrival times in arrivals.ts, clients in clients.ts). */
const BLOCK = 256;

/** The routing cache's view of a pod's usage (models/traffic/podUsage.ts PodUsage). */
export interface RoutedUsage {
  readonly pod: PodObj;
  readonly removed: boolean;
}

export class TrafficSource {
  readonly profile: RateProfile;
  readonly arrivals: ArrivalProcess;
  readonly clients: ClientPopulation;
  readonly work: Uniform;
  /** The work law inline (WORK_*), its parameters as drawWork computes them, and the work stream. */
  private readonly workKind: number;
  private readonly workA: number;
  private readonly workB: number;
  private readonly workStream: RandomStream;
  /** Work values drawn ahead (nextWork): `works[workRead … workFilled)` are the next ones. */
  private readonly works = new Float64Array(BLOCK);
  private workRead = 0;
  private workFilled = 0;
  /** Client timeout per attempt in µs (NEVER: none). */
  readonly timeout: Micros;
  /** Client retries (undefined: one attempt per request). */
  readonly retry: RetryPolicy | undefined;
  /** Closed loop: draws a client's think time (undefined: open loop). */
  readonly think: (() => Micros) | undefined;
  /**
   * Attempts admitted by a pod and watched for their deadline, in arrival (= deadline) order: a ring buffer of the
   * record and the attempt's serial number. An entry whose record has another serial is stale: that attempt ended
   * and its record was reused (so an attempt never keeps its record out of the pool for the whole timeout).
   */
  private ring: (Request | undefined)[] = new Array<Request | undefined>(64).fill(undefined);
  private ringSerial = new Float64Array(64);
  private head = 0;
  private count = 0;
  /** TrafficModel.runsNext's tally for this source's arrivals: questions and yes in the window, arrivals left to skip. */
  inlineAsked = 0;
  inlineHits = 0;
  inlinePause = 0;
  /** The pending timeout event, if any. */
  timer: EventKey | undefined = undefined;
  /**
   * The TrafficModel's routing cache: the pod usage of each endpoint of the Service's load balancer, by position in
   * `routeList` (the balancer's endpoint list it was filled for), so a pick finds its pod without a map lookup.
   */
  routeList: readonly PodObj[] = [];
  /** Each entry is a PodUsage, typed by the two fields read here so that podUsage.ts → trafficSource.ts stays one way. */
  routeUsage: (RoutedUsage | undefined)[] = [];

  constructor(
    readonly spec: ResolvedTraffic,
    readonly service: ServiceRuntime,
    streams: StreamSource,
  ) {
    this.profile = buildRateProfile(spec.profile);
    this.arrivals = spec.arrivals === 'even' ? new EvenArrivals(this.profile) : new PoissonArrivals(this.profile, streams.get(STREAMS.traffic(spec.namespace, spec.name, 'arrivals')));
    this.clients = new ClientPopulation(spec.clients.count, spec.clients.popularity, streams.get(STREAMS.traffic(spec.namespace, spec.name, 'clients')));
    const w = streams.get(STREAMS.traffic(spec.namespace, spec.name, 'work'));
    this.work = () => w.next();
    this.workStream = w;
    const cpu = spec.cpu;
    this.workKind = cpu.kind === 'fixed' ? WORK_FIXED : cpu.kind === 'exponential' ? WORK_EXPONENTIAL : cpu.kind === 'uniform' ? WORK_UNIFORM : WORK_OTHER;
    this.workA = cpu.kind === 'fixed' ? cpu.value * 1000 : cpu.kind === 'exponential' ? cpu.mean * 1000 : cpu.kind === 'uniform' ? cpu.min : 0;
    this.workB = cpu.kind === 'uniform' ? cpu.max - cpu.min : 0;
    this.timeout = spec.timeout ?? NEVER;
    this.retry = spec.retry === undefined ? undefined : new RetryPolicy(spec.retry, streams.get(STREAMS.traffic(spec.namespace, spec.name, 'retry')));
    const closed = spec.closedLoop;
    if (closed === undefined) this.think = undefined;
    else {
      const t = streams.get(STREAMS.traffic(spec.namespace, spec.name, 'think'));
      this.think = () => drawDuration(closed.thinkTime, t);
    }
  }

  /**
   * CPU work of the next request: drawWork(spec.cpu, work) — the same draws and the same arithmetic, with the fixed,
   * exponential and uniform laws written out here (no switch on the law's name, no closure per draw). Drawn BLOCK at
   * a time into `works` (the work stream is this source's alone, so drawing ahead gives every request the value one
   * draw at a time would: the same draws in the same order, only earlier).
   */
  nextWork(): number {
    if (this.workRead === this.workFilled) this.fillWork();
    return this.works[this.workRead++];
  }

  private fillWork(): void {
    const works = this.works;
    const a = this.workA;
    const b = this.workB;
    const stream = this.workStream;
    switch (this.workKind) {
      case WORK_FIXED: {
        const w = round(a);
        works.fill(w >= 1 ? w : 1);
        break;
      }
      case WORK_EXPONENTIAL:
        for (let i = 0; i < BLOCK; i++) {
          const w = round(-a * log(1 - stream.next()));
          works[i] = w >= 1 ? w : 1;
        }
        break;
      case WORK_UNIFORM:
        for (let i = 0; i < BLOCK; i++) {
          const w = round((a + b * stream.next()) * 1000);
          works[i] = w >= 1 ? w : 1;
        }
        break;
      default:
        for (let i = 0; i < BLOCK; i++) works[i] = drawWork(this.spec.cpu, this.work);
    }
    this.workRead = 0;
    this.workFilled = BLOCK;
  }

  /** Watches an admitted request for its deadline. */
  watch(req: Request): void {
    const size = this.ring.length;
    if (this.count === size) {
      const bigger = new Array<Request | undefined>(size * 2).fill(undefined);
      const serials = new Float64Array(size * 2);
      for (let i = 0; i < this.count; i++) {
        bigger[i] = this.ring[(this.head + i) % size];
        serials[i] = this.ringSerial[(this.head + i) % size];
      }
      this.ring = bigger;
      this.ringSerial = serials;
      this.head = 0;
    }
    // (head + count) mod length, without an integer division: both are below length.
    let at = this.head + this.count;
    if (at >= this.ring.length) at -= this.ring.length;
    this.ring[at] = req;
    this.ringSerial[at] = req.serial;
    this.count++;
  }

  /** The oldest watched attempt still in its record, if any (stale entries before it are dropped). */
  peek(): Request | undefined {
    while (this.count > 0) {
      const req = this.ring[this.head]!;
      if (req.serial === this.ringSerial[this.head]) return req;
      this.pop();
    }
    return undefined;
  }

  pop(): void {
    this.ring[this.head] = undefined;
    this.head = this.head + 1 === this.ring.length ? 0 : this.head + 1;
    this.count--;
  }
}


/**
 * One attempt of a Traffic's request, from sending to outcome: a fixed shape (one class, so the engine's hot path
 * stays monomorphic). A retry is a new attempt with the same id, client, work and `first`, and the next `attempt`.
 * Records are reused (the TrafficModel's pool) once nothing needs them: the client has its outcome (`done`), and
 * neither the pod's server (`inServer`) nor a pending retry (`retrying`) still refers to it; `reuse` then makes it a
 * new attempt, exactly as the constructor would, with a new `serial` (the timeout ring tells a reused record by it).
 */
export class Request implements ServedRequest {
  /** Arrival sequence number in the run (0, 1, 2, …): the 1-in-N request trace samples by it. */
  id!: number;
  source!: TrafficSource;
  client!: number;
  arrival!: Micros;
  /** CPU work in millicore-µs (= CPU ns). */
  work!: number;
  memoryBytes!: number;
  /** When the client gives up on this attempt (NEVER: never). */
  deadline!: Micros;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt!: number;
  /** When the client sent the request's first attempt (its client-visible latency runs from here). */
  first!: Micros;
  /** The pod the load balancer picked (undefined: no endpoint). */
  pod: PodObj | undefined = undefined;
  /** The client knows the outcome (a late completion after a timeout changes nothing). */
  done = false;
  /** When the pod's server started serving it (NEVER: not yet), µs: requests.csv splits the latency there. */
  startedAt: Micros = NEVER;
  /** Admitted by a pod's server and not yet completed or failed there. */
  inServer = false;
  /** The attempt's serial number in the run (unique per attempt, unlike the record): the timeout ring checks it. */
  serial!: number;
  /** The argument of a pending retry event (its next attempt is not created yet). */
  retrying = false;

  constructor(serial: number, id: number, source: TrafficSource, client: number, arrival: Micros, work: number, memoryBytes: number, deadline: Micros, attempt: number, first: Micros) {
    this.reuse(serial, id, source, client, arrival, work, memoryBytes, deadline, attempt, first);
  }

  /** Sets every field of a new attempt: the constructor calls it, and a released record becomes a new attempt by it. */
  reuse(serial: number, id: number, source: TrafficSource, client: number, arrival: Micros, work: number, memoryBytes: number, deadline: Micros, attempt: number, first: Micros): this {
    this.serial = serial;
    this.id = id;
    this.source = source;
    this.client = client;
    this.arrival = arrival;
    this.work = work;
    this.memoryBytes = memoryBytes;
    this.deadline = deadline;
    this.attempt = attempt;
    this.first = first;
    this.pod = undefined;
    this.done = false;
    this.startedAt = NEVER;
    this.inServer = false;
    this.retrying = false;
    return this;
  }
}

/**
 * CPU work of one request in millicore-µs, from a DurationDist of one core's CPU time (µs): value × 1000, rounded
 * to the nearest millicore-µs, at least 1. One uniform per draw (two for normal and log-normal), never zero.
 */
export function drawWork(d: DurationDist, u: Uniform): number {
  let v: number;
  switch (d.kind) {
    case 'fixed':
      v = d.value * 1000;
      break;
    case 'uniform':
      v = (d.min + (d.max - d.min) * u()) * 1000;
      break;
    case 'exponential':
      v = exponential(u, d.mean * 1000);
      break;
    case 'normal':
      v = normal(u, d.mean * 1000, d.stddev * 1000);
      break;
    case 'lognormal':
      v = lognormal(u, d.median * 1000, d.sigma);
      break;
  }
  const w = round(v);
  return w >= 1 ? w : 1;
}
