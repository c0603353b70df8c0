/**
 * kube-scheduler (pkg/scheduler): the scheduling queue (queue.ts: activeQ by PrioritySort, backoffQ, unschedulable
 * pods moved back by cluster events and the periodic flush), one framework per profile (framework/runtime.ts with
 * the plugins of plugins/registry.ts), the scheduler cache with its counting indexes (framework/cache.ts), and
 * scheduleOne: the nominated node first, PreFilter, the feasible-node search from a rotating start, scoring, a
 * seeded choice among the best (upstream draws at random), binding; or FailedScheduling with DefaultPreemption's
 * PostFilter, which may preempt lower-priority pods (graceful deletes) and nominate a node. Pods are scheduled one
 * at a time, each in zero virtual time. Also the node resource ledger (NodeObj.allocated): requests are charged at
 * binding and released when the pod ends.
 */
import type { EventKey, EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { scaleMicros, ZERO, type Micros } from '../../engine/time';
import type { RandomStream } from '../../engine/random';
import type { SimContext } from '../context';
import { objectRef, type NodeObj, type PodObj } from '../cluster/objects';
import type { NodeImage, ResolvedService } from '../cluster/spec';
import type { SchedulingRecord } from '../recorder';
import { STREAMS } from '../streams';
import { setCondition } from '../kubelet/podConditions';
import { DEFAULT_PROFILE, SCHEDULER_FLUSH_INTERVAL, type SchedulerProfileConfig, type SchedulerSettings } from './config';
import { formatFitError, NO_NODES_AVAILABLE } from './fitError';
import { sameTaints } from './filter';
import { sameLabels } from '../labels';
import { SchedulerCache } from './framework/cache';
import { normalizedImageName } from './framework/podInfo';
import { Framework, numFeasibleNodesToFind, selectHost, topScores, type NodeScore } from './framework/runtime';
import { CycleState, type NodeInfo, type PodInfo, type Selector, type Status } from './framework/types';
import { preempt, type PdbInfo } from './plugins/defaultPreemption';
import { buildFramework } from './plugins/registry';
import { DefaultSelectors } from './defaultSelector';
import { queueSettings, SchedulingQueue } from './queue';
import { Nominator } from './nominator';
import { PodInfos, PREEMPTION_REASON, priorityOf } from './podInfos';

export { numFeasibleNodesToFind };

export interface PodAdmitter {
  admit(pod: PodObj): void;
}

export interface SchedulerOptions {
  /** scheduling.csv rows (`--trace-scheduling`); scores are broken down per plugin only when set. */
  readonly trace?: (r: SchedulingRecord) => void;
  /** The scenario's Services (default spreading selects by them). */
  readonly services?: readonly ResolvedService[];
}

/** What the scheduler compares on a node update to tell which cluster event it is (queueing hints, §8.3). */
interface NodeView {
  labels: Readonly<Record<string, string>>;
  unschedulable: boolean;
  taints: NodeObj['spec']['taints'];
  cpu: number;
  memory: number;
  pods: number;
}

/** Cluster events the queue's hints tell apart (framework.ClusterEvent, simplified). */
type ClusterEvent = 'NodeAdd' | 'NodeLabel' | 'NodeTaint' | 'NodeSchedulable' | 'NodeAllocatable' | 'AssignedPodAdd' | 'AssignedPodUpdate' | 'AssignedPodDelete' | 'UnschedulableTimeout';

/** The plugins whose rejection each event may undo (EventsToRegister of each plugin). */
const EVENT_PLUGINS: Record<ClusterEvent, ReadonlySet<string>> = {
  NodeAdd: new Set(['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodeResourcesFit', 'PodTopologySpread', 'InterPodAffinity']),
  NodeLabel: new Set(['NodeAffinity', 'PodTopologySpread', 'InterPodAffinity']),
  NodeTaint: new Set(['TaintToleration', 'PodTopologySpread']),
  NodeSchedulable: new Set(['NodeUnschedulable']),
  NodeAllocatable: new Set(['NodeResourcesFit']),
  AssignedPodAdd: new Set(['PodTopologySpread', 'InterPodAffinity']),
  AssignedPodUpdate: new Set(['PodTopologySpread', 'InterPodAffinity']),
  AssignedPodDelete: new Set(['NodeResourcesFit', 'PodTopologySpread', 'InterPodAffinity', 'DefaultPreemption']),
  UnschedulableTimeout: new Set(),
};

export class Scheduler {
  private readonly cycleType: EventType<undefined>;
  private readonly flushType: EventType<undefined>;
  private readonly rng: RandomStream;
  private readonly cache: SchedulerCache;
  private readonly queue: SchedulingQueue<PodObj>;
  private readonly frameworks = new Map<string, Framework>();
  /** Every pod the scheduler knows (pending or assigned), with its compiled PodInfo. */
  private readonly infos = new PodInfos();
  /** Pods whose requests are charged to their node (NodeObj.allocated). */
  private readonly charged = new Set<PodObj>();
  /** The scheduler's last view of each node (to classify node updates). */
  private readonly nodeViews = new Map<NodeObj, NodeView>();
  /** Pods nominated to nodes by preemption. */
  private readonly nominator: Nominator;
  /** Where the next search for feasible nodes starts (schedule_one.go nextStartNodeIndex). */
  private nextStartNodeIndex = 0;
  private cycleTimer: EventKey | undefined;
  private flushTimer: EventKey | undefined;
  /** The timer of the earliest error back-off expiry (podErrorBackoffQ), when one waits. */
  private errorTimer: { readonly at: Micros; readonly key: EventKey } | undefined;
  private readonly errorBackoffType: EventType<undefined>;
  private readonly trace: ((r: SchedulingRecord) => void) | undefined;

  constructor(
    private readonly ctx: SimContext,
    private readonly settings: SchedulerSettings,
    private readonly kubelet: PodAdmitter,
    options: SchedulerOptions = {},
  ) {
    this.trace = options.trace;
    this.nominator = new Nominator(this.infos);
    this.cycleType = ctx.clock.register('scheduler/cycle', () => this.cycle());
    this.flushType = ctx.clock.register('scheduler/flush', () => this.flush());
    this.errorBackoffType = ctx.clock.register('scheduler/error-backoff', () => this.errorBackoffExpired());
    this.rng = ctx.streams.get(STREAMS.scheduler);
    const nsLabels = settings.namespaceLabels ?? {};
    const defaults = new DefaultSelectors(ctx.store, options.services ?? []);
    this.cache = new SchedulerCache({
      namespaceLabels: (ns) => (Object.prototype.hasOwnProperty.call(nsLabels, ns) ? nsLabels[ns] : undefined),
      defaultSpreadSelector: (pod) => defaults.of(pod),
    });
    this.queue = new SchedulingQueue<PodObj>(queueSettings(settings));
    const profiles: readonly SchedulerProfileConfig[] = settings.profiles ?? [DEFAULT_PROFILE];
    for (const p of profiles) this.frameworks.set(p.schedulerName, buildFramework(p, { untoleratedTaintReason: settings.untoleratedTaintReason }));
    ctx.store.watch('Pod', (type, pod) => {
      if (type === 'ADDED') this.podAdded(pod);
      else if (type === 'MODIFIED') this.podModified(pod);
      else this.podRemoved(pod);
    });
    ctx.store.watch('Node', (type, node) => this.nodeEvent(type, node));
  }

  // ---------------------------------------------------------------- the scheduler's informers

  private nodeEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', node: NodeObj): void {
    const name = node.metadata.name;
    if (type === 'DELETED') {
      this.nodeViews.delete(node);
      if (this.cache.node(name) !== undefined) this.cache.removeNode(name);
      this.nextStartNodeIndex = 0;
      return;
    }
    const a = node.status.allocatable;
    const was = this.nodeViews.get(node);
    if (was === undefined) {
      this.nodeViews.set(node, { labels: { ...node.metadata.labels }, unschedulable: node.spec.unschedulable, taints: [...node.spec.taints], cpu: a.cpuMilli, memory: a.memoryBytes, pods: a.pods });
      // The cache keeps its own copies: what it indexes changes only through updateNode.
      this.cache.addNode({
        name,
        labels: { ...node.metadata.labels },
        unschedulable: node.spec.unschedulable,
        taints: [...node.spec.taints],
        allocatable: { cpuMilli: a.cpuMilli, memoryBytes: a.memoryBytes, pods: a.pods, ...(a.extended !== undefined ? { extended: a.extended } : {}) },
        ...(node.status.images !== undefined ? { images: imageSizes(node.status.images) } : {}),
      });
      this.moveAll('NodeAdd');
      return;
    }
    // Most node updates are the scheduler's own allocation changes: compare with the last view, allocate nothing.
    const labels = !sameLabels(was.labels, node.metadata.labels);
    const taints = !sameTaints(was.taints, node.spec.taints);
    const schedulable = node.spec.unschedulable !== was.unschedulable;
    const allocatable = a.cpuMilli !== was.cpu || a.memoryBytes !== was.memory || a.pods !== was.pods;
    if (!labels && !taints && !schedulable && !allocatable) return;
    const moreAllocatable = a.cpuMilli > was.cpu || a.memoryBytes > was.memory || a.pods > was.pods;
    const nowSchedulable = was.unschedulable && !node.spec.unschedulable;
    Object.assign(was, { labels: { ...node.metadata.labels }, unschedulable: node.spec.unschedulable, taints: [...node.spec.taints], cpu: a.cpuMilli, memory: a.memoryBytes, pods: a.pods });
    this.cache.updateNode(name, {
      ...(labels ? { labels: { ...node.metadata.labels } } : {}),
      ...(taints ? { taints: [...node.spec.taints] } : {}),
      ...(schedulable ? { unschedulable: node.spec.unschedulable } : {}),
      ...(allocatable ? { allocatable: { cpuMilli: a.cpuMilli, memoryBytes: a.memoryBytes, pods: a.pods, ...(a.extended !== undefined ? { extended: a.extended } : {}) } } : {}),
    });
    if (labels) this.moveAll('NodeLabel');
    if (taints) this.moveAll('NodeTaint');
    if (nowSchedulable) this.moveAll('NodeSchedulable');
    if (moreAllocatable) this.moveAll('NodeAllocatable');
  }

  /** A new pod: bound directly when it names its node (no scheduling), else queued (if a profile schedules it). */
  private podAdded(pod: PodObj): void {
    const nodeName = pod.template.spec.nodeName;
    if (nodeName !== undefined) {
      const node = this.ctx.store.getNode(nodeName);
      if (node) this.bind(pod, node, false);
      return;
    }
    // A pod for a scheduler k8sim does not run stays Pending, as with a schedulerName no scheduler serves.
    if (!this.frameworks.has(pod.spec.schedulerName ?? DEFAULT_PROFILE.schedulerName)) return;
    this.queue.add(pod, priorityOf(pod), this.ctx.clock.now);
    this.wake();
  }

  private podModified(pod: PodObj): void {
    if (pod.metadata.deletionTimestamp === undefined) return;
    if (pod.spec.nodeName === undefined) {
      if (this.queue.delete(pod)) this.nominator.remove(pod);
      return;
    }
    const info = this.infos.get(pod);
    if (info === undefined || !this.charged.has(pod)) return;
    // Terminating: PodTopologySpread stops counting it (the cache's indexes follow).
    this.cache.podChanged(info);
    this.moveAll('AssignedPodUpdate', info);
  }

  private podRemoved(pod: PodObj): void {
    this.queue.delete(pod);
    this.nominator.remove(pod);
    this.release(pod);
    if (pod.spec.nodeName !== undefined) this.ctx.store.getNode(pod.spec.nodeName)?.allocated.pods.delete(pod);
    this.infos.delete(pod);
  }

  /** The pod finished (Succeeded/Failed) or left: its requests no longer count on its node, and pending pods may fit. */
  release(pod: PodObj): void {
    if (pod.spec.nodeName === undefined || !this.charged.has(pod)) return;
    const node = this.ctx.store.getNode(pod.spec.nodeName);
    const info = this.infos.get(pod);
    if (info !== undefined) this.cache.removePod(info);
    // A pod whose Node was removed (a terminated instance) has nothing left to uncharge.
    if (node) this.charge(pod, node, -1);
    else this.charged.delete(pod);
    this.moveAll('AssignedPodDelete', info);
  }

  // ---------------------------------------------------------------- the queue's clock

  /** Arms one scheduling cycle now if a pod can be popped (activeQ, or backoffQ which pops at once when activeQ is empty). */
  private wake(): void {
    if (this.cycleTimer === undefined && (this.queue.activeSize > 0 || this.queue.poppableBackoffSize > 0)) {
      this.cycleTimer = this.ctx.clock.schedule(ZERO, this.cycleType, undefined, Priority.CONTROLLER);
    }
    // Pods backing off after an error (no nodes at all: ErrNoNodesAvailable) wait for their expiry.
    const errorAt = this.queue.nextErrorBackoffExpiry();
    if (errorAt !== undefined && (this.errorTimer === undefined || errorAt < this.errorTimer.at)) {
      if (this.errorTimer !== undefined) this.ctx.clock.cancel(this.errorTimer.key);
      this.errorTimer = { at: errorAt, key: this.ctx.clock.scheduleAt(errorAt, this.errorBackoffType, undefined, Priority.CONTROLLER) };
    }
    this.armFlush();
  }

  /** flushUnschedulablePodsLeftover runs every 30 s from the start while pods wait in unschedulablePods. */
  private armFlush(): void {
    if (this.flushTimer !== undefined || this.queue.unschedulableSize === 0) return;
    const now = this.ctx.clock.now;
    const next = scaleMicros(SCHEDULER_FLUSH_INTERVAL, Math.floor(now / SCHEDULER_FLUSH_INTERVAL) + 1);
    this.flushTimer = this.ctx.clock.scheduleAt(next, this.flushType, undefined, Priority.CONTROLLER);
  }

  /** An error back-off expired: the expired pods move to activeQ and the loop runs. */
  private errorBackoffExpired(): void {
    this.errorTimer = undefined;
    this.queue.flushBackoffCompleted(this.ctx.clock.now);
    this.wake();
  }

  private flush(): void {
    this.flushTimer = undefined;
    this.queue.flushUnschedulableLeftover(this.ctx.clock.now);
    this.wake();
  }

  private cycle(): void {
    this.cycleTimer = undefined;
    const pod = this.queue.pop(this.ctx.clock.now);
    if (pod !== undefined) this.scheduleOne(pod);
    this.wake();
  }

  /** Moves the unschedulable pods an event may help (queueing hints by rejecting plugin), then wakes the loop. */
  private moveAll(event: ClusterEvent, pod?: PodInfo): void {
    if (this.queue.unschedulableSize === 0 && this.queue.inFlightSize === 0) return;
    const plugins = EVENT_PLUGINS[event];
    const moved = this.queue.moveAllOnEvent(event, this.ctx.clock.now, (p, rejectors) => {
      if (rejectors.size === 0) return true;
      for (const r of rejectors) {
        if (!plugins.has(r)) continue;
        // A pod event moves a pod rejected by PodTopologySpread only when in its namespace (a cheap form of its hint).
        if (pod !== undefined && r === 'PodTopologySpread' && p.metadata.namespace !== pod.namespace) continue;
        return true;
      }
      return false;
    });
    if (moved > 0) this.wake();
  }

  // ---------------------------------------------------------------- scheduleOne

  private scheduleOne(pod: PodObj): void {
    if (pod.removed || pod.metadata.deletionTimestamp !== undefined || pod.spec.nodeName !== undefined) {
      this.queue.done(pod);
      return;
    }
    const info = this.infos.of(pod);
    const fw = this.frameworks.get(info.schedulerName)!;
    const snapshot = this.cache;
    const state = new CycleState();
    const attempt = this.queue.attempts(pod);
    const verdict = fw.preFilter(state, info, snapshot);
    const nodes = snapshot.nodes;
    const filter = this.nominator.size === 0 ? undefined : (node: NodeInfo) => this.nominator.filter(fw, state, info, node, this.cache);

    // evaluateNominatedNode: a pod nominated by an earlier preemption tries that node alone first.
    const nominatedName = pod.status.nominatedNodeName;
    if (verdict.status === undefined && nominatedName !== undefined) {
      const node = this.cache.node(nominatedName);
      if (node !== undefined && (verdict.nodeNames === undefined || verdict.nodeNames.has(node.name)) && this.nominator.filter(fw, state, info, node, this.cache) === undefined) {
        this.record(pod, attempt, fw, 'Scheduled', node.name, 1, 1, [], '');
        this.bind(pod, this.ctx.store.getNode(node.name)!, true);
        return;
      }
    }

    const n = nodes.length;
    const search = fw.findFeasible(state, info, snapshot, verdict, this.nextStartNodeIndex, numFeasibleNodesToFind(verdict.nodeNames?.size ?? n, fw.profile.percentageOfNodesToScore ?? this.settings.percentageOfNodesToScore), filter);
    if (n > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + search.processed) % n;
    const feasible = search.feasible;
    if (feasible.length > 0) {
      let chosen: NodeInfo;
      let top: NodeScore[] = [];
      if (feasible.length === 1) chosen = feasible[0];
      else {
        const scores = fw.prioritize(state, info, feasible, snapshot, this.trace !== undefined);
        chosen = selectHost(scores, () => this.rng.next());
        if (this.trace !== undefined) top = topScores(scores, 3);
      }
      this.record(pod, attempt, fw, 'Scheduled', chosen.name, feasible.length, search.processed, top, '');
      this.bind(pod, this.ctx.store.getNode(chosen.name)!, true);
      return;
    }
    this.failed(pod, info, fw, state, search.statuses, verdict.status, attempt, search.processed);
  }

  /** handleSchedulingFailure after PostFilter (DefaultPreemption). */
  private failed(pod: PodObj, info: PodInfo, fw: Framework, state: CycleState, statuses: ReadonlyMap<number, Status>, preFilterStatus: Status | undefined, attempt: number, processed: number): void {
    const nodes = this.cache.nodes;
    const reasons: string[][] = [];
    const byName = new Map<string, Status>();
    const rejectors = new Set<string>();
    for (const node of nodes) {
      const s = statuses.get(node.index);
      if (s === undefined) continue;
      byName.set(node.name, s);
      rejectors.add(s.plugin);
      if (preFilterStatus === undefined) reasons.push([...s.reasons]);
    }
    const fitError =
      nodes.length === 0
        ? NO_NODES_AVAILABLE
        : preFilterStatus !== undefined
          ? `0/${nodes.length} nodes are available: ${preFilterStatus.reasons.join(', ')}.`
          : formatFitError(nodes.length, reasons);
    let message = fitError;
    let outcome: SchedulingRecord['outcome'] = 'Unschedulable';
    let nominatedNode = '';
    if (fw.profile.preemption && nodes.length > 0) {
      const result = preempt({
        state,
        pod: info,
        ...(pod.status.nominatedNodeName !== undefined ? { nominatedNodeName: pod.status.nominatedNodeName } : {}),
        snapshot: this.cache,
        nodeStatuses: byName,
        filters: {
          runFilters: (s, p, node) => this.nominator.filter(fw, s, p, node, this.cache),
          addPod: (s, p, other, node) => fw.addPod(s, p, other, node, this.cache),
          removePod: (s, p, other, node) => fw.removePod(s, p, other, node, this.cache),
        },
        pdbs: this.pdbs(),
        args: fw.profile.args.defaultPreemption,
        rng: () => this.rng.next(),
        now: this.ctx.clock.now,
        nominatedPods: (nodeName) => this.nominator.podsOn(nodeName),
      });
      if (result.kind === 'nominate') {
        this.carryOutPreemption(pod, fw, result.nodeName, result.victims, result.lowerPriorityNominated);
        outcome = 'Nominated';
        nominatedNode = result.nodeName;
      } else if (result.kind === 'fail') {
        message = `${fitError} ${result.message}`;
        if (result.clearNominatedNodeName) this.nominator.remove(pod);
      } else message = `${fitError} ${result.message}`;
    }
    this.ctx.events.emit('Warning', 'FailedScheduling', message, objectRef(pod), fw.name);
    setCondition(pod, 'PodScheduled', 'False', this.ctx.clock.now, 'Unschedulable', message);
    this.ctx.store.update(pod);
    this.queue.addUnschedulable(pod, this.ctx.clock.now, rejectors);
    this.record(pod, attempt, fw, outcome, nominatedNode, 0, processed, [], message);
  }

  /** prepareCandidate (§7.8): victims get DisruptionTarget and a graceful delete; the preemptor is nominated. */
  private carryOutPreemption(pod: PodObj, fw: Framework, nodeName: string, victims: readonly PodInfo[], lowerNominated: readonly PodInfo[]): void {
    const now = this.ctx.clock.now;
    for (const v of victims) {
      const victim = this.infos.podOf(v.uid);
      if (victim === undefined || victim.removed) continue;
      setCondition(victim, 'DisruptionTarget', 'True', now, PREEMPTION_REASON, `${fw.name}: preempting to accommodate a higher priority pod`);
      this.ctx.store.update(victim);
      this.ctx.events.emit('Normal', 'Preempted', `Preempted by pod ${pod.metadata.uid} on node ${nodeName}`, objectRef(victim), fw.name);
      if (victim.metadata.deletionTimestamp === undefined) this.ctx.store.delete(victim);
    }
    for (const l of lowerNominated) {
      const p = this.infos.podOf(l.uid);
      if (p !== undefined) this.nominator.remove(p);
    }
    this.nominator.nominate(pod, nodeName);
  }

  /** The PodDisruptionBudgets as preemption reads them. */
  private pdbs(): PdbInfo[] {
    const out: PdbInfo[] = [];
    for (const pdb of this.ctx.store.list('PodDisruptionBudget')) {
      const sel = pdb.spec.selector;
      const selector: Selector = { key: sel.text, matches: sel.matches, pairs: [], isNil: false, isEmpty: sel.text === '<none>' };
      out.push({ namespace: pdb.metadata.namespace, selector, disruptionsAllowed: pdb.status.disruptionsAllowed, disruptedPods: new Set(pdb.status.disruptedPods.keys()) });
    }
    return out;
  }

  private record(pod: PodObj, attempt: number, fw: Framework, outcome: SchedulingRecord['outcome'], node: string, feasible: number, evaluated: number, top: readonly NodeScore[], message: string): void {
    if (this.trace === undefined) return;
    const order = fw.scorers.map((s) => s.plugin.name);
    this.trace({
      time: this.ctx.clock.now,
      namespace: pod.metadata.namespace,
      pod: pod.metadata.name,
      attempt,
      scheduler: fw.name,
      outcome,
      node,
      feasibleNodes: feasible,
      evaluatedNodes: evaluated,
      top: top.map((s) => ({ node: s.node.name, total: s.total, plugins: order.filter((p) => s.plugins?.[p] !== undefined).map((p) => [p, s.plugins![p]] as const) })),
      message,
    });
  }

  // ---------------------------------------------------------------- binding and the resource ledger

  private bind(pod: PodObj, node: NodeObj, scheduled: boolean): void {
    if (scheduled) this.queue.done(pod);
    this.nominator.remove(pod);
    pod.spec.nodeName = node.metadata.name;
    node.allocated.pods.add(pod);
    if (this.cache.node(node.metadata.name) !== undefined) this.cache.addPod(this.infos.of(pod), node.metadata.name);
    this.charge(pod, node, +1);
    if (scheduled) {
      const m = pod.metadata;
      this.ctx.events.emit('Normal', 'Scheduled', `Successfully assigned ${m.namespace}/${m.name} to ${node.metadata.name}`, objectRef(pod), pod.spec.schedulerName ?? DEFAULT_PROFILE.schedulerName);
    }
    setCondition(pod, 'PodScheduled', 'True', this.ctx.clock.now);
    // Binding and the kubelet's admission are one step here: the kubelet publishes the pod's first bound status.
    this.kubelet.admit(pod);
    this.moveAll('AssignedPodAdd', this.infos.get(pod));
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
}

/** cache.go createImageStateSummary's input: every name of every image, normalised, → its size. */
function imageSizes(images: readonly NodeImage[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const img of images) for (const name of img.names) out.set(normalizedImageName(name), img.sizeBytes);
  return out;
}
