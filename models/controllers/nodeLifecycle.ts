/**
 * Nodes going away and coming back (pkg/controller/nodelifecycle and the taint eviction controller, reference §5).
 * When a machine stops, its kubelet's last lease renewal is the last 10 s heartbeat; the controller, checking every
 * monitorPeriod, marks the node Ready=Unknown (`NodeStatusUnknown`, `Kubelet stopped posting node status.`) once
 * the grace period has passed, marks its pods not ready (and, per the unreachablePodPhase setting, phase Unknown),
 * taints it unreachable:NoExecute, and deletes its pods after the toleration (TaintManagerEviction). Cordon and
 * uncordon flip spec.unschedulable.
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import type { Micros } from '../../engine/time';
import type { SimContext } from '../context';
import type { NodeObj, PodObj } from '../cluster/objects';
import { refreshPodStatus } from '../kubelet/podConditions';
import type { Kubelets } from '../kubelet/kubelet';
import { podRef } from '../scheduler/scheduler';
import type { PodLifecycle } from './replicaSet';

/** Kubelet lease renew interval: 0.25 × nodeLeaseDurationSeconds (40 s). */
const LEASE_RENEW_INTERVAL: Micros = 10_000_000;
const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';

export class NodeLifecycleController {
  private readonly markType: EventType<NodeObj>;
  private readonly evictType: EventType<NodeObj>;

  constructor(
    private readonly ctx: SimContext,
    private readonly kubelets: Kubelets,
    private readonly pods: PodLifecycle,
  ) {
    this.markType = ctx.sim.register('nodelifecycle/grace-expired', (n) => this.markUnknown(n));
    this.evictType = ctx.sim.register('nodelifecycle/evict', (n) => this.evict(n));
  }

  private nodeRef(n: NodeObj) {
    return { kind: 'Node', namespace: '', name: n.name, uid: n.name };
  }

  nodeDown(node: NodeObj): void {
    if (!node.up) return;
    const now = this.ctx.sim.now;
    node.up = false;
    this.kubelets.nodeDown(node);
    const s = this.ctx.scenario.nodeLifecycle;
    // The last heartbeat: the latest lease renewal, every 10 s since the kubelet came up.
    const lastRenew = node.upSince + Math.floor((now - node.upSince) / LEASE_RENEW_INTERVAL) * LEASE_RENEW_INTERVAL;
    // The first monitor tick (every monitorPeriod from t=0) at which more than the grace period has passed.
    const deadline = lastRenew + s.monitorGracePeriod;
    const tick = (Math.floor(deadline / s.monitorPeriod) + 1) * s.monitorPeriod;
    node.lifecycleTimer = this.ctx.sim.scheduleAt(Math.max(tick, now), this.markType, node, Priority.CONTROLLER);
  }

  private markUnknown(node: NodeObj): void {
    node.lifecycleTimer = undefined;
    node.ready = 'Unknown';
    node.taints = [...node.taints.filter((t) => t.key !== UNREACHABLE_TAINT), { key: UNREACHABLE_TAINT, effect: 'NoExecute' }];
    this.ctx.events.emit('Normal', 'NodeNotReady', `Node ${node.name} status is now: NodeNotReady`, this.nodeRef(node), 'node-controller');
    this.ctx.store.nodeChanged(node);
    for (const pod of node.pods) {
      if (pod.terminal || pod.removed) continue;
      pod.unreachable = true;
      refreshPodStatus(pod, this.ctx.sim.now, this.ctx.scenario.kubelet);
      this.ctx.events.emit('Warning', 'NodeNotReady', 'Node is not ready', podRef(pod), 'node-controller');
      this.ctx.store.podChanged(pod);
    }
    const toleration = this.ctx.scenario.nodeLifecycle.tolerationSeconds * 1_000_000;
    node.lifecycleTimer = this.ctx.sim.schedule(toleration, this.evictType, node, Priority.CONTROLLER);
  }

  /** Taint eviction after the default toleration: pods are deleted (they stay Terminating while the node is away). */
  private evict(node: NodeObj): void {
    node.lifecycleTimer = undefined;
    for (const pod of [...node.pods]) {
      if (pod.deletionTime !== undefined || pod.removed || pod.terminal) continue;
      this.ctx.events.emit('Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.namespace}/${pod.name}`, podRef(pod), 'taint-eviction-controller');
      this.pods.deletePod(pod, 'taint-eviction-controller');
    }
  }

  nodeUp(node: NodeObj): void {
    if (node.up) return;
    const now = this.ctx.sim.now;
    if (node.lifecycleTimer !== undefined) this.ctx.sim.cancel(node.lifecycleTimer);
    node.lifecycleTimer = undefined;
    node.up = true;
    node.upSince = now;
    const wasUnknown = node.ready !== 'True';
    node.ready = 'True';
    node.taints = node.taints.filter((t) => t.key !== UNREACHABLE_TAINT);
    if (wasUnknown) this.ctx.events.emit('Normal', 'NodeReady', `Node ${node.name} status is now: NodeReady`, this.nodeRef(node), 'kubelet', node.name);
    for (const pod of node.pods) pod.unreachable = false;
    this.ctx.store.nodeChanged(node);
    this.kubelets.nodeUp(node);
    this.ctx.store.capacityFreed();
  }

  cordon(node: NodeObj, unschedulable: boolean): void {
    if (node.unschedulable === unschedulable) return;
    node.unschedulable = unschedulable;
    const reason = unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable';
    this.ctx.events.emit('Normal', reason, `Node ${node.name} status is now: ${reason}`, this.nodeRef(node), 'kubelet', node.name);
    this.ctx.store.nodeChanged(node);
    if (!unschedulable) this.ctx.store.capacityFreed();
  }

  /** Pods bound to a node that is away cannot be stopped by their kubelet: they wait, Terminating. */
  static waitsForNode(pod: PodObj, node: NodeObj | undefined): boolean {
    return node !== undefined && !node.up;
  }
}
