/**
 * The kubelets of all nodes: pod admission after binding, image pulls and container starts (init containers in
 * order, then app containers one after another, as SyncPod does), exits and restarts under the pod's restartPolicy
 * with the crash-loop back-off of kuberuntime_manager.go doBackOff, probe consequences, graceful termination, and a
 * node's machine going down and coming back. It never decides scheduling or replica counts.
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import type { Micros } from '../../engine/time';
import type { SimContext } from '../context';
import type { ContainerRuntime, NodeObj, PodObj, ProbeWorkerState } from '../cluster/objects';
import { terminatedReason, type ContainerStateTerminated } from '../podStatus';
import { drawDuration, drawInt } from '../draw';
import { Backoff, backOffEventMessage, backOffStableKey, crashLoopBackOffMessage, doBackOff } from './backoff';
import { Prober, containerRef, type ProbeResultSink } from './prober';
import { refreshPodStatus } from './podConditions';
import { formatGoDuration } from '../../engine/time';

type StopReason = NonNullable<ContainerRuntime['stopping']>['reason'];

/** What the kubelet tells the rest of the control plane about resources on its node. */
export interface NodeResources {
  release(pod: PodObj): void;
}

/**
 * Told when a container's process starts and when it stops running (exit, kill, OOM, or its node's machine going
 * down), after the status change and before the pod's trace row. Listeners must not call back into the kubelet
 * synchronously (schedule an event instead).
 */
export interface ContainerListener {
  containerStarted(c: ContainerRuntime): void;
  containerStopped(c: ContainerRuntime): void;
}

export class Kubelets implements ProbeResultSink {
  private readonly backoff: Backoff;
  readonly prober: Prober;
  private nextInstance = 1;
  private readonly listeners: ContainerListener[] = [];
  /** When each in-flight image pull began (for the Pulled message). */
  private readonly pullStarted = new Map<ContainerRuntime, Micros>();
  private readonly pulledType: EventType<ContainerRuntime>;
  private readonly startedType: EventType<ContainerRuntime>;
  private readonly exitType: EventType<{ readonly c: ContainerRuntime; readonly code: number; readonly reason: string }>;
  private readonly retryType: EventType<ContainerRuntime>;

  constructor(
    private readonly ctx: SimContext,
    private readonly resources: NodeResources,
  ) {
    this.backoff = new Backoff(ctx.scenario.kubelet.crashLoopBackOff);
    this.prober = new Prober(ctx, this);
    this.pulledType = ctx.sim.register('kubelet/image-pulled', (c) => this.imageReady(c, true));
    this.startedType = ctx.sim.register('kubelet/container-started', (c) => this.containerStarted(c));
    this.exitType = ctx.sim.register('kubelet/container-exit', ({ c, code, reason }) => this.containerExited(c, code, reason));
    this.retryType = ctx.sim.register('kubelet/backoff-expired', (c) => this.restart(c));
  }

  addContainerListener(l: ContainerListener): void {
    this.listeners.push(l);
  }

  private get now(): Micros {
    return this.ctx.sim.now;
  }

  private node(pod: PodObj): NodeObj {
    return this.ctx.store.nodesByName.get(pod.nodeName!)!;
  }

  private changed(pod: PodObj): void {
    refreshPodStatus(pod, this.now, this.ctx.scenario.kubelet);
    this.ctx.store.podChanged(pod);
  }

  private emit(c: ContainerRuntime, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.events.emit(type, reason, message, containerRef(c), 'kubelet', c.pod.nodeName);
  }

  // ------------------------------------------------------------------ admission and starts

  /** The pod was bound to a node: the kubelet takes it (SyncPod's first run). */
  admit(pod: PodObj): void {
    pod.startTime = this.now;
    const waiting = pod.initContainers.length > 0 ? 'PodInitializing' : 'ContainerCreating';
    for (const c of pod.initContainers) c.status.state = { kind: 'waiting', reason: 'PodInitializing' };
    for (const c of pod.containers) c.status.state = { kind: 'waiting', reason: waiting };
    this.prober.addPod(pod);
    this.changed(pod);
    if (this.node(pod).up) this.advance(pod);
  }

  /** Starts whatever the pod needs next: the current init container, else the first app container never started. */
  private advance(pod: PodObj): void {
    if (pod.deletionTime !== undefined || pod.terminal) return;
    while (pod.initIndex < pod.initContainers.length) {
      const c = pod.initContainers[pod.initIndex];
      const sidecar = c.spec.restartPolicy === 'Always';
      const s = c.status.state;
      if (sidecar ? c.status.started : s?.kind === 'terminated' && s.exitCode === 0) {
        pod.initIndex++;
        if (pod.initIndex === pod.initContainers.length) {
          for (const a of pod.containers) if (a.instance === 0) a.status.state = { kind: 'waiting', reason: 'ContainerCreating' };
          this.changed(pod);
        }
        continue;
      }
      if (c.instance === 0 && c.timer === undefined) this.startContainer(c);
      return;
    }
    for (const c of pod.containers) {
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
    const present = node.images.has(image);
    if (c.spec.imagePullPolicy === 'Always' || (c.spec.imagePullPolicy === 'IfNotPresent' && !present)) {
      this.emit(c, 'Normal', 'Pulling', `Pulling image "${image}"`);
      const d = drawDuration(c.behavior.imagePull ?? this.ctx.scenario.kubelet.imagePull, c.pod.rng);
      c.timer = this.ctx.sim.schedule(d, this.pulledType, c, Priority.KUBELET);
      this.pullStarted.set(c, this.now);
    } else {
      this.imageReady(c, false);
    }
  }

  private imageReady(c: ContainerRuntime, pulled: boolean): void {
    const image = c.spec.image;
    if (pulled) {
      const took = formatGoDuration(this.now - (this.pullStarted.get(c) ?? this.now));
      this.pullStarted.delete(c);
      this.node(c.pod).images.add(image);
      this.emit(c, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting)`);
    } else {
      this.emit(c, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
    }
    this.emit(c, 'Normal', 'Created', `Created container: ${c.spec.name}`);
    const d = drawDuration(c.behavior.containerStart ?? this.ctx.scenario.kubelet.containerStart, c.pod.rng);
    c.timer = this.ctx.sim.schedule(d, this.startedType, c, Priority.KUBELET);
  }

  private containerStarted(c: ContainerRuntime): void {
    c.timer = undefined;
    const pod = c.pod;
    if (c.instance > 0) {
      c.status.restartCount++;
      this.ctx.store.counts.containerRestarts++;
    }
    c.instance = this.nextInstance++;
    c.status.state = { kind: 'running', startedAt: this.now };
    c.status.started = !c.spec.startupProbe;
    this.updateReady(c);
    this.emit(c, 'Normal', 'Started', `Started container ${c.spec.name}`);
    const exit = c.behavior.exit;
    if (exit) {
      const after = drawDuration(exit.after, pod.rng);
      const code = drawInt(exit.code, pod.rng);
      c.timer = this.ctx.sim.schedule(after, this.exitType, { c, code, reason: terminatedReason(code) }, Priority.KUBELET);
    }
    this.prober.containerStarted(c);
    for (const l of this.listeners) l.containerStarted(c);
    this.changed(pod);
    this.advance(pod);
  }

  private updateReady(c: ContainerRuntime): void {
    const running = c.status.state?.kind === 'running';
    const readiness = c.probes.find((w) => w.type === 'readiness');
    c.status.ready = running && c.status.started && (readiness === undefined || readiness.result === 'Success');
  }

  // ------------------------------------------------------------------ probes

  probeResultChanged(w: ProbeWorkerState): void {
    const c = w.container;
    if (w.type === 'startup' && w.result === 'Success') {
      c.status.started = true;
      this.updateReady(c);
      this.prober.containerStartedUp(c);
      this.changed(c.pod);
      this.advance(c.pod); // a sidecar that has started lets the next init container go
    } else if (w.type === 'readiness') {
      this.updateReady(c);
      this.changed(c.pod);
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
    if (c.timer !== undefined) this.ctx.sim.cancel(c.timer);
    const never = c.pod.template.spec.restartPolicy === 'Never' && !c.isInit;
    const message =
      why === 'liveness' || why === 'startup'
        ? `Container ${c.spec.name} failed ${why} probe${never ? '' : ', will be restarted'}`
        : `Stopping container ${c.spec.name}`;
    this.emit(c, 'Normal', 'Killing', message);
    const grace = probeGrace ?? c.pod.template.spec.terminationGracePeriod;
    const sig = c.behavior.onSigterm;
    let delay = grace;
    let code = 137;
    if (!sig || sig.action === 'exit') {
      const after = sig ? drawDuration(sig.after, c.pod.rng) : 0;
      if (after < grace) {
        delay = after;
        code = sig ? sig.code : 143;
      }
    }
    c.timer = this.ctx.sim.schedule(delay, this.exitType, { c, code, reason: 'Error' }, Priority.KUBELET);
  }

  /** A timeline `killContainer`: the process dies at once with the given code and reason (e.g. 137 OOMKilled). */
  killNow(c: ContainerRuntime, exitCode: number, reason: string): void {
    if (c.status.state?.kind !== 'running' || !this.node(c.pod).up) return;
    this.containerExited(c, exitCode, reason);
  }

  private containerExited(c: ContainerRuntime, exitCode: number, reason: string): void {
    if (c.timer !== undefined) this.ctx.sim.cancel(c.timer);
    c.timer = undefined;
    const pod = c.pod;
    const prev = c.status.state;
    const startedAt = prev?.kind === 'running' ? prev.startedAt : this.now;
    const stoppedFor = c.stopping?.reason;
    c.stopping = undefined;
    c.status.state = { kind: 'terminated', exitCode, reason, startedAt, finishedAt: this.now };
    c.status.ready = false;
    c.status.started = false;
    if (reason === 'OOMKilled') this.ctx.store.counts.oomKills++;
    if (prev?.kind === 'running') for (const l of this.listeners) l.containerStopped(c);
    this.prober.containerStopped(c);

    if (pod.deletionTime !== undefined) {
      this.changed(pod);
      this.finishIfStopped(pod);
      return;
    }
    const policy = pod.template.spec.restartPolicy;
    if (c.isInit && c.spec.restartPolicy !== 'Always') {
      if (exitCode === 0) {
        this.changed(pod);
        this.advance(pod);
      } else if (policy === 'Never') this.podDone(pod);
      else {
        this.changed(pod);
        this.restart(c);
      }
      return;
    }
    const probeKill = stoppedFor === 'liveness' || stoppedFor === 'startup';
    const restart =
      c.isInit || policy === 'Always' || (policy === 'OnFailure' && (exitCode !== 0 || probeKill));
    if (restart) {
      this.changed(pod); // the exit itself is a status change (a row with the exit code) before the restart decision
      this.restart(c);
    } else if (pod.containers.every((x) => x.status.state?.kind === 'terminated' && x.timer === undefined)) this.podDone(pod);
    else this.changed(pod);
  }

  /** doBackOff, then start again: at once when not in back-off, else at FinishedAt + back-off. */
  private restart(c: ContainerRuntime): void {
    c.timer = undefined;
    const pod = c.pod;
    if (pod.deletionTime !== undefined || pod.terminal || !this.node(pod).up) return;
    const last: ContainerStateTerminated | undefined =
      c.status.state?.kind === 'terminated' ? c.status.state : c.status.lastTerminationState;
    if (!last) return;
    const key = backOffStableKey(pod.name, pod.namespace, pod.uid, c.spec.name, c.spec.specHash);
    const decision = doBackOff(this.backoff, key, last.finishedAt, this.now);
    c.status.lastTerminationState = last;
    if (decision.inBackOff) {
      c.status.state = { kind: 'waiting', reason: 'CrashLoopBackOff', message: crashLoopBackOffMessage(decision.backoff, c.spec.name, pod) };
      this.emit(c, 'Warning', 'BackOff', backOffEventMessage(c.spec.name, pod));
      c.timer = this.ctx.sim.scheduleAt(decision.retryAt, this.retryType, c, Priority.KUBELET);
      this.changed(pod);
      return;
    }
    // restartCount rises when the new container is created (startContainer: previous count + 1): see containerStarted.
    this.startContainer(c);
  }

  /** Every container is done for good: the pod is terminal (Succeeded/Failed) and frees its node's resources. */
  private podDone(pod: PodObj): void {
    for (const c of [...pod.initContainers, ...pod.containers]) {
      if (c.timer !== undefined) this.ctx.sim.cancel(c.timer);
      c.timer = undefined;
      this.prober.containerStopped(c);
    }
    pod.terminal = true;
    this.changed(pod);
    this.resources.release(pod);
  }

  // ------------------------------------------------------------------ deletion

  /** Graceful deletion of a bound pod whose node is up: stop every running container, then remove the pod. */
  terminatePod(pod: PodObj): void {
    for (const c of [...pod.containers, ...pod.initContainers]) {
      if (c.status.state?.kind === 'running') this.stopContainer(c, 'delete');
      else if (c.timer !== undefined) {
        this.ctx.sim.cancel(c.timer);
        c.timer = undefined;
      }
    }
    this.changed(pod);
    this.finishIfStopped(pod);
  }

  private finishIfStopped(pod: PodObj): void {
    const all = [...pod.initContainers, ...pod.containers];
    if (all.some((c) => c.status.state?.kind === 'running')) return;
    for (const c of all) this.prober.containerStopped(c);
    if (!pod.terminal) {
      pod.terminal = true;
      this.changed(pod);
      this.resources.release(pod);
    }
    this.ctx.store.removePod(pod);
  }

  // ------------------------------------------------------------------ node down / up

  /** The machine stops: every container and timer of its pods stops; the API keeps the last reported status. */
  nodeDown(node: NodeObj): void {
    for (const pod of node.pods) {
      for (const c of [...pod.initContainers, ...pod.containers]) {
        if (c.timer !== undefined) this.ctx.sim.cancel(c.timer);
        c.timer = undefined;
        this.prober.containerStopped(c);
        if (c.status.state?.kind === 'running') for (const l of this.listeners) l.containerStopped(c);
      }
    }
  }

  /**
   * The machine is back: pods deleted meanwhile are removed; the others find their containers gone
   * (ContainerStatusUnknown, 137, as convertToAPIContainerStatuses reports a lost container) and restart them.
   */
  nodeUp(node: NodeObj): void {
    for (const pod of [...node.pods]) {
      if (pod.deletionTime !== undefined) {
        for (const c of [...pod.initContainers, ...pod.containers]) c.stopping = undefined;
        if (!pod.terminal) {
          pod.terminal = true;
          this.resources.release(pod);
        }
        this.ctx.store.removePod(pod);
        continue;
      }
      if (pod.terminal) continue;
      for (const c of [...pod.initContainers, ...pod.containers]) {
        const s = c.status.state;
        if (s?.kind === 'running') {
          c.stopping = undefined;
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
          this.restart(c);
        } else if (s?.kind === 'waiting' && c.status.lastTerminationState) {
          this.restart(c); // was backing off: decide again now
        } else if (s?.kind === 'waiting' && c.instance === 0 && c.timer === undefined) {
          // never started: advance() below starts it
        }
      }
      this.changed(pod);
      this.advance(pod);
    }
  }
}
