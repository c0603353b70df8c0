/**
 * DaemonSet overhead of a NodePool (reference §6.2; provisioner.go getDaemonOverhead, isDaemonPodCompatible): pure
 * cases, then end to end (how many pods a NodeClaim takes once the overhead is reserved).
 */
import { seconds } from '../../../engine/time';
import { daemonOverhead, daemonPodCompatible, type DaemonPod } from '../../../models/karpenter/daemonOverhead';
import { K1 } from './catalogue';
import { deployment, harness, nodePoolYaml, SIMULATION } from './e2e';
import { MI, nodePool } from './fixtures';

const dp = (cpuMilli: number, over: Partial<DaemonPod> = {}): DaemonPod => ({ cpuMilli, memoryBytes: 100 * MI, tolerations: [], requirementTerms: [[]], ...over });

describe('daemonOverhead (pure)', () => {
  const pool = nodePool('default');
  test('every compatible daemon pod adds its requests and one pod: 200m + 300m, 2 × 100Mi, 2 pods', () => {
    expect(daemonOverhead(pool, [dp(200), dp(300)], K1.types)).toEqual({ cpuMilli: 500, memoryBytes: 200 * MI, pods: 2 });
  });
  test('a pool taint the daemon pod does not tolerate leaves it out; a toleration brings it back', () => {
    const tainted = nodePool('gpu', { taints: [{ key: 'gpu', effect: 'NoSchedule' }] });
    expect(daemonPodCompatible(tainted, dp(200), K1.types)).toBe(false);
    expect(daemonPodCompatible(tainted, dp(200, { tolerations: [{ key: 'gpu', operator: 'Exists' }] }), K1.types)).toBe(true);
  });
  test('startup taints are not checked (upstream checks the template taints only)', () => {
    const startup = nodePool('s', { startupTaints: [{ key: 'init', effect: 'NoSchedule' }] });
    expect(daemonPodCompatible(startup, dp(200), K1.types)).toBe(true);
  });
  test('a node selector the pool cannot meet leaves it out (K1 is amd64 only): arm64 out, amd64 in', () => {
    const arm = dp(200, { requirementTerms: [[{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }]] });
    const amd = dp(200, { requirementTerms: [[{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }]] });
    expect(daemonOverhead(pool, [arm, amd], K1.types)).toEqual({ cpuMilli: 200, memoryBytes: 100 * MI, pods: 1 });
  });
});

describe('DaemonSet overhead end to end', () => {
  const POOL = nodePoolYaml(
    'default',
    `  template:
    spec:
      requirements:
        - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}`,
  );
  const daemonSet = (nodeSelector = '') => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:${nodeSelector}
      containers: [{name: a, image: agent, resources: {requests: {cpu: 1000m, memory: 1Gi}}}]
---
`;
  const claims = (h: ReturnType<typeof harness>) => [...h.k.claims.values()].map((c) => c.type.name).sort();
  test('a 1000m DaemonSet: 7 pods of 1000m need two NodeClaims (1000 + 6 × 1000 ≤ 7900 on c-8x, then 1000 + 1000 = 2000 > 1900 of c-2x → c-4x)', () => {
    const h = harness(SIMULATION() + POOL + daemonSet() + deployment('web', 7, '1000m', '1Gi'), K1);
    h.sim.runUntil(seconds(60));
    expect(claims(h)).toEqual(['c-4x', 'c-8x']);
    // Every web pod runs. (Where the kube-scheduler puts them is its own choice: it may spread them so that a daemon
    // pod no longer fits one node, as upstream.)
    const pods = [...h.sim.ctx.store.list('Pod')];
    expect(pods.filter((p) => p.metadata.labels.app === 'web' && p.status.phase === 'Running')).toHaveLength(7);
  });
  test('a DaemonSet whose node selector the pool cannot meet (arm64) adds nothing: one c-8x (7000m ≤ 7900m)', () => {
    const h = harness(SIMULATION() + POOL + daemonSet('\n      nodeSelector: {kubernetes.io/arch: arm64}') + deployment('web', 7, '1000m', '1Gi'), K1);
    h.sim.runUntil(seconds(60));
    expect(claims(h)).toEqual(['c-8x']);
  });
});
