/**
 * The Job controller (pkg/controller/job/job_controller.go syncJob, manageJob): counts its pods' outcomes (with the
 * pod failure policy and per-index limits), decides the Job's end in upstream's order, keeps the wanted number of
 * pods active under the pod-failure back-off, suspends and resumes, and garbage-collects the pods of a deleted Job.
 * A store client: it watches Jobs and their pods, syncs at CONTROLLER priority, and writes only through the store.
 */
import { WorkQueue } from '../controllers/workQueue';
import type { EventKey, EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { type Micros, ZERO, addMicros, minMicros, NEVER } from '../../engine/time';
import type { RandomStream } from '../../engine/random';
import type { SimContext } from '../context';
import { isPodActive, isPodReady, objectRef, type JobObj, type PodObj } from '../cluster/objects';
import { newPod } from '../cluster/podFactory';
import { generateName, newUid } from '../naming';
import { STREAMS } from '../streams';
import { EMPTY_BACKOFF, nextBackoffRecord, remainingBackoff, remainingTimePerIndex, type BackoffRecord } from './backoff';
import { decidedEnd, isJobFinished, isTrue, JOB_ENDS, setCondition, type JobEnd } from './conditions';
import { firstPendingIndexes, formatIndexes } from './indexes';
import { matchPodFailurePolicy } from './podFailurePolicy';
import { completionIndex, failedPodView, indexedTemplate, isPodFailed, jobPodLabels, podFinishedTime, podsForRemoval, restarts } from './jobPods';
import { ApiError } from '../cluster/apiError';

/** MaxPodCreateDeletePerSync. */
const MAX_PODS_PER_SYNC = 500;
const COMPONENT = 'job-controller';

/** The controller's private record of one Job (upstream keeps it in expectations, the backoff store and finalizers). */
interface JobState {
  /** Pods the Job created, in creation order, until counted and gone. */
  readonly pods: Set<PodObj>;
  /** Pods whose outcome is counted (uncountedTerminatedPods settled). */
  readonly counted: Set<PodObj>;
  backoff: BackoffRecord;
  readonly succeededIndexes: Set<number>;
  readonly failedIndexes: Set<number>;
  /** backoffLimitPerIndex: per index, failures counted and ignored, and the last failure's finish time. */
  readonly indexFailures: Map<number, { count: number; ignored: number; finishedAt: Micros }>;
  readonly rng: RandomStream;
  /** The spec generation the controller last acted on (status writes do not re-queue). */
  seenGeneration: number;
  /** The pending re-queue and its time (one per Job: every sync recomputes the deadline and the back-off). */
  timer?: { readonly key: EventKey; readonly at: Micros };
}

export class JobController {
  private readonly queue: WorkQueue<JobObj>;
  private readonly requeueType: EventType<JobObj>;
  private readonly states = new Map<JobObj, JobState>();

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.clock, 'job/sync', (j) => this.sync(j));
    this.requeueType = ctx.clock.register('job/requeue', (j) => {
      const st = this.states.get(j);
      if (st !== undefined) st.timer = undefined;
      this.enqueue(j);
    });
    ctx.store.watch('Job', (type, job) => {
      if (type === 'DELETED') return this.forget(job);
      const st = this.state(job);
      if (type === 'ADDED' || job.metadata.generation !== st.seenGeneration) this.enqueue(job);
    });
    ctx.store.watch('Pod', (_type, pod) => {
      const job = this.ownerOf(pod);
      if (job !== undefined) this.enqueue(job);
    });
  }

  private ownerOf(pod: PodObj): JobObj | undefined {
    return this.ctx.store.controllerOf(pod, 'Job');
  }

  private state(job: JobObj): JobState {
    let st = this.states.get(job);
    if (st === undefined) {
      st = {
        pods: new Set(),
        counted: new Set(),
        backoff: EMPTY_BACKOFF,
        succeededIndexes: new Set(),
        failedIndexes: new Set(),
        indexFailures: new Map(),
        rng: this.ctx.streams.get(STREAMS.job(job.metadata.namespace, job.metadata.name)),
        seenGeneration: 0,
      };
      this.states.set(job, st);
    }
    return st;
  }

  private enqueue(job: JobObj): void {
    this.queue.add(job);
  }

  /** One pending re-queue per Job (the deadline or the end of a back-off): the earliest wins; its sync sets the next. */
  private requeueAt(job: JobObj, st: JobState, at: Micros): void {
    if (st.timer !== undefined && st.timer.at <= at) return;
    this.cancelTimer(st);
    st.timer = { key: this.ctx.clock.scheduleAt(at, this.requeueType, job, Priority.CONTROLLER), at };
  }

  private cancelTimer(st: JobState): void {
    if (st.timer !== undefined) this.ctx.clock.cancel(st.timer.key);
    st.timer = undefined;
  }

  /** The Job left the API: its pods are deleted (garbage collection of dependents). */
  private forget(job: JobObj): void {
    const st = this.states.get(job);
    this.states.delete(job);
    this.queue.forget(job);
    if (st === undefined) return;
    this.cancelTimer(st);
    for (const p of st.pods) if (!p.removed) this.ctx.store.delete(p);
  }

  private emit(job: JobObj, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.ctx.events.emit(type, reason, message, objectRef(job), COMPONENT);
  }

  private sync(job: JobObj): void {
    const st = this.states.get(job);
    if (st === undefined || isJobFinished(job)) return;
    st.seenGeneration = job.metadata.generation;
    const now = this.ctx.clock.now;
    const before = JSON.stringify(job.status);
    if (job.status.startTime === undefined && !job.spec.suspend) job.status.startTime = now;

    const failJob = this.countFinishedPods(job, st);
    const pods = [...st.pods].filter((p) => !p.removed);
    const active = pods.filter(isPodActive);
    const terminating = pods.filter((p) => p.metadata.deletionTimestamp !== undefined && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed');
    for (const p of [...st.pods]) if (p.removed && st.counted.has(p)) st.pods.delete(p);

    const end = decidedEnd(job) ?? failJob ?? this.newEnd(job, st, active, now);
    if (end !== undefined) {
      // On failure all active pods are deleted; on success the excess ones (all, since completions are reached).
      for (const p of active) this.deletePod(job, p);
      const stillTerminating = terminating.length + active.length;
      setCondition(job, end.success ? 'SuccessCriteriaMet' : 'FailureTarget', 'True', end.reason, end.message, now);
      this.writeCounts(job, st, 0, 0, stillTerminating);
      if (stillTerminating === 0) this.finish(job, st, end, now);
    } else {
      this.manageJob(job, st, active, terminating, now);
      const ready = active.filter(isPodReady).length;
      this.writeCounts(job, st, active.filter(isPodActive).length, ready, terminating.length);
    }
    if (JSON.stringify(job.status) !== before) this.ctx.store.update(job);
  }

  /** Folds the pods that finished since the last sync into the counts; a FailJob rule match ends the Job. */
  private countFinishedPods(job: JobObj, st: JobState): JobEnd | undefined {
    const onlyReplaceFailed = job.spec.podReplacementPolicy === 'Failed';
    const indexed = job.spec.completionMode === 'Indexed';
    const perIndex = job.spec.backoffLimitPerIndex;
    const newSucceeded: Micros[] = [];
    const newFailed: Micros[] = [];
    let failJob: JobEnd | undefined;
    for (const p of st.pods) {
      if (st.counted.has(p)) continue;
      const index = completionIndex(p);
      if (p.status.phase === 'Succeeded') {
        st.counted.add(p);
        newSucceeded.push(podFinishedTime(p));
        if (!indexed) job.status.succeeded++;
        else if (index !== undefined && !st.failedIndexes.has(index)) st.succeededIndexes.add(index);
        continue;
      }
      if (!isPodFailed(p, onlyReplaceFailed)) continue;
      st.counted.add(p);
      const finishedAt = podFinishedTime(p);
      const match = job.spec.podFailurePolicy ? matchPodFailurePolicy(job.spec.podFailurePolicy, failedPodView(p)) : { action: 'Count' as const };
      const perIndexRecord = () => {
        let r = st.indexFailures.get(index!);
        if (r === undefined) st.indexFailures.set(index!, (r = { count: 0, ignored: 0, finishedAt }));
        r.finishedAt = finishedAt;
        return r;
      };
      if (match.action === 'Ignore') {
        if (perIndex !== undefined && index !== undefined) perIndexRecord().ignored++;
        continue;
      }
      job.status.failed++;
      if (match.action === 'FailJob') {
        failJob ??= { success: false, reason: 'PodFailurePolicy', message: match.message ?? '' };
        continue;
      }
      if (match.action === 'FailIndex' && index !== undefined) {
        st.failedIndexes.add(index);
        continue;
      }
      newFailed.push(finishedAt);
      if (perIndex !== undefined && index !== undefined) {
        const r = perIndexRecord();
        r.count++;
        if (r.count > perIndex) st.failedIndexes.add(index);
      }
    }
    if (indexed) job.status.succeeded = st.succeededIndexes.size;
    st.backoff = nextBackoffRecord(st.backoff, newSucceeded, newFailed);
    return failJob;
  }

  /** The finishing rules of syncJob after a FailJob match, in order (workloads.md §3.4). */
  private newEnd(job: JobObj, st: JobState, active: readonly PodObj[], now: Micros): JobEnd | undefined {
    const s = job.spec;
    if (job.status.failed > s.backoffLimit) return JOB_ENDS.backoffLimitExceeded;
    if (s.template.spec.restartPolicy === 'OnFailure' && pastBackoffLimitOnFailure(active, s.backoffLimit)) return JOB_ENDS.backoffLimitExceeded;
    if (s.activeDeadline !== undefined && !s.suspend && job.status.startTime !== undefined) {
      const deadline = addMicros(job.status.startTime, s.activeDeadline);
      if (now >= deadline) return JOB_ENDS.deadlineExceeded;
      this.requeueAt(job, st, deadline);
    }
    if (s.backoffLimitPerIndex !== undefined) {
      const failed = st.failedIndexes.size;
      if (s.maxFailedIndexes !== undefined && failed > s.maxFailedIndexes) return JOB_ENDS.maxFailedIndexesExceeded;
      if (failed > 0 && s.completions !== null && failed + st.succeededIndexes.size >= s.completions) return JOB_ENDS.failedIndexes;
    }
    const done = s.completions === null ? job.status.succeeded > 0 && active.length === 0 : job.status.succeeded >= s.completions;
    return done ? JOB_ENDS.completionsReached : undefined;
  }

  /** enactJobFinished + recordJobFinished: the final condition once no pod is terminating, and its event. */
  private finish(job: JobObj, st: JobState, end: JobEnd, now: Micros): void {
    setCondition(job, end.success ? 'Complete' : 'Failed', 'True', end.reason, end.message, now);
    this.cancelTimer(st);
    if (end.success) {
      job.status.completionTime = now;
      this.emit(job, 'Normal', 'Completed', 'Job completed');
      if (job.spec.completions !== null && job.status.succeeded > job.spec.completions) {
        this.emit(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
      }
    } else this.emit(job, 'Warning', end.reason, end.message);
  }

  private manageJob(job: JobObj, st: JobState, active: readonly PodObj[], terminating: readonly PodObj[], now: Micros): void {
    const s = job.spec;
    if (s.suspend) {
      for (const p of active) this.deletePod(job, p);
      if (setCondition(job, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now)) this.emit(job, 'Normal', 'Suspended', 'Job suspended');
      return;
    }
    if (isTrue(job, 'Suspended')) {
      setCondition(job, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
      this.emit(job, 'Normal', 'Resumed', 'Job resumed');
      job.status.startTime = now;
      if (s.activeDeadline !== undefined) this.requeueAt(job, st, addMicros(now, s.activeDeadline));
    }
    const succeeded = job.status.succeeded;
    const want = s.completions === null ? (succeeded > 0 ? active.length : s.parallelism) : Math.max(0, Math.min(s.completions - succeeded, s.parallelism));
    if (active.length > want) {
      for (const p of podsForRemoval(active).slice(0, Math.min(active.length - want, MAX_PODS_PER_SYNC))) this.deletePod(job, p);
      return;
    }
    const diff = Math.min(want - active.length - (s.podReplacementPolicy === 'Failed' ? terminating.length : 0), MAX_PODS_PER_SYNC);
    if (diff <= 0) return;
    if (s.completionMode === 'NonIndexed') {
      const wait = s.backoffLimitPerIndex === undefined ? remainingBackoff(st.backoff, now) : ZERO;
      if (wait > 0) return this.requeueAt(job, st, addMicros(now, wait));
      for (let i = 0; i < diff; i++) if (!this.createPod(job, st, undefined)) break;
      return;
    }
    // Indexed: the lowest indexes not active, succeeded or failed; each waits for its own (or the Job's) back-off.
    const taken = new Set<number>([...st.succeededIndexes, ...st.failedIndexes]);
    for (const p of [...active, ...(s.podReplacementPolicy === 'Failed' ? terminating : [])]) {
      const i = completionIndex(p);
      if (i !== undefined) taken.add(i);
    }
    const jobWait = s.backoffLimitPerIndex === undefined ? remainingBackoff(st.backoff, now) : ZERO;
    if (jobWait > 0) return this.requeueAt(job, st, addMicros(now, jobWait));
    let created = 0;
    let nextWait = NEVER;
    for (const i of firstPendingIndexes(taken, s.completions ?? 0, s.completions ?? 0)) {
      if (created === diff) break;
      const f = st.indexFailures.get(i);
      const wait = s.backoffLimitPerIndex === undefined ? ZERO : remainingTimePerIndex(f && { failureCount: f.count - 1, ignoredFailureCount: f.ignored, finishedAt: f.finishedAt }, now);
      if (wait > 0) {
        nextWait = minMicros(nextWait, wait);
        continue;
      }
      if (!this.createPod(job, st, i)) break;
      created++;
    }
    if (nextWait !== NEVER) this.requeueAt(job, st, addMicros(now, nextWait));
  }

  /** Creates one pod; false when the API refused it (admission: a quota), after recording `FailedCreate`. */
  private createPod(job: JobObj, st: JobState, index: number | undefined): boolean {
    const { namespace, name: jobName } = job.metadata;
    const u = () => st.rng.next();
    const base = index === undefined ? `${jobName}-` : `${jobName}-${index}-`;
    let name = generateName(base, u);
    while (this.ctx.store.getPod(namespace, name)) name = generateName(base, u);
    const f = index === undefined ? undefined : st.indexFailures.get(index);
    const perIndex = job.spec.backoffLimitPerIndex !== undefined && index !== undefined ? { count: f?.count ?? 0, ignored: f?.ignored ?? 0 } : undefined;
    const template = index === undefined ? job.spec.template : indexedTemplate(job.spec.template, index, perIndex);
    const pod = newPod({
      namespace,
      name,
      uid: newUid(u),
      template,
      owner: { kind: 'Job', name: jobName, uid: job.metadata.uid, controller: true },
      extraLabels: jobPodLabels(job, index),
      generateName: base,
    });
    st.pods.add(pod);
    try {
      this.ctx.store.create(pod);
    } catch (e) {
      st.pods.delete(pod);
      if (!(e instanceof ApiError)) throw e;
      // controller_utils.go RealPodControl.CreatePods: FailedCreatePodReason (the Job retries on its next sync).
      this.emit(job, 'Warning', 'FailedCreate', `Error creating: ${e.message}`);
      return false;
    }
    this.emit(job, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`);
    return true;
  }

  private deletePod(job: JobObj, p: PodObj): void {
    if (this.ctx.store.delete(p)) this.emit(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
  }

  private writeCounts(job: JobObj, st: JobState, active: number, ready: number, terminating: number): void {
    job.status.active = active;
    job.status.ready = ready;
    job.status.terminating = terminating;
    if (job.spec.completionMode === 'Indexed') {
      job.status.completedIndexes = formatIndexes(st.succeededIndexes);
      if (job.spec.backoffLimitPerIndex !== undefined) job.status.failedIndexes = formatIndexes(st.failedIndexes);
    }
  }
}

/** pastBackoffLimitOnFailure: restarts of the pods still running or pending reach the limit (> 0 when the limit is 0). */
function pastBackoffLimitOnFailure(active: readonly PodObj[], backoffLimit: number): boolean {
  let sum = 0;
  for (const p of active) if (p.status.phase === 'Running' || p.status.phase === 'Pending') sum += restarts(p);
  return backoffLimit === 0 ? sum > 0 : sum >= backoffLimit;
}
