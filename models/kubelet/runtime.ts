/**
 * The kubelet's private record of the pods it runs: per container, the spec, the status entry it publishes in the
 * pod's status, the merged Behavior, the instance counter and the pending timer; per pod, its random stream and the
 * init container it is working on. Only the kubelet writes these; the container listeners (the traffic model) read
 * the container records they are handed.
 */
import type { EventKey } from '../../engine/simulator';
import type { Micros } from '../../engine/time';
import type { RandomStream } from '../../engine/random';
import type { ResolvedContainer } from '../cluster/spec';
import { mergeBehaviors, type MergedBehavior, type ResolvedBehavior } from '../behaviors';
import type { KubeletSettings } from './config';
import type { PodObj } from '../cluster/objects';
import type { ContainerStatus } from '../podStatus';

/** Where a running container is in its life, beyond what ContainerStatus shows. */
export interface ContainerRuntime {
  readonly pod: PodObj;
  /** The kubelet's record of the pod. */
  readonly podRuntime: PodRuntime;
  readonly spec: ResolvedContainer;
  readonly isInit: boolean;
  /** Index among init or app containers. */
  readonly index: number;
  /** The pod's status entry for this container (the kubelet publishes changes with a store update). */
  readonly status: ContainerStatus;
  /** The Behavior fields that apply to this container (merged; undefined = defaults). */
  readonly behavior: MergedBehavior;
  /** A new id per started container instance (0 = never started; probe workers reset on a new id). */
  instance: number;
  /** The pending timer of this container (pull done, start done, exit, kill deadline, back-off expiry). */
  timer?: EventKey;
  /** Set while the kubelet is stopping the container (liveness kill, pod deletion). */
  stopping?: { readonly reason: 'liveness' | 'startup' | 'delete' | 'action'; readonly since: Micros };
  /** From this time on the process refuses new connections (after SIGTERM, per its Behavior's keepAccepting); undefined = accepting. */
  refusingFrom?: Micros;
  /** The pending start of a drain (onSigterm.drain), beside the SIGKILL timer in `timer`. */
  drainTimer?: EventKey;
}

export interface PodRuntime {
  readonly pod: PodObj;
  /** The pod's own stream (`pod/<namespace>/<name>`): startup and exit draws. */
  readonly rng: RandomStream;
  readonly initContainers: ContainerRuntime[];
  readonly containers: ContainerRuntime[];
  /** Index of the init container the kubelet is working on; = initContainers.length once initialized. */
  initIndex: number;
  /** The kubelet has begun the pod's graceful termination. */
  terminating: boolean;
}

/** Init containers, then app containers. */
export function allContainers(rt: PodRuntime): ContainerRuntime[] {
  return rt.initContainers.length ? [...rt.initContainers, ...rt.containers] : [...rt.containers];
}

/** The kubelets' config: the Simulation's kubelet settings and the scenario's Behaviors (in load order). */
export interface KubeletConfig {
  readonly settings: KubeletSettings;
  readonly behaviors: readonly ResolvedBehavior[];
  /** Internal (tests): false gives every probe tick an event of its own instead of batching an instant's ticks. */
  readonly batchProbeTicks?: boolean;
}

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
  /**
   * The process wants to exit once its in-flight requests are done (onSigterm.drain): call `done` when none is left,
   * from an event of the listener's own (never synchronously inside this call). Listeners without requests omit it.
   */
  drain?(c: ContainerRuntime, done: () => void): void;
}

/** The kubelet's record of a newly bound pod: a runtime per container over the pod's status entries. */
export function newPodRuntime(pod: PodObj, rng: RandomStream, behaviors: readonly ResolvedBehavior[]): PodRuntime {
  const m = pod.metadata;
  const rt: { -readonly [K in keyof PodRuntime]: PodRuntime[K] } = { pod, rng, initContainers: [], containers: [], initIndex: 0, terminating: false };
  const runtime = (c: ResolvedContainer, isInit: boolean, index: number): ContainerRuntime => ({
    pod,
    podRuntime: rt,
    spec: c,
    isInit,
    index,
    status: (isInit ? pod.status.initContainerStatuses : pod.status.containerStatuses)[index],
    behavior: mergeBehaviors(behaviors, m.namespace, m.labels, c.name),
    instance: 0,
    // Set here though empty, so a container's record keeps one shape and no property array is added later (issue #13).
    timer: undefined,
    stopping: undefined,
    refusingFrom: undefined,
    drainTimer: undefined,
  });
  // Arrays of exact length (map, not push, which would leave room for 16).
  rt.initContainers = pod.spec.initContainers.map((c, i) => runtime(c, true, i));
  rt.containers = pod.spec.containers.map((c, i) => runtime(c, false, i));
  return rt;
}
