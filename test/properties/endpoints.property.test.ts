/**
 * Property tests of the Services' incremental endpoint path (models/service/services.ts, issue #14 churn):
 *  1. after any random history of pod endpoint states, ServiceRuntime's incrementally kept set equals a from-scratch
 *     categorizeEndpoints over every member, its change flag equals comparing the sets before and after, and the
 *     pods it reports as departed are exactly those that left the set;
 *  2. a load balancer given only an instant's last list plus the summary of the lists before it (what one coalesced
 *     kube-proxy sync carries) ends in exactly the state of one that applied every list in turn (the model before the
 *     change): the same picks afterwards, for RoundRobin, Random and ClientIP over each.
 * The reference in both is the plain, per-change computation. On failure fast-check prints the seed and path:
 * replay with `fc.assert(..., { seed, path })` (or set K8SIM_PROPERTY_SEED / K8SIM_PROPERTY_PATH).
 */
import fc from 'fast-check';
import { createStream, RandomStreams } from '../../engine/random';
import { micros } from '../../engine/time';
import type { PodObj } from '../../models/cluster/objects';
import type { SimContext } from '../../models/context';
import { categorizeEndpoints, createLoadBalancer, sameEndpointSet, ServiceRuntime, type LoadBalancingPolicy, type SkippedEndpointLists } from '../../models/service';
import { service } from '../support/build';
import { propertyParams } from './params';

/** The endpoint states a pod can be in (services.ts: 1 ready, 2 serving, 4 terminating), or gone (undefined). */
const STATES = [undefined, 0, 1 | 2, 2 | 4, 4] as const;
const fakePod = (i: number): PodObj => ({ metadata: { name: `pod-${String(i).padStart(3, '0')}` } }) as unknown as PodObj;

function fromScratch(members: ReadonlyMap<PodObj, number>): PodObj[] {
  const c = [...members].filter(([, s]) => s !== 0).map(([p, s]) => ({ endpoint: p, ready: (s & 1) !== 0, serving: (s & 2) !== 0, terminating: (s & 4) !== 0 }));
  return categorizeEndpoints(c).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

const ctx = { streams: new RandomStreams('p') } as unknown as SimContext;

describe('incremental endpoint set', () => {
  test('equals the from-scratch categorization after random histories; change flags and departures are exact', () => {
    const step = fc.record({ pod: fc.integer({ min: 0, max: 11 }), state: fc.constantFrom(...STATES) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (history) => {
        const svc = new ServiceRuntime(service('web', { app: 'web' }), ctx, null);
        const pods = Array.from({ length: 12 }, (_, i) => fakePod(i));
        for (const { pod, state } of history) {
          const before = svc.endpoints();
          const departed = new Set<PodObj>();
          const changed = svc.update(pods[pod], state, departed);
          const after = svc.endpoints();
          expect(after).toEqual(fromScratch(svc.members));
          expect(after.length).toBe(svc.inUse);
          expect(changed).toBe(!sameEndpointSet(before, after));
          const names = (ps: readonly PodObj[]) => ps.map((p) => p.metadata.name).sort();
          expect(names([...departed])).toEqual(names(before.filter((p) => !after.includes(p))));
        }
      }),
      propertyParams(200),
    );
  });
});

describe('one coalesced sync per instant = every list applied in turn', () => {
  const policies: { policy: LoadBalancingPolicy; affinity: boolean }[] = [
    { policy: 'RoundRobin', affinity: false },
    { policy: 'Random', affinity: false },
    { policy: 'RoundRobin', affinity: true },
    { policy: 'Random', affinity: true },
  ];
  const universe = Array.from({ length: 10 }, (_, i) => `e${i}`);
  // An instant: the successive endpoint sets written in it (each a subset of the universe), then picks by clients.
  const instant = fc.record({
    lists: fc.array(fc.subarray(universe), { minLength: 1, maxLength: 6 }),
    picks: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 8 }),
  });

  test.each(policies)('$policy (ClientIP: $affinity)', ({ policy, affinity }) => {
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 12 }), (instants) => {
        const aff = affinity ? { type: 'ClientIP' as const, timeoutSeconds: 5 } : { type: 'None' as const };
        const each = createLoadBalancer<string>(policy, { stream: createStream(3, 'lb') }, aff);
        const once = createLoadBalancer<string>(policy, { stream: createStream(3, 'lb') }, aff);
        let current: readonly string[] = [];
        let t = 0;
        for (const { lists, picks } of instants) {
          t += 1_000_000;
          const now = micros(t);
          // The written lists: each differs from the one before (the controller writes only changes).
          const written: string[][] = [];
          for (const l of lists) if (!sameEndpointSet(written.length > 0 ? written[written.length - 1] : current, l)) written.push(l);
          if (written.length === 0) continue;
          for (const l of written) each.setEndpoints(l, now);
          const last = written[written.length - 1];
          const before = written.slice(0, -1);
          let skipped: SkippedEndpointLists<string> | undefined;
          if (before.length > 0) {
            const departed = new Set<string>();
            let prev = current;
            for (const l of written) {
              for (const e of prev) if (!l.includes(e)) departed.add(e);
              prev = l;
            }
            skipped = { count: before.length, totalSize: before.reduce((s, l) => s + l.length, 0), empty: before.filter((l) => l.length === 0).length, departed };
          }
          once.setEndpoints(last, now, skipped);
          current = last;
          expect(once.endpoints).toEqual(each.endpoints);
          for (const c of picks) expect(once.pick(c, now)).toBe(each.pick(c, now));
        }
      }),
      propertyParams(150),
    );
  });
});
