/**
 * The kinds the loader reads, one KindHandler each (kindHandler.ts): apiVersion, kind, the kubernetes-models schema
 * to check Kubernetes kinds against (loaded on first use), and the reader that adds the document to the draft. A new
 * kind (HorizontalPodAutoscaler) is one more entry here and one more file beside this one.
 */
import type { KindHandler } from './kindHandler';
import { nodeKind } from './node';
import { podKind } from './pod';
import { namespaceKind } from './namespace';
import { replicationControllerKind } from './replicationController';
import { replicaSetKind } from './replicaSet';
import { deploymentKind } from './deployment';
import { simulationKind } from './simulation';
import { behaviorKind } from './behavior';
import { timelineKind } from './timeline';
import { serviceKind } from './service';
import { trafficKind } from './traffic';
import { K8SIM_API_VERSION } from './k8simObject';
import { hpaV1Kind, hpaV2Kind } from './horizontalPodAutoscaler';
import { autoscalerPolicyKind } from './autoscalerPolicy';
import { externalMetricKind } from './externalMetric';
import { jobKind } from './job';
import { cronJobKind } from './cronJob';
import { daemonSetKind } from './daemonSet';
import { statefulSetKind } from './statefulSet';
import { podDisruptionBudgetKind } from './podDisruptionBudget';
import { resourceQuotaKind } from './resourceQuota';
import { limitRangeKind } from './limitRange';
import { priorityClassKind } from './priorityClass';
import { kubeSchedulerConfigurationKind } from './kubeSchedulerConfiguration';
import { karpenterNodePoolKind } from './karpenterNodePool';

export const KINDS: readonly KindHandler[] = [
  nodeKind,
  podKind,
  namespaceKind,
  replicationControllerKind,
  replicaSetKind,
  deploymentKind,
  serviceKind,
  simulationKind,
  behaviorKind,
  timelineKind,
  trafficKind,
  hpaV1Kind,
  hpaV2Kind,
  autoscalerPolicyKind,
  externalMetricKind,
  jobKind,
  cronJobKind,
  daemonSetKind,
  statefulSetKind,
  podDisruptionBudgetKind,
  resourceQuotaKind,
  limitRangeKind,
  priorityClassKind,
  kubeSchedulerConfigurationKind,
  karpenterNodePoolKind,
];

export function findKind(apiVersion: string, kind: string): KindHandler | undefined {
  return KINDS.find((k) => k.apiVersion === apiVersion && k.kind === kind);
}

/** Kinds k8sim reads under another apiVersion than `apiVersion` (for "wrong apiVersion" messages). */
export function kindsNamed(kind: string): readonly KindHandler[] {
  return KINDS.filter((k) => k.kind === kind);
}

export function k8simKindNames(): string[] {
  return KINDS.filter((k) => k.apiVersion === K8SIM_API_VERSION).map((k) => k.kind);
}
