/**
 * A controller's work queue (client-go workqueue, as the controllers use it): `add` queues one sync of an object at
 * the current instant, deduplicated while it is pending; `addAt`/`addAfter` queue a timed re-sync (AddAfter); every
 * sync runs at CONTROLLER priority, after the kubelets' changes of the same instant. It never decides anything.
 */
import { Priority } from '../../engine/priority';
import type { EventKey, EventScheduler, EventType } from '../../engine/simulator';
import { ZERO, type Micros } from '../../engine/time';

export class WorkQueue<T> {
  private readonly queued = new Set<T>();
  private readonly type: EventType<T>;

  constructor(
    private readonly clock: EventScheduler,
    name: string,
    sync: (obj: T) => void,
  ) {
    this.type = clock.register<T>(name, (obj) => {
      this.queued.delete(obj);
      sync(obj);
    });
  }

  /** One sync of `obj` now, unless one is already pending. */
  add(obj: T): void {
    if (this.queued.has(obj)) return;
    this.queued.add(obj);
    this.clock.schedule(ZERO, this.type, obj, Priority.CONTROLLER);
  }

  /** A sync of `obj` at `at` (a timer the caller may cancel with the key). */
  addAt(obj: T, at: Micros): EventKey {
    return this.clock.scheduleAt(at, this.type, obj, Priority.CONTROLLER);
  }

  /** A sync of `obj` `delay` from now. */
  addAfter(obj: T, delay: Micros): EventKey {
    return this.clock.schedule(delay, this.type, obj, Priority.CONTROLLER);
  }

  /** The object left the API: a pending sync no longer counts as queued (it finds the object gone). */
  forget(obj: T): void {
    this.queued.delete(obj);
  }
}
