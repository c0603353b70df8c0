/**
 * Builders for whole-cycle scheduler tests (fullCycle.test.ts): scheduler-vectors.md's nodes and pods as resolved
 * scenario objects, run through the real Simulation. Nodes: labels complete unless `hostname: 'auto'`; allocatable in
 * Kubernetes quantities, unset cpu / memory 0 and pods 110 (the vectors' convention). Pods: namespace default, one
 * container with the given requests; `node` binds it by spec.nodeName (a pod already placed, as the vectors' `pods`).
 */
import { parseMilli, parseValue } from '../../../engine/quantity';
import { seconds } from '../../../engine/time';
import type { ResolvedAffinity, ResolvedNode, ResolvedPod, ResolvedTopologySpreadConstraint, Taint, Toleration } from '../../../models/cluster/spec';
import type { PodObj } from '../../../models/cluster/objects';
import { newPod } from '../../../models/cluster/podFactory';
import type { PriorityClassSpec } from '../../../models/scheduler/config';
import type { Simulation } from '../../../models/simulation';
import type { ResolvedScenario } from '../../../scenarios/types';
import { container, node, pod, podSpec, scenario, SIMULATION_DEFAULTS } from '../../support/build';

export interface NodeIn {
  name: string;
  labels?: Record<string, string>;
  hostname?: 'auto';
  cpu?: string;
  memory?: string;
  pods?: number;
  taints?: Taint[];
}

export interface PodIn {
  name: string;
  /** Already bound here (spec.nodeName): the vectors' existing pods. */
  node?: string;
  labels?: Record<string, string>;
  requests?: { cpu?: string; memory?: string };
  priorityClassName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  affinity?: ResolvedAffinity;
  topologySpreadConstraints?: ResolvedTopologySpreadConstraint[];
  /** terminationGracePeriodSeconds; 30 by default. */
  grace?: number;
}

export function mkNode(n: NodeIn): ResolvedNode {
  return node(n.name, '0', 0, {
    labels: { ...(n.labels ?? {}), ...(n.hostname === 'auto' ? { 'kubernetes.io/hostname': n.name } : {}) },
    allocatable: { cpuMilli: parseMilli(n.cpu ?? '0')!, memoryBytes: parseValue(n.memory ?? '0')!, pods: n.pods ?? 110 },
    taints: n.taints ?? [],
  });
}

export function mkPod(p: PodIn): ResolvedPod {
  const requests = { cpuMilli: parseMilli(p.requests?.cpu ?? '0')!, memoryBytes: parseValue(p.requests?.memory ?? '0')! };
  return pod(
    p.name,
    p.labels ?? {},
    podSpec({
      containers: [container('app', { requests })],
      ...(p.node !== undefined ? { nodeName: p.node } : {}),
      ...(p.priorityClassName !== undefined ? { priorityClassName: p.priorityClassName } : {}),
      nodeSelector: p.nodeSelector ?? {},
      tolerations: p.tolerations ?? [],
      ...(p.affinity !== undefined ? { affinity: p.affinity } : {}),
      topologySpreadConstraints: p.topologySpreadConstraints ?? [],
      terminationGracePeriod: seconds(p.grace ?? 30),
    }),
  );
}

/** A PriorityClass with the API defaults (not global default, PreemptLowerPriority). */
export function priorityClass(name: string, value: number, extra: Partial<PriorityClassSpec> = {}): PriorityClassSpec {
  return { name, value, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority', ...extra };
}

/** A test scenario (build.ts defaults) with these nodes, bare pods (created at t = 0 in order) and PriorityClasses. */
export function fullCycleScenario(nodes: NodeIn[], pods: PodIn[], classes: PriorityClassSpec[] = [], extra: Partial<ResolvedScenario> = {}): ResolvedScenario {
  return scenario({
    nodes: nodes.map(mkNode),
    pods: pods.map(mkPod),
    scheduler: { ...SIMULATION_DEFAULTS.scheduler, priorityClasses: classes },
    ...extra,
  });
}

/**
 * Creates a bare pod now, through the store and its admission chain, as `kubectl apply` of one Pod would (the
 * scenario's own bare pods are all created at t = 0). Call between runUntil steps.
 */
export function createPodNow(sim: Simulation, p: PodIn, uid: string): PodObj {
  const r = mkPod(p);
  const obj = newPod({ namespace: r.namespace, name: r.name, uid, template: r.template });
  obj.metadata.creationTimestamp = sim.now;
  sim.ctx.store.create(obj);
  return obj;
}

/** Runs the simulation to `t` seconds. */
export function runTo(sim: Simulation, t: number): void {
  sim.runUntil(seconds(t));
}
