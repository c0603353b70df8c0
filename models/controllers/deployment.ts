/**
 * The Deployment controller (pkg/controller/deployment), replica maintenance only: it owns one ReplicaSet named
 * `<deployment>-<pod-template-hash>` and keeps its replicas equal to the Deployment's, recording
 * `ScalingReplicaSet` events in current upstream wording (sync.go scaleReplicaSet). Rolling updates come later.
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import type { SimContext } from '../context';
import type { DeploymentObj, ReplicaSetObj } from '../cluster/objects';
import { workloadKey } from '../cluster/objects';
import { newUid, podTemplateHash } from '../naming';
import type { ReplicaSetController } from './replicaSet';

export class DeploymentController {
  private readonly syncType: EventType<DeploymentObj>;

  constructor(
    private readonly ctx: SimContext,
    private readonly replicaSets: ReplicaSetController,
  ) {
    this.syncType = ctx.sim.register('deployment/sync', (d) => this.sync(d));
  }

  enqueue(d: DeploymentObj): void {
    if (d.syncQueued) return;
    d.syncQueued = true;
    this.ctx.sim.schedule(0, this.syncType, d, Priority.CONTROLLER);
  }

  private sync(d: DeploymentObj): void {
    d.syncQueued = false;
    let rs = d.replicaSet;
    if (!rs) {
      const hash = podTemplateHash(d.template.raw);
      const name = `${d.name}-${hash}`;
      const template = { ...d.template, labels: { ...d.template.labels, 'pod-template-hash': hash } };
      const rng = this.ctx.streams.get(`replicaset/${d.namespace}/${name}`);
      rs = {
        kind: 'ReplicaSet',
        uid: newUid(() => rng.next()),
        namespace: d.namespace,
        name,
        replicas: d.replicas,
        selector: d.selector,
        template,
        minReadySeconds: d.minReadySeconds,
        owner: d,
        pods: new Set(),
        rng,
        syncQueued: false,
      } satisfies ReplicaSetObj;
      d.replicaSet = rs;
      this.ctx.store.replicaSets.set(workloadKey('ReplicaSet', rs.namespace, rs.name), rs);
      this.record(d, `Scaled up replica set ${name} from 0 to ${d.replicas}`);
      this.replicaSets.enqueue(rs);
      return;
    }
    if (rs.replicas !== d.replicas) {
      const dir = d.replicas > rs.replicas ? 'up' : 'down';
      this.record(d, `Scaled ${dir} replica set ${rs.name} from ${rs.replicas} to ${d.replicas}`);
      rs.replicas = d.replicas;
      this.replicaSets.enqueue(rs);
    }
  }

  private record(d: DeploymentObj, message: string): void {
    this.ctx.events.emit('Normal', 'ScalingReplicaSet', message, { kind: 'Deployment', namespace: d.namespace, name: d.name, uid: d.uid }, 'deployment-controller');
  }
}
