/**
 * The scheduler benchmark of issue #9: 5,000 nodes in three zones and 100,000 pods (1,000 Deployments × 100
 * replicas), every Deployment with one zone spread constraint (maxSkew 1, DoNotSchedule) and one required pod
 * anti-affinity rule on the hostname, plus the system-default spreading every ReplicaSet pod gets. All pods are
 * created at t = 0; the run lasts long enough for every pod to be bound. Reported: pods scheduled per second of
 * wall time for the whole run (loading, controllers, kubelets and traces included: a floor for the scheduler's own
 * rate).
 */
import { runYaml } from './runFile';
import { Scheduler } from '../models/scheduler/scheduler';
import { Kubelets } from '../models/kubelet/kubelet';

export function schedulerYaml(nodes = 5000, deployments = 1000, replicas = 100): string {
  const docs: string[] = [];
  const perZone = Math.ceil(nodes / 3);
  const pools = ['a', 'b', 'c']
    .map((z, i) => `    - {namePrefix: node-${z}, count: ${Math.min(perZone, nodes - i * perZone)}, zone: zone-${z}, cpu: "32", memory: 128Gi, pods: 110}`)
    .join('\n');
  docs.push(`apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: scheduler}
spec:
  seed: 1
  duration: 10s
  sampleInterval: 10s
  nodePools:
${pools}`);
  for (let d = 0; d < deployments; d++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${d}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: app-${d}}}
  template:
    metadata: {labels: {app: app-${d}}}
    spec:
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: app-${d}}}}
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: app-${d}}}}
      containers:
        - name: app
          image: registry.example/app-${d % 17}:1.0
          resources: {requests: {cpu: 100m, memory: 256Mi}}`);
  }
  return docs.join('\n---\n') + '\n';
}

export interface SchedulerBenchResult {
  readonly wallSeconds: number;
  readonly peakRssBytes: number;
  readonly podsCreated: number;
  readonly podsScheduled: number;
  readonly podsPerSecond: number;
  /** Wall time inside the scheduler's cycles (queue pop, filters, scores, preemption, binding and what binding sets off). */
  readonly schedulerSeconds: number;
  readonly schedulerPodsPerSecond: number;
  readonly events: number;
}

/**
 * Wraps Scheduler.prototype.cycle to add up the wall time spent in scheduling cycles, less the kubelet's admission
 * of each bound pod (k8sim binds and admits in one call; upstream's scheduler_perf does not count the kubelet).
 * Bench only: the models never read the wall clock.
 */
function timeCycles(): { seconds: () => number; restore: () => void } {
  const proto = Scheduler.prototype as unknown as { cycle: () => void };
  const kubelets = Kubelets.prototype as unknown as { admit: (pod: unknown) => void };
  const original = proto.cycle;
  const admit = kubelets.admit;
  let ns = 0n;
  proto.cycle = function (this: unknown) {
    const t0 = process.hrtime.bigint();
    try {
      original.call(this);
    } finally {
      ns += process.hrtime.bigint() - t0;
    }
  };
  kubelets.admit = function (this: unknown, pod: unknown) {
    const t0 = process.hrtime.bigint();
    try {
      admit.call(this, pod);
    } finally {
      ns -= process.hrtime.bigint() - t0;
    }
  };
  return {
    seconds: () => Number(ns) / 1e9,
    restore: () => {
      proto.cycle = original;
      kubelets.admit = admit;
    },
  };
}

export function runSchedulerBench(nodes?: number, deployments?: number, replicas?: number): SchedulerBenchResult {
  const timer = timeCycles();
  const r = runYaml('scheduler', schedulerYaml(nodes, deployments, replicas));
  timer.restore();
  const s = r.sim.summary();
  const scheduled = s.kubernetesEvents['Scheduled'] ?? 0;
  return {
    schedulerSeconds: timer.seconds(),
    schedulerPodsPerSecond: scheduled / timer.seconds(),
    wallSeconds: r.wallSeconds,
    peakRssBytes: r.peakRssBytes,
    podsCreated: s.podsCreated,
    podsScheduled: scheduled,
    podsPerSecond: scheduled / r.wallSeconds,
    events: s.eventsProcessed,
  };
}
