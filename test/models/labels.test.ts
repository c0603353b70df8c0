/**
 * Label selectors: matching (equality and set-based, selection.Requirement.Matches semantics), validation
 * (labels.NewRequirement rules), and kubectl's string form (metav1.FormatLabelSelector).
 */
import {
  compileLabelSelector,
  compileMapSelector,
  describeMapSelector,
  describeSelector,
  LabelSelectorError,
  validateLabelSelector,
  type LabelSelector,
  type Labels,
} from '../../models/labels';

const web: Labels = { app: 'web', tier: 'a', env: 'prod' };
const api: Labels = { app: 'api', tier: 'b' };
const bare: Labels = {};

describe('matching', () => {
  // selector | labels | matches
  test.each<[string, LabelSelector | null | undefined, Labels, boolean]>([
    ['empty selector matches everything', {}, bare, true],
    ['empty matchLabels and expressions match everything', { matchLabels: {}, matchExpressions: [] }, web, true],
    ['nil selector matches nothing', null, web, false],
    ['undefined selector matches nothing', undefined, web, false],
    ['matchLabels equal', { matchLabels: { app: 'web' } }, web, true],
    ['matchLabels other value', { matchLabels: { app: 'web' } }, api, false],
    ['matchLabels missing key', { matchLabels: { app: 'web' } }, bare, false],
    ['matchLabels all pairs ANDed', { matchLabels: { app: 'web', tier: 'b' } }, web, false],
    ['In: value in set', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }, api, true],
    ['In: value not in set', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['c'] }] }, web, false],
    ['In: key absent', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['x'] }] }, web, false],
    ['NotIn: value not in set', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['b'] }] }, web, true],
    ['NotIn: value in set', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['a', 'b'] }] }, web, false],
    ['NotIn: key absent matches', { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['x'] }] }, web, true],
    ['Exists', { matchExpressions: [{ key: 'env', operator: 'Exists' }] }, web, true],
    ['Exists: absent', { matchExpressions: [{ key: 'env', operator: 'Exists' }] }, api, false],
    ['Exists with empty values list', { matchExpressions: [{ key: 'env', operator: 'Exists', values: [] }] }, web, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, api, true],
    ['DoesNotExist: present', { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, web, false],
    [
      'matchLabels AND expressions',
      { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }, { key: 'canary', operator: 'DoesNotExist' }] },
      web,
      true,
    ],
    [
      'three expressions, one fails',
      {
        matchExpressions: [
          { key: 'app', operator: 'Exists' },
          { key: 'tier', operator: 'NotIn', values: ['x'] },
          { key: 'env', operator: 'In', values: ['dev'] },
        ],
      },
      web,
      false,
    ],
    ['label with empty value matches In [""]', { matchExpressions: [{ key: 'flag', operator: 'In', values: [''] }] }, { flag: '' }, true],
  ])('%s', (_n, sel, labels, want) => {
    expect(compileLabelSelector(sel)(labels)).toBe(want);
  });

  test('keys are own properties only (no prototype leakage)', () => {
    const m = compileLabelSelector({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] });
    expect(m({})).toBe(false);
  });
});

describe('ReplicationController map selector', () => {
  test.each<[Record<string, string> | undefined, Labels, boolean]>([
    [{ app: 'web' }, web, true],
    [{ app: 'web', tier: 'a' }, web, true],
    [{ app: 'web', tier: 'b' }, web, false],
    [{ app: 'web' }, bare, false],
    [{}, web, true],
    [undefined, bare, true],
  ])('%j matches %j: %s', (sel, labels, want) => {
    expect(compileMapSelector(sel)(labels)).toBe(want);
  });
  test('describe', () => {
    expect(describeMapSelector({ tier: 'a', app: 'web' })).toBe('app=web,tier=a');
    expect(describeMapSelector({})).toBe('<none>');
  });
});

describe('validation (labels.NewRequirement)', () => {
  test.each<[string, LabelSelector, string]>([
    ['In without values', { matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] }, "matchExpressions[0].values: for 'in', 'notin' operators, values set can't be empty"],
    ['NotIn without values', { matchExpressions: [{ key: 'tier', operator: 'NotIn' }] }, "matchExpressions[0].values: for 'in', 'notin' operators, values set can't be empty"],
    ['Exists with values', { matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['a'] }] }, 'matchExpressions[0].values: values set must be empty for exists and does not exist'],
    ['DoesNotExist with values', { matchExpressions: [{ key: 't', operator: 'DoesNotExist', values: ['a'] }] }, 'matchExpressions[0].values: values set must be empty for exists and does not exist'],
    ['unknown operator', { matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }] }, 'matchExpressions[0].operator: "Gt" is not a valid label selector operator'],
    ['operator is case-sensitive', { matchExpressions: [{ key: 'tier', operator: 'in', values: ['a'] }] }, 'matchExpressions[0].operator: "in" is not a valid label selector operator'],
  ])('%s', (_n, sel, message) => {
    expect(validateLabelSelector(sel)).toEqual([message]);
    expect(() => compileLabelSelector(sel)).toThrow(LabelSelectorError);
    expect(describeSelector(sel)).toBe('<error>');
  });

  test.each<[string, LabelSelector]>([
    ['bad key characters', { matchLabels: { 'app name': 'web' } }],
    ['key name too long', { matchLabels: { ['a'.repeat(64)]: 'x' } }],
    ['empty key', { matchExpressions: [{ key: '', operator: 'Exists' }] }],
    ['upper-case prefix', { matchLabels: { 'Example.com/app': 'x' } }],
    ['bad value', { matchLabels: { app: 'web!' } }],
    ['value too long', { matchExpressions: [{ key: 'app', operator: 'In', values: ['v'.repeat(64)] }] }],
  ])('rejects %s', (_n, sel) => {
    expect(validateLabelSelector(sel)).toHaveLength(1);
  });

  test.each<[string, LabelSelector]>([
    ['prefixed key', { matchLabels: { 'app.kubernetes.io/name': 'web' } }],
    ['63-char name and value', { matchLabels: { ['a'.repeat(63)]: 'b'.repeat(63) } }],
    ['empty value', { matchLabels: { app: '' } }],
    ['dots, dashes and underscores', { matchLabels: { 'my_app.v-1': 'A.b_c-9' } }],
  ])('accepts %s', (_n, sel) => {
    expect(validateLabelSelector(sel)).toEqual([]);
  });
});

describe('describeSelector (kubectl)', () => {
  test.each<[LabelSelector | null, string]>([
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] }, 'app=web,tier in (a,b)'],
    [{ matchLabels: { tier: 'x', app: 'web' } }, 'app=web,tier=x'],
    [
      {
        matchExpressions: [
          { key: 'zone', operator: 'NotIn', values: ['us-2', 'us-1'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'env', operator: 'Exists' },
        ],
      },
      '!canary,env,zone notin (us-1,us-2)',
    ],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] }, 'tier in (a)'],
    [{}, '<none>'],
    [null, '<none>'],
  ])('%j → %s', (sel, want) => {
    expect(describeSelector(sel)).toBe(want);
  });
});

describe('sameLabels (node updates compare labels by content)', () => {
  const { sameLabels } = require('../../models/labels') as typeof import('../../models/labels');
  test.each([
    [{ a: '1' }, { a: '1' }, true],
    [{ a: '1' }, { a: '2' }, false],
    [{ a: '1' }, { a: '1', b: '2' }, false], // b has a key a lacks
    [{ a: '1', b: '2' }, { a: '1' }, false], // a has a key b lacks
    [{}, {}, true],
  ])('%o vs %o → %s', (a, b, same) => {
    expect(sameLabels(a, b)).toBe(same);
  });
});
