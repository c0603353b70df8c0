/**
 * client-go's EventCorrelator (tools/record/events_cache.go): aggregation of similar events, de-duplication into a
 * count, and the per-source/object spam filter. One instance per emitting process (each kubelet, the scheduler,
 * the controller-manager), as each has its own broadcaster. Pure state machine: `now` is passed to every call.
 */
import { seconds, US_PER_SECOND, type Micros } from '../engine/time';

export type EventType = 'Normal' | 'Warning';

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

interface LruEntry<V> {
  readonly key: string;
  value: V;
  newer: LruEntry<V> | undefined;
  older: LruEntry<V> | undefined;
  /** The interned object the key names (released when the entry is evicted); undefined for a custom spam key. */
  readonly ref: ObjectRef | undefined;
}

/**
 * An interned (source, involved object without fieldPath): the short id that stands for those seven fields in the
 * cache keys, and how many cache entries' keys use it. At 0 the interning is dropped, so the correlator's memory
 * stays bounded by its three caches as upstream's is; a later event of the object interns it again under a new id
 * (no key with the old id is left anywhere, so keys stay equal exactly when their fields are).
 */
interface ObjectRef {
  readonly fields: string;
  readonly id: string;
  refs: number;
}

/**
 * github.com/golang/groupcache/lru: Get and Add move a key to the front; Add evicts the oldest beyond max. A map
 * plus a doubly linked recency list, so a hit or an eviction costs O(1) and never re-inserts into the map (deleting
 * and re-adding map keys leaves holes that make finding the oldest key slow in a long run).
 */
class Lru<V> {
  private readonly map = new Map<string, LruEntry<V>>();
  private newest: LruEntry<V> | undefined;
  private oldest: LruEntry<V> | undefined;
  constructor(
    private readonly max: number,
    private readonly release: (ref: ObjectRef) => void,
  ) {}

  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    this.touch(e);
    return e.value;
  }

  /** `ref`: the interned object of `key` (counted here until the entry is evicted). */
  add(key: string, value: V, ref: ObjectRef | undefined): void {
    const e = this.map.get(key);
    if (e !== undefined) {
      e.value = value;
      this.touch(e);
      return;
    }
    if (ref !== undefined) ref.refs++; // before the eviction below, so the caller's object stays interned
    const fresh: LruEntry<V> = { key, value, newer: undefined, older: this.newest, ref };
    if (this.newest) this.newest.newer = fresh;
    this.newest = fresh;
    if (!this.oldest) this.oldest = fresh;
    this.map.set(key, fresh);
    if (this.max > 0 && this.map.size > this.max) {
      const old = this.oldest!;
      this.unlink(old);
      this.map.delete(old.key);
      if (old.ref !== undefined && --old.ref.refs === 0) this.release(old.ref);
    }
  }

  private touch(e: LruEntry<V>): void {
    if (this.newest === e) return;
    this.unlink(e);
    e.older = this.newest;
    e.newer = undefined;
    if (this.newest) this.newest.newer = e;
    this.newest = e;
    if (!this.oldest) this.oldest = e;
  }

  private unlink(e: LruEntry<V>): void {
    if (e.newer) e.newer.older = e.older;
    else this.newest = e.older;
    if (e.older) e.older.newer = e.newer;
    else this.oldest = e.newer;
    e.newer = e.older = undefined;
  }
}

/**
 * golang.org/x/time/rate Limiter as client-go's tokenBucketPassiveRateLimiter.TryAccept uses it (AllowN(now, 1)),
 * with its float arithmetic: tokens += elapsed.Seconds() × limit (capped at burst); accept when the wait for the
 * missing fraction, truncated to whole nanoseconds, is 0. A refused call leaves the state untouched.
 */
class TokenBucket {
  private tokens = 0;
  private last: Micros | undefined = undefined; // undefined = Go's zero time: the bucket starts full
  constructor(
    private readonly limit: number,
    private readonly burst: number,
  ) {}

  tryAccept(now: Micros): boolean {
    let tokens: number;
    if (this.last === undefined) {
      tokens = this.burst;
    } else {
      const last = now < this.last ? now : this.last;
      const elapsed = now - last;
      const sec = Math.trunc(elapsed / US_PER_SECOND);
      const nsec = (elapsed - sec * US_PER_SECOND) * 1000;
      tokens = Math.min(this.burst, this.tokens + (sec + nsec / 1e9) * this.limit);
    }
    tokens -= 1;
    const waitNs = tokens < 0 ? Math.trunc((-tokens / this.limit) * 1e9) : 0;
    if (1 > this.burst || waitNs > 0) return false;
    this.last = now;
    this.tokens = tokens;
    return true;
  }
}

interface AggregateRecord {
  /**
   * Distinct messages seen, in insertion order so the one dropped at the cap is deterministic (see below). An array
   * of exactly its length (replaced, not grown), not a Set: at most aggregateMaxEvents (10) entries, mostly one, and
   * one record per (object, reason) lives in the cache.
   */
  localKeys: readonly string[];
  lastTimestamp: Micros;
}

interface EventLog {
  readonly count: number;
  readonly firstTimestamp: Micros;
  readonly name: string;
}

/**
 * The three cache keys of events_cache.go, built from one shared prefix instead of three joins: upstream joins the
 * fields with "" (so component "ab" + host "c" and "a" + "bc" collide); a NUL between fields keeps the same
 * grouping without those accidental collisions. The field order differs from upstream's (the keys are only compared
 * for equality, and each field stays in a fixed position, so equal keys still mean equal fields):
 * - spam key (getSpamKey in current client-go): source, involved object without fieldPath, type. `event.Type` was
 *   added by kubernetes/kubernetes PR #124747 (2024); the reason is not part of it, so all reasons of one type
 *   share a bucket per source and object;
 * - aggregate key (EventAggregatorByReasonFunc; ReportingController/Instance are constant per recorder here): the
 *   spam key's fields and the reason (the local key is the message);
 * - event key (getEventKey, the de-duplication key): the aggregate key's fields, fieldPath and message.
 * The seven source and object fields enter the keys as one interned short id (`objectFields` joined once per event
 * into a flat string, looked up in `EventCorrelator.objects`), so a cache entry holds a short key instead of a long
 * string tree per event: the caches of a 100,000-pod run held about 6 KiB per pod before (issue #13).
 */
function objectFields(e: EventRecord, parts: string[]): string {
  const o = e.involvedObject;
  parts[0] = e.source.component;
  parts[1] = e.source.host ?? '';
  parts[2] = o.kind;
  parts[3] = o.namespace;
  parts[4] = o.name;
  parts[5] = o.uid;
  parts[6] = o.apiVersion ?? '';
  return parts.join('\u0000'); // a flat string (a template literal would build a tree of cons strings)
}

/** getSpamKey's fields, for a recorder's own SpamKeyFunc to compare with (the default is computed from the interned id). */
function spamKey(e: EventRecord): string {
  return `${objectFields(e, new Array<string>(7))}\u0000${e.type}`;
}

/** Joined into flat strings: a template literal's tree of cons strings, kept as a cache key, costs ~32 bytes a node. */
function aggregateKey(spam: string, e: EventRecord): string {
  return [spam, e.reason].join('\u0000');
}

function eventKey(aggregate: string, e: EventRecord): string {
  return [aggregate, e.involvedObject.fieldPath ?? '', e.message].join('\u0000');
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
  private readonly aggregates: Lru<AggregateRecord>;
  private readonly logs: Lru<EventLog>;
  private readonly buckets: Lru<TokenBucket>;

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
    const release = (ref: ObjectRef) => this.objects.delete(ref.fields);
    this.aggregates = new Lru(size, release);
    this.logs = new Lru(size, release);
    this.buckets = new Lru(size, release);
  }

  /** The interned objects (see objectFields) that some cache entry's key names. */
  private readonly objects = new Map<string, ObjectRef>();
  private readonly parts = new Array<string>(7);
  /** Ids are never reused (a counter, base 36), so a key with an old id can never match a new object. */
  private nextId = 0;

  private intern(e: EventRecord): ObjectRef {
    const fields = objectFields(e, this.parts);
    let ref = this.objects.get(fields);
    if (ref === undefined) {
      ref = { fields, id: (this.nextId++).toString(36), refs: 0 };
      this.objects.set(fields, ref);
    }
    return ref;
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
    let message = event.message;
    const ref = this.intern(event);
    const spam = `${ref.id}\u0000${event.type}`;
    const aggKey = aggregateKey(spam, event);
    let cacheKey = eventKey(aggKey, event);

    // EventAggregator.EventAggregate
    if (this.aggregation) {
      let record = this.aggregates.get(aggKey);
      if (record === undefined || now - record.lastTimestamp > this.interval) {
        record = { localKeys: [], lastTimestamp: now };
      }
      if (!record.localKeys.includes(event.message)) record.localKeys = record.localKeys.concat(event.message);
      record.lastTimestamp = now;
      this.aggregates.add(aggKey, record, ref);
      if (record.localKeys.length >= this.maxEvents) {
        // "do not grow our local key set any larger than max": upstream PopAny drops an arbitrary member (Go map
        // order); here the oldest, so a run is reproducible. Which one goes only decides whether a later repeat of
        // an old message is combined or counted on its own event.
        record.localKeys = record.localKeys.slice(1);
        message = COMBINED_MESSAGE_PREFIX + event.message;
        cacheKey = aggKey;
      }
    }

    // eventLogger.eventObserve
    const last = this.logs.get(cacheKey);
    const log: EventLog =
      last !== undefined && last.count > 0
        ? { count: last.count + 1, firstTimestamp: last.firstTimestamp, name: last.name }
        : { count: 1, firstTimestamp: now, name: this.eventName(event.involvedObject.name, now) };
    this.logs.add(cacheKey, log, ref);

    // EventSourceObjectSpamFilter.Filter
    if (this.spamFiltering) {
      // the combined message does not enter the spam key; a recorder's own SpamKeyFunc replaces the default one
      const own = this.spamKeyOf === spamKey;
      const key = own ? spam : this.spamKeyOf(event);
      let bucket = this.buckets.get(key);
      if (bucket === undefined) bucket = new TokenBucket(this.limit, this.burst);
      const accepted = bucket.tryAccept(now);
      this.buckets.add(key, bucket, own ? ref : undefined);
      if (!accepted) return null;
    }

    // An explicit literal, not a spread: this runs for every Event of a run.
    return {
      type: event.type,
      reason: event.reason,
      message,
      involvedObject: event.involvedObject,
      source: event.source,
      name: log.name,
      count: log.count,
      firstTimestamp: log.firstTimestamp,
      lastTimestamp: now,
      isNew: log.count === 1,
    };
  }
}
