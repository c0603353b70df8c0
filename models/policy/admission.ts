/**
 * The API server's admission chain as k8sim runs it on every create: Priority (resolves a pod's PriorityClass, may
 * refuse), then LimitRanger (mutating, then validating), then ResourceQuota (validating, last). Upstream's mutating
 * phase runs LimitRanger's defaulting, then Priority, before any validation (pkg/kubeapiserver/options/plugins.go
 * AllOrderedPlugins), so a Priority refusal comes before LimitRanger's and ResourceQuota's: running it first keeps
 * that order. Counts the creates each refuses for the run summary. Reads the namespace's LimitRanges and
 * ResourceQuotas from the store; never writes it.
 */
import { controllerOf, type ApiObject } from '../cluster/objects';
import type { ClusterStore } from '../cluster/store';
import { ApiError } from '../cluster/apiError';
import { limitRangerAdmit } from './limitRanger';
import { quotaAdmit, quotaUsed } from './resourceQuota';
import { PriorityClasses, priorityAdmit } from './priority';
import type { PriorityClassSpec } from '../scheduler/config';

/** The kinds whose objects a quota can count (pods for compute resources, the rest for object counts). */
const COUNTED_KINDS = ['Pod', 'ReplicaSet', 'ReplicationController', 'Deployment', 'PodDisruptionBudget', 'ResourceQuota', 'LimitRange'] as const;

const byName = (a: ApiObject, b: ApiObject) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);

export class Admission {
  /** Creates refused by ResourceQuota, by LimitRanger and by Priority. */
  readonly rejections = { quota: 0, limitRange: 0, priority: 0 };
  private readonly priorityClasses: PriorityClasses;

  /** `priorityClasses`: the scenario's (SchedulerSettings.priorityClasses); the built-in system classes are added. */
  constructor(
    private readonly store: ClusterStore,
    priorityClasses: readonly PriorityClassSpec[] = [],
  ) {
    this.priorityClasses = new PriorityClasses(priorityClasses);
    store.admit((obj) => this.priority(obj));
    store.admit((obj) => this.limitRanger(obj));
    store.admit((obj) => this.resourceQuota(obj));
  }

  private priority(obj: ApiObject): void {
    if (obj.kind !== 'Pod') return;
    this.counting('priority', () => priorityAdmit(obj, this.priorityClasses, requestName(obj)));
  }

  private limitRanger(obj: ApiObject): void {
    if (obj.kind !== 'Pod') return;
    const ranges = [...this.store.list('LimitRange')].filter((lr) => lr.metadata.namespace === obj.metadata.namespace).sort(byName);
    if (ranges.length === 0) return;
    this.counting('limitRange', () => limitRangerAdmit(obj, ranges, requestName(obj)));
  }

  private resourceQuota(obj: ApiObject): void {
    // Objects a controller makes (a Deployment's ReplicaSets) are counted but never refused: only pod creates have
    // a refusal path in k8sim's controllers (FailedCreate); the scenario's own objects are refused at t = 0.
    if (obj.kind !== 'Pod' && controllerOf(obj) !== undefined) return;
    const quotas = [...this.store.list('ResourceQuota')].filter((q) => q.metadata.namespace === obj.metadata.namespace).sort(byName);
    if (quotas.length === 0) return;
    const objects: ApiObject[] = COUNTED_KINDS.flatMap((k) => [...(this.store.list(k) as Iterable<ApiObject>)]);
    this.counting('quota', () => quotaAdmit(obj, quotas.map((quota) => ({ quota, used: quotaUsed(quota, objects) })), requestName(obj)));
  }

  private counting(which: 'quota' | 'limitRange' | 'priority', admit: () => void): void {
    try {
      admit();
    } catch (e) {
      if (e instanceof ApiError) this.rejections[which]++;
      throw e;
    }
  }
}

/** The name admission messages use: the pod's generateName while the name is server-generated (admission.NewForbidden). */
function requestName(obj: ApiObject): string {
  return obj.metadata.generateName ?? obj.metadata.name;
}
