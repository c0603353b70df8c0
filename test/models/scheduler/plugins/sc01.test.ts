/**
 * SC-01 (scheduler-vectors.md, §6): the weighted per-plugin numbers of this branch's score plugins in the default
 * profile, and their sum (PodTopologySpread and InterPodAffinity skip in SC-01, so they add nothing to the total).
 */
import { DEFAULT_PROFILE } from '../../../../models/scheduler/config';
import type { ScorePlugin } from '../../../../models/scheduler/framework/types';
import { imageLocality } from '../../../../models/scheduler/plugins/imageLocality';
import { nodeAffinity } from '../../../../models/scheduler/plugins/nodeAffinity';
import { nodeResourcesBalancedAllocation, nodeResourcesFit } from '../../../../models/scheduler/plugins/nodeResources';
import { taintToleration } from '../../../../models/scheduler/plugins/taintToleration';
import { cluster, makePod } from '../support';
import { runScore } from './run';

describe('SC-01 weighted sum (this branch’s plugins)', () => {
  const args = DEFAULT_PROFILE.args;
  const plugins: ScorePlugin[] = [taintToleration(args), nodeAffinity(args), nodeResourcesFit(args), nodeResourcesBalancedAllocation(args), imageLocality(args)];
  const c = cluster(
    [
      { name: 'node-a', allocatable: { cpu: '2', memory: '4Gi' }, hostname: 'auto' },
      { name: 'node-b', allocatable: { cpu: '4', memory: '8Gi' }, hostname: 'auto' },
    ],
    [{ name: 'existing', node: 'node-a', requests: { cpu: '1', memory: '1Gi' } }],
  );
  const pod = makePod({ name: 'new', requests: { cpu: '500m', memory: '1Gi' } });
  const runs = new Map(plugins.map((p) => [p.name, runScore(p, pod, c.snapshot)]));

  test('SC-01 NodeAffinity skips', () => {
    expect(runs.get('NodeAffinity')!.skipped).toBe(true);
  });

  test.each([
    // TaintToleration 100 × 3; Fit 37 × 1; Balanced 87 × 1; ImageLocality 0 → 424
    ['node-a', { TaintToleration: 300, NodeResourcesFit: 37, NodeResourcesBalancedAllocation: 87, ImageLocality: 0, total: 424 }],
    // 300 + 87 + 100 + 0 → 487
    ['node-b', { TaintToleration: 300, NodeResourcesFit: 87, NodeResourcesBalancedAllocation: 100, ImageLocality: 0, total: 487 }],
  ])('SC-01 %s', (node, want) => {
    const got: Record<string, number> = { total: 0 };
    for (const [name, run] of runs) {
      if (run.skipped) continue;
      got[name] = run.weighted[node];
      got.total += run.weighted[node];
    }
    expect(got).toEqual(want);
  });
});
