/**
 * The scenario loader's entry: YAML files and folders in (multi-document, in a deterministic order), a validated
 * ResolvedScenario out, or an InputError naming file, line and field. Dispatches each document to its kind in
 * kinds/registry.ts and skips kinds k8sim does not model with one warning each. Reads files; nothing else.
 */
import type { Catalogue } from '../models/cloud/types';
import { EMPTY_CATALOGUE, kwokCatalogue } from '../models/cloud/catalogue';
import { DEFAULT_CLOUD_SETTINGS, type CloudSettings } from '../models/cloud/config';
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'fs';
import { basename, join } from 'path';
import { formatGoDuration, toSeconds, type Micros } from '../engine/time';
import { aboveLimit, MAX_DURATION, MAX_NODES, MAX_PODS, MAX_SAMPLES } from './limits';
import { InputError } from './errors';
import { ignoredFields } from './ignoredFields';
import { parseYamlDocuments, type LocatedDoc, type PathElement } from './located';
import type { ResolvedScenario } from './types';
import { DEFAULT_DURATION, DEFAULT_SEED, DEFAULT_SERVING, wellKnownNodeLabels } from './defaults';
import { ScenarioDraft } from './kinds/draft';
import { closest, describe, isMapping, unknownFieldProblem } from './kinds/fields';
import { K8SIM_API_VERSION } from './kinds/k8simObject';
import { validateKubernetesObject } from './kinds/kubernetesSchema';
import { addPoolNodes, DEFAULT_NODE_POOL, REGION_LABEL } from './kinds/nodePool';
import type { NodePoolSpec, SimulationSpec } from './kinds/simulationSpec';
import type { NodeGroupSpec } from '../models/clusterautoscaler/config';
import { findKind, k8simKindNames, KINDS, kindsNamed } from './kinds/registry';
import { readSimulationSpec } from './kinds/simulation';
import { readKarpenterSettings } from './kinds/karpenterNodePool';
import { unsatisfiablePoolProblem } from '../models/karpenter/requirements';
import { checkSchedulingReferences } from './kinds/schedulingRefs';
import type { SchedulerSettings } from '../models/scheduler/config';

export interface LoadOverrides {
  /** `--seed`: replaces the Simulation's seed. */
  readonly seed?: string;
  /** `--duration`: replaces the Simulation's duration. */
  readonly duration?: Micros;
}

/** One YAML text and the name to use for it in messages. */
export interface ScenarioSource {
  readonly file: string;
  readonly text: string;
  /** The text's documents, already parsed (and perhaps edited: `k8sim sweep`); `text` is then what they print. */
  readonly docs?: readonly LocatedDoc[];
}

/** Loads files and folders (folders recursively: `.yaml`/`.yml`, sorted by path, dot-entries skipped). */
export function loadScenario(paths: readonly string[], overrides: LoadOverrides = {}): ResolvedScenario {
  if (paths.length === 0) throw new InputError('(no input)', undefined, undefined, 'expected at least one YAML file or folder');
  const sources = listScenarioFiles(paths).map((file) => ({ file, text: readScenarioText(file) }));
  return resolveScenario(sources, overrides, scenarioName(paths[0]));
}

/** Resolves already-read YAML texts (in the given order). `name` is used when no Simulation names the scenario. */
export function resolveScenario(sources: readonly ScenarioSource[], overrides: LoadOverrides = {}, name = 'scenario'): ResolvedScenario {
  const draft = new ScenarioDraft();
  for (const src of sources) {
    draft.inputs.add(src.file, Buffer.from(src.text, 'utf8'));
    for (const doc of src.docs ?? parseYamlDocuments(src.file, src.text)) readDocument(doc, draft);
  }
  const sim = draft.simulation?.spec ?? readSimulationSpec(undefined);
  // With karpenter.sh NodePools and no instance types, the catalogue is KWOK's embedded one, as Karpenter's KWOK
  // provider loads it when given no file (reference §8).
  const cloud: CloudSettings | undefined =
    draft.karpenterNodePools.length > 0 && (sim.cloud === undefined || sim.cloud.catalogue.types.length === 0)
      ? { ...(sim.cloud ?? DEFAULT_CLOUD_SETTINGS), catalogue: kwokCatalogue(sim.cloud?.spotInterruptionRatePerHour ?? 0) }
      : sim.cloud;
  // A karpenter.sh NodePool whose requirements no instance type of the catalogue meets can never launch a node.
  for (const { pool, at } of [...draft.karpenterNodePools, ...draft.appliedNodePools]) {
    const problem = unsatisfiablePoolProblem(pool, cloud?.catalogue.types ?? []);
    if (problem !== undefined) at.doc.fail(at.path, problem);
  }
  const na = sim.nodeAutoscaler;
  if (na?.kind === 'Karpenter' && draft.karpenterNodePools.length === 0) na.fail('policy Karpenter needs karpenter.sh/v1 NodePool documents in the scenario');
  if (na?.kind === 'policy' && draft.karpenterNodePools.length > 0) na.fail(`policy ${na.name} together with karpenter.sh NodePools would run two node autoscalers: use policy: Karpenter or remove the NodePools`);
  if (na?.kind === 'policy' && !(sim.nodePools ?? []).some((p) => p.min !== undefined)) na.fail(`policy ${na.name} has no node group to scale: give a nodePool min and max`);
  if (na?.moduleFile !== undefined) draft.inputs.addFile(na.moduleFile);
  // With karpenter.sh NodePools the provisioner makes the nodes: no default pool then (docs/node-autoscaling.md).
  addPoolNodes(sim.nodePools ?? (draft.nodes.length === 0 && draft.karpenterNodePools.length === 0 ? [DEFAULT_NODE_POOL] : []), draft, cloud?.catalogue);
  checkScenarioLimits(draft, sim, overrides);
  draft.runChecks();
  checkSchedulingReferences(draft);
  // Stable sort: equal times keep document order.
  const timeline = draft.timeline.map((a, i) => ({ a, i })).sort((x, y) => x.a.at - y.a.at || x.i - y.i).map((x) => x.a);
  return {
    name: sim.name ?? name,
    seed: overrides.seed ?? sim.seed ?? DEFAULT_SEED,
    duration: overrides.duration ?? sim.duration ?? DEFAULT_DURATION,
    sampleInterval: sim.sampleInterval,
    startTime: sim.startTime,
    jobs: draft.jobs,
    cronJobs: draft.cronJobs,
    kubelet: sim.kubelet,
    scheduler: schedulerSettings(sim.scheduler, draft),
    nodeLifecycle: sim.nodeLifecycle,
    events: sim.events,
    serviceSettings: sim.serviceSettings,
    metrics: sim.metrics,
    hpaController: sim.hpaController,
    defaultServing: DEFAULT_SERVING,
    slo: sim.slo,
    namespaces: draft.namespaces,
    nodes: draft.nodes,
    pods: draft.pods,
    workloads: draft.workloads,
    daemonSets: draft.daemonSets,
    statefulSets: draft.statefulSets,
    behaviors: draft.behaviors,
    services: draft.services.map((svc) => svc.resolve(sim.serviceSettings)),
    traffic: draft.traffic,
    timeline,
    autoscalers: draft.autoscalers,
    externalMetrics: draft.externalMetrics,
    podDisruptionBudgets: draft.podDisruptionBudgets,
    resourceQuotas: draft.resourceQuotas,
    limitRanges: draft.limitRanges,
    ...(draft.karpenterNodePools.length > 0 ? { karpenterNodePools: draft.karpenterNodePools.map((p) => p.pool), karpenter: sim.karpenter ?? readKarpenterSettings(undefined) } : {}),
    ...(sim.clusterAutoscaler !== undefined ? { clusterAutoscaler: { settings: sim.clusterAutoscaler, groups: nodeGroups(sim.nodePools ?? [], cloud?.catalogue) } } : {}),
    ...(na !== undefined ? { nodeAutoscalerName: na.name } : {}),
    ...(na?.kind === 'policy'
      ? { nodeAutoscalerPolicy: { label: na.name, factory: na.factory!, parameters: na.parameters, interval: na.interval, maxGracefulTermination: na.maxGracefulTermination, groups: nodeGroups(sim.nodePools ?? [], cloud?.catalogue) } }
      : {}),
    ...(cloud !== undefined ? { cloud } : {}),
    warnings: draft.warnings,
    files: sources.map((s) => s.file),
    inputFiles: draft.inputs.files,
  };
}

/**
 * The scenario-wide limits (scenarios/limits.ts, docs/limits.md): the nodes at the start, the pods the workloads and
 * bare pods ask for, and the sample rounds of the run. Each is located at the object (or flag) that crosses it.
 */
function checkScenarioLimits(draft: ScenarioDraft, sim: SimulationSpec, overrides: LoadOverrides): void {
  if (draft.nodes.length > MAX_NODES) {
    const at = draft.nodes[MAX_NODES].source;
    throw new InputError(at.file, at.line, undefined, aboveLimit(`${draft.nodes.length.toLocaleString('en-US')} nodes`, MAX_NODES, draft.nodes.length));
  }
  let pods = 0;
  const asks: { n: number; source: { file: string; line: number } }[] = [
    ...draft.workloads.map((w) => ({ n: w.replicas, source: w.source })),
    ...draft.statefulSets.map((w) => ({ n: w.replicas, source: w.source })),
    ...draft.daemonSets.map((d) => ({ n: draft.nodes.length, source: d.source })),
    ...draft.pods.map((p) => ({ n: 1, source: p.source })),
  ];
  for (const a of asks) {
    pods += a.n;
    if (pods > MAX_PODS) throw new InputError(a.source.file, a.source.line, undefined, aboveLimit('the workloads and pods up to this one ask for too many pods in total', MAX_PODS, pods));
  }
  const duration = overrides.duration ?? sim.duration ?? DEFAULT_DURATION;
  const samples = Math.floor(duration / sim.sampleInterval);
  if (overrides.duration !== undefined && duration > MAX_DURATION) {
    throw new InputError('--duration', undefined, undefined, `duration too long: expected at most ${formatGoDuration(MAX_DURATION)} (100 years, k8sim's limit, docs/limits.md), got ${formatGoDuration(duration)}`);
  }
  if (samples > MAX_SAMPLES) {
    const where = overrides.duration !== undefined ? '--duration' : draft.simulation ? `${draft.simulation.source.file}:${draft.simulation.source.line}` : '(defaults)';
    throw new InputError(where, undefined, undefined, aboveLimit(`${formatGoDuration(duration)} at a sampleInterval of ${formatGoDuration(sim.sampleInterval)} is too many sample rounds (raise spec.sampleInterval or shorten the run)`, MAX_SAMPLES, samples));
  }
}

/**
 * The Simulation's scheduler settings with the KubeSchedulerConfiguration's on top (profiles, percentageOfNodesToScore,
 * a written podInitialBackoffSeconds / podMaxBackoffSeconds replaces the Simulation's), the PriorityClasses and the
 * declared Namespaces' labels (sorted by name).
 */
function schedulerSettings(base: SchedulerSettings, draft: ScenarioDraft): SchedulerSettings {
  const cfg = draft.schedulerConfig;
  const initialBackoff = cfg?.initialBackoff ?? base.initialBackoff;
  const maxBackoff = cfg?.maxBackoff ?? base.maxBackoff;
  if (cfg && maxBackoff < initialBackoff) {
    const [field, other] = cfg.maxBackoff !== undefined ? ['podMaxBackoffSeconds', 'initial'] : ['podInitialBackoffSeconds', 'max'];
    cfg.doc.fail([field], `the back-off would be ${toSeconds(initialBackoff)} s initial, ${toSeconds(maxBackoff)} s max (the ${other} from the Simulation's spec.scheduler or its default): expected max ≥ initial`);
  }
  const namespaceLabels: Record<string, Readonly<Record<string, string>>> = {};
  for (const ns of [...draft.namespaceLabels.keys()].sort()) namespaceLabels[ns] = draft.namespaceLabels.get(ns)!;
  return {
    ...base,
    initialBackoff,
    maxBackoff,
    ...(cfg ? { profiles: cfg.profiles } : {}),
    ...(cfg?.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: cfg.percentageOfNodesToScore } : {}),
    ...(draft.priorityClasses.length > 0 ? { priorityClasses: draft.priorityClasses.map((c) => c.spec) } : {}),
    ...(draft.namespaceLabels.size > 0 ? { namespaceLabels } : {}),
  };
}

function readDocument(doc: LocatedDoc, draft: ScenarioDraft): void {
  const v = doc.value;
  if (v === null || v === undefined) return; // an empty document (`---` with nothing or only comments after it)
  if (!isMapping(v)) return doc.fail([], `expected a Kubernetes object (a mapping with apiVersion and kind), got ${describe(v)}`);
  for (const key of ['apiVersion', 'kind'] as const) {
    if (v[key] === undefined || v[key] === null) {
      doc.fail([key], 'required field is missing: every document needs apiVersion and kind (like apiVersion: apps/v1, kind: Deployment)');
    }
    if (typeof v[key] !== 'string') doc.fail([key], `expected a string, got ${describe(v[key])}`);
    if (v[key] === '') doc.fail([key], `expected a non-empty string (like ${key === 'kind' ? 'kind: Deployment' : 'apiVersion: apps/v1'}), got ""`);
  }
  const apiVersion = v.apiVersion as string;
  const kind = v.kind as string;
  if (apiVersion === 'v1' && kind === 'List') return readList(doc, draft);

  const handler = findKind(apiVersion, kind);
  if (handler) {
    if (handler.schema) validateKubernetesObject(doc, handler.schema(), kind.toLowerCase());
    handler.read(doc, draft);
    draft.warnings.push(...ignoredFields(doc, kind, objectName(v)));
    return;
  }
  if (apiVersion.startsWith('k8sim/')) {
    if (apiVersion !== K8SIM_API_VERSION) doc.fail(['apiVersion'], `expected ${K8SIM_API_VERSION}, got ${describe(apiVersion)}`);
    const known = k8simKindNames();
    const guess = closest(kind, known);
    doc.fail(['kind'], `unknown k8sim kind ${describe(kind)}${guess ? `, did you mean "${guess}"?` : `; expected one of: ${known.join(', ')}`}`);
  }
  const same = kindsNamed(kind);
  if (same.length > 0) {
    doc.fail(['apiVersion'], `expected ${same.map((k) => k.apiVersion).join(' or ')} for kind ${kind}, got ${describe(apiVersion)}`);
  }
  // Kinds spelled with the wrong case or as a plural are mistakes, not kinds to skip.
  const guess = closest(kind.replace(/s$/i, ''), KINDS.map((k) => k.kind));
  if (guess !== undefined && guess.toLowerCase() === kind.replace(/s$/i, '').toLowerCase()) {
    doc.fail(['kind'], `unknown kind ${describe(kind)}, did you mean "${guess}"?`);
  }
  const name = objectName(v);
  draft.warnings.push(`${doc.file}:${doc.line}: skipped ${kind}/${name}: k8sim does not model ${kind} yet`);
}

function objectName(v: Record<string, unknown>): string {
  return isMapping(v.metadata) && typeof v.metadata.name === 'string' ? v.metadata.name : '(unnamed)';
}

/** A `kind: List` (as `kubectl get -o yaml` writes): each item is read as a document of its own. */
function readList(doc: LocatedDoc, draft: ScenarioDraft): void {
  const v = doc.value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!['apiVersion', 'kind', 'metadata', 'items'].includes(key)) doc.fail([key], unknownFieldProblem([key], ['apiVersion', 'kind', 'metadata', 'items']));
  }
  const items = v.items ?? [];
  if (!Array.isArray(items)) return doc.fail(['items'], `expected a list of objects, got ${describe(items)}`);
  items.forEach((value: unknown, i) => {
    const prefix: PathElement[] = ['items', i];
    const item: LocatedDoc = {
      file: doc.file,
      line: doc.lineOf(prefix),
      value,
      lineOf: (path) => doc.lineOf([...prefix, ...path]),
      fail: (path, problem) => doc.fail([...prefix, ...path], problem),
    };
    readDocument(item, draft);
  });
}

/** Files in load order: arguments as given, each folder expanded recursively and sorted by path; duplicates once. */
export function listScenarioFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const real = realpath(file);
    if (seen.has(real)) return;
    seen.add(real);
    out.push(file);
  };
  for (const p of paths) {
    if (p === '') throw new InputError('(empty path)', undefined, undefined, 'expected a YAML file or folder, got an empty path');
    const st = statEntry(p, 'argument');
    if (!st.isDirectory()) {
      if (!st.isFile()) throw new InputError(p, undefined, undefined, 'not a regular file or folder: expected a YAML file or a folder of them');
      add(p);
      continue;
    }
    const found = walk(p, new Set([realpath(p)])).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (found.length === 0) throw new InputError(p, undefined, undefined, 'no .yaml or .yml files in this folder');
    found.forEach(add);
  }
  return out;
}

/**
 * stat (following symlinks) with every failure an InputError naming the path: a broken symlink, a symlink loop,
 * a missing or unreadable entry. `argument`: a path the user typed; `entry`: one found inside a folder.
 */
function statEntry(p: string, what: 'argument' | 'entry'): Stats {
  try {
    return statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    let link = false;
    try {
      link = lstatSync(p).isSymbolicLink();
    } catch {
      // not there at all
    }
    if (code === 'ELOOP') throw new InputError(p, undefined, undefined, 'symlink loop: remove the link or point it at a file');
    if (link) throw new InputError(p, undefined, undefined, `broken symlink (its target does not exist): remove it or fix its target${what === 'entry' ? ', or move it out of the scenario folder' : ''}`);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputError(p, undefined, undefined, 'no such file or directory');
    throw new InputError(p, undefined, undefined, `cannot read: ${code ?? String(e)}`);
  }
}

function realpath(p: string): string {
  try {
    return realpathSync(p);
  } catch (e) {
    throw new InputError(p, undefined, undefined, `cannot resolve the path: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

function walk(dir: string, visited: Set<string>): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    throw new InputError(dir, undefined, undefined, `cannot read the folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  for (const entry of entries) {
    if (entry.startsWith('.')) continue;
    const p = join(dir, entry);
    const yamlName = /\.ya?ml$/i.test(entry);
    // Entries that are neither folders nor YAML files are not read, so a broken link to a README never stops a load.
    if (!yamlName) {
      let st: Stats | undefined;
      try {
        st = statSync(p);
      } catch {
        st = undefined; // a broken link or a loop that is not a YAML file: not part of the scenario
      }
      if (st === undefined || !st.isDirectory()) continue;
    }
    const st = statEntry(p, 'entry');
    if (st.isDirectory()) {
      if (yamlName) throw new InputError(p, undefined, undefined, 'a folder named like a YAML file: rename it (k8sim reads *.yaml and *.yml files and walks other folders)');
      const real = realpath(p);
      if (visited.has(real)) continue; // a symlink loop
      visited.add(real);
      out.push(...walk(p, visited));
    } else if (st.isFile()) {
      out.push(p);
    } else {
      throw new InputError(p, undefined, undefined, 'not a regular file (a pipe, socket or device): expected a YAML file');
    }
  }
  return out;
}

export function readScenarioText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, undefined, undefined, `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/** `scenarios/crashloop.yaml` → `crashloop`; `my-manifests/` → `my-manifests`. */
function scenarioName(path: string): string {
  return basename(path.replace(/[/\\]+$/, '')).replace(/\.ya?ml$/i, '') || 'scenario';
}

/** The Cluster Autoscaler's node groups: the pools with min/max, in pool order (kinds/nodePool.ts checked the bounds). */
function nodeGroups(pools: readonly NodePoolSpec[], catalogue: Catalogue = EMPTY_CATALOGUE): NodeGroupSpec[] {
  return pools
    .filter((p) => p.min !== undefined && p.max !== undefined)
    .map((p) => {
      const labels: Record<string, string> = { ...wellKnownNodeLabels(''), ...p.labels };
      delete labels['kubernetes.io/hostname'];
      if (p.region !== undefined) labels[REGION_LABEL] = p.region;
      // A pool naming an instance type: the type's capacity and allocatable (unless the pool writes a size), its
      // labels; the cloud adds zone, capacity type and instance-type labels at launch (addPoolNodes checked the type).
      const type = p.instanceType !== undefined ? catalogue.get(p.instanceType) : undefined;
      const w = p.written;
      const pick = (k: 'cpuMilli' | 'memoryBytes' | 'pods', written: boolean | undefined, of: { cpuMilli: number; memoryBytes: number; pods: number } | undefined) =>
        of !== undefined && !written ? of[k] : p[k];
      const allocatable = { cpuMilli: pick('cpuMilli', w?.cpu, type?.allocatable), memoryBytes: pick('memoryBytes', w?.memory, type?.allocatable), pods: pick('pods', w?.pods, type?.allocatable) };
      const capacity = type !== undefined ? { cpuMilli: pick('cpuMilli', w?.cpu, type.capacity), memoryBytes: pick('memoryBytes', w?.memory, type.capacity), pods: pick('pods', w?.pods, type.capacity) } : allocatable;
      if (type !== undefined) Object.assign(labels, type.labels, { 'node.kubernetes.io/instance-type': type.name, 'karpenter.sh/capacity-type': p.capacityType ?? 'on-demand' });
      return {
        name: p.namePrefix,
        minSize: p.min!,
        maxSize: p.max!,
        initialNodes: Array.from({ length: p.count }, (_, i) => `${p.namePrefix}-${i + 1}`),
        ...(p.zones !== undefined ? { zones: p.zones } : {}),
        template: { capacity, allocatable, labels, taints: p.taints },
        ...(type !== undefined ? { instanceType: type.name, capacityType: p.capacityType ?? 'on-demand' } : {}),
        ...(p.provisioning !== undefined ? { provisioning: p.provisioning } : {}),
      };
    });
}
