/**
 * `kubectl drain <node>` as a client of the cluster's API (kubectl pkg/cmd/drain/drain.go, pkg/drain/{drain,filters,
 * cordon}.go): cordon, pick the node's pods through kubectl's filters, evict them all in parallel through the
 * eviction API (eviction.ts), retrying every 5 s on 429 until the global timeout, poll every 1 s until each is gone,
 * and print kubectl's lines verbatim to the `kubectl` output. Runs at ACTION priority; never deletes a pod itself.
 */
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { addMicros, formatGoDuration, seconds, toSeconds, ZERO, type Micros } from '../../engine/time';
import type { SimContext } from '../context';
import { controllerOf, type NodeObj, type PodObj } from '../cluster/objects';
import type { KubectlRecord } from '../recorder';
import { evictPod } from './eviction';
import { aggregateMessage } from './limitRanger';

export const EVICT_ERROR_RETRY_DELAY: Micros = seconds(5);
const POLL_INTERVAL: Micros = seconds(1);
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

export interface DrainOptions {
  readonly ignoreDaemonSets: boolean;
  readonly deleteEmptyDirData: boolean;
  readonly force: boolean;
  /** --grace-period; undefined = -1 (each pod's own terminationGracePeriodSeconds). */
  readonly gracePeriod?: Micros;
  /** --timeout; 0 = infinite. */
  readonly timeout: Micros;
}

/** How a drain ended, for the caller (and the tests). */
export interface DrainOutcome {
  readonly node: string;
  readonly start: Micros;
  end?: Micros;
  drained?: boolean;
}

interface Eviction {
  readonly drain: DrainRun;
  readonly pod: PodObj;
}

interface DrainRun {
  readonly node: string;
  readonly options: DrainOptions;
  readonly outcome: DrainOutcome;
  readonly command: string;
  pending: number;
  readonly errors: string[];
}

type Out = (r: KubectlRecord) => void;

export class Drainer {
  private readonly attemptType: EventType<Eviction>;
  private readonly pollType: EventType<Eviction>;
  readonly outcomes: DrainOutcome[] = [];

  constructor(
    private readonly ctx: SimContext,
    private readonly out: Out,
    private readonly cordon: (node: NodeObj) => void,
  ) {
    this.attemptType = ctx.clock.register('drain/evict', (e) => this.attempt(e));
    this.pollType = ctx.clock.register('drain/poll', (e) => this.poll(e));
  }

  drain(nodeName: string, options: DrainOptions): DrainOutcome {
    const now = this.ctx.clock.now;
    const outcome: DrainOutcome = { node: nodeName, start: now };
    this.outcomes.push(outcome);
    const run: DrainRun = { node: nodeName, options, outcome, command: `kubectl drain ${nodeName}${flags(options)}`, pending: 0, errors: [] };
    const node = this.ctx.store.getNode(nodeName);
    if (node === undefined) {
      this.print(run, 'stderr', `Error from server (NotFound): nodes "${nodeName}" not found`);
      return this.finish(run, false);
    }
    if (node.spec.unschedulable) this.print(run, 'stdout', `node/${nodeName} already cordoned`);
    else {
      this.cordon(node);
      this.print(run, 'stdout', `node/${nodeName} cordoned`);
    }
    const { evict, errors, warnings } = selectPods(this.ctx, node, options);
    if (warnings.length > 0) this.print(run, 'stderr', `Warning: ${warnings.join('; ')}`);
    if (errors.length > 0) {
      this.print(run, 'stderr', `error: unable to drain node "${nodeName}" due to error: ${aggregate(errors)}, continuing command...`);
      this.print(run, 'stderr', 'There are pending nodes to be drained:');
      this.print(run, 'stderr', ` ${nodeName}`);
      return this.finish(run, false);
    }
    if (evict.length === 0) {
      this.print(run, 'stdout', `node/${nodeName} drained`);
      return this.finish(run, true);
    }
    run.pending = evict.length;
    // One goroutine per pod: the attempts of one instant run in namespace/name order.
    for (const pod of evict) this.attempt({ drain: run, pod });
    return outcome;
  }

  /** One pass of evictPods' loop for one pod. */
  private attempt(e: Eviction): void {
    const { drain: run, pod } = e;
    const m = pod.metadata;
    this.print(run, 'stdout', `evicting pod ${m.namespace}/${m.name}`);
    if (this.timedOut(run)) return this.podDone(run, `error when evicting pods/"${m.name}" -n "${m.namespace}": global timeout reached: ${formatGoDuration(run.options.timeout)}`);
    const r = evictPod(this.ctx, m.namespace, m.name, run.options.gracePeriod !== undefined ? { gracePeriod: run.options.gracePeriod } : {});
    // waitForDelete polls at once: queued at this instant, so the evictions of one instant print before their polls.
    if (r.code === 201) {
      this.ctx.clock.schedule(ZERO, this.pollType, e, Priority.ACTION);
      return;
    }
    if (r.code === 404) return this.podDone(run, undefined);
    if (r.code === 429) {
      this.print(run, 'stderr', `error when evicting pods/"${m.name}" -n "${m.namespace}" (will retry after 5s): ${r.message}`);
      this.ctx.clock.schedule(EVICT_ERROR_RETRY_DELAY, this.attemptType, e, Priority.ACTION);
      return;
    }
    this.podDone(run, `error when evicting pods/"${m.name}" -n "${m.namespace}": ${r.message}`);
  }

  /** waitForDelete: every second until the pod is gone (or replaced by one with a new UID). */
  private poll(e: Eviction): void {
    const { drain: run, pod } = e;
    const m = pod.metadata;
    const live = this.ctx.store.getPod(m.namespace, m.name);
    if (live === undefined || live.metadata.uid !== m.uid) {
      this.print(run, 'stdout', `pod/${m.name} evicted`);
      return this.podDone(run, undefined);
    }
    if (this.timedOut(run)) {
      return this.podDone(run, `error when waiting for pod "${m.name}" in namespace "${m.namespace}" to terminate: global timeout reached: ${formatGoDuration(run.options.timeout)}`);
    }
    this.ctx.clock.schedule(POLL_INTERVAL, this.pollType, e, Priority.ACTION);
  }

  /** The global timeout counts as expired when now ≥ start + timeout (a real kubectl is a few ms late). */
  private timedOut(run: DrainRun): boolean {
    return run.options.timeout > 0 && this.ctx.clock.now >= addMicros(run.outcome.start, run.options.timeout);
  }

  private podDone(run: DrainRun, error: string | undefined): void {
    if (error !== undefined) run.errors.push(error);
    if (--run.pending > 0) return;
    if (run.errors.length === 0) {
      this.print(run, 'stdout', `node/${run.node} drained`);
      this.finish(run, true);
      return;
    }
    this.print(run, 'stderr', `error: unable to drain node "${run.node}" due to error: ${aggregate(run.errors)}, continuing command...`);
    this.print(run, 'stderr', 'There are pending nodes to be drained:');
    this.print(run, 'stderr', ` ${run.node}`);
    this.finish(run, false);
  }

  private finish(run: DrainRun, drained: boolean): DrainOutcome {
    run.outcome.end = this.ctx.clock.now;
    run.outcome.drained = drained;
    return run.outcome;
  }

  private print(run: DrainRun, stream: 'stdout' | 'stderr', message: string): void {
    this.out({ time: this.ctx.clock.now, command: run.command, stream, message });
  }
}

/** The command line a drain stands for, as a user would type it. */
function flags(o: DrainOptions): string {
  let s = '';
  if (o.ignoreDaemonSets) s += ' --ignore-daemonsets';
  if (o.deleteEmptyDirData) s += ' --delete-emptydir-data';
  if (o.force) s += ' --force';
  if (o.gracePeriod !== undefined) s += ` --grace-period=${Math.floor(toSeconds(o.gracePeriod))}`;
  if (o.timeout > 0) s += ` --timeout=${formatGoDuration(o.timeout)}`;
  return s;
}

/** utilerrors.NewAggregate's text (limitRanger.ts aggregateMessage): repeated messages once, several as `[e1, e2]`. */
const aggregate = aggregateMessage;

/**
 * GetPodsForDeletion: the node's pods through kubectl's filters in order (daemonSet, mirror, localStorage,
 * unreplicated), each stopping at the first "do not delete". Errors and warnings are grouped by message; groups come
 * in filter order (upstream: map order), pods by namespace/name.
 */
export function selectPods(ctx: Pick<SimContext, 'store'>, node: NodeObj, o: Pick<DrainOptions, 'ignoreDaemonSets' | 'deleteEmptyDirData' | 'force'>): { evict: PodObj[]; errors: string[]; warnings: string[] } {
  const pods = [...ctx.store.list('Pod')]
    .filter((p) => p.spec.nodeName === node.metadata.name)
    .sort((a, b) => cmp(`${a.metadata.namespace}/${a.metadata.name}`, `${b.metadata.namespace}/${b.metadata.name}`));
  const evict: PodObj[] = [];
  const errors = new Map<string, string[]>();
  const warnings = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, msg: string, p: PodObj) => m.set(msg, [...(m.get(msg) ?? []), `${p.metadata.namespace}/${p.metadata.name}`]);
  for (const p of pods) {
    const finished = p.status.phase === 'Succeeded' || p.status.phase === 'Failed';
    const ref = controllerOf(p);
    let warning: string | undefined;
    if (ref?.kind === 'DaemonSet' && !finished) {
      if (ctx.store.get('DaemonSet', p.metadata.namespace, ref.name) === undefined) {
        // An orphan: an error, or under --force deleted (its warning is replaced by the later filters' status).
        if (!o.force) {
          add(errors, `daemonsets.apps "${ref.name}" not found`, p);
          continue;
        }
      } else {
        if (o.ignoreDaemonSets) add(warnings, 'ignoring DaemonSet-managed Pods', p);
        else add(errors, 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)', p);
        continue;
      }
    }
    if (p.metadata.annotations[MIRROR_ANNOTATION] !== undefined) continue;
    if (hasEmptyDir(p) && !finished) {
      if (!o.deleteEmptyDirData) {
        add(errors, 'Pods with local storage (use --delete-emptydir-data to override)', p);
        continue;
      }
      // Its warning ('deleting Pods with local storage') is always replaced by the next filter's status (upstream TODO).
    }
    if (ref === undefined && !finished) {
      if (!o.force) {
        add(errors, 'Pods that declare no controller (use --force to override)', p);
        continue;
      }
      warning = 'deleting Pods that declare no controller';
    }
    if (warning !== undefined) add(warnings, warning, p);
    evict.push(p);
  }
  const groups = (m: Map<string, string[]>, fmt: (msg: string, pods: string) => string) =>
    [...m.keys()].sort((a, b) => filterRank(a) - filterRank(b)).map((msg) => fmt(msg, m.get(msg)!.join(', ')));
  return {
    evict,
    errors: groups(errors, (msg, list) => `cannot delete ${msg}: ${list}`),
    warnings: groups(warnings, (msg, list) => `${msg}: ${list}`),
  };
}

/** Any emptyDir volume in the pod as written (pod.template.raw: `{metadata, spec}` or a workload's template). */
function hasEmptyDir(p: PodObj): boolean {
  const raw = p.template.raw as { spec?: { volumes?: unknown } } | undefined;
  const volumes = raw?.spec?.volumes;
  return Array.isArray(volumes) && volumes.some((v) => typeof v === 'object' && v !== null && (v as { emptyDir?: unknown }).emptyDir !== undefined);
}

const FILTER_ORDER = ['DaemonSet', 'ignoring DaemonSet', 'daemonsets.apps', 'Pods with local storage', 'Pods that declare no controller', 'deleting Pods that declare'];
function filterRank(msg: string): number {
  return FILTER_ORDER.findIndex((prefix) => msg.startsWith(prefix));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
