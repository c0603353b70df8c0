/**
 * The Job's pod failure policy (pkg/controller/job/pod_failure_policy.go matchPodFailurePolicy): which rule a failed
 * pod matches, its action, and the FailJob message. Pure: reads the pod's terminated containers and conditions.
 */
import type { PodFailurePolicyRule } from './spec';

export interface FailedPodView {
  readonly namespace: string;
  readonly name: string;
  /** Containers (init containers first, then app containers) that terminated, with their exit codes. */
  readonly terminated: readonly { readonly name: string; readonly exitCode: number }[];
  readonly conditions: readonly { readonly type: string; readonly status: string }[];
}

export interface PolicyMatch {
  readonly action: PodFailurePolicyRule['action'];
  /** The rule's index; undefined when no rule matched (the default `Count`). */
  readonly index?: number;
  /** The FailJob condition message. */
  readonly message?: string;
}

/** Rules in order; the first that matches decides. No match → Count. */
export function matchPodFailurePolicy(rules: readonly PodFailurePolicyRule[], pod: FailedPodView): PolicyMatch {
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    if (r.onExitCodes) {
      const e = r.onExitCodes;
      const c = pod.terminated.find((x) => x.exitCode !== 0 && (e.containerName === undefined || e.containerName === x.name) && e.values.includes(x.exitCode) === (e.operator === 'In'));
      if (c === undefined) continue;
      const message = `Container ${c.name} for pod ${pod.namespace}/${pod.name} failed with exit code ${c.exitCode} matching ${r.action} rule at index ${i}`;
      return { action: r.action, index: i, message };
    }
    if (r.onPodConditions) {
      const cond = r.onPodConditions.find((want) => pod.conditions.some((c) => c.type === want.type && c.status === want.status));
      if (cond === undefined) continue;
      return { action: r.action, index: i, message: `Pod ${pod.namespace}/${pod.name} has condition ${cond.type} matching ${r.action} rule at index ${i}` };
    }
  }
  return { action: 'Count' };
}
