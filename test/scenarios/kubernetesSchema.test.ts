/**
 * Strict validation of Kubernetes kinds against the kubernetes-models OpenAPI schemas: unknown fields anywhere are
 * rejected, while maps (labels, annotations, nodeSelector, resource lists) take any key.
 */
import { errorOf, load, podWith } from './helpers';

describe('unknown fields', () => {
  it.each([
    ['top level', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\nspecs: {}', 'x.yaml:4: specs: unknown field "specs", did you mean "spec"?'],
    ['metadata', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  label: {a: b}', 'x.yaml:5: metadata.label: unknown field "metadata.label", did you mean "labels"?'],
    [
      'a list item',
      podWith('image: nginx', 'tolerations:\n  - {key: a, operator: Exists, efect: NoSchedule}'),
      'x.yaml:8: spec.tolerations[0].efect: unknown field "spec.tolerations[0].efect", did you mean "effect"?',
    ],
    [
      'far from any field: points at kubectl explain',
      podWith('image: nginx\nwhatever: 1'),
      'x.yaml:10: spec.containers[0].whatever: unknown field "spec.containers[0].whatever" (see `kubectl explain pod.spec.containers`)',
    ],
    [
      'status',
      'apiVersion: v1\nkind: Node\nmetadata: {name: n}\nstatus:\n  capacityy: {cpu: 2}',
      'x.yaml:5: status.capacityy: unknown field "status.capacityy", did you mean "capacity"?',
    ],
  ])('%s', (_name, text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('reports the earliest problem in the document', () => {
    const text = podWith('image: nginx\nimagePullPolicy: Sometimes\nfoo: 1', 'restartPolicyy: Never');
    expect(errorOf(text)).toBe('x.yaml:7: spec.restartPolicyy: unknown field "spec.restartPolicyy", did you mean "restartPolicy"?');
  });
});

describe('maps and free-form values take any key', () => {
  it('labels, annotations, nodeSelector, extended resources, fields k8sim ignores', () => {
    const text = podWith(
      [
        'image: nginx:1.27',
        'env: [{name: A, value: "1"}]',
        'ports: [{containerPort: 80, name: http}]',
        'resources:',
        '  limits: {cpu: 1, memory: 1Gi, nvidia.com/gpu: 1, ephemeral-storage: 2Gi}',
        'securityContext: {runAsNonRoot: true}',
        'volumeMounts: [{name: data, mountPath: /data}]',
      ].join('\n'),
      [
        'nodeSelector: {kubernetes.io/os: linux, example.com/pool: a}',
        'affinity:',
        '  nodeAffinity:',
        '    requiredDuringSchedulingIgnoredDuringExecution:',
        '      nodeSelectorTerms: [{matchExpressions: [{key: a, operator: In, values: [b]}]}]',
        'volumes: [{name: data, emptyDir: {}}]',
        'serviceAccountName: app',
      ].join('\n'),
    ).replace('labels: {app: p}', 'labels: {app: p, app.kubernetes.io/name: p}\n  annotations: {example.com/anything: "x y z"}');
    const s = load(text);
    const t = s.pods[0].template;
    expect(t.labels).toEqual({ app: 'p', 'app.kubernetes.io/name': 'p' });
    expect(t.annotations).toEqual({ 'example.com/anything': 'x y z' });
    expect(t.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'example.com/pool': 'a' });
    expect(t.spec.containers[0].limits).toEqual({ cpuMilli: 1000, memoryBytes: 2 ** 30 });
  });

  it('a kind: List (kubectl get -o yaml) is read item by item, with item paths in messages', () => {
    const list = ['apiVersion: v1', 'kind: List', 'items:', '- apiVersion: v1', '  kind: Namespace', '  metadata: {name: a}', '- apiVersion: v1', '  kind: Namespace', '  metadata: {name: b}'];
    expect(load(list.join('\n')).namespaces).toEqual(['a', 'b']);
    const bad = [...list.slice(0, 6), '  spek: {}'];
    expect(errorOf(bad.join('\n'))).toBe('x.yaml:7: items[0].spek: unknown field "spek", did you mean "spec"?');
  });
});

describe('types and formats from the schema', () => {
  it.each([
    [podWith('image: nginx\nports: [{containerPort: http}]'), 'x.yaml:10: spec.containers[0].ports[0].containerPort: expected an integer, got "http"'],
    [podWith('image: nginx\nresources: {limits: {memory: lots}}'), 'x.yaml:10: spec.containers[0].resources.limits.memory: expected a quantity like 250m, 2, 512Mi or 4Gi, got "lots"'],
    [podWith('image: nginx', 'containers: 3').replace('  containers:\n    - name: app\n      image: nginx', ''), 'x.yaml:7: spec.containers: expected a list, got 3'],
    ['apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {}', 'x.yaml:4: spec.containers: required field is missing'],
    [podWith('image: nginx').replace('name: p', 'name: P_1'), 'x.yaml:4: metadata.name: invalid name "P_1": expected lowercase alphanumerics, "-" and ".", starting and ending with an alphanumeric, at most 253 characters'],
    [podWith('image: nginx').replace('{app: p}', '{"-bad": p}'), 'x.yaml:5: metadata.labels.-bad: invalid label key "-bad": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character'],
    [podWith('image: nginx').replace('name: p\n', 'generateName: p-\n'), 'x.yaml:3: metadata.name: required field is missing (k8sim needs a fixed name; generateName is not supported)'],
  ])('%#', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});
