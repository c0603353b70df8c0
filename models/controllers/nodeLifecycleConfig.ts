/**
 * The node lifecycle controller's settings (Simulation `nodeLifecycle`) and their kube-controller-manager defaults.
 * Defined here, by the model; scenarios/defaults.ts lists them. Plain data: no parsing, no logic.
 */
import { seconds, type Micros } from '../../engine/time';

export interface NodeLifecycleSettings {
  /** node-monitor-grace-period (50 s since v1.32; 40 s before). */
  readonly monitorGracePeriod: Micros;
  /** node-monitor-period. */
  readonly monitorPeriod: Micros;
  /** DefaultTolerationSeconds for not-ready/unreachable NoExecute taints. */
  readonly tolerationSeconds: number;
}

/** --node-monitor-grace-period: 50 s since v1.32 (PR #126287; 40 s before). */
export const NODE_MONITOR_GRACE_PERIOD: Micros = seconds(50);
/** --node-monitor-period. */
export const NODE_MONITOR_PERIOD: Micros = seconds(5);
/** DefaultTolerationSeconds admission plugin: not-ready/unreachable NoExecute tolerations of 300 s. */
export const DEFAULT_TOLERATION_SECONDS = 300;
