/**
 * The HorizontalPodAutoscaler controller loop (horizontal.go's half that is not arithmetic): every sync period it
 * reads each HPA's scale target and the pods its selector returns, attaches their metrics, asks the HPA's policy
 * (the Kubernetes HPA by default) for a replica count, applies it to the target's spec.replicas, records the
 * policy's Events and writes one hpa.csv row. It keeps each policy's history between syncs; the policy decides.
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { ZERO, type Micros } from '../../engine/time';
import type { SimContext } from '../context';
import type { HpaRecord } from '../recorder';
import type { PodObj, ReplicaSetObj, DeploymentObj, StatefulSetObj } from '../cluster/objects';
import type { PodCondition } from '../podStatus';
import type { HpaControllerSettings } from './settings';
import type { HpaPod, HpaPodContainer, HpaPodMetricsSample } from './types';
import { STREAMS } from '../streams';
import { decideChecked, type AutoscalerDecision, type AutoscalerPolicy } from './policies/policy';
import { scalableTarget, type ResolvedAutoscaler } from './autoscaler';
import { HpaPodLister } from './podLister';
import { newReusableSample, type ReusableSample } from './sampleRecords';
import { BUILTIN_POLICIES } from './policies/registry';
import type { AutoscalerPolicyFactory } from './policies/policy';

/** Where the controller gets metrics (the metrics pipeline implements it). */
export interface AutoscalerMetricsReader {
  /**
   * The pod's sample in the metrics APIs (cpu, memory and custom pod metrics, milli-units), or null. `only`, when
   * given: the name of the pod's one running container (app containers and sidecars), or null when it has several.
   */
  podMetrics(pod: PodObj, now: Micros, only?: string | null): HpaPodMetricsSample | null;
  /**
   * podMetrics(pod, now, only) written into records the caller keeps for the pod (newReusableSample), overwritten at
   * the next call for the same pod. Optional: without it the controller calls podMetrics.
   */
  podMetricsInto?(pod: PodObj, now: Micros, only: string | null, into: ReusableSample): HpaPodMetricsSample | null;
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
  /** The policy's seeded stream (AutoscalerInput.random). */
  readonly random: () => number;
  history: unknown;
  /**
   * The policy is a built-in one (BUILTIN_POLICIES), which reads a sync's pods only during that sync: the pod
   * records it is handed are the controller's own per pod, overwritten at the next sync (no objects per pod and
   * sync). A user's policy may keep what it is given, so it gets new records every sync.
   */
  readonly reuse: boolean;
}

export class HpaController {
  /** Internal (tests): false hands every policy new pod records each sync (the reference the reused records must equal). */
  static reusePods = true;
  private readonly syncType: EventType<Autoscaler>;
  private readonly autoscalers: Autoscaler[];
  private readonly pods: HpaPodLister<Autoscaler>;
  /** containersOf's cache (weak: a pod's entry goes with the pod). */
  private readonly containers = new WeakMap<PodObj, PodContainers>();

  constructor(
    private readonly ctx: SimContext,
    specs: readonly ResolvedAutoscaler[],
    private readonly settings: HpaControllerSettings,
    private readonly metrics: AutoscalerMetricsReader,
    private readonly sink: HpaRecordSink,
  ) {
    this.pods = new HpaPodLister(ctx.store);
    this.syncType = ctx.clock.register('hpa/sync', (a) => this.sync(a));
    this.autoscalers = specs.map((spec) => {
      const policy = spec.policy.factory(spec.policy.parameters);
      const label = policy.name === spec.policy.name ? policy.name : `${policy.name} (${spec.policy.name})`;
      // drawn through the stream (stream.next()): a stream's `next` changes as it sleeps and wakes (engine/random)
      const stream = ctx.streams.get(STREAMS.autoscalerPolicy(spec.namespace, spec.name));
      const reuse = HpaController.reusePods && BUILTIN.includes(spec.policy.factory);
      return { spec, policy, label, random: () => stream.next(), history: undefined, reuse };
    });
    // The controller picks an HPA up when it is created (t = 0), then resyncs it every sync period.
    for (const a of this.autoscalers) ctx.clock.scheduleAt(ZERO, this.syncType, a, Priority.CONTROLLER);
  }

  private target(a: Autoscaler): ReplicaSetObj | DeploymentObj | StatefulSetObj | undefined {
    const ref = scalableTarget(a.spec);
    return ref && this.ctx.store.get(ref.kind, a.spec.namespace, ref.name);
  }

  /**
   * horizontal.go reconcileAutoscaler when the scale subresource cannot be read (a target that does not exist, or a
   * kind with no REST mapping): a Warning Event FailedGetScale with the error, condition AbleToScale False
   * FailedGetScale, and nothing scaled; the status keeps its replicas (0 for an HPA that never read a scale).
   */
  private failedGetScale(a: Autoscaler, now: Micros): void {
    this.ctx.events.emit('Warning', 'FailedGetScale', getScaleError(a.spec), hpaRef(a), 'horizontal-pod-autoscaler');
    this.record(a, now, 0, 0, null, { desiredReplicas: 0 }, { AbleToScale: 'FailedGetScale' });
  }

  private sync(a: Autoscaler): void {
    const now = this.ctx.clock.now;
    this.ctx.clock.schedule(this.settings.syncPeriod, this.syncType, a, Priority.CONTROLLER);
    const target = this.target(a);
    if (!target) return this.failedGetScale(a, now);
    // The pods the target's selector returns (in creation order), and from them the scale's status.replicas (active
    // pods) and the ready pods hpa.csv shows.
    const pods: HpaPod[] = [];
    let statusReplicas = 0;
    let readyPods = 0;
    for (const p of this.pods.list(a, a.spec.namespace, target.spec.selector)) {
      pods.push(this.hpaPod(p, now, a.reuse));
      const deleting = p.metadata.deletionTimestamp !== undefined;
      if (!deleting && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed') statusReplicas++;
      if (!deleting && p.readySince !== undefined) readyPods++;
    }
    const decision: AutoscalerDecision = decideChecked(
      a.policy,
      {
        now,
        hpa: a.spec.manifest,
        settings: this.settings,
        scale: { specReplicas: target.spec.replicas, statusReplicas },
        pods,
        objectMetrics: this.metrics.objectMetrics(a.spec.namespace, now),
        externalMetrics: this.metrics.externalMetrics(now),
        random: a.random,
      },
      a.history,
      a.label,
    );
    a.history = decision.history;
    const current = target.spec.replicas;
    const ref = hpaRef(a);
    for (const e of decision.events ?? []) this.ctx.events.emit(e.type, e.reason, e.message, ref, 'horizontal-pod-autoscaler');
    // The scale subresource: spec.replicas of the target; its controller reacts to the change.
    if (decision.desiredReplicas !== current) this.ctx.store.scale(target.kind, a.spec.namespace, a.spec.target.name, decision.desiredReplicas);
    const conditions: Record<string, string> = {};
    for (const c of decision.conditions ?? []) conditions[c.type] = c.reason;
    this.record(a, now, current, readyPods, this.metrics.demandReplicas(a.spec, now), decision, conditions);
  }

  /**
   * The sync's hpa.csv row (one builder for both outcomes): the scale read (0 when it could not be), the ready pods,
   * the load's demand, the decision and its conditions' reasons by type.
   */
  private record(
    a: Autoscaler,
    now: Micros,
    currentReplicas: number,
    readyPods: number,
    demandReplicas: number | null,
    decision: AutoscalerDecision,
    conditions: Readonly<Record<string, string>>,
  ): void {
    this.sink.hpa({
      time: now,
      namespace: a.spec.namespace,
      hpa: a.spec.name,
      policy: a.policy.name,
      targetKind: a.spec.target.kind,
      targetName: a.spec.target.name,
      currentReplicas,
      readyPods,
      demandReplicas,
      metrics: (decision.metrics ?? []).map((m) => ({ name: m.name, value: m.utilization ?? m.rawAverageMilli ?? m.value, proposal: m.proposal })),
      stabilized: decision.stabilized ?? null,
      desiredReplicas: decision.desiredReplicas,
      limitReason: decision.limitReason ?? null,
      conditions,
      reason: decision.reason ?? null,
    });
  }

  /**
   * The pod as the HPA's pod lister and metrics client see it (requests and usage in milli-units). `reuse`: in the
   * pod's own records (see Autoscaler.reuse), the same fields and values as the new record.
   */
  private hpaPod(p: PodObj, now: Micros, reuse: boolean): HpaPod {
    const containers = this.containersOf(p);
    let ready: HpaPod['ready'] = null;
    // The pod's first Ready condition, searched for only when the pod's list is another array than at the last sync
    // (a Ready condition is added by a longer copy of the list: setCondition) or, while the list had none, grew. A
    // condition changes in place and no entry of a pod's list is ever replaced, so the entry found is still the
    // pod's: its array and its entries are not read again (each a cache miss, every pod, every sync).
    const conditions = p.status.conditions;
    let c = containers.readyCondition;
    if (containers.conditions !== conditions || (c === undefined && containers.length !== conditions.length)) {
      containers.conditions = conditions;
      containers.length = conditions.length;
      c = undefined;
      for (let i = 0; i < conditions.length; i++) {
        if (conditions[i].type === 'Ready') {
          c = conditions[i];
          break;
        }
      }
      containers.readyCondition = c;
    }
    if (c !== undefined) {
      // The last sync's record while the condition reads the same (most syncs): one object less per pod and sync. Its
      // fields are compared with copies in the entry, not read from the record (one cache miss less).
      const status = c.status;
      const time = c.lastTransitionTime;
      if (containers.ready === null || containers.readyStatus !== status || containers.readyTime !== time) {
        containers.ready = Object.freeze({ status, lastTransitionTime: time });
        containers.readyStatus = status;
        containers.readyTime = time;
      }
      ready = containers.ready;
    }
    if (reuse) {
      const m = this.metrics;
      const metrics = m.podMetricsInto !== undefined ? m.podMetricsInto(p, now, containers.only, (containers.sample ??= newReusableSample())) : m.podMetrics(p, now, containers.only);
      let rec = containers.rec;
      if (rec === undefined) {
        rec = { name: p.metadata.name, phase: p.status.phase, deleted: false, startTime: null, ready, containers: containers.list, podRequests: null, metrics };
        containers.rec = rec;
      }
      rec.phase = p.status.phase;
      rec.deleted = p.metadata.deletionTimestamp !== undefined;
      rec.startTime = p.status.startTime ?? null;
      rec.ready = ready;
      rec.metrics = metrics;
      return rec;
    }
    return {
      name: p.metadata.name,
      phase: p.status.phase,
      deleted: p.metadata.deletionTimestamp !== undefined,
      startTime: p.status.startTime ?? null,
      ready,
      containers: containers.list,
      podRequests: null,
      metrics: this.metrics.podMetrics(p, now, containers.only),
    };
  }

  /**
   * The pod's running containers (sidecars first) with their requests, built once per pod: a pod's spec never changes
   * after admission. Frozen, as every sync hands the same objects to the policy (the Ready record too, while the
   * condition does not change).
   */
  private containersOf(p: PodObj): PodContainers {
    let entry = this.containers.get(p);
    if (entry === undefined) {
      const list = Object.freeze(
        [...p.spec.initContainers.filter((c) => c.restartPolicy === 'Always'), ...p.spec.containers].map((c) =>
          Object.freeze({ name: c.name, requests: Object.freeze({ cpu: c.requests.cpuMilli, memory: c.requests.memoryBytes * 1000 }) }),
        ),
      );
      entry = { list, only: list.length === 1 ? list[0].name : null, ready: null, readyStatus: undefined, readyTime: ZERO, conditions: null, length: 0, readyCondition: undefined, rec: undefined, sample: undefined };
      this.containers.set(p, entry);
    }
    return entry;
  }
}

/** A pod's running containers for the HPA, and the name of the only one (null when there are several or none). */
interface PodContainers {
  readonly list: readonly HpaPodContainer[];
  readonly only: string | null;
  /** The pod's Ready condition as the last sync that found one handed it to the policy (frozen), or null. */
  ready: HpaPod['ready'];
  /** ready's status and lastTransitionTime (hpaPod compares the condition with these). */
  readyStatus: PodCondition['status'] | undefined;
  readyTime: Micros;
  /** The pod's status.conditions array when hpaPod last searched it, its length then, and its first Ready entry (undefined: none). */
  conditions: readonly PodCondition[] | null;
  length: number;
  readyCondition: PodCondition | undefined;
  /** The pod's record for built-in policies (Autoscaler.reuse), once one was made; its name and containers never change. */
  rec: Mutable<HpaPod> | undefined;
  /** Its metrics sample's records (podMetricsInto). */
  sample: ReusableSample | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The built-in policies' factories: the policies whose pods the controller may reuse. */
const BUILTIN: readonly AutoscalerPolicyFactory[] = [...BUILTIN_POLICIES.values()];

/** The HPA as the involved object of its Events. */
function hpaRef(a: Autoscaler): { kind: string; namespace: string; name: string; uid: string } {
  return { kind: 'HorizontalPodAutoscaler', namespace: a.spec.namespace, name: a.spec.name, uid: `${a.spec.namespace}/${a.spec.name}` };
}

/** The Kubernetes resource (plural.group) of each kind k8sim scales, as the scale client names it in errors. */
const RESOURCES: Readonly<Record<string, string>> = {
  Deployment: 'deployments.apps',
  ReplicaSet: 'replicasets.apps',
  StatefulSet: 'statefulsets.apps',
  ReplicationController: 'replicationcontrollers',
};

/**
 * The error horizontal.go puts in the FailedGetScale Event: the API server's NotFound (`deployments.apps "web" not
 * found`, apimachinery errors.NewNotFound) for a kind k8sim scales, else the RESTMapper's NoKindMatchError
 * (`no matches for kind "Rollout" in group "argoproj.io"`, apimachinery meta/errors.go).
 */
export function getScaleError(a: ResolvedAutoscaler): string {
  const resource = RESOURCES[a.target.kind];
  if (resource !== undefined && scalableTarget(a)) return `${resource} "${a.target.name}" not found`;
  const apiVersion = a.target.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return `no matches for kind "${a.target.kind}" in group "${group}"`;
}
