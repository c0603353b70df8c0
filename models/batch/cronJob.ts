/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go syncCronJob, cleanupFinishedJobs): settles
 * its active Jobs, starts the run that is due (only the latest), applies the concurrency policy and the starting
 * deadline, names Jobs after the scheduled minute, and deletes finished Jobs beyond the history limits. Schedules run
 * on the wall clock the Simulation's startTime gives the virtual clock. A store client; it never reads a real clock.
 */
import { WorkQueue } from '../controllers/workQueue';
import { maxMicros, micros } from '../../engine/time';
import type { EventKey } from '../../engine/simulator';
import type { SimContext } from '../context';
import { controllerOf, objectRef, type CronJobObj, type JobObj } from '../cluster/objects';
import { newUid } from '../naming';
import { STREAMS } from '../streams';
import { isJobFinished, isTrue } from './conditions';
import { formatRfc1123z, formatRfc3339, parseCronSchedule, timeZoneProblem } from './cronSchedule';
import { cronJobName, MAX_MISSED, mostRecentScheduleTime, nextRequeue } from './cronJobSchedule';
import { newJob } from './newJob';

const COMPONENT = 'cronjob-controller';
export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export class CronJobController {
  private readonly queue: WorkQueue<CronJobObj>;
  /** One pending re-queue per CronJob (the next schedule + 100 ms). */
  private readonly timers = new Map<CronJobObj, EventKey>();

  /** `startTime`: the wall-clock instant (Unix µs) at virtual time 0. */
  constructor(
    private readonly ctx: SimContext,
    private readonly startTime: number,
  ) {
    this.queue = new WorkQueue(ctx.clock, 'cronjob/sync', (cj) => this.sync(cj));
    ctx.store.watch('CronJob', (type, cj) => {
      if (type === 'DELETED') return this.forget(cj);
      if (type === 'ADDED' || !this.writing) this.enqueue(cj);
    });
    ctx.store.watch('Job', (type, job) => {
      const ref = controllerOf(job);
      if (ref?.kind !== 'CronJob') return;
      const cj = this.ctx.store.get('CronJob', job.metadata.namespace, ref.name);
      if (cj !== undefined && cj.metadata.uid === ref.uid && (type === 'DELETED' || isJobFinished(job))) this.enqueue(cj);
    });
  }

  /** Set while the controller writes a CronJob's status, so its own write does not queue another sync. */
  private writing = false;

  private get wallNow(): number {
    return this.startTime + this.ctx.clock.now;
  }

  private enqueue(cj: CronJobObj): void {
    this.queue.add(cj);
  }

  private forget(cj: CronJobObj): void {
    const t = this.timers.get(cj);
    if (t !== undefined) this.ctx.clock.cancel(t);
    this.timers.delete(cj);
    this.queue.forget(cj);
    // Garbage collection of dependents: its Jobs go (and theirs pods with them).
    for (const job of this.ownedJobs(cj)) this.ctx.store.delete(job);
  }

  private requeueAtWall(cj: CronJobObj, wall: number): void {
    const old = this.timers.get(cj);
    if (old !== undefined) this.ctx.clock.cancel(old);
    // Wall-clock Unix µs back to virtual time: the one conversion between the two clocks (Simulation startTime).
    const at = maxMicros(this.ctx.clock.now, micros(wall - this.startTime));
    this.timers.set(cj, this.queue.addAt(cj, at));
  }

  private emit(cj: CronJobObj, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.events.emit(type, reason, message, objectRef(cj), COMPONENT);
  }

  private ownedJobs(cj: CronJobObj): JobObj[] {
    return [...this.ctx.store.list('Job')].filter((j) => controllerOf(j)?.uid === cj.metadata.uid);
  }

  private sync(cj: CronJobObj): void {
    // Every sync sets the next re-queue itself: a pending one (when a Job's change caused this sync) is dropped.
    const pending = this.timers.get(cj);
    if (pending !== undefined) this.ctx.clock.cancel(pending);
    this.timers.delete(cj);
    if (this.ctx.store.get('CronJob', cj.metadata.namespace, cj.metadata.name) !== cj) return;
    const before = JSON.stringify(cj.status);
    this.syncActive(cj);
    this.syncCronJob(cj);
    this.cleanupFinishedJobs(cj);
    if (JSON.stringify(cj.status) !== before) {
      this.writing = true;
      this.ctx.store.update(cj);
      this.writing = false;
    }
  }

  /** Active Jobs that finished or went missing leave status.active. */
  private syncActive(cj: CronJobObj): void {
    const { namespace } = cj.metadata;
    for (const name of [...cj.status.active]) {
      const job = this.ctx.store.get('Job', namespace, name);
      if (job === undefined) {
        cj.status.active.splice(cj.status.active.indexOf(name), 1);
        this.emit(cj, 'Normal', 'MissingJob', `Active job went missing: ${name}`);
      } else if (isJobFinished(job)) {
        cj.status.active.splice(cj.status.active.indexOf(name), 1);
        const complete = isTrue(job, 'Complete');
        this.emit(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${name}, condition: ${complete ? 'Complete' : 'Failed'}`);
        if (complete && job.status.completionTime !== undefined) cj.status.lastSuccessfulTime = this.startTime + job.status.completionTime;
      }
    }
  }

  private syncCronJob(cj: CronJobObj): void {
    if (cj.metadata.deletionTimestamp !== undefined) return;
    const { timeZone, schedule: text } = cj.spec;
    if (timeZone !== undefined) {
      const problem = timeZoneProblem(timeZone);
      if (problem !== undefined) return this.emit(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: "${timeZone}": ${problem}`);
    }
    if (cj.spec.suspend) return;
    const schedule = parseCronSchedule(text, timeZone);
    if (typeof schedule === 'string') return this.emit(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${text}" : ${schedule}`);
    const now = this.wallNow;
    const base = { created: this.startTime + cj.metadata.creationTimestamp, lastScheduleTime: cj.status.lastScheduleTime };
    const due = mostRecentScheduleTime(schedule, { ...base, startingDeadlineSeconds: cj.spec.startingDeadlineSeconds }, now);
    const requeue = () => this.requeueAtWall(cj, nextRequeue(schedule, mostRecentScheduleTime(schedule, { created: base.created, lastScheduleTime: cj.status.lastScheduleTime }, now)));
    if (due.mostRecent === undefined) return requeue();
    if (due.missed > MAX_MISSED) {
      this.emit(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    }
    const scheduled = due.mostRecent;
    if (cj.spec.startingDeadlineSeconds !== undefined && scheduled + cj.spec.startingDeadlineSeconds * 1_000_000 < now) {
      this.emit(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${formatRfc1123z(scheduled)}`);
      return requeue();
    }
    const name = cronJobName(cj.metadata.name, scheduled);
    if (cj.status.active.includes(name) || cj.status.lastScheduleTime === scheduled) return requeue();
    if (cj.spec.concurrencyPolicy === 'Forbid' && cj.status.active.length > 0) {
      this.emit(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return requeue();
    }
    if (cj.spec.concurrencyPolicy === 'Replace') {
      for (const old of [...cj.status.active]) {
        const job = this.ctx.store.get('Job', cj.metadata.namespace, old);
        cj.status.active.splice(cj.status.active.indexOf(old), 1);
        if (job !== undefined && this.ctx.store.delete(job)) this.emit(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${old}`);
      }
    }
    if (this.ctx.store.get('Job', cj.metadata.namespace, name) === undefined) {
      const rng = this.ctx.streams.get(STREAMS.job(cj.metadata.namespace, name));
      const annotations = { ...cj.spec.jobTemplate.annotations, [SCHEDULED_TIMESTAMP]: formatRfc3339(scheduled, timeZone) };
      const job = newJob({
        namespace: cj.metadata.namespace,
        name,
        uid: newUid(() => rng.next()),
        labels: cj.spec.jobTemplate.labels,
        annotations,
        owner: { kind: 'CronJob', name: cj.metadata.name, uid: cj.metadata.uid, controller: true },
        spec: cj.spec.jobTemplate.spec,
      });
      this.ctx.store.create(job);
      this.emit(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
      cj.status.active.push(name);
      cj.status.lastScheduleTime = scheduled;
    }
    requeue();
  }

  /** removeOldestJobs: finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit, oldest first. */
  private cleanupFinishedJobs(cj: CronJobObj): void {
    const jobs = this.ownedJobs(cj).filter(isJobFinished);
    const byAge = (a: JobObj, b: JobObj) => {
      const x = a.status.startTime;
      const y = b.status.startTime;
      if (x !== y) return x === undefined ? 1 : y === undefined ? -1 : x - y;
      return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
    };
    const limits: [boolean, number][] = [
      [true, cj.spec.successfulJobsHistoryLimit],
      [false, cj.spec.failedJobsHistoryLimit],
    ];
    for (const [complete, limit] of limits) {
      const list = jobs.filter((j) => isTrue(j, 'Complete') === complete).sort(byAge);
      for (const job of list.slice(0, Math.max(0, list.length - limit))) {
        if (this.ctx.store.delete(job)) this.emit(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
      }
    }
  }
}
