/**
 * The load-balancing policy contract of a Service (one kube-proxy service port). Owns the interface only; policies
 * live one per file beside it and the name → factory registry in registry.ts.
 */
import type { Micros } from '../../engine/time';

/**
 * The endpoint lists kube-proxy applied within one instant before the final one, which no pick can have seen,
 * summarized so a policy ends in exactly the state that applying each in turn would leave (draws, dropped entries).
 * Each skipped list differed from the one before it.
 */
export interface SkippedEndpointLists<E> {
  /** How many lists were skipped (≥ 1). */
  readonly count: number;
  /** Their summed lengths. */
  readonly totalSize: number;
  /** How many of them were empty. */
  readonly empty: number;
  /** Endpoints that some skipped list or the final one lacked (a superset is fine outside the list in use). */
  readonly departed: ReadonlySet<E>;
}

/**
 * One Service's load balancer, as kube-proxy holds it for one service port. `E` is an opaque endpoint (a pod, its
 * uid, an `ip:port`), compared by identity (===). Implementations keep only their own choice state (an index, an
 * affinity map); they decide, and never touch pods or the event queue.
 */
export interface LoadBalancer<E> {
  /** The policy's name as users write it (`RoundRobin`, `Random`, `ClientIP/RoundRobin`, ...). */
  readonly policy: string;
  /**
   * A kube-proxy sync: the endpoints in use from now on, in the caller's stable order (e.g. sorted by pod name).
   * The set, not the order, decides whether anything changed: an unchanged set keeps all choice state. With
   * `skipped`, the lists of `skipped` were applied first (so the set did change, whatever `endpoints` holds).
   */
  setEndpoints(endpoints: readonly E[], now: Micros, skipped?: SkippedEndpointLists<E>): void;
  /**
   * The endpoint for a new connection from `client` (a non-negative integer id) at `now`, or undefined when the
   * Service has no endpoints (the caller answers 503). `sessionAffinityReset` is the userspace proxy's retry flag:
   * ignore any affinity entry and take the policy's next pick.
   */
  pick(client: number, now: Micros, sessionAffinityReset?: boolean): E | undefined;
  /** The endpoints in the policy's current order (RoundRobin: rotation order). */
  readonly endpoints: readonly E[];
  /**
   * Where in `endpoints` the endpoint of the last pick stands, or −1 (no pick yet, no endpoint, or a pick not taken
   * from the list by position: a ClientIP affinity hit). Lets a caller keep per-endpoint state in an array beside
   * `endpoints` instead of a map keyed by endpoint; never changes a pick.
   */
  readonly lastIndex: number;
  /** Periodic housekeeping that never changes a pick, only memory (ClientIP: CleanupStaleStickySessions). */
  cleanup?(now: Micros): void;
}
