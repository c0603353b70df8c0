/**
 * The default scheduler, simplified: pods without a node are tried one at a time; each try filters every node
 * (filter.ts) until it has found upstream's numFeasibleNodesToFind, scores the feasible ones (score.ts: LeastAllocated + BalancedAllocation) and binds to the best,
 * breaking ties with a seeded draw (upstream selectHost picks at random). A pod that fits nowhere gets
 * FailedScheduling (fitError.ts) and waits in the unschedulable pool: a cluster event that frees capacity moves it
 * back after its back-off (1 s doubling to 10 s), and it is retried anyway after 5 minutes (pkg/scheduler/backend/queue).
 * Also the node resource ledger: requests are charged at binding and released when the pod ends.
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { addMicros, maxMicros, minMicros, scaleMicros, ZERO, type Micros } from '../../engine/time';
import type { RandomStream } from '../../engine/random';
import type { SimContext } from '../context';
import { objectRef, type NodeObj, type PodObj } from '../cluster/objects';
import type { EventKey } from '../../engine/simulator';
import type { SchedulerSettings } from './config';
import { STREAMS } from '../streams';
import { setCondition } from '../kubelet/podConditions';
import { filterNode, type NodeFilterStatus, type SchedulerNode, type SchedulerPod } from './filter';
import { fitErrorMessage } from './fitError';
import { balancedAllocationScore, leastAllocatedScore } from './score';

export interface PodAdmitter {
  admit(pod: PodObj): void;
}

/** A pod in the scheduling queue (QueuedPodInfo): its attempts, its pending try, and when it last failed. */
interface QueuedPod {
  attempts: number;
  timer?: EventKey;
  /** Set while the pod sits in the unschedulable pool: the time of its last failed try. */
  lastAttempt?: Micros;
}

/** What the scheduler compares to tell whether a node update may let pending pods fit (its cluster events). */
interface NodeView {
  ready: string;
  unschedulable: boolean;
  taints: number;
}

export class Scheduler {
  private readonly attemptType: EventType<PodObj>;
  private readonly rng: RandomStream;
  /** Pods without a node, each with its queue state. */
  private readonly queue = new Map<PodObj, QueuedPod>();
  /** Pods that failed to schedule, waiting for a cluster event or the 5-minute flush. */
  private readonly unschedulable = new Set<PodObj>();
  /** Pods whose requests are charged to their node. */
  private readonly charged = new Set<PodObj>();
  /** The last state of each node as the scheduler's node informer saw it. */
  private readonly nodeViews = new Map<NodeObj, NodeView>();
  /** Where the next search for feasible nodes starts (schedule_one.go nextStartNodeIndex). */
  private nextStartNodeIndex = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly settings: SchedulerSettings,
    private readonly kubelet: PodAdmitter,
  ) {
    this.attemptType = ctx.clock.register('scheduler/attempt', (pod) => this.attempt(pod));
    this.rng = ctx.streams.get(STREAMS.scheduler);
    ctx.store.watch('Pod', (type, pod) => {
      if (type === 'ADDED') this.podAdded(pod);
      else if (type === 'DELETED') this.podRemoved(pod);
    });
    ctx.store.watch('Node', (type, node) => this.nodeEvent(type, node));
  }

  /**
   * Cluster events that move unschedulable pods back (the queue's NodeAdd and NodeUpdate events): a new node, or a
   * node that became Ready, schedulable or lost a taint. Updates that only change what is allocated are ignored.
   */
  private nodeEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', node: NodeObj): void {
    if (type !== 'MODIFIED') this.nodesCache = undefined;
    else if (this.nodesCache !== undefined) this.nodesCache[this.nodeIndex.get(node)!]?.refresh();
    if (type === 'DELETED') {
      this.nodeViews.delete(node);
      return;
    }
    const ready = node.status.ready;
    const unschedulable = node.spec.unschedulable;
    const taints = node.spec.taints.length;
    const was = this.nodeViews.get(node);
    if (was === undefined) {
      this.nodeViews.set(node, { ready, unschedulable, taints });
      if (type === 'ADDED') this.requeueUnschedulable();
      return;
    }
    // Most node updates are the scheduler's own allocation changes: compare in place, allocate nothing.
    const better = (ready === 'True' && was.ready !== 'True') || (!unschedulable && was.unschedulable) || taints < was.taints;
    was.ready = ready;
    was.unschedulable = unschedulable;
    was.taints = taints;
    if (better) this.requeueUnschedulable();
  }


  /** A new pod: bound directly when it names its node (no scheduling), else queued for a try now. */
  private podAdded(pod: PodObj): void {
    const nodeName = pod.template.spec.nodeName;
    if (nodeName !== undefined) {
      const node = this.ctx.store.getNode(nodeName);
      if (node) this.bind(pod, node, false);
      return;
    }
    const q: QueuedPod = { attempts: 0 };
    this.queue.set(pod, q);
    q.timer = this.ctx.clock.schedule(ZERO, this.attemptType, pod, Priority.CONTROLLER);
  }

  private attempt(pod: PodObj): void {
    const q = this.queue.get(pod);
    if (q === undefined) return;
    q.timer = undefined;
    if (pod.removed || pod.metadata.deletionTimestamp !== undefined || pod.spec.nodeName !== undefined) return;
    this.unschedulable.delete(pod);
    q.lastAttempt = undefined;
    q.attempts++;
    const sp: SchedulerPod = {
      requests: pod.requests,
      nonZeroRequests: pod.nonZeroRequests,
      nodeSelector: pod.template.spec.nodeSelector,
      tolerations: pod.template.spec.tolerations,
      requiredNodeName: pod.template.spec.requiredNodeName,
    };
    const nodes = this.nodeList();
    const n = nodes.length;
    // schedule_one.go findNodesThatPassFilters: search from where the last search stopped, and stop once
    // numFeasibleNodesToFind nodes fit (percentageOfNodesToScore, adaptive by default).
    const want = numFeasibleNodesToFind(n);
    let best: NodeInfo[] = [];
    let bestScore = -1;
    let found = 0;
    let processed = 0;
    for (; processed < n && found < want; processed++) {
      const node = nodes[(this.nextStartNodeIndex + processed) % n];
      if (!filterNode(sp, node).fits) continue;
      found++;
      const score = leastAllocatedScore(sp, node) + (balancedAllocationScore(sp, node) ?? 0);
      if (score > bestScore) {
        bestScore = score;
        best = [node];
      } else if (score === bestScore) best.push(node);
    }
    if (n > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % n;
    if (best.length > 0) {
      const node = best.length === 1 ? best[0] : best[Math.floor(this.rng.next() * best.length)];
      this.bind(pod, node.node, true);
      return;
    }
    const statuses: NodeFilterStatus[] = nodes.map((node) => filterNode(sp, node));
    const message = fitErrorMessage(statuses);
    this.ctx.events.emit('Warning', 'FailedScheduling', message, objectRef(pod), 'default-scheduler');
    setCondition(pod, 'PodScheduled', 'False', this.ctx.clock.now, 'Unschedulable', message);
    this.ctx.store.update(pod);
    const now = this.ctx.clock.now;
    this.unschedulable.add(pod);
    q.lastAttempt = now;
    q.timer = this.ctx.clock.schedule(this.settings.maxInUnschedulable, this.attemptType, pod, Priority.CONTROLLER);
  }

  /** The scheduler's NodeInfo of every node, in the store's order, rebuilt when the node set changes. */
  private nodeList(): readonly NodeInfo[] {
    if (this.nodesCache === undefined) {
      this.nodesCache = [...this.ctx.store.nodes].map((n) => new NodeInfo(n));
      this.nodeIndex.clear();
      this.nodesCache.forEach((info, i) => this.nodeIndex.set(info.node, i));
    }
    return this.nodesCache;
  }
  private nodesCache: NodeInfo[] | undefined;
  /** Each node's position in nodesCache. */
  private readonly nodeIndex = new Map<NodeObj, number>();

  /** The pod's back-off after its last failed try: initial × 2^(attempts−1), capped (podBackoffQ). */
  private backoff(q: QueuedPod): Micros {
    const s = this.settings;
    const exp = Math.min(q.attempts - 1, 30);
    return minMicros(scaleMicros(s.initialBackoff, 2 ** exp), s.maxBackoff);
  }

  /** Capacity was freed somewhere: every unschedulable pod is retried once its back-off has passed. */
  private requeueUnschedulable(): void {
    if (this.unschedulable.size === 0) return;
    const now = this.ctx.clock.now;
    for (const pod of this.unschedulable) {
      const q = this.queue.get(pod)!;
      const at = maxMicros(now, addMicros(q.lastAttempt!, this.backoff(q)));
      if (q.timer !== undefined) this.ctx.clock.cancel(q.timer);
      q.timer = this.ctx.clock.scheduleAt(at, this.attemptType, pod, Priority.CONTROLLER);
    }
    this.unschedulable.clear();
  }

  private bind(pod: PodObj, node: NodeObj, scheduled: boolean): void {
    this.queue.delete(pod);
    pod.spec.nodeName = node.metadata.name;
    node.allocated.pods.add(pod);
    this.charge(pod, node, +1);
    if (scheduled) {
      const m = pod.metadata;
      this.ctx.events.emit('Normal', 'Scheduled', `Successfully assigned ${m.namespace}/${m.name} to ${node.metadata.name}`, objectRef(pod), 'default-scheduler');
    }
    setCondition(pod, 'PodScheduled', 'True', this.ctx.clock.now);
    // Binding and the kubelet's admission are one step here: the kubelet publishes the pod's first bound status.
    this.kubelet.admit(pod);
  }

  private charge(pod: PodObj, node: NodeObj, sign: 1 | -1): void {
    if (sign === 1) this.charged.add(pod);
    else if (!this.charged.delete(pod)) return;
    const a = node.allocated;
    a.requested.cpuMilli += sign * pod.requests.cpuMilli;
    a.requested.memoryBytes += sign * pod.requests.memoryBytes;
    a.requested.pods += sign;
    a.nonZeroRequested.cpuMilli += sign * pod.nonZeroRequests.cpuMilli;
    a.nonZeroRequested.memoryBytes += sign * pod.nonZeroRequests.memoryBytes;
    this.ctx.store.update(node);
  }

  /** The pod finished (Succeeded/Failed) or left: its requests no longer count on its node, and pending pods may fit. */
  release(pod: PodObj): void {
    if (pod.spec.nodeName === undefined) return;
    const node = this.ctx.store.getNode(pod.spec.nodeName);
    if (!node || !this.charged.has(pod)) return;
    this.charge(pod, node, -1);
    this.requeueUnschedulable();
  }

  private podRemoved(pod: PodObj): void {
    this.unschedulable.delete(pod);
    const q = this.queue.get(pod);
    if (q?.timer !== undefined) this.ctx.clock.cancel(q.timer);
    this.queue.delete(pod);
    this.release(pod);
    if (pod.spec.nodeName !== undefined) this.ctx.store.getNode(pod.spec.nodeName)?.allocated.pods.delete(pod);
  }
}

/**
 * The scheduler cache's view of a node (NodeInfo) as the filter and score plugins read it: the node's fixed fields,
 * its allocation totals (the same live objects), and its schedulability and taints as of the scheduler's last node
 * event (refreshed on every Node update, so plain fields on the hot path).
 */
class NodeInfo implements SchedulerNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly allocatable: SchedulerNode['allocatable'];
  readonly requested: SchedulerNode['requested'];
  readonly nonZeroRequested: SchedulerNode['nonZeroRequested'];
  unschedulable: boolean;
  taints: SchedulerNode['taints'];
  constructor(readonly node: NodeObj) {
    this.name = node.metadata.name;
    this.labels = node.metadata.labels;
    this.allocatable = node.status.allocatable;
    this.requested = node.allocated.requested;
    this.nonZeroRequested = node.allocated.nonZeroRequested;
    this.unschedulable = node.spec.unschedulable;
    this.taints = node.spec.taints;
  }
  refresh(): void {
    this.unschedulable = this.node.spec.unschedulable;
    this.taints = this.node.spec.taints;
  }
}

/**
 * schedule_one.go numFeasibleNodesToFind with percentageOfNodesToScore unset (adaptive): all nodes below 100;
 * otherwise 50 % − nodes/125 (at least 5 %) of them, and at least 100.
 */
export function numFeasibleNodesToFind(numAllNodes: number): number {
  const minFeasibleNodesToFind = 100;
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes;
  const percentage = Math.max(5, 50 - Math.floor(numAllNodes / 125));
  const num = Math.floor((numAllNodes * percentage) / 100);
  return Math.max(num, minFeasibleNodesToFind);
}

export function podRef(pod: PodObj) {
  return objectRef(pod);
}
