/**
 * The HorizontalPodAutoscaler controller's settings and their defaults, in one place.
 * Defaults follow kube-controller-manager (pkg/controller/podautoscaler/config/v1alpha1/defaults.go,
 * RecommendedDefaultHPAControllerConfiguration) and the hard-coded legacy limits of horizontal.go.
 * Plain data and a resolver: nothing here reads the clock.
 */
import { minutes, seconds, type Micros } from '../../engine/time';
import type { Tolerances } from './types';

export interface HpaControllerSettings {
  /** --horizontal-pod-autoscaler-sync-period: how often the controller loop reconciles each HPA. */
  readonly syncPeriod: Micros;
  /**
   * --horizontal-pod-autoscaler-tolerance, per direction (KEP-4951 `Tolerances`): a usage ratio r is "close enough"
   * when 1 - scaleDown <= r <= 1 + scaleUp. An HPA's `behavior.scaleUp/scaleDown.tolerance` overrides it.
   */
  readonly tolerance: Tolerances;
  /** --horizontal-pod-autoscaler-cpu-initialization-period: CPU samples of younger pods are trusted only once Ready. */
  readonly cpuInitializationPeriod: Micros;
  /** --horizontal-pod-autoscaler-initial-readiness-delay (delayOfInitialReadinessStatus in replica_calculator.go). */
  readonly initialReadinessDelay: Micros;
  /**
   * --horizontal-pod-autoscaler-downscale-stabilization: the legacy path's look-back window, and the default
   * `behavior.scaleDown.stabilizationWindowSeconds` (maybeInitScaleDownStabilizationWindow).
   */
  readonly downscaleStabilizationWindow: Micros;
  /** horizontal.go `scaleUpLimitFactor` (legacy path only): at most factor × current replicas per sync. */
  readonly scaleUpLimitFactor: number;
  /** horizontal.go `scaleUpLimitMinimum` (legacy path only): the legacy up-limit is never below this. */
  readonly scaleUpLimitMinimum: number;
  /**
   * Not a controller flag: the window a pod's resource metric sample covers when the input does not say
   * (metrics-server reports the time between its last two scrapes; its official manifests scrape every 15 s).
   */
  readonly metricsWindow: Micros;
}

export const DEFAULT_HPA_CONTROLLER_SETTINGS: HpaControllerSettings = Object.freeze({
  syncPeriod: seconds(15),
  tolerance: Object.freeze({ scaleUp: 0.1, scaleDown: 0.1 }),
  cpuInitializationPeriod: minutes(5),
  initialReadinessDelay: seconds(30),
  downscaleStabilizationWindow: minutes(5),
  scaleUpLimitFactor: 2,
  scaleUpLimitMinimum: 4,
  metricsWindow: seconds(15),
});

/** Settings as a user writes them: every field optional, `tolerance` either one number or per direction. */
export interface HpaControllerSettingsInput {
  readonly syncPeriod?: Micros;
  readonly tolerance?: number | Partial<Tolerances>;
  readonly cpuInitializationPeriod?: Micros;
  readonly initialReadinessDelay?: Micros;
  readonly downscaleStabilizationWindow?: Micros;
  readonly scaleUpLimitFactor?: number;
  readonly scaleUpLimitMinimum?: number;
  readonly metricsWindow?: Micros;
}

/** Applies the defaults above to whatever the user set. */
export function resolveHpaControllerSettings(input: HpaControllerSettingsInput = {}): HpaControllerSettings {
  const d = DEFAULT_HPA_CONTROLLER_SETTINGS;
  const t = input.tolerance;
  const tolerance: Tolerances =
    t === undefined
      ? d.tolerance
      : typeof t === 'number'
        ? { scaleUp: t, scaleDown: t }
        : { scaleUp: t.scaleUp ?? d.tolerance.scaleUp, scaleDown: t.scaleDown ?? d.tolerance.scaleDown };
  return {
    syncPeriod: input.syncPeriod ?? d.syncPeriod,
    tolerance,
    cpuInitializationPeriod: input.cpuInitializationPeriod ?? d.cpuInitializationPeriod,
    initialReadinessDelay: input.initialReadinessDelay ?? d.initialReadinessDelay,
    downscaleStabilizationWindow: input.downscaleStabilizationWindow ?? d.downscaleStabilizationWindow,
    scaleUpLimitFactor: input.scaleUpLimitFactor ?? d.scaleUpLimitFactor,
    scaleUpLimitMinimum: input.scaleUpLimitMinimum ?? d.scaleUpLimitMinimum,
    metricsWindow: input.metricsWindow ?? d.metricsWindow,
  };
}
