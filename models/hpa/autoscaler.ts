/**
 * The HorizontalPodAutoscalers as the simulation runs them: each HPA manifest (validated as the API server would),
 * its scale target and the policy that decides for it (the Kubernetes HPA unless an AutoscalerPolicy document names
 * another), and the External metric series the HPAs read. The scenario loader produces them; plain readonly data.
 */
import type { HorizontalPodAutoscalerManifest } from './types';
import type { AutoscalerPolicyFactory } from './policies/policy';
import type { SourceRef } from '../cluster/spec';
import type { ScalableKind } from '../cluster/store';
import type { RatePoint } from '../traffic/profile';

export interface ResolvedAutoscaler {
  readonly namespace: string;
  readonly name: string;
  readonly manifest: HorizontalPodAutoscalerManifest;
  readonly target: { readonly kind: ScalableKind; readonly name: string };
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
