/**
 * Samples every workload every sampleInterval (from t = 0 to the end, inclusive) at SAMPLE priority, after every
 * change of the instant: desired (spec.replicas), current (active pods), ready and available pods, as
 * `kubectl get deploy,rs,rc` would show them. Reads the store; changes nothing.
 */
import { Priority } from '../engine/priority';
import type { SimContext } from './context';
import { isPodActive, type PodObj, type ReplicaSetObj } from './cluster/objects';

export function scheduleWorkloadSampling(ctx: SimContext): void {
  const interval = ctx.scenario.sampleInterval;
  const type = ctx.sim.register<number>('sample/workloads', (at) => {
    sample(ctx);
    const next = at + interval;
    if (next <= ctx.scenario.duration) ctx.sim.scheduleAt(next, type, next, Priority.SAMPLE);
  });
  ctx.sim.scheduleAt(0, type, 0, Priority.SAMPLE);
}

interface Counts {
  readonly current: number;
  readonly ready: number;
  readonly available: number;
}

/** Active, Ready and available pods (readySince is set exactly while the pod's Ready condition is True). */
function counts(pods: Iterable<PodObj>, minReadySeconds: number, now: number): Counts {
  const minReady = minReadySeconds * 1_000_000;
  let current = 0;
  let ready = 0;
  let available = 0;
  for (const p of pods) {
    if (!isPodActive(p)) continue;
    current++;
    if (p.readySince === undefined) continue;
    ready++;
    if (minReady === 0 || p.readySince + minReady < now) available++;
  }
  return { current, ready, available };
}

function sample(ctx: SimContext): void {
  const now = ctx.sim.now;
  const byReplicaSet = new Map<ReplicaSetObj, Counts>();
  for (const rs of ctx.store.replicaSets.values()) byReplicaSet.set(rs, counts(rs.pods, rs.minReadySeconds, now));
  for (const d of ctx.store.deployments.values()) {
    const c = d.replicaSet ? byReplicaSet.get(d.replicaSet)! : { current: 0, ready: 0, available: 0 };
    ctx.recorder.workload({ time: now, namespace: d.namespace, kind: 'Deployment', name: d.name, desired: d.replicas, ...c });
  }
  for (const rs of ctx.store.replicaSets.values()) {
    ctx.recorder.workload({ time: now, namespace: rs.namespace, kind: rs.kind, name: rs.name, desired: rs.replicas, ...byReplicaSet.get(rs)! });
  }
}
