/**
 * Builders for resolved scenarios in tests: a node, a container, a pod, a behavior, with the documented defaults,
 * so model tests state only what they are about. Mirrors what scenarios/load.ts produces from YAML.
 */
import { milliseconds, seconds, toSeconds, ZERO, type Micros } from '../../engine/time';
import type { ResolvedContainer, ResolvedNode, ResolvedPod, ResolvedPodSpec, ResolvedProbe, ResolvedService, ResolvedWorkload } from '../../models/cluster/spec';
import type { DurationDist } from '../../models/draw';
import type { ProbeStep, ResolvedBehavior } from '../../models/behaviors';
import type { ResolvedTraffic } from '../../models/traffic/spec';
import { DEFAULT_SERVING } from '../../models/traffic/serving';
import type { ResolvedScenario } from '../../scenarios/types';
import { compileLabelSelector } from '../../models/labels';
import { MemoryRecorder } from '../../models/recorder';
import { Simulation, type SimulationOptions } from '../../models/simulation';
import { readSimulationSpec } from '../../scenarios/kinds/simulation';

export const fixed = (s: number): DurationDist => ({ kind: 'fixed', value: seconds(s) });

export function node(name: string, cpu = '4', memGi = 16, extra: Partial<ResolvedNode> = {}): ResolvedNode {
  return {
    name,
    labels: { 'kubernetes.io/hostname': name },
    allocatable: { cpuMilli: Number(cpu) * 1000, memoryBytes: memGi * 2 ** 30, pods: 110 },
    unschedulable: false,
    taints: [],
    source: { file: 'test', line: 1 },
    ...extra,
  };
}

export function probe(extra: Partial<ResolvedProbe> = {}): ResolvedProbe {
  return {
    handler: 'httpGet',
    target: 'http://:8080/healthz',
    initialDelay: ZERO,
    period: seconds(10),
    timeout: seconds(1),
    successThreshold: 1,
    failureThreshold: 3,
    ...extra,
  };
}

export function container(name: string, extra: Partial<ResolvedContainer> = {}): ResolvedContainer {
  return {
    name,
    image: 'busybox:1.36',
    imagePullPolicy: 'IfNotPresent',
    requests: { cpuMilli: 0, memoryBytes: 0 },
    limits: { cpuMilli: 0, memoryBytes: 0 },
    specHash: `hash-${name}`,
    ...extra,
  };
}

export function podSpec(extra: Partial<ResolvedPodSpec> = {}): ResolvedPodSpec {
  return {
    containers: [container('app')],
    initContainers: [],
    restartPolicy: 'Always',
    nodeSelector: {},
    tolerations: [],
    terminationGracePeriod: seconds(30),
    topologySpreadConstraints: [],
    schedulerName: 'default-scheduler',
    ...extra,
  };
}

export function pod(name: string, labels: Record<string, string>, spec: ResolvedPodSpec = podSpec(), namespace = 'default'): ResolvedPod {
  return { namespace, name, template: { labels, annotations: {}, spec, raw: { labels, name } }, source: { file: 'test', line: 1 } };
}

export function workload(kind: ResolvedWorkload['kind'], name: string, replicas: number, labels: Record<string, string>, spec: ResolvedPodSpec = podSpec()): ResolvedWorkload {
  return {
    kind,
    namespace: 'default',
    name,
    replicas,
    selector: { matches: compileLabelSelector({ matchLabels: labels }), text: '' },
    template: { labels, annotations: {}, spec, raw: { labels, spec: name } },
    minReadySeconds: 0,
    source: { file: 'test', line: 1 },
  };
}

export function behavior(labels: Record<string, string>, extra: Partial<ResolvedBehavior> = {}): ResolvedBehavior {
  return {
    name: 'b',
    selector: { matches: compileLabelSelector({ matchLabels: labels }), text: '' },
    source: { file: 'test', line: 1 },
    ...extra,
  };
}

/** A ClusterIP Service selecting `labels`, RoundRobin, no affinity. */
export function service(name: string, labels: Record<string, string>, extra: Partial<ResolvedService> = {}): ResolvedService {
  return {
    namespace: 'default',
    name,
    type: 'ClusterIP',
    selector: { matches: compileLabelSelector({ matchLabels: labels }), text: '' },
    ports: [{ port: 80, protocol: 'TCP' }],
    sessionAffinity: 'None',
    loadBalancing: 'RoundRobin',
    source: { file: 'test', line: 1 },
    ...extra,
  };
}

/** Evenly spaced requests at a constant `rps` to `svc`, `cpuMs` ms of one core each, 1 client, no timeout. */
export function traffic(name: string, svc: string, rps: number, cpuMs: number, extra: Partial<ResolvedTraffic> = {}): ResolvedTraffic {
  return {
    namespace: 'default',
    name,
    service: svc,
    profile: { kind: 'constant', rps },
    arrivals: 'even',
    clients: { count: 1, popularity: { kind: 'uniform' } },
    cpu: { kind: 'fixed', value: milliseconds(cpuMs) },
    memoryBytes: 0,
    source: { file: 'test', line: 1 },
    ...extra,
  };
}

export const steps = (...s: [number, ProbeStep['result']][]): ProbeStep[] => s.map(([from, result]) => ({ from: seconds(from), result }));

/**
 * The Simulation settings a scenario without a Simulation document gets: the loader's own defaults
 * (scenarios/kinds/simulation.ts readSimulationSpec), so a changed default reaches the model tests too.
 */
export const SIMULATION_DEFAULTS = readSimulationSpec(undefined);

/**
 * A resolved scenario with the loader's defaults and one node. Two test conveniences differ from the defaults, both
 * so that expected times read directly from a Behavior: image pulls and container starts take 0 s unless a test
 * times them, and the events spam filter is off (tests count every event).
 */
export function scenario(extra: Partial<ResolvedScenario> = {}): ResolvedScenario {
  const d = SIMULATION_DEFAULTS;
  return {
    name: 'test',
    seed: '1',
    duration: seconds(600),
    sampleInterval: d.sampleInterval,
    kubelet: { ...d.kubelet, imagePull: fixed(0), containerStart: fixed(0) },
    scheduler: d.scheduler,
    nodeLifecycle: d.nodeLifecycle,
    events: { ...d.events, spamFilter: false },
    serviceSettings: d.serviceSettings,
    metrics: d.metrics,
    namespaces: ['default'],
    nodes: [node('node-1')],
    pods: [],
    workloads: [],
    daemonSets: [],
    statefulSets: [],
    behaviors: [],
    services: [],
    traffic: [],
    timeline: [],
    autoscalers: [],
    externalMetrics: [],
    startTime: SIMULATION_DEFAULTS.startTime,
    jobs: [],
    cronJobs: [],
    podDisruptionBudgets: [],
    resourceQuotas: [],
    limitRanges: [],
    hpaController: d.hpaController,
    defaultServing: DEFAULT_SERVING,
    slo: d.slo,
    warnings: [],
    files: [],
    inputFiles: [],
    ...extra,
  };
}

/** Runs a scenario to `until` (default its duration) and returns the records. */
export function run(s: ResolvedScenario, until: Micros = s.duration, options: SimulationOptions = {}): { rec: MemoryRecorder; sim: Simulation } {
  const rec = new MemoryRecorder();
  const sim = new Simulation(s, rec, options);
  sim.runUntil(until);
  return { rec, sim };
}

/** Seconds (as numbers) of the pod rows matching a predicate. */
export function secondsOf<T extends { time: Micros }>(rows: readonly T[]): number[] {
  return rows.map((r) => toSeconds(r.time));
}
