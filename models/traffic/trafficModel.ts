/**
 * Request traffic on the cluster: Traffic arrivals (open loop) or closed-loop clients' requests routed by their
 * Service's load balancer to a pod, served by the pod's request server with the CPU it can get, and ended as
 * success, timeout, rejection, 503 or failure, each failed attempt retried as the Traffic's retry policy and budget
 * allow; plus each running container's idle CPU, memory and leak, with OOM kills through the kubelet. Schedules only
 * what changes something: the next arrival per Traffic (or per closed-loop client), each retry, one completion per
 * pod (none for a lone request or probe whose completion nothing reads before it: lazyRequest, lazyProbe), one
 * timeout per Traffic, one leak check per leaking container. Never decides a pick (the policy does) nor a restart
 * (the kubelet does). The kubelet's probes of served pods go through the same servers (PodProbeTarget).
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { addMicros, NEVER, subMicros, ZERO, type Micros } from '../../engine/time';
import type { SimContext } from '../context';
import type { PodObj } from '../cluster/objects';
import type { ContainerListener, Kubelets } from '../kubelet/kubelet';
import { LoadProbe, type PodProbeTarget } from '../kubelet/prober';
import type { ProbeHandler } from '../cluster/spec';
import type { ContainerRuntime } from '../kubelet/runtime';
import type { Recorder } from '../recorder';
import type { Services } from '../service/services';
import type { RequestOutcome } from '../service/serviceStats';
import type { ResolvedTraffic } from './spec';
import type { ServingSettings } from './serving';
import { leakCrossing } from './memoryLeak';
import { LazyCompletions } from './lazyCompletions';
import { NodeCpu } from './nodeCpu';
import { PodServer } from './podServer';
import { ContainerUsage, PodUsage, type PodUsageOwner } from './podUsage';
import { Request, TrafficSource } from './trafficSource';
import { FluidModel, FLUID_DEFAULT_STEP } from './fluid/fluidModel';

// Hot-path globals as module constants: under Jest's vm sandbox each global lookup costs ~0.2 µs.
const INFINITY = Number.POSITIVE_INFINITY;
/** TrafficModel.runsNext's window (questions), the yes count below which it pauses, and the pause (arrivals). */
const INLINE_WINDOW = 256;
const INLINE_MIN_HITS = 32;
const INLINE_PAUSE = 4096;

export interface TrafficOptions {
  /** The Traffic documents, in document order. */
  readonly traffic: readonly ResolvedTraffic[];
  /** Trace 1 request in N (by arrival order: ids 0, N, 2N, …) to requests.csv; 0 = no request trace. */
  readonly traceRequestsEvery: number;
  /** Where requests.csv rows go. */
  readonly recorder: Recorder;
  /** How a container without a Behavior `serving` block serves requests (the loader applies DEFAULT_SERVING). */
  readonly defaultServing: ServingSettings;
  /**
   * Lone completions without an event (default true): the same run, fewer events. False: every completion is an
   * event (the equivalence tests compare both).
   */
  readonly lazyCompletions?: boolean;
}

/** A closed-loop client: its Traffic and number. */
interface ClosedLoopClient {
  readonly src: TrafficSource;
  readonly index: number;
}

export class TrafficModel implements ContainerListener, PodUsageOwner, PodProbeTarget {
  /** Pods with at least one started app container, in the order their first container started; removed pods leave. */
  readonly pods = new Map<PodObj, PodUsage>();
  readonly sources: readonly TrafficSource[];
  private readonly nodes = new Map<string, NodeCpu>();
  private nextId = 0;
  /** Attempts created so far: the next attempt's serial number. */
  private nextSerial = 0;
  /** Request records nothing refers to any more, reused by the next attempts (no allocation per request). */
  private readonly spare: Request[] = [];
  private readonly arrivalType: EventType<TrafficSource>;
  private readonly retryType: EventType<Request>;
  private readonly clientSendType: EventType<ClosedLoopClient>;
  /** Closed-loop clients of each closed-loop Traffic, by client number. */
  private readonly closedClients = new Map<TrafficSource, readonly ClosedLoopClient[]>();
  private readonly completionType: EventType<PodUsage>;
  private readonly timeoutType: EventType<TrafficSource>;
  private readonly leakType: EventType<ContainerUsage>;
  private readonly oomType: EventType<ContainerUsage>;
  private readonly drainedType: EventType<() => void>;
  private readonly moved = (u: PodUsage): void => this.reschedule(u);
  /** Traffic in fluid mode (rates per step instead of requests). */
  private readonly fluid: FluidModel;
  /**
   * Every Traffic is fluid: the pods' request servers hold nothing but the kubelet's probes, and a probe's result is
   * told directly at the end of its completion event (`answered`) instead of in an event of its own that would run
   * right after it (issue #13: probes were 98 % of a fluid month's events).
   */
  private readonly probesOnly: boolean;
  /** Probes served in the completion event under way (probesOnly), told once the event's own work is done: the first `answeredCount`. */
  private readonly answered: (LoadProbe | undefined)[] = [];
  private answeredCount = 0;
  /** Lone completions may go without an event (issue #13; TrafficOptions.lazyCompletions). */
  private readonly lazyOn: boolean;
  /** Lone completions without an event: their books (models/traffic/lazyCompletions.ts). */
  private readonly lazy: LazyCompletions;
  /** Completions settled without an event so far (each one event fewer than the eager run). */
  get lazyCompletions(): number {
    return this.lazy.settled;
  }
  /** Completions reserved by lazyAfterCompletion so far (a request left alone by a completion event; for tests). */
  lazyFollowers = 0;
  /** Request mode may leave lone requests' completions without an event (lazyOn, and no Traffic is fluid). */
  private readonly lazyRequestsOn: boolean;

  constructor(
    private readonly ctx: SimContext,
    private readonly kubelets: Kubelets,
    services: Services,
    private readonly options: TrafficOptions,
  ) {
    const sim = ctx.clock;
    // One pending arrival per open-loop Traffic, rescheduled as each runs: the engine's lane heap (same order).
    this.arrivalType = sim.register('traffic/arrival', (src) => this.arrival(src), { lane: true });
    this.retryType = sim.register('traffic/retry', (prev) => this.retryNow(prev));
    this.clientSendType = sim.register('traffic/client-send', (c) => this.clientSend(c));
    this.completionType = sim.register('traffic/completion', (u) => this.completion(u));
    this.lazy = new LazyCompletions(sim, this.completionType, (u, at) => this.completeAt(u, at));
    this.timeoutType = sim.register('traffic/timeout', (src) => this.timeouts(src));
    this.leakType = sim.register('traffic/leak-check', (cu) => this.leakCheck(cu));
    this.oomType = sim.register('traffic/oom-kill', (cu) => this.oomKillNow(cu));
    this.drainedType = sim.register('traffic/drained', (done) => done());
    this.sources = options.traffic.map((t) => {
      const svc = services.get(t.namespace, t.service);
      if (svc === undefined) throw new Error(`Traffic ${t.name}: no Service ${t.namespace}/${t.service}`);
      return new TrafficSource(t, svc, ctx.streams);
    });
    const fluid = this.sources.filter((s) => s.spec.mode === 'fluid');
    this.probesOnly = fluid.length > 0 && fluid.length === this.sources.length;
    this.lazyOn = options.lazyCompletions !== false;
    this.lazyRequestsOn = this.lazyOn && fluid.length === 0;
    // A Service's outcome figures are read only after its lone requests' completions that have run are settled.
    if (this.lazyRequestsOn) for (const src of this.sources) src.service.stats.beforeRead ??= () => this.lazy.settleAll(this.nodes.values());
    this.fluid = new FluidModel(ctx, { sources: fluid, step: fluid[0]?.spec.fluidStep ?? FLUID_DEFAULT_STEP, defaultServing: options.defaultServing, pods: this.pods });
    for (const src of this.sources) {
      if (src.spec.mode === 'fluid') continue;
      if (src.think !== undefined) {
        // Closed loop: client i first sends one think time after the start (draws in client order).
        const clients: ClosedLoopClient[] = [];
        for (let i = 0; i < src.spec.clients.count; i++) {
          const c = { src, index: i };
          clients.push(c);
          sim.scheduleAt(src.think(), this.clientSendType, c, Priority.TRAFFIC);
        }
        this.closedClients.set(src, clients);
        continue;
      }
      const first = src.arrivals.next();
      if (first !== INFINITY) sim.scheduleAt(first, this.arrivalType, src, Priority.TRAFFIC);
    }
    kubelets.addContainerListener(this);
    // Probes whose result comes from the load reach the pods through this model (only when there is traffic at all).
    if (this.sources.length > 0) kubelets.prober.setTarget(this);
    ctx.store.watch('Pod', (type, p) => {
      if (type !== 'DELETED') return;
      const u = this.pods.get(p);
      if (u === undefined) return;
      if (u.lazySeq >= 0) this.lazy.touch(u); // (the timeouts find a lazy request through this map)
      u.removed = true;
      this.pods.delete(p);
    });
    // A removed Node (its containers stopped with its machine) forgets its CPU model: a later namesake starts afresh.
    ctx.store.watch('Node', (type, n) => {
      if (type !== 'DELETED') return;
      const node = this.nodes.get(n.metadata.name);
      if (node !== undefined && node.lazy.length > 0) this.lazy.materializeNode(node); // (settleAll walks this map)
      this.nodes.delete(n.metadata.name);
    });
  }

  // ------------------------------------------------------------------ requests

  /**
   * An arrival, and the ones after it while each is the run's very next event (Simulator.runsNext: earlier than
   * anything pending), without a queue round trip; the first that is not is scheduled.
   */
  private arrival(src: TrafficSource): void {
    const sim = this.ctx.clock;
    for (;;) {
      this.send(src, src.clients.pick(), sim.now);
      const next = src.arrivals.next();
      if (next === INFINITY) return;
      if (!this.runsNext(src, next)) {
        sim.post(next, this.arrivalType, src, Priority.TRAFFIC); // never cancelled: no key
        return;
      }
    }
  }

  /**
   * sim.runsNext(next) for the source's next arrival, asked only while it pays: after INLINE_WINDOW questions with
   * fewer than INLINE_MIN_HITS yes (many Traffics and pods: the next arrival is rarely the run's next event), the
   * source stops asking for INLINE_PAUSE arrivals. Either answer gives the same run (runsNext is exact); this only
   * saves the question where the answer is nearly always no.
   */
  private runsNext(src: TrafficSource, next: Micros): boolean {
    if (src.inlinePause > 0) {
      src.inlinePause--;
      return false;
    }
    const yes = this.ctx.clock.runsNext(next);
    if (yes) src.inlineHits++;
    if (++src.inlineAsked === INLINE_WINDOW) {
      if (src.inlineHits < INLINE_MIN_HITS) src.inlinePause = INLINE_PAUSE;
      src.inlineAsked = src.inlineHits = 0;
    }
    return yes;
  }

  /** A closed-loop client sends its next request. */
  private clientSend(c: ClosedLoopClient): void {
    this.send(c.src, c.index, this.ctx.clock.now);
  }

  /** A client sends a new request: its first attempt (the budget gets its deposit). */
  private send(src: TrafficSource, client: number, now: Micros): void {
    const work = src.nextWork();
    const req = this.newRequest(this.nextId++, src, client, now, work, src.spec.memoryBytes, addMicros(now, src.timeout), 1, now);
    src.service.stats.arrived();
    src.retry?.budget?.deposit(now);
    this.attempt(req, now);
  }

  /** The backoff of a failed attempt is over: its retry goes to the Service as a new attempt. */
  private retryNow(prev: Request): void {
    const now = this.ctx.clock.now;
    const src = prev.source;
    const req = this.newRequest(prev.id, src, prev.client, now, prev.work, prev.memoryBytes, addMicros(now, src.timeout), prev.attempt + 1, prev.first);
    prev.retrying = false;
    if (!prev.inServer) this.spare.push(prev);
    src.service.stats.retried();
    this.attempt(req, now);
  }

  /** A new attempt's record: a released one when there is one (Request.reuse), else a new one. */
  private newRequest(id: number, src: TrafficSource, client: number, now: Micros, work: number, memoryBytes: number, deadline: Micros, attempt: number, first: Micros): Request {
    const r = this.spare.pop();
    const serial = this.nextSerial++;
    return r === undefined ? new Request(serial, id, src, client, now, work, memoryBytes, deadline, attempt, first) : r.reuse(serial, id, src, client, now, work, memoryBytes, deadline, attempt, first);
  }

  /** One attempt reaches the Service: the load balancer picks a pod (none: a 503). */
  private attempt(req: Request, now: Micros): void {
    const svc = req.source.service;
    svc.stats.attempted();
    const pod = svc.lb.pick(req.client, now);
    if (pod === undefined) this.finish(req, 'no_endpoints', now);
    else {
      req.pod = pod;
      this.deliver(req, pod, now);
    }
  }

  /**
   * The connection reaches the pod: refused when its serving container is not running or no longer accepts (after
   * SIGTERM, per its Behavior), else the server decides.
   */
  private deliver(req: Request, pod: PodObj, now: Micros): void {
    const u = this.routedUsage(req.source, pod);
    const cu = u === undefined ? undefined : u.serving;
    if (u === undefined || cu === undefined || (cu.c.refusingFrom !== undefined && now >= cu.c.refusingFrom)) {
      this.finish(req, 'failed', now);
      return;
    }
    u.routed++;
    // (detach: the serverChanged below schedules a lazy completion this arrival postpones; a rejection attaches it)
    if (u.lazySeq >= 0) this.lazy.detach(u);
    const server = u.server === undefined ? this.createServer(u, cu, now) : u.server;
    if (cu.leak !== undefined) this.applyLeak(u, cu, now);
    if (!server.arrive(req, now)) {
      if (u.detachedSeq >= 0) this.lazy.attach(u);
      this.finish(req, 'rejected', now);
      return;
    }
    req.inServer = true;
    if (req.deadline !== INFINITY) this.watch(req);
    // A lone request whose completion changes nothing read before something looks: no event (see lazyRequest).
    if (this.lazyRequestsOn && server.inFlight === 1 && cu.leak === undefined && this.lazyRequest(u, cu, req, now)) return;
    this.serverChanged(u, now);
    if (cu.leak !== undefined && req.memoryBytes > 0) this.armLeak(cu, now);
  }

  /**
   * this.pods.get(pod) for the pod the Service's load balancer just picked, through the source's routing cache by
   * the pick's position in the balancer's list (refilled when the list changes; an entry is used only while it is
   * that pod's live usage, so the answer is always the map's).
   */
  private routedUsage(src: TrafficSource, pod: PodObj): PodUsage | undefined {
    const lb = src.service.lb;
    const i = lb.lastIndex;
    if (i < 0) return this.pods.get(pod);
    const list = lb.endpoints;
    if (list !== src.routeList) {
      src.routeList = list;
      src.routeUsage = new Array<PodUsage | undefined>(list.length).fill(undefined);
    }
    // Only this method fills the cache, and only with PodUsage records.
    let u = src.routeUsage[i] as PodUsage | undefined;
    if (u !== undefined && u.pod === pod && !u.removed) return u;
    u = this.pods.get(pod);
    src.routeUsage[i] = u;
    return u;
  }

  // ------------------------------------------------------------------ probes through the pod

  /**
   * PodProbeTarget: a kubelet probe of the serving container of a pod some Traffic's Service selects enters the
   * pod's server like a request (httpGet, tcpSocket, grpc: the slots, the queue, the CPU share; exec: a process
   * sharing the CPU, past the slots). The kubelet talks to the pod IP, so a pod that is not Ready is probed too.
   */
  sendProbe(c: ContainerRuntime, handler: ProbeHandler, probe: LoadProbe): 'sent' | 'watched' | 'rejected' | 'unserved' {
    const u = this.pods.get(c.pod);
    const cu = u === undefined ? undefined : u.serving;
    if (u === undefined || cu === undefined || cu.c !== c) return 'unserved';
    // Whether some Service selects the pod, asked once per labels object (every probe tick asked every Traffic).
    const labels = c.pod.metadata.labels;
    if (u.servedLabels !== labels) {
      u.servedLabels = labels;
      u.servedResult = this.served(c.pod);
    }
    if (!u.servedResult) return 'unserved';
    const now = this.ctx.clock.now;
    if (u.lazySeq >= 0) this.lazy.touch(u);
    const server = u.server === undefined ? this.createServer(u, cu, now) : u.server;
    if (handler === 'exec') server.arriveDirect(probe, now);
    else if (!server.arrive(probe, now)) return 'rejected';
    // A lone probe whose answer changes nothing until something looks: its completion gets no event (see lazyProbe).
    if (this.lazyOn && this.probesOnly && server.inFlight === 1 && this.lazyProbe(u, probe, now)) return 'watched';
    this.serverChanged(u, now);
    // Fluid mode: a probe alone in the server completes at u.completionAt unless the server changes (another arrival,
    // a capacity change: each goes through reschedule, which arms its timeout). Strictly before the deadline, the
    // completion comes first and the timeout would only be cancelled: it is not scheduled at all.
    if (this.probesOnly && server.inFlight === 1 && u.completionAt < probe.deadline) {
      u.watchedProbe = probe;
      return 'watched';
    }
    return 'sent';
  }

  /**
   * Fluid mode, a probe alone in an idle server: when its completion comes strictly before its deadline and what the
   * completion does is order-insensitive until something looks — the node is not shared out (and stays so after the
   * claim drops), no drain waits, the probe's Success changes nothing in the prober (Prober.successChangesNothing) —
   * the completion gets no event: its place in the order is reserved where scheduleAt would have taken it
   * (serverChanged's), and it is settled as the event would have done it (LazyCompletions) at the first thing that looks:
   * the next arrival, the prober's next look at the probe, any claim change on the node, a reader of the pod's usage,
   * the container stopping; a change before its time schedules it in its reserved place (touch). Returns false,
   * having done nothing, when the probe does not qualify (the caller goes the eager way).
   */
  private lazyProbe(u: PodUsage, probe: LoadProbe, now: Micros): boolean {
    const node = u.node;
    if (node.oversubscribed || u.drained !== undefined || u.completionKey !== undefined || u.watchedProbe !== undefined) return false;
    if (!this.kubelets.prober.successChangesNothing(probe.w, probe.instance)) return false;
    if (!this.lazy.bookLoneClaim(u, now)) return false;
    const t = u.server!.nextCompletionTime();
    if (!(t < probe.deadline)) return false; // (the caller's serverChanged finds the claim booked and schedules it)
    this.lazy.reserve(u, t);
    u.watchedProbe = probe;
    probe.lazyHolder = u;
    return true;
  }

  /**
   * Request mode, a request alone in an idle server (the caller checked that the serving container does not leak):
   * its completion is the request's success (the Service's counters and latency, which commute) and the claim's
   * drop. When nothing else hangs on it — an open-loop client (a closed-loop one sends its next request after it),
   * the request not traced (requests.csv rows go out in time order), no OOM kill pending, no drain waiting, the node
   * not shared out (and still not with this claim), the completion strictly before the client's deadline (the
   * timeout never fires: the timer settles it first) — it gets no event, as lazyProbe's, and is settled at its own
   * key by the first thing that looks: the next arrival or probe at the server, a claim change that may rebalance
   * the node, the container stopping, a reader of the pod (PodUsage) or of the Service's figures
   * (ServiceStats.beforeRead: the samplers, the rollouts, the summary), the Traffic's timeout timer. Returns false,
   * having at most booked the claim, when the request does not qualify (the caller goes the eager way).
   */
  private lazyRequest(u: PodUsage, cu: ContainerUsage, req: Request, now: Micros): boolean {
    if (req.source.think !== undefined || cu.oomPending || u.drained !== undefined || u.completionKey !== undefined || u.node.oversubscribed) return false;
    const every = this.options.traceRequestsEvery;
    if (every !== 0 && req.id % every === 0) return false;
    if (!this.lazy.bookLoneClaim(u, now)) return false;
    const t = u.server!.nextCompletionTime();
    if (!(t < req.deadline)) return false;
    this.lazy.reserve(u, t);
    return true;
  }

  /**
   * Request mode, a completion event that leaves one request in the server (the end of a busy period of two or
   * more): the node's books change as serverChanged changes them, then the remaining request's completion is
   * reserved (Simulator.reserve) instead of scheduled when it qualifies as a lone request's does (lazyRequest's
   * conditions). The reservation takes the seq reschedule's scheduleAt would take at this point of this event, so
   * the state is exactly a lone request's lazy completion, with the same key as the eager run's event; from here the
   * lone-request rules apply unchanged (settled by the first thing that looks after its key, or scheduled in its
   * reserved place when the server changes before). Only inside the completion's own event: a completion settled
   * later (lazily) would take its seq out of place, and it leaves an empty server anyway.
   */
  private lazyAfterCompletion(u: PodUsage, now: Micros): void {
    this.bookClaim(u, now);
    const server = u.server!;
    const req = server.soleRequest;
    const cu = u.serving;
    // reschedule's work, unless the request qualifies (the claim's change may have moved u's event: then it has one).
    if (
      req instanceof Request &&
      cu !== undefined &&
      cu.leak === undefined &&
      !cu.oomPending &&
      u.drained === undefined &&
      u.watchedProbe === undefined &&
      u.lazySeq < 0 &&
      u.completionKey === undefined &&
      req.source.think === undefined &&
      !u.node.oversubscribed
    ) {
      const every = this.options.traceRequestsEvery;
      const t = server.nextCompletionTime();
      if (t !== NEVER && t < req.deadline && (every === 0 || req.id % every !== 0)) {
        this.lazy.reserve(u, t);
        this.lazyFollowers++;
        return;
      }
    }
    this.reschedule(u);
  }

  /** PodUsageOwner: a reader looks at the pod: its lazy completion is settled if it would have run by now. */
  settle(u: PodUsage): void {
    this.lazy.settle(u);
  }

  /** PodProbeTarget: the prober looks at a probe in flight (its next tick, the container stopping). */
  settleProbe(p: LoadProbe): void {
    const u = p.lazyHolder as PodUsage | undefined;
    if (u !== undefined && u.lazySeq >= 0 && u.watchedProbe === p) this.lazy.settle(u);
  }

  /** Some Traffic's Service selects the pod (its labels, as the endpoints controller reads them). */
  private served(pod: PodObj): boolean {
    const { namespace, labels } = pod.metadata;
    for (const src of this.sources) {
      const spec = src.service.spec;
      if (spec.namespace === namespace && spec.selector !== undefined && spec.selector.matches(labels)) return true;
    }
    return false;
  }

  private createServer(u: PodUsage, cu: ContainerUsage, now: Micros): PodServer<Request | LoadProbe> {
    const s = cu.c.behavior.serving ?? this.options.defaultServing;
    const limit = cu.c.spec.limits.cpuMilli;
    const alloc = u.node.allocatableMilli;
    u.capMilli = limit > 0 && limit < alloc ? limit : alloc;
    u.serverBaseline = cu.ownMemory(now);
    const server = new PodServer<Request | LoadProbe>(
      {
        discipline: s.discipline,
        concurrency: s.concurrency,
        queueLimit: s.queueLimit,
        perRequestMilli: s.perRequestMilli,
        baselineMemoryBytes: u.serverBaseline,
        memoryLimitBytes: cu.limitBytes,
        // The container's idle CPU takes its share of the CPU the requests use (Behavior resources.cpuCompetes).
        backgroundMilli: cu.c.behavior.resources?.cpuCompetes === false ? 0 : cu.idleMilli,
      },
      u.capMilli,
      u,
      now,
    );
    u.server = server;
    u.node.add(u);
    return server;
  }

  /** After an arrival, completion or capacity change: the node sees the new claim, the pod's completion moves. */
  private serverChanged(u: PodUsage, now: Micros): void {
    this.bookClaim(u, now);
    this.reschedule(u);
  }

  /** serverChanged's first half: the node's books take the server's new claim. */
  private bookClaim(u: PodUsage, now: Micros): void {
    const d = u.server!.cpuDemandMilli;
    const claim = d < u.capMilli ? d : u.capMilli;
    if (claim !== u.claim) {
      const node = u.node;
      // The node's books change: with lazy completions on it, only a change that may rebalance (the node shared out,
      // or its sum going over the allocatable) needs them settled first (the sum is the same in any order).
      if (node.lazy.length > 0 && (node.oversubscribed || node.claimed + claim - u.claim > node.allocatableMilli)) {
        this.lazy.settleNode(node);
        node.claimChanged(u, claim, now);
        if (node.oversubscribed) this.lazy.materializeNode(node);
      } else node.claimChanged(u, claim, now);
    }
  }

  /** One completion event per pod, at the server's next completion time; moved only when that time moves. */
  private reschedule(u: PodUsage): void {
    if (u.lazySeq >= 0) this.lazy.detach(u);
    // The server changed: a watched probe may no longer be served before its deadline, so its timeout is armed.
    const watched = u.watchedProbe;
    if (watched !== undefined) {
      u.watchedProbe = undefined;
      this.kubelets.prober.armTimeout(watched);
    }
    const t = u.server === undefined ? NEVER : u.server.nextCompletionTime();
    if (u.detachedSeq >= 0) {
      // A lazy completion detached before its time: its reserved place if its time stays; else (below) a new seq at
      // its new time, as the postpone (or cancel and scheduleAt) of its event scheduled in that place would give.
      if (t === u.completionAt) return this.lazy.attach(u);
      u.detachedSeq = -1;
    }
    if (t === u.completionAt) return;
    // Later (a request joined the server): the pending event moves, as cancel + scheduleAt would, keeping its key.
    if (u.completionKey !== undefined && t !== NEVER && t > u.completionAt && this.ctx.clock.postpone(u.completionKey, t)) {
      u.completionAt = t;
      return;
    }
    if (u.completionKey !== undefined) this.ctx.clock.cancel(u.completionKey);
    u.completionAt = t;
    u.completionKey = t === NEVER ? undefined : this.ctx.clock.scheduleAt(t, this.completionType, u, Priority.TRAFFIC);
  }

  private completion(u: PodUsage): void {
    u.completionKey = undefined;
    this.completeAt(u, this.ctx.clock.now, true);
  }

  /**
   * The completion's work at `now` (its event's time, or a lazy completion's time when it is settled later).
   * `inEvent`: run by its own completion event (not settled later), so a request it leaves alone in the server may
   * have its completion reserved now, where the event's scheduleAt would take its seq (lazyAfterCompletion).
   */
  private completeAt(u: PodUsage, now: Micros, inEvent = false): void {
    // This completion's answers are answered[base…]: a lazy completion settled inside it (a reader, a node's books)
    // appends after them, tells its own and takes them off again.
    const base = this.answeredCount;
    u.completionAt = NEVER;
    const server = u.server!;
    server.complete(now);
    // A watched probe served now needs no timeout (the change below is its own leaving).
    if (u.watchedProbe !== undefined && this.answeredCount > base && this.answered.indexOf(u.watchedProbe, base) >= 0) u.watchedProbe = undefined;
    if (inEvent && this.lazyRequestsOn && server.inFlight === 1) this.lazyAfterCompletion(u, now);
    else this.serverChanged(u, now);
    if (u.drained !== undefined && u.server!.inFlight === 0) this.drainedNow(u);
    // Fluid mode: the probes' results, in their completion order, as their own KUBELET events at this instant would
    // have run them — right after this event (every event of this instant at KUBELET priority or before has run).
    const n = this.answeredCount;
    if (n > base) {
      const answered = this.answered;
      const prober = this.kubelets.prober;
      for (let i = base; i < n; i++) {
        const p = answered[i]!;
        answered[i] = undefined; // (no reference kept to a done probe)
        prober.served(p, true);
      }
      this.answeredCount = base;
    }
  }

  /** The kubelet's drain callback, from an event of our own (never inside the kubelet's call). */
  private drainedNow(u: PodUsage): void {
    const done = u.drained!;
    u.drained = undefined;
    this.ctx.clock.schedule(ZERO, this.drainedType, done, Priority.KUBELET);
  }

  // ContainerListener: the serving container exits once its in-flight requests are done.
  drain(c: ContainerRuntime, done: () => void): void {
    const u = this.pods.get(c.pod);
    if (u !== undefined && u.lazySeq >= 0) this.lazy.touch(u);
    if (u === undefined || u.serving?.c !== c || u.server === undefined || u.server.inFlight === 0) {
      this.ctx.clock.schedule(ZERO, this.drainedType, done, Priority.KUBELET);
      return;
    }
    u.drained = done;
  }

  /**
   * The client learns an attempt's outcome once; later news of the same attempt (a completion after its timeout) is
   * dropped. A failed attempt is retried when the policy covers its outcome, attempts remain and the budget allows;
   * otherwise its outcome is the request's client-visible outcome (and a closed-loop client thinks, then sends again).
   */
  private finish(req: Request, outcome: RequestOutcome, now: Micros): void {
    if (req.done) return;
    req.done = true;
    const src = req.source;
    const svc = src.service;
    let final = true;
    if (outcome !== 'success') {
      svc.stats.attemptFailed();
      const retry = src.retry;
      if (retry !== undefined && req.attempt < retry.attempts && retry.retries(outcome)) {
        if (retry.budget === undefined || retry.budget.tryWithdraw(now)) {
          final = false;
          req.retrying = true;
          this.ctx.clock.scheduleAt(addMicros(now, retry.backoff(req.attempt)), this.retryType, req, Priority.TRAFFIC);
        } else svc.stats.retryRefused();
      }
    }
    if (final) {
      if (outcome === 'success') svc.stats.succeeded(subMicros(now, req.first));
      else svc.stats.errored(outcome);
      if (src.think !== undefined) this.ctx.clock.scheduleAt(addMicros(now, src.think()), this.clientSendType, this.closedClients.get(src)![req.client], Priority.TRAFFIC);
    }
    const every = this.options.traceRequestsEvery;
    if (every !== 0 && req.id % every === 0) {
      this.options.recorder.request?.({
        time: now,
        namespace: svc.spec.namespace,
        service: svc.spec.name,
        traffic: src.spec.name,
        client: req.client,
        pod: req.pod === undefined ? '' : req.pod.metadata.name,
        latency: subMicros(now, req.arrival),
        outcome,
        sent: req.arrival,
        // Queueing until service started (or until the outcome, if it never did), then service until the outcome.
        wait: subMicros(req.startedAt <= now ? req.startedAt : now, req.arrival),
        serviceTime: req.startedAt <= now ? subMicros(now, req.startedAt) : ZERO,
        request: req.id,
        attempt: req.attempt,
        final,
      });
    }
    // The outcome was the last thing the record was kept for: back to the pool.
    if (!req.inServer && !req.retrying) this.spare.push(req);
  }

  // PodUsageOwner
  completed(req: Request | LoadProbe, now: Micros): void {
    if (req instanceof LoadProbe) {
      if (this.probesOnly) this.answered[this.answeredCount++] = req;
      else this.kubelets.prober.served(req, false);
    }
    else this.leftServer(req, 'success', now);
  }
  failed(req: Request | LoadProbe, now: Micros): void {
    // A probe in flight when the container dies: the kubelet forgets it when it sees the container stop.
    if (!(req instanceof LoadProbe)) this.leftServer(req, 'failed', now);
  }

  /** The pod's server is done with an attempt: its outcome, unless the client already has one (then the pool may take it). */
  private leftServer(req: Request, outcome: 'success' | 'failed', now: Micros): void {
    req.inServer = false;
    if (!req.done) this.finish(req, outcome, now);
    else if (!req.retrying) this.spare.push(req);
  }
  memoryLimitExceeded(u: PodUsage): void {
    if (u.serving !== undefined) this.oomKill(u.serving);
  }

  // ------------------------------------------------------------------ client timeouts

  /** Deadlines of one Traffic come in arrival order, so one timer at the oldest pending deadline suffices. */
  private watch(req: Request): void {
    const src = req.source;
    src.watch(req);
    if (src.timer === undefined) src.timer = this.ctx.clock.scheduleAt(req.deadline, this.timeoutType, src, Priority.TRAFFIC);
  }

  private timeouts(src: TrafficSource): void {
    src.timer = undefined;
    const now = this.ctx.clock.now;
    for (let req = src.peek(); req !== undefined; req = src.peek()) {
      // A lone request's completion without an event (lazyRequest) that has run by now: its outcome first.
      if (!req.done && req.inServer && this.lazy.pending > 0) {
        const u = this.pods.get(req.pod!);
        if (u !== undefined && u.lazySeq >= 0) this.settle(u);
      }
      if (!req.done && req.deadline > now) {
        src.timer = this.ctx.clock.scheduleAt(req.deadline, this.timeoutType, src, Priority.TRAFFIC);
        return;
      }
      src.pop();
      // The client gives up; the pod keeps working on the request (nothing cancels it) until it completes or dies.
      if (!req.done) this.finish(req, 'timeout', now);
    }
  }

  // ------------------------------------------------------------------ containers (kubelet listener)

  containerStarted(c: ContainerRuntime): void {
    if (c.isInit) return;
    const now = this.ctx.clock.now;
    const pod = c.pod;
    let u = this.pods.get(pod);
    if (u === undefined) {
      u = new PodUsage(pod, this.nodeCpu(pod.spec.nodeName!), this, now);
      this.pods.set(pod, u);
    }
    const r = c.behavior.resources;
    const limit = c.spec.limits.memoryBytes;
    const cu = new ContainerUsage(c, c.instance, now, r?.cpuMilli ?? 0, r?.memoryBytes ?? 0, r?.memoryLeak, limit > 0 ? limit : INFINITY);
    // a new list of exact length (see PodUsage.containers)
    u.containers = u.containers.length === 0 ? [cu] : u.containers.concat(cu);
    if (c.index === 0) u.serving = cu;
    if (cu.baselineBytes > cu.limitBytes) this.oomKill(cu);
    else if (cu.leak !== undefined) this.armLeak(cu, now);
  }

  containerStopped(c: ContainerRuntime): void {
    const u = this.pods.get(c.pod);
    if (u === undefined) return;
    const i = u.containers.findIndex((cu) => cu.c === c);
    if (i < 0) return;
    const now = this.ctx.clock.now;
    const cu = u.containers[i];
    u.containers = u.containers.length === 1 ? [] : u.containers.filter((_, k) => k !== i);
    u.pastUsage += cu.idleUsage(now);
    if (cu.leakTimer !== undefined) this.ctx.clock.cancel(cu.leakTimer);
    cu.leakTimer = undefined;
    if (u.serving !== cu) return;
    if (u.lazySeq >= 0) this.settle(u);
    u.serving = undefined;
    u.drained = undefined;
    if (u.fluid !== undefined) {
      u.pastUsage += u.fluid.usageIntegral(now);
      this.fluid.containerStopped(u, now);
      u.fluid = undefined;
    }
    const server = u.server;
    if (server === undefined) return;
    u.pastUsage += server.usageIntegral(now) - server.backgroundShortfall(now);
    u.server = undefined;
    u.serverBaseline = 0;
    this.reschedule(u);
    if (u.node.lazy.length > 0 && u.node.oversubscribed) this.lazy.settleNode(u.node); // (else remove does not rebalance)
    u.node.remove(u, now);
    if (u.node.oversubscribed && u.node.lazy.length > 0) this.lazy.materializeNode(u.node);
    server.failAll(now);
  }

  private nodeCpu(name: string): NodeCpu {
    let n = this.nodes.get(name);
    if (n === undefined) {
      n = new NodeCpu(this.ctx.store.getNode(name)!.status.allocatable.cpuMilli, this.moved);
      this.nodes.set(name, n);
    }
    return n;
  }

  // ------------------------------------------------------------------ memory: leaks and OOM kills

  /** Hands the serving container's current baseline + leak to its server (which reports a crossing). */
  private applyLeak(u: PodUsage, cu: ContainerUsage, now: Micros): void {
    const b = cu.ownMemory(now);
    if (b === u.serverBaseline) return;
    u.serverBaseline = b;
    u.server!.setBaselineMemory(b, now);
  }

  /** Schedules the check at the instant the leak crosses the limit, given the requests in flight now. */
  private armLeak(cu: ContainerUsage, now: Micros): void {
    if (cu.leakTimer !== undefined) this.ctx.clock.cancel(cu.leakTimer);
    cu.leakTimer = undefined;
    if (cu.oomPending || cu.limitBytes === INFINITY) return;
    const u = this.pods.get(cu.c.pod)!;
    const inFlight = u.serving === cu ? u.requestMemory : 0;
    const at = addMicros(cu.start, leakCrossing(cu.leak!, cu.limitBytes - cu.baselineBytes - inFlight));
    cu.leakTimer = this.ctx.clock.scheduleAt(at > now ? at : now, this.leakType, cu, Priority.TRAFFIC);
  }

  private leakCheck(cu: ContainerUsage): void {
    cu.leakTimer = undefined;
    const u = this.pods.get(cu.c.pod);
    if (u === undefined || !u.containers.includes(cu)) return;
    const now = this.ctx.clock.now;
    if (u.serving === cu && u.server !== undefined) this.applyLeak(u, cu, now);
    const memory = cu.ownMemory(now) + (u.serving === cu ? u.requestMemory : 0);
    if (memory > cu.limitBytes) this.oomKill(cu);
    else this.armLeak(cu, now); // requests completed meanwhile: the crossing is later
  }

  /** The kernel's OOM killer: the kubelet sees the container exit with 137 `OOMKilled` at this same instant. */
  private oomKill(cu: ContainerUsage): void {
    if (cu.oomPending) return;
    cu.oomPending = true;
    // An event, not a call: the kill must not run inside the kubelet's or the server's own callbacks.
    this.ctx.clock.schedule(ZERO, this.oomType, cu, Priority.KUBELET);
  }

  private oomKillNow(cu: ContainerUsage): void {
    const c = cu.c;
    if (c.instance !== cu.instance || c.status.state?.kind !== 'running') return;
    this.kubelets.killNow(c, 137, 'OOMKilled');
  }
}

