/**
 * IndexedHeap (models/scheduler/indexedHeap.ts) against a sorted-array model: push, pop, remove of any element and
 * fix after a key change keep the pop order. fast-check prints the seed and path of a failure for replay.
 */
import fc from 'fast-check';
import { IndexedHeap } from '../../../models/scheduler/indexedHeap';

interface Item {
  key: number;
  readonly id: number;
  heapIndex: number;
}
const less = (a: Item, b: Item) => a.key < b.key || (a.key === b.key && a.id < b.id);

type Op = { k: 'push'; key: number } | { k: 'pop' } | { k: 'remove'; i: number } | { k: 'fix'; i: number; key: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('push' as const), key: fc.integer({ min: 0, max: 20 }) }),
  fc.constant({ k: 'pop' as const }),
  fc.record({ k: fc.constant('remove' as const), i: fc.nat(200) }),
  fc.record({ k: fc.constant('fix' as const), i: fc.nat(200), key: fc.integer({ min: 0, max: 20 }) }),
);

describe('IndexedHeap', () => {
  test('removing an element in no heap is a no-op', () => {
    const h = new IndexedHeap<Item>(less);
    const x: Item = { key: 1, id: 0, heapIndex: -1 };
    expect(h.remove(x)).toBe(false);
    h.push(x);
    expect(h.remove(x)).toBe(true);
    expect(x.heapIndex).toBe(-1);
    expect(h.size).toBe(0);
  });

  test('property: pops follow the sorted model under push / pop / remove / fix', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const h = new IndexedHeap<Item>(less);
        let model: Item[] = [];
        let id = 0;
        for (const op of ops) {
          if (op.k === 'push') {
            const x = { key: op.key, id: id++, heapIndex: -1 };
            h.push(x);
            model.push(x);
          } else if (op.k === 'pop') {
            model.sort((a, b) => (less(a, b) ? -1 : 1));
            expect(h.pop()).toBe(model.shift());
          } else if (model.length > 0) {
            const x = model[op.i % model.length];
            if (op.k === 'remove') {
              expect(h.remove(x)).toBe(true);
              model = model.filter((y) => y !== x);
            } else {
              x.key = op.key;
              h.fix(x);
            }
          }
          expect(h.size).toBe(model.length);
        }
        model.sort((a, b) => (less(a, b) ? -1 : 1));
        for (const x of model) expect(h.pop()).toBe(x);
        expect(h.pop()).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
