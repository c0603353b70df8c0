/**
 * The StatefulSet controller end to end against workloads-vectors.md SS-1..SS-5, and kubectl's rollout status
 * against SS-6 (table-driven). Readiness is timed with a Behavior's containerStart on the pod-name label, SIGTERM
 * exits with onSigterm; vector time 0 is the triggering change (creation at 0, or a change made at 10 s).
 */
import { seconds } from '../../../engine/time';
import { statefulSetRolloutStatus, type StatefulSetStatusView } from '../../../models/apps/statefulSetRules';
import { MemoryRecorder } from '../../../models/recorder';
import { Simulation } from '../../../models/simulation';
import type { ResolvedBehavior } from '../../../models/behaviors';
import { behavior, fixed, scenario } from '../../support/build';
import { int, statefulSet, template, updateTemplate } from '../../support/apps';

const labels = { app: 'web' };
const readyAfter = (r: Record<string, number>): ResolvedBehavior[] =>
  Object.entries(r).map(([pod, s]) => behavior({ 'statefulset.kubernetes.io/pod-name': pod }, { containerStart: fixed(s) }));
const exitAfter = (s: number, sel: Record<string, string> = labels) => behavior(sel, { onSigterm: { action: 'exit', after: fixed(s), code: 143 } });
const setEvents = (rec: MemoryRecorder, t0 = 0) =>
  rec.events.filter((e) => e.kind === 'StatefulSet').map((e) => [e.time / 1e6 - t0, e.type, e.reason, e.message]);

describe('SS-1: OrderedReady, three pods, web-1 slow (ready after 60 s), a volumeClaimTemplate', () => {
  const s = scenario({
    duration: seconds(100),
    statefulSets: [statefulSet('web', 3, labels, { volumeClaimTemplates: ['www'] })],
    behaviors: readyAfter({ 'web-0': 10, 'web-1': 60, 'web-2': 10 }),
  });
  const rec = new MemoryRecorder();
  const sim = new Simulation(s, rec);
  sim.runUntil(seconds(80));

  test('claim and pod events at 0, 10 and 70: each pod waits for the one before to be Running and Ready', () => {
    // web-0 created at 0, ready at 10 → web-1 created at 10, ready at 70 → web-2 created at 70, ready at 80.
    expect(setEvents(rec)).toEqual([
      [0, 'Normal', 'SuccessfulCreate', 'create Claim www-web-0 Pod web-0 in StatefulSet web success'],
      [0, 'Normal', 'SuccessfulCreate', 'create Pod web-0 in StatefulSet web successful'],
      [10, 'Normal', 'SuccessfulCreate', 'create Claim www-web-1 Pod web-1 in StatefulSet web success'],
      [10, 'Normal', 'SuccessfulCreate', 'create Pod web-1 in StatefulSet web successful'],
      [70, 'Normal', 'SuccessfulCreate', 'create Claim www-web-2 Pod web-2 in StatefulSet web success'],
      [70, 'Normal', 'SuccessfulCreate', 'create Pod web-2 in StatefulSet web successful'],
    ]);
  });

  test('at 80: replicas 3, readyReplicas 3; the identity labels', () => {
    expect(sim.ctx.store.get('StatefulSet', 'default', 'web')!.status).toMatchObject({ replicas: 3, readyReplicas: 3 });
    const pod = sim.ctx.store.getPod('default', 'web-2')!;
    expect(pod.metadata.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'web-2', 'apps.kubernetes.io/pod-index': '2' });
    expect(pod.metadata.labels['controller-revision-hash']).toMatch(/^web-[a-z0-9]+$/);
  });

  test('workloads.csv: at 60 s desired 3, current 2, ready 1', () => {
    const row = rec.workloads.find((r) => r.kind === 'StatefulSet' && r.time === seconds(60));
    expect(row).toMatchObject({ desired: 3, current: 2, ready: 1, available: 1 });
  });
});

describe('SS-2: Parallel creates every pod at once', () => {
  const s = scenario({
    duration: seconds(100),
    statefulSets: [statefulSet('web', 3, labels, { podManagementPolicy: 'Parallel' })],
    behaviors: readyAfter({ 'web-0': 10, 'web-1': 60, 'web-2': 10 }),
  });
  const rec = new MemoryRecorder();
  const sim = new Simulation(s, rec);
  sim.runUntil(seconds(59));
  const readyAt59 = sim.ctx.store.get('StatefulSet', 'default', 'web')!.status.readyReplicas;
  sim.runUntil(seconds(60));

  test('web-0, web-1, web-2 created at 0 in ordinal order; readyReplicas 3 at 60', () => {
    expect(setEvents(rec).map((e) => [e[0], e[3]])).toEqual([
      [0, 'create Pod web-0 in StatefulSet web successful'],
      [0, 'create Pod web-1 in StatefulSet web successful'],
      [0, 'create Pod web-2 in StatefulSet web successful'],
    ]);
    expect(readyAt59).toBe(2);
    expect(sim.ctx.store.get('StatefulSet', 'default', 'web')!.status.readyReplicas).toBe(3);
  });
});

describe('SS-3: scale 3 → 1, pods exit 4 s after SIGTERM', () => {
  const run = (policy: 'OrderedReady' | 'Parallel', web0NotReadyUntil?: number) => {
    const s = scenario({
      duration: seconds(100),
      statefulSets: [statefulSet('web', 3, labels, { podManagementPolicy: policy, volumeClaimTemplates: ['www'] })],
      behaviors: [exitAfter(4), ...(web0NotReadyUntil !== undefined ? readyAfter({ 'web-0': web0NotReadyUntil }) : [])],
    });
    const rec = new MemoryRecorder();
    const sim = new Simulation(s, rec);
    sim.runUntil(seconds(10));
    if (web0NotReadyUntil !== undefined) {
      // web-0 restarts at 10 and is not Ready again until 10 + web0NotReadyUntil.
      sim.kubelets.killContainers(sim.ctx.store.getPod('default', 'web-0')!, undefined, 1, 'Error');
    }
    const before = setEvents(rec).length;
    sim.ctx.store.scale('StatefulSet', 'default', 'web', 1);
    sim.runUntil(seconds(40));
    return { events: setEvents(rec, 10).slice(before), sim };
  };

  test('OrderedReady: web-2 deleted at 0, web-1 at 4 (after web-2 is gone); replicas 1 at 8', () => {
    const { events, sim } = run('OrderedReady');
    expect(events).toEqual([
      [0, 'Normal', 'SuccessfulDelete', 'delete Pod web-2 in StatefulSet web successful'],
      [4, 'Normal', 'SuccessfulDelete', 'delete Pod web-1 in StatefulSet web successful'],
    ]);
    expect(sim.ctx.store.get('StatefulSet', 'default', 'web')!.status.replicas).toBe(1);
  });

  test('variant: web-0 not Ready → nothing deleted until it is (ready again 5 s later: deletes at 5 and 9)', () => {
    const { events } = run('OrderedReady', 5);
    expect(events.map((e) => e[0])).toEqual([5, 9]);
  });

  test('variant: Parallel deletes web-2 and web-1 at 0', () => {
    const { events } = run('Parallel');
    expect(events.map((e) => [e[0], e[3]])).toEqual([
      [0, 'delete Pod web-2 in StatefulSet web successful'],
      [0, 'delete Pod web-1 in StatefulSet web successful'],
    ]);
  });
});

describe('SS-4: RollingUpdate partition 0, maxUnavailable 1; old pods exit 4 s after SIGTERM, new pods ready after 10 s', () => {
  const T0 = 10;
  const s = scenario({
    duration: seconds(100),
    statefulSets: [statefulSet('web', 3, labels, { template: template({ ...labels, v: '1' }) })],
    behaviors: [exitAfter(4, { v: '1' }), behavior({ v: '2' }, { containerStart: fixed(10) })],
  });
  const rec = new MemoryRecorder();
  const sim = new Simulation(s, rec);
  sim.runUntil(seconds(T0));
  const before = setEvents(rec).length;
  updateTemplate(sim, 'StatefulSet', 'web', template({ ...labels, v: '2' }));
  sim.runUntil(seconds(T0 + 42));
  const set = sim.ctx.store.get('StatefulSet', 'default', 'web')!;

  test('delete web-2 at 0, create at 4, delete web-1 at 14, create at 18, delete web-0 at 28, create at 32', () => {
    // each old pod takes 4 s to go; its replacement is Ready 10 s after creation, then the next ordinal down goes.
    expect(setEvents(rec, T0).slice(before).map((e) => [e[0], e[3]])).toEqual([
      [0, 'delete Pod web-2 in StatefulSet web successful'],
      [4, 'create Pod web-2 in StatefulSet web successful'],
      [14, 'delete Pod web-1 in StatefulSet web successful'],
      [18, 'create Pod web-1 in StatefulSet web successful'],
      [28, 'delete Pod web-0 in StatefulSet web successful'],
      [32, 'create Pod web-0 in StatefulSet web successful'],
    ]);
  });

  test('at 42: updatedReplicas 3 and currentRevision = updateRevision', () => {
    expect(set.status.updatedReplicas).toBe(3);
    expect(set.status.currentRevision).toBe(set.status.updateRevision);
  });
});

describe('SS-5: partition 2 of 4; old pods exit at once, new pods ready after 10 s', () => {
  const T0 = 10;
  const s = scenario({
    duration: seconds(100),
    statefulSets: [statefulSet('web', 4, labels, { template: template({ ...labels, v: '1' }), updateStrategy: { type: 'RollingUpdate', partition: 2, maxUnavailable: int(1) } })],
    behaviors: [behavior({ v: '2' }, { containerStart: fixed(10) })],
  });
  const rec = new MemoryRecorder();
  const sim = new Simulation(s, rec);
  sim.runUntil(seconds(T0));
  const before = setEvents(rec).length;
  const oldRevision = sim.ctx.store.getPod('default', 'web-0')!.metadata.labels['controller-revision-hash'];
  updateTemplate(sim, 'StatefulSet', 'web', template({ ...labels, v: '2' }));
  sim.runUntil(seconds(T0 + 20));
  const set = sim.ctx.store.get('StatefulSet', 'default', 'web')!;
  const view = (): StatefulSetStatusView => ({ generation: set.metadata.generation, replicas: set.spec.replicas, strategy: 'RollingUpdate', partition: 2, status: set.status });
  const at20 = statefulSetRolloutStatus(view());
  sim.runUntil(seconds(T0 + 30));
  sim.ctx.store.delete(sim.ctx.store.getPod('default', 'web-0')!);
  sim.runUntil(seconds(T0 + 31));

  test('web-3 replaced at 0, web-2 at 10; web-1 and web-0 untouched', () => {
    // "exit at once": the default SIGTERM reaction (exit 143 at once), so delete and create fall at the same instant.
    expect(setEvents(rec, T0).slice(before, before + 4).map((e) => [e[0], e[3]])).toEqual([
      [0, 'delete Pod web-3 in StatefulSet web successful'],
      [0, 'create Pod web-3 in StatefulSet web successful'],
      [10, 'delete Pod web-2 in StatefulSet web successful'],
      [10, 'create Pod web-2 in StatefulSet web successful'],
    ]);
  });

  test('at 20: updatedReplicas 2, "partitioned roll out complete: 2 new pods have been updated..."', () => {
    expect(at20).toEqual({ message: 'partitioned roll out complete: 2 new pods have been updated...\n', done: true });
  });

  test('web-0 deleted by hand at 30 comes back at the OLD revision (0 < partition)', () => {
    const web0 = sim.ctx.store.getPod('default', 'web-0')!;
    expect(web0.metadata.creationTimestamp).toBe(seconds(T0 + 30));
    expect(web0.metadata.labels['controller-revision-hash']).toBe(oldRevision);
    expect(web0.metadata.labels['controller-revision-hash']).not.toBe(set.status.updateRevision);
  });
});

describe('SS-6: kubectl rollout status (upstream TestStatefulSetStatusViewerStatus)', () => {
  const status = (s: Partial<StatefulSetStatusView['status']>): StatefulSetStatusView['status'] => ({
    observedGeneration: 1,
    replicas: 3,
    readyReplicas: 3,
    currentReplicas: 3,
    updatedReplicas: 0,
    currentRevision: '',
    updateRevision: '',
    ...s,
  });
  test.each<[string, StatefulSetStatusView, { message: string; done: boolean; error?: string }]>([
    ['OnDelete', { generation: 1, replicas: 3, strategy: 'OnDelete', status: status({}) }, { message: '', done: true, error: 'rollout status is only available for RollingUpdate strategy type' }],
    ['not observed', { generation: 2, replicas: 3, strategy: 'RollingUpdate', status: status({ observedGeneration: 1 }) }, { message: 'Waiting for statefulset spec update to be observed...\n', done: false }],
    ['1 not ready', { generation: 1, replicas: 3, strategy: 'RollingUpdate', status: status({ readyReplicas: 2 }) }, { message: 'Waiting for 1 pods to be ready...\n', done: false }],
    [
      'complete',
      { generation: 1, replicas: 3, strategy: 'RollingUpdate', status: status({ updatedReplicas: 3, currentRevision: 'foo', updateRevision: 'foo' }) },
      { message: 'statefulset rolling update complete 3 pods at revision foo...\n', done: true },
    ],
  ])('%s', (_name, view, expected) => {
    expect(statefulSetRolloutStatus(view)).toEqual(expected);
  });
});
