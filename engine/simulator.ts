/**
 * The discrete-event engine: a virtual clock and one event queue. Models register named event types once, then
 * schedule them with a delay; the run loop pops events in (time, priority, seq) order and calls their handlers.
 * It never reads the wall clock, timers or Math.random.
 *
 * The boundary rule, pinned by test/engine/simulator.test.ts: `runUntil(t)` processes every event stamped ≤ t
 * (including events that handlers schedule at exactly t while it runs), then leaves the clock at t.
 */
import { SEQ_SPAN, SlotQueue, type EventKey } from './queue';
import { PRIORITY_NAMES, type PriorityLevel } from './priority';
import { micros, ZERO, type Micros } from './time';

// Module-level copy: a global lookup per call is measurably slow inside some sandboxes (jest's vm contexts).
const isInteger = Number.isInteger;

export type { EventKey } from './queue';

/** Handler of one event type; `arg` is the value passed to schedule. */
export type EventHandler<A> = (arg: A) => void;

/** A registered event type: opaque id plus a name for errors and statistics. */
export interface EventType<A> {
  readonly id: number;
  readonly name: string;
  /** Phantom field carrying the argument type. */
  readonly __arg?: A;
}

/**
 * What a model sees of the engine (SimCore's context): the clock and event scheduling. Never the run loop:
 * `runUntil` and `stop` belong to whoever drives the run.
 */
export interface EventScheduler {
  /** Current virtual time in microseconds. */
  readonly now: Micros;
  register<A>(name: string, handler: EventHandler<A>, options?: RegisterOptions): EventType<A>;
  schedule<A>(delay: Micros, type: EventType<A>, arg: A, priority: PriorityLevel): EventKey;
  scheduleAt<A>(at: Micros, type: EventType<A>, arg: A, priority: PriorityLevel): EventKey;
  /** See Simulator.post: scheduleAt without a key, for an event its caller never cancels or postpones. */
  post<A>(at: Micros, type: EventType<A>, arg: A, priority: PriorityLevel): void;
  cancel(key: EventKey): boolean;
  /** See Simulator.postpone: move a pending event later, keeping its key (false: cancel and schedule instead). */
  postpone(key: EventKey, at: Micros): boolean;
  /** See Simulator.runsNext: run one's own next event at `at` at once when nothing could come before it. */
  runsNext(at: Micros): boolean;
  /** See Simulator.hasRun: an event with this key would already have been handled (it is before the running one's). */
  hasRun(time: Micros, priority: PriorityLevel, seq: number): boolean;
  /** See Simulator.runsNextReserved: run the work of an event with a reserved seq at once when it would be next. */
  runsNextReserved(at: Micros, priority: PriorityLevel, seq: number): boolean;
  /** See Simulator.reserve: an event's place in the order now, its scheduling maybe later (scheduleReserved). */
  reserve(): number;
  /** See Simulator.scheduleReserved: schedules at `at` with a sequence number from reserve(). */
  scheduleReserved<A>(at: Micros, type: EventType<A>, arg: A, priority: PriorityLevel, seq: number): EventKey;
}

/** How an event type's events are held (the order of events never depends on it). */
export interface RegisterOptions {
  /**
   * The type has few pending events at a time (one per source, rescheduled as each runs: a Traffic's next arrival):
   * they are kept in the queue's small lane heap, so scheduling and popping one costs a sift through a few entries
   * instead of through every pending event (engine/queue.ts). Default false.
   */
  readonly lane?: boolean;
}

export class Simulator implements EventScheduler {
  private readonly queue = new SlotQueue();
  private readonly handlers: EventHandler<unknown>[] = [];
  /** The type objects this simulator handed out, by id: a type is known only if it is one of these (identity). */
  private readonly types: EventType<unknown>[] = [];
  private readonly byName = new Map<string, number>();
  private clock: Micros = ZERO;
  private processed = 0;
  private stopped = false;
  /** The bound of the runUntil under way (-Infinity when none is): runsNext never goes past it. */
  private until = -Infinity;
  /** The packed (priority, seq) of the event being handled; Infinity outside a handler and for runsNext's events. */
  private order = Infinity;

  /** Current virtual time in microseconds. */
  get now(): Micros {
    return this.clock;
  }

  /**
   * Whether an event with key (time, priority, seq) — a seq from reserve() — would already have been handled by now:
   * its key is before the running event's key (time, then priority, then seq). Outside a run every key at or before
   * the clock counts as handled; so does every key at the time of an event runsNext let run inline (its own key would
   * come after every reservation made before it, at TRAFFIC priority where it is used). A model that leaves an event
   * unscheduled (settled lazily when something looks: Simulator.reserve's "dropped" case) asks this to know whether
   * the look comes after it.
   */
  hasRun(time: Micros, priority: PriorityLevel, seq: number): boolean {
    const clock = this.clock;
    return time < clock || (time === clock && priority * SEQ_SPAN + seq < this.order);
  }

  /** Events handled so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  /** Events waiting in the queue (cancelled ones excluded). */
  get pending(): number {
    return this.queue.size;
  }

  /** Registers an event type. Names are unique; registering a name twice throws. */
  register<A>(name: string, handler: EventHandler<A>, options?: RegisterOptions): EventType<A> {
    if (this.byName.has(name)) throw new Error(`event type "${name}" is already registered`);
    const id = this.handlers.length;
    const type: EventType<A> = { id, name };
    if (options?.lane === true) this.queue.setLane(id);
    this.handlers.push(handler as EventHandler<unknown>);
    this.types.push(type);
    this.byName.set(name, id);
    return type;
  }

  /** Schedules `type` to run `delay` µs from now. Throws on a negative or non-integer delay or an unknown type. */
  schedule<A>(delay: Micros, type: EventType<A>, arg: A, priority: PriorityLevel): EventKey {
    if (!(delay >= 0) || !isInteger(delay)) {
      throw new Error(`cannot schedule "${type.name}" with delay ${delay}: delays are non-negative integer microseconds`);
    }
    // A cast, not addMicros: the hot path stays free of calls (the sum of two Micros is µs).
    return this.enqueue((this.clock + delay) as Micros, type, arg, priority);
  }

  /** Schedules `type` at absolute time `at`. Throws when `at` is in the past. */
  scheduleAt<A>(at: Micros, type: EventType<A>, arg: A, priority: PriorityLevel): EventKey {
    if (!(at >= this.clock) || !isInteger(at)) {
      throw new Error(`cannot schedule "${type.name}" at ${at} µs: the clock is at ${this.clock} µs (no scheduling in the past)`);
    }
    return this.enqueue(at, type, arg, priority);
  }

  /**
   * Exactly scheduleAt (the same checks, the same seq, so the same order), returning no key: for an event its caller
   * never cancels or postpones (a Traffic's next arrival). A key past 2^30 is a boxed number, so making one the
   * caller drops costs an allocation per event (issue #13).
   */
  post<A>(at: Micros, type: EventType<A>, arg: A, priority: PriorityLevel): void {
    if (!(at >= this.clock) || !isInteger(at)) {
      throw new Error(`cannot schedule "${type.name}" at ${at} µs: the clock is at ${this.clock} µs (no scheduling in the past)`);
    }
    this.check(type, priority);
    this.queue.pushSlot(at, priority, type.id, arg);
  }

  /**
   * Takes the sequence number the next schedule would take, scheduling nothing: an event that may never be needed
   * (a timeout that is usually cancelled) gets its place in the order now, and scheduleReserved(…, seq) later
   * orders it exactly as if it had been scheduled at this call — or it is never scheduled, which is exactly as if it
   * had been scheduled and cancelled (a tombstone runs nothing and counts as no event). The caller must schedule it,
   * if at all, before the run reaches its key (time, priority, seq): once an event after that key has run, scheduling
   * it would run it out of order. The queue (and so runsNext) does not know an unscheduled reservation, so some
   * pending event before its key must guard it until it is scheduled or dropped. The engine checks only that `at` is
   * not before the clock.
   */
  reserve(): number {
    return this.queue.reserve();
  }

  /** Schedules `type` at `at` with a sequence number from reserve() (each used once at most); see reserve. */
  scheduleReserved<A>(at: Micros, type: EventType<A>, arg: A, priority: PriorityLevel, seq: number): EventKey {
    if (!(at >= this.clock) || !isInteger(at)) {
      throw new Error(`cannot schedule "${type.name}" at ${at} µs: the clock is at ${this.clock} µs (no scheduling in the past)`);
    }
    this.check(type, priority);
    return this.queue.pushReserved(at, priority, type.id, arg, seq);
  }

  /** Cancels a pending event; returns false if it already ran or was cancelled. */
  cancel(key: EventKey): boolean {
    return this.queue.cancel(key);
  }

  /**
   * Moves a pending event later, to `at`: exactly cancel(key) then scheduleAt(at) with the same type, argument and
   * priority (the same new seq, so the same order), but the key stays valid and the queue does less work. Returns
   * false, changing nothing, when the event is not pending or `at` is before the time the queue holds it at (the
   * time it was scheduled for, before any postpone): then cancel and schedule.
   */
  postpone(key: EventKey, at: Micros): boolean {
    if (!(at >= this.clock) || !isInteger(at)) {
      throw new Error(`cannot postpone an event to ${at} µs: the clock is at ${this.clock} µs (no scheduling in the past)`);
    }
    return this.queue.postpone(key, at);
  }

  /** Time of the next pending event, or Infinity. */
  nextEventTime(): Micros {
    return micros(this.queue.peekTime()); // the queue stores µs as plain numbers in its typed arrays
  }

  /**
   * For the handler now running, about to schedule its own next event at `at`: true when that event would be the
   * very next one handled — `at` is strictly before every pending event (an equal time goes through the queue, which
   * orders it by priority and seq), within the bound of the runUntil under way, and the run is not stopped. Then
   * the clock moves to `at`, the event counts as handled, and the caller does its work at once instead of
   * scheduling it (no queue push and pop: the order of events is the same by construction). False: schedule it.
   * The caller must have scheduled everything else it schedules first. Throws like scheduleAt on a bad `at`.
   */
  runsNext(at: Micros): boolean {
    if (!(at >= this.clock) || !isInteger(at)) {
      throw new Error(`cannot run an event at ${at} µs: the clock is at ${this.clock} µs (no scheduling in the past)`);
    }
    if (this.stopped || at > this.until || !(at < this.queue.nextTimeLowerBound())) return false;
    this.clock = at;
    this.order = Infinity;
    this.processed++;
    return true;
  }

  /**
   * For a handler that runs the work of other events it holds (a batch of events due at one instant, each with its
   * own seq from reserve()): true when an event with key (at, priority, seq) would be the very next one handled —
   * before every pending event, within the bound of the runUntil under way, the run not stopped. Then the clock
   * moves to `at`, that key becomes the running event's (hasRun answers as inside that event) and it counts as
   * handled: the caller does its work at once. False: the caller schedules it (scheduleReserved with that seq). The
   * caller must have scheduled everything the work before it schedules. Throws when the key is not after the running
   * event's (it would run out of order).
   */
  runsNextReserved(at: Micros, priority: PriorityLevel, seq: number): boolean {
    const order = priority * SEQ_SPAN + seq;
    if (!(at > this.clock || (at === this.clock && order > this.order && this.order !== Infinity)) || !isInteger(at)) {
      throw new Error(`cannot run an event at ${at} µs (order ${order}) inline: not after the running event (${this.clock} µs, order ${this.order})`);
    }
    if (this.stopped || at > this.until || !this.queue.precedesAll(at, order)) return false;
    this.clock = at;
    this.order = order;
    this.processed++;
    return true;
  }

  /** Ends the current runUntil after the event being handled. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Runs events stamped ≤ `until` in (time, priority, seq) order, then sets the clock to `until` (unless stopped
   * early). Returns the number of events handled by this call. `until` is an integer ≥ now (NaN, fractions and
   * Infinity throw: the clock must stay exact; use Number.MAX_SAFE_INTEGER to run to the end).
   */
  runUntil(until: Micros): number {
    if (!(until >= this.clock)) throw new Error(`runUntil(${until}) is before the clock (${this.clock})`);
    if (!isInteger(until)) throw new Error(`runUntil(${until}): the bound must be an integer number of microseconds`);
    const q = this.queue;
    const handlers = this.handlers;
    const start = this.processed;
    this.stopped = false;
    this.until = until;
    while (!this.stopped) {
      const slot = q.popUntil(until);
      if (slot < 0) break;
      this.clock = q.timeOf(slot) as Micros; // plain µs from the queue's typed array (a cast: no call on the hot path)
      this.order = q.orderOf(slot);
      const type = q.types[slot];
      const arg = q.args[slot];
      q.release(slot);
      this.processed++;
      handlers[type](arg);
    }
    this.until = -Infinity;
    this.order = Infinity;
    if (!this.stopped) this.clock = until;
    return this.processed - start;
  }

  private enqueue<A>(at: Micros, type: EventType<A>, arg: A, priority: PriorityLevel): EventKey {
    this.check(type, priority);
    return this.queue.keyOf(this.queue.pushSlot(at, priority, type.id, arg));
  }

  /** The type is one this simulator registered, the priority a known level. */
  private check<A>(type: EventType<A>, priority: PriorityLevel): void {
    // Identity, not (id, name): a type from another simulator, or a forged {id, name}, would run the wrong handler.
    if (this.types[type.id] !== type) {
      throw new Error(`unknown event type "${type.name}": register it with Simulator.register first`);
    }
    if (!(isInteger(priority) && priority >= 0 && priority < PRIORITY_NAMES.length)) throw new Error(`unknown priority ${priority}`);
  }
}
