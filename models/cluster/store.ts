/**
 * The cluster's shared state (what the API server holds): nodes, pods and workloads in insertion order, plus the
 * change notifications the controllers subscribe to. It also turns every pod and node change into trace rows, so a
 * change that was not notified here is a bug. It schedules nothing itself.
 */
import type { Micros } from '../../engine/time';
import type { Recorder } from '../recorder';
import { printPodStatus } from '../kubelet/printStatus';
import { isPodReady, type DeploymentObj, type NodeObj, type PodObj, type ReplicaSetObj } from './objects';

export interface StoreListener {
  /** A pod's phase, readiness, node or deletion changed (called after the trace row is written). */
  podChanged?(pod: PodObj): void;
  /** A pod was removed from the API. */
  podRemoved?(pod: PodObj): void;
  /** A node changed in a way that may let pending pods fit (capacity freed, Ready, uncordoned). */
  capacityFreed?(): void;
}

export class ClusterStore {
  readonly nodes: NodeObj[] = [];
  readonly nodesByName = new Map<string, NodeObj>();
  readonly pods = new Map<string, PodObj>();
  readonly replicaSets = new Map<string, ReplicaSetObj>();
  readonly deployments = new Map<string, DeploymentObj>();
  private readonly listeners: StoreListener[] = [];
  /** Counters for the run summary. */
  readonly counts = { podsCreated: 0, podsDeleted: 0, containerRestarts: 0, oomKills: 0 };

  constructor(
    private readonly recorder: Recorder,
    private readonly clock: { readonly now: Micros },
  ) {}

  subscribe(l: StoreListener): void {
    this.listeners.push(l);
  }

  addNode(node: NodeObj): void {
    this.nodes.push(node);
    this.nodesByName.set(node.name, node);
    this.nodeChanged(node);
  }

  addPod(pod: PodObj): void {
    this.pods.set(podKey(pod.namespace, pod.name), pod);
    this.counts.podsCreated++;
    this.podChanged(pod);
  }

  getPod(namespace: string, name: string): PodObj | undefined {
    return this.pods.get(podKey(namespace, name));
  }

  /** Removes a pod from the API (after graceful termination, or at once when it never ran). */
  removePod(pod: PodObj): void {
    if (pod.removed) return;
    pod.removed = true;
    this.pods.delete(podKey(pod.namespace, pod.name));
    this.counts.podsDeleted++;
    this.writePodRows(pod, true);
    for (const l of this.listeners) l.podRemoved?.(pod);
  }

  /** Records the pod's new status in the trace and tells the controllers. */
  podChanged(pod: PodObj): void {
    if (pod.removed) return;
    this.writePodRows(pod, false);
    for (const l of this.listeners) l.podChanged?.(pod);
  }

  /** Records a node's new state in the trace. */
  nodeChanged(node: NodeObj): void {
    this.recorder.node({
      time: this.clock.now,
      node: node.name,
      ready: node.ready,
      schedulable: !node.unschedulable,
      cpuRequestedMilli: node.requested.cpuMilli,
      cpuAllocatableMilli: node.allocatable.cpuMilli,
      memoryRequestedBytes: node.requested.memoryBytes,
      memoryAllocatableBytes: node.allocatable.memoryBytes,
      pods: node.requested.pods,
      podsAllocatable: node.allocatable.pods,
    });
  }

  capacityFreed(): void {
    for (const l of this.listeners) l.capacityFreed?.();
  }

  /**
   * One row per container whose status changed since the last row, or one pod-level row (container empty) when only
   * the pod's own fields changed (and one pod-level row with status `Deleted` when it leaves). The snapshot per container is a compact string compared as a whole.
   */
  private writePodRows(pod: PodObj, deleted: boolean): void {
    const now = this.clock.now;
    const ready = isPodReady(pod);
    const status = deleted ? 'Deleted' : printPodStatus(pod);
    const node = pod.nodeName ?? '';
    const all = pod.initContainers.length ? [...pod.initContainers, ...pod.containers] : pod.containers;
    const snap: string[] = [`${pod.phase}|${ready}|${status}|${node}`];
    for (const c of all) {
      const s = c.status.state;
      snap.push(
        s === undefined
          ? ''
          : s.kind === 'terminated'
            ? `t|${s.reason}|${s.exitCode}|${c.status.restartCount}`
            : s.kind === 'waiting'
              ? `w|${s.reason}|${c.status.restartCount}`
              : `r|${c.status.restartCount}`,
      );
    }
    const prev = pod.traced;
    pod.traced = snap;
    let wrote = false;
    for (let i = 0; i < all.length && !deleted; i++) {
      if (prev && prev[i + 1] === snap[i + 1]) continue;
      if (!prev && all[i].status.state === undefined) continue;
      const c = all[i];
      const s = c.status.state;
      this.recorder.pod({
        time: now,
        namespace: pod.namespace,
        pod: pod.name,
        node,
        phase: pod.phase,
        ready,
        status,
        container: c.spec.name,
        containerState: s?.kind ?? '',
        reason: s === undefined || s.kind === 'running' ? '' : s.reason,
        exitCode: s?.kind === 'terminated' ? s.exitCode : undefined,
        restarts: c.status.restartCount,
      });
      wrote = true;
    }
    if (!wrote && (!prev || prev[0] !== snap[0] || deleted)) {
      this.recorder.pod({
        time: now,
        namespace: pod.namespace,
        pod: pod.name,
        node,
        phase: pod.phase,
        ready,
        status,
        container: '',
        containerState: '',
        reason: pod.reason ?? '',
        exitCode: undefined,
        restarts: undefined,
      });
    }
  }
}

export function podKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
