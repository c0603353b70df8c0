/**
 * The vectors of scheduler-vectors.md whose expected values need the whole scheduling cycle, run through the real
 * Simulation (queue, framework of the default profile, cache, DefaultPreemption carried out, priority admission):
 * SC-01's weighted scores and choice, the full FailedScheduling messages (NA-04, NA-06, IPA-05 b, PTS-04, PTS-09 a/c,
 * PRE-01), PRE-05's preemption timeline, Q-01's window and §8.4's flush, Q-02's pop order, and determinism.
 * The property test of the filters' invariants is in fullCycleProperty.test.ts.
 */
import { micros, seconds, toSeconds } from '../../../engine/time';
import { MemoryRecorder, type EventRecord } from '../../../models/recorder';
import { Simulation } from '../../../models/simulation';
import { behavior, container, fixed, podSpec, run, service, workload } from '../../support/build';
import { nodeTerm, spread, term } from './support';
import { createPodNow, fullCycleScenario, priorityClass, runTo, type NodeIn, type PodIn } from './fullCycleSupport';
import type { PriorityClassSpec } from '../../../models/scheduler/config';

const ZONE = 'topology.kubernetes.io/zone';

const eventsOf = (events: readonly EventRecord[], reason: string, name?: string) => events.filter((e) => e.reason === reason && (name === undefined || e.name === name));

describe('SC-01 weighted sum in the default profile, through the simulation', () => {
  const { rec } = run(
    fullCycleScenario(
      [
        { name: 'node-a', cpu: '2', memory: '4Gi', hostname: 'auto' },
        { name: 'node-b', cpu: '4', memory: '8Gi', hostname: 'auto' },
      ],
      [
        { name: 'existing', node: 'node-a', requests: { cpu: '1', memory: '1Gi' } },
        { name: 'new', requests: { cpu: '500m', memory: '1Gi' } },
      ],
    ),
    seconds(5),
    { traceScheduling: true },
  );
  const rows = rec.schedulingRows.filter((r) => r.pod === 'new');

  test('SC-01 chosen node-b at t=0 (one attempt) with the Scheduled event text', () => {
    expect(rows.map((r) => [toSeconds(r.time), r.attempt, r.outcome, r.node, r.feasibleNodes])).toEqual([[0, 1, 'Scheduled', 'node-b', 2]]);
    expect(eventsOf(rec.events, 'Scheduled', 'new').map((e) => e.message)).toEqual(['Successfully assigned default/new to node-b']);
  });

  test.each([
    // TaintToleration 100 × 3 = 300; Fit 37; Balanced 87; ImageLocality 0 → 424 (the vector's trace)
    ['node-a', 424, [['TaintToleration', 300], ['NodeResourcesFit', 37], ['NodeResourcesBalancedAllocation', 87], ['ImageLocality', 0]]],
    // 300 + 87 + 100 + 0 → 487
    ['node-b', 487, [['TaintToleration', 300], ['NodeResourcesFit', 87], ['NodeResourcesBalancedAllocation', 100], ['ImageLocality', 0]]],
  ])('SC-01 %s: weighted per plugin, total %i; NodeAffinity, PodTopologySpread, InterPodAffinity skipped (absent)', (node, total, plugins) => {
    const score = rows[0].top.find((s) => s.node === node)!;
    expect(score.total).toBe(total);
    expect(score.plugins).toEqual(plugins);
    for (const skipped of ['NodeAffinity', 'PodTopologySpread', 'InterPodAffinity']) expect(score.plugins.map(([p]) => p)).not.toContain(skipped);
  });
});

/** One unschedulable pod's full FailedScheduling message (the FitError and DefaultPreemption's part). */
interface MessageCase {
  id: string;
  nodes: NodeIn[];
  pods: PodIn[];
  pod: PodIn;
  classes?: PriorityClassSpec[];
  message: string;
}

const webZone = { app: 'web' };
const MESSAGE_CASES: MessageCase[] = [
  {
    id: 'NA-04 full_cycle',
    nodes: [
      { name: 'node1', cpu: '1', memory: '4Gi' },
      { name: 'node2', cpu: '4', memory: '8Gi' },
      { name: 'node3', cpu: '4', memory: '8Gi' },
    ],
    pods: [{ name: 'filler', node: 'node1', requests: { cpu: '800m' } }],
    pod: { name: 'pod', requests: { cpu: '500m' }, affinity: { nodeAffinity: { required: [nodeTerm({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node1'] }] })], preferred: [] } } },
    message:
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
  },
  {
    id: 'NA-06',
    nodes: [
      { name: 'n1', labels: { disk: 'hdd' }, cpu: '4', memory: '8Gi', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
      { name: 'n2', labels: { disk: 'hdd' }, cpu: '4', memory: '8Gi' },
      { name: 'n3', labels: { disk: 'ssd' }, cpu: '1', memory: '8Gi' },
    ],
    pods: [{ name: 'busy', node: 'n3', requests: { cpu: '900m' } }],
    pod: { name: 'pod', requests: { cpu: '500m' }, affinity: { nodeAffinity: { required: [nodeTerm({ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] })], preferred: [] } } },
    message:
      "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
  },
  {
    // The vector states no allocatable; the pod requests nothing, so 4 cpu / 8Gi stand in for "room".
    id: 'IPA-05 b',
    nodes: [
      { name: 'n1', labels: { [ZONE]: 'z1' }, hostname: 'auto', cpu: '4', memory: '8Gi' },
      { name: 'n2', labels: { [ZONE]: 'z2' }, hostname: 'auto', cpu: '4', memory: '8Gi' },
      { name: 'n3', hostname: 'auto', cpu: '4', memory: '8Gi' },
    ],
    pods: [],
    pod: { name: 'pod', labels: { app: 'api' }, affinity: { podAffinity: { required: [term({ labelSelector: { matchLabels: webZone }, topologyKey: ZONE })], preferred: [] } } },
    message: "0/3 nodes are available: 3 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
  },
  {
    id: 'PTS-04 minDomains_3',
    nodes: [
      { name: 'node-a', labels: { [ZONE]: 'z1' }, hostname: 'auto', cpu: '4', memory: '8Gi' },
      { name: 'node-b', labels: { [ZONE]: 'z2' }, hostname: 'auto', cpu: '4', memory: '8Gi' },
    ],
    pods: [
      { name: 'web-1', node: 'node-a', labels: webZone },
      { name: 'web-2', node: 'node-b', labels: webZone },
    ],
    pod: { name: 'pod', labels: webZone, topologySpreadConstraints: [spread({ maxSkew: 1, minDomains: 3, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: webZone } })] },
    message:
      "0/2 nodes are available: 2 node(s) didn't match pod topology spread constraints. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
  },
  ...(['a_plain', 'c_matchLabelKeys'] as const).map(
    (c): MessageCase => ({
      id: `PTS-09 ${c}`,
      nodes: [
        { name: 'node-a', labels: { [ZONE]: 'z1' }, hostname: 'auto', cpu: '4', memory: '8Gi' },
        { name: 'node-b', labels: { [ZONE]: 'z2' }, hostname: 'auto', cpu: '4', memory: '8Gi' },
        { name: 'node-c', labels: { [ZONE]: 'z3' }, hostname: 'auto', cpu: '4', memory: '8Gi', taints: [{ key: 'maintenance', value: 'true', effect: 'NoSchedule' }] },
      ],
      pods: [
        { name: 'web-v2-1', node: 'node-a', labels: { app: 'web', 'pod-template-hash': 'v2' } },
        { name: 'web-v1-1', node: 'node-b', labels: { app: 'web', 'pod-template-hash': 'v1' } },
        { name: 'web-v1-2', node: 'node-b', labels: { app: 'web', 'pod-template-hash': 'v1' } },
        { name: 'web-v2-2', node: 'node-b', labels: { app: 'web', 'pod-template-hash': 'v2' } },
      ],
      pod: {
        name: 'pod',
        labels: { app: 'web', 'pod-template-hash': 'v2' },
        topologySpreadConstraints: [
          spread({ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: webZone }, ...(c === 'c_matchLabelKeys' ? { matchLabelKeys: ['pod-template-hash'] } : {}) }),
        ],
      },
      message:
        "0/3 nodes are available: 1 node(s) had untolerated taint {maintenance: true}, 2 node(s) didn't match pod topology spread constraints. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    }),
  ),
  {
    // The vector gives the PostFilter message; the FitError part by hand: node1 (pods 1, no cpu / memory) already
    // holds p1 → NodeResourcesFit 'Too many pods' (p requests nothing, so no other reason) → "1 Too many pods".
    id: 'PRE-01 tied',
    nodes: [{ name: 'node1', pods: 1 }],
    pods: [{ name: 'p1', node: 'node1' }],
    pod: { name: 'p' },
    message: '0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
  },
  {
    // The vector's nodes and pods, run as a whole cycle. The vector's message is DefaultPreemption's alone, for node
    // statuses given as input (all Unschedulable, as in TestPostFilter). A whole cycle computes them instead:
    // fit.go fitsRequest marks a request above the node's whole allocatable Unresolvable, so node1, node3 (pods 1,
    // cpu 0, memory 0: 300m > 0, 300 > 0) and node2 (300m > 200m) are all UnschedulableAndUnresolvable and
    // preemption tries none of them (§7.4) → "3 Preemption is not helpful for scheduling".
    // FitError by hand (every insufficient resource is listed, pods first): node1, node3: Too many pods, Insufficient
    // cpu, Insufficient memory; node2: Insufficient cpu (300 ≤ 400 bytes of memory). Counts cpu 3, memory 2, pods 2;
    // sort.Strings: "2 Insufficient memory" < "2 Too many pods" < "3 Insufficient cpu".
    // priority 1000 through a PriorityClass (p1, p3, p); p2 has none → 0.
    id: 'PRE-01 mixed (vector input, whole cycle)',
    nodes: [
      { name: 'node1', pods: 1 },
      { name: 'node2', cpu: '200m', memory: '400' },
      { name: 'node3', pods: 1 },
    ],
    pods: [
      { name: 'p1', node: 'node1', priorityClassName: 'p1000' },
      { name: 'p2', node: 'node2' },
      { name: 'p3', node: 'node3', priorityClassName: 'p1000' },
    ],
    classes: [priorityClass('p1000', 1000)],
    pod: { name: 'p', priorityClassName: 'p1000', requests: { cpu: '300m', memory: '300' } },
    message: '0/3 nodes are available: 2 Insufficient memory, 2 Too many pods, 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
  },
  {
    // PRE-01 mixed with room enough that every node is only Unschedulable, as the vector's node_status says, so the
    // vector's PostFilter message is reached through the whole cycle. node1, node3: cpu 1, memory 1Gi, pods 1, each
    // holding a priority-1000 pod → Too many pods, and no lower-priority pod → No preemption victims. node2: 400m,
    // p2 (priority 0) 100m + p4 (priority 1000) 200m: 300m > 400m − 300m → Insufficient cpu (300m ≤ 400m: not
    // Unresolvable); without p2 still 300m > 400m − 200m → Insufficient cpu.
    // FitError: "1 Insufficient cpu" < "2 Too many pods"; preemption part: the vector's.
    id: 'PRE-01 mixed (derived: nodes only Unschedulable)',
    nodes: [
      { name: 'node1', cpu: '1', memory: '1Gi', pods: 1 },
      { name: 'node2', cpu: '400m', memory: '400' },
      { name: 'node3', cpu: '1', memory: '1Gi', pods: 1 },
    ],
    pods: [
      { name: 'p1', node: 'node1', priorityClassName: 'p1000' },
      { name: 'p2', node: 'node2', requests: { cpu: '100m' } },
      { name: 'p4', node: 'node2', priorityClassName: 'p1000', requests: { cpu: '200m' } },
      { name: 'p3', node: 'node3', priorityClassName: 'p1000' },
    ],
    classes: [priorityClass('p1000', 1000)],
    pod: { name: 'p', priorityClassName: 'p1000', requests: { cpu: '300m', memory: '300' } },
    message:
      '0/3 nodes are available: 1 Insufficient cpu, 2 Too many pods. preemption: 0/3 nodes are available: 1 Insufficient cpu, 2 No preemption victims found for incoming pod.',
  },
];

describe('full FailedScheduling messages (FitError + preemption), through the simulation', () => {
  test.each(MESSAGE_CASES)('$id', (c) => {
    const { rec } = run(fullCycleScenario(c.nodes, [...c.pods, c.pod], c.classes ?? []), seconds(5), { traceScheduling: true });
    // The first attempt at t = 0 fails; no cluster event helps it within 5 s, so it is the only attempt.
    const failed = eventsOf(rec.events, 'FailedScheduling', c.pod.name);
    expect(failed.map((e) => [toSeconds(e.time), e.type, e.message])).toEqual([[0, 'Warning', c.message]]);
    const rows = rec.schedulingRows.filter((r) => r.pod === c.pod.name);
    expect(rows.map((r) => [r.attempt, r.outcome, r.node, r.message])).toEqual([[1, 'Unschedulable', '', c.message]]);
    expect(eventsOf(rec.events, 'Scheduled', c.pod.name)).toEqual([]);
  });
});

describe('PRE-05 preemption timeline, through the simulation', () => {
  // given: PriorityClass high = 1000; n1 (2 cpu, 4Gi); low (no class, no default class) 1500m, grace 30 s, its process
  // ignores SIGTERM; scheduled onto n1 at t = 0. when: hp (class high, 1000m) is created at t = 10.
  const rec = new MemoryRecorder();
  const sc = fullCycleScenario(
    [{ name: 'n1', cpu: '2', memory: '4Gi' }],
    [{ name: 'low', labels: { app: 'low' }, requests: { cpu: '1500m' }, grace: 30 }],
    [priorityClass('high', 1000)],
    { behaviors: [behavior({ app: 'low' }, { onSigterm: { action: 'ignore', after: fixed(0), code: 143 } })] },
  );
  const sim = new Simulation(sc, rec, { traceScheduling: true });
  runTo(sim, 10);
  const low = sim.ctx.store.getPod('default', 'low')!;
  const hp = createPodNow(sim, { name: 'hp', requests: { cpu: '1000m' }, priorityClassName: 'high' }, 'uid-hp');
  runTo(sim, 10);
  const at10 = { events: [...rec.events], rows: [...rec.schedulingRows] };
  const lowCondition = structuredClone(low.status.conditions.find((c) => c.type === 'DisruptionTarget'));
  const hpScheduled = structuredClone(hp.status.conditions.find((c) => c.type === 'PodScheduled'));
  const lowDeletion = low.metadata.deletionTimestamp;
  const hpNominated = hp.status.nominatedNodeName;
  runTo(sim, 39.999);
  const between = { rows: rec.schedulingRows.filter((r) => r.pod === 'hp').length, lowRemoved: low.removed };
  runTo(sim, 40);

  test('PRE-05 admission: low priority 0, class ""; hp priority 1000, PreemptLowerPriority', () => {
    expect([low.spec.priority, low.spec.priorityClassName]).toEqual([0, '']);
    expect([hp.spec.priority, hp.spec.priorityClassName, hp.spec.preemptionPolicy]).toEqual([1000, 'high', 'PreemptLowerPriority']);
  });

  test('PRE-05 t0: low scheduled onto n1', () => {
    expect(eventsOf(at10.events, 'Scheduled', 'low').map((e) => [toSeconds(e.time), e.message])).toEqual([[0, 'Successfully assigned default/low to n1']]);
  });

  test('PRE-05 t10 victim low: DisruptionTarget condition, graceful deletion at t=10 with its grace 30 s, Preempted event', () => {
    expect(lowCondition).toMatchObject({ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' });
    expect(lowDeletion).toBe(seconds(10));
    // Default delete options: the grace period is the pod's own terminationGracePeriodSeconds (30 s).
    expect(low.metadata.deletionGracePeriod).toBeUndefined();
    expect(low.spec.terminationGracePeriod).toBe(seconds(30));
    expect(eventsOf(at10.events, 'Preempted', 'low').map((e) => [toSeconds(e.time), e.type, e.message])).toEqual([[10, 'Normal', 'Preempted by pod uid-hp on node n1']]);
  });

  test('PRE-05 t10 hp: FailedScheduling without the preemption suffix, PodScheduled False Unschedulable, nominated to n1', () => {
    expect(eventsOf(at10.events, 'FailedScheduling', 'hp').map((e) => [toSeconds(e.time), e.type, e.message])).toEqual([[10, 'Warning', '0/1 nodes are available: 1 Insufficient cpu.']]);
    expect(hpScheduled).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(hpNominated).toBe('n1');
    expect(at10.rows.filter((r) => r.pod === 'hp').map((r) => [toSeconds(r.time), r.attempt, r.outcome, r.node, r.message])).toEqual([[10, 1, 'Nominated', 'n1', '0/1 nodes are available: 1 Insufficient cpu.']]);
  });

  test('PRE-05 10 < t < 40: hp waits in unschedulablePods (no retry) while the terminating victim still holds n1', () => {
    expect(between).toEqual({ rows: 1, lowRemoved: false });
  });

  test('PRE-05 t40: low killed at the grace expiry (137) and removed; hp tried on n1 first and bound', () => {
    expect(low.removed).toBe(true);
    const killed = rec.pods.filter((r) => r.pod === 'low' && r.container === 'app' && r.containerState === 'terminated');
    expect(killed.map((r) => [toSeconds(r.time), r.exitCode])).toEqual([[40, 137]]);
    // The nominated node alone is evaluated (evaluateNominatedNode): 1 feasible of 1 evaluated.
    expect(rec.schedulingRows.filter((r) => r.pod === 'hp').map((r) => [toSeconds(r.time), r.attempt, r.outcome, r.node, r.feasibleNodes, r.evaluatedNodes])).toEqual([
      [10, 1, 'Nominated', 'n1', 0, 1],
      [40, 2, 'Scheduled', 'n1', 1, 1],
    ]);
    expect(eventsOf(rec.events, 'Scheduled', 'hp').map((e) => [toSeconds(e.time), e.message])).toEqual([[40, 'Successfully assigned default/hp to n1']]);
    expect(hp.status.nominatedNodeName).toBeUndefined();
  });
});

describe('Q-01 and §8.4 queue timing, through the scheduler (podInitialBackoffSeconds 1, podMaxBackoffSeconds 10)', () => {
  /** n1 (1 cpu) full with `blocker` (1 cpu, bound at t = 0); p (500m) created at `createdAt` s; rows of p. */
  function blocked(createdAt: number, until: number, deleteBlockerAt?: number) {
    const rec = new MemoryRecorder();
    const sc = fullCycleScenario([{ name: 'n1', cpu: '1', memory: '4Gi' }], [{ name: 'blocker', node: 'n1', requests: { cpu: '1' }, grace: 0 }], [], { duration: seconds(until) });
    const sim = new Simulation(sc, rec, { traceScheduling: true });
    runTo(sim, createdAt);
    createPodNow(sim, { name: 'p', requests: { cpu: '500m' } }, 'uid-p');
    if (deleteBlockerAt !== undefined) {
      runTo(sim, deleteBlockerAt);
      // An assigned pod is deleted (grace 0: its containers stop and the object goes at once).
      sim.ctx.store.delete(sim.ctx.store.getPod('default', 'blocker')!, { gracePeriod: micros(0) });
    }
    runTo(sim, until);
    return { rec, rows: rec.schedulingRows.filter((r) => r.pod === 'p').map((r) => [toSeconds(r.time), r.attempt, r.outcome, r.node]) };
  }

  test('Q-01 window: fails at 12.300 (NodeResourcesFit); the assigned pod deleted at 12.500 → backoffQ, popped at once (activeQ empty): attempt 2 at 12.500', () => {
    const { rec, rows } = blocked(12.3, 20, 12.5);
    expect(rows).toEqual([
      [12.3, 1, 'Unschedulable', ''],
      [12.5, 2, 'Scheduled', 'n1'],
    ]);
    expect(eventsOf(rec.events, 'FailedScheduling', 'p').map((e) => [toSeconds(e.time), e.message])).toEqual([
      [12.3, '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.'],
    ]);
  });

  test('§8.4 flush: failed at t=12 s, no cluster event → retried at the 330 s flush (the 300 s one sees 288 s ≤ 300 s)', () => {
    // Flush ticks every 30 s from 0 while pods wait; a pod moves once it has waited more than 5 min (strict >).
    // 330 − 12 = 318 > 300 → moved; its 1-s back-off expired long ago → activeQ → attempt 2 at 330. It fails again
    // and waits again: the 630 check sees exactly 300 s (kept), the 660 one 330 s > 300 s → attempt 3 at 660.
    const { rows } = blocked(12, 700);
    expect(rows).toEqual([
      [12, 1, 'Unschedulable', ''],
      [330, 2, 'Unschedulable', ''],
      [660, 3, 'Unschedulable', ''],
    ]);
  });
});

describe('Q-02 pop order through the scheduler', () => {
  // Q-02's classes; the pods created at the same instant (t = 0, document order a, b, c, f, d, e) before the first
  // scheduling cycle runs, on one node with room for all. d and e are refused at admission and never queued.
  const classes = [priorityClass('critical-apps', 1_000_000), priorityClass('batch', -5, { globalDefault: true }), priorityClass('opportunistic', 10, { preemptionPolicy: 'Never' })];
  const pods: PodIn[] = [
    { name: 'a' },
    { name: 'b', priorityClassName: 'critical-apps' },
    { name: 'c', priorityClassName: 'opportunistic' },
    { name: 'f', priorityClassName: 'system-cluster-critical' },
    { name: 'd', priorityClassName: 'gold' },
  ];
  const sc = fullCycleScenario([{ name: 'n1', cpu: '4', memory: '8Gi' }], pods, classes);
  // e: critical-apps with spec.priority 5 written (refused: the class computes 1000000).
  const e = { ...sc.pods[1], name: 'e', template: { ...sc.pods[1].template, spec: { ...sc.pods[1].template.spec, priority: 5 } } };
  const { rec, sim } = run({ ...sc, pods: [...sc.pods, e] }, seconds(5), { traceScheduling: true });

  test('Q-02 pop_order_when_all_queued: f, b, c, a (scheduling rows and Scheduled events)', () => {
    expect(rec.schedulingRows.map((r) => [toSeconds(r.time), r.pod, r.outcome])).toEqual([
      [0, 'f', 'Scheduled'],
      [0, 'b', 'Scheduled'],
      [0, 'c', 'Scheduled'],
      [0, 'a', 'Scheduled'],
    ]);
    expect(eventsOf(rec.events, 'Scheduled').map((x) => x.name)).toEqual(['f', 'b', 'c', 'a']);
  });

  test.each([
    ['a', 'batch', -5, 'PreemptLowerPriority'],
    ['b', 'critical-apps', 1_000_000, 'PreemptLowerPriority'],
    ['c', 'opportunistic', 10, 'Never'],
    ['f', 'system-cluster-critical', 2_000_000_000, 'PreemptLowerPriority'],
  ])('Q-02 admission %s: class %s, priority %i, %s', (name, cls, priority, policy) => {
    const p = sim.ctx.store.getPod('default', name)!;
    expect([p.spec.priorityClassName, p.spec.priority, p.spec.preemptionPolicy]).toEqual([cls, priority, policy]);
  });

  test('Q-02 d and e refused (Forbidden) with the vector messages', () => {
    expect(sim.ctx.store.getPod('default', 'd')).toBeUndefined();
    expect(sim.ctx.store.getPod('default', 'e')).toBeUndefined();
    const errors = rec.kubectlLines.filter((l) => l.stream === 'stderr').map((l) => l.message);
    expect(errors).toEqual([
      expect.stringContaining('no PriorityClass with name gold was found'),
      expect.stringContaining('the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000000 from the given PriorityClass name'),
    ]);
    expect(errors.every((m) => m.startsWith('Error from server (Forbidden)'))).toBe(true);
  });
});

describe('determinism', () => {
  // A run with ties among equal nodes (the seeded host choice), default spreading by a Service, a zone spread, a
  // high-priority pod, and a scale-up at t = 20 that leaves pods unschedulable (FailedScheduling, queue moves).
  function scenarioWithTies() {
    const nodes: NodeIn[] = [1, 2, 3, 4].map((i) => ({ name: `node-${i}`, labels: { [ZONE]: i <= 2 ? 'z1' : 'z2' }, hostname: 'auto', cpu: '1', memory: '4Gi' }));
    const base = fullCycleScenario(nodes, [{ name: 'hp', priorityClassName: 'high', requests: { cpu: '700m' } }], [priorityClass('high', 1000)]);
    const spec = podSpec({ containers: [container('app', { requests: { cpuMilli: 300, memoryBytes: 256 * 2 ** 20 } })] });
    return {
      ...base,
      workloads: [workload('Deployment', 'web', 9, { app: 'web' }, spec)],
      services: [service('web', { app: 'web' })],
      timeline: [{ at: seconds(20), action: 'scale' as const, target: { kind: 'Deployment' as const, namespace: 'default', name: 'web' }, replicas: 14, source: { file: 'test', line: 1 } }],
    };
  }

  test('the same scenario twice gives identical scheduling rows and events', () => {
    const one = run(scenarioWithTies(), seconds(60), { traceScheduling: true }).rec;
    const two = run(scenarioWithTies(), seconds(60), { traceScheduling: true }).rec;
    // The run exercises what it should: ties scored, pods bound, and some left unschedulable after the scale-up.
    expect(one.schedulingRows.some((r) => r.top.length > 1 && r.top[0].total === r.top[1].total)).toBe(true);
    expect(one.schedulingRows.some((r) => r.outcome === 'Unschedulable')).toBe(true);
    expect(two.schedulingRows).toEqual(one.schedulingRows);
    expect(two.events).toEqual(one.events);
  });
});
