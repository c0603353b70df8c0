/**
 * `kind: ExternalMetric` (k8sim/v1alpha1): a time series an HPA's External metric reads, replayed from the user's CSV
 * file (`time_s,value`, relative to this file), e.g. a queue's depth exported from production monitoring. Several
 * documents with one metric name are several series (the HPA sums them, as the controller sums every series).
 */
import { dirname, isAbsolute, join } from 'node:path';
import { parseRateCsv, RateCsvError } from '../rateCsv';
import { InputError } from '../errors';
import type { KindHandler } from './kindHandler';
import type { Fields } from './fields';
import { K8SIM_API_VERSION, readK8simObject } from './k8simObject';

const INTERPOLATIONS = ['linear', 'step'] as const;

export const externalMetricKind: KindHandler = {
  apiVersion: K8SIM_API_VERSION,
  kind: 'ExternalMetric',
  read(doc, draft) {
    const obj = readK8simObject(doc, 'ExternalMetric', { nameRequired: true, specRequired: true, specFields: ['metric', 'csv'] });
    draft.claim(`ExternalMetric/${obj.name}`, `ExternalMetric ${obj.name}`, doc, ['metadata', 'name']);
    const spec = obj.spec as Fields;
    spec.need('metric', 'the metric name an HPA names in an External metric (e.g. queue_messages_ready)');
    spec.need('csv', 'a CSV file of time_s,value rows, or {file, interpolation}');
    const metric = spec.requiredString('metric');
    const raw = spec.raw('csv');
    let file: string;
    let interpolation: (typeof INTERPOLATIONS)[number] = 'step';
    if (typeof raw === 'string') file = raw;
    else {
      const c = spec.object('csv', ['file', 'interpolation'], 'a file name or {file, interpolation}') as Fields;
      file = c.requiredString('file');
      interpolation = c.oneOf('interpolation', INTERPOLATIONS) ?? interpolation;
    }
    const path = isAbsolute(file) ? file : join(dirname(doc.file), file);
    let text: string;
    try {
      text = draft.inputs.readText(path);
    } catch (e) {
      return spec.fail('csv', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    try {
      draft.externalMetrics.push({ metric, points: parseRateCsv(text, 'value'), interpolation, source: { file: doc.file, line: doc.line } });
    } catch (e) {
      if (e instanceof RateCsvError) throw new InputError(path, e.line, undefined, e.problem);
      throw e;
    }
  },
};
