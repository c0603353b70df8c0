/**
 * Static pods (pkg/kubelet/config/common.go generatePodName, applyDefaults; pkg/kubelet/pod/mirror_client.go): the
 * pod a node's kubelet runs from a manifest, and the mirror pod it publishes in the API for it. Pure builders and
 * predicates: they create, schedule and delete nothing.
 */
import type { Micros } from '../../engine/time';
import type { NodeObj, PodObj } from '../cluster/objects';
import type { ResolvedPod, ResolvedPodTemplate, Toleration } from '../cluster/spec';
import { newPod } from '../cluster/podFactory';
import { podTemplateHash } from '../naming';

/** corev1.MirrorPodAnnotationKey: the mirror's annotation, valued with the static pod's config hash. */
export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
/** kubetypes.ConfigSourceAnnotationKey: where the kubelet read the static pod (`file` for a manifest path). */
export const CONFIG_SOURCE_ANNOTATION = 'kubernetes.io/config.source';

/** generatePodName: `<name>-<lowercased nodeName>`. */
export function staticPodName(name: string, nodeName: string): string {
  return `${name}-${nodeName.toLowerCase()}`;
}

export function isMirrorPod(pod: PodObj): boolean {
  return pod.metadata.annotations[MIRROR_ANNOTATION] !== undefined;
}

/** applyDefaults: the static pod tolerates every NoExecute taint (an `Exists` NoExecute toleration, added once). */
export function staticPodTolerations(tolerations: readonly Toleration[]): Toleration[] {
  const all = tolerations.some((t) => t.operator === 'Exists' && t.key === undefined && t.effect === 'NoExecute' && t.tolerationSeconds === undefined);
  return all ? [...tolerations] : [...tolerations, { operator: 'Exists', effect: 'NoExecute' }];
}

/** The static pod's template on `node`: its own node name (bound without the scheduler) and the NoExecute toleration. */
export function staticPodTemplate(manifest: ResolvedPodTemplate, nodeName: string): ResolvedPodTemplate {
  const hash = podTemplateHash(manifest.raw);
  return {
    ...manifest,
    annotations: { ...manifest.annotations, [CONFIG_SOURCE_ANNOTATION]: 'file', [MIRROR_ANNOTATION]: hash },
    spec: { ...manifest.spec, nodeName, tolerations: staticPodTolerations(manifest.spec.tolerations) },
  };
}

/**
 * The mirror pod of manifest `pod` on `node` (CreateMirrorPod): named by generatePodName, the mirror annotation, one
 * controller owner reference to the Node. The manifest's namespace is already defaulted (`default`) by the loader.
 */
export function newMirrorPod(pod: ResolvedPod, node: NodeObj, uid: string): PodObj {
  return newPod({
    namespace: pod.namespace,
    name: staticPodName(pod.name, node.metadata.name),
    uid,
    template: staticPodTemplate(pod.template, node.metadata.name),
    owner: { kind: 'Node', name: node.metadata.name, uid: node.metadata.uid, controller: true },
  });
}

/**
 * The kubelet's answer to a deleted mirror (syncPod: a mirror pod being deleted is deleted and created again): k8sim
 * publishes the fresh mirror in place — the deletion withdrawn, a new uid and creation time — while the containers
 * run on untouched.
 */
export function renewMirror(pod: PodObj, uid: string, now: Micros): void {
  const m = pod.metadata;
  m.deletionTimestamp = undefined;
  m.deletionGracePeriod = undefined;
  // The one place an object's uid changes: the fresh mirror is another API object for the same running pod.
  (m as { uid: string }).uid = uid;
  m.creationTimestamp = now;
}
