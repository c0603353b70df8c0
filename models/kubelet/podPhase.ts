/**
 * The pod phase as the kubelet computes it from container statuses (getPhase), and the rule that keeps a terminal
 * phase once reported. Pure functions over read-only status shapes: never sets a phase ad hoc, never reads a clock.
 */
import type { ContainerStatus, PodPhase, RestartPolicy } from '../podStatus';

/** An init container as getPhase sees it: `restartPolicy: 'Always'` marks a sidecar (restartable init container). */
export interface InitContainerPhaseInput {
  readonly restartPolicy?: 'Always';
  /** undefined = no status reported for this container (podutil.GetContainerStatus found nothing). */
  readonly status: Readonly<ContainerStatus> | undefined;
}

export interface PodPhaseInput {
  readonly restartPolicy: RestartPolicy;
  /** In spec order. */
  readonly initContainers: readonly InitContainerPhaseInput[];
  /** The regular containers' statuses in spec order; undefined = no status reported. */
  readonly containers: readonly (Readonly<ContainerStatus> | undefined)[];
  /** The kubelet has decided the pod is finished (deleted, evicted, all containers done and not restarting). */
  readonly podIsTerminal: boolean;
  /** kubecontainer.HasAnyActiveRegularContainerStarted: some regular container has started in this pod. */
  readonly podHasInitialized: boolean;
  /** Static pods never get a terminal phase from podIsTerminal (upstream TODO #116484). Default false. */
  readonly isStaticPod?: boolean;
}

/**
 * kubernetes/kubernetes : pkg/kubelet/kubelet_pods.go : getPhase (read at commit 001a80e9), with the
 * ContainerRestartRules and RestartAllContainersOnContainerExits gates off (their defaults).
 *
 * A status whose `state` is undefined takes Go's `default:` branch (no Running/Terminated/Waiting set), which is
 * not the same as a missing status for sidecars (pendingSidecar++ as well as unknown++).
 * getPhase never returns Unknown.
 */
export function getPhase(input: PodPhaseInput): PodPhase {
  let pendingRegularInit = 0;
  let pendingSidecars = 0;
  let failedInitialization = 0;

  // regular init containers
  for (const init of input.initContainers) {
    if (init.restartPolicy === 'Always') continue;
    const s = init.status;
    if (s === undefined) {
      pendingRegularInit++;
      continue;
    }
    const state = s.state;
    if (state?.kind === 'running') {
      pendingRegularInit++;
    } else if (state?.kind === 'terminated') {
      if (state.exitCode !== 0) failedInitialization++;
    } else if (state?.kind === 'waiting') {
      const last = s.lastTerminationState;
      if (last !== undefined) {
        if (last.exitCode !== 0) failedInitialization++;
      } else {
        pendingRegularInit++;
      }
    } else {
      pendingRegularInit++;
    }
  }

  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;

  // sidecars (restartable init containers)
  for (const init of input.initContainers) {
    if (init.restartPolicy !== 'Always') continue;
    const s = init.status;
    if (s === undefined) {
      unknown++;
      continue;
    }
    const state = s.state;
    if (state?.kind === 'running') {
      if (!s.started) pendingSidecars++;
      running++;
    } else if (state?.kind === 'terminated') {
      // terminated sidecars do not count towards the phase
    } else if (state?.kind === 'waiting') {
      if (s.lastTerminationState === undefined) {
        pendingSidecars++;
        waiting++;
      }
    } else {
      pendingSidecars++;
      unknown++;
    }
  }

  // regular containers
  for (const s of input.containers) {
    if (s === undefined) {
      unknown++;
      continue;
    }
    const state = s.state;
    if (state?.kind === 'running') {
      running++;
    } else if (state?.kind === 'terminated') {
      stopped++;
      if (state.exitCode === 0) succeeded++;
    } else if (state?.kind === 'waiting') {
      // crash-looping (waiting with a last termination) counts as stopped, never as succeeded
      if (s.lastTerminationState !== undefined) stopped++;
      else waiting++;
    } else {
      unknown++;
    }
  }

  if (failedInitialization > 0 && input.restartPolicy === 'Never') return 'Failed';

  if (pendingRegularInit > 0 || (pendingSidecars > 0 && !input.podHasInitialized)) return 'Pending';
  if (waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (input.podIsTerminal && !input.isStaticPod) {
      return stopped === succeeded ? 'Succeeded' : 'Failed';
    }
    if (input.restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (input.restartPolicy === 'Never') return 'Failed';
    return 'Running'; // OnFailure: at least one failed container will restart
  }
  return 'Pending';
}

export function isTerminalPhase(phase: PodPhase): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * kubernetes/kubernetes : pkg/kubelet/kubelet_pods.go : (*Kubelet).generateAPIPodStatus: once the status manager
 * or the API shows Succeeded/Failed, a newly computed phase never replaces it ("Pod attempted illegal phase
 * transition" is logged and the old phase is forced back). `previous` undefined = no phase reported yet.
 */
export function stickyPhase(previous: PodPhase | undefined, computed: PodPhase): PodPhase {
  if (previous !== undefined && isTerminalPhase(previous)) return previous;
  return computed;
}
