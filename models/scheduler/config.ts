/**
 * The scheduler's settings and their defaults: the queue (Simulation `scheduler`, after pkg/scheduler/backend/queue)
 * and the profiles a KubeSchedulerConfiguration selects (kubescheduler.config.k8s.io/v1, defaults from
 * pkg/scheduler/apis/config/v1/default_plugins.go and defaults.go). Defined here, by the model;
 * scenarios/defaults.ts lists them. Plain data: no parsing, no logic.
 */
import { minutes, seconds, type Micros } from '../../engine/time';
import type { PreemptionPolicy } from '../cluster/spec';

export interface SchedulerSettings {
  readonly initialBackoff: Micros;
  readonly maxBackoff: Micros;
  /** Unschedulable pods are retried at the latest after this long even without a cluster event. */
  readonly maxInUnschedulable: Micros;
  /** Profiles by schedulerName, in the configuration's order; DEFAULT_PROFILES when none is configured. */
  readonly profiles?: readonly SchedulerProfileConfig[];
  /** KubeSchedulerConfiguration.percentageOfNodesToScore; undefined/0 = adaptive (numFeasibleNodesToFind). */
  readonly percentageOfNodesToScore?: number;
  /** PriorityClasses of the scenario (the built-in system classes are added by the admission plugin). */
  readonly priorityClasses?: readonly PriorityClassSpec[];
  /**
   * TaintToleration's Filter reason: `perTaint` = `node(s) had untolerated taint {<key>: <value>}` (up to early v1.34
   * patches; the reference vectors' text, the default), `generic` = `node(s) had untolerated taint(s)` (v1.35.0+,
   * kubernetes PR #134740). Undefined = perTaint.
   */
  readonly untoleratedTaintReason?: UntoleratedTaintReason;
  /** Namespace labels, for namespaceSelector in affinity terms. */
  readonly namespaceLabels?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export type UntoleratedTaintReason = 'perTaint' | 'generic';

/** scheduling.k8s.io/v1 PriorityClass. */
export interface PriorityClassSpec {
  readonly name: string;
  readonly value: number;
  readonly globalDefault: boolean;
  /** Defaulted to PreemptLowerPriority. */
  readonly preemptionPolicy: PreemptionPolicy;
  /** As written; no effect. */
  readonly description?: string;
}

/** Every plugin k8sim runs, by upstream name. */
export const PLUGIN_NAMES = [
  'PrioritySort',
  'NodeUnschedulable',
  'NodeName',
  'TaintToleration',
  'NodeAffinity',
  'NodeResourcesFit',
  'PodTopologySpread',
  'InterPodAffinity',
  'DefaultPreemption',
  'NodeResourcesBalancedAllocation',
  'ImageLocality',
  'DefaultBinder',
] as const;
export type PluginName = (typeof PLUGIN_NAMES)[number];

/**
 * Upstream plugins k8sim accepts in a configuration but that have nothing to act on here (no volumes, no host
 * ports, no scheduling gates): enabling or disabling them changes nothing.
 */
export const INERT_PLUGIN_NAMES = ['SchedulingGates', 'NodePorts', 'VolumeRestrictions', 'NodeVolumeLimits', 'VolumeBinding', 'VolumeZone', 'EBSLimits', 'GCEPDLimits', 'AzureDiskLimits', 'CinderLimits'] as const;

/** The filter plugins in MultiPoint order (they run in this order; the first failure decides a node). */
export const FILTER_ORDER: readonly PluginName[] = ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodeResourcesFit', 'PodTopologySpread', 'InterPodAffinity'];
/** The score plugins in MultiPoint order with their default weights. */
export const DEFAULT_SCORE_WEIGHTS: readonly { readonly name: PluginName; readonly weight: number }[] = [
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
];

export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

export interface ResourceWeight {
  readonly name: 'cpu' | 'memory';
  readonly weight: number;
}

/** NodeResourcesFitArgs.scoringStrategy. */
export interface ScoringStrategy {
  readonly type: ScoringStrategyType;
  readonly resources: readonly ResourceWeight[];
  /** RequestedToCapacityRatio only: shape points, utilization 0..100, score 0..10. */
  readonly shape?: readonly { readonly utilization: number; readonly score: number }[];
}

/** A PodTopologySpreadArgs default constraint (for defaultingType List). */
export interface DefaultSpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
}

export interface PluginArgs {
  readonly nodeResourcesFit: { readonly scoringStrategy: ScoringStrategy };
  /** NodeResourcesBalancedAllocationArgs.resources. */
  readonly balancedAllocation: { readonly resources: readonly ResourceWeight[] };
  readonly podTopologySpread: { readonly defaultingType: 'System' | 'List'; readonly defaultConstraints: readonly DefaultSpreadConstraint[] };
  readonly interPodAffinity: { readonly hardPodAffinityWeight: number; readonly ignorePreferredTermsOfExistingPods: boolean };
  readonly defaultPreemption: { readonly minCandidateNodesPercentage: number; readonly minCandidateNodesAbsolute: number };
}

/** One KubeSchedulerProfile, resolved: which plugins run (filters in FILTER_ORDER), score weights, plugin args. */
export interface SchedulerProfileConfig {
  readonly schedulerName: string;
  /** Enabled filter plugins (a subset of FILTER_ORDER, in that order). */
  readonly filters: readonly PluginName[];
  /** Enabled score plugins and their weights, in MultiPoint order. */
  readonly scores: readonly { readonly name: PluginName; readonly weight: number }[];
  /** DefaultPreemption enabled (PostFilter). */
  readonly preemption: boolean;
  readonly args: PluginArgs;
  /** KubeSchedulerProfile.percentageOfNodesToScore (overrides the configuration's); undefined = not set. */
  readonly percentageOfNodesToScore?: number;
}

/** SetDefaults_*Args (pkg/scheduler/apis/config/v1/defaults.go). */
export const DEFAULT_PLUGIN_ARGS: PluginArgs = {
  nodeResourcesFit: { scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] } },
  balancedAllocation: { resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] },
  podTopologySpread: { defaultingType: 'System', defaultConstraints: [] },
  interPodAffinity: { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false },
  defaultPreemption: { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 },
};

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** The default profile: every plugin on with upstream's weights. */
export const DEFAULT_PROFILE: SchedulerProfileConfig = {
  schedulerName: DEFAULT_SCHEDULER_NAME,
  filters: FILTER_ORDER,
  scores: DEFAULT_SCORE_WEIGHTS,
  preemption: true,
  args: DEFAULT_PLUGIN_ARGS,
};

/** DefaultPodInitialBackoffDuration. */
export const SCHEDULER_INITIAL_BACKOFF: Micros = seconds(1);
/** DefaultPodMaxBackoffDuration. */
export const SCHEDULER_MAX_BACKOFF: Micros = seconds(10);
/** DefaultPodMaxInUnschedulablePodsDuration. */
export const SCHEDULER_MAX_IN_UNSCHEDULABLE: Micros = minutes(5);
/** flushUnschedulablePodsLeftover runs this often. */
export const SCHEDULER_FLUSH_INTERVAL: Micros = seconds(30);

/** scheduling/types.go: HighestUserDefinablePriority, SystemCriticalPriority; system-node-critical = SystemCriticalPriority + 1000. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
export const SYSTEM_CLUSTER_CRITICAL = 2_000_000_000;
export const SYSTEM_NODE_CRITICAL = 2_000_001_000;
