/**
 * The worker-thread entry of `k8sim sweep` (piscina loads this file): one task = one run, written to its folder.
 * Each worker keeps the parsed Sweep and base files between its tasks; every run loads its scenario afresh. A run's
 * bad input (an autoscaler policy that fails mid-run) comes back as data: an error's class does not cross threads.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AutoscalerPolicyError } from '../models/hpa/policies/policy';
import { NodeAutoscalerPolicyError } from '../models/nodeautoscaler/policy';
import { InputError } from '../scenarios/errors';
import { runOne, type SweepTask, type SweepTaskResult } from './sweepRuns';

/**
 * A full garbage collection, run between runs. A finished run leaves nothing reachable (its live heap after a
 * collection stays at about 13 MiB run after run), but V8 lets an idle worker's heap grow before it collects: over
 * 200 runs the process grew by about 100 MiB without this and stays flat with it, for a few milliseconds per run.
 * `gc` is exposed to a fresh context only, so no other code sees it.
 */
const collectGarbage: (() => void) | undefined = (() => {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
})();

export default async function sweepWorker(task: SweepTask): Promise<SweepTaskResult> {
  try {
    await runOne(task);
    collectGarbage?.();
    return { index: task.index };
  } catch (e) {
    if (e instanceof InputError || e instanceof AutoscalerPolicyError || e instanceof NodeAutoscalerPolicyError) return { index: task.index, badInput: e.message };
    throw e;
  }
}
