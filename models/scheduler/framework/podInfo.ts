/**
 * Compiles the scheduler's PodInfo from a pod's resolved spec (framework.NewPodInfo): affinity terms with their
 * namespace sets (getNamespacesFromPodAffinityTerm) and selectors, the DaemonSet node term, normalised images.
 * Pure: the caller supplies the live accessors (start time, terminating).
 */
import type { Micros } from '../../../engine/time';
import type { PreemptionPolicy, ResolvedPodAffinityTerm, ResolvedPodSpec } from '../../cluster/spec';
import type { Labels } from '../../labels';
import type { ResourceAmounts, Toleration } from '../filter';
import { compileSelector, podMatcher } from './selectors';
import type { AffinityTerm, PodInfo, WeightedAffinityTerm } from './types';

export interface PodInfoInput {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly priority?: number;
  readonly preemptionPolicy?: PreemptionPolicy;
  readonly requests: ResourceAmounts;
  readonly nonZeroRequests: ResourceAmounts;
  /** The parts of the spec the scheduler reads; absent fields mean "not set". */
  readonly spec: Partial<Pick<ResolvedPodSpec, 'nodeName' | 'nodeSelector' | 'affinity' | 'topologySpreadConstraints' | 'schedulerName' | 'requiredNodeName' | 'containers' | 'initContainers'>> & {
    readonly tolerations?: readonly Toleration[];
  };
  readonly startTime?: () => Micros | undefined;
  readonly terminating?: () => boolean;
  readonly preemptedByScheduler?: () => boolean;
}

/** framework.newAffinityTerm: namespaces default to the owner pod's when neither namespaces nor namespaceSelector is set. */
export function compileAffinityTerm(t: ResolvedPodAffinityTerm, ownerNamespace: string): AffinityTerm {
  const namespaces = t.namespaces.length === 0 && t.namespaceSelector === undefined ? [ownerNamespace] : t.namespaces;
  const nsSel = t.namespaceSelector === undefined ? undefined : compileSelector(t.namespaceSelector);
  return { matcher: podMatcher(compileSelector(t.labelSelector), namespaces, nsSel, true), topologyKey: t.topologyKey };
}

/** normalizedImageName: `:latest` appended when the last path segment has no tag (digests kept). */
export function normalizedImageName(name: string): string {
  if (name.includes('@')) return name;
  const last = name.slice(name.lastIndexOf('/') + 1);
  return last.includes(':') ? name : `${name}:latest`;
}

export function buildPodInfo(p: PodInfoInput): PodInfo {
  const s = p.spec;
  const aff = s.affinity;
  const term = (t: ResolvedPodAffinityTerm) => compileAffinityTerm(t, p.namespace);
  const weighted = (w: { weight: number; podAffinityTerm: ResolvedPodAffinityTerm }): WeightedAffinityTerm => ({ ...term(w.podAffinityTerm), weight: w.weight });
  let requiredNodeAffinity = aff?.nodeAffinity?.required;
  if (s.requiredNodeName !== undefined) {
    requiredNodeAffinity = [{ matchExpressions: [], matchFields: [{ key: 'metadata.name', operator: 'In', values: [s.requiredNodeName] }] }];
  }
  const images = [...(s.initContainers ?? []), ...(s.containers ?? [])].map((c) => normalizedImageName(c.image));
  return {
    uid: p.uid,
    name: p.name,
    namespace: p.namespace,
    labels: p.labels,
    priority: p.priority ?? 0,
    preemptionPolicy: p.preemptionPolicy ?? 'PreemptLowerPriority',
    schedulerName: s.schedulerName ?? 'default-scheduler',
    requests: p.requests,
    nonZeroRequests: p.nonZeroRequests,
    ...(s.nodeName !== undefined && s.nodeName !== '' ? { nodeName: s.nodeName } : {}),
    nodeSelector: s.nodeSelector ?? {},
    ...(requiredNodeAffinity !== undefined ? { requiredNodeAffinity } : {}),
    preferredNodeAffinity: aff?.nodeAffinity?.preferred ?? [],
    tolerations: s.tolerations ?? [],
    requiredAffinityTerms: (aff?.podAffinity?.required ?? []).map(term),
    requiredAntiAffinityTerms: (aff?.podAntiAffinity?.required ?? []).map(term),
    preferredAffinityTerms: (aff?.podAffinity?.preferred ?? []).map(weighted),
    preferredAntiAffinityTerms: (aff?.podAntiAffinity?.preferred ?? []).map(weighted),
    topologySpreadConstraints: s.topologySpreadConstraints ?? [],
    images,
    startTime: p.startTime ?? (() => undefined),
    terminating: p.terminating ?? (() => false),
    preemptedByScheduler: p.preemptedByScheduler ?? (() => false),
  };
}
