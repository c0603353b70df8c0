/**
 * The batch/v1 JobSpec reader shared by Job and CronJob (spec.jobTemplate.spec): SetDefaults_Job's defaults and the
 * validation rules k8sim depends on (restartPolicy Never or OnFailure, podFailurePolicy only with Never, per-index
 * limits only for Indexed Jobs), each error located. Reads only.
 */
import { seconds } from '../../engine/time';
import type { PodFailurePolicyRule, ResolvedJobSpec } from '../../models/batch/spec';
import { resolvePodTemplate } from '../podTemplate';
import { checkInt, Fields } from './fields';

/** backoffLimit when backoffLimitPerIndex is set (math.MaxInt32). */
const MAX_INT32 = 2147483647;
export const JOB_BACKOFF_LIMIT = 6;

export function readJobSpec(spec: Fields, ownerKind: string): ResolvedJobSpec {
  const tmpl = spec.object('template') ?? spec.fail('template', 'required field is missing (expected a pod template)');
  const podSpec = tmpl.object('spec');
  const written = podSpec?.string('restartPolicy');
  if (written !== 'Never' && written !== 'OnFailure') {
    (podSpec ?? tmpl).fail(podSpec ? 'restartPolicy' : 'spec', `expected restartPolicy Never or OnFailure (a ${ownerKind}'s pods run to completion), got ${written === undefined ? 'none (Always)' : `"${written}"`}`);
  }
  const template = resolvePodTemplate(tmpl, { raw: spec.raw('template') });
  const completionsSet = spec.has('completions');
  const parallelismSet = spec.has('parallelism');
  // SetDefaults_Job: neither set → both 1; parallelism alone → completions stays nil (a work queue).
  const completions = spec.int('completions', { min: 0 }) ?? (parallelismSet ? null : 1);
  const parallelism = spec.int('parallelism', { min: 0 }) ?? 1;
  const completionMode = spec.oneOf('completionMode', ['NonIndexed', 'Indexed'] as const) ?? 'NonIndexed';
  if (completionMode === 'Indexed' && !completionsSet) spec.fail('completionMode', 'an Indexed Job needs spec.completions');
  const perIndex = spec.int('backoffLimitPerIndex', { min: 0 });
  const maxFailedIndexes = spec.int('maxFailedIndexes', { min: 0 });
  if (perIndex !== undefined && completionMode !== 'Indexed') spec.fail('backoffLimitPerIndex', 'requires completionMode: Indexed');
  if (maxFailedIndexes !== undefined && perIndex === undefined) spec.fail('maxFailedIndexes', 'requires backoffLimitPerIndex');
  const rules = readPodFailurePolicy(spec);
  if (rules !== undefined && template.spec.restartPolicy !== 'Never') spec.fail('podFailurePolicy', 'requires the pod template restartPolicy Never');
  const deadline = spec.int('activeDeadlineSeconds', { min: 1 });
  const ttl = spec.int('ttlSecondsAfterFinished', { min: 0 });
  const replacement = spec.oneOf('podReplacementPolicy', ['TerminatingOrFailed', 'Failed'] as const);
  if (rules !== undefined && replacement === 'TerminatingOrFailed') spec.fail('podReplacementPolicy', 'must be Failed when podFailurePolicy is set');
  return {
    parallelism,
    completions,
    completionMode,
    backoffLimit: spec.int('backoffLimit', { min: 0 }) ?? (perIndex !== undefined ? MAX_INT32 : JOB_BACKOFF_LIMIT),
    ...(perIndex !== undefined ? { backoffLimitPerIndex: perIndex } : {}),
    ...(maxFailedIndexes !== undefined ? { maxFailedIndexes } : {}),
    ...(deadline !== undefined ? { activeDeadline: seconds(deadline) } : {}),
    ...(ttl !== undefined ? { ttlAfterFinished: seconds(ttl) } : {}),
    suspend: spec.bool('suspend') ?? false,
    ...(rules !== undefined ? { podFailurePolicy: rules } : {}),
    podReplacementPolicy: replacement ?? (rules !== undefined ? 'Failed' : 'TerminatingOrFailed'),
    template,
  };
}

function readPodFailurePolicy(spec: Fields): PodFailurePolicyRule[] | undefined {
  const policy = spec.object('podFailurePolicy');
  if (policy === undefined) return undefined;
  return (policy.list('rules') ?? []).map((it) => {
    const r = Fields.of(spec.doc, it.path, it.value);
    const action = r.requiredOneOf('action', ['FailJob', 'FailIndex', 'Ignore', 'Count'] as const);
    const codes = r.object('onExitCodes');
    const conds = r.list('onPodConditions');
    if ((codes === undefined) === (conds === undefined)) r.fail(undefined, 'expected exactly one of onExitCodes and onPodConditions');
    if (codes !== undefined) {
      const values = (codes.list('values') ?? []).map((v) => checkInt(spec.doc, v.path, v.value));
      if (values.length === 0) codes.fail('values', 'expected at least one exit code');
      const containerName = codes.string('containerName');
      return { action, onExitCodes: { operator: codes.requiredOneOf('operator', ['In', 'NotIn'] as const), values, ...(containerName ? { containerName } : {}) } };
    }
    return {
      action,
      onPodConditions: conds!.map((c) => {
        const f = Fields.of(spec.doc, c.path, c.value);
        return { type: f.requiredString('type'), status: f.oneOf('status', ['True', 'False', 'Unknown'] as const) ?? 'True' };
      }),
    };
  });
}
