/**
 * The node autoscaler policy interface: the runner's validation of a decision (validateDecision) and the reference
 * policy SimpleReactive's decisions, table-driven; every expected value derived by hand in the row's comment.
 */
import { validateDecision, NodeAutoscalerPolicyError, type GroupView, type NodeAutoscalerInput, type NodeView, type PendingPodView } from '../../../models/nodeautoscaler/policy';
import { simpleReactive, simpleReactiveDecide, readSimpleReactiveParameters } from '../../../models/nodeautoscaler/simpleReactive';

const GI = 2 ** 30;

function group(name: string, o: Partial<GroupView> = {}): GroupView {
  return {
    name,
    min: 1,
    max: 5,
    current: 2,
    target: 2,
    upcoming: 0,
    templateAllocatable: { cpuMilli: 3900, memoryBytes: 16 * GI, pods: 110 },
    templateLabels: { 'node.kubernetes.io/instance-type': `${name}-type` },
    instanceType: `${name}-type`,
    zone: 'zone-a',
    capacityType: 'on-demand',
    pricePerHour: 0.2,
    ...o,
  };
}

function node(name: string, grp: string, o: Partial<NodeView> = {}): NodeView {
  return {
    name,
    group: grp,
    instanceType: `${grp}-type`,
    zone: 'zone-a',
    capacityType: 'on-demand',
    pricePerHour: 0.2,
    ready: true,
    allocatable: { cpuMilli: 3900, memoryBytes: 16 * GI, pods: 110 },
    requested: { cpuMilli: 0, memoryBytes: 0, pods: 0 },
    pods: 0,
    movablePods: 0,
    createdAt: 0,
    cordoned: false,
    deleting: false,
    ...o,
  };
}

function pod(name: string, cpuMilli = 1000, o: Partial<PendingPodView> = {}): PendingPodView {
  return { namespace: 'default', name, requests: { cpuMilli, memoryBytes: GI, pods: 1 }, nodeSelector: {}, tolerations: [], priority: 0, pendingSince: 100, ...o };
}

function input(o: Partial<NodeAutoscalerInput> = {}): NodeAutoscalerInput {
  return { now: 120, pendingPods: [], nodes: [node('a-1', 'a'), node('a-2', 'a')], groups: [group('a')], catalogue: [], parameters: {}, random: () => 0.5, ...o };
}

describe('validateDecision: the runner checks every decision', () => {
  const cases: [string, NodeAutoscalerInput, unknown, unknown[]][] = [
    // target 2, +2 → 4 ≤ max 5: as asked.
    ['add within max', input(), { add: [{ group: 'a', count: 2 }] }, [{ kind: 'add', group: 'a', count: 2, from: 2, to: 4, note: '' }]],
    // target 2, +7 → 9 > max 5: clamped to 5, i.e. +3.
    ['add above max is clamped', input(), { add: [{ group: 'a', count: 7 }] }, [{ kind: 'add', group: 'a', count: 3, from: 2, to: 5, note: 'asked +7, clamped to max 5' }]],
    // Two entries for one group: the second starts from the first's result (2 → 4 → 5).
    ['two additions share the max', input(), { add: [{ group: 'a', count: 2 }, { group: 'a', count: 2 }] }, [
      { kind: 'add', group: 'a', count: 2, from: 2, to: 4, note: '' },
      { kind: 'add', group: 'a', count: 1, from: 4, to: 5, note: 'asked +2, clamped to max 5' },
    ]],
    ['add at max is rejected', input({ groups: [group('a', { target: 5 })] }), { add: [{ group: 'a', count: 1 }] }, [{ kind: 'rejected', group: 'a', node: '', note: 'group a is at its max 5' }]],
    ['add 0 does nothing', input(), { add: [{ group: 'a', count: 0 }] }, []],
    ['unknown group', input(), { add: [{ group: 'zz', count: 1 }] }, [{ kind: 'rejected', group: 'zz', node: '', note: 'unknown group "zz"' }]],
    // target 2, min 1: one removal allowed (2 → 1), the second would go below min.
    ['remove down to min, then refused', input(), { remove: [{ node: 'a-1' }, { node: 'a-2' }] }, [
      { kind: 'remove', node: 'a-1', group: 'a', from: 2, to: 1, note: '' },
      { kind: 'rejected', group: 'a', node: 'a-2', note: 'group a is at its min 1' },
    ]],
    ['unknown node', input(), { remove: [{ node: 'nope' }] }, [{ kind: 'rejected', group: '', node: 'nope', note: 'unknown node "nope"' }]],
    ['node already being removed', input({ nodes: [node('a-1', 'a', { deleting: true }), node('a-2', 'a')] }), { remove: [{ node: 'a-1' }] }, [{ kind: 'rejected', group: 'a', node: 'a-1', note: 'node a-1 is already being removed' }]],
    ['the same node twice', input({ groups: [group('a', { min: 0 })] }), { remove: [{ node: 'a-1' }, { node: 'a-1' }] }, [
      { kind: 'remove', node: 'a-1', group: 'a', from: 2, to: 1, note: '' },
      { kind: 'rejected', group: 'a', node: 'a-1', note: 'node a-1 is already being removed' },
    ]],
    ['a node of no group', input({ nodes: [node('fixed', '')] }), { remove: [{ node: 'fixed' }] }, [{ kind: 'rejected', group: '', node: 'fixed', note: 'node fixed belongs to no node group' }]],
    ['an empty decision', input(), {}, []],
  ];
  test.each(cases)('%s', (_name, inp, decision, expected) => {
    expect(validateDecision('p', inp, decision).actions).toEqual(expected);
  });

  const bad: [string, unknown, string][] = [
    ['null', null, 'node autoscaler policy p at t=120.000s: returned null; expected an object { add, remove, history, reason }'],
    ['add not a list', { add: { group: 'a' } }, 'node autoscaler policy p at t=120.000s: returned add that is not a list of { group, count }'],
    ['remove not a list', { remove: 'a-1' }, 'node autoscaler policy p at t=120.000s: returned remove that is not a list of { node }'],
    ['fractional count', { add: [{ group: 'a', count: 1.5 }] }, 'node autoscaler policy p at t=120.000s: returned add count 1.5 for group a; expected a whole number ≥ 0'],
    ['negative count', { add: [{ group: 'a', count: -1 }] }, 'node autoscaler policy p at t=120.000s: returned add count -1 for group a; expected a whole number ≥ 0'],
    ['remove without a node', { remove: [{ name: 'a-1' }] }, 'node autoscaler policy p at t=120.000s: returned remove entry {"name":"a-1"}; expected { node: string }'],
  ];
  test.each(bad)('a malformed decision stops the run: %s', (_name, decision, message) => {
    expect(() => validateDecision('p', input(), decision)).toThrow(new NodeAutoscalerPolicyError('p', 120, message.replace(/^.*?: /, '')));
    expect(() => validateDecision('p', input(), decision)).toThrow(message);
  });
});

describe('SimpleReactive decisions', () => {
  const p = readSimpleReactiveParameters({ scaleDownAfter: 600 });
  const cheap = group('cheap', { pricePerHour: 0.2, target: 2, max: 20 });
  const dear = group('dear', { pricePerHour: 0.38, target: 0, min: 0, max: 10, templateAllocatable: { cpuMilli: 7900, memoryBytes: 32 * GI, pods: 110 }, templateLabels: { size: 'large' } });
  const pods = (n: number, o: Partial<PendingPodView> = {}) => Array.from({ length: n }, (_, i) => pod(`p${String(i).padStart(2, '0')}`, 1000, o));
  const cases: [string, NodeAutoscalerInput, { add: unknown[]; remove: unknown[] }][] = [
    // 34 pods × 1000m = 34000m on the cheapest group (3900m each): ceil(34000 / 3900) = ceil(8.72) = 9 nodes.
    ['34 pending 1-CPU pods → 9 cheap nodes', input({ groups: [cheap, dear], pendingPods: pods(34) }), { add: [{ group: 'cheap', count: 9 }], remove: [] }],
    // Memory decides: 3 pods × 10 GiB = 30 GiB over 16 GiB → ceil(1.875) = 2 (CPU: ceil(3000/3900) = 1).
    ['memory-bound pods', input({ groups: [cheap], pendingPods: pods(3, { requests: { cpuMilli: 1000, memoryBytes: 10 * GI, pods: 1 } }) }), { add: [{ group: 'cheap', count: 2 }], remove: [] }],
    // 9 needed, 4 launched (upcoming) and 1 registered-not-Ready of the group: 9 − 5 = 4.
    ['nodes still coming are counted', input({ groups: [{ ...cheap, upcoming: 4 }], nodes: [node('cheap-1', 'cheap', { ready: false })], pendingPods: pods(34) }), { add: [{ group: 'cheap', count: 4 }], remove: [] }],
    // The cheap group is at its max: the next cheapest with room takes them; ceil(34000 / 7900) = ceil(4.30) = 5.
    ['the cheapest group is full', input({ groups: [{ ...cheap, target: 20 }, dear], pendingPods: pods(34) }), { add: [{ group: 'dear', count: 5 }], remove: [] }],
    // nodeSelector size=large: only the dear group's template carries it; ceil(2000 / 7900) = 1.
    ['a nodeSelector picks its group', input({ groups: [cheap, dear], pendingPods: pods(2, { nodeSelector: { size: 'large' } }) }), { add: [{ group: 'dear', count: 1 }], remove: [] }],
    ['no group fits the selector', input({ groups: [cheap], pendingPods: pods(1, { nodeSelector: { gpu: 'yes' } }) }), { add: [], remove: [] }],
  ];
  test.each(cases)('%s', (_name, inp, expected) => {
    const d = simpleReactiveDecide(p, inp, undefined);
    expect({ add: d.add, remove: d.remove }).toEqual(expected);
  });

  test('scale-down: a node empty for scaleDownAfter goes, oldest first, never below min; the history keeps since when', () => {
    const g = group('a', { min: 1, target: 3, current: 3 });
    const nodes = [node('a-1', 'a', { movablePods: 2 }), node('a-2', 'a'), node('a-3', 'a')];
    // t = 0: a-2 and a-3 are empty from now; nothing is ripe.
    const d0 = simpleReactiveDecide(p, input({ now: 0, groups: [g], nodes }), undefined);
    expect(d0.history).toEqual([['a-2', 0], ['a-3', 0]]);
    expect(d0.remove).toEqual([]);
    // t = 599: 599 < 600, still nothing.
    expect(simpleReactiveDecide(p, input({ now: 599, groups: [g], nodes }), d0.history).remove).toEqual([]);
    // t = 600: both ripe; target 3 − min 1 = room for 2: both go (same since: by name).
    expect(simpleReactiveDecide(p, input({ now: 600, groups: [g], nodes }), d0.history).remove).toEqual([{ node: 'a-2' }, { node: 'a-3' }]);
    // With target 2 the room is 1: only a-2.
    expect(simpleReactiveDecide(p, input({ now: 600, groups: [{ ...g, target: 2 }], nodes }), d0.history).remove).toEqual([{ node: 'a-2' }]);
    // A pending pod anywhere holds every removal back.
    expect(simpleReactiveDecide(p, input({ now: 600, groups: [g], nodes, pendingPods: [pod('x', 5000, { nodeSelector: { gpu: 'yes' } })] }), d0.history).remove).toEqual([]);
    // a-2 got a pod at t = 300: its clock restarts when it empties again at t = 400.
    const d1 = simpleReactiveDecide(p, input({ now: 300, groups: [g], nodes: [nodes[0], node('a-2', 'a', { movablePods: 1 }), nodes[2]] }), d0.history);
    expect(d1.history).toEqual([['a-3', 0]]);
    const d2 = simpleReactiveDecide(p, input({ now: 400, groups: [g], nodes }), d1.history);
    expect(d2.history).toEqual([['a-2', 400], ['a-3', 0]]);
  });

  test('parameters: scaleDownAfter defaults to 600; others are refused', () => {
    expect(readSimpleReactiveParameters({})).toEqual({ scaleDownAfter: 600 });
    expect(() => simpleReactive({ scaleDownAfter: -1 })).toThrow('scaleDownAfter: expected a number of seconds ≥ 0, got -1');
    expect(() => simpleReactive({ speed: 1 })).toThrow('unknown parameter "speed" (expected scaleDownAfter)');
  });
});
