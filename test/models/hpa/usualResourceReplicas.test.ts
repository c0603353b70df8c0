/**
 * usualResourceReplicas (getResourceMetric then getResourceReplicas without their maps, for the usual sync) against
 * the two functions as written: wherever it answers, the answer must be theirs exactly; where it declines (null)
 * the caller runs them. Random pods mix everything that sends a sync off the usual path: no sample, a sample without
 * the resource or container, Pending/Failed/deleted pods, unready or freshly started pods, repeated names, missing
 * requests, pod-level requests, sums past 2^53/100, and ContainerResource metrics.
 */
import fc from 'fast-check';
import { seconds, subMicros } from '../../../engine/time';
import { getResourceMetric, getResourceReplicas, LONG_AGO, usualResourceReplicas, type HpaPod } from '../../../models/hpa';
import { containerRecord } from '../../../models/hpa/metrics';

const TOL = { scaleUp: 0.1, scaleDown: 0.1 };
const NOW = seconds(1000);
const TIMING = { now: NOW, cpuInitializationPeriod: seconds(300), delayOfInitialReadinessStatus: seconds(30) };

/** A Running pod, Ready long ago, one container requesting 500m, with a fresh metric of `use` millicores. */
function readyPod(name: string, use: number): HpaPod {
  return {
    name,
    phase: 'Running',
    deleted: false,
    startTime: LONG_AGO,
    ready: { status: 'True', lastTransitionTime: LONG_AGO },
    containers: [{ name: 'app', requests: { cpu: 500 } }],
    podRequests: null,
    metrics: { timestamp: NOW, window: seconds(15), usage: { cpu: use } },
  };
}

describe('usualResourceReplicas', () => {
  it('answers as getResourceMetric + getResourceReplicas wherever it answers, on random pods', () => {
    const request = fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 4000 }) }, fc.constant(undefined), fc.integer({ min: 0, max: 2 ** 52 }));
    const podArb = fc.record({
      name: fc.oneof({ weight: 12, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) }),
      phase: fc.oneof({ weight: 12, arbitrary: fc.constant('Running' as const) }, fc.constantFrom('Pending' as const, 'Failed' as const, 'Succeeded' as const)),
      deleted: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, fc.constant(true)),
      // start and Ready transition, seconds before now (null: not set / no condition)
      start: fc.oneof({ weight: 20, arbitrary: fc.constant(3600) }, fc.integer({ min: 0, max: 600 }), fc.constant(null)),
      ready: fc.oneof({ weight: 20, arbitrary: fc.constant('True' as const) }, fc.constant('False' as const), fc.constant(null)),
      transition: fc.integer({ min: 0, max: 700 }),
      sampleAge: fc.integer({ min: 0, max: 120 }),
      requests: fc.array(request, { minLength: 1, maxLength: 3 }),
      podRequest: fc.option(fc.integer({ min: 0, max: 4000 }), { freq: 6 }),
      use: fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 8000 }) }, fc.integer({ min: 0, max: 2 ** 52 }), fc.constant(0.5)),
      sample: fc.oneof({ weight: 20, arbitrary: fc.constant('full') }, fc.constantFrom('none', 'no-cpu', 'no-containers')),
    });
    let answered = 0;
    fc.assert(
      fc.property(
        fc.array(podArb, { minLength: 0, maxLength: 6 }),
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom('', '', 'c0', 'c1'),
        fc.constantFrom('cpu', 'cpu', 'memory'),
        (spec, targetUtilization, currentReplicas, container, resource) => {
          const pods: HpaPod[] = spec.map((s, i) => {
            const containers = s.requests.map((r, j) => ({ name: `c${j}`, requests: r === undefined ? ({} as Record<string, number>) : { cpu: r, memory: r } }));
            const usage: Record<string, number> = s.sample === 'no-cpu' ? { memory: s.use } : { cpu: s.use, memory: s.use };
            const timestamp = subMicros(NOW, seconds(s.sampleAge));
            const metrics =
              s.sample === 'none'
                ? null
                : s.sample === 'no-containers' || containers.length !== 1
                  ? { timestamp, window: seconds(15), usage }
                  : { timestamp, window: seconds(15), usage, containers: containerRecord(containers[0].name, { ...usage }) };
            return {
              name: `p${s.name < 0 ? i : s.name}`,
              phase: s.phase,
              deleted: s.deleted,
              startTime: s.start === null ? null : subMicros(NOW, seconds(s.start)),
              ready: s.ready === null ? null : { status: s.ready, lastTransitionTime: subMicros(NOW, seconds(s.transition)) },
              containers,
              podRequests: s.podRequest === null ? null : { cpu: s.podRequest, memory: s.podRequest },
              metrics,
            };
          });
          const args = { ...TIMING, currentReplicas, tolerances: TOL, pods, targetUtilization, resource, container };
          const usual = usualResourceReplicas(args);
          if (usual === null) return;
          answered++;
          const fetched = getResourceMetric(pods, resource, container);
          if (!fetched.ok) throw new Error(`usual path answered where the fetch fails: ${fetched.error}`);
          expect(usual).toEqual(getResourceReplicas({ ...args, metrics: fetched.metrics }));
        },
      ),
      { seed: 1313, numRuns: 3000 },
    );
    // The property must not hold vacuously: the usual path answers a good share of the runs (470 of the 3000 with this
    // seed; an empty list, or any pod off the usual path, declines).
    expect(answered).toBeGreaterThan(300);
  });

  it('hand case: two ready pods using 450 and 150 of 500 each at a 50 % target: 60 %, ratio 1.2, ⌈1.2 × 2⌉ = 3', () => {
    // Σusage 600 of Σrequest 1000: ⌊600·100/1000⌋ = 60 %; 60/50 = 1.2 is outside ±10 %; raw average ⌊600/2⌋ = 300.
    const r = usualResourceReplicas({ ...TIMING, currentReplicas: 2, tolerances: TOL, pods: [readyPod('a', 450), readyPod('b', 150)], targetUtilization: 50, resource: 'cpu', container: '' });
    expect(r).toEqual({ ok: true, replicas: 3, utilization: 60, rawAverageMilli: 300, groups: { readyPodCount: 2, ready: ['a', 'b'], unready: [], missing: [], ignored: [] } });
  });

  it('declines a repeated name (the general path puts only its first pod in a group)', () => {
    const pod = readyPod('a', 100);
    expect(usualResourceReplicas({ ...TIMING, currentReplicas: 2, tolerances: TOL, pods: [pod, pod], targetUtilization: 50, resource: 'cpu', container: '' })).toBeNull();
  });

  it('reads each call’s names alone: the same pods again answer again, and a name repeated in a later call still declines', () => {
    // The names' stamps (one per call) outlive a call: a stamp kept from an earlier call must neither decline a pod
    // seen before nor let a repeat through. Past NAME_STAMPS names the stamps are emptied: 12,000 distinct names in
    // the calls between, then the first pods again.
    const args = (pods: HpaPod[]) => ({ ...TIMING, currentReplicas: 2, tolerances: TOL, pods, targetUtilization: 50, resource: 'cpu', container: '' });
    const two = [readyPod('a', 450), readyPod('b', 150)];
    const first = usualResourceReplicas(args(two));
    expect(first).not.toBeNull();
    expect(usualResourceReplicas(args(two))).toEqual(first);
    expect(usualResourceReplicas(args([readyPod('b', 100), readyPod('c', 100), readyPod('b', 100)]))).toBeNull();
    for (let k = 0; k < 12; k++) expect(usualResourceReplicas(args(Array.from({ length: 1000 }, (_, i) => readyPod(`n${k}-${i}`, 250))))).not.toBeNull();
    expect(usualResourceReplicas(args(two))).toEqual(first);
    expect(usualResourceReplicas(args([readyPod('a', 100), readyPod('a', 100)]))).toBeNull();
  });
});

describe('containerRecord', () => {
  it('is the computed-key literal, for a usual name and for __proto__', () => {
    const v = { cpu: 1, memory: 2 };
    for (const name of ['app', '0', '__proto__']) {
      const r = containerRecord(name, v);
      const literal = { [name]: v };
      expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
      expect(Object.getOwnPropertyNames(r)).toEqual([name]);
      expect(Object.getOwnPropertyDescriptor(r, name)).toEqual(Object.getOwnPropertyDescriptor(literal, name));
    }
  });
});
