/**
 * Fields k8sim accepts (they are valid Kubernetes) but does not simulate, although they change what Kubernetes
 * would do: each written one becomes a load warning (`ignored …`), listed in the run summary and turned into
 * exit 2 by `--strict`. Reads a document's plain value; decides nothing about the simulation.
 */
import { isMapping } from './kinds/fields';
import { pathToString, type LocatedDoc, type PathElement } from './located';

/** Where each pod-bearing kind keeps its PodSpec. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** PodSpec fields with an effect k8sim does not simulate, and what Kubernetes would do with them. */
const POD_FIELDS: readonly (readonly [string, string])[] = [
  ['schedulingGates', 'Kubernetes keeps the pod Pending until every gate is removed'],
  ['resourceClaims', 'Kubernetes schedules the pod only where its claims (DRA) can be allocated'],
  ['overhead', "Kubernetes adds the pod's overhead to its requests"],
  ['runtimeClassName', "Kubernetes adds the RuntimeClass's overhead and node selector"],
];

/** Resources k8sim models in requests and limits: cpu, memory and extended resources. */
export function isModelledResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || isExtendedResourceName(name);
}

/**
 * v1helper.IsExtendedResourceName: a domain-qualified name outside the kubernetes.io domains (`nvidia.com/gpu`,
 * `example.com/dongle`), not a quota name (`requests.` prefix).
 */
export function isExtendedResourceName(name: string): boolean {
  const slash = name.indexOf('/');
  if (slash <= 0 || name.startsWith('requests.')) return false;
  const domain = name.slice(0, slash);
  return domain !== 'kubernetes.io' && !domain.endsWith('.kubernetes.io');
}

/** One warning line per ignored field of `doc` (a `kind` object), in document order. */
export function ignoredFields(doc: LocatedDoc, kind: string, name: string): string[] {
  const specPath = POD_SPEC_PATHS[kind];
  if (specPath === undefined) return [];
  let spec: unknown = doc.value;
  for (const k of specPath) spec = isMapping(spec) ? spec[k] : undefined;
  if (!isMapping(spec)) return [];
  const out: { path: PathElement[]; text: string }[] = [];
  const note = (path: PathElement[], effect: string) => out.push({ path, text: effect });
  for (const [field, effect] of POD_FIELDS) {
    const v = spec[field];
    if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && v !== '') note([...specPath, field], effect);
  }
  const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
  volumes.forEach((v: unknown, i) => {
    if (isMapping(v) && v.persistentVolumeClaim !== undefined) note([...specPath, 'volumes', i, 'persistentVolumeClaim'], 'Kubernetes binds the claim first and schedules the pod only where its volume is reachable');
  });
  for (const list of ['initContainers', 'containers'] as const) {
    const containers = Array.isArray(spec[list]) ? (spec[list] as unknown[]) : [];
    containers.forEach((c, i) => {
      if (!isMapping(c)) return;
      const ports = Array.isArray(c.ports) ? c.ports : [];
      ports.forEach((p: unknown, j) => {
        if (isMapping(p) && p.hostPort !== undefined && p.hostPort !== 0) note([...specPath, list, i, 'ports', j, 'hostPort'], 'Kubernetes places at most one pod per node and host port (NodePorts)');
      });
      const res = c.resources;
      if (!isMapping(res)) return;
      for (const part of ['requests', 'limits'] as const) {
        const m = res[part];
        if (!isMapping(m)) continue;
        for (const r of Object.keys(m)) {
          if (!isModelledResource(r)) note([...specPath, list, i, 'resources', part, r], `Kubernetes also fits the pod to the nodes' ${r}`);
        }
      }
    });
  }
  return out.map((o) => `${doc.file}:${doc.lineOf(o.path)}: ignored ${pathToString(o.path)} of ${kind}/${name}: ${o.text}; k8sim does not simulate it`);
}
