/**
 * The Karpenter-style provisioner (issue #10; reference §5–§7): watches pending pods, batches them (§6.1), runs the
 * scheduling simulation (§6.2) and launches NodeClaims through the cloud (`CloudApi`, owner {kind: NodePool}); follows
 * each NodeClaim's lifecycle (§5.2: Launched, Registered, Initialized, liveness, insufficient capacity), expiry
 * (§7.11) and interruptions (§7.12); the disruption controller (disruption.ts) decides consolidation and drift.
 * It changes the cluster only through the store, the eviction API and the cloud.
 */
import type { EventKey, EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { micros, minutes, seconds, type Micros } from '../../engine/time';
import type { SimContext } from '../context';
import type { Catalogue, CloudApi, Instance, LaunchError, LaunchRequest, Offering } from '../cloud/types';
import type { NodeObj, PodObj } from '../cluster/objects';
import type { NodeAutoscalerRecord } from '../recorder';
import { newUid, randomString } from '../naming';
import { Batcher } from './batcher';
import { cheapestOffering } from './offering';
import { NO_RESOURCES, nodePoolOrder, solve, type NewClaim, type Resources, type SimNode, type SimPool } from './scheduling';
import { daemonOverhead, daemonPodOf, type DaemonPod } from './daemonOverhead';
import { claimLabels, claimRef, isDaemonSetPod, isProvisionable, nodeRef, podKey, podRef, simNodeOf, simNodeOfClaim, simPod, type NodeClaim } from './nodeClaim';
import { Terminator } from './termination';
import { DisruptionController } from './disruption';
import { labelsCandidate, satisfiesAll } from './requirements';
import { NODEPOOL_LABEL, UNREGISTERED_TAINT, type DisruptionReason, type KarpenterNodePool, type KarpenterSettings } from './types';

export const COMPONENT = 'karpenter';
/** Pod controller requeue while a pod stays provisionable (§6.1). */
const POD_REQUEUE = seconds(10);
/** controller-runtime's per-item back-off for a failing Launch reconcile: 5 ms doubling, at most 1000 s. */
const LAUNCH_RETRY_MIN = micros(5_000);
const LAUNCH_RETRY_MAX = seconds(1000);
/** liveness.go: launch and registration timeouts (§5.2). */
export const LAUNCH_TIMEOUT = minutes(5);
export const REGISTRATION_TIMEOUT = minutes(15);
/** pkg/cache UnavailableOfferingsTTL (§6.3). */
export const UNAVAILABLE_OFFERING_TTL = minutes(3);
/** FailedScheduling dedupe (§6.2). */
const FAILED_SCHEDULING_DEDUPE = minutes(5);
/** A nominated node is no disruption candidate for max(2 × batchMaxDuration, 10 s) (§7.1). */
const nominationWindow = (s: KarpenterSettings) => micros(Math.max(2 * s.batchMaxDuration, seconds(10)));

export interface KarpenterDeps {
  readonly cloud: CloudApi;
  /** The instance types to choose from (default: the cloud's catalogue). */
  readonly catalogue?: Catalogue;
  /** node_autoscaler.csv rows (absent = not recorded). */
  readonly record?: (r: NodeAutoscalerRecord) => void;
  /** Unix µs (UTC) of virtual time 0: budget schedules run on it. */
  readonly startTime: number;
}

export class Karpenter {
  /** Live NodeClaims by name (= the Node's name). */
  readonly claims = new Map<string, NodeClaim>();
  /** In weight order (nodePoolOrder). */
  pools: KarpenterNodePool[];
  readonly terminator: Terminator;
  readonly disruption: DisruptionController;
  private readonly batcher: Batcher;
  private batchClose?: EventKey;
  private readonly closeType: EventType<null>;
  private readonly requeueType: EventType<string>;
  private readonly timerType: EventType<{ readonly claim: string; readonly uid: string; readonly what: 'expire' | 'registration' | 'launch' | 'retry' }>;
  private readonly requeued = new Set<string>();
  /** Offering key (`type/zone/capacity`) → unavailable until. */
  private readonly unavailableUntil = new Map<string, Micros>();
  private readonly failedSchedulingAt = new Map<string, Micros>();
  /** Pods seen bound / finishing, for lastPodEventTime (§7.4). */
  private readonly podBound = new Map<string, string>();
  private readonly podFinishing = new Set<string>();
  private readonly names;
  /** Bumped on every pod, node and NodeClaim change (state/cluster.go MarkUnconsolidated), for the disruption loop. */
  stateVersion = 0;

  constructor(
    private readonly ctx: SimContext,
    pools: readonly KarpenterNodePool[],
    readonly settings: KarpenterSettings,
    private readonly deps: KarpenterDeps,
  ) {
    this.pools = [...pools].sort(nodePoolOrder);
    this.names = ctx.streams.get('karpenter/nodeclaims');
    this.batcher = new Batcher(settings.batchIdleDuration, settings.batchMaxDuration);
    this.closeType = ctx.clock.register<null>('karpenter/batch', () => {
      this.batchClose = undefined;
      this.provision();
    });
    this.requeueType = ctx.clock.register<string>('karpenter/podRequeue', (key) => {
      this.requeued.delete(key);
      const [ns, name] = key.split('/');
      const pod = ctx.store.getPod(ns, name);
      if (pod && isProvisionable(pod)) this.trigger(pod);
    });
    this.timerType = ctx.clock.register('karpenter/nodeclaimTimer', (t) => this.onTimer(t.claim, t.uid, t.what));
    this.terminator = new Terminator(ctx, deps.cloud, this.claims, deps.startTime, (c) => this.disruption.claimGone(c), settings.terminationDelay);
    this.disruption = new DisruptionController(ctx, this, deps.startTime);
    ctx.store.watch('Pod', (type, pod) => this.onPod(type, pod));
    ctx.store.watch('Node', () => this.stateVersion++);
    deps.cloud.listen({
      registered: (i) => this.onRegistered(i),
      ready: (i) => this.onReady(i),
      failed: (i, e) => this.onFailed(i, e),
      interruptionNotice: (i) => this.onInterruption(i),
      terminated: (i) => this.onTerminated(i),
    });
  }

  record(action: string, owner: string, node: string, reason: string, pods: readonly string[] = [], from?: number, to?: number): void {
    this.deps.record?.({ time: this.ctx.clock.now, autoscaler: 'karpenter', action, owner, node, from, to, reason, pods: pods.join(' ') });
  }

  /** The catalogue's instance types (catalogue order). */
  get types() {
    return (this.deps.catalogue ?? this.deps.cloud.catalogue).types;
  }

  /** A pool's live NodeClaims (not yet gone). */
  poolClaims(pool: string): NodeClaim[] {
    return [...this.claims.values()].filter((c) => c.pool.name === pool);
  }

  isUnavailable(type: string, o: Offering): boolean {
    const until = this.unavailableUntil.get(`${type}/${o.zone}/${o.capacityType}`);
    return until !== undefined && until > this.ctx.clock.now;
  }

  private markUnavailable(type: string, o: Offering): void {
    this.unavailableUntil.set(`${type}/${o.zone}/${o.capacityType}`, micros(this.ctx.clock.now + UNAVAILABLE_OFFERING_TTL));
  }

  // ---- pods: triggers and lastPodEventTime -------------------------------------------------------------------

  private onPod(type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: PodObj): void {
    this.stateVersion++;
    const key = podKey(pod);
    if (type === 'DELETED') {
      this.podBound.delete(key);
      this.podFinishing.delete(key);
      if (pod.spec.nodeName !== undefined) this.terminator.podGone(pod.spec.nodeName);
      return;
    }
    const node = pod.spec.nodeName;
    if (node !== undefined && this.podBound.get(key) !== node) {
      this.podBound.set(key, node);
      this.podEvent(node);
    }
    if (node !== undefined && (pod.terminal || pod.metadata.deletionTimestamp !== undefined) && !this.podFinishing.has(key)) {
      this.podFinishing.add(key);
      this.podEvent(node);
    }
    if (isProvisionable(pod)) this.trigger(pod);
  }

  /** lastPodEventTime: not moved again within 10 s of its previous value (§7.4). */
  private podEvent(nodeName: string): void {
    const c = this.claims.get(nodeName);
    if (!c) return;
    const now = this.ctx.clock.now;
    if (c.lastPodEventAt === undefined || now - c.lastPodEventAt >= seconds(10)) c.lastPodEventAt = now;
  }

  private trigger(pod: PodObj): void {
    const now = this.ctx.clock.now;
    if (this.batcher.trigger(pod.metadata.uid, now)) {
      const at = this.batcher.deadline()!;
      if (this.batchClose !== undefined) this.ctx.clock.cancel(this.batchClose);
      this.batchClose = this.ctx.clock.scheduleAt(at, this.closeType, null, Priority.CONTROLLER);
    }
    const key = podKey(pod);
    if (!this.requeued.has(key)) {
      this.requeued.add(key);
      this.ctx.clock.schedule(POD_REQUEUE, this.requeueType, key, Priority.CONTROLLER);
    }
  }

  // ---- provisioning ---------------------------------------------------------------------------------------------

  /**
   * The nodes the simulation may use: Ready unmanaged nodes, live NodeClaims (their Node, or the claim in flight). A
   * NodeClaim's node also reserves its pool's DaemonSet overhead not yet bound there (upstream NewExistingNode's
   * daemonResources: daemon pods land once the node is Ready).
   */
  simNodes(exclude: ReadonlySet<string> = new Set()): SimNode[] {
    const out: SimNode[] = [];
    const daemons = this.daemonPods();
    const overhead = new Map<string, Resources>();
    const overheadOf = (pool: KarpenterNodePool) => {
      if (!overhead.has(pool.name)) overhead.set(pool.name, daemonOverhead(pool, daemons, this.types));
      return overhead.get(pool.name)!;
    };
    for (const n of this.ctx.store.nodes) {
      if (exclude.has(n.metadata.name) || n.spec.unschedulable) continue;
      const c = this.claims.get(n.metadata.name);
      if (c) {
        if (c.deletedAt !== undefined || c.disrupting) continue;
        const sn = simNodeOf(n, c.initializedAt !== undefined, c.pool.startupTaints.map((t) => t.key));
        out.push(daemons.length === 0 ? sn : withPendingDaemons(sn, n, overheadOf(c.pool)));
      } else if (n.status.ready === 'True' && n.metadata.labels[NODEPOOL_LABEL] === undefined) {
        out.push(simNodeOf(n, true));
      }
    }
    for (const c of this.claims.values()) {
      if (exclude.has(c.name) || c.deletedAt !== undefined || c.disrupting || this.ctx.store.getNode(c.name)) continue;
      const sn = simNodeOfClaim(c);
      out.push(daemons.length === 0 ? sn : { ...sn, requested: overheadOf(c.pool) });
    }
    return out;
  }

  /** Pools with their remaining limits: limit − Σ capacity of the pool's live NodeClaims (§6.2). */
  simPools(exclude: ReadonlySet<string> = new Set()): SimPool[] {
    const daemons = this.daemonPods();
    return this.pools.map((pool) => {
      const used = { cpuMilli: 0, memoryBytes: 0, pods: 0, nodes: 0 };
      for (const c of this.claims.values()) {
        if (c.pool.name !== pool.name || exclude.has(c.name)) continue;
        used.cpuMilli += c.type.capacity.cpuMilli;
        used.memoryBytes += c.type.capacity.memoryBytes;
        used.pods += c.type.capacity.pods;
        used.nodes += 1;
      }
      const l = pool.limits;
      return {
        pool,
        remaining: {
          cpuMilli: (l.cpuMilli ?? Infinity) - used.cpuMilli,
          memoryBytes: (l.memoryBytes ?? Infinity) - used.memoryBytes,
          pods: (l.pods ?? Infinity) - used.pods,
          nodes: (l.nodes ?? Infinity) - used.nodes,
        },
        daemonOverhead: daemons.length === 0 ? NO_RESOURCES : daemonOverhead(pool, daemons, this.types),
      };
    });
  }

  /** One pod per DaemonSet (a running one of it, else its template), in store order (daemonOverhead.ts). */
  private daemonPods(): DaemonPod[] {
    const sets = [...this.ctx.store.list('DaemonSet')];
    if (sets.length === 0) return [];
    const podOf = new Map<string, PodObj>();
    for (const p of this.ctx.store.list('Pod')) {
      if (p.removed || p.metadata.deletionTimestamp !== undefined) continue;
      const owner = p.metadata.ownerReferences.find((o) => o.controller && o.kind === 'DaemonSet');
      if (owner && !podOf.has(owner.uid)) podOf.set(owner.uid, p);
    }
    return sets.map((ds) => daemonPodOf(ds, podOf.get(ds.metadata.uid)));
  }

  /** A batch window closed: simulate every provisionable pod and create the NodeClaims it needs (§6.1, §6.2). */
  provision(): void {
    this.batcher.close();
    const now = this.ctx.clock.now;
    const pending = [...this.ctx.store.list('Pod')].filter(isProvisionable);
    if (pending.length === 0) return;
    const byKey = new Map(pending.map((p) => [podKey(p), p]));
    const result = solve({
      pods: pending.map(simPod),
      nodes: this.simNodes(),
      pools: this.simPools(),
      types: this.types,
      unavailable: (t, o) => this.isUnavailable(t, o),
    });
    for (const [key, node] of result.existing) {
      const c = this.claims.get(node);
      if (c) c.nominatedUntil = micros(now + nominationWindow(this.settings));
      const target = c && !this.ctx.store.getNode(node) ? `nodeclaim/${node}` : `node/${node}`;
      this.ctx.events.emit('Normal', 'Nominated', `Pod should schedule on: ${target}`, podRef(byKey.get(key)!), COMPONENT);
    }
    for (const nc of result.claims) {
      const c = this.createClaim(nc, 'provisioning');
      if (!c || !this.isLive(c)) continue;
      for (const p of nc.pods) this.ctx.events.emit('Normal', 'Nominated', `Pod should schedule on: nodeclaim/${c.name}`, podRef(byKey.get(p.key)!), COMPONENT);
    }
    for (const [key, reason] of result.failed) {
      const last = this.failedSchedulingAt.get(key);
      if (last !== undefined && now - last < FAILED_SCHEDULING_DEDUPE) continue;
      this.failedSchedulingAt.set(key, now);
      this.ctx.events.emit('Warning', 'FailedScheduling', `Failed to schedule pod, ${reason}`, podRef(byKey.get(key)!), COMPONENT);
    }
  }

  /** Creates and launches a NodeClaim for a simulated claim: the cheapest offering of its options (§6.3). */
  createClaim(nc: NewClaim, reason: string, disruptionReason?: DisruptionReason): NodeClaim | undefined {
    const choice = cheapestOffering(nc.options);
    if (!choice) return undefined;
    const pool = nc.pool;
    const now = this.ctx.clock.now;
    const rng = this.names;
    let name = `${pool.name}-${randomString(() => rng.next(), 5)}`;
    while (this.claims.has(name) || this.ctx.store.getNode(name)) name = `${pool.name}-${randomString(() => rng.next(), 5)}`;
    const before = this.poolClaims(pool.name).length;
    const c: NodeClaim = {
      name,
      uid: newUid(() => rng.next()),
      pool,
      poolHash: pool.hash,
      type: choice.type,
      offering: choice.offering,
      labels: claimLabels(pool, choice.type, choice.offering),
      createdAt: now,
      disrupting: false,
      launchFailures: 0,
      launchReason: reason,
      nominatedUntil: micros(now + nominationWindow(this.settings)),
    };
    this.claims.set(name, c);
    this.stateVersion++;
    this.record('provision', pool.name, name, disruptionReason ? `replacement: ${disruptionReason}` : reason, nc.pods.map((p) => p.key), before, before + 1);
    if (pool.expireAfter !== null) this.ctx.clock.scheduleAt(micros(now + pool.expireAfter), this.timerType, { claim: name, uid: c.uid, what: 'expire' }, Priority.CONTROLLER);
    // liveness.go: the launch timeout runs from the Launched condition's first transition (creation).
    this.ctx.clock.scheduleAt(micros(now + LAUNCH_TIMEOUT), this.timerType, { claim: name, uid: c.uid, what: 'launch' }, Priority.CONTROLLER);
    this.launch(c);
    return c;
  }

  /** A live NodeClaim (not deleted since). */
  isLive(c: NodeClaim): boolean {
    return this.claims.get(c.name) === c;
  }

  /**
   * The Launch reconcile: CloudProvider.Create, which returns a capacity or other error at once (§5.2 launch.go).
   * Launched: the registration timeout runs from now.
   */
  private launch(c: NodeClaim): void {
    const i = this.deps.cloud.launch(this.launchRequest(c, c.launchReason));
    c.instance = i;
    if (i.error !== undefined) return this.launchFailed(c, i.error);
    c.launchedAt = this.ctx.clock.now;
    this.ctx.clock.scheduleAt(micros(c.launchedAt + REGISTRATION_TIMEOUT), this.timerType, { claim: c.name, uid: c.uid, what: 'registration' }, Priority.CONTROLLER);
  }

  private launchRequest(c: NodeClaim, reason: string): LaunchRequest {
    return {
      owner: { kind: 'NodePool', name: c.pool.name },
      nodeName: c.name,
      instanceType: c.type,
      offering: c.offering,
      labels: { ...c.pool.labels, [NODEPOOL_LABEL]: c.pool.name },
      taints: [...c.pool.taints, ...c.pool.startupTaints, UNREGISTERED_TAINT],
      failAtLaunch: true,
      provisioning: {
        registered: this.settings.registrationDelay,
        ready: this.settings.readyDelay,
        failureProbability: this.settings.launchFailureProbability,
        failureClass: this.settings.launchFailureClass,
      },
      reason,
    };
  }

  // ---- lifecycle (§5.2) -------------------------------------------------------------------------------------------

  private claimOf(i: Instance): NodeClaim | undefined {
    const c = this.claims.get(i.request.nodeName);
    return c && c.instance?.id === i.id ? c : undefined;
  }

  /** Registered: Karpenter removes karpenter.sh/unregistered from the Node. */
  private onRegistered(i: Instance): void {
    const c = this.claimOf(i);
    if (!c) return;
    c.registeredAt = this.ctx.clock.now;
    const node = this.ctx.store.getNode(c.name);
    if (node) this.removeTaints(node, [UNREGISTERED_TAINT.key]);
  }

  /**
   * Initialized once the Node is Ready and its startup taints are gone. [k8sim] the agent owning the startup taints
   * removes them when the Node turns Ready, so Ready is Initialized.
   */
  private onReady(i: Instance): void {
    const c = this.claimOf(i);
    if (!c) return;
    const node = this.ctx.store.getNode(c.name);
    if (node) this.removeTaints(node, [UNREGISTERED_TAINT.key, ...c.pool.startupTaints.map((t) => t.key)]);
    c.registeredAt ??= this.ctx.clock.now;
    c.initializedAt = this.ctx.clock.now;
    this.disruption.claimInitialized(c);
  }

  private onFailed(i: Instance, e: LaunchError): void {
    const c = this.claimOf(i);
    if (c) this.launchFailed(c, e);
  }

  private launchFailed(c: NodeClaim, e: LaunchError): void {
    if (e.class === 'OutOfResource') {
      // launch.go: insufficient capacity → event, the offering cached unavailable, the NodeClaim deleted.
      this.ctx.events.emit('Warning', 'InsufficientCapacityError', `NodeClaim ${c.name} event: ${e.message}`, claimRef(c), COMPONENT);
      this.markUnavailable(c.type.name, c.offering);
      this.record('launch-failed', c.pool.name, c.name, `InsufficientCapacityError: ${e.message}`);
      this.forget(c);
      return;
    }
    // Other errors: Launched=Unknown (LaunchFailed); the reconcile is retried with controller-runtime's back-off
    // until liveness deletes the NodeClaim 5 min after its creation (launch_timeout). One row for the first failure.
    c.launchFailures++;
    c.instance = undefined;
    if (c.launchFailures === 1) this.record('launch-failed', c.pool.name, c.name, `LaunchFailed: ${e.message}`);
    const delay = micros(Math.min(LAUNCH_RETRY_MIN * 2 ** (c.launchFailures - 1), LAUNCH_RETRY_MAX));
    this.ctx.clock.schedule(delay, this.timerType, { claim: c.name, uid: c.uid, what: 'retry' }, Priority.CONTROLLER);
  }

  private onInterruption(i: Instance): void {
    const c = this.claimOf(i);
    if (!c || c.deletedAt !== undefined) return;
    const node = this.ctx.store.getNode(c.name);
    if (node) this.ctx.events.emit('Normal', 'SpotInterrupted', 'Spot interruption warning was triggered', nodeRef(node), COMPONENT);
    this.ctx.events.emit('Normal', 'SpotInterrupted', 'Spot interruption warning was triggered', claimRef(c), COMPONENT);
    if (c.offering.capacityType === 'spot') this.markUnavailable(c.type.name, c.offering);
    this.ctx.events.emit('Normal', 'TerminatingOnInterruption', 'Interruption triggered termination for the NodeClaim', claimRef(c), COMPONENT);
    if (node) this.ctx.events.emit('Normal', 'TerminatingOnInterruption', 'Interruption triggered termination for the Node', nodeRef(node), COMPONENT);
    this.record('interrupt', c.pool.name, c.name, 'SpotInterrupted', node ? [...node.allocated.pods].map(podKey) : []);
    this.terminator.start(c);
  }

  private onTerminated(i: Instance): void {
    const c = this.claimOf(i);
    if (c) this.forget(c);
  }

  private onTimer(name: string, uid: string, what: 'expire' | 'registration' | 'launch' | 'retry'): void {
    const c = this.claims.get(name);
    if (!c || c.uid !== uid || c.deletedAt !== undefined) return;
    if (what === 'retry') {
      if (c.launchedAt === undefined) this.launch(c);
      return;
    }
    if (what === 'launch') {
      if (c.launchedAt !== undefined) return;
      this.record('launch-failed', c.pool.name, c.name, 'launch_timeout');
      this.forget(c);
      return;
    }
    if (what === 'registration') {
      if (c.registeredAt !== undefined) return;
      this.record('launch-failed', c.pool.name, c.name, 'registration_timeout');
      this.forget(c);
      return;
    }
    // Expiration: forceful, no budgets, no pre-spun replacement (§7.11).
    const node = this.ctx.store.getNode(c.name);
    this.record('expire', c.pool.name, c.name, 'Expired', node ? [...node.allocated.pods].map(podKey) : []);
    this.terminator.start(c);
  }

  /** The NodeClaim is deleted at once (its instance terminated if it still runs). */
  forget(c: NodeClaim): void {
    if (!this.claims.has(c.name) || this.claims.get(c.name) !== c) return;
    this.claims.delete(c.name);
    this.stateVersion++;
    if (c.instance && c.instance.state !== 'terminated') this.deps.cloud.terminate(c.instance, 'karpenter');
    this.disruption.claimGone(c);
  }

  private removeTaints(node: NodeObj, keys: readonly string[]): void {
    const kept = node.spec.taints.filter((t) => !keys.includes(t.key));
    if (kept.length === node.spec.taints.length) return;
    node.spec.taints.length = 0;
    node.spec.taints.push(...kept);
    this.ctx.store.update(node, true);
  }

  /** A changed NodePool (same name): drift of its NodeClaims (§7.10): RequirementsDrifted, NodePoolDrifted. */
  updateNodePool(pool: KarpenterNodePool): void {
    this.pools = this.pools.map((p) => (p.name === pool.name ? pool : p)).sort(nodePoolOrder);
    const now = this.ctx.clock.now;
    for (const c of this.claims.values()) {
      if (c.pool.name !== pool.name || c.drifted) continue;
      if (!satisfiesAll(labelsCandidate(c.labels), pool.requirements)) c.drifted = { reason: 'RequirementsDrifted', at: now };
      else if (c.poolHash !== pool.hash) c.drifted = { reason: 'NodePoolDrifted', at: now };
    }
  }
}

/** A NodeClaim's node with the part of its pool's DaemonSet overhead that no daemon pod bound there covers yet. */
function withPendingDaemons(sn: SimNode, node: NodeObj, overhead: Resources): SimNode {
  const bound = { cpuMilli: 0, memoryBytes: 0, pods: 0 };
  for (const p of node.allocated.pods) {
    if (p.removed || !isDaemonSetPod(p)) continue;
    bound.cpuMilli += p.requests.cpuMilli;
    bound.memoryBytes += p.requests.memoryBytes;
    bound.pods += 1;
  }
  const r = sn.requested;
  return {
    ...sn,
    requested: {
      cpuMilli: r.cpuMilli + Math.max(0, overhead.cpuMilli - bound.cpuMilli),
      memoryBytes: r.memoryBytes + Math.max(0, overhead.memoryBytes - bound.memoryBytes),
      pods: r.pods + Math.max(0, overhead.pods - bound.pods),
    },
  };
}
