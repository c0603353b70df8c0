/**
 * Scheduler, ReplicaSet/Deployment controllers and node lifecycle end to end on hand-built scenarios. Expected
 * values are derived in the comments from the reference (§5–§7) and the settings in test/support/build.ts.
 */
import { seconds, toSeconds } from '../../engine/time';
import { container, node, pod, podSpec, run, scenario, secondsOf, workload } from '../support/build';
import type { TimelineAction } from '../../models/controllers/timelineAction';

const src = { file: 't', line: 1 };
const cpu = (m: number) => podSpec({ containers: [container('app', { requests: { cpuMilli: m, memoryBytes: 0 } })] });

describe('scheduler', () => {
  test('more pods than fit: FailedScheduling with the upstream message, bound once capacity frees (back-off 1 s doubling)', () => {
    // Two 1-CPU nodes; web has 4 × 500m (fills both); batch has 1 × 500m → unschedulable at t=0.
    // At 30 s web scales to 2: victims deleted at 30 s (exit 143 at once) → capacity freed at 30 s →
    // batch was last tried at 0 with 1 attempt → back-off 1 s has passed → retried at once, at 30 s.
    const s = scenario({
      nodes: [node('worker-1', '1'), node('worker-2', '1')],
      workloads: [workload('Deployment', 'web', 4, { app: 'web' }, cpu(500)), workload('Deployment', 'batch', 1, { app: 'batch' }, cpu(500))],
      timeline: [{ at: seconds(30), action: 'scale', target: { kind: 'Deployment', namespace: 'default', name: 'web' }, replicas: 2, source: src } as TimelineAction],
    });
    const { rec } = run(s, seconds(60));
    const failed = rec.events.filter((e) => e.reason === 'FailedScheduling');
    expect(failed[0].message).toBe(
      '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
    );
    expect(failed[0].time).toBe(0);
    const batchScheduled = rec.events.find((e) => e.reason === 'Scheduled' && e.name.startsWith('batch-'))!;
    expect(batchScheduled.time).toBe(seconds(30));
    expect(rec.events.filter((e) => e.reason === 'SuccessfulDelete')).toHaveLength(2);
    expect(rec.events.filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message.replace(/-[a-z0-9]+ /, '-H '))).toEqual([
      'Scaled up replica set web-H from 0 to 4',
      'Scaled up replica set batch-H from 0 to 1',
      'Scaled down replica set web-H from 4 to 2',
    ]);
    // node requests never exceed allocatable
    for (const n of rec.nodes) expect(n.cpuRequestedMilli).toBeLessThanOrEqual(n.cpuAllocatableMilli);
  });

  test('pod names follow <rs>-<5 chars> and <deployment>-<hash>-<5 chars>', () => {
    const s = scenario({ workloads: [workload('Deployment', 'web', 2, { app: 'web' }), workload('ReplicaSet', 'front', 1, { app: 'front' })] });
    const { rec } = run(s, seconds(1));
    const names = [...new Set(rec.pods.map((r) => r.pod))];
    expect(names.filter((n) => n.startsWith('web-'))).toHaveLength(2);
    for (const n of names.filter((x) => x.startsWith('web-'))) expect(n).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(names.filter((n) => n.startsWith('front-'))[0]).toMatch(/^front-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  test('nodeSelector that no node matches → the NodeAffinity reason', () => {
    const spec = podSpec({ nodeSelector: { disk: 'ssd' } });
    const s = scenario({ nodes: [node('a'), node('b')], workloads: [workload('ReplicaSet', 'x', 1, { app: 'x' }, spec)] });
    const { rec } = run(s, seconds(1));
    expect(rec.events.find((e) => e.reason === 'FailedScheduling')?.message).toBe(
      "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
  });
});

describe('ReplicaSet replaces pods', () => {
  test('a deleted pod is replaced at once (SuccessfulCreate at the deletion instant)', () => {
    const s = scenario({
      workloads: [workload('ReplicaSet', 'rs', 2, { app: 'rs' })],
      timeline: [{ at: seconds(10), action: 'deletePod', pods: { namespace: 'default', selector: { matches: () => true, text: '' }, count: 1 }, source: src } as TimelineAction],
    });
    const { rec } = run(s, seconds(20));
    expect(secondsOf(rec.events.filter((e) => e.reason === 'SuccessfulCreate'))).toEqual([0, 0, 10]);
    const last = rec.workloads.filter((w) => w.name === 'rs').at(-1)!;
    expect([last.desired, last.current, last.ready]).toEqual([2, 2, 2]);
  });
});

describe('node lifecycle (TV-5, defaults: grace 50 s, monitor every 5 s, toleration 300 s)', () => {
  test('a pod deleted while its node is down: Unknown with the node, then on its return the lost container, phase Failed, and removal', () => {
    // One node; the pod runs from about 0 s. Node down at 10 s (after its renewal at 10): 10 + 50 = 60, the first
    // monitor tick after 60 is 65 → node Unknown, pod phase Unknown at 65. The pod was deleted at 20 s, which its
    // kubelet could not act on. Node up at 80 s: the container is not found (ContainerStatusUnknown, 137), the pod is
    // terminal with a failed container → Failed (KB §2: a deleted pod goes to Failed or Succeeded before removal),
    // published before the Deleted row, whose phase repeats it — never Unknown on a Ready node.
    const at = (t: number, a: Record<string, unknown>) => ({ at: seconds(t), source: src, ...a }) as TimelineAction;
    const s = scenario({
      nodes: [node('node-1')],
      pods: [pod('x', { a: 'x' })],
      timeline: [at(10, { action: 'nodeDown', node: 'node-1' }), at(20, { action: 'deletePod', pods: { namespace: 'default', name: 'x' } }), at(80, { action: 'nodeUp', node: 'node-1' })],
    });
    const { rec } = run(s, seconds(100));
    const rows = rec.pods.filter((r) => r.pod === 'x' && toSeconds(r.time) >= 65);
    expect(rows.map((r) => [toSeconds(r.time), r.phase, r.status, r.container, r.reason, r.exitCode])).toEqual([
      [65, 'Unknown', 'Terminating', '', '', undefined],
      [80, 'Failed', 'Terminating', 'app', 'ContainerStatusUnknown', 137],
      [80, 'Failed', 'Deleted', '', '', undefined],
    ]);
  });

  test('node down at 100 s → Unknown at 115 s, pods not ready and phase Unknown; evicted at 415 s and replaced elsewhere', () => {
    // Heartbeats every 10 s from 0: last renewal at 100 (the node went down at that instant, after renewing).
    // 100 + 50 = 150 → the first monitor tick after 150 is 155. Eviction 300 s later: 455.
    const s = scenario({
      duration: seconds(500),
      nodes: [node('node-1'), node('node-2')],
      workloads: [workload('ReplicaSet', 'rs', 1, { app: 'rs' }, podSpec({ nodeSelector: {} }))],
      timeline: [{ at: seconds(100), action: 'nodeDown', node: '', source: src } as TimelineAction],
    });
    // put the pod's node down: find where it landed in a dry run
    const dry = run(s, seconds(1));
    const where = dry.rec.pods.find((r) => r.node !== '')!.node;
    const s2 = { ...s, timeline: [{ ...s.timeline[0], node: where } as TimelineAction] };
    const { rec } = run(s2);
    const nodeEv = rec.events.find((e) => e.reason === 'NodeNotReady' && e.kind === 'Node')!;
    expect([toSeconds(nodeEv.time), nodeEv.message]).toEqual([155, `Node ${where} status is now: NodeNotReady`]);
    const podUnknown = rec.pods.find((r) => r.phase === 'Unknown')!;
    expect([toSeconds(podUnknown.time), podUnknown.ready]).toEqual([155, false]);
    const evict = rec.events.find((e) => e.reason === 'TaintManagerEviction')!;
    expect(toSeconds(evict.time)).toBe(455);
    const replacement = rec.events.filter((e) => e.reason === 'Scheduled').at(-1)!;
    expect(toSeconds(replacement.time)).toBe(455);
    expect(replacement.message).not.toContain(where);
  });
});
