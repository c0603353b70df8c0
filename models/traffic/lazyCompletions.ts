/**
 * The books of lone completions that go without an event (issue #13): a pod's completion whose work commutes with
 * everything that could happen before something looks (TrafficModel.lazyProbe, lazyRequest) has its place in the
 * event order reserved (Simulator.reserve) and is settled at that place by the first thing that looks, exactly as
 * its event would have run it. Owns the per-node lists and the settle, touch and materialize rules; never decides
 * which completions qualify (the traffic model does) and never does a completion's work itself (completeAt does).
 */
import type { EventScheduler, EventType } from '../../engine/simulator';
import { Priority } from '../../engine/priority';
import type { Micros } from '../../engine/time';
import type { NodeCpuShare, PodUsage } from './podUsage';

export class LazyCompletions {
  /** Completions settled without an event so far (each one event fewer than the eager run). */
  settled = 0;
  /** Lazy completions pending (on every node's `lazy` list together). */
  pending = 0;

  constructor(
    private readonly clock: EventScheduler,
    /** The completion event's type: a lazy completion touched before its time gets its event in its reserved place. */
    private readonly completionType: EventType<PodUsage>,
    /** The completion's work at its own time, as its event would have run it. */
    private readonly completeAt: (u: PodUsage, at: Micros) => void,
  ) {}

  /**
   * A lone arrival's claim rises. The node's sum still holds the claims of its lazy completions (an upper bound of
   * the eager run's sum): within the allocatable, no rebalance either way and the sum is the same whatever the
   * order; over it, the node's due lazy completions are settled first, and if it is still over, false: the eager
   * way shares it out (nothing booked).
   */
  bookLoneClaim(u: PodUsage, now: Micros): boolean {
    const node = u.node;
    const d = u.server!.cpuDemandMilli;
    const claim = d < u.capMilli ? d : u.capMilli;
    if (claim === u.claim) return true;
    if (node.claimed + claim - u.claim > node.allocatableMilli) {
      if (node.lazy.length > 0) this.settleNode(node);
      if (node.claimed + claim - u.claim > node.allocatableMilli) return false;
    }
    node.claimChanged(u, claim, now);
    return true;
  }

  /** The pod's completion at t goes without an event: its place in the order is reserved where scheduleAt's would be. */
  reserve(u: PodUsage, t: Micros): void {
    u.completionAt = t;
    u.lazySeq = this.clock.reserve();
    const lazy = u.node.lazy;
    u.lazyIndex = lazy.length;
    lazy.push(u);
    this.pending++;
  }

  /** Every lazy completion that would have run by now is settled (any order: they commute). */
  settleAll(nodes: Iterable<NodeCpuShare>): void {
    if (this.pending === 0) return;
    for (const node of nodes) if (node.lazy.length > 0) this.settleNode(node);
  }

  /** A reader looks at the pod: its lazy completion is settled if it would have run by now. */
  settle(u: PodUsage): void {
    if (u.lazySeq >= 0 && this.clock.hasRun(u.completionAt, Priority.TRAFFIC, u.lazySeq)) this.settleAt(u);
  }

  /**
   * Something changes the pod's server: its lazy completion is settled when it would have run by now, else it gets
   * its event in the reserved place (as the eager run holds it pending), and the change goes the eager way.
   */
  touch(u: PodUsage): void {
    if (this.clock.hasRun(u.completionAt, Priority.TRAFFIC, u.lazySeq)) {
      this.settleAt(u);
      return;
    }
    const seq = u.lazySeq;
    this.drop(u);
    u.completionKey = this.clock.scheduleReserved(u.completionAt, this.completionType, u, Priority.TRAFFIC, seq);
  }

  /**
   * touch, for a change followed at once by the pod's reschedule (TrafficModel.deliver's arrival, reschedule itself):
   * settled when it would have run by now; else dropped, its seq kept in `u.detachedSeq` and no event scheduled yet.
   * The reschedule then gives it its event in the reserved place if its time stays, else at its new time with a new
   * seq — what touch's scheduleReserved followed by the reschedule's postpone (or cancel and scheduleAt) would leave,
   * without the queue's push and move (issue #13). Nothing between the two may look at the queue or the pod's event.
   */
  detach(u: PodUsage): void {
    if (this.clock.hasRun(u.completionAt, Priority.TRAFFIC, u.lazySeq)) {
      this.settleAt(u);
      return;
    }
    u.detachedSeq = u.lazySeq;
    this.drop(u);
  }

  /** A detached completion whose reschedule did not come (the change was refused): its event in its reserved place. */
  attach(u: PodUsage): void {
    const seq = u.detachedSeq;
    u.detachedSeq = -1;
    u.completionKey = this.clock.scheduleReserved(u.completionAt, this.completionType, u, Priority.TRAFFIC, seq);
  }

  /** Before the node's books change: every lazy completion of the node that would have run by now is settled. */
  settleNode(node: NodeCpuShare): void {
    const lazy = node.lazy;
    const clock = this.clock;
    for (let i = 0; i < lazy.length; ) {
      const u = lazy[i];
      if (clock.hasRun(u.completionAt, Priority.TRAFFIC, u.lazySeq)) this.settleAt(u); // removes it from the list
      else i++;
    }
  }

  /** After the node was shared out: its lazy completions are no longer order-insensitive, they get their events. */
  materializeNode(node: NodeCpuShare): void {
    while (node.lazy.length > 0) this.touch(node.lazy[0]);
  }

  private drop(u: PodUsage): void {
    u.lazySeq = -1;
    this.pending--;
    const lazy = u.node.lazy;
    const i = u.lazyIndex;
    const last = lazy.pop()!;
    if (last !== u) {
      lazy[i] = last;
      last.lazyIndex = i;
    }
  }

  /** The lazy completion, as its event would have run at its time (the completion's work, at u.completionAt). */
  private settleAt(u: PodUsage): void {
    this.drop(u);
    this.settled++;
    this.completeAt(u, u.completionAt);
  }
}
