/**
 * DaemonSet and StatefulSet specs as the simulation runs them (apps/v1, every API default applied): update
 * strategies, int-or-percent values, pod management policy. Plain readonly data and the one int-or-percent rule;
 * the scenario loader produces them, the controllers in models/controllers/ read them. Imports no model.
 */
import type { ResolvedPodTemplate, ResolvedSelector, SourceRef } from '../cluster/spec';

/** intstr.IntOrString as maxUnavailable / maxSurge take it: an absolute number or a percent. */
export type IntOrPercent = { readonly kind: 'int'; readonly value: number } | { readonly kind: 'percent'; readonly value: number };

/**
 * intstr.GetScaledValueFromIntOrPercent: an int as is; a percent of `total`, rounded up or down. Integer
 * arithmetic (value × total is exact), so 30 % of 5 is 1.5 → 2 rounded up.
 */
export function scaledValue(v: IntOrPercent, total: number, roundUp: boolean): number {
  if (v.kind === 'int') return v.value;
  const num = v.value * total;
  return roundUp ? Math.ceil(num / 100) : Math.floor(num / 100);
}

/** `25%` / `1` as written, for messages and docs. */
export function formatIntOrPercent(v: IntOrPercent): string {
  return v.kind === 'int' ? String(v.value) : `${v.value}%`;
}

export type DaemonSetUpdateStrategy =
  | { readonly type: 'RollingUpdate'; readonly maxUnavailable: IntOrPercent; readonly maxSurge: IntOrPercent }
  | { readonly type: 'OnDelete' };

export type StatefulSetUpdateStrategy =
  | { readonly type: 'RollingUpdate'; readonly partition: number; readonly maxUnavailable: IntOrPercent }
  | { readonly type: 'OnDelete' };

export type PodManagementPolicy = 'OrderedReady' | 'Parallel';

export interface ResolvedDaemonSet {
  readonly namespace: string;
  readonly name: string;
  readonly selector: ResolvedSelector;
  readonly template: ResolvedPodTemplate;
  readonly minReadySeconds: number;
  readonly updateStrategy: DaemonSetUpdateStrategy;
  readonly source: SourceRef;
}

export interface ResolvedStatefulSet {
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  readonly selector: ResolvedSelector;
  readonly template: ResolvedPodTemplate;
  readonly serviceName: string;
  readonly podManagementPolicy: PodManagementPolicy;
  readonly updateStrategy: StatefulSetUpdateStrategy;
  readonly minReadySeconds: number;
  /** spec.ordinals.start. */
  readonly ordinalsStart: number;
  /** Names of spec.volumeClaimTemplates (claims `<template>-<pod>` are created with each pod and kept, Retain). */
  readonly volumeClaimTemplates: readonly string[];
  readonly source: SourceRef;
}
