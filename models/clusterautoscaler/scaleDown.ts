/**
 * Scale-down (reference §3): the planner (core/scaledown/planner/planner.go: candidates, eligibility, removal
 * simulation with the moves kept, unneeded timers, unremovable records, soft taints) and the actuator
 * (core/scaledown/actuation: taint and cordon, empty-node deletion, drain through the eviction API with retries and
 * the pod-gone poll, deletion through the cloud, events). Planning runs every loop; actuation only out of cooldown.
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { addMicros, seconds, type Micros } from '../../engine/time';
import { controllerOf, objectRef, type NodeObj, type PodObj } from '../cluster/objects';
import { evictPod } from '../policy/eviction';
import { pdbsMatching } from '../policy/disruption';
import { MIRROR_ANNOTATION } from '../kubelet/staticPods';
import { STATUS_CONFIGMAP, DELETION_CANDIDATE_TAINT, TO_BE_DELETED_TAINT, podList, podRef, type CaCore as ClusterAutoscaler } from './core';
import { podsToMove, isDaemonSetPod, SCALE_DOWN_DISABLED, type DrainPod } from './drainability';
import { calculateUtilization, formatUtilization, type UtilizationInfo } from './utilization';
import { applyMinSize, cropNodes, unneededNodesLimit } from './removal';
import { addPod, LazySimNode, type SimNode } from './simNodes';

/** drain.go: eviction retries every 10 s; the pod-gone poll every 5 s. */
const EVICTION_RETRY = seconds(10);
const POD_GONE_POLL = seconds(5);
/** drain.IsPodLongTerminating: grace period + 30 s. */
const LONG_TERMINATING_EXTRA = seconds(30);

/** Controller kinds k8sim stores (a pod of another owner kind cannot be checked: its controller counts as found). */
const OWNER_KINDS: ReadonlySet<string> = new Set(['ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job']);

interface Unneeded {
  readonly since: Micros;
}

interface Deletion {
  readonly node: string;
  readonly group: string;
  readonly drain: boolean;
  readonly pods: readonly PodObj[];
  readonly started: Micros;
  evictionDeadline?: Micros;
  waitDeadline?: Micros;
  readonly evicted: Set<PodObj>;
}

type Step = { readonly node: string };

export class ScaleDown {
  private readonly unneeded = new Map<string, Unneeded>();
  /** Nodes found unremovable by the simulation: not simulated again before ttl. */
  private readonly unremovable = new Map<string, Micros>();
  private readonly deletions = new Map<string, Deletion>();
  private readonly stepType: EventType<Step>;

  constructor(private readonly ca: ClusterAutoscaler) {
    this.stepType = ca.ctx.clock.register('clusterautoscaler/deletion', (s) => this.step(s.node));
  }

  forget(node: string): void {
    this.unneeded.delete(node);
    this.unremovable.delete(node);
    this.deletions.delete(node);
  }

  forgetAll(): void {
    this.unneeded.clear();
  }

  unneededCount(): number {
    return this.unneeded.size;
  }

  unneededSince(): ReadonlyMap<string, Micros> {
    return new Map([...this.unneeded].map(([n, u]) => [n, u.since]));
  }

  private podFacts(pod: PodObj, now: Micros): DrainPod & { readonly pod: PodObj } {
    const ref = controllerOf(pod);
    const store = this.ca.ctx.store;
    const known = ref !== undefined && OWNER_KINDS.has(ref.kind);
    const owner = known ? (store.controllerOf(pod, 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job') as { spec?: { replicas?: number } } | undefined) : undefined;
    const replicas = owner?.spec?.replicas;
    const del = pod.metadata.deletionTimestamp;
    const grace = pod.metadata.deletionGracePeriod ?? pod.spec.terminationGracePeriod;
    return {
      pod,
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      annotations: pod.metadata.annotations,
      mirror: pod.metadata.annotations[MIRROR_ANNOTATION] !== undefined,
      longTerminating: del !== undefined && addMicros(addMicros(del, grace), LONG_TERMINATING_EXTRA) < now,
      ...(ref !== undefined ? { controllerKind: ref.kind } : {}),
      controllerFound: ref === undefined || !known || owner !== undefined,
      ...(typeof replicas === 'number' ? { controllerReplicas: replicas } : {}),
      phase: pod.status.phase,
      restartPolicy: pod.spec.restartPolicy,
      createdAt: pod.metadata.creationTimestamp,
      localVolumes: [],
      pdbAllowed: pdbsMatching(this.ca.ctx, pod).map((b) => b.status.disruptionsAllowed),
    };
  }

  /** Pods on the node that count (not finished, not gone). */
  private podsOn(node: NodeObj): PodObj[] {
    return [...node.allocated.pods].filter((p) => !p.removed && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed');
  }

  /** The flags utilization and emptiness need, without store lookups. */
  private kind(pod: PodObj, now: Micros): { readonly daemonSet: boolean; readonly mirror: boolean; readonly longTerminating: boolean } {
    const del = pod.metadata.deletionTimestamp;
    const grace = pod.metadata.deletionGracePeriod ?? pod.spec.terminationGracePeriod;
    return {
      daemonSet: isDaemonSetPod({ controllerKind: controllerOf(pod)?.kind, annotations: pod.metadata.annotations }),
      mirror: pod.metadata.annotations[MIRROR_ANNOTATION] !== undefined,
      longTerminating: del !== undefined && addMicros(addMicros(del, grace), LONG_TERMINATING_EXTRA) < now,
    };
  }

  private utilization(node: NodeObj, pods: readonly PodObj[], now: Micros): UtilizationInfo {
    const s = this.ca.settings;
    // The common case (no ignore flag, nobody terminating) without a per-pod record: the same sums.
    if (!s.ignoreDaemonsetsUtilization && !s.ignoreMirrorPodsUtilization && pods.every((p) => p.metadata.deletionTimestamp === undefined)) {
      let cpu = 0;
      let mem = 0;
      for (const p of pods) {
        cpu += p.requests.cpuMilli;
        mem += p.requests.memoryBytes;
      }
      const none = { daemonSet: false, mirror: false, longTerminating: false };
      return calculateUtilization(node.status.allocatable, [{ cpuMilli: cpu, memoryBytes: mem, ...none }], s);
    }
    return calculateUtilization(
      node.status.allocatable,
      pods.map((p) => ({ cpuMilli: p.requests.cpuMilli, memoryBytes: p.requests.memoryBytes, ...this.kind(p, now) })),
      s,
    );
  }


  /** Planning and, unless in cooldown, actuation. Returns whether a deletion started. */
  run(now: Micros, forbidden: boolean): boolean {
    const ca = this.ca;
    const s = ca.settings;
    const store = ca.ctx.store;
    for (const [n, ttl] of [...this.unremovable]) if (ttl <= now) this.unremovable.delete(n);

    // Candidates: nodes of groups above their min size, not being deleted, not NotStarted (§3.1).
    type Cand = { node: NodeObj; pods: PodObj[]; empty: boolean };
    const cands: Cand[] = [];
    const nodes = [...store.nodes];
    for (const node of nodes) {
      const g = ca.nodeGroupOf(node.metadata.name);
      if (g === undefined || g.target <= g.spec.minSize) continue;
      if (ca.isBeingDeleted(node) || this.deletions.has(node.metadata.name) || ca.isNotStarted(node, now)) continue;
      const pods = this.podsOn(node);
      const empty = pods.every((p) => {
        const k = this.kind(p, now);
        return k.mirror || k.daemonSet;
      });
      cands.push({ node, pods, empty });
    }
    const rank = (c: Cand) => (c.empty ? 0 : this.unneeded.has(c.node.metadata.name) ? 1 : 2);
    // [k8sim] ties in the store's node order (creation order: a pool's nodes by number).
    const order = new Map(nodes.map((n, i) => [n, i]));
    cands.sort((a, b) => rank(a) - rank(b) || order.get(a.node)! - order.get(b.node)!);

    // Destinations: ready, schedulable nodes not being deleted (upcoming placeholders are not destinations).
    const dest: LazySimNode[] = [];
    for (const node of nodes) {
      if (!ca.isReady(node) || node.spec.unschedulable || ca.isBeingDeleted(node) || this.deletions.has(node.metadata.name)) continue;
      dest.push(ca.lazyView(node));
    }
    const removed = new Set<string>();
    const limit = unneededNodesLimit(this.unneeded.size, s.maxScaleDownParallelism, s.scaleDownUnneededTime, s.scanInterval);
    const found: { node: NodeObj; empty: boolean; util: UtilizationInfo; move: PodObj[] }[] = [];
    let hint = 0;
    for (const c of cands) {
      if (found.length >= limit) break;
      const name = c.node.metadata.name;
      if (c.node.metadata.annotations[SCALE_DOWN_DISABLED] === 'true') continue;
      if (!ca.isReady(c.node) && !s.scaleDownUnreadyEnabled) continue;
      const util = this.utilization(c.node, c.pods, now);
      if (util.utilization > s.scaleDownUtilizationThreshold) continue;
      if (this.unremovable.has(name)) continue;
      const facts = c.pods.map((p) => this.podFacts(p, now));
      const plan = podsToMove(facts, s, now);
      if (plan.blocking !== undefined) {
        this.unremovable.set(name, addMicros(now, s.unremovableNodeRecheckTimeout));
        continue;
      }
      // Removal simulation: each pod to the first destination that fits (a rotating hint, as upstream's hinting
      // snapshot); the moves are kept for the later candidates.
      const placed: { pod: PodObj; to: SimNode }[] = [];
      let ok = true;
      for (const f of plan.move) {
        const info = ca.infos.of(f.pod);
        let target: SimNode | undefined;
        for (let k = 0; k < dest.length && target === undefined; k++) {
          const d = dest[(hint + k) % dest.length];
          if (d.name === name || removed.has(d.name) || !d.fitsResources(info)) continue;
          if (ca.checker.fits(info, d.get())) {
            target = d.get();
            hint = (hint + k) % dest.length;
          }
        }
        if (target === undefined) {
          ok = false;
          break;
        }
        addPod(target, info);
        placed.push({ pod: f.pod, to: target });
      }
      if (!ok) {
        for (const { pod, to } of placed) removeSimPod(to, ca.infos.of(pod));
        this.unremovable.set(name, addMicros(now, s.unremovableNodeRecheckTimeout));
        continue;
      }
      removed.add(name);
      found.push({ node: c.node, empty: plan.move.length === 0, util, move: plan.move.map((f) => f.pod) });
    }

    // Unneeded timers (unneeded/nodes.go Update) and soft taints (§3.8).
    const next = new Map<string, Unneeded>();
    let softChanges = 0;
    for (const f of found) {
      const name = f.node.metadata.name;
      const prev = this.unneeded.get(name);
      next.set(name, prev ?? { since: now });
      if (prev === undefined) {
        ca.trace(now, 'unneeded', ca.nodeGroupOf(name)?.spec.name ?? '', name, undefined, undefined, `utilization ${formatUtilization(f.util)}`, podList(f.move));
      }
      if (softChanges < s.maxBulkSoftTaintCount && !f.node.spec.taints.some((t) => t.key === DELETION_CANDIDATE_TAINT)) {
        f.node.spec.taints.push({ key: DELETION_CANDIDATE_TAINT, value: ca.unixSeconds(now), effect: 'PreferNoSchedule' });
        store.update(f.node, true);
        softChanges++;
      }
    }
    for (const name of this.unneeded.keys()) {
      if (next.has(name)) continue;
      const node = store.getNode(name);
      if (node !== undefined && softChanges < s.maxBulkSoftTaintCount && node.spec.taints.some((t) => t.key === DELETION_CANDIDATE_TAINT)) {
        node.spec.taints = node.spec.taints.filter((t) => t.key !== DELETION_CANDIDATE_TAINT);
        store.update(node, true);
        softChanges++;
      }
    }
    this.unneeded.clear();
    for (const [k, v] of next) this.unneeded.set(k, v);

    if (forbidden || !s.scaleDownEnabled || this.inCooldown(now)) return false;
    return this.actuate(now, found);
  }

  /** isScaleDownInCooldown (§3.1): strict comparisons, so at exactly t + delay the cooldown is over. */
  private inCooldown(now: Micros): boolean {
    const ca = this.ca;
    const s = ca.settings;
    return addMicros(ca.lastScaleUpTime, s.scaleDownDelayAfterAdd) > now || addMicros(ca.lastScaleDownFailTime, s.scaleDownDelayAfterFailure) > now || addMicros(ca.lastScaleDownDeleteTime, s.scaleDownDelayAfterDelete) > now;
  }

  private actuate(now: Micros, found: readonly { node: NodeObj; empty: boolean; util: UtilizationInfo; move: PodObj[] }[]): boolean {
    const ca = this.ca;
    const s = ca.settings;
    // Removable: unneeded for longer than the threshold (strict), then min sizes and the parallelism budgets.
    const removable = found.filter((f) => {
      const u = this.unneeded.get(f.node.metadata.name)!;
      const threshold = ca.isReady(f.node) ? s.scaleDownUnneededTime : s.scaleDownUnreadyTime;
      return addMicros(u.since, threshold) < now;
    });
    if (removable.length === 0) return false;
    const byName = new Map(removable.map((f) => [f.node.metadata.name, f]));
    const inProgress = new Map<string, number>();
    let drains = 0;
    for (const d of this.deletions.values()) {
      inProgress.set(d.group, (inProgress.get(d.group) ?? 0) + 1);
      if (d.drain) drains++;
    }
    const sizes = new Map(ca.groups.map((g) => [g.spec.name, { size: g.target, minSize: g.spec.minSize, deletionsInProgress: inProgress.get(g.spec.name) ?? 0 }]));
    const sized = applyMinSize(removable.map((f) => ({ node: f.node.metadata.name, group: ca.nodeGroupOf(f.node.metadata.name)!.spec.name, empty: f.empty })), sizes);
    const crop = cropNodes(sized.empty, sized.drain, s, { deletions: this.deletions.size, drains });
    if (crop.empty.length + crop.drain.length === 0) return false;
    ca.lastScaleDownDeleteTime = now;
    // Empty nodes: the status event, then (asynchronously upstream) the taint.
    for (const c of crop.empty) {
      const f = byName.get(c.node)!;
      ca.emit('Normal', 'ScaleDownEmpty', `Scale-down: removing empty node "${c.node}"`, STATUS_CONFIGMAP);
      this.markToBeDeleted(f.node, now);
      this.begin(f.node, c.group, false, [], now);
      ca.trace(now, 'scale-down-empty', c.group, c.node, undefined, undefined, 'empty', '');
    }
    // Drained nodes: every taint first (taintNodesSync), then the status events.
    for (const c of crop.drain) this.markToBeDeleted(byName.get(c.node)!.node, now);
    for (const c of crop.drain) {
      const f = byName.get(c.node)!;
      const names = f.move.map((p) => p.metadata.name).join(',');
      ca.emit('Normal', 'ScaleDown', `Scale-down: removing node ${c.node}, utilization: ${formatUtilization(f.util)}, pods to reschedule: ${names}`, STATUS_CONFIGMAP);
      this.begin(f.node, c.group, true, f.move, now);
      ca.trace(now, 'scale-down', c.group, c.node, undefined, undefined, `utilization ${formatUtilization(f.util)}`, podList(f.move));
    }
    return true;
  }

  private markToBeDeleted(node: NodeObj, now: Micros): void {
    const ca = this.ca;
    node.spec.taints = [...node.spec.taints.filter((t) => t.key !== DELETION_CANDIDATE_TAINT), { key: TO_BE_DELETED_TAINT, value: ca.unixSeconds(now), effect: 'NoSchedule' }];
    ca.ctx.store.update(node, true);
    if (ca.settings.cordonNodeBeforeTerminating) ca.deps.cordon(node, true);
    ca.emit('Normal', 'ScaleDown', 'marked the node as toBeDeleted/unschedulable', objectRef(node));
  }

  private begin(node: NodeObj, group: string, drain: boolean, pods: readonly PodObj[], now: Micros): void {
    const name = node.metadata.name;
    this.unneeded.delete(name);
    this.deletions.set(name, { node: name, group, drain, pods, started: now, evicted: new Set() });
    this.ca.ctx.clock.scheduleAt(addMicros(now, this.ca.settings.nodeDeleteDelayAfterTaint), this.stepType, { node: name }, Priority.CONTROLLER);
  }

  /** One step of a deletion: empty re-check and delete; or evictions (with retries), the pod-gone poll, delete. */
  private step(name: string): void {
    const ca = this.ca;
    const s = ca.settings;
    const d = this.deletions.get(name);
    const node = ca.ctx.store.getNode(name);
    if (d === undefined) return;
    if (node === undefined) {
      this.deletions.delete(name);
      return;
    }
    const now = ca.ctx.clock.now;
    if (!d.drain) {
      // Empty-node deletion re-checks emptiness after the delay and aborts if a pod landed there.
      const busy = this.podsOn(node).some((p) => {
        const k = this.kind(p, now);
        return !k.mirror && !k.daemonSet;
      });
      if (busy) return this.fail(node, d, 'failed to delete empty node: node is not empty', now);
      return this.remove(node, d, now);
    }
    const maxGrace = seconds(s.maxGracefulTerminationSec);
    if (d.evictionDeadline === undefined) {
      d.evictionDeadline = addMicros(now, s.maxPodEvictionTime);
      for (const p of d.pods) ca.emit('Normal', 'ScaleDown', 'deleting pod for node scale down', podRef(p));
    }
    // Evictions still to do (a 429 is retried every 10 s until max-pod-eviction-time).
    const todo = d.pods.filter((p) => !d.evicted.has(p) && !p.removed);
    if (todo.length > 0) {
      for (const p of todo) {
        const grace = Math.min(p.spec.terminationGracePeriod, maxGrace);
        const r = evictPod(ca.ctx, p.metadata.namespace, p.metadata.name, { gracePeriod: grace as Micros });
        if (r.code === 201 || r.code === 404) d.evicted.add(p);
      }
      // DaemonSet pods on an occupied node: best effort, not waited for.
      if (s.daemonsetEvictionForOccupiedNodes && d.evicted.size === d.pods.length) {
        for (const p of this.podsOn(node)) if (this.kind(p, now).daemonSet && p.metadata.deletionTimestamp === undefined) evictPod(ca.ctx, p.metadata.namespace, p.metadata.name, {});
      }
      if (d.pods.some((p) => !d.evicted.has(p) && !p.removed)) {
        if (now >= d.evictionDeadline) {
          for (const p of d.pods) if (!d.evicted.has(p) && !p.removed) ca.emit('Warning', 'ScaleDownFailed', 'failed to delete pod for ScaleDown', podRef(p));
          return this.fail(node, d, 'failed to drain and delete node: failed to evict pods', now);
        }
        ca.ctx.clock.scheduleAt(addMicros(now, EVICTION_RETRY), this.stepType, { node: name }, Priority.CONTROLLER);
        return;
      }
      d.waitDeadline = addMicros(addMicros(now, maxGrace), LONG_TERMINATING_EXTRA);
    }
    if (d.waitDeadline === undefined) d.waitDeadline = addMicros(addMicros(now, maxGrace), LONG_TERMINATING_EXTRA);
    // The pod-gone poll: first check at once, then every 5 s, until max grace + 30 s.
    const gone = d.pods.every((p) => p.removed || p.spec.nodeName !== name || p.status.phase === 'Succeeded' || p.status.phase === 'Failed');
    if (gone || now >= d.waitDeadline) return this.remove(node, d, now);
    ca.ctx.clock.scheduleAt(addMicros(now, POD_GONE_POLL), this.stepType, { node: name }, Priority.CONTROLLER);
  }

  private remove(node: NodeObj, d: Deletion, now: Micros): void {
    const ca = this.ca;
    const name = node.metadata.name;
    const g = ca.nodeGroupOf(name);
    const from = g?.target;
    this.deletions.delete(name);
    ca.emit('Normal', 'ScaleDown', 'nodes removed by cluster autoscaler', objectRef(node));
    if (d.drain) ca.emit('Normal', 'ScaleDown', `Scale-down: node ${name} removed with drain`, STATUS_CONFIGMAP);
    else ca.emit('Normal', 'ScaleDownEmpty', `Scale-down: empty node ${name} removed`, STATUS_CONFIGMAP);
    ca.deleteNode(node, d.drain ? 'scale-down' : 'scale-down-empty');
    ca.trace(now, 'node-removed', d.group, name, from, g?.target, d.drain ? 'removed with drain' : 'empty node removed', podList(d.pods));
  }

  /** A failed deletion: the node is released (taint removed, uncordoned), and scale-down cools down (delay-after-failure). */
  private fail(node: NodeObj, d: Deletion, message: string, now: Micros): void {
    const ca = this.ca;
    this.deletions.delete(node.metadata.name);
    node.spec.taints = node.spec.taints.filter((t) => t.key !== TO_BE_DELETED_TAINT);
    ca.ctx.store.update(node, true);
    if (ca.settings.cordonNodeBeforeTerminating) ca.deps.cordon(node, false);
    ca.emit('Warning', 'ScaleDownFailed', message, objectRef(node));
    ca.lastScaleDownFailTime = now;
    ca.trace(now, 'scale-down-failed', d.group, node.metadata.name, undefined, undefined, message, podList(d.pods));
  }
}

function removeSimPod(n: SimNode, p: { requests: { cpuMilli: number; memoryBytes: number }; nonZeroRequests: { cpuMilli: number; memoryBytes: number } }): void {
  const i = n.pods.lastIndexOf(p as SimNode['pods'][number]);
  if (i >= 0) n.pods.splice(i, 1);
  n.requested.cpuMilli -= p.requests.cpuMilli;
  n.requested.memoryBytes -= p.requests.memoryBytes;
  n.requested.pods -= 1;
  n.nonZeroRequested.cpuMilli -= p.nonZeroRequests.cpuMilli;
  n.nonZeroRequested.memoryBytes -= p.nonZeroRequests.memoryBytes;
}

