/**
 * The cloud end to end (models/cloud/cloud.ts through a Simulation): a launched machine registers NotReady, turns
 * Ready and takes pending pods; a terminated machine's Node leaves and pod GC force-deletes its pods, which their
 * ReplicaSet recreates; a failing launch never registers; the same seed gives the same ids and delays. Pods start
 * at once (test/support/build scenario defaults).
 */
import { seconds, toSeconds, type Micros } from '../../../engine/time';
import { MemoryRecorder } from '../../../models/recorder';
import { Simulation } from '../../../models/simulation';
import type { CloudListener, Instance } from '../../../models/cloud/types';
import { NOT_READY_TAINT } from '../../../models/cloud/cloud';
import { scenario, workload } from '../../support/build';
import { daemonSet } from '../../support/apps';
import { GROUP, instanceType, launchRequest, provisioning } from '../../support/cloud';

const TYPE = instanceType('c-4x-amd64-linux', 4, 8, [{ zone: 'test-zone-b', capacityType: 'spot', pricePerHour: 0.36 }]);
const labels = { app: 'web' };

/** A run without static nodes, a Deployment of `replicas` pods, and a cloud listener logging what it hears. */
function setUp(replicas = 1, extra: Parameters<typeof scenario>[0] = {}) {
  const rec = new MemoryRecorder();
  const sim = new Simulation(scenario({ nodes: [], workloads: replicas > 0 ? [workload('Deployment', 'web', replicas, labels)] : [], ...extra }), rec);
  const heard: string[] = [];
  const log = (what: string) => (i: Instance) => heard.push(`${toSeconds(sim.now)} ${what} ${i.request.nodeName} ${i.state}`);
  const listener: CloudListener = {
    registered: log('registered'),
    ready: log('ready'),
    terminated: log('terminated'),
    failed: (i, e) => heard.push(`${toSeconds(sim.now)} failed ${i.request.nodeName} ${e.class}`),
  };
  sim.cloud.listen(listener);
  return { rec, sim, heard };
}

const webPods = (sim: Simulation) => [...sim.ctx.store.list('Pod')].filter((p) => p.metadata.labels.app === 'web');

describe('launch: registered 40 s, Ready 60 s after the request at t=0', () => {
  const { rec, sim, heard } = setUp(1);
  const i = sim.cloud.launch(launchRequest('pool-a-1', TYPE, { labels: { team: 'x' }, taints: [{ key: 'dedicated', value: 'x', effect: 'PreferNoSchedule' }] }));
  sim.runUntil(seconds(39));
  const at39 = { node: sim.ctx.store.getNode('pool-a-1'), state: i.state };
  sim.runUntil(seconds(40));
  const node = sim.ctx.store.getNode('pool-a-1')!;
  const at40 = { ready: node.status.ready, taints: node.spec.taints.map((t) => `${t.key}:${t.effect}`), up: node.machine.up, bound: webPods(sim)[0].spec.nodeName };
  sim.runUntil(seconds(59));
  const at59 = webPods(sim)[0].spec.nodeName;
  sim.runUntil(seconds(120));

  test('no Node before 40 s; the instance is launching', () => {
    expect(at39).toEqual({ node: undefined, state: 'launching' });
  });

  test('at 40 s the Node exists NotReady with the not-ready taint after the request taints, machine not up, pod not bound', () => {
    expect(at40).toEqual({ ready: 'False', taints: ['dedicated:PreferNoSchedule', `${NOT_READY_TAINT.key}:NoSchedule`], up: false, bound: undefined });
  });

  test('labels: type labels, request labels, zone, capacity type, instance type, hostname', () => {
    expect(node.metadata.labels).toEqual({
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/os': 'linux',
      team: 'x',
      'topology.kubernetes.io/zone': 'test-zone-b',
      'karpenter.sh/capacity-type': 'spot',
      'node.kubernetes.io/instance-type': 'c-4x-amd64-linux',
      'kubernetes.io/hostname': 'pool-a-1',
    });
    // allocatable = capacity − 100m / 10Mi: 4000 − 100 = 3900 m; 8 GiB − 10 MiB.
    expect(node.status.allocatable).toEqual({ cpuMilli: 3900, memoryBytes: 8 * 2 ** 30 - 10 * 2 ** 20, pods: 110 });
  });

  test('the pending pod is not bound at 59 s and binds at 60 s, when the node turns Ready', () => {
    expect(at59).toBeUndefined();
    const bound = rec.pods.find((r) => r.pod === webPods(sim)[0].metadata.name && r.node === 'pool-a-1');
    expect(bound && toSeconds(bound.time)).toBe(60);
    expect(node.status.ready).toBe('True');
    expect(node.spec.taints.map((t) => t.key)).toEqual(['dedicated']);
  });

  test('listeners hear registered at 40 and ready at 60; NodeReady at 60; nodes.csv has a row at 40 (NotReady)', () => {
    expect(heard).toEqual(['40 registered pool-a-1 registered', '60 ready pool-a-1 ready']);
    expect(rec.events.filter((e) => e.kind === 'Node').map((e) => [toSeconds(e.time), e.reason])).toEqual([
      [40, 'RegisteredNode'],
      [60, 'NodeReady'],
    ]);
    expect(rec.nodes.find((r) => r.node === 'pool-a-1')).toMatchObject({ ready: 'False', cpuAllocatableMilli: 3900 });
  });

  test('the instance records its times; cost = price × hours since registration', () => {
    expect([i.launchedAt, i.registeredAt, i.readyAt].map((t) => toSeconds(t as Micros))).toEqual([0, 40, 60]);
    // 0.36 $/h × (120 − 40) s = 0.36 × 80 / 3600 = 0.008 $.
    expect(sim.cloud.costUsd(sim.now)).toBeCloseTo(0.008, 12);
    expect(sim.cloud.instances(GROUP)).toEqual([i]);
    expect(sim.cloud.instances({ kind: 'NodePool', name: 'pool-a' })).toEqual([]);
  });
});

describe('terminate: the Node leaves; pod GC deletes its pods after the quarantine; the ReplicaSet recreates them', () => {
  const { rec, sim, heard } = setUp(2);
  const a = sim.cloud.launch(launchRequest('pool-a-1', TYPE));
  sim.runUntil(seconds(100));
  const before = webPods(sim).map((p) => p.metadata.name);
  sim.cloud.launch(launchRequest('pool-a-2', TYPE)); // registered at 140, Ready at 160
  sim.cloud.terminate(a, 'scale-down');
  sim.cloud.terminate(a, 'scale-down'); // idempotent
  const gone = sim.ctx.store.getNode('pool-a-1');
  sim.runUntil(seconds(139));
  const at139 = webPods(sim).map((p) => `${p.metadata.name}:${p.status.phase}`);
  sim.runUntil(seconds(200));

  test('the Node is removed at once; the instance is terminated; cost stops at 100 s', () => {
    expect(gone).toBeUndefined();
    expect(a.state).toBe('terminated');
    expect(toSeconds(a.terminatedAt!)).toBe(100);
    expect(heard).toContain('100 terminated pool-a-1 terminated');
    expect(heard.filter((h) => h.includes('terminated')).length).toBe(1);
    // From registration: a 40 → 100 s = 60 s; b registered at 140, 60 s by 200 → 0.36 × 120 / 3600 = 0.012 $.
    expect(sim.cloud.costUsd(sim.now)).toBeCloseTo(0.012, 12);
    expect(sim.cloud.instanceOfNode('pool-a-1')).toBeUndefined();
  });

  test('nodes.csv: registered at 40, ready at 60, a row when the node is removed (reason removed: scale-down)', () => {
    const rows = rec.nodes.filter((r) => r.node === 'pool-a-1');
    expect(rows.map((r) => toSeconds(r.time)).at(-1)).toBe(100);
    expect(rows.filter((r) => r.reason !== '').map((r) => [toSeconds(r.time), r.reason])).toEqual([
      [40, 'registered'],
      [60, 'ready'],
      [100, 'removed: scale-down'],
    ]);
    expect(rows[0]).toMatchObject({ instanceType: 'c-4x-amd64-linux', zone: 'test-zone-b', capacityType: 'spot', pricePerHour: 0.36, owner: 'NodeGroup/pool-a' });
  });

  test('the orphans stay until 140 s: removal at 100 → first GC pass 100 → quarantine 40 s → deleted at 140', () => {
    expect(at139.sort()).toEqual(before.map((n) => `${n}:Running`).sort());
    for (const name of before) {
      const rows = rec.pods.filter((r) => r.pod === name);
      const failed = rows.find((r) => r.phase === 'Failed')!;
      expect(toSeconds(failed.time)).toBe(140);
      expect(rows.at(-1)).toMatchObject({ status: 'Deleted' });
      expect(toSeconds(rows.at(-1)!.time)).toBe(140);
    }
    expect(sim.podGc.deleted).toBe(2);
  });

  test('the replacements are created at 140 and bound to the new node when it is Ready at 160', () => {
    const now = webPods(sim);
    expect(now.length).toBe(2);
    for (const p of now) {
      expect(before).not.toContain(p.metadata.name);
      expect(toSeconds(p.metadata.creationTimestamp)).toBe(140);
      expect(p.spec.nodeName).toBe('pool-a-2');
      const bound = rec.pods.find((r) => r.pod === p.metadata.name && r.node === 'pool-a-2')!;
      expect(toSeconds(bound.time)).toBe(160);
    }
  });
});

describe('pod GC condition on the pod object as it is deleted', () => {
  test('phase Failed, DisruptionTarget True DeletionByPodGC at 140', () => {
    const { sim } = setUp(1);
    const a = sim.cloud.launch(launchRequest('pool-a-1', TYPE));
    sim.runUntil(seconds(100));
    const pod = webPods(sim)[0];
    sim.cloud.terminate(a, 'test');
    sim.runUntil(seconds(140));
    expect(pod.removed).toBe(true);
    expect(pod.status.phase).toBe('Failed');
    expect(pod.status.conditions.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists', lastTransitionTime: seconds(140) });
  });

  test('a removal between passes waits for the next 20 s pass: removal at 105 → pass 120 → deleted at 160', () => {
    const { sim } = setUp(1);
    const a = sim.cloud.launch(launchRequest('pool-a-1', TYPE));
    sim.runUntil(seconds(105));
    const pod = webPods(sim)[0];
    sim.cloud.terminate(a, 'test');
    sim.runUntil(seconds(159));
    expect(pod.removed).toBe(false);
    sim.runUntil(seconds(160));
    expect(pod.removed).toBe(true);
  });
});

describe('a launch that fails (failureProbability 1)', () => {
  const { sim, heard } = setUp(1);
  const i = sim.cloud.launch(launchRequest('pool-a-1', TYPE, { provisioning: provisioning({ failureProbability: 1, failureClass: 'Other' }) }));
  sim.runUntil(seconds(300));

  test('never registers; listeners hear failed at 40 s (when it would have registered)', () => {
    expect(sim.ctx.store.getNode('pool-a-1')).toBeUndefined();
    expect(heard).toEqual(['40 failed pool-a-1 Other']);
    expect(i.state).toBe('failed');
    expect(sim.cloud.instances()).toEqual([]);
    expect(sim.cloud.costUsd(sim.now)).toBe(0);
    expect(webPods(sim)[0].spec.nodeName).toBeUndefined();
  });
});

describe('terminate before registration', () => {
  test('the Node never appears; terminated is heard once', () => {
    const { sim, heard } = setUp(0);
    const i = sim.cloud.launch(launchRequest('pool-a-1', TYPE));
    sim.runUntil(seconds(10));
    sim.cloud.terminate(i, 'test');
    sim.runUntil(seconds(100));
    expect(sim.ctx.store.getNode('pool-a-1')).toBeUndefined();
    expect(heard).toEqual(['10 terminated pool-a-1 terminated']);
    // Never registered: billing starts at registration, so nothing.
    expect(sim.cloud.costUsd(sim.now)).toBe(0);
  });
});

describe('determinism: delays and ids come from the seed and the node name', () => {
  const uniform = provisioning({ registered: { kind: 'uniform', min: seconds(30), max: seconds(50) }, ready: { kind: 'uniform', min: seconds(55), max: seconds(90) } });
  const launchAll = (seed: string) => {
    const { sim } = setUp(0, { seed });
    const out = ['n-a', 'n-b', 'n-c'].map((n) => sim.cloud.launch(launchRequest(n, TYPE, { provisioning: uniform })));
    sim.runUntil(seconds(200));
    return out.map((i) => [i.id, i.registeredAt, i.readyAt]);
  };

  test('same seed → same ids, registration and Ready times; another seed → other times', () => {
    const x = launchAll('7');
    expect(launchAll('7')).toEqual(x);
    expect(x.map((r) => r[0])).toEqual(['i-00000000000000001', 'i-00000000000000002', 'i-00000000000000003']);
    expect(new Set(x.map((r) => r[1])).size).toBe(3); // per-node streams: different names, different draws
    for (const [, reg, ready] of x) {
      expect(reg as number).toBeGreaterThanOrEqual(seconds(30));
      expect(reg as number).toBeLessThanOrEqual(seconds(50));
      expect(ready as number).toBeGreaterThanOrEqual(reg as number);
    }
    expect(launchAll('8').map((r) => r[1])).not.toEqual(x.map((r) => r[1]));
  });
});

describe('DaemonSet pods on a node added at run time', () => {
  test('the daemon pod is created once the node is Ready (the not-ready NoSchedule taint is not tolerated) and bound there', () => {
    const { sim, rec } = setUp(0, { daemonSets: [daemonSet('agent', { app: 'agent' })] });
    sim.cloud.launch(launchRequest('pool-a-1', TYPE));
    sim.runUntil(seconds(100));
    const agents = [...sim.ctx.store.list('Pod')].filter((p) => p.metadata.labels.app === 'agent');
    expect(agents.map((p) => p.spec.nodeName)).toEqual(['pool-a-1']);
    const created = rec.events.find((e) => e.kind === 'DaemonSet' && e.reason === 'SuccessfulCreate')!;
    expect(toSeconds(created.time)).toBe(60);
  });
});

describe('spot interruption', () => {
  const SPOT = instanceType('c-2x', 2, 4, [{ capacityType: 'spot', pricePerHour: 0.04, interruptionRatePerHour: 0 }]);

  test('a timeline interrupt at 100: SpotInterrupted event and notice at 100, the node gone at 220, pods to pod GC', () => {
    const heard: string[] = [];
    const rec = new MemoryRecorder();
    const s = scenario({
      nodes: [],
      workloads: [workload('Deployment', 'web', 1, labels)],
      timeline: [{ at: seconds(100), action: 'interrupt', node: 'spot-1', source: { file: 'test', line: 1 } }],
    });
    const sim = new Simulation(s, rec);
    sim.cloud.listen({ interruptionNotice: (i) => heard.push(`${toSeconds(sim.now)} notice ${i.state}`), terminated: (i) => heard.push(`${toSeconds(sim.now)} terminated ${sim.cloud.endReason(i)}`) });
    const i = sim.cloud.launch(launchRequest('spot-1', SPOT));
    sim.runUntil(seconds(219));
    const before = sim.ctx.store.getNode('spot-1') !== undefined;
    sim.runUntil(seconds(300));
    expect(before).toBe(true);
    // Notice at 100; reclaimed 2 min later at 220; pod GC pass at 220 (on the grid) + 40 s quarantine = 260.
    expect(heard).toEqual(['100 notice interrupted', '220 terminated spot-interruption']);
    expect(rec.events.filter((e) => e.reason === 'SpotInterrupted').map((e) => [toSeconds(e.time), e.kind, e.message])).toEqual([[100, 'Node', 'Spot interruption warning was triggered']]);
    expect(sim.ctx.store.getNode('spot-1')).toBeUndefined();
    expect(toSeconds(i.terminatedAt!)).toBe(220);
    const deleted = rec.pods.filter((r) => r.status === 'Deleted').map((r) => toSeconds(r.time));
    expect(deleted).toEqual([260]);
  });

  test('an interruption rate draws the notice from cloud/<node>/interruption after Ready; same seed, same time', () => {
    const rated = instanceType('c-2x', 2, 4, [{ capacityType: 'spot', pricePerHour: 0.04, interruptionRatePerHour: 2 }]);
    const noticeAt = (seed: string) => {
      const { sim } = setUp(0, { seed, duration: seconds(36000) });
      let at: number | undefined;
      sim.cloud.listen({ interruptionNotice: () => (at = toSeconds(sim.now)) });
      sim.cloud.launch(launchRequest('spot-1', rated));
      sim.runUntil(seconds(36000));
      return at;
    };
    const a = noticeAt('3');
    expect(a).toBeDefined();
    expect(a!).toBeGreaterThan(60); // drawn from Ready at 60
    expect(noticeAt('3')).toBe(a);
  });

  test('on-demand offerings are never interrupted by a rate', () => {
    const od = instanceType('c-2x', 2, 4, [{ capacityType: 'on-demand', interruptionRatePerHour: 5 }]);
    const { sim, heard } = setUp(0, { duration: seconds(36000) });
    sim.cloud.launch(launchRequest('n-1', od));
    sim.runUntil(seconds(36000));
    expect(heard).toEqual(['40 registered n-1 registered', '60 ready n-1 ready']);
  });
});
