/**
 * The DaemonSet controller's pure rules against workloads-vectors.md DS-1 (which nodes, automatic tolerations) and
 * DS-3 (maxUnavailable / maxSurge resolution), table-driven; the expected values are the vectors'.
 */
import { daemonPodTolerations, daemonSetRolloutStatus, nodeShouldRunDaemonPod, resolveDaemonSetRollingUpdate } from '../../../models/apps/daemonSetRules';
import type { IntOrPercent } from '../../../models/apps/spec';
import type { Taint, Toleration } from '../../../models/cluster/spec';

const taint = (text: string): Taint => {
  // 'key=value:Effect' or 'key:Effect'
  const [kv, effect] = text.split(':');
  const [key, value] = kv.split('=');
  return { key, ...(value !== undefined ? { value } : {}), effect: effect as Taint['effect'] };
};

describe('DS-1: which nodes run a daemon pod (no tolerations, no nodeSelector)', () => {
  const nodes: Record<string, string[]> = {
    n1: [],
    n2: ['dedicated=gpu:NoSchedule'],
    n3: ['node-role.kubernetes.io/control-plane:NoSchedule'],
    n4: ['node.kubernetes.io/unschedulable:NoSchedule'],
    n5: ['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute'],
    n6: ['node.kubernetes.io/memory-pressure:NoSchedule'],
    n7: ['node.kubernetes.io/network-unavailable:NoSchedule'],
  };
  const run = (own: Toleration[], hostNetwork: boolean) =>
    Object.fromEntries(
      Object.entries(nodes).map(([name, taints]) => [
        name,
        nodeShouldRunDaemonPod({ name, labels: {}, taints: taints.map(taint) }, { nodeSelector: {}, tolerations: daemonPodTolerations(own, hostNetwork) }),
      ]),
    );

  test.each([
    ['n1', true, true],
    ['n2', false, true],
    ['n3', false, true],
    ['n4', true, true],
    ['n5', false, true], // the automatic not-ready toleration is NoExecute only: the NoSchedule variant blocks new pods
    ['n6', true, true],
    ['n7', false, true],
  ])('%s: shouldRun %s, shouldContinueRunning %s', (n, shouldRun, cont) => {
    expect(run([], false)[n]).toEqual({ shouldRun, shouldContinueRunning: cont });
  });

  test('desiredNumberScheduled 3 (n1, n4, n6)', () => {
    expect(Object.values(run([], false)).filter((r) => r.shouldRun).length).toBe(3);
  });

  test('a control-plane toleration adds n3: desired 4', () => {
    const r = run([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }], false);
    expect(r.n3.shouldRun).toBe(true);
    expect(Object.values(r).filter((x) => x.shouldRun).length).toBe(4);
  });

  test('hostNetwork adds the network-unavailable toleration: n7 runs', () => {
    expect(run([], true).n7.shouldRun).toBe(true);
  });

  test('an untolerated NoExecute taint stops both; nodeName and nodeSelector must match', () => {
    const spec = { nodeSelector: {}, tolerations: daemonPodTolerations([], false) };
    expect(nodeShouldRunDaemonPod({ name: 'n', labels: {}, taints: [taint('maint=true:NoExecute')] }, spec)).toEqual({ shouldRun: false, shouldContinueRunning: false });
    expect(nodeShouldRunDaemonPod({ name: 'n', labels: {}, taints: [] }, { ...spec, nodeSelector: { disktype: 'ssd' } })).toEqual({ shouldRun: false, shouldContinueRunning: false });
    expect(nodeShouldRunDaemonPod({ name: 'n', labels: {}, taints: [] }, { ...spec, nodeName: 'm' })).toEqual({ shouldRun: false, shouldContinueRunning: false });
  });

  test('the automatic tolerations: Exists, no tolerationSeconds, not duplicated', () => {
    const t = daemonPodTolerations([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }], false);
    expect(t.map((x) => `${x.key}:${x.effect}`)).toEqual([
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    expect(t.every((x) => x.operator === 'Exists' && x.tolerationSeconds === undefined)).toBe(true);
  });
});

describe('DS-3: maxUnavailable / maxSurge resolve against desiredNumberScheduled, rounded up', () => {
  const p = (value: number): IntOrPercent => ({ kind: 'percent', value });
  const i = (value: number): IntOrPercent => ({ kind: 'int', value });
  test.each<[number, IntOrPercent, IntOrPercent, number, number]>([
    // desired, maxUnavailable, maxSurge → resolved maxUnavailable, maxSurge
    [5, p(10), i(0), 1, 0], // ⌈0.5⌉
    [5, p(30), i(0), 2, 0], // ⌈1.5⌉
    [5, p(50), i(0), 3, 0], // ⌈2.5⌉
    [4, p(25), i(0), 1, 0], // 1 exactly
    [4, i(0), p(20), 0, 1], // surge ⌈0.8⌉
    [3, p(1), i(0), 1, 0], // ⌈0.03⌉
    [3, i(0), i(0), 1, 0], // both 0 → maxUnavailable 1
  ])('desired %i, maxUnavailable %o, maxSurge %o', (desired, mu, ms, eu, es) => {
    expect(resolveDaemonSetRollingUpdate(mu, ms, desired)).toEqual({ maxUnavailable: eu, maxSurge: es });
  });
});

describe('kubectl rollout status for a DaemonSet', () => {
  test.each([
    [{ desiredNumberScheduled: 3, updatedNumberScheduled: 1, numberAvailable: 2 }, 'Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...\n', false],
    [{ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 }, 'Waiting for daemon set "agent" rollout to finish: 2 of 3 updated pods are available...\n', false],
    [{ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 }, 'daemon set "agent" successfully rolled out\n', true],
  ])('%o', (status, message, done) => {
    expect(daemonSetRolloutStatus('agent', status)).toEqual({ message, done });
  });
});
