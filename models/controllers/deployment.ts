/**
 * The Deployment controller (pkg/controller/deployment), replica maintenance only: it owns one ReplicaSet named
 * `<deployment>-<pod-template-hash>` and keeps its replicas equal to the Deployment's, recording `ScalingReplicaSet`
 * events in current upstream wording (sync.go scaleReplicaSet). It watches Deployments (created, spec changed) and
 * writes ReplicaSets through the store. Rolling updates come later.
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import type { SimContext } from '../context';
import { objectRef, type DeploymentObj, type ReplicaSetObj } from '../cluster/objects';
import { newUid, podTemplateHash } from '../naming';
import { STREAMS } from '../streams';
import { ZERO } from '../../engine/time';

export class DeploymentController {
  private readonly syncType: EventType<DeploymentObj>;
  /** The ReplicaSet each Deployment owns. */
  private readonly replicaSets = new Map<DeploymentObj, ReplicaSetObj>();
  private readonly queued = new Set<DeploymentObj>();

  constructor(private readonly ctx: SimContext) {
    this.syncType = ctx.clock.register('deployment/sync', (d) => this.sync(d));
    ctx.store.watch('Deployment', (type, d) => {
      if (type === 'DELETED') this.replicaSets.delete(d);
      else this.enqueue(d);
    });
  }

  /** The ReplicaSet the Deployment owns, once created. */
  replicaSetOf(d: DeploymentObj): ReplicaSetObj | undefined {
    return this.replicaSets.get(d);
  }

  private enqueue(d: DeploymentObj): void {
    if (this.queued.has(d)) return;
    this.queued.add(d);
    this.ctx.clock.schedule(ZERO, this.syncType, d, Priority.CONTROLLER);
  }

  private sync(d: DeploymentObj): void {
    this.queued.delete(d);
    const rs = this.replicaSets.get(d);
    if (!rs) {
      const hash = podTemplateHash(d.spec.template.raw);
      const name = `${d.metadata.name}-${hash}`;
      const labels = { ...d.spec.template.labels, 'pod-template-hash': hash };
      const template = { ...d.spec.template, labels };
      const rng = this.ctx.streams.get(STREAMS.workload('ReplicaSet', d.metadata.namespace, name));
      const created: ReplicaSetObj = {
        kind: 'ReplicaSet',
        metadata: {
          name,
          namespace: d.metadata.namespace,
          uid: newUid(() => rng.next()),
          labels,
          annotations: {},
          ownerReferences: [{ kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid, controller: true }],
          creationTimestamp: ZERO,
          resourceVersion: 0,
          generation: 0,
        },
        spec: { replicas: d.spec.replicas, selector: d.spec.selector, template, minReadySeconds: d.spec.minReadySeconds },
      };
      this.replicaSets.set(d, created);
      this.ctx.store.create(created);
      this.record(d, `Scaled up replica set ${name} from 0 to ${d.spec.replicas}`);
      return;
    }
    if (rs.spec.replicas !== d.spec.replicas) {
      const dir = d.spec.replicas > rs.spec.replicas ? 'up' : 'down';
      this.record(d, `Scaled ${dir} replica set ${rs.metadata.name} from ${rs.spec.replicas} to ${d.spec.replicas}`);
      rs.spec.replicas = d.spec.replicas;
      this.ctx.store.update(rs, true);
    }
  }

  private record(d: DeploymentObj, message: string): void {
    this.ctx.events.emit('Normal', 'ScalingReplicaSet', message, objectRef(d), 'deployment-controller');
  }
}
