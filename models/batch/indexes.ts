/**
 * Completion indexes of Indexed Jobs (pkg/controller/job/indexed_job_utils.go): the interval notation of
 * status.completedIndexes (`1,3-5,7`) and the lowest indexes still to run (firstPendingIndexes). Pure functions.
 */

/** Sorted distinct indexes → `a-c` for runs of three or more, `a,b` for two, `a` for one, joined with commas. */
export function formatIndexes(indexes: Iterable<number>): string {
  const xs = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
    if (j - i >= 2) parts.push(`${xs[i]}-${xs[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(xs[k]));
    i = j + 1;
  }
  return parts.join(',');
}

/** The `count` lowest indexes in [0, completions) that are neither taken (active, succeeded, failed) nor excluded. */
export function firstPendingIndexes(taken: ReadonlySet<number>, count: number, completions: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!taken.has(i)) out.push(i);
  return out;
}
