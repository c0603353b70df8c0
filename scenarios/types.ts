/**
 * The resolved scenario: every default applied, every quantity and duration parsed, every reference checked. The
 * loader (scenarios/load.ts) turns user YAML into this; the models only ever see this. Times are integer µs.
 * Nothing here is optional because a user left it out: optionality means "absent in Kubernetes too".
 */
import type { Micros } from '../engine/time';
import type { RestartPolicy } from '../models/podStatus';

/** Where an object came from, for messages and the run summary. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

// ---------------------------------------------------------------- distributions

/** A random (or fixed) non-negative duration. Draws come from the engine's named streams. */
export type DurationDist =
  | { readonly kind: 'fixed'; readonly value: Micros }
  | { readonly kind: 'uniform'; readonly min: Micros; readonly max: Micros }
  | { readonly kind: 'exponential'; readonly mean: Micros }
  /** Normal, clamped at 0. */
  | { readonly kind: 'normal'; readonly mean: Micros; readonly stddev: Micros }
  /** Log-normal given by its median and the σ of the underlying normal. */
  | { readonly kind: 'lognormal'; readonly median: Micros; readonly sigma: number };

/** An integer chosen with weights (a fixed value is one choice of weight 1). */
export interface IntChoice {
  readonly values: readonly number[];
  readonly weights: readonly number[];
}

// ---------------------------------------------------------------- Kubernetes objects, resolved

export interface Toleration {
  readonly key?: string;
  readonly operator: 'Equal' | 'Exists';
  readonly value?: string;
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  readonly tolerationSeconds?: number;
}

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export type ProbeType = 'liveness' | 'readiness' | 'startup';
export type ProbeHandler = 'exec' | 'httpGet' | 'tcpSocket' | 'grpc';

/** core/v1 Probe with SetDefaults_Probe applied (period 10 s, timeout 1 s, success 1, failure 3, delay 0). */
export interface ResolvedProbe {
  readonly handler: ProbeHandler;
  /** Short description for failure messages: `http://:8080/healthz`, `cat /tmp/healthy`, `:8080`. */
  readonly target: string;
  readonly initialDelay: Micros;
  readonly period: Micros;
  readonly timeout: Micros;
  readonly successThreshold: number;
  readonly failureThreshold: number;
  /** Probe-level terminationGracePeriodSeconds, when set. */
  readonly terminationGracePeriod?: Micros;
}

export interface ResolvedContainer {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  /** Requests (defaulted from limits when only limits are set, as SetDefaults_Pod does); 0 = none. */
  readonly requests: { readonly cpuMilli: number; readonly memoryBytes: number };
  /** Limits; 0 = none. */
  readonly limits: { readonly cpuMilli: number; readonly memoryBytes: number };
  readonly livenessProbe?: ResolvedProbe;
  readonly readinessProbe?: ResolvedProbe;
  readonly startupProbe?: ResolvedProbe;
  /** `Always` on an init container makes it a sidecar. */
  readonly restartPolicy?: 'Always';
  /** Hash of the container spec: part of the kubelet's back-off key (getStableKey). */
  readonly specHash: string;
}

export interface ResolvedPodSpec {
  readonly containers: readonly ResolvedContainer[];
  readonly initContainers: readonly ResolvedContainer[];
  readonly restartPolicy: RestartPolicy;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly nodeName?: string;
  readonly tolerations: readonly Toleration[];
  readonly terminationGracePeriod: Micros;
}

/** A pod template (of a workload) or a bare pod's metadata + spec. */
export interface ResolvedPodTemplate {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly spec: ResolvedPodSpec;
  /** The template as written (after YAML parsing), for the pod-template-hash. */
  readonly raw: unknown;
}

/** A compiled label selector plus its kubectl-style text. */
export interface ResolvedSelector {
  readonly matches: (labels: Readonly<Record<string, string>>) => boolean;
  readonly text: string;
}

export interface ResolvedNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly allocatable: { readonly cpuMilli: number; readonly memoryBytes: number; readonly pods: number };
  readonly unschedulable: boolean;
  readonly taints: readonly Taint[];
  readonly source: SourceRef;
}

export interface ResolvedPod {
  readonly namespace: string;
  readonly name: string;
  readonly template: ResolvedPodTemplate;
  readonly source: SourceRef;
}

export type WorkloadKind = 'Deployment' | 'ReplicaSet' | 'ReplicationController';

export interface ResolvedWorkload {
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  readonly selector: ResolvedSelector;
  readonly template: ResolvedPodTemplate;
  /** Deployment only (ready for rolling updates later). */
  readonly minReadySeconds: number;
  readonly source: SourceRef;
}

// ---------------------------------------------------------------- k8sim documents

export interface ProbeStep {
  /** Time since the container started from which this result holds. */
  readonly from: Micros;
  readonly result: 'success' | 'failure' | 'timeout';
  /** Output for the `Unhealthy` event (defaults from the probe's handler). */
  readonly output?: string;
}

/** How the selected containers behave. Fields left out of every matching Behavior take the documented defaults. */
export interface ResolvedBehavior {
  readonly name: string;
  /** undefined = every namespace. */
  readonly namespace?: string;
  readonly selector: ResolvedSelector;
  /** undefined = every container of the selected pods. */
  readonly container?: string;
  readonly imagePull?: DurationDist;
  readonly containerStart?: DurationDist;
  /** Exit after running this long, with this code. undefined = runs until killed. */
  readonly exit?: { readonly after: DurationDist; readonly code: IntChoice };
  readonly probes?: Partial<Record<ProbeType, readonly ProbeStep[]>>;
  /** What the process does on SIGTERM: exit after `after` with `code` (default 143), or ignore it (killed at the grace period, 137). */
  readonly onSigterm?: { readonly action: 'exit' | 'ignore'; readonly after: DurationDist; readonly code: number };
  readonly source: SourceRef;
}

export interface ObjectRef {
  readonly namespace: string;
  readonly name: string;
}

export type TimelineAction =
  | { readonly at: Micros; readonly action: 'scale'; readonly target: { readonly kind: WorkloadKind } & ObjectRef; readonly replicas: number; readonly source: SourceRef }
  | { readonly at: Micros; readonly action: 'deletePod'; readonly pods: PodPick; readonly source: SourceRef }
  | {
      readonly at: Micros;
      readonly action: 'killContainer';
      readonly pods: PodPick;
      /** undefined = every container. */
      readonly container?: string;
      readonly exitCode: number;
      /** Terminated reason: `Error`, or `OOMKilled`. */
      readonly reason: string;
      readonly source: SourceRef;
    }
  | { readonly at: Micros; readonly action: 'nodeDown' | 'nodeUp' | 'cordon' | 'uncordon'; readonly node: string; readonly source: SourceRef };

/** Which pods an action hits: one by name, or up to `count` of those matching a selector (in name order). */
export interface PodPick {
  readonly namespace: string;
  readonly name?: string;
  readonly selector?: ResolvedSelector;
  /** undefined = all that match. */
  readonly count?: number;
}

// ---------------------------------------------------------------- settings

export interface CrashLoopBackOffSettings {
  readonly initial: Micros;
  readonly max: Micros;
  readonly resetAfter: Micros;
}

export interface KubeletSettings {
  readonly crashLoopBackOff: CrashLoopBackOffSettings;
  /** Defaults for containers no Behavior gives a startup time. */
  readonly imagePull: DurationDist;
  readonly containerStart: DurationDist;
  /** Phase shown for pods on an unreachable node: `Unknown` (the product spec) or `Running` (current upstream). */
  readonly unreachablePodPhase: 'Unknown' | 'Running';
}

export interface SchedulerSettings {
  readonly initialBackoff: Micros;
  readonly maxBackoff: Micros;
  /** Unschedulable pods are retried at the latest after this long even without a cluster event. */
  readonly maxInUnschedulable: Micros;
}

export interface NodeLifecycleSettings {
  /** node-monitor-grace-period (50 s since v1.32; 40 s before). */
  readonly monitorGracePeriod: Micros;
  /** node-monitor-period. */
  readonly monitorPeriod: Micros;
  /** DefaultTolerationSeconds for not-ready/unreachable NoExecute taints. */
  readonly tolerationSeconds: number;
}

export interface EventSettings {
  /** client-go's aggregation of similar events into `(combined from similar events): …`. */
  readonly aggregate: boolean;
  /** client-go's spam filter (token bucket per source and object). */
  readonly spamFilter: boolean;
}

export interface ResolvedScenario {
  readonly name: string;
  readonly seed: string;
  readonly duration: Micros;
  readonly sampleInterval: Micros;
  readonly kubelet: KubeletSettings;
  readonly scheduler: SchedulerSettings;
  readonly nodeLifecycle: NodeLifecycleSettings;
  readonly events: EventSettings;
  readonly namespaces: readonly string[];
  readonly nodes: readonly ResolvedNode[];
  readonly pods: readonly ResolvedPod[];
  readonly workloads: readonly ResolvedWorkload[];
  readonly behaviors: readonly ResolvedBehavior[];
  /** Sorted by time; equal times keep document order. */
  readonly timeline: readonly TimelineAction[];
  /** One line per skipped document (`file:line: skipped ConfigMap/app-config: k8sim does not model ConfigMap yet`). */
  readonly warnings: readonly string[];
  /** Files read, in order. */
  readonly files: readonly string[];
}
