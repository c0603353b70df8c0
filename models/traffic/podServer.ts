/**
 * The request server inside one pod: admits, queues, serves and completes requests with the CPU the pod can get,
 * and integrates the pod's CPU usage exactly. Owns the in-flight requests and the usage counter; never schedules
 * events (the caller schedules nextCompletionTime()), never reads the clock, never decides the pod's CPU share.
 */
import { micros, NEVER, ZERO, type Micros } from '../../engine/time';
import { ceilDiv, floorDiv } from './exact';

/** What the server needs to know of a request. */
export interface ServedRequest {
  /** CPU work in millicore-µs (= CPU nanoseconds), a positive integer. */
  readonly work: number;
  /** Memory held while the request is in flight (queued or in service), bytes, a non-negative integer. */
  readonly memoryBytes: number;
  /** Set by the server when the request enters service (a FIFO slot, or at once under processor sharing), µs. */
  startedAt?: number;
}

/** Told about every outcome; called after the server's state is consistent, so it may call back into the server. */
export interface PodServerListener<R> {
  /** The request's work is done at `now`. */
  completed(req: R, now: Micros): void;
  /** failAll: the pod died with the request in flight. */
  failed(req: R, now: Micros): void;
  /** Memory went from ≤ limit to > limit (the kubelet OOM-kills; exit 137). */
  memoryLimitExceeded(memoryBytes: number, now: Micros): void;
}

export type QueueDiscipline = 'ProcessorSharing' | 'FIFO';

export interface PodServerSettings {
  readonly discipline: QueueDiscipline;
  /** FIFO: slots (requests in service at once), ≥ 1. ProcessorSharing: the in-flight limit (Infinity: none). */
  readonly concurrency: number;
  /** FIFO: requests that may wait for a slot (Infinity: unbounded). Must be 0 for ProcessorSharing. */
  readonly queueLimit: number;
  /** Most CPU one request can use, millicores (a single-threaded handler: 1000). */
  readonly perRequestMilli: number;
  /** Memory with nothing in flight, bytes. */
  readonly baselineMemoryBytes: number;
  /** The container's memory limit, bytes (Infinity: none). Crossing it is reported, never acted on here. */
  readonly memoryLimitBytes: number;
  /**
   * The container's own CPU use besides requests (Behavior `resources.cpu`), millicores: a permanent participant of
   * the CPU share (0: none, or idle CPU that runs beside request work).
   */
  readonly backgroundMilli?: number;
}

export const DEFAULT_POD_SERVER_SETTINGS: PodServerSettings = {
  discipline: 'ProcessorSharing',
  concurrency: Infinity,
  queueLimit: 0,
  perRequestMilli: 1000,
  baselineMemoryBytes: 0,
  memoryLimitBytes: Infinity,
};

const MAX_EXACT = Number.MAX_SAFE_INTEGER;
// Hot-path globals as module constants (a global lookup is slow in some sandboxes). x − floor(x) ≠ 0 is x % 1 ≠ 0
// (Infinity included: NaN) without the double modulo, a C call in V8 (≈ 15 ns; arrive() had two per request).
const floor = Math.floor;

/**
 * Disciplines: ProcessorSharing (every in-flight request in service) and FIFO (c slots, then a bounded queue).
 * Either way the requests in service share the granted CPU equally: with n in service and capacity C (millicores),
 * the pod uses G = min(C, perRequestMilli·n) and each request progresses at G/n (≤ one core each).
 *
 * Background CPU. The container's idle CPU b (backgroundMilli) is one more participant of the share (one
 * runnable thread beside the n requests, CFS's fair share inside the container's cgroup): with p = perRequestMilli,
 * if p·n + b ≤ C everyone gets its demand; otherwise water-filling at a level λ with min(b, λ) + n·min(p, λ) = C:
 * b ≤ C/(n+1) → the background gets b and the requests C − b; p ≤ C/(n+1) → the requests get p·n and the
 * background the rest; else the requests get ⌊C·n/(n+1)⌋ and the background the rest. The requests' G is what
 * the request integral counts; the background's shortfall ∫ (b − its grant) dt is kept apart (backgroundShortfall)
 * so its user can subtract it from the idle usage it counts as b per µs. Under FIFO the same rule applies to the
 * slots in service (the background takes its share of the capacity the slots can use).
 *
 * Direct requests (arriveDirect, an exec probe's process) bypass the slots and the queue: they enter service at
 * once and share the CPU like any request in service, and do not take a FIFO slot.
 *
 * Exactness rule. Work is integer millicore-µs (mcµs; 1 mcµs = 1 ns of one core). A shared counter V of attained
 * service per request is kept as vInt + rem/n (0 ≤ rem < n, integers): advancing by Δ µs adds G·Δ to n·V exactly.
 * When n changes, rem is rescaled to the new n and floored (each request loses < 1 mcµs per change). A request
 * admitted at V completes at the first integer µs at which vInt ≥ vInt_admit + work. The usage integral is
 * Σ G·Δ, exact in integers (it counts the granted CPU, including the < 1 µs rounding at each completion).
 * Bounds: work·n and the tags are checked against 2^53; G·Δ and the integral stay exact up to 2^53 mcµs, about
 * 104 core-days of usage per server.
 */
export class PodServer<R extends ServedRequest> {
  private readonly slots: number;
  private readonly queueLimit: number;
  private readonly perRequest: number;
  private readonly memoryLimit: number;
  private readonly background: number;
  /** The background's grant below its demand, millicores (b − its share), and ∫ of it in mcµs. */
  private short = 0;
  private shortfall = 0;
  /** Direct requests in service (they take no slot), and which they are while any are. */
  private direct = 0;
  private directReqs: R[] = [];

  private capacity: number;
  /** G = min(capacity, perRequest·n). */
  private granted = 0;
  /** Requests in service. */
  private n = 0;
  private vInt = 0;
  private rem = 0;
  /** Time up to which V and the usage integral are advanced. */
  private last: Micros;
  private usage = 0;
  private memory: number;
  private baseline: number;
  private overLimit = false;
  private seq = 0;
  /** nextCompletionTime()'s answer while nextDirty is false. */
  private nextAt: Micros = NEVER;
  private nextDirty = false;

  // Min-heap of requests in service by (tag, seq), as parallel arrays.
  private tags = new Float64Array(16);
  private seqs = new Float64Array(16);
  private reqs: (R | undefined)[] = new Array<R | undefined>(16).fill(undefined);

  // FIFO wait queue as a ring buffer.
  private qReqs: (R | undefined)[] = new Array<R | undefined>(16).fill(undefined);
  private qHead = 0;
  private qCount = 0;

  constructor(
    settings: PodServerSettings,
    capacityMilli: number,
    private readonly listener: PodServerListener<R>,
    now: Micros = ZERO,
  ) {
    const { discipline, concurrency, queueLimit, perRequestMilli, baselineMemoryBytes, memoryLimitBytes } = settings;
    const backgroundMilli = settings.backgroundMilli ?? 0;
    if (!(Number.isInteger(backgroundMilli) && backgroundMilli >= 0)) throw new Error(`backgroundMilli must be an integer ≥ 0, got ${backgroundMilli}`);
    if (!(concurrency === Infinity || (Number.isInteger(concurrency) && concurrency >= 1))) {
      throw new Error(`concurrency must be an integer ≥ 1 or Infinity, got ${concurrency}`);
    }
    if (discipline === 'ProcessorSharing' && queueLimit !== 0) throw new Error('ProcessorSharing has no wait queue: queueLimit must be 0');
    if (discipline === 'FIFO' && concurrency === Infinity) throw new Error('FIFO needs a finite number of slots (concurrency)');
    if (!(queueLimit === Infinity || (Number.isInteger(queueLimit) && queueLimit >= 0))) {
      throw new Error(`queueLimit must be an integer ≥ 0 or Infinity, got ${queueLimit}`);
    }
    if (!(Number.isInteger(perRequestMilli) && perRequestMilli >= 1)) {
      throw new Error(`perRequestMilli must be an integer ≥ 1, got ${perRequestMilli}`);
    }
    if (!(Number.isInteger(baselineMemoryBytes) && baselineMemoryBytes >= 0)) {
      throw new Error(`baselineMemoryBytes must be an integer ≥ 0, got ${baselineMemoryBytes}`);
    }
    checkCapacity(capacityMilli);
    this.slots = concurrency;
    this.queueLimit = queueLimit;
    this.perRequest = perRequestMilli;
    this.memoryLimit = memoryLimitBytes;
    this.background = backgroundMilli;
    this.capacity = capacityMilli;
    this.baseline = baselineMemoryBytes;
    this.memory = baselineMemoryBytes;
    this.last = now;
    this.setGranted();
  }

  /** Requests in service. */
  get inService(): number {
    return this.n;
  }

  /** Requests waiting for a FIFO slot. */
  get queued(): number {
    return this.qCount;
  }

  /** Requests in flight: in service plus queued. */
  get inFlight(): number {
    return this.n + this.qCount;
  }

  /** The one request in flight when exactly one is, in service (undefined otherwise). */
  get soleRequest(): R | undefined {
    return this.n === 1 && this.qCount === 0 ? this.reqs[0] : undefined;
  }

  /** CPU the pod uses right now, millicores (G). */
  get cpuUsageMilli(): number {
    return this.granted;
  }

  /** CPU the pod could use right now without a cap (perRequestMilli per request in service, plus the background): its demand on the node. */
  get cpuDemandMilli(): number {
    return this.perRequest * this.n + this.background;
  }

  get capacityMilli(): number {
    return this.capacity;
  }

  /** Memory now: baseline + the memory of every request in flight, bytes. */
  get memoryBytes(): number {
    return this.memory;
  }

  /** ∫ G dt from construction to `now`, in millicore-µs (= CPU nanoseconds). Does not change the server. */
  usageIntegral(now: Micros): number {
    if (now < this.last) throw new Error(`usageIntegral(${now}): time went backwards (server at ${this.last})`);
    return this.usage + this.granted * (now - this.last);
  }

  /** ∫ (backgroundMilli − the background's grant) dt from construction to `now`, mcµs: the idle CPU the requests took. */
  backgroundShortfall(now: Micros): number {
    if (now < this.last) throw new Error(`backgroundShortfall(${now}): time went backwards (server at ${this.last})`);
    return this.shortfall + this.short * (now - this.last);
  }

  /**
   * A request arrives at `now`. Returns false when it is rejected (no slot and the queue is full, or the
   * ProcessorSharing in-flight limit is reached); a rejected request leaves no trace in the server.
   */
  arrive(req: R, now: Micros): boolean {
    const w = req.work;
    const m = req.memoryBytes;
    if (!(w >= 1) || w - floor(w) !== 0 || !(m >= 0) || m - floor(m) !== 0) {
      throw new Error(`request work must be a positive integer (mcµs) and memory a non-negative integer, got ${w}, ${req.memoryBytes}`);
    }
    this.advance(now);
    if (this.n - this.direct < this.slots) {
      this.admit(req);
    } else if (this.qCount < this.queueLimit) {
      this.enqueue(req);
    } else {
      return false;
    }
    this.memory += req.memoryBytes;
    if (!this.overLimit && this.memory > this.memoryLimit) {
      this.overLimit = true;
      this.listener.memoryLimitExceeded(this.memory, now);
    }
    return true;
  }

  /**
   * A direct request arrives at `now` (an exec probe's process): it enters service at once, whatever the slots,
   * queue or in-flight limit, and takes no slot. Never rejected.
   */
  arriveDirect(req: R, now: Micros): void {
    const w = req.work;
    if (!(w >= 1) || w - floor(w) !== 0 || req.memoryBytes !== 0) throw new Error(`direct request work must be a positive integer (mcµs) and its memory 0, got ${w}, ${req.memoryBytes}`);
    this.advance(now);
    this.direct++;
    this.directReqs.push(req);
    this.admit(req);
  }

  /** The CPU the pod can get changes at `now` (CPU limit, node share, 0 while the container is not running). */
  setCapacity(milli: number, now: Micros): void {
    checkCapacity(milli);
    this.advance(now);
    this.capacity = milli;
    this.setGranted();
  }

  /** The baseline memory changes at `now` (a leak, a restart); reports a crossing of the limit. */
  setBaselineMemory(bytes: number, now: Micros): void {
    if (!(Number.isInteger(bytes) && bytes >= 0)) throw new Error(`baseline memory must be an integer ≥ 0, got ${bytes}`);
    this.memory += bytes - this.baseline;
    this.baseline = bytes;
    this.checkMemoryDrop();
    if (!this.overLimit && this.memory > this.memoryLimit) {
      this.overLimit = true;
      this.listener.memoryLimitExceeded(this.memory, now);
    }
  }

  /** When the next request in service completes if nothing changes (integer µs), or Infinity. */
  nextCompletionTime(): Micros {
    if (this.nextDirty) this.computeNext();
    return this.nextAt;
  }

  /** nextCompletionTime's computation, out of line: the method stays small enough for V8 to inline at its callers. */
  private computeNext(): void {
    this.nextDirty = false;
    if (this.n === 0 || this.granted === 0) {
      this.nextAt = NEVER;
    } else {
      const need = (this.tags[0] - this.vInt) * this.n - this.rem;
      if (need > MAX_EXACT) throw new Error('request work × requests in service exceeds exact integer range');
      // ceilDiv of whole mcµs by millicores: whole µs.
      this.nextAt = need <= 0 ? this.last : micros(this.last + ceilDiv(need, this.granted));
    }
  }

  /**
   * Completes every request whose work is done by `now`, each at its own completion time (call it at
   * nextCompletionTime(); a later call catches up in order). Returns how many completed.
   */
  complete(now: Micros): number {
    let done = 0;
    for (;;) {
      const t = this.nextCompletionTime();
      if (t > now) break;
      this.advance(t);
      while (this.n > 0 && this.tags[0] <= this.vInt) {
        const req = this.popMin();
        if (this.direct > 0) this.dropDirect(req);
        this.setN(this.n - 1);
        this.memory -= req.memoryBytes;
        this.checkMemoryDrop();
        // A slot freed (a direct request holds none): the head of the queue enters service.
        if (this.qCount > 0 && this.n - this.direct < this.slots) this.admit(this.dequeue());
        if (this.n === 0) this.vInt = this.rem = 0; // idle: rebase the counter
        done++;
        this.listener.completed(req, t);
      }
    }
    this.advance(now);
    return done;
  }

  /**
   * The pod died at `now` (OOM kill, container exit, deletion, node loss): every request in flight fails, those in
   * service first in arrival order, then the queue in order. Memory returns to the baseline; capacity is kept.
   */
  failAll(now: Micros): number {
    this.advance(now);
    const inService: { seq: number; req: R }[] = [];
    for (let i = 0; i < this.n; i++) inService.push({ seq: this.seqs[i], req: this.reqs[i]! });
    inService.sort((a, b) => a.seq - b.seq);
    const waiting: R[] = [];
    while (this.qCount > 0) waiting.push(this.dequeue());
    for (let i = 0; i < this.n; i++) this.reqs[i] = undefined;
    this.direct = 0;
    this.directReqs = [];
    this.setN(0);
    this.vInt = this.rem = 0;
    this.memory = this.baseline;
    this.checkMemoryDrop();
    for (const x of inService) this.listener.failed(x.req, now);
    for (const r of waiting) this.listener.failed(r, now);
    return inService.length + waiting.length;
  }

  // --- internals -------------------------------------------------------------------------------------------

  private advance(now: Micros): void {
    const dt = now - this.last;
    if (dt === 0) return;
    if (dt < 0) throw new Error(`pod server: time went backwards (${now} < ${this.last})`);
    this.last = now;
    if (this.short !== 0) this.shortfall += this.short * dt;
    const g = this.granted;
    if (g === 0) return;
    const work = g * dt;
    this.usage += work;
    const total = this.rem + work;
    if (this.n === 1) {
      // One request in service (the common case): ⌊total/1⌋ = total, remainder 0, without a division.
      this.vInt += total;
      this.rem = 0;
      return;
    }
    const q = floorDiv(total, this.n);
    this.vInt += q;
    this.rem = total - q * this.n;
  }

  private setN(n: number): void {
    const old = this.n;
    this.n = n;
    this.rem = old > 0 && n > 0 && this.rem > 0 ? floorDiv(this.rem * n, old) : 0;
    this.setGranted();
  }

  private setGranted(): void {
    const n = this.n;
    const all = this.perRequest * n;
    const c = this.capacity;
    const b = this.background;
    if (b === 0) {
      this.granted = all < c ? all : c;
    } else {
      // Water-filling of C among the background (demand b) and n requests (demand p each); see the class comment.
      let g: number;
      if (all + b <= c) g = all;
      else if (b * (n + 1) <= c) g = c - b;
      else if (this.perRequest * (n + 1) <= c) g = all;
      else g = floorDiv(c * n, n + 1);
      this.granted = g;
      const bg = c - g < b ? c - g : b;
      this.short = b - bg;
    }
    this.nextDirty = true;
  }

  private dropDirect(req: R): void {
    const i = this.directReqs.indexOf(req);
    if (i < 0) return;
    this.directReqs.splice(i, 1);
    this.direct--;
  }

  private checkMemoryDrop(): void {
    if (this.overLimit && this.memory <= this.memoryLimit) this.overLimit = false;
  }

  private admit(req: R): void {
    if (req.work > MAX_EXACT - this.vInt) throw new Error(`request work ${req.work} is out of exact range`);
    const tag = this.vInt + req.work;
    const seq = this.seq++;
    req.startedAt = this.last;
    let i = this.n;
    if (i === this.tags.length) this.growHeap();
    const tags = this.tags;
    const seqs = this.seqs;
    const reqs = this.reqs;
    // Sift up.
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (tags[p] < tag || (tags[p] === tag && seqs[p] < seq)) break;
      tags[i] = tags[p];
      seqs[i] = seqs[p];
      reqs[i] = reqs[p];
      i = p;
    }
    tags[i] = tag;
    seqs[i] = seq;
    reqs[i] = req;
    this.setN(this.n + 1);
  }

  /** Removes the heap's minimum (n is updated by the caller). */
  private popMin(): R {
    const tags = this.tags;
    const seqs = this.seqs;
    const reqs = this.reqs;
    const top = reqs[0]!;
    const last = this.n - 1;
    const tag = tags[last];
    const seq = seqs[last];
    const req = reqs[last];
    reqs[last] = undefined;
    // Sift the last element down from the root over the heap of size `last`.
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      const r = c + 1;
      if (r < last && (tags[r] < tags[c] || (tags[r] === tags[c] && seqs[r] < seqs[c]))) c = r;
      if (tag < tags[c] || (tag === tags[c] && seq < seqs[c])) break;
      tags[i] = tags[c];
      seqs[i] = seqs[c];
      reqs[i] = reqs[c];
      i = c;
    }
    if (last > 0) {
      tags[i] = tag;
      seqs[i] = seq;
      reqs[i] = req;
    }
    return top;
  }

  private growHeap(): void {
    const size = this.tags.length * 2;
    const tags = new Float64Array(size);
    tags.set(this.tags);
    const seqs = new Float64Array(size);
    seqs.set(this.seqs);
    this.tags = tags;
    this.seqs = seqs;
    while (this.reqs.length < size) this.reqs.push(undefined);
  }

  private enqueue(req: R): void {
    const cap = this.qReqs.length;
    if (this.qCount === cap) {
      const bigger = new Array<R | undefined>(cap * 2).fill(undefined);
      for (let i = 0; i < this.qCount; i++) bigger[i] = this.qReqs[(this.qHead + i) % cap];
      this.qReqs = bigger;
      this.qHead = 0;
    }
    this.qReqs[(this.qHead + this.qCount) % this.qReqs.length] = req;
    this.qCount++;
  }

  private dequeue(): R {
    const req = this.qReqs[this.qHead]!;
    this.qReqs[this.qHead] = undefined;
    this.qHead = this.qHead + 1 === this.qReqs.length ? 0 : this.qHead + 1;
    this.qCount--;
    return req;
  }
}

function checkCapacity(milli: number): void {
  if (!(Number.isInteger(milli) && milli >= 0)) throw new Error(`CPU capacity must be an integer number of millicores ≥ 0, got ${milli}`);
}
