/**
 * getPhase and stickyPhase against every row of TV-2.1 … TV-2.9 (kubernetes-vectors.md), which copy
 * pkg/kubelet/kubelet_pods_test.go TestPodPhaseWith* case for case (rows marked derived are hand-derived there).
 */
import { getPhase, stickyPhase } from '../../../models/kubelet/podPhase';
import type { ContainerStatus, PodPhase, RestartPolicy } from '../../../models/podStatus';
import { micros, ZERO } from '../../../engine/time';

type S = ContainerStatus | undefined;

function status(state: ContainerStatus['state'], opts: { lastExit?: number; started?: boolean } = {}): ContainerStatus {
  return {
    name: 'c',
    state,
    lastTerminationState:
      opts.lastExit === undefined
        ? undefined
        : { kind: 'terminated', exitCode: opts.lastExit, reason: 'x', startedAt: ZERO, finishedAt: micros(1) },
    restartCount: 0,
    ready: false,
    started: opts.started ?? false,
  };
}
const terminated = (exitCode: number): ContainerStatus['state'] => ({
  kind: 'terminated',
  exitCode,
  reason: exitCode === 0 ? 'Completed' : 'Error',
  startedAt: ZERO,
  finishedAt: micros(1),
});

// The vectors' notation.
const NONE: S = undefined;
const run = status({ kind: 'running', startedAt: ZERO });
const started = status({ kind: 'running', startedAt: ZERO }, { started: true });
const stop = status(terminated(0)); // Terminated with the zero exit code
const ok = status(terminated(0));
const fail = status(terminated(-1));
const wait = status({ kind: 'waiting', reason: 'ContainerCreating' });
const waitLT0 = status({ kind: 'waiting', reason: 'CrashLoopBackOff' }, { lastExit: 0 });
const waitLTx = status({ kind: 'waiting', reason: 'CrashLoopBackOff' }, { lastExit: -1 });

interface Row {
  readonly name: string;
  readonly policy: RestartPolicy;
  readonly init?: S; // regular init container X
  readonly sidecar?: S; // init container with restartPolicy Always
  readonly hasInit?: boolean; // whether the pod has a regular init container at all
  readonly hasSidecar?: boolean;
  readonly containers: readonly S[];
  readonly terminal?: boolean;
  readonly initialized?: boolean;
  readonly want: PodPhase;
}

function phaseOf(r: Row): PodPhase {
  const initContainers = [];
  if (r.hasInit) initContainers.push({ status: r.init });
  if (r.hasSidecar) initContainers.push({ restartPolicy: 'Always' as const, status: r.sidecar });
  return getPhase({
    restartPolicy: r.policy,
    initContainers,
    containers: r.containers,
    podIsTerminal: r.terminal ?? false,
    podHasInitialized: r.initialized ?? false,
  });
}

// TV-2.1 restartPolicy Always, containers A, B (TestPodPhaseWithRestartAlways)
const tv21: Row[] = [
  { name: '— —', policy: 'Always', containers: [NONE, NONE], want: 'Pending' },
  { name: 'run run', policy: 'Always', containers: [run, run], want: 'Running' },
  { name: 'stop stop', policy: 'Always', containers: [stop, stop], want: 'Running' },
  { name: 'ok ok T', policy: 'Always', containers: [ok, ok], terminal: true, want: 'Succeeded' },
  { name: 'ok fail T', policy: 'Always', containers: [ok, fail], terminal: true, want: 'Failed' },
  { name: 'run stop', policy: 'Always', containers: [run, stop], want: 'Running' },
  { name: 'run —', policy: 'Always', containers: [run, NONE], want: 'Pending' },
  { name: 'run wait', policy: 'Always', containers: [run, wait], want: 'Pending' },
  { name: 'run waitLT0', policy: 'Always', containers: [run, waitLT0], want: 'Running' },
  // derived: running 0, stopped 2, unknown 0, not terminal, Always → Running
  { name: 'ok fail (derived)', policy: 'Always', containers: [ok, fail], want: 'Running' },
];

// TV-2.2 Always, regular init container X, containers A, B (TestPodPhaseWithRestartAlwaysInitContainers)
const tv22: Row[] = [
  { name: 'X — ', policy: 'Always', hasInit: true, init: NONE, containers: [NONE, NONE], want: 'Pending' },
  { name: 'X run', policy: 'Always', hasInit: true, init: run, containers: [NONE, NONE], want: 'Pending' },
  { name: 'X fail (retried)', policy: 'Always', hasInit: true, init: fail, containers: [NONE, NONE], want: 'Pending' },
  { name: 'X waitLT0', policy: 'Always', hasInit: true, init: waitLT0, containers: [NONE, NONE], want: 'Pending' },
  { name: 'X waitLTx', policy: 'Always', hasInit: true, init: waitLTx, containers: [NONE, NONE], want: 'Pending' },
  { name: 'X wait', policy: 'Always', hasInit: true, init: wait, containers: [NONE, NONE], want: 'Pending' },
  { name: 'X ok, run run', policy: 'Always', hasInit: true, init: ok, containers: [run, run], want: 'Running' },
];

// TV-2.3 Always, sidecar X, A, B (TestPodPhaseWithRestartAlwaysRestartableInitContainers)
const sc = (sidecar: S, containers: S[], initialized: boolean, want: PodPhase, terminal = false): Row => ({
  name: '',
  policy: 'Always',
  hasSidecar: true,
  sidecar,
  containers,
  initialized,
  terminal,
  want,
});
const tv23: [string, Row][] = [
  ['— — —', sc(NONE, [NONE, NONE], false, 'Pending')],
  ['run(not started) — —', sc(run, [NONE, NONE], false, 'Pending')],
  ['stop — —', sc(stop, [NONE, NONE], false, 'Pending')],
  ['waitLT0 — —', sc(waitLT0, [NONE, NONE], false, 'Pending')],
  ['waitLTx — —', sc(waitLTx, [NONE, NONE], false, 'Pending')],
  ['wait — —', sc(wait, [NONE, NONE], false, 'Pending')],
  ['started run —', sc(started, [run, NONE], true, 'Pending')],
  ['started run run', sc(started, [run, run], true, 'Running')],
  ['run(not started) run run', sc(run, [run, run], true, 'Running')],
  ['stop run run', sc(stop, [run, run], true, 'Running')],
  ['waitLT0 run run', sc(waitLT0, [run, run], true, 'Running')],
  ['fail ok ok T', sc(fail, [ok, ok], true, 'Succeeded', true)],
  ['ok ok ok T', sc(ok, [ok, ok], true, 'Succeeded', true)],
];

// TV-2.4 Always, regular init X, sidecar Y, container A (TestPodPhaseWithRestartAlwaysAndPodHasRun)
const both = (x: S, y: S, a: S, initialized: boolean, want: PodPhase): Row => ({
  name: '',
  policy: 'Always',
  hasInit: true,
  init: x,
  hasSidecar: true,
  sidecar: y,
  containers: [a],
  initialized,
  want,
});
const tv24: [string, Row][] = [
  ['run run run, initialized=false', both(run, run, run, false, 'Pending')],
  ['run run run, initialized=true', both(run, run, run, true, 'Pending')],
  ['run run stop, initialized=false', both(run, run, stop, false, 'Pending')],
  ['run run stop, initialized=true', both(run, run, stop, true, 'Pending')],
  ['ok run stop', both(ok, run, stop, true, 'Running')],
  ['ok run run', both(ok, run, run, true, 'Running')],
];

// TV-2.5 restartPolicy Never, A, B (TestPodPhaseWithRestartNever)
const tv25: Row[] = [
  { name: '— —', policy: 'Never', containers: [NONE, NONE], want: 'Pending' },
  { name: 'run run', policy: 'Never', containers: [run, run], want: 'Running' },
  { name: 'ok ok', policy: 'Never', containers: [ok, ok], want: 'Succeeded' },
  { name: 'fail fail', policy: 'Never', containers: [fail, fail], want: 'Failed' },
  { name: 'run ok', policy: 'Never', containers: [run, ok], want: 'Running' },
  { name: 'run —', policy: 'Never', containers: [run, NONE], want: 'Pending' },
  { name: 'run wait', policy: 'Never', containers: [run, wait], want: 'Pending' },
  // derived: stopped 2 ≠ succeeded 1, Never → Failed
  { name: 'ok fail (derived)', policy: 'Never', containers: [ok, fail], want: 'Failed' },
];

// TV-2.6 Never, regular init X, A, B (TestPodPhaseWithRestartNeverInitContainers)
const tv26: Row[] = [
  { name: 'X —', policy: 'Never', hasInit: true, init: NONE, containers: [NONE, NONE], want: 'Pending' },
  { name: 'X run', policy: 'Never', hasInit: true, init: run, containers: [NONE, NONE], want: 'Pending' },
  { name: 'X fail', policy: 'Never', hasInit: true, init: fail, containers: [NONE, NONE], want: 'Failed' },
  { name: 'X waitLT0', policy: 'Never', hasInit: true, init: waitLT0, containers: [NONE, NONE], want: 'Pending' },
  { name: 'X waitLTx', policy: 'Never', hasInit: true, init: waitLTx, containers: [NONE, NONE], want: 'Failed' },
  { name: 'X wait', policy: 'Never', hasInit: true, init: wait, containers: [NONE, NONE], want: 'Pending' },
  { name: 'X ok, run run', policy: 'Never', hasInit: true, init: ok, containers: [run, run], want: 'Running' },
];

// TV-2.7 Never, sidecar X, A, B (TestPodPhaseWithRestartNeverRestartableInitContainers)
const scN = (sidecar: S, containers: S[], initialized: boolean, want: PodPhase): Row => ({
  ...sc(sidecar, containers, initialized, want),
  policy: 'Never',
});
const tv27: [string, Row][] = [
  ['— — —', scN(NONE, [NONE, NONE], false, 'Pending')],
  ['run(not started) — —', scN(run, [NONE, NONE], false, 'Pending')],
  ['stop — —', scN(stop, [NONE, NONE], false, 'Pending')],
  ['waitLT0 — —', scN(waitLT0, [NONE, NONE], false, 'Pending')],
  ['waitLTx — —', scN(waitLTx, [NONE, NONE], false, 'Pending')],
  ['wait — —', scN(wait, [NONE, NONE], false, 'Pending')],
  ['started run —', scN(started, [run, NONE], true, 'Pending')],
  ['started ok ok (sidecar still running)', scN(started, [ok, ok], true, 'Running')],
  ['run(not started) ok ok', scN(run, [ok, ok], true, 'Running')],
  ['ok ok ok', scN(ok, [ok, ok], true, 'Succeeded')],
  ['fail ok ok (sidecar exit ignored)', scN(fail, [ok, ok], true, 'Succeeded')],
  ['waitLT0 ok ok', scN(waitLT0, [ok, ok], true, 'Succeeded')],
  ['waitLTx ok ok', scN(waitLTx, [ok, ok], true, 'Succeeded')],
];

// TV-2.8 restartPolicy OnFailure, A, B (TestPodPhaseWithRestartOnFailure)
const tv28: Row[] = [
  { name: '— —', policy: 'OnFailure', containers: [NONE, NONE], want: 'Pending' },
  { name: 'run run', policy: 'OnFailure', containers: [run, run], want: 'Running' },
  { name: 'ok ok', policy: 'OnFailure', containers: [ok, ok], want: 'Succeeded' },
  { name: 'fail fail (both restart)', policy: 'OnFailure', containers: [fail, fail], want: 'Running' },
  { name: 'run ok', policy: 'OnFailure', containers: [run, ok], want: 'Running' },
  { name: 'run —', policy: 'OnFailure', containers: [run, NONE], want: 'Pending' },
  { name: 'run wait', policy: 'OnFailure', containers: [run, wait], want: 'Pending' },
  { name: 'run waitLT0', policy: 'OnFailure', containers: [run, waitLT0], want: 'Running' },
  // derived: stopped 2 ≠ succeeded 1, OnFailure → Running (the failed one restarts)
  { name: 'ok fail (derived)', policy: 'OnFailure', containers: [ok, fail], want: 'Running' },
];

describe('getPhase (pkg/kubelet/kubelet_pods.go getPhase)', () => {
  test.each(tv21.map((r) => [r.name, r] as const))('TV-2.1 Always %s', (_n, r) => {
    expect(phaseOf(r)).toBe(r.want);
  });
  test.each(tv22.map((r) => [r.name, r] as const))('TV-2.2 Always+init %s', (_n, r) => {
    expect(phaseOf(r)).toBe(r.want);
  });
  test.each(tv23)('TV-2.3 Always+sidecar %s', (_n, r) => {
    expect(phaseOf(r)).toBe(r.want);
  });
  test.each(tv24)('TV-2.4 Always+init+sidecar %s', (_n, r) => {
    expect(phaseOf(r)).toBe(r.want);
  });
  test.each(tv25.map((r) => [r.name, r] as const))('TV-2.5 Never %s', (_n, r) => {
    expect(phaseOf(r)).toBe(r.want);
  });
  test.each(tv26.map((r) => [r.name, r] as const))('TV-2.6 Never+init %s', (_n, r) => {
    expect(phaseOf(r)).toBe(r.want);
  });
  test.each(tv27)('TV-2.7 Never+sidecar %s', (_n, r) => {
    expect(phaseOf(r)).toBe(r.want);
  });
  test.each(tv28.map((r) => [r.name, r] as const))('TV-2.8 OnFailure %s', (_n, r) => {
    expect(phaseOf(r)).toBe(r.want);
  });

  test('a static pod ignores podIsTerminal (falls through to the restart policy)', () => {
    // stopped 2, succeeded 1, terminal but static → Always → Running
    const phase = getPhase({
      restartPolicy: 'Always',
      initContainers: [],
      containers: [ok, fail],
      podIsTerminal: true,
      podHasInitialized: true,
      isStaticPod: true,
    });
    expect(phase).toBe('Running');
  });

  test('a status with no state set takes the default branch (unknown → Pending)', () => {
    const noState = status(undefined);
    expect(
      getPhase({ restartPolicy: 'Always', initContainers: [], containers: [run, noState], podIsTerminal: false, podHasInitialized: true }),
    ).toBe('Pending');
  });
});

describe('stickyPhase (generateAPIPodStatus: terminal phases are sticky)', () => {
  // TV-2.9
  test.each<[PodPhase | undefined, PodPhase, PodPhase]>([
    ['Succeeded', 'Running', 'Succeeded'],
    ['Failed', 'Pending', 'Failed'],
    ['Running', 'Failed', 'Failed'],
    // no previous phase yet: the computed one is reported
    [undefined, 'Pending', 'Pending'],
  ])('previous %s, computed %s → %s', (previous, computed, want) => {
    expect(stickyPhase(previous, computed)).toBe(want);
  });
});
