/**
 * The Deployment controller (pkg/controller/deployment syncDeployment): owns the ReplicaSets `<name>-<hash>`, makes
 * a new one on a template change, rolls (RollingUpdate, Recreate), scales proportionally, pauses, cleans up old
 * revisions and keeps status and conditions, with `ScalingReplicaSet` events verbatim. It writes only through the
 * store; the arithmetic lives in deployment/*.ts. It never creates or deletes pods (the ReplicaSet controller does).
 */
import { WorkQueue } from './workQueue';
import type { EventKey } from '../../engine/simulator';
import type { SimContext } from '../context';
import { controllerOf, objectRef, type DeploymentObj, type DeploymentStatus, type ReplicaSetObj } from '../cluster/objects';
import { newUid, podTemplateHash } from '../naming';
import { STREAMS } from '../streams';
import { maxMicros, ZERO, type Micros } from '../../engine/time';
import { maxSurge, maxUnavailable, reconcileNewReplicaSet, reconcileOldReplicaSets, newRSNewReplicas } from './deployment/rolling';
import { proportionalSizes } from './deployment/proportional';
import { DESIRED_REPLICAS, MAX_REPLICAS, REVISION, bumpRevision, intAnnotation, replicaSetsToCleanUp, revisionOf } from './deployment/history';
import { byCreation, copyAnnotations, isSaturated, sameJson, statusView, templateKey, view } from './deployment/views';

export { templateKey } from './deployment/views';
import * as P from './deployment/progress';


export class DeploymentController {
  private readonly queue: WorkQueue<DeploymentObj>;
  /** The pending progress-deadline check of each Deployment (requeueStuckDeployment). */
  private readonly deadlineChecks = new Map<DeploymentObj, { at: number; key: EventKey }>();

  /**
   * The ReplicaSets of each controller uid, in the order they were added (the store's creation order): an index kept
   * from the watch, so finding a Deployment's ReplicaSets does not scan every ReplicaSet of the cluster on each sync.
   */
  private readonly byOwner = new Map<string, Set<ReplicaSetObj>>();

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.clock, 'deployment/sync', (d) => this.sync(d));
    // First of this controller's watches, so the index is current before any of them reacts.
    ctx.store.watch('ReplicaSet', (type, rs) => {
      const owner = controllerOf(rs)?.uid;
      if (owner === undefined) return;
      let set = this.byOwner.get(owner);
      if (type === 'ADDED') {
        if (set === undefined) {
          set = new Set();
          this.byOwner.set(owner, set);
        }
        set.add(rs);
      } else if (type === 'DELETED' && set !== undefined) {
        set.delete(rs);
        if (set.size === 0) this.byOwner.delete(owner);
      }
    });
    ctx.store.watch('Deployment', (type, d) => {
      if (type === 'DELETED') this.forget(d);
      else this.enqueue(d);
    });
    ctx.store.watch('ReplicaSet', (_type, rs) => {
      const d = this.ownerOf(rs);
      if (d !== undefined) this.enqueue(d);
    });
    // Recreate waits for the old pods to be gone or finished (deletePod re-queues the Deployment).
    ctx.store.watch('Pod', (type, pod) => {
      if (type !== 'DELETED' && !(type === 'MODIFIED' && (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed'))) return;
      const ref = controllerOf(pod);
      if (ref?.kind !== 'ReplicaSet') return;
      const rs = ctx.store.get('ReplicaSet', pod.metadata.namespace, ref.name);
      const d = rs === undefined ? undefined : this.ownerOf(rs);
      if (d !== undefined && d.spec.strategy.type === 'Recreate') this.enqueue(d);
    });
  }

  /** The ReplicaSets the Deployment owns, oldest first. */
  replicaSetsOf(d: DeploymentObj): ReplicaSetObj[] {
    const set = this.byOwner.get(d.metadata.uid);
    return set === undefined ? [] : [...set].sort(byCreation);
  }

  /** The new ReplicaSet (its template equals the Deployment's), if any. */
  newReplicaSetOf(d: DeploymentObj): ReplicaSetObj | undefined {
    const key = templateKey(d.spec.template);
    return this.replicaSetsOf(d).find((rs) => templateKey(rs.ownerTemplate ?? rs.spec.template) === key);
  }

  private ownerOf(rs: ReplicaSetObj): DeploymentObj | undefined {
    return this.ctx.store.controllerOf(rs, 'Deployment');
  }

  private forget(d: DeploymentObj): void {
    const c = this.deadlineChecks.get(d);
    if (c !== undefined) this.ctx.clock.cancel(c.key);
    this.deadlineChecks.delete(d);
  }

  private enqueue(d: DeploymentObj): void {
    this.queue.add(d);
  }

  private get now(): Micros {
    return this.ctx.clock.now;
  }

  // ------------------------------------------------------------------ syncDeployment

  private sync(d: DeploymentObj): void {
    if (this.ctx.store.get('Deployment', d.metadata.namespace, d.metadata.name) !== d) return;
    const all = this.replicaSetsOf(d);
    if (d.metadata.deletionTimestamp !== undefined) {
      this.syncStatusOnly(d, all);
      return;
    }
    this.checkPausedConditions(d);
    if (d.spec.paused || this.isScalingEvent(d, all)) {
      this.scaleSync(d, all);
      return;
    }
    if (d.spec.strategy.type === 'Recreate') this.rolloutRecreate(d, all);
    else this.rolloutRolling(d, all);
  }

  private split(d: DeploymentObj, all: readonly ReplicaSetObj[]): { newRs?: ReplicaSetObj; old: ReplicaSetObj[] } {
    const key = templateKey(d.spec.template);
    const newRs = all.find((rs) => templateKey(rs.ownerTemplate ?? rs.spec.template) === key);
    return { newRs, old: all.filter((rs) => rs !== newRs) };
  }

  /** isScalingEvent: an active ReplicaSet's desired-replicas annotation differs from spec.replicas. */
  private isScalingEvent(d: DeploymentObj, all: readonly ReplicaSetObj[]): boolean {
    // Upstream asks it of the new ReplicaSet and the old ones: `all` split in two, and the test of each is pure, so
    // asking it of `all` in its own order gives the same answer without the split and its lists (run every sync).
    for (const rs of all) {
      if (!(rs.spec.replicas > 0)) continue;
      const desired = intAnnotation(rs.metadata.annotations, DESIRED_REPLICAS);
      if (desired !== undefined && desired !== d.spec.replicas) return true;
    }
    return false;
  }

  private checkPausedConditions(d: DeploymentObj): void {
    if (d.spec.progressDeadlineSeconds === undefined) return;
    const status = d.status ?? P.emptyStatus();
    const cond = P.getCondition(status, 'Progressing');
    if (cond?.reason === P.TIMED_OUT) return;
    const pausedCond = cond?.reason === P.PAUSED;
    let c;
    if (d.spec.paused && !pausedCond) c = P.condition('Progressing', 'Unknown', P.PAUSED, 'Deployment is paused', this.now);
    else if (!d.spec.paused && pausedCond) c = P.condition('Progressing', 'Unknown', P.RESUMED, 'Deployment is resumed', this.now);
    if (c === undefined) return;
    const next = { ...status, conditions: [...status.conditions] };
    P.setCondition(next, c);
    this.writeStatus(d, next);
  }

  // ------------------------------------------------------------------ the new ReplicaSet and revisions

  /**
   * getAllReplicaSetsAndSyncRevision / getNewReplicaSet: brings an existing new ReplicaSet to revision max + 1 (and
   * its minReadySeconds), or creates it when `create`.
   */
  private syncRevision(d: DeploymentObj, all: readonly ReplicaSetObj[], create: boolean): { newRs?: ReplicaSetObj; old: ReplicaSetObj[] } {
    const { newRs, old } = this.split(d, all);
    const newRevision = old.reduce((m, rs) => Math.max(m, revisionOf(rs.metadata.annotations)), 0) + 1;
    if (newRs !== undefined) {
      const copied = copyAnnotations(d, newRs.metadata.annotations);
      const bumped = bumpRevision(copied, newRevision) ?? copied;
      const annotationsChanged = !sameJson(bumped, newRs.metadata.annotations);
      const minReadyChanged = newRs.spec.minReadySeconds !== d.spec.minReadySeconds;
      if (annotationsChanged || minReadyChanged) {
        newRs.metadata.annotations = bumped;
        newRs.spec.minReadySeconds = d.spec.minReadySeconds;
        this.ctx.store.update(newRs, minReadyChanged);
      }
      const rev = newRs.metadata.annotations[REVISION];
      let changed = false;
      if (rev !== undefined && d.metadata.annotations[REVISION] !== rev) {
        d.metadata.annotations = { ...d.metadata.annotations, [REVISION]: rev };
        changed = true;
      }
      const status = d.status ?? P.emptyStatus();
      if (d.spec.progressDeadlineSeconds !== undefined && P.getCondition(status, 'Progressing') === undefined) {
        const next = { ...status, conditions: [...status.conditions] };
        P.setCondition(next, P.condition('Progressing', 'True', P.FOUND_NEW_RS, `Found new replica set "${newRs.metadata.name}"`, this.now));
        d.status = next;
        changed = true;
      }
      if (changed) this.ctx.store.update(d);
      return { newRs, old };
    }
    if (!create) return { old };
    return { newRs: this.createNewReplicaSet(d, old, newRevision), old };
  }

  private createNewReplicaSet(d: DeploymentObj, old: readonly ReplicaSetObj[], revision: number): ReplicaSetObj {
    // A name taken by another template: the next collisionCount, as getNewReplicaSet retries with status.collisionCount.
    let hash = podTemplateHash(d.spec.template.raw);
    for (let n = 1; this.ctx.store.get('ReplicaSet', d.metadata.namespace, `${d.metadata.name}-${hash}`) !== undefined; n++) {
      hash = podTemplateHash(d.spec.template.raw, n);
    }
    const name = `${d.metadata.name}-${hash}`;
    const labels = { ...d.spec.template.labels, 'pod-template-hash': hash };
    const template = { ...d.spec.template, labels };
    const replicas =
      d.spec.strategy.type === 'Recreate'
        ? d.spec.replicas
        : newRSNewReplicas(d.spec.replicas, maxSurge(d.spec.strategy, d.spec.replicas), old.reduce((n, rs) => n + rs.spec.replicas, 0), 0);
    const annotations = {
      ...copyAnnotations(d, {}),
      [REVISION]: String(revision),
      [DESIRED_REPLICAS]: String(d.spec.replicas),
      [MAX_REPLICAS]: String(d.spec.replicas + maxSurge(d.spec.strategy, d.spec.replicas)),
    };
    const rng = this.ctx.streams.get(STREAMS.workload('ReplicaSet', d.metadata.namespace, name));
    const created: ReplicaSetObj = {
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: d.metadata.namespace,
        uid: newUid(() => rng.next()),
        labels,
        annotations,
        ownerReferences: [{ kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid, controller: true }],
        creationTimestamp: ZERO,
        resourceVersion: 0,
        generation: 0,
      },
      spec: { replicas, selector: d.spec.selector, template, minReadySeconds: d.spec.minReadySeconds },
      ownerTemplate: d.spec.template,
    };
    this.ctx.store.create(created);
    if (replicas > 0) this.record(d, `Scaled up replica set ${name} from 0 to ${replicas}`);
    d.metadata.annotations = { ...d.metadata.annotations, [REVISION]: String(revision) };
    const status = d.status ?? P.emptyStatus();
    const next = { ...status, conditions: [...status.conditions] };
    if (d.spec.progressDeadlineSeconds !== undefined) {
      P.setCondition(next, P.condition('Progressing', 'True', P.NEW_RS_CREATED, `Created new replica set "${name}"`, this.now));
    }
    d.status = next;
    this.ctx.store.update(d);
    return created;
  }

  /** scaleReplicaSet: the new size and the replica annotations; an event when the size changed. */
  private scaleReplicaSet(d: DeploymentObj, rs: ReplicaSetObj, to: number, direction?: 'up' | 'down'): boolean {
    const from = rs.spec.replicas;
    const desired = String(d.spec.replicas);
    const max = String(d.spec.replicas + maxSurge(d.spec.strategy, d.spec.replicas));
    const a = rs.metadata.annotations;
    const annotationsChange = a[DESIRED_REPLICAS] !== desired || a[MAX_REPLICAS] !== max;
    if (from === to && !annotationsChange) return false;
    if (annotationsChange) rs.metadata.annotations = { ...a, [DESIRED_REPLICAS]: desired, [MAX_REPLICAS]: max };
    rs.spec.replicas = to;
    this.ctx.store.update(rs, from !== to);
    if (from === to) return false;
    this.record(d, `Scaled ${direction ?? (to > from ? 'up' : 'down')} replica set ${rs.metadata.name} from ${from} to ${to}`);
    return true;
  }

  // ------------------------------------------------------------------ strategies

  private rolloutRolling(d: DeploymentObj, all: readonly ReplicaSetObj[]): void {
    const { newRs, old } = this.syncRevision(d, all, true);
    const rsAll = [...old, ...(newRs ? [newRs] : [])];
    const replicas = d.spec.replicas;
    const surge = maxSurge(d.spec.strategy, replicas);
    if (newRs !== undefined) {
      const to = reconcileNewReplicaSet(replicas, surge, rsAll.reduce((n, rs) => n + rs.spec.replicas, 0), newRs.spec.replicas);
      if (to !== undefined && this.scaleReplicaSet(d, newRs, to)) {
        this.syncRolloutStatus(d, rsAll, newRs);
        return;
      }
    }
    const activeOld = old.filter((rs) => rs.spec.replicas > 0);
    const ops = reconcileOldReplicaSets(replicas, maxUnavailable(d.spec.strategy, replicas), newRs && view(newRs), activeOld.map(view));
    let scaled = false;
    for (const op of ops) {
      const rs = activeOld.find((r) => r.metadata.name === op.name)!;
      if (this.scaleReplicaSet(d, rs, op.to)) scaled = true;
    }
    if (scaled) {
      this.syncRolloutStatus(d, rsAll, newRs);
      return;
    }
    if (d.status !== undefined && P.deploymentComplete(this.dview(d), d.status)) this.cleanup(d, old);
    this.syncRolloutStatus(d, rsAll, newRs);
  }

  private rolloutRecreate(d: DeploymentObj, all: readonly ReplicaSetObj[]): void {
    let { newRs, old } = this.syncRevision(d, all, false);
    let scaled = false;
    for (const rs of old) if (rs.spec.replicas > 0 && this.scaleReplicaSet(d, rs, 0)) scaled = true;
    if (scaled || this.oldPodsRunning(newRs, old)) {
      this.syncRolloutStatus(d, [...old, ...(newRs ? [newRs] : [])], newRs);
      return;
    }
    if (newRs === undefined) ({ newRs, old } = this.syncRevision(d, all, true));
    if (newRs!.spec.replicas !== d.spec.replicas) this.scaleReplicaSet(d, newRs!, d.spec.replicas);
    if (d.status !== undefined && P.deploymentComplete(this.dview(d), d.status)) this.cleanup(d, old);
    this.syncRolloutStatus(d, [...old, newRs!], newRs);
  }

  /** oldPodsRunning: an old ReplicaSet still reports pods, or one of its pods is not Succeeded/Failed (terminating included). */
  private oldPodsRunning(newRs: ReplicaSetObj | undefined, old: readonly ReplicaSetObj[]): boolean {
    if (old.some((rs) => (rs.status?.replicas ?? 0) > 0)) return true;
    const oldUids = new Set(old.map((rs) => rs.metadata.uid));
    oldUids.delete(newRs?.metadata.uid ?? '');
    for (const p of this.ctx.store.list('Pod')) {
      const ref = controllerOf(p);
      if (ref === undefined || !oldUids.has(ref.uid)) continue;
      if (p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed') return true;
    }
    return false;
  }

  /** sync(): proportional scaling (paused Deployments and scaling events), clean-up when paused, then status. */
  private scaleSync(d: DeploymentObj, all: readonly ReplicaSetObj[]): void {
    const { newRs, old } = this.syncRevision(d, all, false);
    this.scale(d, newRs, old);
    if (d.spec.paused) this.cleanup(d, old);
    const rsAll = [...old, ...(newRs ? [newRs] : [])];
    const s = P.calculateStatus(d.status ?? P.emptyStatus(), rsAll.map(statusView), newRs && statusView(newRs), d.metadata.generation, d.spec.replicas - maxUnavailable(d.spec.strategy, d.spec.replicas), this.now);
    if (!P.sameStatus(d.status ?? P.emptyStatus(), s)) this.writeStatus(d, s);
  }

  private scale(d: DeploymentObj, newRs: ReplicaSetObj | undefined, old: readonly ReplicaSetObj[]): void {
    const replicas = d.spec.replicas;
    const newestFirst = [...old].sort(byCreation).reverse();
    const active = [...(newRs ? [newRs] : []), ...newestFirst].filter((rs) => rs.spec.replicas > 0);
    if (newRs !== undefined || old.length > 0) {
      let one: ReplicaSetObj | undefined;
      if (active.length === 0) one = newRs ?? newestFirst[0];
      else if (active.length === 1) one = active[0];
      if (one !== undefined) {
        if (one.spec.replicas !== replicas) this.scaleReplicaSet(d, one, replicas);
        return;
      }
    }
    if (newRs !== undefined && isSaturated(d, newRs)) {
      for (const rs of old) if (rs.spec.replicas > 0) this.scaleReplicaSet(d, rs, 0);
      return;
    }
    if (d.spec.strategy.type !== 'RollingUpdate') return;
    const views = active.map((rs) => ({ name: rs.metadata.name, spec: rs.spec.replicas, created: rs.metadata.creationTimestamp, maxReplicas: intAnnotation(rs.metadata.annotations, MAX_REPLICAS) }));
    const { direction, sizes } = proportionalSizes(views, replicas, maxSurge(d.spec.strategy, replicas), d.status?.replicas ?? 0);
    for (const s of sizes) {
      const rs = active.find((r) => r.metadata.name === s.name)!;
      this.scaleReplicaSet(d, rs, s.to, direction === '' ? undefined : direction);
    }
  }

  /** cleanupDeployment: old ReplicaSets past revisionHistoryLimit that are empty. */
  private cleanup(d: DeploymentObj, old: readonly ReplicaSetObj[]): void {
    const views = old.map((rs) => ({
      name: rs.metadata.name,
      revision: revisionOf(rs.metadata.annotations),
      spec: rs.spec.replicas,
      statusReplicas: rs.status?.replicas ?? 0,
      deleting: rs.metadata.deletionTimestamp !== undefined,
      observed: rs.metadata.generation <= (rs.status?.observedGeneration ?? 0),
      created: rs.metadata.creationTimestamp,
    }));
    for (const name of replicaSetsToCleanUp(views, d.spec.revisionHistoryLimit)) {
      const rs = old.find((r) => r.metadata.name === name);
      if (rs !== undefined) this.ctx.store.delete(rs);
    }
  }

  // ------------------------------------------------------------------ status

  private dview(d: DeploymentObj): P.DeploymentView {
    return { name: d.metadata.name, replicas: d.spec.replicas, generation: d.metadata.generation, progressDeadlineSeconds: d.spec.progressDeadlineSeconds };
  }

  private syncStatusOnly(d: DeploymentObj, all: readonly ReplicaSetObj[]): void {
    const { newRs, old } = this.split(d, all);
    const rsAll = [...old, ...(newRs ? [newRs] : [])];
    const s = P.calculateStatus(d.status ?? P.emptyStatus(), rsAll.map(statusView), newRs && statusView(newRs), d.metadata.generation, d.spec.replicas - maxUnavailable(d.spec.strategy, d.spec.replicas), this.now);
    if (!P.sameStatus(d.status ?? P.emptyStatus(), s)) this.writeStatus(d, s);
  }

  /** syncRolloutStatus: status, conditions, and the deadline check when nothing changed. */
  private syncRolloutStatus(d: DeploymentObj, all: readonly ReplicaSetObj[], newRs: ReplicaSetObj | undefined): void {
    const old = d.status ?? P.emptyStatus();
    const minAvailable = d.spec.replicas - maxUnavailable(d.spec.strategy, d.spec.replicas);
    const s = P.calculateStatus(old, all.map(statusView), newRs && statusView(newRs), d.metadata.generation, minAvailable, this.now);
    P.rolloutConditions(this.dview(d), old, s, newRs?.metadata.name, this.now);
    if (!P.sameStatus(old, s)) {
      this.writeStatus(d, s);
      return;
    }
    const at = P.deadlineCheckAt(this.dview(d), old, s);
    const pending = this.deadlineChecks.get(d);
    if (pending !== undefined && pending.at === at) return;
    if (pending !== undefined) this.ctx.clock.cancel(pending.key);
    this.deadlineChecks.delete(d);
    if (at === undefined) return;
    const key = this.queue.addAt(d, maxMicros(at, this.now));
    this.deadlineChecks.set(d, { at, key });
  }

  private writeStatus(d: DeploymentObj, s: DeploymentStatus): void {
    d.status = s;
    this.ctx.store.update(d);
  }

  private record(d: DeploymentObj, message: string): void {
    this.ctx.events.emit('Normal', 'ScalingReplicaSet', message, objectRef(d), 'deployment-controller');
  }
}
