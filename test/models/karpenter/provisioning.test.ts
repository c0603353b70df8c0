/**
 * KP-01 … KP-04 (node-autoscaling-vectors.md §5): batching, offering choice, packing, weight and limits, over plain
 * inputs (the scheduling simulation and the batcher are pure).
 */
import { seconds, toSeconds } from '../../../engine/time';
import { Batcher } from '../../../models/karpenter/batcher';
import { cheapestOffering } from '../../../models/karpenter/offering';
import { nodePoolOrder, solve, type NewClaim } from '../../../models/karpenter/scheduling';
import { K1, KWOK_SMALL } from './catalogue';
import { capacityTypes, DEFAULT_REQUIREMENTS, GI, nodePool, pods, simPool } from './fixtures';

/** Runs triggers through a Batcher as the controller does: closes at the deadline before a later trigger. */
function windows(idle: number, max: number, triggers: readonly { at: number; uid: string }[]): { window: [number, number]; uids: string[] }[] {
  const b = new Batcher(seconds(idle), seconds(max));
  const out: { window: [number, number]; uids: string[] }[] = [];
  let opened = 0;
  const closeIfDue = (now: number) => {
    const d = b.deadline();
    if (d !== undefined && d <= seconds(now)) out.push({ window: [opened, round(toSeconds(d))], uids: b.close() });
  };
  for (const t of triggers) {
    closeIfDue(t.at);
    if (!b.open) opened = t.at;
    b.trigger(t.uid, seconds(t.at));
  }
  closeIfDue(Infinity);
  return out;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

describe('KP-01 batching (batcher.go Wait)', () => {
  test('KP-01 a: idle 1s, max 10s, pods at 0, 0.4, 0.9, 1.8, 5.0', () => {
    const t = [0, 0.4, 0.9, 1.8, 5.0].map((at, i) => ({ at, uid: `u${i}` }));
    // 1.8 + 1 = 2.8 closes the first window (idle); 5.0 opens a second that closes at 6.0.
    expect(windows(1, 10, t)).toEqual([
      { window: [0, 2.8], uids: ['u0', 'u1', 'u2', 'u3'] },
      { window: [5, 6], uids: ['u4'] },
    ]);
  });
  test('KP-01 b: pods every 600 ms from 300 ms: the first window closes by max at 10.3 with 17 pods', () => {
    const t = Array.from({ length: 25 }, (_, k) => ({ at: round(0.3 + 0.6 * k), uid: `k${k}` }));
    const w = windows(1, 10, t);
    // k ≤ 16 ⇔ 0.3 + 0.6k ≤ 10.3; k = 17 (10.5) opens the second, k = 24 (14.7) + 1 = 15.7 closes it.
    expect(w.map((x) => x.window)).toEqual([
      [0.3, 10.3],
      [10.5, 15.7],
    ]);
    expect(w[0].uids).toHaveLength(17);
    expect(w[1].uids).toEqual(['k17', 'k18', 'k19', 'k20', 'k21', 'k22', 'k23', 'k24']);
  });
  test.each([
    ['KP-01 c: the same pod at 0 and at 3 does not extend the window (closes at 5)', ['A', 'A'], 5],
    ['KP-01 c: pod A at 0, new pod B at 3 (closes at 8)', ['A', 'B'], 8],
  ])('%s', (_name, uids, close) => {
    const b = new Batcher(seconds(5), seconds(10));
    b.trigger(uids[0], seconds(0));
    b.trigger(uids[1], seconds(3));
    expect(b.deadline()).toBe(seconds(close));
  });
});

function launched(c: NewClaim) {
  return cheapestOffering(c.options)!;
}

describe('KP-02 offering choice on the KWOK catalogue (§6.3, §8)', () => {
  const both = nodePool('default', { requirements: [...DEFAULT_REQUIREMENTS, capacityTypes('spot', 'on-demand')] });
  const od = nodePool('default', { requirements: [...DEFAULT_REQUIREMENTS, capacityTypes('on-demand')] });
  test.each([
    // a: c-1x allocatable 900m/2038Mi fits; its spot 0.7 × 0.027147483648.
    ['KP-02 a', both, 500, 1, 'c-1x-amd64-linux', 'spot', 0.0190032385536],
    // b: on-demand only: 0.025 × 1 + 0.001 × 2147483648/1e9.
    ['KP-02 b', od, 500, 1, 'c-1x-amd64-linux', 'on-demand', 0.027147483648],
    // c: c-1x 900m < 1000m; c-2x spot = 0.7 × 0.054294967296.
    ['KP-02 c', both, 1000, 1, 'c-2x-amd64-linux', 'spot', 0.0380064771072],
    // d: c-1x 2038Mi < 3Gi; s-1x spot 0.0205064771072 < c-2x spot 0.0380064771072.
    ['KP-02 d', both, 900, 3, 's-1x-amd64-linux', 'spot', 0.0205064771072],
  ])('%s', (_id, pool, cpu, memGi, type, capacity, price) => {
    const r = solve({ pods: pods(1, cpu, memGi * GI), nodes: [], pools: [simPool(pool)], types: KWOK_SMALL.types, unavailable: () => false });
    expect(r.claims).toHaveLength(1);
    const c = launched(r.claims[0]);
    expect([c.type.name, c.offering.capacityType, c.offering.zone]).toEqual([type, capacity, 'test-zone-a']);
    expect(c.offering.pricePerHour).toBeCloseTo(price, 12);
  });
  test('KP-02 a: the c-1x allocatable is 900m / 2038Mi / 16 pods', () => {
    const t = KWOK_SMALL.get('c-1x-amd64-linux')!;
    expect(t.allocatable).toEqual({ cpuMilli: 900, memoryBytes: 2038 * 1024 * 1024, pods: 16 });
  });
});

describe('KP-03 packing on one NodeClaim until the largest type is full (nodeclaim.go CanAdd)', () => {
  const pool = nodePool('default', { requirements: [...DEFAULT_REQUIREMENTS, capacityTypes('on-demand')] });
  test.each([
    // 5 × 1000m = 5000m: c-2x (1900m) and the 4x types (3900m) drop; options c-8x 0.40, m-8x 0.56.
    ['KP-03 a', 5, [{ pods: 5, options: ['c-8x', 'm-8x'], launched: 'c-8x' }], 0.4],
    // 7 × 1000m fit 7900m, the 8th opens a second claim: 3 pods → 3000m fits the 4x types.
    [
      'KP-03 b',
      10,
      [
        { pods: 7, options: ['c-8x', 'm-8x'], launched: 'c-8x' },
        { pods: 3, options: ['c-4x', 'm-4x', 'c-8x', 'm-8x'], launched: 'c-4x' },
      ],
      0.6,
    ],
  ])('%s', (_id, n, expected, cost) => {
    const r = solve({ pods: pods(n, 1000, GI), nodes: [], pools: [simPool(pool)], types: K1.types, unavailable: () => false });
    expect(r.claims.map((c) => ({ pods: c.pods.length, options: c.options.map((o) => o.type.name), launched: launched(c).type.name }))).toEqual(expected);
    expect(r.claims.reduce((s, c) => s + launched(c).offering.pricePerHour, 0)).toBeCloseTo(cost, 10);
  });
});

describe('KP-04 weight and limits (subtractMax, OrderByWeight)', () => {
  test('KP-04: reserved (weight 50, c-4x, cpu 8) takes 6 pods on two c-4x, default takes 6 on a c-8x spot', () => {
    const reserved = nodePool('reserved', {
      weight: 50,
      requirements: [...DEFAULT_REQUIREMENTS, { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['c-4x'] }, capacityTypes('on-demand')],
      limits: { cpuMilli: 8000 },
    });
    const def = nodePool('default', { requirements: [...DEFAULT_REQUIREMENTS, capacityTypes('spot', 'on-demand')] });
    const pools = [def, reserved].sort(nodePoolOrder).map(simPool);
    expect(pools.map((p) => p.pool.name)).toEqual(['reserved', 'default']);
    const r = solve({ pods: pods(12, 1000, GI), nodes: [], pools, types: K1.types, unavailable: () => false });
    const got = r.claims.map((c) => {
      const l = launched(c);
      return { pool: c.pool.name, pods: c.pods.length, launched: `${l.type.name} ${l.offering.capacityType}`, price: l.offering.pricePerHour };
    });
    expect(got).toEqual([
      { pool: 'reserved', pods: 3, launched: 'c-4x on-demand', price: 0.2 },
      { pool: 'reserved', pods: 3, launched: 'c-4x on-demand', price: 0.2 },
      { pool: 'default', pods: 6, launched: 'c-8x spot', price: 0.16 },
    ]);
    expect(r.claims[2].options.map((o) => o.type.name)).toEqual(['c-8x', 'm-8x']);
    expect(got.reduce((s, c) => s + c.price, 0)).toBeCloseTo(0.56, 10);
    expect(pools[0].remaining.cpuMilli).toBe(0);
  });
  test.each([
    // Equal weights: the name later in the alphabet first.
    ['equal weights', [nodePool('a'), nodePool('b')], ['b', 'a']],
    ['higher weight first', [nodePool('z', { weight: 1 }), nodePool('a', { weight: 2 })], ['a', 'z']],
  ])('KP-04 OrderByWeight: %s', (_n, ps, order) => {
    expect([...ps].sort(nodePoolOrder).map((p) => p.name)).toEqual(order);
  });
  test('KP-04: a pool without room fails with the node-limits reason', () => {
    const only = simPool(nodePool('only', { limits: { nodes: 0 } }));
    const r = solve({ pods: pods(1, 1000, GI), nodes: [], pools: [only], types: K1.types, unavailable: () => false });
    expect(r.failed.get('default/p1')).toBe('node limits have been exhausted for nodepool');
  });
  test('KP-04: limits below every type: all available instance types exceed limits', () => {
    const only = simPool(nodePool('only', { limits: { cpuMilli: 1000 } }));
    const r = solve({ pods: pods(1, 500, GI), nodes: [], pools: [only], types: K1.types, unavailable: () => false });
    expect(r.failed.get('default/p1')).toBe('all available instance types exceed limits for nodepool');
  });
});

describe('minValues (MIN_VALUES_POLICY Strict): a NodeClaim keeps at least minValues distinct values of the key', () => {
  const typesIn = (minValues: number, values = ['c-4x', 'm-4x', 'c-8x', 'm-8x']) =>
    nodePool('default', { requirements: [...DEFAULT_REQUIREMENTS, capacityTypes('on-demand'), { key: 'node.kubernetes.io/instance-type', operator: 'In', values, minValues }] });
  const shape = (r: ReturnType<typeof solve>) => r.claims.map((c) => [c.pods.length, c.options.map((o) => o.type.name)]);
  test('without minValues 5 × 1000m share one NodeClaim [c-8x, m-8x] (5000m)', () => {
    const r = solve({ pods: pods(5, 1000, GI), nodes: [], pools: [simPool(typesIn(1))], types: K1.types, unavailable: () => false });
    expect(shape(r)).toEqual([[5, ['c-8x', 'm-8x']]]);
  });
  test('minValues 3: a 4th pod (4000m > 3900m) would leave [c-8x, m-8x], 2 < 3 types, so it opens a second NodeClaim: 3 + 2 pods', () => {
    const r = solve({ pods: pods(5, 1000, GI), nodes: [], pools: [simPool(typesIn(3))], types: K1.types, unavailable: () => false });
    expect(shape(r)).toEqual([
      [3, ['c-4x', 'm-4x', 'c-8x', 'm-8x']],
      [2, ['c-4x', 'm-4x', 'c-8x', 'm-8x']],
    ]);
    expect(r.failed.size).toBe(0);
  });
  test('minValues 4 for a 4000m pod: only c-8x and m-8x fit (2 < 4): the pod fails with the minValues reason', () => {
    const r = solve({ pods: pods(1, 4000, GI), nodes: [], pools: [simPool(typesIn(4))], types: K1.types, unavailable: () => false });
    expect(r.claims).toEqual([]);
    expect([...r.failed.values()]).toEqual(['minValues requirement is not met for label(s) [node.kubernetes.io/instance-type]']);
  });
});
