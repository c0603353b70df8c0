/**
 * The HorizontalPodAutoscaler controller loop (horizontal.go's half that is not arithmetic): every sync period it
 * reads each HPA's scale target and the pods its selector returns, attaches their metrics, asks the HPA's policy
 * (the Kubernetes HPA by default) for a replica count, applies it to the target's spec.replicas, records the
 * policy's Events and writes one hpa.csv row. It keeps each policy's history between syncs; the policy decides.
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import type { Micros } from '../../engine/time';
import type { SimContext } from '../context';
import { workloadKey, type PodObj, type ReplicaSetObj, type DeploymentObj } from '../cluster/objects';
import type { HpaRecord } from '../recorder';
import type { HpaControllerSettings } from './settings';
import type { HpaPod, HpaPodMetricsSample } from './types';
import { decideChecked, type AutoscalerDecision, type AutoscalerPolicy } from './policies/policy';
import type { ResolvedAutoscaler } from './autoscaler';
import type { ScaleTargets } from '../controllers/scale';

/** Where the controller gets metrics (the metrics pipeline implements it). */
export interface AutoscalerMetricsReader {
  /** The pod's sample in the metrics APIs (cpu, memory and custom pod metrics, milli-units), or null. */
  podMetrics(pod: PodObj, now: Micros): HpaPodMetricsSample | null;
  /** Object metrics (milli-units) by metric name, for the HPA's Object metric specs. */
  objectMetrics(namespace: string, now: Micros): Readonly<Record<string, number>>;
  /** External metrics (milli-units) by name. */
  externalMetrics(now: Micros): Readonly<Record<string, readonly number[]>>;
  /** Replicas the offered load implies for this HPA's target at its CPU target, or null when unknown. */
  demandReplicas(autoscaler: ResolvedAutoscaler, now: Micros): number | null;
}

export interface HpaRecordSink {
  hpa(r: HpaRecord): void;
}

interface Autoscaler {
  readonly spec: ResolvedAutoscaler;
  readonly policy: AutoscalerPolicy;
  /** How errors name the policy: its name, and the module path as the scenario wrote it when that differs. */
  readonly label: string;
  history: unknown;
}

export class HpaController {
  private readonly syncType: EventType<Autoscaler>;
  private readonly autoscalers: Autoscaler[];

  constructor(
    private readonly ctx: SimContext,
    specs: readonly ResolvedAutoscaler[],
    private readonly settings: HpaControllerSettings,
    private readonly metrics: AutoscalerMetricsReader,
    private readonly targets: ScaleTargets,
    private readonly sink: HpaRecordSink,
  ) {
    this.syncType = ctx.sim.register('hpa/sync', (a) => this.sync(a));
    this.autoscalers = specs.map((spec) => {
      const policy = spec.policy.factory(spec.policy.parameters);
      const label = policy.name === spec.policy.name ? policy.name : `${policy.name} (${spec.policy.name})`;
      return { spec, policy, label, history: undefined };
    });
    // The controller picks an HPA up when it is created (t = 0), then resyncs it every sync period.
    for (const a of this.autoscalers) ctx.sim.scheduleAt(0, this.syncType, a, Priority.CONTROLLER);
  }

  private target(a: Autoscaler): ReplicaSetObj | DeploymentObj | undefined {
    const { kind, name } = a.spec.target;
    const key = workloadKey(kind, a.spec.namespace, name);
    return kind === 'Deployment' ? this.ctx.store.deployments.get(key) : this.ctx.store.replicaSets.get(key);
  }

  private sync(a: Autoscaler): void {
    const now = this.ctx.sim.now;
    this.ctx.sim.schedule(this.settings.syncPeriod, this.syncType, a, Priority.CONTROLLER);
    const target = this.target(a);
    if (!target) return;
    const selected = [...this.ctx.store.pods.values()].filter((p) => p.namespace === a.spec.namespace && target.selector.matches(p.labels));
    const pods = selected.map((p) => this.hpaPod(p, now));
    const statusReplicas = selected.filter((p) => p.deletionTime === undefined && p.phase !== 'Succeeded' && p.phase !== 'Failed').length;
    const decision: AutoscalerDecision = decideChecked(
      a.policy,
      {
        now,
        hpa: a.spec.manifest,
        settings: this.settings,
        scale: { specReplicas: target.replicas, statusReplicas },
        pods,
        objectMetrics: this.metrics.objectMetrics(a.spec.namespace, now),
        externalMetrics: this.metrics.externalMetrics(now),
      },
      a.history,
      a.label,
    );
    a.history = decision.history;
    const current = target.replicas;
    const ref = { kind: 'HorizontalPodAutoscaler', namespace: a.spec.namespace, name: a.spec.name, uid: `${a.spec.namespace}/${a.spec.name}` };
    for (const e of decision.events ?? []) this.ctx.events.emit(e.type, e.reason, e.message, ref, 'horizontal-pod-autoscaler');
    if (decision.desiredReplicas !== current) this.targets.setReplicas(a.spec.target.kind, a.spec.namespace, a.spec.target.name, decision.desiredReplicas);
    const conditions: Record<string, string> = {};
    for (const c of decision.conditions ?? []) conditions[c.type] = c.reason;
    this.sink.hpa({
      time: now,
      namespace: a.spec.namespace,
      hpa: a.spec.name,
      policy: a.policy.name,
      targetKind: a.spec.target.kind,
      targetName: a.spec.target.name,
      currentReplicas: current,
      readyPods: selected.filter((p) => p.readySince !== undefined && p.deletionTime === undefined).length,
      demandReplicas: this.metrics.demandReplicas(a.spec, now),
      metrics: (decision.metrics ?? []).map((m) => ({ name: m.name, value: m.utilization ?? m.rawAverageMilli ?? m.value, proposal: m.proposal })),
      stabilized: decision.stabilized ?? null,
      desiredReplicas: decision.desiredReplicas,
      limitReason: decision.limitReason ?? null,
      conditions,
      reason: decision.reason ?? null,
    });
  }

  /** The pod as the HPA's pod lister and metrics client see it (requests and usage in milli-units). */
  private hpaPod(p: PodObj, now: Micros): HpaPod {
    const ready = p.conditions.find((c) => c.type === 'Ready');
    const containers = [...p.initContainers.filter((c) => c.spec.restartPolicy === 'Always'), ...p.containers].map((c) => ({
      name: c.spec.name,
      requests: { cpu: c.spec.requests.cpuMilli, memory: c.spec.requests.memoryBytes * 1000 },
    }));
    return {
      name: p.name,
      phase: p.phase,
      deleted: p.deletionTime !== undefined,
      startTime: p.startTime ?? null,
      ready: ready ? { status: ready.status, lastTransitionTime: ready.lastTransitionTime } : null,
      containers,
      podRequests: null,
      metrics: this.metrics.podMetrics(p, now),
    };
  }
}
