/**
 * Random (iptables mode): the endpoint index is ⌊u·n⌋ from one uniform per new connection, so each endpoint gets
 * exactly 1/n; the iptables rule probabilities of TV-4.2; and the registry from policy names to factories.
 */
import { createStream } from '../../../engine/random';
import { iptablesRuleProbabilities, RandomChoice } from '../../../models/service/random';
import { createLoadBalancer, DEFAULT_LOAD_BALANCING_POLICY, isLoadBalancingPolicy, LOAD_BALANCING_POLICIES } from '../../../models/service/registry';
import { micros, ZERO } from '../../../engine/time';

describe('RandomChoice', () => {
  it.each([
    // n = 3: ⌊u·3⌋ → [0, 1/3) e1, [1/3, 2/3) e2, [2/3, 1) e3.
    { u: 0, expected: 'e1' },
    { u: 0.3333, expected: 'e1' },
    { u: 0.3334, expected: 'e2' },
    { u: 0.6666, expected: 'e2' },
    { u: 0.6667, expected: 'e3' },
    { u: 0.9999999999, expected: 'e3' },
  ])('u = $u picks $expected of three', ({ u, expected }) => {
    const lb = new RandomChoice<string>(() => u);
    lb.setEndpoints(['e1', 'e2', 'e3'], ZERO);
    expect(lb.pick(0, ZERO)).toBe(expected);
  });

  it('draws exactly one uniform per pick and none for an empty Service', () => {
    let draws = 0;
    const s = createStream(1, 'lb');
    const lb = new RandomChoice<string>(() => {
      draws++;
      return s.next();
    });
    expect(lb.pick(0, ZERO)).toBeUndefined();
    lb.setEndpoints(['e1', 'e2'], ZERO);
    for (let i = 0; i < 10; i++) lb.pick(i, micros(i));
    expect(draws).toBe(10);
  });

  it('gives each of n endpoints 1/n of the connections (seeded, within 4 standard errors)', () => {
    // N = 400 000, n = 5, p = 0.2: a count's sd = √(Np(1−p)) = √64 000 ≈ 253; 4 sd ≈ 1012.
    const s = createStream(2024, 'service/default/web/lb');
    const lb = new RandomChoice<number>(() => s.next());
    lb.setEndpoints([0, 1, 2, 3, 4], ZERO);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 400_000; i++) counts[lb.pick(i, micros(i))!]++;
    for (const c of counts) expect(Math.abs(c - 80_000)).toBeLessThan(1_012);
  });

  it.each([
    // TV-4.2: rule i of n matches with 1/(n − i), printed %0.10f; the last endpoint is unconditional.
    { n: 1, rules: [] },
    { n: 2, rules: ['0.5000000000'] },
    { n: 3, rules: ['0.3333333333', '0.5000000000'] },
    { n: 4, rules: ['0.2500000000', '0.3333333333', '0.5000000000'] },
    { n: 5, rules: ['0.2000000000', '0.2500000000', '0.3333333333', '0.5000000000'] },
  ])('TV-4.2 iptables rules for $n endpoints', ({ n, rules }) => {
    expect(iptablesRuleProbabilities(n)).toEqual(rules);
  });
});

describe('load-balancer registry', () => {
  const stream = createStream(1, 'service/default/web/lb');

  it('names RoundRobin (the default) and Random', () => {
    expect(LOAD_BALANCING_POLICIES).toEqual(['RoundRobin', 'Random']);
    expect(DEFAULT_LOAD_BALANCING_POLICY).toBe('RoundRobin');
    expect(isLoadBalancingPolicy('Random')).toBe(true);
    expect(isLoadBalancingPolicy('LeastConn')).toBe(false);
  });

  it('builds the named policy, wrapped in ClientIP affinity when a timeout is given', () => {
    expect(createLoadBalancer<string>('RoundRobin', { stream }).policy).toBe('RoundRobin');
    expect(createLoadBalancer<string>('Random', { stream }).policy).toBe('Random');
    expect(createLoadBalancer<string>('RoundRobin', { stream }, { type: 'ClientIP', timeoutSeconds: 10_800 }).policy).toBe('ClientIP/RoundRobin');
    expect(createLoadBalancer<string>('Random', { stream }, { type: 'ClientIP', timeoutSeconds: 60 }).policy).toBe('ClientIP/Random');
  });

  it('throws on an unknown name, listing the known ones', () => {
    expect(() => createLoadBalancer('LeastConn' as never, { stream })).toThrow('unknown load-balancing policy "LeastConn" (known: RoundRobin, Random)');
  });
});
