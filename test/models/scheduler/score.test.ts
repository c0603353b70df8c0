/**
 * LeastAllocated and BalancedAllocation against TV-8.3 (kubernetes-vectors.md); expected numbers derived by hand
 * from least_allocated.go / balanced_allocation.go (derivation beside each row).
 */
import { balancedAllocationScore, leastAllocatedScore, leastRequestedScore, resourceScores, type SchedulerNode, type SchedulerPod } from './perNode';

const Gi = 1024 ** 3;
const Mi = 1024 ** 2;

const node = (cpu: number, mem: number): SchedulerNode => ({
  name: 'n',
  labels: {},
  unschedulable: false,
  taints: [],
  allocatable: { cpuMilli: 4000, memoryBytes: 8 * Gi, pods: 110 },
  requested: { cpuMilli: cpu, memoryBytes: mem, pods: 1 },
});
const pod: SchedulerPod = { requests: { cpuMilli: 1000, memoryBytes: 2 * Gi } };

describe('TV-8.3 scores (LeastAllocated, BalancedAllocation; weights 1 and 1)', () => {
  test.each<[string, SchedulerNode, number, number, number]>([
    // A: cpu (4000−2000)·100/4000 = 50, mem (8Gi−4Gi)·100/8Gi = 50 → 50; fractions .5/.5 → std 0 → 100
    ['A 1000m/2Gi requested', node(1000, 2 * Gi), 50, 100, 150],
    // B: cpu 3000·100/4000 = 75, mem 6Gi·100/8Gi = 75 → 75; .25/.25 → 100
    ['B empty', node(0, 0), 75, 100, 175],
    // C: cpu 1000·100/4000 = 25, mem 75 → (25+75)/2 = 50; .75/.25 → std .25 → int64(0.75·100) = 75
    ['C 2000m/0 requested', node(2000, 0), 50, 75, 125],
  ])('%s', (_n, n, least, balanced, total) => {
    expect(leastAllocatedScore(pod, n)).toBe(least);
    expect(balancedAllocationScore(pod, n)).toBe(balanced);
    expect(resourceScores(pod, n)).toEqual({ leastAllocated: least, balancedAllocation: balanced, total });
  });

  test('the winner is B', () => {
    const totals = [node(1000, 2 * Gi), node(0, 0), node(2000, 0)].map((n) => resourceScores(pod, n).total);
    expect(totals.indexOf(Math.max(...totals))).toBe(1);
  });

  test('a pod with no requests counts as 100m / 200Mi for LeastAllocated and is skipped by BalancedAllocation', () => {
    const empty: SchedulerPod = { requests: { cpuMilli: 0, memoryBytes: 0 } };
    // cpu (4000−100)·100/4000 = 97.5 → 97; mem (8Gi−200Mi)·100/8Gi = 97.55… → 97; (97+97)/2 = 97
    expect(leastAllocatedScore(empty, node(0, 0))).toBe(97);
    expect(balancedAllocationScore(empty, node(0, 0))).toBeNull();
    expect(resourceScores(empty, node(0, 0)).total).toBe(97);
  });

  test('LeastAllocated reads NonZeroRequested of the node when given', () => {
    // two existing pods without requests: 200m / 400Mi non-zero; pod 1000m/2Gi
    const n: SchedulerNode = { ...node(0, 0), nonZeroRequested: { cpuMilli: 200, memoryBytes: 400 * Mi } };
    // cpu (4000−1200)·100/4000 = 70; mem (8192−2448)Mi·100/8192Mi = 70.1… → 70
    expect(leastAllocatedScore(pod, n)).toBe(70);
    // BalancedAllocation uses the actual Requested (0): fractions .25/.25 → 100
    expect(balancedAllocationScore(pod, n)).toBe(100);
  });
});

describe('edges', () => {
  test('leastRequestedScore: over capacity → 0, zero capacity → 0, integer division', () => {
    expect(leastRequestedScore(5000, 4000)).toBe(0);
    expect(leastRequestedScore(0, 0)).toBe(0);
    expect(leastRequestedScore(1, 3)).toBe(66); // 2·100/3 = 66.67 → 66
  });
  test('BalancedAllocation caps fractions at 1 and truncates', () => {
    // cpu (4000+1000)/4000 → capped 1; mem 2Gi/8Gi = .25 → std .375 → 62.5 → 62
    expect(balancedAllocationScore(pod, node(4000, 0))).toBe(62);
    // 1/3 vs 0 → std 1/6 → (1 − 0.1666…)·100 = 83.33… → 83
    expect(balancedAllocationScore({ requests: { cpuMilli: 1000, memoryBytes: 0 } }, { ...node(0, 0), allocatable: { cpuMilli: 3000, memoryBytes: Gi, pods: 1 } })).toBe(83);
  });
  test('a resource with zero allocatable is skipped', () => {
    const n: SchedulerNode = { ...node(0, 0), allocatable: { cpuMilli: 4000, memoryBytes: 0, pods: 110 } };
    // only cpu: (4000−1000)·100/4000 = 75; balanced: one fraction → std 0 → 100
    expect(leastAllocatedScore(pod, n)).toBe(75);
    expect(balancedAllocationScore(pod, n)).toBe(100);
  });
});
