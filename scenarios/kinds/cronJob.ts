/**
 * batch/v1 CronJob: Jobs started on a cron schedule (time zone, concurrencyPolicy, startingDeadlineSeconds, history
 * limits, suspend). A schedule or time zone that does not parse is a located error. Reads only; the controller
 * lives in models/batch/cronJob.ts.
 */
import type { KindHandler } from './kindHandler';
import { Fields } from './fields';
import { readJobSpec } from './jobSpec';
import { readLabels, readObjectMeta } from './objectMeta';
import { parseCronSchedule, timeZoneProblem } from '../../models/batch/cronSchedule';

export const cronJobKind: KindHandler = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  schema: () => (require('kubernetes-models/batch/v1/CronJob') as typeof import('kubernetes-models/batch/v1/CronJob')).CronJob,
  read(doc, draft) {
    const meta = readObjectMeta(doc, { namespaced: true });
    if (meta.name.length > 52) doc.fail(['metadata', 'name'], `must be no more than 52 characters (Job names add 11), got ${meta.name.length}`);
    const root = Fields.of(doc, [], doc.value);
    const spec = root.object('spec') ?? root.fail('spec', 'required field is missing (a CronJob needs spec.schedule and spec.jobTemplate)');
    const schedule = spec.requiredString('schedule', { nonEmpty: true });
    const timeZone = spec.string('timeZone');
    if (timeZone !== undefined) {
      const problem = timeZoneProblem(timeZone);
      if (problem !== undefined) spec.fail('timeZone', `invalid time zone "${timeZone}": ${problem}`);
    }
    const parsed = parseCronSchedule(schedule, timeZone);
    if (typeof parsed === 'string') spec.fail('schedule', `unparseable schedule "${schedule}": ${parsed} (expected 5 fields: minute hour day-of-month month day-of-week, or @hourly, @daily, @every 90m, ...)`);
    const jt = spec.object('jobTemplate') ?? spec.fail('jobTemplate', 'required field is missing (expected a Job template)');
    const jtMeta = jt.object('metadata');
    const jtSpec = jt.object('spec') ?? jt.fail('spec', 'required field is missing (expected a Job spec)');
    const jobSpec = readJobSpec(jtSpec, 'CronJob');
    const startingDeadlineSeconds = spec.int('startingDeadlineSeconds', { min: 0 });
    draft.claim(`CronJob/${meta.namespace}/${meta.name}`, `CronJob ${meta.namespace}/${meta.name}`, doc, ['metadata', 'name']);
    draft.useNamespace(meta.namespace);
    draft.cronJobs.push({
      namespace: meta.namespace,
      name: meta.name,
      labels: meta.labels,
      spec: {
        schedule,
        ...(timeZone !== undefined ? { timeZone } : {}),
        concurrencyPolicy: spec.oneOf('concurrencyPolicy', ['Allow', 'Forbid', 'Replace'] as const) ?? 'Allow',
        ...(startingDeadlineSeconds !== undefined ? { startingDeadlineSeconds } : {}),
        successfulJobsHistoryLimit: spec.int('successfulJobsHistoryLimit', { min: 0 }) ?? 3,
        failedJobsHistoryLimit: spec.int('failedJobsHistoryLimit', { min: 0 }) ?? 1,
        suspend: spec.bool('suspend') ?? false,
        jobTemplate: { labels: jtMeta ? readLabels(jtMeta, 'labels') : {}, annotations: jtMeta?.stringMap('annotations') ?? {}, spec: jobSpec },
      },
      source: { file: doc.file, line: doc.line },
    });
    draft.extraPodSources.push({ namespace: meta.namespace, owner: `CronJob/${meta.name}`, template: jobSpec.template });
  },
};
