/**
 * One Traffic document at run time: its arrival process, client population and work draws (each on its own
 * stream, `traffic/<ns>/<name>/arrivals|clients|work`), its target Service, and the requests whose client timeout
 * is still running, oldest first. Owns no events: the TrafficModel schedules arrivals and timeouts.
 */
import type { Uniform } from '../../engine/random';
import { STREAMS, type StreamSource } from '../streams';
import type { Micros } from '../../engine/time';
import type { EventKey } from '../../engine/simulator';
import type { RateProfileSpec, ResolvedTraffic } from '../../scenarios/types';
import type { ServiceRuntime } from '../service/services';
import { EvenArrivals, PoissonArrivals, type ArrivalProcess } from './arrivals';
import { ClientPopulation } from './clients';
import { constantProfile, diurnalProfile, PiecewiseRateProfile, SineRateProfile, type RateProfile } from './profile';
import type { Request } from './request';

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
  /** Client timeout in µs (Infinity: none). */
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
    this.timeout = spec.timeout ?? Infinity;
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
