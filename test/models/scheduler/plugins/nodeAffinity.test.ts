/**
 * NodeAffinity against scheduler-vectors.md NA-01..NA-07 (plugin level; NA-04's and NA-06's FitError messages are
 * the integrator's full-cycle tests) plus PreFilter's skip / conflict cases derived from node_affinity.go : PreFilter.
 */
import type { ResolvedAffinity, ResolvedNodeSelectorTerm } from '../../../../models/cluster/spec';
import { DEFAULT_PLUGIN_ARGS } from '../../../../models/scheduler/config';
import type { FilterPlugin, Status } from '../../../../models/scheduler/framework/types';
import { nodeAffinity } from '../../../../models/scheduler/plugins/nodeAffinity';
import { nodeName } from '../../../../models/scheduler/plugins/nodeName';
import { nodeResourcesFit } from '../../../../models/scheduler/plugins/nodeResources';
import { nodeUnschedulable } from '../../../../models/scheduler/plugins/nodeUnschedulable';
import { taintToleration } from '../../../../models/scheduler/plugins/taintToleration';
import { cluster, makePod, nodeTerm, type NodeSpec, type PlacedPod, type PodSpecInput } from '../support';
import { runFilter, runScore } from './run';

const plugin = nodeAffinity(DEFAULT_PLUGIN_ARGS);
const REASON = "node(s) didn't match Pod's node affinity/selector";
const required = (terms: ResolvedNodeSelectorTerm[]): ResolvedAffinity => ({ nodeAffinity: { required: terms, preferred: [] } });
const fails = (reason: string, code: Status['code'] = 'UnschedulableAndUnresolvable') => ({ code, reasons: [reason] });

interface FilterCase {
  id: string;
  node: NodeSpec;
  pod: PodSpecInput;
  /** undefined = Success. */
  want?: { code: Status['code']; reasons: string[] };
}

describe('NodeAffinity Filter', () => {
  test.each<FilterCase>([
    {
      id: 'NA-01 Gt: "0206" > "0204" as base-10 int64',
      node: { name: 'node1', labels: { 'kernel-version': '0206' } },
      pod: { affinity: required([nodeTerm({ matchExpressions: [{ key: 'kernel-version', operator: 'Gt', values: ['0204'] }] })]) },
    },
    {
      id: 'NA-02 expressions in a term are ANDed (Exists true, In false)',
      node: { name: 'node1', labels: { GPU: 'NVIDIA-GRID-K1' } },
      pod: {
        affinity: required([
          nodeTerm({
            matchExpressions: [
              { key: 'GPU', operator: 'Exists', values: [] },
              { key: 'GPU', operator: 'In', values: ['AMD', 'INTER'] },
            ],
          }),
        ]),
      },
      want: fails(REASON),
    },
    {
      id: 'NA-03 terms are ORed (first matches, second does not)',
      node: { name: 'node1', labels: { foo: 'bar' } },
      pod: {
        affinity: required([
          nodeTerm({ matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar', 'value2'] }] }),
          nodeTerm({ matchExpressions: [{ key: 'diffkey', operator: 'In', values: ['wrong', 'value2'] }] }),
        ]),
      },
    },
    {
      id: 'NA-07 not_satisfied: foo Exists holds but nodeSelector foo=bar does not (ANDed)',
      node: { name: 'node1', labels: { foo: 'barrrrrr' } },
      pod: { nodeSelector: { foo: 'bar' }, affinity: required([nodeTerm({ matchExpressions: [{ key: 'foo', operator: 'Exists', values: [] }] })]) },
      want: fails(REASON),
    },
    {
      id: 'NA-07 both_satisfied',
      node: { name: 'node1', labels: { foo: 'bar' } },
      pod: { nodeSelector: { foo: 'bar' }, affinity: required([nodeTerm({ matchExpressions: [{ key: 'foo', operator: 'Exists', values: [] }] })]) },
    },
  ])('$id', ({ node, pod, want }) => {
    const c = cluster([node]);
    const run = runFilter(plugin, makePod(pod), c.snapshot);
    expect(run.preFilter).toBeUndefined();
    const status = run.statuses.get(node.name);
    if (want === undefined) expect(status).toBeUndefined();
    else expect(status).toEqual({ ...want, plugin: 'NodeAffinity' });
  });

  test('NA-04 unit_test: metadata.name In [node1] → PreFilterResult {node1}; node2 fails the Filter', () => {
    const c = cluster([{ name: 'node1' }, { name: 'node2' }, { name: 'node3' }]);
    const pod = makePod({ requests: { cpu: '500m' }, affinity: required([nodeTerm({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node1'] }] })]) });
    const run = runFilter(plugin, pod, c.snapshot);
    expect(run.preFilter).toEqual({ nodeNames: new Set(['node1']) });
    expect(run.statuses.get('node2')).toEqual({ code: 'UnschedulableAndUnresolvable', plugin: 'NodeAffinity', reasons: [REASON] });
    expect(run.statuses.get('node1')).toBeUndefined();
  });
});

describe('NodeAffinity PreFilter (node_affinity.go : PreFilter)', () => {
  const name = (op: 'In' | 'NotIn', ...values: string[]) => ({ key: 'metadata.name', operator: op, values });
  test.each<{ id: string; pod: PodSpecInput; want: unknown }>([
    // No nodeSelector and no required affinity: the Filter has nothing to do.
    { id: 'no nodeSelector, no required affinity → Skip', pod: {}, want: 'skip' },
    { id: 'preferred terms only → Skip', pod: { affinity: { nodeAffinity: { preferred: [{ weight: 1, preference: nodeTerm({ matchExpressions: [{ key: 'a', operator: 'Exists', values: [] }] }) }] } } }, want: 'skip' },
    { id: 'nodeSelector only → filter every node', pod: { nodeSelector: { a: 'b' } }, want: undefined },
    // Term 1 {n1, n2} ∩ {n2} = {n2}; term 2 {n3}: union {n2, n3}.
    {
      id: 'intersection within a term, union across terms',
      pod: { affinity: required([nodeTerm({ matchFields: [{ ...name('In', 'n1', 'n2') }, { ...name('In', 'n2') }] }), nodeTerm({ matchFields: [name('In', 'n3')] })]) },
      want: { nodeNames: new Set(['n2', 'n3']) },
    },
    // The second term has no metadata.name In requirement: every node is eligible.
    {
      id: 'a term without metadata.name In → no PreFilterResult',
      pod: { affinity: required([nodeTerm({ matchFields: [name('In', 'n1')] }), nodeTerm({ matchFields: [name('NotIn', 'n1')] })]) },
      want: undefined,
    },
    // {n1} ∩ {n2} = ∅ in the only term.
    {
      id: 'contradicting names → pod affinity terms conflict',
      pod: { affinity: required([nodeTerm({ matchFields: [name('In', 'n1'), name('In', 'n2')] })]) },
      want: { code: 'UnschedulableAndUnresolvable', plugin: 'NodeAffinity', reasons: ['pod affinity terms conflict'] },
    },
  ])('$id', ({ pod, want }) => {
    const c = cluster([{ name: 'n1' }]);
    expect(runFilter(plugin, makePod(pod), c.snapshot).preFilter).toEqual(want);
  });
});

describe('NodeAffinity Score', () => {
  test('NA-05 raw = Σ weights of matching preferred terms; normalised 100·raw/max; weighted ×2', () => {
    const c = cluster([
      { name: 'node1', labels: { foo: 'bar' } },
      { name: 'node5', labels: { foo: 'bar', key: 'value', az: 'az1' } },
      { name: 'node2', labels: { key: 'value' } },
    ]);
    const pod = makePod({
      affinity: {
        nodeAffinity: {
          preferred: [
            { weight: 2, preference: nodeTerm({ matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] }) },
            { weight: 4, preference: nodeTerm({ matchExpressions: [{ key: 'key', operator: 'In', values: ['value'] }] }) },
            {
              weight: 5,
              preference: nodeTerm({
                matchExpressions: [
                  { key: 'foo', operator: 'In', values: ['bar'] },
                  { key: 'key', operator: 'In', values: ['value'] },
                  { key: 'az', operator: 'In', values: ['az1'] },
                ],
              }),
            },
          ],
        },
      },
    });
    // max 11: 100·2/11 = 18, 100·11/11 = 100, 100·4/11 = 36 (int64 division)
    expect(runScore(plugin, pod, c.snapshot)).toEqual({
      skipped: false,
      raw: { node1: 2, node5: 11, node2: 4 },
      scores: { node1: 18, node5: 100, node2: 36 },
      weighted: { node1: 36, node5: 200, node2: 72 },
    });
  });

  test('weight 0 and empty preferences are ignored (NewPreferredSchedulingTerms); no match anywhere → all 0', () => {
    const c = cluster([{ name: 'a', labels: { foo: 'bar' } }, { name: 'b' }]);
    const pod = makePod({
      affinity: {
        nodeAffinity: {
          preferred: [
            { weight: 0, preference: nodeTerm({ matchExpressions: [{ key: 'foo', operator: 'Exists', values: [] }] }) },
            { weight: 7, preference: nodeTerm({}) },
          ],
        },
      },
    });
    // a: weight-0 term dropped, empty term dropped → raw 0; max 0 → normalised 0 (not reversed).
    expect(runScore(plugin, pod, c.snapshot)).toMatchObject({ skipped: false, raw: { a: 0, b: 0 }, scores: { a: 0, b: 0 } });
  });

  test('SC-01: no preferred terms → PreScore Skip', () => {
    const c = cluster([{ name: 'node-a', hostname: 'auto' }]);
    expect(runScore(plugin, makePod({ name: 'new', requests: { cpu: '500m', memory: '1Gi' } }), c.snapshot).skipped).toBe(true);
  });
});

describe('NA-06 plugin-level statuses: the first failing filter in MultiPoint order decides each node', () => {
  // NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodeResourcesFit (scheduler.md §1.1); the full
  // FitError message with the preemption suffix is the integrator's test.
  const filters: FilterPlugin[] = [nodeUnschedulable(DEFAULT_PLUGIN_ARGS), nodeName(DEFAULT_PLUGIN_ARGS), taintToleration(DEFAULT_PLUGIN_ARGS), plugin, nodeResourcesFit(DEFAULT_PLUGIN_ARGS)];
  const nodes: NodeSpec[] = [
    { name: 'n1', labels: { disk: 'hdd' }, allocatable: { cpu: '4', memory: '8Gi' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
    { name: 'n2', labels: { disk: 'hdd' }, allocatable: { cpu: '4', memory: '8Gi' } },
    { name: 'n3', labels: { disk: 'ssd' }, allocatable: { cpu: '1', memory: '8Gi' } },
  ];
  const pods: PlacedPod[] = [{ name: 'busy', node: 'n3', requests: { cpu: '900m' } }];
  const pod = { requests: { cpu: '500m' }, affinity: required([nodeTerm({ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] })]) };

  test.each([
    // n1: the dedicated=gpu NoSchedule taint is untolerated; TaintToleration runs before NodeAffinity.
    ['n1', { code: 'UnschedulableAndUnresolvable', plugin: 'TaintToleration', reasons: ['node(s) had untolerated taint {dedicated: gpu}'] }],
    // n2: tolerated (no taints), disk=hdd not In [ssd].
    ['n2', { code: 'UnschedulableAndUnresolvable', plugin: 'NodeAffinity', reasons: [REASON] }],
    // n3: matches; 900m + 500m > 1000m → Insufficient cpu; 500m ≤ 1000m allocatable → resolvable.
    ['n3', { code: 'Unschedulable', plugin: 'NodeResourcesFit', reasons: ['Insufficient cpu'] }],
  ])('NA-06 %s', (name, want) => {
    const c = cluster(nodes, pods);
    const p = makePod(pod);
    const runs = filters.map((f) => runFilter(f, p, c.snapshot));
    const first = runs.map((r) => r.statuses.get(name)).find((s) => s !== undefined);
    expect(first).toEqual(want);
  });
});
