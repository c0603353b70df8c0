/**
 * DaemonSet overhead of a NodePool's new NodeClaims (reference §6.2; kubernetes-sigs/karpenter
 * pkg/controllers/provisioning/provisioner.go getDaemonSetPods, getDaemonOverhead, isDaemonPodCompatible): one pod per
 * DaemonSet — a running pod of it if there is one, else its template — counted on a pool when the pod tolerates the
 * pool's taints (startup taints are not checked, as upstream) and its node selector and required node affinity are
 * compatible with the pool's requirements. The overhead is the sum of those pods' requests and one `pods` each.
 * Pure: the caller passes the DaemonSets and their pods.
 */
import type { DaemonSetObj, PodObj } from '../cluster/objects';
import type { InstanceType } from '../cloud/types';
import { computePodRequests, findUntoleratedTaint } from '../scheduler/filter';
import { daemonPodTolerations } from '../apps/daemonSetRules';
import { compatibleOfferings, podRequirementTerms } from './requirements';
import type { Resources } from './scheduling';
import type { KarpenterNodePool, Requirement } from './types';

/** What the overhead needs of one DaemonSet's pod. */
export interface DaemonPod {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly tolerations: PodObj['spec']['tolerations'];
  /** Node selector and required node affinity as requirement terms (any one term may match). */
  readonly requirementTerms: readonly (readonly Requirement[])[];
}

/** The DaemonSet's pod as upstream's getDaemonSetPods takes it: a pod of it if one exists, else its template. */
export function daemonPodOf(ds: DaemonSetObj, pod: PodObj | undefined): DaemonPod {
  const spec = pod?.spec ?? ds.spec.template.spec;
  const terms = (spec.affinity?.nodeAffinity?.required ?? []).map((t) => t.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, values: e.values }) as Requirement));
  const requests = pod
    ? pod.requests
    : computePodRequests(
        spec.containers.map((c) => c.requests),
        spec.initContainers.map((c) => ({ ...c.requests, restartPolicy: c.restartPolicy })),
      ).requests;
  return {
    cpuMilli: requests.cpuMilli,
    memoryBytes: requests.memoryBytes,
    tolerations: pod ? spec.tolerations : daemonPodTolerations(spec.tolerations, (ds.spec.template.raw as { spec?: { hostNetwork?: unknown } } | undefined)?.spec?.hostNetwork === true),
    requirementTerms: podRequirementTerms(spec.nodeSelector, terms),
  };
}

/** isDaemonPodCompatible: tolerates the pool's taints and some term meets the pool's requirements on some offering. */
export function daemonPodCompatible(pool: KarpenterNodePool, pod: DaemonPod, types: readonly InstanceType[]): boolean {
  if (findUntoleratedTaint(pool.taints, pod.tolerations) !== undefined) return false;
  const never = () => false;
  return pod.requirementTerms.some((term) => types.some((t) => compatibleOfferings(t, [pool.requirements, term], pool.name, pool.labels, never).length > 0));
}

/** getDaemonOverhead: the requests of the pool's compatible daemon pods, one `pods` each. */
export function daemonOverhead(pool: KarpenterNodePool, pods: readonly DaemonPod[], types: readonly InstanceType[]): Resources {
  const out = { cpuMilli: 0, memoryBytes: 0, pods: 0 };
  for (const p of pods) {
    if (!daemonPodCompatible(pool, p, types)) continue;
    out.cpuMilli += p.cpuMilli;
    out.memoryBytes += p.memoryBytes;
    out.pods += 1;
  }
  return out;
}
