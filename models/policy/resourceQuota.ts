/**
 * The ResourceQuota admission plugin (apiserver admission/plugin/resourcequota/controller.go checkRequest, with the
 * pod evaluator of pkg/quota/v1/evaluator/core/pods.go and the object-count evaluators): a create that would take a
 * namespace's usage past a quota's hard limit is refused with the exact `exceeded quota` message, a pod missing a
 * request or limit a quota tracks with `failed quota: ... must specify`. Usage is what the quota controller would
 * converge to: the live objects of the namespace. Pure over what it is given; never writes the store.
 */
import { forbidden } from '../cluster/apiError';
import type { ApiObject, PodObj, ResourceQuotaObj } from '../cluster/objects';
import { containerQuotaNames, formatQuantity, podQuotaUsage } from './resources';

/** The compute resources whose quota makes every container name them (pods.go validationSet). */
const VALIDATION_SET = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

/** The object-count resource of each kind (`count/<resource>.<group>`; the core kinds also by their old names). */
export const COUNT_RESOURCES: Readonly<Record<string, readonly string[]>> = {
  Pod: ['pods', 'count/pods'],
  ReplicationController: ['replicationcontrollers', 'count/replicationcontrollers'],
  ResourceQuota: ['resourcequotas', 'count/resourcequotas'],
  ReplicaSet: ['count/replicasets.apps'],
  Deployment: ['count/deployments.apps'],
  PodDisruptionBudget: ['count/poddisruptionbudgets.policy'],
  LimitRange: ['count/limitranges'],
};

/** What creating `obj` adds to its namespace's usage (milli-units per resource). */
export function usageOf(obj: ApiObject): Map<string, number> {
  if (obj.kind === 'Pod') return podQuotaUsage(obj);
  return new Map((COUNT_RESOURCES[obj.kind] ?? []).map((r) => [r, 1000]));
}

/** QuotaV1Pod: a pod stops counting when it has finished (Succeeded / Failed) or left the API. */
export function podCounts(p: PodObj): boolean {
  return !p.removed && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed';
}

/** The namespace's current usage of every resource `quota` limits, from the objects that count. */
export function quotaUsed(quota: ResourceQuotaObj, objects: Iterable<ApiObject>): Map<string, number> {
  const used = new Map<string, number>([...quota.spec.hard.keys()].map((r) => [r, 0]));
  for (const o of objects) {
    if (o.metadata.namespace !== quota.metadata.namespace) continue;
    if (o.kind === 'Pod' && !podCounts(o)) continue;
    for (const [r, v] of usageOf(o)) if (used.has(r)) used.set(r, used.get(r)! + v);
  }
  return used;
}

/**
 * checkRequest for one new object against the namespace's quotas (sorted by name), each with its current usage.
 * Throws the 403 ApiError upstream returns; `name` is the object's name or its generateName.
 */
export function quotaAdmit(obj: ApiObject, quotas: readonly { quota: ResourceQuotaObj; used: ReadonlyMap<string, number> }[], name: string): void {
  const resource = obj.kind === 'Pod' ? 'pods' : `${obj.kind.toLowerCase()}s`;
  // Constraints first, for every quota (pods.go Constraints: each container must set what a quota tracks).
  if (obj.kind === 'Pod') {
    for (const { quota } of quotas) {
      const required = [...quota.spec.hard.keys()].filter((r) => VALIDATION_SET.has(r));
      if (required.length === 0) continue;
      const missing = new Set<string>();
      for (const c of [...obj.spec.containers, ...obj.spec.initContainers]) {
        const has = containerQuotaNames(c);
        for (const r of required) if (!has.has(r)) missing.add(r);
      }
      if (missing.size > 0) throw forbidden(resource, name, `failed quota: ${quota.metadata.name}: must specify ${[...missing].sort().join(',')}`);
    }
  }
  const delta = usageOf(obj);
  for (const { quota, used } of quotas) {
    const exceeded = [...quota.spec.hard.keys()]
      .filter((r) => delta.has(r) && (used.get(r) ?? 0) + delta.get(r)! > quota.spec.hard.get(r)!)
      .sort();
    if (exceeded.length === 0) continue;
    const list = (v: (r: string) => number) => exceeded.map((r) => `${r}=${formatQuantity(r, v(r))}`).join(',');
    throw forbidden(
      resource,
      name,
      `exceeded quota: ${quota.metadata.name}, requested: ${list((r) => delta.get(r)!)}, used: ${list((r) => used.get(r) ?? 0)}, limited: ${list((r) => quota.spec.hard.get(r)!)}`,
    );
  }
}
