/**
 * apps/v1 ReplicaSet: a workload kept at spec.replicas pods (see workload.ts for what is read). Reads only; the
 * controller lives in models/.
 */
import type { KindHandler } from './kindHandler';
import { readWorkload } from './workload';

export const replicaSetKind: KindHandler = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  schema: () => (require('kubernetes-models/apps/v1/ReplicaSet') as typeof import('kubernetes-models/apps/v1/ReplicaSet')).ReplicaSet,
  read: (doc, draft) => readWorkload(doc, draft, 'ReplicaSet'),
};
