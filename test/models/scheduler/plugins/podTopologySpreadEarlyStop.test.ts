/**
 * Property (fast-check): PodTopologySpread's PreScore stops walking the feasible nodes once every domain a node can
 * have is seen, bounded by the scheduler cache's count of nodes without each key (TopologyDomains.missing). Its
 * scores must equal those of the full walk, which runs when the snapshot does not say `missing` — the same cache
 * seen through a wrapper that drops the field. Random nodes (zones z1..z3, "" or none; hostname or none), node
 * additions, removals and relabelling, pods placed and removed, a pending pod with the system defaults or its own
 * ScheduleAnyway constraints, a random feasible subset in random order. Also: `missing` is the count of −1 ids, and
 * scoreAll (the state read into locals) gives score() per node.
 */
import fc from 'fast-check';
import { DEFAULT_PLUGIN_ARGS } from '../../../../models/scheduler/config';
import { SchedulerCache } from '../../../../models/scheduler/framework/cache';
import { compileSelector } from '../../../../models/scheduler/framework/selectors';
import { CycleState, type NodeInfo, type PodInfo, type Snapshot } from '../../../../models/scheduler/framework/types';
import { podTopologySpreadPlugin } from '../../../../models/scheduler/plugins/podTopologySpread';
import { labels, makePod, spread } from '../support';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
type Zone = 'z1' | 'z2' | 'z3' | '' | undefined;

const genZone: fc.Arbitrary<Zone> = fc.constantFrom<Zone>('z1', 'z2', 'z3', '', undefined);
const genNode = fc.record({ zone: genZone, hostname: fc.boolean() });
const genOp = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), node: genNode }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('relabel' as const), at: fc.nat(), node: genNode }),
  fc.record({ kind: fc.constant('pod' as const), at: fc.nat(), foo: fc.boolean() }),
  fc.record({ kind: fc.constant('unpod' as const), at: fc.nat() }),
);

/** The same cache without `missing`: PreScore cannot bound the domains and walks every feasible node. */
function withoutMissing(cache: SchedulerCache): Snapshot {
  return {
    get nodes() {
      return cache.nodes;
    },
    namespaceLabels: (ns) => cache.namespaceLabels(ns),
    podCounts: (m) => cache.podCounts(m),
    topology: (key) => {
      const t = cache.topology(key);
      return { ids: t.ids, values: t.values };
    },
    domainCounts: (s, key) => cache.domainCounts(s, key),
    termGroups: (kind) => cache.termGroups(kind),
    termGroupsMatching: (kind, pod) => cache.termGroupsMatching(kind, pod),
    defaultSpreadSelector: (pod) => cache.defaultSpreadSelector(pod),
  };
}

const nodeLabels = (name: string, g: { zone: Zone; hostname: boolean }) => ({ ...(g.hostname ? { [HOST]: name } : {}), ...(g.zone !== undefined ? { [ZONE]: g.zone } : {}) });

/** PreScore, scoreAll and NormalizeScore as the framework runs them; 'skip' when PreScore skips. */
function scores(snapshot: Snapshot, pod: PodInfo, nodes: readonly NodeInfo[]): 'skip' | number[] {
  const plugin = podTopologySpreadPlugin(DEFAULT_PLUGIN_ARGS);
  const state = new CycleState();
  if (!plugin.preScore!(state, pod, nodes, snapshot)) return 'skip';
  const out = new Array<number>(nodes.length).fill(-1);
  plugin.scoreAll!(state, pod, nodes, snapshot, out);
  // scoreAll reads the state into locals: it must give score() per node.
  expect(out).toEqual(nodes.map((n) => plugin.score(state, pod, n, snapshot)));
  plugin.normalize!(state, pod, nodes, out);
  return out;
}

test('PreScore stopping at the last unseen domain scores as the full walk; missing counts the nodes without the key', () => {
  let stopped = 0;
  fc.assert(
    fc.property(
      fc.array(genNode, { minLength: 1, maxLength: 10 }),
      fc.array(genOp, { maxLength: 25 }),
      fc.constantFrom('defaults', 'zone', 'zone+host', 'host'),
      fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
      (initial, ops, constraints, picks) => {
        const cache = new SchedulerCache({ defaultSpreadSelector: () => compileSelector(labels({ foo: 'x' })) });
        let serial = 0;
        const add = (g: { zone: Zone; hostname: boolean }) => {
          const name = `node-${serial++}`;
          cache.addNode({ name, labels: nodeLabels(name, g), allocatable: { cpuMilli: 4000, memoryBytes: 2 ** 33, pods: 110 } });
        };
        const placed: { pod: PodInfo; node: string }[] = [];
        const at = (i: number) => cache.nodes[i % cache.nodes.length];
        initial.forEach(add);
        // Read the topologies once so the cache keeps them and must grow them with the later nodes.
        cache.topology(ZONE);
        cache.topology(HOST);
        for (const op of ops) {
          if (op.kind === 'add') add(op.node);
          else if (cache.nodes.length === 0) continue;
          else if (op.kind === 'remove' && cache.nodes.length > 1) {
            const name = at(op.at).name;
            cache.removeNode(name);
            for (let i = placed.length - 1; i >= 0; i--) if (placed[i].node === name) placed.splice(i, 1);
          } else if (op.kind === 'relabel') {
            const node = at(op.at);
            cache.updateNode(node.name, { labels: nodeLabels(node.name, op.node) });
          } else if (op.kind === 'pod') {
            const p = makePod({ labels: op.foo ? { foo: 'x' } : {} });
            const node = at(op.at);
            cache.addPod(p, node.name);
            placed.push({ pod: p, node: node.name });
          } else if (op.kind === 'unpod' && placed.length > 0) {
            const [p] = placed.splice(op.at % placed.length, 1);
            cache.removePod(p.pod);
          }
          // Keep the entries alive between steps, as the scheduler's cycles do.
          cache.topology(ZONE);
        }
        for (const key of [ZONE, HOST]) {
          const t = cache.topology(key);
          expect(t.missing).toBe(Array.from(t.ids).filter((id) => id < 0).length);
        }
        // The feasible nodes: distinct, in the order picked.
        const feasible: NodeInfo[] = [];
        for (const p of picks) {
          const node = at(p);
          if (!feasible.includes(node)) feasible.push(node);
        }
        const own = {
          defaults: [],
          zone: [spread({ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: labels({ foo: 'x' }) })],
          'zone+host': [
            spread({ maxSkew: 2, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: labels({ foo: 'x' }) }),
            spread({ maxSkew: 1, topologyKey: HOST, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: labels({ foo: 'x' }) }),
          ],
          host: [spread({ maxSkew: 1, topologyKey: HOST, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: labels({ foo: 'x' }) })],
        }[constraints];
        const pod = makePod({ labels: { foo: 'x' }, topologySpreadConstraints: own });
        const fast = scores(cache, pod, feasible);
        expect(fast).toEqual(scores(withoutMissing(cache), pod, feasible));
        const zone = cache.topology(ZONE);
        if (fast !== 'skip' && zone.values.length + (zone.missing! > 0 ? 1 : 0) < feasible.length) stopped++;
      },
    ),
    { numRuns: 400 },
  );
  // Enough cases had fewer domains than feasible nodes for the walk to stop early.
  expect(stopped).toBeGreaterThan(50);
});
