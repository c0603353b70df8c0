/**
 * PodTopologySpread's constraints (podtopologyspread/common.go): which constraints a pod has (its own, or the
 * profile's defaults), compiled once with the per-constraint defaults, and which nodes take part in a constraint's
 * counting (nodeLabelsMatchSpreadConstraints, matchNodeInclusionPolicies). Pure; used by podTopologySpread.ts.
 */
import type { ResolvedTopologySpreadConstraint } from '../../cluster/spec';
import type { DefaultSpreadConstraint } from '../config';
import { findUntoleratedTaint } from '../filter';
import { compileSelector, podMatcher, requiredNodeAffinityMatches, withPairs } from '../framework/selectors';
import type { NodeInfo, PodInfo, PodMatcher, Selector } from '../framework/types';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';

/** plugin.go systemDefaultConstraints (§4.1). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly DefaultSpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, maxSkew: 3, whenUnsatisfiable: 'ScheduleAnyway' },
  { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 5, whenUnsatisfiable: 'ScheduleAnyway' },
];

/** common.go topologySpreadConstraint: the per-constraint defaults applied, the selector compiled. */
export interface Constraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly isHostname: boolean;
  readonly minDomains: number;
  readonly honorNodeAffinity: boolean;
  readonly honorNodeTaints: boolean;
  readonly selector: Selector;
  /** Pods of the incoming pod's namespace, not terminating, matching `selector` (countPodsMatchSelector). */
  readonly matcher: PodMatcher;
}

export interface PodConstraints {
  /** DoNotSchedule: the Filter's. */
  readonly filter: readonly Constraint[];
  /** ScheduleAnyway: the Score's. */
  readonly score: readonly Constraint[];
}

export const NO_CONSTRAINTS: PodConstraints = { filter: [], score: [] };

/**
 * common.go filterTopologySpreadConstraints for one constraint: minDomains nil → 1, nodeAffinityPolicy nil → Honor,
 * nodeTaintsPolicy nil → Ignore; matchLabelKeys present in the pod's labels ANDed into the selector
 * (mergeLabelSetWithSelector — a nil selector has no requirements to keep, so it becomes the pairs alone).
 */
export function compileConstraint(c: Partial<ResolvedTopologySpreadConstraint> & DefaultSpreadConstraint, pod: PodInfo, selector?: Selector): Constraint {
  let sel = selector;
  if (sel === undefined) {
    const pairs: Record<string, string> = {};
    let any = false;
    for (const k of c.matchLabelKeys ?? []) {
      if (Object.prototype.hasOwnProperty.call(pod.labels, k)) {
        pairs[k] = pod.labels[k];
        any = true;
      }
    }
    sel = compileSelector(any ? withPairs(c.labelSelector ?? {}, pairs) : c.labelSelector);
  }
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    isHostname: c.topologyKey === LABEL_HOSTNAME,
    minDomains: c.minDomains ?? 1,
    honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    honorNodeTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
    selector: sel,
    matcher: podMatcher(sel, [pod.namespace], undefined, false),
  };
}

export function split(cs: readonly Constraint[], raw: readonly { whenUnsatisfiable: string }[]): PodConstraints {
  return { filter: cs.filter((_, i) => raw[i].whenUnsatisfiable === 'DoNotSchedule'), score: cs.filter((_, i) => raw[i].whenUnsatisfiable === 'ScheduleAnyway') };
}

/**
 * Whether a node takes part in a constraint's counting beyond having the topology keys
 * (common.go matchNodeInclusionPolicies, the node-affinity policy against GetRequiredNodeAffinity(pod)).
 */
export class Inclusion {
  /** No nodeSelector and no required node affinity: every node matches. */
  readonly trivialAffinity: boolean;
  constructor(private readonly pod: PodInfo) {
    let emptySelector = true;
    for (const _ in pod.nodeSelector) {
      emptySelector = false;
      break;
    }
    this.trivialAffinity = emptySelector && pod.requiredNodeAffinity === undefined;
  }
  affinity(node: NodeInfo): boolean {
    return this.trivialAffinity || requiredNodeAffinityMatches(this.pod, node.labels, node.name);
  }
  taints(node: NodeInfo): boolean {
    return node.taints.length === 0 || findUntoleratedTaint(node.taints, this.pod.tolerations) === undefined;
  }
  matches(c: Constraint, node: NodeInfo): boolean {
    return (!c.honorNodeAffinity || this.affinity(node)) && (!c.honorNodeTaints || this.taints(node));
  }
}

/** nodeLabelsMatchSpreadConstraints: the node (by index) has every constraint's topology key. */
export function hasAllKeys(ids: readonly ArrayLike<number>[], n: number): boolean {
  for (let i = 0; i < ids.length; i++) if (ids[i][n] < 0) return false;
  return true;
}

function mask(size: number, test: (n: number) => boolean): Uint8Array {
  const m = new Uint8Array(size);
  for (let n = 0; n < size; n++) m[n] = test(n) ? 1 : 0;
  return m;
}

/**
 * Per constraint, the nodes (by index, 1 = counts) that take part in its counting (§4.2), or undefined when no node
 * is excluded beyond lacking the constraint's own key (the −1 id, which the counting loops skip or map): every
 * constraint's key when `requireAll` (needed only with several constraints), then the node-affinity and taint
 * policies. Computed once per pod for all nodes, so the counting loops test one byte per node.
 */
export function eligibleMasks(pod: PodInfo, cs: readonly Constraint[], ids: readonly ArrayLike<number>[], nodes: readonly NodeInfo[], requireAll: boolean, skip: (c: Constraint) => boolean): (Uint8Array | undefined)[] {
  const size = nodes.length;
  const inclusion = new Inclusion(pod);
  let all: Uint8Array | undefined;
  let affinity: Uint8Array | undefined;
  let taints: Uint8Array | undefined;
  return cs.map((c) => {
    if (skip(c)) return undefined;
    const parts: Uint8Array[] = [];
    if (requireAll && cs.length > 1) parts.push((all ??= mask(size, (n) => hasAllKeys(ids, n))));
    if (c.honorNodeAffinity && !inclusion.trivialAffinity) parts.push((affinity ??= mask(size, (n) => inclusion.affinity(nodes[n]))));
    if (c.honorNodeTaints) parts.push((taints ??= mask(size, (n) => inclusion.taints(nodes[n]))));
    if (parts.length <= 1) return parts[0];
    return mask(size, (n) => parts.every((p) => p[n] === 1));
  });
}
