/**
 * The HPA controller's pod lister: the pods of a namespace that a scale target's selector returns, kept up to date
 * from the store's Pod watch, so a sync costs O(pods of the target) instead of a scan of every pod in the cluster
 * (issue #14's churn). It owns its indexes only; it never changes a pod and never schedules anything.
 *
 * An index is built on first use by one scan of the store (creation order) and then maintained: a pod ADDED that
 * matches is appended (a new pod is the newest, so the order stays the store's creation order) and a pod DELETED
 * leaves. A pod's labels never change in k8sim (ObjectMeta.labels is readonly), so MODIFIED cannot move a pod in or
 * out of an index. An index belongs to one owner (an autoscaler) and one selector object: a target whose selector is
 * another object (a recreated Deployment) gets a fresh index in place of the old one.
 */
import type { ClusterStore } from '../cluster/store';
import type { PodObj } from '../cluster/objects';
import type { ResolvedSelector } from '../cluster/spec';

interface PodIndex {
  readonly namespace: string;
  readonly selector: ResolvedSelector;
  /** The matching pods, in creation order (a Set keeps insertion order). */
  readonly pods: Set<PodObj>;
}

/** Pod indexes by owner (an autoscaler): each owner reads one target's pods at a time. */
export class HpaPodLister<Owner> {
  /** A handful (one per HPA). Only membership is updated while iterating, so the map's order reaches no output. */
  private readonly indexes = new Map<Owner, PodIndex>();

  constructor(private readonly store: ClusterStore) {
    store.watch('Pod', (type, p) => {
      if (type === 'ADDED') {
        for (const ix of this.indexes.values()) if (p.metadata.namespace === ix.namespace && ix.selector.matches(p.metadata.labels)) ix.pods.add(p);
      } else if (type === 'DELETED') {
        for (const ix of this.indexes.values()) ix.pods.delete(p);
      }
    });
  }

  /**
   * The pods of `namespace` that `selector` matches, in creation order, as `store.list('Pod')` filtered would give
   * them. `owner`'s previous index is replaced when it was for another namespace or selector object. The returned
   * set is live: read it before the next store change.
   */
  list(owner: Owner, namespace: string, selector: ResolvedSelector): ReadonlySet<PodObj> {
    const ix = this.indexes.get(owner);
    if (ix !== undefined && ix.selector === selector && ix.namespace === namespace) return ix.pods;
    const pods = new Set<PodObj>();
    for (const p of this.store.list('Pod')) if (p.metadata.namespace === namespace && selector.matches(p.metadata.labels)) pods.add(p);
    this.indexes.set(owner, { namespace, selector, pods });
    return pods;
  }
}
