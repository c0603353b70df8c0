/**
 * The pod garbage collector's orphan pass (pkg/controller/podgc/gc_controller.go `gcOrphaned`): pods bound to a
 * node that no longer exists are marked Failed with condition DisruptionTarget (`DeletionByPodGC`, `PodGC: node no
 * longer exists`) and force-deleted (grace period 0) once the node has stayed missing through the quarantine.
 *
 * Timing, as upstream: `gc` runs every gcCheckPeriod (20 s) from the controller's start (t = 0); a pass that finds
 * pods on a missing node queues the node name with AddAfter(quarantineTime = 40 s) (the delaying queue keeps the
 * earliest ready time of a name); a later pass takes the names whose time has come and, if the node is still missing,
 * deletes its pods. So pods of a node removed at T go at t1 + 40 s, t1 the first pass at or after T.
 *
 * k8sim runs the passes only while there is something to collect (a Node left the API with pods bound to it, or a
 * name waits in quarantine), on the same 20 s grid, so runs without removed nodes schedule nothing. The other passes
 * (gcTerminated above the 12 500 threshold, gcTerminating with the out-of-service taint, gcUnscheduledTerminating)
 * are not modelled.
 */
import type { EventKey, EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import { addMicros, scaleMicros, seconds, ZERO, type Micros } from '../../engine/time';
import type { SimContext } from '../context';
import type { PodObj } from '../cluster/objects';
import { setCondition } from '../kubelet/podConditions';

/** gc_controller.go gcCheckPeriod. */
export const GC_CHECK_PERIOD: Micros = seconds(20);
/** gc_controller.go quarantineTime. */
export const QUARANTINE_TIME: Micros = seconds(40);
/** The DisruptionTarget condition gcOrphaned sets (reason and message verbatim). */
export const POD_GC_REASON = 'DeletionByPodGC';
export const POD_GC_MESSAGE = 'PodGC: node no longer exists';

export class PodGcController {
  private readonly tickType: EventType<undefined>;
  private timer: EventKey | undefined;
  /** nodeQueue: missing node names → when they leave quarantine. */
  private readonly quarantine = new Map<string, Micros>();
  /** Pods force-deleted as orphans over the run. */
  deleted = 0;

  constructor(private readonly ctx: SimContext) {
    this.tickType = ctx.clock.register('podgc/gc', () => this.gc());
    ctx.store.watch('Node', (type) => {
      if (type !== 'DELETED') return;
      this.arm();
    });
  }

  /** The next pass on the 20 s grid (at now when now is on it). */
  private arm(): void {
    if (this.timer !== undefined) return;
    const now = this.ctx.clock.now;
    const at = scaleMicros(GC_CHECK_PERIOD, Math.ceil(now / GC_CHECK_PERIOD));
    this.timer = this.ctx.clock.scheduleAt(at, this.tickType, undefined, Priority.CONTROLLER);
  }

  /** One `gc` pass (its gcOrphaned part). */
  private gc(): void {
    this.timer = undefined;
    const { store, clock } = this.ctx;
    const now = clock.now;
    const orphans: PodObj[] = [];
    for (const pod of store.list('Pod')) {
      const name = pod.spec.nodeName;
      if (name === undefined || store.getNode(name) !== undefined) continue;
      orphans.push(pod);
      if (!this.quarantine.has(name)) this.quarantine.set(name, addMicros(now, QUARANTINE_TIME));
    }
    // discoverDeletedNodes: names whose quarantine is over and that are still missing.
    const deletedNodes = new Set<string>();
    for (const [name, at] of [...this.quarantine]) {
      if (at > now) continue;
      this.quarantine.delete(name);
      if (store.getNode(name) === undefined) deletedNodes.add(name);
    }
    for (const pod of orphans) {
      if (!deletedNodes.has(pod.spec.nodeName!) || pod.removed) continue;
      this.markFailedAndDelete(pod, now);
    }
    // The next pass 20 s later while names wait in quarantine (unless a removal during this pass armed one).
    if (this.quarantine.size > 0 && this.timer === undefined) {
      this.timer = this.ctx.clock.scheduleAt(addMicros(now, GC_CHECK_PERIOD), this.tickType, undefined, Priority.CONTROLLER);
    }
  }

  /** markFailedAndDeletePodWithCondition: phase Failed and the condition (unless finished), then delete with grace 0. */
  private markFailedAndDelete(pod: PodObj, now: Micros): void {
    const { store } = this.ctx;
    if (pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed') {
      pod.status.phase = 'Failed';
      setCondition(pod, 'DisruptionTarget', 'True', now, POD_GC_REASON, POD_GC_MESSAGE);
      store.update(pod);
    }
    if (pod.removed) return;
    // Delete(gracePeriodSeconds=0) of a pod whose node is gone: the API server removes it at once.
    pod.metadata.deletionTimestamp ??= now;
    pod.metadata.deletionGracePeriod = ZERO;
    store.remove(pod);
    this.deleted++;
  }
}
