/**
 * Node autoscaler names the scenario may use in Simulation `spec.nodeAutoscaler.policy`. `ClusterAutoscaler` and
 * `Karpenter` are full controllers (models/clusterautoscaler, models/karpenter) behind the same switch; the pure
 * policies (policy.ts interface) are in BUILTIN_NODE_POLICIES, and a user's module is loaded by its path.
 */
import type { NodeAutoscalerPolicyFactory } from './policy';
import { SIMPLE_REACTIVE, simpleReactive } from './simpleReactive';

export const CLUSTER_AUTOSCALER_POLICY = 'ClusterAutoscaler';
export const KARPENTER_POLICY = 'Karpenter';

export const BUILTIN_NODE_POLICIES: ReadonlyMap<string, NodeAutoscalerPolicyFactory> = new Map([[SIMPLE_REACTIVE, simpleReactive]]);

export const BUILTIN_NODE_AUTOSCALERS: readonly string[] = [CLUSTER_AUTOSCALER_POLICY, KARPENTER_POLICY, ...BUILTIN_NODE_POLICIES.keys()];
