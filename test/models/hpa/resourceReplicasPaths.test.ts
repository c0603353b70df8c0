/**
 * getResourceReplicas' map-free path for the usual sync (every pod ready with a metric, distinct names, one metric
 * per pod) against its general path. A superfluous metric (a name outside the pod list) sends the same input down
 * the general path without changing its answer there: the ratio skips a metric without a request, and len(metrics)
 * only counts where a pod is missing or unready, which the usual sync has none of. So both must agree exactly.
 */
import fc from 'fast-check';
import { seconds } from '../../../engine/time';
import { getResourceReplicas, LONG_AGO, type HpaPod, type PodMetric } from '../../../models/hpa';
import { TIMING_A } from './harness';

const TOL = { scaleUp: 0.1, scaleDown: 0.1 };

function pod(name: string, requests: readonly (number | undefined)[], podRequest: number | null): HpaPod {
  return {
    name,
    phase: 'Running',
    deleted: false,
    startTime: LONG_AGO,
    ready: { status: 'True', lastTransitionTime: LONG_AGO },
    containers: requests.map((r, i) => ({ name: `c${i}`, requests: r === undefined ? ({} as Record<string, number>) : { cpu: r } })),
    podRequests: podRequest === null ? null : { cpu: podRequest },
    metrics: null,
  };
}

describe('getResourceReplicas, usual sync', () => {
  it('gives the general path answer (forced by a superfluous metric) on random ready pods, some names repeated', () => {
    const request = fc.oneof(fc.integer({ min: 0, max: 4000 }), fc.constant(undefined), fc.integer({ min: 0, max: 2 ** 52 }));
    const podArb = fc.record({
      requests: fc.array(request, { minLength: 1, maxLength: 3 }),
      podRequest: fc.option(fc.integer({ min: 0, max: 4000 })),
      use: fc.oneof(fc.integer({ min: 0, max: 8000 }), fc.integer({ min: 0, max: 2 ** 52 })),
      // Mostly distinct names; now and then a name used twice (the usual path must then leave it to the general one).
      name: fc.oneof({ weight: 9, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) }),
    });
    fc.assert(
      fc.property(
        fc.array(podArb, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom('', 'c0', 'c1'),
        (spec, target, current, container) => {
          const name = (s: (typeof spec)[number], i: number) => `p${s.name < 0 ? i : s.name}`;
          const pods = spec.map((s, i) => pod(name(s, i), s.requests, s.podRequest));
          const metrics = new Map<string, PodMetric>(spec.map((s, i) => [name(s, i), { value: s.use, timestamp: LONG_AGO, window: seconds(60) }]));
          const args = { ...TIMING_A, currentReplicas: current, tolerances: TOL, pods, targetUtilization: target, resource: 'cpu', container };
          const usual = getResourceReplicas({ ...args, metrics });
          const withGhost = new Map(metrics).set('ghost', { value: 7, timestamp: LONG_AGO, window: seconds(60) });
          const general = getResourceReplicas({ ...args, metrics: withGhost });
          expect(usual).toEqual(general);
        },
      ),
      { seed: 21, numRuns: 500 },
    );
  });

  it('hand case: three ready pods at 60 % of a 50 % target scale to ⌈1.2 × 3⌉ = 4', () => {
    // Σusage 300 + 300 + 300 = 900 of Σrequest 1500: ⌊900·100/1500⌋ = 60 %; 60/50 = 1.2 (outside 10 %); raw ⌊900/3⌋ = 300.
    const pods = [0, 1, 2].map((i) => pod(`p${i}`, [500], null));
    const metrics = new Map<string, PodMetric>(pods.map((p) => [p.name, { value: 300, timestamp: LONG_AGO, window: seconds(60) }]));
    const r = getResourceReplicas({ ...TIMING_A, currentReplicas: 3, tolerances: TOL, pods, metrics, targetUtilization: 50, resource: 'cpu', container: '' });
    expect(r).toEqual({ ok: true, replicas: 4, utilization: 60, rawAverageMilli: 300, groups: { readyPodCount: 3, ready: ['p0', 'p1', 'p2'], unready: [], missing: [], ignored: [] } });
  });
});
