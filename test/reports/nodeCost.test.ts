/**
 * Node and money figures of summary.csv (issue #10) through the summary code (reports/summary.ts TraceSummary):
 * vectors M-01 (cost = price × time alive, node count over time) and M-02 (time to bound with the nearest-rank
 * percentile, utilisation = requests / allocatable averaged over nodes), fed as nodes.csv and pods.csv records.
 */
import { seconds } from '../../engine/time';
import { nearestRank, TraceSummary, type SummaryNodeRecord } from '../../reports/summary';

const Mi = 2 ** 20;

function row(t: number, node: string, extra: Partial<SummaryNodeRecord>): SummaryNodeRecord {
  return { time: seconds(t), node, pods: 0, cpuRequestedMilli: 0, cpuAllocatableMilli: 1000, memoryRequestedBytes: 0, memoryAllocatableBytes: Mi, instanceType: 'x', pricePerHour: 0, owner: '', reason: '', ...extra };
}

const figure = (s: TraceSummary, scope: string, name: string, f: string) => s.figures().find((r) => r.scope === scope && r.name === name && r.figure === f)?.value;

describe('M-01: cost = price × time alive; node count steps', () => {
  const s = new TraceSummary({ sloMs: null, serviceTrace: false });
  // a c-4x on-demand 0.20 $/h alive 0–5400; b c-8x spot 0.16 alive 600–2400; c m-4x on-demand 0.28 alive 1800–3600.
  s.node(row(0, 'a', { instanceType: 'c-4x', pricePerHour: 0.2, owner: 'NodePool/default', reason: 'registered' }));
  s.node(row(600, 'b', { instanceType: 'c-8x', pricePerHour: 0.16, owner: 'NodePool/default', reason: 'registered' }));
  s.node(row(1800, 'c', { instanceType: 'm-4x', pricePerHour: 0.28, owner: 'NodeGroup/mem', reason: 'registered' }));
  s.node(row(2400, 'b', { reason: 'removed: consolidation' }));
  s.node(row(3600, 'c', { reason: 'removed: scale-down' }));
  s.node(row(5400, 'a', { reason: 'removed: end' }));

  test.each([
    // a 0.20 × 1.5 h = 0.30; b 0.16 × 0.5 h = 0.08; c 0.28 × 0.5 h = 0.14; total 0.52.
    ['cost_usd', '0.520'],
    // (600×1 + 1200×2 + 600×3 + 1200×2 + 1800×1) / 5400 = 9000 / 5400 = 1.6667.
    ['time_average_nodes', '1.667'],
    ['peak_nodes', '3'],
    // 9000 node-seconds = 2.5 h.
    ['node_hours', '2.500'],
    ['nodes_added', '3'],
    ['nodes_removed', '3'],
  ])('M-01 %s = %s', (f, v) => {
    expect(figure(s, 'run', '', f)).toBe(v);
  });

  test('M-01 per owner: NodePool/default 0.30 + 0.08 = 0.38, NodeGroup/mem 0.14', () => {
    expect(figure(s, 'NodePool', 'default', 'cost_usd')).toBe('0.380');
    expect(figure(s, 'NodeGroup', 'mem', 'cost_usd')).toBe('0.140');
    expect(figure(s, 'NodeGroup', 'mem', 'node_hours')).toBe('0.500');
  });
});

describe('M-02: time to bound (nearest rank), pending pod-seconds, utilisation averaged over nodes', () => {
  const s = new TraceSummary({ sloMs: null, serviceTrace: false });
  const pod = (t: number, name: string, node: string) =>
    s.pod({ time: seconds(t), namespace: 'default', pod: name, node, phase: node === '' ? 'Pending' : 'Running', status: node === '' ? 'Pending' : 'Running', container: '', containerState: '', reason: '', restarts: undefined });
  for (const p of ['p1', 'p2', 'p3', 'p4', 'p5']) pod(0, p, '');
  // n1 3000m/3072Mi of 3900m/8182Mi; n2 2000m/2048Mi of 7900m/16374Mi, both from 0 to the end (72).
  s.node(row(0, 'n1', { cpuRequestedMilli: 3000, cpuAllocatableMilli: 3900, memoryRequestedBytes: 3072 * Mi, memoryAllocatableBytes: 8182 * Mi, owner: 'NodePool/default', reason: 'registered' }));
  s.node(row(0, 'n2', { cpuRequestedMilli: 2000, cpuAllocatableMilli: 7900, memoryRequestedBytes: 2048 * Mi, memoryAllocatableBytes: 16374 * Mi, owner: 'NodePool/default', reason: 'registered' }));
  for (const p of ['p1', 'p2', 'p3']) pod(31, p, 'n1');
  for (const p of ['p4', 'p5']) pod(72, p, 'n2');
  s.node(row(72, 'n2', { cpuRequestedMilli: 2000, cpuAllocatableMilli: 7900, memoryRequestedBytes: 2048 * Mi, memoryAllocatableBytes: 16374 * Mi }));

  test.each([
    // (3 × 31 + 2 × 72) / 5 = 237 / 5 = 47.4; p50 = 3rd smallest = 31; p95 = ceil(4.75) = 5th = 72.
    ['time_to_bound_seconds_mean', '47.400'],
    ['time_to_bound_seconds_p50', '31'],
    ['time_to_bound_seconds_p95', '72'],
    ['time_to_bound_seconds_max', '72'],
    // 3 × 31 + 2 × 72 = 237 (pods Running at binding: pending_pod_seconds is the same figure here).
    ['time_to_bound_pod_seconds', '237'],
    ['pending_pod_seconds', '237'],
    // cpu (3000/3900 + 2000/7900) / 2 = (0.76923 + 0.25316) / 2 = 0.51120; mem (3072/8182 + 2048/16374) / 2 = 0.25027.
    ['avg_cpu_util', '0.511'],
    ['avg_mem_util', '0.250'],
  ])('M-02 %s = %s', (f, v) => {
    expect(figure(s, 'run', '', f)).toBe(v);
  });

  test('nearest rank: the ceil(q·n)-th smallest', () => {
    expect([0.5, 0.95, 1].map((q) => nearestRank([31, 31, 31, 72, 72], q))).toEqual([31, 72, 72]);
    expect(nearestRank([], 0.5)).toBeUndefined();
  });
});

describe('runs without cloud nodes keep their summary', () => {
  test('no node cost figures when no row has an instance type or a registered / removed reason', () => {
    const s = new TraceSummary({ sloMs: null, serviceTrace: false });
    s.node(row(0, 'n', { instanceType: '', reason: 'added' }));
    expect(s.figures().some((r) => r.figure === 'cost_usd' || r.figure === 'node_hours')).toBe(false);
  });
});
