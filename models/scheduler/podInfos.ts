/**
 * The scheduler's PodInfo of every pod it knows (framework.NewPodInfo for a PodObj): the template's compiled parts
 * (affinity terms, selectors, images), shared by a workload's pods, plus each pod's own fields and live accessors.
 * Lookup by pod and by uid (preemption names its victims by uid).
 */
import { controllerOf, type PodObj } from '../cluster/objects';
import type { ResolvedPodTemplate } from '../cluster/spec';
import { buildPodInfo } from './framework/podInfo';
import type { PodInfo } from './framework/types';
import type { Micros } from '../../engine/time';

/** The DisruptionTarget reason of a pod the scheduler preempts. */
export const PREEMPTION_REASON = 'PreemptionByScheduler';

/** spec.priority as the Priority admission plugin set it (0 without a class). */
export function priorityOf(pod: PodObj): number {
  return pod.spec.priority ?? 0;
}

/**
 * A PodInfo of a live pod: the accessors are shared functions reading `this.pod` (called as methods, `info.x()`),
 * not three closures per pod (issue #13: about 140 bytes per pod, and a scheduler holds every pod's).
 */
interface LivePodInfo extends PodInfo {
  readonly pod: PodObj;
}

function liveStartTime(this: LivePodInfo): Micros | undefined {
  return this.pod.status.startTime;
}

function liveTerminating(this: LivePodInfo): boolean {
  return this.pod.metadata.deletionTimestamp !== undefined;
}

function livePreemptedByScheduler(this: LivePodInfo): boolean {
  return this.pod.status.conditions.some((c) => c.type === 'DisruptionTarget' && c.status === 'True' && c.reason === PREEMPTION_REASON);
}

export class PodInfos {
  private readonly byPod = new Map<PodObj, PodInfo>();
  private readonly byUid = new Map<string, PodObj>();
  /** Compiled template parts, per template and namespace. */
  private readonly templates = new WeakMap<ResolvedPodTemplate, Map<string, PodInfo>>();

  get(pod: PodObj): PodInfo | undefined {
    return this.byPod.get(pod);
  }

  podOf(uid: string): PodObj | undefined {
    return this.byUid.get(uid);
  }

  delete(pod: PodObj): void {
    if (this.byPod.delete(pod)) this.byUid.delete(pod.metadata.uid);
  }

  /** One `controller` object per owner, shared by its pods (read only; issue #13: 40 bytes per pod). */
  private readonly controllers = new Map<string, Map<string, { readonly kind: string; readonly name: string }>>();

  private controller(kind: string, name: string): { readonly kind: string; readonly name: string } {
    let byName = this.controllers.get(kind);
    if (byName === undefined) this.controllers.set(kind, (byName = new Map()));
    let c = byName.get(name);
    if (c === undefined) byName.set(name, (c = { kind, name }));
    return c;
  }

  /** The pod's PodInfo, compiled on first use. */
  of(pod: PodObj): PodInfo {
    let info = this.byPod.get(pod);
    if (info !== undefined) return info;
    let perNs = this.templates.get(pod.template);
    if (perNs === undefined) this.templates.set(pod.template, (perNs = new Map()));
    let base = perNs.get(pod.metadata.namespace);
    if (base === undefined) {
      base = buildPodInfo({
        uid: '',
        name: '',
        namespace: pod.metadata.namespace,
        labels: pod.template.labels,
        requests: pod.requests,
        nonZeroRequests: pod.nonZeroRequests,
        spec: pod.template.spec,
      });
      perNs.set(pod.metadata.namespace, base);
    }
    const owner = controllerOf(pod);
    // One literal with every field in one order: every PodInfo shares one hidden class, so the plugins' per-node
    // reads stay monomorphic.
    info = {
      uid: pod.metadata.uid,
      name: pod.metadata.name,
      namespace: base.namespace,
      labels: pod.metadata.labels,
      priority: priorityOf(pod),
      preemptionPolicy: pod.spec.preemptionPolicy ?? 'PreemptLowerPriority',
      schedulerName: base.schedulerName,
      requests: pod.requests,
      nonZeroRequests: pod.nonZeroRequests,
      nodeName: base.nodeName,
      nodeSelector: base.nodeSelector,
      requiredNodeAffinity: base.requiredNodeAffinity,
      preferredNodeAffinity: base.preferredNodeAffinity,
      tolerations: base.tolerations,
      requiredAffinityTerms: base.requiredAffinityTerms,
      requiredAntiAffinityTerms: base.requiredAntiAffinityTerms,
      preferredAffinityTerms: base.preferredAffinityTerms,
      preferredAntiAffinityTerms: base.preferredAntiAffinityTerms,
      topologySpreadConstraints: base.topologySpreadConstraints,
      images: base.images,
      controller: owner !== undefined ? this.controller(owner.kind, owner.name) : undefined,
      startTime: liveStartTime,
      terminating: liveTerminating,
      preemptedByScheduler: livePreemptedByScheduler,
      pod,
    } satisfies LivePodInfo as PodInfo;
    this.byPod.set(pod, info);
    this.byUid.set(pod.metadata.uid, pod);
    return info;
  }
}
