/** Client populations: uniform and Zipf(s) popularity, hand-computed picks from fixed uniforms, seeded frequencies. */
import { createStream, type RandomStream } from '../../../engine/random';
import { ClientPopulation } from '../../../models/traffic/clients';

function fixed(...values: number[]): RandomStream {
  let i = 0;
  return { name: 'fixed', next: () => values[i++] };
}

describe('ClientPopulation', () => {
  it('uniform: client ⌊u·count⌋', () => {
    const c = new ClientPopulation(4, { kind: 'uniform' }, fixed(0, 0.249, 0.25, 0.99));
    expect([c.pick(), c.pick(), c.pick(), c.pick()]).toEqual([0, 0, 1, 3]);
    expect(c.probability(2)).toBe(0.25);
  });

  it('Zipf(1) over 3 clients: weights 1, 1/2, 1/3 → P = 6/11, 3/11, 2/11', () => {
    // CDF 6/11 ≈ 0.545, 9/11 ≈ 0.818, 1.
    const c = new ClientPopulation(3, { kind: 'zipf', s: 1 }, fixed(0, 0.5, 0.546, 0.8, 0.82, 0.9999));
    expect([c.pick(), c.pick(), c.pick(), c.pick(), c.pick(), c.pick()]).toEqual([0, 0, 1, 1, 2, 2]);
    expect(c.probability(0)).toBeCloseTo(6 / 11, 12);
    expect(c.probability(1)).toBeCloseTo(3 / 11, 12);
    expect(c.probability(2)).toBeCloseTo(2 / 11, 12);
  });

  it('Zipf(0) is uniform', () => {
    const c = new ClientPopulation(5, { kind: 'zipf', s: 0 }, fixed());
    for (let i = 0; i < 5; i++) expect(c.probability(i)).toBeCloseTo(0.2, 12);
  });

  it('seeded frequencies match the probabilities (Zipf 1.2 over 1000 clients, 4 standard errors)', () => {
    // N = 500 000 picks; count_i ~ Binomial(N, p_i), sd = √(N p_i (1 − p_i)).
    const c = new ClientPopulation(1_000, { kind: 'zipf', s: 1.2 }, createStream(11, 'traffic/default/web/clients'));
    const N = 500_000;
    const counts = new Map<number, number>();
    for (let i = 0; i < N; i++) {
      const k = c.pick();
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const i of [0, 1, 2, 9, 99, 999]) {
      const p = c.probability(i);
      expect(Math.abs((counts.get(i) ?? 0) - N * p)).toBeLessThan(4 * Math.sqrt(N * p * (1 - p)) + 1);
    }
  });

  it('picks ahead without changing a pick: 600 seeded picks (3 blocks of 256) equal one pick per uniform', () => {
    // Uniform over 7: ⌊7u⌋. Zipf(1) over 3 (CDF 6/11, 9/11, 1, as above): the first i with u < CDF_i. The uniforms come
    // one at a time from a second copy of the same stream.
    const u = createStream(2, 'clients/ahead');
    const uniform = new ClientPopulation(7, { kind: 'uniform' }, createStream(2, 'clients/ahead'));
    const uniformRef = Array.from({ length: 600 }, () => Math.floor(7 * u.next()));
    expect(Array.from({ length: 600 }, () => uniform.pick())).toEqual(uniformRef);
    const v = createStream(3, 'clients/ahead');
    const zipf = new ClientPopulation(3, { kind: 'zipf', s: 1 }, createStream(3, 'clients/ahead'));
    const zipfRef = Array.from({ length: 600 }, () => {
      const x = v.next();
      return x < 6 / 11 ? 0 : x < 9 / 11 ? 1 : 2;
    });
    expect(Array.from({ length: 600 }, () => zipf.pick())).toEqual(zipfRef);
    expect(new Set(zipfRef).size).toBe(3); // every client occurs
  });

  it('the same seed gives the same clients', () => {
    const run = () => {
      const c = new ClientPopulation(50, { kind: 'zipf', s: 0.8 }, createStream(1, 'clients'));
      return Array.from({ length: 100 }, () => c.pick());
    };
    expect(run()).toEqual(run());
  });

  it.each([
    { count: 0, pop: { kind: 'uniform' as const }, error: /integer ≥ 1/ },
    { count: 2.5, pop: { kind: 'uniform' as const }, error: /integer ≥ 1/ },
    { count: 3, pop: { kind: 'zipf' as const, s: -1 }, error: /Zipf exponent/ },
    { count: 20_000_000, pop: { kind: 'zipf' as const, s: 1 }, error: /at most/ },
  ])('rejects count $count with $pop', ({ count, pop, error }) => {
    expect(() => new ClientPopulation(count, pop, fixed())).toThrow(error);
  });
});
