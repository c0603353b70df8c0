/**
 * What the models tell the outside world: typed trace records, one method per trace. The models call it; reports/
 * implements it (CSV files) and tests implement it (arrays). Models never format, sort or write files themselves.
 */
import type { Micros } from '../engine/time';

export interface PodRecord {
  readonly time: Micros;
  readonly namespace: string;
  readonly pod: string;
  readonly node: string;
  readonly phase: string;
  readonly ready: boolean;
  /** kubectl's STATUS column for the pod (`Running`, `CrashLoopBackOff`, `Init:0/1`, `Terminating`, `Deleted`). */
  readonly status: string;
  /** Empty for a row about the pod as a whole. */
  readonly container: string;
  /** `waiting`, `running`, `terminated`, or empty. */
  readonly containerState: string;
  readonly reason: string;
  /** Exit code of a terminated container, else undefined. */
  readonly exitCode: number | undefined;
  readonly restarts: number | undefined;
}

export interface EventRecord {
  readonly time: Micros;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly fieldPath: string;
  readonly message: string;
  readonly count: number;
  readonly source: string;
}

export interface NodeRecord {
  readonly time: Micros;
  readonly node: string;
  /** Node Ready condition: True, False or Unknown. */
  readonly ready: string;
  readonly schedulable: boolean;
  readonly cpuRequestedMilli: number;
  readonly cpuAllocatableMilli: number;
  readonly memoryRequestedBytes: number;
  readonly memoryAllocatableBytes: number;
  readonly pods: number;
  readonly podsAllocatable: number;
  /** The node's cloud instance (issue #10): type, zone, capacity type, $/h, owner (`NodeGroup/<g>`, `NodePool/<p>`); '' / undefined for a node without an instance type. */
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: string;
  readonly pricePerHour: number | undefined;
  readonly owner: string;
  /** Why this row: `added` (a scenario node at t = 0), `registered`, `ready`, `removed: <reason>`, or '' (another change). */
  readonly reason: string;
}

export interface WorkloadRecord {
  readonly time: Micros;
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  readonly desired: number;
  readonly current: number;
  readonly ready: number;
  readonly available: number;
  /** Jobs only: status.succeeded and status.failed (written when the scenario has Jobs or CronJobs). */
  readonly succeeded?: number;
  readonly failed?: number;
}

/** hpa.csv: one HPA sync. */
export interface HpaRecord {
  readonly time: Micros;
  readonly namespace: string;
  readonly hpa: string;
  readonly policy: string;
  readonly targetKind: string;
  readonly targetName: string;
  readonly currentReplicas: number;
  readonly readyPods: number;
  /** Replicas the offered load needs at the HPA's CPU target (null when k8sim cannot tell): the demand of the elasticity figures. */
  readonly demandReplicas: number | null;
  readonly metrics: readonly { readonly name: string; readonly value: number | null; readonly proposal: number | null }[];
  readonly stabilized: number | null;
  readonly desiredReplicas: number;
  readonly limitReason: string | null;
  readonly conditions: Readonly<Record<string, string>>;
  readonly reason: string | null;
}

/** One Service's request counts over one sample interval (ServiceStats.takeInterval). */
export interface ServiceInterval {
  readonly arrivals: number;
  readonly completed: number;
  readonly timeout: number;
  readonly rejected: number;
  readonly noEndpoints: number;
  readonly failed: number;
  /** Latency of the successes of the interval (µs): HdrHistogram percentiles capped at the exact maximum. */
  readonly p50: Micros | undefined;
  readonly p95: Micros | undefined;
  readonly p99: Micros | undefined;
  readonly max: Micros | undefined;
  /** Successes slower than the scenario's latency SLO; undefined without an SLO. */
  readonly overSlo: number | undefined;
}

/** services.csv: one Service over one sample interval. Latencies in µs (undefined: no success in the interval). */
export interface ServiceRecord extends ServiceInterval {
  readonly time: Micros;
  readonly namespace: string;
  readonly service: string;
  /** Endpoints the load balancer routes to at `time` (after the kube-proxy sync delay). */
  readonly endpoints: number;
}

/** pod_metrics.csv: one pod at one sample time. */
export interface PodMetricsRecord {
  readonly time: Micros;
  readonly namespace: string;
  readonly pod: string;
  /** Average CPU used over the sample interval ending at `time` (since the pod's first container start if later), millicores. */
  readonly cpuUsageMilli: number;
  readonly cpuRequestMilli: number;
  /** cpuUsageMilli ÷ cpuRequestMilli × 100; undefined without a request. */
  readonly cpuUtilizationPct: number | undefined;
  readonly memoryBytes: number;
  readonly inFlight: number;
  /** What metrics.k8s.io serves for the pod at `time` (the HPA's input), millicores; undefined when it has none. */
  readonly metricsServerCpuMilli: number | undefined;
}

/** requests.csv: one request's outcome, at the time the client learned it. */
export interface RequestRecord {
  readonly time: Micros;
  readonly namespace: string;
  readonly service: string;
  readonly traffic: string;
  readonly client: number;
  /** The pod the load balancer picked ('' for a 503). */
  readonly pod: string;
  readonly latency: Micros;
  readonly outcome: string;
  /** When the client sent it. */
  readonly sent: Micros;
  /** Queueing: from sending until service started (or until the outcome, if it never started); 0 under processor sharing. */
  readonly wait: Micros;
  /** From the start of service to the outcome (0 if service never started); wait + service = latency. */
  readonly serviceTime: Micros;
}

/** rollouts.csv: one Deployment rollout, written when it ends (or at the end of the run). */
export interface RolloutRecord {
  readonly start: Micros;
  readonly end: Micros;
  readonly namespace: string;
  readonly deployment: string;
  readonly strategy: string;
  /** The deployment.kubernetes.io/revision annotation before and after. */
  readonly fromRevision: string;
  readonly toRevision: string;
  /** Complete, Superseded (another template change came first), ProgressDeadlineExceeded or Unfinished (at the end of the run), Deleted. */
  readonly outcome: 'Complete' | 'Superseded' | 'ProgressDeadlineExceeded' | 'Unfinished' | 'Deleted';
  /** spec.replicas at the end. */
  readonly desired: number;
  /** The fewest available pods (Σ over its ReplicaSets) while it ran. */
  readonly lowestAvailable: number;
  /** The most pods (Σ of its ReplicaSets' status.replicas) above spec.replicas while it ran. */
  readonly maxSurge: number;
  /** Requests of the Services selecting its pods that failed (refused, rejected, no endpoints) or timed out while it ran. */
  readonly requestsFailed: number;
  readonly requestsTimedOut: number;
}

/** kubectl.csv: one line kubectl printed for a timeline `drain`, `evict` or `delete` (stdout or stderr). */
export interface KubectlRecord {
  readonly time: Micros;
  /** The command the action stands for (`kubectl drain node-1 --ignore-daemonsets`). */
  readonly command: string;
  readonly stream: 'stdout' | 'stderr';
  readonly message: string;
}

/** One node's score in a scheduling.csv row: its weighted total and each scoring plugin's weighted part. */
export interface NodeScoreRecord {
  readonly node: string;
  readonly total: number;
  /** Plugin name → weighted score, in the profile's plugin order; skipped plugins are absent. */
  readonly plugins: readonly (readonly [string, number])[];
}

/** scheduling.csv (`--trace-scheduling`): one scheduling attempt of one pod. */
export interface SchedulingRecord {
  readonly time: Micros;
  readonly namespace: string;
  readonly pod: string;
  /** 1 for the pod's first attempt. */
  readonly attempt: number;
  /** The profile (spec.schedulerName). */
  readonly scheduler: string;
  /** Scheduled, Unschedulable, or Nominated (unschedulable, but preemption nominated a node). */
  readonly outcome: 'Scheduled' | 'Unschedulable' | 'Nominated';
  /** The chosen (or nominated) node; '' when none. */
  readonly node: string;
  /** Nodes that passed the filters, and nodes examined (the search stops at numFeasibleNodesToFind). */
  readonly feasibleNodes: number;
  readonly evaluatedNodes: number;
  /** The best-scoring nodes (at most 3), best first; empty when no scoring happened (0 or 1 feasible node). */
  readonly top: readonly NodeScoreRecord[];
  /** The FitError (with the preemption part) of an unschedulable attempt; '' when scheduled. */
  readonly message: string;
}

/**
 * node_autoscaler.csv (issue #10): one decision of a node autoscaler. The Cluster Autoscaler (`cluster-autoscaler`)
 * and the Karpenter-style provisioner (`karpenter`) write the same shape.
 */
export interface NodeAutoscalerRecord {
  readonly time: Micros;
  /** `cluster-autoscaler` or `karpenter`. */
  readonly autoscaler: string;
  /**
   * What was decided: CA `scale-up`, `no-scale-up`, `scale-up-timeout`, `scale-up-failed`, `backoff`, `unneeded`,
   * `scale-down`, `scale-down-empty`, `node-removed`, `scale-down-failed`, `unhealthy`; Karpenter its own verbs.
   */
  readonly action: string;
  /** The node group (CA) or NodePool (Karpenter); '' when cluster-wide. */
  readonly owner: string;
  /** The node concerned; '' when none. */
  readonly node: string;
  /** Group size before and after (scale-up / scale-down); undefined when not a size change. */
  readonly from: number | undefined;
  readonly to: number | undefined;
  /** Why, in upstream's words (an event message or reason). */
  readonly reason: string;
  /** Pods concerned (triggering, moved), `namespace/name` joined by spaces; '' when none. */
  readonly pods: string;
}

export interface Recorder {
  pod(r: PodRecord): void;
  event(r: EventRecord): void;
  node(r: NodeRecord): void;
  workload(r: WorkloadRecord): void;
  /** Traces of issue #3 (optional, so a recorder that does not keep them need not implement them). */
  service?(r: ServiceRecord): void;
  podMetrics?(r: PodMetricsRecord): void;
  request?(r: RequestRecord): void;
  /** hpa.csv (issue #4): one row per HPA sync. */
  hpa?(r: HpaRecord): void;
  /** rollouts.csv (issue #8): one row per Deployment rollout. */
  rollout?(r: RolloutRecord): void;
  /** kubectl.csv (issue #8): what kubectl printed for timeline drain / evict / delete actions. */
  kubectl?(r: KubectlRecord): void;
  /** scheduling.csv (issue #9, `--trace-scheduling`): one row per scheduling attempt. */
  scheduling?(r: SchedulingRecord): void;
  /** node_autoscaler.csv (issue #10): one row per node-autoscaler decision. */
  nodeAutoscaler?(r: NodeAutoscalerRecord): void;
}

/** A recorder that keeps every record in memory: for tests and small tools. */
export class MemoryRecorder implements Recorder {
  readonly pods: PodRecord[] = [];
  readonly events: EventRecord[] = [];
  readonly nodes: NodeRecord[] = [];
  readonly workloads: WorkloadRecord[] = [];
  readonly services: ServiceRecord[] = [];
  readonly podMetricRows: PodMetricsRecord[] = [];
  readonly requests: RequestRecord[] = [];
  readonly hpas: HpaRecord[] = [];
  readonly rollouts: RolloutRecord[] = [];
  readonly kubectlLines: KubectlRecord[] = [];
  kubectl(r: KubectlRecord): void {
    this.kubectlLines.push(r);
  }
  readonly nodeAutoscalerRows: NodeAutoscalerRecord[] = [];
  nodeAutoscaler(r: NodeAutoscalerRecord): void {
    this.nodeAutoscalerRows.push(r);
  }
  readonly schedulingRows: SchedulingRecord[] = [];
  scheduling(r: SchedulingRecord): void {
    this.schedulingRows.push(r);
  }
  hpa(r: HpaRecord): void {
    this.hpas.push(r);
  }
  rollout(r: RolloutRecord): void {
    this.rollouts.push(r);
  }
  pod(r: PodRecord): void {
    this.pods.push(r);
  }
  event(r: EventRecord): void {
    this.events.push(r);
  }
  node(r: NodeRecord): void {
    this.nodes.push(r);
  }
  workload(r: WorkloadRecord): void {
    this.workloads.push(r);
  }
  service(r: ServiceRecord): void {
    this.services.push(r);
  }
  podMetrics(r: PodMetricsRecord): void {
    this.podMetricRows.push(r);
  }
  request(r: RequestRecord): void {
    this.requests.push(r);
  }
}
