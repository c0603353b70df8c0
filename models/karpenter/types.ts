/**
 * The Karpenter-style provisioner's resolved inputs (issue #10): `karpenter.sh/v1` NodePools with every default of
 * reference §5.1 applied, and the Simulation's `spec.karpenter` settings (§6.1). Plain types only; the scenario
 * loader (scenarios/kinds/karpenterNodePool.ts) builds them, models/karpenter/ reads them.
 */
import type { Micros } from '../../engine/time';
import type { DurationDist } from '../draw';
import type { SourceRef, Taint } from '../cluster/spec';

/** Well-known labels (pkg/apis/v1/labels.go). */
export const NODEPOOL_LABEL = 'karpenter.sh/nodepool';
export const CAPACITY_TYPE_LABEL = 'karpenter.sh/capacity-type';
export const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const ARCH_LABEL = 'kubernetes.io/arch';
export const OS_LABEL = 'kubernetes.io/os';
/** Taints Karpenter puts on nodes (pkg/apis/v1/taints.go). */
export const UNREGISTERED_TAINT: Taint = { key: 'karpenter.sh/unregistered', effect: 'NoExecute' };
export const DISRUPTED_TAINT: Taint = { key: 'karpenter.sh/disrupted', effect: 'NoSchedule' };
/** Annotations (pkg/apis/v1/labels.go). */
export const DO_NOT_DISRUPT_ANNOTATION = 'karpenter.sh/do-not-disrupt';
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

export type RequirementOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

/** A NodeSelectorRequirementWithMinValues (pkg/apis/v1/nodeclaim.go). */
export interface Requirement {
  readonly key: string;
  readonly operator: RequirementOperator;
  readonly values: readonly string[];
  readonly minValues?: number;
}

export type DisruptionReason = 'Underutilized' | 'Empty' | 'Drifted';
export const DISRUPTION_REASONS: readonly DisruptionReason[] = ['Underutilized', 'Empty', 'Drifted'];

/** `spec.disruption.budgets[]`: `nodes` an integer or a percentage; schedule (cron, UTC) and duration together. */
export interface DisruptionBudget {
  readonly nodes: { readonly kind: 'int' | 'percent'; readonly value: number };
  readonly schedule?: string;
  readonly duration?: Micros;
  /** undefined = every reason. */
  readonly reasons?: readonly DisruptionReason[];
}

export type ConsolidationPolicy = 'WhenEmpty' | 'WhenEmptyOrUnderutilized' | 'Balanced';

/** `spec.limits`: undefined = unlimited. Capacity of the pool's nodes (§6.2). */
export interface NodePoolLimits {
  readonly cpuMilli?: number;
  readonly memoryBytes?: number;
  readonly pods?: number;
  readonly nodes?: number;
}

/** A `karpenter.sh/v1` NodePool, every default applied (reference §5.1). */
export interface KarpenterNodePool {
  readonly name: string;
  /** 0–100 (unset = 0). */
  readonly weight: number;
  /** `spec.template.metadata.labels`. */
  readonly labels: Readonly<Record<string, string>>;
  readonly requirements: readonly Requirement[];
  readonly taints: readonly Taint[];
  readonly startupTaints: readonly Taint[];
  /** null = Never. Default 720h. */
  readonly expireAfter: Micros | null;
  /** null = unset. */
  readonly terminationGracePeriod: Micros | null;
  readonly limits: NodePoolLimits;
  readonly consolidationPolicy: ConsolidationPolicy;
  /** null = Never (consolidation and emptiness disabled). Default 0s. */
  readonly consolidateAfter: Micros | null;
  /** `spec.disruption.consolidationThreshold` (k): a Balanced pool approves a move whose score is ≥ 1/k. Default 2. */
  readonly consolidationThreshold: number;
  readonly budgets: readonly DisruptionBudget[];
  /** A stable hash of the static template fields (karpenter.sh/nodepool-hash), for drift (§7.10). */
  readonly hash: string;
  readonly source: SourceRef;
}

/** Simulation `spec.karpenter` (pkg/operator/options/options.go, §6.1), with the k8sim node start-up model (§4). */
export interface KarpenterSettings {
  readonly batchIdleDuration: Micros;
  readonly batchMaxDuration: Micros;
  /** Feature gate SpotToSpotConsolidation (default false, §7.8). */
  readonly spotToSpotConsolidation: boolean;
  /** From the NodeClaim's launch until its Node registers (NotReady) and until it is Ready ([k8sim] §4: 30 s, 36 s). */
  readonly registrationDelay: DurationDist;
  readonly readyDelay: DurationDist;
  /** Probability that a launch fails, and whether it is an insufficient-capacity error. */
  readonly launchFailureProbability: number;
  readonly launchFailureClass: 'OutOfResource' | 'Other';
  /**
   * From a deleting NodeClaim's Node being drained (no pod left to wait for) until the instance and the Node are gone
   * (the termination controller's status steps and instance polls, and the cloud's shutdown).
   */
  readonly terminationDelay: Micros;
}

export const KARPENTER_DEFAULTS = {
  batchIdleDuration: 1_000_000 as Micros,
  batchMaxDuration: 10_000_000 as Micros,
  expireAfter: (720 * 3600 * 1_000_000) as Micros,
  consolidateAfter: 0 as Micros,
  consolidationPolicy: 'WhenEmptyOrUnderutilized' as ConsolidationPolicy,
  /** v1.DefaultConsolidationThreshold. */
  consolidationThreshold: 2,
  budgets: [{ nodes: { kind: 'percent', value: 10 } }] as readonly DisruptionBudget[],
  registered: 30_000_000 as Micros,
  ready: 36_000_000 as Micros,
  /**
   * node/termination/controller.go with KWOK's instant instance deletion: drained → Drained condition patched, requeue
   * 1 s → VolumesDetached patched, requeue 1 s → cloudProvider.Delete, requeue 5 s → Get finds no instance → the
   * finalizer goes: 1 + 1 + 5 = 7 s.
   */
  terminationDelay: 7_000_000 as Micros,
} as const;
