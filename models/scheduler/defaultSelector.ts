/**
 * helper.DefaultSelector (pkg/scheduler/framework/plugins/helper/spread.go), the selector of PodTopologySpread's
 * system-default constraints (scheduler.md §4.1): the selectors of the Services in the pod's namespace that select
 * it and of its controlling ReplicationController merged into one label set, ANDed with the selector of its
 * controlling ReplicaSet or StatefulSet. Undefined when that is empty (no default spreading for the pod).
 * k8sim's ReplicaSets carry their Deployment's selector without `pod-template-hash`; the hash (from the
 * ReplicaSet's template labels) is added here, so each revision's pods spread among themselves as upstream.
 */
import type { ClusterStore } from '../cluster/store';
import type { LabelSelectorSpec, ResolvedService } from '../cluster/spec';
import { compileSelector } from './framework/selectors';
import type { PodInfo, Selector } from './framework/types';

/**
 * The default selectors of a run, memoised: Services are fixed for the run and controllers' selectors never change,
 * so the answer depends only on the pod's namespace, its controller and which Services select it.
 */
export class DefaultSelectors {
  private readonly memo = new Map<string, Selector | undefined>();
  constructor(
    private readonly store: ClusterStore,
    private readonly services: readonly ResolvedService[],
  ) {}

  of(pod: PodInfo): Selector | undefined {
    let key = `${pod.namespace}|${pod.controller?.kind ?? ''}/${pod.controller?.name ?? ''}|`;
    for (let i = 0; i < this.services.length; i++) {
      const svc = this.services[i];
      if (svc.namespace === pod.namespace && svc.selector !== undefined && svc.selector.matches(pod.labels)) key += `${i},`;
    }
    if (this.memo.has(key)) return this.memo.get(key);
    const sel = defaultSpreadSelector(this.store, this.services, pod);
    if (this.memo.size > 100_000) this.memo.clear();
    this.memo.set(key, sel);
    return sel;
  }
}

export function defaultSpreadSelector(store: ClusterStore, services: readonly ResolvedService[], pod: PodInfo): Selector | undefined {
  const set: Record<string, string> = {};
  let any = false;
  for (const svc of services) {
    if (svc.namespace !== pod.namespace || svc.selector === undefined || !svc.selector.matches(pod.labels)) continue;
    Object.assign(set, svc.selector.spec?.matchLabels ?? {});
    any = true;
  }
  const expressions: { key: string; operator: string; values?: readonly string[] }[] = [];
  const owner = pod.controller;
  if (owner !== undefined) {
    const kind = owner.kind;
    if (kind === 'ReplicationController' || kind === 'ReplicaSet' || kind === 'StatefulSet') {
      const obj = store.get(kind, pod.namespace, owner.name);
      const sel = obj?.spec.selector.spec;
      if (sel !== undefined) {
        if (kind === 'ReplicationController') Object.assign(set, sel.matchLabels ?? {});
        else {
          for (const [k, v] of Object.entries(sel.matchLabels ?? {})) expressions.push({ key: k, operator: 'In', values: [v] });
          expressions.push(...(sel.matchExpressions ?? []));
          // Upstream a Deployment's ReplicaSet selects `pod-template-hash` too; k8sim's keeps the Deployment's selector,
          // so the hash is added here: each revision's pods spread among themselves, as upstream.
          const hash = obj?.spec.template.labels['pod-template-hash'];
          if (kind === 'ReplicaSet' && hash !== undefined && !Object.prototype.hasOwnProperty.call(sel.matchLabels ?? {}, 'pod-template-hash')) {
            expressions.push({ key: 'pod-template-hash', operator: 'In', values: [hash] });
          }
        }
        any = true;
      }
    }
  }
  if (!any) return undefined;
  const spec: LabelSelectorSpec = { matchLabels: set, matchExpressions: expressions };
  const selector = compileSelector(spec);
  return selector.isEmpty ? undefined : selector;
}
