/**
 * The Deployment fields beyond what every workload has: strategy (RollingUpdate maxSurge / maxUnavailable as an
 * integer or a percent, Recreate), revisionHistoryLimit, progressDeadlineSeconds, paused, with SetDefaults_Deployment
 * and ValidateDeploymentStrategy's rules (both 0 is refused, Recreate takes no rollingUpdate). Reads only.
 */
import { DEPLOYMENT_DEFAULTS, type IntOrPercent, type ResolvedDeploymentSpec } from '../../models/cluster/spec';
import { describe, type Fields } from './fields';

/** progressDeadlineSeconds of math.MaxInt32 means no deadline (HasProgressDeadline). */
const NO_DEADLINE = 2147483647;

export function readDeploymentSpec(spec: Fields, name: string): ResolvedDeploymentSpec {
  const d = DEPLOYMENT_DEFAULTS;
  const strategy = spec.object('strategy', ['type', 'rollingUpdate']);
  const type = strategy?.oneOf('type', ['RollingUpdate', 'Recreate'] as const) ?? d.strategy.type;
  const ru = strategy?.object('rollingUpdate', ['maxSurge', 'maxUnavailable']);
  if (type === 'Recreate' && ru !== undefined) strategy!.fail('rollingUpdate', "may not be specified when strategy `type` is 'Recreate'");
  const maxSurge = ru?.has('maxSurge') ? intOrPercent(ru, 'maxSurge') : d.strategy.maxSurge;
  const maxUnavailable = ru?.has('maxUnavailable') ? intOrPercent(ru, 'maxUnavailable') : d.strategy.maxUnavailable;
  if (type === 'RollingUpdate') {
    if (maxUnavailable.kind === 'percent' && maxUnavailable.value > 100) (ru as Fields).fail('maxUnavailable', `Invalid value: "${maxUnavailable.value}%": must not be greater than 100%`);
    if (maxSurge.value === 0 && maxUnavailable.value === 0) {
      const at = ru ?? strategy ?? spec;
      at.fail(ru ? 'maxUnavailable' : undefined, `Invalid value: 0: may not be 0 when \`maxSurge\` is 0 (The Deployment "${name}" is invalid)`);
    }
  }
  const limit = spec.int('revisionHistoryLimit', { min: 0 });
  const deadline = spec.int('progressDeadlineSeconds', { min: 1 });
  const minReady = spec.int('minReadySeconds', { min: 0 }) ?? 0;
  if (deadline !== undefined && deadline !== NO_DEADLINE && deadline <= minReady) {
    spec.fail('progressDeadlineSeconds', `Invalid value: ${deadline}: must be greater than minReadySeconds`);
  }
  return {
    strategy: { type, maxSurge, maxUnavailable },
    revisionHistoryLimit: spec.has('revisionHistoryLimit') ? limit : d.revisionHistoryLimit,
    progressDeadlineSeconds: deadline === NO_DEADLINE ? undefined : (deadline ?? d.progressDeadlineSeconds),
    paused: spec.bool('paused') ?? d.paused,
  };
}

/** intstr.IntOrString: an integer ≥ 0 or a string `N%`. */
function intOrPercent(f: Fields, key: string): IntOrPercent {
  const v = f.raw(key);
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { kind: 'int', value: v };
  if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v);
    if (m) return { kind: 'percent', value: Number(m[1]) };
  }
  return f.fail(key, `expected an integer ≥ 0 or a percentage like 25%, got ${describe(v)}`);
}
