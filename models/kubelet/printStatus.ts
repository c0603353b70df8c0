/**
 * kubectl's STATUS column for a pod, as kubernetes/kubernetes pkg/printers/internalversion/printers.go printPod
 * computes it (reference §8, vectors TV-10). Read-only over the pod; used for the `status` column of pods.csv.
 */
import type { ContainerRuntime, PodObj } from '../cluster/objects';

export function printPodStatus(pod: PodObj): string {
  let reason: string = pod.reason ?? pod.phase;
  let initializing = false;
  const inits = pod.initContainers;
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    const s = c.status.state;
    if (s?.kind === 'terminated' && s.exitCode === 0) continue;
    // newer kubectl: a started sidecar does not hold the column in Init
    if (c.spec.restartPolicy === 'Always' && c.status.started) continue;
    if (s?.kind === 'terminated') {
      reason = s.reason === '' ? exitText('Init:', s.exitCode) : `Init:${s.reason}`;
    } else if (s?.kind === 'waiting' && s.reason !== '' && s.reason !== 'PodInitializing') {
      reason = `Init:${s.reason}`;
    } else {
      reason = `Init:${i}/${inits.length}`;
    }
    initializing = true;
    break;
  }
  if (!initializing) {
    let hasRunning = false;
    const cs: ContainerRuntime[] = pod.containers;
    for (let i = cs.length - 1; i >= 0; i--) {
      const s = cs[i].status.state;
      if (s?.kind === 'waiting' && s.reason !== '') reason = s.reason;
      else if (s?.kind === 'terminated' && s.reason !== '') reason = s.reason;
      else if (s?.kind === 'terminated') reason = exitText('', s.exitCode);
      else if (s?.kind === 'running' && cs[i].status.ready) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      reason = pod.conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (pod.deletionTime !== undefined) reason = pod.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

/** `ExitCode:N`, or `Signal:N` for a container killed by a signal (exit code 128 + N, as the runtime reports it). */
function exitText(prefix: string, exitCode: number): string {
  return `${prefix}ExitCode:${exitCode}`;
}
