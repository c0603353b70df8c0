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
import { categorizeEndpoints, sameEndpointSet, type EndpointCandidate } from './endpoints';
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
  /** The endpoint list last published by the endpoints controller (the load balancer gets it a sync delay later). */
  published: readonly PodObj[] = [];

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

  /** The endpoints kube-proxy would use for the current member states, sorted by pod name. */
  endpoints(): PodObj[] {
    const candidates: EndpointCandidate<PodObj>[] = [];
    for (const [pod, s] of this.members) {
      if (s !== 0) candidates.push({ endpoint: pod, ready: (s & READY) !== 0, serving: (s & SERVING) !== 0, terminating: (s & TERMINATING) !== 0 });
    }
    return categorizeEndpoints(candidates).sort(byName);
  }
}

interface ProxySync {
  readonly svc: ServiceRuntime;
  readonly endpoints: readonly PodObj[];
}

export class Services {
  readonly list: ServiceRuntime[];
  private readonly byKey = new Map<string, ServiceRuntime>();
  /** The Services each pod is selected by (labels never change, so this is computed once per pod). */
  private readonly ofPod = new Map<PodObj, readonly ServiceRuntime[]>();
  private readonly syncType: EventType<ProxySync>;

  constructor(
    private readonly ctx: SimContext,
    private readonly config: ServicesConfig,
  ) {
    this.list = config.services.map((s) => new ServiceRuntime(s, ctx, config.sloLatency));
    for (const s of this.list) this.byKey.set(s.key, s);
    this.syncType = ctx.clock.register<ProxySync>('service/proxy-sync', ({ svc, endpoints }) => svc.lb.setEndpoints(endpoints, ctx.clock.now));
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
      svc.members.set(pod, state);
      this.publish(svc);
    }
  }

  private podRemoved(pod: PodObj): void {
    for (const svc of this.servicesOf(pod)) if (svc.members.delete(pod)) this.publish(svc);
    this.ofPod.delete(pod);
  }

  /**
   * The endpoints controller writes the new list at once; kube-proxy applies it `proxySyncDelay` later, each
   * change exactly that long after it happened (a pure delay line: lists arrive in the order they were written).
   */
  private publish(svc: ServiceRuntime): void {
    const next = svc.endpoints();
    if (sameEndpointSet(svc.published, next)) return;
    svc.published = next;
    this.ctx.clock.schedule(this.config.settings.proxySyncDelay, this.syncType, { svc, endpoints: next }, Priority.CONTROLLER);
  }
}
