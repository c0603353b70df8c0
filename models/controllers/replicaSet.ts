/**
 * The ReplicaSet controller (pkg/controller/replicaset), which also runs ReplicationControllers: keeps `replicas`
 * active pods, creating replacements for pods that finished or are being deleted (SuccessfulCreate) and deleting
 * the first pods of ActivePodsWithRanks order on scale-down (SuccessfulDelete). Syncs are queued per object and
 * run at CONTROLLER priority, after the kubelets' changes of the same instant.
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import type { SimContext } from '../context';
import { isPodActive, isPodReady, type PodObj, type ReplicaSetObj } from '../cluster/objects';
import { createPodObj } from '../cluster/podFactory';
import { generateName, newUid } from '../naming';
import { ranksByRelatedPodsOnSameNode, sortVictims, type VictimCandidate } from './victimOrder';

export interface PodLifecycle {
  /** A pod was created: hand it to the scheduler. */
  podCreated(pod: PodObj): void;
  /** Start graceful deletion of a pod. */
  deletePod(pod: PodObj, by: string): void;
}

export class ReplicaSetController {
  private readonly syncType: EventType<ReplicaSetObj>;

  constructor(
    private readonly ctx: SimContext,
    private readonly pods: PodLifecycle,
  ) {
    this.syncType = ctx.sim.register('replicaset/sync', (rs) => this.sync(rs));
    ctx.store.subscribe({
      podChanged: (pod) => {
        if (pod.owner && !isPodActive(pod)) this.enqueue(pod.owner);
      },
      podRemoved: (pod) => {
        if (pod.owner) {
          pod.owner.pods.delete(pod);
          this.enqueue(pod.owner);
        }
      },
    });
  }

  /** Queues one sync of `rs` at the current instant (deduplicated, like the controller's work queue). */
  enqueue(rs: ReplicaSetObj): void {
    if (rs.syncQueued) return;
    rs.syncQueued = true;
    this.ctx.sim.schedule(0, this.syncType, rs, Priority.CONTROLLER);
  }

  private sync(rs: ReplicaSetObj): void {
    rs.syncQueued = false;
    const active = [...rs.pods].filter(isPodActive);
    const diff = active.length - rs.replicas;
    if (diff < 0) {
      for (let i = 0; i < -diff; i++) this.createPod(rs);
    } else if (diff > 0) {
      for (const victim of this.victims(rs, active, diff)) {
        this.pods.deletePod(victim, 'replicaset-controller');
        this.ctx.events.emit('Normal', 'SuccessfulDelete', `Deleted pod: ${victim.name}`, this.ref(rs), controllerName(rs));
      }
    }
  }

  private createPod(rs: ReplicaSetObj): void {
    const u = () => rs.rng.next();
    let name = generateName(`${rs.name}-`, u);
    while (this.ctx.store.getPod(rs.namespace, name)) name = generateName(`${rs.name}-`, u);
    const pod = createPodObj(
      { namespace: rs.namespace, name, uid: newUid(u), template: rs.template, owner: rs, extraLabels: rs.owner ? { 'pod-template-hash': rs.name.slice(rs.owner.name.length + 1) } : undefined },
      this.ctx.sim.now,
      this.ctx.streams,
      this.ctx.scenario.behaviors,
    );
    rs.pods.add(pod);
    this.ctx.store.addPod(pod);
    this.ctx.events.emit('Normal', 'SuccessfulCreate', `Created pod: ${pod.name}`, this.ref(rs), controllerName(rs));
    this.pods.podCreated(pod);
  }

  /** The `count` pods to delete first (ActivePodsWithRanks, ranked against the owner's related pods). */
  private victims(rs: ReplicaSetObj, active: PodObj[], count: number): PodObj[] {
    const related = rs.owner ? [...this.ctx.store.replicaSets.values()].filter((x) => x.owner === rs.owner).flatMap((x) => [...x.pods]) : [...rs.pods];
    const ranks = ranksByRelatedPodsOnSameNode(
      active.map((p) => ({ nodeName: p.nodeName ?? '' })),
      related.map((p) => ({ nodeName: p.nodeName ?? '', active: isPodActive(p) })),
    );
    const cands = active.map((p, i): VictimCandidate & { pod: PodObj } => ({
      pod: p,
      uid: p.uid,
      nodeName: p.nodeName ?? '',
      phase: p.phase,
      ready: isPodReady(p),
      readySince: p.readySince,
      deletionCost: deletionCost(p),
      rank: ranks[i],
      maxRestarts: Math.max(0, ...p.containers.map((c) => c.status.restartCount)),
      creationTime: p.creationTime,
    }));
    return sortVictims(cands, this.ctx.sim.now).slice(0, count).map((c) => c.pod);
  }

  private ref(rs: ReplicaSetObj) {
    return { kind: rs.kind, namespace: rs.namespace, name: rs.name, uid: rs.uid };
  }
}

function controllerName(rs: ReplicaSetObj): string {
  return rs.kind === 'ReplicaSet' ? 'replicaset-controller' : 'replication-controller';
}

/** controller.kubernetes.io/pod-deletion-cost: an int32, 0 when absent or invalid. */
function deletionCost(p: PodObj): number {
  const v = p.annotations['controller.kubernetes.io/pod-deletion-cost'];
  if (v === undefined || !/^-?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}
