/**
 * A cluster without nodes (a node autoscaler's starting point, issue #10): schedule_one.go turns ErrNoNodesAvailable
 * into an UnschedulableAndUnresolvable status with no rejecting plugin, so the pod goes to backoffQ's error part
 * (backoff_queue.go podErrorBackoffQ) and is retried when its back-off expires: 1 s, 2 s, 4 s, 8 s, then 10 s (the
 * defaults podInitialBackoffSeconds 1, podMaxBackoffSeconds 10), never popped early and never looping at one instant.
 */
import { seconds, toSeconds } from '../../../engine/time';
import { run, scenario, workload } from '../../support/build';

describe('no nodes at all', () => {
  const { rec } = run(scenario({ nodes: [], duration: seconds(60), workloads: [workload('Deployment', 'web', 1, { app: 'web' })] }));
  const failed = rec.events.filter((e) => e.reason === 'FailedScheduling');

  test('FailedScheduling at 0, 1, 3, 7, 15, 25, 35, 45, 55 s (attempt n waits min(2^(n-1), 10) s)', () => {
    // 0 +1 → 1 +2 → 3 +4 → 7 +8 → 15 +10 → 25 → 35 → 45 → 55.
    expect(failed.map((e) => toSeconds(e.time))).toEqual([0, 1, 3, 7, 15, 25, 35, 45, 55]);
  });

  test("the message is upstream's ErrNoNodesAvailable text", () => {
    expect(new Set(failed.map((e) => e.message))).toEqual(new Set(['no nodes available to schedule pods']));
  });
});
