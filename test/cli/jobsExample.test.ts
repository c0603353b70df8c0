/**
 * scenarios/examples/jobs.yaml through the built CLI: a failing Job's back-off, an Indexed Job and a CronJob over a
 * day, each key number derived by hand below; and a cron schedule that does not parse (exit 2, one located line).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sim, readCsv, tempDir } from '../support/cli';

const out = path.join(tempDir(), 'jobs');
let events: Record<string, string>[];
let workloads: Record<string, string>[];

beforeAll(() => {
  const r = k8sim(['run', 'scenarios/examples/jobs.yaml', '--out', out, '--quiet']);
  expect(r.code).toBe(0);
  events = readCsv(path.join(out, 'events.csv')) as Record<string, string>[];
  workloads = readCsv(path.join(out, 'workloads.csv')) as Record<string, string>[];
});

const on = (kind: string, name: string) => events.filter((e) => e.kind === kind && e.name === name);

test('flaky: pods at 0, 15, 40, 85 and BackoffLimitExceeded at 90', () => {
  // Each pod fails 5 s after creation; the next waits 10 × 2^(failures − 1) s from that failure:
  // 0 → fail 5, +10 = 15 → fail 20, +20 = 40 → fail 45, +40 = 85 → fail 90: 4 failures > backoffLimit 3.
  const ev = on('Job', 'flaky');
  expect(ev.filter((e) => e.reason === 'SuccessfulCreate').map((e) => Number(e.time_s))).toEqual([0, 15, 40, 85]);
  expect(ev.filter((e) => e.reason === 'BackoffLimitExceeded').map((e) => [Number(e.time_s), e.type, e.message])).toEqual([[90, 'Warning', 'Job has reached the specified backoff limit']]);
  // The 5-minute sample at 300 s: 0 active, 0 succeeded, 4 failed.
  const row = workloads.find((w) => w.kind === 'Job' && w.name === 'flaky' && w.time_s === '300.000000')!;
  expect([row.current, row.succeeded, row.failed]).toEqual(['0', '0', '4']);
});

test('render: indexes 0 and 1 at 0, index 2 at 10 (when index 0 finishes), complete at 40', () => {
  // Index 0 runs 10 s (done 10) → index 2 starts at 10 and runs 30 s (done 40); index 1 runs 20 s (done 20).
  const ev = on('Job', 'render');
  expect(ev.filter((e) => e.reason === 'SuccessfulCreate').map((e) => [Number(e.time_s), e.message.slice(0, 'Created pod: render-0'.length)])).toEqual([
    [0, 'Created pod: render-0'],
    [0, 'Created pod: render-1'],
    [10, 'Created pod: render-2'],
  ]);
  expect(ev.filter((e) => e.reason === 'Completed').map((e) => Number(e.time_s))).toEqual([40]);
});

test('report: four runs at 00:00, 06:00, 12:00, 18:00 Berlin = 05:00, 11:00, 17:00, 23:00Z, the first deleted by the history limit', () => {
  // startTime 2026-01-15T00:00:00Z = 01:00 CET. Runs at 05:00Z (18000 s), 11:00Z (39600 s), 17:00Z (61200 s),
  // 23:00Z (82800 s), each synced 100 ms after the minute. Names: Unix minutes, 05:00Z = 1768453200 / 60 = 29474220,
  // then + 360 per run. Each Job runs 120 s; when the 4th completes (82920.1 s) 4 > successfulJobsHistoryLimit 3,
  // so the oldest (29474220) is deleted.
  const ev = on('CronJob', 'report');
  expect(ev.filter((e) => e.reason === 'SuccessfulCreate').map((e) => [e.time_s, e.message])).toEqual([
    ['18000.100000', 'Created job report-29474220'],
    ['39600.100000', 'Created job report-29474580'],
    ['61200.100000', 'Created job report-29474940'],
    ['82800.100000', 'Created job report-29475300'],
  ]);
  expect(ev.filter((e) => e.reason === 'SawCompletedJob')).toHaveLength(4);
  expect(ev.filter((e) => e.reason === 'SuccessfulDelete').map((e) => [e.time_s, e.message])).toEqual([['82920.100000', 'Deleted job report-29474220']]);
});

test("summary.csv: Job completion times from each Job's first pod to its Completed event", () => {
  // render completes 40 s after its first pods (the test above); each report Job's one pod exits 0 after 2 m, so
  // 120 s; flaky ends BackoffLimitExceeded (failed, no completion time). 5 completed, 1 failed;
  // mean (40 + 4 × 120) / 5 = 104 s, max 120 s.
  const summary = readCsv(path.join(out, 'summary.csv')) as Record<string, string>[];
  const run = (figure: string) => summary.find((r) => r.scope === 'run' && r.figure === figure)?.value;
  expect([run('jobs_completed'), run('jobs_failed'), run('job_completion_seconds_mean'), run('job_completion_seconds_max')]).toEqual(['5', '1', '104', '120']);
  const perJob = summary.filter((r) => r.scope === 'Job' && r.figure === 'completion_seconds').map((r) => [r.name, r.value]);
  expect(perJob).toEqual([['render', '40'], ['report-29474220', '120'], ['report-29474580', '120'], ['report-29474940', '120'], ['report-29475300', '120']]);
});

test('a cron schedule that does not parse → exit 2, one located line, no output', () => {
  const dir = tempDir();
  const file = path.join(dir, 'bad.yaml');
  fs.writeFileSync(
    file,
    'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: r}\nspec:\n  schedule: "61 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: c, image: busybox}]\n',
  );
  const o = path.join(dir, 'out');
  const r = k8sim(['run', file, '--out', o]);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/bad\.yaml:5: spec\.schedule: unparseable schedule "61 \* \* \* \*"/);
  expect(fs.existsSync(o)).toBe(false);
});
