/**
 * Streams that step Alea's state in place (engine/random.ts AleaStream): no generator is kept, yet every stream is
 * the library's generator draw for draw. The reference is the library's own generator, seeded as createStream
 * documents it (`seedrandom.alea(seed + "\0" + name)`) and stepped one draw at a time.
 */
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { createStream, RandomStreams } from '../../engine/random';

const reference = (seed: number, name: string) => seedrandom.alea(`${seed}\u0000${name}`);

describe('RandomStreams stepping Alea in place', () => {
  test('interleaved draws and skips over 6 streams equal the library generator stepped alone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 40 }), fc.boolean()), { minLength: 1, maxLength: 80 }),
        (seed, steps) => {
          const streams = new RandomStreams(seed);
          const refs = Array.from({ length: 6 }, (_, i) => reference(seed, `pod/default/p-${i}`));
          for (const [i, n, skip] of steps) {
            const s = streams.get(`pod/default/p-${i}`);
            // a skip of n (also as a stream's very first call), or n draws one by one: both leave the reference n draws on
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

  test('any seed and name: the first draws equal the library generator seeded with "<seed>\\0<name>" (Mash inline)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string()), fc.string({ unit: 'binary', maxLength: 40 }), (seed, name) => {
        const s = new RandomStreams(seed).get(name);
        const r = seedrandom.alea(`${seed}\u0000${name}`);
        for (let k = 0; k < 5; k++) if (s.next() !== r()) return false;
        return true;
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  test('a long run of one stream stays on the library sequence (the carry c takes every value range it can)', () => {
    const s = createStream('long', 'x');
    const r = seedrandom.alea('long\u0000x');
    for (let k = 0; k < 200_000; k++) if (s.next() !== r()) throw new Error(`draw ${k} differs`);
  });

  test('a stream keeps only its four state numbers: no function of its own', () => {
    const s = new RandomStreams(1).get('a');
    s.next();
    expect(Object.values(s).filter((v) => typeof v === 'function')).toEqual([]);
  });
});
