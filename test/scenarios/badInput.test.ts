/**
 * Every class of bad input gets one InputError naming file, line and field, and saying what was expected.
 * One fixture per case under test/fixtures/scenarios/bad/; the line numbers are those of the offending field.
 */
import { join } from 'path';
import { InputError } from '../../scenarios/errors';
import { loadScenario } from '../../scenarios/load';

const FIX = join(__dirname, '..', 'fixtures', 'scenarios');

interface Case {
  readonly file: string;
  readonly message: string;
}

const CASES: readonly Case[] = [
  // malformed YAML: the parser notices the unclosed flow map on the next line.
  { file: 'malformed-yaml.yaml', message: 'bad/malformed-yaml.yaml:6: malformed YAML: Flow map in block collection must be sufficiently indented and end with a }' },
  // unknown fields: Kubernetes kinds (through the OpenAPI schema) and k8sim kinds.
  { file: 'unknown-field-k8s.yaml', message: 'bad/unknown-field-k8s.yaml:6: spec.replicaz: unknown field "spec.replicaz", did you mean "replicas"?' },
  {
    file: 'unknown-field-container.yaml',
    message:
      'bad/unknown-field-container.yaml:13: spec.containers[0].livenessProbe.periodSecond: unknown field "spec.containers[0].livenessProbe.periodSecond", did you mean "periodSeconds"?',
  },
  {
    file: 'unknown-field-k8sim.yaml',
    message: 'bad/unknown-field-k8sim.yaml:7: spec.kubelet.crashLoopBackof: unknown field "spec.kubelet.crashLoopBackof", did you mean "crashLoopBackOff"?',
  },
  { file: 'unknown-field-behavior.yaml', message: 'bad/unknown-field-behavior.yaml:15: spec.exit.exitCode: unknown field "spec.exit.exitCode"; expected one of: after, code' },
  // wrong types, enums, required fields.
  { file: 'wrong-type-k8s.yaml', message: 'bad/wrong-type-k8s.yaml:6: spec.replicas: expected an integer, got "three"' },
  { file: 'wrong-type-k8sim.yaml', message: 'bad/wrong-type-k8sim.yaml:6: spec.seed: expected a string or an integer, got 1.5' },
  { file: 'enum-value.yaml', message: 'bad/enum-value.yaml:9: spec.containers[0].imagePullPolicy: expected one of Always, IfNotPresent, Never, got "Sometimes"' },
  { file: 'missing-selector.yaml', message: 'bad/missing-selector.yaml:5: spec.selector: required field is missing' },
  { file: 'missing-image.yaml', message: 'bad/missing-image.yaml:7: spec.containers[0].image: required field is missing (expected an image like nginx:1.27)' },
  { file: 'not-a-mapping.yaml', message: 'bad/not-a-mapping.yaml:1: expected a Kubernetes object (a mapping with apiVersion and kind), got a list' },
  // negative duration, invalid quantities, bad distributions.
  { file: 'negative-duration.yaml', message: 'bad/negative-duration.yaml:7: spec.duration: expected a duration like 30s or 5m, got "-5m"' },
  {
    file: 'invalid-quantity.yaml',
    message: 'bad/invalid-quantity.yaml:11: spec.containers[0].resources.requests.cpu: expected a quantity like 250m, 2, 512Mi or 4Gi, got "2 cores"',
  },
  { file: 'invalid-quantity-pool.yaml', message: 'bad/invalid-quantity-pool.yaml:6: spec.nodePools[0].memory: expected a quantity like 250m, 2, 512Mi or 4Gi, got "16GB"' },
  { file: 'bad-distribution.yaml', message: 'bad/bad-distribution.yaml:6: spec.kubelet.imagePull.uniform.max: expected max ≥ min, got "2s" < "5s"' },
  {
    file: 'requests-above-limits.yaml',
    message: 'bad/requests-above-limits.yaml:11: spec.containers[0].resources.requests.memory: must be less than or equal to memory limit of "128Mi", got "256Mi"',
  },
  // selectors matching nothing.
  { file: 'behavior-selects-nothing.yaml', message: 'bad/behavior-selects-nothing.yaml:21: spec.selector: selector "app=wbe" in any namespace matches no pod or pod template' },
  { file: 'behavior-wrong-namespace.yaml', message: 'bad/behavior-wrong-namespace.yaml:15: spec.selector: selector "app=p" in namespace prod matches no pod or pod template' },
  {
    file: 'timeline-selects-nothing.yaml',
    message: 'bad/timeline-selects-nothing.yaml:17: spec.actions[0].selector: selector "app in (q,r)" in namespace default matches no pod or pod template',
  },
  {
    file: 'workload-selector-mismatch.yaml',
    message: 'bad/workload-selector-mismatch.yaml:10: spec.template.metadata.labels: selector "app=web" does not match template labels {"app":"website"}',
  },
  {
    file: 'bad-selector-operator.yaml',
    message: 'bad/bad-selector-operator.yaml:9: spec.selector.matchExpressions[0].operator: expected one of In, NotIn, Exists, DoesNotExist, got "Equals"',
  },
  // duplicate names (metadata.namespace: default is the same namespace as none).
  { file: 'duplicate-name.yaml', message: 'bad/duplicate-name.yaml:19: metadata.name: duplicate name: Pod default/p is already defined at bad/duplicate-name.yaml:4' },
  {
    file: 'duplicate-node.yaml',
    message: 'bad/duplicate-node.yaml:10: spec.nodePools[0]: duplicate name: Node node-2 (from this node pool) is already defined at bad/duplicate-node.yaml:4',
  },
  // references to things that do not exist.
  {
    file: 'behavior-unknown-container.yaml',
    message: 'bad/behavior-unknown-container.yaml:22: spec.container: no container "nginx" in the pods this Behavior selects (Deployment/web; containers: web)',
  },
  {
    file: 'timeline-unknown-workload.yaml',
    message: 'bad/timeline-unknown-workload.yaml:22: spec.timeline[0].target: no ReplicaSet named "web" in namespace default (workloads: Deployment default/web)',
  },
  { file: 'timeline-unknown-node.yaml', message: 'bad/timeline-unknown-node.yaml:7: spec.actions[0].node: no node named "node-9" in the scenario (nodes: node-1, node-2, node-3)' },
  // document-level rules.
  {
    file: 'two-simulations.yaml',
    message: 'bad/two-simulations.yaml:7: kind: more than one Simulation (the first is at bad/two-simulations.yaml:1); a scenario has at most one',
  },
  {
    file: 'no-kind.yaml',
    message: 'bad/no-kind.yaml:1: kind: required field is missing: every document needs apiVersion and kind (like apiVersion: apps/v1, kind: Deployment)',
  },
  { file: 'old-api-version.yaml', message: 'bad/old-api-version.yaml:1: apiVersion: expected apps/v1 for kind Deployment, got "extensions/v1beta1"' },
  { file: 'unknown-k8sim-kind.yaml', message: 'bad/unknown-k8sim-kind.yaml:2: kind: unknown k8sim kind "Behaviour", did you mean "Behavior"?' },
  // Kubernetes validation rules k8sim depends on.
  {
    file: 'liveness-success-threshold.yaml',
    message: 'bad/liveness-success-threshold.yaml:11: spec.containers[0].livenessProbe.successThreshold: must be 1 for liveness probes, got 2',
  },
  {
    file: 'deployment-restart-policy.yaml',
    message: 'bad/deployment-restart-policy.yaml:12: spec.template.spec.restartPolicy: expected Always (the only value a Deployment allows), got "OnFailure"',
  },
];

function loadError(file: string): InputError {
  try {
    loadScenario([join(FIX, 'bad', file)]);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error(`${file} loaded without error`);
}

describe('bad input', () => {
  it.each(CASES)('$file', ({ file, message }) => {
    const err = loadError(file);
    expect(err.message.split(`${FIX}/`).join('')).toBe(message);
  });

  it('covers every fixture in bad/', () => {
    const { readdirSync } = require('fs') as typeof import('fs');
    expect(readdirSync(join(FIX, 'bad')).sort()).toEqual(CASES.map((c) => c.file).sort());
  });

  it('names a missing path and an empty folder', () => {
    expect(() => loadScenario([join(FIX, 'does-not-exist.yaml')])).toThrow(/does-not-exist.yaml: no such file or directory$/);
    expect(() => loadScenario([join(FIX, 'empty')])).toThrow(/empty: no .yaml or .yml files in this folder$/);
  });
});
