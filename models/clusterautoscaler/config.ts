/**
 * The Cluster Autoscaler's settings (Simulation `spec.clusterAutoscaler`): every flag of reference §1.3 that k8sim
 * models, named as the flag in camelCase (`scale-down-delay-after-add` → `scaleDownDelayAfterAdd`), with upstream's
 * defaults (cluster-autoscaler/config/flags/flags.go, config/const.go at cluster-autoscaler-1.36.1). Defaults live
 * here only; the scenario reader (scenarios/kinds/clusterAutoscaler.ts) validates and resolves.
 */
import type { Taint } from '../cluster/spec';
import type { ProvisioningModel } from '../cloud/types';
import { minutes, seconds, US_PER_HOUR, micros, ZERO, type Micros } from '../../engine/time';

/** The expanders k8sim implements (expander/*); `grpc` is not modelled. */
export const EXPANDER_NAMES = ['random', 'most-pods', 'least-nodes', 'least-waste', 'price', 'priority'] as const;
export type ExpanderName = (typeof EXPANDER_NAMES)[number];

export interface ClusterAutoscalerSettings {
  readonly scanInterval: Micros;
  readonly frequentLoopsEnabled: boolean;
  /** `--expander=a,b,c`: the chain, in order. */
  readonly expander: readonly ExpanderName[];
  /** The priority expander's ConfigMap `priorities`: priority → regexps, highest first (k8sim: in the Simulation). */
  readonly priorities: readonly { readonly priority: number; readonly patterns: readonly string[] }[];
  readonly maxNodesTotal: number;
  readonly maxNodesPerScaleUp: number;
  readonly newPodScaleUpDelay: Micros;
  readonly balanceSimilarNodeGroups: boolean;
  readonly memoryDifferenceRatio: number;
  readonly maxFreeDifferenceRatio: number;
  readonly maxAllocatableDifferenceRatio: number;
  readonly maxNodeProvisionTime: Micros;
  readonly maxNodeStartupTime: Micros;
  readonly initialNodeGroupBackoffDuration: Micros;
  readonly maxNodeGroupBackoffDuration: Micros;
  readonly nodeGroupBackoffResetTimeout: Micros;
  readonly maxTotalUnreadyPercentage: number;
  readonly okTotalUnreadyCount: number;
  readonly expendablePodsPriorityCutoff: number;
  readonly scaleDownEnabled: boolean;
  readonly scaleDownDelayAfterAdd: Micros;
  readonly scaleDownDelayAfterDelete: Micros;
  readonly scaleDownDelayAfterFailure: Micros;
  readonly scaleDownUnneededTime: Micros;
  readonly scaleDownUnreadyTime: Micros;
  readonly scaleDownUnreadyEnabled: boolean;
  readonly scaleDownUtilizationThreshold: number;
  readonly maxScaleDownParallelism: number;
  readonly maxDrainParallelism: number;
  readonly nodeDeleteDelayAfterTaint: Micros;
  readonly maxGracefulTerminationSec: number;
  readonly maxPodEvictionTime: Micros;
  readonly unremovableNodeRecheckTimeout: Micros;
  readonly skipNodesWithSystemPods: boolean;
  /** Upstream's spelling (`--blocking-system-pod-distruption-timeout`). */
  readonly blockingSystemPodDistruptionTimeout: Micros;
  readonly skipNodesWithLocalStorage: boolean;
  readonly skipNodesWithCustomControllerPods: boolean;
  readonly minReplicaCount: number;
  readonly ignoreDaemonsetsUtilization: boolean;
  readonly ignoreMirrorPodsUtilization: boolean;
  readonly daemonsetEvictionForEmptyNodes: boolean;
  readonly daemonsetEvictionForOccupiedNodes: boolean;
  readonly cordonNodeBeforeTerminating: boolean;
  readonly maxBulkSoftTaintCount: number;
  readonly recordDuplicatedEvents: boolean;
}

export const CLUSTER_AUTOSCALER_DEFAULTS: ClusterAutoscalerSettings = {
  scanInterval: seconds(10),
  frequentLoopsEnabled: true,
  expander: ['least-waste'],
  priorities: [],
  maxNodesTotal: 0,
  maxNodesPerScaleUp: 1000,
  newPodScaleUpDelay: ZERO,
  balanceSimilarNodeGroups: false,
  memoryDifferenceRatio: 0.015,
  maxFreeDifferenceRatio: 0.05,
  maxAllocatableDifferenceRatio: 0.05,
  maxNodeProvisionTime: minutes(15),
  maxNodeStartupTime: minutes(15),
  initialNodeGroupBackoffDuration: minutes(5),
  maxNodeGroupBackoffDuration: minutes(30),
  nodeGroupBackoffResetTimeout: micros(3 * US_PER_HOUR),
  maxTotalUnreadyPercentage: 45,
  okTotalUnreadyCount: 3,
  expendablePodsPriorityCutoff: -10,
  scaleDownEnabled: true,
  scaleDownDelayAfterAdd: minutes(10),
  scaleDownDelayAfterDelete: ZERO,
  scaleDownDelayAfterFailure: minutes(3),
  scaleDownUnneededTime: minutes(10),
  scaleDownUnreadyTime: minutes(20),
  scaleDownUnreadyEnabled: true,
  scaleDownUtilizationThreshold: 0.5,
  maxScaleDownParallelism: 10,
  maxDrainParallelism: 1,
  nodeDeleteDelayAfterTaint: seconds(5),
  maxGracefulTerminationSec: 600,
  maxPodEvictionTime: minutes(2),
  unremovableNodeRecheckTimeout: minutes(5),
  skipNodesWithSystemPods: true,
  blockingSystemPodDistruptionTimeout: micros(US_PER_HOUR),
  skipNodesWithLocalStorage: true,
  skipNodesWithCustomControllerPods: true,
  minReplicaCount: 0,
  ignoreDaemonsetsUtilization: false,
  ignoreMirrorPodsUtilization: false,
  daemonsetEvictionForEmptyNodes: false,
  daemonsetEvictionForOccupiedNodes: true,
  cordonNodeBeforeTerminating: true,
  maxBulkSoftTaintCount: 10,
  recordDuplicatedEvents: false,
};

/** The keys a user may write, in the order of the docs (the defaults' order). */
export const CLUSTER_AUTOSCALER_FIELDS: readonly (keyof ClusterAutoscalerSettings)[] = Object.keys(CLUSTER_AUTOSCALER_DEFAULTS) as (keyof ClusterAutoscalerSettings)[];

/** A node group: a Simulation nodePool with `min`/`max` (its initial size is the pool's `count`). */
export interface NodeGroupSpec {
  /** The group id (the pool's namePrefix). */
  readonly name: string;
  readonly minSize: number;
  readonly maxSize: number;
  /** The pool's initial nodes (`<namePrefix>-1` …), in order: the group's members from t = 0. */
  readonly initialNodes: readonly string[];
  /** The pool's zones: a new node i of the group (0-based launch counter) gets zones[(count + i) mod n]. */
  readonly zones?: readonly string[];
  /** The template node: allocatable (and capacity, equal unless an instance type says otherwise), labels, taints. */
  readonly template: {
    readonly capacity: { readonly cpuMilli: number; readonly memoryBytes: number; readonly pods: number };
    readonly allocatable: { readonly cpuMilli: number; readonly memoryBytes: number; readonly pods: number };
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: readonly Taint[];
  };
  /** Instance type name (part 1 "cloud"), when the pool names one. */
  readonly instanceType?: string;
  readonly capacityType?: string;
  /** How the group's machines come up; undefined = spec.cloud.provisioning, else CA_DEFAULT_PROVISIONING (wiring.ts). */
  readonly provisioning?: ProvisioningModel;
}

/** What the Simulation runs the Cluster Autoscaler from (SimulationConfig.clusterAutoscaler). */
export interface ClusterAutoscalerConfig {
  readonly settings: ClusterAutoscalerSettings;
  /** The node groups, in pool order. */
  readonly groups: readonly NodeGroupSpec[];
}
