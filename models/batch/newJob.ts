/**
 * Makes a Job object from a resolved Job spec, as the API server stores it after a create (empty status); and the
 * TTL-after-finished controller (pkg/controller/ttlafterfinished processTTL), which deletes a finished Job once its
 * ttlSecondsAfterFinished has passed. newJob creates nothing itself; the controller writes only through the store.
 */
import { ZERO, maxMicros, addMicros } from '../../engine/time';
import type { EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import type { SimContext } from '../context';
import type { JobObj, OwnerReference } from '../cluster/objects';
import type { ResolvedJobSpec } from './spec';
import { finishTime } from './conditions';

export interface NewJob {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly owner?: OwnerReference;
  readonly spec: ResolvedJobSpec;
}

export function newJob(j: NewJob): JobObj {
  return {
    kind: 'Job',
    metadata: {
      name: j.name,
      namespace: j.namespace,
      uid: j.uid,
      labels: j.labels,
      annotations: j.annotations,
      ownerReferences: j.owner ? [j.owner] : [],
      creationTimestamp: ZERO,
      resourceVersion: 0,
      generation: 0,
    },
    spec: { ...j.spec },
    status: { active: 0, ready: 0, succeeded: 0, failed: 0, terminating: 0, completedIndexes: '', failedIndexes: '', conditions: [] },
  };
}

/** Deletes each finished Job with ttlSecondsAfterFinished at finish + ttl (at once when that has passed). */
export class TtlAfterFinishedController {
  private readonly expireType: EventType<JobObj>;
  private readonly scheduled = new Set<JobObj>();

  constructor(ctx: SimContext) {
    this.expireType = ctx.clock.register('ttl-after-finished/expire', (job) => {
      this.scheduled.delete(job);
      if (ctx.store.get('Job', job.metadata.namespace, job.metadata.name) === job) ctx.store.delete(job);
    });
    ctx.store.watch('Job', (type, job) => {
      if (type === 'DELETED') return void this.scheduled.delete(job);
      const ttl = job.spec.ttlAfterFinished;
      const finished = finishTime(job);
      if (ttl === undefined || finished === undefined || this.scheduled.has(job)) return;
      this.scheduled.add(job);
      ctx.clock.scheduleAt(maxMicros(ctx.clock.now, addMicros(finished, ttl)), this.expireType, job, Priority.CONTROLLER);
    });
  }
}
