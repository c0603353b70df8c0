/** End-to-end harness: a scenario from YAML, a Simulation, the fake cloud, and the provisioner wired by hand. */
import { resolveScenario } from '../../../scenarios/load';
import { deploymentYaml } from '../../support/manifests';
import { MemoryRecorder, type NodeAutoscalerRecord } from '../../../models/recorder';
import { Simulation } from '../../../models/simulation';
import type { Karpenter } from '../../../models/karpenter/karpenter';
import type { Catalogue, CloudApi } from '../../../models/cloud/types';

/** MemoryRecorder with its node_autoscaler.csv rows under a short name. */
export class AutoscalerRecorder extends MemoryRecorder {
  get autoscalerRows(): readonly NodeAutoscalerRecord[] {
    return this.nodeAutoscalerRows;
  }
}

export interface Harness {
  readonly sim: Simulation;
  readonly cloud: CloudApi;
  readonly k: Karpenter;
  readonly rec: AutoscalerRecorder;
}

/**
 * The Simulation as the CLI builds it, with `catalogue` as its spec.cloud.instanceTypes (so the provisioner, the
 * loader's NodePool check and the cloud all see the test's types), and its provisioner.
 */
export function harness(yaml: string, catalogue: Catalogue): Harness {
  const cfg = resolveScenario([{ file: 's.yaml', text: withCatalogue(yaml, catalogue) }], {}, 's');
  const rec = new AutoscalerRecorder();
  const sim = new Simulation(cfg, rec);
  return { sim, cloud: sim.cloud, k: sim.karpenter!, rec };
}

/** A Deployment of `replicas` pods requesting cpu/memory (ReplicaSet-owned, grace 30 s). */
export function deployment(name: string, replicas: number, cpu: string, memory: string, extra = ''): string {
  return `${deploymentYaml(name, replicas, `      containers: [{name: c, image: nginx, resources: {requests: {cpu: ${cpu}, memory: ${memory}}}}]${extra}`)}---\n`;
}

export function nodePoolYaml(name: string, spec: string): string {
  return `apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: ${name}}
spec:
${spec}
---
`;
}

/**
 * The Simulation: one small system node (500m, too small for the test pods) besides the provisioner's nodes — a
 * cluster with no node at all makes the scheduler spin at t = 0 (reported, not fixed here) — and the vectors'
 * NodeClaim model (registered +10 s, initialized +30 s); `karpenter` adds fields to spec.karpenter (`, terminationDelay: 18s`).
 */
export const SIMULATION = (extra = '', karpenter = '') => `apiVersion: k8sim/v1alpha1
kind: Simulation
spec:
  duration: 1h
  nodePools: [{namePrefix: system, count: 1, cpu: 500m, memory: 1Gi}]
  karpenter: {nodeStartup: {registered: 10s, ready: 30s}${karpenter}}
${extra}---
`;

/**
 * The scenario with `catalogue` as its Simulation's spec.cloud.instanceTypes (KWOK's JSON shape, inline), so the
 * loader's NodePool check (some instance type meets the requirements) sees the types the test hands the provisioner.
 * Capacity only: the loader derives allocatable with KWOK's overhead, as the test catalogues do.
 */
function withCatalogue(yaml: string, catalogue: Catalogue): string {
  const types = catalogue.types.map((t) => ({
    name: t.name,
    architecture: t.architecture,
    operatingSystems: t.operatingSystems,
    resources: { cpu: `${t.capacity.cpuMilli}m`, memory: `${t.capacity.memoryBytes}`, pods: `${t.capacity.pods}` },
    offerings: t.offerings.map((o) => ({
      Price: o.pricePerHour,
      Requirements: [
        { key: 'karpenter.sh/capacity-type', operator: 'In', values: [o.capacityType] },
        { key: 'topology.kubernetes.io/zone', operator: 'In', values: [o.zone] },
      ],
    })),
  }));
  const cloud = `  cloud:\n    instanceTypes: ${JSON.stringify(types)}\n`;
  const spec = /^kind: Simulation\n(?:metadata:.*\n)?spec:\n/m;
  if (spec.test(yaml)) return yaml.replace(spec, (m) => m + cloud);
  return `apiVersion: k8sim/v1alpha1\nkind: Simulation\nmetadata: {name: s}\nspec:\n${cloud}---\n${yaml}`;
}
