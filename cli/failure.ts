/**
 * Exit codes and messages of the CLI: bad input (InputError, or a user autoscaler policy that fails) prints one
 * line and exits 2; anything else is an internal error, printed with its stack and exit code 1. Every line echoed
 * from the input goes through escapeControl (scenarios/errors.ts): warnings and errors stay one line each.
 */
import { escapeControl, InputError } from '../scenarios/errors';
import { AutoscalerPolicyError } from '../models/hpa/policies/policy';
import { NodeAutoscalerPolicyError } from '../models/nodeautoscaler/policy';

export function reportFailure(e: unknown): number {
  if (e instanceof AutoscalerPolicyError || e instanceof NodeAutoscalerPolicyError) {
    // A user's policy misbehaved: their input, not k8sim's bug.
    process.stderr.write(`k8sim: error: ${escapeControl(e.message)}\n`);
    return 2;
  }
  if (e instanceof InputError) {
    process.stderr.write(`k8sim: error: ${escapeControl(e.message)}\n`);
    return 2;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`k8sim: internal error: ${escapeControl(err.message)}\n${err.stack ?? ''}\nPlease report this with the scenario that triggered it.\n`);
  return 1;
}

/** `warning: <text>` with control characters escaped: the one way a load warning reaches stderr. */
export function warningLine(w: string): string {
  return `warning: ${escapeControl(w)}\n`;
}

/**
 * `--strict` with load warnings: exit 2 and one line naming how many things were skipped or ignored and the first
 * of them (the others are what `k8sim validate` without --strict prints).
 */
export function strictFailure(warnings: readonly string[]): number {
  const more = warnings.length > 1 ? ` (and ${warnings.length - 1} more: run k8sim validate without --strict to list them)` : '';
  process.stderr.write(`k8sim: error: --strict: ${escapeControl(warnings[0])}${more}\n`);
  return 2;
}
