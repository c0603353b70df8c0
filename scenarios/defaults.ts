/**
 * Every default the scenario loader applies, in one place, each with where it comes from. A model's own settings
 * (kubelet, scheduler, node lifecycle, events, Services, metrics, HPA controller, serving) are defined by that model
 * and re-exported here, so this stays the one list; the API and k8sim-document defaults are defined here.
 * docs/scenario-reference.md documents the same values; change both together. Plain data: no parsing, no logic.
 */
import { milliseconds, minutes, seconds, ZERO, type Micros } from '../engine/time';
import type { DurationDist } from '../models/draw';

const fixed = (value: Micros): DurationDist => Object.freeze({ kind: 'fixed', value });

// ---------------------------------------------------------------- run

/** Namespace of objects without metadata.namespace (as the API server does). */
export const DEFAULT_NAMESPACE = 'default';
/** Run seed when neither the Simulation nor `--seed` gives one. */
export const DEFAULT_SEED = '1';
/** Virtual time simulated when neither the Simulation nor `--duration` gives one. */
export const DEFAULT_DURATION: Micros = minutes(10);
/**
 * The wall-clock instant virtual time 0 stands for (Simulation startTime), Unix µs: 2026-01-01T00:00:00Z. Fixed, so
 * CronJob schedules, Job names and their annotations are the same in every run.
 */
export const DEFAULT_START_TIME = Date.UTC(2026, 0, 1) * 1000;
/** Interval of the sampled traces (workloads.csv). */
export const DEFAULT_SAMPLE_INTERVAL: Micros = seconds(10);

// ---------------------------------------------------------------- kubelet (models/kubelet/config.ts)

/**
 * Crash-loop back-off presets (default 10 s → 300 s, reduced 1 s → 60 s, reset after 600 s), image pull and container
 * start of containers no Behavior times (fixed 1 s each), pods on an unreachable node shown `Unknown`.
 */
export {
  CRASH_LOOP_BACKOFF_DEFAULT,
  CRASH_LOOP_BACKOFF_REDUCED,
  CRASH_LOOP_BACKOFF_PRESETS,
  DEFAULT_IMAGE_PULL,
  DEFAULT_CONTAINER_START,
  DEFAULT_UNREACHABLE_POD_PHASE,
} from '../models/kubelet/config';

// ---------------------------------------------------------------- scheduler (models/scheduler/config.ts)

/** pkg/scheduler/backend/queue: back-off 1 s → 10 s, unschedulable pods retried after 5 min at the latest. */
export { SCHEDULER_INITIAL_BACKOFF, SCHEDULER_MAX_BACKOFF, SCHEDULER_MAX_IN_UNSCHEDULABLE } from '../models/scheduler/config';

// ---------------------------------------------------------------- node lifecycle (models/controllers/nodeLifecycleConfig.ts)

/** kube-controller-manager: grace period 50 s, monitor period 5 s; NoExecute tolerations of 300 s. */
export { NODE_MONITOR_GRACE_PERIOD, NODE_MONITOR_PERIOD, DEFAULT_TOLERATION_SECONDS } from '../models/controllers/nodeLifecycleConfig';

// ---------------------------------------------------------------- events (models/kubeEventsConfig.ts)

/** client-go tools/record: aggregation and spam filter on. */
export { EVENTS_AGGREGATE, EVENTS_SPAM_FILTER } from '../models/kubeEventsConfig';

// ---------------------------------------------------------------- HPA controller (models/hpa/settings.ts)

/** kube-controller-manager's --horizontal-pod-autoscaler-* flags: sync 15 s, tolerance 0.1, … */
export { DEFAULT_HPA_CONTROLLER_SETTINGS } from '../models/hpa/settings';

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
/** SetDefaults_PodSpec: schedulerName `default-scheduler` (v1.DefaultSchedulerName). */
export const POD_SCHEDULER_NAME = 'default-scheduler';
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
export const ON_SIGTERM_AFTER: DurationDist = fixed(ZERO);
export const ON_SIGTERM_EXIT_CODE = 143;
/** Timeline `killContainer`: SIGKILL's 137 with reason `Error` unless told otherwise. */
export const KILL_CONTAINER_EXIT_CODE = 137;
export const KILL_CONTAINER_REASON = 'Error' as const;
/** Weight of an IntChoice `choices` entry without `weight`. */
export const CHOICE_WEIGHT = 1;

// ---------------------------------------------------------------- Services (v1) and kube-proxy

/** Annotation choosing a Service's load-balancing policy (`RoundRobin` or `Random`). */
export const LOAD_BALANCING_ANNOTATION = 'k8sim.io/load-balancing';
/** Services without the annotation: RoundRobin; kube-proxy's sync delay 1 s (models/service/config.ts). */
export { SERVICE_LOAD_BALANCING, PROXY_SYNC_DELAY } from '../models/service/config';
/** SetDefaults_Service: `type` ClusterIP, `sessionAffinity` None, `protocol` TCP. */
export const SERVICE_TYPE = 'ClusterIP' as const;
export const SERVICE_SESSION_AFFINITY = 'None' as const;
export const SERVICE_PORT_PROTOCOL = 'TCP';
/** core/v1 DefaultClientIPServiceAffinitySeconds (3 h) and MaxClientIPServiceAffinitySeconds (1 day). */
export const CLIENT_IP_AFFINITY_TIMEOUT_SECONDS = 10800;
export const MAX_CLIENT_IP_AFFINITY_TIMEOUT_SECONDS = 86400;

// ---------------------------------------------------------------- metrics pipeline (models/metrics/config.ts)

/** `product-spec`: CPU averaged over 60 s, refreshed every 15 s (the presets' values: models/metrics/metricsServer.ts). */
export { METRICS_PRESET } from '../models/metrics/config';

// ---------------------------------------------------------------- Traffic (k8sim/v1alpha1)

/** Poisson arrivals (seeded) unless `arrivals: even`. */
export const TRAFFIC_ARRIVALS = 'poisson' as const;
/** Clients per Traffic, equally popular (ClientIP affinity has this many clients to stick). */
export const TRAFFIC_CLIENTS = 100;
/** CPU time one request needs (one core for 10 ms = 10 millicore-seconds). */
export const TRAFFIC_REQUEST_CPU: DurationDist = fixed(milliseconds(10));
/** Memory a request holds in flight. */
export const TRAFFIC_REQUEST_MEMORY_BYTES = 0;
/** Interpolation between the rows of a `csv` profile (production samples are smoothed, not held). */
export const TRAFFIC_CSV_INTERPOLATION = 'linear' as const;
/** `retry` without `attempts`: Envoy's default num_retries 1, i.e. two attempts. */
export const TRAFFIC_RETRY_ATTEMPTS = 2;
/** `retry` without `on`: every error (Envoy's `5xx`: 5xx responses, refused or reset connections and timeouts). */
export const TRAFFIC_RETRY_ON = ['timeout', 'rejected', 'failed', 'no_endpoints'] as const;
/** Backoff: Envoy's base interval 25 ms and cap 10 × base, doubling, fully jittered (gRPC's random(0, b)). */
export const TRAFFIC_RETRY_BACKOFF = Object.freeze({ initial: milliseconds(25), max: milliseconds(250), multiplier: 2, jitter: 1 });
/** Retry budget: Finagle's RetryBudget() defaults (percentCanRetry 0.2, minRetriesPerSec 10, ttl 10 s). */
export const TRAFFIC_RETRY_BUDGET = Object.freeze({ ratio: 0.2, minPerSecond: 10, ttl: seconds(10) });
/** Traffic `mode`: one event per request. */
export const TRAFFIC_MODE = 'requests' as const;
/** Traffic `fluidStep` (fluid mode's time step). */
export { FLUID_DEFAULT_STEP as TRAFFIC_FLUID_STEP } from '../models/traffic/fluid/fluidModel';

// ---------------------------------------------------------------- Behavior `serving` (models/traffic/serving.ts)

/** Processor sharing, no concurrency limit, at most one core per request: DEFAULT_SERVING for containers without `serving`. */
export { SERVING_DISCIPLINE, SERVING_CPU_PER_REQUEST_MILLI, DEFAULT_SERVING } from '../models/traffic/serving';
/** A probe costs 0.5 ms of one core in the container (Behavior probes.cpu); probes.default is fromLoad. */
export { DEFAULT_PROBE_CPU, DEFAULT_PROBE_RESULT } from '../models/kubelet/config';

/** DaemonSet (apps/v1 SetDefaults_DaemonSet): RollingUpdate with maxUnavailable 1 and maxSurge 0. */
export const DAEMONSET_MAX_UNAVAILABLE = 1;
export const DAEMONSET_MAX_SURGE = 0;
/** StatefulSet (apps/v1 SetDefaults_StatefulSet): OrderedReady, RollingUpdate with partition 0 and maxUnavailable 1, ordinals from 0. */
export const STATEFULSET_POD_MANAGEMENT_POLICY = 'OrderedReady';
export const STATEFULSET_PARTITION = 0;
export const STATEFULSET_MAX_UNAVAILABLE = 1;
export const STATEFULSET_ORDINALS_START = 0;
