/** DefaultNormalizeScore (scheduler.md §1.4), rows derived by hand from normalize_score.go. */
import { defaultNormalizeScore } from '../../../../models/scheduler/plugins/normalize';

describe('defaultNormalizeScore(100, reverse, scores)', () => {
  test.each<[string, boolean, number[], number[]]>([
    // max 11: 100·2/11 = 18.18 → 18, 100·4/11 = 36.36 → 36 (NA-05)
    ['not reversed', false, [2, 11, 4], [18, 100, 36]],
    // max 2: 100 − 100·raw/2 (TT-01)
    ['reversed', true, [0, 1, 2], [100, 50, 0]],
    // max 3: 100·1/3 = 33 → reversed 67
    ['reversed, integer division before 100 − s', true, [1, 3], [67, 0]],
    ['all zero, not reversed: stay 0', false, [0, 0], [0, 0]],
    ['all zero, reversed: all 100', true, [0, 0, 0], [100, 100, 100]],
    ['empty list', true, [], []],
  ])('%s', (_name, reverse, scores, want) => {
    defaultNormalizeScore(100, reverse, scores);
    expect(scores).toEqual(want);
  });
});
