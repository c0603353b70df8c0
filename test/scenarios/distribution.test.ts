/** DurationDist and IntChoice parsing (k8sim documents), through the Behavior kind. */
import { errorOf, load } from './helpers';
import { seconds } from '../../engine/time';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: p}}\nspec: {containers: [{name: app, image: nginx}]}\n---\n';
const behavior = (spec: string) => `${POD}apiVersion: k8sim/v1alpha1\nkind: Behavior\nmetadata: {name: b}\nspec:\n  selector: {matchLabels: {app: p}}\n${spec}`;
const exitOf = (after: string, code = '') => load(behavior(`  exit: {after: ${after}${code ? `, code: ${code}` : ''}}`)).behaviors[0].exit;

describe('DurationDist', () => {
  it.each([
    ['30s', { kind: 'fixed', value: seconds(30) }],
    ['1.5', { kind: 'fixed', value: seconds(1.5) }], // a number is seconds
    ['1m30s', { kind: 'fixed', value: seconds(90) }],
    ['{uniform: {min: 1s, max: 3s}}', { kind: 'uniform', min: seconds(1), max: seconds(3) }],
    ['{exponential: {mean: 250ms}}', { kind: 'exponential', mean: 250_000 }],
    ['{normal: {mean: 10s, stddev: 2s}}', { kind: 'normal', mean: seconds(10), stddev: seconds(2) }],
    ['{lognormal: {median: 2s, sigma: 0.25}}', { kind: 'lognormal', median: seconds(2), sigma: 0.25 }],
  ])('%s', (text, dist) => {
    expect(exitOf(text)?.after).toEqual(dist);
  });

  it.each([
    ['-1s', 'x.yaml:11: spec.exit.after: expected a duration like 30s or 5m, got "-1s"'],
    ['{gamma: {k: 1}}', 'x.yaml:11: spec.exit.after.gamma: unknown field "spec.exit.after.gamma"; expected one of: exponential, lognormal, normal, uniform'],
    ['{uniform: {min: 1s}}', 'x.yaml:11: spec.exit.after.uniform.max: required field is missing (expected a duration)'],
    ['{exponential: {mean: 0s}}', 'x.yaml:11: spec.exit.after.exponential.mean: expected a duration greater than 0, got "0s"'],
    ['{uniform: {min: 1s, max: 2s}, normal: {mean: 1s, stddev: 1s}}', 'x.yaml:11: spec.exit.after: expected exactly one distribution (uniform, exponential, normal, lognormal), got 2 keys'],
    ['[1s]', 'x.yaml:11: spec.exit.after: expected a duration like 5s, or one of {uniform: {min, max}}, {exponential: {mean}}, {normal: {mean, stddev}}, {lognormal: {median, sigma}}, got a list'],
  ])('rejects %s', (text, message) => {
    expect(errorOf(behavior(`  exit: {after: ${text}}`))).toBe(message);
  });
});

describe('IntChoice', () => {
  it.each([
    ['', { values: [1], weights: [1] }], // default exit code 1 (a crash)
    ['0', { values: [0], weights: [1] }],
    ['{choices: [{value: 1, weight: 0.75}, {value: 137, weight: 0.25}]}', { values: [1, 137], weights: [0.75, 0.25] }],
    ['{choices: [{value: 2}]}', { values: [2], weights: [1] }], // weight defaults to 1
  ])('%s', (code, choice) => {
    expect(exitOf('1s', code)?.code).toEqual(choice);
  });

  it.each([
    ['256', 'x.yaml:11: spec.exit.code: expected an integer ≤ 255, got 256'],
    ['{choices: []}', 'x.yaml:11: spec.exit.code.choices: expected at least one {value, weight}'],
    ['{choices: [{value: 1, weight: 0}]}', 'x.yaml:11: spec.exit.code.choices: expected at least one choice with a weight > 0'],
    ['{choices: [{value: 1, weight: -1}]}', 'x.yaml:11: spec.exit.code.choices[0].weight: expected a number ≥ 0, got -1'],
    ['"1"', 'x.yaml:11: spec.exit.code: expected an integer or {choices: [{value, weight}]}, got "1"'],
  ])('rejects %s', (code, message) => {
    expect(errorOf(behavior(`  exit: {after: 1s, code: ${code}}`))).toBe(message);
  });
});
