/**
 * Random, what kube-proxy's iptables mode does: each new connection goes to one of the n endpoints with
 * probability exactly 1/n (pkg/proxy/iptables/proxier.go, reference §4.2, TV-4.2). Owns no state besides the
 * endpoint list; never reads the clock or Math.random.
 */
import type { Uniform } from '../../engine/random';
import type { Micros } from '../../engine/time';
import type { LoadBalancer, SkippedEndpointLists } from './loadBalancer';
import { sameEndpointSet } from './endpoints';

// Hot-path globals as module constants: under Jest's vm sandbox each global lookup costs ~0.2 µs.
const floor = Math.floor;

/**
 * Draw rule: one uniform u per new connection from the Service's stream, endpoint floor(u·n) — the same 1/n law
 * as the rule cascade `-m statistic --probability 1/(n−i)` without its variable number of draws (TV-4.2).
 */
export class RandomChoice<E> implements LoadBalancer<E> {
  readonly policy = 'Random';
  private list: E[] = [];
  lastIndex = -1;

  constructor(private readonly u: Uniform) {}

  get endpoints(): readonly E[] {
    return this.list;
  }

  /** The rules are rewritten in the caller's stable order; an unchanged set keeps the list as it was. */
  setEndpoints(endpoints: readonly E[], now: Micros, skipped?: SkippedEndpointLists<E>): void {
    if (skipped === undefined && sameEndpointSet(this.list, endpoints)) return;
    this.list = endpoints.slice();
    this.lastIndex = -1;
  }

  pick(client: number, now: Micros): E | undefined {
    const n = this.list.length;
    if (n === 0) {
      this.lastIndex = -1;
      return undefined;
    }
    const i = floor(this.u() * n);
    this.lastIndex = i < n ? i : n - 1;
    return this.list[this.lastIndex];
  }
}

/**
 * The probabilities kube-proxy writes on the service chain's rules for n ready endpoints, as `%0.10f` strings:
 * rule i (0-based, i < n − 1) matches with 1/(n − i); the last endpoint's rule has no condition (not listed).
 */
export function iptablesRuleProbabilities(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n - 1; i++) out.push((1 / (n - i)).toFixed(10));
  return out;
}
