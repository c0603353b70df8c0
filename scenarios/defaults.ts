/**
 * Every default the scenario loader applies, in one place, each with where it comes from. docs/scenario-reference.md
 * documents the same values; change both together. Plain data: no parsing, no logic.
 */
import { US_PER_MINUTE, US_PER_SECOND, type Micros } from '../engine/time';
import type { DurationDist } from './types';

const s = (n: number): Micros => n * US_PER_SECOND;
const fixed = (value: Micros): DurationDist => Object.freeze({ kind: 'fixed', value });

// ---------------------------------------------------------------- run

/** Namespace of objects without metadata.namespace (as the API server does). */
export const DEFAULT_NAMESPACE = 'default';
/** Run seed when neither the Simulation nor `--seed` gives one. */
export const DEFAULT_SEED = '1';
/** Virtual time simulated when neither the Simulation nor `--duration` gives one. */
export const DEFAULT_DURATION: Micros = 10 * US_PER_MINUTE;
/** Interval of the sampled traces (workloads.csv). */
export const DEFAULT_SAMPLE_INTERVAL: Micros = s(10);

// ---------------------------------------------------------------- kubelet

/** pkg/kubelet/kubelet.go: initialCrashLoopBackOff 10 s, MaxContainerBackOff 300 s, HasExpiredFunc 600 s. */
export const CRASH_LOOP_BACKOFF_DEFAULT = Object.freeze({ initial: s(10), max: s(300), resetAfter: s(600) });
/** Feature gate ReduceDefaultCrashLoopBackOffDecay (alpha, 1.33+): 1 s → 60 s; the 600 s reset is unchanged. */
export const CRASH_LOOP_BACKOFF_REDUCED = Object.freeze({ initial: s(1), max: s(60), resetAfter: s(600) });
export const CRASH_LOOP_BACKOFF_PRESETS = Object.freeze({ default: CRASH_LOOP_BACKOFF_DEFAULT, reduced: CRASH_LOOP_BACKOFF_REDUCED });

/** Image pull time of containers no Behavior times (a k8sim choice: small, fixed, so runs read easily). */
export const DEFAULT_IMAGE_PULL: DurationDist = fixed(s(1));
/** Container create + start time of containers no Behavior times (k8sim choice). */
export const DEFAULT_CONTAINER_START: DurationDist = fixed(s(1));
/** Phase of pods on an unreachable node: `Unknown`, as the product spec asks (upstream now keeps `Running`). */
export const DEFAULT_UNREACHABLE_POD_PHASE = 'Unknown' as const;

// ---------------------------------------------------------------- scheduler (pkg/scheduler/backend/queue)

/** DefaultPodInitialBackoffDuration. */
export const SCHEDULER_INITIAL_BACKOFF: Micros = s(1);
/** DefaultPodMaxBackoffDuration. */
export const SCHEDULER_MAX_BACKOFF: Micros = s(10);
/** DefaultPodMaxInUnschedulablePodsDuration. */
export const SCHEDULER_MAX_IN_UNSCHEDULABLE: Micros = 5 * US_PER_MINUTE;

// ---------------------------------------------------------------- node lifecycle (kube-controller-manager)

/** --node-monitor-grace-period: 50 s since v1.32 (PR #126287; 40 s before). */
export const NODE_MONITOR_GRACE_PERIOD: Micros = s(50);
/** --node-monitor-period. */
export const NODE_MONITOR_PERIOD: Micros = s(5);
/** DefaultTolerationSeconds admission plugin: not-ready/unreachable NoExecute tolerations of 300 s. */
export const DEFAULT_TOLERATION_SECONDS = 300;

// ---------------------------------------------------------------- events (client-go tools/record)

export const EVENTS_AGGREGATE = true;
export const EVENTS_SPAM_FILTER = true;

// ---------------------------------------------------------------- nodes

/**
 * A node pool's defaults; a scenario with no Node document and no nodePools gets exactly one pool of these
 * (3 nodes `node-1`…`node-3`, 4 CPU, 16Gi, 110 pods). pods 110 is the kubelet's maxPods default.
 */
export const NODE_POOL_DEFAULTS = Object.freeze({
  namePrefix: 'node',
  count: 3,
  cpuMilli: 4000,
  memoryBytes: 16 * 1024 ** 3,
  pods: 110,
});
/** Allocatable of a Node document without status.allocatable or status.capacity (the pool size, per resource). */
export const NODE_ALLOCATABLE_DEFAULTS = Object.freeze({
  cpuMilli: NODE_POOL_DEFAULTS.cpuMilli,
  memoryBytes: NODE_POOL_DEFAULTS.memoryBytes,
  pods: NODE_POOL_DEFAULTS.pods,
});
/** Labels the kubelet puts on its Node (pkg/kubelet/kubelet_node_status.go initialNode); added when missing. */
export function wellKnownNodeLabels(nodeName: string): Record<string, string> {
  return { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': nodeName, 'kubernetes.io/os': 'linux' };
}

// ---------------------------------------------------------------- pods (pkg/apis/core/v1/defaults.go)

/** SetDefaults_PodSpec. */
export const POD_RESTART_POLICY = 'Always' as const;
/** SetDefaults_PodSpec: DefaultTerminationGracePeriodSeconds. */
export const POD_TERMINATION_GRACE_PERIOD_SECONDS = 30;
/** SetDefaults_Probe (initialDelaySeconds is not defaulted: 0). */
export const PROBE_DEFAULTS = Object.freeze({
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
});
/** SetDefaults_Container: `Always` for an untagged or `:latest` image, `IfNotPresent` otherwise. */
export const IMAGE_PULL_POLICY_LATEST = 'Always' as const;
export const IMAGE_PULL_POLICY_TAGGED = 'IfNotPresent' as const;
/** Toleration operator when unset (core/v1 Toleration). */
export const TOLERATION_OPERATOR = 'Equal' as const;

// ---------------------------------------------------------------- workloads (pkg/apis/apps/v1/defaults.go, core/v1)

/** SetDefaults_Deployment / _ReplicaSet / _ReplicationController: replicas 1. */
export const WORKLOAD_REPLICAS = 1;
/** minReadySeconds is not defaulted: 0. */
export const WORKLOAD_MIN_READY_SECONDS = 0;

// ---------------------------------------------------------------- k8sim documents

/** Behavior `exit.code` when left out: a crash (`Error`); write 0 for a completion. */
export const BEHAVIOR_EXIT_CODE = 1;
/** Behavior `onSigterm` when left out: exit at once with 143 (128 + SIGTERM). */
export const ON_SIGTERM_ACTION = 'exit' as const;
export const ON_SIGTERM_AFTER: DurationDist = fixed(0);
export const ON_SIGTERM_EXIT_CODE = 143;
/** Timeline `killContainer`: SIGKILL's 137 with reason `Error` unless told otherwise. */
export const KILL_CONTAINER_EXIT_CODE = 137;
export const KILL_CONTAINER_REASON = 'Error' as const;
/** Weight of an IntChoice `choices` entry without `weight`. */
export const CHOICE_WEIGHT = 1;

// ---------------------------------------------------------------- Services (v1) and kube-proxy

/** Annotation choosing a Service's load-balancing policy (`RoundRobin` or `Random`). */
export const LOAD_BALANCING_ANNOTATION = 'k8sim.io/load-balancing';
/** Policy of Services without the annotation: the product spec names RoundRobin. */
export const SERVICE_LOAD_BALANCING = 'RoundRobin' as const;
/** kube-proxy minSyncPeriod (virtual-ips.md: "The default value of 1s"): endpoint changes reach the rules this late. */
export const PROXY_SYNC_DELAY: Micros = s(1);
/** SetDefaults_Service: `type` ClusterIP, `sessionAffinity` None, `protocol` TCP. */
export const SERVICE_TYPE = 'ClusterIP' as const;
export const SERVICE_SESSION_AFFINITY = 'None' as const;
export const SERVICE_PORT_PROTOCOL = 'TCP';
/** core/v1 DefaultClientIPServiceAffinitySeconds (3 h) and MaxClientIPServiceAffinitySeconds (1 day). */
export const CLIENT_IP_AFFINITY_TIMEOUT_SECONDS = 10800;
export const MAX_CLIENT_IP_AFFINITY_TIMEOUT_SECONDS = 86400;

// ---------------------------------------------------------------- metrics pipeline (metrics.k8s.io)

/**
 * `product-spec` (the default): CPU averaged over 60 s ("averaged over 1 minute"), refreshed every 15 s, first value
 * after a full window. `metrics-server`: today's deployments (15 s resolution, rate over the last two scrapes, the
 * 10 s fresh-container rule). Values in models/metrics/metricsServer.ts.
 */
export const METRICS_PRESET = 'product-spec' as const;

// ---------------------------------------------------------------- Traffic (k8sim/v1alpha1)

/** Poisson arrivals (seeded) unless `arrivals: even`. */
export const TRAFFIC_ARRIVALS = 'poisson' as const;
/** Clients per Traffic, equally popular (ClientIP affinity has this many clients to stick). */
export const TRAFFIC_CLIENTS = 100;
/** CPU time one request needs (one core for 10 ms = 10 millicore-seconds). */
export const TRAFFIC_REQUEST_CPU: DurationDist = fixed(10_000);
/** Memory a request holds in flight. */
export const TRAFFIC_REQUEST_MEMORY_BYTES = 0;
/** Interpolation between the rows of a `csv` profile (production samples are smoothed, not held). */
export const TRAFFIC_CSV_INTERPOLATION = 'linear' as const;

// ---------------------------------------------------------------- Behavior `serving` and `resources`

/** Processor sharing: every request in flight is served at once, sharing the pod's CPU equally. */
export const SERVING_DISCIPLINE = 'ProcessorSharing' as const;
/** A request is one thread: it never uses more than one core. */
export const SERVING_CPU_PER_REQUEST_MILLI = 1000;
