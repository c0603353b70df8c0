/**
 * RandomStream.skip: a jump of n draws leaves the stream exactly where n calls of next() would (Alea's
 * multiply-with-carry jump-ahead in engine/random.ts). The reference is the stream itself, stepped one draw at a time.
 */
import fc from 'fast-check';
import { aleaJump, createStream } from '../../engine/random';

describe('RandomStream.skip', () => {
  test('skip(n) then next() equals n next() calls then next(), for small and large n, repeatedly', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 4 }), (name, jumps) => {
        const a = createStream(7, name);
        const b = createStream(7, name);
        for (const n of jumps) {
          a.skip!(n);
          for (let i = 0; i < n; i++) b.next();
          const [x, y] = [a.next(), b.next()];
          if (x !== y) return false;
        }
        return true;
      }),
      { seed: 14, numRuns: 60 },
    );
  });

  test('a jump of 1,000,000 draws matches stepping (the exponent has 20 bits)', () => {
    const a = createStream('s', 'service/default/web');
    const b = createStream('s', 'service/default/web');
    a.skip!(1_000_000);
    for (let i = 0; i < 1_000_000; i++) b.next();
    expect([a.next(), a.next(), a.next()]).toEqual([b.next(), b.next(), b.next()]);
  });

  test('a jump of 0 draws changes nothing; aleaJump(state, 0) is the state itself', () => {
    const a = createStream(1, 'x');
    const b = createStream(1, 'x');
    a.skip!(0);
    expect(a.next()).toBe(b.next());
    const st = { c: 5, s0: 0.25, s1: 0.5, s2: 0.75 };
    expect(aleaJump(st, 0)).toEqual(st);
  });
});
