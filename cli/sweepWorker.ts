/**
 * The worker-thread entry of `k8sim sweep` (piscina loads this file): one task = one run, written to its folder.
 * Each worker keeps the parsed Sweep and base files between its tasks; every run loads its scenario afresh. A run's
 * bad input (an autoscaler policy that fails mid-run) comes back as data: an error's class does not cross threads.
 */
import { AutoscalerPolicyError } from '../models/hpa/policies/policy';
import { InputError } from '../scenarios/errors';
import { runOne, type SweepTask, type SweepTaskResult } from './sweepRuns';

export default async function sweepWorker(task: SweepTask): Promise<SweepTaskResult> {
  try {
    await runOne(task);
    return { index: task.index };
  } catch (e) {
    if (e instanceof InputError || e instanceof AutoscalerPolicyError) return { index: task.index, badInput: e.message };
    throw e;
  }
}
