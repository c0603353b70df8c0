/**
 * scenarios/examples/cluster-autoscaler.yaml and karpenter.yaml through the real CLI (issue #10, "Examples"). Every
 * key number is derived by hand in the comments from the scenario's numbers and the documented delays
 * (docs/node-autoscaling.md, docs/traces.md), not copied from a run. Node names come from seeded streams, so the
 * tests read them from nodes.csv instead of writing them down.
 */
import * as path from 'node:path';
import { k8sim, readCsv, tempDir } from '../support/cli';

type Row = Record<string, string>;

function run(file: string): { hpa: Row[]; pods: Row[]; nodes: Row[]; auto: Row[]; events: Row[]; figure: (scope: string, name: string, f: string) => number } {
  const dir = tempDir();
  const r = k8sim(['run', `scenarios/examples/${file}`, '--out', dir, '--quiet']);
  if (r.code !== 0) throw new Error(`k8sim run ${file} exited ${r.code}: ${r.stderr}`);
  const read = (f: string) => readCsv(path.join(dir, f)) as Row[];
  const summary = read('summary.csv');
  return {
    hpa: read('hpa.csv'),
    pods: read('pods.csv'),
    nodes: read('nodes.csv'),
    auto: read('node_autoscaler.csv'),
    events: read('events.csv'),
    figure: (scope, name, f) => Number(summary.find((s) => s.scope === scope && s.name === name && s.figure === f)?.value),
  };
}

/** The HPA's size changes: [time, from, to]. */
function hpaChanges(hpa: Row[]): [number, number, number][] {
  return hpa.filter((h) => h.desired_replicas !== h.current_replicas).map((h) => [Number(h.time_s), Number(h.current_replicas), Number(h.desired_replicas)]);
}

/** Per pod: when it was first bound (first row with a node) and on which node. */
function bindings(pods: Row[]): Map<string, { time: number; node: string }> {
  const m = new Map<string, { time: number; node: string }>();
  for (const p of pods) if (p.node !== '' && !m.has(p.pod)) m.set(p.pod, { time: Number(p.time_s), node: p.node });
  return m;
}

/** nodes.csv rows with a lifecycle reason: [time, node, reason]. */
const lifecycle = (nodes: Row[]) => nodes.filter((n) => n.reason !== '').map((n) => [Number(n.time_s), n.node, n.reason] as const);

describe('cluster-autoscaler.yaml', () => {
  const { hpa, pods, nodes, auto, figure } = run('cluster-autoscaler.yaml');
  const launched = [...new Set(nodes.filter((n) => n.reason === 'registered').map((n) => n.node))].sort();

  test('the HPA: 2 → 16 at 75 s, back to 2 at 900 s', () => {
    // The load (24 rps × 100 ms = 2.4 CPU) starts at 60 s. Both pods are on small-1 (1900m allocatable: 2 CPU −
    // 100m): each wants 1.2 CPU, the node gives each about half of 1900m (≈ 950m, below the 1 CPU limit), i.e.
    // ≈ 380 % of the 250m request. The metrics-server scrape at 75 s covers (60, 75] and the HPA syncs at 75 s
    // (every 15 s from 0, after the scrape of its instant): ceil(2 × 380 / 50) = ceil(15.2) = 16 = maxReplicas;
    // the behavior allows +20 pods per 15 s, so 2 → 16 in one step. Any reading above 350 % gives 16.
    const at75 = hpa.find((h) => Number(h.time_s) === 75)!;
    expect(Number(at75.metric1_value)).toBeGreaterThan(350);
    expect(Number(at75.metric1_value)).toBeLessThanOrEqual(400);
    // The load stops at 600 s; the scrape at 600 s still covers (585, 600] at full load, so the recommendation at
    // 600 s is high. The default scale-down stabilization window (300 s) keeps recommendations strictly after
    // now − 300 s: at 900 s the one of 600 s has aged out and every later one is 2 (minReplicas).
    expect(hpaChanges(hpa)).toEqual([
      [75, 2, 16],
      [900, 16, 2],
    ]);
  });

  test('5 new pods bind to small-1 at 75 s, 9 wait for the new nodes', () => {
    // small-1 holds floor(1900 / 250) = 7 pods: the 2 it had and 5 of the 14 new ones; 9 stay Unschedulable.
    const b = bindings(pods);
    const burst = [...b.entries()].filter(([, v]) => v.time >= 75);
    expect(burst.filter(([, v]) => v.time === 75 && v.node === 'small-1')).toHaveLength(5);
    const late = burst.filter(([, v]) => v.time > 75);
    expect(late).toHaveLength(9);
    // They bind when the new nodes turn Ready (175 s, below): 100 s after the HPA created them.
    expect(new Set(late.map(([, v]) => v.time))).toEqual(new Set([175]));
    expect(new Set(late.map(([, v]) => v.node))).toEqual(new Set(launched));
    expect(figure('run', '', 'time_to_bound_seconds_max')).toBe(100);
  });

  test('the CA: waits one loop at 75 s, scales small 1 → 3 at 85 s (least-waste), nodes Ready 90 s later', () => {
    // 75 s: the pods turn Unschedulable, which starts a loop at once (frequentLoopsEnabled); they are younger than
    // 2 s, so it waits ("very new"). The next loop is one scanInterval (10 s) after it: 85 s; the pods are 10 s old.
    // Binpacking 9 × (250m, 256Mi): a small node (1900m, 4086Mi) takes 7, so 2 small nodes; one large (7900m,
    // 16374Mi) takes all 9. least-waste, (allocatable − requested) / allocatable summed over CPU and memory:
    //   small ×2: (3800 − 2250) / 3800 + (8172 − 2304) / 8172 = 0.408 + 0.718 = 1.126
    //   large ×1: (7900 − 2250) / 7900 + (16374 − 2304) / 16374 = 0.715 + 0.859 = 1.574 → small wins.
    expect(auto.filter((a) => a.action === 'no-scale-up' || a.action === 'scale-up').map((a) => [Number(a.time_s), a.action, a.group, a.from, a.to, a.reason])).toEqual([
      [75, 'no-scale-up', '', '', '', 'Unschedulable pods are very new, waiting one iteration for more'],
      [85, 'scale-up', 'small', '1', '3', 'expander least-waste: 2 node(s) for 9 pod(s)'],
    ]);
    // spec.cloud.provisioning: registered 60 s, Ready 90 s after the launch (85 s) → 145 s and 175 s.
    expect(launched).toHaveLength(2);
    expect(lifecycle(nodes).filter(([, n]) => launched.includes(n)).filter(([, , r]) => r === 'registered' || r === 'ready')).toEqual([
      [145, launched[0], 'registered'],
      [145, launched[1], 'registered'],
      [175, launched[0], 'ready'],
      [175, launched[1], 'ready'],
    ]);
  });

  test('scale-down: two empty nodes unneeded at 905 s, removed at 1520 s; one node with the last 2 pods stays', () => {
    // At 900 s the ReplicaSet deletes 14 pods, those on the nodes with the most of its pods first (small-1: 7, then
    // the launched node with 5, then 2 of the one with 4): small-1 and one launched node are empty, the other keeps
    // 2 pods. The CA's loops run every 10 s from 85 s: the first after 900 s is 905 s, which finds both empty
    // (utilization 0 ≤ 0.5) and starts their unneeded timers. scaleDownUnneededTime is 10 m, strictly exceeded
    // at the loop of 1515 s (905 + 600 = 1505 is not "longer than"); scale-down-delay-after-add (10 m after 85 s)
    // is long over. Empty nodes: ScaleDownEmpty and the taint at 1515 s, deleted nodeDeleteDelayAfterTaint (5 s)
    // later. The group's min size (1) keeps the third node, whose 2 pods would have nowhere to go anyway.
    const last = new Map(pods.map((p) => [p.pod, p]));
    const alive = [...last.values()].filter((p) => p.status !== 'Deleted');
    expect(alive).toHaveLength(2);
    const survivors = [...new Set(alive.map((p) => p.node))];
    expect(survivors).toHaveLength(1);
    expect(launched).toContain(survivors[0]);
    const removed = ['small-1', ...launched.filter((n) => n !== survivors[0])].sort();
    const down = auto.filter((a) => Number(a.time_s) > 900);
    expect(down.map((a) => [Number(a.time_s), a.action, a.node])).toEqual([
      ...removed.map((n) => [905, 'unneeded', n]),
      ...removed.map((n) => [1515, 'scale-down-empty', n]),
      ...removed.map((n) => [1520, 'node-removed', n]),
    ]);
    expect(lifecycle(nodes).filter(([, , r]) => r.startsWith('removed'))).toEqual(removed.map((n) => [1520, n, 'removed: scale-down-empty']));
  });

  test('cost: $0.143 over the 40 minutes', () => {
    // Billed at 0.10 $/h from a node's first nodes.csv row to its removal (docs/traces.md, cost_usd):
    //   small-1 (Static/small): 0 → 1520 s = 1520 s → $0.0422
    //   the launched node removed: 145 → 1520 s = 1375 s; the one kept: 145 → 2400 s = 2255 s; 3630 s → $0.1008
    //   node-hours (1520 + 3630) / 3600 = 1.431; cost 5150 s × 0.10 / 3600 = $0.1431.
    expect(figure('Static', 'small', 'cost_usd')).toBeCloseTo(0.0422, 3);
    expect(figure('NodeGroup', 'small', 'cost_usd')).toBeCloseTo(0.1008, 3);
    expect(figure('run', '', 'node_hours')).toBeCloseTo(1.431, 3);
    expect(figure('run', '', 'cost_usd')).toBeCloseTo(0.143, 3);
    expect(figure('run', '', 'peak_nodes')).toBe(3);
    expect(figure('run', '', 'nodes_added')).toBe(2);
    expect(figure('run', '', 'nodes_removed')).toBe(2);
  });
});

describe('karpenter.yaml (24 h)', () => {
  const { hpa, pods, nodes, auto, events, figure } = run('karpenter.yaml');
  const provisions = auto.filter((a) => a.action === 'provision');
  const [first, burst] = provisions.map((p) => p.node);
  const typeOf = (node: string) => nodes.find((n) => n.node === node)!;

  test('t = 0: the 2 pods have no node; one NodeClaim at 1 s on the cheapest offering that fits (small, spot)', () => {
    // The pods turn Unschedulable at 0 s: the batch window opens and closes after batchIdleDuration (1 s) with no
    // new pod. 2 × 250m fits every type; the cheapest offering overall is small-2cpu spot ($0.04/h).
    // nodeStartup: registered 60 s, Ready 90 s after the launch (1 s) → 61 s, 91 s; the pods bind at 91 s.
    expect([Number(provisions[0].time_s), provisions[0].from, provisions[0].to, provisions[0].pods.split(' ').length]).toEqual([1, '0', '1', 2]);
    expect([typeOf(first).instance_type, typeOf(first).capacity_type, typeOf(first).price_per_hour]).toEqual(['small-2cpu', 'spot', '0.04']);
    expect(lifecycle(nodes).filter(([, n]) => n === first)).toEqual([
      [61, first, 'registered'],
      [91, first, 'ready'],
    ]);
    expect(new Set([...bindings(pods).values()].filter((b) => b.time < 3600).map((b) => `${b.time} ${b.node}`))).toEqual(new Set([`91 ${first}`]));
  });

  test('the burst at 07:00: HPA 2 → 16 at 25 215 s, one medium spot node for the 9 pods that do not fit', () => {
    // The load steps 2 → 24 rps at 7 h = 25 200 s; as in cluster-autoscaler.yaml the HPA reads ≈ 380 % at its sync
    // of 25 215 s (15 s × 1681) and goes 2 → 16. The small node takes 5 more (7 × 250m ≤ 1900m); the other 9 are
    // Unschedulable at 25 215 s and batched until 25 216 s. 9 × 250m = 2250m: small (1900m) is too small;
    // medium-4cpu (3900m) and large-8cpu fit; the cheapest offering among them is medium spot ($0.08/h, below
    // large spot $0.16 and medium on-demand $0.20). Registered at 25 276 s, Ready (the pods bind) at 25 306 s.
    expect(hpaChanges(hpa)).toEqual([
      [25215, 2, 16],
      [68700, 16, 2],
    ]);
    expect(provisions).toHaveLength(2);
    expect([Number(provisions[1].time_s), provisions[1].from, provisions[1].to, provisions[1].pods.split(' ').length]).toEqual([25216, '1', '2', 9]);
    expect([typeOf(burst).instance_type, typeOf(burst).capacity_type, typeOf(burst).price_per_hour]).toEqual(['medium-4cpu', 'spot', '0.08']);
    const b = [...bindings(pods).values()].filter((x) => x.time >= 25200);
    expect(b.filter((x) => x.time === 25215 && x.node === first)).toHaveLength(5);
    expect(b.filter((x) => x.time === 25306 && x.node === burst)).toHaveLength(9);
    expect(lifecycle(nodes).filter(([, n]) => n === burst).slice(0, 2)).toEqual([
      [25276, burst, 'registered'],
      [25306, burst, 'ready'],
    ]);
  });

  test('consolidation at night: the emptied medium node deleted at 69 015 s, gone at 69 022 s; the small spot node stays', () => {
    // The load drops at 19 h = 68 400 s; the recommendation of 68 400 s is the last high one, so the HPA goes to 2
    // at 68 700 s (300 s window, strictly). The ReplicaSet deletes the 9 pods of the medium node (more of its pods
    // there) and 5 of the small one's: the medium node is empty at 68 700 s. consolidateAfter 5 m → consolidatable
    // at 69 000 s; disruption passes run at 10 s × k (the first when the controller starts, t = 0), so 69 000 s finds
    // it (Emptiness), and an emptiness command is validated 15 s later: DisruptionTerminating at 69 015 s; the node,
    // already drained, is gone terminationDelay (default 7 s) later: 69 022 s.
    // The small node (2 pods, 500m of 1900m) cannot be deleted (nowhere else to go) and cannot be replaced: it is
    // spot, and SpotToSpotConsolidation is off.
    expect(auto.filter((a) => Number(a.time_s) > 25216).map((a) => [Number(a.time_s), a.action, a.node, a.reason])).toEqual([[69015, 'empty', burst, 'Empty']]);
    expect(lifecycle(nodes).filter(([, , r]) => r.startsWith('removed'))).toEqual([[69022, burst, 'removed: Empty']]);
    expect(events.filter((e) => e.reason === 'DisruptionTerminating').map((e) => [Number(e.time_s), e.kind, e.name, e.message])).toEqual([
      [69015, 'Node', burst, 'Disrupting Node: Empty'],
      [69015, 'NodeClaim', burst, 'Disrupting NodeClaim: Empty'],
    ]);
    expect(events.some((e) => e.name === first && e.reason === 'Unconsolidatable' && e.message === "SpotToSpotConsolidation is disabled, can't replace a spot node with a spot node")).toBe(true);
  });

  test('cost per day: $1.931', () => {
    // Billed from the first nodes.csv row (registration) to removal or the end (86 400 s):
    //   small spot:  61 → 86 400 s = 86 339 s × 0.04 / 3600 = $0.9593
    //   medium spot: 25 276 → 69 022 s = 43 746 s × 0.08 / 3600 = $0.9721
    //   $1.9314 a day; node-hours (86 339 + 43 746) / 3600 = 36.1347 → 36.135.
    expect(figure('run', '', 'cost_usd')).toBeCloseTo(1.931, 3);
    expect(figure('NodePool', 'default', 'cost_usd')).toBeCloseTo(1.931, 3);
    expect(figure('run', '', 'node_hours')).toBeCloseTo(36.135, 3);
    expect(figure('run', '', 'peak_nodes')).toBe(2);
    expect(figure('run', '', 'nodes_added')).toBe(2);
    expect(figure('run', '', 'nodes_removed')).toBe(1);
  });
});
