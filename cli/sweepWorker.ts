/**
 * The worker-thread entry of `k8sim sweep` (piscina loads this file): one task = one run, written to its folder.
 * Each worker keeps the parsed Sweep and base files between its tasks; every run loads its scenario afresh.
 */
import { runOne, type SweepTask } from './sweepRuns';

export default function sweepWorker(task: SweepTask): Promise<number> {
  return runOne(task);
}
