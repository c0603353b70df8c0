/**
 * What one pod uses while its containers run: each running app container's idle CPU, memory baseline and leak,
 * and the request server of the pod's serving container (its first app container), with exact CPU integrals in
 * millicore-µs. State and arithmetic only: the TrafficModel creates, schedules and kills.
 */
import { BEFORE_ALL, NEVER, subMicros, type Micros } from '../../engine/time';
import type { EventKey } from '../../engine/simulator';
import type { PodObj } from '../cluster/objects';
import type { ContainerRuntime } from '../kubelet/runtime';
import { leakedBytes, type MemoryLeak } from './memoryLeak';
import type { PodServer, PodServerListener } from './podServer';
import type { Request } from './trafficSource';
import type { LoadProbe } from '../kubelet/prober';

const NO_CONTAINERS: readonly ContainerUsage[] = [];

/** One running instance of an app container. */
export class ContainerUsage {
  /** Pending leak-crossing check. */
  leakTimer: EventKey | undefined = undefined;
  /** An OOM kill is scheduled for this instance. */
  oomPending = false;

  constructor(
    readonly c: ContainerRuntime,
    /** ContainerRuntime.instance when it started: a later instance is another container. */
    readonly instance: number,
    readonly start: Micros,
    readonly idleMilli: number,
    readonly baselineBytes: number,
    readonly leak: MemoryLeak | undefined,
    /** The memory limit, bytes (Infinity: none). */
    readonly limitBytes: number,
  ) {}

  /** Idle CPU used since the start, millicore-µs. */
  idleUsage(now: Micros): number {
    return this.idleMilli * (now - this.start);
  }

  /** Baseline plus leak at `now`, bytes (requests in flight not included). */
  ownMemory(now: Micros): number {
    return this.leak === undefined ? this.baselineBytes : this.baselineBytes + leakedBytes(this.leak, subMicros(now, this.start));
  }
}

/**
 * The CPU of the node a pod runs on, as the pod's usage sees it: the TrafficModel reports each change of the pod's
 * claim, and the node shares its CPU among its pods (nodeCpu.ts NodeCpu implements it).
 */
export interface NodeCpuShare {
  readonly allocatableMilli: number;
  add(u: PodUsage): void;
  remove(u: PodUsage, now: Micros): void;
  claimChanged(u: PodUsage, claim: number, now: Micros): void;
  /** Σ claims of its pods, millicores. */
  readonly claimed: number;
  /** The node's CPU is shared out (its pods' capacities depend on each other's claims). */
  readonly oversubscribed: boolean;
  /** Pods of the node whose lone completion is pending without an event (TrafficModel's lazy completions). */
  readonly lazy: PodUsage[];
}

/** Fluid mode's state of a pod's serving container, as its usage reads it (fluid/fluidModel.ts FluidPod). */
export interface FluidUsage {
  /** CPU used since the container started, millicore-µs (an integer, non-decreasing). */
  usageIntegral(now: Micros): number;
  /** Memory its requests in flight hold, bytes. */
  readonly memoryBytes: number;
  /** Mean requests in flight. */
  readonly inFlight: number;
}

/** The listener half of a pod's request server: outcomes go to the TrafficModel. */
export interface PodUsageOwner {
  completed(req: Request | LoadProbe, now: Micros): void;
  failed(req: Request | LoadProbe, now: Micros): void;
  memoryLimitExceeded(u: PodUsage, now: Micros): void;
  /** The pod's lazy completion (lazySeq ≥ 0) is settled if it would have run by now (the reader looks after it). */
  settle(u: PodUsage): void;
}

export class PodUsage implements PodServerListener<Request | LoadProbe> {
  /**
   * Running app containers, in start order. Replaced on each change, never grown (a list grown by push keeps room
   * for about 16; most pods have one container: issue #13), so a reader may keep the list it read.
   */
  containers: readonly ContainerUsage[] = NO_CONTAINERS;
  /** The running instance of the serving container (the pod's first app container). */
  serving: ContainerUsage | undefined = undefined;
  /** Fluid mode: the serving container's load as rates (models/traffic/fluid), created on the first load routed to it. */
  fluid: FluidUsage | undefined = undefined;
  /** Its request server, created on the first request routed to it. */
  server: PodServer<Request | LoadProbe> | undefined = undefined;
  /** The baseline memory last handed to the server (baseline + leak at that time). */
  serverBaseline = 0;
  /** CPU used by container instances that have stopped, millicore-µs. */
  pastUsage = 0;
  /** Requests routed to the pod since it was created (rejected ones included). */
  routed = 0;
  /** The pod was deleted: the TrafficModel forgot it (a cached reference to it is stale). */
  removed = false;
  /** The kubelet waits for the serving container's in-flight requests to finish (onSigterm.drain). */
  drained: (() => void) | undefined = undefined;
  /** TrafficModel.served's answer for the pod's labels object it was computed from (a pod's labels are replaced, never edited). */
  servedLabels: object | undefined = undefined;
  servedResult = false;
  /**
   * The probe alone in the server whose timeout is not scheduled (PodProbeTarget 'watched'): the server is served
   * it strictly before its deadline unless something changes, and any change arms its timeout (fluid mode only).
   */
  watchedProbe: LoadProbe | undefined = undefined;
  /**
   * ≥ 0: the pending completion at completionAt has no event; this is its place in the event order (Simulator.reserve)
   * and TrafficModel settles it lazily (issue #13). Every reader of the server's state below settles it first.
   */
  lazySeq = -1;
  /** Its place in its node's `lazy` list while lazySeq ≥ 0. */
  lazyIndex = -1;
  /**
   * ≥ 0: a lazy completion touched before its time by a change that reschedules the pod at once (LazyCompletions.detach):
   * its seq, for TrafficModel.reschedule to schedule it in that place if its time stays (no event in between).
   */
  detachedSeq = -1;
  /** Pending completion event and its time. */
  completionAt: Micros = NEVER;
  completionKey: EventKey | undefined = undefined;
  /** Claim on the node's CPU: min(demand, cap), millicores. */
  claim = 0;
  /** Most CPU the server may get: the serving container's CPU limit, else the node's allocatable. */
  capMilli = 0;
  /** Trace sampling state: cumulative usage and time at the last pod_metrics row. */
  sampledUsage = 0;
  sampledAt: Micros;

  constructor(
    readonly pod: PodObj,
    /** The CPU of the node the pod runs on. */
    readonly node: NodeCpuShare,
    private readonly owner: PodUsageOwner,
    now: Micros,
  ) {
    this.sampledAt = now;
  }

  /** CPU used by the running container instances since each started, millicore-µs (what their counters show). */
  liveUsage(now: Micros): number {
    if (this.lazySeq >= 0) this.owner.settle(this);
    let total = 0;
    for (const cu of this.containers) total += cu.idleUsage(now);
    // The serving container's idle CPU is counted at its full rate above; the server knows how much of it the
    // requests took (its background shortfall).
    if (this.server !== undefined) total += this.server.usageIntegral(now) - this.server.backgroundShortfall(now);
    if (this.fluid !== undefined) total += this.fluid.usageIntegral(now);
    return total;
  }

  /** CPU used since the pod's first container started, millicore-µs. */
  totalUsage(now: Micros): number {
    return this.pastUsage + this.liveUsage(now);
  }

  /** Memory of the running containers now, bytes (requests in flight included). */
  memoryBytes(now: Micros): number {
    if (this.lazySeq >= 0) this.owner.settle(this);
    let total = 0;
    for (const cu of this.containers) total += cu.ownMemory(now);
    if (this.server !== undefined) total += this.server.memoryBytes - this.serverBaseline;
    if (this.fluid !== undefined) total += this.fluid.memoryBytes;
    return total;
  }

  /** Requests in flight in the pod (queued and in service). */
  get inFlight(): number {
    if (this.lazySeq >= 0) this.owner.settle(this);
    return (this.server === undefined ? 0 : this.server.inFlight) + (this.fluid === undefined ? 0 : Math.round(this.fluid.inFlight));
  }

  /** Memory the serving container's requests hold now, bytes. */
  get requestMemory(): number {
    if (this.lazySeq >= 0) this.owner.settle(this);
    return this.server === undefined ? 0 : this.server.memoryBytes - this.serverBaseline;
  }

  /** Every app container of the pod is running: the metrics pipeline scrapes only such pods. */
  allRunning(): boolean {
    return this.containers.length === this.pod.spec.containers.length;
  }

  /** The latest start among the running containers: a restart starts the pod's counters over. */
  startTime(): Micros {
    let t = BEFORE_ALL;
    for (const cu of this.containers) if (cu.start > t) t = cu.start;
    return t;
  }

  // PodServerListener
  completed(req: Request | LoadProbe, now: Micros): void {
    this.owner.completed(req, now);
  }
  failed(req: Request | LoadProbe, now: Micros): void {
    this.owner.failed(req, now);
  }
  memoryLimitExceeded(_memoryBytes: number, now: Micros): void {
    this.owner.memoryLimitExceeded(this, now);
  }
}
