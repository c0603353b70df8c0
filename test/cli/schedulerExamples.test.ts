/**
 * The scheduler examples of issue #9 through the real CLI: zones.yaml, packing/ and priority.yaml. Every expected
 * number is derived in the comments from the scenario and scheduler.md.
 */
import * as path from 'node:path';
import { k8sim, readCsv, tempDir } from '../support/cli';

function run(args: string[]): string {
  const dir = tempDir();
  const r = k8sim(['run', ...args, '--out', dir, '--quiet']);
  if (r.code !== 0) throw new Error(`k8sim run ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return dir;
}
const figure = (dir: string, name: string) => readCsv(path.join(dir, 'summary.csv')).find((s) => s.scope === 'run' && s.figure === name)?.value;

describe('zones.yaml', () => {
  const dir = run(['scenarios/examples/zones.yaml', '--trace-scheduling']);
  const events = readCsv(path.join(dir, 'events.csv'));
  const rows = readCsv(path.join(dir, 'scheduling.csv'));
  const zoneOf = (node: string) => node.replace(/^worker-([abc])-\d$/, 'zone-$1');

  test('before the outage: each Deployment has two pods per zone (maxSkew 1 over three zones)', () => {
    // Six pods, three zones, skew ≤ 1 at every step: the counts can only end at 2/2/2.
    for (const app of ['strict', 'honor']) {
      const placed = rows.filter((r) => r.outcome === 'Scheduled' && r.pod.startsWith(`${app}-`) && Number(r.time_s) === 0).map((r) => zoneOf(r.node));
      expect(placed.sort()).toEqual(['zone-a', 'zone-a', 'zone-b', 'zone-b', 'zone-c', 'zone-c']);
    }
  });

  test('zone-c lost: its pods are evicted at 415 s; strict cannot replace them, honor can', () => {
    // nodeDown at 60 s: last heartbeat 60 s, + 50 s grace = 110 s → marked Unknown at the next 5 s monitor tick
    // (115 s), evicted after the 300 s toleration: 415 s. Four pods evicted (two per Deployment).
    const evictions = events.filter((e) => e.reason === 'TaintManagerEviction');
    expect(evictions.map((e) => Number(e.time_s))).toEqual([415, 415, 415, 415]);
    // strict: counts a=2, b=2, c=0 (zone-c still a domain: nodeTaintsPolicy Ignore) → a or b: 2+1−0 = 3 > 1.
    const strict = rows.filter((r) => r.pod.startsWith('strict-') && Number(r.time_s) >= 415);
    expect(strict.length).toBeGreaterThan(0);
    expect(strict.every((r) => r.outcome === 'Unschedulable')).toBe(true);
    expect(strict[0].message).toBe(
      '0/6 nodes are available: 2 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 4 node(s) didn\'t match pod topology spread constraints. ' +
        'preemption: 0/6 nodes are available: 2 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.',
    );
    // honor: zone-c's tainted nodes do not count: minimum 2 → one replacement per zone of a and b.
    const honor = rows.filter((r) => r.pod.startsWith('honor-') && Number(r.time_s) >= 415 && r.outcome === 'Scheduled');
    expect(honor.map((r) => zoneOf(r.node)).sort()).toEqual(['zone-a', 'zone-b']);
  });

  test('the strict replacements wait from 415 s to the end (600 s): 2 × 185 = 370 unschedulable pod-seconds', () => {
    expect(figure(dir, 'unschedulable_pod_seconds')).toBe('370');
  });
});

describe('packing/', () => {
  const least = run(['scenarios/examples/packing/base', 'scenarios/examples/packing/least-allocated.yaml']);
  const most = run(['scenarios/examples/packing/base', 'scenarios/examples/packing/most-allocated.yaml']);
  const perNode = (dir: string) => {
    const last = new Map<string, number>();
    for (const r of readCsv(path.join(dir, 'nodes.csv'))) last.set(r.node, Number(r.pods));
    return [...last.values()].sort();
  };

  test('LeastAllocated with default spreading: two pods per node; MostAllocated without it: four on two nodes', () => {
    // 8 pods × 1 CPU on 4 nodes × 4 CPU. Spreading: each pod goes to the emptiest node (LeastAllocated, and the
    // system-default hostname spreading agrees) → 2/2/2/2. Packing: the fullest node that fits wins (MostAllocated;
    // BalancedAllocation is 100 everywhere since cpu and memory fill at the same rate) → 4/4/0/0.
    expect(perNode(least)).toEqual([2, 2, 2, 2]);
    expect(perNode(most)).toEqual([0, 0, 4, 4]);
  });

  test('compare: nodes_used_max 4 vs 2, used_node_seconds 480 vs 240 (nodes × 120 s)', () => {
    expect([figure(least, 'nodes_used_max'), figure(most, 'nodes_used_max')]).toEqual(['4', '2']);
    expect([figure(least, 'used_node_seconds'), figure(most, 'used_node_seconds')]).toEqual(['480', '240']);
    const r = k8sim(['compare', least, most]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/nodes_used_max\s+4\s+2/);
  });
});

describe('priority.yaml', () => {
  const dir = run(['scenarios/examples/priority.yaml', '--trace-scheduling']);
  const events = readCsv(path.join(dir, 'events.csv'));
  const pods = readCsv(path.join(dir, 'pods.csv'));

  test('the burst preempts one placeholder per new web pod: 4 Preempted events at 120 s', () => {
    // 2 × 4 CPU full with 4 web + 4 placeholders of 1 CPU; 4 new web pods need 4 CPU: every placeholder goes.
    const preempted = events.filter((e) => e.reason === 'Preempted');
    expect(preempted.map((e) => Number(e.time_s))).toEqual([120, 120, 120, 120]);
    expect(preempted.every((e) => e.name.startsWith('placeholder-') && /^Preempted by pod [0-9a-f-]+ on node node-[12]$/.test(e.message))).toBe(true);
    expect(figure(dir, 'preemptions')).toBe('4');
  });

  test('every web pod runs; the recreated placeholders stay Pending and may not preempt', () => {
    const last = new Map<string, { phase: string; node: string }>();
    // Each pod's last row (pod or container) carries its phase at the end.
    for (const p of pods) last.set(p.pod, { phase: p.status === 'Deleted' ? 'Deleted' : p.phase, node: p.node });
    const web = [...last].filter(([n]) => n.startsWith('web-'));
    expect(web.length).toBe(8);
    expect(web.every(([, s]) => s.phase === 'Running')).toBe(true);
    const pending = [...last].filter(([n, s]) => n.startsWith('placeholder-') && s.phase === 'Pending');
    expect(pending.length).toBe(4);
    const msg = events.filter((e) => e.reason === 'FailedScheduling' && e.name.startsWith('placeholder-')).map((e) => e.message);
    expect(new Set(msg)).toEqual(new Set(['0/2 nodes are available: 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.']));
    // Four placeholders Pending from 120 s to the end (300 s): 4 × 180 = 720 pod-seconds.
    expect(figure(dir, 'unschedulable_pod_seconds')).toBe('720');
  });
});
