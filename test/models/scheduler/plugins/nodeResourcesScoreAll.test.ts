/**
 * Property (fast-check): NodeResourcesFit's and NodeResourcesBalancedAllocation's scoreAll, which inline the default
 * [cpu, memory] case (issue #13), give exactly score() per node — the plain scoreResources / balancedResourceScore
 * loops over the configured resources — for random strategies (LeastAllocated, MostAllocated,
 * RequestedToCapacityRatio), resource lists (cpu then memory with random weights, the reverse order, one of them),
 * nodes with allocatable 0 or small, requested over or under capacity, and pods requesting nothing or much.
 */
import fc from 'fast-check';
import { DEFAULT_PLUGIN_ARGS, type PluginArgs, type ResourceWeight, type ScoringStrategy } from '../../../../models/scheduler/config';
import { CycleState, type NodeInfo, type PodInfo, type Snapshot } from '../../../../models/scheduler/framework/types';
import { nodeResourcesBalancedAllocation, nodeResourcesFit } from '../../../../models/scheduler/plugins/nodeResources';

const amount = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 64_000 }), fc.integer({ min: 0, max: 2 ** 40 }));
const genNode = fc.record({ ac: amount, am: amount, rc: amount, rm: amount, nc: amount, nm: amount });
const genResources: fc.Arbitrary<readonly ResourceWeight[]> = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })).map(([c, m]) => [
    { name: 'cpu' as const, weight: c },
    { name: 'memory' as const, weight: m },
  ]),
  fc.constant([
    { name: 'memory' as const, weight: 2 },
    { name: 'cpu' as const, weight: 1 },
  ]),
  fc.constant([{ name: 'cpu' as const, weight: 1 }]),
  fc.constant([{ name: 'memory' as const, weight: 3 }]),
);
const genStrategy: fc.Arbitrary<ScoringStrategy> = fc.record({
  type: fc.constantFrom('LeastAllocated' as const, 'MostAllocated' as const, 'RequestedToCapacityRatio' as const),
  resources: genResources,
  shape: fc.constant([
    { utilization: 0, score: 10 },
    { utilization: 60, score: 3 },
    { utilization: 100, score: 0 },
  ]),
});

test('the resource scorers\' scoreAll equals score() per node', () => {
  let inlined = 0;
  fc.assert(
    fc.property(genStrategy, genResources, fc.array(genNode, { minLength: 1, maxLength: 8 }), amount, amount, amount, amount, (strategy, balanced, gen, pc, pm, zc, zm) => {
      const args: PluginArgs = { ...DEFAULT_PLUGIN_ARGS, nodeResourcesFit: { scoringStrategy: strategy }, balancedAllocation: { resources: balanced } };
      const nodes = gen.map(
        (g, index) =>
          ({
            index,
            name: `n${index}`,
            allocatable: { cpuMilli: g.ac, memoryBytes: g.am, pods: 110 },
            requested: { cpuMilli: g.rc, memoryBytes: g.rm, pods: 1 },
            nonZeroRequested: { cpuMilli: g.nc, memoryBytes: g.nm },
          }) as unknown as NodeInfo,
      );
      const pod = { requests: { cpuMilli: pc, memoryBytes: pm }, nonZeroRequests: { cpuMilli: zc, memoryBytes: zm } } as unknown as PodInfo;
      const snapshot = { nodes } as unknown as Snapshot;
      for (const plugin of [nodeResourcesFit(args), nodeResourcesBalancedAllocation(args)]) {
        const state = new CycleState();
        const all = new Array<number>(nodes.length).fill(-1);
        plugin.scoreAll!(state, pod, nodes, snapshot, all);
        expect(all).toEqual(nodes.map((n) => plugin.score(state, pod, n, snapshot)));
      }
      if (balanced.length === 2 && balanced[0].name === 'cpu') inlined++;
    }),
    { numRuns: 500 },
  );
  expect(inlined).toBeGreaterThan(100);
});
