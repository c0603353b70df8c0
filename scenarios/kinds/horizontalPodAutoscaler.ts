/**
 * autoscaling/v1 and autoscaling/v2 HorizontalPodAutoscaler, as written: checked against the upstream schema, then
 * against the API server's HPA validation (./hpaManifest.ts), and its scaleTargetRef against the scenario's
 * workloads once every document is read. Its policy is the Kubernetes HPA unless an AutoscalerPolicy names another.
 */
import type { LocatedDoc } from '../located';
import type { ScalableKind } from '../../models/cluster/store';
import { kubernetesHpa, KUBERNETES_HPA } from '../../models/hpa/policies/kubernetesHpa';
import type { KindHandler } from './kindHandler';
import type { ScenarioDraft } from './draft';
import { validateHpaManifest } from './hpaManifest';
import { readObjectMeta } from './objectMeta';

const TARGET_KINDS: readonly ScalableKind[] = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'];

function read(doc: LocatedDoc, draft: ScenarioDraft): void {
  const meta = readObjectMeta(doc, { namespaced: true });
  const manifest = validateHpaManifest(doc, [], doc.value);
  draft.claim(`HorizontalPodAutoscaler/${meta.namespace}/${meta.name}`, `HorizontalPodAutoscaler ${meta.namespace}/${meta.name}`, doc, ['metadata', 'name']);
  draft.useNamespace(meta.namespace);
  const ref = manifest.spec.scaleTargetRef;
  // A target k8sim cannot scale (another kind) or cannot find is accepted, as the API server accepts it: the HPA
  // controller reports FailedGetScale every sync (models/hpa/controller.ts). Each is a load warning too.
  const target = { kind: ref.kind, name: ref.name, ...(ref.apiVersion !== undefined ? { apiVersion: ref.apiVersion } : {}) };
  const self = `HorizontalPodAutoscaler/${meta.name}`;
  if (!(TARGET_KINDS as readonly string[]).includes(ref.kind)) {
    draft.warnings.push(`${doc.file}:${doc.lineOf(['spec', 'scaleTargetRef', 'kind'])}: ${self}: k8sim scales ${TARGET_KINDS.join(', ')}, not ${ref.kind}: the HPA reports FailedGetScale and scales nothing`);
  } else {
    draft.afterAll(() => {
      const sets = draft.statefulSets.map((s) => ({ kind: 'StatefulSet', namespace: s.namespace, name: s.name }));
      if (![...draft.workloads, ...sets].some((w) => w.kind === target.kind && w.namespace === meta.namespace && w.name === target.name)) {
        draft.warnings.push(`${doc.file}:${doc.lineOf(['spec', 'scaleTargetRef', 'name'])}: ${self}: no ${target.kind} named "${target.name}" in namespace "${meta.namespace}" in this scenario: the HPA reports FailedGetScale and scales nothing`);
      }
    });
  }
  draft.autoscalers.push({
    namespace: meta.namespace,
    name: meta.name,
    manifest,
    target,
    policy: { name: KUBERNETES_HPA, factory: kubernetesHpa, parameters: {} },
    source: { file: doc.file, line: doc.line },
  });
}

const schema = (version: 'v1' | 'v2') => () =>
  version === 'v1'
    ? (require('kubernetes-models/autoscaling/v1/HorizontalPodAutoscaler') as typeof import('kubernetes-models/autoscaling/v1/HorizontalPodAutoscaler')).HorizontalPodAutoscaler
    : (require('kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler') as typeof import('kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler')).HorizontalPodAutoscaler;

export const hpaV1Kind: KindHandler = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', schema: schema('v1'), read };
export const hpaV2Kind: KindHandler = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', schema: schema('v2'), read };
