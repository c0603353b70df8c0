/**
 * The Simulation's node-pool shorthand: `count` nodes named `<namePrefix>-1`, `<namePrefix>-2`, … of one size, so
 * a user need not write Node YAML, each running the pool's static pods; and the default pool for scenarios without
 * any node. Reads and expands only.
 */
import type { LocatedDoc, PathElement } from '../located';
import type { ResolvedNode } from '../../models/cluster/spec';
import { NODE_POOL_DEFAULTS, wellKnownNodeLabels } from '../defaults';
import type { ScenarioDraft } from './draft';
import type { NodePoolSpec } from './simulationSpec';
import { Fields } from './fields';
import { checkName, readLabels } from './objectMeta';
import { readTaints } from './node';
import { readStaticPod, readStaticPodRefs } from './staticPod';
import { staticPodName } from '../../models/kubelet/staticPods';

const POOL_FIELDS = ['namePrefix', 'count', 'cpu', 'memory', 'pods', 'labels', 'taints', 'unschedulable', 'staticPods'];

export function readNodePools(doc: LocatedDoc, items: readonly { value: unknown; path: PathElement[] }[]): NodePoolSpec[] {
  return items.map((it) => {
    const f = Fields.of(doc, it.path, it.value, POOL_FIELDS, 'a node pool {namePrefix, count, cpu, memory, pods, ...}');
    const namePrefix = f.string('namePrefix') ?? NODE_POOL_DEFAULTS.namePrefix;
    checkName(f, 'namePrefix', `${namePrefix}-1`, false);
    return {
      namePrefix,
      count: f.int('count', { min: 0 }) ?? NODE_POOL_DEFAULTS.count,
      cpuMilli: f.milli('cpu') ?? NODE_POOL_DEFAULTS.cpuMilli,
      memoryBytes: f.units('memory') ?? NODE_POOL_DEFAULTS.memoryBytes,
      pods: f.int('pods', { min: 0 }) ?? NODE_POOL_DEFAULTS.pods,
      labels: readLabels(f, 'labels'),
      taints: readTaints(f, 'taints', ['key', 'value', 'effect']),
      unschedulable: f.bool('unschedulable') ?? false,
      ...(f.has('staticPods') ? { staticPods: readStaticPodRefs(doc, f.list('staticPods', 'a list of static pod manifest files')!) } : {}),
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

/** Appends each pool's nodes to the draft, in pool order; a name already taken is a duplicate-name error. */
export function addPoolNodes(pools: readonly NodePoolSpec[], draft: ScenarioDraft): void {
  for (const pool of pools) {
    const staticPods = (pool.staticPods ?? []).map((ref) => readStaticPod(ref, draft));
    for (let i = 1; i <= pool.count; i++) {
      const name = `${pool.namePrefix}-${i}`;
      if (pool.at) draft.claim(`Node/${name}`, `Node ${name} (from this node pool)`, pool.at.doc, pool.at.path);
      const node: ResolvedNode = {
        name,
        labels: { ...wellKnownNodeLabels(name), ...pool.labels },
        allocatable: { cpuMilli: pool.cpuMilli, memoryBytes: pool.memoryBytes, pods: pool.pods },
        unschedulable: pool.unschedulable,
        taints: pool.taints,
        source: pool.at ? { file: pool.at.doc.file, line: pool.at.doc.lineOf(pool.at.path) } : { file: '(default node pool)', line: 0 },
        ...(staticPods.length > 0 ? { staticPods } : {}),
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
