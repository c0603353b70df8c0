/**
 * Resource scores of the default scheduler for one (pod, node) pair: NodeResourcesFit with LeastAllocated and
 * NodeResourcesBalancedAllocation, with upstream's integer and float arithmetic. A policy: it scores, never picks
 * a node or breaks ties (upstream selectHost draws at random; the caller owns a seeded tie-break).
 */
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, type ResourceAmounts, type SchedulerNode, type SchedulerPod } from './filter';
import { balancedResourceScore, DEFAULT_BALANCED_RESOURCES, DEFAULT_FIT_SCORER, isBestEffort, scoreResources } from './plugins/nodeResources';

export { MAX_NODE_SCORE } from './framework/types';
export { leastRequestedScore } from './plugins/nodeResources';

/** Default plugin weights (default_plugins.go): NodeResourcesFit 1, NodeResourcesBalancedAllocation 1. */
export const FIT_WEIGHT = 1;
export const BALANCED_ALLOCATION_WEIGHT = 1;

function podNonZero(pod: SchedulerPod): ResourceAmounts {
  if (pod.nonZeroRequests !== undefined) return pod.nonZeroRequests;
  return {
    cpuMilli: pod.requests.cpuMilli === 0 ? DEFAULT_MILLI_CPU_REQUEST : pod.requests.cpuMilli,
    memoryBytes: pod.requests.memoryBytes === 0 ? DEFAULT_MEMORY_REQUEST : pod.requests.memoryBytes,
  };
}

/**
 * NodeResourcesFit score with the default LeastAllocated strategy (resources cpu and memory, weight 1 each):
 * plugins/nodeResources.ts scoreResources over NonZeroRequested + the pod's non-zero request (useRequested = false).
 * Resources with zero allocatable are skipped; the result is the integer weighted mean.
 */
export function leastAllocatedScore(pod: SchedulerPod, node: SchedulerNode): number {
  return scoreResources(DEFAULT_FIT_SCORER, podNonZero(pod), node.nonZeroRequested ?? node.requested, node.allocatable);
}

/**
 * noderesources/balanced_allocation.go with useRequested = true (the node's actual Requested + the pod's actual
 * request), via plugins/nodeResources.ts balancedResourceScore. Returns null when PreScore skips the plugin: a
 * best-effort pod (no cpu or memory request) is not scored by BalancedAllocation (kubernetes/kubernetes#129138).
 */
export function balancedAllocationScore(pod: SchedulerPod, node: SchedulerNode): number | null {
  if (isBestEffort(DEFAULT_BALANCED_RESOURCES, pod.requests)) return null;
  return balancedResourceScore(DEFAULT_BALANCED_RESOURCES, pod.requests, node.requested, node.allocatable);
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
