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
import type { Micros } from '../../engine/time';
import type { RandomStream } from '../../engine/random';
import type { SimContext } from '../context';
import type { NodeObj, PodObj } from '../cluster/objects';
import { setCondition } from '../kubelet/podConditions';
import { filterNode, type NodeFilterStatus, type SchedulerPod } from './filter';
import { fitErrorMessage } from './fitError';
import { balancedAllocationScore, leastAllocatedScore } from './score';

export interface PodAdmitter {
  admit(pod: PodObj): void;
}

interface Waiting {
  lastAttempt: Micros;
}

export class Scheduler {
  private readonly attemptType: EventType<PodObj>;
  private readonly rng: RandomStream;
  /** Pods that failed to schedule, waiting for a cluster event or the 5-minute flush. */
  private readonly unschedulable = new Map<PodObj, Waiting>();
  /** Pods whose requests are charged to their node. */
  private readonly charged = new Set<PodObj>();
  private kubelet?: PodAdmitter;
  /** Where the next search for feasible nodes starts (schedule_one.go nextStartNodeIndex). */
  private nextStartNodeIndex = 0;

  constructor(private readonly ctx: SimContext) {
    this.attemptType = ctx.sim.register('scheduler/attempt', (pod) => this.attempt(pod));
    this.rng = ctx.streams.get('scheduler');
    ctx.store.subscribe({
      podRemoved: (pod) => this.podRemoved(pod),
      capacityFreed: () => this.requeueUnschedulable(),
    });
  }

  setKubelet(k: PodAdmitter): void {
    this.kubelet = k;
  }

  /** A new pod: bound directly when it names its node (no scheduling), else queued for a try now. */
  podAdded(pod: PodObj): void {
    const nodeName = pod.template.spec.nodeName;
    if (nodeName !== undefined) {
      const node = this.ctx.store.nodesByName.get(nodeName);
      if (node) this.bind(pod, node, false);
      return;
    }
    pod.schedulerTimer = this.ctx.sim.schedule(0, this.attemptType, pod, Priority.CONTROLLER);
  }

  private attempt(pod: PodObj): void {
    pod.schedulerTimer = undefined;
    if (pod.removed || pod.deletionTime !== undefined || pod.nodeName !== undefined) return;
    this.unschedulable.delete(pod);
    pod.schedulingAttempts++;
    const sp: SchedulerPod = {
      requests: pod.requests,
      nonZeroRequests: pod.nonZeroRequests,
      nodeSelector: pod.template.spec.nodeSelector,
      tolerations: pod.template.spec.tolerations,
    };
    const nodes = this.ctx.store.nodes;
    const n = nodes.length;
    // schedule_one.go findNodesThatPassFilters: search from where the last search stopped, and stop once
    // numFeasibleNodesToFind nodes fit (percentageOfNodesToScore, adaptive by default).
    const want = numFeasibleNodesToFind(n);
    let best: NodeObj[] = [];
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
      this.bind(pod, node, true);
      return;
    }
    const statuses: NodeFilterStatus[] = nodes.map((node) => filterNode(sp, node));
    const message = fitErrorMessage(statuses);
    this.ctx.events.emit('Warning', 'FailedScheduling', message, podRef(pod), 'default-scheduler');
    setCondition(pod, 'PodScheduled', 'False', this.ctx.sim.now, 'Unschedulable', message);
    this.ctx.store.podChanged(pod);
    const now = this.ctx.sim.now;
    this.unschedulable.set(pod, { lastAttempt: now });
    pod.schedulerTimer = this.ctx.sim.schedule(this.ctx.scenario.scheduler.maxInUnschedulable, this.attemptType, pod, Priority.CONTROLLER);
  }

  /** The pod's back-off after its last failed try: initial × 2^(attempts−1), capped (podBackoffQ). */
  private backoff(pod: PodObj): Micros {
    const s = this.ctx.scenario.scheduler;
    const exp = Math.min(pod.schedulingAttempts - 1, 30);
    return Math.min(s.initialBackoff * 2 ** exp, s.maxBackoff);
  }

  /** Capacity was freed somewhere: every unschedulable pod is retried once its back-off has passed. */
  private requeueUnschedulable(): void {
    if (this.unschedulable.size === 0) return;
    const now = this.ctx.sim.now;
    for (const [pod, w] of this.unschedulable) {
      const at = Math.max(now, w.lastAttempt + this.backoff(pod));
      if (pod.schedulerTimer !== undefined) this.ctx.sim.cancel(pod.schedulerTimer);
      pod.schedulerTimer = this.ctx.sim.scheduleAt(at, this.attemptType, pod, Priority.CONTROLLER);
    }
    this.unschedulable.clear();
  }

  private bind(pod: PodObj, node: NodeObj, scheduled: boolean): void {
    pod.nodeName = node.name;
    node.pods.add(pod);
    this.charge(pod, node, +1);
    if (scheduled) {
      this.ctx.events.emit('Normal', 'Scheduled', `Successfully assigned ${pod.namespace}/${pod.name} to ${node.name}`, podRef(pod), 'default-scheduler');
    }
    setCondition(pod, 'PodScheduled', 'True', this.ctx.sim.now);
    this.kubelet!.admit(pod);
  }

  private charge(pod: PodObj, node: NodeObj, sign: 1 | -1): void {
    if (sign === 1) this.charged.add(pod);
    else if (!this.charged.delete(pod)) return;
    node.requested.cpuMilli += sign * pod.requests.cpuMilli;
    node.requested.memoryBytes += sign * pod.requests.memoryBytes;
    node.requested.pods += sign;
    node.nonZeroRequested.cpuMilli += sign * pod.nonZeroRequests.cpuMilli;
    node.nonZeroRequested.memoryBytes += sign * pod.nonZeroRequests.memoryBytes;
    this.ctx.store.nodeChanged(node);
  }

  /** The pod finished (Succeeded/Failed) or left: its requests no longer count on its node. */
  release(pod: PodObj): void {
    if (pod.nodeName === undefined) return;
    const node = this.ctx.store.nodesByName.get(pod.nodeName);
    if (!node || !this.charged.has(pod)) return;
    this.charge(pod, node, -1);
    this.ctx.store.capacityFreed();
  }

  private podRemoved(pod: PodObj): void {
    this.unschedulable.delete(pod);
    if (pod.schedulerTimer !== undefined) this.ctx.sim.cancel(pod.schedulerTimer);
    pod.schedulerTimer = undefined;
    this.release(pod);
    if (pod.nodeName !== undefined) this.ctx.store.nodesByName.get(pod.nodeName)?.pods.delete(pod);
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
  return { kind: 'Pod', namespace: pod.namespace, name: pod.name, uid: pod.uid };
}
