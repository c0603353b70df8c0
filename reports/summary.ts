/**
 * summary.csv: the figures researchers compare, folded record by record from a run's trace (pods, workloads,
 * services and hpa records) as the run streams it, so no trace file is read back. The one source of every figure it
 * shares with run.json (container_restarts, oom_kills). Never looks at live model objects; definitions in
 * docs/traces.md. Long format, one figure per row (`scope,namespace,name,figure,value`), so runs with different
 * workloads still line up in `k8sim compare`.
 */
import { subMicros, toMilliseconds, toSeconds } from '../engine/time';
import type { EventRecord, HpaRecord, KubectlRecord, NodeRecord, PodRecord, Recorder, RolloutRecord, ServiceRecord, WorkloadRecord } from '../models/recorder';
import { ElasticityFold } from './elasticity';

export interface SummaryRow {
  /** `run`, or the workload's kind (`Deployment`, `ReplicaSet`, `ReplicationController`), `Service`, `HorizontalPodAutoscaler`. */
  readonly scope: string;
  readonly namespace: string;
  readonly name: string;
  readonly figure: string;
  /** Formatted: integers as is, other numbers with 3 decimals, empty when undefined. */
  readonly value: string;
}

export interface SummaryOptions {
  /** The latency SLO in milliseconds (Simulation spec), or null. */
  readonly sloMs: number | null;
  /** The run writes services.csv: the run's request figures appear (0 without Services). False: they are left out. */
  readonly serviceTrace: boolean;
  /** The run writes kubectl.csv (issue #8 policy content): the drain, eviction and quota figures appear. */
  readonly kubectlTrace?: boolean;
  /** services.csv has the retry columns (a Traffic retries, issue #12): the retry amplification figures appear. */
  readonly retryTrace?: boolean;
}

/** The fields of each record the figures read (a record of the trace has them all; so does a row read back). */
export type SummaryPodRecord = Pick<PodRecord, 'time' | 'namespace' | 'pod' | 'phase' | 'status' | 'container' | 'containerState' | 'reason' | 'restarts'> & { readonly node?: string };
export type SummaryWorkloadRecord = Pick<WorkloadRecord, 'time' | 'namespace' | 'kind' | 'name' | 'desired' | 'current' | 'ready'>;
export type SummaryServiceRecord = Pick<ServiceRecord, 'time' | 'namespace' | 'service' | 'arrivals' | 'completed' | 'timeout' | 'rejected' | 'noEndpoints' | 'failed' | 'p99' | 'overSlo'> &
  Partial<Pick<ServiceRecord, 'attempts' | 'retries' | 'retriesRefused'>>;

/** One Service's request outcomes over the run, summed from its services.csv rows (run.json `counts.requests`). */
export interface RequestTotals {
  arrivals: number;
  success: number;
  timeout: number;
  rejected: number;
  no_endpoints: number;
  failed: number;
}
export type SummaryHpaRecord = Pick<HpaRecord, 'time' | 'namespace' | 'hpa' | 'readyPods' | 'demandReplicas' | 'desiredReplicas'>;
export type SummaryRolloutRecord = Pick<RolloutRecord, 'start' | 'end' | 'namespace' | 'deployment' | 'desired' | 'lowestAvailable' | 'requestsFailed' | 'requestsTimedOut'>;

/** One Deployment's rollouts.csv rows so far. */
interface RolloutFold {
  readonly namespace: string;
  readonly name: string;
  count: number;
  seconds: number;
  maxSeconds: number;
  /** The lowest lowest_available / desired seen, in percent. */
  lowestAvailablePct: number;
  failed: number;
}

export type SummaryNodeRecord = Pick<NodeRecord, 'time' | 'node' | 'pods'> &
  Partial<Pick<NodeRecord, 'cpuRequestedMilli' | 'cpuAllocatableMilli' | 'memoryRequestedBytes' | 'memoryAllocatableBytes' | 'instanceType' | 'pricePerHour' | 'owner' | 'reason'>>;

/** A node alive in nodes.csv (from its first row to its `removed:` row): price, owner, and its last utilisation. */
interface AliveNode {
  readonly since: number;
  readonly price: number;
  readonly owner: string;
  cpuUtil: number;
  memUtil: number;
}

/**
 * Nearest-rank percentile: the ceil(q·n)-th smallest value (k8sim's convention, M-02); undefined for no values.
 * `sorted` ascending.
 */
export function nearestRank(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1];
}
export type SummaryEventRecord = Pick<EventRecord, 'time' | 'kind' | 'namespace' | 'name' | 'reason' | 'message'>;

/** The Job controller's Warning reasons for a Job that ended Failed (job_controller.go; models/batch/conditions.ts). */
const JOB_FAILED = new Set(['BackoffLimitExceeded', 'DeadlineExceeded', 'MaxFailedIndexesExceeded', 'FailedIndexes', 'PodFailurePolicy']);

/** One Job's events: its first (the first pod created: the Job started), and how it ended. */
interface JobFold {
  readonly namespace: string;
  readonly name: string;
  readonly start: number;
  completedAt?: number;
  failed: boolean;
}
export type SummaryKubectlRecord = Pick<KubectlRecord, 'time' | 'command' | 'stream' | 'message'>;

/** A create refused by ResourceQuota admission, as its message reads (`... is forbidden: exceeded quota: ...`). */
const QUOTA_REFUSAL = /is forbidden: (exceeded quota|failed quota|status unknown for quota): /;
/** A 429 from the eviction API, as kubectl drain (retrying) or a timeline evict prints it. */
const BUDGET_REFUSAL = /\(will retry after 5s\): Cannot evict pod as it would violate|^Error from server \(TooManyRequests\): Cannot evict pod as it would violate/;

/** One node's drains in kubectl.csv: the running one's start, the last finished one's duration, the failures. */
interface DrainFold {
  start: number | undefined;
  lastSeconds: number | undefined;
  failed: number;
}

export const SUMMARY_COLUMNS = ['scope', 'namespace', 'name', 'figure', 'value'] as const;

const fmt = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '' : Number.isInteger(v) ? String(v) : v.toFixed(3));
// Record times become seconds by toSeconds: µs ÷ 10⁶ is the same double as the trace's six-decimal cell parsed back.

/** Scale-ups, scale-downs and reversals (a change opposite to the previous change), counted one value at a time. */
class ScaleChanges {
  ups = 0;
  downs = 0;
  reversals = 0;
  private last: number | undefined;
  private lastDir = 0;

  add(value: number): void {
    const prev = this.last;
    this.last = value;
    if (prev === undefined) return;
    const dir = Math.sign(value - prev);
    if (dir === 0) return;
    if (dir > 0) this.ups++;
    else this.downs++;
    if (this.lastDir !== 0 && dir !== this.lastDir) this.reversals++;
    this.lastDir = dir;
  }
}

/** One Service's services.csv rows so far. */
interface ServiceFold {
  readonly namespace: string;
  readonly name: string;
  arrivals: number;
  /** timeout + rejected + no_endpoints + failed. */
  errors: number;
  readonly totals: RequestTotals;
  overSlo: number;
  /** A row had an over_slo value (the run has an SLO). */
  sawOverSlo: boolean;
  violationSeconds: number;
  lastTime: number | undefined;
  /** Σ of the retry columns (0 without them). */
  attempts: number;
  retries: number;
  retriesRefused: number;
}

/** One workload's workloads.csv rows so far: Σ value_i × (t_{i+1} − t_i) (the last sample adds nothing). */
interface WorkloadFold {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  replicaSeconds: number;
  readyReplicaSeconds: number;
  readonly changes: ScaleChanges;
  maxReplicas: number;
  last: { readonly t: number; readonly current: number; readonly ready: number } | undefined;
}

interface HpaFold {
  readonly namespace: string;
  readonly name: string;
  readonly changes: ScaleChanges;
  /** The syncs with a demand, folded as they come (no series kept: memory does not grow with the run). */
  readonly elasticity: ElasticityFold;
}

/**
 * Folds a run's trace records into its summary figures. Give it every record in trace order (as a Recorder beside
 * the trace writer, or rows read back from a finished trace folder by `computeSummary`); `figures()` at any point
 * gives the summary of the trace so far. Records of other traces (events, nodes) are ignored.
 */
/** One pod's part of the pods.csv figures. */
interface PodFold {
  /** Its first record's time, until it is bound (or deleted unbound). */
  createdAt: number | undefined;
  /** A record with a node has been seen. */
  bound: boolean;
  /** Its `Deleted` record's time (closes an unschedulable span from events.csv at the end). */
  deletedAt: number | undefined;
  /** The last `restarts` of each of its containers: the first one seen, then the others. */
  container: string | undefined;
  containerRestarts: number;
  others: Map<string, number> | undefined;
}

export class TraceSummary implements Pick<Recorder, 'pod' | 'node' | 'workload' | 'service' | 'hpa' | 'rollout' | 'event' | 'kubectl'> {
  /** Nodes with at least one pod (nodes.csv `pods` > 0), the most at once, and node-seconds used. */
  private readonly nodeUsed = new Map<string, boolean>();
  private nodesUsedNow = 0;
  private nodesUsedMax = 0;
  private usedNodeSeconds = 0;
  private lastNodeTime: number | undefined;
  /** Pods in phase Pending, since when (in the order they turned Pending: the end-of-run sum adds in that order). */
  private readonly pendingSince = new Map<PodFold, number>();
  /**
   * What the pod records have said so far of each pod, by namespace then name: one small record per pod, found
   * without building a `namespace/name` key per record (pods.csv has several rows per pod).
   */
  private readonly podFolds = new Map<string, Map<string, PodFold>>();
  private pendingSeconds = 0;
  /**
   * Pods whose last scheduling attempt failed (FailedScheduling), since when; closed by Scheduled (both from
   * events.csv, in time order) or by the pod's deletion (pods.csv, a separate stream: kept as `deletedAt` and applied
   * at the end, so the figure does not depend on how the two streams interleave).
   */
  private readonly unschedulableSince = new Map<string, number>();
  private unschedulableSeconds = 0;
  private preemptions = 0;
  private restarts = 0;
  private ooms = 0;
  private lastPodTime = 0;
  private lastWorkloadTime: number | undefined;
  private readonly services = new Map<string, ServiceFold>();
  private readonly workloads = new Map<string, WorkloadFold>();
  private readonly hpas = new Map<string, HpaFold>();
  private readonly rollouts = new Map<string, RolloutFold>();
  private quotaRejections = 0;
  private readonly jobs = new Map<string, JobFold>();
  private evictionsRefused = 0;
  private readonly drains = new Map<string, DrainFold>();
  // ---- nodes and money (issue #10; nodes.csv instance columns and reasons)
  /** A row had an instance type or a registered / removed reason: the node cost figures appear. */
  private cloudSeen = false;
  private readonly alive = new Map<string, AliveNode>();
  private nodeSeconds = 0;
  private peakNodes = 0;
  private cpuUtilSum = 0;
  private memUtilSum = 0;
  private cpuUtilSeconds = 0;
  private memUtilSeconds = 0;
  private nodesAdded = 0;
  private nodesRemoved = 0;
  /** US dollars of nodes that ended, per owner (`NodeGroup/g`, `NodePool/p`, `Static/x`, '' = none). */
  private readonly costByOwner = new Map<string, number>();
  private readonly nodeSecondsByOwner = new Map<string, number>();
  /** Pod creation (its first pods.csv row) until bound (its first row with a node): PodFold.createdAt, .bound. */
  private readonly timesToBound: number[] = [];

  constructor(private readonly opts: SummaryOptions) {}

  /** `container_restarts`: Σ over containers of the increases of `restarts` in the pod records. */
  get containerRestarts(): number {
    return this.restarts;
  }

  /** `oom_kills`: pod records of a container terminated with reason OOMKilled. */
  get oomKills(): number {
    return this.ooms;
  }

  pod(r: SummaryPodRecord): void {
    const t = toSeconds(r.time);
    this.lastPodTime = Math.max(this.lastPodTime, t);
    const f = this.podFold(r.namespace, r.pod);
    if (r.node !== undefined && !f.bound) {
      if (f.createdAt === undefined) f.createdAt = t;
      if (r.node !== '') {
        f.bound = true;
        this.timesToBound.push(t - f.createdAt);
        f.createdAt = undefined;
      } else if (r.status === 'Deleted') f.createdAt = undefined;
    }
    if (r.status === 'Deleted') f.deletedAt = t;
    if (r.phase === 'Pending' && r.status !== 'Deleted') {
      if (!this.pendingSince.has(f)) this.pendingSince.set(f, t);
    } else if (this.pendingSince.has(f)) {
      this.pendingSeconds += t - this.pendingSince.get(f)!;
      this.pendingSince.delete(f);
    }
    if (r.container === '') return;
    if (r.restarts !== undefined && Number.isFinite(r.restarts)) {
      // The first container seen is kept inline (most pods have one); others in a map made when needed.
      let last: number | undefined;
      if (f.container === undefined || f.container === r.container) {
        last = f.container === undefined ? undefined : f.containerRestarts;
        f.container = r.container;
        f.containerRestarts = r.restarts;
      } else {
        f.others ??= new Map();
        last = f.others.get(r.container);
        f.others.set(r.container, r.restarts);
      }
      this.restarts += Math.max(0, r.restarts - (last ?? 0));
    }
    if (r.containerState === 'terminated' && r.reason === 'OOMKilled') this.ooms++;
  }

  /** nodes.csv: rows arrive in time order (one per change of a node). */
  node(r: SummaryNodeRecord): void {
    const t = toSeconds(r.time);
    if (this.lastNodeTime !== undefined) {
      const dt = t - this.lastNodeTime;
      this.usedNodeSeconds += this.nodesUsedNow * dt;
      this.nodeSeconds += this.alive.size * dt;
      this.cpuUtilSeconds += this.cpuUtilSum * dt;
      this.memUtilSeconds += this.memUtilSum * dt;
    }
    this.lastNodeTime = t;
    this.aliveNode(r, t);
    const used = r.pods > 0 && !(r.reason ?? '').startsWith('removed');
    const was = this.nodeUsed.get(r.node) ?? false;
    if (used !== was) {
      this.nodesUsedNow += used ? 1 : -1;
      this.nodeUsed.set(r.node, used);
      this.nodesUsedMax = Math.max(this.nodesUsedMax, this.nodesUsedNow);
    }
  }

  /** nodes.csv alive intervals: a node lives from its first row to its `removed:` row; price × time per owner. */
  private aliveNode(r: SummaryNodeRecord, t: number): void {
    const reason = r.reason ?? '';
    if ((r.instanceType ?? '') !== '' || reason === 'registered' || reason.startsWith('removed')) this.cloudSeen = true;
    if (reason === 'registered') this.nodesAdded++;
    const cpu = r.cpuAllocatableMilli ? (r.cpuRequestedMilli ?? 0) / r.cpuAllocatableMilli : 0;
    const mem = r.memoryAllocatableBytes ? (r.memoryRequestedBytes ?? 0) / r.memoryAllocatableBytes : 0;
    let n = this.alive.get(r.node);
    if (reason.startsWith('removed')) {
      if (n === undefined) return;
      this.nodesRemoved++;
      this.closeNode(n, t);
      this.cpuUtilSum -= n.cpuUtil;
      this.memUtilSum -= n.memUtil;
      this.alive.delete(r.node);
      return;
    }
    if (n === undefined) {
      n = { since: t, price: r.pricePerHour ?? 0, owner: r.owner ?? '', cpuUtil: 0, memUtil: 0 };
      this.alive.set(r.node, n);
      this.peakNodes = Math.max(this.peakNodes, this.alive.size);
    }
    this.cpuUtilSum += cpu - n.cpuUtil;
    this.memUtilSum += mem - n.memUtil;
    n.cpuUtil = cpu;
    n.memUtil = mem;
  }

  private closeNode(n: AliveNode, t: number): void {
    const s = Math.max(0, t - n.since);
    this.costByOwner.set(n.owner, (this.costByOwner.get(n.owner) ?? 0) + (n.price * s) / 3600);
    this.nodeSecondsByOwner.set(n.owner, (this.nodeSecondsByOwner.get(n.owner) ?? 0) + s);
  }

  /** The node and money figures up to `end` (run rows, then per-owner rows), when the trace has cloud nodes. */
  private nodeFigures(end: number, requestsServed: number, addRun: (f: string, v: number | null) => void, add: (scope: string, ns: string, name: string, f: string, v: number | null) => void): void {
    if (!this.cloudSeen) return;
    const cost = new Map(this.costByOwner);
    const secs = new Map(this.nodeSecondsByOwner);
    for (const n of this.alive.values()) {
      const s = Math.max(0, end - n.since);
      cost.set(n.owner, (cost.get(n.owner) ?? 0) + (n.price * s) / 3600);
      secs.set(n.owner, (secs.get(n.owner) ?? 0) + s);
    }
    const tail = this.lastNodeTime === undefined ? 0 : Math.max(0, end - this.lastNodeTime);
    const nodeSeconds = this.nodeSeconds + this.alive.size * tail;
    const totalCost = [...cost.values()].reduce((a, b) => a + b, 0);
    addRun('node_hours', nodeSeconds / 3600);
    addRun('cost_usd', totalCost);
    addRun('cost_per_million_requests', requestsServed > 0 ? totalCost / (requestsServed / 1e6) : null);
    addRun('nodes_added', this.nodesAdded);
    addRun('nodes_removed', this.nodesRemoved);
    addRun('time_average_nodes', end > 0 ? nodeSeconds / end : null);
    addRun('peak_nodes', this.peakNodes);
    addRun('avg_cpu_util', nodeSeconds > 0 ? (this.cpuUtilSeconds + this.cpuUtilSum * tail) / nodeSeconds : null);
    addRun('avg_mem_util', nodeSeconds > 0 ? (this.memUtilSeconds + this.memUtilSum * tail) / nodeSeconds : null);
    const ttb = [...this.timesToBound].sort((a, b) => a - b);
    addRun('time_to_bound_pod_seconds', ttb.reduce((a, b) => a + b, 0));
    addRun('time_to_bound_seconds_mean', ttb.length ? ttb.reduce((a, b) => a + b, 0) / ttb.length : null);
    addRun('time_to_bound_seconds_p50', nearestRank(ttb, 0.5) ?? null);
    addRun('time_to_bound_seconds_p95', nearestRank(ttb, 0.95) ?? null);
    addRun('time_to_bound_seconds_max', ttb.length ? ttb[ttb.length - 1] : null);
    for (const owner of [...cost.keys()].sort()) {
      if (owner === '') continue;
      const i = owner.indexOf('/');
      add(owner.slice(0, i), '', owner.slice(i + 1), 'cost_usd', cost.get(owner)!);
      add(owner.slice(0, i), '', owner.slice(i + 1), 'node_hours', secs.get(owner)! / 3600);
    }
  }

  workload(r: SummaryWorkloadRecord): void {
    const t = toSeconds(r.time);
    this.lastWorkloadTime = t;
    const k = `${r.kind}/${r.namespace}/${r.name}`;
    let w = this.workloads.get(k);
    if (!w) {
      w = { kind: r.kind, namespace: r.namespace, name: r.name, replicaSeconds: 0, readyReplicaSeconds: 0, changes: new ScaleChanges(), maxReplicas: -Infinity, last: undefined };
      this.workloads.set(k, w);
    }
    if (w.last) {
      w.replicaSeconds += w.last.current * (t - w.last.t);
      w.readyReplicaSeconds += w.last.ready * (t - w.last.t);
    }
    w.last = { t, current: r.current, ready: r.ready };
    w.changes.add(r.desired);
    w.maxReplicas = Math.max(w.maxReplicas, r.desired);
  }

  service(r: SummaryServiceRecord): void {
    const t = toSeconds(r.time);
    const k = `${r.namespace}/${r.service}`;
    let s = this.services.get(k);
    if (!s) {
      s = {
        namespace: r.namespace,
        name: r.service,
        arrivals: 0,
        errors: 0,
        totals: { arrivals: 0, success: 0, timeout: 0, rejected: 0, no_endpoints: 0, failed: 0 },
        overSlo: 0,
        sawOverSlo: false,
        violationSeconds: 0,
        lastTime: undefined,
        attempts: 0,
        retries: 0,
        retriesRefused: 0,
      };
      this.services.set(k, s);
    }
    s.arrivals += r.arrivals;
    const t0 = s.totals;
    t0.arrivals += r.arrivals;
    t0.success += r.completed;
    t0.timeout += r.timeout;
    t0.rejected += r.rejected;
    t0.no_endpoints += r.noEndpoints;
    t0.failed += r.failed;
    for (const n of [r.timeout, r.rejected, r.noEndpoints, r.failed]) s.errors += n;
    s.attempts += r.attempts ?? 0;
    s.retries += r.retries ?? 0;
    s.retriesRefused += r.retriesRefused ?? 0;
    if (r.overSlo !== undefined) {
      s.sawOverSlo = true;
      s.overSlo += r.overSlo;
    }
    // A services.csv row describes the interval that ends at its time (since the previous row; the row at 0 covers
    // the instant 0), so a violating row counts the seconds back to the previous row.
    const dt = s.lastTime !== undefined ? t - s.lastTime : 0;
    s.lastTime = t;
    if (this.opts.sloMs !== null && r.p99 !== undefined && toMilliseconds(r.p99) > this.opts.sloMs) s.violationSeconds += dt;
  }

  hpa(r: SummaryHpaRecord): void {
    const k = `${r.namespace}/${r.hpa}`;
    let h = this.hpas.get(k);
    if (!h) {
      h = { namespace: r.namespace, name: r.hpa, changes: new ScaleChanges(), elasticity: new ElasticityFold() };
      this.hpas.set(k, h);
    }
    h.changes.add(r.desiredReplicas);
    if (r.demandReplicas !== null) h.elasticity.add(toSeconds(r.time), r.demandReplicas, r.readyPods);
  }

  private podFold(namespace: string, name: string): PodFold {
    let byName = this.podFolds.get(namespace);
    if (byName === undefined) {
      byName = new Map();
      this.podFolds.set(namespace, byName);
    }
    let f = byName.get(name);
    if (f === undefined) {
      f = { createdAt: undefined, bound: false, deletedAt: undefined, container: undefined, containerRestarts: 0, others: undefined };
      byName.set(name, f);
    }
    return f;
  }

  /** events.csv: FailedCreate events whose message is a quota refusal (a controller's create refused). */
  event(r: SummaryEventRecord): void {
    if (r.kind === 'Pod') {
      const key = `${r.namespace}/${r.name}`;
      if (r.reason === 'FailedScheduling') {
        if (!this.unschedulableSince.has(key)) this.unschedulableSince.set(key, toSeconds(r.time));
      } else if (r.reason === 'Scheduled') {
        const since = this.unschedulableSince.get(key);
        if (since !== undefined) {
          this.unschedulableSeconds += toSeconds(r.time) - since;
          this.unschedulableSince.delete(key);
        }
      } else if (r.reason === 'Preempted') this.preemptions++;
    }
    if (r.reason === 'FailedCreate' && QUOTA_REFUSAL.test(r.message)) this.quotaRejections++;
    if (r.kind === 'Job') {
      const k = `${r.namespace}/${r.name}`;
      let j = this.jobs.get(k);
      if (j === undefined) {
        j = { namespace: r.namespace, name: r.name, start: toSeconds(r.time), failed: false };
        this.jobs.set(k, j);
      }
      if (r.reason === 'Completed') j.completedAt = toSeconds(r.time);
      else if (JOB_FAILED.has(r.reason)) j.failed = true;
    }
  }

  /** kubectl.csv: drains (from `node/<n> cordoned` to `node/<n> drained`), 429s, refused applies. */
  kubectl(r: SummaryKubectlRecord): void {
    if (r.stream === 'stderr' && r.message.startsWith('Error from server (Forbidden): error when creating') && QUOTA_REFUSAL.test(r.message)) this.quotaRejections++;
    if (r.stream === 'stderr' && BUDGET_REFUSAL.test(r.message)) this.evictionsRefused++;
    if (!r.command.startsWith('kubectl drain ')) return;
    const node = r.command.split(' ')[2];
    let d = this.drains.get(node);
    if (!d) {
      d = { start: undefined, lastSeconds: undefined, failed: 0 };
      this.drains.set(node, d);
    }
    const t = toSeconds(r.time);
    if (r.message === `node/${node} cordoned` || r.message === `node/${node} already cordoned`) d.start = t;
    else if (r.message === `node/${node} drained` && d.start !== undefined) {
      d.lastSeconds = t - d.start;
      d.start = undefined;
    } else if (r.message === 'There are pending nodes to be drained:') {
      d.failed++;
      d.start = undefined;
    }
  }

  /** Each Service's request outcomes over the run (`namespace/name`, in the order of their first services.csv row). */
  requestTotals(): Record<string, RequestTotals> {
    const out: Record<string, RequestTotals> = {};
    for (const [k, s] of this.services) out[k] = { ...s.totals };
    return out;
  }

  rollout(r: SummaryRolloutRecord): void {
    const k = `${r.namespace}/${r.deployment}`;
    let f = this.rollouts.get(k);
    if (!f) {
      f = { namespace: r.namespace, name: r.deployment, count: 0, seconds: 0, maxSeconds: 0, lowestAvailablePct: Infinity, failed: 0 };
      this.rollouts.set(k, f);
    }
    const d = toSeconds(subMicros(r.end, r.start));
    f.count++;
    f.seconds += d;
    f.maxSeconds = Math.max(f.maxSeconds, d);
    f.lowestAvailablePct = Math.min(f.lowestAvailablePct, r.desired > 0 ? (100 * r.lowestAvailable) / r.desired : 100);
    f.failed += r.requestsFailed + r.requestsTimedOut;
  }

  /** The summary rows of the trace so far: the run's figures first, then per Service, per workload, per HPA. */
  figures(): SummaryRow[] {
    const out: SummaryRow[] = [];
    const add = (scope: string, namespace: string, name: string, figure: string, value: number | null | undefined) =>
      out.push({ scope, namespace, name, figure, value: fmt(value) });

    // ---- services
    let requests = 0;
    let errors = 0;
    let overSlo = 0;
    let hasOverSlo = false;
    let sloViolationSeconds = 0;
    let attempts = 0;
    let retries = 0;
    let retriesRefused = 0;
    const retryFigures = (scope: string, namespace: string, name: string, a: number, r: number, refused: number, requests: number) => {
      add(scope, namespace, name, 'attempts', a);
      add(scope, namespace, name, 'retries', r);
      add(scope, namespace, name, 'retries_refused', refused);
      add(scope, namespace, name, 'retry_amplification', requests ? a / requests : null);
    };
    for (const s of this.services.values()) {
      hasOverSlo ||= s.sawOverSlo;
      requests += s.arrivals;
      errors += s.errors;
      overSlo += s.overSlo;
      sloViolationSeconds += s.violationSeconds;
      add('Service', s.namespace, s.name, 'requests', s.arrivals);
      add('Service', s.namespace, s.name, 'dropped_requests', s.errors);
      // Not served within the SLO: successes slower than it, and every error.
      if (hasOverSlo) add('Service', s.namespace, s.name, 'requests_over_slo_pct', s.arrivals ? (100 * (s.overSlo + s.errors)) / s.arrivals : null);
      if (this.opts.sloMs !== null) add('Service', s.namespace, s.name, 'slo_violation_seconds', s.violationSeconds);
      attempts += s.attempts;
      retries += s.retries;
      retriesRefused += s.retriesRefused;
      if (this.opts.retryTrace) retryFigures('Service', s.namespace, s.name, s.attempts, s.retries, s.retriesRefused, s.arrivals);
    }

    // ---- workloads
    const deploymentNames = new Set([...this.workloads.values()].filter((w) => w.kind === 'Deployment').map((w) => `${w.namespace}/${w.name}`));
    let replicaSeconds = 0;
    for (const w of this.workloads.values()) {
      // A Deployment's own ReplicaSet is summarised under the Deployment.
      if (w.kind === 'ReplicaSet' && deploymentNames.has(`${w.namespace}/${w.name.slice(0, w.name.lastIndexOf('-'))}`)) continue;
      replicaSeconds += w.replicaSeconds;
      add(w.kind, w.namespace, w.name, 'replica_seconds', w.replicaSeconds);
      add(w.kind, w.namespace, w.name, 'ready_replica_seconds', w.readyReplicaSeconds);
      add(w.kind, w.namespace, w.name, 'scale_ups', w.changes.ups);
      add(w.kind, w.namespace, w.name, 'scale_downs', w.changes.downs);
      add(w.kind, w.namespace, w.name, 'direction_reversals', w.changes.reversals);
      add(w.kind, w.namespace, w.name, 'max_replicas', w.maxReplicas);
    }

    // ---- autoscalers: elasticity against the demand the traffic implies
    for (const h of this.hpas.values()) {
      const [ns, name] = [h.namespace, h.name];
      add('HorizontalPodAutoscaler', ns, name, 'scale_ups', h.changes.ups);
      add('HorizontalPodAutoscaler', ns, name, 'scale_downs', h.changes.downs);
      add('HorizontalPodAutoscaler', ns, name, 'direction_reversals', h.changes.reversals);
      const e = h.elasticity.figures();
      if (!e) continue;
      add('HorizontalPodAutoscaler', ns, name, 'under_provisioned_seconds', e.underProvisionedSeconds);
      add('HorizontalPodAutoscaler', ns, name, 'over_provisioned_seconds', e.overProvisionedSeconds);
      add('HorizontalPodAutoscaler', ns, name, 'accuracy_under_pct', e.accuracyUnderPct);
      add('HorizontalPodAutoscaler', ns, name, 'accuracy_over_pct', e.accuracyOverPct);
      add('HorizontalPodAutoscaler', ns, name, 'timeshare_under_pct', e.timeshareUnderPct);
      add('HorizontalPodAutoscaler', ns, name, 'timeshare_over_pct', e.timeshareOverPct);
      add('HorizontalPodAutoscaler', ns, name, 'instability_pct', e.instabilityPct);
      add('HorizontalPodAutoscaler', ns, name, 'jitter_per_hour', e.jitterPerHour);
      add('HorizontalPodAutoscaler', ns, name, 'mean_time_to_capacity_seconds', e.meanTimeToCapacitySeconds);
      add('HorizontalPodAutoscaler', ns, name, 'unmet_demand_increases', e.unmetDemandIncreases);
    }

    // ---- drains (kubectl.csv)
    const clusterScoped = '';
    for (const [node, d] of this.drains) {
      add('Node', clusterScoped, node, 'drain_seconds', d.lastSeconds);
      add('Node', clusterScoped, node, 'drains_failed', d.failed);
    }

    // ---- the run as a whole (first in the file). A pod still Pending counts until the end of the run: the last
    // pod record or, when later, the last workloads.csv sample.
    const end = Math.max(this.lastWorkloadTime === undefined ? this.lastPodTime : Math.max(this.lastPodTime, this.lastWorkloadTime), this.cloudSeen ? (this.lastNodeTime ?? 0) : 0);
    let pendingSeconds = this.pendingSeconds;
    for (const since of this.pendingSince.values()) pendingSeconds += end - since;
    const run: SummaryRow[] = [];
    const addRun = (figure: string, v: number | null) => run.push({ scope: 'run', namespace: '', name: '', figure, value: fmt(v) });
    addRun('replica_seconds', replicaSeconds);
    addRun('pending_pod_seconds', pendingSeconds);
    let unschedulableSeconds = this.unschedulableSeconds;
    for (const [key, since] of this.unschedulableSince) {
      const slash = key.indexOf('/');
      const deleted = this.podFolds.get(key.slice(0, slash))?.get(key.slice(slash + 1))?.deletedAt;
      unschedulableSeconds += Math.max(0, (deleted !== undefined && deleted >= since ? deleted : end) - since);
    }
    addRun('unschedulable_pod_seconds', unschedulableSeconds);
    addRun('preemptions', this.preemptions);
    if (this.lastNodeTime !== undefined) {
      addRun('nodes_used_max', this.nodesUsedMax);
      addRun('used_node_seconds', this.usedNodeSeconds + this.nodesUsedNow * Math.max(0, end - this.lastNodeTime));
    }
    addRun('container_restarts', this.restarts);
    addRun('oom_kills', this.ooms);
    if (this.opts.serviceTrace) {
      addRun('requests', requests);
      addRun('dropped_requests', errors);
      if (hasOverSlo) addRun('requests_over_slo_pct', requests ? (100 * (overSlo + errors)) / requests : null);
      if (this.opts.sloMs !== null) addRun('slo_violation_seconds', sloViolationSeconds);
      if (this.opts.retryTrace) {
        addRun('attempts', attempts);
        addRun('retries', retries);
        addRun('retries_refused', retriesRefused);
        addRun('retry_amplification', requests ? attempts / requests : null);
      }
    }
    // ---- rollouts (rollouts.csv), per Deployment
    for (const f of this.rollouts.values()) {
      add('Deployment', f.namespace, f.name, 'rollouts', f.count);
      add('Deployment', f.namespace, f.name, 'rollout_seconds_mean', f.seconds / f.count);
      add('Deployment', f.namespace, f.name, 'rollout_seconds_max', f.maxSeconds);
      add('Deployment', f.namespace, f.name, 'rollout_lowest_available_pct', f.lowestAvailablePct);
      add('Deployment', f.namespace, f.name, 'rollout_failed_requests', f.failed);
    }
    // ---- Jobs (events.csv): completion time from the Job's first event (its first pod created) to `Completed`
    if (this.jobs.size > 0) {
      const times: number[] = [];
      let failed = 0;
      for (const j of this.jobs.values()) {
        if (j.failed) failed++;
        if (j.completedAt === undefined) continue;
        times.push(j.completedAt - j.start);
        add('Job', j.namespace, j.name, 'completion_seconds', j.completedAt - j.start);
      }
      addRun('jobs_completed', times.length);
      addRun('jobs_failed', failed);
      addRun('job_completion_seconds_mean', times.length ? times.reduce((a, b) => a + b, 0) / times.length : null);
      addRun('job_completion_seconds_max', times.length ? Math.max(...times) : null);
    }
    if (this.opts.kubectlTrace) {
      addRun('evictions_refused', this.evictionsRefused);
      addRun('quota_rejections', this.quotaRejections);
    }
    let served = 0;
    for (const s of this.services.values()) served += s.totals.success;
    this.nodeFigures(end, served, addRun, add);
    return [...run, ...out];
  }
}
