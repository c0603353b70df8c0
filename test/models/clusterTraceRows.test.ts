/**
 * ClusterTrace's pods.csv rows (models/clusterTrace.ts podRows) reuse a container's row text when its state record
 * and restart count are the ones of the pod's last snapshot, and update the snapshot in place. The reference here
 * is the plain computation it replaced: every snapshot string built afresh and compared whole with the last one.
 * Random runs of status changes (a state replaced, or kept while other fields change; restarts; phase, readiness,
 * node, deletion) must give the same rows in the same order.
 */
import fc from 'fast-check';
import { ClusterTrace } from '../../models/clusterTrace';
import type { ClusterStore, WatchHandler } from '../../models/cluster/store';
import { isPodReady, type PodObj } from '../../models/cluster/objects';
import { printPodStatus } from '../../models/kubelet/printStatus';
import type { ContainerState, ContainerStatus } from '../../models/podStatus';
import type { PodRecord, Recorder } from '../../models/recorder';
import { micros, type Micros } from '../../engine/time';

/** The plain podRows (before the reuse): its rows for one notification, given the last snapshot it keeps. */
function plainRows(traced: Map<PodObj, string[]>, pod: PodObj, deleted: boolean, now: Micros): PodRecord[] {
  const out: PodRecord[] = [];
  const ready = isPodReady(pod);
  const status = deleted ? 'Deleted' : printPodStatus(pod);
  const node = pod.spec.nodeName ?? '';
  const st = pod.status;
  const all: ContainerStatus[] = [...st.initContainerStatuses, ...st.containerStatuses];
  const snap = [`${st.phase}|${ready}|${status}|${node}`];
  for (const c of all) {
    const s = c.state;
    snap.push(s === undefined ? '' : s.kind === 'terminated' ? `t|${s.reason}|${s.exitCode}|${c.restartCount}` : s.kind === 'waiting' ? `w|${s.reason}|${c.restartCount}` : `r|${c.restartCount}`);
  }
  const prev = traced.get(pod);
  traced.set(pod, snap);
  const base = { time: now, namespace: pod.metadata.namespace, pod: pod.metadata.name, node, phase: st.phase, ready, status };
  let wrote = false;
  for (let i = 0; i < all.length && !deleted; i++) {
    if (prev && prev[i + 1] === snap[i + 1]) continue;
    if (!prev && all[i].state === undefined) continue;
    const s = all[i].state;
    out.push({ ...base, container: all[i].name, containerState: s?.kind ?? '', reason: s === undefined || s.kind === 'running' ? '' : s.reason, exitCode: s?.kind === 'terminated' ? s.exitCode : undefined, restarts: all[i].restartCount });
    wrote = true;
  }
  if (!wrote && (!prev || prev[0] !== snap[0] || deleted)) out.push({ ...base, container: '', containerState: '', reason: st.reason ?? '', exitCode: undefined, restarts: undefined });
  if (deleted) traced.delete(pod);
  return out;
}

const STATES: ContainerState[] = [
  { kind: 'waiting', reason: 'ContainerCreating' },
  { kind: 'waiting', reason: 'CrashLoopBackOff' },
  { kind: 'running', startedAt: micros(1) },
  { kind: 'terminated', reason: 'Error', exitCode: 1, startedAt: micros(1), finishedAt: micros(2) },
  { kind: 'terminated', reason: 'Completed', exitCode: 0, startedAt: micros(1), finishedAt: micros(2) },
];

// One step: which pod (of 2), which container (of its 1 + 2 init), and what changes.
const step = fc.record({
  pod: fc.integer({ min: 0, max: 1 }),
  container: fc.integer({ min: 0, max: 2 }),
  change: fc.oneof(
    fc.record({ state: fc.integer({ min: 0, max: STATES.length - 1 }), fresh: fc.boolean() }), // the same record, or an equal new one
    fc.constant('restart' as const),
    fc.constant('ready' as const),
    fc.constant('phase' as const),
    fc.constant('node' as const),
    fc.constant('nothing' as const),
    fc.constant('delete' as const),
  ),
});

function newPod(i: number, inits: boolean): PodObj {
  const status = (name: string): ContainerStatus => ({ name, state: undefined, lastTerminationState: undefined, restartCount: 0, ready: false, started: false });
  return {
    kind: 'Pod',
    metadata: { name: `p${i}`, namespace: 'default', uid: `u${i}`, labels: {}, annotations: {}, ownerReferences: [], creationTimestamp: micros(0), resourceVersion: 1, generation: 1 },
    spec: { initContainers: inits ? [{ name: 'i0' }, { name: 'i1' }] : [], containers: [{ name: 'app' }] },
    status: { phase: 'Pending', conditions: [], initContainerStatuses: inits ? [status('i0'), status('i1')] : [], containerStatuses: [status('app')] },
    terminal: false,
    unreachable: false,
    removed: false,
  } as unknown as PodObj;
}

test('pods.csv rows equal the plain snapshot comparison, for random status changes', () => {
  fc.assert(
    fc.property(fc.boolean(), fc.array(step, { maxLength: 60 }), (inits, steps) => {
      let handler: WatchHandler<PodObj> | undefined;
      const store = { watch: (kind: string, h: WatchHandler<PodObj>) => (kind === 'Pod' ? (handler = h) : undefined) } as unknown as ClusterStore;
      const clock = { now: micros(0) };
      const got: PodRecord[] = [];
      new ClusterTrace(store, clock, { pod: (r: PodRecord) => got.push(r) } as unknown as Recorder);
      const want: PodRecord[] = [];
      const traced = new Map<PodObj, string[]>();
      const notify = (type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: PodObj) => {
        handler!(type, pod);
        want.push(...plainRows(traced, pod, type === 'DELETED', clock.now));
      };
      const pods = [newPod(0, inits), newPod(1, inits)];
      for (const p of pods) notify('ADDED', p);
      for (const { pod: i, container, change } of steps) {
        clock.now = micros(clock.now + 1);
        const p = pods[i];
        if (p.removed) continue;
        const all = [...p.status.initContainerStatuses, ...p.status.containerStatuses];
        const c = all[container % all.length];
        if (change === 'restart') c.restartCount++;
        else if (change === 'ready') p.status.conditions = p.status.conditions.length ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: clock.now }];
        else if (change === 'phase') p.status.phase = p.status.phase === 'Running' ? 'Pending' : 'Running';
        else if (change === 'node') p.spec.nodeName = p.spec.nodeName === undefined ? 'n1' : undefined;
        else if (change === 'delete') {
          notify('DELETED', p);
          (p as { removed: boolean }).removed = true;
          continue;
        } else if (change !== 'nothing') c.state = change.fresh ? { ...STATES[change.state] } : STATES[change.state];
        notify('MODIFIED', p);
      }
      expect(got).toEqual(want);
    }),
    { numRuns: 300 },
  );
});
