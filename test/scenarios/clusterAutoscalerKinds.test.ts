/**
 * Simulation spec.clusterAutoscaler and nodePools min/max (issue #10): defaults, the flags in camelCase, the node
 * groups handed to the model, and the located one-line errors (min > max, count outside [min, max], unknown expander).
 */
import { errorOf, load } from './helpers';
import { CLUSTER_AUTOSCALER_DEFAULTS } from '../../models/clusterautoscaler/config';
import { minutes, seconds } from '../../engine/time';

const sim = (ca: string, pool = '{namePrefix: ng-a, count: 1, min: 1, max: 10, cpu: 4, memory: 16Gi}') =>
  ['apiVersion: k8sim/v1alpha1', 'kind: Simulation', 'spec:', `  nodePools: [${pool}]`, ...(ca === '' ? [] : [`  clusterAutoscaler: ${ca}`])].join('\n');

describe('spec.clusterAutoscaler', () => {
  it('absent: no Cluster Autoscaler', () => {
    expect(load(sim('')).clusterAutoscaler).toBeUndefined();
  });
  it('empty mapping: every upstream default (scan 10 s, least-waste, unneeded 10 m, …)', () => {
    const ca = load(sim('{}')).clusterAutoscaler!;
    expect(ca.settings).toEqual(CLUSTER_AUTOSCALER_DEFAULTS);
    expect(ca.settings.scanInterval).toBe(seconds(10));
    expect(ca.settings.expander).toEqual(['least-waste']);
    expect(ca.groups).toEqual([
      {
        name: 'ng-a',
        minSize: 1,
        maxSize: 10,
        initialNodes: ['ng-a-1'],
        template: {
          capacity: { cpuMilli: 4000, memoryBytes: 16 * 1024 ** 3, pods: 110 },
          allocatable: { cpuMilli: 4000, memoryBytes: 16 * 1024 ** 3, pods: 110 },
          labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux' },
          taints: [],
        },
      },
    ]);
  });
  it('flags in camelCase; the expander as a comma list or a YAML list; priorities highest first', () => {
    const ca = load(sim("{scanInterval: 5s, expander: 'priority,least-nodes', scaleDownUnneededTime: 2m, maxNodesTotal: 7, balanceSimilarNodeGroups: true, scaleDownUtilizationThreshold: 0.6, priorities: {5: ['.*'], 10: [ng-a]}}")).clusterAutoscaler!.settings;
    expect([ca.scanInterval, ca.expander, ca.scaleDownUnneededTime, ca.maxNodesTotal, ca.balanceSimilarNodeGroups, ca.scaleDownUtilizationThreshold]).toEqual([seconds(5), ['priority', 'least-nodes'], minutes(2), 7, true, 0.6]);
    expect(ca.priorities).toEqual([{ priority: 10, patterns: ['ng-a'] }, { priority: 5, patterns: ['.*'] }]);
    expect(load(sim('{expander: [most-pods, random]}')).clusterAutoscaler!.settings.expander).toEqual(['most-pods', 'random']);
  });
  it('pools without min/max are not node groups', () => {
    expect(load(sim('{}', '{namePrefix: fixed, count: 2}')).clusterAutoscaler!.groups).toEqual([]);
  });
});

describe('bad input: located one-line errors', () => {
  it.each([
    ['unknown expander', sim('{expander: cheapest}'), 'x.yaml:5: spec.clusterAutoscaler.expander: unknown expander "cheapest" (expected one of random, most-pods, least-nodes, least-waste, price, priority)'],
    ['unknown expander in a list', sim('{expander: [most-pods, grpc]}'), 'x.yaml:5: spec.clusterAutoscaler.expander[1]: unknown expander "grpc" (expected one of random, most-pods, least-nodes, least-waste, price, priority)'],
    ['min > max', sim('{}', '{namePrefix: ng-a, count: 1, min: 5, max: 3}'), 'x.yaml:4: spec.nodePools[0].min: min (5) is greater than max (3)'],
    ['count outside [min, max]', sim('{}', '{namePrefix: ng-a, count: 12, min: 1, max: 10}'), 'x.yaml:4: spec.nodePools[0].count: the initial size 12 is outside [min, max] = [1, 10]'],
    ['min without max', sim('{}', '{namePrefix: ng-a, count: 1, min: 1}'), 'x.yaml:4: spec.nodePools[0].min: a node group with min needs max too'],
    ['unknown flag', sim('{scaleDownDelay: 5m}'), 'spec.clusterAutoscaler.scaleDownDelay: unknown field'],
    ['bad regexp', sim("{priorities: {10: ['ng-(']}}"), 'spec.clusterAutoscaler.priorities.10[0]: invalid regexp "ng-("'],
    ['threshold above 1', sim('{scaleDownUtilizationThreshold: 1.5}'), 'spec.clusterAutoscaler.scaleDownUtilizationThreshold: expected a number in [0, 1], got 1.5'],
  ])('%s', (_n, text, want) => {
    const msg = errorOf(text);
    expect(msg).toContain(want);
    expect(msg.split('\n')).toHaveLength(1);
  });
});
