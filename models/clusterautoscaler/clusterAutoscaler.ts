/**
 * The Cluster Autoscaler (kubernetes/autoscaler cluster-autoscaler at 1.36.1; reference §1–§3): its loop
 * (main.go run, loop/trigger.go), the node groups' bookkeeping (clusterstate/clusterstate.go: targets, scale-up
 * requests, upcoming nodes, timeouts, instance-creation errors, health) and one `RunOnce` per iteration, which
 * calls the scale-up orchestrator (scaleUp.ts) and the scale-down planner and actuator (scaleDown.ts). It talks to
 * machines only through CloudApi and to the cluster only through the store and the eviction API.
 */
import type { EventKey, EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { addMicros, formatGoDuration, seconds, subMicros, type Micros } from '../../engine/time';
import type { SimContext } from '../context';
import type { NodeObj, PodObj } from '../cluster/objects';
import { LABEL_CAPACITY_TYPE, LABEL_INSTANCE_TYPE, LABEL_ZONE } from '../cloud/cloud';
import type { Instance } from '../cloud/types';
import { PodInfos } from '../scheduler/podInfos';
import { randomString } from '../naming';
import { groupLaunchRequest } from './wiring';
import { ExponentialBackoff } from './backoff';
import type { ClusterAutoscalerConfig, ClusterAutoscalerSettings } from './config';
import { isClusterHealthy } from './health';
import { LazySimNode, PredicateChecker, simNode, type SimNode } from './simNodes';
import type { PodInfo } from '../scheduler/framework/types';
import { runScaleUp } from './scaleUp';
import { CA_COMPONENT, STATUS_CONFIGMAP, TO_BE_DELETED_TAINT, type CaCore, type ClusterAutoscalerDeps, type InvolvedObject, type NodeGroup, type TemplateShape } from './core';

export { CA_COMPONENT, DELETION_CANDIDATE_TAINT, PRIORITY_CONFIGMAP, STATUS_CONFIGMAP, TO_BE_DELETED_TAINT } from './core';
export type { ClusterAutoscalerDeps, NodeGroup, TemplateShape } from './core';
import { ScaleDown } from './scaleDown';
import { statusOf, type ClusterAutoscalerStatus } from './status';

export type { ClusterAutoscalerStatus } from './status';

/** loop/trigger.go maxPodChangeAge: a pod unschedulable for less than this triggers a loop. */
const MAX_POD_CHANGE_AGE = seconds(10);
const NOT_READY_TAINTS = new Set(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable', 'node.kubernetes.io/disk-pressure', 'node.kubernetes.io/network-unavailable']);

export class ClusterAutoscaler implements CaCore {
  readonly settings: ClusterAutoscalerSettings;
  readonly groups: NodeGroup[] = [];
  readonly groupByName = new Map<string, NodeGroup>();
  private readonly groupOfNode = new Map<string, NodeGroup>();
  readonly backoff: ExponentialBackoff;
  readonly checker: PredicateChecker;
  readonly infos = new PodInfos();
  /** Pods the scheduler found Unschedulable (unbound, not deleted), in insertion order. */
  readonly pending = new Set<PodObj>();
  lastScaleUpTime: Micros;
  lastScaleDownDeleteTime: Micros;
  lastScaleDownFailTime: Micros;
  private readonly scaleDown: ScaleDown;
  private readonly loopType: EventType<undefined>;
  private next: { key: EventKey; at: Micros } | undefined;
  private readonly nameRng;
  private readonly templates = new Map<NodeGroup, TemplateShape>();
  /** Whether the last RunOnce scaled up or started a deletion (frequent loops: the next one starts at once). */
  private productive = false;
  private unhealthy = false;

  constructor(
    readonly ctx: SimContext,
    config: ClusterAutoscalerConfig,
    readonly deps: ClusterAutoscalerDeps,
  ) {
    this.settings = config.settings;
    const s = this.settings;
    this.backoff = new ExponentialBackoff({ initial: s.initialNodeGroupBackoffDuration, max: s.maxNodeGroupBackoffDuration, resetTimeout: s.nodeGroupBackoffResetTimeout });
    this.checker = new PredicateChecker(deps.scheduler);
    this.nameRng = ctx.streams.get('clusterautoscaler/names');
    // static_autoscaler.go NewStaticAutoscaler: the three times start at the autoscaler's start (a scale-down
    // cooldown of delay-after-add from t = 0).
    const now = ctx.clock.now;
    this.lastScaleUpTime = now;
    this.lastScaleDownDeleteTime = now;
    this.lastScaleDownFailTime = now;
    for (const spec of config.groups) {
      const g: NodeGroup = { spec, target: spec.initialNodes.length, members: new Set(), launched: 0, failures: [] };
      this.groups.push(g);
      this.groupByName.set(spec.name, g);
      for (const n of spec.initialNodes) {
        this.groupOfNode.set(n, g);
        if (ctx.store.getNode(n) !== undefined) g.members.add(n);
      }
    }
    this.scaleDown = new ScaleDown(this);
    // utils/kubernetes/factory.go CreateEventRecorder: unless record-duplicated-events, a spam filter of burst 1 and
    // one token per 300 s per event (source, object, type, reason and message) (§3.11).
    if (!s.recordDuplicatedEvents) {
      ctx.events.configure(CA_COMPONENT, {
        spamBurst: 1,
        spamQps: 1 / 300,
        spamKey: (e) => [e.source.component, e.involvedObject.kind, e.involvedObject.namespace, e.involvedObject.name, e.involvedObject.uid, e.type, e.reason, e.message].join('\u0000'),
      });
    }
    ctx.store.watch('Node', (type, node) => this.onNode(type, node));
    ctx.store.watch('Pod', (type, pod) => this.onPod(type, pod));
    deps.cloud.listen({
      registered: (i) => this.onRegistered(i),
      failed: (i, err) => {
        const g = this.groupOf(i);
        if (g !== undefined) g.failures.push(err);
      },
    });
    this.loopType = ctx.clock.register('clusterautoscaler/loop', () => this.loop());
    // The first iteration runs at the start, after the instant's other work (the scenario's pods scheduled at t = 0),
    // so it sees the cluster as built rather than half-bound; timer loops run with the controllers.
    this.schedule(now, true);
  }

  // ------------------------------------------------------------------ watches

  private groupOf(i: Instance): NodeGroup | undefined {
    const o = i.request.owner;
    return o.kind === 'NodeGroup' ? this.groupByName.get(o.name) : undefined;
  }

  private onRegistered(i: Instance): void {
    const g = this.groupOf(i);
    if (g !== undefined) this.groupOfNode.set(i.request.nodeName, g);
    const node = this.ctx.store.getNode(i.request.nodeName);
    if (g !== undefined && node !== undefined) g.members.add(node.metadata.name);
  }

  private onNode(type: string, node: NodeObj): void {
    const g = this.groupOfNode.get(node.metadata.name);
    if (g === undefined) return;
    if (type === 'DELETED') {
      g.members.delete(node.metadata.name);
      this.groupOfNode.delete(node.metadata.name);
      this.scaleDown.forget(node.metadata.name);
    } else g.members.add(node.metadata.name);
  }

  /** The pending list, and the unschedulable-pod trigger (loop/trigger.go podLister watch). */
  private onPod(type: string, pod: PodObj): void {
    if (type === 'DELETED' || pod.removed) {
      this.pending.delete(pod);
      this.infos.delete(pod);
      return;
    }
    const c = pod.status.conditions.find((x) => x.type === 'PodScheduled');
    const unschedulable = (pod.spec.nodeName ?? '') === '' && pod.metadata.deletionTimestamp === undefined && pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed' && c?.status === 'False' && c.reason === 'Unschedulable';
    if (!unschedulable) {
      this.pending.delete(pod);
      return;
    }
    this.pending.add(pod);
    const now = this.ctx.clock.now;
    if (this.settings.frequentLoopsEnabled && subMicros(now, c!.lastTransitionTime) < MAX_POD_CHANGE_AGE) this.schedule(now, true);
  }

  // ------------------------------------------------------------------ loop

  /**
   * The next loop at `at` unless one is already due no later (a trigger replaces the timer). `settled` loops (the
   * first, triggered and immediate ones) run at the end of their instant: [k8sim] upstream's trigger channel holds
   * one message and a loop takes real time, so a burst of pods failing together starts one loop that sees them all;
   * with zero-duration loops k8sim gets that by running the triggered loop after the instant's other work.
   */
  private schedule(at: Micros, settled = false): void {
    if (this.next !== undefined) {
      if (this.next.at <= at) return;
      this.ctx.clock.cancel(this.next.key);
    }
    this.next = { key: this.ctx.clock.scheduleAt(at, this.loopType, undefined, settled ? Priority.SAMPLE : Priority.CONTROLLER), at };
  }

  private loop(): void {
    this.next = undefined;
    const now = this.ctx.clock.now;
    this.runOnce(now);
    // trigger.go Wait: a productive iteration is followed by one at once; else the scan-interval timer, started now.
    if (this.settings.frequentLoopsEnabled && this.productive) this.schedule(now, true);
    else this.schedule(addMicros(now, this.settings.scanInterval));
  }

  /** StaticAutoscaler.RunOnce (§1.2), with one timestamp for the whole iteration. */
  runOnce(now: Micros): void {
    this.productive = false;
    this.backoff.removeStale(now);
    this.updateClusterState(now);
    const { registered, unready } = this.readiness(now);
    if (!isClusterHealthy(registered, unready, this.settings)) {
      this.emit('Warning', 'ClusterUnhealthy', 'Cluster is unhealthy', STATUS_CONFIGMAP);
      if (!this.unhealthy) this.trace(now, 'unhealthy', '', '', undefined, undefined, `${unready} of ${registered} nodes unready`, '');
      this.unhealthy = true;
      this.scaleDown.forgetAll();
      return;
    }
    this.unhealthy = false;
    const up = runScaleUp(this, now);
    if (up.scaledUp) {
      this.lastScaleUpTime = now;
      this.productive = true;
    }
    const startedDeletion = this.scaleDown.run(now, up.scaleDownForbidden || up.scaledUp);
    if (startedDeletion) this.productive = true;
  }

  /** clusterstate UpdateNodes: launch failures, finished and timed-out scale-up requests (§2.8). */
  private updateClusterState(now: Micros): void {
    for (const g of this.groups) {
      if (g.failures.length > 0) {
        const n = g.failures.length;
        const cls = g.failures[0].class;
        const msgs = g.failures.map((f) => f.message).join(', ');
        const code = `${cls}.LaunchFailed`;
        this.emit('Warning', 'ScaleUpFailed', `Failed adding ${n} nodes to group ${g.spec.name} due to ${code}; source errors: ${msgs}`, STATUS_CONFIGMAP);
        const from = g.target;
        g.target = Math.max(g.members.size, g.target - n);
        if (g.request !== undefined) {
          g.request.increase -= n;
          if (g.request.increase <= 0) g.request = undefined;
        }
        this.backoff.backoff(g.spec.name, now, code, msgs);
        this.trace(now, 'scale-up-failed', g.spec.name, '', from, g.target, `${code}; source errors: ${msgs}`, '');
        g.failures.length = 0;
      }
      const r = g.request;
      if (r === undefined) continue;
      const upcoming = this.upcomingRaw(g, now);
      if (upcoming <= 0) {
        g.request = undefined;
        continue;
      }
      if (r.expectedAddTime < now) {
        this.emit('Warning', 'ScaleUpTimedOut', `Nodes added to group ${g.spec.name} failed to register within ${formatGoDuration(subMicros(now, r.time))}`, STATUS_CONFIGMAP);
        this.backoff.backoff(g.spec.name, now, 'timeout', 'Scale-up timed out for node group ' + g.spec.name);
        const from = g.target;
        // [k8sim] 1.36 reverts the target by the request's increase; k8sim by the nodes still missing, and stops the
        // machines that never registered (upstream deletes them as unregistered later).
        g.target = Math.max(g.members.size, g.target - Math.min(r.increase, upcoming));
        for (const i of this.deps.cloud.instances({ kind: 'NodeGroup', name: g.spec.name })) {
          if (i.state === 'launching') this.deps.cloud.terminate(i, 'scale-up-timeout');
        }
        g.request = undefined;
        this.trace(now, 'scale-up-timeout', g.spec.name, '', from, g.target, `failed to register within ${formatGoDuration(subMicros(now, r.time))}`, '');
      }
    }
  }

  // ------------------------------------------------------------------ nodes and groups

  nodeGroupOf(node: string): NodeGroup | undefined {
    return this.groupOfNode.get(node);
  }

  /** utils/kubernetes/ready.go: Ready condition True and none of the not-ready taints. */
  isReady(node: NodeObj): boolean {
    return node.status.ready === 'True' && !node.spec.taints.some((t) => NOT_READY_TAINTS.has(t.key));
  }

  /** Registered, not Ready, created less than max-node-startup-time ago. */
  isNotStarted(node: NodeObj, now: Micros): boolean {
    return !this.isReady(node) && addMicros(node.metadata.creationTimestamp, this.settings.maxNodeStartupTime) > now;
  }

  isBeingDeleted(node: NodeObj): boolean {
    return node.spec.taints.some((t) => t.key === TO_BE_DELETED_TAINT);
  }

  /** target − (ready + unready that have started): NotStarted nodes still count as upcoming. */
  private upcomingRaw(g: NodeGroup, now: Micros): number {
    let started = 0;
    for (const name of g.members) {
      const n = this.ctx.store.getNode(name);
      if (n !== undefined && !this.isNotStarted(n, now)) started++;
    }
    return Math.max(0, g.target - started);
  }

  /** Upcoming nodes: counted only while the group has an active request and is not backed off (§2.8). */
  upcoming(g: NodeGroup, now: Micros): number {
    if (g.request === undefined || this.backoff.isBackedOff(g.spec.name, now)) return 0;
    return this.upcomingRaw(g, now);
  }

  /** Registered nodes, and unready ones leaving out NotStarted and being-deleted nodes (§2.9). */
  readiness(now: Micros): { registered: number; ready: number; unready: number; notStarted: number } {
    let registered = 0;
    let ready = 0;
    let unready = 0;
    let notStarted = 0;
    for (const n of this.ctx.store.nodes) {
      registered++;
      if (this.isReady(n)) ready++;
      else if (this.isNotStarted(n, now)) notStarted++;
      else if (!this.isBeingDeleted(n)) unready++;
    }
    return { registered, ready, unready, notStarted };
  }

  /** Launches `n` machines for the group (CloudProvider NodeGroup.IncreaseSize). */
  launch(g: NodeGroup, n: number): void {
    const machine = this.deps.machine(g.spec);
    for (let k = 0; k < n; k++) {
      const req = groupLaunchRequest(g.spec, g.launched++, machine, this.deps.provisioning(g.spec), () => randomString(() => this.nameRng.next(), 5), (name) => this.ctx.store.getNode(name) !== undefined || this.groupOfNode.has(name));
      this.groupOfNode.set(req.nodeName, g);
      this.deps.cloud.launch(req);
    }
  }

  /** A real node as a simulation node: its labels, taints and the pods bound to it (not finished). */
  simView(node: NodeObj): SimNode {
    const pods: PodInfo[] = [];
    for (const p of node.allocated.pods) if (!p.removed && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed') pods.push(this.infos.of(p));
    return simNode({ name: node.metadata.name, labels: node.metadata.labels, taints: node.spec.taints, unschedulable: node.spec.unschedulable, allocatable: node.status.allocatable }, pods);
  }

  /**
   * The group's template node as the cloud would register it (labels of the type, the pool and the offering, the
   * type's capacity and allocatable, the pool's taints), computed once per group.
   */
  templateOf(g: NodeGroup): TemplateShape {
    let t = this.templates.get(g);
    if (t === undefined) {
      const { instanceType, offering } = this.deps.machine(g.spec);
      const labels = {
        ...instanceType.labels,
        ...g.spec.template.labels,
        [LABEL_ZONE]: offering.zone,
        [LABEL_CAPACITY_TYPE]: offering.capacityType,
        [LABEL_INSTANCE_TYPE]: instanceType.name,
      };
      t = { labels, capacity: instanceType.capacity, allocatable: instanceType.allocatable, taints: g.spec.template.taints };
      this.templates.set(g, t);
    }
    return t;
  }

  /** simView, built only when needed. */
  lazyView(node: NodeObj): LazySimNode {
    return new LazySimNode(node.metadata.name, { allocatable: node.status.allocatable, requested: node.allocated.requested }, () => this.simView(node));
  }

  /** Removes a node's machine (NodeGroup.DeleteNodes): the target drops by one. */
  deleteNode(node: NodeObj, reason: string): void {
    const g = this.groupOfNode.get(node.metadata.name);
    if (g !== undefined) g.target = Math.max(0, g.target - 1);
    const inst = this.deps.cloud.instanceOfNode(node.metadata.name);
    if (inst !== undefined) this.deps.cloud.terminate(inst, reason);
    else this.deps.removeNode(node);
  }

  // ------------------------------------------------------------------ output

  /** An Event through the CA's recorder (its correlator: see the constructor). */
  emit(type: 'Normal' | 'Warning', reason: string, message: string, obj: InvolvedObject): void {
    this.ctx.events.emit(type, reason, message, obj, CA_COMPONENT);
  }

  trace(time: Micros, action: string, group: string, node: string, from: number | undefined, to: number | undefined, reason: string, pods: string): void {
    this.deps.trace?.({ time, autoscaler: CA_COMPONENT, action, owner: group, node, from, to, reason, pods });
  }

  /** The taint value: Unix seconds of `now`. */
  unixSeconds(now: Micros): string {
    return String(Math.floor((this.deps.startTime + now) / 1_000_000));
  }

  /** The status ConfigMap's content (§3.10), for tests and reports (status.ts). */
  status(now: Micros): ClusterAutoscalerStatus {
    return statusOf(this, now, { unhealthy: this.unhealthy, candidates: this.scaleDown.unneededCount() });
  }

  /** Times for tests: the CA's own "since" of each unneeded node. */
  unneededSince(): ReadonlyMap<string, Micros> {
    return this.scaleDown.unneededSince();
  }
}
