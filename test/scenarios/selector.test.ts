/**
 * The loader's selector adapter over models/labels.ts (whose own tests cover the semantics): ResolvedSelector
 * shape and text, located selector errors, and the DNS-1123 name checks.
 */
import { isDnsLabel, isDnsSubdomain, resolveLabelSelector, resolveMapSelector, selectorErrorPath } from '../../scenarios/selector';
import { errorOf } from './helpers';

describe('ResolvedSelector', () => {
  it.each([
    [{}, '<none>', { a: 'b' }, undefined],
    [{ matchLabels: { app: 'web' } }, 'app=web', { app: 'web' }, { app: 'api' }],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }, 'tier in (api,web)', { tier: 'api' }, { tier: 'db' }],
    [{ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, 'env notin (prod)', {}, { env: 'prod' }],
    [{ matchLabels: { z: '1' }, matchExpressions: [{ key: 'a', operator: 'Exists' }] }, 'a,z=1', { a: '', z: '1' }, { z: '1' }],
  ])('%j → %s', (sel, text, yes, no) => {
    const s = resolveLabelSelector(sel);
    expect(s.text).toBe(text);
    expect(s.matches(yes)).toBe(true);
    if (no) expect(s.matches(no)).toBe(false);
  });

  it('map selectors (ReplicationController)', () => {
    const s = resolveMapSelector({ tier: 'fe', app: 'web' });
    expect([s.text, s.matches({ app: 'web', tier: 'fe', x: '1' }), s.matches({ app: 'web' })]).toEqual(['app=web,tier=fe', true, false]);
  });
});

describe('located selector errors', () => {
  const behavior = (selector: string) =>
    `apiVersion: k8sim/v1alpha1\nkind: Behavior\nmetadata: {name: b}\nspec:\n  selector:\n${selector}`;
  it.each([
    ['    matchExpressions:\n      - {key: app, operator: In}', "x.yaml:7: spec.selector.matchExpressions[0].values: for 'in', 'notin' operators, values set can't be empty"],
    ['    matchExpressions:\n      - {key: app, operator: Exists, values: [a]}', 'x.yaml:7: spec.selector.matchExpressions[0].values: values set must be empty for exists and does not exist'],
    ['    matchExpressions:\n      - key: app\n        operator: In\n        values: [ok, "bad value"]', 'x.yaml:9: spec.selector.matchExpressions[0].values[1]: Invalid value: "bad value": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character'],
    ['    matchLabels: {app: "a b"}', 'x.yaml:6: spec.selector.matchLabels.app: invalid label value "a b": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character'],
    ['    matchExpressions:\n      - {key: app, operator: In, values: [1]}', 'x.yaml:7: spec.selector.matchExpressions[0].values[0]: expected a string, got 1 (quote it)'],
  ])('%#', (selector, message) => {
    expect(errorOf(behavior(selector))).toBe(message);
  });

  it('maps models/labels paths to document paths', () => {
    expect(selectorErrorPath('matchExpressions[0].values[1]')).toEqual(['matchExpressions', 0, 'values', 1]);
    expect(selectorErrorPath('matchLabels[app.kubernetes.io/name]')).toEqual(['matchLabels', 'app.kubernetes.io/name']);
    expect(selectorErrorPath('matchLabels[7]')).toEqual(['matchLabels', '7']);
  });
});

describe('DNS-1123 names', () => {
  it.each([
    ['web', true, true],
    ['web-1.prod', true, false], // a subdomain, not a label
    ['Web', false, false],
    ['-web', false, false],
    ['a'.repeat(64), true, false],
  ])('%s subdomain=%s label=%s', (name, subdomain, label) => {
    expect([isDnsSubdomain(name), isDnsLabel(name)]).toEqual([subdomain, label]);
  });
});
