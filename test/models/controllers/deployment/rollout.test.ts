/**
 * Rollouts through the whole simulation (store, ReplicaSet controller, kubelet): the vectors D-RU-1, D-RU-3, D-RC-1,
 * D-PD-1, D-RB-1 and D-PS-HPA of workloads-vectors.md §1, with the vectors' conventions: pods start at creation and
 * turn Ready after the vector's delay (a Behavior's containerStart), and a deleted pod exits at once on SIGTERM.
 * Times are seconds after the change (made at t = 100 s, once the first ReplicaSet is fully available).
 */
import { seconds } from '../../../../engine/time';
import type { IntOrPercent, ResolvedDeploymentSpec, ResolvedWorkload } from '../../../../models/cluster/spec';
import type { TimelineAction } from '../../../../models/controllers/timelineAction';
import { REVISION, REVISION_HISTORY } from '../../../../models/controllers/deployment/history';
import { podTemplateHash } from '../../../../models/naming';
import { behavior, fixed, run, scenario, workload } from '../../../support/build';

const T0 = 100;
const int = (value: number): IntOrPercent => ({ kind: 'int', value });
const pct = (value: number): IntOrPercent => ({ kind: 'percent', value });
const src = { file: 'test', line: 1 };

function web(replicas: number, d: Partial<ResolvedDeploymentSpec>, strategy?: ResolvedDeploymentSpec['strategy']): ResolvedWorkload {
  const base = workload('Deployment', 'web', replicas, { app: 'web' });
  const template = { ...base.template, raw: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } } };
  return { ...base, template, deployment: { strategy: strategy ?? { type: 'RollingUpdate', maxSurge: pct(25), maxUnavailable: pct(25) }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, paused: false, ...d } };
}

const setImage = (at: number, image: string): TimelineAction => ({ at: seconds(at), action: 'setImage', target: { namespace: 'default', name: 'web' }, container: 'app', image, source: src });

/** ScalingReplicaSet messages with their time after T0, RS names replaced: the first ReplicaSet is web-a, the next web-b, ... */
function scalingEvents(rec: ReturnType<typeof run>['rec'], names: string[]): [number, string][] {
  return rec.events
    .filter((e) => e.reason === 'ScalingReplicaSet' && e.time >= seconds(T0))
    .map((e) => [e.time / 1e6 - T0, names.reduce((m, n, i) => m.split(n).join(`web-${'abcdef'[i]}`), e.message)] as [number, string]);
}

describe('D-RU-1: maxSurge 1, maxUnavailable 0, new pods ready after 10 s', () => {
  const s = scenario({
    workloads: [web(3, {}, { type: 'RollingUpdate', maxSurge: int(1), maxUnavailable: int(0) })],
    behaviors: [behavior({ app: 'web' }, { containerStart: fixed(10) })],
    timeline: [setImage(T0, 'busybox:1.37')],
    duration: seconds(200),
  });
  const { rec, sim } = run(s);
  const d = sim.ctx.store.get('Deployment', 'default', 'web')!;
  const names = sim.deployments.replicaSetsOf(d).map((r) => r.metadata.name);

  it('scales one up, one down, in the vector order and times', () => {
    expect(scalingEvents(rec, names)).toEqual([
      [0, 'Scaled up replica set web-b from 0 to 1'],
      [10, 'Scaled down replica set web-a from 3 to 2'],
      [10, 'Scaled up replica set web-b from 1 to 2'],
      [20, 'Scaled down replica set web-a from 2 to 1'],
      [20, 'Scaled up replica set web-b from 2 to 3'],
      [30, 'Scaled down replica set web-a from 1 to 0'],
    ]);
  });

  it('ends complete, revision 2, Progressing NewReplicaSetAvailable', () => {
    const p = d.status!.conditions.find((c) => c.type === 'Progressing')!;
    expect([p.status, p.reason, p.message]).toEqual(['True', 'NewReplicaSetAvailable', `ReplicaSet "${names[1]}" has successfully progressed.`]);
    expect(d.metadata.annotations[REVISION]).toBe('2');
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  });

  it('never more than 4 pods, never fewer than 3 available (the invariants)', () => {
    const samples = rec.workloads.filter((w) => w.kind === 'Deployment' && w.time >= seconds(T0));
    expect(Math.max(...samples.map((w) => w.current))).toBeLessThanOrEqual(4);
    expect(Math.min(...samples.map((w) => w.available))).toBeGreaterThanOrEqual(3);
  });
});

describe('D-RU-3: 25% / 25% of 10, new pods ready after 30 s', () => {
  const s = scenario({
    workloads: [web(10, {})],
    behaviors: [behavior({ app: 'web' }, { containerStart: fixed(30) })],
    timeline: [setImage(T0, 'busybox:1.37')],
    duration: seconds(250),
  });
  const { rec, sim } = run(s);
  const d = sim.ctx.store.get('Deployment', 'default', 'web')!;
  const names = sim.deployments.replicaSetsOf(d).map((r) => r.metadata.name);

  it('creation and the first scale-down in one sync, then 5, 10, 0', () => {
    expect(scalingEvents(rec, names)).toEqual([
      [0, 'Scaled up replica set web-b from 0 to 3'],
      [0, 'Scaled down replica set web-a from 10 to 8'],
      [0, 'Scaled up replica set web-b from 3 to 5'],
      [30, 'Scaled down replica set web-a from 8 to 3'],
      [30, 'Scaled up replica set web-b from 5 to 10'],
      [60, 'Scaled down replica set web-a from 3 to 0'],
    ]);
    expect(d.status).toMatchObject({ replicas: 10, updatedReplicas: 10, availableReplicas: 10 });
  });
});

describe('D-RC-1: Recreate, old pods exit 2 s after SIGTERM, new ready after 5 s', () => {
  const s = scenario({
    workloads: [web(3, {}, { type: 'Recreate', maxSurge: pct(25), maxUnavailable: pct(25) })],
    behaviors: [behavior({ app: 'web' }, { containerStart: fixed(5), onSigterm: { action: 'exit', after: fixed(2), code: 0 } })],
    timeline: [setImage(T0, 'busybox:1.37')],
    duration: seconds(200),
  });
  const { rec, sim } = run(s, seconds(T0 + 1));
  const d = sim.ctx.store.get('Deployment', 'default', 'web')!;

  it('scales the old ReplicaSet to 0 and waits: no new ReplicaSet while old pods terminate', () => {
    expect(sim.deployments.replicaSetsOf(d)).toHaveLength(1);
    const a = d.status!.conditions.find((c) => c.type === 'Available')!;
    expect([a.status, a.reason, a.message]).toEqual(['False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.']);
  });

  it('creates the new ReplicaSet at t=2 with 3 replicas, complete at t=7', () => {
    sim.runUntil(seconds(T0 + 20));
    const names = sim.deployments.replicaSetsOf(d).map((r) => r.metadata.name);
    expect(scalingEvents(rec, names)).toEqual([
      [0, 'Scaled down replica set web-a from 3 to 0'],
      [2, 'Scaled up replica set web-b from 0 to 3'],
    ]);
    const p = d.status!.conditions.find((c) => c.type === 'Progressing')!;
    expect([p.reason, p.lastUpdateTime / 1e6 - T0]).toEqual(['NewReplicaSetAvailable', 7]);
    const a = d.status!.conditions.find((c) => c.type === 'Available')!;
    expect([a.status, a.reason, a.lastTransitionTime / 1e6 - T0]).toEqual(['True', 'MinimumReplicasAvailable', 7]);
  });
});

describe('D-PD-1: progressDeadlineSeconds 600, new pods never ready', () => {
  // The new template's pods (selected by their pod-template-hash) take 10 000 s to start, so they never turn Ready.
  const w = web(3, {}, { type: 'RollingUpdate', maxSurge: int(1), maxUnavailable: int(0) });
  const newRaw = structuredClone(w.template.raw) as { spec: { containers: { image: string }[] } };
  newRaw.spec.containers[0].image = 'busybox:broken';
  const s = scenario({
    workloads: [w],
    behaviors: [behavior({ app: 'web', 'pod-template-hash': podTemplateHash(newRaw) }, { containerStart: fixed(10_000) })],
    timeline: [setImage(T0, 'busybox:broken')],
    duration: seconds(2000),
  });
  const { rec, sim } = run(s, seconds(T0 + 1));
  const d = sim.ctx.store.get('Deployment', 'default', 'web')!;

  it('is Progressing until lastUpdateTime + 600 s, then ProgressDeadlineExceeded (checked 1 s later), with no event', () => {
    const p0 = d.status!.conditions.find((c) => c.type === 'Progressing')!;
    // Created, then progressing at once (one more updated replica): lastUpdateTime is the change's instant.
    expect([p0.reason, p0.lastUpdateTime]).toEqual(['ReplicaSetUpdated', seconds(T0)]);
    // The vector's numbers: lastUpdateTime 100, not timed out at 700 (strictly before), checked and timed out at 701.
    sim.runUntil(seconds(700));
    expect(d.status!.conditions.find((c) => c.type === 'Progressing')!.reason).toBe('ReplicaSetUpdated');
    sim.runUntil(seconds(701));
    const p = d.status!.conditions.find((c) => c.type === 'Progressing')!;
    const newRs = sim.deployments.newReplicaSetOf(d)!;
    expect([p.status, p.reason, p.message, p.lastUpdateTime]).toEqual(['False', 'ProgressDeadlineExceeded', `ReplicaSet "${newRs.metadata.name}" has timed out progressing.`, seconds(701)]);
    expect(rec.events.filter((e) => e.time > seconds(T0 + 1) && e.kind === 'Deployment')).toEqual([]);
  });
});

describe('D-RB-1: revisions through three templates and rollbacks', () => {
  const rollout = (at: number, op: 'undo' | 'pause' | 'resume', revision = 0): TimelineAction => ({ at: seconds(at), action: 'rollout', target: { namespace: 'default', name: 'web' }, op, revision, source: src });
  const s = scenario({
    workloads: [web(1, {})],
    timeline: [setImage(10, 'busybox:2'), setImage(20, 'busybox:3'), rollout(30, 'undo'), rollout(40, 'undo', 2), rollout(50, 'undo', 1), rollout(60, 'undo', 5), rollout(70, 'pause'), rollout(71, 'undo'), rollout(72, 'pause'), rollout(73, 'resume')],
    duration: seconds(100),
  });
  const { sim, rec } = run(s, seconds(70.5));
  const d = sim.ctx.store.get('Deployment', 'default', 'web')!;

  it('pauses with the Progressing condition Unknown DeploymentPaused', () => {
    const p = d.status!.conditions.find((c) => c.type === 'Progressing')!;
    expect([p.status, p.reason, p.message]).toEqual(['Unknown', 'DeploymentPaused', 'Deployment is paused']);
  });

  it("answers kubectl's lines and errors", () => {
    sim.runUntil(seconds(100));
    expect(rec.kubectlLines.filter((l) => l.command.startsWith('kubectl rollout')).map((l) => l.message)).toEqual([
      'deployment.apps/web rolled back',
      'error: unable to find specified revision 2 in history',
      'deployment.apps/web rolled back',
      'deployment.apps/web skipped rollback (current template already matches revision 5)',
      'deployment.apps/web paused',
      "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
      'error: deployment.apps/web is already paused',
      'deployment.apps/web resumed',
    ]);
  });

  it('gives a rolled-back ReplicaSet a new revision and keeps the old one in its history', () => {
    const [h1, h2, h3] = sim.deployments.replicaSetsOf(d).map((r) => r.metadata.annotations);
    expect([h1[REVISION], h2[REVISION], h3[REVISION]]).toEqual(['5', '4', '3']);
    expect([h1[REVISION_HISTORY], h2[REVISION_HISTORY]]).toEqual(['1', '2']);
    expect(d.metadata.annotations[REVISION]).toBe('5');
  });

  it('after the resume (Unknown DeploymentResumed) the complete rollout reads NewReplicaSetAvailable again', () => {
    const p = d.status!.conditions.find((c) => c.type === 'Progressing')!;
    expect([p.status, p.reason, p.lastUpdateTime]).toEqual(['True', 'NewReplicaSetAvailable', seconds(73)]);
  });
});

describe('D-PS-HPA: scaling mid-rollout is proportional', () => {
  // 10 replicas, 25%/25%, new pods take 30 s: at T0 + 1 the sizes are web-a 8, web-b 5 (D-RU-3); then scale to 15.
  const s = scenario({
    workloads: [web(10, {})],
    behaviors: [behavior({ app: 'web' }, { containerStart: fixed(30) })],
    timeline: [setImage(T0, 'busybox:1.37'), { at: seconds(T0 + 1), action: 'scale', target: { kind: 'Deployment', namespace: 'default', name: 'web' }, replicas: 15, source: src }],
    duration: seconds(T0 + 2),
  });
  const { rec, sim } = run(s);
  const d = sim.ctx.store.get('Deployment', 'default', 'web')!;
  const names = sim.deployments.replicaSetsOf(d).map((r) => r.metadata.name);

  it('scales both ReplicaSets by their share and rewrites the annotations', () => {
    expect(scalingEvents(rec, names).filter(([t]) => t === 1)).toEqual([
      [1, 'Scaled up replica set web-a from 8 to 12'],
      [1, 'Scaled up replica set web-b from 5 to 7'],
    ]);
    const b = sim.deployments.newReplicaSetOf(d)!;
    expect([b.metadata.annotations['deployment.kubernetes.io/desired-replicas'], b.metadata.annotations['deployment.kubernetes.io/max-replicas']]).toEqual(['15', '19']);
  });
});

describe('minReadySeconds: a pod is available once Ready for more than minReadySeconds (IsPodAvailable, strict)', () => {
  // maxSurge 1, maxUnavailable 0, minReadySeconds 10, pods Ready 5 s after creation: the new pod is Ready at +5 and
  // available just after +15 (the ReplicaSet's status sync at readySince + 10 s + 1 µs), when the old one goes.
  const w = web(2, {}, { type: 'RollingUpdate', maxSurge: int(1), maxUnavailable: int(0) });
  const s = scenario({
    workloads: [{ ...w, minReadySeconds: 10 }],
    behaviors: [behavior({ app: 'web' }, { containerStart: fixed(5) })],
    timeline: [setImage(T0, 'busybox:1.37')],
    duration: seconds(200),
  });
  const { rec, sim } = run(s);
  const d = sim.ctx.store.get('Deployment', 'default', 'web')!;
  const names = sim.deployments.replicaSetsOf(d).map((r) => r.metadata.name);

  it('scales the old ReplicaSet down 1 µs after readySince + minReadySeconds, each step', () => {
    // The second new pod is created at +15 s + 1 µs, Ready at +20 s + 1 µs, available at +30 s + 2 µs.
    const us = rec.events.filter((e) => e.reason === 'ScalingReplicaSet' && e.time >= seconds(T0)).map((e) => e.time - seconds(T0));
    expect(us).toEqual([0, seconds(15) + 1, seconds(15) + 1, seconds(30) + 2]);
    expect(scalingEvents(rec, names).map(([, m]) => m)).toEqual([
      'Scaled up replica set web-b from 0 to 1',
      'Scaled down replica set web-a from 2 to 1',
      'Scaled up replica set web-b from 1 to 2',
      'Scaled down replica set web-a from 1 to 0',
    ]);
    expect(sim.deployments.newReplicaSetOf(d)!.spec.minReadySeconds).toBe(10);
  });
});

describe('rollouts.csv rows: superseded, complete, unfinished', () => {
  // Two template changes 5 s apart (the first rollout is superseded), then one left running at the end of the run.
  const s = scenario({
    workloads: [web(2, {}, { type: 'RollingUpdate', maxSurge: int(1), maxUnavailable: int(0) })],
    behaviors: [behavior({ app: 'web' }, { containerStart: fixed(10) })],
    timeline: [setImage(T0, 'busybox:2'), setImage(T0 + 5, 'busybox:3'), setImage(T0 + 100, 'busybox:4')],
    duration: seconds(T0 + 105),
  });
  const { rec } = run(s);

  it('records each with its outcome, revisions and lowest availability', () => {
    expect(rec.rollouts.map((r) => [r.start / 1e6 - T0, r.end / 1e6 - T0, r.outcome, r.fromRevision, r.toRevision, r.lowestAvailable, r.maxSurge])).toEqual([
      [0, 5, 'Superseded', '1', '2', 2, 1],
      // At +5 the third ReplicaSet starts at 0 (maxTotal 3 = the 2 old + 1 surging pod); the surging pod of the
      // second, not available, is cleaned up first (cleanupUnhealthyReplicas), then the third grows one pod at a
      // time: created at +5 and +15, each Ready 10 s later, the first ReplicaSet 2 → 1 at +15 and 1 → 0 at +25.
      [5, 25, 'Complete', '2', '3', 2, 1],
      [100, 105, 'Unfinished', '3', '4', 2, 1],
    ]);
  });
});

describe('paused (§1.7): a template change waits for the resume; scaling still works', () => {
  const rollout = (at: number, op: 'pause' | 'resume'): TimelineAction => ({ at: seconds(at), action: 'rollout', target: { namespace: 'default', name: 'web' }, op, revision: 0, source: src });
  const scale = (at: number, replicas: number): TimelineAction => ({ at: seconds(at), action: 'scale', target: { kind: 'Deployment', namespace: 'default', name: 'web' }, replicas, source: src });
  const s = scenario({
    workloads: [web(2, {}, { type: 'RollingUpdate', maxSurge: int(1), maxUnavailable: int(0) })],
    timeline: [rollout(10, 'pause'), setImage(20, 'busybox:2'), scale(30, 4), rollout(40, 'resume')],
    duration: seconds(60),
  });
  const { rec, sim } = run(s, seconds(39));
  const d = sim.ctx.store.get('Deployment', 'default', 'web')!;

  it('creates no ReplicaSet while paused, and scales the one it has', () => {
    expect(sim.deployments.replicaSetsOf(d)).toHaveLength(1);
    expect(sim.deployments.replicaSetsOf(d)[0].spec.replicas).toBe(4);
    expect(d.status!.conditions.find((c) => c.type === 'Progressing')!.reason).toBe('DeploymentPaused');
  });

  it('rolls out at the resume', () => {
    sim.runUntil(seconds(60));
    const rss = sim.deployments.replicaSetsOf(d);
    expect(rss.map((r) => r.spec.replicas)).toEqual([0, 4]);
    // Pods start at once here, so the whole rollout runs at 40 s: first the new ReplicaSet, 0 -> 1 (max 4 + 1 = 5).
    expect(rec.events.filter((e) => e.reason === 'ScalingReplicaSet' && e.time === seconds(40)).map((e) => e.message)[0]).toBe(`Scaled up replica set ${rss[1].metadata.name} from 0 to 1`);
    expect(rec.events.some((e) => e.reason === 'ScalingReplicaSet' && e.time > seconds(20) && e.time < seconds(40) && e.message.includes(rss[1].metadata.name))).toBe(false);
  });
});
