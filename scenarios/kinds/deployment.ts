/**
 * apps/v1 Deployment: a workload kept at spec.replicas pods and rolled out on template changes (see workload.ts and
 * deploymentSpec.ts for what is read). Reads only; the controller lives in models/.
 */
import type { KindHandler } from './kindHandler';
import { readWorkload } from './workload';

export const deploymentKind: KindHandler = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  schema: () => (require('kubernetes-models/apps/v1/Deployment') as typeof import('kubernetes-models/apps/v1/Deployment')).Deployment,
  read: (doc, draft) => readWorkload(doc, draft, 'Deployment'),
};
