/**
 * The cloud under the cluster (issue #10): machines that a node autoscaler launches and terminates, and what they
 * cost. A launch draws its fate from the node's own stream (`cloud/<nodeName>`): whether it fails, when the Node
 * registers (NotReady, tainted `node.kubernetes.io/not-ready:NoSchedule`, as the kubelet registers it with
 * TaintNodesByCondition) and when it turns Ready (the taint goes, the kubelet starts, the scheduler binds). A failed
 * launch never registers; its listeners hear `failed` when it would have. Terminating an instance stops its machine
 * and removes its Node from the API; the pods left bound to it are pod GC's (controllers/podGc.ts).
 * Reference: ../shared/reference/node-autoscaling.md §4 (latencies), §10 (determinism).
 *
 * Simplifications: no `node.kubernetes.io/not-ready:NoExecute` taint between registration and Ready (the node
 * lifecycle controller would add it at its next monitor pass); a failed launch costs nothing; an instance is billed
 * from its registration to its termination (a real cloud bills the boot before registration too).
 */
import type { EventKey, EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { addMicros, maxMicros, micros, minutes, subMicros, US_PER_HOUR, ZERO, type Micros } from '../../engine/time';
import { exponential } from '../../engine/random';
import type { SimContext } from '../context';
import { objectRef, type NodeObj } from '../cluster/objects';
import type { Taint } from '../cluster/spec';
import { drawDuration } from '../draw';
import type { NodeInstanceInfo } from '../clusterTrace';
import type { Catalogue, CloudApi, CloudListener, Instance, InstanceState, InstanceType, LaunchError, LaunchRequest, NodeOwner, Offering } from './types';

/** The taint a kubelet registers its Node with until the node is Ready (TaintNodesByCondition). */
export const NOT_READY_TAINT: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };

/** Well-known node labels the cloud sets on every Node it registers (scenarios/defaults.ts wellKnownNodeLabels). */
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_CAPACITY_TYPE = 'karpenter.sh/capacity-type';
export const LABEL_INSTANCE_TYPE = 'node.kubernetes.io/instance-type';
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';

/** The stream of one node's draws (failure, registration and Ready delays). */
export const cloudStream = (nodeName: string): string => `cloud/${nodeName}`;
/** The stream of one spot node's interruption time (a Poisson process from Ready at its offering's rate). */
export const interruptionStream = (nodeName: string): string => `cloud/${nodeName}/interruption`;

/** A spot interruption notice comes this long before the instance is reclaimed (reference §4, §7.12). */
export const INTERRUPTION_NOTICE: Micros = minutes(2);
/** The Node event of a notice (Karpenter's interruption controller texts, reference §7.12). */
export const SPOT_INTERRUPTED_REASON = 'SpotInterrupted';
export const SPOT_INTERRUPTED_MESSAGE = 'Spot interruption warning was triggered';
/** terminate's reason when a spot instance is reclaimed. */
export const SPOT_INTERRUPTION = 'spot-interruption';

/** What the cloud needs of the kubelets and node lifecycle: start a Node's machine, stop it. */
export interface Machines {
  /** The machine is up: the kubelet starts its pods, the Node turns Ready (NodeLifecycleController.nodeUp). */
  nodeUp(node: NodeObj): void;
  /** The machine stops: containers stop, the kubelet no longer reports (NodeLifecycleController.nodeDown). */
  nodeDown(node: NodeObj): void;
}

/** The cloud's own record of an instance (the Instance its clients see, with the timers it owns). */
interface Machine {
  id: string;
  request: LaunchRequest;
  state: InstanceState;
  launchedAt: Micros;
  registeredAt?: Micros;
  readyAt?: Micros;
  terminatedAt?: Micros;
  node?: NodeObj;
  /** Why it ended (`terminate`'s reason, or the failure). */
  endReason?: string;
  /** The registration (or failure) timer, then the Ready timer. */
  timer?: EventKey;
  /** The rate-drawn interruption notice, then the reclaim 2 min after a notice. */
  interruptTimer?: EventKey;
  noticeAt?: Micros;
  /** A launch that failed in the create call. */
  error?: LaunchError;
  /** Decided at launch. */
  readonly fails: boolean;
  readonly registerAt: Micros;
  readonly readyAtPlanned: Micros;
}

export class Cloud implements CloudApi {
  private readonly all: Machine[] = [];
  private readonly byNode = new Map<string, Machine>();
  private readonly listeners: CloudListener[] = [];
  private readonly registerType: EventType<Machine>;
  private readonly readyType: EventType<Machine>;
  private readonly noticeType: EventType<Machine>;
  private readonly reclaimType: EventType<Machine>;
  private launches = 0;
  /** The next Node index (the scheduler's order): past every node the store has held. */
  private nextIndex = 0;

  constructor(
    private readonly ctx: SimContext,
    readonly catalogue: Catalogue,
    private readonly machines: Machines,
  ) {
    this.registerType = ctx.clock.register('cloud/registered', (m) => this.register(m));
    this.readyType = ctx.clock.register('cloud/ready', (m) => this.ready(m));
    this.noticeType = ctx.clock.register('cloud/interruption-notice', (m) => {
      m.interruptTimer = undefined;
      this.interrupt(m);
    });
    this.reclaimType = ctx.clock.register('cloud/reclaim', (m) => {
      m.interruptTimer = undefined;
      this.terminate(m, SPOT_INTERRUPTION);
    });
  }

  listen(l: CloudListener): void {
    this.listeners.push(l);
  }

  /**
   * Starts a machine. Draws from `cloud/<nodeName>` in this order: the failure (one uniform, always drawn), the
   * registration delay, the Ready delay (from the launch; raised to the registration delay when drawn shorter).
   * Instance ids count launches: `i-` and 17 hex digits.
   */
  launch(req: LaunchRequest): Instance {
    const name = req.nodeName;
    if (this.byNode.has(name) || this.ctx.store.getNode(name) !== undefined) throw new Error(`cloud: node ${name} already exists`);
    const now = this.ctx.clock.now;
    const rng = this.ctx.streams.get(cloudStream(name));
    const p = req.provisioning;
    const fails = rng.next() < p.failureProbability;
    const registered = drawDuration(p.registered, rng);
    const ready = maxMicros(registered, drawDuration(p.ready, rng));
    const m: Machine = {
      id: `i-${(++this.launches).toString(16).padStart(17, '0')}`,
      request: req,
      state: 'launching',
      launchedAt: now,
      fails,
      registerAt: addMicros(now, registered),
      readyAtPlanned: addMicros(now, ready),
    };
    this.all.push(m);
    if (fails && req.failAtLaunch === true) {
      m.state = 'failed';
      m.terminatedAt = now;
      m.endReason = 'launch-failed';
      m.error = launchError(req);
      return m;
    }
    this.byNode.set(name, m);
    m.timer = this.ctx.clock.scheduleAt(m.registerAt, this.registerType, m, Priority.KUBELET);
    return m;
  }

  /**
   * A scenario node with an instance type (a node pool's `instanceType`): an instance of owner `Static/<pool>`,
   * running and billed from now (t = 0). Call before the Node is created, so its first nodes.csv row has the
   * instance. Never interrupted by a rate (the scenario fixed it); a timeline `interrupt` still reclaims it.
   */
  adopt(nodeName: string, instance: { readonly type: InstanceType; readonly offering: Offering; readonly pool: string }): Instance {
    const now = this.ctx.clock.now;
    const m: Machine = {
      id: `i-${(++this.launches).toString(16).padStart(17, '0')}`,
      request: {
        owner: { kind: 'Static', name: instance.pool },
        nodeName,
        instanceType: instance.type,
        offering: instance.offering,
        labels: {},
        taints: [],
        provisioning: { registered: { kind: 'fixed', value: ZERO }, ready: { kind: 'fixed', value: ZERO }, failureProbability: 0, failureClass: 'Other' },
        reason: 'scenario',
      },
      state: 'ready',
      launchedAt: now,
      registeredAt: now,
      readyAt: now,
      fails: false,
      registerAt: now,
      readyAtPlanned: now,
    };
    this.all.push(m);
    this.byNode.set(nodeName, m);
    return m;
  }

  /** Links an adopted instance to its Node once the store holds it. */
  adopted(node: NodeObj): void {
    const m = this.byNode.get(node.metadata.name);
    if (m !== undefined && m.request.owner.kind === 'Static') m.node = node;
  }

  /** The Node registers (NotReady, not-ready taint), or the launch fails at this time. */
  private register(m: Machine): void {
    m.timer = undefined;
    const now = this.ctx.clock.now;
    const req = m.request;
    if (m.fails) {
      m.state = 'failed';
      m.terminatedAt = now;
      m.endReason = 'launch-failed';
      this.byNode.delete(req.nodeName);
      const error = launchError(req);
      for (const l of this.listeners) l.failed?.(m, error);
      return;
    }
    const name = req.nodeName;
    const type = req.instanceType;
    const node: NodeObj = {
      kind: 'Node',
      metadata: {
        name,
        namespace: '',
        uid: m.id,
        labels: {
          ...type.labels,
          ...req.labels,
          // An offering without a zone (a node group whose pool names none) gives the node no zone label.
          ...(req.offering.zone !== '' ? { [LABEL_ZONE]: req.offering.zone } : {}),
          [LABEL_CAPACITY_TYPE]: req.offering.capacityType,
          [LABEL_INSTANCE_TYPE]: type.name,
          [LABEL_HOSTNAME]: name,
        },
        annotations: {},
        ownerReferences: [],
        creationTimestamp: now,
        resourceVersion: 0,
        generation: 0,
      },
      spec: { unschedulable: false, taints: [...req.taints.filter((t) => t.key !== NOT_READY_TAINT.key), { ...NOT_READY_TAINT }] },
      status: { allocatable: { ...type.allocatable }, ready: 'False' },
      index: this.takeIndex(),
      machine: { up: false, upSince: now, images: new Set() },
      allocated: { requested: { cpuMilli: 0, memoryBytes: 0, pods: 0 }, nonZeroRequested: { cpuMilli: 0, memoryBytes: 0 }, pods: new Set() },
    };
    if (m.state !== 'interrupted') m.state = 'registered';
    m.registeredAt = now;
    m.node = node;
    this.ctx.store.create(node);
    // nodelifecycle controller: `RegisteredNode` when it first sees the Node (nodeutil.RecordNodeEvent's format).
    this.ctx.events.emit('Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`, objectRef(node), 'node-controller');
    for (const l of this.listeners) l.registered?.(m);
    if (m.state !== 'registered' && m.state !== 'interrupted') return; // a listener terminated it
    m.timer = this.ctx.clock.scheduleAt(maxMicros(m.readyAtPlanned, now), this.readyType, m, Priority.KUBELET);
  }

  /** The kubelet is ready: the not-ready taint goes, the Node turns Ready and its machine runs. */
  private ready(m: Machine): void {
    m.timer = undefined;
    const node = m.node!;
    if (m.state !== 'interrupted') m.state = 'ready';
    m.readyAt = this.ctx.clock.now;
    node.spec.taints = node.spec.taints.filter((t) => !(t.key === NOT_READY_TAINT.key && t.effect === NOT_READY_TAINT.effect));
    this.machines.nodeUp(node); // Ready=True, NodeReady event, one store update, the kubelet starts
    this.armInterruption(m);
    for (const l of this.listeners) l.ready?.(m);
  }

  /**
   * A running spot instance whose offering has an interruption rate λ (per hour) gets its notice after an
   * exponential time of mean 1/λ h from Ready (a Poisson process per instance), drawn from
   * `cloud/<nodeName>/interruption`.
   */
  private armInterruption(m: Machine): void {
    const o = m.request.offering;
    if (o.capacityType !== 'spot' || !(o.interruptionRatePerHour > 0) || m.interruptTimer !== undefined || m.state === 'interrupted') return;
    const rng = this.ctx.streams.get(interruptionStream(m.request.nodeName));
    const after = micros(Math.round(exponential(() => rng.next(), US_PER_HOUR / o.interruptionRatePerHour)));
    m.interruptTimer = this.ctx.clock.schedule(after, this.noticeType, m, Priority.KUBELET);
  }

  /**
   * A spot interruption notice (a timeline `interrupt` or the offering's rate): a `SpotInterrupted` Node event,
   * listeners' interruptionNotice, and the instance reclaimed (terminate, reason `spot-interruption`) 2 min later.
   * Ignored for an instance already interrupted or ended.
   */
  interrupt(instance: Instance): void {
    const m = this.byNode.get(instance.request.nodeName);
    if (m === undefined || m !== (instance as Machine) || m.state === 'interrupted' || m.state === 'terminating') return;
    if (m.interruptTimer !== undefined) this.ctx.clock.cancel(m.interruptTimer);
    m.state = 'interrupted';
    m.noticeAt = this.ctx.clock.now;
    if (m.node !== undefined) this.ctx.events.emit('Normal', SPOT_INTERRUPTED_REASON, SPOT_INTERRUPTED_MESSAGE, objectRef(m.node), 'cloud-provider');
    m.interruptTimer = this.ctx.clock.schedule(INTERRUPTION_NOTICE, this.reclaimType, m, Priority.KUBELET);
    for (const l of this.listeners) l.interruptionNotice?.(m);
  }

  /**
   * Deletes the machine now (idempotent): a pending registration is cancelled; a running machine stops and its Node
   * leaves the API (DELETED), its pods left to pod GC. Billing stops.
   */
  terminate(instance: Instance, reason: string): void {
    const m = this.byNode.get(instance.request.nodeName);
    if (m === undefined || m !== (instance as Machine)) return;
    const now = this.ctx.clock.now;
    if (m.timer !== undefined) this.ctx.clock.cancel(m.timer);
    m.timer = undefined;
    if (m.interruptTimer !== undefined) this.ctx.clock.cancel(m.interruptTimer);
    m.interruptTimer = undefined;
    m.state = 'terminating';
    m.endReason = reason;
    const node = m.node;
    if (node !== undefined) {
      this.machines.nodeDown(node);
      this.ctx.store.remove(node);
    }
    m.state = 'terminated';
    m.terminatedAt = now;
    m.endReason = reason;
    m.node = undefined;
    this.byNode.delete(m.request.nodeName);
    for (const l of this.listeners) l.terminated?.(m);
  }

  instances(owner?: NodeOwner): readonly Instance[] {
    return this.all.filter((m) => this.alive(m) && (owner === undefined || (m.request.owner.kind === owner.kind && m.request.owner.name === owner.name)));
  }

  instanceOfNode(nodeName: string): Instance | undefined {
    return this.byNode.get(nodeName);
  }

  /** nodes.csv's instance columns of a node (ClusterTrace.instanceOf). */
  nodeInfo(nodeName: string): NodeInstanceInfo | undefined {
    const m = this.byNode.get(nodeName);
    if (m === undefined) return undefined;
    const r = m.request;
    return {
      instanceType: r.instanceType.name,
      zone: r.offering.zone,
      capacityType: r.offering.capacityType,
      pricePerHour: r.offering.pricePerHour,
      owner: `${r.owner.kind}/${r.owner.name}`,
      launched: r.owner.kind !== 'Static',
      ...(m.endReason !== undefined ? { endReason: m.endReason } : {}),
    };
  }

  /** Every instance ever launched, in launch order (failed and terminated included). */
  history(): readonly Instance[] {
    return this.all;
  }

  /** Why an ended instance ended (`terminate`'s reason, `launch-failed`), else undefined. */
  endReason(instance: Instance): string | undefined {
    return (instance as Machine).endReason;
  }

  /**
   * US dollars spent until `now`: Σ offering price × hours from the Node's registration to termination (or `now`),
   * as summary.csv bills the nodes of nodes.csv (from their first row); a launch that never registered (failed, or
   * still booting) costs nothing. A real cloud also bills the boot before registration: k8sim leaves it out (the
   * registration delay per launched node; docs/node-autoscaling.md). Optionally only one owner's instances.
   */
  costUsd(now: Micros, owner?: NodeOwner): number {
    let usd = 0;
    for (const m of this.all) {
      if (m.registeredAt === undefined) continue;
      if (owner !== undefined && (m.request.owner.kind !== owner.kind || m.request.owner.name !== owner.name)) continue;
      const end = m.terminatedAt ?? now;
      const alive = end > m.registeredAt ? subMicros(end, m.registeredAt) : ZERO;
      usd += (m.request.offering.pricePerHour * alive) / US_PER_HOUR;
    }
    return usd;
  }

  private alive(m: Machine): boolean {
    return m.state !== 'failed' && m.state !== 'terminated';
  }

  /** One past the largest index any Node in the store has, and past every index this cloud gave before. */
  private takeIndex(): number {
    for (const n of this.ctx.store.nodes) if (n.index >= this.nextIndex) this.nextIndex = n.index + 1;
    return this.nextIndex++;
  }
}

/** The error of a failed launch (its class from the provisioning model). */
function launchError(req: LaunchRequest): LaunchError {
  return { class: req.provisioning.failureClass, message: `launch of ${req.instanceType.name} (${req.offering.capacityType}${req.offering.zone !== '' ? `, ${req.offering.zone}` : ''}) for node ${req.nodeName} failed` };
}
