/**
 * What the Deployment controller reads of its objects, as the pure arithmetic of this folder takes it: template
 * identity (EqualIgnoreHash), ReplicaSet views for rolling and status, the annotations a ReplicaSet inherits,
 * IsSaturated. Pure: reads objects, never writes them.
 */
import type { DeploymentObj, ReplicaSetObj } from '../../cluster/objects';
import type { ResolvedPodTemplate } from '../../cluster/spec';
import { canonicalJson } from '../../naming';
import type { RsView } from './rolling';
import type { StatusRsView } from './progress';
import { ANNOTATIONS_TO_SKIP, DESIRED_REPLICAS, intAnnotation } from './history';

/** Templates are immutable once resolved: each one's key is computed once (the controller compares them every sync). */
const keys = new WeakMap<object, string>();

/** The template as EqualIgnoreHash compares it: its canonical JSON (written form), without pod-template-hash. */
export function templateKey(t: ResolvedPodTemplate): string {
  const raw = t.raw;
  if (typeof raw !== 'object' || raw === null) return canonicalJson(raw);
  let k = keys.get(raw);
  if (k === undefined) {
    k = canonicalJson(raw);
    keys.set(raw, k);
  }
  return k;
}

/**
 * canonicalJson(a) === canonicalJson(b), without rendering either when every value is a string (annotations): the
 * same own keys with a defined value, each equal. Any other value falls back to the rendering. The Deployment
 * controller compares a ReplicaSet's annotations on every sync (issue #13: two renderings, a key sort each, per
 * pod change of 100,000 pods).
 */
export function sameJson(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  let n = 0;
  for (const k of Object.keys(a)) {
    const v = a[k];
    if (v === undefined) continue;
    if (typeof v !== 'string') return canonicalJson(a) === canonicalJson(b);
    if (b[k] !== v) return false;
    n++;
  }
  for (const k of Object.keys(b)) {
    const v = b[k];
    if (v === undefined) continue;
    if (typeof v !== 'string') return canonicalJson(a) === canonicalJson(b);
    n--;
  }
  return n === 0;
}

/** ReplicaSetsByCreationTimestamp: oldest first, ties by name. */
export const byCreation = (a: ReplicaSetObj, b: ReplicaSetObj): number =>
  a.metadata.creationTimestamp - b.metadata.creationTimestamp || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);

/** The Deployment's annotations a ReplicaSet carries (copyDeploymentAnnotationsToReplicaSet), over `base`. */
export function copyAnnotations(d: DeploymentObj, base: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = { ...base };
  for (const k of Object.keys(d.metadata.annotations).sort()) if (!ANNOTATIONS_TO_SKIP.has(k)) out[k] = d.metadata.annotations[k];
  return out;
}

/** IsSaturated: the new ReplicaSet has every replica, annotated and available. */
export function isSaturated(d: DeploymentObj, rs: ReplicaSetObj): boolean {
  return rs.spec.replicas === d.spec.replicas && intAnnotation(rs.metadata.annotations, DESIRED_REPLICAS) === d.spec.replicas && (rs.status?.availableReplicas ?? 0) === d.spec.replicas;
}

export function view(rs: ReplicaSetObj): RsView {
  return { name: rs.metadata.name, spec: rs.spec.replicas, available: rs.status?.availableReplicas ?? 0, created: rs.metadata.creationTimestamp };
}

export function statusView(rs: ReplicaSetObj): StatusRsView {
  const s = rs.status;
  return { spec: rs.spec.replicas, replicas: s?.replicas ?? 0, ready: s?.readyReplicas ?? 0, available: s?.availableReplicas ?? 0, terminating: s?.terminatingReplicas ?? 0 };
}

