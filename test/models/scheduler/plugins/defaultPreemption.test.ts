/**
 * DefaultPreemption's PostFilter (scheduler.md §7.3–§7.9): scheduler-vectors.md PRE-01..PRE-04 table-driven, plus
 * derived rows for eligibility (§7.3), the dry run's early stop (§7.4) and the remaining ranking criteria (§7.7).
 * The filters are a tiny runner over NodeResourcesFit's resource check (test/models/scheduler/perNode.ts filterNode on the NodeInfo), so
 * these tests do not depend on the real filter plugins.
 */
import { filterNode } from '../perNode';
import { CycleState, unschedulable, unresolvable, type NodeInfo, type PodInfo, type Status } from '../../../../models/scheduler/framework/types';
import { compileSelector } from '../../../../models/scheduler/framework/selectors';
import { DEFAULT_PLUGIN_ARGS } from '../../../../models/scheduler/config';
import {
  calculateNumCandidates,
  dryRunPreemption,
  NOT_ELIGIBLE_NEVER,
  NOT_ELIGIBLE_TERMINATING,
  pickOneNodeForPreemption,
  podEligibleToPreemptOthers,
  preempt,
  selectVictimsOnNode,
  type Candidate,
  type FilterRunner,
  type PdbInfo,
  type PreemptionInput,
} from '../../../../models/scheduler/plugins/defaultPreemption';
import { NodeInfoCopy } from '../../../../models/scheduler/plugins/nodeInfoCopy';
import { cluster, makePod, type NodeSpec, type PlacedPod, type PodSpecInput, type TestCluster } from '../support';
import { seconds } from '../../../../engine/time';

/** The filters as NodeResourcesFit's check alone (plus filterNode's cheap node checks, inert here). */
function fitStatus(pod: PodInfo, node: NodeInfo): Status | undefined {
  const r = filterNode(pod, node);
  return r.fits ? undefined : { code: r.unresolvable ? 'UnschedulableAndUnresolvable' : 'Unschedulable', plugin: r.plugin, reasons: r.reasons };
}

/** Records the PreFilter-extension calls (which state, which pod) so the dry run's bookkeeping can be checked. */
function fitRunner(log: string[] = []): FilterRunner {
  return {
    runFilters: (_state, pod, node) => fitStatus(pod, node),
    addPod: (_state, _pod, other, node) => void log.push(`add ${other.name} ${node.name}`),
    removePod: (_state, _pod, other, node) => void log.push(`remove ${other.name} ${node.name}`),
  };
}

/** An rng that returns the given draws in order and fails on an unexpected extra draw. */
function draws(...values: number[]): () => number {
  let i = 0;
  return () => {
    if (i >= values.length) throw new Error('unexpected random draw');
    return values[i++];
  };
}

const NOW = seconds(1000);

function input(c: TestCluster, pod: PodInfo, over: Partial<PreemptionInput> = {}): PreemptionInput {
  // Every node's filter status as the cycle computed it (all fail in these cases).
  const nodeStatuses = new Map<string, Status>();
  for (const n of c.nodes) {
    const s = fitStatus(pod, n);
    if (s !== undefined) nodeStatuses.set(n.name, s);
  }
  return { state: new CycleState(), pod, snapshot: c.snapshot, nodeStatuses, filters: fitRunner(), pdbs: [], args: DEFAULT_PLUGIN_ARGS.defaultPreemption, rng: draws(0), now: NOW, ...over };
}

const names = (pods: readonly PodInfo[]) => pods.map((p) => p.name);

describe('PRE-01: preemption messages when no candidate exists (§7.4, §7.5, §7.9)', () => {
  const CASES: { id: string; nodes: NodeSpec[]; pods: PlacedPod[]; pod: PodSpecInput; message: string }[] = [
    {
      // p1 priority 0 is not strictly lower than 0 → no victims on node1.
      id: 'PRE-01 tied',
      nodes: [{ name: 'node1', allocatable: { pods: 1 } }],
      pods: [{ name: 'p1', node: 'node1', priority: 0 }],
      pod: { name: 'p', priority: 0 },
      message: 'preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    },
    {
      // node1, node3 hold only equal-priority pods; node2: removing p2 still leaves 300m > 200m → Insufficient cpu.
      id: 'PRE-01 mixed',
      nodes: [
        { name: 'node1', allocatable: { pods: 1 } },
        { name: 'node2', allocatable: { cpu: '200m', memory: '400' } },
        { name: 'node3', allocatable: { pods: 1 } },
      ],
      pods: [
        { name: 'p1', node: 'node1', priority: 1000 },
        { name: 'p2', node: 'node2', priority: 0 },
        { name: 'p3', node: 'node3', priority: 1000 },
      ],
      pod: { name: 'p', priority: 1000, requests: { cpu: '300m', memory: '300' } },
      message: 'preemption: 0/3 nodes are available: 1 Insufficient cpu, 2 No preemption victims found for incoming pod.',
    },
  ];
  it.each(CASES)('$id', ({ nodes, pods, pod, message }) => {
    const c = cluster(nodes, pods);
    // The vector's node_status: every node Unschedulable.
    const nodeStatuses = new Map(nodes.map((n) => [n.name, unschedulable('NodeResourcesFit')]));
    const r = preempt(input(c, makePod(pod), { nodeStatuses }));
    // postFilterStatus Unschedulable with the message; nominatedNodeName "" (cleared).
    expect(r).toEqual({ kind: 'fail', message, clearNominatedNodeName: true });
  });

  it('§7.4: no node with status Unschedulable → every node counts as "Preemption is not helpful for scheduling"', () => {
    const c = cluster([{ name: 'node1' }, { name: 'node2' }], [{ name: 'v', node: 'node1', priority: 0 }]);
    const nodeStatuses = new Map([['node1', unresolvable('NodeAffinity', "node(s) didn't match Pod's node affinity/selector")]]);
    // No potential node: no offset draw (draws() with no values throws on a draw).
    const r = preempt(input(c, makePod({ priority: 10 }), { nodeStatuses, rng: draws() }));
    expect(r).toEqual({ kind: 'fail', message: 'preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.', clearNominatedNodeName: true });
  });
});

// PRE-02 / PRE-03 fixtures: priorities and resource sizes of the upstream test.
const P = { neg: -100, low: 0, mid: 100, high: 1000 };
const small = { cpu: '100m', memory: '100' };
const medium = { cpu: '200m', memory: '200' };
const large = { cpu: '300m', memory: '300' };
const veryLarge = { cpu: '500m', memory: '500' };
const threeNodes: NodeSpec[] = ['node1', 'node2', 'node3'].map((name) => ({ name, allocatable: veryLarge }));

describe('PRE-02, PRE-03: candidates and the chosen node (§7.5, §7.7)', () => {
  const CASES: { id: string; pods: PlacedPod[]; candidates: Record<string, string[]>; chosen: string }[] = [
    {
      // The pod needs the whole node, so every pod on a node is a victim; highest victim priority node1 100,
      // node2 100, node3 0 → node3. Victims most important first (equal pods keep the node's order).
      id: 'PRE-02',
      pods: [
        { name: 'p1.1', node: 'node1', priority: P.mid, requests: medium, startTime: 0 },
        { name: 'p1.2', node: 'node1', priority: P.mid, requests: large, startTime: 0 },
        { name: 'p2.1', node: 'node2', priority: P.mid, requests: medium, startTime: 0 },
        { name: 'p2.2', node: 'node2', priority: P.low, requests: medium, startTime: 0 },
        { name: 'p3.1', node: 'node3', priority: P.low, requests: medium, startTime: 0 },
        { name: 'p3.2', node: 'node3', priority: P.low, requests: medium, startTime: 0 },
      ],
      candidates: { node1: ['p1.1', 'p1.2'], node2: ['p2.1', 'p2.2'], node3: ['p3.1', 'p3.2'] },
      chosen: 'node3',
    },
    {
      // All pods are victims; the top victim priority is mid on every node; raw sums are all 0 but each victim adds
      // 2^31: node1 4·2^31, node2 2·2^31, node3 3·2^31 → node2.
      id: 'PRE-03',
      pods: [
        { name: 'p1.1', node: 'node1', priority: P.mid, requests: small },
        { name: 'p1.2', node: 'node1', priority: P.neg, requests: small },
        { name: 'p1.3', node: 'node1', priority: P.mid, requests: small },
        { name: 'p1.4', node: 'node1', priority: P.neg, requests: small },
        { name: 'p2.1', node: 'node2', priority: P.mid, requests: large },
        { name: 'p2.2', node: 'node2', priority: P.neg, requests: medium },
        { name: 'p3.1', node: 'node3', priority: P.mid, requests: medium },
        { name: 'p3.2', node: 'node3', priority: P.neg, requests: small },
        { name: 'p3.3', node: 'node3', priority: P.low, requests: small },
      ],
      // Derived (the vector lists only the choice): importance order on each node, every pod a victim.
      candidates: { node1: ['p1.1', 'p1.3', 'p1.2', 'p1.4'], node2: ['p2.1', 'p2.2'], node3: ['p3.1', 'p3.3', 'p3.2'] },
      chosen: 'node2',
    },
  ];
  const preemptor = { name: 'p', priority: P.high, requests: veryLarge };

  it.each(CASES)('$id: candidates', ({ pods, candidates }) => {
    const c = cluster(threeNodes, pods);
    // 3 potential nodes: numCandidates = min(max(3·10/100, 100), 3) = 3, so every node is tried.
    const dry = dryRunPreemption(input(c, makePod(preemptor)), c.nodes, 0, 3);
    expect(Object.fromEntries(dry.candidates.map((k) => [k.nodeName, names(k.victims)]))).toEqual(candidates);
  });

  // Any start offset gives the same choice (one draw: the offset; no tie draw).
  it.each(CASES.flatMap((k) => [0, 0.4, 0.9].map((offset) => ({ ...k, offset }))))('$id: chosen $chosen (offset draw $offset)', ({ pods, chosen, offset }) => {
    const c = cluster(threeNodes, pods);
    const r = preempt(input(c, makePod(preemptor), { rng: draws(offset) }));
    expect(r.kind === 'nominate' && r.nodeName).toBe(chosen);
  });
});

describe('PRE-04: PDB split and reprieve on one node (§7.5, §7.6)', () => {
  const node: NodeSpec = { name: 'n1', allocatable: { cpu: '2', memory: '4Gi' } };
  const pods: PlacedPod[] = [
    { name: 'p-a', node: 'n1', priority: 0, requests: { cpu: '1', memory: '1Gi' }, labels: { app: 'a' }, startTime: 100 },
    { name: 'p-b', node: 'n1', priority: 0, requests: { cpu: '1', memory: '1Gi' }, labels: { app: 'b' }, startTime: 200 },
  ];
  const hp = { name: 'hp', priority: 1000, requests: { cpu: '1', memory: '1Gi' } };
  const pdb = (app: string): PdbInfo => ({ namespace: 'default', selector: compileSelector({ matchLabels: { app } }), disruptionsAllowed: 0, disruptedPods: new Set() });
  const CASES: { id: string; pdbs: PdbInfo[]; victims: string[]; numPDBViolations: number }[] = [
    // Violating [p-a], non-violating [p-b]: p-a reprieved first (1+1 = 2 cpu fits), p-b then 3 > 2 → victim.
    { id: 'PRE-04 pdb_on_a', pdbs: [pdb('a')], victims: ['p-b'], numPDBViolations: 0 },
    // Violating [p-b] reprieved first → kept; p-a becomes the victim although it is more important.
    { id: 'PRE-04 pdb_on_b', pdbs: [pdb('b')], victims: ['p-a'], numPDBViolations: 0 },
    // Importance order p-a (started 100) before p-b (200): p-a kept, p-b victim.
    { id: 'PRE-04 no_pdb', pdbs: [], victims: ['p-b'], numPDBViolations: 0 },
  ];

  it.each(CASES)('$id: selectVictimsOnNode', ({ pdbs, victims, numPDBViolations }) => {
    const c = cluster([node], pods);
    const copy = new NodeInfoCopy(c.node('n1'));
    const r = selectVictimsOnNode(new CycleState(), makePod(hp), copy, c.snapshot, fitRunner(), pdbs, NOW);
    expect('victims' in r && { victims: names(r.victims), numPDBViolations: r.numPDBViolations }).toEqual({ victims, numPDBViolations });
  });

  it.each(CASES)('$id: preempt nominates n1', ({ pdbs, victims }) => {
    const c = cluster([node], pods);
    const r = preempt(input(c, makePod(hp), { pdbs }));
    expect(r.kind === 'nominate' && [r.nodeName, names(r.victims)]).toEqual(['n1', victims]);
    // The dry run worked on copies: the snapshot's node is unchanged.
    expect(names(c.node('n1').pods)).toEqual(['p-a', 'p-b']);
    expect(c.node('n1').requested).toEqual({ cpuMilli: 2000, memoryBytes: 2 * 2 ** 30, pods: 2 });
  });

  it('PRE-04 no_pdb: the PreFilter extensions see every remove and add, on the node copy', () => {
    const c = cluster([node], pods);
    const log: string[] = [];
    selectVictimsOnNode(new CycleState(), makePod(hp), new NodeInfoCopy(c.node('n1')), c.snapshot, fitRunner(log), [], NOW);
    // Remove both, reprieve p-a (fits), reprieve p-b (3 > 2 cpu: removed again).
    expect(log).toEqual(['remove p-a n1', 'remove p-b n1', 'add p-a n1', 'add p-b n1', 'remove p-b n1']);
  });

  it('§7.6: a PDB already listing the pod in disruptedPods does not count it; a pod without labels matches no PDB', () => {
    const c = cluster([node], [pods[0], { ...pods[1], labels: {} }]);
    const everything: PdbInfo = { namespace: 'default', selector: compileSelector({ matchExpressions: [{ key: 'app', operator: 'Exists', values: [] }] }), disruptionsAllowed: 0, disruptedPods: new Set(['p-a']) };
    // p-a: listed → not counted → non-violating; p-b: no labels → non-violating. Same as no_pdb.
    const r = selectVictimsOnNode(new CycleState(), makePod(hp), new NodeInfoCopy(c.node('n1')), c.snapshot, fitRunner(), [everything], NOW);
    expect('victims' in r && names(r.victims)).toEqual(['p-b']);
  });
});

describe('§7.3: podEligibleToPreemptOthers', () => {
  const insufficient = unschedulable('NodeResourcesFit', 'Insufficient cpu');
  const preemptedVictim = (p: PlacedPod): PodInfo => ({ ...makePod(p), terminating: () => true, preemptedByScheduler: () => true });
  const CASES: { id: string; pod: PodSpecInput; nominated?: string; status?: Status; victim: 'preempted' | 'deleted' | 'none'; victimPriority?: number; expected: string | undefined }[] = [
    { id: 'preemptionPolicy Never', pod: { priority: 1000, preemptionPolicy: 'Never' }, victim: 'none', expected: NOT_ELIGIBLE_NEVER },
    // PRE-05 if_retried_between_10_and_40: the victim is still terminating on the nominated node.
    { id: 'terminating victim on the nominated node', pod: { priority: 1000 }, nominated: 'n1', status: insufficient, victim: 'preempted', expected: NOT_ELIGIBLE_TERMINATING },
    { id: 'nominated node UnschedulableAndUnresolvable → may preempt again', pod: { priority: 1000 }, nominated: 'n1', status: unresolvable('NodeAffinity', 'x'), victim: 'preempted', expected: undefined },
    { id: 'terminating, but not by preemption', pod: { priority: 1000 }, nominated: 'n1', status: insufficient, victim: 'deleted', expected: undefined },
    { id: 'preempted pod of equal priority does not count', pod: { priority: 1000 }, nominated: 'n1', status: insufficient, victim: 'preempted', victimPriority: 1000, expected: undefined },
    { id: 'no nominated node', pod: { priority: 1000 }, victim: 'preempted', expected: undefined },
  ];
  it.each(CASES)('$id', ({ pod, nominated, status, victim, victimPriority, expected }) => {
    const c = cluster([{ name: 'n1', allocatable: { cpu: '2', memory: '4Gi' } }]);
    const v: PlacedPod = { name: 'low', node: 'n1', priority: victimPriority ?? 0, requests: { cpu: '1500m' } };
    if (victim === 'preempted') c.node('n1').addPod(preemptedVictim(v));
    if (victim === 'deleted') c.node('n1').addPod(makePod({ ...v, terminating: true }));
    expect(podEligibleToPreemptOthers(makePod(pod), nominated, status, c.snapshot)).toBe(expected);
  });

  it('PRE-05 if_retried: preempt fails with the message and keeps the nomination', () => {
    const c = cluster([{ name: 'n1', allocatable: { cpu: '2', memory: '4Gi' } }]);
    c.node('n1').addPod(preemptedVictim({ name: 'low', node: 'n1', priority: 0, requests: { cpu: '1500m' } }));
    const r = preempt(input(c, makePod({ name: 'hp', priority: 1000, requests: { cpu: '1000m' } }), { nominatedNodeName: 'n1', rng: draws() }));
    expect(r).toEqual({ kind: 'fail', message: 'preemption: not eligible due to a terminating pod on the nominated node.', clearNominatedNodeName: false });
  });
});

describe('§7.4: number of candidates and the early stop', () => {
  it.each([
    // max(numNodes·10/100, 100), capped at numNodes.
    { nodes: 5000, expected: 500 },
    { nodes: 300, expected: 100 },
    { nodes: 50, expected: 50 },
  ])('calculateNumCandidates($nodes) = $expected', ({ nodes, expected }) => {
    expect(calculateNumCandidates(nodes, DEFAULT_PLUGIN_ARGS.defaultPreemption)).toBe(expected);
  });

  const nodes: NodeSpec[] = ['n1', 'n2', 'n3'].map((name) => ({ name, allocatable: { cpu: '1', memory: '1Gi' } }));
  const pods: PlacedPod[] = ['n1', 'n2', 'n3'].map((node) => ({ name: `v-${node}`, node, priority: 0, requests: { cpu: '1' }, labels: { app: node } }));
  const pod = { name: 'p', priority: 10, requests: { cpu: '1' } };
  const one = { minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 1 };

  it('numCandidates 1: the dry run stops at the first PDB-free candidate, from the drawn offset', () => {
    const c = cluster(nodes, pods);
    // offset = floor(0.5 · 3) = 1 → n2 first; it has a victim and no PDB → stop.
    const r = preempt(input(c, makePod(pod), { args: one, rng: draws(0.5) }));
    expect(r.kind === 'nominate' && r.nodeName).toBe('n2');
  });

  it('a PDB-violating candidate alone does not stop it; PDB-free candidates rank first', () => {
    const c = cluster(nodes, pods);
    const pdb: PdbInfo = { namespace: 'default', selector: compileSelector({ matchLabels: { app: 'n1' } }), disruptionsAllowed: 0, disruptedPods: new Set() };
    // offset 0: n1 → violating (1 violation); n2 → PDB-free, 1 + 1 ≥ 1 → stop; n3 never tried.
    const dry = dryRunPreemption(input(c, makePod(pod), { pdbs: [pdb] }), c.nodes, 0, 1);
    expect(dry.candidates.map((k) => [k.nodeName, k.numPDBViolations])).toEqual([
      ['n2', 0],
      ['n1', 1],
    ]);
  });
});

describe('§7.7: pickOneNodeForPreemption, remaining criteria', () => {
  const v = (priority: number, startTime?: number) => makePod({ priority, ...(startTime !== undefined ? { startTime } : {}) });
  const cand = (nodeName: string, victims: PodInfo[], numPDBViolations = 0): Candidate => ({ nodeName, victims, numPDBViolations });
  const CASES: { id: string; candidates: Candidate[]; rng?: number; chosen: string }[] = [
    // Criterion 1 decides before the lower top priority of a.
    { id: 'fewest PDB violations first', candidates: [cand('a', [v(0)], 1), cand('b', [v(100)], 0)], chosen: 'b' },
    // Criterion 3 with negative priorities: top priority ties at -100; sums a = 2·(-100 + 2^31), b = -100 + 2^31 → b
    // (a raw sum, -200 < -100, would pick a, the node with more victims).
    { id: 'priority sum offset by 2^31 per victim', candidates: [cand('a', [v(-100), v(-100)]), cand('b', [v(-100)])], chosen: 'b' },
    // Criteria 2–4 tie (top 100, sum 200 + 2·2^31, two victims); earliest top-priority start: a 10 s, b 5 s → a (later).
    { id: 'latest earliest start of the top-priority victims', candidates: [cand('a', [v(100, 10), v(100, 20)]), cand('b', [v(100, 30), v(100, 5)])], chosen: 'a' },
    // A victim without startTime counts as started now (1000 s), the latest.
    { id: 'no startTime counts as now', candidates: [cand('a', [v(100, 10)]), cand('b', [v(100)])], chosen: 'b' },
    // Every criterion ties: the caller's draw picks floor(rng · 2).
    { id: 'full tie, draw 0.2 → first', candidates: [cand('a', [v(5, 1)]), cand('b', [v(5, 1)])], rng: 0.2, chosen: 'a' },
    { id: 'full tie, draw 0.7 → second', candidates: [cand('a', [v(5, 1)]), cand('b', [v(5, 1)])], rng: 0.7, chosen: 'b' },
  ];
  it.each(CASES)('$id', ({ candidates, rng, chosen }) => {
    expect(pickOneNodeForPreemption(candidates, NOW, rng === undefined ? draws() : draws(rng))?.nodeName).toBe(chosen);
  });

  it('lower-priority pods nominated to the chosen node are returned for clearing (getLowerPriorityNominatedPods)', () => {
    const c = cluster([{ name: 'n1', allocatable: { cpu: '1', memory: '1Gi' } }], [{ name: 'v', node: 'n1', priority: 0, requests: { cpu: '1' } }]);
    const lower = makePod({ name: 'lower', priority: 5 });
    const higher = makePod({ name: 'higher', priority: 50 });
    const r = preempt(input(c, makePod({ name: 'p', priority: 10, requests: { cpu: '1' } }), { nominatedPods: () => [lower, higher] }));
    expect(r.kind === 'nominate' && names(r.lowerPriorityNominated)).toEqual(['lower']);
  });
});
