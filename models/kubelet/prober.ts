/**
 * The kubelet's prober (pkg/kubelet/prober): one worker per (pod, container, probe type) created when the pod is
 * added, ticking every period from its creation; consecutive-result counters checked against the thresholds; a
 * results cache that reports only changes; liveness/startup workers "on hold" after a failure until a new container
 * appears. Whether a probe succeeds comes from the pod's Behavior (a timeline since container start).
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
import type { ProbeType, ResolvedProbe } from '../cluster/spec';
import type { SimContext } from '../context';
import type { ContainerRuntime, PodRuntime } from './runtime';

/** One probe worker (worker.go): its ticker, consecutive-result counters and cached result. */
export interface ProbeWorkerState {
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
  timer?: EventKey;
}

/** A container's workers by probe type (prober_manager.go keys them by pod UID, container name and probe type). */
interface ContainerWorkers {
  startup?: ProbeWorkerState;
  liveness?: ProbeWorkerState;
  readiness?: ProbeWorkerState;
  /** The same, in startup, liveness, readiness order. */
  readonly all: ProbeWorkerState[];
}

/** What the prober tells the kubelet: a probe's cached result changed. */
export interface ProbeResultSink {
  probeResultChanged(w: ProbeWorkerState): void;
}

const PROBE_LABEL: Record<ProbeType, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

const NONE: readonly ProbeWorkerState[] = [];

export class Prober {
  /** The workers, keyed by the container (its pod and name) and then by probe type, as prober_manager.go keeps them. */
  private readonly workers = new Map<ContainerRuntime, ContainerWorkers>();
  private readonly tickType: EventType<ProbeWorkerState>;
  private readonly resultType: EventType<{ readonly w: ProbeWorkerState; readonly instance: number; readonly output: string }>;

  constructor(
    private readonly ctx: SimContext,
    private readonly sink: ProbeResultSink,
  ) {
    this.tickType = ctx.clock.register('kubelet/probe-tick', (w) => this.tick(w));
    this.resultType = ctx.clock.register('kubelet/probe-timeout', ({ w, instance, output }) => {
      if (w.instance === instance && !w.onHold) this.record(w, 'Failure', output);
    });
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
          cw = { all: [] };
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
        };
        cw[type] = w;
        cw.all.push(w);
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
      for (const w of this.of(c)) this.sleep(w);
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
    for (const w of this.of(c)) this.sleep(w);
  }

  private sleep(w: ProbeWorkerState): void {
    if (w.timer !== undefined) this.ctx.clock.cancel(w.timer);
    w.timer = undefined;
  }

  /** Schedules the worker's next tick at or after `from` (strictly after now when `afterNow`). */
  private wake(w: ProbeWorkerState, afterNow: boolean, from?: Micros): void {
    this.sleep(w);
    const now = this.ctx.clock.now;
    const at = nextTick(w.origin, w.spec.period, maxMicros(from ?? now, now), afterNow && (from ?? now) <= now);
    w.timer = this.ctx.clock.scheduleAt(at, this.tickType, w, Priority.KUBELET);
  }

  /** worker.go doProbe, once per tick. */
  private tick(w: ProbeWorkerState): void {
    w.timer = undefined;
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
    const step = stepAt(c.behavior.probes?.[w.type], since);
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
      const boundary = nextBoundary(c.behavior.probes?.[w.type], since);
      if (boundary === undefined) return; // success forever: nothing left to observe
      this.wake(w, true, addMicros(state.startedAt, boundary));
    } else this.wake(w, true);
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
    fieldPath: `${c.isInit ? 'spec.initContainers' : 'spec.containers'}{${c.spec.name}}`,
  };
}

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

/** The behaviour's result at `since` µs after container start: the last step with from ≤ since (success before any). */
export function stepAt(steps: readonly ProbeStep[] | undefined, since: Micros): ProbeStep {
  let cur = SUCCESS_STEP;
  if (steps) for (const s of steps) if (s.from <= since) cur = s;
  return cur;
}

function nextBoundary(steps: readonly ProbeStep[] | undefined, since: Micros): Micros | undefined {
  if (steps) for (const s of steps) if (s.from > since) return s.from;
  return undefined;
}

// Probe outputs as the kubelet's probers word them (pkg/probe/http, tcp, exec, grpc); the target is the probe's
// own description since k8sim does not model pod IPs.
function failureOutput(w: ProbeWorkerState): string {
  switch (w.spec.handler) {
    case 'httpGet':
      return 'HTTP probe failed with statuscode: 500';
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
