/**
 * `SimpleReactive`: the reference implementation of the node autoscaler policy interface (policy.ts), small on
 * purpose. [k8sim] Not an upstream controller.
 *
 * Scale up: each pending pod goes to the cheapest group (pricePerHour, then group order) that has room (target < max)
 * and whose template labels satisfy the pod's nodeSelector (tolerations are not checked). Per group, the pods' summed
 * requests need n = max over cpu, memory and pods of ceil(sum / template allocatable) nodes; the group gets
 * n − (its nodes still coming: launched and not registered, or registered and not Ready), if positive. The runner
 * clamps at the group's max.
 *
 * Scale down (only while no pod is pending): a Ready, uncordoned node of a group whose movable pods (not DaemonSet,
 * not mirror) have been 0 for `scaleDownAfter` seconds (default 600) is removed, oldest-empty first then by name,
 * never taking a group below its min. The history remembers since when each node is empty.
 */
import type { NodeAutoscalerDecision, NodeAutoscalerInput, NodeAutoscalerPolicy, NodeAutoscalerPolicyFactory } from './policy';

export const SIMPLE_REACTIVE = 'SimpleReactive';

/** Node name → seconds since which it has had no movable pod, as [name, since] pairs sorted by name. */
export type SimpleReactiveHistory = readonly (readonly [string, number])[];

export interface SimpleReactiveParameters {
  /** Seconds a node must stay empty before it is removed (default 600). */
  readonly scaleDownAfter: number;
}

export function readSimpleReactiveParameters(p: Readonly<Record<string, unknown>>): SimpleReactiveParameters {
  for (const k of Object.keys(p)) if (k !== 'scaleDownAfter') throw new Error(`unknown parameter "${k}" (expected scaleDownAfter)`);
  const v = p.scaleDownAfter ?? 600;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`scaleDownAfter: expected a number of seconds ≥ 0, got ${JSON.stringify(v)}`);
  return { scaleDownAfter: v };
}

function satisfies(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const k of Object.keys(selector)) if (labels[k] !== selector[k]) return false;
  return true;
}

export function simpleReactiveDecide(params: SimpleReactiveParameters, input: NodeAutoscalerInput, history: SimpleReactiveHistory | undefined): NodeAutoscalerDecision<SimpleReactiveHistory> {
  // Cheapest first; ties by group order (the nodePools' order).
  const order = input.groups.map((g, i) => ({ g, i })).sort((a, b) => a.g.pricePerHour - b.g.pricePerHour || a.i - b.i).map((x) => x.g);
  const sums = new Map<string, { cpu: number; mem: number; pods: number; n: number }>();
  let unplaced = 0;
  for (const p of input.pendingPods) {
    const g = order.find((x) => x.target < x.max && satisfies(p.nodeSelector, x.templateLabels));
    if (g === undefined) {
      unplaced++;
      continue;
    }
    const s = sums.get(g.name) ?? { cpu: 0, mem: 0, pods: 0, n: 0 };
    s.cpu += p.requests.cpuMilli;
    s.mem += p.requests.memoryBytes;
    s.pods += 1;
    s.n += 1;
    sums.set(g.name, s);
  }
  const add: { group: string; count: number }[] = [];
  const why: string[] = [];
  for (const g of input.groups) {
    const s = sums.get(g.name);
    if (s === undefined) continue;
    const a = g.templateAllocatable;
    const need = Math.max(a.cpuMilli > 0 ? Math.ceil(s.cpu / a.cpuMilli) : 0, a.memoryBytes > 0 ? Math.ceil(s.mem / a.memoryBytes) : 0, a.pods > 0 ? Math.ceil(s.pods / a.pods) : 0);
    const coming = g.upcoming + input.nodes.filter((n) => n.group === g.name && !n.ready && !n.deleting).length;
    const count = need - coming;
    if (count > 0) {
      add.push({ group: g.name, count });
      why.push(`${s.n} pending pods need ${need} ${g.instanceType} nodes, ${coming} coming`);
    }
  }
  // Empty-since bookkeeping for every Ready, uncordoned group node without movable pods.
  const before = new Map(history ?? []);
  const next: [string, number][] = [];
  for (const n of input.nodes) {
    if (n.group === '' || !n.ready || n.cordoned || n.deleting || n.movablePods > 0) continue;
    next.push([n.name, before.get(n.name) ?? input.now]);
  }
  next.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const remove: { node: string }[] = [];
  if (input.pendingPods.length === 0) {
    const room = new Map(input.groups.map((g) => [g.name, g.target - g.min]));
    const ripe = next.filter(([, since]) => input.now - since >= params.scaleDownAfter).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
    const groupOf = new Map(input.nodes.map((n) => [n.name, n.group]));
    for (const [name] of ripe) {
      const g = groupOf.get(name)!;
      const r = room.get(g) ?? 0;
      if (r <= 0) continue;
      room.set(g, r - 1);
      remove.push({ node: name });
    }
    if (remove.length > 0) why.push(`${remove.length} nodes empty for ${params.scaleDownAfter}s`);
  }
  if (unplaced > 0) why.push(`${unplaced} pending pods fit no group with room`);
  return { add, remove, history: next, reason: why.join('; ') };
}

export const simpleReactive: NodeAutoscalerPolicyFactory = (parameters) => {
  const params = readSimpleReactiveParameters(parameters);
  const policy: NodeAutoscalerPolicy<SimpleReactiveHistory> = { name: SIMPLE_REACTIVE, decide: (input, history) => simpleReactiveDecide(params, input, history) };
  return policy as NodeAutoscalerPolicy;
};
