/**
 * The kubelet's container-restart back-off (CrashLoopBackOff): client-go's per-key exponential Backoff with the
 * kubelet's fixed expiry, its configurations, its key and its exact messages. Holds only per-key state; never
 * reads a clock (every call takes `now`) and never schedules anything.
 */
import { addMicros, formatGoDuration, minMicros, scaleMicros, seconds, US_PER_SECOND, ZERO, type Micros } from '../../engine/time';

export interface CrashLoopBackOffConfig {
  /** First wait after a repeated crash. */
  readonly initial: Micros;
  /** Cap of the doubling. */
  readonly max: Micros;
  /**
   * An entry expires when an event comes more than this long after its last update (the kubelet's HasExpiredFunc:
   * 600 s, independent of max). Expiry resets the back-off and lets GC drop the entry.
   */
  readonly resetAfter: Micros;
}

/** kubelet.go: initialCrashLoopBackOff = 10 s, MaxCrashLoopBackOff = MaxContainerBackOff = 300 s; HasExpiredFunc 600 s. */
export const DEFAULT_BACKOFF: CrashLoopBackOffConfig = Object.freeze({
  initial: seconds(10),
  max: seconds(300),
  resetAfter: seconds(600),
});

/** kubelet.go with feature gate ReduceDefaultCrashLoopBackOffDecay (alpha, 1.33+): 1 s → 60 s. */
export const REDUCED_BACKOFF_1_33: CrashLoopBackOffConfig = Object.freeze({
  initial: seconds(1),
  max: seconds(60),
  resetAfter: seconds(600),
});

export interface CrashLoopBackOffGates {
  /** Feature gate ReduceDefaultCrashLoopBackOffDecay. */
  readonly reduceDefaultCrashLoopBackOffDecay?: boolean;
  /**
   * Feature gate KubeletCrashLoopBackOffMax with kubelet config crashLoopBackOff.maxContainerRestartPeriod
   * (validated upstream to 1 s … 300 s). undefined = gate off.
   */
  readonly maxContainerRestartPeriod?: Micros;
}

/**
 * kubernetes/kubernetes : pkg/kubelet/kubelet.go : newCrashLoopBackOff. The node's maxContainerRestartPeriod wins
 * over the reduced default; when it is below the initial value, initial becomes equal to it.
 */
export function crashLoopBackOffConfig(gates: CrashLoopBackOffGates = {}): CrashLoopBackOffConfig {
  let { initial, max } = gates.reduceDefaultCrashLoopBackOffDecay ? REDUCED_BACKOFF_1_33 : DEFAULT_BACKOFF;
  const period = gates.maxContainerRestartPeriod;
  if (period !== undefined) {
    if (!Number.isInteger(period) || period < US_PER_SECOND || period > seconds(300)) {
      throw new RangeError(`maxContainerRestartPeriod must be between 1s and 300s, got ${period}µs`);
    }
    max = period;
    if (max < initial) initial = max;
  }
  return Object.freeze({ initial, max, resetAfter: DEFAULT_BACKOFF.resetAfter });
}

interface BackoffEntry {
  backoff: Micros;
  lastUpdate: Micros;
}

/**
 * staging/src/k8s.io/client-go/util/flowcontrol/backoff.go : Backoff, as the kubelet builds it (NewBackOff: no
 * jitter) with `HasExpiredFunc = eventTime − lastUpdate > 600 s` (kubelet.go NewMainKubelet), which current
 * client-go also uses in GC.
 */
export class Backoff {
  readonly initial: Micros;
  readonly max: Micros;
  readonly resetAfter: Micros;
  private readonly entries = new Map<string, BackoffEntry>();

  constructor(config: CrashLoopBackOffConfig = DEFAULT_BACKOFF) {
    for (const [name, v] of Object.entries(config)) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`backoff ${name} must be a non-negative integer µs, got ${v}`);
    }
    this.initial = config.initial;
    this.max = config.max;
    this.resetAfter = config.resetAfter;
  }

  private hasExpired(eventTime: Micros, lastUpdate: Micros): boolean {
    return eventTime - lastUpdate > this.resetAfter;
  }

  /** Backoff.Get: the current back-off of `key`, 0 when there is no entry. */
  get(key: string): Micros {
    return this.entries.get(key)?.backoff ?? ZERO;
  }

  /**
   * Backoff.Next: a missing or expired entry starts at `initial`; otherwise the back-off doubles, capped at `max`.
   * lastUpdate becomes `now` (Go: `p.Clock.Now()`), not `eventTime`: the kubelet calls Next at the restart with
   * eventTime = the exited container's FinishedAt, and the 600 s reset is measured from that restart.
   */
  next(key: string, eventTime: Micros, now: Micros): void {
    const entry = this.entries.get(key);
    if (entry === undefined || this.hasExpired(eventTime, entry.lastUpdate)) {
      this.entries.set(key, { backoff: this.initial, lastUpdate: now });
      return;
    }
    entry.backoff = minMicros(scaleMicros(entry.backoff, 2), this.max);
    entry.lastUpdate = now;
  }

  /** Backoff.IsInBackOffSince: false without a live entry, else `now − eventTime < backoff` (strict). */
  isInBackOffSince(key: string, eventTime: Micros, now: Micros): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined || this.hasExpired(eventTime, entry.lastUpdate)) return false;
    return now - eventTime < entry.backoff;
  }

  /** Backoff.GC: drops entries that have expired at `now` (kubelet_pods.go HandlePodCleanups calls it). */
  gc(now: Micros): void {
    for (const [key, entry] of this.entries) {
      if (this.hasExpired(now, entry.lastUpdate)) this.entries.delete(key);
    }
  }

  /** Backoff.Reset / DeleteEntry. */
  reset(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

export type BackOffDecision =
  | { readonly inBackOff: false }
  /** Still backing off: the container may start at `retryAt` = finishedAt + backoff. */
  | { readonly inBackOff: true; readonly backoff: Micros; readonly retryAt: Micros };

/**
 * kubernetes/kubernetes : pkg/kubelet/kuberuntime/kuberuntime_manager.go : (*kubeGenericRuntimeManager).doBackOff,
 * for a container whose most recent exited instance finished at `finishedAt`. Not in back-off → Next is called
 * and the container starts now. (A container that never exited has no back-off: callers skip this.)
 */
export function doBackOff(backoff: Backoff, key: string, finishedAt: Micros, now: Micros): BackOffDecision {
  if (backoff.isInBackOffSince(key, finishedAt, now)) {
    const current = backoff.get(key);
    return { inBackOff: true, backoff: current, retryAt: addMicros(finishedAt, current) };
  }
  backoff.next(key, finishedAt, now);
  return { inBackOff: false };
}

/**
 * kubernetes/kubernetes : pkg/kubelet/kuberuntime/helpers.go : getStableKey:
 * `<pod>_<namespace>_<uid>_<container>_<hex of the container spec hash>`. A number is printed in hex like
 * strconv.FormatUint(hash, 16); a string is taken as the hex already.
 */
export function backOffStableKey(
  podName: string,
  namespace: string,
  uid: string,
  containerName: string,
  specHash: number | string,
): string {
  let hex: string;
  if (typeof specHash === 'number') {
    if (!Number.isSafeInteger(specHash) || specHash < 0) throw new RangeError(`spec hash must be a non-negative integer, got ${specHash}`);
    hex = specHash.toString(16);
  } else {
    hex = specHash;
  }
  return `${podName}_${namespace}_${uid}_${containerName}_${hex}`;
}

export interface PodRef {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
}

/** kubernetes/kubernetes : pkg/kubelet/util/format/pod.go : Pod → `<name>_<namespace>(<uid>)`. */
export function formatPod(pod: PodRef): string {
  return `${pod.name}_${pod.namespace}(${pod.uid})`;
}

/**
 * doBackOff's error, shown as the waiting message under reason CrashLoopBackOff:
 * `back-off 40s restarting failed container=app pod=web-0_default(uid)`; the duration is Backoff.Get in Go format.
 */
export function crashLoopBackOffMessage(backoff: Micros, containerName: string, pod: PodRef): string {
  return `back-off ${formatGoDuration(backoff)} restarting failed container=${containerName} pod=${formatPod(pod)}`;
}

/** doBackOff's Warning Event, reason BackOff (events.BackOffStartContainer): message of current kubelets. */
export function backOffEventMessage(containerName: string, pod: PodRef): string {
  return `Back-off restarting failed container ${containerName} in pod ${formatPod(pod)}`;
}

/** Event reason of the message above (pkg/kubelet/events/event.go BackOffStartContainer). */
export const BACK_OFF_REASON = 'BackOff';
/** Waiting reason while backing off (kubecontainer.ErrCrashLoopBackOff). */
export const CRASH_LOOP_BACK_OFF_REASON = 'CrashLoopBackOff';
