/**
 * batch/v1 Job: pods run to completion (completions, parallelism, back-off, deadline, pod failure policy, TTL; see
 * jobSpec.ts for what is read). Reads only; the controller lives in models/batch/job.ts.
 */
import type { KindHandler } from './kindHandler';
import { Fields } from './fields';
import { readJobSpec } from './jobSpec';
import { readObjectMeta } from './objectMeta';
import { JOB_NAME_LABEL } from '../../models/batch/jobPods';

export const jobKind: KindHandler = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  schema: () => (require('kubernetes-models/batch/v1/Job') as typeof import('kubernetes-models/batch/v1/Job')).Job,
  read(doc, draft) {
    const meta = readObjectMeta(doc, { namespaced: true });
    const root = Fields.of(doc, [], doc.value);
    const spec = root.object('spec') ?? root.fail('spec', 'required field is missing (a Job needs spec.template)');
    const jobSpec = readJobSpec(spec, 'Job');
    draft.claim(`Job/${meta.namespace}/${meta.name}`, `Job ${meta.namespace}/${meta.name}`, doc, ['metadata', 'name']);
    draft.useNamespace(meta.namespace);
    draft.jobs.push({ namespace: meta.namespace, name: meta.name, labels: meta.labels, annotations: meta.annotations, spec: jobSpec, source: { file: doc.file, line: doc.line } });
    // Selectors see the labels the Job controller adds (job-name, and each completion index of an Indexed Job).
    const labels = { ...jobSpec.template.labels, [JOB_NAME_LABEL]: meta.name, 'job-name': meta.name };
    const indexes = jobSpec.completionMode === 'Indexed' ? Math.min(jobSpec.completions ?? 0, 1000) : 0;
    draft.extraPodSources.push(
      ...(indexes === 0
        ? [{ namespace: meta.namespace, owner: `Job/${meta.name}`, template: { ...jobSpec.template, labels } }]
        : Array.from({ length: indexes }, (_, i) => ({
            namespace: meta.namespace,
            owner: `Job/${meta.name}`,
            template: { ...jobSpec.template, labels: { ...labels, 'batch.kubernetes.io/job-completion-index': String(i) } },
          }))),
    );
  },
};
