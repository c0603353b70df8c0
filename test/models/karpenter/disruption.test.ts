/**
 * KP-05 and KP-07 … KP-11 (node-autoscaling-vectors.md §5–§6) over plain inputs: budgets, the consolidation decision,
 * multi-node prefixes, spot rules and candidate order. End-to-end timing (KP-06, KP-12 …) is in karpenter.e2e.test.ts.
 */
import { seconds } from '../../../engine/time';
import { allowedDisruptions, budgetBlockedMessage, rawAllowed } from '../../../models/karpenter/budgets';
import {
  balancedPoolTotals,
  computeConsolidation,
  scoreMove,
  consolidationCandidateMessage,
  multiNodeConsolidation,
  orderCandidates,
  rescheduleDisruptionCost,
  singleNodeConsolidation,
  type Candidate,
  type CandidatePod,
  type ClusterView,
} from '../../../models/karpenter/consolidation';
import type { SimNode } from '../../../models/karpenter/scheduling';
import type { DisruptionBudget, DisruptionReason, KarpenterNodePool } from '../../../models/karpenter/types';
import type { InstanceType } from '../../../models/cloud/types';
import { catalogue, instanceType, K1, offering } from './catalogue';
import { unsatisfiablePoolProblem } from '../../../models/karpenter/requirements';
import { capacityTypes, DEFAULT_REQUIREMENTS, GI, MI, nodePool, simPool } from './fixtures';

describe('KP-05 budgets (GetAllowedDisruptionsByReason)', () => {
  const budgets: DisruptionBudget[] = [
    { nodes: { kind: 'percent', value: 20 }, reasons: ['Empty', 'Drifted'] },
    { nodes: { kind: 'int', value: 5 } },
    { nodes: { kind: 'int', value: 0 }, schedule: '@daily', duration: seconds(600), reasons: ['Underutilized'] },
  ];
  // 2026-12-03 (any day): the clock time of the case is what matters.
  const day = Date.UTC(2026, 11, 3) * 1000;
  const at = (hms: string) => {
    const [h, m, s] = hms.split(':').map(Number);
    return day + ((h * 60 + m) * 60 + s) * 1_000_000;
  };
  test.each([
    // ceil(19 × 0.2) = ceil(3.8) = 4 for Empty/Drifted; 5 for Underutilized (the 00:00 budget is inactive).
    ['KP-05 19 nodes at 12:00', 19, 0, '12:00:00', { Empty: 4, Drifted: 4, Underutilized: 5 }],
    // min(ceil(30 × 0.2) = 6, 5) = 5.
    ['KP-05 30 nodes at 12:00', 30, 0, '12:00:00', { Empty: 5, Drifted: 5, Underutilized: 5 }],
    // @daily with 10m: active during [00:00, 00:10).
    ['KP-05 30 nodes at 00:05', 30, 0, '00:05:00', { Empty: 5, Drifted: 5, Underutilized: 0 }],
    ['KP-05 30 nodes at 00:10 (the window is [00:00, 00:10))', 30, 0, '00:10:00', { Empty: 5, Drifted: 5, Underutilized: 5 }],
    // 4 − 2 and 5 − 2.
    ['KP-05 19 nodes, 2 disrupting', 19, 2, '12:00:00', { Empty: 2, Drifted: 2, Underutilized: 3 }],
  ])('%s', (_id, total, disrupting, time, expected) => {
    const got: Record<string, number> = {};
    for (const r of ['Empty', 'Drifted', 'Underutilized'] as DisruptionReason[]) got[r] = allowedDisruptions(budgets, total, disrupting, r, at(time));
    expect(got).toEqual(expected);
  });
  test.each([
    ['KP-05 default 10% of 5 = ceil(0.5)', 5, 1],
    ['KP-05 default 10% of 11 = ceil(1.1)', 11, 2],
    ['KP-05 default 10% of 0', 0, 0],
  ])('%s', (_id, total, expected) => {
    expect(allowedDisruptions([{ nodes: { kind: 'percent', value: 10 } }], total, 0, 'Underutilized', 0)).toBe(expected);
  });
  test('KP-05 the DisruptionBlocked message when the raw allowance is 0 (00:05)', () => {
    expect(rawAllowed(budgets, 30, 'Underutilized', at('00:05:00'))).toBe(0);
    expect(budgetBlockedMessage('Underutilized')).toBe('No allowed disruptions for disruption reason Underutilized due to blocking budget');
  });
});

function plainPods(node: string, cpus: readonly number[], extra: Partial<CandidatePod> = {}): CandidatePod[] {
  return cpus.map((cpu, i) => ({
    key: `default/${node}-${i + 1}`,
    uid: `${node}-${i + 1}`,
    created: i,
    cpuMilli: cpu,
    memoryBytes: GI,
    requirementTerms: [[]],
    tolerations: [],
    deletionCost: 0,
    priority: 0,
    ...extra,
  }));
}

function candidate(name: string, pool: KarpenterNodePool, type: InstanceType, capacityType: 'spot' | 'on-demand', pods: CandidatePod[]): Candidate {
  const offering = type.offerings.find((o) => o.capacityType === capacityType)!;
  return { name, pool, type, offering, pods };
}

function asNode(c: Candidate): SimNode {
  return {
    name: c.name,
    initialized: true,
    labels: { ...c.type.labels, 'karpenter.sh/capacity-type': c.offering.capacityType, 'topology.kubernetes.io/zone': c.offering.zone },
    taints: [],
    allocatable: c.type.allocatable,
    requested: { cpuMilli: c.pods.reduce((s, p) => s + p.cpuMilli, 0), memoryBytes: c.pods.reduce((s, p) => s + p.memoryBytes, 0), pods: c.pods.length },
  };
}

function view(pool: KarpenterNodePool, cands: readonly Candidate[], types = K1.types, spotToSpot = false): ClusterView {
  return { nodes: cands.map(asNode), pools: [simPool(pool)], types, unavailable: () => false, spotToSpotConsolidation: spotToSpot };
}

const onDemand = nodePool('default', { requirements: [...DEFAULT_REQUIREMENTS, capacityTypes('on-demand')] });
const both = nodePool('default', { requirements: [...DEFAULT_REQUIREMENTS, capacityTypes('spot', 'on-demand')] });

describe('KP-07 single-node replace only when cheaper (computeConsolidation)', () => {
  test('KP-07: c-8x with 2 × 1000m is replaced by [c-4x, m-4x], savings $0.20', () => {
    const n1 = candidate('n1', onDemand, K1.get('c-8x')!, 'on-demand', plainPods('n1', [1000, 1000]));
    const d = computeConsolidation([n1], view(onDemand, [n1]), false);
    expect(d.kind).toBe('replace');
    if (d.kind !== 'replace') return;
    // 2000m needs ≥ c-4x; worst on-demand price < 0.40: c-4x 0.20, m-4x 0.28 (c-8x 0.40 is not below).
    expect(d.claim.options.map((o) => o.type.name)).toEqual(['c-4x', 'm-4x']);
    // 0.40 − 0.20.
    expect(consolidationCandidateMessage(d, 'n1')).toBe('Consolidation candidate: replace: [n1] -> [1 replacement] (savings: $0.20)');
  });
});

describe('KP-08 no replacement that is not strictly cheaper (consolidation_test.go)', () => {
  const current = instanceType('current-on-demand', 4, 8, 64, [offering('on-demand', 0.5, 'test-zone-1a')]);
  test.each([
    [
      'KP-08 spot: worst spot launch price 1.0 ≥ 0.5',
      both,
      instanceType('potential-spot-replacement', 4, 8, 64, [offering('spot', 1.0, 'test-zone-1a'), offering('spot', 0.2, 'test-zone-1b'), offering('spot', 0.4, 'test-zone-1c')]),
    ],
    [
      'KP-08 on_demand: only on-demand offerings are compatible; worst 0.6 ≥ 0.5',
      onDemand,
      instanceType('potential-od-replacement', 4, 8, 64, [
        offering('on-demand', 0.6, 'test-zone-1a'),
        offering('on-demand', 0.6, 'test-zone-1b'),
        offering('spot', 0.2, 'test-zone-1b'),
        offering('spot', 0.3, 'test-zone-1c'),
      ]),
    ],
  ])('%s', (_id, pool, replacement) => {
    const types = catalogue([current, replacement]).types;
    const c = candidate('n1', pool, current, 'on-demand', plainPods('n1', [1000]));
    const d = computeConsolidation([c], view(pool, [c], types), false);
    expect(d).toEqual({ kind: 'none', reason: "Can't replace with a cheaper node" });
  });
});

describe('KP-09 multi-node: the largest valid prefix wins (firstNConsolidationOption)', () => {
  test('KP-09: n1, n2, n3 (c-4x) are replaced by one NodeClaim of [c-8x, m-8x]', () => {
    const c4 = K1.get('c-4x')!;
    const cands = [
      candidate('n1', onDemand, c4, 'on-demand', plainPods('n1', [1000])),
      candidate('n2', onDemand, c4, 'on-demand', plainPods('n2', [1000])),
      candidate('n3', onDemand, c4, 'on-demand', plainPods('n3', [1000, 1000])),
    ];
    // Savings ratios n1 0.20/2, n2 0.20/2, n3 0.20/3 → [n1, n2, n3].
    const ordered = orderCandidates(cands);
    expect(ordered.map((c) => c.name)).toEqual(['n1', 'n2', 'n3']);
    const v = view(onDemand, cands);
    // The prefix [n1, n2] is valid on its own (n3 takes one pod, the other gets a c-2x after filterOutSameInstanceType).
    const two = computeConsolidation(ordered.slice(0, 2), v, true);
    expect(two.kind === 'replace' ? two.claim.options.map((o) => o.type.name) : two).toEqual(['c-2x']);
    const d = multiNodeConsolidation(ordered, v);
    expect(d.kind).toBe('replace');
    if (d.kind !== 'replace') return;
    expect(d.candidates.map((c) => c.name)).toEqual(['n1', 'n2', 'n3']);
    // 4000m > 3900m → c-8x 0.40, m-8x 0.56, both < 0.60.
    expect(d.claim.options.map((o) => o.type.name)).toEqual(['c-8x', 'm-8x']);
    expect(d.savings).toBeCloseTo(0.2, 10);
    expect(consolidationCandidateMessage(d, 'n1')).toBe('Consolidation candidate: replace: [n1] (part of 3-node consolidation) (savings: $0.20)');
  });
});

describe('KP-10 spot-to-spot (computeSpotToSpotConsolidation)', () => {
  test.each([
    ['KP-10 gate_off', false, "SpotToSpotConsolidation is disabled, can't replace a spot node with a spot node"],
    // Spot types fitting 2000m cheaper than 0.16: c-4x 0.08, m-4x 0.11 → 2 < 15.
    ['KP-10 gate_on', true, 'SpotToSpotConsolidation requires 15 cheaper instance type options than the current candidate to consolidate, got 2'],
  ])('%s', (_id, gate, reason) => {
    const n1 = candidate('n1', both, K1.get('c-8x')!, 'spot', plainPods('n1', [1000, 1000]));
    const r = singleNodeConsolidation([n1], view(both, [n1], K1.types, gate), () => 1);
    expect(r.decision.kind).toBe('none');
    expect(r.unconsolidatable.map((u) => [u.candidate.name, u.reason])).toEqual([['n1', reason]]);
  });
});

describe('KP-11 candidate order (SavingsRatio, EvictionCost)', () => {
  test('KP-11: A (0.20), D (0.1333), then B and C (0.10, by name)', () => {
    const c4 = instanceType('t40', 4, 8, 64, [offering('on-demand', 0.4)]);
    const c2 = instanceType('t20', 4, 8, 64, [offering('on-demand', 0.2)]);
    const cands = [
      candidate('A', onDemand, c4, 'on-demand', plainPods('A', [100])),
      candidate('B', onDemand, c2, 'on-demand', plainPods('B', [100])),
      candidate('C', onDemand, c4, 'on-demand', plainPods('C', [100, 100, 100])),
      // pod-deletion-cost 134217728 = 2^27 → EvictionCost 2 → RescheduleDisruptionCost 3.
      candidate('D', onDemand, c4, 'on-demand', plainPods('D', [100], { deletionCost: 134217728 })),
    ];
    expect(rescheduleDisruptionCost(cands[3].pods)).toBe(3);
    expect(orderCandidates(cands).map((c) => c.name)).toEqual(['A', 'D', 'B', 'C']);
  });
});

// MI is used by the catalogue's allocatable (KWOK overhead 10Mi); keep the import meaningful.
test('K1 allocatable follows the KWOK overhead (100m, 10Mi)', () => {
  expect(K1.get('c-4x')!.allocatable).toEqual({ cpuMilli: 3900, memoryBytes: 8182 * MI, pods: 64 });
});

describe('a NodePool no instance type can serve (issue #10 "Done when")', () => {
  test.each([
    ['arm64 only on an amd64 catalogue', [{ key: 'kubernetes.io/arch', operator: 'In' as const, values: ['arm64'] }], true],
    ['an instance type that does not exist', [{ key: 'node.kubernetes.io/instance-type', operator: 'In' as const, values: ['x-1'] }], true],
    ['reserved capacity only (K1 has on-demand and spot)', [capacityTypes('reserved')], true],
    ['the default requirements', DEFAULT_REQUIREMENTS, false],
    ['NotIn every zone but one', [{ key: 'topology.kubernetes.io/zone', operator: 'NotIn' as const, values: ['zone-b'] }], false],
  ])('%s', (_name, requirements, problem) => {
    const msg = unsatisfiablePoolProblem(nodePool('np', { requirements }), K1.types);
    if (problem) expect(msg).toMatch(/^no instance type of the catalogue \(5 types\) meets the requirements of NodePool np \(/);
    else expect(msg).toBeUndefined();
  });
});

describe('Balanced consolidation (balanced.go ScoreMove, EvaluateBalancedMove)', () => {
  test('scoreMove: (0.20 / 0.40) / (3 / 3) = 0.5 ≥ 1/2 approved; zero savings rejected; zero pool disruption approved', () => {
    expect(scoreMove(0.2, 3, { totalCost: 0.4, totalDisruptionCost: 3 }, 2)).toEqual({ score: 0.5, approved: true, threshold: 0.5 });
    expect(scoreMove(0, 3, { totalCost: 0.4, totalDisruptionCost: 3 }, 2).approved).toBe(false);
    expect(scoreMove(0.2, 3, { totalCost: 0, totalDisruptionCost: 3 }, 2).approved).toBe(false);
    expect(scoreMove(0.2, 3, { totalCost: 0.4, totalDisruptionCost: 0 }, 2)).toEqual({ score: Infinity, approved: true, threshold: 0.5 });
  });
  test('balancedPoolTotals: Σ price, Σ (1 + Σ max(0, EvictionCost)) over the pool candidates: 0.40 + 0.20, (1 + 2) + (1 + 0)', () => {
    const pool = nodePool('default', { consolidationPolicy: 'Balanced' });
    const n1 = candidate('n1', pool, K1.get('c-8x')!, 'on-demand', plainPods('n1', [1000, 1000]));
    const n2 = candidate('n2', pool, K1.get('c-4x')!, 'on-demand', []);
    const t = balancedPoolTotals([n1, n2]).get('default')!;
    expect(t.totalCost).toBeCloseTo(0.6, 12);
    expect(t.totalDisruptionCost).toBe(4);
  });
  // KP-07's move (c-8x 0.40 with 2 × 1000m → c-4x 0.20: savings 0.20, disruption 1 + 2 = 3) in a Balanced pool.
  const balanced = (k: number) => nodePool('default', { requirements: onDemand.requirements, consolidationPolicy: 'Balanced', consolidationThreshold: k });
  const move = (k: number, totals: { totalCost: number; totalDisruptionCost: number }) => {
    const pool = balanced(k);
    const n1 = candidate('n1', pool, K1.get('c-8x')!, 'on-demand', plainPods('n1', [1000, 1000]));
    return computeConsolidation([n1], { ...view(pool, [n1]), poolTotals: new Map([['default', totals]]) }, false);
  };
  test('the node alone in its pool: score (0.20 / 0.40) / (3 / 3) = 0.5 ≥ 1/2 → the replace stands', () => {
    expect(move(2, { totalCost: 0.4, totalDisruptionCost: 3 }).kind).toBe('replace');
  });
  test('with a second, empty 0.40 node in the pool: (0.20 / 0.80) / (3 / 4) = 1/3 < 1/2 → rejected; k = 3 (threshold 1/3) → approved', () => {
    const d = move(2, { totalCost: 0.8, totalDisruptionCost: 4 });
    expect(d).toMatchObject({ kind: 'none', balancedRejected: true, reason: 'balanced score 0.33 < threshold 0.50 (k: 2)' });
    expect(move(3, { totalCost: 0.8, totalDisruptionCost: 4 }).kind).toBe('replace');
  });
});

describe('minValues in consolidation (filterByPrice keeps the requirement)', () => {
  test('KP-07 with instance-type minValues 3: the cheaper options [c-4x 0.20, m-4x 0.28] are 2 types < 3 → no replace', () => {
    const pool = nodePool('default', { requirements: [...onDemand.requirements, { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['c-4x', 'm-4x', 'c-8x', 'm-8x'], minValues: 3 }] });
    const n1 = candidate('n1', pool, K1.get('c-8x')!, 'on-demand', plainPods('n1', [1000, 1000]));
    expect(computeConsolidation([n1], view(pool, [n1]), false)).toEqual({ kind: 'none', reason: 'minValues requirement is not met for label(s) [node.kubernetes.io/instance-type]' });
    // minValues 2 is met by the two cheaper types: the replace stands.
    const pool2 = nodePool('default', { requirements: [...onDemand.requirements, { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['c-4x', 'm-4x', 'c-8x', 'm-8x'], minValues: 2 }] });
    const m1 = candidate('n1', pool2, K1.get('c-8x')!, 'on-demand', plainPods('n1', [1000, 1000]));
    expect(computeConsolidation([m1], view(pool2, [m1]), false).kind).toBe('replace');
  });
});
