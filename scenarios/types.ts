/**
 * The resolved scenario: every default applied, every quantity and duration parsed, every reference checked. The
 * loader (scenarios/load.ts) turns user YAML into this; the models only ever see this. Times are integer µs.
 * Nothing here is optional because a user left it out: optionality means "absent in Kubernetes too".
 */
import type { Micros } from '../engine/time';
import type { RestartPolicy } from '../models/podStatus';
import type { HpaControllerSettings } from '../models/hpa/settings';
import type { ResolvedAutoscaler, ResolvedExternalMetric } from './autoscalers';
import type { InputFile } from './inputFiles';
import type { LoadBalancingPolicy } from '../models/service/registry';
import type { QueueDiscipline } from '../models/traffic/podServer';
import type { Interpolation, RatePoint } from '../models/traffic/profile';
import type { Popularity } from '../models/traffic/clients';

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

/** v1 Service, as the simulation routes it (every type is routed the same way inside the cluster). */
export interface ResolvedService {
  readonly namespace: string;
  readonly name: string;
  readonly type: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /** spec.selector; undefined = a Service without a selector (no endpoints: every request gets a 503). */
  readonly selector?: ResolvedSelector;
  readonly ports: readonly { readonly name?: string; readonly port: number; readonly protocol: string }[];
  readonly sessionAffinity: 'None' | 'ClientIP';
  /** sessionAffinityConfig.clientIP.timeoutSeconds (ClientIP only; defaulted to 10800). */
  readonly affinityTimeoutSeconds?: number;
  /** From the `k8sim.io/load-balancing` annotation, else the Simulation's `services.loadBalancing`. */
  readonly loadBalancing: LoadBalancingPolicy;
  readonly source: SourceRef;
}

// ---------------------------------------------------------------- k8sim documents

/** A Traffic's request rate over time (profile times are seconds since the start of the run, in µs). */
export type RateProfileSpec =
  | { readonly kind: 'constant'; readonly rps: number }
  /** Piecewise: steps (interpolation `step`), a ramp or a replayed CSV file (`linear` or `step`). */
  | { readonly kind: 'piecewise'; readonly points: readonly RatePoint[]; readonly interpolation: Interpolation }
  | { readonly kind: 'sine'; readonly minRps: number; readonly maxRps: number; readonly period: Micros; readonly phase: Micros }
  | { readonly kind: 'diurnal'; readonly minRps: number; readonly maxRps: number; readonly peakAt: Micros };

/** k8sim/v1alpha1 Traffic: open-loop requests to a Service. */
export interface ResolvedTraffic {
  readonly namespace: string;
  readonly name: string;
  /** The target Service's name (in `namespace`). */
  readonly service: string;
  readonly profile: RateProfileSpec;
  readonly arrivals: 'poisson' | 'even';
  readonly clients: { readonly count: number; readonly popularity: Popularity };
  /** CPU time one request needs, as a duration of one full core (25 ms = 25 millicore-seconds). */
  readonly cpu: DurationDist;
  /** Memory a request holds while in flight, bytes. */
  readonly memoryBytes: number;
  /** Client timeout; undefined = the client waits for ever. */
  readonly timeout?: Micros;
  readonly source: SourceRef;
}

/** How a pod serves requests (Behavior `serving`): the queueing discipline of models/traffic/podServer.ts. */
export interface ServingSettings {
  readonly discipline: QueueDiscipline;
  /** FIFO: slots; ProcessorSharing: in-flight limit. Infinity = none. */
  readonly concurrency: number;
  /** FIFO: waiting requests beyond the slots (Infinity = unbounded); ProcessorSharing: 0. */
  readonly queueLimit: number;
  /** Most CPU one request can use, millicores. */
  readonly perRequestMilli: number;
}

/** What a running container uses besides request work (Behavior `resources`). */
export interface ResourceUsage {
  /** Idle CPU while running, millicores. */
  readonly cpuMilli: number;
  /** Memory with no request in flight, bytes. */
  readonly memoryBytes: number;
  /** Memory growth: `bytes` more every `every` µs since the container started (integer bytes, continuous). */
  readonly memoryLeak?: { readonly bytes: number; readonly every: Micros };
}

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
  /** Idle CPU, memory baseline and leak; fields left out are 0 / none. */
  readonly resources?: Partial<ResourceUsage>;
  /** How the container serves requests, as a whole block (only a pod's first app container serves requests). */
  readonly serving?: ServingSettings;
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

export interface ServiceSettings {
  /** Policy of Services without the `k8sim.io/load-balancing` annotation. */
  readonly loadBalancing: LoadBalancingPolicy;
  /** kube-proxy sync delay: an endpoint change reaches the load balancers this long after it happened. */
  readonly proxySyncDelay: Micros;
}

export interface MetricsSettings {
  /** The preset the values below came from (`product-spec` or `metrics-server`), for run.json readers. */
  readonly preset: 'product-spec' | 'metrics-server';
  /** CPU averaging window; a whole number of resolutions. */
  readonly window: Micros;
  /** Scrape period (metrics-server --metric-resolution). */
  readonly resolution: Micros;
  /** metrics-server's fresh-container rule (10 s), or null to always require a full window. */
  readonly freshContainerMinResolution: Micros | null;
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
  /** Simulation `services`: the load-balancing default and the kube-proxy sync delay. */
  readonly serviceSettings: ServiceSettings;
  readonly metrics: MetricsSettings;
  /** kube-controller-manager's HPA settings (Simulation spec.hpaController). */
  readonly hpaController: HpaControllerSettings;
  /** The latency SLO the summary measures against (Simulation spec.slo); null = none. */
  readonly slo: { readonly latency: Micros } | null;
  readonly namespaces: readonly string[];
  readonly nodes: readonly ResolvedNode[];
  readonly pods: readonly ResolvedPod[];
  readonly workloads: readonly ResolvedWorkload[];
  readonly behaviors: readonly ResolvedBehavior[];
  /** v1 Services, in document order. */
  readonly services: readonly ResolvedService[];
  /** Traffic documents, in document order. */
  readonly traffic: readonly ResolvedTraffic[];
  /** Sorted by time; equal times keep document order. */
  readonly timeline: readonly TimelineAction[];
  /** HorizontalPodAutoscalers with the policy that decides for each. */
  readonly autoscalers: readonly ResolvedAutoscaler[];
  /** External metric series (ExternalMetric documents), in document order. */
  readonly externalMetrics: readonly ResolvedExternalMetric[];
  /** One line per skipped document (`file:line: skipped ConfigMap/app-config: k8sim does not model ConfigMap yet`). */
  readonly warnings: readonly string[];
  /** Files read, in order. */
  readonly files: readonly string[];
  /** Every file the load read, in load order (YAML files, rate and metric CSVs, policy modules), with content digests. */
  readonly inputFiles: readonly InputFile[];
}
