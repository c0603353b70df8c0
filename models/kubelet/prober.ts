/**
 * The kubelet's prober (pkg/kubelet/prober): one worker per (pod, container, probe type) created when the pod is
 * added, ticking every period from its creation; consecutive-result counters checked against the thresholds; a
 * results cache that reports only changes; liveness/startup workers "on hold" after a failure until a new container
 * appears. Whether a probe succeeds comes from the pod's Behavior (a timeline since container start), or, where its
 * step says `fromLoad` (the default where no step applies), from the pod itself: the probe is sent into the serving
 * container through a PodProbeTarget (the traffic model) and succeeds when it is served before `timeoutSeconds`.
 *
 * Ticks that cannot change anything are not scheduled: while the container is not running, while it is gated by
 * the startup probe or on hold, and while a steady Success would only repeat itself (successes emit no Event and
 * reset nothing that matters), the worker sleeps until the next tick at which something can differ.
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { addMicros, maxMicros, scaleMicros, subMicros, toSeconds, ZERO, type Micros } from '../../engine/time';
import type { EventKey } from '../../engine/simulator';
import type { ProbeStep } from '../behaviors';
import type { ProbeHandler, ProbeType, ResolvedProbe } from '../cluster/spec';
import type { SimContext } from '../context';
import type { ContainerRuntime, PodRuntime } from './runtime';
import { DEFAULT_PROBE_CPU, DEFAULT_PROBE_RESULT } from './config';
import { TickBatches, type Batch, type Batchable } from './tickBatches';

/** One probe worker (worker.go): its ticker, consecutive-result counters and cached result. */
export interface ProbeWorkerState extends Batchable {
  readonly type: 'liveness' | 'readiness' | 'startup';
  /** The worker's ticker origin (its creation); ticks fall at origin + k·period. */
  readonly origin: Micros;
  /** Cached result: initial readiness Failure, liveness Success, startup Unknown. */
  result: 'Success' | 'Failure' | 'Unknown';
  lastResult: 'Success' | 'Failure' | 'Unknown';
  resultRun: number;
  onHold: boolean;
  /** Container instance the worker last saw. */
  instance: number;
  readonly container: ContainerRuntime;
  readonly spec: ResolvedProbe;
  /** The container's Behavior for this probe type, read once (a container's Behavior never changes). */
  readonly steps: readonly ProbeStep[] | undefined;
  readonly otherwise: 'fromLoad' | 'success';
  /** CPU work of a probe sent through the pod, millicore-µs. */
  readonly work: number;
  /** Its next tick (Batchable: waiting in a batch of ticks at one instant, or its own event when unbatched). */
  batch: Batch | undefined;
  batchSeq: number;
  batchKey: EventKey | undefined;
  /** The probe sent through the pod and not yet answered (ticks while it is in flight are skipped). */
  inFlight?: LoadProbe;
  /** The worker's last probe answered by its completion, which nothing holds any more: its next probe's record. */
  spare?: LoadProbe;
}

/**
 * One probe sent through the pod: answered by its completion or by its timeout, whichever comes first. It is also
 * the request the pod's server serves (work, memoryBytes, startedAt: the traffic model's ServedRequest), so a probe
 * through the pod is one object: no separate request record, no callback closure. A probe answered by its completion
 * is its worker's next probe (reset): the server has let go of it by then (it tells the completion last), its
 * timeout event is cancelled, and the traffic model's references to it are cleared with its completion. A probe that
 * timed out, was refused or forgotten may still sit in a server or an event: it is never reused.
 */
export class LoadProbe {
  /** A probe holds no memory of its own. */
  readonly memoryBytes = 0;
  /** Set by the pod's server when the probe enters service, µs. */
  startedAt = 0;
  /** The pending timeout event, once scheduled. */
  timeout: EventKey | undefined = undefined;
  /** The timeout's place in the event order (Simulator.reserve) when the target watches the probe ('watched'). */
  timeoutSeq = -1;
  /** The target's record of where the probe is served without a completion event (settleProbe's lookup), if any. */
  lazyHolder: object | undefined = undefined;

  constructor(
    readonly w: ProbeWorkerState,
    public instance: number,
    /** The Behavior step's output for a failure, if it gives one (else the handler's own wording). */
    public output: string | undefined,
    /** CPU work in millicore-µs (= CPU ns). */
    public work: number,
    /** When the kubelet gives up: the tick plus timeoutSeconds (worker.go: the probe's context deadline). */
    public deadline: Micros,
  ) {}

  /** The record as `new LoadProbe(this.w, instance, output, work, deadline)` would be. */
  reset(instance: number, output: string | undefined, work: number, deadline: Micros): this {
    this.startedAt = 0;
    this.timeout = undefined;
    this.timeoutSeq = -1;
    this.lazyHolder = undefined;
    this.instance = instance;
    this.output = output;
    this.work = work;
    this.deadline = deadline;
    return this;
  }
}

/**
 * Where the kubelet's probes reach the pod when their result comes from the load (the traffic model). The target
 * tells the answer with Prober.served and, for a watched probe, arms its timeout with Prober.armTimeout.
 */
export interface PodProbeTarget {
  /**
   * Sends probe `p` into container `c` now. `unserved`: the container serves no Service's Traffic, so nothing is
   * sent (the probe succeeds, as before issue #12); `rejected`: the pod refused it at once (a full queue: a 503);
   * `sent`: Prober.served is called once the pod has served it (never if the container dies first), and the prober
   * schedules the timeout now; `watched`: the same, but the pod will serve it strictly before its deadline unless
   * something changes in the pod's server, so the prober only reserves the timeout's place in the event order and
   * the target calls Prober.armTimeout(p) when something does change before it is served (always before the
   * deadline): the timeout event exists only when it can fire.
   */
  sendProbe(c: ContainerRuntime, handler: ProbeHandler, p: LoadProbe): 'sent' | 'watched' | 'rejected' | 'unserved';
  /**
   * The prober is about to look at probe `p`, still in flight: a target that serves probes without a completion
   * event (issue #13's lazy completions) tells its answer now if it would have been told by now.
   */
  settleProbe(p: LoadProbe): void;
}

/** A container's workers by probe type (prober_manager.go keys them by pod UID, container name and probe type). */
interface ContainerWorkers {
  startup?: ProbeWorkerState;
  liveness?: ProbeWorkerState;
  readiness?: ProbeWorkerState;
  /** The same, in startup, liveness, readiness order. */
  all: readonly ProbeWorkerState[];
}

/** What the prober tells the kubelet: a probe's cached result changed. */
export interface ProbeResultSink {
  probeResultChanged(w: ProbeWorkerState): void;
}

const PROBE_LABEL: Record<ProbeType, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

const NONE: readonly ProbeWorkerState[] = [];

export class Prober {
  /** Internal (tests): false gives every probe through the pod a new record (the reference reused ones must equal). */
  static reuseProbes = true;
  /** The workers, keyed by the container (its pod and name) and then by probe type, as prober_manager.go keeps them. */
  private readonly workers = new Map<ContainerRuntime, ContainerWorkers>();
  /**
   * The workers' next ticks: those due at one instant run from one event, each in its own event's place (issue #13:
   * a ReplicaSet's pods are admitted together, so their workers tick together).
   */
  private readonly ticks: TickBatches<ProbeWorkerState>;
  private readonly resultType: EventType<{ readonly w: ProbeWorkerState; readonly instance: number; readonly output: string }>;
  /** A probe through the pod was served (request mode: told in an event of its own at the completion instant). */
  private readonly servedType: EventType<LoadProbe>;
  /** A probe through the pod was refused at once (a full queue: a 503). */
  private readonly refusedType: EventType<{ readonly p: LoadProbe; readonly output: string }>;
  /** A probe through the pod timed out; its output (the step's, else the handler's timeout text) is worded then. */
  private readonly timeoutType: EventType<LoadProbe>;
  /** Where `fromLoad` probes go; undefined (no Traffic in the scenario): every container is unserved. */
  private target: PodProbeTarget | undefined = undefined;

  constructor(
    private readonly ctx: SimContext,
    private readonly sink: ProbeResultSink,
    /** Internal (tests): false gives every tick an event of its own (the reference the batched ticks must equal). */
    batchTicks = true,
  ) {
    this.ticks = new TickBatches(ctx.clock, 'kubelet/probe-tick', Priority.KUBELET, (w) => this.tick(w), batchTicks);
    this.resultType = ctx.clock.register('kubelet/probe-timeout', ({ w, instance, output }) => {
      if (w.instance === instance && !w.onHold) this.record(w, 'Failure', output);
    });
    this.servedType = ctx.clock.register('kubelet/probe-result', (p) => this.loadResult(p, true, ''));
    this.refusedType = ctx.clock.register('kubelet/probe-refused', ({ p, output }) => this.loadResult(p, false, output));
    this.timeoutType = ctx.clock.register('kubelet/probe-load-timeout', (p) => this.loadResult(p, false, p.output ?? timeoutOutput(p.w)));
  }

  /** The traffic model takes the probes whose result comes from the load. */
  setTarget(target: PodProbeTarget): void {
    this.target = target;
  }

  /** The container's workers, in startup, liveness, readiness order. */
  private of(c: ContainerRuntime): readonly ProbeWorkerState[] {
    return this.workers.get(c)?.all ?? NONE;
  }

  /**
   * The readiness worker's cached result for the container's current instance, or undefined when the container has no
   * readiness probe. A new container instance starts not ready (the worker's initial readiness result is Failure)
   * until its own probes succeed: a result cached for the previous instance never carries over.
   */
  readinessResult(c: ContainerRuntime): 'Success' | 'Failure' | 'Unknown' | undefined {
    const w = this.workers.get(c)?.readiness;
    if (w === undefined) return undefined;
    return w.instance === c.instance ? w.result : initialResult('readiness');
  }

  /** AddPod: creates the workers of every container with probes; their tickers start now. */
  addPod(rt: PodRuntime): void {
    const now = this.ctx.clock.now;
    for (const c of [...rt.initContainers, ...rt.containers]) {
      const add = (type: ProbeType, spec: ContainerRuntime['spec']['livenessProbe']) => {
        if (!spec) return;
        let cw = this.workers.get(c);
        if (cw === undefined) {
          // Every field set at creation (one object shape, no property array added later).
          cw = { startup: undefined, liveness: undefined, readiness: undefined, all: NONE };
          this.workers.set(c, cw);
        }
        const w: ProbeWorkerState = {
          type,
          origin: now,
          result: initialResult(type),
          lastResult: 'Unknown',
          resultRun: 0,
          onHold: false,
          instance: 0,
          container: c,
          spec,
          steps: c.behavior.probes?.[type],
          otherwise: c.behavior.probeDefault ?? DEFAULT_PROBE_RESULT,
          work: (c.behavior.probeCpu ?? DEFAULT_PROBE_CPU) * 1000,
          // Set here though empty, so every worker keeps one object shape (fields added later would give workers
          // several shapes, and every read of a worker would have to tell them apart).
          batch: undefined,
          batchSeq: -1,
          batchKey: undefined,
          inFlight: undefined,
          spare: undefined,
        };
        cw[type] = w;
        // A copy of exact length rather than a push or a spread (both leave room for about 16): one list per probed
        // container. concat() allocates exactly the result's length.
        cw.all = cw.all.concat([w]);
      };
      // Regular init containers run to completion and are not probed; sidecars and app containers are.
      if (c.isInit && c.spec.restartPolicy !== 'Always') continue;
      add('startup', c.spec.startupProbe);
      add('liveness', c.spec.livenessProbe);
      add('readiness', c.spec.readinessProbe);
    }
  }

  /** RemovePod: the pod left the API; its workers stop for good. */
  removePod(rt: PodRuntime): void {
    for (const c of [...rt.initContainers, ...rt.containers]) {
      for (const w of this.of(c)) {
        this.sleep(w);
        this.forget(w);
      }
      this.workers.delete(c);
    }
  }

  /** A new container instance is running: reset the workers (new container ID) and wake them. */
  containerStarted(c: ContainerRuntime): void {
    for (const w of this.of(c)) {
      w.instance = c.instance;
      w.result = initialResult(w.type);
      w.lastResult = 'Unknown';
      w.resultRun = 0;
      w.onHold = false;
      this.wake(w, false);
    }
  }

  /** The startup probe succeeded: liveness and readiness begin on their next ticks. */
  containerStartedUp(c: ContainerRuntime): void {
    for (const w of this.of(c)) if (w.type !== 'startup') this.wake(w, true);
  }

  /** The container stopped (or the pod is going away): its workers sleep until a new instance starts. */
  containerStopped(c: ContainerRuntime): void {
    for (const w of this.of(c)) {
      this.sleep(w);
      this.forget(w);
    }
  }

  /** A probe in flight through a container that stopped: nobody answers it (its timeout is cancelled too). */
  private forget(w: ProbeWorkerState): void {
    let p = w.inFlight;
    if (p === undefined) return;
    this.target?.settleProbe(p);
    p = w.inFlight;
    if (p === undefined) return;
    w.inFlight = undefined;
    if (p.timeout !== undefined) this.ctx.clock.cancel(p.timeout);
    p.timeout = undefined;
  }

  private sleep(w: ProbeWorkerState): void {
    this.ticks.cancel(w);
  }

  /** Schedules the worker's next tick at or after `from` (strictly after now when `afterNow`). */
  private wake(w: ProbeWorkerState, afterNow: boolean, from?: Micros): void {
    this.sleep(w);
    const now = this.ctx.clock.now;
    const at = nextTick(w.origin, w.spec.period, maxMicros(from ?? now, now), afterNow && (from ?? now) <= now);
    this.ticks.schedule(at, w);
  }

  /**
   * From inside the worker's tick at `now`: its very next tick, now + period. A tick always falls on the worker's grid
   * (wake schedules origin + k·period), so this is wake(w, true)'s nextTick without its division, and the worker has
   * no pending tick (its own just ran; anything that woke it since went through wake, which cancels first).
   */
  private tickAgain(w: ProbeWorkerState, now: Micros): void {
    this.ticks.cancel(w);
    this.ticks.schedule(addMicros(now, w.spec.period), w);
  }

  /** worker.go doProbe, once per tick. */
  private tick(w: ProbeWorkerState): void {
    const c = w.container;
    const state = c.status.state;
    if (state?.kind !== 'running' || c.stopping || w.onHold || c.pod.metadata.deletionTimestamp !== undefined) return;
    const now = this.ctx.clock.now;
    // Initial delay: skipped while int(seconds since StartedAt) < initialDelaySeconds (whole seconds in the API).
    const readyAt = addMicros(state.startedAt, w.spec.initialDelay);
    if (now < readyAt) {
      this.wake(w, false, readyAt);
      return;
    }
    // Startup gating: liveness/readiness wait for `started`; the startup worker stops once started.
    if (w.type === 'startup' ? c.status.started : !c.status.started) return;

    const since = subMicros(now, state.startedAt);
    let step = stepAt(w.steps, since, w.otherwise);
    if (step.result === 'fromLoad') {
      if (w.inFlight !== undefined) this.target?.settleProbe(w.inFlight);
      if (w.inFlight !== undefined) {
        // The previous probe is still waiting in the pod: the worker is blocked in doProbe, this tick is dropped.
        this.tickAgain(w, now);
        return;
      }
      if (this.sendThroughPod(w, now, step.output)) {
        this.tickAgain(w, now);
        return;
      }
      step = SUCCESS_STEP; // the container serves no traffic: nothing to feel the load of
    }
    if (step.result === 'timeout') {
      // The probe hangs: the kubelet sees the failure timeoutSeconds later.
      const output = step.output ?? timeoutOutput(w);
      this.ctx.clock.schedule(w.spec.timeout, this.resultType, { w, instance: w.instance, output }, Priority.KUBELET);
    } else {
      this.record(w, step.result === 'success' ? 'Success' : 'Failure', step.output ?? failureOutput(w));
    }
    if (w.onHold || c.status.state?.kind !== 'running' || c.stopping) return;
    // Next tick: the very next one, unless a steady Success can only repeat until the next step of the behaviour.
    if (step.result === 'success' && w.result === 'Success') {
      const boundary = nextBoundary(w.steps, since, w.otherwise, this.target !== undefined);
      if (boundary === undefined) return; // success forever: nothing left to observe
      this.wake(w, true, addMicros(state.startedAt, boundary));
    } else this.tickAgain(w, now);
  }

  /**
   * Sends the probe into the pod (PodProbeTarget): its answer or its timeout, `timeoutSeconds` after the tick
   * (worker.go: the probe's context deadline), records the result. At the same instant the timeout comes first: a
   * probe must finish strictly within timeoutSeconds. False when the container serves no traffic.
   */
  private sendThroughPod(w: ProbeWorkerState, now: Micros, output: string | undefined): boolean {
    if (this.target === undefined) return false;
    const deadline = addMicros(now, w.spec.timeout);
    const spare = w.spare;
    let p: LoadProbe;
    if (spare !== undefined && Prober.reuseProbes) {
      w.spare = undefined;
      p = spare.reset(w.instance, output, w.work, deadline);
    } else p = new LoadProbe(w, w.instance, output, w.work, deadline);
    const sent = this.target.sendProbe(w.container, w.spec.handler, p);
    if (sent === 'unserved') return false;
    w.inFlight = p;
    if (sent === 'rejected') this.ctx.clock.schedule(ZERO, this.refusedType, { p, output: output ?? failureOutput(w, 503) }, Priority.KUBELET);
    // The timeout's place in the order is taken here either way (its seq follows everything sendProbe scheduled), so
    // the run is the same whether it is scheduled now or armed later; a watched probe served in time never has one.
    else if (sent === 'watched') p.timeoutSeq = this.ctx.clock.reserve();
    else p.timeout = this.ctx.clock.scheduleAt(p.deadline, this.timeoutType, p, Priority.KUBELET);
    return true;
  }

  /**
   * PodProbeTarget: the pod served probe `p` (now). From inside the server: an event, not a call (the kubelet must
   * not act inside the server). `direct` (fluid mode, where the target calls once its completion event is otherwise
   * done, so this event would be the very next one): the result now, one event fewer per probe.
   */
  served(p: LoadProbe, direct: boolean): void {
    if (direct) this.loadResult(p, true, '');
    else this.ctx.clock.schedule(ZERO, this.servedType, p, Priority.KUBELET);
  }

  /**
   * PodProbeTarget: the server of a watched probe changed before serving it; its timeout is scheduled in the place
   * reserved at the send (nothing when it was answered or forgotten meanwhile, or is already armed).
   */
  armTimeout(p: LoadProbe): void {
    if (p.w.inFlight !== p || p.timeout !== undefined || p.timeoutSeq < 0) return;
    p.timeout = this.ctx.clock.scheduleReserved(p.deadline, this.timeoutType, p, Priority.KUBELET, p.timeoutSeq);
  }

  /** The first answer of a probe sent through the pod: its completion, its timeout, or a refusal. */
  private loadResult(p: LoadProbe, ok: boolean, output: string): void {
    const w = p.w;
    if (w.inFlight !== p) return; // already answered (a completion after the timeout) or forgotten
    w.inFlight = undefined;
    if (p.timeout !== undefined && ok) this.ctx.clock.cancel(p.timeout);
    p.timeout = undefined;
    if (ok) w.spare = p; // served: nothing holds it any more (see LoadProbe)
    if (w.instance !== p.instance || w.onHold) return;
    this.record(w, ok ? 'Success' : 'Failure', output);
  }

  /**
   * A Success of worker `w` now would only count (no Event, no change of its result, nothing published): its last
   * result and its published result are both Success and it is not on hold. Such an answer may be told later in the
   * same order (the traffic model's lazy completions), as nothing reads the count in between.
   */
  successChangesNothing(w: ProbeWorkerState, instance: number): boolean {
    return w.lastResult === 'Success' && w.result === 'Success' && !w.onHold && w.instance === instance;
  }

  /** Counts a result and publishes the cached result when a threshold is reached (worker.go). */
  private record(w: ProbeWorkerState, result: 'Success' | 'Failure', output: string): void {
    const c = w.container;
    if (result === 'Failure') {
      this.ctx.events.emit('Warning', 'Unhealthy', `${PROBE_LABEL[w.type]} probe failed: ${output}`, containerRef(c), 'kubelet', c.pod.spec.nodeName);
    }
    if (w.lastResult === result) w.resultRun++;
    else {
      w.lastResult = result;
      w.resultRun = 1;
    }
    if ((result === 'Failure' && w.resultRun < w.spec.failureThreshold) || (result === 'Success' && w.resultRun < w.spec.successThreshold)) {
      return;
    }
    const changed = w.result !== result;
    w.result = result;
    if (result === 'Failure' && w.type !== 'readiness') {
      // Liveness/startup failure: stop probing until the container is restarted (worker.go onHold).
      w.onHold = true;
      w.resultRun = 0;
      this.sleep(w);
    }
    if (changed || (result === 'Failure' && w.type !== 'readiness')) this.sink.probeResultChanged(w);
  }
}

export function containerRef(c: ContainerRuntime) {
  const m = c.pod.metadata;
  return {
    kind: 'Pod',
    namespace: m.namespace,
    name: m.name,
    uid: m.uid,
    fieldPath: fieldPath(c.isInit, c.spec.name),
  };
}

/** `spec.containers{app}`: one string per container name, made once (every container event carries it). */
function fieldPath(isInit: boolean, name: string): string {
  const paths = isInit ? INIT_FIELD_PATHS : FIELD_PATHS;
  let p = paths.get(name);
  if (p === undefined) {
    p = `${isInit ? 'spec.initContainers' : 'spec.containers'}{${name}}`;
    paths.set(name, p);
  }
  return p;
}
const FIELD_PATHS = new Map<string, string>();
const INIT_FIELD_PATHS = new Map<string, string>();

function initialResult(type: ProbeType): 'Success' | 'Failure' | 'Unknown' {
  return type === 'readiness' ? 'Failure' : type === 'liveness' ? 'Success' : 'Unknown';
}

/** First tick origin + k·period that is ≥ t (or > t when `strict`). */
export function nextTick(origin: Micros, period: Micros, t: Micros, strict: boolean): Micros {
  const k = Math.max(0, Math.ceil((t - origin) / period));
  let at = addMicros(origin, scaleMicros(period, k));
  if (at < t) at = addMicros(at, period);
  if (strict && at <= t) at = addMicros(at, period);
  return at;
}

const SUCCESS_STEP: ProbeStep = { from: ZERO, result: 'success' };

const FROM_LOAD_STEP: ProbeStep = { from: ZERO, result: 'fromLoad' };

/**
 * The behaviour's result at `since` µs after container start: the last step with from ≤ since; before any step,
 * the Behavior's probes.default (`fromLoad` unless it says `success`).
 */
export function stepAt(steps: readonly ProbeStep[] | undefined, since: Micros, otherwise: 'fromLoad' | 'success' = 'success'): ProbeStep {
  let cur = otherwise === 'fromLoad' ? FROM_LOAD_STEP : SUCCESS_STEP;
  if (steps) for (const s of steps) if (s.from <= since) cur = s;
  return cur;
}

/**
 * The next time a steady success can change: the next step, or at once when the result comes from the load (a
 * `fromLoad` step or default while some container may be served; it never sleeps then).
 */
function nextBoundary(steps: readonly ProbeStep[] | undefined, since: Micros, otherwise: 'fromLoad' | 'success', target: boolean): Micros | undefined {
  const cur = stepAt(steps, since, otherwise);
  if (target && cur.result === 'fromLoad') return since;
  if (steps) for (const s of steps) if (s.from > since) return s.from;
  return undefined;
}

// Probe outputs as the kubelet's probers word them (pkg/probe/http, tcp, exec, grpc); the target is the probe's
// own description since k8sim does not model pod IPs. A scripted failure is the server's 500; a probe the pod refused
// at once (its queue is full) is its 503 — only HTTP tells the two apart.
function failureOutput(w: ProbeWorkerState, httpStatus: 500 | 503 = 500): string {
  switch (w.spec.handler) {
    case 'httpGet':
      return `HTTP probe failed with statuscode: ${httpStatus}`;
    case 'tcpSocket':
      return `dial tcp ${w.spec.target}: connect: connection refused`;
    case 'grpc':
      return 'service unhealthy (responded with "NOT_SERVING")';
    case 'exec':
      return `command ${JSON.stringify(w.spec.target)} exited with 1`;
  }
}

function timeoutOutput(w: ProbeWorkerState): string {
  switch (w.spec.handler) {
    case 'httpGet':
      return `Get "${w.spec.target}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
    case 'tcpSocket':
      return `dial tcp ${w.spec.target}: i/o timeout`;
    case 'grpc':
      return `timeout: health rpc did not complete within ${Math.round(toSeconds(w.spec.timeout))}s`;
    case 'exec':
      return `command timed out: ${JSON.stringify(w.spec.target)} timed out after ${Math.round(toSeconds(w.spec.timeout))}s`;
  }
}
