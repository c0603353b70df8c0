/**
 * ClientIP session affinity over RoundRobin (the userspace proxy, TV-4.4) and over Random (iptables mode, TV-4.3):
 * stickiness while int(seconds since lastUsed) < timeout with refresh on use, expiry, removal of entries whose
 * endpoint left, clearing on an empty set, and the retry flag. Times are Micros, written with seconds().
 */
import type { Uniform } from '../../../engine/random';
import { RandomChoice } from '../../../models/service/random';
import { RoundRobin } from '../../../models/service/roundRobin';
import { SessionAffinity } from '../../../models/service/sessionAffinity';
import { micros, seconds, ZERO } from '../../../engine/time';

const identity: Uniform = () => 0.99; // Fisher–Yates keeps the given order (see roundRobin.test.ts)
const [A, B, C, D] = [0, 1, 2, 3];

function rrAffinity(endpoints: string[], ttl = 10_800) {
  const rr = new RoundRobin<string>(identity);
  const lb = new SessionAffinity<string>(rr, ttl);
  lb.setEndpoints(endpoints, ZERO);
  return { rr, lb };
}

describe('SessionAffinity over RoundRobin', () => {
  it('TV-4.4 with ClientIP affinity, ttl 10800, row by row', () => {
    const { rr, lb } = rrAffinity(['e1', 'e2', 'e3']);
    expect(lb.policy).toBe('ClientIP/RoundRobin');
    expect([lb.pick(A, ZERO), rr.nextIndex]).toEqual(['e1', 1]);
    expect([lb.pick(B, seconds(1)), rr.nextIndex]).toEqual(['e2', 2]);
    expect([lb.pick(A, seconds(5)), rr.nextIndex]).toEqual(['e1', 2]); // affinity hit: the index does not move
    expect([lb.pick(C, seconds(6)), rr.nextIndex]).toEqual(['e3', 0]);
    expect([lb.pick(D, seconds(7)), rr.nextIndex]).toEqual(['e1', 1]);
    // t=8: endpoints become {e2, e3}: A's and D's entries (e1) go; list rebuilt (identity here), index 0.
    lb.setEndpoints(['e2', 'e3'], seconds(8));
    expect(lb.affinityEntries).toBe(2); // B → e2, C → e3 remain
    expect(rr.nextIndex).toBe(0);
    expect([lb.pick(A, seconds(9)), rr.nextIndex]).toEqual(['e2', 1]); // endpoints[0] of the new list
    // t = 9 + 10800: B last used at t=1, int(10808) ≥ 10800 → expired, next round-robin endpoint (index 1 → e3).
    expect(lb.stickyEndpoint(B, seconds(10_809))).toBeUndefined();
    expect([lb.pick(B, seconds(10_809)), rr.nextIndex]).toEqual(['e3', 0]);
  });

  it('sticks while now − lastUsed < timeout, refreshed by each use, then moves at exactly the timeout', () => {
    // ttl 10 s. A gets e1 at 0. Other clients move the index between A's requests.
    const { lb } = rrAffinity(['e1', 'e2', 'e3'], 10);
    expect(lb.pick(A, ZERO)).toBe('e1');
    expect(lb.pick(B, micros(1))).toBe('e2');
    // 9.999999 s later: int(9.999999) = 9 < 10 → sticky; lastUsed becomes 9_999_999.
    expect(lb.pick(A, seconds(9.999999))).toBe('e1');
    // Refresh: 19.999998 s is 9.999999 s after the last use → still e1.
    expect(lb.pick(A, seconds(19.999998))).toBe('e1');
    // Exactly 10 s after the last use: int(10) < 10 is false → re-picked by RoundRobin (index 2 → e3).
    expect(lb.pick(A, seconds(29.999998))).toBe('e3');
    // And A now sticks to e3.
    expect(lb.pick(A, seconds(31))).toBe('e3');
  });

  it('a removed endpoint loses its clients at once; clients of staying endpoints keep theirs', () => {
    const { lb } = rrAffinity(['e1', 'e2', 'e3']);
    expect([lb.pick(A, ZERO), lb.pick(B, ZERO), lb.pick(C, ZERO)]).toEqual(['e1', 'e2', 'e3']);
    lb.setEndpoints(['e1', 'e3'], seconds(1)); // e2 fails readiness
    expect(lb.affinityEntries).toBe(2);
    expect(lb.stickyEndpoint(B, seconds(1))).toBeUndefined();
    expect(lb.pick(A, seconds(2))).toBe('e1');
    expect(lb.pick(C, seconds(2))).toBe('e3');
    // B is re-picked by the rebuilt rotation [e1, e3] from index 0.
    expect(lb.pick(B, seconds(2))).toBe('e1');
    // e2 comes back: B stays where it was moved (no migration back), the set change resets the rotation.
    lb.setEndpoints(['e1', 'e2', 'e3'], seconds(3));
    expect(lb.pick(B, seconds(4))).toBe('e1');
  });

  it('an empty endpoint set clears the whole affinity map (resetService)', () => {
    const { lb } = rrAffinity(['e1', 'e2', 'e3']);
    lb.pick(A, ZERO);
    lb.pick(B, ZERO); // B → e2
    lb.setEndpoints([], seconds(1));
    expect(lb.affinityEntries).toBe(0);
    expect(lb.pick(A, seconds(1))).toBeUndefined();
    expect(lb.affinityEntries).toBe(0); // a 503 records nothing
    lb.setEndpoints(['e1', 'e2', 'e3'], seconds(2));
    expect(lb.pick(B, seconds(2))).toBe('e1'); // no memory of e2: the rotation's first endpoint
  });

  it('an unchanged set keeps every entry', () => {
    const { lb } = rrAffinity(['e1', 'e2', 'e3']);
    lb.pick(A, ZERO);
    lb.pick(B, ZERO);
    lb.setEndpoints(['e3', 'e2', 'e1'], seconds(1));
    expect(lb.affinityEntries).toBe(2);
    expect(lb.pick(B, seconds(2))).toBe('e2');
  });

  it('sessionAffinityReset (a retried dial) takes the next round-robin endpoint and re-pins the client', () => {
    const { lb } = rrAffinity(['e1', 'e2', 'e3']);
    expect(lb.pick(A, ZERO)).toBe('e1');
    expect(lb.pick(A, micros(1), true)).toBe('e2');
    expect(lb.pick(A, micros(2))).toBe('e2');
  });

  it('cleanupStaleStickySessions forgets only expired entries and never changes a pick', () => {
    const { lb } = rrAffinity(['e1', 'e2', 'e3'], 10);
    lb.pick(A, ZERO); // e1, expires at 10 s
    lb.pick(B, seconds(5)); // e2, expires at 15 s
    lb.cleanupStaleStickySessions(seconds(10));
    expect(lb.affinityEntries).toBe(1);
    expect(lb.pick(B, seconds(14))).toBe('e2');
  });

  it('rejects a timeout that is not a positive integer', () => {
    const rr = new RoundRobin<string>(identity);
    expect(() => new SessionAffinity(rr, 0)).toThrow(/positive integer/);
    expect(() => new SessionAffinity(rr, 1.5)).toThrow(/positive integer/);
  });
});

describe('SessionAffinity over Random (iptables mode, TV-4.3 derived)', () => {
  it('first connection random, sticky on the next, re-picked among the rest after a readiness loss, expiry after the timeout', () => {
    // Uniforms handed out in order; n = 3: u = 0.5 → ⌊1.5⌋ = 1 → e2. n = 2 ({e1, e3}): u = 0.7 → ⌊1.4⌋ = 1 → e3.
    const us = [0.5, 0.7, 0.1];
    let k = 0;
    const lb = new SessionAffinity<string>(new RandomChoice<string>(() => us[k++]), 10_800);
    lb.setEndpoints(['e1', 'e2', 'e3'], ZERO);
    expect(lb.policy).toBe('ClientIP/Random');
    expect(lb.pick(A, ZERO)).toBe('e2');
    expect(lb.pick(A, seconds(100))).toBe('e2'); // affinity rule first; no draw; timestamp 100
    expect(k).toBe(1);
    lb.setEndpoints(['e1', 'e3'], seconds(200)); // e2 fails readiness: its rules (and A's entry) go
    expect(lb.pick(A, seconds(210))).toBe('e3');
    lb.setEndpoints(['e1', 'e2', 'e3'], seconds(300)); // e2 is back
    expect(lb.pick(A, seconds(400))).toBe('e3'); // A stays with what it got at 210; lastSeen = 400
    // lastSeen + 10800 + 1: expired → a fresh random pick (u = 0.1 → ⌊0.3⌋ = 0 → e1).
    expect(lb.pick(A, seconds(400 + 10_800 + 1))).toBe('e1');
    expect(k).toBe(3);
  });
});
