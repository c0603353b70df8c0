/**
 * Normalization of the HPA's raw proposal, after kubernetes pkg/controller/podautoscaler/horizontal.go: the legacy
 * path (no `behavior`: downscale stabilization, then the max(2×, 4) up-limit and min/max) and the behavior path
 * (stabilization windows, then Pods/Percent policies over their periods). Pure: history in, new history out.
 * Boundary rules are the code's: legacy window counts an entry exactly W old; every behavior comparison is strict.
 */
import { seconds, subMicros, type Micros } from '../../engine/time';
import type { HpaScalingRules, TimestampedRecommendation, TimestampedScaleEvent } from './types';

const MAX_INT32 = 2147483647;
const MIN_INT32 = -2147483648;

/** A normalization step's verdict: the replica count and the ScalingLimited / AbleToScale reason and message. */
export interface Limited {
  readonly replicas: number;
  readonly reason: string;
  readonly message: string;
}

export const WITHIN_RANGE = { reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' } as const;
const SCALE_UP_LIMIT = { reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' } as const;
const SCALE_DOWN_LIMIT = { reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' } as const;
const TOO_MANY = { reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' } as const;
const TOO_FEW = { reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' } as const;

/** Records `replicas` at `now`: overwrites the old entry found (the last one in array order), else appends. */
function record(list: readonly TimestampedRecommendation[], oldIndex: number, replicas: number, now: Micros): TimestampedRecommendation[] {
  const next = [...list];
  if (oldIndex >= 0) next[oldIndex] = { replicas, time: now };
  else next.push({ replicas, time: now });
  return next;
}

/**
 * stabilizeRecommendation (legacy path): the max of the proposal and every recommendation NOT older than
 * now - window (an entry exactly `window` old still counts), then the proposal is recorded.
 */
export function stabilizeRecommendation(
  now: Micros,
  window: Micros,
  recommendations: readonly TimestampedRecommendation[],
  prenormalizedDesiredReplicas: number,
): { stabilized: number; recommendations: TimestampedRecommendation[] } {
  let max = prenormalizedDesiredReplicas;
  let oldIndex = -1;
  const cutoff = now - window;
  recommendations.forEach((rec, i) => {
    if (rec.time < cutoff) oldIndex = i;
    else if (rec.replicas > max) max = rec.replicas;
  });
  return { stabilized: max, recommendations: record(recommendations, oldIndex, prenormalizedDesiredReplicas, now) };
}

/** calculateScaleUpLimit: int32(max(factor × current, minimum)). */
export function calculateScaleUpLimit(currentReplicas: number, scaleUpLimitFactor: number, scaleUpLimitMinimum: number): number {
  return Math.trunc(Math.max(scaleUpLimitFactor * currentReplicas, scaleUpLimitMinimum));
}

/** convertDesiredReplicasWithRules (legacy path): clamp to [min, min(max, scaleUpLimit)]. */
export function convertDesiredReplicasWithRules(
  currentReplicas: number,
  desiredReplicas: number,
  minReplicas: number,
  maxReplicas: number,
  scaleUpLimitFactor: number,
  scaleUpLimitMinimum: number,
): Limited {
  const scaleUpLimit = calculateScaleUpLimit(currentReplicas, scaleUpLimitFactor, scaleUpLimitMinimum);
  const [maximumAllowed, upper] = maxReplicas > scaleUpLimit ? [scaleUpLimit, SCALE_UP_LIMIT] : [maxReplicas, TOO_MANY];
  if (desiredReplicas < minReplicas) return { replicas: minReplicas, ...TOO_FEW };
  if (desiredReplicas > maximumAllowed) return { replicas: maximumAllowed, ...upper };
  return { replicas: desiredReplicas, ...WITHIN_RANGE };
}

/**
 * stabilizeRecommendationWithBehaviors: up = min(proposal, entries strictly newer than now - upWindow),
 * down = max(proposal, entries strictly newer than now - downWindow), stabilized = current raised to `up` then
 * lowered to `down`; the proposal is recorded over an entry older than both windows (strictly), else appended.
 */
export function stabilizeRecommendationWithBehaviors(args: {
  readonly now: Micros;
  readonly recommendations: readonly TimestampedRecommendation[];
  readonly currentReplicas: number;
  readonly desiredReplicas: number;
  readonly scaleUpWindowSeconds: number;
  readonly scaleDownWindowSeconds: number;
}): Limited & { recommendations: TimestampedRecommendation[] } {
  const { now, currentReplicas, desiredReplicas } = args;
  const upCutoff = subMicros(now, seconds(args.scaleUpWindowSeconds));
  const downCutoff = subMicros(now, seconds(args.scaleDownWindowSeconds));
  let up = desiredReplicas;
  let down = desiredReplicas;
  let oldIndex = -1;
  args.recommendations.forEach((rec, i) => {
    if (rec.time > upCutoff) up = Math.min(rec.replicas, up);
    if (rec.time > downCutoff) down = Math.max(rec.replicas, down);
    if (rec.time < upCutoff && rec.time < downCutoff) oldIndex = i;
  });
  let stabilized = currentReplicas;
  if (stabilized < up) stabilized = up;
  if (stabilized > down) stabilized = down;
  const text =
    desiredReplicas >= currentReplicas
      ? { reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' }
      : { reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
  return { replicas: stabilized, ...text, recommendations: record(args.recommendations, oldIndex, desiredReplicas, now) };
}

/** getReplicasChangePerPeriod: Σ change over events strictly newer than now - period. */
export function getReplicasChangePerPeriod(now: Micros, periodSeconds: number, events: readonly TimestampedScaleEvent[]): number {
  const cutoff = subMicros(now, seconds(periodSeconds));
  let replicas = 0;
  for (const e of events) if (e.time > cutoff) replicas += e.change;
  return replicas;
}

interface RateArgs {
  readonly now: Micros;
  readonly currentReplicas: number;
  readonly scaleUpEvents: readonly TimestampedScaleEvent[];
  readonly scaleDownEvents: readonly TimestampedScaleEvent[];
}

/** Replicas at the start of a policy's period: current - added + removed within it. */
function periodStartReplicas(a: RateArgs, periodSeconds: number): number {
  return (
    a.currentReplicas -
    getReplicasChangePerPeriod(a.now, periodSeconds, a.scaleUpEvents) +
    getReplicasChangePerPeriod(a.now, periodSeconds, a.scaleDownEvents)
  );
}

/** calculateScaleUpLimitWithScalingRules: Pods → start + value; Percent → ceil(start × (1 + value/100)) in float64. */
export function calculateScaleUpLimitWithScalingRules(a: RateArgs, rules: HpaScalingRules): number {
  if (rules.selectPolicy === 'Disabled') return a.currentReplicas;
  const pick = rules.selectPolicy === 'Min' ? Math.min : Math.max;
  let result = rules.selectPolicy === 'Min' ? MAX_INT32 : MIN_INT32;
  let proposed = 0; // a Go variable declared outside the loop: an unknown policy type re-uses the previous value
  for (const policy of rules.policies) {
    const start = periodStartReplicas(a, policy.periodSeconds);
    if (policy.type === 'Pods') proposed = start + policy.value;
    else if (policy.type === 'Percent') proposed = Math.ceil(start * (1 + policy.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors: Pods → start - value; Percent → int32(start × (1 - value/100)), truncated. */
export function calculateScaleDownLimitWithBehaviors(a: RateArgs, rules: HpaScalingRules): number {
  if (rules.selectPolicy === 'Disabled') return a.currentReplicas;
  // scale down: the "Min" policy (smallest change) is the largest count, "Max" the smallest
  const pick = rules.selectPolicy === 'Min' ? Math.max : Math.min;
  let result = rules.selectPolicy === 'Min' ? MIN_INT32 : MAX_INT32;
  let proposed = 0;
  for (const policy of rules.policies) {
    const start = periodStartReplicas(a, policy.periodSeconds);
    if (policy.type === 'Pods') proposed = start - policy.value;
    else if (policy.type === 'Percent') proposed = Math.trunc(start * (1 - policy.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/** convertDesiredReplicasWithBehaviorRate: the policies' limit from the scale events, then min/max. */
export function convertDesiredReplicasWithBehaviorRate(
  a: RateArgs & {
    readonly desiredReplicas: number;
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly scaleUp: HpaScalingRules;
    readonly scaleDown: HpaScalingRules;
  },
): Limited {
  const { desiredReplicas, currentReplicas } = a;
  if (desiredReplicas > currentReplicas) {
    // never below current: no further scale-up until old scale-up events leave their periods
    const scaleUpLimit = Math.max(calculateScaleUpLimitWithScalingRules(a, a.scaleUp), currentReplicas);
    const [maximumAllowed, upper] = a.maxReplicas > scaleUpLimit ? [scaleUpLimit, SCALE_UP_LIMIT] : [a.maxReplicas, TOO_MANY];
    if (desiredReplicas > maximumAllowed) return { replicas: maximumAllowed, ...upper };
  } else if (desiredReplicas < currentReplicas) {
    const scaleDownLimit = Math.min(calculateScaleDownLimitWithBehaviors(a, a.scaleDown), currentReplicas);
    const [minimumAllowed, lower] = a.minReplicas < scaleDownLimit ? [scaleDownLimit, SCALE_DOWN_LIMIT] : [a.minReplicas, TOO_FEW];
    if (desiredReplicas < minimumAllowed) return { replicas: minimumAllowed, ...lower };
  }
  return { replicas: desiredReplicas, ...WITHIN_RANGE };
}

/** getLongestPolicyPeriod. */
export function getLongestPolicyPeriod(rules: HpaScalingRules): number {
  let longest = 0;
  for (const p of rules.policies) if (p.periodSeconds > longest) longest = p.periodSeconds;
  return longest;
}

/**
 * storeScaleEvent (behavior path only, after a successful rescale): marks events older than the direction's longest
 * policy period as outdated, then writes `{|change|, now}` over the last outdated one, or appends it.
 */
export function storeScaleEvent(
  now: Micros,
  behavior: { readonly scaleUp: HpaScalingRules; readonly scaleDown: HpaScalingRules },
  history: { readonly scaleUpEvents: readonly TimestampedScaleEvent[]; readonly scaleDownEvents: readonly TimestampedScaleEvent[] },
  prevReplicas: number,
  newReplicas: number,
): { scaleUpEvents: TimestampedScaleEvent[]; scaleDownEvents: TimestampedScaleEvent[] } {
  const up = newReplicas > prevReplicas;
  const rules = up ? behavior.scaleUp : behavior.scaleDown;
  const cutoff = subMicros(now, seconds(getLongestPolicyPeriod(rules)));
  const events: TimestampedScaleEvent[] = (up ? history.scaleUpEvents : history.scaleDownEvents).map((e) =>
    e.time < cutoff && !e.outdated ? { ...e, outdated: true } : e,
  );
  let oldIndex = -1;
  events.forEach((e, i) => {
    if (e.outdated) oldIndex = i;
  });
  const event: TimestampedScaleEvent = { change: Math.abs(newReplicas - prevReplicas), time: now };
  if (oldIndex >= 0) events[oldIndex] = event;
  else events.push(event);
  return up
    ? { scaleUpEvents: events, scaleDownEvents: [...history.scaleDownEvents] }
    : { scaleUpEvents: [...history.scaleUpEvents], scaleDownEvents: events };
}
