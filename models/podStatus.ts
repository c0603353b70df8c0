/**
 * Pod and container status shapes, as the kubelet reports them in core/v1 PodStatus (only the fields k8sim models).
 * Plain data: no behaviour lives here, and nothing here reads the clock.
 */
import type { Micros } from '../engine/time';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

export interface ContainerStateWaiting {
  readonly kind: 'waiting';
  /** `ContainerCreating`, `PodInitializing`, `CrashLoopBackOff`, ... */
  readonly reason: string;
  readonly message?: string;
}
export interface ContainerStateRunning {
  readonly kind: 'running';
  readonly startedAt: Micros;
}
export interface ContainerStateTerminated {
  readonly kind: 'terminated';
  readonly exitCode: number;
  /** `Completed` (exit 0), `Error` (non-zero), `OOMKilled`, `StartError`, `ContainerStatusUnknown`. */
  readonly reason: string;
  readonly message?: string;
  readonly startedAt: Micros;
  readonly finishedAt: Micros;
}
export type ContainerState = ContainerStateWaiting | ContainerStateRunning | ContainerStateTerminated;

/** core/v1 ContainerStatus. `state` undefined = the kubelet has reported no status for this container yet. */
export interface ContainerStatus {
  readonly name: string;
  state: ContainerState | undefined;
  lastTerminationState: ContainerStateTerminated | undefined;
  restartCount: number;
  ready: boolean;
  /** The startup probe has succeeded (or there is none) and the container is running. */
  started: boolean;
}

export type ConditionStatus = 'True' | 'False' | 'Unknown';
export type PodConditionType = 'PodScheduled' | 'Initialized' | 'ContainersReady' | 'Ready' | 'DisruptionTarget';

export interface PodCondition {
  readonly type: PodConditionType;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  lastTransitionTime: Micros;
}

/** Go-style reason for a terminated container from its exit code (containerd CRI: Completed / Error). */
export function terminatedReason(exitCode: number): 'Completed' | 'Error' {
  return exitCode === 0 ? 'Completed' : 'Error';
}
