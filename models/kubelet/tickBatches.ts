/**
 * Events due at one instant, run by one engine event (issue #13): the probe workers of a ReplicaSet's pods are
 * admitted together and tick at the same instants. Each member keeps the place its own event would have had — the seq
 * Simulator.reserve hands out where it would have been scheduled — and one event, at the earliest live member's key,
 * runs the members in seq order: each next one inline only when nothing pending comes before its key
 * (Simulator.runsNextReserved), else the batch goes back into the queue at that member's key. So every member runs
 * exactly where its own event would have, and counts as one event handled. It never reads what a member means.
 */
import type { EventKey, EventScheduler, EventType } from '../../engine/simulator';
import type { PriorityLevel } from '../../engine/priority';
import type { Micros } from '../../engine/time';

/** A member's place: set and read only by TickBatches (fields on the member, so membership costs no lookup). */
export interface Batchable {
  /** The batch the member waits in (batched), else undefined. */
  batch: Batch | undefined;
  /** Its seq in the event order while it waits in `batch`. */
  batchSeq: number;
  /** Its own event while it waits (unbatched), else undefined. */
  batchKey: EventKey | undefined;
}

/**
 * The members due at one instant, in seq order (cancelled ones stay in the arrays, skipped as dead). The arrays are
 * used up to `size`: a batch put back in the free list keeps its backing stores (`length = 0` would free them and the
 * next pushes grow new ones, for every instant's batch); entries past `size` are stale and never read.
 */
export interface Batch {
  time: Micros;
  readonly members: Batchable[];
  readonly seqs: number[];
  /** Entries in use in members and seqs. */
  size: number;
  /** Registered under its time (members may join); false once run out or emptied, and while in the free list. */
  open: boolean;
  /** The first member not yet run; while the batch waits in the queue, its event is at this member's key. */
  head: number;
  key: EventKey | undefined;
  running: boolean;
}

export class TickBatches<T extends Batchable> {
  private readonly byTime = new Map<number, Batch>();
  /** The batch the last member joined: most members join the one before them (a batch reschedules into one). */
  private last: Batch | undefined = undefined;
  /** Batches run out, kept with their arrays for reuse (one batch per instant would otherwise be garbage). */
  private readonly free: Batch[] = [];
  private readonly batchType: EventType<Batch>;
  private readonly plainType: EventType<T>;
  /** Members run inline after another (each one event fewer through the queue): a count for tests and profiles. */
  inlined = 0;

  /** `batched` false: one event per member, scheduled and cancelled as before (the property tests' reference). */
  constructor(
    private readonly clock: EventScheduler,
    name: string,
    private readonly priority: PriorityLevel,
    private readonly run: (member: T) => void,
    private readonly batched = true,
  ) {
    this.plainType = clock.register(name, (m) => {
      m.batchKey = undefined;
      run(m);
    });
    this.batchType = clock.register(`${name}/batch`, (b) => this.runBatch(b));
  }

  /** Whether the member waits for its run. */
  pending(m: T): boolean {
    return m.batch !== undefined || m.batchKey !== undefined;
  }

  /** The member runs at `at` (≥ now), in the place an event scheduled now would take. It must not be pending. */
  schedule(at: Micros, m: T): void {
    if (!this.batched) {
      m.batchKey = this.clock.scheduleAt(at, this.plainType, m, this.priority);
      return;
    }
    if (!(at >= this.clock.now)) throw new Error(`cannot schedule a batched tick at ${at} µs: the clock is at ${this.clock.now} µs`);
    const seq = this.clock.reserve();
    let b = this.last;
    if (b === undefined || !b.open || b.time !== at) b = this.byTime.get(at);
    if (b === undefined) {
      b = this.free.pop() ?? { time: at, members: [], seqs: [], size: 0, open: false, head: 0, key: undefined, running: false };
      b.time = at;
      b.open = true;
      b.head = 0;
      b.key = this.clock.scheduleReserved(at, this.batchType, b, this.priority, seq);
      this.byTime.set(at, b);
    }
    // An append at `size` (a push while size = length; over a stale entry of an earlier use otherwise).
    b.members[b.size] = m;
    b.seqs[b.size] = seq;
    b.size++;
    this.last = b;
    m.batch = b;
    m.batchSeq = seq;
  }

  /** The member no longer runs (as a cancelled event). Nothing when it is not pending. */
  cancel(m: T): void {
    if (m.batchKey !== undefined) {
      this.clock.cancel(m.batchKey);
      m.batchKey = undefined;
    }
    const b = m.batch;
    if (b === undefined) return;
    m.batch = undefined;
    if (b.running) return; // the run under way skips it
    let i = b.head;
    while (i < b.size && !live(b, i)) i++;
    if (i === b.head) return; // not the head: the batch's event stays where it is
    this.clock.cancel(b.key!);
    b.key = undefined;
    b.head = i;
    if (i === b.size) {
      this.close(b);
      return;
    }
    // Later than the cancelled head's key, which has not been reached (its event was still pending).
    b.key = this.clock.scheduleReserved(b.time, this.batchType, b, this.priority, b.seqs[i]);
  }

  private runBatch(b: Batch): void {
    b.key = undefined;
    b.running = true;
    const members = b.members;
    let first = true;
    // b.size is read each turn: a member may join the batch while it runs (a wake at this very instant).
    for (let i = b.head; i < b.size; i++) {
      if (!live(b, i)) continue;
      // The first live member is the one whose key this event has; each next one only if nothing comes in between.
      if (!first && !this.clock.runsNextReserved(b.time, this.priority, b.seqs[i])) {
        b.head = i;
        b.running = false;
        b.key = this.clock.scheduleReserved(b.time, this.batchType, b, this.priority, b.seqs[i]);
        return;
      }
      if (!first) this.inlined++;
      first = false;
      const m = members[i] as T;
      m.batch = undefined;
      this.run(m);
    }
    b.running = false;
    this.close(b);
  }

  /** The batch has no member left to run and no event: unregistered and kept for reuse. */
  private close(b: Batch): void {
    this.byTime.delete(b.time);
    b.open = false;
    // The arrays stay; their entries let go of the members (a removed pod's workers are not kept by a free batch).
    for (let i = 0; i < b.size; i++) b.members[i] = RELEASED;
    b.size = 0;
    b.head = 0;
    this.free.push(b);
  }
}

/** What a closed batch's entries hold: never live (its batch is no batch). */
const RELEASED: Batchable = { batch: undefined, batchSeq: -1, batchKey: undefined };

/** Entry i still waits in b (not run, not cancelled, not rescheduled since). */
function live(b: Batch, i: number): boolean {
  const m = b.members[i];
  return m.batch === b && m.batchSeq === b.seqs[i];
}
