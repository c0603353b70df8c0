/**
 * client-go's EventCorrelator (tools/record/events_cache.go): aggregation of similar events, de-duplication into a
 * count, and the per-source/object spam filter. One instance per emitting process (each kubelet, the scheduler,
 * the controller-manager), as each has its own broadcaster. Pure state machine: `now` is passed to every call.
 */
import { micros, seconds, US_PER_SECOND, ZERO, type Micros } from '../engine/time';

export type EventType = 'Normal' | 'Warning';

/** The involved object's fields observe() keys on (no apiVersion: the simulator's Events carry none). */
export interface ObjectFields {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly fieldPath?: string;
}

export interface InvolvedObject {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly apiVersion?: string;
  /** e.g. `spec.containers{app}` for container events. */
  readonly fieldPath?: string;
}

export interface EventSource {
  readonly component: string;
  /** The node name for kubelet events. */
  readonly host?: string;
}

export interface EventRecord {
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
  readonly involvedObject: InvolvedObject;
  readonly source: EventSource;
}

/** The event as the recorder would write it after correlation. */
export interface RecordedEvent extends EventRecord {
  /** metadata.name: `<involvedObject.name>.<hex of UnixNano>` of the first occurrence (makeEvent). */
  readonly name: string;
  readonly count: number;
  readonly firstTimestamp: Micros;
  readonly lastTimestamp: Micros;
  /** true = created (count 1), false = an existing Event patched with a new count/lastTimestamp/message. */
  readonly isNew: boolean;
}

export interface EventCorrelatorOptions {
  /** EventAggregator on (default). */
  readonly aggregate?: boolean;
  /** EventSourceObjectSpamFilter on (default). */
  readonly spamFilter?: boolean;
  /** defaultSpamBurst = 25. */
  readonly spamBurst?: number;
  /** CorrelatorOptions.SpamKeyFunc; default getSpamKey (source, involved object, type). */
  readonly spamKey?: (e: EventRecord) => string;
  /** defaultSpamQPS = 1/300, held as float32 like upstream (so one token refills in just under 300 s). */
  readonly spamQps?: number;
  /** defaultAggregateMaxEvents = 10. */
  readonly aggregateMaxEvents?: number;
  /** defaultAggregateIntervalInSeconds = 600 s. */
  readonly aggregateInterval?: Micros;
  /** maxLruCacheEntries = 4096, for each of the three caches. */
  readonly cacheSize?: number;
  /** Unix time in ns of simulation time 0, for event names only. Default 0. */
  readonly epochUnixNano?: bigint;
}

export const COMBINED_MESSAGE_PREFIX = '(combined from similar events): ';

/**
 * An interned (source, involved object without fieldPath), found by its uid (`next`: another object of the same uid
 * with other fields): the cache entries whose keys name it, and how many there are. When the last one is evicted the
 * interning is dropped, so the correlator's memory stays bounded by its three caches as upstream's is; a later event
 * of the object interns it again, afresh (no entry of the old one is left anywhere, so keys stay equal exactly when
 * their fields are).
 */
interface ObjectRef {
  readonly component: string;
  readonly host: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly apiVersion: string;
  next: ObjectRef | undefined;
  refs: number;
  /** The first entry (its index, 0 = none) of each cache under this object (then the cache's `sibling`). */
  aggregates: number;
  logs: number;
  buckets: number;
}

/**
 * github.com/golang/groupcache/lru's recency order and size limit over entries kept by their objects: `touch` (Get,
 * or Add of a present key) moves an entry to the front; `insert` (Add of a new key) puts it in front and evicts the
 * oldest beyond max. A doubly linked list, so a hit or an eviction costs O(1).
 *
 * Entries are indexes (from 1; 0 = none) into lists, one list per field, rather than objects (issue #13: a kubelet's
 * caches hold about a dozen entries per pod, 100,000 pods in the lifecycle at scale): a field costs one list slot,
 * a time is an unboxed double (an object's number field past 2^31 µs is a heap number of its own), and the collector
 * has a few lists per cache to trace instead of an object per entry. An evicted entry's index is reused, so a cache's
 * lists never hold more than its most entries at once. The subclasses add their own fields' lists.
 *
 * Numeric fields are typed arrays (an index or a small integer in 4 bytes, a time in 8), grown by half when a new
 * index needs room, rather than lists of 8-byte slots (issue #13: the 5,000 kubelets' caches held ≈ 110 MiB of lists
 * at the end of the lifecycle at scale; growing by a quarter made ≈ 4 % of its CPU profile allocating typed arrays).
 * All of a cache's typed lists are views of one buffer, made at the first entry and again at each growth (see Carver):
 * a typed array of its own was an ArrayBuffer of its own, ≈ 280,000 of them allocated in the lifecycle at scale,
 * 3 % of its CPU profile in grown32/grown64 alone. Only indexes below `fresh` are ever read.
 */
abstract class Lru {
  size = 0;
  private newest = 0;
  private oldest = 0;
  /** The next never-used index (the typed lists have room for `capacity`: none before the first entry). */
  private fresh = 1;
  private capacity = 0;
  /** Recency neighbours. */
  private newer = NO_INT32;
  private older = NO_INT32;
  /** The next entry of the same cache under the same object (a short list: a pod has a few of each); for a freed index, the next free one. */
  sibling = NO_INT32;
  /** The interned object the entry's key names (undefined for a custom spam key, and for a freed index). */
  readonly ref: (ObjectRef | undefined)[] = [undefined];
  /** Freed indexes, chained through `sibling`. */
  private free = 0;

  constructor(
    private readonly max: number,
    private readonly evicted: (e: number) => void,
  ) {}

  /** An index for a new entry (a freed one first) with its object and sibling set; the caller sets its own fields with `put`. */
  protected alloc(ref: ObjectRef | undefined, sibling: number): number {
    let e = this.free;
    if (e !== 0) {
      this.free = this.sibling[e];
      this.sibling[e] = sibling;
      this.ref[e] = ref;
      return e;
    }
    e = this.fresh++;
    if (e >= this.capacity) {
      // Even, so every list's length in bytes is a multiple of 8 and the Float64Array views stay aligned.
      const capacity = e === 1 ? INITIAL_CAPACITY : (e + (e >> 1) + 5) & ~1;
      const c = new Carver(capacity, 12 + this.bytesPerEntry);
      this.newer = c.int32(this.newer);
      this.older = c.int32(this.older);
      this.sibling = c.int32(this.sibling);
      this.growFields(c);
      this.capacity = capacity;
    }
    this.newer[e] = 0;
    this.older[e] = 0;
    this.sibling[e] = sibling;
    this.ref.push(ref);
    return e;
  }

  /** Bytes of the subclass's own typed lists per entry (4 per Int32Array, 8 per Float64Array). */
  protected abstract readonly bytesPerEntry: number;

  /** The subclass's typed lists, each replaced by `c`'s copy with room for the new capacity. */
  protected abstract growFields(c: Carver): void;

  /** The entry left the cache: its index is free again (its own fields are overwritten when it is reused). */
  protected release(e: number): void {
    this.ref[e] = undefined;
    this.sibling[e] = this.free;
    this.free = e;
  }

  touch(e: number): void {
    if (this.newest === e) return;
    this.unlink(e);
    this.front(e);
  }

  /** `e` is new (its object already counts it): in front, then the oldest goes when the cache is over its size. */
  insert(e: number): void {
    this.front(e);
    this.size++;
    if (this.max > 0 && this.size > this.max) {
      const old = this.oldest;
      this.unlink(old);
      this.size--;
      this.evicted(old);
      this.dropFields(old);
      this.release(old);
    }
  }

  /** Lets go of what an evicted entry's own fields hold (strings), before its index is freed. */
  protected abstract dropFields(e: number): void;

  private front(e: number): void {
    const n = this.newest;
    this.older[e] = n;
    this.newer[e] = 0;
    if (n !== 0) this.newer[n] = e;
    this.newest = e;
    if (this.oldest === 0) this.oldest = e;
  }

  private unlink(e: number): void {
    const newer = this.newer[e];
    const older = this.older[e];
    if (newer !== 0) this.older[newer] = older;
    else this.newest = older;
    if (older !== 0) this.newer[older] = newer;
    else this.oldest = newer;
    this.newer[e] = this.older[e] = 0;
  }
}

/** Room for the first entries of a cache before its typed lists grow (a kubelet's caches hold about 100). Even (see alloc). */
const INITIAL_CAPACITY = 16;

/** A cache's lists before its first entry (never read: no index is handed out yet). */
const NO_INT32 = new Int32Array(0);
const NO_FLOAT64 = new Float64Array(0);

/**
 * One new zeroed buffer for all of a cache's typed lists at a capacity, handed out list by list, each a copy of the
 * list it replaces (the rest zero). The capacity is even, so every offset is a multiple of 8.
 */
class Carver {
  private readonly buffer: ArrayBuffer;
  private offset = 0;

  constructor(
    private readonly capacity: number,
    bytesPerEntry: number,
  ) {
    this.buffer = new ArrayBuffer(capacity * bytesPerEntry);
  }

  int32(a: Int32Array): Int32Array<ArrayBuffer> {
    const b = new Int32Array(this.buffer, this.offset, this.capacity);
    b.set(a);
    this.offset += 4 * this.capacity;
    return b;
  }

  float64(a: Float64Array): Float64Array<ArrayBuffer> {
    const b = new Float64Array(this.buffer, this.offset, this.capacity);
    b.set(a);
    this.offset += 8 * this.capacity;
    return b;
  }
}

/** `list[e] = v`, appending when `e` is a new index (indexes are handed out in order, so `e` ≤ the length). */
function put<T>(list: T[], e: number, v: T): void {
  if (e === list.length) list.push(v);
  else list[e] = v;
}

/** The aggregate cache: key (object, type, reason); value the distinct messages and the last time. */
class AggregateCache extends Lru {
  /** Type and reason as the correlator's number for them (see typeReason). */
  typeReason = NO_INT32;
  /**
   * Distinct messages seen, in insertion order so the one dropped at the cap is deterministic (see correlateFields):
   * one message as the string itself (the common case: no array per entry), more as an array of exactly their number
   * (replaced, not grown), not a Set: at most aggregateMaxEvents (10) entries. See the LocalKeys helpers.
   */
  readonly localKeys: LocalKeys[] = [NO_KEYS];
  /** Micros. */
  lastTimestamp = NO_FLOAT64;

  add(ref: ObjectRef, typeReason: number, localKeys: LocalKeys, now: Micros): number {
    const e = this.alloc(ref, ref.aggregates);
    this.typeReason[e] = typeReason;
    put(this.localKeys, e, localKeys);
    this.lastTimestamp[e] = now;
    return e;
  }

  protected readonly bytesPerEntry = 4 + 8;

  protected growFields(c: Carver): void {
    this.typeReason = c.int32(this.typeReason);
    this.lastTimestamp = c.float64(this.lastTimestamp);
  }

  protected dropFields(e: number): void {
    this.localKeys[e] = NO_KEYS;
  }
}

/**
 * The count cache: key (object, type, reason, fieldPath, message), or (object, type, reason) alone for the combined
 * event of an aggregate (`combined`; the full key is always longer, so the two never collide).
 */
class LogCache extends Lru {
  /** typeReason × 2 + 1 when combined. */
  key = NO_INT32;
  readonly fieldPath: string[] = [''];
  readonly message: string[] = [''];
  /** eventObserve's count (a double: any count a number holds) and the first occurrence's time in Micros (the Event's name is made from it when asked for). */
  count = NO_FLOAT64;
  firstTimestamp = NO_FLOAT64;

  add(ref: ObjectRef, key: number, fieldPath: string, message: string, now: Micros): number {
    const e = this.alloc(ref, ref.logs);
    this.key[e] = key;
    put(this.fieldPath, e, fieldPath);
    put(this.message, e, message);
    this.count[e] = 1;
    this.firstTimestamp[e] = now;
    return e;
  }

  protected readonly bytesPerEntry = 4 + 8 + 8;

  protected growFields(c: Carver): void {
    this.key = c.int32(this.key);
    this.count = c.float64(this.count);
    this.firstTimestamp = c.float64(this.firstTimestamp);
  }

  protected dropFields(e: number): void {
    this.fieldPath[e] = '';
    this.message[e] = '';
  }
}

/**
 * The spam filter cache: key (object, type), or a recorder's own spam key string; and each entry's token bucket
 * state (see acceptToken; limit and burst are the correlator's).
 */
class BucketCache extends Lru {
  /** 0 Normal, 1 Warning. */
  type = NO_INT32;
  /** A recorder's own spam key (then no object), else undefined. */
  readonly key: (string | undefined)[] = [undefined];
  tokens = NO_FLOAT64;
  /** The last accepted time; NEVER = Go's zero time (the bucket starts full). */
  last = NO_FLOAT64;

  add(ref: ObjectRef | undefined, sibling: number, type: number, key: string | undefined): number {
    const e = this.alloc(ref, sibling);
    this.type[e] = type;
    put(this.key, e, key);
    this.tokens[e] = 0;
    this.last[e] = NEVER;
    return e;
  }

  protected readonly bytesPerEntry = 4 + 8 + 8;

  protected growFields(c: Carver): void {
    this.type = c.int32(this.type);
    this.tokens = c.float64(this.tokens);
    this.last = c.float64(this.last);
  }

  protected dropFields(e: number): void {
    this.key[e] = undefined;
  }
}

/** A bucket's `last` before its first accepted event (simulation times are never negative). */
const NEVER = -1;

/**
 * golang.org/x/time/rate Limiter as client-go's tokenBucketPassiveRateLimiter.TryAccept uses it (AllowN(now, 1)),
 * with its float arithmetic: tokens += elapsed.Seconds() × limit (capped at burst); accept when the wait for the
 * missing fraction, truncated to whole nanoseconds, is 0. A refused call leaves the state untouched.
 */
function acceptToken(b: BucketCache, e: number, limit: number, burst: number, now: Micros): boolean {
  let tokens: number;
  const was = b.last[e];
  if (was === NEVER) {
    tokens = burst;
  } else {
    const last = now < was ? now : was;
    const elapsed = now - last;
    const sec = Math.trunc(elapsed / US_PER_SECOND);
    const nsec = (elapsed - sec * US_PER_SECOND) * 1000;
    tokens = Math.min(burst, b.tokens[e] + (sec + nsec / 1e9) * limit);
  }
  tokens -= 1;
  const waitNs = tokens < 0 ? Math.trunc((-tokens / limit) * 1e9) : 0;
  if (1 > burst || waitNs > 0) return false;
  b.last[e] = now;
  b.tokens[e] = tokens;
  return true;
}

/** An aggregate entry's distinct messages in insertion order: none, one (the string), or several. */
type LocalKeys = string | readonly string[];

const NO_KEYS: readonly string[] = [];

function keysHave(k: LocalKeys, message: string): boolean {
  return typeof k === 'string' ? k === message : k.includes(message);
}

/** `k` with `message` appended (a new value; `k` is not changed). */
function keysPlus(k: LocalKeys, message: string): LocalKeys {
  if (typeof k === 'string') return [k, message];
  return k.length === 0 ? message : k.concat(message);
}

function keysCount(k: LocalKeys): number {
  return typeof k === 'string' ? 1 : k.length;
}

/** `k` without its oldest message. */
function keysLessOldest(k: LocalKeys): LocalKeys {
  if (typeof k === 'string') return NO_KEYS;
  return k.length === 2 ? k[1] : k.slice(1);
}

/** The list (through `sibling`) starting at `head` without `e` (which is on it): its new head. */
function unlinked(sibling: Int32Array, head: number, e: number): number {
  if (head === e) return sibling[e];
  let x = head;
  while (sibling[x] !== e) x = sibling[x];
  sibling[x] = sibling[e];
  return head;
}

/**
 * The three cache keys of events_cache.go, compared field by field instead of joined into strings (upstream joins
 * the fields with "", so component "ab" + host "c" and "a" + "bc" collide; comparing fields keeps the same grouping
 * without those accidental collisions):
 * - spam key (getSpamKey in current client-go): source, involved object without fieldPath, type. `event.Type` was
 *   added by kubernetes/kubernetes PR #124747 (2024); the reason is not part of it, so all reasons of one type
 *   share a bucket per source and object;
 * - aggregate key (EventAggregatorByReasonFunc; ReportingController/Instance are constant per recorder here): the
 *   spam key's fields and the reason (the local key is the message);
 * - event key (getEventKey, the de-duplication key): the aggregate key's fields, fieldPath and message.
 * The seven source and object fields are one interned object (found by uid), and each cache entry hangs off its
 * object, so finding a key is a look-up by the uid string (whose hash the string keeps) and a scan of the object's
 * few entries: no key string is built or hashed per event, and an entry holds no key string (issue #13).
 */

/** getSpamKey's fields joined, for a recorder's own SpamKeyFunc to compare with (the default compares fields). */
function spamKey(e: EventRecord): string {
  const o = e.involvedObject;
  return [e.source.component, e.source.host ?? '', o.kind, o.namespace, o.name, o.uid, o.apiVersion ?? '', e.type].join('\u0000');
}

export class EventCorrelator {
  private readonly aggregation: boolean;
  private readonly spamFiltering: boolean;
  private readonly spamKeyOf: (e: EventRecord) => string;
  private readonly burst: number;
  private readonly limit: number;
  private readonly maxEvents: number;
  private readonly interval: Micros;
  private readonly epoch: bigint;
  private readonly aggregates: AggregateCache;
  private readonly logs: LogCache;
  private readonly buckets: BucketCache;
  /** Spam filter entries under a recorder's own spam key (no object: its key is the string). */
  private readonly ownBuckets = new Map<string, number>();
  /** Each reason's number (in order of first use): an entry keeps type and reason as one number, typeReason(). */
  private readonly reasons = new Map<string, number>();

  constructor(options: EventCorrelatorOptions = {}) {
    this.aggregation = options.aggregate ?? true;
    this.spamFiltering = options.spamFilter ?? true;
    this.spamKeyOf = options.spamKey ?? spamKey;
    this.burst = options.spamBurst ?? 25;
    this.limit = Math.fround(options.spamQps ?? 1 / 300);
    this.maxEvents = options.aggregateMaxEvents ?? 10;
    this.interval = options.aggregateInterval ?? seconds(600);
    this.epoch = options.epochUnixNano ?? 0n;
    const size = options.cacheSize ?? 4096;
    this.aggregates = new AggregateCache(size, (e) => {
      const ref = this.aggregates.ref[e]!;
      ref.aggregates = unlinked(this.aggregates.sibling, ref.aggregates, e);
      this.release(ref);
    });
    this.logs = new LogCache(size, (e) => {
      const ref = this.logs.ref[e]!;
      ref.logs = unlinked(this.logs.sibling, ref.logs, e);
      this.release(ref);
    });
    this.buckets = new BucketCache(size, (e) => {
      const ref = this.buckets.ref[e];
      if (ref === undefined) this.ownBuckets.delete(this.buckets.key[e]!);
      else {
        ref.buckets = unlinked(this.buckets.sibling, ref.buckets, e);
        this.release(ref);
      }
    });
  }

  /** Type and reason as one number: the reason's number × 2, + 1 for Warning. */
  private typeReason(type: EventType, reason: string): number {
    let id = this.reasons.get(reason);
    if (id === undefined) {
      id = this.reasons.size;
      this.reasons.set(reason, id);
    }
    return id * 2 + (type === 'Warning' ? 1 : 0);
  }

  /** The interned objects (see ObjectRef) that some cache entry's key names, by uid. */
  private readonly objects = new Map<string, ObjectRef>();

  private intern(o: ObjectFields, apiVersion: string, component: string, host: string): ObjectRef {
    const first = this.objects.get(o.uid);
    for (let r = first; r !== undefined; r = r.next) {
      if (r.component === component && r.host === host && r.kind === o.kind && r.namespace === o.namespace && r.name === o.name && r.apiVersion === apiVersion) return r;
    }
    const ref: ObjectRef = { component, host, kind: o.kind, namespace: o.namespace, name: o.name, uid: o.uid, apiVersion, next: first, refs: 0, aggregates: 0, logs: 0, buckets: 0 };
    this.objects.set(o.uid, ref);
    return ref;
  }

  /** An entry of `ref` left its cache: the object's interning goes with its last entry. */
  private release(ref: ObjectRef): void {
    if (--ref.refs > 0) return;
    const first = this.objects.get(ref.uid)!;
    if (first === ref) {
      if (ref.next === undefined) this.objects.delete(ref.uid);
      else this.objects.set(ref.uid, ref.next);
      return;
    }
    let r = first;
    while (r.next !== ref) r = r.next!;
    r.next = ref.next;
  }

  /** makeEvent's name: `<name>.<%x of UnixNano>`. */
  eventName(involvedObjectName: string, now: Micros): string {
    // Many events share an instant: the hex of the last one is kept.
    if (now !== this.hexAt) {
      this.hexAt = now;
      this.hex = (this.epoch + BigInt(now) * 1000n).toString(16);
    }
    return `${involvedObjectName}.${this.hex}`;
  }
  private hexAt: Micros | undefined = undefined;
  private hex = '';

  /**
   * events_cache.go : (*EventCorrelator).EventCorrelate: aggregate, then observe (count), then filter. Returns the
   * event as it would be written, or null when the spam filter drops it. A dropped event still updates the
   * aggregation and count caches, as upstream, so a later accepted repeat carries the full count.
   */
  correlate(event: EventRecord, now: Micros): RecordedEvent | null {
    const o = event.involvedObject;
    const count = this.correlateFields(event.type, event.reason, event.message, o, o.apiVersion ?? '', event.source.component, event.source.host, now, event);
    if (count === 0) return null;
    // The name is made only when read (the trace does not show it), so no cache entry keeps a name string.
    const firstTimestamp = this.firstTimestamp;
    const objectName = event.involvedObject.name;
    const self = this;
    return {
      type: event.type,
      reason: event.reason,
      message: this.message,
      involvedObject: event.involvedObject,
      source: event.source,
      get name() {
        return self.eventName(objectName, firstTimestamp);
      },
      count,
      firstTimestamp,
      lastTimestamp: now,
      isNew: count === 1,
    };
  }

  /** The message of the event the last observe() accepted (the combined form when aggregated). */
  message = '';
  /** The first occurrence's time of the event the last observe() accepted. */
  firstTimestamp: Micros = ZERO;

  /**
   * correlate() without a record in or out (the simulator's emitters call it once per Event, so it allocates nothing
   * per call beyond new cache entries): the same caches, in the same order, and the same verdict. Returns the count
   * of the event as it would be written (`message` and `firstTimestamp` hold the rest), or 0 when the spam filter
   * drops it.
   */
  observe(type: EventType, reason: string, eventMessage: string, object: ObjectFields, component: string, host: string | undefined, now: Micros): number {
    return this.correlateFields(type, reason, eventMessage, object, '', component, host, now, undefined);
  }

  /** correlate() over the event's fields; `event` is the record a recorder's own spam key reads (made when absent). */
  private correlateFields(type: EventType, reason: string, eventMessage: string, object: ObjectFields, apiVersion: string, component: string, host: string | undefined, now: Micros, event: EventRecord | undefined): number {
    let message = eventMessage;
    const ref = this.intern(object, apiVersion, component, host ?? '');
    const typeReason = this.typeReason(type, reason);
    let combined = false;

    // EventAggregator.EventAggregate: Get (a hit moves the key to the front), then Add.
    if (this.aggregation) {
      const agg = this.aggregates;
      let entry = ref.aggregates;
      while (entry !== 0 && agg.typeReason[entry] !== typeReason) entry = agg.sibling[entry];
      // A record older than the interval starts afresh (the entry keeps its place: Add of a present key).
      let localKeys: LocalKeys = entry === 0 || now - agg.lastTimestamp[entry] > this.interval ? NO_KEYS : agg.localKeys[entry];
      if (!keysHave(localKeys, eventMessage)) localKeys = keysPlus(localKeys, eventMessage);
      if (entry !== 0) {
        agg.localKeys[entry] = localKeys;
        agg.lastTimestamp[entry] = now;
        agg.touch(entry);
      } else {
        entry = agg.add(ref, typeReason, localKeys, now);
        ref.aggregates = entry;
        ref.refs++; // before the eviction in insert, so this object stays interned
        agg.insert(entry);
      }
      if (keysCount(agg.localKeys[entry]) >= this.maxEvents) {
        // "do not grow our local key set any larger than max": upstream PopAny drops an arbitrary member (Go map
        // order); here the oldest, so a run is reproducible. Which one goes only decides whether a later repeat of
        // an old message is combined or counted on its own event.
        agg.localKeys[entry] = keysLessOldest(agg.localKeys[entry]);
        message = COMBINED_MESSAGE_PREFIX + eventMessage;
        combined = true;
      }
    }

    // eventLogger.eventObserve
    const fieldPath = object.fieldPath ?? '';
    const logs = this.logs;
    const logKey = combined ? typeReason * 2 + 1 : typeReason * 2;
    let logEntry = ref.logs;
    while (logEntry !== 0 && !(logs.key[logEntry] === logKey && (combined || (logs.fieldPath[logEntry] === fieldPath && logs.message[logEntry] === eventMessage)))) {
      logEntry = logs.sibling[logEntry];
    }
    if (logEntry !== 0) {
      logs.count[logEntry]++;
      logs.touch(logEntry);
    } else {
      logEntry = logs.add(ref, logKey, combined ? '' : fieldPath, combined ? '' : eventMessage, now);
      ref.logs = logEntry;
      ref.refs++;
      logs.insert(logEntry);
    }

    // EventSourceObjectSpamFilter.Filter
    if (this.spamFiltering) {
      // the combined message does not enter the spam key; a recorder's own SpamKeyFunc replaces the default one
      const own = this.spamKeyOf !== spamKey;
      const key = own ? this.spamKeyOf(event ?? { type, reason, message: eventMessage, involvedObject: { kind: object.kind, namespace: object.namespace, name: object.name, uid: object.uid, fieldPath: object.fieldPath }, source: { component, host } }) : undefined;
      const buckets = this.buckets;
      const typeBit = type === 'Warning' ? 1 : 0;
      let entry: number;
      if (own) entry = this.ownBuckets.get(key!) ?? 0;
      else {
        entry = ref.buckets;
        while (entry !== 0 && buckets.type[entry] !== typeBit) entry = buckets.sibling[entry];
      }
      let accepted: boolean;
      if (entry !== 0) {
        accepted = acceptToken(buckets, entry, this.limit, this.burst, now);
        buckets.touch(entry);
      } else {
        entry = buckets.add(own ? undefined : ref, own ? 0 : ref.buckets, typeBit, key);
        accepted = acceptToken(buckets, entry, this.limit, this.burst, now);
        if (own) this.ownBuckets.set(key!, entry);
        else {
          ref.buckets = entry;
          ref.refs++;
        }
        buckets.insert(entry);
      }
      if (!accepted) return 0;
    }

    this.message = message;
    this.firstTimestamp = micros(logs.firstTimestamp[logEntry]); // µs read back from a typed list
    return logs.count[logEntry];
  }
}
