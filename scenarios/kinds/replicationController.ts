/**
 * v1 ReplicationController: a workload kept at spec.replicas pods (see workload.ts for what is read). Reads only; the
 * controller lives in models/.
 */
import type { KindHandler } from './kindHandler';
import { readWorkload } from './workload';

export const replicationControllerKind: KindHandler = {
  apiVersion: 'v1',
  kind: 'ReplicationController',
  schema: () => (require('kubernetes-models/v1/ReplicationController') as typeof import('kubernetes-models/v1/ReplicationController')).ReplicationController,
  read: (doc, draft) => readWorkload(doc, draft, 'ReplicationController'),
};
