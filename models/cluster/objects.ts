/**
 * The live cluster objects the controllers and kubelets share: Node, Pod, ReplicaSet (also standing for a
 * ReplicationController), Deployment. Plain mutable records: behaviour lives in the controllers, and the only way
 * a status change reaches the traces is through the ClusterStore's notify methods.
 */
import type { Micros } from '../../engine/time';
import type { EventKey } from '../../engine/simulator';
import type { ContainerStatus, PodCondition, PodPhase } from '../podStatus';
import type { ResolvedContainer, ResolvedPodTemplate, ResolvedProbe, ResolvedSelector, Taint, WorkloadKind } from './spec';
import type { MergedBehavior } from '../behaviors';
import type { RandomStream } from '../../engine/random';

export interface NodeObj {
  readonly name: string;
  readonly index: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly allocatable: { readonly cpuMilli: number; readonly memoryBytes: number; readonly pods: number };
  unschedulable: boolean;
  taints: Taint[];
  /** Ready condition as the node lifecycle controller sees it. */
  ready: 'True' | 'False' | 'Unknown';
  /** The machine and its kubelet are up. */
  up: boolean;
  /** When the kubelet came up last (heartbeats are aligned to it). */
  upSince: Micros;
  /** Sum of requests of the pods bound here (terminal pods excluded). */
  readonly requested: { cpuMilli: number; memoryBytes: number; pods: number };
  /** The same with the scheduler's 100m / 200Mi stand-ins for missing requests (scoring only). */
  readonly nonZeroRequested: { cpuMilli: number; memoryBytes: number };
  /** Pods bound to the node, in binding order. */
  readonly pods: Set<PodObj>;
  /** Images already pulled on this node. */
  readonly images: Set<string>;
  /** Pending node-lifecycle timer (grace-period expiry, eviction). */
  lifecycleTimer?: EventKey;
}

/** Where a running container is in its life, beyond what ContainerStatus shows. */
export interface ContainerRuntime {
  readonly pod: PodObj;
  readonly spec: ResolvedContainer;
  readonly isInit: boolean;
  /** Index among init or app containers. */
  readonly index: number;
  readonly status: ContainerStatus;
  /** The Behavior fields that apply to this container (merged; undefined = defaults). */
  readonly behavior: MergedBehavior;
  /** A new id per started container instance (probe workers reset on a new id). */
  instance: number;
  /** The pending timer of this container (pull done, start done, exit, kill deadline, back-off expiry). */
  timer?: EventKey;
  /** Set while the kubelet is stopping the container (liveness kill, pod deletion). */
  stopping?: { readonly reason: 'liveness' | 'startup' | 'delete' | 'action'; readonly since: Micros };
  /** Probe workers of this container, by type. */
  readonly probes: ProbeWorkerState[];
}

export interface ProbeWorkerState {
  readonly type: 'liveness' | 'readiness' | 'startup';
  /** The worker's ticker origin (its creation); ticks fall at origin + k·period. */
  readonly origin: Micros;
  /** Cached result: initial readiness Failure, liveness Success, startup Unknown. */
  result: 'Success' | 'Failure' | 'Unknown';
  lastResult: 'Success' | 'Failure' | 'Unknown';
  resultRun: number;
  onHold: boolean;
  /** Container instance the worker last saw. */
  instance: number;
  readonly container: ContainerRuntime;
  readonly spec: ResolvedProbe;
  timer?: EventKey;
}

export interface PodObj {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly template: ResolvedPodTemplate;
  readonly owner?: ReplicaSetObj;
  readonly creationTime: Micros;
  /** Effective requests (PodRequests) and their scoring variant with the non-zero defaults. */
  readonly requests: { readonly cpuMilli: number; readonly memoryBytes: number };
  readonly nonZeroRequests: { readonly cpuMilli: number; readonly memoryBytes: number };
  /** Per-pod random stream (`pod/<namespace>/<name>`): startup and exit draws. */
  readonly rng: RandomStream;
  nodeName?: string;
  phase: PodPhase;
  /** status.reason (e.g. `NodeLost`, `Evicted`). */
  reason?: string;
  conditions: PodCondition[];
  startTime?: Micros;
  deletionTime?: Micros;
  /** Removed from the API: gone from every list. */
  removed: boolean;
  readonly initContainers: ContainerRuntime[];
  readonly containers: ContainerRuntime[];
  /** Index of the init container the kubelet is working on; = initContainers.length once initialized. */
  initIndex: number;
  /** The kubelet decided the pod is finished (deleted or all containers done for good). */
  terminal: boolean;
  /** The node lifecycle controller lost contact with the pod's node (phase shown per unreachablePodPhase). */
  unreachable: boolean;
  /** When the Ready condition last turned True (undefined while not ready). */
  readySince?: Micros;
  /** Scheduler state. */
  schedulingAttempts: number;
  schedulerTimer?: EventKey;
  /** Last trace snapshot, for change detection. */
  traced?: string[];
}

export interface ReplicaSetObj {
  readonly kind: 'ReplicaSet' | 'ReplicationController';
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  replicas: number;
  readonly selector: ResolvedSelector;
  readonly template: ResolvedPodTemplate;
  readonly minReadySeconds: number;
  readonly owner?: DeploymentObj;
  /** Pods this controller created and still tracks (removed pods leave). */
  readonly pods: Set<PodObj>;
  /** Random stream for generated names and uids. */
  readonly rng: RandomStream;
  syncQueued: boolean;
}

export interface DeploymentObj {
  readonly kind: 'Deployment';
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  replicas: number;
  readonly selector: ResolvedSelector;
  readonly template: ResolvedPodTemplate;
  readonly minReadySeconds: number;
  replicaSet?: ReplicaSetObj;
  syncQueued: boolean;
}

export type WorkloadObj = ReplicaSetObj | DeploymentObj;

export function workloadKey(kind: WorkloadKind, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** A pod counts toward its controller while it is not finished and not being deleted (controller.IsPodActive). */
export function isPodActive(p: PodObj): boolean {
  return !p.removed && p.deletionTime === undefined && p.phase !== 'Succeeded' && p.phase !== 'Failed';
}

export function isPodReady(p: PodObj): boolean {
  return p.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** IsPodAvailable: Ready for at least minReadySeconds. */
export function isPodAvailable(p: PodObj, minReadySeconds: number, now: Micros): boolean {
  if (!isPodReady(p) || p.readySince === undefined) return false;
  return minReadySeconds === 0 || p.readySince + minReadySeconds * 1_000_000 < now;
}
