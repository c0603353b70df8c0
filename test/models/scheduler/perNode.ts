/**
 * The per-node scheduler of earlier k8sim releases, kept as a test reference: the default profile's five node-only
 * filters composed for one (pod, node) pair (filterNode), the FitError message built from such statuses
 * (fitErrorMessage), and the two resource scores (leastAllocatedScore, balancedAllocationScore). Each calls the
 * plugins' own checks and arithmetic (models/scheduler/filter.ts, plugins/nodeResources.ts); the scheduler itself
 * runs the plugins through the framework. Tests only.
 */
import {
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  findUntoleratedTaint,
  fitsRequest,
  insufficientReasons,
  INSUFFICIENT_UNRESOLVABLE,
  nodeNameFits,
  REASON_NODE_AFFINITY,
  REASON_NODE_NAME,
  REASON_UNSCHEDULABLE,
  toleratesUnschedulable,
  untoleratedTaintReason,
  type ResourceAmounts,
  type Taint,
  type Toleration,
} from '../../../models/scheduler/filter';
import { formatFitError, NO_NODES_AVAILABLE, NO_PREEMPTION_VICTIMS, PREEMPTION_NOT_HELPFUL } from '../../../models/scheduler/fitError';
import { balancedResourceScore, DEFAULT_BALANCED_RESOURCES, DEFAULT_FIT_SCORER, isBestEffort, scoreResources } from '../../../models/scheduler/plugins/nodeResources';

export { leastRequestedScore } from '../../../models/scheduler/plugins/nodeResources';

export interface SchedulerNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** spec.unschedulable (cordoned). */
  readonly unschedulable: boolean;
  readonly taints: readonly Taint[];
  readonly allocatable: ResourceAmounts & { readonly pods: number };
  /** Sum of the requests of the pods already on the node (NodeInfo.Requested); `pods` = how many pods. */
  readonly requested: ResourceAmounts & { readonly pods: number };
  /**
   * NodeInfo.NonZeroRequested: the same sum with 100m / 200Mi for each container that sets no request. Used only
   * for LeastAllocated scoring; defaults to `requested` when absent.
   */
  readonly nonZeroRequested?: ResourceAmounts;
}

export interface SchedulerPod {
  /** The pod's effective requests (see computePodRequests). */
  readonly requests: ResourceAmounts;
  /** The same with the scoring defaults applied per container; when absent, a zero total counts as missing. */
  readonly nonZeroRequests?: ResourceAmounts;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** spec.nodeName. (Pods that already have one are bound directly and never reach the scheduler queue.) */
  readonly nodeName?: string;
  readonly tolerations?: readonly Toleration[];
  /** Required node affinity on metadata.name (a DaemonSet pod's node); checked by NodeAffinity with the selector. */
  readonly requiredNodeName?: string;
}

export type FilterPlugin = 'NodeUnschedulable' | 'NodeName' | 'TaintToleration' | 'NodeAffinity' | 'NodeResourcesFit';

export type NodeFilterStatus =
  | { readonly fits: true }
  | {
      readonly fits: false;
      readonly plugin: FilterPlugin;
      /** One or more reasons (NodeResourcesFit keeps all insufficient resources). */
      readonly reasons: readonly string[];
      /** Status code UnschedulableAndUnresolvable: preemption cannot help on this node. */
      readonly unresolvable: boolean;
    };

const FITS: NodeFilterStatus = Object.freeze({ fits: true });

/** Every nodeSelector pair is present on the node with the same value (labels.SelectorFromSet(...).Matches). */
function matchesNodeSelector(selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (selector === undefined) return true;
  // for…in rather than Object.keys: no array per call on the scheduler's hottest path
  for (const key in selector) {
    if (!Object.prototype.hasOwnProperty.call(labels, key) || labels[key] !== selector[key]) return false;
  }
  return true;
}

/**
 * RunFilterPlugins in the default MultiPoint order (pkg/scheduler/apis/config/v1/default_plugins.go): the first
 * failing plugin decides the node's status.
 * - NodeUnschedulable (plugins/nodeunschedulable Filter): cordoned and the pod does not tolerate
 *   node.kubernetes.io/unschedulable:NoSchedule → UnschedulableAndUnresolvable.
 * - NodeName (plugins/nodename Filter): spec.nodeName set and different → UnschedulableAndUnresolvable.
 * - TaintToleration (plugins/tainttoleration Filter): `node(s) had untolerated taint {<key>: <value>}` (the value,
 *   not the effect) → UnschedulableAndUnresolvable.
 * - NodeAffinity (plugins/nodeaffinity Filter), nodeSelector only → UnschedulableAndUnresolvable.
 * - NodeResourcesFit (plugins/noderesources/fit.go fitsRequest): pods count first, then cpu and memory against
 *   allocatable − requested; all reasons kept; Unschedulable, or UnschedulableAndUnresolvable when a request
 *   exceeds the node's whole allocatable (InsufficientResource.Unresolvable). "Too many pods" stays resolvable.
 */
export function filterNode(pod: SchedulerPod, node: SchedulerNode): NodeFilterStatus {
  if (node.unschedulable && !toleratesUnschedulable(pod.tolerations)) {
    return { fits: false, plugin: 'NodeUnschedulable', reasons: [REASON_UNSCHEDULABLE], unresolvable: true };
  }
  if (!nodeNameFits(pod.nodeName, node.name)) {
    return { fits: false, plugin: 'NodeName', reasons: [REASON_NODE_NAME], unresolvable: true };
  }
  const taint = findUntoleratedTaint(node.taints, pod.tolerations);
  if (taint !== undefined) {
    return { fits: false, plugin: 'TaintToleration', reasons: [untoleratedTaintReason(taint)], unresolvable: true };
  }
  if (!matchesNodeSelector(pod.nodeSelector, node.labels) || (pod.requiredNodeName !== undefined && pod.requiredNodeName !== node.name)) {
    return { fits: false, plugin: 'NodeAffinity', reasons: [REASON_NODE_AFFINITY], unresolvable: true };
  }
  // Allocation-free when the pod fits (the common case for most nodes).
  const mask = fitsRequest(pod.requests, node.requested, node.allocatable);
  if (mask === 0) return FITS;
  return { fits: false, plugin: 'NodeResourcesFit', reasons: insufficientReasons(mask), unresolvable: (mask & INSUFFICIENT_UNRESOLVABLE) !== 0 };
}

export interface FitErrorOptions {
  /** The DefaultPreemption PostFilter plugin is enabled (it is by default). Default true. */
  readonly preemption?: boolean;
}

/**
 * The FailedScheduling event message for a pod that fits no node, given every node's filter status (one per node
 * in the snapshot). With preemption on, the suffix is DefaultPreemption's own FitError prefixed "preemption: ":
 * nodes rejected as UnschedulableAndUnresolvable count as "Preemption is not helpful for scheduling"
 * (nodesWherePreemptionMightHelp), the others as "No preemption victims found for incoming pod". The latter
 * assumes no node holds a pod of lower priority than the incoming one, which holds while k8sim has no
 * PriorityClasses (every pod has priority 0).
 */
export function fitErrorMessage(statuses: readonly NodeFilterStatus[], options: FitErrorOptions = {}): string {
  if (statuses.length === 0) return NO_NODES_AVAILABLE;
  const failed = statuses.filter((s): s is Extract<NodeFilterStatus, { fits: false }> => !s.fits);
  if (failed.length !== statuses.length) throw new Error('fitErrorMessage: some node fits the pod');
  let post = '';
  if (options.preemption ?? true) {
    const preemptionReasons = failed.map((s) => [s.unresolvable ? PREEMPTION_NOT_HELPFUL : NO_PREEMPTION_VICTIMS]);
    post = `preemption: ${formatFitError(statuses.length, preemptionReasons)}`;
  }
  return formatFitError(statuses.length, failed.map((s) => s.reasons), post);
}

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
