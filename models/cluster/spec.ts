/**
 * Kubernetes object specs as the simulation runs them: Nodes, Pods and their templates, workloads, Services, with
 * every API default applied and every quantity and duration parsed (times in µs). The scenario loader produces them;
 * the cluster models read them. Plain readonly data: no logic, and nothing here reads user input.
 */
import type { Micros } from '../../engine/time';
import type { RestartPolicy } from '../podStatus';
import type { LoadBalancingPolicy } from '../service/registry';

/** Where an object came from, for messages and the run summary. */
/**
 * Extended resources (`nvidia.com/gpu: 1`): integer amounts by resource name, on a node's allocatable and in a
 * container's requests; absent = none. Only the scheduler's NodeResourcesFit reads them (docs/scenario-reference.md).
 */
export type ExtendedResources = Readonly<Record<string, number>>;

export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

/** A namespaced object's name. */
export interface ObjectRef {
  readonly namespace: string;
  readonly name: string;
}

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
  readonly requests: { readonly cpuMilli: number; readonly memoryBytes: number; readonly extended?: ExtendedResources };
  /** Limits; 0 = none. */
  readonly limits: { readonly cpuMilli: number; readonly memoryBytes: number };
  readonly livenessProbe?: ResolvedProbe;
  readonly readinessProbe?: ResolvedProbe;
  readonly startupProbe?: ResolvedProbe;
  /** `Always` on an init container makes it a sidecar. */
  readonly restartPolicy?: 'Always';
  /** Hash of the container spec: part of the kubelet's back-off key (getStableKey). */
  readonly specHash: string;
  /** lifecycle.preStop: its handler, and for `sleep` its length (exec and httpGet take what the Behavior's preStop says). */
  readonly preStop?: ResolvedPreStop;
}

/** A container's lifecycle.preStop hook. */
export interface ResolvedPreStop {
  readonly handler: 'exec' | 'httpGet' | 'sleep';
  /** `sleep.seconds`, in µs (sleep only). */
  readonly sleep?: Micros;
  /** Short description for messages: `sleep 5`, `http://:8080/drain`, `sh -c sleep 5`. */
  readonly target: string;
}

export interface ResolvedPodSpec {
  readonly containers: readonly ResolvedContainer[];
  readonly initContainers: readonly ResolvedContainer[];
  readonly restartPolicy: RestartPolicy;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly nodeName?: string;
  readonly tolerations: readonly Toleration[];
  readonly terminationGracePeriod: Micros;
  /**
   * Required node affinity `matchFields metadata.name In [<node>]`, the one form k8sim models: set by the DaemonSet
   * controller on its pods (ReplaceDaemonSetPodNodeNameNodeAffinity) so the scheduler binds each to its node.
   */
  readonly requiredNodeName?: string;
  /** spec.affinity (node affinity, pod affinity and anti-affinity); undefined when absent. */
  readonly affinity?: ResolvedAffinity;
  /** spec.topologySpreadConstraints in order; empty when absent. */
  readonly topologySpreadConstraints: readonly ResolvedTopologySpreadConstraint[];
  /** spec.schedulerName, defaulted to `default-scheduler`: the scheduler profile that schedules the pod. */
  readonly schedulerName: string;
  /** spec.priorityClassName as written (the priority admission plugin resolves it at pod creation). */
  readonly priorityClassName?: string;
  /** spec.priority as written (admission refuses a value that differs from the class's). */
  readonly priority?: number;
  /** spec.preemptionPolicy as written (admission refuses a value that differs from the class's). */
  readonly preemptionPolicy?: PreemptionPolicy;
}

export type PreemptionPolicy = 'PreemptLowerPriority' | 'Never';

/** core/v1 NodeSelectorRequirement (matchExpressions: In NotIn Exists DoesNotExist Gt Lt; matchFields: In NotIn). */
export interface ResolvedNodeSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  readonly values: readonly string[];
}

/** core/v1 NodeSelectorTerm: its expressions and fields are ANDed. Both empty = the term selects nothing. */
export interface ResolvedNodeSelectorTerm {
  readonly matchExpressions: readonly ResolvedNodeSelectorRequirement[];
  readonly matchFields: readonly ResolvedNodeSelectorRequirement[];
}

export interface ResolvedPreferredSchedulingTerm {
  readonly weight: number;
  readonly preference: ResolvedNodeSelectorTerm;
}

/**
 * core/v1 PodAffinityTerm with matchLabelKeys / mismatchLabelKeys already merged into `labelSelector` (the API
 * server does this at pod creation, KEP-3633; the workload's pods share the merged selector since they share labels).
 */
export interface ResolvedPodAffinityTerm {
  /** undefined = nil selector: matches no pod. `{}` matches every pod. */
  readonly labelSelector?: LabelSelectorSpec;
  readonly namespaces: readonly string[];
  /** undefined = nil (selects no namespace); `{}` selects every namespace. */
  readonly namespaceSelector?: LabelSelectorSpec;
  readonly topologyKey: string;
  readonly matchLabelKeys: readonly string[];
  readonly mismatchLabelKeys: readonly string[];
}

export interface ResolvedWeightedPodAffinityTerm {
  readonly weight: number;
  readonly podAffinityTerm: ResolvedPodAffinityTerm;
}

export interface ResolvedPodAffinity {
  readonly required: readonly ResolvedPodAffinityTerm[];
  readonly preferred: readonly ResolvedWeightedPodAffinityTerm[];
}

export interface ResolvedAffinity {
  readonly nodeAffinity?: {
    /** requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms (ORed); undefined when absent. */
    readonly required?: readonly ResolvedNodeSelectorTerm[];
    readonly preferred: readonly ResolvedPreferredSchedulingTerm[];
  };
  readonly podAffinity?: ResolvedPodAffinity;
  readonly podAntiAffinity?: ResolvedPodAffinity;
}

/** core/v1 TopologySpreadConstraint as written (the plugin applies minDomains 1, Honor, Ignore when absent). */
export interface ResolvedTopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  /** undefined = nil selector (counts no pod). */
  readonly labelSelector?: LabelSelectorSpec;
  readonly minDomains?: number;
  readonly nodeAffinityPolicy?: 'Honor' | 'Ignore';
  readonly nodeTaintsPolicy?: 'Honor' | 'Ignore';
  readonly matchLabelKeys: readonly string[];
}

/** metav1.LabelSelector as written (validated by the loader). */
export interface LabelSelectorSpec {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
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
  /** The selector as written (a map selector as matchLabels), for the scheduler's default spreading. */
  readonly spec?: LabelSelectorSpec;
}

export interface ResolvedNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly allocatable: { readonly cpuMilli: number; readonly memoryBytes: number; readonly pods: number; readonly extended?: ExtendedResources };
  readonly unschedulable: boolean;
  readonly taints: readonly Taint[];
  readonly source: SourceRef;
  /** Static pod manifests the node's kubelet runs (namespace defaulted, names as written); none when absent. */
  readonly staticPods?: readonly ResolvedPod[];
  /** status.images: images already on the node (names as written) and their sizes, for ImageLocality; none when absent. */
  readonly images?: readonly NodeImage[];
  /** A node pool's `instanceType` (issue #10): the instance behind the node, billed from t = 0; none when absent. */
  readonly instance?: { readonly instanceType: string; readonly zone: string; readonly capacityType: 'on-demand' | 'spot' | 'reserved'; readonly pool: string };
}

/** core/v1 ContainerImage: the names of one image and its size in bytes. */
export interface NodeImage {
  readonly names: readonly string[];
  readonly sizeBytes: number;
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
  /** Deployment only: strategy, history, progress deadline, paused (undefined = the API defaults, DEPLOYMENT_DEFAULTS). */
  readonly deployment?: ResolvedDeploymentSpec;
  readonly source: SourceRef;
}

/** intstr.IntOrString as maxSurge / maxUnavailable take it. */
export type IntOrPercent = { readonly kind: 'int'; readonly value: number } | { readonly kind: 'percent'; readonly value: number };

/** The Deployment fields beyond what every workload has, with SetDefaults_Deployment applied. */
export interface ResolvedDeploymentSpec {
  readonly strategy: { readonly type: 'RollingUpdate' | 'Recreate'; readonly maxSurge: IntOrPercent; readonly maxUnavailable: IntOrPercent };
  /** undefined = keep every old ReplicaSet. */
  readonly revisionHistoryLimit?: number;
  /** Seconds; undefined = no deadline (2147483647 reads as none). */
  readonly progressDeadlineSeconds?: number;
  readonly paused: boolean;
}

/** SetDefaults_Deployment (pkg/apis/apps/v1/defaults.go): RollingUpdate 25% / 25%, history 10, deadline 600 s. */
export const DEPLOYMENT_DEFAULTS: ResolvedDeploymentSpec = {
  strategy: { type: 'RollingUpdate', maxSurge: { kind: 'percent', value: 25 }, maxUnavailable: { kind: 'percent', value: 25 } },
  revisionHistoryLimit: 10,
  progressDeadlineSeconds: 600,
  paused: false,
};

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
