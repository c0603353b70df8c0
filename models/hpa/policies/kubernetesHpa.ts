/**
 * The default policy: the Kubernetes HorizontalPodAutoscaler exactly as kube-controller-manager decides
 * (../reconcile.ts). Its history is the controller's own memory: recommendations, scale events and the
 * status conditions.
 */
import { reconcile } from '../reconcile';
import type { HpaCondition, HpaHistory } from '../types';
import type { AutoscalerPolicy, AutoscalerPolicyFactory } from './policy';

interface KubernetesHpaHistory {
  readonly history: HpaHistory;
  readonly conditions: readonly HpaCondition[];
}

export const KUBERNETES_HPA = 'KubernetesHPA';

export const kubernetesHpa: AutoscalerPolicyFactory = (parameters) => {
  // Strict like every other field: a parameter here would be silently ignored, so it is an error.
  const given = Object.keys(parameters);
  if (given.length > 0) {
    throw new Error(`it takes no parameters, got ${given.join(', ')} (the controller's settings are the Simulation's spec.hpaController; the HPA's own, its spec.behavior)`);
  }
  const policy: AutoscalerPolicy<KubernetesHpaHistory> = {
    name: KUBERNETES_HPA,
    decide(input, previous) {
      const r = reconcile({
        now: input.now,
        settings: input.settings,
        hpa: input.hpa,
        scale: input.scale,
        pods: input.pods,
        objectMetrics: input.objectMetrics,
        externalMetrics: input.externalMetrics,
        history: previous?.history ?? { recommendations: null, scaleUpEvents: [], scaleDownEvents: [] },
        conditions: previous?.conditions ?? [],
      });
      return {
        desiredReplicas: r.desiredReplicas,
        history: { history: r.history, conditions: r.conditions },
        reason: r.reason,
        metrics: r.metrics,
        stabilized: r.stabilized,
        limitReason: r.limitReason,
        conditions: r.conditions,
        events: r.events,
      };
    },
  };
  return policy as AutoscalerPolicy;
};
