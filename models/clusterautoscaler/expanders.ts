/**
 * The expanders (cluster-autoscaler expander/*; reference §2.4): each keeps the best of the scale-up options; a chain
 * `a,b,c` applies them in order and stops once one option is left (expander/factory/chain.go). Pure over plain
 * options, except `random`, which draws from the caller's seeded stream (`clusterautoscaler/expander`).
 * [k8sim] Upstream ends a chain with a random choice among the options left; k8sim takes the first by group id
 * instead (deterministic without a draw), unless `random` is written in the chain itself.
 */
import type { ExpanderName } from './config';

export interface ExpanderPod {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
}

/** One scale-up option (expander.Option): a group, how many nodes, which pods they would take. */
export interface ExpansionOption {
  readonly group: string;
  readonly nodeCount: number;
  readonly pods: readonly ExpanderPod[];
  /** The group's template node capacity (least-waste, price). */
  readonly capacity: { readonly cpuMilli: number; readonly memoryBytes: number };
  /** Price of one template node per hour (price expander); undefined when the group has none. */
  readonly nodePrice?: number;
  /** False for a group that does not exist yet (price: ×2); k8sim groups always exist. */
  readonly exists?: boolean;
}

/** What an expander may read besides the options. */
export interface ExpanderContext {
  /** Uniform draw in [0, 1) from the seeded stream (random). */
  readonly draw: () => number;
  /** priority: priority → regexps (reference §2.4). */
  readonly priorities: readonly { readonly priority: number; readonly patterns: readonly string[] }[];
  /** price: the preferred node's CPU (millicores), from the cluster size (preferred.go). */
  readonly preferredNodeCpuMilli: number;
  /** price: the price of one pod per hour (k8sim's pricing model). */
  readonly podPrice: (p: ExpanderPod) => number;
  /** Warnings on the priority ConfigMap (reason, message). */
  readonly warn: (reason: string, message: string) => void;
}

export type Expander = (options: readonly ExpansionOption[], ctx: ExpanderContext) => ExpansionOption[];

/** random.go: one option, uniformly. */
export const randomExpander: Expander = (options, ctx) => (options.length === 0 ? [] : [options[Math.floor(ctx.draw() * options.length)]]);

/** mostpods.go: the options with the most pods. */
export const mostPods: Expander = (options) => {
  const best = Math.max(...options.map((o) => o.pods.length));
  return options.filter((o) => o.pods.length === best);
};

/** leastnodes.go: the options with the fewest nodes (> 0). */
export const leastNodes: Expander = (options) => {
  const valid = options.filter((o) => o.nodeCount > 0);
  const best = Math.min(...valid.map((o) => o.nodeCount));
  return valid.filter((o) => o.nodeCount === best);
};

/** waste.go: wasted CPU share + wasted memory share of the template's capacity × NodeCount; the minimum wins. */
export function wasteScore(o: ExpansionOption): number {
  let cpu = 0;
  let mem = 0;
  for (const p of o.pods) {
    cpu += p.cpuMilli;
    mem += p.memoryBytes;
  }
  const cpuCap = o.capacity.cpuMilli * o.nodeCount;
  const memCap = o.capacity.memoryBytes * o.nodeCount;
  return (cpuCap - cpu) / cpuCap + (memCap - mem) / memCap;
}

export const leastWaste: Expander = (options) => {
  const scores = options.map(wasteScore);
  const best = Math.min(...scores);
  return options.filter((_, i) => scores[i] === best);
};

/** price.go: the stabilisation pod (500m, 500Mi) added to both sides of the price ratio. */
export const STABILIZATION_POD: ExpanderPod = { cpuMilli: 500, memoryBytes: 500 * 1024 * 1024 };

/** price.go BestOptions: `suppressedUnfitness × (nodePrice·n + stab)/(Σ podPrice + stab)`, lowest wins. */
export function priceScore(o: ExpansionOption, ctx: Pick<ExpanderContext, 'preferredNodeCpuMilli' | 'podPrice'>, stabilizationPrice = ctx.podPrice(STABILIZATION_POD)): number {
  const totalNode = (o.nodePrice ?? 0) * o.nodeCount + stabilizationPrice;
  let totalPod = stabilizationPrice;
  for (const p of o.pods) totalPod += ctx.podPrice(p);
  const pref = ctx.preferredNodeCpuMilli;
  const cpu = o.capacity.cpuMilli;
  const unfitness = Math.max(pref / cpu, cpu / pref);
  const suppressed = (unfitness - 1) * (1 - Math.tanh((o.nodeCount - 1) / 15)) + 1;
  const score = suppressed * (totalNode / totalPod);
  return o.exists === false ? score * 2 : score;
}

export const priceExpander: Expander = (options, ctx) => {
  const priced = options.filter((o) => o.nodePrice !== undefined);
  if (priced.length === 0) return [...options];
  const stab = ctx.podPrice(STABILIZATION_POD);
  const scores = priced.map((o) => priceScore(o, ctx, stab));
  const best = Math.min(...scores);
  return priced.filter((_, i) => scores[i] === best);
};

/** preferred.go SimplePreferredNodeProvider: the preferred node's CPU from the number of nodes. */
export function preferredNodeCpuMilli(nodes: number): number {
  if (nodes <= 2) return 1000;
  if (nodes <= 6) return 2000;
  if (nodes <= 20) return 4000;
  if (nodes <= 60) return 8000;
  if (nodes <= 200) return 16000;
  return 32000;
}

/**
 * [k8sim] The pod price the price expander needs (upstream: the cloud provider's pricing model; GCE's defaults
 * cpuPricePerHour 0.033174 and memoryPricePerHourPerGb 0.004446, gce_price_model.go): dollars per hour.
 */
export function defaultPodPrice(p: ExpanderPod): number {
  return (p.cpuMilli / 1000) * 0.033174 + (p.memoryBytes / (1024 * 1024 * 1024)) * 0.004446;
}

export const PRIORITY_NOT_MATCHED = 'PriorityConfigMapNotMatchedGroup';
export const PRIORITY_NO_GROUP_MATCHED = 'PriorityConfigMapNoGroupMatched';

/** priority.go BestOptions: the options whose group matches the highest priority; none matching keeps all. */
export const priorityExpander: Expander = (options, ctx) => {
  let maxPrio = -Infinity;
  let best: ExpansionOption[] = [];
  for (const o of options) {
    let found = false;
    for (const { priority, patterns } of ctx.priorities) {
      // Go regexp.MatchString: unanchored.
      if (!patterns.some((p) => new RegExp(p).test(o.group))) continue;
      found = true;
      if (priority < maxPrio) continue;
      if (priority > maxPrio) {
        maxPrio = priority;
        best = [];
      }
      if (!best.includes(o)) best.push(o);
    }
    if (!found) ctx.warn(PRIORITY_NOT_MATCHED, `Priority expander: node group ${o.group} not found in priority expander configuration. The group won't be used.`);
  }
  if (best.length === 0) {
    ctx.warn(PRIORITY_NO_GROUP_MATCHED, 'Priority expander: no priorities info found for any of the expansion options. No options filtered.');
    return [...options];
  }
  return best;
};

export const EXPANDERS: Record<ExpanderName, Expander> = {
  random: randomExpander,
  'most-pods': mostPods,
  'least-nodes': leastNodes,
  'least-waste': leastWaste,
  price: priceExpander,
  priority: priorityExpander,
};

/** chain.go BestOption: filters in order until one option is left; [k8sim] then the first by group id. */
export function bestOption(chain: readonly ExpanderName[], options: readonly ExpansionOption[], ctx: ExpanderContext): ExpansionOption | undefined {
  let left: readonly ExpansionOption[] = options;
  if (left.length === 0) return undefined;
  for (const name of chain) {
    left = EXPANDERS[name](left, ctx);
    if (left.length === 1) return left[0];
    if (left.length === 0) return undefined;
  }
  return [...left].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0))[0];
}
