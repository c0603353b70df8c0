/**
 * The Services model's settings (Simulation `services`) and their defaults: the load-balancing policy of Services
 * without the annotation, and kube-proxy's sync delay. Defined here, by the model; scenarios/defaults.ts lists them.
 * Plain data: no parsing, no logic.
 */
import { seconds, type Micros } from '../../engine/time';
import type { LoadBalancingPolicy } from './registry';

export interface ServiceSettings {
  /** Policy of Services without the `k8sim.io/load-balancing` annotation. */
  readonly loadBalancing: LoadBalancingPolicy;
  /** kube-proxy sync delay: an endpoint change reaches the load balancers this long after it happened. */
  readonly proxySyncDelay: Micros;
}

/** Policy of Services without the annotation: the product spec names RoundRobin. */
export const SERVICE_LOAD_BALANCING = 'RoundRobin' as const;
/** kube-proxy minSyncPeriod (virtual-ips.md: "The default value of 1s"): endpoint changes reach the rules this late. */
export const PROXY_SYNC_DELAY: Micros = seconds(1);
