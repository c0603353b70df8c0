/**
 * One sync of the HorizontalPodAutoscaler controller, after horizontal.go reconcileAutoscaler: scale → seed the
 * recommendation history → min/max/zero branches or metrics → normalization → rescale, conditions, events.
 * A pure function: the caller passes `now`, the live inputs and the history it kept from the previous sync, and
 * gets the decision and the next history back. No clock, no engine, no randomness; the scale update always succeeds.
 */
import type { Micros } from '../../engine/time';
import { computeReplicasForMetrics, type Recorder } from './metricStatus';
import {
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  stabilizeRecommendation,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
} from './normalize';
import type { HpaControllerSettings } from './settings';
import { resolveHpaSpec, tolerancesForHpa } from './spec';
import type {
  HorizontalPodAutoscalerManifest,
  HpaCondition,
  HpaConditionStatus,
  HpaConditionType,
  HpaEvent,
  HpaHistory,
  HpaPod,
  MetricDetail,
  ResolvedHpaSpec,
  TimestampedRecommendation,
  TimestampedScaleEvent,
} from './types';

export interface HpaReconcileInput {
  /** The sync's instant, in microseconds on the same axis as every other time here. */
  readonly now: Micros;
  readonly settings: HpaControllerSettings;
  /** The HPA as written: autoscaling/v1, v2 or v2beta2 (validated; see manifest.ts). */
  readonly hpa: HorizontalPodAutoscalerManifest;
  /** The target's scale subresource: spec.replicas is the controller's currentReplicas. */
  readonly scale: { readonly specReplicas: number; readonly statusReplicas: number };
  /** The pods the target's selector returns, with their metric samples. */
  readonly pods: readonly HpaPod[];
  /** Object metric values in milli-units by metric name; a name the HPA uses but this lacks fails to be fetched. */
  readonly objectMetrics?: Readonly<Record<string, number>>;
  /** External metric series in milli-units by metric name (summed, as the controller sums every series). */
  readonly externalMetrics?: Readonly<Record<string, readonly number[]>>;
  /** What the controller kept from earlier syncs (`recommendations: null` on the HPA's first sync). */
  readonly history: HpaHistory;
  /** status.conditions after the previous sync (for lastTransitionTime); empty on the first. */
  readonly conditions?: readonly HpaCondition[];
}

export interface HpaReconcileResult {
  /** The target's spec.replicas after this sync (= status.desiredReplicas). */
  readonly desiredReplicas: number;
  /** The controller updated the scale (desiredReplicas differs from scale.specReplicas). */
  readonly rescaled: boolean;
  /** The max over the metrics' proposals; null when no metric was computed or all gave up. */
  readonly proposal: number | null;
  /** The rescale reason (the text after `reason: ` in the event); null when no rescale. */
  readonly reason: string | null;
  readonly metrics: readonly MetricDetail[];
  /** The stabilized recommendation; null where no normalization ran. */
  readonly stabilized: number | null;
  /** The ScalingLimited reason of this sync; null where no normalization ran. */
  readonly limitReason: string | null;
  /** status.conditions in Kubernetes' order of first appearance. */
  readonly conditions: readonly HpaCondition[];
  /** Events in the order the controller records them. */
  readonly events: readonly HpaEvent[];
  /** The history to pass to the next sync (recommendations never null). */
  readonly history: {
    readonly recommendations: readonly TimestampedRecommendation[];
    readonly scaleUpEvents: readonly TimestampedScaleEvent[];
    readonly scaleDownEvents: readonly TimestampedScaleEvent[];
  };
  /** The error reconcileAutoscaler returns (a metric failed), or null. */
  readonly error: string | null;
}

/** setConditionInList: update in place or append; lastTransitionTime moves only when the status changes. */
export function setConditionInList(
  list: readonly HpaCondition[],
  type: HpaConditionType,
  status: HpaConditionStatus,
  reason: string,
  message: string,
  now: Micros,
): HpaCondition[] {
  const next = [...list];
  setCondition(next, type, status, reason, message, now);
  return next;
}

/**
 * setConditionInList on a list the caller owns, changed in place (reconcile sets 3–4 conditions per sync on its own
 * copy of the previous ones; a copy per condition was garbage at once).
 */
function setCondition(list: HpaCondition[], type: HpaConditionType, status: HpaConditionStatus, reason: string, message: string, now: Micros): void {
  let i = 0;
  while (i < list.length && list[i].type !== type) i++;
  const existing = i < list.length ? list[i] : undefined;
  const lastTransitionTime = existing && existing.status === status ? existing.lastTransitionTime : now;
  const updated: HpaCondition = { type, status, reason, message, lastTransitionTime };
  if (existing !== undefined) list[i] = updated;
  else list.push(updated);
}

/**
 * resolveHpaSpec, once per manifest and settings object (an HPA syncs every 15 s with the same two). A manifest as
 * validated is never changed afterwards; a changed HPA (a Timeline apply) is a new manifest object.
 */
function resolvedSpec(hpa: HorizontalPodAutoscalerManifest, settings: HpaControllerSettings): ResolvedHpaSpec {
  const cached = RESOLVED.get(hpa);
  if (cached !== undefined && cached.settings === settings) return cached.spec;
  const spec = resolveHpaSpec(hpa, settings);
  RESOLVED.set(hpa, { settings, spec });
  return spec;
}
const RESOLVED = new WeakMap<HorizontalPodAutoscalerManifest, { readonly settings: HpaControllerSettings; readonly spec: ResolvedHpaSpec }>();

/** reconcileAutoscaler, from the point the scale was read successfully. */
export function reconcile(input: HpaReconcileInput): HpaReconcileResult {
  const { now, settings } = input;
  const spec = resolvedSpec(input.hpa, settings);
  // This sync's own copy of the previous conditions, updated in place (no one else sees it before it is returned).
  const conditions: HpaCondition[] = [...(input.conditions ?? [])];
  const events: HpaEvent[] = [];
  const rec: Recorder = {
    condition: (type, status, reason, message) => setCondition(conditions, type, status, reason, message, now),
    event: (type, reason, message) => {
      events.push({ type, reason, message });
    },
  };

  rec.condition('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
  const currentReplicas = input.scale.specReplicas;
  // recordInitialRecommendation: a fresh HPA (or a restarted controller) starts from the current size
  let recommendations: readonly TimestampedRecommendation[] = input.history.recommendations ?? [{ replicas: currentReplicas, time: now }];
  let { scaleUpEvents, scaleDownEvents } = input.history;

  const minReplicas = spec.minReplicas;
  let desiredReplicas = 0;
  let rescaleReason = '';
  let rescale = true;
  let proposal: number | null = null;
  let stabilized: number | null = null;
  let limitReason: string | null = null;
  let metrics: readonly MetricDetail[] = [];
  let error: string | null = null;

  if (currentReplicas === 0 && minReplicas !== 0) {
    // autoscaling is disabled for a target scaled to zero by hand
    desiredReplicas = 0;
    rescale = false;
    rec.condition('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
  } else if (currentReplicas > spec.maxReplicas) {
    rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
    desiredReplicas = spec.maxReplicas;
  } else if (currentReplicas < minReplicas) {
    rescaleReason = 'Current number of replicas below Spec.MinReplicas';
    desiredReplicas = minReplicas;
  } else {
    const computed = computeReplicasForMetrics(
      {
        now,
        namespace: spec.namespace,
        tolerances: tolerancesForHpa(spec, settings),
        cpuInitializationPeriod: settings.cpuInitializationPeriod,
        delayOfInitialReadinessStatus: settings.initialReadinessDelay,
        specReplicas: currentReplicas,
        statusReplicas: input.scale.statusReplicas,
        pods: input.pods,
        objectMetrics: input.objectMetrics ?? {},
        externalMetrics: input.externalMetrics ?? {},
      },
      spec.metrics,
      rec,
    );
    metrics = computed.details;
    error = computed.error;
    if (computed.replicas === -1) {
      rec.event('Warning', 'FailedComputeMetricsReplicas', computed.error ?? '');
      return {
        desiredReplicas: currentReplicas,
        rescaled: false,
        proposal: null,
        reason: null,
        metrics,
        stabilized: null,
        limitReason: null,
        conditions,
        events,
        history: { recommendations, scaleUpEvents, scaleDownEvents },
        error,
      };
    }
    proposal = computed.replicas;
    let rescaleMetric = '';
    if (computed.replicas > desiredReplicas) {
      desiredReplicas = computed.replicas;
      rescaleMetric = computed.metricName;
    }
    if (desiredReplicas > currentReplicas) rescaleReason = `${rescaleMetric} above target`;
    if (desiredReplicas < currentReplicas) rescaleReason = 'All metrics below target';

    const prenormalized = desiredReplicas;
    if (spec.behavior === null) {
      // normalizeDesiredReplicas (legacy)
      const s = stabilizeRecommendation(now, settings.downscaleStabilizationWindow, recommendations, prenormalized);
      recommendations = s.recommendations;
      stabilized = s.stabilized;
      if (s.stabilized !== prenormalized) {
        rec.condition('AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation');
      } else {
        rec.condition('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
      }
      const limited = convertDesiredReplicasWithRules(
        currentReplicas,
        s.stabilized,
        minReplicas,
        spec.maxReplicas,
        settings.scaleUpLimitFactor,
        settings.scaleUpLimitMinimum,
      );
      rec.condition('ScalingLimited', limited.replicas === s.stabilized ? 'False' : 'True', limited.reason, limited.message);
      limitReason = limited.reason;
      desiredReplicas = limited.replicas;
    } else {
      // normalizeDesiredReplicasWithBehaviors
      const { scaleUp, scaleDown } = spec.behavior;
      const s = stabilizeRecommendationWithBehaviors({
        now,
        recommendations,
        currentReplicas,
        desiredReplicas: prenormalized,
        scaleUpWindowSeconds: scaleUp.stabilizationWindowSeconds,
        scaleDownWindowSeconds: scaleDown.stabilizationWindowSeconds,
      });
      recommendations = s.recommendations;
      stabilized = s.replicas;
      if (s.replicas !== prenormalized) rec.condition('AbleToScale', 'True', s.reason, s.message);
      else rec.condition('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
      const limited = convertDesiredReplicasWithBehaviorRate({
        now,
        currentReplicas,
        scaleUpEvents,
        scaleDownEvents,
        desiredReplicas: s.replicas,
        minReplicas,
        maxReplicas: spec.maxReplicas,
        scaleUp,
        scaleDown,
      });
      rec.condition('ScalingLimited', limited.replicas === s.replicas ? 'False' : 'True', limited.reason, limited.message);
      limitReason = limited.reason;
      desiredReplicas = limited.replicas;
    }
    rescale = desiredReplicas !== currentReplicas;
  }

  if (rescale) {
    rec.condition('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desiredReplicas}`);
    rec.event('Normal', 'SuccessfulRescale', `New size: ${desiredReplicas}; reason: ${rescaleReason}`);
    if (spec.behavior !== null) {
      ({ scaleUpEvents, scaleDownEvents } = storeScaleEvent(now, spec.behavior, { scaleUpEvents, scaleDownEvents }, currentReplicas, desiredReplicas));
    }
  } else {
    desiredReplicas = currentReplicas;
  }

  return {
    desiredReplicas,
    rescaled: rescale,
    proposal,
    reason: rescale ? rescaleReason : null,
    metrics,
    stabilized,
    limitReason,
    conditions,
    events,
    history: { recommendations, scaleUpEvents, scaleDownEvents },
    error,
  };
}
