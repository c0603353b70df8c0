/** Endpoint selection (CategorizeEndpoints, TV-4.5) and endpoint-set comparison. */
import { categorizeEndpoints, sameEndpointSet, type EndpointCandidate } from '../../../models/service/endpoints';

const R = { ready: true, serving: true, terminating: false };
const NOT_READY = { ready: false, serving: false, terminating: false };
const TERMINATING_SERVING = { ready: false, serving: true, terminating: true };
const TERMINATING = { ready: false, serving: false, terminating: true };

describe('categorizeEndpoints', () => {
  it.each<{ id: string; candidates: EndpointCandidate<string>[]; used: string[] }>([
    { id: 'TV-4.5 row 1: ready ones only', candidates: [{ endpoint: 'e1', ...R }, { endpoint: 'e2', ...R }, { endpoint: 'e3', ...TERMINATING_SERVING }], used: ['e1', 'e2'] },
    { id: 'TV-4.5 row 2: no ready → serving+terminating', candidates: [{ endpoint: 'e1', ...NOT_READY }, { endpoint: 'e2', ...TERMINATING_SERVING }], used: ['e2'] },
    { id: 'TV-4.5 row 3: nothing usable', candidates: [{ endpoint: 'e1', ...NOT_READY }, { endpoint: 'e2', ...TERMINATING }], used: [] },
    { id: 'not-ready pods never get traffic, even with no other choice', candidates: [{ endpoint: 'e1', ...NOT_READY }], used: [] },
    { id: 'keeps the input order', candidates: [{ endpoint: 'b', ...R }, { endpoint: 'a', ...R }], used: ['b', 'a'] },
    { id: 'empty', candidates: [], used: [] },
  ])('$id', ({ candidates, used }) => {
    expect(categorizeEndpoints(candidates)).toEqual(used);
  });
});

describe('sameEndpointSet', () => {
  it.each([
    { a: [], b: [], same: true },
    { a: ['e1', 'e2'], b: ['e2', 'e1'], same: true },
    { a: ['e1', 'e2'], b: ['e1'], same: false },
    { a: ['e1', 'e2'], b: ['e1', 'e3'], same: false },
  ])('$a vs $b → $same', ({ a, b, same }) => {
    expect(sameEndpointSet(a, b)).toBe(same);
  });

  it('uses a set for long lists with the same answers', () => {
    const a = Array.from({ length: 50 }, (_, i) => i);
    expect(sameEndpointSet(a, [...a].reverse())).toBe(true);
    expect(sameEndpointSet(a, [...a.slice(1), 99])).toBe(false);
  });

  it('compares by identity: equal-looking objects are different endpoints', () => {
    const p = { name: 'p' };
    expect(sameEndpointSet([p], [p])).toBe(true);
    expect(sameEndpointSet([p], [{ name: 'p' }])).toBe(false);
  });
});
