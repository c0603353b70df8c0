/**
 * kube-controller-manager's HPA settings as a user writes them: a Simulation's `spec.hpaController` and an
 * `hpa explain` snapshot's `controller` read through this one key list and one set of rules. The defaults live in
 * models/hpa/settings.ts; this file only reads, and never decides which keys a caller refuses.
 */
import { resolveHpaControllerSettings, type HpaControllerSettings, type HpaControllerSettingsInput } from '../../models/hpa';
import type { Fields } from './fields';

export const HPA_CONTROLLER_FIELDS = [
  'syncPeriod',
  'tolerance',
  'cpuInitializationPeriod',
  'initialReadinessDelay',
  'downscaleStabilizationWindow',
  'scaleUpLimitFactor',
  'scaleUpLimitMinimum',
  'metricsWindow',
];

/**
 * The settings in `f` (a mapping already checked against HPA_CONTROLLER_FIELDS; undefined = all defaults).
 * `tolerance` is a number for both directions or `{scaleUp, scaleDown}`, a missing direction keeping its default.
 */
export function readHpaControllerSettings(f: Fields | undefined): HpaControllerSettings {
  if (!f) return resolveHpaControllerSettings();
  let tolerance: HpaControllerSettingsInput['tolerance'];
  const t = f.raw('tolerance');
  if (typeof t === 'number') tolerance = f.number('tolerance', { min: 0 });
  else if (t !== undefined) {
    const tf = f.object('tolerance', ['scaleUp', 'scaleDown'], 'a number, or {scaleUp, scaleDown}');
    tolerance = { scaleUp: tf?.number('scaleUp', { min: 0 }), scaleDown: tf?.number('scaleDown', { min: 0 }) };
  }
  return resolveHpaControllerSettings({
    syncPeriod: f.duration('syncPeriod', { positive: true }),
    tolerance,
    cpuInitializationPeriod: f.duration('cpuInitializationPeriod'),
    initialReadinessDelay: f.duration('initialReadinessDelay'),
    downscaleStabilizationWindow: f.duration('downscaleStabilizationWindow'),
    scaleUpLimitFactor: f.number('scaleUpLimitFactor', { min: 1 }),
    scaleUpLimitMinimum: f.int('scaleUpLimitMinimum', { min: 1 }),
    metricsWindow: f.duration('metricsWindow'),
  });
}
