import { numFeasibleNodesToFind } from '../../../models/scheduler/scheduler';

// schedule_one.go numFeasibleNodesToFind, adaptive percentage: below 100 nodes all of them; else
// max(5, 50 − n/125) % of n, at least 100.
test.each([
  [3, 3], // < 100: every node
  [99, 99],
  [100, 100], // 50 % of 100 = 50 → raised to the minimum 100
  [1000, 420], // 50 − 8 = 42 % → 420
  [5000, 500], // 50 − 40 = 10 % → 500
  [10000, 500], // 50 − 80 < 5 → 5 % → 500
])('%i nodes → search until %i fit', (n, want) => {
  expect(numFeasibleNodesToFind(n)).toBe(want);
});
