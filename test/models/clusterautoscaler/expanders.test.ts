/**
 * The expanders (reference §2.4) from vectors CA-03 (upstream waste_test.go), CA-04 (upstream price_test.go) and
 * CA-05 (derived chains).
 */
import { bestOption, leastWaste, preferredNodeCpuMilli, priceExpander, wasteScore, type ExpanderContext, type ExpansionOption } from '../../../models/clusterautoscaler/expanders';
import type { ExpanderName } from '../../../models/clusterautoscaler/config';

const Mi = 1024 * 1024;
const ctx = (over: Partial<ExpanderContext> = {}): ExpanderContext => ({
  draw: () => 0,
  priorities: [],
  preferredNodeCpuMilli: 1000,
  podPrice: () => 0,
  warn: () => undefined,
  ...over,
});

describe('CA-03 least-waste (upstream TestLeastWaste)', () => {
  // pod 500m / 1000Mi, one pod per option, NodeCount 1; capacity = allocatable.
  const pod = { cpuMilli: 500, memoryBytes: 1000 * Mi };
  const opt = (group: string, cpu: number, memMi: number): ExpansionOption => ({ group, nodeCount: 1, pods: [pod], capacity: { cpuMilli: cpu, memoryBytes: memMi * Mi } });
  const balanced = opt('balanced', 8000, 16000);
  const highmem = opt('highmem', 8000, 32000);
  const lowcpu = opt('lowcpu', 4000, 16000);
  it.each([
    ['[balanced]', [balanced], 'balanced'],
    ['[balanced, highmem]', [balanced, highmem], 'balanced'],
    ['[balanced, highmem, lowcpu]', [balanced, highmem, lowcpu], 'lowcpu'],
  ])('CA-03 options %s', (_n, options, want) => {
    const left = leastWaste(options, ctx());
    expect(left.map((o) => o.group)).toEqual([want]);
  });
  it('CA-03 scores: balanced 1.875, highmem 1.90625, lowcpu 1.8125', () => {
    // (8000−500)/8000 + (16000−1000)/16000 = 0.9375 + 0.9375; highmem 0.9375 + 31000/32000; lowcpu 3500/4000 + 0.9375.
    expect(wasteScore(balanced)).toBeCloseTo(1.875, 10);
    expect(wasteScore(highmem)).toBeCloseTo(1.90625, 10);
    expect(wasteScore(lowcpu)).toBeCloseTo(1.8125, 10);
  });
});

describe('CA-04 price (upstream TestPriceExpander cases 1, 2, 5)', () => {
  // Pod prices 20 (p1, 1000m) and 10 (p2, 500m); the stabilisation pod costs 10.
  const p1 = { cpuMilli: 1000, memoryBytes: 0 };
  const p2 = { cpuMilli: 500, memoryBytes: 0 };
  const podPrice = (p: { cpuMilli: number; memoryBytes: number }) => (p === p1 ? 20 : p === p2 ? 10 : 10);
  const ng1 = (price: number, pods = [p1, p2]): ExpansionOption => ({ group: 'ng1', nodeCount: 2, pods, capacity: { cpuMilli: 1000, memoryBytes: 1 }, nodePrice: price });
  const ng2 = (price: number): ExpansionOption => ({ group: 'ng2', nodeCount: 1, pods: [p1, p2], capacity: { cpuMilli: 4000, memoryBytes: 1 }, nodePrice: price });
  it.each([
    // case1 ng1: (2·20+10)/(30+10) = 1.25 × suppressed(2, 2) 1.933432 = 2.41679; ng2 (200+10)/40 = 5.25 × 2 = 10.5.
    ['case1', [ng1(20), ng2(200)], 2000, 'ng1'],
    // case2 ng1: (100+10)/40 = 2.75 × 3.800296 = 10.45; ng2: 5.25 × 1 (pref 4000 = cpu).
    ['case2', [ng1(50), ng2(200)], 4000, 'ng2'],
    // case5 ng1 (p1 only): (400+10)/(20+10) = 13.667 × 1.933432 = 26.42; ng2: 5.25 × 2 = 10.5.
    ['case5', [ng1(200, [p1]), ng2(200)], 2000, 'ng2'],
  ])('CA-04 %s', (_n, options, pref, want) => {
    const left = priceExpander(options, ctx({ podPrice, preferredNodeCpuMilli: pref }));
    expect(left.map((o) => o.group)).toEqual([want]);
  });
  it('preferred node CPU by cluster size (preferred.go)', () => {
    expect([2, 3, 6, 7, 20, 21, 60, 61, 200, 201].map(preferredNodeCpuMilli)).toEqual([1000, 2000, 2000, 4000, 4000, 8000, 8000, 16000, 16000, 32000]);
  });
});

describe('CA-05 chains', () => {
  const pods = (n: number) => Array.from({ length: n }, () => ({ cpuMilli: 1, memoryBytes: 1 }));
  const cap = { cpuMilli: 1000, memoryBytes: 1000 };
  const A: ExpansionOption = { group: 'ng-a', nodeCount: 3, pods: pods(6), capacity: cap };
  const B: ExpansionOption = { group: 'ng-b', nodeCount: 2, pods: pods(6), capacity: cap };
  const C: ExpansionOption = { group: 'ng-c', nodeCount: 1, pods: pods(4), capacity: cap };
  const cases: [string, ExpanderName[], { priority: number; patterns: string[] }[], string][] = [
    // most-pods keeps A and B; the k8sim final tie-break is the group id → A.
    ['e1', ['most-pods'], [], 'ng-a'],
    ['e2', ['most-pods', 'least-nodes'], [], 'ng-b'],
    ['e3', ['least-nodes'], [], 'ng-c'],
    // priority keeps A and B (10 beats 5), least-nodes picks B.
    ['e4', ['priority', 'least-nodes'], [{ priority: 10, patterns: ['ng-a', 'ng-b'] }, { priority: 5, patterns: ['.*'] }], 'ng-b'],
    // nothing matches gpu-.*: all kept, least-nodes picks C.
    ['e5', ['priority', 'least-nodes'], [{ priority: 50, patterns: ['gpu-.*'] }], 'ng-c'],
  ];
  it.each(cases)('CA-05 %s', (_id, chain, priorities, want) => {
    expect(bestOption(chain, [A, B, C], ctx({ priorities }))?.group).toBe(want);
  });
  it('CA-05 e5 warnings on the priority ConfigMap', () => {
    const warnings: string[] = [];
    bestOption(['priority', 'least-nodes'], [A, B, C], ctx({ priorities: [{ priority: 50, patterns: ['gpu-.*'] }], warn: (r, m) => warnings.push(`${r}: ${m}`) }));
    expect(warnings).toEqual([
      "PriorityConfigMapNotMatchedGroup: Priority expander: node group ng-a not found in priority expander configuration. The group won't be used.",
      "PriorityConfigMapNotMatchedGroup: Priority expander: node group ng-b not found in priority expander configuration. The group won't be used.",
      "PriorityConfigMapNotMatchedGroup: Priority expander: node group ng-c not found in priority expander configuration. The group won't be used.",
      'PriorityConfigMapNoGroupMatched: Priority expander: no priorities info found for any of the expansion options. No options filtered.',
    ]);
  });
  it('random draws from the stream: draw 0.99 of three options picks the third', () => {
    expect(bestOption(['random'], [A, B, C], ctx({ draw: () => 0.99 }))?.group).toBe('ng-c');
    expect(bestOption(['random'], [A, B, C], ctx({ draw: () => 0 }))?.group).toBe('ng-a');
  });
});
