/**
 * Builders for Job and CronJob model tests: a resolved Job spec with SetDefaults_Job's defaults, a CronJob around
 * it, and readers of the records (pod creation times, a Job's events). Mirrors what the loader produces.
 */
import { seconds } from '../../../engine/time';
import type { ResolvedCronJob, ResolvedCronJobSpec, ResolvedJob, ResolvedJobSpec } from '../../../models/batch/spec';
import type { MemoryRecorder } from '../../../models/recorder';
import { podSpec } from '../../support/build';

export function jobSpec(labels: Record<string, string>, extra: Partial<ResolvedJobSpec> = {}, restartPolicy: 'Never' | 'OnFailure' = 'Never'): ResolvedJobSpec {
  return {
    parallelism: 1,
    completions: 1,
    completionMode: 'NonIndexed',
    backoffLimit: 6,
    suspend: false,
    podReplacementPolicy: extra.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed',
    template: { labels, annotations: {}, spec: podSpec({ restartPolicy }), raw: labels },
    ...extra,
  };
}

export function job(name: string, spec: ResolvedJobSpec): ResolvedJob {
  return { namespace: 'default', name, labels: {}, annotations: {}, spec, source: { file: 'test', line: 1 } };
}

export function cronJob(name: string, spec: Partial<ResolvedCronJobSpec> & { schedule: string; job: ResolvedJobSpec }): ResolvedCronJob {
  const { job: jobSpecOf, ...rest } = spec;
  return {
    namespace: 'default',
    name,
    labels: {},
    spec: {
      concurrencyPolicy: 'Allow',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      suspend: false,
      jobTemplate: { labels: {}, annotations: {}, spec: jobSpecOf },
      ...rest,
    },
    source: { file: 'test', line: 1 },
  };
}

/** Seconds at which pods whose name starts with `prefix` were created (their first pods.csv row). */
export function podCreations(rec: MemoryRecorder, prefix: string): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  for (const r of rec.pods) {
    if (!r.pod.startsWith(prefix) || seen.has(r.pod)) continue;
    seen.add(r.pod);
    out.push(r.time / 1e6);
  }
  return out;
}

/** `Type Reason 'message'` of the events on one object, in emission order. */
export function eventsOf(rec: MemoryRecorder, kind: string, name: string): string[] {
  return rec.events.filter((e) => e.kind === kind && e.name === name).map((e) => `${e.type} ${e.reason} '${e.message}'`);
}

export const at = (s: number) => seconds(s);
