/**
 * The CronJob controller against the public vectors C-1 … C-7 of workloads-vectors.md: the due-run arithmetic
 * table-driven over wall-clock instants, then scenarios run through the Simulation from a chosen startTime.
 */
import { addMicros, micros, milliseconds, seconds } from '../../../engine/time';
import { formatRfc3339, parseCronSchedule, parseRfc3339, type CronSchedule } from '../../../models/batch/cronSchedule';
import { cronJobName, mostRecentScheduleTime, nextRequeue } from '../../../models/batch/cronJobSchedule';
import { MemoryRecorder } from '../../../models/recorder';
import { Simulation } from '../../../models/simulation';
import { behavior, fixed, scenario } from '../../support/build';
import { cronJob, eventsOf, jobSpec } from './harness';

const T = (hms: string, day = '2026-01-15') => parseRfc3339(`${day}T${hms}Z`)!;
const sched = (s: string, tz?: string) => parseCronSchedule(s, tz) as CronSchedule;
const every5 = sched('*/5 * * * *');

describe('C-1 first run after creation', () => {
  const s = scenario({
    startTime: T('10:02:00'),
    cronJobs: [cronJob('report', { schedule: '*/5 * * * *', job: jobSpec({ app: 'r' }) })],
  });
  const rec = new MemoryRecorder();
  const sim = new Simulation(s, rec);
  sim.runUntil(seconds(180.1)); // 10:05:00.1: the sync after the 10:05 run (Next + 100 ms)
  const cj = sim.ctx.store.get('CronJob', 'default', 'report')!;
  it('creates report-29474525 at 10:05 (1768471500 / 60) with the scheduled-timestamp annotation', () => {
    const job = sim.ctx.store.get('Job', 'default', 'report-29474525')!;
    expect(job.metadata.creationTimestamp).toBe(seconds(180.1));
    expect(job.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-15T10:05:00Z');
    expect(eventsOf(rec, 'CronJob', 'report')).toEqual(["Normal SuccessfulCreate 'Created job report-29474525'"]);
    expect(cj.status.lastScheduleTime).toBe(T('10:05:00'));
  });
  it('re-queues at 10:10:00.1', () => {
    const due = mostRecentScheduleTime(every5, { created: T('10:02:00'), lastScheduleTime: T('10:05:00') }, T('10:05:00'));
    expect(nextRequeue(every5, due)).toBe(T('10:10:00') + 100_000);
  });
});

describe('C-2 / C-3 / C-4 which run is due', () => {
  const cases: { id: string; schedule: CronSchedule; last: string; deadline?: number; now: string; due?: string; missed?: number; job?: string }[] = [
    // earliest = max(10:00, 10:07:30 − 60 s) = 10:06:30; Next = 10:10 > now → nothing (10:05 dropped silently).
    { id: 'C-2 at 10:07:30', schedule: every5, last: '10:00:00', deadline: 60, now: '10:07:30' },
    { id: 'C-2 at 10:10', schedule: every5, last: '10:00:00', deadline: 60, now: '10:10:00', due: '10:10:00', job: 'report-29474530' },
    // earliest = max(10:00, 10:04:10) = 10:04:10; t1 = 10:05 ≤ now < t2 = 10:10 → 10:05, 150 s late.
    { id: 'C-3', schedule: every5, last: '10:00:00', deadline: 200, now: '10:07:30', due: '10:05:00', job: 'report-29474525' },
    // t1 10:01, t2 10:02: (11:41:30 − 10:01) = 6030 s; 6030 / 60 = 100; + 1 = 101 > 100; latest ≤ now = 11:41.
    { id: 'C-4 case 1', schedule: sched('* * * * *'), last: '10:00:00', now: '11:41:30', due: '11:41:00', missed: 101, job: 'report-29474621' },
    // 5970 s → 99 + 1 = 100 (not > 100).
    { id: 'C-4 case 2', schedule: sched('* * * * *'), last: '10:00:00', now: '11:40:30', due: '11:40:00', missed: 100, job: 'report-29474620' },
  ];
  it.each(cases)('$id', ({ schedule, last, deadline, now, due, missed, job }) => {
    const r = mostRecentScheduleTime(schedule, { created: 0, lastScheduleTime: T(last), startingDeadlineSeconds: deadline }, T(now));
    expect(r.mostRecent).toBe(due === undefined ? undefined : T(due));
    if (missed !== undefined) expect(r.missed).toBe(missed);
    if (job !== undefined) expect(cronJobName('report', r.mostRecent!)).toBe(job);
  });
});

/** A CronJob `job` every minute whose Jobs' pods run 100 s, from 09:59:30 (so 10:00 is the first run). */
function everyMinute(policy: 'Forbid' | 'Replace', extra = {}) {
  const s = scenario({
    startTime: T('09:59:30'),
    cronJobs: [cronJob('job', { schedule: '* * * * *', concurrencyPolicy: policy, job: jobSpec({ app: 'c' }) })],
    behaviors: [behavior({ app: 'c' }, { exit: { after: fixed(100), code: { values: [0], weights: [1] } } })],
    ...extra,
  });
  const rec = new MemoryRecorder();
  const sim = new Simulation(s, rec);
  const at = (hms: string) => micros(T(hms) - T('09:59:30'));
  /**
   * The CronJob's events at `hms`: a schedule-driven sync runs 100 ms after the scheduled minute (nextScheduleDelta),
   * a sync caused by a Job finishing at that instant exactly; so the window is [hms, hms + 100 ms].
   */
  const eventsAt = (hms: string) => {
    sim.runUntil(addMicros(at(hms), milliseconds(100)));
    return rec.events.filter((e) => e.kind === 'CronJob' && e.time >= at(hms) && e.time <= at(hms) + 100_000).map((e) => [e.type, e.reason, e.message]);
  };
  return { sim, eventsAt };
}

describe('C-5 Forbid', () => {
  const { sim, eventsAt } = everyMinute('Forbid');
  const busy = ['Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid'];
  it('10:00 creates job-29474520', () => expect(eventsAt('10:00:00')).toEqual([['Normal', 'SuccessfulCreate', 'Created job job-29474520']]));
  it('10:01 JobAlreadyActive; lastScheduleTime stays 10:00', () => {
    expect(eventsAt('10:01:00')).toEqual([busy]);
    expect(sim.ctx.store.get('CronJob', 'default', 'job')!.status.lastScheduleTime).toBe(T('10:00:00'));
  });
  it('10:01:40 the first Job completes and the 10:01 run starts late', () => {
    expect(eventsAt('10:01:40')).toEqual([
      ['Normal', 'SawCompletedJob', 'Saw completed job: job-29474520, condition: Complete'],
      ['Normal', 'SuccessfulCreate', 'Created job job-29474521'],
    ]);
    expect(sim.ctx.store.get('CronJob', 'default', 'job')!.status.lastScheduleTime).toBe(T('10:01:00'));
  });
  it('10:02 and 10:03 JobAlreadyActive', () => {
    expect(eventsAt('10:02:00')).toEqual([busy]);
    expect(eventsAt('10:03:00')).toEqual([busy]);
  });
  it('10:03:20 the 10:03 run starts; the 10:02 run never happens', () => {
    expect(eventsAt('10:03:20')).toEqual([
      ['Normal', 'SawCompletedJob', 'Saw completed job: job-29474521, condition: Complete'],
      ['Normal', 'SuccessfulCreate', 'Created job job-29474523'],
    ]);
  });
});

describe('C-6 Replace', () => {
  const { sim, eventsAt } = everyMinute('Replace');
  it('10:00 creates, 10:01 and 10:02 delete the running Job and create the next', () => {
    expect(eventsAt('10:00:00')).toEqual([['Normal', 'SuccessfulCreate', 'Created job job-29474520']]);
    expect(eventsAt('10:01:00')).toEqual([
      ['Normal', 'SuccessfulDelete', 'Deleted job job-29474520'],
      ['Normal', 'SuccessfulCreate', 'Created job job-29474521'],
    ]);
    expect(sim.ctx.store.get('CronJob', 'default', 'job')!.status.active).toEqual(['job-29474521']);
    expect(eventsAt('10:02:00')).toEqual([
      ['Normal', 'SuccessfulDelete', 'Deleted job job-29474521'],
      ['Normal', 'SuccessfulCreate', 'Created job job-29474522'],
    ]);
  });
});

describe('C-7 time zones', () => {
  const berlin = sched('0 9 * * *', 'Europe/Berlin');
  it.each([
    // 09:00 CET = 08:00Z; name from UTC Unix minutes; annotation in the zone.
    { day: '2026-01-15', utc: '08:00:00', job: 'report-29474400', stamp: '2026-01-15T09:00:00+01:00' },
    // 09:00 CEST = 07:00Z.
    { day: '2026-07-01', utc: '07:00:00', job: 'report-29714820', stamp: '2026-07-01T09:00:00+02:00' },
  ])('$day', ({ day, utc, job, stamp }) => {
    const run = berlin.next(T('00:00:00', day));
    expect(run).toBe(T(utc, day));
    expect(cronJobName('report', run)).toBe(job);
    expect(formatRfc3339(run, 'Europe/Berlin')).toBe(stamp);
  });
  it('Mars/Base: Warning UnknownTimeZone, no Job', () => {
    const s = scenario({ cronJobs: [cronJob('report', { schedule: '0 9 * * *', timeZone: 'Mars/Base', job: jobSpec({ app: 'r' }) })], duration: seconds(86400) });
    const rec = new MemoryRecorder();
    const sim = new Simulation(s, rec);
    sim.runUntil(seconds(86400));
    expect(eventsOf(rec, 'CronJob', 'report')).toEqual([`Warning UnknownTimeZone 'invalid timeZone: "Mars/Base": unknown time zone Mars/Base'`]);
    expect([...sim.ctx.store.list('Job')]).toHaveLength(0);
  });
});

describe('schedules that do not parse', () => {
  it.each(['bad', '61 * * * *', '* * * * * *', '@fortnightly', 'TZ=UTC * * * * *'])('%s', (s) => expect(typeof parseCronSchedule(s, undefined)).toBe('string'));
  it('@every 90m runs every 90 minutes', () => expect(sched('@every 90m').next(T('10:00:00'))).toBe(T('11:30:00')));
  it('@hourly', () => expect(sched('@hourly').next(T('10:00:00'))).toBe(T('11:00:00')));
});
