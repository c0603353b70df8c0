/**
 * The client-go event correlator against TV-11.1 … TV-11.4 (kubernetes-vectors.md) and the edges of
 * events_cache.go (aggregation window, spam key fields, counts of dropped events, LRU eviction).
 */
import { COMBINED_MESSAGE_PREFIX, EventCorrelator, type EventRecord, type RecordedEvent } from '../../models/events';
import { addMicros, micros, seconds, ZERO, type Micros } from '../../engine/time';

const backOff: EventRecord = {
  type: 'Warning',
  reason: 'BackOff',
  message: 'Back-off restarting failed container app in pod web-0_default(U)',
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: 'U', apiVersion: 'v1', fieldPath: 'spec.containers{app}' },
  source: { component: 'kubelet', host: 'node-1' },
};
const unhealthy = (i: number, fieldPath = 'spec.containers{app}'): EventRecord => ({
  ...backOff,
  reason: 'Unhealthy',
  message: `Liveness probe failed: attempt ${i}`,
  involvedObject: { ...backOff.involvedObject, fieldPath },
});

describe('TV-11.1 object', () => {
  test('name, count, timestamps', () => {
    const c = new EventCorrelator({ epochUnixNano: 1_700_000_000_000_000_000n });
    const e = c.correlate(backOff, ZERO);
    expect(e).toEqual({ ...backOff, name: 'web-0.17979cfe362a0000', count: 1, firstTimestamp: 0, lastTimestamp: 0, isNew: true });
  });
});

describe('TV-11.2 dedup', () => {
  test('the same BackOff 5 times (t = 10, 30, 60, 100, 160) is one Event, count 5', () => {
    const c = new EventCorrelator();
    const out = [10, 30, 60, 100, 160].map((t) => c.correlate(backOff, seconds(t)) as RecordedEvent);
    expect(out.map((e) => e.count)).toEqual([1, 2, 3, 4, 5]);
    expect(out.map((e) => e.isNew)).toEqual([true, false, false, false, false]);
    expect(new Set(out.map((e) => e.name)).size).toBe(1);
    expect(out[4]).toMatchObject({ count: 5, firstTimestamp: seconds(10), lastTimestamp: seconds(160), message: backOff.message });
  });

  test('a different fieldPath is a different Event', () => {
    const c = new EventCorrelator();
    c.correlate(backOff, ZERO);
    const other = c.correlate({ ...backOff, involvedObject: { ...backOff.involvedObject, fieldPath: 'spec.containers{side}' } }, micros(1));
    expect(other?.count).toBe(1);
  });
});

describe('TV-11.3 aggregation', () => {
  // events_cache.go EventAggregate: the record holds the distinct messages; once it holds maxEvents (10) the event
  // is replaced by a combined one. So messages 1–9 are separate Events and the 10th distinct message is already
  // combined (events_cache_test.go "similar-events-should-aggregate-event": 9 previous similar events, the new one
  // comes out aggregated). The vector's "events 1–10 separate, the 11th combined" is one off.
  const c = new EventCorrelator();
  const out = Array.from({ length: 11 }, (_, i) => c.correlate(unhealthy(i + 1), seconds(10 * i)) as RecordedEvent);

  test.each(Array.from({ length: 9 }, (_, i) => i + 1))('message %i is its own Event', (i) => {
    expect(out[i - 1]).toMatchObject({ message: `Liveness probe failed: attempt ${i}`, count: 1, isNew: true });
  });
  test('the 10th distinct message becomes a new combined Event', () => {
    expect(out[9]).toMatchObject({ message: `${COMBINED_MESSAGE_PREFIX}Liveness probe failed: attempt 10`, count: 1, isNew: true });
  });
  test('the 11th is counted on the same combined Event with the latest message', () => {
    expect(out[10]).toMatchObject({
      message: '(combined from similar events): Liveness probe failed: attempt 11',
      count: 2,
      isNew: false,
      name: out[9].name,
      firstTimestamp: seconds(90),
      lastTimestamp: seconds(100),
    });
  });

  test('the window slides: a gap of exactly 600 s keeps the group, 600 s + 1 µs starts a new one', () => {
    const keep = new EventCorrelator();
    let t = ZERO;
    let last: RecordedEvent | null = null;
    for (let i = 1; i <= 10; i++, t = addMicros(t, seconds(600))) last = keep.correlate(unhealthy(i), t);
    expect(last?.message.startsWith(COMBINED_MESSAGE_PREFIX)).toBe(true);

    const reset = new EventCorrelator();
    t = ZERO;
    for (let i = 1; i <= 10; i++, t = addMicros(t, addMicros(seconds(600), micros(1)))) last = reset.correlate(unhealthy(i), t);
    expect(last?.message).toBe('Liveness probe failed: attempt 10');
  });

  test('the aggregation group ignores fieldPath (EventAggregatorByReasonFunc has no FieldPath)', () => {
    const agg = new EventCorrelator();
    let last: RecordedEvent | null = null;
    for (let i = 1; i <= 10; i++) last = agg.correlate(unhealthy(i, `spec.containers{c${i % 2}}`), seconds(i));
    expect(last?.message.startsWith(COMBINED_MESSAGE_PREFIX)).toBe(true);
  });

  test('identical repeats never aggregate, they only count', () => {
    const same = new EventCorrelator();
    let last: RecordedEvent | null = null;
    for (let i = 0; i < 11; i++) last = same.correlate(unhealthy(1), seconds(i * 30));
    expect(last).toMatchObject({ message: 'Liveness probe failed: attempt 1', count: 11 });
  });

  test('aggregation off: every distinct message stays its own Event', () => {
    const off = new EventCorrelator({ aggregate: false });
    const outs = Array.from({ length: 11 }, (_, i) => off.correlate(unhealthy(i + 1), seconds(i)));
    expect(outs.every((e) => e !== null && !e.message.startsWith(COMBINED_MESSAGE_PREFIX))).toBe(true);
  });
});

describe('TV-11.4 spam filter (token bucket, burst 25, 1 token per 300 s)', () => {
  const burst = (c: EventCorrelator, n: number, t: Micros) =>
    Array.from({ length: n }, (_, i) => c.correlate({ ...backOff, reason: `R${i}`, message: `m${i}` }, t));

  test('40 different events in one burst: the first 25 are accepted, the rest dropped', () => {
    const c = new EventCorrelator();
    const out = burst(c, 40, ZERO);
    expect(out.map((e) => e !== null)).toEqual([...Array(25).fill(true), ...Array(15).fill(false)]);
  });

  test('then one more every 300 s (a refused attempt does not spend anything)', () => {
    const c = new EventCorrelator();
    burst(c, 40, ZERO);
    const next = (t: Micros, i: number) => c.correlate({ ...backOff, reason: 'Later', message: `later ${i}` }, t);
    expect(next(seconds(299), 1)).toBeNull();
    // float32(1/300) is a hair above 1/300, so the token is back after ~299.9999927 s
    expect(next(seconds(300), 2)).not.toBeNull();
    expect(next(seconds(300), 3)).toBeNull();
    expect(next(seconds(599), 4)).toBeNull();
    expect(next(seconds(600), 5)).not.toBeNull();
  });

  test('refill boundary with float32 qps: accepted at 299.999993 s, not at 299.999992 s', () => {
    // limit = float32(1/300) = 0.0033333334140…; at 299.999992 s the bucket holds 1 − 2.45e-9 tokens, a wait of
    // 2.45e-9 / limit = 735 ns (> 0) → refused; at 299.999993 s it holds 1 + 8.8e-10 → accepted
    const c = new EventCorrelator({ aggregate: false });
    for (let i = 0; i < 25; i++) c.correlate({ ...backOff, message: `m${i}` }, ZERO);
    expect(c.correlate({ ...backOff, message: 'late' }, micros(299_999_992))).toBeNull();
    expect(c.correlate({ ...backOff, message: 'late' }, micros(299_999_993))).not.toBeNull();
  });

  test('the key is source + object + type (current client-go): another type has its own bucket, another reason not', () => {
    const c = new EventCorrelator();
    burst(c, 25, ZERO);
    expect(c.correlate({ ...backOff, reason: 'Other', message: 'x' }, micros(1))).toBeNull();
    expect(c.correlate({ ...backOff, type: 'Normal', reason: 'Pulled', message: 'y' }, micros(1))).not.toBeNull();
    // another object, or the same pod seen by another kubelet host, has its own bucket
    expect(c.correlate({ ...backOff, involvedObject: { ...backOff.involvedObject, name: 'web-1', uid: 'V' } }, micros(1))).not.toBeNull();
    expect(c.correlate({ ...backOff, source: { component: 'kubelet', host: 'node-2' } }, micros(1))).not.toBeNull();
  });

  test('dropped repeats still count: the next accepted one carries the full count', () => {
    const c = new EventCorrelator({ aggregate: false });
    for (let i = 0; i < 25; i++) c.correlate({ ...backOff, message: `m${i}` }, ZERO);
    expect(c.correlate({ ...backOff, message: 'm0' }, seconds(1))).toBeNull(); // count 2, dropped
    expect(c.correlate({ ...backOff, message: 'm0' }, seconds(300))).toMatchObject({ count: 3, firstTimestamp: 0, isNew: false });
  });

  test('spam filter off: nothing is dropped', () => {
    const c = new EventCorrelator({ spamFilter: false });
    expect(burst(c, 40, ZERO).every((e) => e !== null)).toBe(true);
  });
});

describe('LRU caches (maxLruCacheEntries)', () => {
  test('an evicted key starts a new Event', () => {
    const c = new EventCorrelator({ cacheSize: 2, aggregate: false, spamFilter: false });
    const ev = (m: string) => ({ ...backOff, message: m });
    c.correlate(ev('a'), ZERO);
    c.correlate(ev('b'), micros(1));
    expect(c.correlate(ev('a'), micros(2))?.count).toBe(2); // a is now most recent
    c.correlate(ev('c'), micros(3)); // evicts b
    expect(c.correlate(ev('a'), micros(4))?.count).toBe(3);
    expect(c.correlate(ev('b'), micros(5))).toMatchObject({ count: 1, isNew: true });
  });

  // The seven source and object fields are interned into a short id per object while some cache entry names it
  // (issue #13). With cacheSize 2 and only the count cache on, each event of a new pod evicts the oldest entry, so at
  // most 2 objects stay interned however many pods come and go; an evicted pod seen again is a new Event (count 1),
  // and a pod still cached keeps counting (2), as with full string keys.
  test('interned objects are dropped with their last cache entry; keys stay exact', () => {
    const c = new EventCorrelator({ cacheSize: 2, aggregate: false, spamFilter: false });
    const pod = (i: number) => ({ ...backOff, involvedObject: { ...backOff.involvedObject, name: `p${i}`, uid: `u${i}` } });
    for (let i = 0; i < 100; i++) expect(c.correlate(pod(i), micros(i))?.count).toBe(1);
    expect((c as unknown as { objects: Map<string, unknown> }).objects.size).toBe(2); // p98, p99
    expect(c.correlate(pod(99), micros(100))?.count).toBe(2); // still cached
    expect(c.correlate(pod(0), micros(101))).toMatchObject({ count: 1, isNew: true }); // evicted long ago
    // Same name, different uid: a different object (its own key), as upstream's joined fields.
    const twin = { ...backOff, involvedObject: { ...backOff.involvedObject, name: 'p0', uid: 'other' } };
    expect(c.correlate(twin, micros(102))?.count).toBe(1);
    expect(c.correlate(pod(0), micros(103))?.count).toBe(2);
  });

  // Objects are found by uid, then compared field by field: two objects that share a uid but differ in another
  // field (name, host) are two keys, each with its own count, and evicting one leaves the other's entries intact.
  test('one uid, different other fields: separate keys; evicting one keeps the other', () => {
    const c = new EventCorrelator({ cacheSize: 2, aggregate: false, spamFilter: false });
    const a = backOff;
    const b = { ...backOff, involvedObject: { ...backOff.involvedObject, name: 'web-1' } }; // same uid 'U'
    const h = { ...backOff, source: { component: 'kubelet', host: 'node-2' } }; // same object, another host
    expect(c.correlate(a, micros(0))?.count).toBe(1);
    expect(c.correlate(b, micros(1))?.count).toBe(1); // not a repeat of a: the name differs
    expect(c.correlate(a, micros(2))?.count).toBe(2); // a is the newest now; b the oldest
    expect(c.correlate(h, micros(3))?.count).toBe(1); // a third key: evicts b (cache of 2)
    expect(c.correlate(a, micros(4))?.count).toBe(3); // a kept counting through the eviction
    expect(c.correlate(b, micros(5))).toMatchObject({ count: 1, isNew: true }); // b starts afresh (evicts h)
    expect(c.correlate(h, micros(6))).toMatchObject({ count: 1, isNew: true }); // h was evicted by b
  });
});

// observe() is correlate() without records (KubeEvents calls it once per Event): over one sequence that aggregates
// (11 distinct messages → combined), de-duplicates, drops (the burst of 25 spent) and evicts (cache of 8), two
// correlators fed the same events, one through each, agree on every verdict, count, message and first timestamp.
// observe() ignores apiVersion (the simulator's Events carry none), so the records here have none.
describe('observe() agrees with correlate()', () => {
  test('a sequence with aggregation, repeats, spam drops and evictions', () => {
    const a = new EventCorrelator({ cacheSize: 8 });
    const b = new EventCorrelator({ cacheSize: 8 });
    const noVersion = { kind: 'Pod', namespace: 'default', name: 'web-0', uid: 'U', fieldPath: 'spec.containers{app}' };
    const events: EventRecord[] = [];
    for (let i = 0; i < 60; i++) {
      const uid = `u${i % 5}`;
      const object = { ...noVersion, name: `web-${i % 5}`, uid };
      events.push({ type: 'Warning', reason: 'Unhealthy', message: `Liveness probe failed: attempt ${i % 13}`, involvedObject: object, source: { component: 'kubelet', host: 'node-1' } });
      if (i % 3 === 0) events.push({ type: 'Normal', reason: 'Pulled', message: 'Successfully pulled image', involvedObject: object, source: { component: 'kubelet', host: 'node-1' } });
    }
    // Then 40 repeats of one event at one instant: the spam filter's burst (25) runs out.
    for (let i = 0; i < 40; i++) events.push(backOff);
    let dropped = 0;
    let combined = 0;
    events.forEach((e, i) => {
      const now = micros(i * 1000);
      const want = a.correlate(e, now);
      const { fieldPath, ...rest } = e.involvedObject;
      const count = b.observe(e.type, e.reason, e.message, fieldPath === undefined ? rest : { ...rest, fieldPath }, e.source.component, e.source.host, now);
      if (want === null) {
        dropped++;
        expect(count).toBe(0);
        return;
      }
      if (want.message.startsWith(COMBINED_MESSAGE_PREFIX)) combined++;
      expect([count, b.message, b.firstTimestamp]).toEqual([want.count, want.message, want.firstTimestamp]);
    });
    // The sequence reaches every path it is meant to.
    expect(dropped).toBeGreaterThan(0);
    expect(combined).toBeGreaterThan(0);
  });
});

/**
 * The correlator against a plain reference written from events_cache.go as directly as possible: three LRUs of
 * joined string keys (a Map in recency order: a hit or an add deletes and re-inserts the key; an add beyond the size
 * evicts the first key), the aggregator's message sets, the count cache and golang.org/x/time/rate's bucket. The
 * correlator keeps its entries as indexes into per-field lists (issue #13); this checks that its recency order,
 * evictions and reused indexes give upstream's verdicts on random sequences with small caches, where evictions and
 * re-interning happen all the time.
 */
describe('the correlator against a string-keyed reference (random sequences, small caches)', () => {
  class RefLru<V> {
    readonly m = new Map<string, V>();
    constructor(private readonly max: number) {}
    get(k: string): V | undefined {
      const v = this.m.get(k);
      if (v !== undefined) this.add(k, v);
      return v;
    }
    add(k: string, v: V): void {
      this.m.delete(k);
      this.m.set(k, v);
      if (this.max > 0 && this.m.size > this.max) this.m.delete(this.m.keys().next().value as string);
    }
  }
  interface Options {
    cacheSize: number;
    aggregateMaxEvents: number;
    aggregateInterval: Micros;
    spamBurst: number;
  }
  function reference(o: Options) {
    const aggregates = new RefLru<{ keys: string[]; last: number }>(o.cacheSize);
    const logs = new RefLru<{ count: number }>(o.cacheSize);
    const buckets = new RefLru<{ tokens: number; last: number | undefined }>(o.cacheSize);
    const limit = Math.fround(1 / 300);
    return (e: EventRecord, now: number): [number, string] => {
      const io = e.involvedObject;
      const object = [e.source.component, e.source.host ?? '', io.kind, io.namespace, io.name, io.uid, io.apiVersion ?? ''].join('\u0000');
      const aggKey = `${object}\u0000${e.type}\u0000${e.reason}`;
      const was = aggregates.get(aggKey);
      const keys = was === undefined || now - was.last > o.aggregateInterval ? [] : [...was.keys];
      if (!keys.includes(e.message)) keys.push(e.message);
      let message = e.message;
      let logKey = `${aggKey}\u0000${io.fieldPath ?? ''}\u0000${e.message}`;
      if (keys.length >= o.aggregateMaxEvents) {
        keys.shift();
        message = COMBINED_MESSAGE_PREFIX + e.message;
        logKey = `${aggKey}\u0001combined`;
      }
      aggregates.add(aggKey, { keys, last: now });
      const log = logs.get(logKey) ?? { count: 0 };
      log.count++;
      logs.add(logKey, log);
      const spamKey = `${object}\u0000${e.type}`;
      const b = buckets.get(spamKey) ?? { tokens: 0, last: undefined };
      buckets.add(spamKey, b);
      // rate.Limiter.AllowN(now, 1): refill by the elapsed time (whole seconds, then nanoseconds), capped at burst.
      let tokens = o.spamBurst;
      if (b.last !== undefined) {
        const elapsed = now - Math.min(now, b.last);
        const sec = Math.trunc(elapsed / 1e6);
        tokens = Math.min(o.spamBurst, b.tokens + (sec + ((elapsed - sec * 1e6) * 1000) / 1e9) * limit);
      }
      tokens -= 1;
      if (tokens < 0 && Math.trunc((-tokens / limit) * 1e9) > 0) return [0, ''];
      b.tokens = tokens;
      b.last = now;
      return [log.count, message];
    };
  }

  // Cache 1 evicts at nearly every event (most keys are new), so it checks evictions rather than drops or combining.
  test.each<[string, Options, boolean]>([
    ['cache 1', { cacheSize: 1, aggregateMaxEvents: 10, aggregateInterval: seconds(600), spamBurst: 25 }, false],
    ['cache 3, max events 2, short interval', { cacheSize: 3, aggregateMaxEvents: 2, aggregateInterval: seconds(5), spamBurst: 2 }, true],
    ['cache 7, max events 3', { cacheSize: 7, aggregateMaxEvents: 3, aggregateInterval: seconds(60), spamBurst: 3 }, true],
    ['cache 40', { cacheSize: 40, aggregateMaxEvents: 4, aggregateInterval: seconds(600), spamBurst: 5 }, true],
    // Up to 576 count keys (6 objects × 2 hosts × 2 types × 3 reasons × 2 field paths × 4 messages): the caches'
    // typed lists move to a new buffer 16 → 28 → 46 → 74 → 116 → 178 → 268 → 404, each move copying every list.
    ['cache 400', { cacheSize: 400, aggregateMaxEvents: 4, aggregateInterval: seconds(600), spamBurst: 5 }, true],
  ])('%s', (_name, o, everyPath) => {
    const c = new EventCorrelator(o);
    const ref = reference(o);
    // A fixed linear congruential sequence (no Math.random): 3,000 events over 6 objects, 2 hosts, 3 reasons, 4 messages.
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    let now = 0;
    let dropped = 0;
    let combined = 0;
    let repeats = 0;
    for (let i = 0; i < 3000; i++) {
      now += next(20) * 1_000_000;
      const uid = `u${next(6)}`;
      const e: EventRecord = {
        type: next(2) === 0 ? 'Normal' : 'Warning',
        reason: ['A', 'B', 'C'][next(3)],
        message: `m${next(4)}`,
        involvedObject: { kind: 'Pod', namespace: 'd', name: `p-${uid}`, uid, fieldPath: next(2) === 0 ? undefined : 'spec.containers{app}' },
        source: { component: 'kubelet', host: next(2) === 0 ? undefined : 'node-1' },
      };
      const want = ref(e, now);
      const got = c.correlate(e, micros(now));
      expect(got === null ? [0, ''] : [got.count, got.message]).toEqual(want);
      if (want[0] === 0) dropped++;
      else if (want[1].startsWith(COMBINED_MESSAGE_PREFIX)) combined++;
      else if (want[0] > 1) repeats++;
    }
    // The sequence reaches every path it is meant to (drops, combined messages, counts past 1).
    expect(repeats).toBeGreaterThan(0);
    if (everyPath) expect([dropped > 0, combined > 0]).toEqual([true, true]);
  });
});
