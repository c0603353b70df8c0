/**
 * Extended resources (issue #14): a pod requesting `nvidia.com/gpu` fits only nodes whose allocatable has enough of
 * it left (NodeResourcesFit, fit.go fitsRequest's scalar resources), and FailedScheduling names it as upstream does.
 */
import { resolveScenario } from '../../../scenarios/load';
import { deploymentYaml } from '../../support/manifests';
import { run } from '../../support/build';
import { seconds, toSeconds } from '../../../engine/time';

const sim = `apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: gpu}
spec:
  duration: 1m
  nodePools:
    - {namePrefix: cpu, count: 2, cpu: "4", memory: 16Gi}
    - {namePrefix: gpu, count: 1, cpu: "4", memory: 16Gi, extendedResources: {nvidia.com/gpu: 1}}
`;
const deploy = (name: string, replicas: number, gpus: number) => `---
${deploymentYaml(name, replicas, `      containers:
        - name: c
          image: cuda
          resources: {limits: {nvidia.com/gpu: ${gpus}}}`)}`;

describe('extended resources', () => {
  it('one GPU node, two pods asking for one GPU each: one runs on gpu-1, the other is Pending with Insufficient nvidia.com/gpu', () => {
    const s = resolveScenario([{ file: 'gpu.yaml', text: sim + deploy('train', 2, 1) }], { duration: seconds(5) }, 'gpu');
    expect(s.nodes.map((n) => [n.name, n.allocatable.extended])).toEqual([
      ['cpu-1', undefined],
      ['cpu-2', undefined],
      ['gpu-1', { 'nvidia.com/gpu': 1 }],
    ]);
    // The limit alone is the request too (SetDefaults_Pod).
    expect(s.workloads[0].template.spec.containers[0].requests.extended).toEqual({ 'nvidia.com/gpu': 1 });
    const { rec } = run(s);
    const bound = rec.events.filter((e) => e.reason === 'Scheduled').map((e) => e.message);
    expect(bound).toHaveLength(1);
    expect(bound[0]).toMatch(/to gpu-1$/);
    // 3 nodes: the two without GPUs are unresolvable (0 < 1 requested), gpu-1 has none left once the first pod is bound.
    const failed = rec.events.filter((e) => e.reason === 'FailedScheduling');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0].message).toContain('3 Insufficient nvidia.com/gpu');
    expect(toSeconds(failed[0].time)).toBe(0);
  });

  it('a pod asking for 2 GPUs never fits a 1-GPU node; a cpu-only pod still lands anywhere', () => {
    const s = resolveScenario([{ file: 'gpu.yaml', text: sim + deploy('big', 1, 2) + deploy('web', 3, 0) }], { duration: seconds(5) }, 'gpu');
    const { rec } = run(s);
    const scheduled = rec.events.filter((e) => e.reason === 'Scheduled');
    expect(scheduled.filter((e) => e.name.startsWith('big-'))).toHaveLength(0);
    expect(scheduled.filter((e) => e.name.startsWith('web-'))).toHaveLength(3);
  });

  it('requests must equal limits and be whole numbers', () => {
    const bad = (res: string) => () => resolveScenario([{ file: 'gpu.yaml', text: sim + deploy('x', 1, 1).replace('{limits: {nvidia.com/gpu: 1}}', res) }]);
    expect(bad('{requests: {nvidia.com/gpu: 1}, limits: {nvidia.com/gpu: 2}}')).toThrow('must be equal to nvidia.com/gpu limit of 2');
    expect(bad('{limits: {nvidia.com/gpu: 500m}}')).toThrow('Invalid value: "500m": must be an integer');
  });
});
