/**
 * KeyHeap (engine/keyHeap.ts), the event queue's heap: against a sorted list of the same (time, order, slot)
 * entries. Keys are unique as the queue's are (each order carries a unique seq); times come from a small range so
 * equal times, where the order decides, are common. Expected values: the sorted list's first entry (the plain rule).
 *
 * fast-check prints the seed and path of a failing property; replay with fc.assert(…, { seed, path }).
 */
import fc from 'fast-check';
import { KeyHeap } from '../../engine/keyHeap';

interface Entry {
  time: number;
  order: number;
  slot: number;
}

const byKey = (a: Entry, b: Entry) => a.time - b.time || a.order - b.order;

describe('KeyHeap', () => {
  it('pops a hand-ordered set by time, then order', () => {
    const h = new KeyHeap(1);
    // (time, order): (5, 2) (5, 1) (3, 9) (7, 0) → pops (3, 9) (5, 1) (5, 2) (7, 0), i.e. slots 2, 1, 0, 3.
    h.add(5, 2, 0);
    h.add(5, 1, 1);
    h.add(3, 9, 2);
    h.add(7, 0, 3);
    const out: number[] = [];
    while (h.size > 0) {
      out.push(h.slots[0]);
      h.poll();
    }
    expect(out).toEqual([2, 1, 0, 3]);
  });

  it('fast-check: any mix of adds, polls and replaceTops keeps the root the sorted list’s first entry', () => {
    type Op = { kind: 'add' | 'replace'; time: number; priority: number } | { kind: 'poll' };
    const keyArb = { time: fc.integer({ min: 0, max: 30 }), priority: fc.integer({ min: 0, max: 3 }) };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), ...keyArb }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace' as const), ...keyArb }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('poll' as const) }) },
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 400, size: 'large' }), (ops) => {
        const h = new KeyHeap(2); // grows several times
        const model: Entry[] = [];
        let seq = 0;
        for (const op of ops) {
          if (op.kind === 'poll') {
            if (model.length === 0) continue;
            h.poll();
            model.shift();
          } else {
            // The queue's packing: priority × 2^45 + a unique seq.
            const e = { time: op.time, order: op.priority * 2 ** 45 + seq, slot: seq++ };
            if (op.kind === 'replace' && model.length > 0) {
              h.replaceTop(e.time, e.order, e.slot);
              model.shift();
            } else h.add(e.time, e.order, e.slot);
            model.push(e);
            model.sort(byKey);
          }
          expect(h.size).toBe(model.length);
          if (model.length > 0) {
            expect([h.times[0], h.orders[0], h.slots[0]]).toEqual([model[0].time, model[0].order, model[0].slot]);
          }
        }
        const rest: number[] = [];
        while (h.size > 0) {
          rest.push(h.slots[0]);
          h.poll();
        }
        expect(rest).toEqual(model.map((e) => e.slot));
      }),
      { numRuns: 200 },
    );
  });
});
