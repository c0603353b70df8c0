/**
 * TaintToleration against scheduler-vectors.md TT-01 and SC-01 (score), the Filter reason of NA-06 / §5.1, and
 * NodeUnschedulable / NodeName (kubernetes-behaviour.md §7); derivations beside each row.
 */
import { DEFAULT_PLUGIN_ARGS } from '../../../../models/scheduler/config';
import type { Taint } from '../../../../models/scheduler/filter';
import { nodeName } from '../../../../models/scheduler/plugins/nodeName';
import { nodeUnschedulable } from '../../../../models/scheduler/plugins/nodeUnschedulable';
import { taintToleration } from '../../../../models/scheduler/plugins/taintToleration';
import { cluster, makePod, type NodeSpec, type PodSpecInput } from '../support';
import { runFilter, runScore } from './run';

const plugin = taintToleration(DEFAULT_PLUGIN_ARGS);
const armPrefer: Taint = { key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' };
const ssdPrefer: Taint = { key: 'disk-type', value: 'ssd', effect: 'PreferNoSchedule' };

describe('TaintToleration Score', () => {
  test('TT-01 the more intolerable PreferNoSchedule taints, the lower the score (reverse normalise)', () => {
    const c = cluster([
      { name: 'nodeA', taints: [] },
      { name: 'nodeB', taints: [armPrefer] },
      { name: 'nodeC', taints: [armPrefer, ssdPrefer] },
    ]);
    const pod = makePod({ tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }] });
    // max 2: 100 − 100·raw/2 → 100, 50, 0; ×3
    expect(runScore(plugin, pod, c.snapshot)).toEqual({
      skipped: false,
      raw: { nodeA: 0, nodeB: 1, nodeC: 2 },
      scores: { nodeA: 100, nodeB: 50, nodeC: 0 },
      weighted: { nodeA: 300, nodeB: 150, nodeC: 0 },
    });
  });

  test('SC-01 no PreferNoSchedule taints: raw 0 everywhere → 100 each → 300 weighted', () => {
    const c = cluster([
      { name: 'node-a', allocatable: { cpu: '2', memory: '4Gi' }, hostname: 'auto' },
      { name: 'node-b', allocatable: { cpu: '4', memory: '8Gi' }, hostname: 'auto' },
    ]);
    const run = runScore(plugin, makePod({ name: 'new', requests: { cpu: '500m', memory: '1Gi' } }), c.snapshot);
    expect(run).toEqual({ skipped: false, raw: { 'node-a': 0, 'node-b': 0 }, scores: { 'node-a': 100, 'node-b': 100 }, weighted: { 'node-a': 300, 'node-b': 300 } });
  });

  test.each<[string, PodSpecInput['tolerations'], number]>([
    // getAllTolerationPreferNoSchedule keeps only tolerations with an empty or PreferNoSchedule effect:
    // a NoSchedule toleration of cpu-type does not tolerate the PreferNoSchedule taint → 2 intolerable.
    ['NoSchedule toleration is not considered', [{ key: 'cpu-type', operator: 'Exists', effect: 'NoSchedule' }], 2],
    // Empty effect = every effect: tolerates cpu-type → only disk-type left.
    ['empty-effect toleration counts', [{ key: 'cpu-type', operator: 'Exists' }], 1],
    // Equal with the right value, PreferNoSchedule: tolerates cpu-type=arm64.
    ['PreferNoSchedule Equal toleration counts', [{ key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' }], 1],
    // Empty key + Exists tolerates every taint.
    ['wildcard Exists tolerates both', [{ operator: 'Exists' }], 0],
  ])('raw: %s', (_name, tolerations, raw) => {
    // A NoSchedule taint never counts for the score (only PreferNoSchedule ones).
    const c = cluster([{ name: 'n', taints: [armPrefer, ssdPrefer, { key: 'x', effect: 'NoSchedule' }] }]);
    expect(runScore(plugin, makePod({ tolerations }), c.snapshot).raw).toEqual({ n: raw });
  });
});

describe('TaintToleration Filter', () => {
  test.each<[string, NodeSpec['taints'], PodSpecInput['tolerations'], string | undefined]>([
    // NA-06 n1: the first untolerated NoSchedule/NoExecute taint, printed {key: value}
    ['NA-06 untolerated NoSchedule taint', [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], [], 'node(s) had untolerated taint {dedicated: gpu}'],
    // PreferNoSchedule never filters
    ['PreferNoSchedule does not filter', [armPrefer], [], undefined],
    // The first taint is tolerated, the second (NoExecute, no value) is not
    [
      'first untolerated taint in node order',
      [{ key: 'a', value: '1', effect: 'NoSchedule' }, { key: 'b', effect: 'NoExecute' }],
      [{ key: 'a', operator: 'Equal', value: '1' }],
      'node(s) had untolerated taint {b: }',
    ],
    ['tolerated', [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }], undefined],
  ])('%s', (_name, taints, tolerations, reason) => {
    const c = cluster([{ name: 'n', taints }]);
    const status = runFilter(plugin, makePod({ tolerations }), c.snapshot).statuses.get('n');
    if (reason === undefined) expect(status).toBeUndefined();
    else expect(status).toEqual({ code: 'UnschedulableAndUnresolvable', plugin: 'TaintToleration', reasons: [reason] });
  });
});

describe('NodeUnschedulable and NodeName Filters', () => {
  const cordoned: NodeSpec = { name: 'n', unschedulable: true };
  test.each<[string, NodeSpec, PodSpecInput, string | undefined]>([
    ['cordoned node, no toleration', cordoned, {}, 'node(s) were unschedulable'],
    // TolerationsTolerateTaint against node.kubernetes.io/unschedulable:NoSchedule
    ['cordoned node, unschedulable toleration', cordoned, { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }, undefined],
    // A NoExecute toleration does not match the NoSchedule taint.
    ['cordoned node, NoExecute toleration only', cordoned, { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }] }, 'node(s) were unschedulable'],
    ['schedulable node', { name: 'n' }, {}, undefined],
  ])('NodeUnschedulable: %s', (_name, node, pod, reason) => {
    const status = runFilter(nodeUnschedulable(DEFAULT_PLUGIN_ARGS), makePod(pod), cluster([node]).snapshot).statuses.get('n');
    if (reason === undefined) expect(status).toBeUndefined();
    else expect(status).toEqual({ code: 'UnschedulableAndUnresolvable', plugin: 'NodeUnschedulable', reasons: [reason] });
  });

  test.each<[string, string | undefined, boolean]>([
    ['no spec.nodeName', undefined, true],
    ['the node itself', 'n', true],
    ['another node', 'other', false],
  ])('NodeName: %s', (_name, podNodeName, fits) => {
    const status = runFilter(nodeName(DEFAULT_PLUGIN_ARGS), makePod(podNodeName === undefined ? {} : { nodeName: podNodeName }), cluster([{ name: 'n' }]).snapshot).statuses.get('n');
    expect(status).toEqual(fits ? undefined : { code: 'UnschedulableAndUnresolvable', plugin: 'NodeName', reasons: ["node(s) didn't match the requested node name"] });
  });
});

describe('the Filter reason by version (Simulation scheduler.untoleratedTaintReason)', () => {
  // scheduler.md §5.1: ≤ v1.34 names the first untolerated taint; v1.35.0+ (PR #134740) prints a generic text.
  const { cluster: build, makePod: pod } = require('../support') as typeof import('../support');
  const c = build([{ name: 'n1', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }]);
  const { taintToleration: plugin } = require('../../../../models/scheduler/plugins/taintToleration') as typeof import('../../../../models/scheduler/plugins/taintToleration');
  const { CycleState: State } = require('../../../../models/scheduler/framework/types') as typeof import('../../../../models/scheduler/framework/types');
  test.each([
    ['perTaint', 'node(s) had untolerated taint {dedicated: gpu}'],
    ['generic', 'node(s) had untolerated taint(s)'],
  ] as const)('%s', (reason, text) => {
    const status = plugin(undefined, reason).filter(new State(), pod(), c.nodes[0], c.snapshot);
    expect(status).toEqual({ code: 'UnschedulableAndUnresolvable', plugin: 'TaintToleration', reasons: [text] });
  });
});
