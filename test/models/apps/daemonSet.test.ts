/**
 * The DaemonSet controller end to end (store, scheduler, kubelets): workloads-vectors.md DS-2 (RollingUpdate with
 * maxSurge 0, node-name candidate order) and DS-4 (nodes relabelled and tainted). Pods start at once unless a
 * Behavior times them; vector time 0 is the triggering change, made at 10 s of simulated time.
 */
import { seconds } from '../../../engine/time';
import { daemonSetRolloutStatus } from '../../../models/apps/daemonSetRules';
import type { NodeObj } from '../../../models/cluster/objects';
import type { Taint } from '../../../models/cluster/spec';
import { behavior, fixed, node, scenario } from '../../support/build';
import { daemonSet, template, updateTemplate } from '../../support/apps';
import { MemoryRecorder } from '../../../models/recorder';
import { Simulation } from '../../../models/simulation';

const T0 = 10;
const dsEvents = (rec: MemoryRecorder) =>
  rec.events.filter((e) => e.kind === 'DaemonSet').map((e) => ({ t: e.time / 1e6 - T0, reason: e.reason, message: e.message, type: e.type }));

describe('DS-2: RollingUpdate, maxUnavailable 1, maxSurge 0; old pods exit 2 s after SIGTERM, new pods ready after 5 s', () => {
  const labels = { app: 'agent' };
  const s = scenario({
    duration: seconds(60),
    nodes: [node('n3'), node('n1'), node('n2')], // store order differs from name order: candidates go by name
    daemonSets: [daemonSet('agent', labels, { template: template({ ...labels, v: '1' }) })],
    behaviors: [
      behavior({ v: '1' }, { onSigterm: { action: 'exit', after: fixed(2), code: 143 } }),
      behavior({ v: '2' }, { containerStart: fixed(5) }),
    ],
  });
  const rec = new MemoryRecorder();
  const sim = new Simulation(s, rec);
  sim.runUntil(seconds(T0));
  const before = dsEvents(rec).length;
  updateTemplate(sim, 'DaemonSet', 'agent', template({ ...labels, v: '2' }));
  sim.runUntil(seconds(T0 + 8));
  const ds = sim.ctx.store.get('DaemonSet', 'default', 'agent')!;
  const at8 = daemonSetRolloutStatus('agent', ds.status);
  sim.runUntil(seconds(T0 + 30));
  const nodeOf = (pod: string) => sim.ctx.store.getPod('default', pod)?.spec.nodeName ?? rec.pods.find((r) => r.pod === pod && r.node !== '')?.node;

  test('three pods at t=0 of the run, one per node', () => {
    expect(before).toBe(3);
  });

  test('delete n1 at 0, create n1 at 2, delete n2 at 7, create n2 at 9, delete n3 at 14, create n3 at 16', () => {
    // 0: n1 old deleted (the first candidate by name); it exits at 2, the object goes, the manage loop creates the
    // new pod; it starts 5 s later (7) and is available, so n2 is next: 7 → 9 → 14; n3: 14 → 16 → ready 21.
    const ev = dsEvents(rec).slice(before);
    expect(ev.map((e) => [e.t, e.reason, nodeOf(e.message.replace(/^(Created|Deleted) pod: /, ''))])).toEqual([
      [0, 'SuccessfulDelete', 'n1'],
      [2, 'SuccessfulCreate', 'n1'],
      [7, 'SuccessfulDelete', 'n2'],
      [9, 'SuccessfulCreate', 'n2'],
      [14, 'SuccessfulDelete', 'n3'],
      [16, 'SuccessfulCreate', 'n3'],
    ]);
    expect(ev.every((e) => e.type === 'Normal' && /^(Created|Deleted) pod: agent-[a-z0-9]{5}$/.test(e.message))).toBe(true);
  });

  test('rollout status at 8: 1 out of 3 updated', () => {
    expect(at8.message).toBe('Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...\n');
  });

  test('done at 21: updatedNumberScheduled 3, numberAvailable 3', () => {
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3, numberReady: 3 });
    expect(daemonSetRolloutStatus('agent', ds.status).done).toBe(true);
  });

  test('daemon pods carry controller-revision-hash and the automatic tolerations, and are bound by the scheduler', () => {
    const pods = [...sim.ctx.store.list('Pod')];
    expect(new Set(pods.map((p) => p.metadata.labels['controller-revision-hash'])).size).toBe(1);
    expect(pods[0].spec.tolerations.some((t) => t.key === 'node.kubernetes.io/unschedulable')).toBe(true);
    expect(rec.events.filter((e) => e.reason === 'Scheduled').length).toBe(6);
  });

  test('workloads.csv rows: desired/current/ready/available from the status', () => {
    const rows = rec.workloads.filter((r) => r.kind === 'DaemonSet' && r.time === seconds(T0 + 30));
    expect(rows).toEqual([{ time: seconds(T0 + 30), namespace: 'default', kind: 'DaemonSet', name: 'agent', desired: 3, current: 3, ready: 3, available: 3 }]);
  });
});

describe('DS-4: a nodeSelector, nodes relabelled and tainted', () => {
  const labels = { app: 'agent' };
  const s = scenario({
    duration: seconds(100),
    nodes: [node('n1', '4', 16, { labels: { disktype: 'ssd' } }), node('n2')],
    daemonSets: [daemonSet('agent', labels, { template: template(labels, { ...template(labels).spec, nodeSelector: { disktype: 'ssd' } }) })],
  });
  const rec = new MemoryRecorder();
  const sim = new Simulation(s, rec);
  const store = sim.ctx.store;
  const n = (name: string) => store.getNode(name)!;
  const setTaints = (node: NodeObj, taints: Taint[]) => {
    node.spec.taints = taints;
    store.update(node, true);
  };
  const podsOn = (name: string) => [...store.list('Pod')].filter((p) => p.spec.nodeName === name && p.metadata.deletionTimestamp === undefined).map((p) => p.metadata.name);
  const steps: Record<number, { n1: number; n2: number; desired: number }> = {};
  const record = (t: number) => {
    sim.runUntil(seconds(t + 5));
    steps[t] = { n1: podsOn('n1').length, n2: podsOn('n2').length, desired: store.get('DaemonSet', 'default', 'agent')!.status.desiredNumberScheduled };
  };
  record(0);
  sim.runUntil(seconds(10));
  // In place: the scheduler's node cache holds the labels object (k8sim has no label action yet).
  (n('n2').metadata.labels as Record<string, string>).disktype = 'ssd';
  store.update(n('n2'), true);
  record(10);
  sim.runUntil(seconds(20));
  setTaints(n('n1'), [{ key: 'maint', value: 'true', effect: 'NoSchedule' }]);
  record(20);
  sim.runUntil(seconds(30));
  store.delete([...store.list('Pod')].find((p) => p.spec.nodeName === 'n1')!);
  record(30);
  sim.runUntil(seconds(40));
  const deletesBefore = rec.events.filter((e) => e.reason === 'SuccessfulDelete').length;
  setTaints(n('n2'), [{ key: 'maint', value: 'true', effect: 'NoExecute' }]);
  record(40);
  const deletesAfter = rec.events.filter((e) => e.reason === 'SuccessfulDelete' && e.kind === 'DaemonSet').length;
  sim.runUntil(seconds(50));
  setTaints(n('n1'), []);
  setTaints(n('n2'), []);
  record(50);

  test.each([
    [0, { n1: 1, n2: 0, desired: 1 }], // only n1 has disktype=ssd
    [10, { n1: 1, n2: 1, desired: 2 }], // n2 labelled: a pod is created there
    [20, { n1: 1, n2: 1, desired: 1 }], // NoSchedule on n1: the pod stays (shouldContinueRunning); desired 1
    [30, { n1: 0, n2: 1, desired: 1 }], // deleted by hand: not recreated under the NoSchedule taint
    [40, { n1: 0, n2: 0, desired: 0 }], // NoExecute on n2: deleted by the controller, not recreated
    [50, { n1: 1, n2: 1, desired: 2 }], // taints removed: pods on both
  ])('t=%i: %o', (t, expected) => {
    expect(steps[t]).toEqual(expected);
  });

  test("the NoExecute taint's pod is deleted by the DaemonSet controller ('Deleted pod: ...')", () => {
    expect(deletesAfter - deletesBefore).toBe(1);
  });
});
