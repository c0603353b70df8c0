/**
 * Resource scores of the default scheduler for one (pod, node) pair: NodeResourcesFit with LeastAllocated and
 * NodeResourcesBalancedAllocation, with upstream's integer and float arithmetic. A policy: it scores, never picks
 * a node or breaks ties (upstream selectHost draws at random; the caller owns a seeded tie-break).
 */
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, type ResourceAmounts, type SchedulerNode, type SchedulerPod } from './filter';

/** framework.MaxNodeScore. */
export const MAX_NODE_SCORE = 100;

/** Default plugin weights (default_plugins.go): NodeResourcesFit 1, NodeResourcesBalancedAllocation 1. */
export const FIT_WEIGHT = 1;
export const BALANCED_ALLOCATION_WEIGHT = 1;

/** noderesources/least_allocated.go : leastRequestedScore (integer division; 0 when over capacity). */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

function podNonZero(pod: SchedulerPod): ResourceAmounts {
  if (pod.nonZeroRequests !== undefined) return pod.nonZeroRequests;
  return {
    cpuMilli: pod.requests.cpuMilli === 0 ? DEFAULT_MILLI_CPU_REQUEST : pod.requests.cpuMilli,
    memoryBytes: pod.requests.memoryBytes === 0 ? DEFAULT_MEMORY_REQUEST : pod.requests.memoryBytes,
  };
}

/**
 * NodeResourcesFit score with the default LeastAllocated strategy (resources cpu and memory, weight 1 each):
 * noderesources/least_allocated.go : leastResourceScorer over resource_allocation.go's
 * calculateResourceAllocatableRequest with useRequested = false, i.e. NonZeroRequested + the pod's non-zero
 * request. Resources with zero allocatable are skipped; the result is the integer weighted mean.
 */
export function leastAllocatedScore(pod: SchedulerPod, node: SchedulerNode): number {
  // Allocation-free on purpose: the scheduler calls this for every feasible node of every pod.
  const nodeReq = node.nonZeroRequested ?? node.requested;
  const podReq = podNonZero(pod);
  const cpuAlloc = node.allocatable.cpuMilli;
  const memAlloc = node.allocatable.memoryBytes;
  let score = 0;
  let weightSum = 0;
  if (cpuAlloc !== 0) {
    score += leastRequestedScore(nodeReq.cpuMilli + podReq.cpuMilli, cpuAlloc);
    weightSum += 1;
  }
  if (memAlloc !== 0) {
    score += leastRequestedScore(nodeReq.memoryBytes + podReq.memoryBytes, memAlloc);
    weightSum += 1;
  }
  return weightSum === 0 ? 0 : Math.floor(score / weightSum);
}

/**
 * noderesources/balanced_allocation.go : balancedResourceScorer with useRequested = true (the node's actual
 * Requested + the pod's actual request): per-resource fraction capped at 1, std = |f_cpu − f_mem| / 2 for two
 * resources, score = int64((1 − std) × 100). Returns null when PreScore skips the plugin: a best-effort pod
 * (no cpu or memory request) is not scored by BalancedAllocation (kubernetes/kubernetes#129138).
 */
export function balancedAllocationScore(pod: SchedulerPod, node: SchedulerNode): number | null {
  if (pod.requests.cpuMilli === 0 && pod.requests.memoryBytes === 0) return null;
  const cpuAlloc = node.allocatable.cpuMilli;
  const memAlloc = node.allocatable.memoryBytes;
  let n = 0;
  let f0 = 0;
  let f1 = 0;
  if (cpuAlloc !== 0) {
    f0 = Math.min((node.requested.cpuMilli + pod.requests.cpuMilli) / cpuAlloc, 1);
    n++;
  }
  if (memAlloc !== 0) {
    const f = Math.min((node.requested.memoryBytes + pod.requests.memoryBytes) / memAlloc, 1);
    if (n === 0) f0 = f;
    else f1 = f;
    n++;
  }
  const std = n === 2 ? Math.abs((f0 - f1) / 2) : 0;
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export interface ResourceScores {
  readonly leastAllocated: number;
  /** null = skipped (best-effort pod). */
  readonly balancedAllocation: number | null;
  /** Σ weight × score of the two plugins (a skipped plugin adds nothing). */
  readonly total: number;
}

/**
 * Both resource plugins for one node. Neither has a NormalizeScore step, so the framework's sum is the weighted
 * sum of these raw scores. The other default score plugins (TaintToleration, NodeAffinity, ImageLocality,
 * PodTopologySpread, InterPodAffinity) are not modelled here. Note that PodTopologySpread's system-default
 * constraints (ScheduleAnyway spreading by hostname and zone) do score pods that belong to a ReplicaSet or Service
 * upstream, so real placement of replicas spreads more than these two plugins alone would.
 */
export function resourceScores(pod: SchedulerPod, node: SchedulerNode): ResourceScores {
  const leastAllocated = leastAllocatedScore(pod, node);
  const balancedAllocation = balancedAllocationScore(pod, node);
  return {
    leastAllocated,
    balancedAllocation,
    total: FIT_WEIGHT * leastAllocated + BALANCED_ALLOCATION_WEIGHT * (balancedAllocation ?? 0),
  };
}
