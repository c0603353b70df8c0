/**
 * The cluster's Services as kube-proxy sees them: each Service's endpoints (CategorizeEndpoints over the pods its
 * selector matches, sorted by pod name), handed to the Service's load balancer one sync delay after each change,
 * and its request counters. It decides no pick itself (the policy does) and never changes a pod.
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import type { Micros } from '../../engine/time';
import type { SimContext } from '../context';
import { isPodReady, type PodObj } from '../cluster/objects';
import type { ResolvedService } from '../cluster/spec';
import type { ServiceSettings } from './config';
import { STREAMS } from '../streams';
import type { LoadBalancer } from './loadBalancer';
import { createLoadBalancer } from './registry';
import { ServiceStats } from './serviceStats';

/** EndpointSlice conditions of a pod, packed: 1 ready, 2 serving, 4 terminating (0: in no endpoint list at all). */
type EndpointState = number;
const READY = 1;
const SERVING = 2;
const TERMINATING = 4;

function endpointState(pod: PodObj): EndpointState {
  if (pod.removed || pod.terminal || pod.spec.nodeName === undefined) return 0;
  const ready = isPodReady(pod);
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  return (ready && !terminating ? READY : 0) | (ready ? SERVING : 0) | (terminating ? TERMINATING : 0);
}

const byName = (a: PodObj, b: PodObj): number => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);

/** The Services model's config: the Services in document order, the Simulation's settings, the latency SLO. */
export interface ServicesConfig {
  readonly services: readonly ResolvedService[];
  readonly settings: ServiceSettings;
  /** The SLO latency requests are counted against (null: none). */
  readonly sloLatency: Micros | null;
}

export class ServiceRuntime {
  readonly key: string;
  readonly lb: LoadBalancer<PodObj>;
  readonly stats: ServiceStats;
  /** Pods the selector matches, with their endpoint state, in the order they first matched. */
  readonly members = new Map<PodObj, EndpointState>();
  /** Members that are ready (and not terminating): kube-proxy's endpoints whenever there is one. */
  private readonly ready = new Set<PodObj>();
  /** Members that are serving and terminating: kube-proxy's endpoints when none is ready. */
  private readonly fallback = new Set<PodObj>();
  /** The endpoint list last published by the endpoints controller (the load balancer gets it a sync delay later). */
  published: readonly PodObj[] = [];
  /** The sync of the instant whose changes are still being collected (its list not written yet), if any. */
  open: ProxySync | undefined = undefined;

  constructor(
    readonly spec: ResolvedService,
    ctx: SimContext,
    sloLatency: Micros | null,
  ) {
    this.key = `${spec.namespace}/${spec.name}`;
    this.stats = new ServiceStats(sloLatency);
    const affinity = spec.sessionAffinity === 'ClientIP' ? { type: 'ClientIP' as const, timeoutSeconds: spec.affinityTimeoutSeconds! } : { type: 'None' as const };
    this.lb = createLoadBalancer<PodObj>(spec.loadBalancing, { stream: ctx.streams.get(STREAMS.service(spec.namespace, spec.name)) }, affinity);
  }

  /** Endpoints the load balancer routes to now. */
  get endpointsInUse(): number {
    return this.lb.endpoints.length;
  }

  /**
   * The endpoints kube-proxy would use for the current member states (categorizeEndpoints: the ready ones, else the
   * serving-and-terminating ones), sorted by pod name. Reads the two incrementally kept sets, not every member.
   */
  endpoints(): PodObj[] {
    return [...(this.ready.size > 0 ? this.ready : this.fallback)].sort(byName);
  }

  /** The size of the endpoint set in use (endpoints().length), O(1). */
  get inUse(): number {
    return this.ready.size > 0 ? this.ready.size : this.fallback.size;
  }

  /**
   * Sets `pod`'s endpoint state (undefined: no longer a member) and tells whether the endpoint set in use (what
   * endpoints() returns, as a set) changed; the pods that left that set are added to `departed`. O(1), except when
   * the last ready pod arrives over a set of terminating ones (each of those leaves).
   */
  update(pod: PodObj, state: EndpointState | undefined, departed: Set<PodObj>): boolean {
    const old = this.members.get(pod);
    if (old === state) return false;
    if (state === undefined) this.members.delete(pod);
    else this.members.set(pod, state);
    const wasReady = old !== undefined && (old & READY) !== 0;
    const isReady = state !== undefined && (state & READY) !== 0;
    const wasFallback = old !== undefined && (old & (SERVING | TERMINATING)) === (SERVING | TERMINATING);
    const isFallback = state !== undefined && (state & (SERVING | TERMINATING)) === (SERVING | TERMINATING);
    const readyBefore = this.ready.size > 0;
    const fallbackBefore = this.fallback.size;
    if (wasReady !== isReady) {
      if (isReady) this.ready.add(pod);
      else this.ready.delete(pod);
    }
    if (wasFallback !== isFallback) {
      if (isFallback) this.fallback.add(pod);
      else this.fallback.delete(pod);
    }
    const readyAfter = this.ready.size > 0;
    if (readyBefore && readyAfter) {
      if (wasReady && !isReady) departed.add(pod);
      return wasReady !== isReady;
    }
    if (!readyBefore && !readyAfter) {
      if (wasFallback && !isFallback) departed.add(pod);
      return wasFallback !== isFallback;
    }
    // The category switched, and only `pod` moved: the ready set was or is exactly {pod}.
    if (readyBefore) {
      // {pod} → the fallback set
      if (this.fallback.size === 1 && this.fallback.has(pod)) return false;
      if (!isFallback) departed.add(pod);
      return true;
    }
    // the fallback set → {pod}
    if (wasFallback && fallbackBefore === 1) return false;
    for (const p of this.fallback) departed.add(p); // `pod` itself is in the new set
    return true;
  }
}

/**
 * One kube-proxy sync: the list it applies, written when the instant of the changes it carries is over, and the
 * lists of that instant before it, which it stands for (each change of the set used to be a sync of its own).
 */
interface ProxySync {
  readonly svc: ServiceRuntime;
  /** The instant of the changes. */
  readonly at: Micros;
  /** The list to apply; undefined until written. */
  endpoints: readonly PodObj[] | undefined;
  /** Endpoint lists of the instant before the last one: how many, their summed and zero lengths. */
  skipped: number;
  skippedSize: number;
  skippedEmpty: number;
  /** Pods that left the set in use at some change of the instant. */
  readonly departed: Set<PodObj>;
}

export class Services {
  readonly list: ServiceRuntime[];
  private readonly byKey = new Map<string, ServiceRuntime>();
  /** The Services each pod is selected by (labels never change, so this is computed once per pod). */
  private readonly ofPod = new Map<PodObj, readonly ServiceRuntime[]>();
  private readonly syncType: EventType<ProxySync>;
  /** The departed set the next sync will own (empty until then: update() adds to it only on a change). */
  private spare = new Set<PodObj>();

  constructor(
    private readonly ctx: SimContext,
    private readonly config: ServicesConfig,
  ) {
    this.list = config.services.map((s) => new ServiceRuntime(s, ctx, config.sloLatency));
    for (const s of this.list) this.byKey.set(s.key, s);
    this.syncType = ctx.clock.register<ProxySync>('service/proxy-sync', (sync) => {
      if (sync.endpoints === undefined) this.write(sync.svc);
      const skipped = sync.skipped === 0 ? undefined : { count: sync.skipped, totalSize: sync.skippedSize, empty: sync.skippedEmpty, departed: sync.departed };
      sync.svc.lb.setEndpoints(sync.endpoints!, ctx.clock.now, skipped);
    });
    if (this.list.length > 0) {
      // The endpoints controller watches pods: each change may move a pod in or out of its Services' endpoints.
      ctx.store.watch('Pod', (type, p) => (type === 'DELETED' ? this.podRemoved(p) : this.podChanged(p)));
    }
  }

  get(namespace: string, name: string): ServiceRuntime | undefined {
    return this.byKey.get(`${namespace}/${name}`);
  }

  private servicesOf(pod: PodObj): readonly ServiceRuntime[] {
    let s = this.ofPod.get(pod);
    if (s === undefined) {
      const { namespace, labels } = pod.metadata;
      s = this.list.filter((svc) => svc.spec.namespace === namespace && svc.spec.selector !== undefined && svc.spec.selector.matches(labels));
      this.ofPod.set(pod, s);
    }
    return s;
  }

  private podChanged(pod: PodObj): void {
    for (const svc of this.servicesOf(pod)) {
      const state = endpointState(pod);
      if (svc.members.get(pod) === state) continue;
      this.change(svc, pod, state);
    }
  }

  private podRemoved(pod: PodObj): void {
    for (const svc of this.servicesOf(pod)) if (svc.members.has(pod)) this.change(svc, pod, undefined);
    this.ofPod.delete(pod);
  }

  /**
   * One pod's endpoint state changes. Each change of a Service's endpoint set is a list the endpoints controller
   * writes, which kube-proxy applies `proxySyncDelay` later (a pure delay line: lists arrive in the order they were
   * written). The lists of one instant all arrive at one later instant, where no pick can come between them, so
   * they travel as one sync: scheduled at the instant's first change of the set (it keeps that place among the
   * events of its arrival time), carrying the last list, written (sorted) only when the instant is over — at the
   * next change of a later instant or when the sync runs — and a summary of the lists before it, with which the load
   * balancer ends exactly as if it had applied each (skipped draws, dropped affinity entries). So a change costs
   * O(1) and an instant with changes O(endpoints), not O(endpoints) per change. With a zero delay the syncs run in
   * the same instant, between the changes, and each change writes its own list as it happens.
   */
  private change(svc: ServiceRuntime, pod: PodObj, state: EndpointState | undefined): void {
    const now = this.ctx.clock.now;
    let open = svc.open;
    if (open !== undefined && open.at !== now) {
      this.write(svc);
      open = undefined;
    }
    const before = svc.inUse;
    const departed = open?.departed ?? this.spare;
    if (!svc.update(pod, state, departed)) return;
    if (open !== undefined) {
      open.skipped++;
      open.skippedSize += before;
      if (before === 0) open.skippedEmpty++;
      return;
    }
    // No open sync: the published list is the set before this change, so the set now differs from it.
    this.spare = new Set();
    open = { svc, at: now, endpoints: undefined, skipped: 0, skippedSize: 0, skippedEmpty: 0, departed };
    svc.open = open;
    this.ctx.clock.schedule(this.config.settings.proxySyncDelay, this.syncType, open, Priority.CONTROLLER);
    if (this.config.settings.proxySyncDelay === 0) this.write(svc);
  }

  /** Writes the open sync's list: the set at the end of its instant. */
  private write(svc: ServiceRuntime): void {
    const sync = svc.open!;
    svc.open = undefined;
    sync.endpoints = svc.endpoints();
    svc.published = sync.endpoints;
  }
}
