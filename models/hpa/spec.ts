/**
 * From an HPA manifest as written (autoscaling/v1, v2 or v2beta2) to the autoscaling/v2 spec the controller works on:
 * v1 → v2 conversion and the API defaults (pkg/apis/autoscaling/v2/defaults.go: minReplicas 1, cpu 80 % when no
 * metric, behavior rules filled field by field), plus the controller-side defaults (maybeInitScaleDownStabilizationWindow,
 * tolerancesForHpa). Validation lives in manifest.ts; this module trusts its input's shape.
 */
import { toSeconds } from '../../engine/time';
import { parseMilli } from '../../engine/quantity';
import type { HpaControllerSettings } from './settings';
import type {
  HPAScalingRulesInput,
  HorizontalPodAutoscalerManifest,
  HpaScalingRules,
  MetricSpecInput,
  QuantityInput,
  ResolvedHpaSpec,
  Tolerances,
} from './types';

/** autoscaling.DefaultCPUUtilization. */
export const DEFAULT_CPU_UTILIZATION = 80;

const DEFAULT_SCALE_UP: HpaScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
  tolerance: null,
};

const DEFAULT_SCALE_DOWN_POLICIES = [{ type: 'Percent', value: 100, periodSeconds: 15 }];

function cpuUtilization(percent: number): MetricSpecInput {
  return { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: percent } } };
}

/** Quantity.AsApproximateFloat64 (exact for the values a tolerance takes: `0.05`, `50m`, `1`). */
export function approximateFloat(q: QuantityInput): number {
  if (typeof q === 'number') return q;
  const plain = Number(q.trim());
  if (q.trim() !== '' && Number.isFinite(plain)) return plain;
  const milli = parseMilli(q);
  return milli === undefined ? NaN : milli / 1000;
}

/** copyHPAScalingRules over the defaults; a window left unset (scale-down) comes from the controller's flag. */
function resolveRules(
  from: HPAScalingRulesInput | null | undefined,
  defaults: Omit<HpaScalingRules, 'stabilizationWindowSeconds'> & { stabilizationWindowSeconds: number },
): HpaScalingRules {
  if (from === null || from === undefined) return defaults;
  return {
    stabilizationWindowSeconds: from.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
    selectPolicy: from.selectPolicy ?? defaults.selectPolicy,
    policies: from.policies ?? defaults.policies,
    tolerance: from.tolerance === null || from.tolerance === undefined ? defaults.tolerance : approximateFloat(from.tolerance),
  };
}

/** The v2 spec with every default applied. */
export function resolveHpaSpec(manifest: HorizontalPodAutoscalerManifest, settings: HpaControllerSettings): ResolvedHpaSpec {
  const spec = manifest.spec;
  const isV1 = manifest.apiVersion === 'autoscaling/v1';
  let metrics: readonly MetricSpecInput[];
  if (isV1) {
    metrics = [cpuUtilization(spec.targetCPUUtilizationPercentage ?? DEFAULT_CPU_UTILIZATION)];
  } else {
    metrics = spec.metrics && spec.metrics.length > 0 ? spec.metrics : [cpuUtilization(DEFAULT_CPU_UTILIZATION)];
  }
  let behavior: ResolvedHpaSpec['behavior'] = null;
  if (!isV1 && spec.behavior !== null && spec.behavior !== undefined) {
    // maybeInitScaleDownStabilizationWindow: int32(downscaleStabilisationWindow.Seconds())
    const downWindow = Math.trunc(toSeconds(settings.downscaleStabilizationWindow));
    behavior = {
      scaleUp: resolveRules(spec.behavior.scaleUp, DEFAULT_SCALE_UP),
      scaleDown: resolveRules(spec.behavior.scaleDown, {
        stabilizationWindowSeconds: downWindow,
        selectPolicy: 'Max',
        policies: DEFAULT_SCALE_DOWN_POLICIES,
        tolerance: null,
      }),
    };
  }
  return {
    namespace: manifest.metadata?.namespace ?? 'default',
    minReplicas: spec.minReplicas ?? 1,
    maxReplicas: spec.maxReplicas,
    metrics,
    behavior,
  };
}

/** tolerancesForHpa: the controller's tolerance, overridden per direction by `behavior.*.tolerance` (KEP-4951). */
export function tolerancesForHpa(spec: ResolvedHpaSpec, settings: HpaControllerSettings): Tolerances {
  if (spec.behavior === null) return settings.tolerance;
  return {
    scaleUp: spec.behavior.scaleUp.tolerance ?? settings.tolerance.scaleUp,
    scaleDown: spec.behavior.scaleDown.tolerance ?? settings.tolerance.scaleDown,
  };
}
