/**
 * The order in which a ReplicaSet/ReplicationController picks pods to delete on scale-down
 * (ActivePodsWithRanks.Less), over a read-only candidate shape. Pure: sorts copies, never mutates or deletes pods.
 */
import { scaleMicros, US_PER_SECOND, type Micros } from '../../engine/time';
import type { PodPhase } from '../podStatus';

export interface VictimCandidate {
  readonly uid: string;
  /** '' = not assigned to a node. */
  readonly nodeName: string;
  readonly phase: PodPhase;
  /** The pod's Ready condition is True. */
  readonly ready: boolean;
  /** lastTransitionTime of the Ready=True condition; undefined = Go's zero time. Only read when `ready`. */
  readonly readySince?: Micros;
  /** Annotation controller.kubernetes.io/pod-deletion-cost (int32); 0 when absent or invalid. */
  readonly deletionCost: number;
  /** Active pods of the same owner(s) on the same node (see ranksByRelatedPodsOnSameNode). */
  readonly rank: number;
  /** Highest restartCount among the pod's (regular) container statuses. */
  readonly maxRestarts: number;
  /** metadata.creationTimestamp; undefined = Go's zero time. */
  readonly creationTime?: Micros;
}

export interface VictimOrderOptions {
  /** Feature gate LogarithmicScaleDown (GA, on). Default true. */
  readonly logarithmicScaleDown?: boolean;
  /** Feature gate PodDeletionCost (beta, on). Default true. */
  readonly podDeletionCost?: boolean;
  /**
   * Compare ready/creation times at whole-second precision, as the controller sees them: metav1.Time is stored and
   * served with second precision (RFC 3339 in JSON; Timestamp.Nanos deliberately not written in protobuf), while
   * `now` (metav1.Now()) keeps full precision. Default true.
   */
  readonly secondPrecision?: boolean;
}

/** pkg/controller/controller_utils.go : podPhaseToOrdinal (phases not listed count as 0). */
const PHASE_ORDINAL: Readonly<Record<PodPhase, number>> = { Pending: 0, Unknown: 1, Running: 2, Succeeded: 0, Failed: 0 };

/** pkg/controller/controller_utils.go : IsPodActive. Inactive pods are never scale-down candidates. */
export function isPodActive(phase: PodPhase, deletionRequested: boolean): boolean {
  return phase !== 'Succeeded' && phase !== 'Failed' && !deletionRequested;
}

/**
 * pkg/controller/replicaset/replica_set.go : getPodsRankedByRelatedPodsOnSameNode: each pod's rank is the number
 * of active related pods (of this owner and, for a Deployment, its other ReplicaSets) with the same nodeName.
 */
export function ranksByRelatedPodsOnSameNode(
  podsToRank: readonly { readonly nodeName: string }[],
  relatedPods: readonly { readonly nodeName: string; readonly active: boolean }[],
): number[] {
  const onNode = new Map<string, number>();
  for (const p of relatedPods) if (p.active) onNode.set(p.nodeName, (onNode.get(p.nodeName) ?? 0) + 1);
  return podsToRank.map((p) => onNode.get(p.nodeName) ?? 0);
}

interface Prepared<T> {
  readonly c: T;
  readonly index: number;
  readonly readyTime: Micros | undefined; // only when ready
  readonly created: Micros | undefined;
  readonly readyRank: number; // floor(log2(now − readyTime in ns)), -1 when ≤ 0
  readonly createdRank: number;
}

/** Go's zero-time-aware "t1 is after t2" used when times are not compared on the log scale. */
function afterOrZero(t1: Micros | undefined, t2: Micros | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/**
 * controller_utils.go : logarithmicRankDiff computes int64(math.Log2(float64(now − t))) on nanoseconds, -1 when the
 * duration is not positive. Here: the exact floor(log2) by bit length, equal to Go's float result except within
 * one ulp of a power of two above 2^53 ns (~104 days), where float64(d) itself rounds.
 */
function log2Rank(now: Micros, t: Micros | undefined): number {
  if (t === undefined) return -1;
  const d = now - t;
  if (d <= 0) return -1;
  return (BigInt(d) * 1000n).toString(2).length - 1;
}

function less<T extends VictimCandidate>(a: Prepared<T>, b: Prepared<T>, logScale: boolean, useCost: boolean): boolean {
  const pa = a.c;
  const pb = b.c;
  // 1. Unassigned < assigned
  if (pa.nodeName !== pb.nodeName && (pa.nodeName === '' || pb.nodeName === '')) return pa.nodeName === '';
  // 2. PodPending < PodUnknown < PodRunning
  if (PHASE_ORDINAL[pa.phase] !== PHASE_ORDINAL[pb.phase]) return PHASE_ORDINAL[pa.phase] < PHASE_ORDINAL[pb.phase];
  // 3. Not ready < ready
  if (pa.ready !== pb.ready) return !pa.ready;
  // 4. lower pod-deletion-cost < higher pod-deletion cost
  if (useCost && pa.deletionCost !== pb.deletionCost) return pa.deletionCost < pb.deletionCost;
  // 5. Doubled up < not doubled up
  if (pa.rank !== pb.rank) return pa.rank > pb.rank;
  // 6. Been ready for empty time < less time < more time
  if (pa.ready && pb.ready && a.readyTime !== b.readyTime) {
    if (!logScale || a.readyTime === undefined || b.readyTime === undefined) return afterOrZero(a.readyTime, b.readyTime);
    const diff = a.readyRank - b.readyRank;
    if (diff === 0) return pa.uid < pb.uid;
    return diff < 0;
  }
  // 7. Pods with containers with higher restart counts < lower restart counts
  if (pa.maxRestarts !== pb.maxRestarts) return pa.maxRestarts > pb.maxRestarts;
  // 8. Empty creation time pods < newer pods < older pods
  if (a.created !== b.created) {
    if (!logScale || a.created === undefined || b.created === undefined) return afterOrZero(a.created, b.created);
    const diff = a.createdRank - b.createdRank;
    if (diff === 0) return pa.uid < pb.uid;
    return diff < 0;
  }
  return false;
}

/**
 * pkg/controller/controller_utils.go : ActivePodsWithRanks.Less (rules 1–8 above), with Now = `now`. Candidates
 * earlier in the result are deleted first. The sort is stable: pods that compare equal keep their input order
 * (upstream sort.Sort is not stable, so their order there is unspecified). Pass active pods only (isPodActive).
 */
export function sortVictims<T extends VictimCandidate>(cands: readonly T[], now: Micros, options: VictimOrderOptions = {}): T[] {
  const logScale = options.logarithmicScaleDown ?? true;
  const useCost = options.podDeletionCost ?? true;
  const trunc = (options.secondPrecision ?? true)
    ? (t: Micros | undefined) => (t === undefined ? undefined : scaleMicros(US_PER_SECOND, Math.floor(t / US_PER_SECOND)))
    : (t: Micros | undefined) => t;
  const prepared: Prepared<T>[] = cands.map((c, index) => {
    const readyTime = c.ready ? trunc(c.readySince) : undefined;
    const created = trunc(c.creationTime);
    return { c, index, readyTime, created, readyRank: log2Rank(now, readyTime), createdRank: log2Rank(now, created) };
  });
  prepared.sort((a, b) => {
    if (less(a, b, logScale, useCost)) return -1;
    if (less(b, a, logScale, useCost)) return 1;
    return a.index - b.index;
  });
  return prepared.map((p) => p.c);
}

/** True when `a` is preferred for deletion over `b` (ActivePodsWithRanks.Less for the pair). */
export function preferForDeletion(a: VictimCandidate, b: VictimCandidate, now: Micros, options: VictimOrderOptions = {}): boolean {
  return sortVictims([b, a], now, options)[0] === a && a !== b;
}
