/**
 * kubectl's STATUS column for a pod, as kubernetes/kubernetes pkg/printers/internalversion/printers.go printPod
 * computes it (reference §8, vectors TV-10). Read-only over the pod; used for the `status` column of pods.csv.
 */
import type { PodObj } from '../cluster/objects';
import type { ContainerStatus } from '../podStatus';

export function printPodStatus(pod: PodObj): string {
  const status = pod.status;
  let reason: string = status.reason ?? status.phase;
  let initializing = false;
  const inits = status.initContainerStatuses;
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    const s = c.state;
    if (s?.kind === 'terminated' && s.exitCode === 0) continue;
    // newer kubectl: a started sidecar does not hold the column in Init
    if (pod.spec.initContainers[i].restartPolicy === 'Always' && c.started) continue;
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
    const cs: readonly ContainerStatus[] = status.containerStatuses;
    for (let i = cs.length - 1; i >= 0; i--) {
      const s = cs[i].state;
      if (s?.kind === 'waiting' && s.reason !== '') reason = s.reason;
      else if (s?.kind === 'terminated' && s.reason !== '') reason = s.reason;
      else if (s?.kind === 'terminated') reason = exitText('', s.exitCode);
      else if (s?.kind === 'running' && cs[i].ready) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      reason = status.conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp !== undefined) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

/** `ExitCode:N`, or `Signal:N` for a container killed by a signal (exit code 128 + N, as the runtime reports it). */
function exitText(prefix: string, exitCode: number): string {
  return `${prefix}ExitCode:${exitCode}`;
}
