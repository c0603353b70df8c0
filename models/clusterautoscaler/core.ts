/**
 * What the Cluster Autoscaler's parts share (issue #10): the names of its objects and taints, its node groups, the
 * dependencies the Simulation hands it, and CaCore, the view of the autoscaler that the scale-up orchestrator
 * (scaleUp.ts) and the scale-down planner/actuator (scaleDown.ts) work through. Types and constants only.
 */
import type { Micros } from '../../engine/time';
import type { SimContext } from '../context';
import type { NodeObj, PodObj } from '../cluster/objects';
import type { CloudApi, InstanceType, Offering, ProvisioningModel } from '../cloud/types';
import type { NodeAutoscalerRecord } from '../recorder';
import type { SchedulerSettings } from '../scheduler/config';
import type { PodInfos } from '../scheduler/podInfos';
import type { ExponentialBackoff } from './backoff';
import type { ClusterAutoscalerSettings, NodeGroupSpec } from './config';
import type { LazySimNode, PredicateChecker, SimNode } from './simNodes';

export const CA_COMPONENT = 'cluster-autoscaler';
/** The status ConfigMap the CA's cluster-wide events are about (§3.10); k8sim stores no ConfigMap, events name it. */
export const STATUS_CONFIGMAP = { kind: 'ConfigMap', namespace: 'kube-system', name: 'cluster-autoscaler-status', uid: '' } as const;
export const PRIORITY_CONFIGMAP = { kind: 'ConfigMap', namespace: 'kube-system', name: 'cluster-autoscaler-priority-expander', uid: '' } as const;
/** utils/taints/taints.go ToBeDeletedTaint, DeletionCandidateTaint. */
export const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';
export const DELETION_CANDIDATE_TAINT = 'DeletionCandidateOfClusterAutoscaler';

export interface ClusterAutoscalerDeps {
  readonly cloud: CloudApi;
  readonly scheduler: SchedulerSettings;
  /** How a group's machines come up (the cloud model's provisioning settings for the group). */
  readonly provisioning: (group: NodeGroupSpec) => ProvisioningModel;
  /** The instance type and offering a group launches ([k8sim] a type built from the pool's size when it names none). */
  readonly machine: (group: NodeGroupSpec) => { readonly instanceType: InstanceType; readonly offering: Offering };
  /** Removes a node that is no cloud instance (a pool's initial node): its machine stops and it leaves the API. */
  readonly removeNode: (node: NodeObj) => void;
  /** Cordon / uncordon (the node lifecycle's spec.unschedulable writer). */
  readonly cordon: (node: NodeObj, unschedulable: boolean) => void;
  /** The wall-clock µs of virtual t = 0 (taint values are Unix seconds). */
  readonly startTime: number;
  readonly trace?: (r: NodeAutoscalerRecord) => void;
}

/** A node group as the CA tracks it (clusterstate + the cloud provider's NodeGroup). */
export interface NodeGroup {
  readonly spec: NodeGroupSpec;
  /** TargetSize. */
  target: number;
  /** Registered nodes of the group (in the store), by name. */
  readonly members: Set<string>;
  /** The active scale-up request (clusterstate ScaleUpRequest). */
  request?: { increase: number; readonly time: Micros; expectedAddTime: Micros };
  /** Machines launched so far (zone round-robin and names). */
  launched: number;
  /** Launch failures the cloud reported since the last loop. */
  readonly failures: { readonly class: string; readonly message: string }[];
}

/** A template node's shape (what the scale-up simulation and the expanders read). */
export interface TemplateShape {
  readonly labels: Readonly<Record<string, string>>;
  readonly capacity: { readonly cpuMilli: number; readonly memoryBytes: number; readonly pods: number };
  readonly allocatable: { readonly cpuMilli: number; readonly memoryBytes: number; readonly pods: number };
  readonly taints: NodeGroupSpec['template']['taints'];
}

export type InvolvedObject = { readonly kind: string; readonly namespace: string; readonly name: string; readonly uid: string };

/** The autoscaler as its scale-up and scale-down parts see it (implemented by ClusterAutoscaler). */
export interface CaCore {
  readonly ctx: SimContext;
  readonly deps: ClusterAutoscalerDeps;
  readonly settings: ClusterAutoscalerSettings;
  readonly groups: readonly NodeGroup[];
  readonly groupByName: ReadonlyMap<string, NodeGroup>;
  readonly backoff: ExponentialBackoff;
  readonly checker: PredicateChecker;
  readonly infos: PodInfos;
  readonly pending: ReadonlySet<PodObj>;
  lastScaleUpTime: Micros;
  lastScaleDownDeleteTime: Micros;
  lastScaleDownFailTime: Micros;
  nodeGroupOf(node: string): NodeGroup | undefined;
  isReady(node: NodeObj): boolean;
  isNotStarted(node: NodeObj, now: Micros): boolean;
  isBeingDeleted(node: NodeObj): boolean;
  upcoming(g: NodeGroup, now: Micros): number;
  readiness(now: Micros): { registered: number; ready: number; unready: number; notStarted: number };
  launch(g: NodeGroup, n: number): void;
  deleteNode(node: NodeObj, reason: string): void;
  templateOf(g: NodeGroup): TemplateShape;
  simView(node: NodeObj): SimNode;
  lazyView(node: NodeObj): LazySimNode;
  emit(type: 'Normal' | 'Warning', reason: string, message: string, obj: InvolvedObject): void;
  trace(time: Micros, action: string, group: string, node: string, from: number | undefined, to: number | undefined, reason: string, pods: string): void;
  unixSeconds(now: Micros): string;
}

/** node_autoscaler.csv `pods`: the first 10 as `<ns>/<name>` joined by spaces, then `+<n> more`. */
export const POD_LIST_MAX = 10;
export function podList(pods: readonly PodObj[]): string {
  const names = pods.slice(0, POD_LIST_MAX).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  if (pods.length > POD_LIST_MAX) names.push(`+${pods.length - POD_LIST_MAX} more`);
  return names.join(' ');
}

export function podRef(p: PodObj): { kind: string; namespace: string; name: string; uid: string } {
  return { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid };
}
