/**
 * sameJson (models/controllers/deployment/views.ts) is the Deployment controller's test of whether a ReplicaSet's
 * annotations changed: it must answer exactly canonicalJson(a) === canonicalJson(b), the comparison it replaces.
 */
import fc from 'fast-check';
import { sameJson } from '../../../../models/controllers/deployment/views';
import { canonicalJson } from '../../../../models/naming';

// Few keys and values so that equal, near-equal (one value, one key more or less) and undefined members are common.
const key = fc.constantFrom('deployment.kubernetes.io/revision', 'a', 'b', 'c', 'revision-history');
const value = fc.oneof(fc.constantFrom('1', '2', '', 'x'), fc.constant(undefined), fc.integer({ min: 0, max: 2 }));
const record = fc.dictionary(key, value, { maxKeys: 4 });

describe('sameJson', () => {
  it('is canonicalJson(a) === canonicalJson(b), for records of strings, numbers and undefined members', () => {
    fc.assert(
      fc.property(record, record, (a, b) => sameJson(a, b) === (canonicalJson(a) === canonicalJson(b))),
      { numRuns: 2000 },
    );
  });

  it('holds for a record and a copy of it built in another key order', () => {
    fc.assert(
      fc.property(record, (a) => {
        const b = Object.fromEntries(Object.entries(a).reverse());
        return sameJson(a, b) && sameJson(b, a);
      }),
    );
  });

  it.each([
    [{ r: '1' }, { r: '1' }, true],
    [{ r: '1' }, { r: '2' }, false],
    [{ r: '1' }, { r: '1', h: '' }, false],
    [{ r: '1', h: undefined }, { r: '1' }, true],
    [{}, {}, true],
  ])('%j vs %j: %s (by hand: same defined keys and values)', (a, b, same) => {
    expect(sameJson(a, b)).toBe(same);
  });
});
