/**
 * PrioritySort, the default QueueSort plugin (pkg/scheduler/framework/plugins/queuesort/priority_sort.go : Less,
 * scheduler.md §7.2): the order of the scheduling queue's activeQ. A pure comparison; the queue owns the heap.
 */
import type { Micros } from '../../../engine/time';

/** What the order reads of a queued pod: spec.priority and the queue timestamp (added or last re-added, §8.1). */
export interface QueuedPriority {
  readonly priority: number;
  readonly timestamp: Micros;
}

/** Higher priority first; equal priority → earlier timestamp first. Equal both ways → neither is less. */
export function prioritySortLess(a: QueuedPriority, b: QueuedPriority): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.timestamp < b.timestamp);
}
