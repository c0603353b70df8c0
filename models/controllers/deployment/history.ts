/**
 * A Deployment's revision history: the revision annotations (deployment_util.go SetNewReplicaSetAnnotations,
 * Revision, MaxRevision), which old ReplicaSets cleanupDeployment deletes, which ReplicaSet `kubectl rollout undo`
 * goes back to (kubectl rollback.go) and the `kubectl rollout status` message (rollout_status.go). Pure: no store
 * writes, no events.
 */

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
/** Annotations a ReplicaSet does not take from its Deployment (annotationsToSkip). */
export const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);
/** maxRevHistoryLengthInChars. */
const MAX_REV_HISTORY_CHARS = 2000;

/** The revision annotation as a number; 0 when absent or not an integer (Revision). */
export function revisionOf(annotations: Readonly<Record<string, string>>): number {
  const v = annotations[REVISION];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : 0;
}

/** An integer annotation, or undefined when absent or malformed (getIntFromAnnotation). */
export function intAnnotation(annotations: Readonly<Record<string, string>>, key: string): number | undefined {
  const v = annotations[key];
  return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
}

/**
 * SetNewReplicaSetAnnotations' revision part: the new revision (max old + 1) and, when a lower existing revision is
 * replaced, its value appended to revision-history (trimmed from the front to 2000 characters).
 */
export function bumpRevision(annotations: Readonly<Record<string, string>>, newRevision: number): Record<string, string> | undefined {
  const old = annotations[REVISION];
  const oldNum = revisionOf(annotations);
  if (old !== undefined && oldNum >= newRevision) return undefined;
  const out: Record<string, string> = { ...annotations, [REVISION]: String(newRevision) };
  if (old !== undefined && old !== '') {
    let history = annotations[REVISION_HISTORY] ? `${annotations[REVISION_HISTORY]},${old}` : old;
    while (history.length > MAX_REV_HISTORY_CHARS) {
      const comma = history.indexOf(',');
      history = comma < 0 ? '' : history.slice(comma + 1);
    }
    out[REVISION_HISTORY] = history;
  }
  return out;
}

/** What cleanupDeployment reads of one old ReplicaSet. */
export interface HistoryView {
  readonly name: string;
  readonly revision: number;
  readonly spec: number;
  readonly statusReplicas: number;
  readonly deleting: boolean;
  /** generation ≤ status.observedGeneration. */
  readonly observed: boolean;
  readonly created: number;
}

/**
 * cleanupDeployment: the old ReplicaSets to delete. Candidates are those not being deleted; the `len − limit`
 * lowest revisions are walked and each empty, observed one is deleted (non-empty ones are skipped, not replaced).
 */
export function replicaSetsToCleanUp(old: readonly HistoryView[], limit: number | undefined): string[] {
  if (limit === undefined) return [];
  const candidates = old.filter((r) => !r.deleting);
  const diff = candidates.length - limit;
  if (diff <= 0) return [];
  const sorted = [...candidates].sort((a, b) => a.revision - b.revision || a.created - b.created || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (let i = 0; i < diff; i++) {
    const r = sorted[i];
    if (r.statusReplicas !== 0 || r.spec !== 0 || !r.observed) continue;
    out.push(r.name);
  }
  return out;
}

/** `kubectl rollout undo [--to-revision=N]`: the ReplicaSet to go back to, or the error kubectl prints. */
export function rollbackTarget<R extends { readonly revision: number }>(deployment: string, all: readonly R[], toRevision: number): { rs: R } | { error: string } {
  if (toRevision > 0) {
    const rs = all.find((r) => r.revision === toRevision);
    return rs === undefined ? { error: `unable to find specified revision ${toRevision} in history` } : { rs };
  }
  const sorted = [...all].filter((r) => r.revision > 0).sort((a, b) => b.revision - a.revision);
  if (sorted.length < 2) return { error: `no rollout history found for deployment "${deployment}"` };
  return { rs: sorted[1] };
}

/** What `kubectl rollout status` reads of a Deployment. */
export interface RolloutStatusView {
  readonly name: string;
  readonly generation: number;
  readonly specReplicas: number;
  readonly observedGeneration: number;
  readonly replicas: number;
  readonly updatedReplicas: number;
  readonly availableReplicas: number;
  readonly progressingReason?: string;
}

/** DeploymentStatusViewer.Status: the message (ending in a newline) and whether the rollout is done; `error` for a timed-out one. */
export function rolloutStatus(d: RolloutStatusView): { message: string; done: boolean; error?: string } {
  if (d.generation > d.observedGeneration) return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
  if (d.progressingReason === 'ProgressDeadlineExceeded') return { message: '', done: false, error: `deployment "${d.name}" exceeded its progress deadline` };
  const w = `Waiting for deployment "${d.name}" rollout to finish: `;
  if (d.updatedReplicas < d.specReplicas) return { message: `${w}${d.updatedReplicas} out of ${d.specReplicas} new replicas have been updated...\n`, done: false };
  if (d.replicas > d.updatedReplicas) return { message: `${w}${d.replicas - d.updatedReplicas} old replicas are pending termination...\n`, done: false };
  if (d.availableReplicas < d.updatedReplicas) return { message: `${w}${d.availableReplicas} of ${d.updatedReplicas} updated replicas are available...\n`, done: false };
  return { message: `deployment "${d.name}" successfully rolled out\n`, done: true };
}
