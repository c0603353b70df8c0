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
import { addMicros, maxMicros, scaleMicros, seconds, type Micros } from '../../engine/time';
import type { EventKey } from '../../engine/simulator';
import type { SimContext } from '../context';
import { objectRef, type NodeObj } from '../cluster/objects';
import type { Kubelets } from '../kubelet/kubelet';
import type { NodeLifecycleSettings } from './nodeLifecycleConfig';
import type { Taint } from '../cluster/spec';
import { toleratesTaint } from '../scheduler/filter';

/** Kubelet lease renew interval: 0.25 × nodeLeaseDurationSeconds (40 s). */
const LEASE_RENEW_INTERVAL: Micros = seconds(10);
const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
const UNREACHABLE: Taint = { key: UNREACHABLE_TAINT, effect: 'NoExecute' };

export class NodeLifecycleController {
  private readonly markType: EventType<NodeObj>;
  private readonly evictType: EventType<NodeObj>;
  /** Each node's pending timer (grace-period expiry, then eviction). */
  private readonly timers = new Map<NodeObj, EventKey>();

  constructor(
    private readonly ctx: SimContext,
    private readonly settings: NodeLifecycleSettings,
    private readonly kubelets: Kubelets,
  ) {
    this.markType = ctx.clock.register('nodelifecycle/grace-expired', (n) => this.markUnknown(n));
    this.evictType = ctx.clock.register('nodelifecycle/evict', (n) => this.evict(n));
    // A Node removed from the API (a terminated instance) is no longer monitored: its pending timer goes.
    ctx.store.watch('Node', (type, node) => {
      if (type !== 'DELETED') return;
      const timer = this.timers.get(node);
      if (timer !== undefined) this.ctx.clock.cancel(timer);
      this.timers.delete(node);
    });
  }

  nodeDown(node: NodeObj): void {
    const machine = node.machine;
    if (!machine.up) return;
    const now = this.ctx.clock.now;
    machine.up = false;
    this.kubelets.nodeDown(node);
    const s = this.settings;
    // The last heartbeat: the latest lease renewal, every 10 s since the kubelet came up.
    const renewals = Math.floor((now - machine.upSince) / LEASE_RENEW_INTERVAL);
    const lastRenew = addMicros(machine.upSince, scaleMicros(LEASE_RENEW_INTERVAL, renewals));
    // The first monitor tick (every monitorPeriod from t=0) at which more than the grace period has passed.
    const deadline = addMicros(lastRenew, s.monitorGracePeriod);
    const tick = scaleMicros(s.monitorPeriod, Math.floor(deadline / s.monitorPeriod) + 1);
    this.timers.set(node, this.ctx.clock.scheduleAt(maxMicros(tick, now), this.markType, node, Priority.CONTROLLER));
  }

  private markUnknown(node: NodeObj): void {
    this.timers.delete(node);
    node.status.ready = 'Unknown';
    node.spec.taints = [...node.spec.taints.filter((t) => t.key !== UNREACHABLE_TAINT), { key: UNREACHABLE_TAINT, effect: 'NoExecute' }];
    this.ctx.events.emit('Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`, objectRef(node), 'node-controller');
    this.ctx.store.update(node);
    for (const pod of node.allocated.pods) {
      if (pod.terminal || pod.removed) continue;
      pod.unreachable = true;
      this.ctx.events.emit('Warning', 'NodeNotReady', 'Node is not ready', objectRef(pod), 'node-controller');
      this.kubelets.refreshStatus(pod);
    }
    const toleration = seconds(this.settings.tolerationSeconds);
    this.timers.set(node, this.ctx.clock.schedule(toleration, this.evictType, node, Priority.CONTROLLER));
  }

  /** Taint eviction after the default toleration: pods are deleted (they stay Terminating while the node is away). */
  private evict(node: NodeObj): void {
    this.timers.delete(node);
    for (const pod of [...node.allocated.pods]) {
      if (pod.metadata.deletionTimestamp !== undefined || pod.removed || pod.terminal) continue;
      // getMinTolerationTime: a toleration of the taint without tolerationSeconds keeps the pod for good (static
      // pods' `Exists` NoExecute, DaemonSet pods' unreachable toleration).
      if (pod.spec.tolerations.some((t) => t.tolerationSeconds === undefined && toleratesTaint(t, UNREACHABLE))) continue;
      const m = pod.metadata;
      this.ctx.events.emit('Normal', 'TaintManagerEviction', `Marking for deletion Pod ${m.namespace}/${m.name}`, objectRef(pod), 'taint-eviction-controller');
      this.ctx.store.delete(pod);
    }
  }

  nodeUp(node: NodeObj): void {
    const machine = node.machine;
    if (machine.up) return;
    const now = this.ctx.clock.now;
    const timer = this.timers.get(node);
    if (timer !== undefined) this.ctx.clock.cancel(timer);
    this.timers.delete(node);
    machine.up = true;
    machine.upSince = now;
    const name = node.metadata.name;
    const wasUnknown = node.status.ready !== 'True';
    node.status.ready = 'True';
    node.spec.taints = node.spec.taints.filter((t) => t.key !== UNREACHABLE_TAINT);
    if (wasUnknown) this.ctx.events.emit('Normal', 'NodeReady', `Node ${name} status is now: NodeReady`, objectRef(node), 'kubelet', name);
    for (const pod of node.allocated.pods) pod.unreachable = false;
    this.ctx.store.update(node);
    this.kubelets.nodeUp(node);
  }

  cordon(node: NodeObj, unschedulable: boolean): void {
    if (node.spec.unschedulable === unschedulable) return;
    node.spec.unschedulable = unschedulable;
    const reason = unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable';
    const name = node.metadata.name;
    this.ctx.events.emit('Normal', reason, `Node ${name} status is now: ${reason}`, objectRef(node), 'kubelet', name);
    this.ctx.store.update(node, true);
  }
}
