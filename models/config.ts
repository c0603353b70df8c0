/**
 * SimulationConfig: everything a Simulation runs from, as the models read it — the run's seed, length and sampling,
 * each model's settings (defined by that model), and the cluster's objects, every default applied and times in µs.
 * The scenario loader builds it (scenarios/types.ts ResolvedScenario adds the loader's own fields); models never
 * see user input, file names or load warnings.
 */
import type { Micros } from '../engine/time';
import type { ResolvedNode, ResolvedPod, ResolvedService, ResolvedWorkload } from './cluster/spec';
import type { ResolvedBehavior } from './behaviors';
import type { KubeletSettings } from './kubelet/config';
import type { SchedulerSettings } from './scheduler/config';
import type { NodeLifecycleSettings } from './controllers/nodeLifecycleConfig';
import type { TimelineAction } from './controllers/timelineAction';
import type { EventSettings } from './kubeEventsConfig';
import type { ServiceSettings } from './service/config';
import type { MetricsSettings } from './metrics/config';
import type { HpaControllerSettings } from './hpa/settings';
import type { ResolvedAutoscaler, ResolvedExternalMetric } from './hpa/autoscaler';
import type { ResolvedTraffic } from './traffic/spec';
import type { ServingSettings } from './traffic/serving';
import type { ResolvedCronJob, ResolvedJob } from './batch/spec';
import type { ResolvedDaemonSet, ResolvedStatefulSet } from './apps/spec';
import type { ClusterAutoscalerConfig, NodeGroupSpec } from './clusterautoscaler/config';
import type { NodeAutoscalerPolicyFactory } from './nodeautoscaler/policy';
import type { ResolvedLimitRange, ResolvedPodDisruptionBudget, ResolvedResourceQuota } from './policy/spec';
import type { KarpenterNodePool, KarpenterSettings } from './karpenter/types';
import type { CloudSettings } from './cloud/config';

export interface SimulationConfig {
  readonly seed: string;
  readonly duration: Micros;
  readonly sampleInterval: Micros;
  readonly kubelet: KubeletSettings;
  readonly scheduler: SchedulerSettings;
  readonly nodeLifecycle: NodeLifecycleSettings;
  readonly events: EventSettings;
  /** Simulation `services`: the load-balancing default and the kube-proxy sync delay. */
  readonly serviceSettings: ServiceSettings;
  readonly metrics: MetricsSettings;
  /** kube-controller-manager's HPA settings (Simulation spec.hpaController). */
  readonly hpaController: HpaControllerSettings;
  /** How a container without a Behavior `serving` block serves requests (DEFAULT_SERVING, applied by the loader). */
  readonly defaultServing: ServingSettings;
  /** The latency SLO the summary measures against (Simulation spec.slo); null = none. */
  readonly slo: { readonly latency: Micros } | null;
  readonly nodes: readonly ResolvedNode[];
  readonly pods: readonly ResolvedPod[];
  readonly workloads: readonly ResolvedWorkload[];
  /** apps/v1 DaemonSets, in document order. */
  readonly daemonSets: readonly ResolvedDaemonSet[];
  /** apps/v1 StatefulSets, in document order. */
  readonly statefulSets: readonly ResolvedStatefulSet[];
  readonly behaviors: readonly ResolvedBehavior[];
  /** v1 Services, in document order. */
  readonly services: readonly ResolvedService[];
  /** Traffic documents, in document order. */
  readonly traffic: readonly ResolvedTraffic[];
  /** Sorted by time; equal times keep document order. */
  readonly timeline: readonly TimelineAction[];
  /** HorizontalPodAutoscalers with the policy that decides for each. */
  readonly autoscalers: readonly ResolvedAutoscaler[];
  /** External metric series (ExternalMetric documents), in document order. */
  readonly externalMetrics: readonly ResolvedExternalMetric[];
  /** The wall-clock instant (Unix µs, UTC) virtual time 0 stands for: CronJob schedules run on it (Simulation startTime). */
  readonly startTime: number;
  /** batch/v1 Jobs and CronJobs, in document order. */
  readonly jobs: readonly ResolvedJob[];
  readonly cronJobs: readonly ResolvedCronJob[];
  /** PodDisruptionBudgets, ResourceQuotas and LimitRanges (issue #8), in document order. */
  readonly podDisruptionBudgets: readonly ResolvedPodDisruptionBudget[];
  readonly resourceQuotas: readonly ResolvedResourceQuota[];
  readonly limitRanges: readonly ResolvedLimitRange[];
  /** karpenter.sh/v1 NodePools (issue #10), in document order; absent or empty = no Karpenter-style provisioner. */
  readonly karpenterNodePools?: readonly KarpenterNodePool[];
  /** Simulation spec.karpenter, defaults applied (set when there is a NodePool). */
  readonly karpenter?: KarpenterSettings;
  /** The Cluster Autoscaler (Simulation spec.clusterAutoscaler) and its node groups (issue #10); absent = none. */
  readonly clusterAutoscaler?: ClusterAutoscalerConfig;
  /** The node autoscaler's name (Simulation spec.nodeAutoscaler.policy as written), for run.json; absent = not chosen. */
  readonly nodeAutoscalerName?: string;
  /** A pure node autoscaler policy (spec.nodeAutoscaler with a policy other than ClusterAutoscaler/Karpenter). */
  readonly nodeAutoscalerPolicy?: NodeAutoscalerPolicySpec;
  /** Simulation spec.cloud (issue #10): catalogue, provisioning defaults; absent = DEFAULT_CLOUD_SETTINGS. */
  readonly cloud?: CloudSettings;
}

/** A pure node autoscaler policy and what its runner needs (models/nodeautoscaler/runner.ts). */
export interface NodeAutoscalerPolicySpec {
  /** The policy as written (a built-in name or a module path), for errors. */
  readonly label: string;
  readonly factory: NodeAutoscalerPolicyFactory;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly interval: Micros;
  readonly maxGracefulTermination: Micros;
  /** The node groups (nodePools with min/max), in pool order. */
  readonly groups: readonly NodeGroupSpec[];
}
