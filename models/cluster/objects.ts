/**
 * The API objects the store holds, shaped after the Kubernetes types (metadata / spec / status): Node, Pod,
 * ReplicaSet (also standing for a ReplicationController) and Deployment. Plain records: behaviour lives in the
 * controllers and kubelets, and every change reaches the others only through the ClusterStore's update methods.
 * A component's private working state (queues, timers, probe workers, trace snapshots) is never kept here.
 */
import type { Micros } from '../../engine/time';
import { addMicros, seconds } from '../../engine/time';
import type { ContainerStatus, PodCondition, PodPhase } from '../podStatus';
import type { IntOrPercent, NodeImage, PreemptionPolicy, ResolvedPodSpec, ResolvedPodTemplate, ResolvedSelector, Taint, WorkloadKind } from './spec';
import type { ResolvedCronJobSpec, ResolvedJobSpec } from '../batch/spec';
import type { DaemonSetUpdateStrategy, PodManagementPolicy, StatefulSetUpdateStrategy } from '../apps/spec';

/** metav1.OwnerReference (the fields k8sim uses). */
export interface OwnerReference {
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  /** The managing controller (at most one owner reference has it). */
  readonly controller: boolean;
}

/** metav1.ObjectMeta (the fields k8sim uses). The store sets creationTimestamp, resourceVersion and generation. */
export interface ObjectMeta {
  readonly name: string;
  /** metadata.generateName when the name was server-generated (a controller's pods): admission messages use it. */
  readonly generateName?: string;
  /** '' for cluster-scoped objects (Node). */
  readonly namespace: string;
  readonly uid: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Replaced as a whole when a controller writes annotations (the revision and replica annotations of rollouts). */
  annotations: Readonly<Record<string, string>>;
  readonly ownerReferences: readonly OwnerReference[];
  creationTimestamp: Micros;
  /** The store's change counter at this object's last write (one monotonic counter per store, as etcd's revision). */
  resourceVersion: number;
  /** Bumped on every spec change (metadata.generation). */
  generation: number;
  /** Set by a graceful delete; the object stays until whoever must finish it (the kubelet for a bound pod) removes it. */
  deletionTimestamp?: Micros;
  /** metadata.deletionGracePeriodSeconds (µs) when the delete asked for one (deleteOptions.gracePeriodSeconds). */
  deletionGracePeriod?: Micros;
}

export interface NodeResourceList {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly pods: number;
  /** Extended resources (`nvidia.com/gpu`), integer amounts; absent = none. */
  readonly extended?: Readonly<Record<string, number>>;
}

export interface NodeObj {
  readonly kind: 'Node';
  readonly metadata: ObjectMeta;
  readonly spec: { unschedulable: boolean; taints: Taint[] };
  readonly status: {
    readonly allocatable: NodeResourceList;
    /** The Ready condition as the node lifecycle controller sees it. */
    ready: 'True' | 'False' | 'Unknown';
    /** status.images as the scenario declares them (ImageLocality reads them); none when absent. */
    readonly images?: readonly NodeImage[];
  };
  /** Position in the store's node list (the scheduler's search order). */
  readonly index: number;
  /** The simulated machine: it and its kubelet are up, since when (heartbeats align to it), and the images it holds. */
  readonly machine: { up: boolean; upSince: Micros; readonly images: Set<string> };
  /**
   * Requests of the pods bound here that have not finished, as `kubectl describe node` sums them ("Allocated
   * resources"), the same with the scheduler's 100m / 200Mi stand-ins for missing requests, and the pods bound here
   * in binding order. Maintained by the scheduler's binding and release.
   */
  readonly allocated: {
    readonly requested: { cpuMilli: number; memoryBytes: number; pods: number };
    readonly nonZeroRequested: { cpuMilli: number; memoryBytes: number };
    readonly pods: Set<PodObj>;
  };
}

/**
 * A pod's spec: the template's, with `nodeName` set at binding and the priority fields resolved by the Priority
 * admission plugin (models/policy/priority.ts) at creation. Until admission runs they hold the pre-admission
 * defaults newPod gives them (the class name as written or '', priority as written or 0, PreemptLowerPriority);
 * what the client wrote stays in `template.spec`.
 */
export interface PodSpec extends Omit<ResolvedPodSpec, 'nodeName' | 'priorityClassName' | 'priority' | 'preemptionPolicy'> {
  nodeName?: string;
  /** spec.priorityClassName; the global default class's name (or '') when the pod named none. */
  priorityClassName: string;
  /** spec.priority: the class's value (0 without a class). */
  priority: number;
  /** spec.preemptionPolicy: the class's policy. */
  preemptionPolicy: PreemptionPolicy;
}

export interface PodStatus {
  phase: PodPhase;
  /** status.reason (e.g. `NodeLost`, `Evicted`). */
  reason?: string;
  conditions: PodCondition[];
  startTime?: Micros;
  /** Set by the scheduler when preemption made room for the pod on this node (status.nominatedNodeName). */
  nominatedNodeName?: string;
  /** In spec order; `state` undefined until the kubelet reports the container. */
  readonly initContainerStatuses: ContainerStatus[];
  readonly containerStatuses: ContainerStatus[];
}

export interface PodObj {
  readonly kind: 'Pod';
  readonly metadata: ObjectMeta;
  readonly spec: PodSpec;
  readonly status: PodStatus;
  /** The template the pod was made from (Behaviors and the pod-template-hash read it). */
  readonly template: ResolvedPodTemplate;
  /** Effective requests (PodRequests) and their scoring variant with the non-zero defaults: derived from spec once. */
  readonly requests: { readonly cpuMilli: number; readonly memoryBytes: number };
  readonly nonZeroRequests: { readonly cpuMilli: number; readonly memoryBytes: number };
  /** The kubelet has decided the pod is finished (deleted or all containers done for good): podIsTerminal. */
  terminal: boolean;
  /** The node lifecycle controller lost contact with the pod's node (phase shown per unreachablePodPhase). */
  unreachable: boolean;
  /** When the Ready condition last turned True (undefined while not ready): its lastTransitionTime, kept at hand. */
  readySince?: Micros;
  /** Set by the store when the pod leaves the API (after its DELETED notification): gone from every list. */
  removed: boolean;
}

export interface ReplicaSetObj {
  readonly kind: 'ReplicaSet' | 'ReplicationController';
  readonly metadata: ObjectMeta;
  readonly spec: {
    replicas: number;
    readonly selector: ResolvedSelector;
    readonly template: ResolvedPodTemplate;
    /** A Deployment copies a changed minReadySeconds onto its new ReplicaSet (sync.go getNewReplicaSet). */
    minReadySeconds: number;
  };
  /** Written by the ReplicaSet controller (calculateStatus); absent until its first sync. */
  status?: ReplicaSetStatus;
  /** For a Deployment's ReplicaSet: the Deployment's template it was made from (without pod-template-hash), for EqualIgnoreHash and rollback. */
  readonly ownerTemplate?: ResolvedPodTemplate;
}

export interface ReplicaSetStatus {
  /** Active pods (not finished, not being deleted). */
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  /** Pods being deleted that have not finished (terminatingReplicas). */
  terminatingReplicas: number;
  observedGeneration: number;
}

export interface DeploymentStrategy {
  readonly type: 'RollingUpdate' | 'Recreate';
  /** RollingUpdate only (Recreate: both unused). */
  readonly maxSurge: IntOrPercent;
  readonly maxUnavailable: IntOrPercent;
}

/** A Deployment condition (Progressing, Available, ReplicaFailure). */
export interface DeploymentCondition {
  readonly type: 'Progressing' | 'Available' | 'ReplicaFailure';
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
  readonly lastUpdateTime: Micros;
  readonly lastTransitionTime: Micros;
}

export interface DeploymentStatus {
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  terminatingReplicas: number;
  conditions: DeploymentCondition[];
}

export interface DeploymentObj {
  readonly kind: 'Deployment';
  readonly metadata: ObjectMeta;
  readonly spec: {
    replicas: number;
    readonly selector: ResolvedSelector;
    /** Replaced by `apply`, `setImage` and `rollout undo` (a spec change: a new ReplicaSet). */
    template: ResolvedPodTemplate;
    minReadySeconds: number;
    strategy: DeploymentStrategy;
    /** undefined = keep every old ReplicaSet. */
    revisionHistoryLimit?: number;
    /** Seconds; undefined = no deadline (the Progressing condition is not maintained). */
    progressDeadlineSeconds?: number;
    paused: boolean;
  };
  /** Written by the Deployment controller; absent until its first sync. */
  status?: DeploymentStatus;
}

/** batch/v1 JobCondition (the types the Job controller writes). */
export interface JobCondition {
  readonly type: 'SuccessCriteriaMet' | 'FailureTarget' | 'Complete' | 'Failed' | 'Suspended';
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastTransitionTime: Micros;
}

export interface JobObj {
  readonly kind: 'Job';
  readonly metadata: ObjectMeta;
  /** `suspend` may change (a spec change); the rest is fixed at creation. */
  readonly spec: Omit<ResolvedJobSpec, 'suspend'> & { suspend: boolean };
  readonly status: {
    startTime?: Micros;
    completionTime?: Micros;
    active: number;
    ready: number;
    succeeded: number;
    failed: number;
    terminating: number;
    /** Indexed Jobs: succeeded indexes in interval notation (`1,3-5,7`). */
    completedIndexes: string;
    /** Indexed Jobs with backoffLimitPerIndex: failed indexes in interval notation. */
    failedIndexes: string;
    readonly conditions: JobCondition[];
  };
}

export interface CronJobObj {
  readonly kind: 'CronJob';
  readonly metadata: ObjectMeta;
  readonly spec: Omit<ResolvedCronJobSpec, 'suspend'> & { suspend: boolean };
  readonly status: {
    /** Names of the running Jobs it created, in creation order. */
    readonly active: string[];
    /** Wall-clock time (Unix µs) of the last run started. */
    lastScheduleTime?: number;
    lastSuccessfulTime?: number;
  };
}

/** apps/v1 DaemonSet: one pod per eligible node (models/controllers/daemonSet.ts). */
export interface DaemonSetObj {
  readonly kind: 'DaemonSet';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly selector: ResolvedSelector;
    /** Replaced by an update (a spec change: a new controller-revision-hash). */
    template: ResolvedPodTemplate;
    readonly minReadySeconds: number;
    updateStrategy: DaemonSetUpdateStrategy;
  };
  readonly status: {
    desiredNumberScheduled: number;
    currentNumberScheduled: number;
    numberMisscheduled: number;
    numberReady: number;
    numberAvailable: number;
    updatedNumberScheduled: number;
    observedGeneration: number;
  };
}

/** apps/v1 StatefulSet: ordinal pods `<set>-<i>` (models/controllers/statefulSet.ts). */
export interface StatefulSetObj {
  readonly kind: 'StatefulSet';
  readonly metadata: ObjectMeta;
  readonly spec: {
    replicas: number;
    readonly selector: ResolvedSelector;
    /** Replaced by an update (a spec change: a new update revision). */
    template: ResolvedPodTemplate;
    readonly serviceName: string;
    readonly podManagementPolicy: PodManagementPolicy;
    updateStrategy: StatefulSetUpdateStrategy;
    readonly minReadySeconds: number;
    readonly ordinalsStart: number;
    readonly volumeClaimTemplates: readonly string[];
  };
  readonly status: {
    replicas: number;
    readyReplicas: number;
    availableReplicas: number;
    currentReplicas: number;
    updatedReplicas: number;
    currentRevision: string;
    updateRevision: string;
    observedGeneration: number;
  };
}

export type WorkloadObj = ReplicaSetObj | DeploymentObj;
export type ApiObject = NodeObj | PodObj | WorkloadObj | JobObj | CronJobObj | DaemonSetObj | StatefulSetObj | PolicyObj;
export type Kind = ApiObject['kind'];
export type ObjectOfKind<K extends Kind> = Extract<ApiObject, { kind: K }>;

export function workloadKey(kind: WorkloadKind, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** The owner reference of the object's managing controller, if any (metav1.GetControllerOf). */
export function controllerOf(o: { readonly metadata: ObjectMeta }): OwnerReference | undefined {
  for (const r of o.metadata.ownerReferences) if (r.controller) return r;
  return undefined;
}

/** A pod counts toward its controller while it is not finished and not being deleted (controller.IsPodActive). */
export function isPodActive(p: PodObj): boolean {
  return !p.removed && p.metadata.deletionTimestamp === undefined && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed';
}

export function isPodReady(p: PodObj): boolean {
  return p.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** IsPodAvailable: Ready for at least minReadySeconds. */
export function isPodAvailable(p: PodObj, minReadySeconds: number, now: Micros): boolean {
  if (!isPodReady(p) || p.readySince === undefined) return false;
  return minReadySeconds === 0 || addMicros(p.readySince, seconds(minReadySeconds)) < now;
}

/** The involved-object reference Events carry. */
export function objectRef(o: ApiObject): { kind: string; namespace: string; name: string; uid: string } {
  return { kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name, uid: o.metadata.uid };
}

// ---- Policy objects (issue #8): PodDisruptionBudget (policy/v1), ResourceQuota and LimitRange (v1). The disruption
// controller writes PDB status (models/policy/disruption.ts); the admission plugins read quotas and limit ranges.

/** intstr.IntOrString as PDBs use it: an absolute number or a percentage (`50%` → {percent: 50}). */
export type PdbIntOrPercent = { readonly value: number } | { readonly percent: number };

export type UnhealthyPodEvictionPolicy = 'IfHealthyBudget' | 'AlwaysAllow';

export interface PodDisruptionBudgetSpec {
  readonly selector: ResolvedSelector;
  /** Exactly one of minAvailable and maxUnavailable is set (ValidatePodDisruptionBudgetSpec). */
  readonly minAvailable?: PdbIntOrPercent;
  readonly maxUnavailable?: PdbIntOrPercent;
  /** Absent = IfHealthyBudget behaviour. */
  readonly unhealthyPodEvictionPolicy?: UnhealthyPodEvictionPolicy;
}

export interface PdbCondition {
  readonly type: 'DisruptionAllowed';
  readonly status: 'True' | 'False';
  /** `SufficientPods`, `InsufficientPods` or `SyncFailed`. */
  readonly reason: string;
  readonly lastTransitionTime: Micros;
}

export interface PodDisruptionBudgetStatus {
  /** The generation the disruption controller last computed this status for (0 = never). */
  observedGeneration: number;
  expectedPods: number;
  desiredHealthy: number;
  currentHealthy: number;
  disruptionsAllowed: number;
  /** Pods the eviction API has let go and the controller has not yet seen deleted: name → eviction time. */
  disruptedPods: Map<string, Micros>;
  conditions: PdbCondition[];
}

export interface PodDisruptionBudgetObj {
  readonly kind: 'PodDisruptionBudget';
  readonly metadata: ObjectMeta;
  readonly spec: PodDisruptionBudgetSpec;
  readonly status: PodDisruptionBudgetStatus;
}

/**
 * Resource names and amounts as quotas and limit ranges hold them: milli-units (cpu `500m` → 500, memory `1Gi` →
 * 1073741824000, `pods: 2` → 2000), so every comparison is an exact integer one.
 */
export type ResourceMilli = ReadonlyMap<string, number>;

export interface ResourceQuotaObj {
  readonly kind: 'ResourceQuota';
  readonly metadata: ObjectMeta;
  readonly spec: { readonly hard: ResourceMilli };
}

export type LimitType = 'Container' | 'Pod';

/** core/v1 LimitRangeItem with SetDefaults_LimitRangeItem applied (Container items: default ← max, defaultRequest ← default ← min). */
export interface LimitRangeItem {
  readonly type: LimitType;
  readonly max: ResourceMilli;
  readonly min: ResourceMilli;
  readonly default: ResourceMilli;
  readonly defaultRequest: ResourceMilli;
  readonly maxLimitRequestRatio: ResourceMilli;
}

export interface LimitRangeObj {
  readonly kind: 'LimitRange';
  readonly metadata: ObjectMeta;
  readonly spec: { readonly limits: readonly LimitRangeItem[] };
}

export type PolicyObj = PodDisruptionBudgetObj | ResourceQuotaObj | LimitRangeObj;
