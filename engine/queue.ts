/**
 * The one event queue: fastpriorityqueue holds slot ids; each event's time and packed (priority, seq) order key, its
 * handler id and its argument live in per-slot typed arrays (struct of arrays), so a million pending events cost no
 * per-event objects and the heap's comparisons read flat memory. Total order (time, priority, seq): equal-time
 * events run FIFO within a priority, by construction. Owns ordering and cancellation (tombstones skipped at pop);
 * it knows nothing of what events mean.
 *
 * Lane types: events of a type marked with setLane (one recurring event per source, like a Traffic's next arrival)
 * are held in a second, small heap over the same slots; a pop takes the earlier of the two heaps' tops by the same
 * (time, priority, seq) key, so the order is exactly the one-heap order, while such an event's push and pop sift
 * through a heap of a few entries instead of every pending event.
 */
import FastPriorityQueue from 'fastpriorityqueue';

/** Key returned by push: slot id in the low 24 bits, the slot's generation above, so a stale key never cancels a reuse. */
export type EventKey = number;

/** Priority levels the queue accepts (0 … PRIORITY_LEVELS − 1); see priority.ts for their meaning. */
export const PRIORITY_LEVELS = 8;

const SLOT_BITS = 24;
const SLOT_LIMIT = 1 << SLOT_BITS; // 16,777,216 pending events at most
const SLOT_MASK = SLOT_LIMIT - 1;
/** Sequence numbers stay below 2^45, so (priority, seq) packs exactly into one double: priority × 2^45 + seq. */
export const SEQ_SPAN = 2 ** 45;

type Comparator = (a: number, b: number) => boolean;

export class SlotQueue {
  private capacity = 0;
  private times = new Float64Array(0);
  private orders = new Float64Array(0);
  private gens = new Uint32Array(0);
  private live = new Uint8Array(0); // 1 = pending, 2 = pending and postponed (true key in moved*), 0 = free or cancelled
  /**
   * A postponed event's true (time, order) key. The heap keeps it under its old, earlier key (times, orders) until it
   * reaches the top; there it takes its true key and sinks (one replaceTop), so it never runs early.
   */
  private movedTimes = new Float64Array(0);
  private movedOrders = new Float64Array(0);
  /** Per-slot payload: the handler id and one argument reference. */
  types = new Int32Array(0);
  /** 1 for a handler id whose events go to the lane heap (setLane), by handler id (grown on demand). */
  private laneTypes = new Uint8Array(16);
  args: unknown[] = [];
  private free: number[] = [];
  private used = 0;
  private seq = 0;
  private pendingLive = 0;
  /**
   * The heap's root was handed out by popUntil but is still physically in the heap. The next push replaces it in
   * one sift-down (replaceTop) instead of a poll plus an add: the common "handle, then reschedule" step costs one
   * heap operation. Any other read of the heap removes it first (settle). `laneRootTaken`: the same for the lane
   * heap (at most one of the two is set: popUntil hands out one root at a time, after settling both).
   */
  private rootTaken = false;
  private laneRootTaken = false;
  private readonly heap: FastPriorityQueue<number>;
  /** The lane heap (see the module comment): the slots of lane types' pending events. */
  private readonly lane: FastPriorityQueue<number>;

  constructor(initialCapacity = 1024) {
    this.grow(initialCapacity);
    this.heap = new FastPriorityQueue<number>(this.makeComparator());
    this.lane = new FastPriorityQueue<number>(this.makeComparator());
  }

  /** Events of handler id `type` pushed from now on go to the lane heap (set it before pushing any). */
  setLane(type: number): void {
    if (!(Number.isInteger(type) && type >= 0)) throw new Error(`event queue: bad lane type ${type}`);
    if (type >= this.laneTypes.length) this.laneTypes = copyInto(this.laneTypes, new Uint8Array(Math.max(type + 1, this.laneTypes.length * 2)));
    this.laneTypes[type] = 1;
  }

  /** The comparator closes over the current arrays (fast local reads); grow() installs a new one. */
  private makeComparator(): Comparator {
    const times = this.times;
    const orders = this.orders;
    return (a, b) => {
      const ta = times[a];
      const tb = times[b];
      return ta < tb || (ta === tb && orders[a] < orders[b]);
    };
  }

  /** Number of pending (not cancelled) events. */
  get size(): number {
    return this.pendingLive;
  }

  push(time: number, priority: number, type: number, arg: unknown): EventKey {
    return this.keyOf(this.pushSlot(time, priority, type, arg));
  }

  /** The key of the event pushed into `slot` (its generation now). */
  keyOf(slot: number): EventKey {
    return this.gens[slot] * SLOT_LIMIT + slot;
  }

  /**
   * push, returning the event's slot instead of its key: a slot is a small integer, while a key past 2^30 is a boxed
   * number, an allocation per event wherever it is returned from a call that is not inlined (issue #13).
   */
  pushSlot(time: number, priority: number, type: number, arg: unknown): number {
    let slot: number;
    if (this.free.length > 0) slot = this.free.pop()!;
    else {
      if (this.used === this.capacity) this.grow(this.capacity * 2);
      slot = this.used++;
    }
    if (this.seq >= SEQ_SPAN) throw new Error('event queue: sequence numbers exhausted');
    this.times[slot] = time;
    this.orders[slot] = priority * SEQ_SPAN + this.seq++;
    this.types[slot] = type;
    this.args[slot] = arg;
    this.live[slot] = 1;
    this.pendingLive++;
    if (type < this.laneTypes.length && this.laneTypes[type] === 1) {
      if (this.laneRootTaken) {
        this.laneRootTaken = false;
        this.lane.replaceTop(slot);
      } else this.lane.add(slot);
    } else if (this.rootTaken) {
      this.rootTaken = false;
      this.heap.replaceTop(slot);
    } else this.heap.add(slot);
    return slot;
  }

  /** Takes the next sequence number without pushing anything (a later pushReserved uses it, or nothing does). */
  reserve(): number {
    if (this.seq >= SEQ_SPAN) throw new Error('event queue: sequence numbers exhausted');
    return this.seq++;
  }

  /**
   * Pushes an event with a sequence number taken earlier by reserve(): it orders exactly as if it had been pushed
   * then. Throws when `seq` was never handed out (the caller keeps each reserved number for one push at most).
   */
  pushReserved(time: number, priority: number, type: number, arg: unknown, seq: number): EventKey {
    if (!(Number.isInteger(seq) && seq >= 0 && seq < this.seq)) throw new Error(`event queue: sequence number ${seq} was not reserved`);
    // push itself, with the reserved number in place of the next one (push stays the one hot path).
    const next = this.seq;
    this.seq = seq;
    try {
      return this.push(time, priority, type, arg);
    } finally {
      this.seq = next;
    }
  }

  /**
   * Moves a pending event to `time`, later than its current key, as cancel plus a push with the same priority, type
   * and argument would (the same new seq, so the same order), keeping its key and heap position until it reaches
   * the top. Returns false, changing nothing, when the event is not pending or the new key would not be after the
   * key it is held under in the heap (its time and order when pushed).
   */
  postpone(key: EventKey, time: number): boolean {
    const slot = key & SLOT_MASK;
    const gen = Math.floor(key / SLOT_LIMIT);
    if (slot >= this.used || this.gens[slot] !== gen || this.live[slot] === 0) return false;
    const heapTime = this.times[slot];
    const heapOrder = this.orders[slot];
    const order = Math.floor(heapOrder / SEQ_SPAN) * SEQ_SPAN + this.seq;
    if (!(time > heapTime || (time === heapTime && order > heapOrder))) return false;
    if (this.seq >= SEQ_SPAN) throw new Error('event queue: sequence numbers exhausted');
    this.seq++;
    this.movedTimes[slot] = time;
    this.movedOrders[slot] = order;
    this.live[slot] = 2;
    return true;
  }

  /** Tombstones the event; returns false if it already ran or was cancelled. */
  cancel(key: EventKey): boolean {
    const slot = key & SLOT_MASK;
    const gen = Math.floor(key / SLOT_LIMIT);
    if (slot >= this.used || this.gens[slot] !== gen || this.live[slot] === 0) return false;
    this.live[slot] = 0;
    this.args[slot] = undefined;
    this.pendingLive--;
    return true;
  }

  /** Time of the earliest pending event, or Infinity. Drops tombstones at the top. */
  peekTime(): number {
    this.settle();
    for (;;) {
      const top = this.heap.peek();
      const laneTop = this.lane.peek();
      const fromLane = laneTop !== undefined && (top === undefined || this.before(laneTop, top));
      const slot = fromLane ? laneTop : top;
      if (slot === undefined) return Infinity;
      const state = this.live[slot];
      if (state === 1) return this.times[slot];
      if (state === 2) {
        this.rekey(slot, fromLane);
        continue;
      }
      (fromLane ? this.lane : this.heap).poll();
      this.release(slot);
    }
  }

  /**
   * Removes the earliest live event if it is stamped ≤ `until` and returns its slot; the caller reads
   * `types[slot]`, `args[slot]` and `timeOf(slot)`, then calls `release(slot)`. Returns -1 otherwise.
   */
  popUntil(until: number): number {
    this.settle();
    const heap = this.heap;
    const lane = this.lane;
    for (;;) {
      let top = heap.peek();
      let fromLane = false;
      if (lane.size > 0) {
        const laneTop = lane.peek()!;
        if (top === undefined || this.before(laneTop, top)) {
          top = laneTop;
          fromLane = true;
        }
      }
      if (top === undefined || this.times[top] > until) return -1;
      const state = this.live[top];
      if (state === 1) {
        this.live[top] = 0;
        this.pendingLive--;
        // Removed from its heap by the next push into that heap, or by settle.
        if (fromLane) this.laneRootTaken = true;
        else this.rootTaken = true;
        return top;
      }
      if (state === 2) {
        this.rekey(top, fromLane);
        continue;
      }
      (fromLane ? lane : heap).poll();
      this.release(top);
    }
  }

  /** Slot a's event comes before slot b's: (time, priority, seq) order. */
  private before(a: number, b: number): boolean {
    const ta = this.times[a];
    const tb = this.times[b];
    return ta < tb || (ta === tb && this.orders[a] < this.orders[b]);
  }

  /**
   * A time no later than every pending event's (Infinity when none), read without touching the heaps: for each heap,
   * its root's time, or while the root is handed out, the earlier of its two children's times (every other entry is
   * at or after one of them); tombstones count as pending, so the bound may be early, never late.
   */
  nextTimeLowerBound(): number {
    const main = this.boundOf(this.heap, this.rootTaken);
    if (this.lane.size === 0) return main;
    const lane = this.boundOf(this.lane, this.laneRootTaken);
    return lane < main ? lane : main;
  }

  /**
   * Whether an event with key (time, order) — order = priority × SEQ_SPAN + seq — would come before every pending
   * event. Exact: when the cheap time bound cannot tell, the tombstones at the top are dropped and the earliest live
   * event's key compared.
   */
  precedesAll(time: number, order: number): boolean {
    if (time < this.nextTimeLowerBound()) return true;
    this.settle();
    for (;;) {
      const top = this.heap.peek();
      const laneTop = this.lane.peek();
      const fromLane = laneTop !== undefined && (top === undefined || this.before(laneTop, top));
      const slot = fromLane ? laneTop : top;
      if (slot === undefined) return true;
      const state = this.live[slot];
      if (state === 1) {
        const t = this.times[slot];
        return time < t || (time === t && order < this.orders[slot]);
      }
      if (state === 2) {
        this.rekey(slot, fromLane);
        continue;
      }
      (fromLane ? this.lane : this.heap).poll();
      this.release(slot);
    }
  }

  private boundOf(h: FastPriorityQueue<number>, taken: boolean): number {
    const heap = h as unknown as { array: number[]; size: number };
    const a = heap.array;
    const size = heap.size;
    if (!taken) return size > 0 ? this.times[a[0]] : Infinity;
    const t1 = size > 1 ? this.times[a[1]] : Infinity;
    const t2 = size > 2 ? this.times[a[2]] : Infinity;
    return t1 < t2 ? t1 : t2;
  }

  /** The postponed event at the top of its heap takes its true key and sinks to its place. */
  private rekey(top: number, fromLane: boolean): void {
    this.times[top] = this.movedTimes[top];
    this.orders[top] = this.movedOrders[top];
    this.live[top] = 1;
    (fromLane ? this.lane : this.heap).replaceTop(top);
  }

  private settle(): void {
    if (this.rootTaken) {
      this.rootTaken = false;
      this.heap.poll();
    }
    if (this.laneRootTaken) {
      this.laneRootTaken = false;
      this.lane.poll();
    }
  }

  timeOf(slot: number): number {
    return this.times[slot];
  }

  /** The slot's packed order key, priority × SEQ_SPAN + seq (read by the simulator for the event it runs). */
  orderOf(slot: number): number {
    return this.orders[slot];
  }

  release(slot: number): void {
    this.args[slot] = undefined;
    this.gens[slot] = ((this.gens[slot] + 1) & 0x1fffffff) >>> 0; // below 2^29, so keys stay exact doubles
    this.free.push(slot);
  }

  private grow(cap: number): void {
    if (cap > SLOT_LIMIT) throw new Error(`event queue: more than ${SLOT_LIMIT} pending events`);
    this.times = copyInto(this.times, new Float64Array(cap));
    this.orders = copyInto(this.orders, new Float64Array(cap));
    this.movedTimes = copyInto(this.movedTimes, new Float64Array(cap));
    this.movedOrders = copyInto(this.movedOrders, new Float64Array(cap));
    this.gens = copyInto(this.gens, new Uint32Array(cap));
    this.live = copyInto(this.live, new Uint8Array(cap));
    this.types = copyInto(this.types, new Int32Array(cap));
    this.args.length = cap;
    this.capacity = cap;
    // The heap's order is unchanged; only its comparator must read the new arrays.
    if (this.heap) (this.heap as unknown as { compare: Comparator }).compare = this.makeComparator();
    if (this.lane) (this.lane as unknown as { compare: Comparator }).compare = this.makeComparator();
  }
}

function copyInto<T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(old: T, fresh: T): T {
  fresh.set(old as never);
  return fresh;
}
