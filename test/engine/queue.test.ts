/**
 * SlotQueue on its own: the (time, priority, seq) order, tombstones, generation-checked keys, the "root taken"
 * replaceTop path, and growth from a tiny capacity. The protocol a caller follows (as Simulator.runUntil does):
 * popUntil → read types/args/timeOf → release → maybe push. Expected orders are derived by hand beside each case.
 */
import fc from 'fast-check';
import { SlotQueue } from '../../engine/queue';

const SLOT = 2 ** 24; // keys: slot in the low 24 bits, generation above

/** Pops everything stamped ≤ until, following the caller protocol; returns `arg@time` labels. */
function drain(q: SlotQueue, until = Number.MAX_SAFE_INTEGER): string[] {
  const out: string[] = [];
  for (;;) {
    const slot = q.popUntil(until);
    if (slot < 0) return out;
    out.push(`${String(q.args[slot])}@${q.timeOf(slot)}`);
    q.release(slot);
  }
}

describe('SlotQueue', () => {
  it('pops by time, then priority, then push order', () => {
    const q = new SlotQueue();
    // (time, priority): a(5,2) b(5,0) c(3,4) d(5,0) e(5,2) → c first (time 3); at 5: b d (prio 0, FIFO), a e (prio 2).
    q.push(5, 2, 0, 'a');
    q.push(5, 0, 0, 'b');
    q.push(3, 4, 0, 'c');
    q.push(5, 0, 0, 'd');
    q.push(5, 2, 0, 'e');
    expect(q.size).toBe(5);
    expect(drain(q)).toEqual(['c@3', 'b@5', 'd@5', 'a@5', 'e@5']);
    expect(q.size).toBe(0);
  });

  it('popUntil returns -1 for events after the bound and keeps them', () => {
    const q = new SlotQueue();
    q.push(10, 1, 0, 'x');
    q.push(11, 1, 0, 'y');
    expect(drain(q, 10)).toEqual(['x@10']); // 10 ≤ 10 is popped; 11 > 10 is not
    expect(q.popUntil(10)).toBe(-1);
    expect(q.peekTime()).toBe(11);
    expect(q.size).toBe(1);
  });

  it('stores the handler id and argument per slot', () => {
    const q = new SlotQueue();
    const arg = { pod: 'web-0' };
    q.push(1, 0, 7, arg);
    const slot = q.popUntil(1);
    expect(q.types[slot]).toBe(7);
    expect(q.args[slot]).toBe(arg);
    q.release(slot);
    expect(q.args[slot]).toBeUndefined(); // released slots drop their reference (no leak)
  });

  it('cancel tombstones: size drops at once, peekTime skips it, popUntil never returns it', () => {
    const q = new SlotQueue();
    const k1 = q.push(1, 0, 0, 'one');
    const k2 = q.push(2, 0, 0, 'two');
    q.push(3, 0, 0, 'three');
    expect(q.cancel(k1)).toBe(true);
    expect(q.cancel(k1)).toBe(false);
    expect(q.size).toBe(2);
    expect(q.peekTime()).toBe(2); // the tombstone at the front is dropped
    expect(q.cancel(k2)).toBe(true);
    expect(drain(q)).toEqual(['three@3']);
    expect(q.peekTime()).toBe(Infinity);
  });

  it('a key names one slot generation: after release and reuse the old key is stale', () => {
    const q = new SlotQueue();
    const k = q.push(1, 0, 0, 'first');
    const slot = q.popUntil(1);
    expect(slot).toBe(k % SLOT);
    q.release(slot);
    const k2 = q.push(2, 0, 0, 'second'); // reuses the freed slot with the next generation
    expect(k2 % SLOT).toBe(slot);
    expect(Math.floor(k2 / SLOT)).toBe(Math.floor(k / SLOT) + 1);
    expect(q.cancel(k)).toBe(false);
    expect(drain(q)).toEqual(['second@2']);
  });

  it('push right after popUntil replaces the taken root (one sift-down) and keeps the order', () => {
    const q = new SlotQueue();
    q.push(10, 0, 0, 'a');
    q.push(20, 0, 0, 'b');
    q.push(30, 0, 0, 'c');
    // "handle a, reschedule it at 25": a's root is replaced by a@25, which must sink below b@20.
    const s = q.popUntil(100);
    expect(q.args[s]).toBe('a');
    q.release(s);
    q.push(25, 0, 0, 'a2');
    expect(q.size).toBe(3);
    expect(drain(q)).toEqual(['b@20', 'a2@25', 'c@30']);
  });

  it('reads of the heap between popUntil and push remove the taken root exactly once', () => {
    const q = new SlotQueue();
    q.push(10, 0, 0, 'a');
    q.push(20, 0, 0, 'b');
    const s = q.popUntil(100);
    q.release(s);
    expect(q.peekTime()).toBe(20); // settles the taken root; a must not come back
    expect(q.peekTime()).toBe(20);
    q.push(5, 0, 0, 'c'); // a plain add now
    expect(drain(q)).toEqual(['c@5', 'b@20']);
  });

  it('popping the last event then pushing works (the root is taken from a one-element heap)', () => {
    const q = new SlotQueue();
    q.push(1, 0, 0, 'only');
    const s = q.popUntil(1);
    q.release(s);
    expect(q.size).toBe(0);
    q.push(2, 0, 0, 'next');
    expect(q.size).toBe(1);
    expect(drain(q)).toEqual(['next@2']);
  });

  it('grows from a capacity of 1 and keeps every event in order', () => {
    const q = new SlotQueue(1);
    // Times (i·37) mod 101 over i = 0…999 (37 coprime with 101): each time ~10 times, scrambled; priority 0.
    const expected: { t: number; i: number }[] = [];
    for (let i = 0; i < 1_000; i++) {
      const t = (i * 37) % 101;
      q.push(t, 0, 0, i);
      expected.push({ t, i });
    }
    expected.sort((a, b) => a.t - b.t || a.i - b.i);
    expect(drain(q)).toEqual(expected.map((e) => `${e.i}@${e.t}`));
  });

  it('grows while the root is taken (push after popUntil past capacity)', () => {
    const q = new SlotQueue(2);
    q.push(0, 0, 0, 'start');
    const s = q.popUntil(0);
    q.release(s);
    // Descending times 100 … 1: order is the reverse of pushing.
    for (let i = 0; i < 100; i++) q.push(100 - i, 0, 0, i);
    expect(drain(q)).toEqual(Array.from({ length: 100 }, (_, k) => `${99 - k}@${k + 1}`));
  });
});

describe('SlotQueue against a sorted list', () => {
  it('fast-check: any mix of pushes (soon, later, on a coarse grid), pops, cancels and postpones pops as a sorted list would', () => {
    type Op =
      | { kind: 'push'; ahead: number; priority: number }
      | { kind: 'pushAt'; grid: number; priority: number }
      | { kind: 'pop'; ahead: number }
      | { kind: 'cancel'; index: number }
      | { kind: 'postpone'; index: number; by: number }
      | { kind: 'bound' };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('push' as const), ahead: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 999_990, max: 1_000_010 }), fc.integer({ min: 0, max: 3_000_000 })), priority: fc.integer({ min: 0, max: 2 }) }) },
      // Absolute times on a coarse grid (0, 0.5 s, …, 4 s; at the clock if past): ties between events pushed far apart are common.
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('pushAt' as const), grid: fc.integer({ min: 0, max: 8 }), priority: fc.constant(0) }) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('pop' as const), ahead: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3_000_000 })) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), index: fc.nat(200) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('postpone' as const), index: fc.nat(200), by: fc.integer({ min: 0, max: 2_000_000 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('bound' as const) }) },
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 150, size: 'large' }), (ops) => {
        const q = new SlotQueue(4);
        // The model: pending events with their (time, priority, seq) key; the same seq rule as the queue.
        const model: { key: number; time: number; priority: number; seq: number; id: number }[] = [];
        const keys: number[] = [];
        let seq = 0;
        let clock = 0;
        const before = (a: (typeof model)[0], b: (typeof model)[0]) => a.time - b.time || a.priority - b.priority || a.seq - b.seq;
        for (const op of ops) {
          if (op.kind === 'push' || op.kind === 'pushAt') {
            const id = keys.length;
            const time = op.kind === 'push' ? clock + op.ahead : Math.max(clock, op.grid * 500_000);
            const key = q.push(time, op.priority, 0, id);
            keys.push(key);
            model.push({ key, time, priority: op.priority, seq: seq++, id });
          } else if (op.kind === 'pop') {
            const until = clock + op.ahead;
            model.sort(before);
            const slot = q.popUntil(until);
            const want = model.length > 0 && model[0].time <= until ? model.shift()! : undefined;
            expect(slot < 0 ? undefined : q.args[slot]).toBe(want?.id);
            if (slot >= 0) {
              clock = q.timeOf(slot);
              q.release(slot);
            }
          } else if (op.kind === 'cancel' || op.kind === 'postpone') {
            if (keys.length === 0) continue;
            const id = op.index % keys.length;
            const i = model.findIndex((e) => e.id === id);
            if (op.kind === 'cancel') {
              expect(q.cancel(keys[id])).toBe(i >= 0);
              if (i >= 0) model.splice(i, 1);
            } else {
              const e = model[i];
              const at = (e === undefined ? clock : e.time) + op.by;
              const moved = q.postpone(keys[id], at);
              // Postpone moves a pending event to a later key, as cancel + push with a new seq would.
              expect(moved).toBe(e !== undefined);
              if (e !== undefined) {
                e.time = at;
                e.seq = seq++;
              }
            }
          } else {
            model.sort(before);
            expect(q.nextTimeLowerBound()).toBeLessThanOrEqual(model.length > 0 ? model[0].time : Infinity);
          }
          expect(q.size).toBe(model.length);
        }
        model.sort(before);
        expect(drain(q)).toEqual(model.map((e) => `${e.id}@${e.time}`));
      }),
      { numRuns: 150 },
    );
  });
});
