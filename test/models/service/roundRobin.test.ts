/**
 * RoundRobin against the userspace proxy's roundrobin.go (reference §4.4, TV-4.4): rotation, exact even spread,
 * set-change reshuffle with index reset, unchanged set keeps list and index, empty set. A constant uniform of 0.99
 * makes the Fisher–Yates shuffle the identity (at step i, j = ⌊0.99·(i+1)⌋ = i), so lists keep the given order.
 */
import { createStream, type Uniform } from '../../../engine/random';
import { RoundRobin } from '../../../models/service/roundRobin';
import { micros, seconds, ZERO } from '../../../engine/time';

const identity: Uniform = () => 0.99;

function picks<E>(lb: RoundRobin<E>, clients: readonly number[], now = ZERO): (E | undefined)[] {
  return clients.map((c) => lb.pick(c, now));
}

describe('RoundRobin (userspace proxy LoadBalancerRR)', () => {
  it('TV-4.4 without affinity: connections from A, B, A, C, D get e1, e2, e3, e1, e2', () => {
    const lb = new RoundRobin<string>(identity);
    lb.setEndpoints(['e1', 'e2', 'e3'], ZERO);
    const [A, B, C, D] = [0, 1, 2, 3];
    expect(picks(lb, [A, B, A, C, D])).toEqual(['e1', 'e2', 'e3', 'e1', 'e2']);
    expect(lb.nextIndex).toBe(2); // 5 picks mod 3
  });

  it.each([
    // N requests over k endpoints: ⌊N/k⌋ each, and the first N mod k endpoints of the rotation one more.
    { k: 3, n: 3000, expected: [1000, 1000, 1000] },
    { k: 4, n: 1_000_000, expected: [250_000, 250_000, 250_000, 250_000] },
    { k: 7, n: 7 * 12_345, expected: Array(7).fill(12_345) },
    { k: 3, n: 3001, expected: [1001, 1000, 1000] },
    { k: 5, n: 13, expected: [3, 3, 3, 2, 2] },
    { k: 1, n: 17, expected: [17] },
  ])('spreads $n requests over $k endpoints exactly evenly', ({ k, n, expected }) => {
    const eps = Array.from({ length: k }, (_, i) => `e${i + 1}`);
    const lb = new RoundRobin<string>(identity);
    lb.setEndpoints(eps, ZERO);
    const count = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const e = lb.pick(i % 97, micros(i))!; // request i at i µs
      count.set(e, (count.get(e) ?? 0) + 1);
    }
    expect(eps.map((e) => count.get(e) ?? 0)).toEqual(expected);
  });

  it('spreads evenly with a seeded shuffle too: every endpoint gets N/k whatever the order', () => {
    const lb = new RoundRobin<number>(() => stream.next());
    const stream = createStream(7, 'service/default/web/lb');
    lb.setEndpoints([10, 11, 12, 13, 14, 15], ZERO);
    const count = new Map<number, number>();
    for (let i = 0; i < 6_000; i++) {
      const e = lb.pick(0, ZERO)!;
      count.set(e, (count.get(e) ?? 0) + 1);
    }
    expect([...count.values()]).toEqual(Array(6).fill(1_000));
  });

  it('an unchanged set (any order) keeps the list and the index', () => {
    const lb = new RoundRobin<string>(identity);
    lb.setEndpoints(['e1', 'e2', 'e3'], ZERO);
    lb.pick(0, ZERO); // e1, index → 1
    lb.setEndpoints(['e3', 'e1', 'e2'], seconds(5)); // same set: OnEndpointsUpdate leaves the state alone
    expect(lb.endpoints).toEqual(['e1', 'e2', 'e3']);
    expect(lb.nextIndex).toBe(1);
    expect(lb.pick(0, seconds(5))).toBe('e2');
  });

  it('a changed set rebuilds the list (identity shuffle here) and resets the index to 0', () => {
    const lb = new RoundRobin<string>(identity);
    lb.setEndpoints(['e1', 'e2', 'e3'], ZERO);
    expect(picks(lb, [0, 0])).toEqual(['e1', 'e2']); // index 2
    lb.setEndpoints(['e2', 'e3', 'e4'], seconds(1)); // same size, different members: changed
    expect(lb.nextIndex).toBe(0);
    expect(picks(lb, [0, 0, 0, 0])).toEqual(['e2', 'e3', 'e4', 'e2']);
  });

  it('the rebuilt order is a seeded shuffle: a permutation, the same for the same seed, drawing n − 1 uniforms', () => {
    const eps = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const orders: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const s = createStream(42, 'service/default/web/lb');
      let draws = 0;
      const lb = new RoundRobin<string>(() => {
        draws++;
        return s.next();
      });
      lb.setEndpoints(eps, ZERO);
      expect(draws).toBe(eps.length - 1);
      orders.push([...lb.endpoints]);
    }
    expect(orders[0]).toEqual(orders[1]);
    expect([...orders[0]].sort()).toEqual(eps);
    expect(orders[0]).not.toEqual(eps); // with this seed the shuffle moves something (guards a no-op shuffle)
  });

  it('does not copy the caller array by reference: later mutation of the input changes nothing', () => {
    const lb = new RoundRobin<string>(identity);
    const input = ['e1', 'e2'];
    lb.setEndpoints(input, ZERO);
    input.push('e3');
    expect(lb.endpoints).toEqual(['e1', 'e2']);
  });

  it('no endpoints: every pick is undefined (503); the empty set resets the index', () => {
    const lb = new RoundRobin<string>(identity);
    expect(lb.pick(0, ZERO)).toBeUndefined();
    lb.setEndpoints(['e1', 'e2'], ZERO);
    lb.pick(0, ZERO);
    lb.setEndpoints([], seconds(1));
    expect(lb.pick(0, seconds(1))).toBeUndefined();
    expect(lb.nextIndex).toBe(0);
    lb.setEndpoints(['e1', 'e2'], seconds(2));
    expect(lb.pick(0, seconds(2))).toBe('e1');
  });
});
