/**
 * Sleeping streams (engine/random.ts AleaStream, WakeRing): a RandomStreams run keeps at most `awake` generators; a
 * stream put to sleep keeps its state and continues exactly where it was. The reference is the library's own
 * generator, seeded as createStream documents it (`seedrandom.alea(seed + "\0" + name)`) and stepped one draw at a
 * time, which no ring ever touches.
 */
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { RandomStreams, type RandomStream } from '../../engine/random';

const reference = (seed: number, name: string) => seedrandom.alea(`${seed}\u0000${name}`);
const awake = (s: RandomStream) => (s as unknown as { awake: boolean }).awake;

describe('RandomStreams with a ring of awake streams', () => {
  test('interleaved draws and skips over 6 streams with rings of 1–3 equal the library generator stepped alone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 4 }), fc.boolean()), { minLength: 1, maxLength: 80 }),
        (ring, steps) => {
          const streams = new RandomStreams(9, ring);
          const refs = Array.from({ length: 6 }, (_, i) => reference(9, `pod/default/p-${i}`));
          for (const [i, n, skip] of steps) {
            const s = streams.get(`pod/default/p-${i}`);
            // a skip of n, or n draws one by one: both leave the reference n draws on
            if (skip) s.skip!(n);
            else for (let k = 0; k < n; k++) if (s.next() !== refs[i]()) return false;
            if (skip) for (let k = 0; k < n; k++) refs[i]();
            if (s.next() !== refs[i]()) return false;
          }
          return true;
        },
      ),
      { seed: 13, numRuns: 200 },
    );
  });

  test('a ring of 2: the third stream to wake puts the first to sleep, which wakes on its next draw and continues', () => {
    const streams = new RandomStreams(1, 2);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => streams.get(n));
    const [ra, rb, rc] = ['a', 'b', 'c'].map((n) => reference(1, n));
    // born asleep: no generator before the first draw
    expect([awake(a), awake(b), awake(c)]).toEqual([false, false, false]);
    expect(a.next()).toBe(ra());
    expect(b.next()).toBe(rb());
    expect([awake(a), awake(b)]).toEqual([true, true]);
    // c takes slot 0 (a's): a sleeps, b stays awake
    expect(c.next()).toBe(rc());
    expect([awake(a), awake(b), awake(c)]).toEqual([false, true, true]);
    // a wakes from its saved state into slot 1 (b's): the second value of its own sequence
    expect(a.next()).toBe(ra());
    expect([awake(a), awake(b), awake(c)]).toEqual([true, false, true]);
    // draws of an awake stream take no place in the ring
    expect([c.next(), c.next()]).toEqual([rc(), rc()]);
    expect([awake(a), awake(b), awake(c)]).toEqual([true, false, true]);
    expect(b.next()).toBe(rb());
    expect([awake(a), awake(b), awake(c)]).toEqual([true, true, false]);
  });
});
