/**
 * One Traffic document at run time: its arrival process, client population and work draws (each on its own
 * stream, `traffic/<ns>/<name>/arrivals|clients|work`), its target Service, its requests from arrival to outcome
 * (one plain record each) and those whose client timeout is still running, oldest first. Owns no events: the
 * TrafficModel schedules arrivals and timeouts and records outcomes.
 */
import { exponential, lognormal, normal, type Uniform } from '../../engine/random';
import { STREAMS, type StreamSource } from '../streams';
import { NEVER, type Micros } from '../../engine/time';
import type { EventKey } from '../../engine/simulator';
import type { DurationDist } from '../draw';
import type { PodObj } from '../cluster/objects';
import type { RateProfileSpec, ResolvedTraffic } from './spec';
import type { ServiceRuntime } from '../service/services';
import { EvenArrivals, PoissonArrivals, type ArrivalProcess } from './arrivals';
import { ClientPopulation } from './clients';
import type { ServedRequest } from './podServer';
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

export class TrafficSource {
  readonly profile: RateProfile;
  readonly arrivals: ArrivalProcess;
  readonly clients: ClientPopulation;
  readonly work: Uniform;
  /** Client timeout in µs (NEVER: none). */
  readonly timeout: Micros;
  /** Requests admitted by a pod and watched for their deadline, in arrival (= deadline) order: a ring buffer. */
  private ring: (Request | undefined)[] = new Array<Request | undefined>(64).fill(undefined);
  private head = 0;
  private count = 0;
  /** The pending timeout event, if any. */
  timer: EventKey | undefined = undefined;

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
    this.timeout = spec.timeout ?? NEVER;
  }

  /** Watches an admitted request for its deadline. */
  watch(req: Request): void {
    if (this.count === this.ring.length) {
      const bigger = new Array<Request | undefined>(this.ring.length * 2).fill(undefined);
      for (let i = 0; i < this.count; i++) bigger[i] = this.ring[(this.head + i) % this.ring.length];
      this.ring = bigger;
      this.head = 0;
    }
    this.ring[(this.head + this.count) % this.ring.length] = req;
    this.count++;
  }

  /** The oldest watched request, if any. */
  peek(): Request | undefined {
    return this.count === 0 ? undefined : this.ring[this.head];
  }

  pop(): void {
    this.ring[this.head] = undefined;
    this.head = this.head + 1 === this.ring.length ? 0 : this.head + 1;
    this.count--;
  }
}

// Hot-path globals as module constants: under Jest's vm sandbox each global lookup costs ~0.2 µs.
const round = Math.round;

/** One request of a Traffic, from arrival to outcome: a fixed shape (one class, so the engine's hot path stays monomorphic). */
export class Request implements ServedRequest {
  /** The pod the load balancer picked (undefined: no endpoint). */
  pod: PodObj | undefined = undefined;
  /** The client knows the outcome (a late completion after a timeout changes nothing). */
  done = false;
  /** When the pod's server started serving it (NEVER: not yet), µs: requests.csv splits the latency there. */
  startedAt: Micros = NEVER;

  constructor(
    /** Arrival sequence number in the run (0, 1, 2, …): the 1-in-N request trace samples by it. */
    readonly id: number,
    readonly source: TrafficSource,
    readonly client: number,
    readonly arrival: Micros,
    /** CPU work in millicore-µs (= CPU ns). */
    readonly work: number,
    readonly memoryBytes: number,
    /** When the client gives up (NEVER: never). */
    readonly deadline: Micros,
  ) {}
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
