/**
 * Builds a runnable cluster from a SimulationConfig: the store with its nodes, the kubelets, scheduler and
 * controllers wired together, the scenario's pods and workloads created at t = 0, the timeline and the samplers
 * scheduled. `runUntil` advances virtual time; everything observable leaves through the Recorder.
 */
import { Simulator } from '../engine/simulator';
import { RandomStreams } from '../engine/random';
import type { Micros } from '../engine/time';
import type { SimulationConfig } from './config';
import type { Recorder } from './recorder';
import type { SimContext } from './context';
import { ClusterStore } from './cluster/store';
import { KubeEvents } from './kubeEvents';
import { workloadKey, type DeploymentObj, type NodeObj, type PodObj, type ReplicaSetObj } from './cluster/objects';
import { createPodObj } from './cluster/podFactory';
import { Kubelets } from './kubelet/kubelet';
import { Scheduler } from './scheduler/scheduler';
import { ReplicaSetController, type PodLifecycle } from './controllers/replicaSet';
import { DeploymentController } from './controllers/deployment';
import { NodeLifecycleController } from './controllers/nodeLifecycle';
import { scheduleTimeline } from './controllers/timeline';
import { scheduleWorkloadSampling } from './workloadSampler';
import { newUid } from './naming';
import { Services } from './service/services';
import type { ServiceTotals } from './service/serviceStats';
import { scheduleServiceSampling } from './service/serviceSampler';
import { TrafficModel } from './traffic/trafficModel';
import { MetricsPipeline } from './metrics/pipeline';
import { schedulePodMetricsSampling } from './metrics/podMetricsSampler';
import { AutoscalerMetrics } from './hpa/metrics';
import { HpaController } from './hpa/controller';
import type { ScaleTargets } from './controllers/scale';

export interface RunSummary {
  readonly eventsProcessed: number;
  readonly podsCreated: number;
  readonly podsDeleted: number;
  readonly containerRestarts: number;
  readonly oomKills: number;
  readonly kubernetesEvents: Readonly<Record<string, number>>;
  /** Request outcomes over the run, per Service (`namespace/name`, in document order). */
  readonly requests: Readonly<Record<string, ServiceTotals>>;
}

export interface SimulationOptions {
  /** `--trace-requests-sample N`: write 1 request in N to requests.csv (1 = every request); 0 or absent = none. */
  readonly traceRequestsEvery?: number;
}

export class Simulation implements PodLifecycle, ScaleTargets {
  readonly sim = new Simulator();
  readonly ctx: SimContext;
  readonly kubelets: Kubelets;
  readonly scheduler: Scheduler;
  readonly replicaSets: ReplicaSetController;
  readonly deployments: DeploymentController;
  readonly nodeLifecycle: NodeLifecycleController;
  /** Services: endpoints, kube-proxy sync, load balancers, request counters. */
  readonly services: Services;
  /** Traffic arrivals, pod request servers, CPU and memory use. */
  readonly traffic: TrafficModel;
  /** What the metrics APIs serve (the HPA's input): `metrics.metric(namespace, pod, now)`. */
  readonly metrics: MetricsPipeline;
  /** The same as the HPA controller reads it (AutoscalerMetricsReader); call `metrics.enable()` when using it. */
  readonly autoscalerMetrics: AutoscalerMetrics;
  /** The HPA controller loop, when the scenario has HorizontalPodAutoscalers. */
  readonly autoscalers?: HpaController;

  constructor(
    readonly scenario: SimulationConfig,
    recorder: Recorder,
    options: SimulationOptions = {},
  ) {
    const streams = new RandomStreams(scenario.seed);
    const store = new ClusterStore(recorder, this.sim);
    const events = new KubeEvents(this.sim, recorder, scenario.events);
    this.ctx = { sim: this.sim, streams, scenario, recorder, store, events };
    this.scheduler = new Scheduler(this.ctx);
    this.kubelets = new Kubelets(this.ctx, this.scheduler);
    this.scheduler.setKubelet(this.kubelets);
    this.replicaSets = new ReplicaSetController(this.ctx, this);
    this.deployments = new DeploymentController(this.ctx, this.replicaSets);
    this.nodeLifecycle = new NodeLifecycleController(this.ctx, this.kubelets, this);
    this.services = new Services(this.ctx);
    this.traffic = new TrafficModel(this.ctx, this.kubelets, this.services, { traceRequestsEvery: options.traceRequestsEvery ?? 0 });
    this.metrics = new MetricsPipeline(this.ctx, this.traffic, this.services);
    this.autoscalerMetrics = new AutoscalerMetrics(this.ctx, this.metrics, this.services, this.traffic);
    this.build();
    scheduleTimeline(this.ctx, scenario.timeline, {
      kubelets: this.kubelets,
      nodes: this.nodeLifecycle,
      pods: this,
      scale: this,
    });
    scheduleWorkloadSampling(this.ctx);
    this.autoscalers =
      scenario.autoscalers.length > 0
        ? new HpaController(this.ctx, scenario.autoscalers, scenario.hpaController, this.autoscalerMetrics, this, { hpa: (r) => recorder.hpa?.(r) })
        : undefined;
    scheduleServiceSampling(this.ctx, this.services);
    // Usage is modelled when something uses resources or an autoscaler reads it; then the metrics pipeline runs and
    // pod_metrics.csv has rows.
    if (scenario.traffic.length > 0 || scenario.autoscalers.length > 0 || scenario.behaviors.some((b) => b.resources !== undefined)) {
      this.metrics.enable();
      schedulePodMetricsSampling(this.ctx, this.traffic, this.metrics);
    }
  }

  private build(): void {
    const { store, streams } = this.ctx;
    this.scenario.nodes.forEach((n, index) => {
      const node: NodeObj = {
        name: n.name,
        index,
        labels: n.labels,
        allocatable: n.allocatable,
        unschedulable: n.unschedulable,
        taints: [...n.taints],
        ready: 'True',
        up: true,
        upSince: 0,
        requested: { cpuMilli: 0, memoryBytes: 0, pods: 0 },
        nonZeroRequested: { cpuMilli: 0, memoryBytes: 0 },
        pods: new Set(),
        images: new Set(),
      };
      store.addNode(node);
    });
    for (const p of this.scenario.pods) {
      const rng = streams.get(`pod/${p.namespace}/${p.name}`);
      const pod = createPodObj({ namespace: p.namespace, name: p.name, uid: newUid(() => rng.next()), template: p.template }, 0, streams, this.scenario.behaviors);
      store.addPod(pod);
      this.podCreated(pod);
    }
    for (const w of this.scenario.workloads) {
      const rng = streams.get(`${w.kind.toLowerCase()}/${w.namespace}/${w.name}`);
      const uid = newUid(() => rng.next());
      if (w.kind === 'Deployment') {
        const d: DeploymentObj = { kind: 'Deployment', uid, namespace: w.namespace, name: w.name, replicas: w.replicas, selector: w.selector, template: w.template, minReadySeconds: w.minReadySeconds, syncQueued: false };
        store.deployments.set(workloadKey('Deployment', d.namespace, d.name), d);
        this.deployments.enqueue(d);
      } else {
        const rs: ReplicaSetObj = { kind: w.kind, uid, namespace: w.namespace, name: w.name, replicas: w.replicas, selector: w.selector, template: w.template, minReadySeconds: w.minReadySeconds, pods: new Set(), rng, syncQueued: false };
        store.replicaSets.set(workloadKey(w.kind, rs.namespace, rs.name), rs);
        this.replicaSets.enqueue(rs);
      }
    }
  }

  // ScaleTargets: the HPA writes spec.replicas through the scale subresource; the owning controller reacts.
  setReplicas(kind: string, namespace: string, name: string, replicas: number): void {
    if (kind === 'Deployment') {
      const d = this.ctx.store.deployments.get(workloadKey('Deployment', namespace, name));
      if (!d) return;
      d.replicas = replicas;
      this.deployments.enqueue(d);
      return;
    }
    const rs = this.ctx.store.replicaSets.get(workloadKey(kind as 'ReplicaSet' | 'ReplicationController', namespace, name));
    if (!rs) return;
    rs.replicas = replicas;
    this.replicaSets.enqueue(rs);
  }

  // PodLifecycle
  podCreated(pod: PodObj): void {
    this.scheduler.podAdded(pod);
  }

  /** Graceful deletion (deletionTimestamp now): unbound pods go at once, pods on an unreachable node wait. */
  deletePod(pod: PodObj, _by: string): void {
    if (pod.deletionTime !== undefined || pod.removed) return;
    pod.deletionTime = this.sim.now;
    if (pod.nodeName === undefined) {
      this.ctx.store.removePod(pod);
      return;
    }
    const node = this.ctx.store.nodesByName.get(pod.nodeName);
    if (!node || !node.up) {
      this.ctx.store.podChanged(pod);
      return;
    }
    this.kubelets.terminatePod(pod);
  }

  /** Runs events up to and including `t` (µs). */
  runUntil(t: Micros): void {
    this.sim.runUntil(t);
  }

  summary(): RunSummary {
    const c = this.ctx.store.counts;
    const byReason: Record<string, number> = {};
    for (const k of [...this.ctx.events.countsByReason.keys()].sort()) byReason[k] = this.ctx.events.countsByReason.get(k)!;
    return {
      eventsProcessed: this.sim.eventsProcessed,
      podsCreated: c.podsCreated,
      podsDeleted: c.podsDeleted,
      containerRestarts: c.containerRestarts,
      oomKills: c.oomKills,
      kubernetesEvents: byReason,
      requests: Object.fromEntries(this.services.list.map((svc) => [svc.key, { ...svc.stats.totals }])),
    };
  }
}
