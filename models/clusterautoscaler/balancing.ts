/**
 * Balancing a scale-up between similar node groups (cluster-autoscaler processors/nodegroupset/balancing_processor.go
 * `BalanceScaleUpBetweenGroups`, compare_nodegroups.go; reference §2.6). Pure.
 */

export interface ScaleUpInfo {
  readonly group: string;
  readonly currentSize: number;
  newSize: number;
  readonly maxSize: number;
}

/**
 * Groups at max dropped; `newNodes` capped to the total headroom; groups sorted by current size ([k8sim] stable,
 * then by id, where upstream's sort.Slice leaves ties unspecified); then nodes added one at a time, water-filling
 * as upstream walks its index. Returns only groups that grew, in the sorted order.
 */
export function balanceScaleUpBetweenGroups(groups: readonly { readonly group: string; readonly currentSize: number; readonly maxSize: number }[], newNodes: number): ScaleUpInfo[] {
  const infos: ScaleUpInfo[] = [];
  let capacity = 0;
  for (const g of groups) {
    if (g.currentSize >= g.maxSize) continue;
    infos.push({ group: g.group, currentSize: g.currentSize, newSize: g.currentSize, maxSize: g.maxSize });
    capacity += g.maxSize - g.currentSize;
  }
  let left = Math.min(newNodes, capacity);
  infos.sort((a, b) => a.currentSize - b.currentSize || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  let start = 0;
  let i = 0;
  while (left > 0) {
    const cur = infos[i];
    if (cur.newSize < cur.maxSize) {
      cur.newSize++;
      left--;
    } else if (start === i) start++;
    if (i < infos.length - 1 && cur.newSize > infos[i + 1].newSize) i++;
    else i = start;
  }
  return infos.filter((x) => x.newSize > x.currentSize);
}

/** What compare_nodegroups.go compares: capacity, allocatable, free, and labels. */
export interface GroupShape {
  readonly capacity: { readonly cpuMilli: number; readonly memoryBytes: number; readonly pods: number };
  readonly allocatable: { readonly cpuMilli: number; readonly memoryBytes: number; readonly pods: number };
  readonly free: { readonly cpuMilli: number; readonly memoryBytes: number; readonly pods: number };
  readonly labels: Readonly<Record<string, string>>;
}

/** Labels compare_nodegroups.go ignores (BasicIgnoredLabels). */
export const IGNORED_LABELS: ReadonlySet<string> = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'beta.kubernetes.io/fluentd-ds-ready',
  'kops.k8s.io/instancegroup',
]);

function within(a: number, b: number, ratio: number): boolean {
  const larger = Math.max(a, b);
  const smaller = Math.min(a, b);
  if (larger === 0) return true;
  return (larger - smaller) / larger <= ratio;
}

/** IsCloudProviderNodeInfoSimilar: capacities equal except memory (ratio), allocatable and free within ratios, labels equal but ignored ones. */
export function similarGroups(a: GroupShape, b: GroupShape, r: { memoryDifferenceRatio: number; maxAllocatableDifferenceRatio: number; maxFreeDifferenceRatio: number }): boolean {
  if (a.capacity.cpuMilli !== b.capacity.cpuMilli || a.capacity.pods !== b.capacity.pods) return false;
  if (!within(a.capacity.memoryBytes, b.capacity.memoryBytes, r.memoryDifferenceRatio)) return false;
  for (const k of ['cpuMilli', 'memoryBytes', 'pods'] as const) {
    if (!within(a.allocatable[k], b.allocatable[k], r.maxAllocatableDifferenceRatio)) return false;
    if (!within(a.free[k], b.free[k], r.maxFreeDifferenceRatio)) return false;
  }
  const keys = new Set([...Object.keys(a.labels), ...Object.keys(b.labels)]);
  for (const k of keys) {
    if (IGNORED_LABELS.has(k)) continue;
    if (a.labels[k] !== b.labels[k]) return false;
  }
  return true;
}
