/**
 * The provisioner's NodeClaims (reference §5.2): one per machine it asked for, with the lifecycle times, the
 * disruption state and the conversions of cluster objects to the plain inputs of the scheduling simulation.
 * Karpenter's own objects, not store kinds: k8sim keeps them in the provisioner and names them in events.
 */
import type { Micros } from '../../engine/time';
import type { Instance, InstanceType, Offering } from '../cloud/types';
import type { NodeObj, PodObj } from '../cluster/objects';
import type { InvolvedObject } from '../kubeEvents';
import { isMirrorPod } from '../kubelet/staticPods';
import { podRequirementTerms } from './requirements';
import type { CandidatePod } from './consolidation';
import type { SimNode, SimPod } from './scheduling';
import { CAPACITY_TYPE_LABEL, DISRUPTED_TAINT, NODEPOOL_LABEL, POD_DELETION_COST_ANNOTATION, UNREGISTERED_TAINT, ZONE_LABEL, type DisruptionReason, type KarpenterNodePool, type Requirement } from './types';

export interface NodeClaim {
  readonly name: string;
  readonly uid: string;
  readonly pool: KarpenterNodePool;
  /** karpenter.sh/nodepool-hash at creation (drift, §7.10). */
  readonly poolHash: string;
  readonly type: InstanceType;
  readonly offering: Offering;
  /** The Node's labels (cloud labels, zone, capacity type, pool labels, nodepool). */
  readonly labels: Readonly<Record<string, string>>;
  readonly createdAt: Micros;
  instance?: Instance;
  /** Launched: CloudProvider.Create returned an instance. */
  launchedAt?: Micros;
  registeredAt?: Micros;
  initializedAt?: Micros;
  /** Marked for deletion: termination (drain, then the instance) runs. */
  deletedAt?: Micros;
  /** Drained: no pod left to wait for; the instance goes terminationDelay later. */
  drainedAt?: Micros;
  /** Condition DisruptionReason (Empty, Underutilized, Drifted), set when a disruption command takes the node. */
  disruptionReason?: DisruptionReason;
  /** Part of a running disruption command (tainted karpenter.sh/disrupted). */
  disrupting: boolean;
  /** lastPodEventTime (§7.4). */
  lastPodEventAt?: Micros;
  /** Nominated for a pending pod until then (§7.1: 20 s). */
  nominatedUntil?: Micros;
  drifted?: { readonly reason: string; readonly at: Micros };
  /** Launch attempts that failed with a non-capacity error (retried until the launch timeout). */
  launchFailures: number;
  /** Why it was made (`provisioning`, `replacement`): the launch request's reason (nodes.csv). */
  readonly launchReason: string;
}

export function claimRef(c: NodeClaim): InvolvedObject {
  return { kind: 'NodeClaim', namespace: '', name: c.name, uid: c.uid };
}

export function nodeRef(n: NodeObj): InvolvedObject {
  return { kind: 'Node', namespace: '', name: n.metadata.name, uid: n.metadata.uid };
}

export function podRef(p: PodObj): InvolvedObject {
  return { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid };
}

export function podKey(p: PodObj): string {
  return `${p.metadata.namespace}/${p.metadata.name}`;
}

export function isDaemonSetPod(p: PodObj): boolean {
  return p.metadata.ownerReferences.some((o) => o.controller && o.kind === 'DaemonSet');
}

/**
 * pkg/utils/pod IsProvisionable: PodScheduled=False reason Unschedulable, no nodeName, no nominatedNodeName, not
 * owned by a DaemonSet or a Node, not terminating.
 */
export function isProvisionable(p: PodObj): boolean {
  if (p.spec.nodeName !== undefined || p.status.nominatedNodeName !== undefined || p.terminal || p.metadata.deletionTimestamp !== undefined) return false;
  if (isDaemonSetPod(p) || isMirrorPod(p)) return false;
  const c = p.status.conditions.find((x) => x.type === 'PodScheduled');
  return c !== undefined && c.status === 'False' && c.reason === 'Unschedulable';
}

/** Reschedulable pods of a node (not DaemonSet, mirror or terminal, not terminating), for disruption (§7.2). */
export function reschedulablePods(n: NodeObj): PodObj[] {
  return [...n.allocated.pods].filter((p) => !p.terminal && !p.removed && p.metadata.deletionTimestamp === undefined && !isDaemonSetPod(p) && !isMirrorPod(p));
}

/** simPod results by pod (a pod's requests, selector, affinity and tolerations do not change). */
const simPods = new WeakMap<PodObj, CandidatePod>();

/** The simulation's view of a pod: requests, node selector and required node affinity as requirements, tolerations. */
export function simPod(p: PodObj): CandidatePod {
  let c = simPods.get(p);
  if (c === undefined || c.deletionCost !== deletionCostOf(p)) {
    c = buildSimPod(p);
    simPods.set(p, c);
  }
  return c;
}

function deletionCostOf(p: PodObj): number {
  const raw = p.metadata.annotations[POD_DELETION_COST_ANNOTATION];
  if (raw === undefined) return 0;
  const cost = Number(raw);
  return Number.isFinite(cost) ? cost : 0;
}

function buildSimPod(p: PodObj): CandidatePod {
  const terms: Requirement[][] = (p.spec.affinity?.nodeAffinity?.required ?? []).map((t) => t.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, values: e.values })));
  return {
    key: podKey(p),
    uid: p.metadata.uid,
    created: p.metadata.creationTimestamp,
    cpuMilli: p.requests.cpuMilli,
    memoryBytes: p.requests.memoryBytes,
    requirementTerms: podRequirementTerms(p.spec.nodeSelector, terms),
    tolerations: p.spec.tolerations,
    deletionCost: deletionCostOf(p),
    priority: p.spec.priority,
  };
}

/** Taints Karpenter knows to be ephemeral (not-ready, unreachable, unregistered, disrupted) are left out. */
const EPHEMERAL = new Set(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable', UNREGISTERED_TAINT.key]);

/** A Node as the simulation sees it (its bound pods' requests). */
export function simNodeOf(n: NodeObj, initialized: boolean, startupTaints: readonly string[] = []): SimNode {
  const r = n.allocated.requested;
  return {
    name: n.metadata.name,
    initialized,
    labels: n.metadata.labels,
    taints: n.spec.taints.filter((t) => !EPHEMERAL.has(t.key) && !startupTaints.includes(t.key)),
    allocatable: n.status.allocatable,
    requested: { cpuMilli: r.cpuMilli, memoryBytes: r.memoryBytes, pods: r.pods },
  };
}

/** An in-flight NodeClaim without its Node yet: the launched type's allocatable, nothing bound. */
export function simNodeOfClaim(c: NodeClaim): SimNode {
  return { name: c.name, initialized: false, labels: c.labels, taints: c.pool.taints, allocatable: c.type.allocatable, requested: { cpuMilli: 0, memoryBytes: 0, pods: 0 } };
}

/** The labels a NodeClaim's Node carries. */
export function claimLabels(pool: KarpenterNodePool, type: InstanceType, offering: Offering): Record<string, string> {
  return { ...type.labels, ...pool.labels, [ZONE_LABEL]: offering.zone, [CAPACITY_TYPE_LABEL]: offering.capacityType, [NODEPOOL_LABEL]: pool.name };
}

export function hasDisruptedTaint(n: NodeObj): boolean {
  return n.spec.taints.some((t) => t.key === DISRUPTED_TAINT.key);
}

/** Remaining pods (SimPod) a node would have to move: for the simulation with `pods` given as CandidatePods. */
export type { SimPod };
