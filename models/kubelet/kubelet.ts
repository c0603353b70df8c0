/**
 * The kubelets of all nodes: pod admission after binding, image pulls and container starts (init containers in
 * order, then app containers one after another, as SyncPod does), exits and restarts under the pod's restartPolicy
 * with the crash-loop back-off of kuberuntime_manager.go doBackOff, probe consequences, graceful termination, and a
 * node's machine going down and coming back. It never decides scheduling or replica counts.
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { addMicros, formatGoDuration, maxMicros, seconds, subMicros, toSeconds, ZERO, type Micros } from '../../engine/time';
import type { SimContext } from '../context';
import type { NodeObj, PodObj } from '../cluster/objects';
import type { KubeletSettings } from './config';
import { terminatedReason, type ContainerStateTerminated } from '../podStatus';
import { drawDuration, drawInt } from '../draw';
import { STREAMS } from '../streams';
import { Backoff, backOffEventMessage, backOffStableKey, crashLoopBackOffMessage, doBackOff } from './backoff';
import { Prober, containerRef, type ProbeResultSink, type ProbeWorkerState } from './prober';
import { refreshPodStatus } from './podConditions';
import { isMirrorPod, renewMirror } from './staticPods';
import { newUid } from '../naming';
import { allContainers, newPodRuntime, type ContainerListener, type ContainerRuntime, type KubeletConfig, type NodeResources, type PodRuntime } from './runtime';

export type { ContainerListener, KubeletConfig, NodeResources } from './runtime';

/** minimumGracePeriodInSeconds: StopContainer never gets less than 2 s. */
const MIN_GRACE: Micros = seconds(2);

type StopReason = NonNullable<ContainerRuntime['stopping']>['reason'];

export class Kubelets implements ProbeResultSink {
  private readonly backoff: Backoff;
  readonly prober: Prober;
  private readonly settings: KubeletSettings;
  /** The pods the kubelets run (admitted and not yet removed from the API). */
  private readonly runtimes = new Map<PodObj, PodRuntime>();
  /** Container restarts and OOM kills over the run (run.json). */
  readonly counts = { containerRestarts: 0, oomKills: 0 };
  private nextInstance = 1;
  private readonly listeners: ContainerListener[] = [];
  /** When each in-flight image pull began (for the Pulled message). */
  private readonly pullStarted = new Map<ContainerRuntime, Micros>();
  /**
   * Event messages that depend on one string only, made once per image or container name and shared (the Event
   * correlator keeps every message it saw for its cache entries: one string per pod was one more per pod).
   */
  private readonly presentMessages = new Map<string, string>();
  private readonly createdMessages = new Map<string, string>();
  private readonly startedMessages = new Map<string, string>();
  private readonly pulledType: EventType<ContainerRuntime>;
  private readonly startedType: EventType<ContainerRuntime>;
  private readonly exitType: EventType<{ readonly c: ContainerRuntime; readonly code: number; readonly reason: string }>;
  private readonly retryType: EventType<ContainerRuntime>;
  private readonly preStopType: EventType<{ readonly c: ContainerRuntime; readonly grace: Micros; readonly waited: Micros }>;
  private readonly drainType: EventType<ContainerRuntime>;

  constructor(
    private readonly ctx: SimContext,
    private readonly config: KubeletConfig,
    private readonly resources: NodeResources,
  ) {
    this.settings = config.settings;
    this.backoff = new Backoff(config.settings.crashLoopBackOff);
    this.prober = new Prober(ctx, this, config.batchProbeTicks !== false);
    // The kubelet watches its pods: a graceful delete starts termination; removal from the API frees its record.
    ctx.store.watch('Pod', (type, pod) => {
      const rt = this.runtimes.get(pod);
      if (rt === undefined) return;
      if (type === 'DELETED') {
        this.prober.removePod(rt);
        this.runtimes.delete(pod);
      } else if (pod.metadata.deletionTimestamp !== undefined && !rt.terminating && this.up(pod) && isMirrorPod(pod)) {
        // A deleted mirror pod does not stop its static pod: the kubelet publishes a fresh mirror (staticPods.ts).
        renewMirror(pod, newUid(() => rt.rng.next()), this.now);
        this.ctx.store.update(pod);
      } else if (pod.metadata.deletionTimestamp !== undefined && !rt.terminating && this.up(pod)) {
        rt.terminating = true;
        this.terminatePod(rt);
      }
    });
    this.pulledType = ctx.clock.register('kubelet/image-pulled', (c) => this.imageReady(c, true));
    this.startedType = ctx.clock.register('kubelet/container-started', (c) => this.containerStarted(c));
    this.exitType = ctx.clock.register('kubelet/container-exit', ({ c, code, reason }) => this.containerExited(c, code, reason));
    this.retryType = ctx.clock.register('kubelet/backoff-expired', (c) => this.restart(c));
    this.preStopType = ctx.clock.register('kubelet/prestop-done', ({ c, grace, waited }) => this.preStopDone(c, grace, waited));
    this.drainType = ctx.clock.register('kubelet/drain', (c) => this.startDrain(c));
  }

  addContainerListener(l: ContainerListener): void {
    this.listeners.push(l);
  }

  private get now(): Micros {
    return this.ctx.clock.now;
  }

  private node(pod: PodObj): NodeObj {
    return this.ctx.store.getNode(pod.spec.nodeName!)!;
  }

  /**
   * The pod's machine runs: its Node exists and is up. A Node removed from the API (a terminated cloud instance)
   * has no kubelet left: its pods wait for pod GC.
   */
  private up(pod: PodObj): boolean {
    return this.ctx.store.getNode(pod.spec.nodeName!)?.machine.up === true;
  }

  /** The kubelet's record of a pod it runs, or undefined. */
  runtime(pod: PodObj): PodRuntime | undefined {
    return this.runtimes.get(pod);
  }

  /** Recomputes the pod's phase and conditions and publishes the status (a store update). */
  private changed(rt: PodRuntime): void {
    refreshPodStatus(rt, this.now, this.settings);
    this.ctx.store.update(rt.pod);
  }

  /** The node lifecycle controller changed what the pod's status depends on (unreachable): recompute and publish. */
  refreshStatus(pod: PodObj): void {
    const rt = this.runtimes.get(pod);
    if (rt !== undefined) refreshPodStatus(rt, this.now, this.settings);
    this.ctx.store.update(pod);
  }

  private emit(c: ContainerRuntime, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.events.emit(type, reason, message, containerRef(c), 'kubelet', c.pod.spec.nodeName);
  }

  // ------------------------------------------------------------------ admission and starts

  /** The pod was bound to a node: the kubelet takes it (SyncPod's first run). */
  admit(pod: PodObj): void {
    const rt = newPodRuntime(pod, this.ctx.streams.get(STREAMS.pod(pod.metadata.namespace, pod.metadata.name)), this.config.behaviors);
    this.runtimes.set(pod, rt);
    pod.status.startTime = this.now;
    const waiting = rt.initContainers.length > 0 ? 'PodInitializing' : 'ContainerCreating';
    for (const c of rt.initContainers) c.status.state = { kind: 'waiting', reason: 'PodInitializing' };
    for (const c of rt.containers) c.status.state = { kind: 'waiting', reason: waiting };
    this.prober.addPod(rt);
    this.changed(rt);
    if (this.up(pod)) this.advance(rt);
  }

  /** Starts whatever the pod needs next: the current init container, else the first app container never started. */
  private advance(rt: PodRuntime): void {
    const pod = rt.pod;
    if (pod.metadata.deletionTimestamp !== undefined || pod.terminal) return;
    while (rt.initIndex < rt.initContainers.length) {
      const c = rt.initContainers[rt.initIndex];
      const sidecar = c.spec.restartPolicy === 'Always';
      const s = c.status.state;
      if (sidecar ? c.status.started : s?.kind === 'terminated' && s.exitCode === 0) {
        rt.initIndex++;
        if (rt.initIndex === rt.initContainers.length) {
          for (const a of rt.containers) if (a.instance === 0) a.status.state = { kind: 'waiting', reason: 'ContainerCreating' };
          this.changed(rt);
        }
        continue;
      }
      if (c.instance === 0 && c.timer === undefined) this.startContainer(c);
      return;
    }
    for (const c of rt.containers) {
      if (c.instance === 0) {
        if (c.timer === undefined) this.startContainer(c);
        return; // one at a time, in spec order
      }
    }
  }

  /** Pull (when the image policy asks for it), create, then start after the container's start time. */
  private startContainer(c: ContainerRuntime): void {
    const node = this.node(c.pod);
    const image = c.spec.image;
    const present = node.machine.images.has(image);
    if (c.spec.imagePullPolicy === 'Always' || (c.spec.imagePullPolicy === 'IfNotPresent' && !present)) {
      this.emit(c, 'Normal', 'Pulling', `Pulling image "${image}"`);
      const d = drawDuration(c.behavior.imagePull ?? this.settings.imagePull, c.podRuntime.rng);
      c.timer = this.ctx.clock.schedule(d, this.pulledType, c, Priority.KUBELET);
      this.pullStarted.set(c, this.now);
    } else {
      this.imageReady(c, false);
    }
  }

  private imageReady(c: ContainerRuntime, pulled: boolean): void {
    const image = c.spec.image;
    if (pulled) {
      const took = formatGoDuration(subMicros(this.now, this.pullStarted.get(c) ?? this.now));
      this.pullStarted.delete(c);
      this.node(c.pod).machine.images.add(image);
      this.emit(c, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting)`);
    } else {
      this.emit(c, 'Normal', 'Pulled', shared(this.presentMessages, image, (i) => `Container image "${i}" already present on machine`));
    }
    this.emit(c, 'Normal', 'Created', shared(this.createdMessages, c.spec.name, (n) => `Created container: ${n}`));
    const d = drawDuration(c.behavior.containerStart ?? this.settings.containerStart, c.podRuntime.rng);
    c.timer = this.ctx.clock.schedule(d, this.startedType, c, Priority.KUBELET);
  }

  private containerStarted(c: ContainerRuntime): void {
    c.timer = undefined;
    const rt = c.podRuntime;
    if (c.instance > 0) {
      c.status.restartCount++;
      this.counts.containerRestarts++;
    }
    c.instance = this.nextInstance++;
    c.status.state = { kind: 'running', startedAt: this.now };
    c.status.started = !c.spec.startupProbe;
    this.updateReady(c);
    this.emit(c, 'Normal', 'Started', shared(this.startedMessages, c.spec.name, (n) => `Started container ${n}`));
    const exit = c.behavior.exit;
    if (exit) {
      const after = drawDuration(exit.after, rt.rng);
      const code = drawInt(exit.code, rt.rng);
      c.timer = this.ctx.clock.schedule(after, this.exitType, { c, code, reason: terminatedReason(code) }, Priority.KUBELET);
    }
    this.prober.containerStarted(c);
    for (const l of this.listeners) l.containerStarted(c);
    this.changed(rt);
    this.advance(rt);
  }

  private updateReady(c: ContainerRuntime): void {
    const running = c.status.state?.kind === 'running';
    const readiness = this.prober.readinessResult(c);
    c.status.ready = running && c.status.started && (readiness === undefined || readiness === 'Success');
  }

  // ------------------------------------------------------------------ probes

  probeResultChanged(w: ProbeWorkerState): void {
    const c = w.container;
    if (w.type === 'startup' && w.result === 'Success') {
      c.status.started = true;
      this.updateReady(c);
      this.prober.containerStartedUp(c);
      this.changed(c.podRuntime);
      this.advance(c.podRuntime); // a sidecar that has started lets the next init container go
    } else if (w.type === 'readiness') {
      this.updateReady(c);
      this.changed(c.podRuntime);
    } else if (w.result === 'Failure') {
      this.stopContainer(c, w.type === 'liveness' ? 'liveness' : 'startup', w.spec.terminationGracePeriod);
    }
  }

  // ------------------------------------------------------------------ stopping and exits

  /**
   * Sends SIGTERM and waits: the process exits as its Behavior says (default: at once with 143), or is killed at
   * the grace period with 137 (kuberuntime_container.go killContainer).
   */
  stopContainer(c: ContainerRuntime, why: StopReason, probeGrace?: Micros): void {
    if (c.stopping || c.status.state?.kind !== 'running') return;
    c.stopping = { reason: why, since: this.now };
    if (c.timer !== undefined) this.ctx.clock.cancel(c.timer);
    const never = c.pod.spec.restartPolicy === 'Never' && !c.isInit;
    const message =
      why === 'liveness' || why === 'startup'
        ? `Container ${c.spec.name} failed ${why} probe${never ? '' : ', will be restarted'}`
        : `Stopping container ${c.spec.name}`;
    this.emit(c, 'Normal', 'Killing', message);
    const grace = probeGrace ?? c.pod.metadata.deletionGracePeriod ?? c.pod.spec.terminationGracePeriod;
    const hook = c.spec.preStop;
    if (hook !== undefined && grace > 0) {
      // executePreStopHook: wait for the hook at most gracePeriod, then take the whole seconds it used off the grace.
      const takes = hook.handler === 'sleep' ? (hook.sleep ?? ZERO) : c.behavior.preStop ? drawDuration(c.behavior.preStop, c.podRuntime.rng) : ZERO;
      const waited = takes < grace ? takes : grace;
      c.timer = this.ctx.clock.schedule(waited, this.preStopType, { c, grace, waited }, Priority.KUBELET);
      return;
    }
    this.sigterm(c, grace < MIN_GRACE ? MIN_GRACE : grace);
  }

  /** The preStop hook returned (or the kubelet stopped waiting): SIGTERM with what is left of the grace period, at least 2 s. */
  private preStopDone(c: ContainerRuntime, grace: Micros, waited: Micros): void {
    c.timer = undefined;
    const left = subMicros(grace, seconds(Math.floor(toSeconds(waited))));
    this.sigterm(c, left < MIN_GRACE ? MIN_GRACE : left);
  }

  /**
   * StopContainer(timeout = grace): SIGTERM now, SIGKILL (137) at the grace period unless the process exits first as
   * its Behavior says: after `after` (default at once, 143), or once drained; it refuses new connections from
   * `keepAccepting` on (default: until it exits).
   */
  private sigterm(c: ContainerRuntime, grace: Micros): void {
    const sig = c.behavior.onSigterm;
    let delay = grace;
    let code = 137;
    let after = ZERO;
    if (!sig || sig.action === 'exit') {
      after = sig ? drawDuration(sig.after, c.podRuntime.rng) : ZERO;
      if (after < grace && !sig?.drain) {
        delay = after;
        code = sig ? sig.code : 143;
      }
    }
    if (sig?.keepAccepting !== undefined) c.refusingFrom = addMicros(this.now, sig.keepAccepting);
    c.timer = this.ctx.clock.schedule(delay, this.exitType, { c, code, reason: code === 137 ? 'Error' : terminatedReason(code) }, Priority.KUBELET);
    if (sig?.action === 'exit' && sig.drain) {
      const from = maxMicros(after, sig.keepAccepting ?? ZERO);
      if (from < grace) c.drainTimer = this.ctx.clock.schedule(from, this.drainType, c, Priority.KUBELET);
    }
  }

  /** onSigterm.drain: the process stops accepting and exits once the listeners report its in-flight requests done. */
  private startDrain(c: ContainerRuntime): void {
    c.drainTimer = undefined;
    if (c.stopping === undefined || c.status.state?.kind !== 'running') return;
    if (c.refusingFrom === undefined || c.refusingFrom > this.now) c.refusingFrom = this.now;
    const code = c.behavior.onSigterm?.code ?? 143;
    const drains = this.listeners.filter((l) => l.drain !== undefined);
    let left = drains.length;
    const instance = c.instance;
    const done = () => {
      if (--left > 0 || c.instance !== instance || c.stopping === undefined || c.status.state?.kind !== 'running') return;
      this.containerExited(c, code, terminatedReason(code));
    };
    if (left === 0) this.containerExited(c, code, terminatedReason(code));
    else for (const l of drains) l.drain!(c, done);
  }

  /** The process dies at once with the given code and reason (e.g. 137 OOMKilled): the OOM killer, a timeline kill. */
  killNow(c: ContainerRuntime, exitCode: number, reason: string): void {
    if (c.status.state?.kind !== 'running' || !this.up(c.pod)) return;
    this.containerExited(c, exitCode, reason);
  }

  /** A timeline `killContainer`: every running container of the pod (or the named one) dies at once. */
  killContainers(pod: PodObj, container: string | undefined, exitCode: number, reason: string): void {
    const rt = this.runtimes.get(pod);
    if (rt === undefined) return;
    for (const c of allContainers(rt)) if (container === undefined || c.spec.name === container) this.killNow(c, exitCode, reason);
  }

  private containerExited(c: ContainerRuntime, exitCode: number, reason: string): void {
    if (c.timer !== undefined) this.ctx.clock.cancel(c.timer);
    c.timer = undefined;
    if (c.drainTimer !== undefined) this.ctx.clock.cancel(c.drainTimer);
    c.drainTimer = undefined;
    c.refusingFrom = undefined;
    const rt = c.podRuntime;
    const pod = rt.pod;
    const prev = c.status.state;
    const startedAt = prev?.kind === 'running' ? prev.startedAt : this.now;
    const stoppedFor = c.stopping?.reason;
    c.stopping = undefined;
    c.status.state = { kind: 'terminated', exitCode, reason, startedAt, finishedAt: this.now };
    c.status.ready = false;
    c.status.started = false;
    if (reason === 'OOMKilled') this.counts.oomKills++;
    if (prev?.kind === 'running') for (const l of this.listeners) l.containerStopped(c);
    this.prober.containerStopped(c);

    if (pod.metadata.deletionTimestamp !== undefined) {
      this.changed(rt);
      this.finishIfStopped(rt);
      return;
    }
    const policy = pod.spec.restartPolicy;
    if (c.isInit && c.spec.restartPolicy !== 'Always') {
      if (exitCode === 0) {
        this.changed(rt);
        this.advance(rt);
      } else if (policy === 'Never') this.podDone(rt);
      else {
        this.changed(rt);
        this.restart(c);
      }
      return;
    }
    const probeKill = stoppedFor === 'liveness' || stoppedFor === 'startup';
    const restart =
      c.isInit || policy === 'Always' || (policy === 'OnFailure' && (exitCode !== 0 || probeKill));
    if (restart) {
      this.changed(rt); // the exit itself is a status change (a row with the exit code) before the restart decision
      this.restart(c);
    } else if (rt.containers.every((x) => x.status.state?.kind === 'terminated' && x.timer === undefined)) this.podDone(rt);
    else this.changed(rt);
  }

  /** doBackOff, then start again: at once when not in back-off, else at FinishedAt + back-off. */
  private restart(c: ContainerRuntime): void {
    c.timer = undefined;
    const pod = c.pod;
    if (pod.metadata.deletionTimestamp !== undefined || pod.terminal || !this.up(pod)) return;
    const last: ContainerStateTerminated | undefined =
      c.status.state?.kind === 'terminated' ? c.status.state : c.status.lastTerminationState;
    if (!last) return;
    const key = backOffStableKey(pod.metadata.name, pod.metadata.namespace, pod.metadata.uid, c.spec.name, c.spec.specHash);
    const decision = doBackOff(this.backoff, key, last.finishedAt, this.now);
    c.status.lastTerminationState = last;
    if (decision.inBackOff) {
      c.status.state = { kind: 'waiting', reason: 'CrashLoopBackOff', message: crashLoopBackOffMessage(decision.backoff, c.spec.name, pod.metadata) };
      this.emit(c, 'Warning', 'BackOff', backOffEventMessage(c.spec.name, pod.metadata));
      c.timer = this.ctx.clock.scheduleAt(decision.retryAt, this.retryType, c, Priority.KUBELET);
      this.changed(c.podRuntime);
      return;
    }
    // restartCount rises when the new container is created (startContainer: previous count + 1): see containerStarted.
    this.startContainer(c);
  }

  /** Every container is done for good: the pod is terminal (Succeeded/Failed) and frees its node's resources. */
  private podDone(rt: PodRuntime): void {
    for (const c of allContainers(rt)) {
      if (c.timer !== undefined) this.ctx.clock.cancel(c.timer);
      c.timer = undefined;
      this.prober.containerStopped(c);
    }
    rt.pod.terminal = true;
    this.changed(rt);
    this.resources.release(rt.pod);
  }

  // ------------------------------------------------------------------ deletion

  /** Graceful deletion of a bound pod whose node is up: stop every running container, then remove the pod. */
  private terminatePod(rt: PodRuntime): void {
    for (const c of [...rt.containers, ...rt.initContainers]) {
      if (c.status.state?.kind === 'running') this.stopContainer(c, 'delete');
      else if (c.timer !== undefined) {
        this.ctx.clock.cancel(c.timer);
        c.timer = undefined;
      }
    }
    this.changed(rt);
    this.finishIfStopped(rt);
  }

  private finishIfStopped(rt: PodRuntime): void {
    const all = allContainers(rt);
    if (all.some((c) => c.status.state?.kind === 'running')) return;
    for (const c of all) this.prober.containerStopped(c);
    if (!rt.pod.terminal) {
      rt.pod.terminal = true;
      this.changed(rt);
      this.resources.release(rt.pod);
    }
    this.ctx.store.remove(rt.pod);
  }

  // ------------------------------------------------------------------ node down / up

  /** The machine stops: every container and timer of its pods stops; the API keeps the last reported status. */
  nodeDown(node: NodeObj): void {
    for (const pod of node.allocated.pods) {
      const rt = this.runtimes.get(pod);
      if (rt === undefined) continue;
      for (const c of allContainers(rt)) {
        if (c.timer !== undefined) this.ctx.clock.cancel(c.timer);
        c.timer = undefined;
        if (c.drainTimer !== undefined) this.ctx.clock.cancel(c.drainTimer);
        c.drainTimer = undefined;
        this.prober.containerStopped(c);
        if (c.status.state?.kind === 'running') for (const l of this.listeners) l.containerStopped(c);
      }
    }
  }

  /**
   * The machine is back and every container that was running is gone (ContainerStatusUnknown, 137, as
   * convertToAPIContainerStatuses reports a lost container). A pod deleted meanwhile is finished as any deleted pod
   * is: its final status published (Failed after a lost container; since 1.27 the kubelet moves a deleted pod to a
   * terminal phase before removing it, KB §2) and then removed. The others restart their containers.
   */
  nodeUp(node: NodeObj): void {
    for (const pod of [...node.allocated.pods]) {
      const rt = this.runtimes.get(pod);
      if (rt === undefined) continue;
      if (pod.metadata.deletionTimestamp !== undefined) {
        for (const c of allContainers(rt)) {
          c.stopping = undefined;
          if (c.status.state?.kind === 'running') this.containerLost(c);
        }
        this.finishIfStopped(rt);
        continue;
      }
      if (pod.terminal) continue;
      for (const c of allContainers(rt)) {
        const s = c.status.state;
        if (s?.kind === 'running') {
          c.stopping = undefined;
          this.containerLost(c);
          this.restart(c);
        } else if (s?.kind === 'waiting' && c.status.lastTerminationState) {
          this.restart(c); // was backing off: decide again now
        } else if (s?.kind === 'waiting' && c.instance === 0 && c.timer === undefined) {
          // never started: advance() below starts it
        }
      }
      this.changed(rt);
      this.advance(rt);
    }
  }

  /** A container that was running when the machine stopped is not found when it returns. */
  private containerLost(c: ContainerRuntime): void {
    const s = c.status.state;
    if (s?.kind !== 'running') return;
    c.status.state = {
      kind: 'terminated',
      exitCode: 137,
      reason: 'ContainerStatusUnknown',
      message: 'The container could not be located when the pod was terminated',
      startedAt: s.startedAt,
      finishedAt: this.now,
    };
    c.status.ready = false;
    c.status.started = false;
  }
}

/** `make(key)`, made once per key and kept in `cache` (a scenario has few images and container names). */
function shared(cache: Map<string, string>, key: string, make: (key: string) => string): string {
  let m = cache.get(key);
  if (m === undefined) cache.set(key, (m = make(key)));
  return m;
}
