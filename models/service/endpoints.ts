/**
 * Which of a Service's endpoints receive traffic (kube-proxy's CategorizeEndpoints) and when an endpoint set has
 * changed. Pure functions over plain flags; never reads pods or the clock.
 */

/** An endpoint as an EndpointSlice describes it (discovery.k8s.io/v1 EndpointConditions). */
export interface EndpointCandidate<E> {
  readonly endpoint: E;
  /** `ready`: the pod is Ready and not terminating. */
  readonly ready: boolean;
  /** `serving`: the pod is Ready, whether terminating or not. */
  readonly serving: boolean;
  /** `terminating`: the pod has a deletionTimestamp. */
  readonly terminating: boolean;
}

/**
 * The endpoints kube-proxy uses (pkg/proxy/topology.go CategorizeEndpoints, without topology hints): the ready ones;
 * when none is ready, the serving-and-terminating ones; never a not-ready, not-serving one. Keeps the input order.
 */
export function categorizeEndpoints<E>(candidates: readonly EndpointCandidate<E>[]): E[] {
  const ready: E[] = [];
  for (const c of candidates) if (c.ready) ready.push(c.endpoint);
  if (ready.length > 0) return ready;
  const fallback: E[] = [];
  for (const c of candidates) if (c.serving && c.terminating) fallback.push(c.endpoint);
  return fallback;
}

/**
 * True when `next` holds exactly the members of `current`, compared as sets by identity, as roundrobin.go's
 * slicesEquiv compares sorted copies (both lists are duplicate-free).
 */
export function sameEndpointSet<E>(current: readonly E[], next: readonly E[]): boolean {
  if (current.length !== next.length) return false;
  if (current.length <= 8) {
    for (const e of next) if (!current.includes(e)) return false;
    return true;
  }
  const set = new Set(current);
  for (const e of next) if (!set.has(e)) return false;
  return true;
}
