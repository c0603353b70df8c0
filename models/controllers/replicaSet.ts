/**
 * The ReplicaSet controller (pkg/controller/replicaset), which also runs ReplicationControllers: keeps `replicas`
 * active pods, creating replacements for pods that finished or are being deleted (SuccessfulCreate) and deleting
 * the first pods of ActivePodsWithRanks order on scale-down (SuccessfulDelete), through the store (create, graceful
 * delete). It watches ReplicaSets and ReplicationControllers (created, spec changed) and their pods (finished,
 * deleting, removed). Syncs are queued per object and run at CONTROLLER priority, after the kubelets' changes of the same instant.
 * Status (replicas, ready, available after minReadySeconds, terminating) is a separate, status-only sync queued by
 * any change of an owned pod, so a Deployment reads its ReplicaSets' availability; it never changes pods.
 */
import { WorkQueue } from './workQueue';
import type { EventKey } from '../../engine/simulator';
import type { RandomStream } from '../../engine/random';
import type { SimContext } from '../context';
import { micros, milliseconds, minMicros, NEVER, scaleMicros, seconds, type Micros } from '../../engine/time';
import { controllerOf, isPodActive, isPodReady, objectRef, type PodObj, type ReplicaSetObj, type ReplicaSetStatus } from '../cluster/objects';
import { newPod } from '../cluster/podFactory';
import { generateName, newUid } from '../naming';
import { STREAMS } from '../streams';
import { ranksByRelatedPodsOnSameNode, sortVictims, type VictimCandidate } from './victimOrder';
import { ApiError } from '../cluster/apiError';

/** The controller work queue's rate limiter on a failed sync (DefaultControllerRateLimiter: 5 ms doubling, ≤ 1000 s). */
const RETRY_BASE = milliseconds(5);
const RETRY_MAX = seconds(1000);

export class ReplicaSetController {
  private readonly queue: WorkQueue<ReplicaSetObj>;
  /** The pods each ReplicaSet created and still tracks (removed pods leave): the controller's pod index. */
  private readonly owned = new Map<ReplicaSetObj, Set<PodObj>>();
  /** Each ReplicaSet's stream for generated pod names and uids. */
  private readonly rngs = new Map<ReplicaSetObj, RandomStream>();
  private readonly statusQueue: WorkQueue<ReplicaSetObj>;
  /** The generation each ReplicaSet's last spec sync was queued for: status and annotation writes queue no spec sync. */
  private readonly seenGeneration = new Map<ReplicaSetObj, number>();
  /** The pending status sync of each ReplicaSet at which its next Ready pod turns available. */
  private readonly availableTimers = new Map<ReplicaSetObj, { readonly at: Micros; readonly key: EventKey }>();
  /** Consecutive failed syncs per ReplicaSet (a create refused by admission), for the re-queue back-off. */
  private readonly failures = new Map<ReplicaSetObj, number>();
  /** The pending back-off retry of each ReplicaSet (at most one). */
  private readonly retries = new Map<ReplicaSetObj, EventKey>();
  /** Each ReplicaSet's status counts, kept up to date from the pods that changed since its last status sync. */
  private readonly tallies = new Map<ReplicaSetObj, Tally>();

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.clock, 'replicaset/sync', (rs) => this.sync(rs));
    this.statusQueue = new WorkQueue(ctx.clock, 'replicaset/status', (rs) => this.syncStatus(rs));
    const onSet = (type: 'ADDED' | 'MODIFIED' | 'DELETED', rs: ReplicaSetObj) => {
      if (type === 'DELETED') {
        this.owned.delete(rs);
        this.tallies.delete(rs);
        this.rngs.delete(rs);
        this.seenGeneration.delete(rs);
        const t = this.availableTimers.get(rs);
        if (t !== undefined && t.at > ctx.clock.now) ctx.clock.cancel(t.key);
        this.availableTimers.delete(rs);
        this.failures.delete(rs);
        const pending = this.retries.get(rs);
        if (pending !== undefined) this.ctx.clock.cancel(pending);
        this.retries.delete(rs);
      } else if (type === 'ADDED' || this.seenGeneration.get(rs) !== rs.metadata.generation) {
        this.seenGeneration.set(rs, rs.metadata.generation);
        this.enqueue(rs);
      }
    };
    ctx.store.watch('ReplicaSet', onSet);
    ctx.store.watch('ReplicationController', onSet);
    ctx.store.watch('Pod', (type, pod) => {
      const rs = this.ownerOf(pod);
      if (rs === undefined) return;
      this.tally(rs).dirty.add(pod);
      if (type === 'DELETED') {
        this.owned.get(rs)?.delete(pod);
        this.enqueue(rs);
      } else if (type === 'MODIFIED' && !isPodActive(pod)) this.enqueue(rs);
      this.enqueueStatus(rs);
    });
  }

  private enqueueStatus(rs: ReplicaSetObj): void {
    this.statusQueue.add(rs);
  }

  /**
   * calculateStatus: active, Ready and available pods (available = Ready for more than minReadySeconds, so a pod
   * turns available 1 µs after readySince + minReadySeconds, when a status sync is queued), and terminating pods.
   */
  private syncStatus(rs: ReplicaSetObj): void {
    if (this.ctx.store.get(rs.kind, rs.metadata.namespace, rs.metadata.name) !== rs) return;
    const now = this.ctx.clock.now;
    const minReady = seconds(rs.spec.minReadySeconds);
    // The counts of every pod the ReplicaSet tracks, as one pass over them would find them: each pod's contribution
    // is kept and recomputed only when the pod changed since the last status sync (every change of a pod reaches
    // the watch above), so a sync costs the pods that changed, not all of them.
    const t = this.tally(rs);
    const pods = this.podsOf(rs);
    for (const p of t.dirty) {
      const was = t.contribution.get(p) ?? 0;
      const is = pods.has(p) ? contribution(p) : 0;
      if (was === is) continue;
      t.replicas += (is & ACTIVE) - (was & ACTIVE);
      t.ready += ((is & READY) - (was & READY)) >> 1;
      t.terminating += ((is & TERMINATING) - (was & TERMINATING)) >> 2;
      if (is === 0) t.contribution.delete(p);
      else t.contribution.set(p, is);
    }
    t.dirty.clear();
    const s: ReplicaSetStatus = { replicas: t.replicas, readyReplicas: t.ready, availableReplicas: 0, terminatingReplicas: t.terminating, observedGeneration: rs.metadata.generation };
    let nextAvailable = NEVER;
    if (minReady === 0) s.availableReplicas = t.ready;
    else {
      for (const p of pods) {
        if (!isPodActive(p) || !isPodReady(p) || p.readySince === undefined) continue;
        if (p.readySince + minReady < now) s.availableReplicas++;
        // Available 1 µs after readySince + minReadySeconds (IsPodAvailable compares strictly).
        else nextAvailable = minMicros(nextAvailable, micros(p.readySince + minReady + 1));
      }
    }
    // The status sync at the next pod's minReadySeconds (AddAfter): one pending timer per ReplicaSet.
    const pending = this.availableTimers.get(rs);
    if (pending !== undefined && pending.at !== nextAvailable) {
      if (pending.at > now) this.ctx.clock.cancel(pending.key);
      this.availableTimers.delete(rs);
    }
    if (nextAvailable !== NEVER && this.availableTimers.get(rs) === undefined) {
      this.availableTimers.set(rs, { at: nextAvailable, key: this.statusQueue.addAt(rs, nextAvailable) });
    }
    const o = rs.status;
    if (
      o !== undefined &&
      o.replicas === s.replicas &&
      o.readyReplicas === s.readyReplicas &&
      o.availableReplicas === s.availableReplicas &&
      o.terminatingReplicas === s.terminatingReplicas &&
      o.observedGeneration === s.observedGeneration
    ) {
      return;
    }
    rs.status = s;
    this.ctx.store.update(rs);
  }

  private tally(rs: ReplicaSetObj): Tally {
    let t = this.tallies.get(rs);
    if (t === undefined) {
      t = { contribution: new Map(), dirty: new Set(), replicas: 0, ready: 0, terminating: 0 };
      this.tallies.set(rs, t);
    }
    return t;
  }

  /** The pods a ReplicaSet tracks, in creation order. */
  podsOf(rs: ReplicaSetObj): ReadonlySet<PodObj> {
    return this.owned.get(rs) ?? EMPTY;
  }

  private ownerOf(pod: PodObj): ReplicaSetObj | undefined {
    return this.ctx.store.controllerOf(pod, 'ReplicaSet', 'ReplicationController');
  }

  /** Queues one sync of `rs` at the current instant (deduplicated, like the controller's work queue). */
  private enqueue(rs: ReplicaSetObj): void {
    this.queue.add(rs);
  }

  private sync(rs: ReplicaSetObj): void {
    this.enqueueStatus(rs);
    if (rs.metadata.deletionTimestamp !== undefined) return;
    const active = [...this.podsOf(rs)].filter(isPodActive);
    const diff = active.length - rs.spec.replicas;
    if (diff < 0) {
      for (let i = 0; i < -diff; i++) {
        if (!this.createPod(rs)) {
          // slowStartBatch stops at the first error; the sync fails and the work queue retries it with back-off.
          const n = this.failures.get(rs) ?? 0;
          this.failures.set(rs, n + 1);
          const pending = this.retries.get(rs);
          if (pending !== undefined) this.ctx.clock.cancel(pending);
          this.retries.set(rs, this.queue.addAfter(rs, minMicros(scaleMicros(RETRY_BASE, 2 ** n), RETRY_MAX)));
          return;
        }
      }
      this.failures.delete(rs);
    } else if (diff > 0) {
      for (const victim of this.victims(rs, active, diff)) {
        this.ctx.store.delete(victim);
        this.ctx.events.emit('Normal', 'SuccessfulDelete', `Deleted pod: ${victim.metadata.name}`, objectRef(rs), controllerName(rs));
      }
    }
  }

  private rng(rs: ReplicaSetObj): RandomStream {
    let r = this.rngs.get(rs);
    if (r === undefined) {
      r = this.ctx.streams.get(STREAMS.workload(rs.kind, rs.metadata.namespace, rs.metadata.name));
      this.rngs.set(rs, r);
    }
    return r;
  }

  /** Creates one pod; false when the API refused it (admission), after recording `FailedCreate`. */
  private createPod(rs: ReplicaSetObj): boolean {
    const rng = this.rng(rs);
    const u = () => rng.next();
    const { namespace, name: rsName } = rs.metadata;
    let name = generateName(`${rsName}-`, u);
    while (this.ctx.store.getPod(namespace, name)) name = generateName(`${rsName}-`, u);
    const hash = rs.metadata.labels['pod-template-hash'];
    const pod = newPod({
      namespace,
      name,
      uid: newUid(u),
      template: rs.spec.template,
      owner: { kind: rs.kind, name: rsName, uid: rs.metadata.uid, controller: true },
      generateName: `${rsName}-`,
      extraLabels: hash !== undefined && controllerOf(rs)?.kind === 'Deployment' ? { 'pod-template-hash': hash } : undefined,
    });
    let pods = this.owned.get(rs);
    if (pods === undefined) {
      pods = new Set();
      this.owned.set(rs, pods);
    }
    pods.add(pod);
    try {
      this.ctx.store.create(pod);
    } catch (e) {
      pods.delete(pod);
      if (!(e instanceof ApiError)) throw e;
      // controller_utils.go RealPodControl.CreatePods: FailedCreatePodReason.
      this.ctx.events.emit('Warning', 'FailedCreate', `Error creating: ${e.message}`, objectRef(rs), controllerName(rs));
      return false;
    }
    this.ctx.events.emit('Normal', 'SuccessfulCreate', `Created pod: ${name}`, objectRef(rs), controllerName(rs));
    return true;
  }

  /** The `count` pods to delete first (ActivePodsWithRanks, ranked against the owner's related pods). */
  private victims(rs: ReplicaSetObj, active: PodObj[], count: number): PodObj[] {
    const owner = controllerOf(rs);
    const related: PodObj[] = [];
    if (owner === undefined) related.push(...this.podsOf(rs));
    else for (const x of this.ctx.store.list('ReplicaSet')) if (controllerOf(x)?.uid === owner.uid) related.push(...this.podsOf(x));
    const ranks = ranksByRelatedPodsOnSameNode(
      active.map((p) => ({ nodeName: p.spec.nodeName ?? '' })),
      related.map((p) => ({ nodeName: p.spec.nodeName ?? '', active: isPodActive(p) })),
    );
    const cands = active.map((p, i): VictimCandidate & { pod: PodObj } => ({
      pod: p,
      uid: p.metadata.uid,
      nodeName: p.spec.nodeName ?? '',
      phase: p.status.phase,
      ready: isPodReady(p),
      readySince: p.readySince,
      deletionCost: deletionCost(p),
      rank: ranks[i],
      maxRestarts: Math.max(0, ...p.status.containerStatuses.map((c) => c.restartCount)),
      creationTime: p.metadata.creationTimestamp,
    }));
    return sortVictims(cands, this.ctx.clock.now).slice(0, count).map((c) => c.pod);
  }
}

const EMPTY: ReadonlySet<PodObj> = new Set();

/** A pod's part in calculateStatus, as bits: active, active and Ready (since readySince), terminating. */
const ACTIVE = 1;
const READY = 2;
const TERMINATING = 4;

function contribution(p: PodObj): number {
  if (!isPodActive(p)) return p.metadata.deletionTimestamp !== undefined && !p.terminal && !p.removed ? TERMINATING : 0;
  return isPodReady(p) && p.readySince !== undefined ? ACTIVE | READY : ACTIVE;
}

/**
 * A ReplicaSet's status counts over its tracked pods (replicas, readyReplicas, terminatingReplicas), each pod's
 * contribution (absent = 0), and the pods changed since the counts were last brought up to date.
 */
interface Tally {
  readonly contribution: Map<PodObj, number>;
  readonly dirty: Set<PodObj>;
  replicas: number;
  ready: number;
  terminating: number;
}

function controllerName(rs: ReplicaSetObj): string {
  return rs.kind === 'ReplicaSet' ? 'replicaset-controller' : 'replication-controller';
}

/** controller.kubernetes.io/pod-deletion-cost: an int32, 0 when absent or invalid. */
function deletionCost(p: PodObj): number {
  const v = p.metadata.annotations['controller.kubernetes.io/pod-deletion-cost'];
  if (v === undefined || !/^-?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}
