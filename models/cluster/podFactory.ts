/**
 * Makes a PodObj from a pod template, as the API server would store it after a controller's create: name, uid,
 * labels, the container runtimes with their Behaviors resolved once, effective requests, and the pod's own random
 * stream (`pod/<namespace>/<name>`), so one pod's draws never shift another's. It does not schedule or start anything.
 */
import type { Micros } from '../../engine/time';
import type { RandomStreams } from '../../engine/random';
import type { ResolvedContainer, ResolvedPodTemplate } from './spec';
import { mergeBehaviors, type ResolvedBehavior } from '../behaviors';
import { computePodRequests } from '../scheduler/filter';
import type { ContainerRuntime, PodObj, ReplicaSetObj } from './objects';

export interface NewPod {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly template: ResolvedPodTemplate;
  readonly owner?: ReplicaSetObj;
  /** Labels added by the controller (e.g. pod-template-hash). */
  readonly extraLabels?: Readonly<Record<string, string>>;
}

export function createPodObj(p: NewPod, now: Micros, streams: RandomStreams, behaviors: readonly ResolvedBehavior[]): PodObj {
  const labels = p.extraLabels ? { ...p.template.labels, ...p.extraLabels } : p.template.labels;
  const spec = p.template.spec;
  const req = (c: ResolvedContainer) => ({
    cpuMilli: c.requests.cpuMilli > 0 ? c.requests.cpuMilli : undefined,
    memoryBytes: c.requests.memoryBytes > 0 ? c.requests.memoryBytes : undefined,
  });
  const { requests, nonZeroRequests } = computePodRequests(
    spec.containers.map(req),
    spec.initContainers.map((c) => ({ ...req(c), restartPolicy: c.restartPolicy })),
  );
  const pod: PodObj = {
    uid: p.uid,
    name: p.name,
    namespace: p.namespace,
    labels,
    annotations: p.template.annotations,
    template: p.template,
    owner: p.owner,
    creationTime: now,
    rng: streams.get(`pod/${p.namespace}/${p.name}`),
    requests,
    nonZeroRequests,
    phase: 'Pending',
    conditions: [],
    removed: false,
    initContainers: [],
    containers: [],
    initIndex: 0,
    terminal: false,
    unreachable: false,
    schedulingAttempts: 0,
  };
  const runtime = (c: ResolvedContainer, isInit: boolean, index: number): ContainerRuntime => ({
    pod,
    spec: c,
    isInit,
    index,
    status: { name: c.name, state: undefined, lastTerminationState: undefined, restartCount: 0, ready: false, started: false },
    behavior: mergeBehaviors(behaviors, p.namespace, labels, c.name),
    instance: 0,
    probes: [],
  });
  spec.initContainers.forEach((c, i) => pod.initContainers.push(runtime(c, true, i)));
  spec.containers.forEach((c, i) => pod.containers.push(runtime(c, false, i)));
  return pod;
}
