/**
 * RoundRobin exactly as the userspace kube-proxy's LoadBalancerRR (pkg/proxy/userspace/roundrobin.go, removed in
 * v1.26; reference §4.4). Owns the rotation list and index only; never reads the clock or Math.random.
 */
import { shuffle, type Uniform } from '../../engine/random';
import type { Micros } from '../../engine/time';
import type { LoadBalancer, SkippedEndpointLists } from './loadBalancer';
import { sameEndpointSet } from './endpoints';

/**
 * Order rule (deterministic replacement of upstream's ShuffleStrings): when the endpoint set changes, the new
 * list is a seeded Fisher–Yates shuffle of the endpoints in the caller's stable order, drawing (n − 1) uniforms
 * from the Service's stream, and the index resets to 0. An unchanged set keeps both list and index. Shuffling
 * rather than sorting keeps upstream's property that no endpoint is favoured by coming first after every change.
 */
export class RoundRobin<E> implements LoadBalancer<E> {
  readonly policy = 'RoundRobin';
  private list: E[] = [];
  private index = 0;
  lastIndex = -1;

  /**
   * `u`: the Service's uniform source, used only to shuffle on an endpoint-set change; `skip(n)`: advances it by n
   * draws (in O(log n) for a stream's skip; by default n calls of u).
   */
  constructor(
    private readonly u: Uniform,
    private readonly skip: (n: number) => void = (n) => {
      for (let i = 0; i < n; i++) u();
    },
  ) {}

  get endpoints(): readonly E[] {
    return this.list;
  }

  /** The position of the next pick (roundrobin.go state.index). */
  get nextIndex(): number {
    return this.index;
  }

  /**
   * OnEndpointsUpdate: a changed set is shuffled and the index reset; an empty set is resetService (list emptied,
   * index 0); an unchanged set keeps list and index. Skipped lists of the same instant cost their draws only.
   */
  setEndpoints(endpoints: readonly E[], now: Micros, skipped?: SkippedEndpointLists<E>): void {
    if (skipped !== undefined) {
      // Each skipped list was a change, shuffled with (length − 1) draws (none when empty), then discarded.
      this.skip(skipped.totalSize - (skipped.count - skipped.empty));
    } else if (sameEndpointSet(this.list, endpoints)) return;
    this.list = shuffle(this.u, endpoints.slice());
    this.index = 0;
    this.lastIndex = -1;
  }

  /** NextEndpoint without affinity: endpoints[index], then index = (index + 1) mod n. */
  pick(client: number, now: Micros): E | undefined {
    const n = this.list.length;
    if (n === 0) {
      this.lastIndex = -1;
      return undefined;
    }
    const i = this.index;
    this.lastIndex = i;
    this.index = i + 1 === n ? 0 : i + 1;
    return this.list[i];
  }
}
