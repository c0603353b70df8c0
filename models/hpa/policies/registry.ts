/**
 * Policy names the scenario may use, each mapped to its factory (DSLab-style registry). A user's own policy is a
 * CommonJS module the scenario loader loads from an explicit path (scenarios/policyModule.ts); models never load
 * modules themselves.
 */
import { kubernetesHpa, KUBERNETES_HPA } from './kubernetesHpa';
import { targetTracking, TARGET_TRACKING } from './targetTracking';
import type { AutoscalerPolicyFactory } from './policy';

export const BUILTIN_POLICIES: ReadonlyMap<string, AutoscalerPolicyFactory> = new Map([
  [KUBERNETES_HPA, kubernetesHpa],
  [TARGET_TRACKING, targetTracking],
]);

export const DEFAULT_POLICY = KUBERNETES_HPA;
