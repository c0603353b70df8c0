/**
 * The StatefulSet controller (pkg/controller/statefulset stateful_set_control.go): pods `<set>-<ordinal>` with stable
 * identity labels, created in increasing ordinal and removed in decreasing ordinal, one at a time and each waiting for
 * the one before under OrderedReady, all at once under Parallel; failed pods recreated; RollingUpdate from the
 * highest ordinal down to the partition, at most maxUnavailable at a time; OnDelete. Claims from
 * volumeClaimTemplates are named and announced once per pod identity and kept (Retain). A store client: it watches
 * StatefulSets and their pods and writes through store.create / delete / update; it never binds or runs a pod.
 */
import { WorkQueue } from './workQueue';
import type { EventKey, EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { type Micros } from '../../engine/time';
import type { RandomStream } from '../../engine/random';
import type { SimContext } from '../context';
import { objectRef, type PodObj, type StatefulSetObj } from '../cluster/objects';
import type { ResolvedPodTemplate } from '../cluster/spec';
import { newPod } from '../cluster/podFactory';
import { newUid, podTemplateHash } from '../naming';
import { STREAMS } from '../streams';
import { availableFrom, isAvailable, isRunningAndReady, isTerminating } from '../apps/availability';
import { CONTROLLER_REVISION_HASH } from '../apps/daemonSetRules';
import { ordinalOf, revisionForOrdinal, revisionName, statefulPodLabels, statefulPodName, statefulSetMaxUnavailable } from '../apps/statefulSetRules';
import { ApiError } from '../cluster/apiError';

const COMPONENT = 'statefulset-controller';

/** The controller's private record of one StatefulSet: its pods by ordinal, revisions, claims made, its stream. */
interface SetState {
  readonly pods: Map<number, PodObj>;
  /** ControllerRevisions: name → template. */
  readonly revisions: Map<string, ResolvedPodTemplate>;
  readonly claims: Set<string>;
  readonly rng: RandomStream;
  wakeup?: { readonly at: Micros; readonly key: EventKey };
}

export class StatefulSetController {
  private readonly queue: WorkQueue<StatefulSetObj>;
  private readonly wakeType: EventType<StatefulSetObj>;
  private readonly states = new Map<StatefulSetObj, SetState>();

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.clock, 'statefulset/sync', (set) => this.sync(set));
    this.wakeType = ctx.clock.register('statefulset/available', (set) => {
      const st = this.states.get(set);
      if (st !== undefined) st.wakeup = undefined;
      this.enqueue(set);
    });
    ctx.store.watch('StatefulSet', (type, set) => {
      if (type === 'DELETED') this.states.delete(set);
      else this.enqueue(set);
    });
    ctx.store.watch('Pod', (type, pod) => {
      const set = this.ownerOf(pod);
      if (set === undefined) return;
      if (type === 'DELETED') {
        const pods = this.states.get(set)?.pods;
        const ord = ordinalOf(set.metadata.name, pod.metadata.name);
        if (pods !== undefined && ord !== undefined && pods.get(ord) === pod) pods.delete(ord);
      }
      this.enqueue(set);
    });
  }

  /** The StatefulSet's pods in the API, by ordinal. */
  podsOf(set: StatefulSetObj): ReadonlyMap<number, PodObj> {
    return this.states.get(set)?.pods ?? new Map();
  }

  private ownerOf(pod: PodObj): StatefulSetObj | undefined {
    return this.ctx.store.controllerOf(pod, 'StatefulSet');
  }

  private enqueue(set: StatefulSetObj): void {
    this.queue.add(set);
  }

  private state(set: StatefulSetObj): SetState {
    let st = this.states.get(set);
    if (st === undefined) {
      const rng = this.ctx.streams.get(STREAMS.apps('StatefulSet', set.metadata.namespace, set.metadata.name));
      st = { pods: new Map(), revisions: new Map(), claims: new Set(), rng };
      this.states.set(set, st);
    }
    return st;
  }

  /** updateStatefulSet: replicas in increasing ordinal, then condemned pods in decreasing ordinal, then the update. */
  private sync(set: StatefulSetObj): void {
    if (set.metadata.deletionTimestamp !== undefined || this.ctx.store.get('StatefulSet', set.metadata.namespace, set.metadata.name) !== set) return;
    const st = this.state(set);
    const now = this.ctx.clock.now;
    const name = set.metadata.name;
    const before = { ...set.status };
    const updateRevision = revisionName(name, podTemplateHash(set.spec.template.raw));
    st.revisions.set(updateRevision, set.spec.template);
    if (set.status.currentRevision === '' || !st.revisions.has(set.status.currentRevision)) set.status.currentRevision = updateRevision;
    set.status.updateRevision = updateRevision;
    this.process(set, st, now);
    this.updateStatus(set, st, before, now);
    this.wakeWhenAvailable(set, st, now);
  }

  private process(set: StatefulSetObj, st: SetState, now: Micros): void {
    const { replicas, ordinalsStart: start, podManagementPolicy, minReadySeconds, updateStrategy } = set.spec;
    const monotonic = podManagementPolicy === 'OrderedReady';
    const healthy = (p: PodObj) => !isTerminating(p) && isRunningAndReady(p) && isAvailable(p, minReadySeconds, now);
    const condemned = [...st.pods.entries()].filter(([ord]) => ord < start || ord >= start + replicas).sort((a, b) => b[0] - a[0]).map(([, p]) => p);
    // The first unhealthy pod: among the replicas by increasing ordinal, else among the condemned from the lowest.
    let firstUnhealthy: PodObj | undefined;
    for (let ord = start; ord < start + replicas && firstUnhealthy === undefined; ord++) {
      const p = st.pods.get(ord);
      if (p !== undefined && !healthy(p)) firstUnhealthy = p;
    }
    for (let i = condemned.length - 1; i >= 0 && firstUnhealthy === undefined; i--) if (!healthy(condemned[i])) firstUnhealthy = condemned[i];

    // 1. Replicas, in increasing ordinal (processReplica).
    for (let ord = start; ord < start + replicas; ord++) {
      let p = st.pods.get(ord);
      if (p !== undefined && !isTerminating(p) && (p.status.phase === 'Failed' || p.status.phase === 'Succeeded')) {
        const ref = `StatefulSet ${set.metadata.namespace}/${set.metadata.name}`;
        if (p.status.phase === 'Failed') this.event(set, 'Warning', 'RecreatingFailedPod', `${ref} is recreating failed Pod ${p.metadata.name}`);
        else this.event(set, 'Normal', 'RecreatingTerminatedPod', `${ref} is recreating terminated Pod ${p.metadata.name}`);
        this.deletePod(set, p, false);
        p = st.pods.get(ord); // gone at once when its containers had all stopped
      }
      if (p === undefined) {
        if (this.ctx.store.getPod(set.metadata.namespace, statefulPodName(set.metadata.name, ord)) !== undefined) return; // the old object is still going
        if (!this.createPod(set, st, ord)) return;
        if (monotonic) return;
        continue;
      }
      if (!monotonic) continue;
      if (isTerminating(p) || !isRunningAndReady(p) || !isAvailable(p, minReadySeconds, now)) return;
    }
    // 2. Condemned pods, in decreasing ordinal.
    for (const p of condemned) {
      if (isTerminating(p)) {
        if (monotonic) return;
        continue;
      }
      if (monotonic && !isRunningAndReady(p) && p !== firstUnhealthy) return;
      this.deletePod(set, p, true);
      if (monotonic) return;
    }
    // 3. The update (updateStatefulSetAfterInvariantEstablished), RollingUpdate only.
    if (updateStrategy.type !== 'RollingUpdate') return;
    const maxUnavailable = statefulSetMaxUnavailable(updateStrategy, replicas);
    let unavailable = 0;
    for (let ord = start; ord < start + replicas; ord++) {
      const p = st.pods.get(ord);
      if (p === undefined || !healthy(p)) unavailable++;
    }
    if (unavailable >= maxUnavailable) return;
    let toDelete = maxUnavailable - unavailable;
    for (let ord = start + replicas - 1; ord >= start + updateStrategy.partition && toDelete > 0; ord--) {
      const p = st.pods.get(ord);
      if (p === undefined || isTerminating(p) || p.metadata.labels[CONTROLLER_REVISION_HASH] === set.status.updateRevision) continue;
      this.deletePod(set, p, true);
      toDelete--;
    }
  }

  /** Creates one pod; false when the API refused it (admission: a quota), after recording `FailedCreate`. */
  private createPod(set: StatefulSetObj, st: SetState, ordinal: number): boolean {
    const { namespace, name: setName } = set.metadata;
    const which = revisionForOrdinal(set.spec.updateStrategy, ordinal, set.spec.ordinalsStart);
    const revision = which === 'current' ? set.status.currentRevision : set.status.updateRevision;
    const t = st.revisions.get(revision)!;
    const podName = statefulPodName(setName, ordinal);
    for (const claim of set.spec.volumeClaimTemplates) {
      const claimName = `${claim}-${podName}`;
      if (st.claims.has(claimName)) continue;
      st.claims.add(claimName);
      this.event(set, 'Normal', 'SuccessfulCreate', `create Claim ${claimName} Pod ${podName} in StatefulSet ${setName} success`);
    }
    const template: ResolvedPodTemplate = { ...t, labels: { ...t.labels, ...statefulPodLabels(setName, ordinal, revision) } };
    const rng = st.rng;
    const pod = newPod({ namespace, name: podName, uid: newUid(() => rng.next()), template, owner: { kind: 'StatefulSet', name: setName, uid: set.metadata.uid, controller: true } });
    st.pods.set(ordinal, pod);
    try {
      this.ctx.store.create(pod);
    } catch (e) {
      st.pods.delete(ordinal);
      if (!(e instanceof ApiError)) throw e;
      // stateful_pod_control.go recordPodEvent: `<verb> Pod <pod> in StatefulSet <set> failed error: <err>`.
      this.event(set, 'Warning', 'FailedCreate', `create Pod ${podName} in StatefulSet ${setName} failed error: ${e.message}`);
      return false;
    }
    this.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${setName} successful`);
    return true;
  }

  private deletePod(set: StatefulSetObj, p: PodObj, announce: boolean): void {
    if (!this.ctx.store.delete(p)) return;
    if (announce) this.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${set.metadata.name} successful`);
  }

  private event(set: StatefulSetObj, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.events.emit(type, reason, message, objectRef(set), COMPONENT);
  }

  /** The status as updateStatefulSet computes it, with completeRollingUpdate. */
  private updateStatus(set: StatefulSetObj, st: SetState, before: StatefulSetObj['status'], now: Micros): void {
    const s = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
    const { currentRevision, updateRevision } = set.status;
    for (const p of st.pods.values()) {
      s.replicas++;
      if (isRunningAndReady(p) && !isTerminating(p)) {
        s.readyReplicas++;
        if (isAvailable(p, set.spec.minReadySeconds, now)) s.availableReplicas++;
      }
      if (isTerminating(p)) continue;
      const rev = p.metadata.labels[CONTROLLER_REVISION_HASH];
      if (rev === currentRevision) s.currentReplicas++;
      if (rev === updateRevision) s.updatedReplicas++;
    }
    let current = currentRevision;
    if (set.spec.updateStrategy.type === 'RollingUpdate' && s.updatedReplicas === s.replicas && s.readyReplicas === s.replicas) {
      s.currentReplicas = s.updatedReplicas;
      current = updateRevision;
    }
    const o = set.status;
    const changed =
      (Object.keys(s) as (keyof typeof s)[]).some((k) => before[k] !== s[k]) ||
      before.currentRevision !== current ||
      before.updateRevision !== updateRevision ||
      before.observedGeneration !== set.metadata.generation;
    Object.assign(o, s);
    o.currentRevision = current;
    o.observedGeneration = set.metadata.generation;
    if (changed) this.ctx.store.update(set);
  }

  private wakeWhenAvailable(set: StatefulSetObj, st: SetState, now: Micros): void {
    if (set.spec.minReadySeconds === 0) return;
    let next: Micros | undefined;
    for (const p of st.pods.values()) {
      const at = availableFrom(p, set.spec.minReadySeconds);
      if (at !== undefined && at > now && (next === undefined || at < next)) next = at;
    }
    const w = st.wakeup;
    if (next === undefined || (w !== undefined && w.at <= next)) return;
    if (w !== undefined) this.ctx.clock.cancel(w.key);
    st.wakeup = { at: next, key: this.ctx.clock.scheduleAt(next, this.wakeType, set, Priority.CONTROLLER) };
  }
}

