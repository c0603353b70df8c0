/**
 * Bad input through the real CLI: one line naming file, line and field, exit code 2, and no output written.
 * Loader-level cases for every class are in test/scenarios; here the process-level contract.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sim, tempDir, tempFiles } from '../support/cli';

const scenarioFile = (text: string): string => path.join(tempFiles({ 'bad.yaml': text }), 'bad.yaml');

test.each([
  ['negative duration', 'apiVersion: k8sim/v1alpha1\nkind: Simulation\nmetadata: {name: x}\nspec:\n  duration: -5m\n', /bad\.yaml:5: spec\.duration: .*-5m/],
  ['malformed YAML', 'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n', /bad\.yaml:\d+: malformed YAML/],
  [
    'unknown field in a Deployment',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicaz: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, image: nginx}]\n',
    /bad\.yaml:5: spec\.replicaz: unknown field/,
  ],
  [
    'a karpenter.sh/v1 NodePool with a bad consolidateAfter',
    'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: default}\nspec:\n  disruption: {consolidateAfter: 5 minutes}\n  template: {spec: {}}\n',
    /bad\.yaml:5: spec\.disruption\.consolidateAfter: expected a duration like 30s, 5m or 720h or Never, got "5 minutes"/,
  ],
  [
    // KWOK's embedded catalogue (no spec.cloud.instanceTypes) has amd64 and arm64 types only: s390x is met by none.
    'a karpenter.sh/v1 NodePool whose requirements no instance type meets',
    'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: default}\nspec:\n  template:\n    spec:\n      requirements:\n        - {key: kubernetes.io/arch, operator: In, values: [s390x]}\n',
    /bad\.yaml:\d+: spec\.template\.spec\.requirements: no instance type of the catalogue \(144 types\) meets the requirements of NodePool default/,
  ],
])('%s → exit 2, one located line, no output files', (_name, text, pattern) => {
  const out = path.join(tempDir(), 'out');
  const r = k8sim(['run', scenarioFile(text), '--out', out]);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stdout).toBe('');
  expect(fs.existsSync(out)).toBe(false);
});

test('a bad --duration is exit 2 with what was expected', () => {
  const r = k8sim(['run', 'scenarios/examples/crashloop.yaml', '--duration', 'soon', '--out', path.join(tempDir(), 'o')]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--duration: expected a duration like 30s, 5m or 1h, got "soon"');
});

test('validate reports what it found; --help shows examples; --version prints the version', () => {
  const v = k8sim(['validate', 'scenarios/examples/nodes.yaml']);
  expect(v.code).toBe(0);
  expect(v.stdout).toMatch(/valid: scenario "nodes", seed 11, duration 6m0s, 2 nodes, 2 workloads, 0 bare pods, 0 services, 0 traffic sources, 0 autoscalers/);
  const w = k8sim(['validate', 'scenarios/examples/hpa-walkthrough.yaml']);
  expect(w.stdout).toMatch(/1 services, 1 traffic sources, 1 autoscalers/);
  const h = k8sim(['run', '--help']);
  expect(h.stdout).toContain('k8sim run scenarios/examples/crashloop.yaml');
  expect(h.stdout).toContain('--seed 7');
  const ver = k8sim(['--version']);
  expect(ver.stdout.trim()).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version);
});

test('the output of kubectl create deployment --dry-run=client -o yaml runs as it is', () => {
  const out = path.join(tempDir(), 'out');
  const r = k8sim(['run', 'test/fixtures/scenarios/kubectl-deployment.yaml', '--duration', '2m', '--out', out, '--quiet']);
  expect(r.code).toBe(0);
  const workloads = fs.readFileSync(path.join(out, 'workloads.csv'), 'utf8').trim().split('\n');
  // the last Deployment sample: 3 desired, 3 current, 3 ready (pull 1 s + start 1 s by default, no probes)
  expect(workloads.filter((l) => l.includes(',Deployment,web,')).at(-1)).toMatch(/^120\.000000,default,Deployment,web,3,3,3,3$/);
});

test.each([
  ['--duration', '-5m'],
  ['--duration=-5m', undefined],
  ['--duration', '0s'],
])('%s %s: one line saying the duration must be positive (yargs does not read -5m as flags)', (flag, value) => {
  const out = path.join(tempDir(), 'o');
  const r = k8sim(['run', 'scenarios/examples/crashloop.yaml', ...(value === undefined ? [flag] : [flag, value]), '--out', out]);
  expect([r.code, r.stderr]).toEqual([2, `k8sim: error: --duration: duration must be positive, got "${value ?? '-5m'}"\n`]);
  expect(fs.existsSync(out)).toBe(false);
});

describe('skipped and ignored: the run summary, run.json, --strict', () => {
  // A PodDisruptionBudget-free kind k8sim skips (ConfigMap), and a Deployment with ephemeral-storage (ignored).
  const text =
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "cfg\\u001b[31m"}\n---\n' +
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n' +
    '    spec: {containers: [{name: c, image: nginx, resources: {requests: {ephemeral-storage: 1Gi}}}]}\n';

  it('run lists each on stdout (escaped) and in run.json notSimulated; --strict refuses with one line and no output', () => {
    const file = scenarioFile(text);
    const out = path.join(tempDir(), 'o');
    const r = k8sim(['run', file, '--out', out, '--duration', '10s']);
    expect(r.code).toBe(0);
    const skipped = `${file}:1: skipped ConfigMap/cfg\\x1b[31m: k8sim does not model ConfigMap yet`;
    const ignored = `${file}:12: ignored spec.template.spec.containers[0].resources.requests.ephemeral-storage of Deployment/web: Kubernetes also fits the pod to the nodes' ephemeral-storage; k8sim does not simulate it`;
    expect(r.stdout).toContain(`k8sim: not simulated: ${skipped}\nk8sim: not simulated: ${ignored}\n`);
    expect(r.stderr).toBe(`warning: ${skipped}\nwarning: ${ignored}\n`);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')).notSimulated).toEqual([
      `${file}:1: skipped ConfigMap/cfg\x1b[31m: k8sim does not model ConfigMap yet`,
      ignored,
    ]);
    const strictOut = path.join(tempDir(), 'o');
    const s = k8sim(['run', file, '--out', strictOut, '--strict']);
    expect([s.code, s.stdout, s.stderr]).toEqual([2, '', `k8sim: error: --strict: ${skipped} (and 1 more: run k8sim validate without --strict to list them)\n`]);
    expect(fs.existsSync(strictOut)).toBe(false);
    expect(k8sim(['validate', file, '--strict']).code).toBe(2);
    expect(k8sim(['validate', 'scenarios/examples/crashloop.yaml', '--strict']).code).toBe(0);
  });
});
