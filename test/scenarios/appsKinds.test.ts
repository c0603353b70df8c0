/**
 * Loading DaemonSets and StatefulSets: defaults, strategies, the HPA and timeline may target a StatefulSet,
 * Behaviors may select the labels the controllers add, and bad input gets the located one-line error.
 */
import { errorOf, load } from './helpers';

const ds = (strategy = '') => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
${strategy}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
        - {name: a, image: busybox:1.36}
`;
const sts = (extra = '') => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 3
  selector:
    matchLabels: {app: web}
${extra}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - {name: db, image: postgres:16}
`;

describe('DaemonSet', () => {
  test('defaults: RollingUpdate, maxUnavailable 1, maxSurge 0', () => {
    const s = load(ds());
    expect(s.daemonSets[0].updateStrategy).toEqual({ type: 'RollingUpdate', maxUnavailable: { kind: 'int', value: 1 }, maxSurge: { kind: 'int', value: 0 } });
    expect(s.warnings).toEqual([]);
  });

  test('percentages and OnDelete', () => {
    const s = load(ds('  updateStrategy:\n    rollingUpdate: {maxUnavailable: 0, maxSurge: 25%}'));
    expect(s.daemonSets[0].updateStrategy).toEqual({ type: 'RollingUpdate', maxUnavailable: { kind: 'int', value: 0 }, maxSurge: { kind: 'percent', value: 25 } });
    expect(load(ds('  updateStrategy: {type: OnDelete}')).daemonSets[0].updateStrategy).toEqual({ type: 'OnDelete' });
  });

  test.each([
    ['  updateStrategy:\n    rollingUpdate: {maxUnavailable: 0, maxSurge: 0}', 'x.yaml:9: spec.updateStrategy.rollingUpdate.maxUnavailable: may not be 0 when `maxSurge` is 0'],
    ['  updateStrategy:\n    rollingUpdate: {maxUnavailable: 0%}', 'x.yaml:9: spec.updateStrategy.rollingUpdate.maxUnavailable: may not be 0 when `maxSurge` is 0'],
    ['  updateStrategy:\n    rollingUpdate: {maxUnavailable: 120%}', 'x.yaml:9: spec.updateStrategy.rollingUpdate.maxUnavailable: must not be greater than 100%'],
    ['  updateStrategy:\n    rollingUpdate: {maxUnavailable: -1}', 'x.yaml:9: spec.updateStrategy.rollingUpdate.maxUnavailable: must be greater than or equal to 0, got -1'],
    ['  updateStrategy: {type: Rolling}', 'x.yaml:8: spec.updateStrategy.type: expected one of OnDelete, RollingUpdate, got "Rolling"'],
  ])('%s', (strategy, message) => {
    expect(errorOf(ds(strategy))).toBe(message);
  });
});

describe('StatefulSet', () => {
  test('defaults: OrderedReady, RollingUpdate partition 0 maxUnavailable 1, ordinals from 0; claims by name', () => {
    const s = load(sts('  volumeClaimTemplates:\n    - metadata: {name: data}\n      spec: {accessModes: [ReadWriteOnce]}'));
    expect(s.statefulSets[0]).toMatchObject({
      replicas: 3,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', partition: 0, maxUnavailable: { kind: 'int', value: 1 } },
      ordinalsStart: 0,
      volumeClaimTemplates: ['data'],
    });
  });

  test('a Behavior selecting statefulset.kubernetes.io/pod-name web-2 matches; web-3 does not exist', () => {
    const behavior = (pod: string) => `---
apiVersion: k8sim/v1alpha1
kind: Behavior
metadata: {name: slow}
spec:
  selector:
    matchLabels: {statefulset.kubernetes.io/pod-name: ${pod}}
  startup: {containerStart: 30s}
`;
    expect(load(sts() + behavior('web-2')).behaviors).toHaveLength(1);
    expect(errorOf(sts() + behavior('web-3'))).toMatch(/matches no pod or pod template/);
  });

  test('an HPA and a timeline scale may target it', () => {
    const hpa = `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: web}
  minReplicas: 1
  maxReplicas: 5
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
---
apiVersion: k8sim/v1alpha1
kind: Timeline
metadata: {name: t}
spec:
  actions:
    - {at: 10s, action: scale, target: sts/web, replicas: 2}
`;
    const s = load(sts() + hpa);
    expect(s.autoscalers[0].target).toEqual({ kind: 'StatefulSet', name: 'web', apiVersion: 'apps/v1' });
    expect(s.timeline[0]).toMatchObject({ action: 'scale', target: { kind: 'StatefulSet', name: 'web' } });
  });

  test.each([
    ['  podManagementPolicy: Ordered', 'x.yaml:10: spec.podManagementPolicy: expected one of OrderedReady, Parallel, got "Ordered"'],
    ['  updateStrategy:\n    rollingUpdate: {maxUnavailable: 0}', 'x.yaml:11: spec.updateStrategy.rollingUpdate.maxUnavailable: must be greater than 0'],
    ['  updateStrategy:\n    rollingUpdate: {partition: -1}', 'x.yaml:11: spec.updateStrategy.rollingUpdate.partition: expected an integer ≥ 0, got -1'],
  ])('%s', (extra, message) => {
    expect(errorOf(sts(extra))).toBe(message);
  });
});
