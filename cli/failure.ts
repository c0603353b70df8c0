/**
 * Exit codes and messages of the CLI: bad input (InputError, or a user autoscaler policy that fails) prints one
 * line and exits 2; anything
 * else is an internal error, printed with its stack and exit code 1.
 */
import { InputError } from '../scenarios/errors';
import { AutoscalerPolicyError } from '../models/hpa/policies/policy';
import { NodeAutoscalerPolicyError } from '../models/nodeautoscaler/policy';

export function reportFailure(e: unknown): number {
  if (e instanceof AutoscalerPolicyError || e instanceof NodeAutoscalerPolicyError) {
    // A user's policy misbehaved: their input, not k8sim's bug.
    process.stderr.write(`k8sim: error: ${e.message}\n`);
    return 2;
  }
  if (e instanceof InputError) {
    process.stderr.write(`k8sim: error: ${e.message}\n`);
    return 2;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`k8sim: internal error: ${err.message}\n${err.stack ?? ''}\nPlease report this with the scenario that triggered it.\n`);
  return 1;
}
