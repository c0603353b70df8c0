/**
 * workloads.csv: every workload every sampleInterval (from t = 0 to the end, inclusive) at SAMPLE priority, after
 * every change of the instant: desired (spec.replicas), current (active pods), ready and available pods, as
 * `kubectl get deploy,rs,rc` would show them. A client of the store (it watches workloads to list them in creation
 * order and reads pods' controller references); changes nothing.
 */
import { US_PER_SECOND, type Micros } from '../engine/time';
import type { ClusterStore } from './cluster/store';
import { controllerOf, isPodActive, type DeploymentObj, type ReplicaSetObj } from './cluster/objects';
import type { EventScheduler } from '../engine/simulator';
import type { Recorder } from './recorder';
import { scheduleSampling, type SamplingConfig } from './sampling';

interface Counts {
  current: number;
  ready: number;
  available: number;
}

export class WorkloadSampler {
  /** Workloads in creation order (Deployments; ReplicaSets and ReplicationControllers together). */
  private readonly deployments = new Set<DeploymentObj>();
  private readonly replicaSets = new Set<ReplicaSetObj>();

  constructor(
    private readonly clock: EventScheduler,
    private readonly config: SamplingConfig,
    private readonly store: ClusterStore,
    private readonly recorder: Recorder,
  ) {
    store.watch('Deployment', (type, d) => void (type === 'ADDED' ? this.deployments.add(d) : type === 'DELETED' && this.deployments.delete(d)));
    const onSet = (type: string, rs: ReplicaSetObj) => void (type === 'ADDED' ? this.replicaSets.add(rs) : type === 'DELETED' && this.replicaSets.delete(rs));
    store.watch('ReplicaSet', onSet);
    store.watch('ReplicationController', onSet);
  }

  /** Starts sampling (construct the sampler before the workloads exist, so it sees them created in order). */
  start(): void {
    scheduleSampling(this.clock, 'sample/workloads', this.config, (at) => this.sample(at));
  }

  private sample(now: Micros): void {
    const byUid = new Map<string, { readonly rs: ReplicaSetObj; readonly counts: Counts }>();
    /** Each Deployment's ReplicaSets (several during a rollout): its counts are their sums. */
    const ofDeployment = new Map<string, Counts[]>();
    for (const rs of this.replicaSets) {
      const counts: Counts = { current: 0, ready: 0, available: 0 };
      byUid.set(rs.metadata.uid, { rs, counts });
      const d = controllerOf(rs);
      if (d !== undefined) ofDeployment.set(d.uid, [...(ofDeployment.get(d.uid) ?? []), counts]);
    }
    // Active, Ready and available pods per ReplicaSet (readySince is set exactly while the pod's Ready condition is True).
    for (const p of this.store.list('Pod')) {
      const ref = controllerOf(p);
      const owner = ref === undefined ? undefined : byUid.get(ref.uid);
      if (owner === undefined || !isPodActive(p)) continue;
      const c = owner.counts;
      c.current++;
      if (p.readySince === undefined) continue;
      c.ready++;
      const minReady = owner.rs.spec.minReadySeconds * US_PER_SECOND;
      if (minReady === 0 || p.readySince + minReady < now) c.available++;
    }
    const zero: Counts = { current: 0, ready: 0, available: 0 };
    for (const d of this.deployments) {
      const c = (ofDeployment.get(d.metadata.uid) ?? []).reduce((a, b) => ({ current: a.current + b.current, ready: a.ready + b.ready, available: a.available + b.available }), zero);
      this.recorder.workload({ time: now, namespace: d.metadata.namespace, kind: 'Deployment', name: d.metadata.name, desired: d.spec.replicas, ...c });
    }
    for (const { rs, counts } of byUid.values()) {
      this.recorder.workload({ time: now, namespace: rs.metadata.namespace, kind: rs.kind, name: rs.metadata.name, desired: rs.spec.replicas, ...counts });
    }
  }
}
