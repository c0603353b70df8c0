/**
 * The autoscaler policy interface: a pure function from what the HPA controller sees at one sync (the time as a
 * value, the HPA object, the target's scale, the pods with their metrics) and the policy's own history to a desired
 * replica count and its next history. Policies decide; they never touch the engine, the clock or the cluster.
 * The Kubernetes HPA (kubernetesHpa.ts) is the default; others live beside it, and users may load their own.
 */
import { toSeconds, type Micros } from '../../../engine/time';
import type { HpaControllerSettings } from '../settings';
import type { HorizontalPodAutoscalerManifest, HpaPod, MetricDetail, HpaCondition, HpaEvent } from '../types';
import { describeThrown } from '../../policyFault';

export interface AutoscalerInput {
  /** The sync's instant in µs since the start of the run (a value: policies have no clock). */
  readonly now: Micros;
  /**
   * The HPA manifest as written (autoscaling/v1 or v2). A policy keeps its answer within minReplicas..maxReplicas
   * (replicaBounds): the controller applies the answer as returned, so that a target at 0 can stay at 0.
   */
  readonly hpa: HorizontalPodAutoscalerManifest;
  /** kube-controller-manager's HPA settings from the Simulation document. */
  readonly settings: HpaControllerSettings;
  /** The target's scale: spec.replicas (what the controller sets) and status.replicas (active pods). */
  readonly scale: { readonly specReplicas: number; readonly statusReplicas: number };
  /** The pods the target's selector returns, each with its metrics sample (or null when it has none yet). */
  readonly pods: readonly HpaPod[];
  /** Object metric values (milli-units) by metric name, e.g. a Service's requests_per_second. */
  readonly objectMetrics: Readonly<Record<string, number>>;
  /** External metric series (milli-units) by metric name. */
  readonly externalMetrics: Readonly<Record<string, readonly number[]>>;
  /**
   * The policy's randomness: uniform on [0, 1) from its own seeded stream (STREAMS.autoscalerPolicy), the same draws
   * for the same seed. A user's policy may not use Math.random or the clock (docs/trust.md).
   */
  readonly random: () => number;
}

/** What a policy returns. Only `desiredReplicas` is required. */
export interface AutoscalerDecision<H = unknown> {
  readonly desiredReplicas: number;
  /** The policy's state for its next call (passed back unchanged as `history`). */
  readonly history?: H;
  /** Why, for the trace (e.g. `cpu resource utilization (percentage of request) above target`). */
  readonly reason?: string | null;
  /** Per-metric details for hpa.csv; policies that do not compute them leave this out. */
  readonly metrics?: readonly MetricDetail[];
  readonly stabilized?: number | null;
  readonly limitReason?: string | null;
  readonly conditions?: readonly HpaCondition[];
  /** Events to record on the HPA (source horizontal-pod-autoscaler). */
  readonly events?: readonly HpaEvent[];
}

export interface AutoscalerPolicy<H = unknown> {
  /** Shown in hpa.csv and in errors. */
  readonly name: string;
  /** One sync. `history` is undefined on the first call, then whatever the previous call returned. */
  decide(input: AutoscalerInput, history: H | undefined): AutoscalerDecision<H>;
}

/** A factory from the scenario's `parameters` to a policy (built-ins and user modules export one). */
export type AutoscalerPolicyFactory = (parameters: Readonly<Record<string, unknown>>) => AutoscalerPolicy;

/** A policy failed (threw, or returned something that is not a replica count): the run stops with this. */
export class AutoscalerPolicyError extends Error {
  constructor(
    readonly policy: string,
    readonly at: Micros,
    readonly problem: string,
  ) {
    super(`autoscaler policy ${policy} at t=${toSeconds(at).toFixed(3)}s: ${problem}`);
    this.name = 'AutoscalerPolicyError';
  }
}

/**
 * Runs one decision and checks it: a non-negative safe integer, else AutoscalerPolicyError naming the policy (as
 * `label`, by default its name; the controller adds a user module's path) and the time.
 */
export function decideChecked<H>(policy: AutoscalerPolicy<H>, input: AutoscalerInput, history: H | undefined, label: string = policy.name): AutoscalerDecision<H> {
  let d: AutoscalerDecision<H>;
  try {
    d = policy.decide(input, history);
  } catch (e) {
    // Never the thrown value's message: a policy may throw anything (models/policyFault.ts, docs/trust.md).
    throw new AutoscalerPolicyError(label, input.now, describeThrown(e));
  }
  if (d === null || typeof d !== 'object') {
    throw new AutoscalerPolicyError(label, input.now, `returned ${String(d)}; expected an object { desiredReplicas }`);
  }
  const n = d.desiredReplicas;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new AutoscalerPolicyError(label, input.now, `returned desiredReplicas ${String(n)}; expected a whole number ≥ 0`);
  }
  return d;
}

/** The HPA's replica bounds: minReplicas (default 1) and maxReplicas. */
export function replicaBounds(hpa: HorizontalPodAutoscalerManifest): { readonly min: number; readonly max: number } {
  return { min: hpa.spec.minReplicas ?? 1, max: hpa.spec.maxReplicas };
}
