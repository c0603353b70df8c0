/** k8sim's own kinds (Simulation, Behavior, Timeline) and the document-level rules of the loader. */
import { errorOf, load, webDeployment } from './helpers';
import { seconds } from '../../engine/time';

const sim = (spec: string) => `apiVersion: k8sim/v1alpha1\nkind: Simulation\nmetadata: {name: s}\nspec:\n${spec}`;
const DEPLOY = webDeployment();
const behavior = (spec: string) => `${DEPLOY}apiVersion: k8sim/v1alpha1\nkind: Behavior\nmetadata: {name: b}\nspec:\n${spec}`;
const timeline = (actions: string) => `${DEPLOY}apiVersion: k8sim/v1alpha1\nkind: Timeline\nmetadata: {name: t}\nspec:\n  actions:\n${actions}`;

describe('Simulation', () => {
  it('an integer seed becomes its decimal string; a Simulation with no spec takes every default', () => {
    expect(load(sim('  seed: 7')).seed).toBe('7');
    expect(load('apiVersion: k8sim/v1alpha1\nkind: Simulation').seed).toBe('1');
  });

  it('crashLoopBackOff: explicit fields override the preset; a max below the initial delay lowers it (newCrashLoopBackOff)', () => {
    expect(load(sim('  kubelet: {crashLoopBackOff: {max: 100s}}')).kubelet.crashLoopBackOff).toEqual({ initial: seconds(10), max: seconds(100), resetAfter: seconds(600) });
    expect(load(sim('  kubelet: {crashLoopBackOff: {max: 2s}}')).kubelet.crashLoopBackOff.initial).toBe(seconds(2));
  });

  it('node pools: defaults per field, names <prefix>-N, and [] means no pool nodes', () => {
    const s = load(sim('  nodePools:\n    - {count: 2}\n    - {namePrefix: gpu, count: 1, pods: 20, unschedulable: true, taints: [{key: gpu, effect: NoSchedule}]}'));
    expect(s.nodes.map((n) => n.name)).toEqual(['node-1', 'node-2', 'gpu-1']);
    expect(s.nodes[0].allocatable).toEqual({ cpuMilli: 4000, memoryBytes: 16 * 2 ** 30, pods: 110 });
    expect(s.nodes[2]).toMatchObject({ unschedulable: true, taints: [{ key: 'gpu', effect: 'NoSchedule' }], allocatable: { pods: 20 } });
    expect(load(sim('  nodePools: []')).nodes).toEqual([]);
    // A Node document replaces the default pool.
    expect(load('apiVersion: v1\nkind: Node\nmetadata: {name: only}').nodes.map((n) => n.name)).toEqual(['only']);
  });

  it.each([
    ['  sampleInterval: 0s', 'x.yaml:5: spec.sampleInterval: expected a duration greater than 0, got "0s"'],
    ['  scheduler: {initialBackoff: 20s}', 'x.yaml:5: spec.scheduler.initialBackoff: expected maxBackoff ≥ initialBackoff'],
    ['  nodePools: [{namePrefix: Big_Nodes}]', 'x.yaml:5: spec.nodePools[0].namePrefix: invalid name "Big_Nodes-1": expected lowercase alphanumerics, "-" and ".", starting and ending with an alphanumeric, at most 253 characters'],
    ['  nodePools: [{taints: [{key: a, effect: NoSchedule, value: b, timeAdded: x}]}]', 'x.yaml:5: spec.nodePools[0].taints[0].timeAdded: unknown field "spec.nodePools[0].taints[0].timeAdded"; expected one of: effect, key, value'],
    ['  kubelet: {crashLoopBackOff: {preset: fast}}', 'x.yaml:5: spec.kubelet.crashLoopBackOff.preset: expected one of default, reduced, got "fast"'],
    ['  events: {aggregate: "yes"}', 'x.yaml:5: spec.events.aggregate: expected true or false, got "yes"'],
    ['  timeline: {at: 1s}', 'x.yaml:5: spec.timeline: expected a list of timeline actions, got a mapping'],
  ])('%s', (spec, message) => {
    expect(errorOf(sim(spec))).toBe(message);
  });

  it('k8sim metadata is strict too', () => {
    expect(errorOf('apiVersion: k8sim/v1alpha1\nkind: Simulation\nmetadata: {name: s, namespace: x}')).toBe(
      'x.yaml:3: metadata.namespace: unknown field "metadata.namespace"; expected one of: annotations, labels, name',
    );
  });
});

describe('Behavior', () => {
  it('an empty selector selects every pod; onSigterm exit defaults to at once with 143', () => {
    const b = load(behavior('  selector: {}\n  onSigterm: {action: exit}')).behaviors[0];
    expect(b.selector.text).toBe('<none>');
    expect(b.onSigterm).toEqual({ action: 'exit', after: { kind: 'fixed', value: 0 }, code: 143 });
    expect(b.namespace).toBeUndefined();
  });

  it.each([
    ['  onSigterm: {action: ignore, code: 3}', 'x.yaml:15: spec.onSigterm.code: only applies to action: exit (an ignored SIGTERM ends in SIGKILL, exit code 137)'],
    ['  probes:\n    readiness: [{from: 5s, result: success}, {from: 5s, result: failure}]', 'x.yaml:16: spec.probes.readiness[1].from: two steps of one probe start at the same time'],
    ['  probes:\n    readiness: [{from: 5s, result: ok}]', 'x.yaml:16: spec.probes.readiness[0].result: expected one of success, failure, timeout, fromLoad, got "ok"'],
    ['  probes: {cpu: 0s}', 'x.yaml:15: spec.probes.cpu: expected a duration greater than 0, got "0s"'],
    ['  probes: {default: timeout}', 'x.yaml:15: spec.probes.default: expected one of fromLoad, success, got "timeout"'],
    ['  resources: {cpuCompetes: maybe}', 'x.yaml:15: spec.resources.cpuCompetes: expected true or false, got "maybe"'],
    ['  probes: {liveliness: []}', 'x.yaml:15: spec.probes.liveliness: unknown field "spec.probes.liveliness", did you mean "liveness"?'],
    ['  exit: {code: 1}', 'x.yaml:15: spec.exit.after: required field is missing (expected a duration or a distribution)'],
  ])('%s', (spec, message) => {
    expect(errorOf(behavior(`  selector: {matchLabels: {app: web}}\n${spec}`))).toBe(message);
  });

  it('needs a selector and a name', () => {
    expect(errorOf(behavior('  container: web'))).toBe('x.yaml:13: spec.selector: required field is missing (expected a label selector {matchLabels, matchExpressions})');
    expect(errorOf('apiVersion: k8sim/v1alpha1\nkind: Behavior\nspec: {selector: {}}')).toBe('x.yaml:1: metadata.name: required field is missing (a Behavior needs a name)');
  });
});

describe('Timeline', () => {
  it('targets: kind/name in kubectl spelling, or {kind, name}', () => {
    const s = load(timeline('    - {at: 1s, action: scale, target: deploy/web, replicas: 2}\n    - {at: 2s, action: scale, target: {kind: Deployment, name: web}, replicas: 0}'));
    expect(s.timeline.map((a) => (a.action === 'scale' ? [a.target.kind, a.target.name, a.replicas] : []))).toEqual([
      ['Deployment', 'web', 2],
      ['Deployment', 'web', 0],
    ]);
  });

  it('killContainer defaults: exit code 137, reason Error, every container, every matching pod', () => {
    const a = load(timeline('    - {at: 1s, action: killContainer, selector: {matchLabels: {app: web}}}')).timeline[0];
    expect(a).toMatchObject({ action: 'killContainer', exitCode: 137, reason: 'Error', pods: { namespace: 'default' } });
    expect(a.action === 'killContainer' && [a.container, a.pods.count, a.pods.name]).toEqual([undefined, undefined, undefined]);
  });

  it.each([
    ['    - {at: 1s, action: deletePod, pod: web-abc}', 'x.yaml:15: spec.actions[0].pod: no Pod named "web-abc" in namespace default (pods of workloads get generated names: pick them with selector)'],
    ['    - {at: 1s, action: deletePod}', 'x.yaml:15: spec.actions[0]: expected exactly one of pod (a Pod name) or selector (a label selector)'],
    ['    - {at: 1s, action: killContainer, selector: {}, container: app}', 'x.yaml:15: spec.actions[0].container: no container "app" in the pods this action selects (Deployment/web; containers: web)'],
    ['    - {at: 1s, action: scale, target: web, replicas: 1}', 'x.yaml:15: spec.actions[0].target: expected kind/name like deployment/web, got "web"'],
    ['    - {at: 1s, action: scale, target: daemonset/web, replicas: 1}', 'x.yaml:15: spec.actions[0].target: expected a Deployment, ReplicaSet, ReplicationController or StatefulSet, got kind "daemonset"'],
    ['    - {at: 1s, action: cordon, node: node-1, replicas: 1}', 'x.yaml:15: spec.actions[0].replicas: unknown field "spec.actions[0].replicas"; expected one of: action, at, node'],
    ['    - {at: 1s, action: reboot, node: node-1}', 'x.yaml:15: spec.actions[0].action: expected one of scale, deletePod, killContainer, nodeDown, nodeUp, cordon, uncordon, apply, setImage, rollout, drain, evict, delete, interrupt, got "reboot"'],
    ['    - {action: cordon, node: node-1}', 'x.yaml:15: spec.actions[0].at: required field is missing (expected a time since the start, like 30s or 5m)'],
    ['    - {at: 1s, action: scale, target: deployment/web, replicas: -1}', 'x.yaml:15: spec.actions[0].replicas: expected an integer ≥ 0, got -1'],
  ])('%s', (actions, message) => {
    expect(errorOf(timeline(actions))).toBe(message);
  });
});

describe('documents', () => {
  it('declared namespaces are listed even when empty; namespaces are sorted', () => {
    const s = load('apiVersion: v1\nkind: Namespace\nmetadata: {name: zeta}\n---\n' + DEPLOY.replace('{name: web}', '{name: web, namespace: alpha}'));
    expect(s.namespaces).toEqual(['alpha', 'zeta']);
  });

  it('kinds k8sim does not model are skipped, even when named like one of ours', () => {
    const s = load('apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\n---\napiVersion: v1\nkind: ConfigMap\n');
    expect(s.warnings).toEqual(['x.yaml:1: skipped Role/r: k8sim does not model Role yet', 'x.yaml:5: skipped ConfigMap/(unnamed): k8sim does not model ConfigMap yet']);
  });

  it.each([
    ['apiVersion: apps/v1\nkind: deployment\nmetadata: {name: a}', 'x.yaml:2: kind: unknown kind "deployment", did you mean "Deployment"?'],
    ['apiVersion: v1\nkind: Pods\nmetadata: {name: a}', 'x.yaml:2: kind: unknown kind "Pods", did you mean "Pod"?'],
    ['apiVersion: k8sim/v1\nkind: Simulation', 'x.yaml:1: apiVersion: expected k8sim/v1alpha1, got "k8sim/v1"'],
    ['kind: Pod\nmetadata: {name: a}', 'x.yaml:1: apiVersion: required field is missing: every document needs apiVersion and kind (like apiVersion: apps/v1, kind: Deployment)'],
    ['apiVersion: 1\nkind: Pod', 'x.yaml:1: apiVersion: expected a string, got 1'],
    ['just text', 'x.yaml:1: expected a Kubernetes object (a mapping with apiVersion and kind), got "just text"'],
  ])('%#: %s', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('empty documents and files are fine', () => {
    expect(load('---\n---\n# nothing\n').workloads).toEqual([]);
  });
});
