/**
 * The score normalisation shared by NodeAffinity and TaintToleration (scheduler.md §1.4). Pure arithmetic on the
 * caller's array; it never reads nodes or the cycle state.
 */

/**
 * pkg/scheduler/framework/plugins/helper/normalize_score.go : DefaultNormalizeScore. In place: with max = the largest
 * score (from 0), every score becomes `maxPriority × s / max` (int64 division), then `maxPriority − s` when `reverse`;
 * when max is 0 the scores stay 0, or all become maxPriority when `reverse`.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: number[]): void {
  let max = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] > max) max = scores[i];
  if (max === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const s = Math.trunc((maxPriority * scores[i]) / max);
    scores[i] = reverse ? maxPriority - s : s;
  }
}
