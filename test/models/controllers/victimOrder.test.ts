/**
 * ReplicaSet scale-down order against every row of TV-7 (kubernetes-vectors.md) plus the log2-bucket edges of
 * controller_utils.go logarithmicRankDiff (buckets are floor(log2(now − t in nanoseconds))).
 */
import {
  isPodActive,
  preferForDeletion,
  ranksByRelatedPodsOnSameNode,
  sortVictims,
  type VictimCandidate,
} from '../../../models/controllers/victimOrder';
import { addMicros, micros, milliseconds, seconds, subMicros } from '../../../engine/time';

const NOW = seconds(37_800); // "10:30" on the simulation's axis

const base: VictimCandidate = {
  uid: 'm',
  nodeName: 'node-a',
  phase: 'Running',
  ready: true,
  readySince: subMicros(NOW, seconds(1000)),
  deletionCost: 0,
  rank: 1,
  maxRestarts: 0,
  creationTime: seconds(0),
};
const pod = (over: Partial<VictimCandidate>): VictimCandidate => ({ ...base, ...over });

// # | P1 | P2 | P1 deleted first?
const tv7: [string, VictimCandidate, VictimCandidate, boolean][] = [
  ['1 nodeName "" vs on node-a', pod({ nodeName: '', phase: 'Pending', ready: false }), pod({}), true],
  ['2 Pending vs Running', pod({ phase: 'Pending', ready: false }), pod({ ready: false }), true],
  ['3 Unknown vs Running', pod({ phase: 'Unknown', ready: false }), pod({ ready: false }), true],
  ['4 Pending vs Unknown', pod({ phase: 'Pending', ready: false }), pod({ phase: 'Unknown', ready: false }), true],
  ['5 Running not Ready vs Running Ready', pod({ ready: false }), pod({}), true],
  ['6 Ready cost −1 vs cost 0', pod({ deletionCost: -1 }), pod({ deletionCost: 0 }), true],
  ['7 Ready, 3 related pods on its node vs 1', pod({ rank: 3 }), pod({ rank: 1 }), true],
  // 300 s = 3e11 ns → floor(log2) 38; 3900 s = 3.9e12 ns → 41
  ['8 Ready since now−300 s vs now−3900 s', pod({ readySince: subMicros(NOW, seconds(300)) }), pod({ readySince: subMicros(NOW, seconds(3900)) }), true],
  // 300 s → 38 and 400 s = 4e11 ns → 38: same bucket, so the lower UID goes first: P2 ("a…")
  [
    '9 now−300 s uid b… vs now−400 s uid a… (same bucket 38)',
    pod({ uid: 'b-1', readySince: subMicros(NOW, seconds(300)) }),
    pod({ uid: 'a-1', readySince: subMicros(NOW, seconds(400)) }),
    false,
  ],
  ['10 same ready time, max restarts 5 vs 0', pod({ maxRestarts: 5 }), pod({ maxRestarts: 0 }), true],
  // created 10:00 (36000 s) vs 09:00 (32400 s) at 10:30: 1800 s → bucket 40, 5400 s → 42
  ['11 created 10:00 vs 09:00', pod({ creationTime: seconds(36_000) }), pod({ creationTime: seconds(32_400) }), true],
];

describe('ActivePodsWithRanks.Less (TV-7)', () => {
  test.each(tv7)('%s', (_name, p1, p2, p1First) => {
    expect(preferForDeletion(p1, p2, NOW)).toBe(p1First);
    expect(preferForDeletion(p2, p1, NOW)).toBe(!p1First);
    expect(sortVictims([p2, p1], NOW)[0]).toBe(p1First ? p1 : p2);
  });

  test('12 Succeeded / Failed / deletionTimestamp set are not candidates (IsPodActive)', () => {
    expect(isPodActive('Succeeded', false)).toBe(false);
    expect(isPodActive('Failed', false)).toBe(false);
    expect(isPodActive('Running', true)).toBe(false);
    expect(isPodActive('Running', false)).toBe(true);
    expect(isPodActive('Pending', false)).toBe(true);
  });

  test('row 9 without LogarithmicScaleDown: plain comparison, P1 (Ready more recently) goes first', () => {
    const p1 = pod({ uid: 'b-1', readySince: subMicros(NOW, seconds(300)) });
    const p2 = pod({ uid: 'a-1', readySince: subMicros(NOW, seconds(400)) });
    expect(preferForDeletion(p1, p2, NOW, { logarithmicScaleDown: false })).toBe(true);
  });

  test('row 6 with PodDeletionCost off: the cost is ignored and the next rule (rank) decides', () => {
    const p1 = pod({ deletionCost: -1, rank: 1 });
    const p2 = pod({ deletionCost: 5, rank: 2 });
    expect(preferForDeletion(p1, p2, NOW)).toBe(true);
    expect(preferForDeletion(p1, p2, NOW, { podDeletionCost: false })).toBe(false);
  });
});

describe('log2 buckets and zero times', () => {
  // 2^38 ns = 274.877906944 s: 274.877906 s is bucket 37, 274.877907 s is bucket 38
  const opts = { secondPrecision: false };
  test('different buckets: the more recent bucket goes first whatever the UIDs', () => {
    const p1 = pod({ uid: 'z', readySince: subMicros(NOW, micros(274_877_906)) });
    const p2 = pod({ uid: 'a', readySince: subMicros(NOW, micros(274_877_907)) });
    expect(preferForDeletion(p1, p2, NOW, opts)).toBe(true);
  });
  test('same bucket: UID order', () => {
    const p1 = pod({ uid: 'z', readySince: subMicros(NOW, micros(274_877_907)) });
    const p2 = pod({ uid: 'a', readySince: subMicros(NOW, seconds(300)) });
    expect(preferForDeletion(p1, p2, NOW, opts)).toBe(false);
  });
  test('second precision: 300.4 s and 300.9 s ago in the same second compare equal and fall through', () => {
    // readySince truncates to the same whole second, so rule 6 is skipped and restarts (rule 7) decide
    const p1 = pod({ uid: 'a', readySince: addMicros(seconds(37_499), milliseconds(600)), maxRestarts: 0 });
    const p2 = pod({ uid: 'b', readySince: addMicros(seconds(37_499), milliseconds(100)), maxRestarts: 1 });
    expect(preferForDeletion(p2, p1, NOW)).toBe(true);
    // at full precision p1 (more recent) and p2 share bucket 38 → UID a first
    expect(preferForDeletion(p1, p2, NOW, opts)).toBe(true);
  });
  test('a zero ready time counts as the most recent; a zero creation time as the newest', () => {
    expect(preferForDeletion(pod({ uid: 'z', readySince: undefined }), pod({ uid: 'a' }), NOW)).toBe(true);
    expect(preferForDeletion(pod({ uid: 'z', creationTime: undefined }), pod({ uid: 'a' }), NOW)).toBe(true);
  });
  test('a time not in the past gets rank −1 (before any positive duration)', () => {
    const p1 = pod({ uid: 'z', readySince: NOW });
    const p2 = pod({ uid: 'a', readySince: subMicros(NOW, micros(1)) });
    expect(preferForDeletion(p1, p2, NOW, opts)).toBe(true);
  });
});

describe('sortVictims', () => {
  test('full order, stable for equal pods', () => {
    const a = pod({ uid: 'a', nodeName: '', phase: 'Pending', ready: false });
    const b = pod({ uid: 'b', phase: 'Pending', ready: false });
    const c = pod({ uid: 'c', ready: false });
    const d = pod({ uid: 'd', rank: 2 });
    const e1 = pod({ uid: 'e1' });
    const e2 = pod({ uid: 'e2' }); // equal to e1 in every rule (same times): input order kept
    const f = pod({ uid: 'f', readySince: subMicros(NOW, seconds(100_000)) });
    expect(sortVictims([f, e1, d, c, e2, b, a], NOW).map((p) => p.uid)).toEqual(['a', 'b', 'c', 'd', 'e1', 'e2', 'f']);
  });

  test('ranks count active related pods on the same node', () => {
    const related = [
      { nodeName: 'n1', active: true },
      { nodeName: 'n1', active: true },
      { nodeName: 'n1', active: false },
      { nodeName: 'n2', active: true },
      { nodeName: '', active: true },
    ];
    expect(ranksByRelatedPodsOnSameNode([{ nodeName: 'n1' }, { nodeName: 'n2' }, { nodeName: 'n3' }, { nodeName: '' }], related)).toEqual([2, 1, 0, 1]);
  });
});
