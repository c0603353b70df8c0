/**
 * The FailedScheduling message: FitError.Error()'s `0/N nodes are available: …` with the string-sorted reason
 * histogram, and the strings DefaultPreemption's own FitError uses. Pure string building.
 */

/** pkg/scheduler/schedule_one.go : ErrNoNodesAvailable (no node in the snapshot at all). */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';
/** framework/preemption/preemption.go : the status given to nodes where preemption cannot help. */
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
/** plugins/defaultpreemption SelectVictimsOnNode: the node has no pod of lower priority than the incoming one. */
export const NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';

/**
 * pkg/scheduler/framework/types.go : FitError.Error() without a PreFilter message: `0/<n> nodes are available:`,
 * then ` <histogram>.` where each entry is `<count> <reason>`, sorted with sort.Strings (byte order) and joined
 * with ", ", then ` <PostFilter message>` when there is one.
 */
export function formatFitError(numAllNodes: number, reasonsPerNode: readonly (readonly string[])[], postFilterMsg = ''): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  const counts = new Map<string, number>();
  for (const reasons of reasonsPerNode) for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const entries = [...counts].map(([reason, n]) => `${n} ${reason}`);
  entries.sort(compareBytes);
  if (entries.length > 0) msg += ` ${entries.join(', ')}.`;
  if (postFilterMsg !== '') msg += ` ${postFilterMsg}`;
  return msg;
}

/** Go's sort.Strings order: by UTF-8 bytes (equal to UTF-16 code-unit order for the ASCII reasons used here). */
function compareBytes(a: string, b: string): number {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return Buffer.compare(ba, bb);
}
