/**
 * workloads.csv: every workload every sampleInterval (from t = 0 to the end, inclusive) at SAMPLE priority, after
 * every change of the instant: desired (spec.replicas), current (active pods), ready and available pods, as
 * `kubectl get deploy,rs,rc` would show them; Jobs with their active, ready, succeeded and failed counts; then
 * DaemonSets (desired / current / ready / available number scheduled) and StatefulSets (spec.replicas, status
 * replicas / readyReplicas / availableReplicas) from their controllers' status. A client of the store (it watches workloads to list them in creation
 * order and reads their controllers' status); changes nothing.
 */
import type { Micros } from '../engine/time';
import type { ClusterStore } from './cluster/store';
import { controllerOf, type DaemonSetObj, type DeploymentObj, type JobObj, type ReplicaSetObj, type StatefulSetObj } from './cluster/objects';
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
  private readonly jobs = new Set<JobObj>();
  private readonly daemonSets = new Set<DaemonSetObj>();
  private readonly statefulSets = new Set<StatefulSetObj>();

  constructor(
    private readonly clock: EventScheduler,
    private readonly config: SamplingConfig,
    store: ClusterStore,
    private readonly recorder: Recorder,
  ) {
    store.watch('Deployment', (type, d) => void (type === 'ADDED' ? this.deployments.add(d) : type === 'DELETED' && this.deployments.delete(d)));
    const onSet = (type: string, rs: ReplicaSetObj) => void (type === 'ADDED' ? this.replicaSets.add(rs) : type === 'DELETED' && this.replicaSets.delete(rs));
    store.watch('ReplicaSet', onSet);
    store.watch('ReplicationController', onSet);
    store.watch('Job', (type, j) => void (type === 'ADDED' ? this.jobs.add(j) : type === 'DELETED' && this.jobs.delete(j)));
    store.watch('DaemonSet', (type, d) => void (type === 'ADDED' ? this.daemonSets.add(d) : type === 'DELETED' && this.daemonSets.delete(d)));
    store.watch('StatefulSet', (type, d) => void (type === 'ADDED' ? this.statefulSets.add(d) : type === 'DELETED' && this.statefulSets.delete(d)));
  }

  /** Starts sampling (construct the sampler before the workloads exist, so it sees them created in order). */
  start(): void {
    scheduleSampling(this.clock, 'sample/workloads', this.config, (at) => this.sample(at));
  }

  private sample(now: Micros): void {
    // Each ReplicaSet's counts are its controller's status (active, ready and available pods, kept current by its
    // status syncs at CONTROLLER priority, so fresh at SAMPLE time); a Deployment's are the sums over its ReplicaSets.
    const zero: Counts = { current: 0, ready: 0, available: 0 };
    const ofDeployment = new Map<string, Counts>();
    const rows: { readonly rs: ReplicaSetObj; readonly counts: Counts }[] = [];
    for (const rs of this.replicaSets) {
      const st = rs.status;
      const counts: Counts = st === undefined ? zero : { current: st.replicas, ready: st.readyReplicas, available: st.availableReplicas };
      rows.push({ rs, counts });
      const d = controllerOf(rs);
      if (d === undefined) continue;
      const sum = ofDeployment.get(d.uid) ?? { current: 0, ready: 0, available: 0 };
      sum.current += counts.current;
      sum.ready += counts.ready;
      sum.available += counts.available;
      ofDeployment.set(d.uid, sum);
    }
    for (const d of this.deployments) {
      const c = ofDeployment.get(d.metadata.uid) ?? zero;
      this.recorder.workload({ time: now, namespace: d.metadata.namespace, kind: 'Deployment', name: d.metadata.name, desired: d.spec.replicas, ...c });
    }
    for (const { rs, counts } of rows) {
      this.recorder.workload({ time: now, namespace: rs.metadata.namespace, kind: rs.kind, name: rs.metadata.name, desired: rs.spec.replicas, ...counts });
    }
    // Jobs (issue #8): desired = completions (parallelism for a work queue), current = active, ready = available = ready.
    for (const j of this.jobs) {
      const s = j.status;
      const desired = j.spec.completions ?? j.spec.parallelism;
      this.recorder.workload({ time: now, namespace: j.metadata.namespace, kind: 'Job', name: j.metadata.name, desired, current: s.active, ready: s.ready, available: s.ready, succeeded: s.succeeded, failed: s.failed });
    }
    // DaemonSets and StatefulSets after the others, from their controllers' status (kubectl get ds,sts).
    for (const d of this.daemonSets) {
      const st = d.status;
      const { namespace, name } = d.metadata;
      this.recorder.workload({ time: now, namespace, kind: 'DaemonSet', name, desired: st.desiredNumberScheduled, current: st.currentNumberScheduled, ready: st.numberReady, available: st.numberAvailable });
    }
    for (const d of this.statefulSets) {
      const st = d.status;
      const { namespace, name } = d.metadata;
      this.recorder.workload({ time: now, namespace, kind: 'StatefulSet', name, desired: d.spec.replicas, current: st.replicas, ready: st.readyReplicas, available: st.availableReplicas });
    }
  }
}
