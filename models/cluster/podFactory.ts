/**
 * Makes a Pod object from a pod template, as the API server would store it after a controller's create: metadata
 * (name, uid, labels, owner), the template's spec (unbound), an empty status and the effective requests. It creates
 * nothing in the store and starts nothing: the caller creates it through the store.
 */
import type { ResolvedContainer, ResolvedPodTemplate } from './spec';
import type { ContainerStatus } from '../podStatus';
import { computePodRequests } from '../scheduler/filter';
import type { OwnerReference, PodObj, PodSpec } from './objects';
import { ZERO } from '../../engine/time';

export interface NewPod {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly template: ResolvedPodTemplate;
  readonly owner?: OwnerReference;
  /** metadata.generateName, when the controller asked the API server to generate the name. */
  readonly generateName?: string;
  /** Labels added by the controller (e.g. pod-template-hash). */
  readonly extraLabels?: Readonly<Record<string, string>>;
}

type PodRequests = Pick<PodObj, 'requests' | 'nonZeroRequests'>;

/**
 * A template's pods' effective requests, computed once per template and shared by its pods (they are a function of
 * the template's containers alone, and a pod's are replaced, never edited: LimitRanger sets new ones). Issue #13:
 * two objects per pod, ≈ 80 bytes.
 */
const requestsOfTemplate = new WeakMap<ResolvedPodTemplate, PodRequests>();

function templateRequests(template: ResolvedPodTemplate): PodRequests {
  let r = requestsOfTemplate.get(template);
  if (r !== undefined) return r;
  const req = (c: ResolvedContainer) => ({
    cpuMilli: c.requests.cpuMilli > 0 ? c.requests.cpuMilli : undefined,
    memoryBytes: c.requests.memoryBytes > 0 ? c.requests.memoryBytes : undefined,
    ...(c.requests.extended !== undefined ? { extended: c.requests.extended } : {}),
  });
  r = computePodRequests(
    template.spec.containers.map(req),
    template.spec.initContainers.map((c) => ({ ...req(c), restartPolicy: c.restartPolicy })),
  );
  requestsOfTemplate.set(template, r);
  return r;
}

export function newPod(p: NewPod): PodObj {
  const labels = p.extraLabels ? { ...p.template.labels, ...p.extraLabels } : p.template.labels;
  const t = p.template.spec;
  // Every field written out, in one literal of one fixed shape (nodeName present from the start): a rest/spread copy
  // gave each pod's spec a hidden class of its own once bound (about 400 bytes a pod in V8's maps and descriptors).
  // The mapped type lists every key of PodSpec, optional ones included, so a field added to the spec cannot be
  // forgotten here.
  const spec: { [K in keyof Required<PodSpec>]: PodSpec[K] } = {
    containers: t.containers,
    initContainers: t.initContainers,
    restartPolicy: t.restartPolicy,
    nodeSelector: t.nodeSelector,
    tolerations: t.tolerations,
    terminationGracePeriod: t.terminationGracePeriod,
    requiredNodeName: t.requiredNodeName,
    affinity: t.affinity,
    topologySpreadConstraints: t.topologySpreadConstraints,
    schedulerName: t.schedulerName,
    // Pre-admission defaults of the priority fields (the Priority admission plugin resolves them on create).
    priorityClassName: t.priorityClassName ?? '',
    priority: t.priority ?? 0,
    preemptionPolicy: t.preemptionPolicy ?? 'PreemptLowerPriority',
    nodeName: undefined,
  };
  const { requests, nonZeroRequests } = templateRequests(p.template);
  const status = (c: ResolvedContainer): ContainerStatus => ({ name: c.name, state: undefined, lastTerminationState: undefined, restartCount: 0, ready: false, started: false });
  return {
    kind: 'Pod',
    metadata: {
      name: p.name,
      ...(p.generateName !== undefined ? { generateName: p.generateName } : {}),
      namespace: p.namespace,
      uid: p.uid,
      labels,
      annotations: p.template.annotations,
      ownerReferences: p.owner ? [p.owner] : [],
      creationTimestamp: ZERO,
      resourceVersion: 0,
      generation: 0,
    },
    spec,
    // Fields set later (startTime, readySince) are present from the start: one object shape, no property array added
    // later (issue #13: about 40 bytes a pod each).
    status: {
      phase: 'Pending',
      conditions: [],
      startTime: undefined,
      initContainerStatuses: spec.initContainers.map(status),
      containerStatuses: spec.containers.map(status),
    },
    template: p.template,
    requests,
    nonZeroRequests,
    terminal: false,
    unreachable: false,
    readySince: undefined,
    removed: false,
  };
}
