/**
 * Builds a runnable cluster from a SimulationConfig: the store with its nodes, the kubelets, scheduler and
 * controllers wired together, the scenario's pods and workloads created at t = 0, the timeline and the samplers
 * scheduled. `runUntil` advances virtual time; everything observable leaves through the Recorder.
 */
import { Simulator } from '../engine/simulator';
import { RandomStreams } from '../engine/random';
import { ZERO, type Micros } from '../engine/time';
import type { SimulationConfig } from './config';
import type { KubectlRecord, Recorder } from './recorder';
import type { SimContext } from './context';
import { ClusterStore } from './cluster/store';
import { KubeEvents } from './kubeEvents';
import type { DaemonSetObj, DeploymentObj, NodeObj, ObjectMeta, ReplicaSetObj, StatefulSetObj } from './cluster/objects';
import { newPod } from './cluster/podFactory';
import { newMirrorPod, staticPodName } from './kubelet/staticPods';
import { DEPLOYMENT_DEFAULTS } from './cluster/spec';
import { ClusterTrace } from './clusterTrace';
import { Kubelets } from './kubelet/kubelet';
import { Scheduler } from './scheduler/scheduler';
import { ReplicaSetController } from './controllers/replicaSet';
import { DeploymentController } from './controllers/deployment';
import { NodeLifecycleController } from './controllers/nodeLifecycle';
import { DaemonSetController } from './controllers/daemonSet';
import { StatefulSetController } from './controllers/statefulSet';
import { PodGcController } from './controllers/podGc';
import { ClusterAutoscaler } from './clusterautoscaler/clusterAutoscaler';
import { groupMachine, groupProvisioning } from './clusterautoscaler/wiring';
import { Cloud } from './cloud/cloud';
import { EMPTY_CATALOGUE } from './cloud/catalogue';
import { Karpenter } from './karpenter/karpenter';
import { NodeAutoscalerRunner } from './nodeautoscaler/runner';
import { scheduleTimeline } from './controllers/timeline';
import { WorkloadSampler } from './workloadSampler';
import { RolloutTracker } from './rollouts';
import { newUid } from './naming';
import { STREAMS } from './streams';
import { Services } from './service/services';
import type { ServiceTotals } from './service/serviceStats';
import { scheduleServiceSampling } from './service/serviceSampler';
import { TrafficModel } from './traffic/trafficModel';
import { MetricsPipeline } from './metrics/pipeline';
import { schedulePodMetricsSampling } from './metrics/podMetricsSampler';
import { AutoscalerMetrics } from './hpa/metrics';
import { HpaController } from './hpa/controller';
import type { SamplingConfig } from './sampling';
import { JobController } from './batch/job';
import { CronJobController } from './batch/cronJob';
import { newJob, TtlAfterFinishedController } from './batch/newJob';
import { Admission } from './policy/admission';
import { DisruptionController } from './policy/disruption';
import { Drainer } from './policy/drain';
import { ApiError } from './cluster/apiError';
import type { ApiObject, LimitRangeObj, PodDisruptionBudgetObj, ResourceQuotaObj } from './cluster/objects';

export interface RunSummary {
  readonly eventsProcessed: number;
  readonly podsCreated: number;
  readonly podsDeleted: number;
  readonly containerRestarts: number;
  readonly oomKills: number;
  readonly kubernetesEvents: Readonly<Record<string, number>>;
  /** Request outcomes over the run, per Service (`namespace/name`, in document order). */
  readonly requests: Readonly<Record<string, ServiceTotals>>;
  /** Creates refused by admission (ResourceQuota, LimitRanger), evictions refused by a budget (429), drains. */
  readonly policy: {
    readonly quotaRejections: number;
    readonly limitRangeRejections: number;
    readonly drains: readonly { readonly node: string; readonly start: Micros; readonly end?: Micros; readonly drained?: boolean }[];
  };
}

export interface SimulationOptions {
  /** `--trace-requests-sample N`: write 1 request in N to requests.csv (1 = every request); 0 or absent = none. */
  readonly traceRequestsEvery?: number;
  /** `--trace-scheduling`: the scheduler reports every attempt (with score breakdowns) to the recorder. */
  readonly traceScheduling?: boolean;
  /** Internal (tests): false turns off the traffic model's lazy lone completions (TrafficOptions.lazyCompletions). */
  readonly lazyCompletions?: boolean;
  /** Internal (tests): false gives every probe tick an event of its own (KubeletConfig.batchProbeTicks). */
  readonly batchProbeTicks?: boolean;
}

/**
 * The composition root: it owns the run loop, gives each model the narrow context plus its own config, creates the
 * scenario's objects through the store at t = 0 and answers the run summary. It is no API server: every change to
 * the cluster goes through the store.
 */
export class Simulation {
  private readonly sim = new Simulator();
  readonly ctx: SimContext;
  readonly kubelets: Kubelets;
  readonly scheduler: Scheduler;
  readonly replicaSets: ReplicaSetController;
  readonly deployments: DeploymentController;
  readonly nodeLifecycle: NodeLifecycleController;
  readonly daemonSets: DaemonSetController;
  readonly statefulSets: StatefulSetController;
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
  /** The cloud: instances launched and terminated at run time (issue #10), their Nodes and cost. */
  readonly cloud: Cloud;
  /** The Karpenter-style provisioner, when the scenario has karpenter.sh/v1 NodePools (issue #10). */
  readonly karpenter?: Karpenter;
  /** The Cluster Autoscaler (Simulation spec.clusterAutoscaler), when configured. */
  readonly clusterAutoscaler?: ClusterAutoscaler;
  /** A pure node autoscaler policy's runner (Simulation spec.nodeAutoscaler), when one is chosen. */
  readonly nodeAutoscaler?: NodeAutoscalerRunner;
  /** Pod GC's orphan pass: pods of a removed Node are force-deleted after the quarantine. */
  readonly podGc: PodGcController;
  /** The Job, CronJob and TTL-after-finished controllers (issue #8). */
  readonly jobs: JobController;
  readonly cronJobs: CronJobController;
  private readonly counts = { podsCreated: 0, podsDeleted: 0 };
  /** The API server's admission chain (Priority, LimitRanger, ResourceQuota). */
  readonly admission: Admission;
  /** The disruption controller (PodDisruptionBudget status). */
  readonly disruption: DisruptionController;
  /** kubectl drain, for timeline drain actions. */
  readonly drainer: Drainer;
  private readonly kubectl: (r: KubectlRecord) => void;

  constructor(
    readonly scenario: SimulationConfig,
    recorder: Recorder,
    options: SimulationOptions = {},
  ) {
    const streams = new RandomStreams(scenario.seed);
    const store = new ClusterStore(this.sim);
    const events = new KubeEvents(this.sim, recorder, scenario.events);
    this.ctx = { clock: this.sim, streams, events, store };
    const sampling: SamplingConfig = { interval: scenario.sampleInterval, until: scenario.duration };
    // The trace watcher first: rows follow the order of the changes, before any other client reacts.
    const trace = new ClusterTrace(store, this.sim, recorder);
    store.watch('Pod', (type) => {
      if (type === 'ADDED') this.counts.podsCreated++;
      else if (type === 'DELETED') this.counts.podsDeleted++;
    });
    this.kubelets = new Kubelets(this.ctx, { settings: scenario.kubelet, behaviors: scenario.behaviors, batchProbeTicks: options.batchProbeTicks }, { release: (pod) => this.scheduler.release(pod) });
    this.scheduler = new Scheduler(this.ctx, scenario.scheduler, this.kubelets, {
      services: scenario.services,
      ...(options.traceScheduling && recorder.scheduling !== undefined ? { trace: (r) => recorder.scheduling!(r) } : {}),
    });
    this.admission = new Admission(store, scenario.scheduler.priorityClasses);
    this.disruption = new DisruptionController(this.ctx);
    this.kubectl = (r) => recorder.kubectl?.(r);
    this.drainer = new Drainer(this.ctx, this.kubectl, (node) => this.nodeLifecycle.cordon(node, true));
    this.replicaSets = new ReplicaSetController(this.ctx);
    this.deployments = new DeploymentController(this.ctx);
    this.jobs = new JobController(this.ctx);
    this.cronJobs = new CronJobController(this.ctx, scenario.startTime);
    new TtlAfterFinishedController(this.ctx);
    this.daemonSets = new DaemonSetController(this.ctx);
    this.statefulSets = new StatefulSetController(this.ctx);
    this.nodeLifecycle = new NodeLifecycleController(this.ctx, scenario.nodeLifecycle, this.kubelets);
    this.podGc = new PodGcController(this.ctx);
    this.cloud = new Cloud(this.ctx, scenario.cloud?.catalogue ?? EMPTY_CATALOGUE, this.nodeLifecycle);
    trace.instanceOf = (name) => this.cloud.nodeInfo(name);
    if (scenario.karpenterNodePools !== undefined && scenario.karpenterNodePools.length > 0 && scenario.karpenter !== undefined) {
      this.karpenter = new Karpenter(this.ctx, scenario.karpenterNodePools, scenario.karpenter, {
        cloud: this.cloud,
        startTime: scenario.startTime,
        ...(recorder.nodeAutoscaler !== undefined ? { record: (r) => recorder.nodeAutoscaler!(r) } : {}),
      });
    }
    this.services = new Services(this.ctx, { services: scenario.services, settings: scenario.serviceSettings, sloLatency: scenario.slo?.latency ?? null });
    this.traffic = new TrafficModel(this.ctx, this.kubelets, this.services, { traffic: scenario.traffic, traceRequestsEvery: options.traceRequestsEvery ?? 0, recorder, defaultServing: scenario.defaultServing, lazyCompletions: options.lazyCompletions });
    this.metrics = new MetricsPipeline(this.ctx, scenario.metrics, this.traffic, this.services);
    this.autoscalerMetrics = new AutoscalerMetrics(
      this.ctx,
      { externalMetrics: scenario.externalMetrics, behaviors: scenario.behaviors, hpaController: scenario.hpaController },
      this.metrics,
      this.services,
      this.traffic,
    );
    const workloads = new WorkloadSampler(this.sim, sampling, store, recorder);
    // rollouts.csv: only when the timeline changes a Deployment's template (the only way a rollout starts).
    if (recorder.rollout !== undefined && scenario.timeline.some((a) => (a.action === 'apply' && a.deployments.length > 0) || a.action === 'setImage' || a.action === 'rollout')) {
      new RolloutTracker(this.sim, store, this.services, recorder, scenario.duration, scenario.serviceSettings.proxySyncDelay);
    }
    this.build();
    if (scenario.clusterAutoscaler !== undefined) {
      const cloud = this.cloud;
      this.clusterAutoscaler = new ClusterAutoscaler(this.ctx, scenario.clusterAutoscaler, {
        cloud,
        scheduler: scenario.scheduler,
        provisioning: (g) => groupProvisioning(g, scenario.cloud?.provisioning),
        machine: (g) => groupMachine(cloud.catalogue, g),
        removeNode: (node) => {
          this.nodeLifecycle.nodeDown(node);
          store.remove(node);
        },
        cordon: (node, unschedulable) => this.nodeLifecycle.cordon(node, unschedulable),
        startTime: scenario.startTime,
        ...(recorder.nodeAutoscaler !== undefined ? { trace: (r) => recorder.nodeAutoscaler!(r) } : {}),
      });
    }
    if (scenario.nodeAutoscalerPolicy !== undefined) {
      const na = scenario.nodeAutoscalerPolicy;
      const cloud = this.cloud;
      this.nodeAutoscaler = new NodeAutoscalerRunner(
        this.ctx,
        { policy: na.factory(na.parameters), label: na.label, parameters: na.parameters, interval: na.interval, maxGracefulTermination: na.maxGracefulTermination, groups: na.groups },
        {
          cloud,
          machine: (g) => groupMachine(cloud.catalogue, g),
          provisioning: groupProvisioning,
          cordon: (node, unschedulable) => this.nodeLifecycle.cordon(node, unschedulable),
          removeNode: (node) => {
            this.nodeLifecycle.nodeDown(node);
            store.remove(node);
          },
          ...(recorder.nodeAutoscaler !== undefined ? { record: (r) => recorder.nodeAutoscaler!(r) } : {}),
        },
      );
    }
    scheduleTimeline(this.ctx, scenario.timeline, { kubelets: this.kubelets, nodes: this.nodeLifecycle, deployments: this.deployments, drainer: this.drainer, kubectl: this.kubectl, cloud: this.cloud, ...(this.karpenter ? { nodePools: this.karpenter } : {}) });
    workloads.start();
    this.autoscalers =
      scenario.autoscalers.length > 0
        ? new HpaController(this.ctx, scenario.autoscalers, scenario.hpaController, this.autoscalerMetrics, { hpa: (r) => recorder.hpa?.(r) })
        : undefined;
    scheduleServiceSampling(this.sim, sampling, recorder, this.services);
    // Usage is modelled when something uses resources or an autoscaler reads it; then the metrics pipeline runs and
    // pod_metrics.csv has rows.
    if (scenario.traffic.length > 0 || scenario.autoscalers.length > 0 || scenario.behaviors.some((b) => b.resources !== undefined)) {
      this.metrics.enable();
      schedulePodMetricsSampling(this.ctx, sampling, recorder, this.traffic, this.metrics);
    }
  }

  /** The scenario's nodes, bare pods and workloads, created through the store at t = 0 in document order. */
  private build(): void {
    const { store, streams } = this.ctx;
    const meta = (name: string, namespace: string, uid: string, labels: Readonly<Record<string, string>>, annotations: Readonly<Record<string, string>> = {}): ObjectMeta => ({
      name,
      namespace,
      uid,
      labels,
      annotations,
      ownerReferences: [],
      creationTimestamp: ZERO,
      resourceVersion: 0,
      generation: 0,
    });
    this.scenario.nodes.forEach((n, index) => {
      const node: NodeObj = {
        kind: 'Node',
        metadata: meta(n.name, '', n.name, n.labels),
        spec: { unschedulable: n.unschedulable, taints: [...n.taints] },
        status: { allocatable: n.allocatable, ready: 'True', ...(n.images !== undefined ? { images: n.images } : {}) },
        index,
        machine: { up: true, upSince: ZERO, images: new Set() },
        allocated: { requested: { cpuMilli: 0, memoryBytes: 0, pods: 0 }, nonZeroRequested: { cpuMilli: 0, memoryBytes: 0 }, pods: new Set() },
      };
      if (n.instance !== undefined) {
        // The loader checked the type and its offering against this catalogue.
        const type = this.cloud.catalogue.get(n.instance.instanceType)!;
        const offering = type.offerings.find((o) => o.zone === n.instance!.zone && o.capacityType === n.instance!.capacityType)!;
        this.cloud.adopt(n.name, { type, offering, pool: n.instance.pool });
      }
      store.create(node);
      if (n.instance !== undefined) this.cloud.adopted(node);
    });
    this.buildPolicies(meta);
    // Static pods: each node's kubelet publishes a mirror pod per manifest, bound to its node at t = 0.
    for (const n of this.scenario.nodes) {
      const node = store.getNode(n.name)!;
      for (const p of n.staticPods ?? []) {
        const name = staticPodName(p.name, n.name);
        const rng = streams.get(STREAMS.pod(p.namespace, name));
        this.apply(newMirrorPod(p, node, newUid(() => rng.next())), p.source.file);
      }
    }
    for (const p of this.scenario.pods) {
      const rng = streams.get(STREAMS.pod(p.namespace, p.name));
      this.apply(newPod({ namespace: p.namespace, name: p.name, uid: newUid(() => rng.next()), template: p.template }), p.source.file);
    }
    for (const w of this.scenario.workloads) {
      const rng = streams.get(STREAMS.workload(w.kind, w.namespace, w.name));
      const metadata = meta(w.name, w.namespace, newUid(() => rng.next()), {});
      const spec = { replicas: w.replicas, selector: w.selector, template: w.template, minReadySeconds: w.minReadySeconds };
      const d = w.deployment ?? DEPLOYMENT_DEFAULTS;
      const obj: DeploymentObj | ReplicaSetObj =
        w.kind === 'Deployment'
          ? { kind: 'Deployment', metadata, spec: { ...spec, strategy: d.strategy, revisionHistoryLimit: d.revisionHistoryLimit, progressDeadlineSeconds: d.progressDeadlineSeconds, paused: d.paused } }
          : { kind: w.kind, metadata, spec };
      this.apply(obj, w.source.file);
    }
    for (const j of this.scenario.jobs) {
      const rng = streams.get(STREAMS.job(j.namespace, j.name));
      store.create(newJob({ namespace: j.namespace, name: j.name, uid: newUid(() => rng.next()), labels: j.labels, annotations: j.annotations, spec: j.spec }));
    }
    for (const c of this.scenario.cronJobs) {
      const rng = streams.get(STREAMS.cronJob(c.namespace, c.name));
      store.create({ kind: 'CronJob', metadata: meta(c.name, c.namespace, newUid(() => rng.next()), c.labels), spec: { ...c.spec }, status: { active: [] } });
    }
    for (const d of this.scenario.daemonSets) {
      const rng = streams.get(STREAMS.apps('DaemonSet', d.namespace, d.name));
      const ds: DaemonSetObj = {
        kind: 'DaemonSet',
        metadata: meta(d.name, d.namespace, newUid(() => rng.next()), {}),
        spec: { selector: d.selector, template: d.template, minReadySeconds: d.minReadySeconds, updateStrategy: d.updateStrategy },
        status: { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, numberAvailable: 0, updatedNumberScheduled: 0, observedGeneration: 0 },
      };
      store.create(ds);
    }
    for (const d of this.scenario.statefulSets) {
      const rng = streams.get(STREAMS.apps('StatefulSet', d.namespace, d.name));
      const { namespace: _ns, name: _name, source: _source, ...spec } = d;
      const set: StatefulSetObj = {
        kind: 'StatefulSet',
        metadata: meta(d.name, d.namespace, newUid(() => rng.next()), {}),
        spec,
        status: { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0, currentRevision: '', updateRevision: '', observedGeneration: 0 },
      };
      store.create(set);
    }
  }

  /**
   * PodDisruptionBudgets, LimitRanges and ResourceQuotas first, so admission applies to every pod and workload of
   * the scenario. Their uids come from the kind's stream of the object (`poddisruptionbudget/<ns>/<name>`, ...).
   */
  private buildPolicies(meta: (name: string, namespace: string, uid: string, labels: Readonly<Record<string, string>>) => ObjectMeta): void {
    const { streams } = this.ctx;
    const uid = (kind: string, ns: string, name: string) => {
      const rng = streams.get(STREAMS.policy(kind, ns, name));
      return newUid(() => rng.next());
    };
    for (const b of this.scenario.podDisruptionBudgets) {
      const pdb: PodDisruptionBudgetObj = {
        kind: 'PodDisruptionBudget',
        metadata: meta(b.name, b.namespace, uid('PodDisruptionBudget', b.namespace, b.name), {}),
        spec: b.spec,
        status: { observedGeneration: 0, expectedPods: 0, desiredHealthy: 0, currentHealthy: 0, disruptionsAllowed: 0, disruptedPods: new Map(), conditions: [] },
      };
      this.apply(pdb, b.source.file);
    }
    for (const l of this.scenario.limitRanges) {
      const lr: LimitRangeObj = { kind: 'LimitRange', metadata: meta(l.name, l.namespace, uid('LimitRange', l.namespace, l.name), {}), spec: { limits: l.limits } };
      this.apply(lr, l.source.file);
    }
    for (const q of this.scenario.resourceQuotas) {
      const rq: ResourceQuotaObj = { kind: 'ResourceQuota', metadata: meta(q.name, q.namespace, uid('ResourceQuota', q.namespace, q.name), {}), spec: { hard: q.hard } };
      this.apply(rq, q.source.file);
    }
  }

  /** `kubectl apply` of one object at t = 0: a create refused by admission prints kubectl's error instead. */
  private apply(obj: ApiObject, file: string): void {
    try {
      this.ctx.store.create(obj);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.kubectl({ time: this.sim.now, command: `kubectl apply -f ${file}`, stream: 'stderr', message: `Error from server (${e.reason}): error when creating "${file}": ${e.message}` });
    }
  }

  /** Runs events up to and including `t` (µs). */
  runUntil(t: Micros): void {
    this.sim.runUntil(t);
  }

  /** Virtual time now (µs). */
  get now(): Micros {
    return this.sim.now;
  }

  summary(): RunSummary {
    const byReason: Record<string, number> = {};
    for (const k of [...this.ctx.events.countsByReason.keys()].sort()) byReason[k] = this.ctx.events.countsByReason.get(k)!;
    return {
      eventsProcessed: this.sim.eventsProcessed,
      podsCreated: this.counts.podsCreated,
      podsDeleted: this.counts.podsDeleted,
      containerRestarts: this.kubelets.counts.containerRestarts,
      oomKills: this.kubelets.counts.oomKills,
      kubernetesEvents: byReason,
      requests: Object.fromEntries(this.services.list.map((svc) => [svc.key, { ...svc.stats.totals }])),
      policy: {
        quotaRejections: this.admission.rejections.quota,
        limitRangeRejections: this.admission.rejections.limitRange,
        drains: this.drainer.outcomes.map((d) => ({ ...d })),
      },
    };
  }
}
