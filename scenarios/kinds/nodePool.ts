/**
 * The Simulation's node-pool shorthand: `count` nodes named `<namePrefix>-1`, `<namePrefix>-2`, … of one size, so
 * a user need not write Node YAML, each running the pool's static pods and labelled with its zone (or spread over its
 * zones round-robin) and region; and the default pool for scenarios without any node. Reads and expands only.
 */
import { MAX_NODES } from '../limits';
import { isExtendedResourceName } from '../ignoredFields';
import { extendedAllocatable } from './node';
import type { LocatedDoc, PathElement } from '../located';
import type { ResolvedNode } from '../../models/cluster/spec';
import { NODE_POOL_DEFAULTS, wellKnownNodeLabels } from '../defaults';
import type { ScenarioDraft } from './draft';
import type { NodePoolSpec } from './simulationSpec';
import { describe, Fields } from './fields';
import { checkName, readLabels } from './objectMeta';
import { labelValueProblem } from '../selector';
import { readImages, readTaints } from './node';
import { readStaticPod, readStaticPodRefs } from './staticPod';
import { staticPodName } from '../../models/kubelet/staticPods';
import { EMPTY_CATALOGUE } from '../../models/cloud/catalogue';
import { DEFAULT_PROVISIONING } from '../../models/cloud/config';
import type { ProvisioningModel } from '../../models/cloud/types';
import { PROVISIONING_FIELDS, readProvisioning } from './cloud';
import type { Catalogue, InstanceType, Offering } from '../../models/cloud/types';

const POOL_FIELDS = ['namePrefix', 'count', 'cpu', 'memory', 'pods', 'extendedResources', 'labels', 'zone', 'zones', 'region', 'taints', 'unschedulable', 'staticPods', 'images', 'min', 'max', 'instanceType', 'capacityType', 'provisioning'];
/** The well-known topology labels (k8s.io/api/core/v1 LabelTopologyZone, LabelTopologyRegion). */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const REGION_LABEL = 'topology.kubernetes.io/region';

/** `zone` / `zones` / `region`: each a valid label value; `zones` a non-empty list; zone and zones exclusive. */
function readTopology(f: Fields, labels: Readonly<Record<string, string>>): Pick<NodePoolSpec, 'zones' | 'region'> {
  const value = (path: readonly (string | number)[], v: unknown): string => {
    if (typeof v !== 'string' || v === '') return f.doc.fail(path, `expected a zone or region name (a non-empty string), got ${describe(v)}`);
    const problem = labelValueProblem(v);
    return problem ? f.doc.fail(path, problem) : v;
  };
  if (f.has('zone') && f.has('zones')) f.fail('zones', 'zone and zones are exclusive (zone puts every node in one zone, zones spreads them round-robin)');
  let zones: string[] | undefined;
  if (f.has('zone')) zones = [value(f.at('zone'), f.raw('zone'))];
  if (f.has('zones')) {
    const items = f.list('zones', 'a list of zone names') ?? [];
    if (items.length === 0) f.fail('zones', 'expected at least one zone');
    zones = items.map((it) => value(it.path, it.value));
  }
  const region = f.has('region') ? value(f.at('region'), f.raw('region')) : undefined;
  // A label may not say otherwise: the pool's zone and region are the truth for every node.
  const check = (label: string, key: 'zone' | 'zones' | 'region', want: readonly string[] | undefined) => {
    const got = labels[label];
    if (want !== undefined && got !== undefined && !(want.length === 1 && want[0] === got)) {
      f.doc.fail([...f.at('labels'), label], `conflicts with ${key} (${want.join(', ')}): leave the ${label} label out, the pool sets it`);
    }
  };
  check(ZONE_LABEL, f.has('zones') ? 'zones' : 'zone', zones);
  check(REGION_LABEL, 'region', region === undefined ? undefined : [region]);
  return { ...(zones ? { zones } : {}), ...(region !== undefined ? { region } : {}) };
}

/**
 * `min` / `max` (Cluster Autoscaler node-group bounds, issue #10): `max` alone means min 0; `min` needs `max`;
 * min ≤ max and min ≤ count ≤ max.
 */
function readGroupBounds(f: Fields, count: number): { min?: number; max?: number } {
  if (!f.has('min') && !f.has('max')) return {};
  if (!f.has('max')) f.fail('min', 'a node group with min needs max too');
  const min = f.int('min', { min: 0 }) ?? 0;
  const max = f.int('max', { min: 0, limit: MAX_NODES })!;
  if (min > max) f.fail('min', `min (${min}) is greater than max (${max})`);
  if (count < min || count > max) f.fail('count', `the initial size ${count} is outside [min, max] = [${min}, ${max}]`);
  return { min, max };
}

/**
 * `provisioning` (issue #10: how long this pool's launched nodes take, how often they fail) is read on top of
 * `baseProvisioning` (the Simulation's spec.cloud.provisioning); fixed pools launch nothing, node autoscalers read it.
 */
export function readNodePools(doc: LocatedDoc, items: readonly { value: unknown; path: PathElement[] }[], baseProvisioning: ProvisioningModel = DEFAULT_PROVISIONING): NodePoolSpec[] {
  return items.map((it) => {
    const f = Fields.of(doc, it.path, it.value, POOL_FIELDS, 'a node pool {namePrefix, count, cpu, memory, pods, ...}');
    const namePrefix = f.string('namePrefix') ?? NODE_POOL_DEFAULTS.namePrefix;
    checkName(f, 'namePrefix', `${namePrefix}-1`, false);
    const labels = readLabels(f, 'labels');
    const count = f.int('count', { min: 0, limit: MAX_NODES }) ?? NODE_POOL_DEFAULTS.count;
    return {
      namePrefix,
      count,
      ...readGroupBounds(f, count),
      cpuMilli: f.milli('cpu') ?? NODE_POOL_DEFAULTS.cpuMilli,
      memoryBytes: f.units('memory') ?? NODE_POOL_DEFAULTS.memoryBytes,
      pods: f.int('pods', { min: 0 }) ?? NODE_POOL_DEFAULTS.pods,
      ...readExtendedResources(f),
      labels,
      ...readTopology(f, labels),
      taints: readTaints(f, 'taints', ['key', 'value', 'effect']),
      unschedulable: f.bool('unschedulable') ?? false,
      ...(f.has('staticPods') ? { staticPods: readStaticPodRefs(doc, f.list('staticPods', 'a list of static pod manifest files')!) } : {}),
      ...(f.has('images') ? { images: readImages(f, 'images', ['name', 'names', 'sizeBytes']) } : {}),
      ...(f.has('instanceType') ? { instanceType: f.string('instanceType', { nonEmpty: true })! } : {}),
      ...(f.has('capacityType') ? { capacityType: f.oneOf('capacityType', ['on-demand', 'spot', 'reserved'] as const)! } : {}),
      written: { cpu: f.has('cpu'), memory: f.has('memory'), pods: f.has('pods') },
      ...(f.has('provisioning') ? { provisioning: readProvisioning(f.object('provisioning', PROVISIONING_FIELDS), baseProvisioning) } : {}),
      at: { doc, path: it.path },
    };
  });
}

/** The pool a scenario gets when it declares no Node and no nodePools. */
export const DEFAULT_NODE_POOL: NodePoolSpec = {
  namePrefix: NODE_POOL_DEFAULTS.namePrefix,
  count: NODE_POOL_DEFAULTS.count,
  cpuMilli: NODE_POOL_DEFAULTS.cpuMilli,
  memoryBytes: NODE_POOL_DEFAULTS.memoryBytes,
  pods: NODE_POOL_DEFAULTS.pods,
  labels: {},
  taints: [],
  unschedulable: false,
};

const CAPACITY_TYPE_LABEL = 'karpenter.sh/capacity-type';
const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';

/** The pool's `instanceType` in the catalogue; an unknown name is a located error. */
function poolInstanceType(pool: NodePoolSpec, catalogue: Catalogue): InstanceType | undefined {
  if (pool.instanceType === undefined) {
    if (pool.capacityType !== undefined && pool.at) pool.at.doc.fail([...pool.at.path, 'capacityType'], 'needs an instanceType (the capacity type picks one of its offerings)');
    return undefined;
  }
  const t = catalogue.get(pool.instanceType);
  if (t === undefined && pool.at) {
    const names = catalogue.types.map((x) => x.name);
    const hint = names.length === 0 ? 'the Simulation has no spec.cloud.instanceTypes' : `known: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`;
    pool.at.doc.fail([...pool.at.path, 'instanceType'], `no instance type "${pool.instanceType}" in the catalogue (${hint})`);
  }
  return t;
}

/** The offering of the pool's capacity type (default on-demand) in the node's zone (the first offered when the pool names none). */
function poolOffering(pool: NodePoolSpec, type: InstanceType, zone: string | undefined): { offering: Offering; ref: NonNullable<ResolvedNode['instance']> } {
  const ct = pool.capacityType ?? 'on-demand';
  const offering = type.offerings.find((o) => o.capacityType === ct && (zone === undefined || o.zone === zone));
  if (offering === undefined && pool.at) {
    const where = zone === undefined ? '' : ` in zone ${zone}`;
    pool.at.doc.fail([...pool.at.path, pool.capacityType !== undefined ? 'capacityType' : 'instanceType'], `instance type ${type.name} has no ${ct} offering${where}`);
  }
  return { offering: offering!, ref: { instanceType: type.name, zone: offering!.zone, capacityType: offering!.capacityType, pool: pool.namePrefix } };
}

/** Appends each pool's nodes to the draft, in pool order; a name already taken is a duplicate-name error. */
export function addPoolNodes(pools: readonly NodePoolSpec[], draft: ScenarioDraft, catalogue: Catalogue = EMPTY_CATALOGUE): void {
  for (const pool of pools) {
    const staticPods = (pool.staticPods ?? []).map((ref) => readStaticPod(ref, draft));
    const type = poolInstanceType(pool, catalogue);
    for (let i = 1; i <= pool.count; i++) {
      const name = `${pool.namePrefix}-${i}`;
      if (pool.at) draft.claim(`Node/${name}`, `Node ${name} (from this node pool)`, pool.at.doc, pool.at.path);
      // Node i (1-based) is in zones[(i − 1) mod n].
      const topology: Record<string, string> = {};
      if (pool.region !== undefined) topology[REGION_LABEL] = pool.region;
      if (pool.zones !== undefined) topology[ZONE_LABEL] = pool.zones[(i - 1) % pool.zones.length];
      const instance = type !== undefined ? poolOffering(pool, type, topology[ZONE_LABEL]) : undefined;
      const instanceLabels: Record<string, string> =
        instance !== undefined ? { ...type!.labels, [ZONE_LABEL]: instance.offering.zone, [CAPACITY_TYPE_LABEL]: instance.offering.capacityType, [INSTANCE_TYPE_LABEL]: type!.name } : {};
      const w = pool.written;
      const alloc = type?.allocatable;
      const node: ResolvedNode = {
        name,
        labels: { ...wellKnownNodeLabels(name), ...instanceLabels, ...pool.labels, ...topology },
        allocatable: {
          cpuMilli: alloc !== undefined && !w?.cpu ? alloc.cpuMilli : pool.cpuMilli,
          memoryBytes: alloc !== undefined && !w?.memory ? alloc.memoryBytes : pool.memoryBytes,
          pods: alloc !== undefined && !w?.pods ? alloc.pods : pool.pods,
          ...(pool.extendedResources !== undefined ? { extended: pool.extendedResources } : {}),
        },
        ...(instance !== undefined ? { instance: instance.ref } : {}),
        unschedulable: pool.unschedulable,
        taints: pool.taints,
        source: pool.at ? { file: pool.at.doc.file, line: pool.at.doc.lineOf(pool.at.path) } : { file: '(default node pool)', line: 0 },
        ...(staticPods.length > 0 ? { staticPods } : {}),
        ...(pool.images !== undefined ? { images: pool.images } : {}),
      };
      for (const [k, p] of staticPods.entries()) {
        const ref = pool.staticPods![k];
        const mirror = staticPodName(p.name, name);
        draft.claim(`Pod/${p.namespace}/${mirror}`, `Pod ${p.namespace}/${mirror} (static pod on ${name})`, ref.at.doc, ref.at.path);
        draft.useNamespace(p.namespace);
        draft.extraPodSources.push({ namespace: p.namespace, owner: `Pod/${mirror}`, template: p.template });
      }
      draft.nodes.push(node);
    }
  }
}

/** `extendedResources: {nvidia.com/gpu: 1}`: each node's extended resources (names as Kubernetes requires them). */
function readExtendedResources(f: Fields): { extendedResources?: Record<string, number> } {
  const e = f.object('extendedResources', undefined, 'a mapping of extended resource names to whole numbers');
  if (e === undefined) return {};
  for (const name of Object.keys(e.value)) {
    if (!isExtendedResourceName(name)) e.fail(name, `not an extended resource name: expected a domain-qualified name outside kubernetes.io, like nvidia.com/gpu`);
  }
  return { extendedResources: extendedAllocatable(e).extended ?? {} };
}
