/**
 * LoadBalancer.lastIndex: the position in `endpoints` of the last pick (what the traffic model's routing cache
 * reads), −1 with no endpoints and for a ClientIP affinity hit. Expected positions by hand from each policy's rule.
 */
import type { Uniform } from '../../../engine/random';
import { RandomChoice } from '../../../models/service/random';
import { RoundRobin } from '../../../models/service/roundRobin';
import { SessionAffinity } from '../../../models/service/sessionAffinity';
import { seconds, ZERO } from '../../../engine/time';

const identity: Uniform = () => 0.99; // Fisher–Yates keeps the given order (see roundRobin.test.ts)

describe('lastIndex', () => {
  it('RoundRobin: 0, 1, 2, 0, … over three endpoints, −1 before any pick, after a change and with none', () => {
    const rr = new RoundRobin<string>(identity);
    expect(rr.lastIndex).toBe(-1);
    expect(rr.pick(0, ZERO)).toBeUndefined();
    expect(rr.lastIndex).toBe(-1);
    rr.setEndpoints(['e1', 'e2', 'e3'], ZERO);
    const seen: [string | undefined, number][] = [];
    for (let i = 0; i < 5; i++) seen.push([rr.pick(i, ZERO), rr.lastIndex]);
    expect(seen).toEqual([
      ['e1', 0],
      ['e2', 1],
      ['e3', 2],
      ['e1', 0],
      ['e2', 1],
    ]);
    rr.setEndpoints(['e1', 'e2'], seconds(1));
    expect(rr.lastIndex).toBe(-1);
  });

  it('Random: ⌊u·n⌋ (u = 0.5, n = 3 → 1; u = 0.99 → 2)', () => {
    let u = 0.5;
    const lb = new RandomChoice<string>(() => u);
    lb.setEndpoints(['e1', 'e2', 'e3'], ZERO);
    expect([lb.pick(0, ZERO), lb.lastIndex]).toEqual(['e2', 1]);
    u = 0.99;
    expect([lb.pick(0, ZERO), lb.lastIndex]).toEqual(['e3', 2]);
  });

  it('ClientIP affinity: a miss is the policy’s position, a hit is −1', () => {
    const lb = new SessionAffinity<string>(new RoundRobin<string>(identity), 10_800);
    lb.setEndpoints(['e1', 'e2', 'e3'], ZERO);
    expect([lb.pick(7, ZERO), lb.lastIndex]).toEqual(['e1', 0]);
    expect([lb.pick(8, ZERO), lb.lastIndex]).toEqual(['e2', 1]);
    expect([lb.pick(7, seconds(1)), lb.lastIndex]).toEqual(['e1', -1]); // sticky: not taken by position
    expect(lb.endpoints[1]).toBe('e2');
  });
});
