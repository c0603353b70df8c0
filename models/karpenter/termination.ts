/**
 * Node termination for the provisioner (reference §7.11, §7.13; kubernetes-sigs/karpenter
 * pkg/controllers/node/termination/terminator): the `karpenter.sh/disrupted:NoSchedule` taint, evictions through the
 * eviction API in four groups (non-critical non-DaemonSet, non-critical DaemonSet, critical non-DaemonSet, critical
 * DaemonSet), per-pod back-off after a 429, the terminationGracePeriod deadline, then the instance goes.
 * Owns the drain loop of each deleting NodeClaim; never decides which node goes (disruption.ts, karpenter.ts do).
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { micros, seconds, toSeconds, type Micros } from '../../engine/time';
import type { SimContext } from '../context';
import type { CloudApi } from '../cloud/types';
import type { NodeObj, PodObj } from '../cluster/objects';
import { evictPod } from '../policy/eviction';
import { isMirrorPod } from '../kubelet/staticPods';
import { tolerationsTolerateTaint } from '../scheduler/filter';
import { formatRfc3339 } from '../batch/cronSchedule';
import { claimRef, isDaemonSetPod, nodeRef, podKey, podRef, type NodeClaim } from './nodeClaim';
import { DISRUPTED_TAINT } from './types';

const COMPONENT = 'karpenter';
const CRITICAL = new Set(['system-cluster-critical', 'system-node-critical']);
/** Eviction back-off after a refusal: 100 ms doubling to 10 s (terminator/eviction.go). */
const BACKOFF_MIN = seconds(0.1);
const BACKOFF_MAX = seconds(10);
/** The drain loop's step while pods remain. */
const DRAIN_STEP = seconds(1);

export class Terminator {
  private readonly step: EventType<string>;
  /** Per pod (uid): when the next eviction may be tried and the current back-off. */
  private readonly backoff = new Map<string, { at: Micros; delay: Micros }>();
  private readonly scheduled = new Set<string>();
  private readonly goneType: EventType<NodeClaim>;

  constructor(
    private readonly ctx: SimContext,
    private readonly cloud: CloudApi,
    private readonly claims: Map<string, NodeClaim>,
    private readonly startTime: number,
    private readonly onGone: (c: NodeClaim) => void,
    /** From drained to gone (KarpenterSettings.terminationDelay). */
    private readonly terminationDelay: Micros = seconds(0),
  ) {
    this.step = ctx.clock.register<string>('karpenter/drain', (name) => {
      this.scheduled.delete(name);
      this.drain(name);
    });
    this.goneType = ctx.clock.register<NodeClaim>('karpenter/instanceGone', (c) => this.finish(c));
  }

  /** A pod of a deleting NodeClaim's Node went: look again now (the drain loop would only at its next step). */
  podGone(nodeName: string): void {
    const c = this.claims.get(nodeName);
    if (c && c.deletedAt !== undefined && c.drainedAt === undefined) this.drain(nodeName);
  }

  /** Marks the NodeClaim for deletion: taint, drain, then terminate (idempotent). */
  start(c: NodeClaim): void {
    if (c.deletedAt !== undefined) return;
    c.deletedAt = this.ctx.clock.now;
    const node = this.ctx.store.getNode(c.name);
    if (node) taintDisrupted(this.ctx, node);
    this.drain(c.name);
  }

  private evictionReason(c: NodeClaim): string {
    return c.disruptionReason ?? 'Forceful Termination';
  }

  private drain(name: string): void {
    const c = this.claims.get(name);
    if (!c || c.deletedAt === undefined || c.drainedAt !== undefined) return;
    const now = this.ctx.clock.now;
    const node = this.ctx.store.getNode(name);
    const tgp = c.pool.terminationGracePeriod;
    if (!node || (tgp !== null && now >= c.deletedAt + tgp)) return this.drained(c);
    const pods = drainablePods(node);
    if (pods.length === 0) return this.drained(c);
    let next = micros(now + DRAIN_STEP);
    // terminationGracePeriod: a pod whose own grace would end after the node's termination time is deleted at
    // deletion + TGP − g with grace max(remaining, 1 s), bypassing PDBs and do-not-disrupt (§7.11).
    if (tgp !== null) {
      const end = c.deletedAt + tgp;
      for (const p of pods) {
        if (p.metadata.deletionTimestamp !== undefined) continue;
        const g = p.spec.terminationGracePeriod;
        const at = end - g;
        if (now >= at) {
          const grace = micros(Math.max(end - now, seconds(1)));
          this.ctx.store.delete(p, { gracePeriod: grace });
          this.ctx.events.emit(
            'Normal',
            'Disrupted',
            `Deleting the pod to accommodate the terminationTime ${formatRfc3339(this.startTime + end, 'UTC')} of the node. The pod was granted ${Math.round(toSeconds(grace))} seconds of grace-period of its ${Math.round(toSeconds(g))} terminationGracePeriodSeconds. This bypasses the PDB of the pod and the do-not-disrupt annotation.`,
            podRef(p),
            COMPONENT,
          );
        } else {
          next = micros(Math.min(next, at));
        }
      }
      next = micros(Math.min(next, end));
    }
    // Evict the first group that still has pods (the next group waits until it is gone).
    const group = evictionGroups(pods).find((g) => g.length > 0) ?? [];
    for (const p of group) {
      if (p.metadata.deletionTimestamp !== undefined) continue;
      const b = this.backoff.get(p.metadata.uid);
      if (b && now < b.at) {
        next = micros(Math.min(next, b.at));
        continue;
      }
      const r = evictPod(this.ctx, p.metadata.namespace, p.metadata.name);
      if (r.code === 201) {
        this.backoff.delete(p.metadata.uid);
        this.ctx.events.emit('Normal', 'Evicted', `Evicted pod: ${this.evictionReason(c)}`, podRef(p), COMPONENT);
      } else if (r.code !== 404) {
        const delay = micros(b ? Math.min(b.delay * 2, BACKOFF_MAX) : BACKOFF_MIN);
        this.backoff.set(p.metadata.uid, { at: micros(now + delay), delay });
        next = micros(Math.min(next, now + delay));
        const why = r.code === 429 ? `evicting pod ${podKey(p)} violates a PDB` : `evicting pod ${podKey(p)}: ${r.message}`;
        this.ctx.events.emit('Warning', 'FailedDraining', `Failed to drain node, ${why}`, nodeRef(node), COMPONENT);
      }
    }
    if (!this.scheduled.has(name)) {
      this.scheduled.add(name);
      this.ctx.clock.scheduleAt(next, this.step, name, Priority.CONTROLLER);
    }
  }

  /**
   * Nothing left to wait for (or the terminationGracePeriod ran out): the instance and the Node go `terminationDelay`
   * later (status steps, cloudProvider.Delete, the 5 s instance polls; docs/node-autoscaling.md).
   */
  private drained(c: NodeClaim): void {
    c.drainedAt = this.ctx.clock.now;
    if (this.terminationDelay <= 0) return this.finish(c);
    this.ctx.clock.schedule(this.terminationDelay, this.goneType, c, Priority.CONTROLLER);
  }

  /** The instance goes (the cloud removes the Node; pods left are the pod GC's). */
  private finish(c: NodeClaim): void {
    if (this.claims.get(c.name) !== c) return;
    if (c.instance) this.cloud.terminate(c.instance, c.disruptionReason ?? 'karpenter');
    this.claims.delete(c.name);
    this.onGone(c);
  }
}

export function taintDisrupted(ctx: SimContext, node: NodeObj): void {
  if (node.spec.taints.some((t) => t.key === DISRUPTED_TAINT.key)) return;
  node.spec.taints.push(DISRUPTED_TAINT);
  ctx.store.update(node, true);
}

export function untaintDisrupted(ctx: SimContext, node: NodeObj): void {
  const i = node.spec.taints.findIndex((t) => t.key === DISRUPTED_TAINT.key);
  if (i < 0) return;
  node.spec.taints.splice(i, 1);
  ctx.store.update(node, true);
}

/** Pods the terminator waits for: not terminal, not mirror pods, not tolerating the disrupted taint. */
function drainablePods(node: NodeObj): PodObj[] {
  return [...node.allocated.pods].filter((p) => !p.terminal && !p.removed && !isMirrorPod(p) && !tolerationsTolerateTaint(p.spec.tolerations, DISRUPTED_TAINT));
}

/** The four eviction groups of terminator.go, each in binding order. */
function evictionGroups(pods: readonly PodObj[]): PodObj[][] {
  const critical = (p: PodObj) => CRITICAL.has(p.spec.priorityClassName);
  return [
    pods.filter((p) => !critical(p) && !isDaemonSetPod(p)),
    pods.filter((p) => !critical(p) && isDaemonSetPod(p)),
    pods.filter((p) => critical(p) && !isDaemonSetPod(p)),
    pods.filter((p) => critical(p) && isDaemonSetPod(p)),
  ];
}

export { claimRef };
