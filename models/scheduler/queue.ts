/**
 * The scheduling queue (pkg/scheduler/backend/queue : PriorityQueue; scheduler.md §8): activeQ, backoffQ and
 * unschedulablePods, with back-off, queueing hints and the replay of events seen during a pod's own cycle. A pure
 * data structure over explicit times: it never reads a clock and never schedules anything; the scheduler calls
 * flushBackoffCompleted / flushUnschedulableLeftover on its own timers (nextBackoffExpiry says when).
 *
 * Life of a pod: add → activeQ; pop → in flight (attempts + 1); then done (bound) or addUnschedulable (failed) →
 * unschedulablePods, or backoffQ/activeQ at once when an event during its cycle is worth a retry; a worthy cluster
 * event (moveAllOnEvent) or the leftover flush moves it on to backoffQ (back-off not yet expired) or activeQ.
 */
import { addMicros, micros, subMicros, US_PER_SECOND, type Micros } from '../../engine/time';
import { SCHEDULER_INITIAL_BACKOFF, SCHEDULER_MAX_BACKOFF, SCHEDULER_MAX_IN_UNSCHEDULABLE, type SchedulerSettings } from './config';
import { IndexedHeap } from './indexedHeap';
import { prioritySortLess } from './plugins/prioritySort';

/**
 * The queue's settings: SchedulerSettings' back-off and leftover durations, plus the SchedulerPopFromBackoffQ gate
 * (beta, on by default since v1.33). With the gate off (≤ v1.32) the back-off expiry is not truncated to the whole
 * second, pop never takes from backoffQ, and upstream flushes backoffQ on 1-s ticks from the scheduler's start
 * (wait.Until(flushBackoffQCompleted, 1 s)): the scheduler then calls flushBackoffCompleted on those ticks instead
 * of at nextBackoffExpiry.
 */
export interface QueueSettings extends Pick<SchedulerSettings, 'initialBackoff' | 'maxBackoff' | 'maxInUnschedulable'> {
  readonly popFromBackoffQ: boolean;
}

/** Upstream defaults (SetDefaults_KubeSchedulerConfiguration, v1.33+ feature gates). */
export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  initialBackoff: SCHEDULER_INITIAL_BACKOFF,
  maxBackoff: SCHEDULER_MAX_BACKOFF,
  maxInUnschedulable: SCHEDULER_MAX_IN_UNSCHEDULABLE,
  popFromBackoffQ: true,
};

/** The queue settings of a scheduler configuration; popFromBackoffQ = the SchedulerPopFromBackoffQ gate. */
export function queueSettings(s: SchedulerSettings, popFromBackoffQ = true): QueueSettings {
  return { initialBackoff: s.initialBackoff, maxBackoff: s.maxBackoff, maxInUnschedulable: s.maxInUnschedulable, popFromBackoffQ };
}

/** backoffQOrderingWindowDuration: the back-off expiry is truncated to this window when popFromBackoffQ is on. */
export const BACKOFF_ORDERING_WINDOW: Micros = US_PER_SECOND;

/**
 * backoff(n) = min(initial × 2^(n−1), max); 0 for a pod never tried (backoff_queue.go : calculateBackoffDuration,
 * which doubles with an overflow guard and returns max once doubling would pass it).
 */
export function backoffDuration(attempts: number, initial: Micros, max: Micros): Micros {
  if (attempts === 0) return micros(0);
  let d: number = initial;
  for (let i = 1; i < attempts; i++) {
    if (d > max - d) return max;
    d += d;
  }
  return micros(d);
}

/** Where a pod is: one of the three queues, or popped and not yet back (upstream's inFlightPods). */
export type QueueName = 'activeQ' | 'backoffQ' | 'unschedulablePods' | 'inFlight';

/** A queued pod as the queue's users may read it (QueuedPodInfo). */
export interface QueuedPodView<P> {
  readonly pod: P;
  readonly priority: number;
  /** Timestamp: when the pod was added, or when its last attempt failed (§8.1); PrioritySort's queue time. */
  readonly timestamp: Micros;
  /** Scheduling attempts so far (incremented at each pop). */
  readonly attempts: number;
  readonly queue: QueueName;
  /** The plugins that rejected the last attempt (UnschedulablePlugins); empty before the first failure. */
  readonly rejectors: ReadonlySet<string>;
}

/** A queueing hint over a pod and the plugins that rejected it: true = Queue, false = QueueSkip. */
export type QueueingHint<P> = (pod: P, rejectors: ReadonlySet<string>) => boolean;

interface Entry<P> extends QueuedPodView<P> {
  priority: number;
  timestamp: Micros;
  /** Breaks PrioritySort ties: rises each time the timestamp is set, so equal (priority, timestamp) pop FIFO. */
  seq: number;
  attempts: number;
  queue: QueueName;
  rejectors: ReadonlySet<string>;
  /** Back-off expiry, set when the pod enters backoffQ (getBackoffTime caches BackoffExpiration likewise). */
  backoffExpiry: Micros;
  /** In backoffQ's error part (podErrorBackoffQ): the attempt failed with no rejecting plugin. */
  errorBackoff: boolean;
  heapIndex: number;
  /** In flight: the absolute index of the first event recorded after its pop. */
  inFlightFrom: number;
}

interface RecordedEvent<P> {
  readonly event: string;
  readonly worth: QueueingHint<P>;
}

const NO_REJECTORS: ReadonlySet<string> = new Set();
const ALWAYS: QueueingHint<unknown> = () => true;
/** The event label of the leftover flush (framework.UnschedulableTimeout). */
export const UNSCHEDULABLE_TIMEOUT = 'UnschedulableTimeout';

/** PrioritySort (plugins/prioritySort.ts, §7.2), then FIFO for pods equal both ways. */
function activeLess<P>(a: Entry<P>, b: Entry<P>): boolean {
  if (prioritySortLess(a, b)) return true;
  if (prioritySortLess(b, a)) return false;
  return a.seq < b.seq;
}

/** backoff_queue.go : lessBackoffCompleted: earlier (window-aligned) expiry, then as activeQ. */
function backoffLess<P>(a: Entry<P>, b: Entry<P>): boolean {
  if (a.backoffExpiry !== b.backoffExpiry) return a.backoffExpiry < b.backoffExpiry;
  return activeLess(a, b);
}

export class SchedulingQueue<P> {
  private readonly entries = new Map<P, Entry<P>>();
  private readonly activeQ = new IndexedHeap<Entry<P>>(activeLess);
  private readonly backoffQ = new IndexedHeap<Entry<P>>(backoffLess);
  /**
   * backoff_queue.go podErrorBackoffQ: pods whose attempt failed with no rejecting plugin (an error, or
   * ErrNoNodesAvailable) wait out their back-off; pop never takes them early. queueOf says 'backoffQ' for both.
   */
  private readonly errorBackoffQ = new IndexedHeap<Entry<P>>(backoffLess);
  /** Insertion-ordered (a Set), so moves and iteration are deterministic; the heaps decide pop order anyway. */
  private readonly unschedulable = new Set<Entry<P>>();
  private inFlightCount = 0;
  /**
   * Events seen while any pod was in flight (activeQueue.inFlightEvents); events[i] has absolute index
   * eventBase + i. Cleared when no pod is in flight any more: the scheduler must end every popped pod's cycle with
   * done, addUnschedulable or delete.
   */
  private events: RecordedEvent<P>[] = [];
  private eventBase = 0;
  private seq = 0;

  constructor(readonly settings: QueueSettings = DEFAULT_QUEUE_SETTINGS) {}

  get activeSize(): number {
    return this.activeQ.size;
  }
  get backoffSize(): number {
    return this.backoffQ.size + this.errorBackoffQ.size;
  }
  /** backoffQ pods that pop at once when activeQ is empty (not the error part). */
  get poppableBackoffSize(): number {
    return this.settings.popFromBackoffQ ? this.backoffQ.size : 0;
  }
  get unschedulableSize(): number {
    return this.unschedulable.size;
  }
  /** Pods popped whose cycle has not ended (done / addUnschedulable / delete). */
  get inFlightSize(): number {
    return this.inFlightCount;
  }

  /** The pod is known to the queue: waiting in one of the three queues, or in flight. */
  has(pod: P): boolean {
    return this.entries.has(pod);
  }

  /** Which queue holds the pod, 'inFlight', or undefined when the queue does not know it. */
  queueOf(pod: P): QueueName | undefined {
    return this.entries.get(pod)?.queue;
  }

  /** Scheduling attempts so far (pops); 0 for an unknown pod. */
  attempts(pod: P): number {
    return this.entries.get(pod)?.attempts ?? 0;
  }

  /** Every pod waiting (activeQ, backoffQ, unschedulablePods; not in flight), in the order they were first added. */
  *waiting(): IterableIterator<QueuedPodView<P>> {
    for (const e of this.entries.values()) if (e.queue !== 'inFlight') yield e;
  }

  /** A new pod (scheduling_queue.go : Add): into activeQ with Timestamp = now. False if already known. */
  add(pod: P, priority: number, now: Micros): boolean {
    if (this.entries.has(pod)) return false;
    const e: Entry<P> = {
      pod,
      priority,
      timestamp: now,
      seq: this.seq++,
      attempts: 0,
      queue: 'activeQ',
      rejectors: NO_REJECTORS,
      backoffExpiry: now,
      errorBackoff: false,
      heapIndex: -1,
      inFlightFrom: 0,
    };
    this.entries.set(pod, e);
    this.activeQ.push(e);
    return true;
  }

  /**
   * The next pod to try, or undefined (scheduling_queue.go : Pop, active_queue.go : unlockedPop). With
   * popFromBackoffQ, expired backoffQ pods move to activeQ first: expiries are whole seconds and upstream's flush
   * ticks are aligned to whole seconds, so a tick has moved them by now; then an empty activeQ hands out backoffQ's
   * best pod at once, back-off unexpired (§8.2). Without the gate, pop flushes nothing (the scheduler's 1-s ticks
   * from its start do, via flushBackoffCompleted) and never takes from backoffQ. Attempts + 1; the pod is in flight.
   */
  pop(now: Micros): P | undefined {
    const fromBackoff = this.settings.popFromBackoffQ;
    if (fromBackoff) this.flushBackoffCompleted(now);
    let e = this.activeQ.pop();
    if (e === undefined && fromBackoff) e = this.backoffQ.pop();
    if (e === undefined) return undefined;
    e.attempts++;
    e.queue = 'inFlight';
    e.inFlightFrom = this.eventBase + this.events.length;
    this.inFlightCount++;
    return e.pod;
  }

  /**
   * A failed attempt of an in-flight pod (AddUnschedulableIfNotPresent): Timestamp = now and the rejecting plugins
   * are remembered. Events recorded during its cycle are replayed through their hints with these rejectors
   * (determineSchedulingHintForInFlightPod): one says Queue, or no plugin rejected it (an error, not a verdict) →
   * backoffQ/activeQ at once; otherwise unschedulablePods. Returns where the pod went; undefined (ignored) when the
   * pod is not in flight, e.g. deleted during its cycle.
   */
  addUnschedulable(pod: P, now: Micros, rejectors: ReadonlySet<string>): QueueName | undefined {
    const e = this.entries.get(pod);
    if (e === undefined || e.queue !== 'inFlight') return undefined;
    e.timestamp = now;
    e.seq = this.seq++;
    e.rejectors = rejectors;
    let worth = rejectors.size === 0;
    for (let i = e.inFlightFrom - this.eventBase; !worth && i < this.events.length; i++) worth = this.events[i].worth(pod, rejectors);
    this.endFlight();
    if (worth) return this.requeue(e, now);
    e.queue = 'unschedulablePods';
    this.unschedulable.add(e);
    return e.queue;
  }

  /** The pod's cycle succeeded (bound; scheduling_queue.go : Done): the queue forgets it. False if not in flight. */
  done(pod: P): boolean {
    const e = this.entries.get(pod);
    if (e === undefined || e.queue !== 'inFlight') return false;
    this.forget(e);
    return true;
  }

  /** The pod was deleted (or bound elsewhere): removed from wherever it is, in flight included. */
  delete(pod: P): boolean {
    const e = this.entries.get(pod);
    if (e === undefined) return false;
    this.forget(e);
    return true;
  }

  /**
   * The pod's priority changed (scheduling_queue.go : Update): re-ordered in activeQ/backoffQ. An unschedulable pod
   * stays where it is; the scheduler follows with moveAllOnEvent for the pod-update event if a hint cares.
   */
  update(pod: P, priority: number): boolean {
    const e = this.entries.get(pod);
    if (e === undefined) return false;
    e.priority = priority;
    if (e.queue === 'activeQ') this.activeQ.fix(e);
    else if (e.queue === 'backoffQ') (e.errorBackoff ? this.errorBackoffQ : this.backoffQ).fix(e);
    return true;
  }

  /**
   * A cluster event (MoveAllToActiveOrBackoffQueue with queueing hints, §8.3): each unschedulable pod whose
   * rejectors' hint says Queue (`worth`), or that no plugin rejected, moves to backoffQ if its back-off has not
   * expired, else to activeQ. The event is also recorded for the pods in flight, which replay it if they fail.
   * `event` labels it (upstream's ClusterEvent label). Returns how many pods moved.
   */
  moveAllOnEvent(event: string, now: Micros, worth: QueueingHint<P>): number {
    let moved = 0;
    for (const e of this.unschedulable) {
      if (e.rejectors.size !== 0 && !worth(e.pod, e.rejectors)) continue;
      this.unschedulable.delete(e);
      this.requeue(e, now);
      moved++;
    }
    if (this.inFlightCount > 0) this.events.push({ event, worth });
    return moved;
  }

  /**
   * The periodic leftover flush (flushUnschedulablePodsLeftover, §8.4; upstream every 30 s): pods unschedulable for
   * strictly more than maxInUnschedulable move on (UnschedulableTimeout: Queue for every pod). When it moved any,
   * pods in flight record the event too, as upstream. Returns how many moved.
   */
  flushUnschedulableLeftover(now: Micros): number {
    let moved = 0;
    for (const e of this.unschedulable) {
      if (subMicros(now, e.timestamp) <= this.settings.maxInUnschedulable) continue;
      this.unschedulable.delete(e);
      this.requeue(e, now);
      moved++;
    }
    if (moved > 0 && this.inFlightCount > 0) this.events.push({ event: UNSCHEDULABLE_TIMEOUT, worth: ALWAYS });
    return moved;
  }

  /** backoffQ pods whose back-off has expired (expiry ≤ now) move to activeQ (flushBackoffQCompleted). */
  flushBackoffCompleted(now: Micros): number {
    let moved = 0;
    for (const q of [this.backoffQ, this.errorBackoffQ]) {
      for (let top = q.peek(); top !== undefined && top.backoffExpiry <= now; top = q.peek()) {
        q.pop();
        top.queue = 'activeQ';
        top.errorBackoff = false;
        this.activeQ.push(top);
        moved++;
      }
    }
    return moved;
  }

  /** The earliest back-off expiry in the error part of backoffQ (pods pop only once it has passed), for a timer. */
  nextErrorBackoffExpiry(): Micros | undefined {
    return this.errorBackoffQ.peek()?.backoffExpiry;
  }

  /** The earliest back-off expiry in backoffQ (a whole second when popFromBackoffQ is on), for the scheduler's timer. */
  nextBackoffExpiry(): Micros | undefined {
    return this.backoffQ.peek()?.backoffExpiry;
  }

  /** getBackoffTime: Timestamp + backoff(attempts), truncated to the ordering window when popFromBackoffQ is on. */
  backoffExpiryOf(e: Pick<QueuedPodView<P>, 'timestamp' | 'attempts'>): Micros {
    const s = this.settings;
    const t = addMicros(e.timestamp, backoffDuration(e.attempts, s.initialBackoff, s.maxBackoff));
    if (!s.popFromBackoffQ) return t;
    return micros(Math.floor(t / BACKOFF_ORDERING_WINDOW) * BACKOFF_ORDERING_WINDOW);
  }

  /** requeuePodWithQueueingStrategy (queueAfterBackoff): backoffQ while backing off (expiry > now), else activeQ. */
  private requeue(e: Entry<P>, now: Micros): QueueName {
    const expiry = this.backoffExpiryOf(e);
    if (expiry > now) {
      e.backoffExpiry = expiry;
      e.queue = 'backoffQ';
      e.errorBackoff = e.rejectors.size === 0;
      (e.errorBackoff ? this.errorBackoffQ : this.backoffQ).push(e);
    } else {
      e.queue = 'activeQ';
      this.activeQ.push(e);
    }
    return e.queue;
  }

  private forget(e: Entry<P>): void {
    switch (e.queue) {
      case 'activeQ':
        this.activeQ.remove(e);
        break;
      case 'backoffQ':
        (e.errorBackoff ? this.errorBackoffQ : this.backoffQ).remove(e);
        break;
      case 'unschedulablePods':
        this.unschedulable.delete(e);
        break;
      case 'inFlight':
        this.endFlight();
        break;
    }
    this.entries.delete(e.pod);
  }

  /** One in-flight pod's cycle ended; with none left, the recorded events are no longer needed. */
  private endFlight(): void {
    this.inFlightCount--;
    if (this.inFlightCount === 0 && this.events.length > 0) {
      this.eventBase += this.events.length;
      this.events = [];
    }
  }
}
