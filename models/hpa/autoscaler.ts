/**
 * The HorizontalPodAutoscalers as the simulation runs them: each HPA manifest (validated as the API server would),
 * its scale target and the policy that decides for it (the Kubernetes HPA unless an AutoscalerPolicy document names
 * another), and the External metric series the HPAs read. The scenario loader produces them; plain readonly data.
 */
import type { HorizontalPodAutoscalerManifest } from './types';
import type { AutoscalerPolicyFactory } from './policies/policy';
import type { SourceRef } from '../cluster/spec';
import type { ScalableKind } from '../cluster/store';

const SCALABLE_KINDS: readonly string[] = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'] satisfies readonly ScalableKind[];

/** The HPA's target when it is a kind k8sim scales (whether or not it exists); undefined for any other kind. */
export function scalableTarget(a: ResolvedAutoscaler): { readonly kind: ScalableKind; readonly name: string } | undefined {
  return SCALABLE_KINDS.includes(a.target.kind) ? { kind: a.target.kind as ScalableKind, name: a.target.name } : undefined;
}
import type { RatePoint } from '../traffic/profile';

export interface ResolvedAutoscaler {
  readonly namespace: string;
  readonly name: string;
  readonly manifest: HorizontalPodAutoscalerManifest;
  /**
   * spec.scaleTargetRef as written. A kind k8sim does not scale, or a target absent from the scenario, is accepted
   * as the API server accepts it: the controller then reports FailedGetScale (controller.ts).
   */
  readonly target: { readonly kind: ScalableKind | string; readonly name: string; readonly apiVersion?: string };
  readonly policy: {
    /** Built-in name, or the module path as written. */
    readonly name: string;
    readonly factory: AutoscalerPolicyFactory;
    readonly parameters: Readonly<Record<string, unknown>>;
  };
  readonly source: SourceRef;
}

/** An External metric's series, replayed from a CSV file; `rps` of each point holds the metric's value. */
export interface ResolvedExternalMetric {
  readonly metric: string;
  readonly points: readonly RatePoint[];
  /** `step` (default: monitoring samples hold until the next) or `linear`. */
  readonly interpolation: 'linear' | 'step';
  readonly source: SourceRef;
}
