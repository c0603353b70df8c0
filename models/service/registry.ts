/**
 * The registry from a load-balancing policy name (as a scenario writes it) to its factory, and the one constructor
 * the Service model calls. Owns the names and the default; never decides a pick itself.
 */
import type { RandomStream } from '../../engine/random';
import type { LoadBalancer } from './loadBalancer';
import { RoundRobin } from './roundRobin';
import { RandomChoice } from './random';
import { SessionAffinity } from './sessionAffinity';

/** The policy names of the scenario (the Service's load-balancing setting). */
export const LOAD_BALANCING_POLICIES = ['RoundRobin', 'Random'] as const;
export type LoadBalancingPolicy = (typeof LOAD_BALANCING_POLICIES)[number];

/** The default policy: the product spec names RoundRobin. */
export const DEFAULT_LOAD_BALANCING_POLICY: LoadBalancingPolicy = 'RoundRobin';

/** What a factory gets: the Service's own stream (e.g. `service/<namespace>/<name>/lb`), so no other draw shifts. */
export interface LoadBalancerOptions {
  readonly stream: RandomStream;
}

export type LoadBalancerFactory = <E>(options: LoadBalancerOptions) => LoadBalancer<E>;

/** Name → factory. A new policy is one more file beside this one and one more entry here. */
export const LOAD_BALANCER_FACTORIES: Readonly<Record<LoadBalancingPolicy, LoadBalancerFactory>> = {
  RoundRobin: <E>(o: LoadBalancerOptions) =>
    new RoundRobin<E>(
      () => o.stream.next(),
      (n) => {
        if (o.stream.skip !== undefined) o.stream.skip(n);
        else for (let i = 0; i < n; i++) o.stream.next();
      },
    ),
  Random: <E>(o: LoadBalancerOptions) => new RandomChoice<E>(() => o.stream.next()),
};

export function isLoadBalancingPolicy(name: string): name is LoadBalancingPolicy {
  return (LOAD_BALANCING_POLICIES as readonly string[]).includes(name);
}

/**
 * The load balancer of one Service: the named policy, wrapped in ClientIP session affinity when the Service sets
 * `sessionAffinity: ClientIP` (its timeout already defaulted to 10800 and validated to 1..86400 by the manifest
 * loader).
 */
/** A Service's spec.sessionAffinity with its ClientIP timeout (sessionAffinityConfig.clientIP.timeoutSeconds). */
export type SessionAffinitySpec = { readonly type: 'None' } | { readonly type: 'ClientIP'; readonly timeoutSeconds: number };

export function createLoadBalancer<E>(policy: LoadBalancingPolicy, options: LoadBalancerOptions, affinity: SessionAffinitySpec = { type: 'None' }): LoadBalancer<E> {
  if (!isLoadBalancingPolicy(policy)) {
    throw new Error(`unknown load-balancing policy "${String(policy)}" (known: ${LOAD_BALANCING_POLICIES.join(', ')})`);
  }
  const inner = LOAD_BALANCER_FACTORIES[policy]<E>(options);
  return affinity.type === 'None' ? inner : new SessionAffinity<E>(inner, affinity.timeoutSeconds);
}
