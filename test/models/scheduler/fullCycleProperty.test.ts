/**
 * Property (fast-check, small sizes): with random nodes (zones, a disk label, taints, sizes, pod limits) and random
 * pods (requests, nodeSelector, a toleration, a zone spread constraint, required anti-affinity, priority, created at
 * t = 0 or later so that preemption happens), every pod the scheduler binds passes, at the instant of its binding,
 * the filters of the default profile against the cluster as it then is: NodeResourcesFit (cpu, memory, pod count
 * over the pods still holding the node, terminating victims included), NodeAffinity (nodeSelector), TaintToleration
 * (NoSchedule), InterPodAffinity (its own anti-affinity terms and those of the pods already there), and
 * PodTopologySpread (skew against the global minimum ≤ maxSkew). The checks are written from scheduler.md §1–§4,
 * independently of the plugins. At the end of the run the node ledger (NodeObj.allocated) matches the bound pods.
 * fast-check prints the seed and path of a failing case; replay with fc.assert(…, { seed, path }).
 */
import fc from 'fast-check';
import { seconds } from '../../../engine/time';
import type { PodObj } from '../../../models/cluster/objects';
import { MemoryRecorder, type EventRecord } from '../../../models/recorder';
import { Simulation } from '../../../models/simulation';
import { spread, term } from './support';
import { createPodNow, fullCycleScenario, priorityClass, runTo, type NodeIn, type PodIn } from './fullCycleSupport';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const TAINT = { key: 'dedicated', value: 'gpu' };

interface GenNode {
  zone: string;
  cpu: number;
  memGi: number;
  pods: number;
  disk?: 'ssd' | 'hdd';
  taint?: 'NoSchedule' | 'PreferNoSchedule';
}

interface GenPod {
  spread: boolean;
  team?: 't1' | 't2';
  anti?: { team: 't1' | 't2'; key: typeof ZONE | typeof HOST };
  cpu: number;
  memMi: number;
  disk?: 'ssd' | 'hdd';
  tolerates: boolean;
  high: boolean;
  late: boolean;
}

const genNode: fc.Arbitrary<GenNode> = fc.record(
  {
    zone: fc.constantFrom('z1', 'z2', 'z3'),
    cpu: fc.constantFrom(1000, 2000, 4000, 8000),
    memGi: fc.constantFrom(2, 4, 8),
    pods: fc.constantFrom(3, 8, 110),
    disk: fc.constantFrom('ssd' as const, 'hdd' as const),
    taint: fc.constantFrom('NoSchedule' as const, 'PreferNoSchedule' as const),
  },
  { requiredKeys: ['zone', 'cpu', 'memGi', 'pods'] },
);

const genPod: fc.Arbitrary<GenPod> = fc.record(
  {
    spread: fc.boolean(),
    team: fc.constantFrom('t1' as const, 't2' as const),
    anti: fc.record({ team: fc.constantFrom('t1' as const, 't2' as const), key: fc.constantFrom(ZONE, HOST) }),
    cpu: fc.constantFrom(0, 100, 250, 500, 1000),
    memMi: fc.constantFrom(0, 256, 1024),
    disk: fc.constantFrom('ssd' as const, 'hdd' as const),
    tolerates: fc.boolean(),
    high: fc.boolean(),
    late: fc.boolean(),
  },
  { requiredKeys: ['spread', 'cpu', 'memMi', 'tolerates', 'high', 'late'] },
);

/** Pods of the spread group carry this label, and only they; their constraint selects it. */
const SPREAD_LABEL = { role: 'spread' };

function toNodes(gen: GenNode[]): NodeIn[] {
  return gen.map((g, i) => ({
    name: `node-${i}`,
    hostname: 'auto',
    labels: { [ZONE]: g.zone, ...(g.disk !== undefined ? { disk: g.disk } : {}) },
    cpu: `${g.cpu}m`,
    memory: `${g.memGi}Gi`,
    pods: g.pods,
    ...(g.taint !== undefined ? { taints: [{ ...TAINT, effect: g.taint }] } : {}),
  }));
}

function toPod(g: GenPod, i: number, maxSkew: number): PodIn {
  return {
    name: `pod-${i}`,
    labels: { ...(g.spread ? SPREAD_LABEL : {}), ...(g.team !== undefined ? { team: g.team } : {}) },
    requests: { cpu: `${g.cpu}m`, memory: `${g.memMi}Mi` },
    ...(g.high ? { priorityClassName: 'high' } : {}),
    // Spread pods take no nodeSelector, so every node is a domain of their constraint (nodeAffinityPolicy Honor).
    ...(g.disk !== undefined && !g.spread ? { nodeSelector: { disk: g.disk } } : {}),
    ...(g.tolerates ? { tolerations: [{ ...TAINT, operator: 'Equal' as const, effect: 'NoSchedule' as const }] } : {}),
    ...(g.anti !== undefined
      ? { affinity: { podAntiAffinity: { required: [term({ labelSelector: { matchLabels: { team: g.anti.team } }, topologyKey: g.anti.key })], preferred: [] } } }
      : {}),
    ...(g.spread ? { topologySpreadConstraints: [spread({ maxSkew, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: SPREAD_LABEL } })] } : {}),
  };
}

/** Pods holding a place on their node in the scheduler's view: bound, still in the API, not finished. */
const holding = (p: PodObj) => p.spec.nodeName !== undefined && !p.removed && !p.terminal;

/** Checks every binding, when its Scheduled event is emitted (after the scheduler charged the node). */
class BindChecker extends MemoryRecorder {
  sim: Simulation | undefined;
  readonly violations: string[] = [];
  binds = 0;

  override event(r: EventRecord): void {
    super.event(r);
    if (r.reason === 'Scheduled' && this.sim !== undefined) this.check(this.sim.ctx.store.getPod(r.namespace, r.name)!);
  }

  private check(pod: PodObj): void {
    this.binds++;
    const store = this.sim!.ctx.store;
    const node = store.getNode(pod.spec.nodeName!)!;
    const bad = (what: string) => this.violations.push(`t=${this.sim!.now} ${pod.metadata.name} on ${node.metadata.name}: ${what}`);
    const pods = [...store.list('Pod')].filter(holding);
    const nodeOf = (p: PodObj) => store.getNode(p.spec.nodeName!)!;

    // NodeResourcesFit: the pods holding the node (terminating victims included) fit its allocatable.
    const here = pods.filter((p) => p.spec.nodeName === node.metadata.name);
    const a = node.status.allocatable;
    const cpu = here.reduce((s, p) => s + p.requests.cpuMilli, 0);
    const mem = here.reduce((s, p) => s + p.requests.memoryBytes, 0);
    if (cpu > a.cpuMilli || mem > a.memoryBytes || here.length > a.pods) bad(`over-committed cpu ${cpu}/${a.cpuMilli} mem ${mem}/${a.memoryBytes} pods ${here.length}/${a.pods}`);

    // NodeAffinity (nodeSelector) and TaintToleration (NoSchedule / NoExecute taints need a toleration).
    for (const [k, v] of Object.entries(pod.spec.nodeSelector)) if (node.metadata.labels[k] !== v) bad(`nodeSelector ${k}=${v}`);
    for (const t of node.spec.taints) {
      if (t.effect === 'PreferNoSchedule') continue;
      const ok = pod.spec.tolerations.some((tol) => tol.key === t.key && (tol.operator === 'Exists' || tol.value === t.value) && (tol.effect === undefined || tol.effect === t.effect));
      if (!ok) bad(`untolerated taint ${t.key}=${t.value}:${t.effect}`);
    }

    // InterPodAffinity: the pod's anti-affinity terms against the pods in its domain, and theirs against it.
    const violates = (owner: PodObj, other: PodObj) =>
      (owner.spec.affinity?.podAntiAffinity?.required ?? []).some((tm) => {
        const key = tm.topologyKey;
        const mine = nodeOf(owner).metadata.labels[key];
        const theirs = nodeOf(other).metadata.labels[key];
        const sel = tm.labelSelector?.matchLabels ?? {};
        return mine !== undefined && mine === theirs && Object.entries(sel).every(([k, v]) => other.metadata.labels[k] === v);
      });
    for (const other of pods) {
      if (other === pod) continue;
      if (violates(pod, other)) bad(`its anti-affinity matches ${other.metadata.name}`);
      if (violates(other, pod)) bad(`${other.metadata.name}'s anti-affinity matches it`);
    }

    // PodTopologySpread: before this binding, count(zone) + 1 − min over all zones ≤ maxSkew (terminating pods do
    // not count; every node is a domain: no nodeSelector on spread pods, nodeTaintsPolicy Ignore).
    for (const c of pod.spec.topologySpreadConstraints) {
      const counts = new Map<string, number>();
      for (const n of store.list('Node')) counts.set(n.metadata.labels[ZONE], 0);
      for (const p of pods) {
        if (p === pod || p.metadata.deletionTimestamp !== undefined || p.metadata.labels.role !== 'spread') continue;
        const z = nodeOf(p).metadata.labels[ZONE];
        counts.set(z, counts.get(z)! + 1);
      }
      const min = Math.min(...counts.values());
      const skew = counts.get(node.metadata.labels[ZONE])! + 1 - min;
      if (skew > c.maxSkew) bad(`skew ${skew} > maxSkew ${c.maxSkew}`);
    }
  }
}

/** Totals over all cases, to show the property exercised binding and preemption. */
const totals = { binds: 0, preempted: 0, unschedulable: 0 };

test('every pod bound passes the default profile\'s filters at its binding; the node ledger matches the bound pods', () => {
  fc.assert(
    fc.property(fc.array(genNode, { minLength: 1, maxLength: 5 }), fc.array(genPod, { minLength: 1, maxLength: 14 }), fc.constantFrom(1, 2), (nodes, gens, maxSkew) => {
      const early = gens.map((g, i) => [g, i] as const).filter(([g]) => !g.late);
      const late = gens.map((g, i) => [g, i] as const).filter(([g]) => g.late);
      const rec = new BindChecker();
      const sc = fullCycleScenario(toNodes(nodes), early.map(([g, i]) => toPod(g, i, maxSkew)), [priorityClass('high', 1000)], { duration: seconds(60) });
      const sim = new Simulation(sc, rec);
      rec.sim = sim;
      runTo(sim, 5);
      for (const [g, i] of late) createPodNow(sim, toPod(g, i, maxSkew), `uid-late-${i}`);
      // Victims of preemption are killed at their 30 s grace expiry; their preemptors bind after that.
      runTo(sim, 60);
      expect(rec.violations).toEqual([]);

      // The ledger: each node's charged requests are those of the pods holding it.
      for (const node of sim.ctx.store.list('Node')) {
        const here = [...sim.ctx.store.list('Pod')].filter((p) => holding(p) && p.spec.nodeName === node.metadata.name);
        const r = node.allocated.requested;
        expect([r.cpuMilli, r.memoryBytes, r.pods]).toEqual([here.reduce((s, p) => s + p.requests.cpuMilli, 0), here.reduce((s, p) => s + p.requests.memoryBytes, 0), here.length]);
      }
      totals.binds += rec.binds;
      totals.preempted += rec.events.filter((e) => e.reason === 'Preempted').length;
      totals.unschedulable += rec.events.filter((e) => e.reason === 'FailedScheduling').length;
    }),
    { numRuns: 150 },
  );
  expect(totals.binds).toBeGreaterThan(0);
  expect(totals.unschedulable).toBeGreaterThan(0);
  expect(totals.preempted).toBeGreaterThan(0);
});
