/**
 * Builders for DaemonSets and StatefulSets in model tests (the loader's defaults: RollingUpdate, maxUnavailable 1,
 * maxSurge 0, partition 0, OrderedReady), and a template update as `kubectl apply` of a new template would make it.
 */
import type { ResolvedPodSpec, ResolvedPodTemplate } from '../../models/cluster/spec';
import type { IntOrPercent, ResolvedDaemonSet, ResolvedStatefulSet } from '../../models/apps/spec';
import type { Simulation } from '../../models/simulation';
import { compileLabelSelector } from '../../models/labels';
import { podSpec } from './build';

export const int = (value: number): IntOrPercent => ({ kind: 'int', value });
export const pct = (value: number): IntOrPercent => ({ kind: 'percent', value });

export function template(labels: Record<string, string>, spec: ResolvedPodSpec = podSpec(), rawExtra: Record<string, unknown> = {}): ResolvedPodTemplate {
  return { labels, annotations: {}, spec, raw: { metadata: { labels }, spec: { n: spec.containers.map((c) => c.image) }, ...rawExtra } };
}

export function daemonSet(name: string, labels: Record<string, string>, extra: Partial<ResolvedDaemonSet> = {}): ResolvedDaemonSet {
  return {
    namespace: 'default',
    name,
    selector: { matches: compileLabelSelector({ matchLabels: labels }), text: '' },
    template: template(labels),
    minReadySeconds: 0,
    updateStrategy: { type: 'RollingUpdate', maxUnavailable: int(1), maxSurge: int(0) },
    source: { file: 'test', line: 1 },
    ...extra,
  };
}

export function statefulSet(name: string, replicas: number, labels: Record<string, string>, extra: Partial<ResolvedStatefulSet> = {}): ResolvedStatefulSet {
  return {
    namespace: 'default',
    name,
    replicas,
    selector: { matches: compileLabelSelector({ matchLabels: labels }), text: '' },
    template: template(labels),
    serviceName: name,
    podManagementPolicy: 'OrderedReady',
    updateStrategy: { type: 'RollingUpdate', partition: 0, maxUnavailable: int(1) },
    minReadySeconds: 0,
    ordinalsStart: 0,
    volumeClaimTemplates: [],
    source: { file: 'test', line: 1 },
    ...extra,
  };
}

/** Replaces the template of a DaemonSet or StatefulSet through the store (a spec change), as an apply would. */
export function updateTemplate(sim: Simulation, kind: 'DaemonSet' | 'StatefulSet', name: string, t: ResolvedPodTemplate): void {
  const o = sim.ctx.store.get(kind, 'default', name)!;
  o.spec.template = t;
  sim.ctx.store.update(o, true);
}
