/**
 * The pod server's background participant (a container's idle CPU that competes with request work, issue #12) and
 * direct requests (an exec probe's process, past the FIFO slots). Work in millicore-µs: `ms(x)` is x ms of one
 * full core = x·10⁶ mcµs; times in µs.
 */
import { DEFAULT_POD_SERVER_SETTINGS, PodServer, type PodServerListener, type ServedRequest } from '../../../models/traffic/podServer';
import { micros, milliseconds, ZERO } from '../../../engine/time';

const ms = (x: number): number => x * 1_000_000;
interface Req extends ServedRequest {
  readonly id: string;
}
const req = (id: string, work: number): Req => ({ id, work, memoryBytes: 0 });

function server(capacity: number, background: number, extra: Partial<typeof DEFAULT_POD_SERVER_SETTINGS> = {}) {
  const log: string[] = [];
  const listener: PodServerListener<Req> = { completed: (r, now) => log.push(`${r.id}✓${now}`), failed: () => undefined, memoryLimitExceeded: () => undefined };
  return { s: new PodServer<Req>({ ...DEFAULT_POD_SERVER_SETTINGS, backgroundMilli: background, ...extra }, capacity, listener), log };
}

describe('the background takes its water-filled share of the capacity', () => {
  // C capacity, b background, n requests of 1000m each (p), all arriving at 0 with 100 ms of work.
  // Requests' grant G: p·n + b ≤ C → p·n; b·(n+1) ≤ C → C − b; p·(n+1) ≤ C → p·n; else ⌊C·n/(n+1)⌋.
  // Each request then progresses at G/n; its completion is ⌈ms(100)·n / G⌉ µs.
  test.each([
    // [C, b, n, G, completion µs, background shortfall per µs]
    [4000, 100, 2, 2000, 100_000, 0], // 2000 + 100 ≤ 4000: everyone gets its demand
    [1000, 100, 1, 900, 111_112, 0], // b·2 = 200 ≤ 1000: G = 900 → ⌈10⁸ / 900⌉ = 111,112 µs
    [1000, 600, 1, 500, 200_000, 100], // b·2 > 1000, p·2 > 1000: G = ⌊1000/2⌋ = 500; background 500, 100m short
    [1000, 600, 2, 666, 300_301, 266], // G = ⌊2000/3⌋ = 666, each 333: ⌈2·10⁸/666⌉ = 300,301 µs; background 334
    [3000, 2500, 1, 1000, 100_000, 500], // p·2 = 2000 ≤ 3000 < b·2: G = p·n = 1000; background 2000 (500 short)
    [1000, 0, 1, 1000, 100_000, 0], // no background: as before
  ])('C %i, b %i, n %i: G %i, done at %i µs, background short by %im', (c, b, n, g, done, short) => {
    const { s } = server(c, b);
    for (let i = 0; i < n; i++) s.arrive(req(`r${i}`, ms(100)), ZERO);
    expect(s.cpuUsageMilli).toBe(g);
    expect(s.cpuDemandMilli).toBe(1000 * n + b);
    expect(s.nextCompletionTime()).toBe(done);
    expect(s.backgroundShortfall(milliseconds(10))).toBe(short * 10_000);
  });

  test('with nothing in service the background has the capacity to itself (short only above it)', () => {
    expect(server(1000, 300).s.backgroundShortfall(micros(1000))).toBe(0);
    // b = 1500 > C = 1000: 500m short for 1000 µs = 500,000 mcµs.
    expect(server(1000, 1500).s.backgroundShortfall(micros(1000))).toBe(500_000);
  });
});

describe('direct requests (an exec probe) take no FIFO slot', () => {
  test('one slot busy, one queued: the direct request runs at once beside the slot and completes first', () => {
    // C = 2000m, one slot: a (100 ms) in service, b queued; x (0.5 ms) arrives directly at 0: a and x get 1000m
    // each; x completes at 500 µs; a at 100,000 µs, then b runs alone until 200,000 µs. The queue is untouched.
    const { s, log } = server(2000, 0, { discipline: 'FIFO', concurrency: 1, queueLimit: 5 });
    s.arrive(req('a', ms(100)), ZERO);
    s.arrive(req('b', ms(100)), ZERO);
    s.arriveDirect(req('x', ms(0.5)), ZERO);
    expect([s.inService, s.queued]).toEqual([2, 1]);
    for (let t = s.nextCompletionTime(); t !== Infinity; t = s.nextCompletionTime()) s.complete(t);
    expect(log).toEqual(['x✓500', 'a✓100000', 'b✓200000']);
  });

  test('a direct request does not free a slot when it completes: the queue waits for the slot', () => {
    // One slot: a in service, x direct, b arrives at 1 µs → queued (the slot is a's). x done at 500 µs (C = 2000m);
    // b still waits for a (100,000 µs).
    const { s, log } = server(2000, 0, { discipline: 'FIFO', concurrency: 1, queueLimit: 5 });
    s.arrive(req('a', ms(100)), ZERO);
    s.arriveDirect(req('x', ms(0.5)), ZERO);
    s.complete(micros(1));
    s.arrive(req('b', ms(100)), micros(1));
    expect([s.inService, s.queued]).toEqual([2, 1]);
    s.complete(micros(500));
    expect([s.inService, s.queued]).toEqual([1, 1]);
    for (let t = s.nextCompletionTime(); t !== Infinity; t = s.nextCompletionTime()) s.complete(t);
    expect(log).toEqual(['x✓500', 'a✓100000', 'b✓200000']);
  });
});
