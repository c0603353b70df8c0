/**
 * The kubelet model end to end on hand-built scenarios: crash-loop timelines (TV-1), restart policies and phases,
 * probes (TV-3), init containers, graceful deletion. Expected numbers come from the reference vectors or are derived
 * in the comments.
 */
import { seconds, toSeconds, ZERO } from '../../../engine/time';
import { behavior, container, fixed, pod, podSpec, probe, run, scenario, secondsOf, steps } from '../../support/build';

describe('crash loop (TV-1.1: runs 5 s, exits 1, default back-off 10 s → 300 s)', () => {
  const s = scenario({
    duration: seconds(1000),
    pods: [pod('web-0', { app: 'c' })],
    behaviors: [behavior({ app: 'c' }, { exit: { after: fixed(5), code: { values: [1], weights: [1] } } })],
  });
  const { rec } = run(s);
  const app = rec.pods.filter((r) => r.container === 'app');

  test('containers start at 0, 5, 20, 45, 90, 175, 340, 645, 950 (TV-1.1 "restart at" column)', () => {
    // start at 0 (pull 0 s, start 0 s), then each restart at FinishedAt + wait: 5+0, 10+10, 25+20, 50+40, 95+80, 180+160, 345+300, 650+300
    expect(secondsOf(app.filter((r) => r.containerState === 'running'))).toEqual([0, 5, 20, 45, 90, 175, 340, 645, 950]);
  });

  test('crashes at 5 s after each start with exit code 1, reason Error', () => {
    const crashes = app.filter((r) => r.containerState === 'terminated');
    expect(secondsOf(crashes)).toEqual([5, 10, 25, 50, 95, 180, 345, 650, 955]);
    expect(new Set(crashes.map((r) => `${r.reason}/${r.exitCode}`))).toEqual(new Set(['Error/1']));
  });

  test('waits in CrashLoopBackOff with the Go-formatted back-off in the message, restartCount as in TV-1.1', () => {
    const waits = app.filter((r) => r.reason === 'CrashLoopBackOff');
    expect(secondsOf(waits)).toEqual([10, 25, 50, 95, 180, 345, 650, 955]);
    const running = app.filter((r) => r.containerState === 'running');
    expect(running.map((r) => r.restarts)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(rec.pods.map((r) => r.phase))).toEqual(new Set(['Pending', 'Running']));
  });

  test('one BackOff Event whose count rises (dedup), message as the current kubelet writes it', () => {
    const backoffs = rec.events.filter((e) => e.reason === 'BackOff');
    expect(backoffs.map((e) => e.count)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(backoffs[0].message).toMatch(/^Back-off restarting failed container app in pod web-0_default\([0-9a-f-]{36}\)$/);
    expect(backoffs[0].type).toBe('Warning');
  });
});

describe('back-off reset after a long run (TV-1.2)', () => {
  test('a container that ran more than 600 s restarts at once and the next wait is 10 s again', () => {
    // Runs: 5 s crashes to build back-off 10, 20, 40; then a 700 s run; then 5 s again.
    // Build: start 0 crash 5 → restart 5; crash 10 → wait 10 → 20; crash 25 → wait 20 → 45; the 4th run lasts 700 s:
    // crash 745; 745 − 45 > 600 → reset: restart at once at 745; crash 750 → wait 10 → 760; crash 765 → wait 20 → 785.
    const durations = [5, 5, 5, 700, 5, 5];
    let i = 0;
    const s = scenario({
      duration: seconds(800),
      pods: [pod('web-0', { app: 'c' })],
      behaviors: [behavior({ app: 'c' }, { exit: { after: { kind: 'fixed', value: ZERO }, code: { values: [1], weights: [1] } } })],
    });
    // Vary the run length per start by patching the drawn duration through a sequence of fixed behaviours.
    const seq = durations.map((d) => fixed(d));
    const b = s.behaviors[0] as { exit: { after: unknown } };
    Object.defineProperty(b.exit, 'after', { get: () => seq[Math.min(i++, seq.length - 1)] });
    const { rec } = run(s);
    const starts = secondsOf(rec.pods.filter((r) => r.container === 'app' && r.containerState === 'running'));
    expect(starts).toEqual([0, 5, 20, 45, 745, 760, 785]);
  });
});

describe('restart policies and phases', () => {
  const exitAfter = (sec: number, code: number) => ({ exit: { after: fixed(sec), code: { values: [code], weights: [1] } } });

  test('OnFailure, exit 0 → Succeeded; Never, exit 2 → Failed; never restarted', () => {
    const s = scenario({
      pods: [pod('ok', { j: 'ok' }, podSpec({ restartPolicy: 'OnFailure' })), pod('bad', { j: 'bad' }, podSpec({ restartPolicy: 'Never' }))],
      behaviors: [behavior({ j: 'ok' }, exitAfter(30, 0)), behavior({ j: 'bad' }, exitAfter(10, 2))],
    });
    const { rec } = run(s);
    const last = (p: string) => rec.pods.filter((r) => r.pod === p).at(-1)!;
    expect([last('ok').phase, toSeconds(last('ok').time), last('ok').status]).toEqual(['Succeeded', 30, 'Completed']);
    expect([last('bad').phase, toSeconds(last('bad').time), last('bad').status]).toEqual(['Failed', 10, 'Error']);
    expect(rec.pods.filter((r) => r.restarts !== undefined && r.restarts > 0)).toEqual([]);
  });

  test('OnFailure with exit 1 restarts with back-off and the pod stays Running', () => {
    const s = scenario({ duration: seconds(60), pods: [pod('f', { j: 'f' }, podSpec({ restartPolicy: 'OnFailure' }))], behaviors: [behavior({ j: 'f' }, exitAfter(10, 1))] });
    const { rec } = run(s);
    // starts 0, crash 10 → restart 10; crash 20 → +10 → 30; crash 40 → +20 → 60
    expect(secondsOf(rec.pods.filter((r) => r.containerState === 'running'))).toEqual([0, 10, 30, 60]);
    expect(rec.pods.filter((r) => r.time > 0).every((r) => r.phase === 'Running')).toBe(true);
  });

  test('init container runs first; the app container starts when it exits 0 (Init:0/1 → PodInitializing → Running)', () => {
    const spec = podSpec({ restartPolicy: 'Never', initContainers: [container('migrate')], containers: [container('main')] });
    const s = scenario({
      pods: [pod('w', { j: 'w' }, spec)],
      behaviors: [behavior({ j: 'w' }, { container: 'migrate', ...exitAfter(5, 0) }), behavior({ j: 'w' }, { container: 'main', ...exitAfter(20, 0) })],
    });
    const { rec } = run(s);
    const main = rec.pods.filter((r) => r.container === 'main');
    expect(secondsOf(main.filter((r) => r.containerState === 'running'))).toEqual([5]);
    expect(rec.pods.find((r) => r.container === 'migrate' && r.containerState === 'running')?.status).toBe('Init:0/1');
    expect(rec.pods.at(-1)!.phase).toBe('Succeeded');
    expect(rec.pods.at(-1)!.time).toBe(seconds(25));
  });
});

describe('probes (TV-3)', () => {
  test('TV-3.3: readiness with no failures → Ready at the first tick after start (worker ticks at 0, 10, …; start at 2 → Ready at 10)', () => {
    const spec = podSpec({ containers: [container('app', { readinessProbe: probe() })] });
    const s = scenario({ kubelet: { ...scenario().kubelet, containerStart: fixed(2) }, pods: [pod('r', { a: 'r' }, spec)] });
    const { rec } = run(s, seconds(30));
    const firstReady = rec.pods.find((r) => r.ready);
    expect(firstReady?.time).toBe(seconds(10));
  });

  test('TV-3.1: liveness failing from t=35 (start at 2: from 33 s after start) → failures at 40, 50, 60, Killing at 60; SIGTERM ignored → killed at 90 with 137; restart at once', () => {
    const spec = podSpec({ containers: [container('app', { livenessProbe: probe() })] });
    const s = scenario({
      kubelet: { ...scenario().kubelet, containerStart: fixed(2) },
      pods: [pod('l', { a: 'l' }, spec)],
      behaviors: [behavior({ a: 'l' }, { probes: { liveness: steps([33, 'failure']) }, onSigterm: { action: 'ignore', after: fixed(0), code: 143 } })],
    });
    const { rec } = run(s, seconds(95));
    expect(secondsOf(rec.events.filter((e) => e.reason === 'Unhealthy'))).toEqual([40, 50, 60]);
    expect(rec.events.filter((e) => e.reason === 'Unhealthy').map((e) => e.count)).toEqual([1, 2, 3]);
    const killing = rec.events.filter((e) => e.reason === 'Killing');
    expect(killing.map((e) => [toSeconds(e.time), e.message])).toEqual([[60, 'Container app failed liveness probe, will be restarted']]);
    const term = rec.pods.find((r) => r.containerState === 'terminated')!;
    expect([toSeconds(term.time), term.exitCode, term.reason]).toEqual([90, 137, 'Error']);
    // restart is immediate (first crash); container start takes 2 s in this scenario → running again at 92
    expect(secondsOf(rec.pods.filter((r) => r.containerState === 'running'))).toEqual([2, 92]);
  });

  test('TV-3.2: initialDelaySeconds 15, start at 2 → first probe at tick 20, not 17', () => {
    const spec = podSpec({ containers: [container('app', { readinessProbe: probe({ initialDelay: seconds(15) }) })] });
    const s = scenario({ kubelet: { ...scenario().kubelet, containerStart: fixed(2) }, pods: [pod('d', { a: 'd' }, spec)] });
    const { rec } = run(s, seconds(40));
    expect(rec.pods.find((r) => r.ready)?.time).toBe(seconds(20));
  });

  test('TV-3.4: readiness fails from t=45 → failures at 50, 60, 70; Ready=False at 70; no restart', () => {
    const spec = podSpec({ containers: [container('app', { readinessProbe: probe() })] });
    const s = scenario({
      kubelet: { ...scenario().kubelet, containerStart: fixed(2) },
      pods: [pod('f', { a: 'f' }, spec)],
      behaviors: [behavior({ a: 'f' }, { probes: { readiness: steps([43, 'failure']) } })],
    });
    const { rec } = run(s, seconds(100));
    expect(secondsOf(rec.events.filter((e) => e.reason === 'Unhealthy')).slice(0, 3)).toEqual([50, 60, 70]);
    const notReady = rec.pods.filter((r) => r.time > seconds(10) && !r.ready);
    expect(notReady[0].time).toBe(seconds(70));
    expect(rec.pods.filter((r) => (r.restarts ?? 0) > 0)).toEqual([]);
  });

  test('TV-3.5: startup probe (failureThreshold 30) gates liveness; never succeeding → killed at tick 300', () => {
    const spec = podSpec({ containers: [container('app', { startupProbe: probe({ failureThreshold: 30 }), livenessProbe: probe() })] });
    const s = scenario({
      kubelet: { ...scenario().kubelet, containerStart: fixed(2) },
      pods: [pod('s', { a: 's' }, spec)],
      behaviors: [behavior({ a: 's' }, { probes: { startup: steps([0, 'failure']) } })],
    });
    const { rec } = run(s, seconds(305));
    const killing = rec.events.filter((e) => e.reason === 'Killing');
    expect(killing.map((e) => [toSeconds(e.time), e.message])).toEqual([[300, 'Container app failed startup probe, will be restarted']]);
    expect(rec.events.filter((e) => e.reason === 'Unhealthy' && e.message.startsWith('Liveness'))).toEqual([]);
  });
});

describe('graceful deletion', () => {
  test('deletePod: Killing "Stopping container", exit 143 at once by default, pod leaves with status Deleted', () => {
    const s = scenario({
      pods: [pod('x', { a: 'x' })],
      timeline: [{ at: seconds(30), action: 'deletePod', pods: { namespace: 'default', name: 'x' }, source: { file: 't', line: 1 } }],
    });
    const { rec } = run(s, seconds(60));
    expect(rec.events.find((e) => e.reason === 'Killing')?.message).toBe('Stopping container app');
    const last = rec.pods.at(-1)!;
    expect([toSeconds(last.time), last.status]).toEqual([30, 'Deleted']);
    const term = rec.pods.find((r) => r.containerState === 'terminated')!;
    expect(term.exitCode).toBe(143);
  });
});
