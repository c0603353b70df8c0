/**
 * The policy objects of a scenario as the simulation creates them at t = 0: PodDisruptionBudgets, ResourceQuotas and
 * LimitRanges with every default applied and every quantity in milli-units. The scenario loader produces them
 * (scenarios/kinds/podDisruptionBudget.ts, resourceQuota.ts, limitRange.ts). Plain readonly data.
 */
import type { SourceRef } from '../cluster/spec';
import type { LimitRangeItem, PodDisruptionBudgetSpec, ResourceMilli } from '../cluster/objects';

export interface ResolvedPodDisruptionBudget {
  readonly namespace: string;
  readonly name: string;
  readonly spec: PodDisruptionBudgetSpec;
  readonly source: SourceRef;
}

export interface ResolvedResourceQuota {
  readonly namespace: string;
  readonly name: string;
  readonly hard: ResourceMilli;
  readonly source: SourceRef;
}

export interface ResolvedLimitRange {
  readonly namespace: string;
  readonly name: string;
  readonly limits: readonly LimitRangeItem[];
  readonly source: SourceRef;
}
