/**
 * Issue #14: every bad input is one located InputError (exit 2), never an internal error — YAML alias bombs,
 * recursive aliases, custom tags, folder oddities, the documented limits — with control characters escaped; merge
 * keys are expanded; fields with an effect k8sim does not simulate are warnings.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeControl, InputError } from '../../scenarios/errors';
import { listScenarioFiles, loadScenario, resolveScenario } from '../../scenarios/load';
import { MAX_ALIAS_EXPANSION } from '../../scenarios/yamlGuards';
import { errorOf, load, webDeployment } from './helpers';
import { tempDir } from '../support/cli';

/** The InputError message of `fn` (fails the test when it does not throw one). */
function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error('no error');
}

describe('YAML', () => {
  it('an alias bomb stops at the alias that crosses the bound, located', () => {
    // Level a is a list of 10 scalars: 11 nodes. Each later level is a list of 10 aliases to the one before, each
    // alias adding that level's size: b adds 10 × 11 = 110 (size 111), c 1,110 (size 1,111), d 11,110 (size 11,111).
    // After d the document has gained 110 + 1,110 + 11,110 = 12,330 nodes; e's aliases add 11,111 each, and
    // 12,330 + 8 × 11,111 = 101,218 > 100,000 at its 8th alias, e[7] on line 9 (data is line 4, a line 5).
    const levels = ['a', 'b', 'c', 'd', 'e', 'f'];
    const lines = levels.map((l, i) => `  ${l}: &${l} [${i === 0 ? Array(10).fill('x').join(', ') : Array(10).fill(`*${levels[i - 1]}`).join(', ')}]`);
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n${lines.join('\n')}\n`;
    expect(MAX_ALIAS_EXPANSION).toBe(100_000);
    expect(errorOf(text)).toBe('x.yaml:9: data.e[7]: YAML aliases expand this document to more than 100,000 extra nodes (an alias bomb?): expected at most that many (docs/limits.md)');
  });

  it('a recursive alias is refused at the alias', () => {
    expect(errorOf('apiVersion: apps/v1\nkind: Deployment\nmetadata: &m {name: a, annotations: *m}\n')).toBe(
      'x.yaml:3: metadata.annotations: recursive YAML alias *m: the value would contain itself (expected a tree; remove the alias or point it at a finished anchor)',
    );
  });

  it('aliases to finished anchors are fine, and merge keys are expanded as kubectl does', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - &c {name: c, image: nginx}\n  - <<: *c\n    name: d\n';
    expect(load(text).pods[0].template.spec.containers.map((c) => [c.name, c.image])).toEqual([
      ['c', 'nginx'],
      ['d', 'nginx'],
    ]);
  });

  it.each([
    ['a custom tag', 'metadata: {name: !foo x}', 'x.yaml:3: metadata.name: unsupported YAML tag !foo: expected plain values (or the core tags !!str, !!int, !!float, !!bool, !!null, !!map, !!seq)'],
    ['!!binary', 'metadata: {name: !!binary aGVsbG8=}', 'x.yaml:3: metadata.name: unsupported YAML tag !!binary: expected plain values (or the core tags !!str, !!int, !!float, !!bool, !!null, !!map, !!seq)'],
  ])('%s is refused, located', (_name, meta, message) => {
    expect(errorOf(`apiVersion: v1\nkind: ConfigMap\n${meta}\n`)).toBe(message);
  });

  it('kind: "" is a located error, not a garbled skip', () => {
    expect(errorOf('apiVersion: v1\nkind: ""\n')).toBe('x.yaml:2: kind: expected a non-empty string (like kind: Deployment), got ""');
  });
});

describe('control characters', () => {
  it('escapeControl escapes C0, DEL, C1, line separators and bidi overrides, and is idempotent', () => {
    const raw = 'a\nb\rc\td\x1b[31me\x7f\x9b\u2028\u202ef\\n';
    const once = escapeControl(raw);
    expect(once).toBe('a\\nb\\rc\\td\\x1b[31me\\x7f\\x9b\\u2028\\u202ef\\n');
    expect(escapeControl(once)).toBe(once);
  });

  it('a name with a newline and an escape sequence stays on one line in the error', () => {
    const msg = errorOf('apiVersion: k8sim/v1alpha1\nkind: "Sim\\n\\u001b[2J"\n');
    expect(msg).not.toMatch(/[\x00-\x1f\x7f]/);
    expect(msg).toContain('"Sim\\n\\u001b[2J"'); // a value quoted by describe() is JSON-escaped
    // A file name is echoed as given: escapeControl keeps it on one line.
    const file = inputError(() => resolveScenario([{ file: 'a\nb\x1b.yaml', text: 'kind: 3\n' }]));
    expect(file).toBe('a\\nb\\x1b.yaml:1: apiVersion: required field is missing: every document needs apiVersion and kind (like apiVersion: apps/v1, kind: Deployment)');
  });
});

describe('folders', () => {
  const dir = tempDir('k8sim-folders-');
  const sub = (name: string) => {
    const d = path.join(dir, name);
    fs.mkdirSync(d);
    fs.writeFileSync(path.join(d, 'ok.yaml'), webDeployment());
    return d;
  };

  it('a broken symlink named *.yaml is refused; one to a README is not part of the scenario', () => {
    const d = sub('broken');
    fs.symlinkSync(path.join(d, 'nowhere.yaml'), path.join(d, 'b.yaml'));
    expect(inputError(() => listScenarioFiles([d]))).toBe(`${d}/b.yaml: broken symlink (its target does not exist): remove it or fix its target, or move it out of the scenario folder`);
    const e = sub('readme');
    fs.symlinkSync(path.join(e, 'nowhere.md'), path.join(e, 'README.md'));
    expect(listScenarioFiles([e])).toEqual([`${e}/ok.yaml`]);
  });

  it('a symlink loop, a folder named x.yaml, an empty path', () => {
    const d = sub('loop');
    fs.symlinkSync('l.yaml', path.join(d, 'l.yaml'));
    expect(inputError(() => listScenarioFiles([d]))).toBe(`${d}/l.yaml: symlink loop: remove the link or point it at a file`);
    const f = sub('folder');
    fs.mkdirSync(path.join(f, 'x.yaml'));
    expect(inputError(() => listScenarioFiles([f]))).toMatch(/x\.yaml: a folder named like a YAML file: rename it/);
    expect(inputError(() => listScenarioFiles(['']))).toBe('(empty path): expected a YAML file or folder, got an empty path');
  });

  it('a folder symlinked into itself is walked once', () => {
    const d = sub('self');
    fs.symlinkSync('.', path.join(d, 'again'));
    expect(loadScenario([d]).workloads.map((w) => w.name)).toEqual(['web']);
  });
});

describe('limits (docs/limits.md)', () => {
  const deploy = (replicas: string) => webDeployment().replace('spec:\n', `spec:\n  replicas: ${replicas}\n`);
  it.each([
    ['replicas above 300,000', deploy('123456789'), "x.yaml:5: spec.replicas: too large: expected at most 300,000 (k8sim's limit, docs/limits.md), got 123456789"],
    ['a run of 100,000 hours', 'apiVersion: k8sim/v1alpha1\nkind: Simulation\nspec: {duration: 100000h}\n', "x.yaml:1: 100000h0m0s at a sampleInterval of 10s is too many sample rounds (raise spec.sampleInterval or shorten the run): expected at most 1,000,000 (k8sim's limit, docs/limits.md), got 36000000"],
    ['a duration beyond 100 years', 'apiVersion: k8sim/v1alpha1\nkind: Simulation\nspec: {duration: 900000h}\n', "x.yaml:3: spec.duration: duration too long: expected at most 876000h0m0s (100 years, k8sim's limit, docs/limits.md), got \"900000h\""],
    ['a node pool of 20,000', 'apiVersion: k8sim/v1alpha1\nkind: Simulation\nspec:\n  nodePools: [{count: 20000}]\n', "x.yaml:4: spec.nodePools[0].count: too large: expected at most 10,000 (k8sim's limit, docs/limits.md), got 20000"],
  ])('%s', (_name, text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('two pools of 6,000 nodes cross the 10,000 total at the 10,001st node', () => {
    const text = 'apiVersion: k8sim/v1alpha1\nkind: Simulation\nspec:\n  nodePools: [{namePrefix: a, count: 6000}, {namePrefix: b, count: 6000}]\n';
    expect(errorOf(text)).toMatch(/^x\.yaml:\d+: 12,000 nodes: expected at most 10,000 \(k8sim's limit, docs\/limits\.md\), got 12000$/);
  });

  it('pods in total: two Deployments of 200,000 replicas cross 300,000 at the second', () => {
    const two = `${deploy('200000')}${deploy('200000').replace('name: web', 'name: api')}`;
    // The first Deployment is lines 1–9 (replicas on 5), the second starts after the separator on line 11.
    expect(errorOf(two)).toBe("x.yaml:11: the workloads and pods up to this one ask for too many pods in total: expected at most 300,000 (k8sim's limit, docs/limits.md), got 400000");
  });

  it.each([
    ['port 1,000,000', '1000000', 'Invalid value: 1000000: must be between 1 and 65535, inclusive'],
    ['port 0', '0', 'Invalid value: 0: must be between 1 and 65535, inclusive'],
    ['a port name with upper case', 'Http', "Invalid value: \"Http\": must be a port number 1-65535 or a name of at most 15 lower-case letters, digits and '-' (IANA_SVC_NAME)"],
  ])('probe %s is refused', (_name, port, problem) => {
    const text = webDeployment(`{}, readinessProbe: {httpGet: {path: /, port: ${port}}}`);
    expect(errorOf(text)).toBe(`x.yaml:8: spec.template.spec.containers[0].readinessProbe.httpGet.port: ${problem}`);
  });

  it('rps above 1,000,000 per Traffic', () => {
    const text = `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n---\napiVersion: k8sim/v1alpha1\nkind: Traffic\nmetadata: {name: t}\nspec:\n  service: web\n  profile: {constant: 1e308}\n`;
    expect(errorOf(text)).toBe("x.yaml:11: spec.profile.constant: too large: expected at most 1,000,000 (k8sim's limit, docs/limits.md), got 1e+308");
  });

  it('a negative memory quantity in a Behavior', () => {
    const text = 'apiVersion: k8sim/v1alpha1\nkind: Behavior\nmetadata: {name: b}\nspec:\n  selector: {matchLabels: {app: web}}\n  resources: {memory: -64Mi}\n';
    expect(errorOf(text)).toBe('x.yaml:6: spec.resources.memory: must be greater than or equal to 0, got "-64Mi"');
  });
});

describe('ignored fields with an effect in Kubernetes', () => {
  it('schedulingGates, a hostPort and ephemeral-storage are warnings; extended resources are modelled', () => {
    const text = webDeployment('{requests: {ephemeral-storage: 1Gi, nvidia.com/gpu: 1}}').replace('spec: {containers: [', 'spec: {schedulingGates: [{name: g}], containers: [');
    const w = load(text).warnings;
    expect(w).toEqual([
      "x.yaml:8: ignored spec.template.spec.schedulingGates of Deployment/web: Kubernetes keeps the pod Pending until every gate is removed; k8sim does not simulate it",
      "x.yaml:8: ignored spec.template.spec.containers[0].resources.requests.ephemeral-storage of Deployment/web: Kubernetes also fits the pod to the nodes' ephemeral-storage; k8sim does not simulate it",
    ]);
  });
});
