/**
 * Job and CronJob specs as the simulation runs them (batch/v1 with SetDefaults_Job and the CronJob defaults applied,
 * durations in µs, schedules as written). The scenario loader produces them; the Job and CronJob controllers read
 * them. Plain readonly data: no logic, and nothing here reads user input or a clock.
 */
import type { Micros } from '../../engine/time';
import type { ResolvedPodTemplate, SourceRef } from '../cluster/spec';

/** podFailurePolicy.rules[].onExitCodes. */
export interface OnExitCodes {
  readonly containerName?: string;
  readonly operator: 'In' | 'NotIn';
  readonly values: readonly number[];
}

export interface PodFailurePolicyRule {
  readonly action: 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';
  readonly onExitCodes?: OnExitCodes;
  /** onPodConditions: a pod condition of this type with this status (default True). */
  readonly onPodConditions?: readonly { readonly type: string; readonly status: 'True' | 'False' | 'Unknown' }[];
}

/** batch/v1 JobSpec, defaulted (pkg/apis/batch/v1/defaults.go SetDefaults_Job). */
export interface ResolvedJobSpec {
  readonly parallelism: number;
  /** null: a work-queue Job (parallelism set, completions unset). */
  readonly completions: number | null;
  readonly completionMode: 'NonIndexed' | 'Indexed';
  /** 6, or 2147483647 when backoffLimitPerIndex is set. */
  readonly backoffLimit: number;
  readonly backoffLimitPerIndex?: number;
  readonly maxFailedIndexes?: number;
  readonly activeDeadline?: Micros;
  readonly ttlAfterFinished?: Micros;
  readonly suspend: boolean;
  readonly podFailurePolicy?: readonly PodFailurePolicyRule[];
  /** `Failed` when podFailurePolicy is set, else `TerminatingOrFailed`. */
  readonly podReplacementPolicy: 'TerminatingOrFailed' | 'Failed';
  readonly template: ResolvedPodTemplate;
}

export interface ResolvedJob {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly spec: ResolvedJobSpec;
  readonly source: SourceRef;
}

export type ConcurrencyPolicy = 'Allow' | 'Forbid' | 'Replace';

/** batch/v1 CronJobSpec, defaulted. */
export interface ResolvedCronJobSpec {
  /** As written (5-field cron, or a robfig descriptor such as `@hourly`, `@every 90m`). */
  readonly schedule: string;
  /** IANA zone; undefined = UTC (kube-controller-manager's local zone in most clusters). */
  readonly timeZone?: string;
  readonly concurrencyPolicy: ConcurrencyPolicy;
  readonly startingDeadlineSeconds?: number;
  readonly successfulJobsHistoryLimit: number;
  readonly failedJobsHistoryLimit: number;
  readonly suspend: boolean;
  readonly jobTemplate: {
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations: Readonly<Record<string, string>>;
    readonly spec: ResolvedJobSpec;
  };
}

export interface ResolvedCronJob {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: ResolvedCronJobSpec;
  readonly source: SourceRef;
}
