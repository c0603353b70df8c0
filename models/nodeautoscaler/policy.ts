/**
 * The node autoscaler policy interface (issue #10, "pluggable node autoscaler policies"): a PURE function from what a
 * node autoscaler sees at one loop — the time as a value, the unschedulable pods, the nodes, the node groups and the
 * instance catalogue — and the policy's own history to a decision (nodes to add per group, nodes to remove) and its
 * next history. Policies decide; they never touch the engine, the clock, the store or the cloud: the runner
 * (runner.ts) builds the input, validates the decision (validateDecision below) and carries it out. Mirrors the HPA's
 * pluggable policies (models/hpa/policies/policy.ts).
 */

export interface Resources {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly pods: number;
}

/** A pod the scheduler found Unschedulable (PodScheduled=False reason Unschedulable), unbound and not deleted. */
export interface PendingPodView {
  readonly namespace: string;
  readonly name: string;
  /** Effective requests (PodRequests); `pods` is always 1. */
  readonly requests: Resources;
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Its tolerations as `key=value:effect` / `key:effect` / `key` strings, in spec order. */
  readonly tolerations: readonly string[];
  readonly priority: number;
  /** Seconds since the start of the run when it became unschedulable (the condition's lastTransitionTime). */
  readonly pendingSince: number;
}

export interface NodeView {
  readonly name: string;
  /** The node group it belongs to; '' for nodes of no group (fixed nodes, Karpenter's). */
  readonly group: string;
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: string;
  /** The machine's price (USD/hour); 0 when the cloud does not know it. */
  readonly pricePerHour: number;
  readonly ready: boolean;
  readonly allocatable: Resources;
  /** Requests of the pods bound here that have not finished (`kubectl describe node` "Allocated resources"). */
  readonly requested: Resources;
  /** Pods bound here (not finished), DaemonSet and mirror pods included. */
  readonly pods: number;
  /** Pods bound here that a drain would move (not DaemonSet, not mirror, not finished). */
  readonly movablePods: number;
  /** Seconds since the start of the run. */
  readonly createdAt: number;
  readonly cordoned: boolean;
  /** The runner is removing it (cordoned, evicting, waiting to terminate). */
  readonly deleting: boolean;
}

/** A node group: a Simulation nodePool with min/max (models/clusterautoscaler/config.ts NodeGroupSpec). */
export interface GroupView {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Registered nodes of the group (Ready or not, deleting ones included). */
  readonly current: number;
  /** current + machines launched that have not registered yet − nodes being deleted. */
  readonly target: number;
  /** Launched machines not registered yet. */
  readonly upcoming: number;
  /** What one new node offers (the instance type's allocatable, or the pool's size). */
  readonly templateAllocatable: Resources;
  readonly templateLabels: Readonly<Record<string, string>>;
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: string;
  readonly pricePerHour: number;
}

export interface CatalogueView {
  readonly name: string;
  readonly allocatable: Resources;
  readonly offerings: readonly { readonly zone: string; readonly capacityType: string; readonly pricePerHour: number; readonly available: boolean }[];
}

export interface NodeAutoscalerInput {
  /** The loop's instant in seconds since the start of the run (a value: policies have no clock). */
  readonly now: number;
  /** Pending pods, by pendingSince then namespace/name. */
  readonly pendingPods: readonly PendingPodView[];
  /** Every node, by name. */
  readonly nodes: readonly NodeView[];
  /** The node groups, in nodePool order. */
  readonly groups: readonly GroupView[];
  /** The instance catalogue, in catalogue order. */
  readonly catalogue: readonly CatalogueView[];
  /** The scenario's `parameters` (also given to createPolicy). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The policy's randomness: uniform on [0, 1) from its own seeded stream (STREAMS.nodeAutoscalerPolicy; docs/trust.md). */
  readonly random: () => number;
}

export interface NodeAutoscalerDecision<H = unknown> {
  /** Nodes to launch, per group (count ≥ 1). */
  readonly add?: readonly { readonly group: string; readonly count: number }[];
  /** Nodes to remove (cordon, drain through the eviction API, terminate). */
  readonly remove?: readonly { readonly node: string }[];
  /** The policy's state for its next call (passed back unchanged as `history`). */
  readonly history?: H;
  /** Why, for node_autoscaler.csv. */
  readonly reason?: string;
}

export interface NodeAutoscalerPolicy<H = unknown> {
  /** Shown in node_autoscaler.csv (`autoscaler`), run.json and errors. */
  readonly name: string;
  /** One loop. `history` is undefined on the first call, then whatever the previous call returned. */
  decide(input: NodeAutoscalerInput, history: H | undefined): NodeAutoscalerDecision<H>;
}

export type NodeAutoscalerPolicyFactory = (parameters: Readonly<Record<string, unknown>>) => NodeAutoscalerPolicy;

/** A policy threw or returned something that is not a decision: the run stops with this. */
export class NodeAutoscalerPolicyError extends Error {
  constructor(
    readonly policy: string,
    readonly at: number,
    readonly problem: string,
  ) {
    super(`node autoscaler policy ${policy} at t=${at.toFixed(3)}s: ${problem}`);
    this.name = 'NodeAutoscalerPolicyError';
  }
}

/** One action the runner carries out, with the clamping it applied (for the trace row's reason). */
export type ValidAction =
  | { readonly kind: 'add'; readonly group: string; readonly count: number; readonly from: number; readonly to: number; readonly note: string }
  | { readonly kind: 'remove'; readonly node: string; readonly group: string; readonly from: number; readonly to: number; readonly note: string }
  | { readonly kind: 'rejected'; readonly group: string; readonly node: string; readonly note: string };

/**
 * Checks a decision against the input: unknown groups and nodes are rejected, a node already being deleted is
 * skipped, additions above the group's max and removals below its min are clamped (each says why). The shape
 * itself (arrays, whole counts) must be right, else NodeAutoscalerPolicyError. Pure: the same for every runner.
 * Additions apply in the order given; removals after, in the order given.
 */
export function validateDecision(policy: string, input: NodeAutoscalerInput, d: unknown): { actions: ValidAction[] } {
  const fail = (problem: string): never => {
    throw new NodeAutoscalerPolicyError(policy, input.now, problem);
  };
  if (d === null || typeof d !== 'object') fail(`returned ${String(d)}; expected an object { add, remove, history, reason }`);
  const dec = d as { add?: unknown; remove?: unknown };
  if (dec.add !== undefined && !Array.isArray(dec.add)) fail('returned add that is not a list of { group, count }');
  if (dec.remove !== undefined && !Array.isArray(dec.remove)) fail('returned remove that is not a list of { node }');
  const groups = new Map(input.groups.map((g) => [g.name, g]));
  const target = new Map(input.groups.map((g) => [g.name, g.target]));
  const nodes = new Map(input.nodes.map((n) => [n.name, n]));
  const actions: ValidAction[] = [];
  for (const a of (dec.add ?? []) as unknown[]) {
    const { group, count } = (a ?? {}) as { group?: unknown; count?: unknown };
    if (typeof group !== 'string') fail(`returned add entry ${JSON.stringify(a)}; expected { group: string, count: number }`);
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) fail(`returned add count ${String(count)} for group ${String(group)}; expected a whole number ≥ 0`);
    const g = groups.get(group as string);
    if (g === undefined) {
      actions.push({ kind: 'rejected', group: group as string, node: '', note: `unknown group "${String(group)}"` });
      continue;
    }
    const from = target.get(g.name)!;
    const to = Math.min(g.max, from + (count as number));
    if (to <= from) {
      if ((count as number) > 0) actions.push({ kind: 'rejected', group: g.name, node: '', note: `group ${g.name} is at its max ${g.max}` });
      continue;
    }
    target.set(g.name, to);
    const note = to < from + (count as number) ? `asked +${String(count)}, clamped to max ${g.max}` : '';
    actions.push({ kind: 'add', group: g.name, count: to - from, from, to, note });
  }
  const removing = new Set<string>();
  for (const r of (dec.remove ?? []) as unknown[]) {
    const { node } = (r ?? {}) as { node?: unknown };
    if (typeof node !== 'string') fail(`returned remove entry ${JSON.stringify(r)}; expected { node: string }`);
    const n = nodes.get(node as string);
    if (n === undefined) {
      actions.push({ kind: 'rejected', group: '', node: node as string, note: `unknown node "${String(node)}"` });
      continue;
    }
    if (n.deleting || removing.has(n.name)) {
      actions.push({ kind: 'rejected', group: n.group, node: n.name, note: `node ${n.name} is already being removed` });
      continue;
    }
    const g = groups.get(n.group);
    if (g === undefined) {
      actions.push({ kind: 'rejected', group: '', node: n.name, note: `node ${n.name} belongs to no node group` });
      continue;
    }
    const from = target.get(g.name)!;
    if (from - 1 < g.min) {
      actions.push({ kind: 'rejected', group: g.name, node: n.name, note: `group ${g.name} is at its min ${g.min}` });
      continue;
    }
    target.set(g.name, from - 1);
    removing.add(n.name);
    actions.push({ kind: 'remove', node: n.name, group: g.name, from, to: from - 1, note: '' });
  }
  return { actions };
}
