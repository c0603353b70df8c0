/**
 * The cluster's API, with Kubernetes' semantics and no HTTP: what the API server and its watch cache hold. Objects
 * are created, updated (one monotonic resourceVersion per store; metadata.generation on spec changes), deleted
 * gracefully (deletionTimestamp first, removal when whoever must finish the object says so), scaled through the
 * scale subresource, listed and watched. Watchers receive ADDED / MODIFIED / DELETED in the order the changes
 * happened, as an informer delivers them: a change made while watchers are being notified is queued and delivered
 * after the current one, never nested. The store schedules nothing and writes no trace itself.
 */
import type { Micros } from '../../engine/time';
import { controllerOf, type ApiObject, type DeploymentObj, type Kind, type NodeObj, type ObjectOfKind, type PodObj, type ReplicaSetObj, type StatefulSetObj } from './objects';

/**
 * An admission plugin (the API server's admission chain on create): it may mutate the new object (LimitRanger's
 * defaults) or refuse it by throwing an ApiError (ResourceQuota's `exceeded quota`). Plugins run in the order added.
 */
export type AdmissionPlugin = (obj: ApiObject) => void;

/** metav1.DeleteOptions (the fields k8sim uses). */
export interface DeleteOptions {
  /** deleteOptions.gracePeriodSeconds in µs: overrides the pod's terminationGracePeriodSeconds for this deletion. */
  readonly gracePeriod?: Micros;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A watch handler: the object is the live record (read it, never keep it past the object's DELETED). */
export type WatchHandler<O> = (type: WatchEventType, obj: O) => void;

/** Kinds with a scale subresource (spec.replicas). */
export type ScalableKind = 'Deployment' | 'ReplicaSet' | 'ReplicationController' | 'StatefulSet';

interface Pending {
  readonly kind: Kind;
  readonly type: WatchEventType;
  readonly obj: ApiObject;
}

const KINDS: readonly Kind[] = ['Node', 'Pod', 'ReplicaSet', 'ReplicationController', 'Deployment', 'Job', 'CronJob', 'DaemonSet', 'StatefulSet', 'PodDisruptionBudget', 'ResourceQuota', 'LimitRange'];

export class ClusterStore {
  /** Each kind's objects in creation order (identity: a write tells a live object from a removed one by it). */
  private readonly objects = new Map<Kind, Set<ApiObject>>();
  /**
   * Each kind's objects by namespace, then name: a look-up hashes the caller's own strings (whose hashes the strings
   * keep) instead of building a `namespace/name` key per call.
   */
  private readonly byName = new Map<Kind, Map<string, Map<string, ApiObject>>>();
  private readonly watchers = new Map<Kind, WatchHandler<ApiObject>[]>();
  private revision = 0;
  private readonly queue: Pending[] = [];
  private dispatching = false;
  private readonly admission: AdmissionPlugin[] = [];

  constructor(private readonly clock: { readonly now: Micros }) {
    for (const k of KINDS) {
      this.objects.set(k, new Set());
      this.byName.set(k, new Map());
      this.watchers.set(k, []);
    }
  }

  /** Receives every later change of `kind`, in order. */
  watch<K extends Kind>(kind: K, handler: WatchHandler<ObjectOfKind<K>>): void {
    this.watchers.get(kind)!.push(handler as WatchHandler<ApiObject>);
  }

  /** The objects of `kind` in creation order (the live records). */
  list<K extends Kind>(kind: K): IterableIterator<ObjectOfKind<K>> {
    return this.objects.get(kind)!.values() as IterableIterator<ObjectOfKind<K>>;
  }

  count(kind: Kind): number {
    return this.objects.get(kind)!.size;
  }

  get<K extends Kind>(kind: K, namespace: string, name: string): ObjectOfKind<K> | undefined {
    return this.byName.get(kind)!.get(namespace)?.get(name) as ObjectOfKind<K> | undefined;
  }

  /** Adds an admission plugin: every later create runs through it (after the ones added before). */
  admit(plugin: AdmissionPlugin): void {
    this.admission.push(plugin);
  }

  /**
   * Stores a new object: creationTimestamp now, generation 1, the next resourceVersion. Names are unique per kind
   * and namespace. The admission plugins run first and may mutate the object or refuse it (an ApiError is thrown
   * and nothing is stored).
   */
  create(obj: ApiObject): void {
    const { namespace, name } = obj.metadata;
    let names = this.byName.get(obj.kind)!.get(namespace);
    if (names?.has(name)) throw new Error(`${obj.kind} ${key(namespace, name)} already exists`);
    for (const plugin of this.admission) plugin(obj);
    obj.metadata.creationTimestamp = this.clock.now;
    obj.metadata.generation = 1;
    obj.metadata.resourceVersion = ++this.revision;
    if (names === undefined) {
      names = new Map();
      this.byName.get(obj.kind)!.set(namespace, names);
    }
    names.set(name, obj);
    this.objects.get(obj.kind)!.add(obj);
    this.notify(obj.kind, 'ADDED', obj);
  }

  /**
   * Records a change the caller has made to the object (status, or spec when `specChanged`, which bumps
   * metadata.generation) and tells the watchers. Writes to a removed object are ignored, as a write to a deleted
   * object fails upstream.
   */
  update(obj: ApiObject, specChanged = false): void {
    if (!this.has(obj)) return;
    if (specChanged) obj.metadata.generation++;
    obj.metadata.resourceVersion = ++this.revision;
    this.notify(obj.kind, 'MODIFIED', obj);
  }

  /**
   * Graceful deletion: sets deletionTimestamp (a MODIFIED change) and leaves the object for whoever must finish it.
   * A pod that was never bound has no kubelet to wait for and is removed at once, as the API server does; other
   * kinds are removed at once. Returns false when the object is already being deleted or gone. `options.gracePeriod`
   * (deleteOptions.gracePeriodSeconds) is kept as metadata.deletionGracePeriod for the kubelet.
   */
  delete(obj: ApiObject, options: DeleteOptions = {}): boolean {
    if (!this.has(obj) || obj.metadata.deletionTimestamp !== undefined) return false;
    if (options.gracePeriod !== undefined) obj.metadata.deletionGracePeriod = options.gracePeriod;
    if (obj.kind !== 'Pod' || obj.spec.nodeName === undefined) {
      obj.metadata.deletionTimestamp = this.clock.now;
      this.remove(obj);
      return true;
    }
    obj.metadata.deletionTimestamp = this.clock.now;
    this.update(obj);
    return true;
  }

  /** Removes the object from the API (the end of a graceful deletion): a DELETED change, then gone from every list. */
  remove(obj: ApiObject): void {
    if (!this.has(obj)) return;
    this.objects.get(obj.kind)!.delete(obj);
    this.byName.get(obj.kind)!.get(obj.metadata.namespace)!.delete(obj.metadata.name);
    obj.metadata.resourceVersion = ++this.revision;
    if (obj.kind === 'Pod') obj.removed = true;
    this.notify(obj.kind, 'DELETED', obj);
  }

  /**
   * The live object that manages `o` (its controller owner reference), when it is of one of `kinds` and is the same
   * object the reference names (same uid: a recreated namesake does not count), else undefined.
   */
  controllerOf<K extends Kind>(o: ApiObject, ...kinds: K[]): ObjectOfKind<K> | undefined {
    const ref = controllerOf(o);
    if (ref === undefined || !(kinds as string[]).includes(ref.kind)) return undefined;
    const owner = this.get(ref.kind as K, o.metadata.namespace, ref.name);
    return owner !== undefined && owner.metadata.uid === ref.uid ? owner : undefined;
  }

  /** The scale subresource: reads spec.replicas of a scalable object, or undefined when it does not exist. */
  getScale(kind: ScalableKind, namespace: string, name: string): number | undefined {
    return this.get(kind, namespace, name)?.spec.replicas;
  }

  /** The scale subresource: writes spec.replicas (a spec change). Returns false when the object does not exist. */
  scale(kind: ScalableKind, namespace: string, name: string, replicas: number): boolean {
    const o = this.get(kind, namespace, name) as ReplicaSetObj | DeploymentObj | StatefulSetObj | undefined;
    if (o === undefined) return false;
    if (o.spec.replicas === replicas) return true;
    o.spec.replicas = replicas;
    this.update(o, true);
    return true;
  }

  // Typed shorthands for the kinds the models read most.
  get nodes(): IterableIterator<NodeObj> {
    return this.list('Node');
  }
  getNode(name: string): NodeObj | undefined {
    return this.get('Node', '', name);
  }
  getPod(namespace: string, name: string): PodObj | undefined {
    return this.get('Pod', namespace, name);
  }

  private has(obj: ApiObject): boolean {
    return this.objects.get(obj.kind)?.has(obj) === true;
  }

  private notify(kind: Kind, type: WatchEventType, obj: ApiObject): void {
    this.queue.push({ kind, type, obj });
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let i = 0; i < this.queue.length; i++) {
        const p = this.queue[i];
        for (const h of this.watchers.get(p.kind)!) h(p.type, p.obj);
      }
    } finally {
      this.queue.length = 0;
      this.dispatching = false;
    }
  }
}

export function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
