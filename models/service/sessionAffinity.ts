/**
 * ClientIP session affinity layered on any policy, with the userspace proxy's rules (roundrobin.go NextEndpoint,
 * updateAffinityMap, resetService; reference §4.4, TV-4.4). Owns the client → endpoint map only; never reads the
 * clock (time comes in as `now`) and never schedules events.
 */
import { seconds, type Micros } from '../../engine/time';
import type { LoadBalancer, SkippedEndpointLists } from './loadBalancer';
import { sameEndpointSet } from './endpoints';

interface AffinityEntry<E> {
  endpoint: E;
  lastUsed: Micros;
}

/**
 * Stickiness: an entry is used while int(seconds since lastUsed) < timeoutSeconds, i.e. while now − lastUsed <
 * timeoutSeconds·10⁶ µs, and each use refreshes lastUsed. A miss asks the underlying policy and records the pick.
 */
export class SessionAffinity<E> implements LoadBalancer<E> {
  readonly policy: string;
  private readonly ttl: Micros;
  private readonly affinity = new Map<number, AffinityEntry<E>>();
  /** An affinity hit is not a position in the list (−1); a miss is the underlying policy's pick. */
  lastIndex = -1;

  /** `timeoutSeconds`: sessionAffinityConfig.clientIP.timeoutSeconds, a positive integer. */
  constructor(
    private readonly inner: LoadBalancer<E>,
    readonly timeoutSeconds: number,
  ) {
    if (!(Number.isInteger(timeoutSeconds) && timeoutSeconds > 0)) {
      throw new Error(`session affinity timeoutSeconds must be a positive integer, got ${timeoutSeconds}`);
    }
    this.ttl = seconds(timeoutSeconds);
    this.policy = `ClientIP/${inner.policy}`;
  }

  get endpoints(): readonly E[] {
    return this.inner.endpoints;
  }

  /** Clients with an affinity entry (expired ones included until cleaned up or overwritten). */
  get affinityEntries(): number {
    return this.affinity.size;
  }

  /** The endpoint `client` is stuck to at `now`, if its entry is still live. */
  stickyEndpoint(client: number, now: Micros): E | undefined {
    const a = this.affinity.get(client);
    return a !== undefined && now - a.lastUsed < this.ttl ? a.endpoint : undefined;
  }

  /**
   * An endpoint-set change drops the entries of endpoints that left (updateAffinityMap); an empty set clears the
   * whole map (resetService). An unchanged set touches nothing. Then the underlying policy sees the update.
   */
  setEndpoints(endpoints: readonly E[], now: Micros, skipped?: SkippedEndpointLists<E>): void {
    const current = this.inner.endpoints;
    if (skipped !== undefined) {
      // Each skipped list dropped the entries of endpoints it lacked, or all of them when empty.
      if (skipped.empty > 0 || endpoints.length === 0) {
        this.affinity.clear();
      } else if (this.affinity.size > 0) {
        const keep = new Set(endpoints);
        for (const [client, a] of this.affinity) if (!keep.has(a.endpoint) || skipped.departed.has(a.endpoint)) this.affinity.delete(client);
      }
    } else if (!sameEndpointSet(current, endpoints)) {
      if (endpoints.length === 0) {
        this.affinity.clear();
      } else if (this.affinity.size > 0) {
        const keep = new Set(endpoints);
        for (const [client, a] of this.affinity) if (!keep.has(a.endpoint)) this.affinity.delete(client);
      }
    }
    this.inner.setEndpoints(endpoints, now, skipped);
  }

  pick(client: number, now: Micros, sessionAffinityReset = false): E | undefined {
    this.lastIndex = -1;
    if (this.inner.endpoints.length === 0) return undefined;
    let a = this.affinity.get(client);
    if (!sessionAffinityReset && a !== undefined && now - a.lastUsed < this.ttl) {
      a.lastUsed = now; // affinity wins; the underlying policy is not consulted (the RR index does not move)
      return a.endpoint;
    }
    const e = this.inner.pick(client, now);
    if (e === undefined) return undefined;
    this.lastIndex = this.inner.lastIndex;
    if (a === undefined) {
      a = { endpoint: e, lastUsed: now };
      this.affinity.set(client, a);
    } else {
      a.endpoint = e;
      a.lastUsed = now;
    }
    return e;
  }

  /** CleanupStaleStickySessions: forgets entries with int(seconds since lastUsed) ≥ timeout. Never changes a pick. */
  cleanup(now: Micros): void {
    this.cleanupStaleStickySessions(now);
  }

  cleanupStaleStickySessions(now: Micros): void {
    for (const [client, a] of this.affinity) if (now - a.lastUsed >= this.ttl) this.affinity.delete(client);
  }
}
