/**
 * The Deployment controller's pure arithmetic against the public vectors of workloads-vectors.md §1 (D-RNR, D-PS-*,
 * D-CL-*, D-RS-1; expected values copied from the vectors) plus the fencepost rule of KB §6.2.
 */
import type { IntOrPercent } from '../../../../models/cluster/spec';
import { reconcileNewReplicaSet, resolveFenceposts, reconcileOldReplicaSets } from '../../../../models/controllers/deployment/rolling';
import { proportionalSizes, roundHalfAway, type ScaleView } from '../../../../models/controllers/deployment/proportional';
import { bumpRevision, replicaSetsToCleanUp, rollbackTarget, rolloutStatus, REVISION, REVISION_HISTORY } from '../../../../models/controllers/deployment/history';

const int = (value: number): IntOrPercent => ({ kind: 'int', value });
const pct = (value: number): IntOrPercent => ({ kind: 'percent', value });

describe('ResolveFenceposts (KB §6.2)', () => {
  it.each([
    { replicas: 10, surge: pct(25), unav: pct(25), expect: { surge: 3, unavailable: 2 } },
    { replicas: 3, surge: int(1), unav: int(0), expect: { surge: 1, unavailable: 0 } },
    { replicas: 3, surge: pct(10), unav: pct(10), expect: { surge: 1, unavailable: 0 } },
    { replicas: 3, surge: pct(0), unav: pct(10), expect: { surge: 0, unavailable: 1 } },
    { replicas: 15, surge: pct(25), unav: pct(25), expect: { surge: 4, unavailable: 3 } },
  ])('$replicas replicas, surge $surge.value, unavailable $unav.value', ({ replicas, surge, unav, expect: e }) => {
    expect(resolveFenceposts(surge, unav, replicas)).toEqual(e);
  });
});

describe('D-RNR reconcileNewReplicaSet (rolling_test.go, maxUnavailable 0)', () => {
  it.each([
    { replicas: 10, maxSurge: 0, oldReplicas: 10, newReplicas: 0, scaled: false },
    { replicas: 10, maxSurge: 2, oldReplicas: 10, newReplicas: 0, scaled: true, newTo: 2 },
    { replicas: 10, maxSurge: 2, oldReplicas: 5, newReplicas: 0, scaled: true, newTo: 7 },
    { replicas: 10, maxSurge: 2, oldReplicas: 10, newReplicas: 2, scaled: false },
    { replicas: 10, maxSurge: 2, oldReplicas: 2, newReplicas: 11, scaled: true, newTo: 10 },
  ])('replicas $replicas surge $maxSurge old $oldReplicas new $newReplicas', ({ replicas, maxSurge, oldReplicas, newReplicas, scaled, newTo }) => {
    const { surge } = resolveFenceposts(int(maxSurge), int(0), replicas);
    const to = reconcileNewReplicaSet(replicas, surge, oldReplicas + newReplicas, newReplicas);
    expect(to !== undefined).toBe(scaled);
    if (scaled) expect(to).toBe(newTo);
  });
});

describe('reconcileOldReplicaSets (D-RU-1, D-RU-3 steps)', () => {
  it('D-RU-1 sync 1: maxScaledDown 0 while the new pod is unavailable', () => {
    expect(reconcileOldReplicaSets(3, 0, { name: 'web-b', spec: 1, available: 0, created: 1 }, [{ name: 'web-a', spec: 3, available: 3, created: 0 }])).toEqual([]);
  });
  it('D-RU-1 sync 2: the new pod available, the old one down by 1', () => {
    expect(reconcileOldReplicaSets(3, 0, { name: 'web-b', spec: 1, available: 1, created: 1 }, [{ name: 'web-a', spec: 3, available: 3, created: 0 }])).toEqual([{ name: 'web-a', from: 3, to: 2 }]);
  });
  it('D-RU-3 sync 1: down by 10 - 8 = 2 in the sync that created the new ReplicaSet', () => {
    expect(reconcileOldReplicaSets(10, 2, { name: 'web-b', spec: 3, available: 0, created: 1 }, [{ name: 'web-a', spec: 10, available: 10, created: 0 }])).toEqual([{ name: 'web-a', from: 10, to: 8 }]);
  });
  it('cleanupUnhealthyReplicas goes first, oldest first, then the available surplus', () => {
    const ops = reconcileOldReplicaSets(10, 2, { name: 'c', spec: 5, available: 5, created: 2 }, [
      { name: 'a', spec: 4, available: 2, created: 0 },
      { name: 'b', spec: 4, available: 4, created: 1 },
    ]);
    // allPods 13, minAvailable 8, newUnavailable 0 -> maxScaledDown 5; cleanup a by 2 (unhealthy); available 11 -> down 3: a 2->0, b 4->3
    expect(ops).toEqual([
      { name: 'a', from: 4, to: 2 },
      { name: 'a', from: 2, to: 0 },
      { name: 'b', from: 4, to: 3 },
    ]);
  });
});

interface PsCase {
  id: string;
  newReplicas: number;
  surge: IntOrPercent;
  rs: { name: string; spec: number; created: number }[];
  maxAnnotation?: number;
  statusReplicas?: number;
  expect: Record<string, number>;
}

// RSs are listed with their creation order (foo-v1 oldest); the new one is the newest.
const psCases: PsCase[] = [
  { id: 'D-PS-1', newReplicas: 10, surge: int(0), rs: [{ name: 'foo-v1', spec: 3, created: 1 }, { name: 'foo-v2', spec: 2, created: 2 }], maxAnnotation: 5, expect: { 'foo-v2': 4, 'foo-v1': 6 } },
  {
    id: 'D-PS-2',
    newReplicas: 8,
    surge: int(0),
    rs: [{ name: 'foo-v1', spec: 3, created: 1 }, { name: 'foo-v2', spec: 8, created: 2 }, { name: 'foo-v3', spec: 2, created: 3 }],
    maxAnnotation: 13,
    expect: { 'foo-v3': 1, 'foo-v2': 5, 'foo-v1': 2 },
  },
  { id: 'D-PS-3', newReplicas: 50, surge: int(6), rs: [{ name: 'foo-v1', spec: 8, created: 1 }, { name: 'foo-v2', spec: 5, created: 2 }], maxAnnotation: 13, expect: { 'foo-v2': 22, 'foo-v1': 34 } },
  { id: 'D-PS-HPA', newReplicas: 15, surge: pct(25), rs: [{ name: 'web-a', spec: 8, created: 1 }, { name: 'web-b', spec: 5, created: 2 }], maxAnnotation: 13, expect: { 'web-a': 12, 'web-b': 7 } },
  {
    id: 'D-PS-4',
    newReplicas: 10,
    surge: int(0),
    rs: [{ name: 'foo-v1', spec: 2, created: 1 }, { name: 'foo-v2', spec: 3, created: 2 }, { name: 'foo-v3', spec: 2, created: 3 }],
    maxAnnotation: 7,
    expect: { 'foo-v3': 3, 'foo-v2': 4, 'foo-v1': 3 },
  },
  { id: 'D-PS-5', newReplicas: 20, surge: int(2), rs: [{ name: 'foo-v1', spec: 6, created: 1 }, { name: 'foo-v2', spec: 6, created: 2 }], maxAnnotation: 12, expect: { 'foo-v2': 11, 'foo-v1': 11 } },
  {
    id: 'D-PS-6 3->4',
    newReplicas: 4,
    surge: int(0),
    rs: [{ name: 'foo-v1', spec: 1, created: 1 }, { name: 'foo-v2', spec: 1, created: 2 }, { name: 'foo-v3', spec: 1, created: 3 }],
    maxAnnotation: 3,
    expect: { 'foo-v3': 2, 'foo-v2': 1, 'foo-v1': 1 },
  },
  {
    id: 'D-PS-6 3->2',
    newReplicas: 2,
    surge: int(0),
    rs: [{ name: 'foo-v1', spec: 1, created: 1 }, { name: 'foo-v2', spec: 1, created: 2 }, { name: 'foo-v3', spec: 1, created: 3 }],
    maxAnnotation: 3,
    expect: { 'foo-v3': 1, 'foo-v2': 1, 'foo-v1': 0 },
  },
  { id: 'D-PS-7 9->4', newReplicas: 4, surge: int(0), rs: [{ name: 'foo-v1', spec: 1, created: 1 }, { name: 'foo-v2', spec: 8, created: 2 }], maxAnnotation: 9, expect: { 'foo-v2': 4, 'foo-v1': 0 } },
  { id: 'D-PS-7 5->3', newReplicas: 3, surge: int(0), rs: [{ name: 'foo-v1', spec: 3, created: 1 }, { name: 'foo-v2', spec: 2, created: 2 }], maxAnnotation: 5, expect: { 'foo-v2': 1, 'foo-v1': 2 } },
  // Without the max-replicas annotation the Deployment's status.replicas stands in (getReplicaSetFraction).
  { id: 'no annotation', newReplicas: 10, surge: int(0), rs: [{ name: 'foo-v1', spec: 3, created: 1 }, { name: 'foo-v2', spec: 2, created: 2 }], statusReplicas: 5, expect: { 'foo-v2': 4, 'foo-v1': 6 } },
];

describe('proportional scaling (sync.go scale, GetProportion)', () => {
  it.each(psCases)('$id', (c) => {
    const views: ScaleView[] = c.rs.map((r) => ({ ...r, ...(c.maxAnnotation !== undefined ? { maxReplicas: c.maxAnnotation } : {}) }));
    const surge = resolveFenceposts(c.surge, int(0), c.newReplicas).surge;
    const { sizes } = proportionalSizes(views, c.newReplicas, c.surge.kind === 'int' ? c.surge.value : surge, c.statusReplicas ?? 0);
    expect(Object.fromEntries(sizes.map((s) => [s.name, s.to]))).toEqual(c.expect);
  });

  it('D-PS-HPA: events in order, up', () => {
    const r = proportionalSizes(
      [
        { name: 'web-a', spec: 8, created: 1, maxReplicas: 13 },
        { name: 'web-b', spec: 5, created: 2, maxReplicas: 13 },
      ],
      15,
      4,
      13,
    );
    expect(r.direction).toBe('up');
    expect(r.sizes.map((s) => `Scaled ${r.direction} replica set ${s.name} from ${s.from} to ${s.to}`)).toEqual(['Scaled up replica set web-a from 8 to 12', 'Scaled up replica set web-b from 5 to 7']);
  });

  it('rounds half away from zero', () => {
    expect([roundHalfAway(2.5), roundHalfAway(-2.5), roundHalfAway(1.49)]).toEqual([3, -3, 1]);
  });
});

const rs = (text: string, i: number) => {
  const m = /^(\S+)\((\d+),(\d+)\)( with deletionTimestamp)?$/.exec(text)!;
  return { name: m[1], revision: i + 1, spec: Number(m[2]), statusReplicas: Number(m[3]), deleting: m[4] !== undefined, observed: true, created: i };
};

describe('D-CL cleanupDeployment', () => {
  it.each([
    { oldRSs: ['foo-1(0,0)', 'foo-2(0,0)', 'foo-3(0,0)'], limit: 1, deletions: 2 },
    { oldRSs: ['foo-1(0,0)', 'foo-2(0,1)', 'foo-3(1,0)', 'foo-4(1,1)'], limit: 0, deletions: 1 },
    { oldRSs: ['foo-1(1,1)', 'foo-2(1,1)'], limit: 0, deletions: 0 },
    { oldRSs: ['foo-1(0,0)', 'foo-2(0,0)'], limit: 0, deletions: 2 },
    { oldRSs: ['foo-1(0,0) with deletionTimestamp'], limit: 0, deletions: 0 },
    { oldRSs: ['foo-1(0,0)', 'foo-2(0,0)', 'foo-3(0,0)'], limit: 2147483647, deletions: 0 },
  ])('$oldRSs limit $limit', ({ oldRSs, limit, deletions }) => {
    expect(replicaSetsToCleanUp(oldRSs.map(rs), limit)).toHaveLength(deletions);
  });

  it('deletes the lowest revisions first and skips non-empty ones without replacing them', () => {
    expect(replicaSetsToCleanUp(['a(0,0)', 'b(1,1)', 'c(0,0)'].map(rs), 1)).toEqual(['a']);
  });

  it('keeps everything without a limit', () => {
    expect(replicaSetsToCleanUp(['a(0,0)'].map(rs), undefined)).toEqual([]);
  });
});

describe('revisions and rollback (D-RB-1 pieces)', () => {
  it('a rolled-back ReplicaSet takes max + 1 and keeps its old revision in the history', () => {
    expect(bumpRevision({ [REVISION]: '2' }, 4)).toEqual({ [REVISION]: '4', [REVISION_HISTORY]: '2' });
    expect(bumpRevision({ [REVISION]: '4', [REVISION_HISTORY]: '2' }, 6)).toEqual({ [REVISION]: '6', [REVISION_HISTORY]: '2,4' });
    expect(bumpRevision({ [REVISION]: '5' }, 5)).toBeUndefined();
  });

  it('undo targets: the second-highest revision, a named one, or kubectl errors', () => {
    const all = [{ revision: 1 }, { revision: 4 }, { revision: 3 }];
    expect(rollbackTarget('web', all, 0)).toEqual({ rs: { revision: 3 } });
    expect(rollbackTarget('web', all, 2)).toEqual({ error: 'unable to find specified revision 2 in history' });
    expect(rollbackTarget('web', [{ revision: 1 }], 0)).toEqual({ error: 'no rollout history found for deployment "web"' });
  });
});

describe('D-RS-1 kubectl rollout status', () => {
  it.each([
    { generation: 0, spec: 1, status: { observedGeneration: 1, replicas: 1, updated: 0, available: 1 }, msg: 'Waiting for deployment "foo" rollout to finish: 0 out of 1 new replicas have been updated...\n', done: false },
    { generation: 1, spec: 1, status: { observedGeneration: 1, replicas: 2, updated: 1, available: 2 }, msg: 'Waiting for deployment "foo" rollout to finish: 1 old replicas are pending termination...\n', done: false },
    { generation: 1, spec: 2, status: { observedGeneration: 1, replicas: 2, updated: 2, available: 1 }, msg: 'Waiting for deployment "foo" rollout to finish: 1 of 2 updated replicas are available...\n', done: false },
    { generation: 1, spec: 2, status: { observedGeneration: 1, replicas: 2, updated: 2, available: 2 }, msg: 'deployment "foo" successfully rolled out\n', done: true },
    { generation: 2, spec: 2, status: { observedGeneration: 1, replicas: 2, updated: 2, available: 2 }, msg: 'Waiting for deployment spec update to be observed...\n', done: false },
  ])('$msg', ({ generation, spec, status, msg, done }) => {
    const r = rolloutStatus({ name: 'foo', generation, specReplicas: spec, observedGeneration: status.observedGeneration, replicas: status.replicas, updatedReplicas: status.updated, availableReplicas: status.available });
    expect(r).toEqual({ message: msg, done });
  });

  it('D-PD-1: a timed-out rollout is an error', () => {
    const r = rolloutStatus({ name: 'web', generation: 1, specReplicas: 3, observedGeneration: 1, replicas: 3, updatedReplicas: 1, availableReplicas: 2, progressingReason: 'ProgressDeadlineExceeded' });
    expect(r.error).toBe('deployment "web" exceeded its progress deadline');
  });
});
