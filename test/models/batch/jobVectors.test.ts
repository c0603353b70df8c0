/**
 * The Job controller against the public vectors J-1 … J-10 of workloads-vectors.md (expected values copied from the
 * vectors): the back-off arithmetic table-driven, then each scenario run through the Simulation.
 */
import { addMicros, micros, seconds, ZERO } from '../../../engine/time';
import { backoffDelay, remainingTime, remainingTimePerIndex } from '../../../models/batch/backoff';
import { formatIndexes } from '../../../models/batch/indexes';
import { matchPodFailurePolicy, type FailedPodView } from '../../../models/batch/podFailurePolicy';
import type { PodFailurePolicyRule } from '../../../models/batch/spec';
import type { JobObj } from '../../../models/cluster/objects';
import { behavior, fixed, run, scenario } from '../../support/build';
import { Simulation } from '../../../models/simulation';
import { MemoryRecorder } from '../../../models/recorder';
import { eventsOf, job, jobSpec, podCreations } from './harness';

const TEST_BACKOFF = { base: seconds(5), max: seconds(700) };
const conds = (j: JobObj) => j.status.conditions.map((c) => [c.type, c.status, c.reason, c.message]);

describe('J-2 getRemainingBackoffTime (5 s base, 700 s cap)', () => {
  // remaining = max(0, 5 s × 2^(failures−1) capped at 700 s − (now − lastFailure)).
  const cases: { failures: number; elapsed?: number; want: number }[] = [
    { failures: 0, want: 0 },
    { failures: 1, elapsed: 0, want: 5 },
    { failures: 1, elapsed: 1, want: 4 },
    { failures: 1, elapsed: 5, want: 0 },
    { failures: 1, elapsed: 6, want: 0 },
    { failures: 3, elapsed: 0, want: 20 }, // 5 × 4
    { failures: 8, elapsed: 0, want: 640 }, // 5 × 128
    { failures: 9, elapsed: 0, want: 700 }, // 1280 capped
  ];
  it.each(cases)('failures $failures, elapsed $elapsed → $want s', ({ failures, elapsed, want }) => {
    const last = elapsed === undefined ? undefined : seconds(1000);
    expect(remainingTime(failures, last, seconds(1000 + (elapsed ?? 0)), TEST_BACKOFF)).toBe(seconds(want));
  });
});

describe('J-8 delay table (10 s base, 600 s cap)', () => {
  const table: Record<number, number> = { 1: 10, 2: 20, 3: 40, 4: 80, 5: 160, 6: 320, 7: 600, 8: 600 };
  it.each(Object.entries(table))('failures %s → %s s', (n, want) => expect(backoffDelay(Number(n))).toBe(seconds(want)));
});

describe('J-10 getRemainingTimePerIndex (5 s base, 700 s cap)', () => {
  it('no failed pod → 0', () => expect(remainingTimePerIndex(undefined, ZERO, TEST_BACKOFF)).toBe(0));
  // failures = count + ignored + 1 = 3 → 5 × 2² = 20.
  it('failure count 2 → 20 s', () => expect(remainingTimePerIndex({ failureCount: 2, ignoredFailureCount: 0, finishedAt: ZERO }, ZERO, TEST_BACKOFF)).toBe(seconds(20)));
  it('count 1 + ignored 1 → 20 s', () => expect(remainingTimePerIndex({ failureCount: 1, ignoredFailureCount: 1, finishedAt: ZERO }, ZERO, TEST_BACKOFF)).toBe(seconds(20)));
});

describe('J-4 matchPodFailurePolicy', () => {
  const rules: PodFailurePolicyRule[] = [
    { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
    { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
  ];
  const pod = (exitCode: number, conditions: FailedPodView['conditions'] = []): FailedPodView => ({ namespace: 'default', name: 'work-7xk2p', terminated: [{ name: 'main', exitCode }], conditions });
  it('exit 42 → FailJob at index 0 with the verbatim message', () => {
    expect(matchPodFailurePolicy(rules, pod(42))).toEqual({ action: 'FailJob', index: 0, message: 'Container main for pod default/work-7xk2p failed with exit code 42 matching FailJob rule at index 0' });
  });
  it('exit 1 → no rule → Count', () => expect(matchPodFailurePolicy(rules, pod(1)).action).toBe('Count'));
  it('DisruptionTarget, exit 143 → rule 1, Ignore', () => {
    const m = matchPodFailurePolicy(rules, pod(143, [{ type: 'DisruptionTarget', status: 'True' }]));
    expect([m.action, m.index]).toEqual(['Ignore', 1]);
  });
});

describe('completedIndexes interval notation', () => {
  it.each([
    [[1], '1'],
    [[0, 1], '0,1'],
    [[0, 1, 2], '0-2'],
    [[1, 3, 4, 5, 7], '1,3-5,7'],
  ])('%j → %s', (xs, want) => expect(formatIndexes(xs)).toBe(want));
});

function jobRun(spec: Parameters<typeof job>[1], exit: { after: number; code: number } | undefined, until: number, extra = {}) {
  const s = scenario({
    jobs: [job('pi', spec)],
    behaviors: exit ? [behavior({ app: 'pi' }, { exit: { after: fixed(exit.after), code: { values: [exit.code], weights: [1] } } })] : [],
    ...extra,
  });
  return run(s, seconds(until));
}

describe('J-1 back-off between failed pods', () => {
  // Each pod fails 5 s after it is created; the next starts 10 × 2^(failures−1) s after that failure:
  // 0 → fails 5, +10 → 15 → fails 20, +20 → 40 → fails 45, +40 → 85 → fails 90; 4 failures > backoffLimit 3.
  const { rec, sim } = jobRun(jobSpec({ app: 'pi' }, { backoffLimit: 3 }), { after: 5, code: 1 }, 200);
  const j = sim.ctx.store.get('Job', 'default', 'pi')!;
  it('creates pods at 0, 15, 40, 85', () => expect(podCreations(rec, 'pi-')).toEqual([0, 15, 40, 85]));
  it('fails at 90 with FailureTarget then Failed', () => {
    expect(j.status.failed).toBe(4);
    expect(conds(j)).toEqual([
      ['FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    expect(j.status.conditions[1].lastTransitionTime).toBe(seconds(90));
  });
  it('records 4 SuccessfulCreate and one BackoffLimitExceeded', () => {
    const ev = eventsOf(rec, 'Job', 'pi');
    expect(ev.filter((e) => e.startsWith('Normal SuccessfulCreate'))).toHaveLength(4);
    expect(ev[ev.length - 1]).toBe("Warning BackoffLimitExceeded 'Job has reached the specified backoff limit'");
    expect(ev).toHaveLength(5);
  });
});

describe('J-8 default backoffLimit, pods failing at once', () => {
  // pod k+1 at failure_k + delay(k): 0, 10, 30, 70, 150, 310, 630; the 7th failure (630) exceeds backoffLimit 6.
  const { rec, sim } = jobRun(jobSpec({ app: 'pi' }), { after: 0, code: 1 }, 1000);
  const j = sim.ctx.store.get('Job', 'default', 'pi')!;
  it('creates pods at the doubling delays', () => expect(podCreations(rec, 'pi-')).toEqual([0, 10, 30, 70, 150, 310, 630]));
  it('fails at 630 with 7 failures', () => {
    expect(j.status.failed).toBe(7);
    expect(j.status.conditions.find((c) => c.type === 'Failed')?.lastTransitionTime).toBe(seconds(630));
  });
});

describe('J-3 activeDeadlineSeconds', () => {
  // Two pods run forever; at 100 = startTime + 100 the Job is past its deadline; the pods take 2 s to exit on SIGTERM.
  const s = scenario({
    jobs: [job('batch', jobSpec({ app: 'b' }, { parallelism: 2, completions: 4, activeDeadline: seconds(100) }))],
    behaviors: [behavior({ app: 'b' }, { onSigterm: { action: 'exit', after: fixed(2), code: 143 } })],
  });
  const rec = new MemoryRecorder();
  const sim = new Simulation(s, rec);
  sim.runUntil(seconds(100));
  const j = sim.ctx.store.get('Job', 'default', 'batch')!;
  it('at 100: FailureTarget, both pods deleted and counted failed, 2 terminating', () => {
    expect(conds(j)).toEqual([['FailureTarget', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline']]);
    expect([j.status.failed, j.status.terminating]).toEqual([2, 2]);
  });
  it('at 102: Failed and the Warning event', () => {
    sim.runUntil(seconds(102));
    expect(conds(j)[1]).toEqual(['Failed', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline']);
    expect(j.status.terminating).toBe(0);
    const ev = eventsOf(rec, 'Job', 'batch');
    expect(ev[ev.length - 1]).toBe("Warning DeadlineExceeded 'Job was active longer than specified deadline'");
  });
});

describe('J-4 pod failure policy in a run', () => {
  const policy: PodFailurePolicyRule[] = [{ action: 'FailJob', onExitCodes: { containerName: 'app', operator: 'In', values: [42] } }];
  it('exit 42 at 12 → FailJob: PodFailurePolicy, failed 1, no new pod', () => {
    const { rec, sim } = jobRun(jobSpec({ app: 'pi' }, { podFailurePolicy: policy }), { after: 12, code: 42 }, 100);
    const j = sim.ctx.store.get('Job', 'default', 'pi')!;
    const pod = podCreations(rec, 'pi-');
    expect(pod).toHaveLength(1);
    const name = rec.pods.find((r) => r.pod.startsWith('pi-'))!.pod;
    const msg = `Container app for pod default/${name} failed with exit code 42 matching FailJob rule at index 0`;
    expect(conds(j)).toEqual([
      ['FailureTarget', 'True', 'PodFailurePolicy', msg],
      ['Failed', 'True', 'PodFailurePolicy', msg],
    ]);
    expect(j.status.failed).toBe(1);
  });
  it('exit 1 at 12 → Count: failed 1, replacement at 22', () => {
    const { rec, sim } = jobRun(jobSpec({ app: 'pi' }, { podFailurePolicy: policy }), { after: 12, code: 1 }, 23);
    expect(podCreations(rec, 'pi-')).toEqual([0, 22]);
    expect(sim.ctx.store.get('Job', 'default', 'pi')!.status.failed).toBe(1);
  });
});

describe('J-5 success and ttlSecondsAfterFinished', () => {
  // Two pods exit 0 at times drawn in [20 s, 25 s] (NonIndexed pods carry no label to tell them apart).
  const s = scenario({
    jobs: [job('done', jobSpec({ app: 'd' }, { parallelism: 2, completions: 2, ttlAfterFinished: seconds(100) }))],
    behaviors: [behavior({ app: 'd' }, { exit: { after: { kind: 'uniform', min: seconds(20), max: seconds(25) }, code: { values: [0], weights: [1] } } })],
  });
  const rec = new MemoryRecorder();
  const sim = new Simulation(s, rec);
  sim.runUntil(seconds(30));
  const j = sim.ctx.store.get('Job', 'default', 'done')!;
  it('completes when the second pod succeeds, with both conditions and the Completed event', () => {
    expect(conds(j)).toEqual([
      ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    // The second pod's exit decides: completionTime is the later of the two exits (drawn in 20–25 s).
    const exits = [...sim.ctx.store.list('Pod')].map((p) => (p.status.containerStatuses[0].state as { finishedAt: number }).finishedAt);
    expect(j.status.completionTime).toBe(Math.max(...exits));
    expect(j.status.conditions[1].lastTransitionTime).toBe(Math.max(...exits));
    expect(eventsOf(rec, 'Job', 'done')).toContain("Normal Completed 'Job completed'");
  });
  it('is deleted ttl seconds after finishing, and its pods with it', () => {
    const finished = j.status.completionTime!;
    sim.runUntil(micros(finished + seconds(100) - 1));
    expect(sim.ctx.store.get('Job', 'default', 'done')).toBe(j);
    sim.runUntil(addMicros(finished, seconds(100)));
    expect(sim.ctx.store.get('Job', 'default', 'done')).toBeUndefined();
    sim.runUntil(addMicros(finished, seconds(101)));
    expect([...sim.ctx.store.list('Pod')]).toHaveLength(0);
  });
});

describe('J-6 Indexed Job', () => {
  // Index i's pod runs 15 − 5·i s … the vector: index 1 done at 10, index 0 at 15, index 2 (created at 10) at 30.
  const runFor: Record<string, number> = { '0': 15, '1': 10, '2': 20 };
  const s = scenario({
    jobs: [job('idx', jobSpec({ app: 'i' }, { completionMode: 'Indexed', completions: 3, parallelism: 2 }))],
    behaviors: Object.entries(runFor).map(([i, after]) =>
      behavior({ 'batch.kubernetes.io/job-completion-index': i }, { exit: { after: fixed(after), code: { values: [0], weights: [1] } } }),
    ),
  });
  const rec = new MemoryRecorder();
  const sim = new Simulation(s, rec);
  const j = () => sim.ctx.store.get('Job', 'default', 'idx')!;
  it('t=0: indexes 0 and 1, with the index label and annotation', () => {
    sim.runUntil(ZERO);
    const pods = [...sim.ctx.store.list('Pod')];
    expect(pods.map((p) => p.metadata.name.slice(0, 6))).toEqual(['idx-0-', 'idx-1-']);
    expect(pods.map((p) => p.metadata.annotations['batch.kubernetes.io/job-completion-index'])).toEqual(['0', '1']);
    expect(pods[0].metadata.labels['batch.kubernetes.io/job-name']).toBe('idx');
  });
  it('t=10: index 1 done → index 2 created, completedIndexes "1"', () => {
    sim.runUntil(seconds(10));
    expect(j().status.completedIndexes).toBe('1');
    expect([...sim.ctx.store.list('Pod')].some((p) => p.metadata.name.startsWith('idx-2-'))).toBe(true);
  });
  it('t=15: "0,1"; t=30: "0-2", succeeded 3, complete', () => {
    sim.runUntil(seconds(15));
    expect(j().status.completedIndexes).toBe('0,1');
    sim.runUntil(seconds(30));
    expect([j().status.completedIndexes, j().status.succeeded]).toEqual(['0-2', 3]);
    expect(j().status.conditions.some((c) => c.type === 'Complete' && c.status === 'True')).toBe(true);
  });
});

describe('J-7 suspend and resume', () => {
  const s = scenario({ jobs: [job('s', jobSpec({ app: 's' }, { parallelism: 2, completions: 4, activeDeadline: seconds(200) }))] });
  const rec = new MemoryRecorder();
  const sim = new Simulation(s, rec);
  const j = () => sim.ctx.store.get('Job', 'default', 's')!;
  const setSuspend = (v: boolean) => {
    j().spec.suspend = v;
    sim.ctx.store.update(j(), true);
  };
  it('t=30 suspend: both pods deleted, Suspended condition and event', () => {
    sim.runUntil(seconds(30));
    setSuspend(true);
    sim.runUntil(seconds(30));
    expect(eventsOf(rec, 'Job', 's').filter((e) => e.includes('SuccessfulDelete'))).toHaveLength(2);
    expect(conds(j()).find((c) => c[0] === 'Suspended')).toEqual(['Suspended', 'True', 'JobSuspended', 'Job suspended']);
    expect(eventsOf(rec, 'Job', 's')).toContain("Normal Suspended 'Job suspended'");
  });
  it('t=100 resume: Suspended False JobResumed, startTime 100, two new pods', () => {
    sim.runUntil(seconds(100));
    setSuspend(false);
    sim.runUntil(seconds(100));
    expect(conds(j()).find((c) => c[0] === 'Suspended')).toEqual(['Suspended', 'False', 'JobResumed', 'Job resumed']);
    expect(eventsOf(rec, 'Job', 's')).toContain("Normal Resumed 'Job resumed'");
    expect(j().status.startTime).toBe(seconds(100));
    expect(podCreations(rec, 's-').filter((t) => t === 100)).toHaveLength(2);
  });
  it('the deadline counts from the resume: DeadlineExceeded at 300, not 200', () => {
    sim.runUntil(seconds(299));
    expect(conds(j()).some((c) => c[0] === 'FailureTarget')).toBe(false);
    sim.runUntil(seconds(300));
    expect(conds(j()).find((c) => c[0] === 'FailureTarget')?.[2]).toBe('DeadlineExceeded');
  });
});
