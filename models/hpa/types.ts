/**
 * The shapes the HPA arithmetic reads and returns: pods with their metrics, the HPA manifest as written
 * (autoscaling/v1 or v2), the resolved v2 spec, the controller's history, conditions and events.
 * Types only (plus one constant). Times are integer microseconds (`Micros`) on the simulation's axis.
 */
import { seconds, type Micros } from '../../engine/time';
import type { PodPhase } from '../podStatus';

/**
 * Stand-in for Go's zero `time.Time` (year 1): a time long before any simulated instant. Finite on purpose, so
 * `LONG_AGO + window` stays later than `LONG_AGO`, as `time.Time{}.Add(window)` is later than `time.Time{}`.
 */
export const LONG_AGO: Micros = seconds(-1e9); // −10¹⁵ µs, about 32 years before the start

/** Tolerances in replica_calculator.go: a ratio is within when 1 - scaleDown <= ratio <= 1 + scaleUp. */
export interface Tolerances {
  readonly scaleUp: number;
  readonly scaleDown: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Pods and metrics (what the pod informer and the metrics APIs would return)

/** The pod's Ready condition: its status and when it last changed (whatever the status). */
export interface HpaPodReadyCondition {
  readonly status: 'True' | 'False' | 'Unknown';
  readonly lastTransitionTime: Micros;
}

/** A regular container, or an init container with `restartPolicy: Always` (a sidecar): both count for requests. */
export interface HpaPodContainer {
  readonly name: string;
  /** spec.resources.requests in milli-units (Quantity.MilliValue()), by resource name (`cpu`, `memory`, ...). */
  readonly requests: Readonly<Record<string, number>>;
}

/** One sample of a pod in the metrics APIs (metrics.k8s.io for cpu/memory, custom.metrics.k8s.io for the rest). */
export interface HpaPodMetricsSample {
  readonly timestamp: Micros;
  readonly window: Micros;
  /** Pod totals in milli-units (Σ over containers of MilliValue()), by resource or pod-metric name. */
  readonly usage: Readonly<Record<string, number>>;
  /** Per-container usage in milli-units, for ContainerResource metrics. */
  readonly containers?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** A pod selected by the scale target's selector, as the HPA controller sees it. */
export interface HpaPod {
  readonly name: string;
  readonly phase: PodPhase;
  /** metadata.deletionTimestamp is set. */
  readonly deleted: boolean;
  /** status.startTime; null = not set yet (the pod counts as unready for CPU). */
  readonly startTime: Micros | null;
  /** The Ready condition; null = the pod has none (unready for CPU). */
  readonly ready: HpaPodReadyCondition | null;
  readonly containers: readonly HpaPodContainer[];
  /**
   * Pod-level spec.resources.requests (KEP-2837, PodLevelResources), milli-units. When not null it replaces the
   * containers' requests for Resource metrics, as calculateRequests does with the gate on.
   */
  readonly podRequests: Readonly<Record<string, number>> | null;
  /** The pod's metrics sample; null = the metrics APIs return nothing for this pod. */
  readonly metrics: HpaPodMetricsSample | null;
}

/** One entry of PodMetricsInfo (metrics/interfaces.go): a value in milli-units with its sample time and window. */
export interface PodMetric {
  readonly value: number;
  readonly timestamp: Micros;
  readonly window: Micros;
}

/** PodMetricsInfo: pod name → metric. Entries for pods outside the pod list ("superfluous metrics") are allowed. */
export type PodMetricsInfo = ReadonlyMap<string, PodMetric>;

// ---------------------------------------------------------------------------------------------------------------
// The HorizontalPodAutoscaler manifest as written (autoscaling/v1 or autoscaling/v2)

/** A Kubernetes quantity as written: `250m`, `1`, `64Mi`, or a number. */
export type QuantityInput = string | number;

export interface LabelSelectorRequirementInput {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[] | null;
}

export interface LabelSelectorInput {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?: readonly LabelSelectorRequirementInput[] | null;
}

export interface MetricTargetInput {
  readonly type?: string;
  readonly averageUtilization?: number | null;
  readonly averageValue?: QuantityInput | null;
  readonly value?: QuantityInput | null;
}

export interface MetricIdentifierInput {
  readonly name: string;
  readonly selector?: LabelSelectorInput | null;
}

export interface CrossVersionObjectReferenceInput {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly name: string;
}

export interface MetricSpecInput {
  readonly type: string;
  readonly resource?: { readonly name: string; readonly target: MetricTargetInput } | null;
  readonly containerResource?: {
    readonly name: string;
    readonly container: string;
    readonly target: MetricTargetInput;
  } | null;
  readonly pods?: { readonly metric: MetricIdentifierInput; readonly target: MetricTargetInput } | null;
  readonly object?: {
    readonly describedObject: CrossVersionObjectReferenceInput;
    readonly metric: MetricIdentifierInput;
    readonly target: MetricTargetInput;
  } | null;
  readonly external?: { readonly metric: MetricIdentifierInput; readonly target: MetricTargetInput } | null;
}

export interface HPAScalingPolicyInput {
  readonly type: string;
  readonly value: number;
  readonly periodSeconds: number;
}

export interface HPAScalingRulesInput {
  readonly stabilizationWindowSeconds?: number | null;
  readonly selectPolicy?: string | null;
  readonly policies?: readonly HPAScalingPolicyInput[] | null;
  /** KEP-4951 per-direction tolerance (a quantity such as `0.05` or `50m`). */
  readonly tolerance?: QuantityInput | null;
}

export interface HorizontalPodAutoscalerManifest {
  readonly apiVersion: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string } | null;
  readonly spec: {
    readonly scaleTargetRef: CrossVersionObjectReferenceInput;
    readonly minReplicas?: number | null;
    readonly maxReplicas: number;
    /** autoscaling/v1 only. */
    readonly targetCPUUtilizationPercentage?: number | null;
    /** autoscaling/v2 only. */
    readonly metrics?: readonly MetricSpecInput[] | null;
    /** autoscaling/v2 only. */
    readonly behavior?: {
      readonly scaleUp?: HPAScalingRulesInput | null;
      readonly scaleDown?: HPAScalingRulesInput | null;
    } | null;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The resolved spec (autoscaling/v2 with the API defaults applied)

export interface HpaScalingPolicy {
  readonly type: string;
  readonly value: number;
  readonly periodSeconds: number;
}

export interface HpaScalingRules {
  readonly stabilizationWindowSeconds: number;
  readonly selectPolicy: string;
  readonly policies: readonly HpaScalingPolicy[];
  /** null: the controller's tolerance applies. */
  readonly tolerance: number | null;
}

export interface ResolvedHpaSpec {
  readonly namespace: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly metrics: readonly MetricSpecInput[];
  /** null: the legacy path (no `behavior`). */
  readonly behavior: { readonly scaleUp: HpaScalingRules; readonly scaleDown: HpaScalingRules } | null;
}

// ---------------------------------------------------------------------------------------------------------------
// History, conditions, events

/** timestampedRecommendation in horizontal.go: a raw proposal and when it was made. */
export interface TimestampedRecommendation {
  readonly replicas: number;
  readonly time: Micros;
}

/** timestampedScaleEvent in horizontal.go: |change| of one rescale (behavior path only). */
export interface TimestampedScaleEvent {
  readonly change: number;
  readonly time: Micros;
  /** Marked by markScaleEventsOutdated; such an entry is the one a new event overwrites. Absent = false. */
  readonly outdated?: boolean;
}

/** What the controller keeps in memory per HPA between syncs. */
export interface HpaHistory {
  /** null: the HPA's first sync (the controller seeds `{currentReplicas, now}`). */
  readonly recommendations: readonly TimestampedRecommendation[] | null;
  readonly scaleUpEvents: readonly TimestampedScaleEvent[];
  readonly scaleDownEvents: readonly TimestampedScaleEvent[];
}

export type HpaConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';
export type HpaConditionStatus = 'True' | 'False' | 'Unknown';

export interface HpaCondition {
  readonly type: HpaConditionType;
  readonly status: HpaConditionStatus;
  readonly reason: string;
  readonly message: string;
  /** Changes only when the status flips (setConditionInList). */
  readonly lastTransitionTime: Micros;
}

/** An Event the controller records (source component `horizontal-pod-autoscaler`). */
export interface HpaEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/** Per-metric outcome of one sync (the status.currentMetrics entry plus how the pods were grouped). */
export interface MetricDetail {
  readonly type: string;
  /** Resource/ContainerResource: the resource (`cpu`; `<container>/cpu` for ContainerResource); else the metric name. */
  readonly name: string;
  /** The replica count this metric proposes; null when it failed. */
  readonly proposal: number | null;
  /** Utilization targets: the integer percentage of request (before missing/unready adjustment). */
  readonly utilization: number | null;
  /** Resource and Pods metrics: the average per pod in milli-units; Object/External AverageValue: per pod of statusReplicas. */
  readonly rawAverageMilli: number | null;
  /** Object and External metrics: the fetched value (External: the sum of its series) in milli-units. */
  readonly value: number | null;
  readonly ready: readonly string[] | null;
  readonly unready: readonly string[] | null;
  readonly missing: readonly string[] | null;
  readonly ignored: readonly string[] | null;
  /** Why the metric failed (the text of its Warning event), or null. */
  readonly error: string | null;
}
