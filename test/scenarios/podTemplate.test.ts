/** Pod template defaults (pkg/apis/core/v1/defaults.go) and the validation rules k8sim relies on. */
import { defaultPullPolicy, specHash } from '../../scenarios/podTemplate';
import { errorOf, load, podWith } from './helpers';
import { seconds } from '../../engine/time';

const container = (lines: string, spec = '') => load(podWith(lines, spec)).pods[0].template.spec.containers[0];

describe('imagePullPolicy default (SetDefaults_Container)', () => {
  it.each([
    ['nginx', 'Always'], // no tag
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry.local:5000/nginx', 'Always'], // the port is not a tag
    ['registry.local:5000/nginx:1.27', 'IfNotPresent'],
    ['nginx@sha256:abcd', 'IfNotPresent'], // pinned by digest
  ])('%s → %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });

  it('an explicit policy wins', () => {
    expect(container('image: nginx\nimagePullPolicy: Never').imagePullPolicy).toBe('Never');
  });
});

describe('resources', () => {
  it.each([
    // [resources, requests, limits]
    ['{}', { cpuMilli: 0, memoryBytes: 0 }, { cpuMilli: 0, memoryBytes: 0 }],
    // requests default to limits, per resource (SetDefaults_Pod)
    ['{limits: {cpu: 500m, memory: 1Gi}}', { cpuMilli: 500, memoryBytes: 2 ** 30 }, { cpuMilli: 500, memoryBytes: 2 ** 30 }],
    ['{limits: {cpu: 2, memory: 1Gi}, requests: {cpu: 250m}}', { cpuMilli: 250, memoryBytes: 2 ** 30 }, { cpuMilli: 2000, memoryBytes: 2 ** 30 }],
    // 0.1 cpu = 100m; 1e3 bytes = 1000; 1.5Ki = 1536
    ['{requests: {cpu: "0.1", memory: 1e3}, limits: {memory: 1.5Ki}}', { cpuMilli: 100, memoryBytes: 1000 }, { cpuMilli: 0, memoryBytes: 1536 }],
  ])('%s', (resources, requests, limits) => {
    const c = container(`image: nginx\nresources: ${resources}`);
    expect(c.requests).toEqual(requests);
    expect(c.limits).toEqual(limits);
  });

  it('rejects negative quantities and requests above limits', () => {
    expect(errorOf(podWith('image: nginx\nresources: {requests: {cpu: -1}}'))).toBe(
      'x.yaml:10: spec.containers[0].resources.requests.cpu: must be greater than or equal to 0, got -1',
    );
    expect(errorOf(podWith('image: nginx\nresources: {requests: {cpu: 2}, limits: {cpu: 1}}'))).toBe(
      'x.yaml:10: spec.containers[0].resources.requests.cpu: must be less than or equal to cpu limit of 1, got 2',
    );
  });
});

describe('probes (SetDefaults_Probe, TV-3.6)', () => {
  it('defaults: period 10 s, timeout 1 s, success 1, failure 3, delay 0; 0 means the default', () => {
    const c = container('image: nginx\nreadinessProbe: {httpGet: {port: 80}, periodSeconds: 0}');
    expect(c.readinessProbe).toEqual({
      handler: 'httpGet',
      target: 'http://:80/',
      initialDelay: 0,
      period: seconds(10),
      timeout: seconds(1),
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  it.each([
    ['livenessProbe', 1, undefined],
    ['livenessProbe', 2, 'x.yaml:10: spec.containers[0].livenessProbe.successThreshold: must be 1 for liveness probes, got 2'],
    ['startupProbe', 3, 'x.yaml:10: spec.containers[0].startupProbe.successThreshold: must be 1 for startup probes, got 3'],
    ['readinessProbe', 3, undefined],
  ])('%s successThreshold %d', (probe, threshold, message) => {
    const text = podWith(`image: nginx\n${probe}: {tcpSocket: {port: 80}, successThreshold: ${threshold}}`);
    if (message) expect(errorOf(text)).toBe(message);
    else expect(load(text).pods).toHaveLength(1);
  });

  it.each([
    ['{periodSeconds: 5}', 'x.yaml:10: spec.containers[0].livenessProbe: must specify a handler type: exec, httpGet, tcpSocket or grpc'],
    ['{exec: {command: [sh]}, tcpSocket: {port: 1}}', 'x.yaml:10: spec.containers[0].livenessProbe.tcpSocket: may not specify more than 1 handler type (found exec, tcpSocket)'],
    ['{exec: {}}', 'x.yaml:10: spec.containers[0].livenessProbe.exec.command: required field is missing (expected the command to run)'],
    ['{tcpSocket: {port: 1}, timeoutSeconds: -1}', 'x.yaml:10: spec.containers[0].livenessProbe.timeoutSeconds: expected an integer ≥ 0, got -1'],
  ])('%s', (probe, message) => {
    expect(errorOf(podWith(`image: nginx\nlivenessProbe: ${probe}`))).toBe(message);
  });

  it('probe-level terminationGracePeriodSeconds is kept, and forbidden on readiness', () => {
    expect(container('image: nginx\nlivenessProbe: {tcpSocket: {port: 1}, terminationGracePeriodSeconds: 5}').livenessProbe?.terminationGracePeriod).toBe(seconds(5));
    expect(errorOf(podWith('image: nginx\nreadinessProbe: {tcpSocket: {port: 1}, terminationGracePeriodSeconds: 5}'))).toBe(
      'x.yaml:10: spec.containers[0].readinessProbe.terminationGracePeriodSeconds: must not be set for readiness probes',
    );
  });
});

describe('pod spec', () => {
  it('restartPolicy Always and terminationGracePeriodSeconds 30 by default', () => {
    const spec = load(podWith('image: nginx')).pods[0].template.spec;
    expect([spec.restartPolicy, spec.terminationGracePeriod, spec.tolerations, spec.initContainers]).toEqual(['Always', seconds(30), [], []]);
  });

  it('init containers: sidecars (restartPolicy Always) may have probes, plain ones may not', () => {
    const sidecar = 'initContainers:\n  - {name: side, image: envoy, restartPolicy: Always, readinessProbe: {tcpSocket: {port: 1}}}';
    expect(load(podWith('image: nginx', sidecar)).pods[0].template.spec.initContainers[0].restartPolicy).toBe('Always');
    expect(errorOf(podWith('image: nginx', 'initContainers:\n  - {name: init, image: busybox, livenessProbe: {tcpSocket: {port: 1}}}'))).toBe(
      'x.yaml:8: spec.initContainers[0].livenessProbe: may not be set for init containers without restartPolicy: Always',
    );
    expect(errorOf(podWith('image: nginx\nrestartPolicy: Always'))).toBe(
      'x.yaml:10: spec.containers[0].restartPolicy: may only be set on init containers (restartPolicy: Always makes a sidecar)',
    );
  });

  it('container names are unique across init and app containers', () => {
    expect(errorOf(podWith('image: nginx', 'initContainers: [{name: app, image: busybox}]'))).toBe(
      'x.yaml:9: spec.containers[0].name: duplicate container name "app" in this pod',
    );
  });

  it.each([
    ['[{operator: Exists}]', [{ operator: 'Exists' }]],
    ['[{key: k, value: v, effect: NoExecute, tolerationSeconds: 60}]', [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoExecute', tolerationSeconds: 60 }]],
  ])('tolerations %s', (tolerations, expected) => {
    expect(load(podWith('image: nginx', `tolerations: ${tolerations}`)).pods[0].template.spec.tolerations).toEqual(expected);
  });

  it.each([
    ['[{key: k, operator: Exists, value: v}]', 'x.yaml:7: spec.tolerations[0].value: must be empty when operator is Exists'],
    ['[{value: v}]', 'x.yaml:7: spec.tolerations[0].operator: must be Exists when key is empty'],
    ['[{key: k, effect: NoSchedule, tolerationSeconds: 5}]', 'x.yaml:7: spec.tolerations[0].tolerationSeconds: may only be set when effect is NoExecute'],
  ])('bad tolerations %s', (tolerations, message) => {
    expect(errorOf(podWith('image: nginx', `tolerations: ${tolerations}`))).toBe(message);
  });

  it('spec.nodeName must name a node of the scenario', () => {
    expect(errorOf(podWith('image: nginx', 'nodeName: node-7'))).toBe('x.yaml:7: spec.nodeName: no node named "node-7" in the scenario (nodes: node-1, node-2, node-3)');
  });
});

describe('specHash', () => {
  it('is stable under key order and changes with the spec', () => {
    expect(specHash({ name: 'a', image: 'x' })).toBe(specHash({ image: 'x', name: 'a' }));
    expect(specHash({ name: 'a', image: 'x' })).not.toBe(specHash({ name: 'a', image: 'y' }));
    // FNV-1a 32 over the canonical text `{}` (bytes 0x7b 0x7d), computed independently (Python):
    // h = 0x811c9dc5; for c in b'{}': h = ((h ^ c) * 0x01000193) % 2**32  →  0x5465b825.
    expect(specHash({})).toBe('5465b825');
  });
});
