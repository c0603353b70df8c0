/**
 * The scheduling framework's vocabulary, after pkg/scheduler/framework: the scheduler's view of a pod (PodInfo,
 * compiled once per pod), of a node (NodeInfo), of the cluster (Snapshot, with the counting queries the plugins'
 * PreFilter/PreScore steps need), statuses, and the plugin interfaces (PreFilter/Filter, PreScore/Score/Normalize,
 * AddPod/RemovePod for preemption's dry runs). Types only: plugins live in ../plugins, the runner in runtime.ts.
 */
import type { Micros } from '../../../engine/time';
import type { Labels } from '../../labels';
import type { PreemptionPolicy, ResolvedNodeSelectorTerm, ResolvedPreferredSchedulingTerm, ResolvedTopologySpreadConstraint } from '../../cluster/spec';
import type { ResourceAmounts, Taint, Toleration } from '../filter';

export type { Labels };

/** framework.Code, as far as the plugins k8sim models return them. */
export type Code = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error';

/** A failed filter or PreFilter: the plugin, its code and its reasons (verbatim upstream strings). */
export interface Status {
  readonly code: Exclude<Code, 'Success'>;
  readonly plugin: string;
  readonly reasons: readonly string[];
}

export function unschedulable(plugin: string, ...reasons: string[]): Status {
  return { code: 'Unschedulable', plugin, reasons };
}

export function unresolvable(plugin: string, ...reasons: string[]): Status {
  return { code: 'UnschedulableAndUnresolvable', plugin, reasons };
}

/**
 * A compiled label selector with a canonical key. `matches` follows metav1.LabelSelectorAsSelector: nil (an
 * absent selector) matches nothing, `{}` matches everything. `key` is equal for equal selectors (used to share
 * counting indexes); `pairs` are the `k=v` pairs every matching label set must hold (matchLabels and single-value
 * In), which an index may use to find candidate selectors by label.
 */
export interface Selector {
  readonly key: string;
  readonly matches: (labels: Labels) => boolean;
  readonly pairs: readonly (readonly [string, string])[];
  /** true for the nil selector (matches nothing). */
  readonly isNil: boolean;
  /** true for `{}` (matches everything). */
  readonly isEmpty: boolean;
}

/**
 * Which pods an affinity term or a spread constraint counts, as one predicate with a canonical key
 * (framework.AffinityTerm.Matches / countPodsMatchSelector): the pod's namespace, its labels, and whether
 * terminating pods count.
 */
export interface PodMatcher {
  readonly key: string;
  readonly selector: Selector;
  /** Namespaces listed explicitly (or the owner pod's own). */
  readonly namespaces: ReadonlySet<string>;
  /** namespaceSelector: nil = none; matched against a namespace's labels. */
  readonly namespaceSelector?: Selector;
  /** PodTopologySpread skips terminating pods; InterPodAffinity counts them. */
  readonly countTerminating: boolean;
}

/** A compiled PodAffinityTerm (framework.AffinityTerm) of one pod. */
export interface AffinityTerm {
  readonly matcher: PodMatcher;
  readonly topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/**
 * The scheduler's view of a pod (framework.PodInfo + the fields of the pod the plugins read), compiled once.
 * The same type describes the pod being scheduled and the pods already on nodes.
 */
export interface PodInfo {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  /** spec.priority after admission (0 without a class). */
  readonly priority: number;
  readonly preemptionPolicy: PreemptionPolicy;
  readonly schedulerName: string;
  /** Effective requests (the Fit filter) and the scoring variant with 100m / 200Mi for missing requests. */
  readonly requests: ResourceAmounts;
  readonly nonZeroRequests: ResourceAmounts;
  /** spec.nodeName asked for by the pod (the NodeName filter). */
  readonly nodeName?: string;
  readonly nodeSelector: Labels;
  /** requiredDuringScheduling nodeSelectorTerms (ORed); undefined = none. Includes a DaemonSet pod's matchFields term. */
  readonly requiredNodeAffinity?: readonly ResolvedNodeSelectorTerm[];
  readonly preferredNodeAffinity: readonly ResolvedPreferredSchedulingTerm[];
  readonly tolerations: readonly Toleration[];
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  readonly topologySpreadConstraints: readonly ResolvedTopologySpreadConstraint[];
  /** Images of init containers then containers, normalised (`:latest` added when untagged), for ImageLocality. */
  readonly images: readonly string[];
  /** status.startTime (preemption's importance order); undefined until the kubelet starts the pod. */
  readonly startTime: () => Micros | undefined;
  /** The pod's controlling owner (metadata.ownerReferences with controller: true), for default spreading. */
  readonly controller?: { readonly kind: string; readonly name: string };
  /** metadata.deletionTimestamp is set. */
  readonly terminating: () => boolean;
  /** Terminating because the scheduler preempted it (DisruptionTarget=True, reason PreemptionByScheduler). */
  readonly preemptedByScheduler: () => boolean;
}

/** One node's ImageLocality inputs: an image's size and on how many nodes of the snapshot it is. */
export interface ImageState {
  readonly sizeBytes: number;
  readonly numNodes: number;
}

/**
 * The scheduler cache's view of a node (framework.NodeInfo). `pods` are the pods assigned to the node, terminating
 * ones included; `requested` sums them (ResourceAmounts + pods count). `index` is the node's position in
 * Snapshot.nodes.
 */
export interface NodeInfo {
  readonly index: number;
  readonly name: string;
  readonly labels: Labels;
  readonly unschedulable: boolean;
  readonly taints: readonly Taint[];
  readonly allocatable: ResourceAmounts & { readonly pods: number };
  readonly requested: ResourceAmounts & { readonly pods: number };
  readonly nonZeroRequested: ResourceAmounts;
  /** Extended resources its pods request, by name (absent on views that track none: then nothing is requested). */
  readonly requestedExtended?: ReadonlyMap<string, number>;
  readonly pods: readonly PodInfo[];
  /** Images present on the node (normalised names) with their state; empty when the node reports none. */
  readonly images: ReadonlyMap<string, ImageState>;
}

/**
 * Per-node-index counts, read-only: `counts[node.index]`. Valid for the current scheduling cycle only (the
 * snapshot may update it in place at the next binding).
 */
export type NodeCounts = ArrayLike<number>;

/**
 * A topology key's domains: per node index the id of the node's value (−1 when the node lacks the key). An object's
 * `values` only ever grow by appending (a change to the key's values gives a new object), so what a reader derived
 * from its first values stays true.
 */
export interface TopologyDomains {
  readonly ids: ArrayLike<number>;
  /** The value of each id. */
  readonly values: readonly string[];
  /** How many nodes lack the key (id −1), when the snapshot keeps it: lets a scan stop once every domain is seen. */
  readonly missing?: number;
}

/**
 * Per-node counts summed per topology domain: `sums[id]` over the nodes whose value of the key has id `id` in
 * `topology(key)` (nodes without the key count nowhere), and how many domains have a non-zero sum. Read-only, valid
 * for the current scheduling cycle only.
 */
export interface DomainCounts {
  readonly sums: Int32Array;
  readonly nonZero: number;
}

/** Existing pods' terms of one kind, grouped by identical term: the term, and how many pods per node carry it. */
export interface TermGroup {
  readonly term: AffinityTerm | WeightedAffinityTerm;
  readonly counts: NodeCounts;
}

export type TermKind = 'requiredAffinity' | 'requiredAntiAffinity' | 'preferredAffinity' | 'preferredAntiAffinity';

/**
 * The cluster as one scheduling cycle sees it (the scheduler cache's snapshot), with the counting queries the
 * PreFilter / PreScore steps need. Two implementations answer alike: a plain scan over `nodes[].pods` (tests,
 * small clusters) and the scheduler's incremental index (scale). Results are read-only.
 */
export interface Snapshot {
  readonly nodes: readonly NodeInfo[];
  /** A namespace's labels (namespaceSelector); undefined for a namespace not declared. */
  namespaceLabels(namespace: string): Labels | undefined;
  /** Per node, the number of its pods that `m` matches (namespace, labels; terminating per `m.countTerminating`). */
  podCounts(m: PodMatcher): NodeCounts;
  /** Per node, the domain id of its value for `key`. */
  topology(key: string): TopologyDomains;
  /**
   * `podCounts(m)` (or a term group's `counts`) summed per domain of `topology(key)`: what the PreFilters of
   * InterPodAffinity and PodTopologySpread fold per topology value (upstream's per-cycle maps), kept by the
   * scheduler's index so a cycle need not add up every node.
   */
  domainCounts(source: PodMatcher | TermGroup, key: string): DomainCounts;
  /** Existing pods' terms of `kind` (required or preferred affinity / anti-affinity), grouped. */
  termGroups(kind: TermKind): Iterable<TermGroup>;
  /**
   * The groups of `termGroups(kind)` whose term matches `pod` (namespace, namespaceSelector against the pod's
   * namespace labels, label selector), in termGroups' order: what InterPodAffinity asks for existing pods' terms.
   */
  termGroupsMatching(kind: TermKind, pod: PodInfo): readonly TermGroup[];
  /**
   * helper.DefaultSelector: the union of the selectors of the Services in the pod's namespace that select it, ANDed
   * with its controller's (ReplicaSet, ReplicationController, StatefulSet) selector; undefined when empty (no
   * system-default spreading).
   */
  defaultSpreadSelector(pod: PodInfo): Selector | undefined;
}

/**
 * Per-cycle plugin state (framework.CycleState): written by PreFilter/PreScore, read by Filter/Score. `clone` gives
 * preemption an independent copy to update with AddPod/RemovePod.
 */
export interface PluginState {
  clone(): PluginState;
}

export class CycleState {
  private readonly data = new Map<string, PluginState>();
  /** Plugins whose PreFilter returned Skip (their Filter does not run). */
  readonly skipFilter = new Set<string>();
  /** Plugins whose PreScore returned Skip (they do not score). */
  readonly skipScore = new Set<string>();
  /** The filter plugins that run this cycle (the profile's, less those whose PreFilter said Skip), set by the runtime. */
  activeFilters: readonly FilterPlugin[] | undefined;
  read<T extends PluginState>(plugin: string): T | undefined {
    return this.data.get(plugin) as T | undefined;
  }
  write(plugin: string, state: PluginState): void {
    this.data.set(plugin, state);
  }
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, v.clone());
    for (const p of this.skipFilter) c.skipFilter.add(p);
    for (const p of this.skipScore) c.skipScore.add(p);
    c.activeFilters = this.activeFilters;
    return c;
  }
}

/**
 * PreFilter's outcome: `skip` (the plugin's Filter is not run this cycle), a Status (the pod fits nowhere: every
 * node gets this status), a PreFilterResult (only these node names may pass), or undefined (filter every node).
 */
export type PreFilterOutcome = 'skip' | Status | { readonly nodeNames: ReadonlySet<string> } | undefined;

export interface FilterPlugin {
  readonly name: string;
  preFilter?(state: CycleState, pod: PodInfo, snapshot: Snapshot): PreFilterOutcome;
  /** undefined = the node passes. */
  filter(state: CycleState, pod: PodInfo, node: NodeInfo, snapshot: Snapshot): Status | undefined;
  /** PreFilterExtensions: update this cycle's state as if `other` were added to / removed from `node`. */
  addPod?(state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo, snapshot: Snapshot): void;
  removePod?(state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo, snapshot: Snapshot): void;
}

export interface ScorePlugin {
  readonly name: string;
  /** false = Skip: the plugin adds nothing to any node this cycle. `nodes` are the feasible nodes. */
  preScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], snapshot: Snapshot): boolean;
  score(state: CycleState, pod: PodInfo, node: NodeInfo, snapshot: Snapshot): number;
  /**
   * Score of every node at once, `scores[i]` for `nodes[i]`: exactly score() for each node, in order, written as the
   * plugin's own loop (issue #13: the framework's loop over every plugin's score() was one call site for all plugins,
   * hundreds of nodes per pod; a plugin's own loop calls one function and reads its cycle state once).
   */
  scoreAll?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], snapshot: Snapshot, scores: number[]): void;
  /** NormalizeScore over the feasible nodes, in place (scores[i] belongs to nodes[i]). */
  normalize?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void;
}

/** framework.MaxNodeScore / MinNodeScore. */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;
