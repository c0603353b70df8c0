/**
 * The DaemonSet controller's pure rules (pkg/controller/daemon daemon_controller.go, update.go, util/daemonset_util.go):
 * the tolerations every daemon pod gets, which nodes should run a daemon pod, and how maxUnavailable / maxSurge
 * resolve against the desired count. Functions of their arguments only: no store, no clock, no events.
 */
import type { Taint, Toleration } from '../cluster/spec';
import { findUntoleratedTaint } from '../scheduler/filter';
import { scaledValue, type IntOrPercent } from './spec';

/** The label the DaemonSet and StatefulSet controllers put on their pods (apps.ControllerRevisionHashLabelKey). */
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';

const exists = (key: string, effect: 'NoSchedule' | 'NoExecute'): Toleration => ({ key, operator: 'Exists', effect });

/**
 * util.AddOrUpdateDaemonPodTolerations: `Exists` tolerations without tolerationSeconds for the node conditions a
 * daemon pod must survive, plus network-unavailable with hostNetwork. Added after the template's own, skipping one
 * already there with the same key, operator and effect (AddOrUpdateTolerationInPodSpec keeps a single copy).
 */
export function daemonPodTolerations(own: readonly Toleration[], hostNetwork: boolean): Toleration[] {
  const auto: Toleration[] = [
    exists('node.kubernetes.io/not-ready', 'NoExecute'),
    exists('node.kubernetes.io/unreachable', 'NoExecute'),
    exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
  ];
  if (hostNetwork) auto.push(exists('node.kubernetes.io/network-unavailable', 'NoSchedule'));
  const out = [...own];
  for (const t of auto) {
    if (!out.some((o) => o.key === t.key && (o.operator ?? 'Equal') === t.operator && o.effect === t.effect)) out.push(t);
  }
  return out;
}

/** What nodeShouldRunDaemonPod reads of a node. */
export interface DaemonNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
}

/** What it reads of the daemon pod built from the template (tolerations already include daemonPodTolerations). */
export interface DaemonPodSpec {
  readonly nodeName?: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

export interface ShouldRun {
  /** A missing daemon pod is created here. */
  readonly shouldRun: boolean;
  /** An existing daemon pod may stay here (else it is deleted). */
  readonly shouldContinueRunning: boolean;
}

/**
 * daemon_controller.go NodeShouldRunDaemonPod + predicates: the node name and the node selector must match (else
 * neither); an untolerated NoSchedule/NoExecute taint stops new pods, and only an untolerated NoExecute one evicts.
 * Readiness, resources and spec.unschedulable are not the controller's business (the scheduler binds the pod).
 */
export function nodeShouldRunDaemonPod(node: DaemonNode, pod: DaemonPodSpec): ShouldRun {
  const fitsNodeName = pod.nodeName === undefined || pod.nodeName === '' || pod.nodeName === node.name;
  let fitsAffinity = true;
  for (const key of Object.keys(pod.nodeSelector)) if (node.labels[key] !== pod.nodeSelector[key]) fitsAffinity = false;
  if (!fitsNodeName || !fitsAffinity) return { shouldRun: false, shouldContinueRunning: false };
  if (findUntoleratedTaint(node.taints, pod.tolerations) !== undefined) {
    const noExecute = node.taints.filter((t) => t.effect === 'NoExecute');
    return { shouldRun: false, shouldContinueRunning: findUntoleratedTaint(noExecute, pod.tolerations) === undefined };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/**
 * update.go updatedDesiredNodeCounts with util.UnavailableCount / SurgeCount: both percentages of the desired count
 * rounded up; when both come to 0 on a DaemonSet that wants pods, maxUnavailable is 1 so the update can progress.
 */
export function resolveDaemonSetRollingUpdate(
  maxUnavailable: IntOrPercent,
  maxSurge: IntOrPercent,
  desiredNumberScheduled: number,
): { readonly maxUnavailable: number; readonly maxSurge: number } {
  let mu = scaledValue(maxUnavailable, desiredNumberScheduled, true);
  const ms = scaledValue(maxSurge, desiredNumberScheduled, true);
  if (desiredNumberScheduled > 0 && mu === 0 && ms === 0) mu = 1;
  return { maxUnavailable: mu, maxSurge: ms };
}

/** kubectl rollout status for a DaemonSet (polymorphichelpers/rollout_status.go DaemonSetStatusViewer). */
export function daemonSetRolloutStatus(
  name: string,
  s: { readonly desiredNumberScheduled: number; readonly updatedNumberScheduled: number; readonly numberAvailable: number },
): { readonly message: string; readonly done: boolean } {
  if (s.updatedNumberScheduled < s.desiredNumberScheduled) {
    return { message: `Waiting for daemon set "${name}" rollout to finish: ${s.updatedNumberScheduled} out of ${s.desiredNumberScheduled} new pods have been updated...\n`, done: false };
  }
  if (s.numberAvailable < s.desiredNumberScheduled) {
    return { message: `Waiting for daemon set "${name}" rollout to finish: ${s.numberAvailable} of ${s.desiredNumberScheduled} updated pods are available...\n`, done: false };
  }
  return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
}
