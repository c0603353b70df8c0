/**
 * An alternative policy for comparison: target tracking with cooldowns, in the style of cloud autoscaling groups.
 * desired = ceil(Σ CPU usage of ready pods with a sample ÷ (targetUtilization × CPU request per pod)), clamped to
 * the HPA's min/max; a scale-out waits `scaleOutCooldown` after the last change, a scale-in `scaleInCooldown`.
 * No tolerance band, no stabilization window, no rate limit: the contrast to the Kubernetes HPA is the point.
 */
import { US_PER_SECOND } from '../../../engine/time';
import { replicaBounds, type AutoscalerPolicy, type AutoscalerPolicyFactory } from './policy';

interface TargetTrackingHistory {
  readonly lastChange: number | null;
}

export const TARGET_TRACKING = 'TargetTracking';

function numberParam(p: Readonly<Record<string, unknown>>, name: string, fallback: number): number {
  const v = p[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new Error(`parameter ${name} must be a positive number, got ${JSON.stringify(v)}`);
  return v;
}

const PARAMETERS = ['targetUtilization', 'scaleOutCooldownSeconds', 'scaleInCooldownSeconds'];

export const targetTracking: AutoscalerPolicyFactory = (params) => {
  for (const name of Object.keys(params)) {
    if (!PARAMETERS.includes(name)) throw new Error(`unknown parameter ${name}; expected ${PARAMETERS.join(', ')}`);
  }
  const targetUtilization = numberParam(params, 'targetUtilization', 50);
  const scaleOutCooldown = numberParam(params, 'scaleOutCooldownSeconds', 60) * US_PER_SECOND;
  const scaleInCooldown = numberParam(params, 'scaleInCooldownSeconds', 300) * US_PER_SECOND;
  const policy: AutoscalerPolicy<TargetTrackingHistory> = {
    name: TARGET_TRACKING,
    decide(input, previous) {
      const { min, max } = replicaBounds(input.hpa);
      const current = input.scale.specReplicas;
      let usage = 0;
      let request = 0;
      let counted = 0;
      for (const pod of input.pods) {
        if (pod.deleted || pod.phase !== 'Running' || pod.ready?.status !== 'True' || !pod.metrics) continue;
        const cpu = pod.metrics.usage.cpu;
        if (cpu === undefined) continue;
        usage += cpu;
        request += pod.containers.reduce((s, c) => s + (c.requests.cpu ?? 0), 0);
        counted++;
      }
      if (counted === 0 || request === 0) return { desiredReplicas: current, history: previous, reason: 'no ready pod with a CPU sample' };
      const perPodRequest = request / counted;
      const wanted = Math.ceil(usage / ((targetUtilization / 100) * perPodRequest));
      const desired = Math.min(max, Math.max(min, wanted));
      const last = previous?.lastChange ?? null;
      const cooldown = desired > current ? scaleOutCooldown : scaleInCooldown;
      if (desired === current || (last !== null && input.now - last < cooldown)) {
        return { desiredReplicas: current, history: previous ?? { lastChange: null }, reason: desired === current ? 'on target' : 'cooling down' };
      }
      const util = Math.round((usage * 100) / request);
      return {
        desiredReplicas: desired,
        history: { lastChange: input.now },
        reason: `cpu utilization ${util}% against target ${targetUtilization}%`,
        events: [{ type: 'Normal', reason: 'SuccessfulRescale', message: `New size: ${desired}; reason: target tracking, cpu utilization ${util}% against target ${targetUtilization}%` }],
      };
    },
  };
  return policy as AutoscalerPolicy;
};
