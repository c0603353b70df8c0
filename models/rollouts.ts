/**
 * rollouts.csv: one row per Deployment rollout (a template change: apply, setImage, undo), from its start to its
 * end (complete, superseded by the next template change, or the end of the run), with the lowest available replicas
 * and the most surge seen on the way, and the requests the Deployment's Services failed or timed out meanwhile (for a
 * complete one, until one kube-proxy sync delay after its end, when its last old endpoint has left). A
 * watcher of the store and a reader of the Services' counters; it changes nothing.
 */
import type { EventScheduler, EventType } from '../engine/simulator';
import { Priority } from '../engine/priority';
import type { Micros } from '../engine/time';
import type { ClusterStore } from './cluster/store';
import { controllerOf, type DeploymentObj, type ReplicaSetObj } from './cluster/objects';
import type { Services, ServiceRuntime } from './service/services';
import type { Recorder, RolloutRecord } from './recorder';
import { templateKey } from './controllers/deployment';
import { REVISION } from './controllers/deployment/history';

interface Open {
  readonly d: DeploymentObj;
  readonly start: Micros;
  readonly template: string;
  readonly fromRevision: string;
  readonly desired: number;
  lowestAvailable: number;
  surge: number;
  deadlineExceeded: boolean;
  readonly services: readonly ServiceRuntime[];
  readonly failedAtStart: number;
  readonly timeoutAtStart: number;
}

/** Errors a client saw (failed, rejected, 503 without endpoints) and timeouts, over the Services selecting the Deployment's pods. */
function counts(services: readonly ServiceRuntime[]): { failed: number; timeout: number } {
  let failed = 0;
  let timeout = 0;
  for (const s of services) {
    const t = s.stats.totals;
    failed += t.failed + t.rejected + t.no_endpoints;
    timeout += t.timeout;
  }
  return { failed, timeout };
}

export class RolloutTracker {
  /** The template each Deployment last ran with (its key), to see a change. */
  private readonly templates = new Map<DeploymentObj, string>();
  private readonly open = new Map<DeploymentObj, Open>();
  /** Completed rollouts waiting out the settle delay before their row is written. */
  private readonly settling = new Map<DeploymentObj, Open>();
  private readonly writeType: EventType<{ readonly d: DeploymentObj; readonly outcome: RolloutRecord['outcome']; readonly end: Micros }>;

  constructor(
    private readonly clock: EventScheduler,
    private readonly store: ClusterStore,
    private readonly services: Services,
    private readonly recorder: Recorder,
    end: Micros,
    /** kube-proxy's sync delay: a completed rollout's requests are counted until then, when its last old endpoint has left the load balancers. */
    private readonly settle: Micros,
  ) {
    store.watch('Deployment', (type, d) => (type === 'DELETED' ? this.finish(d, 'Deleted') : this.changed(d)));
    store.watch('ReplicaSet', (_type, obj) => {
      const rs = obj as ReplicaSetObj;
      const ref = controllerOf(rs);
      if (ref?.kind !== 'Deployment') return;
      const d = store.get('Deployment', rs.metadata.namespace, ref.name);
      if (d !== undefined && d.metadata.uid === ref.uid) this.observe(d);
    });
    this.writeType = clock.register('rollouts/write', ({ d, outcome, end }) => this.write(d, outcome, end));
    const flush = clock.register('rollouts/end-of-run', () => {
      for (const d of [...this.settling.keys()]) this.write(d, 'Complete', this.clock.now);
      for (const d of [...this.open.keys()]) this.finish(d, this.open.get(d)!.deadlineExceeded ? 'ProgressDeadlineExceeded' : 'Unfinished');
    });
    clock.scheduleAt(end, flush, undefined, Priority.SAMPLE);
  }

  private changed(d: DeploymentObj): void {
    const key = templateKey(d.spec.template);
    const before = this.templates.get(d);
    this.templates.set(d, key);
    if (before !== undefined && before !== key) {
      if (this.open.has(d)) this.finish(d, 'Superseded');
      const ns = d.metadata.namespace;
      const services = this.services.list.filter((s) => s.spec.namespace === ns && s.spec.selector !== undefined && s.spec.selector.matches(d.spec.template.labels));
      const c = counts(services);
      this.open.set(d, {
        d,
        start: this.clock.now,
        template: key,
        fromRevision: d.metadata.annotations[REVISION] ?? '',
        desired: d.spec.replicas,
        lowestAvailable: d.status?.availableReplicas ?? 0,
        surge: 0,
        deadlineExceeded: false,
        services,
        failedAtStart: c.failed,
        timeoutAtStart: c.timeout,
      });
    }
    this.observe(d);
  }

  /** Folds the Deployment's current state into its open rollout and ends it when complete. */
  private observe(d: DeploymentObj): void {
    const o = this.open.get(d);
    if (o === undefined) return;
    let pods = 0;
    let available = 0;
    for (const obj of this.store.list('ReplicaSet')) {
      const rs = obj as ReplicaSetObj;
      if (controllerOf(rs)?.uid !== d.metadata.uid) continue;
      pods += rs.status?.replicas ?? 0;
      available += rs.status?.availableReplicas ?? 0;
    }
    o.lowestAvailable = Math.min(o.lowestAvailable, available);
    o.surge = Math.max(o.surge, pods - d.spec.replicas);
    const s = d.status;
    if (s === undefined) return;
    if (s.conditions.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')) o.deadlineExceeded = true;
    const complete = s.observedGeneration >= d.metadata.generation && s.updatedReplicas === d.spec.replicas && s.replicas === d.spec.replicas && s.availableReplicas === d.spec.replicas;
    if (complete && s.terminatingReplicas === 0) {
      this.open.delete(d);
      this.settling.set(d, o);
      this.clock.schedule(this.settle, this.writeType, { d, outcome: 'Complete', end: this.clock.now }, Priority.SAMPLE);
    }
  }

  private finish(d: DeploymentObj, outcome: RolloutRecord['outcome']): void {
    const o = this.open.get(d);
    if (o === undefined) return;
    this.open.delete(d);
    this.settling.set(d, o);
    this.write(d, outcome, this.clock.now);
  }

  private write(d: DeploymentObj, outcome: RolloutRecord['outcome'], end: Micros): void {
    const o = this.settling.get(d);
    if (o === undefined) return;
    this.settling.delete(d);
    const c = counts(o.services);
    this.recorder.rollout?.({
      start: o.start,
      end,
      namespace: d.metadata.namespace,
      deployment: d.metadata.name,
      strategy: d.spec.strategy.type,
      fromRevision: o.fromRevision,
      toRevision: d.metadata.annotations[REVISION] ?? '',
      outcome,
      desired: d.spec.replicas,
      lowestAvailable: o.lowestAvailable,
      maxSurge: o.surge,
      requestsFailed: c.failed - o.failedAtStart,
      requestsTimedOut: c.timeout - o.timeoutAtStart,
    });
  }
}
