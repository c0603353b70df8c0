/**
 * The provisioner's scheduling simulation over plain inputs (reference §6.2; kubernetes-sigs/karpenter
 * pkg/controllers/provisioning/scheduling/scheduler.go Solve, addToExistingNode, addToInflightNode, addToNewNodeClaim;
 * nodeclaim.go CanAdd; queue.go). Used for provisioning and, with the candidates removed, for consolidation (§7.6).
 * Pure: it never touches the store, the cloud or the clock.
 */
import type { InstanceType, Offering } from '../cloud/types';
import type { Taint, Toleration } from '../cluster/spec';
import { findUntoleratedTaint } from '../scheduler/filter';
import { cheapestPrice } from './offering';
import { compatibleOfferings, labelsCandidate, minValuesMessage, satisfiesAll, unmetMinValues } from './requirements';
import type { KarpenterNodePool, Requirement } from './types';

export interface Resources {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly pods: number;
}

export const NO_RESOURCES: Resources = { cpuMilli: 0, memoryBytes: 0, pods: 0 };

export function addResources(a: Resources, b: Resources): Resources {
  return { cpuMilli: a.cpuMilli + b.cpuMilli, memoryBytes: a.memoryBytes + b.memoryBytes, pods: a.pods + b.pods };
}

export function fits(req: Resources, alloc: Resources): boolean {
  return req.cpuMilli <= alloc.cpuMilli && req.memoryBytes <= alloc.memoryBytes && req.pods <= alloc.pods;
}

export interface SimPod {
  /** `namespace/name`. */
  readonly key: string;
  readonly uid: string;
  /** Creation time (µs), for the queue order. */
  readonly created: number;
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  /** Alternatives (ORed), each a list of requirements (ANDed): requirements.ts podRequirementTerms. */
  readonly requirementTerms: readonly (readonly Requirement[])[];
  readonly tolerations: readonly Toleration[];
}

/** A node (or an in-flight NodeClaim with its launched type) the pods may go to. */
export interface SimNode {
  readonly name: string;
  readonly initialized: boolean;
  readonly labels: Readonly<Record<string, string>>;
  /** Taints that block scheduling (known ephemeral ones already left out by the caller). */
  readonly taints: readonly Taint[];
  readonly allocatable: Resources;
  /** Requests of the pods already on it (pods count included). */
  readonly requested: Resources;
}

/** A NodePool as the simulation sees it: remaining limits (Infinity = unlimited) and DaemonSet overhead. */
export interface SimPool {
  readonly pool: KarpenterNodePool;
  readonly remaining: { cpuMilli: number; memoryBytes: number; pods: number; nodes: number };
  readonly daemonOverhead: Resources;
}

export interface TypeOption {
  readonly type: InstanceType;
  /** Compatible available offerings, catalogue order. */
  readonly offerings: readonly Offering[];
}

export interface NewClaim {
  readonly pool: KarpenterNodePool;
  readonly pods: SimPod[];
  /** Pods' requests + DaemonSet overhead + 1 pod per pod. */
  requests: Resources;
  /** Accumulated requirements: the pool's, then each pod's chosen term. */
  requirements: (readonly Requirement[])[];
  /** Instance types still possible, by cheapest offering price, then name. */
  options: TypeOption[];
}

export interface SchedulingInput {
  readonly pods: readonly SimPod[];
  readonly nodes: readonly SimNode[];
  /** In weight order (nodePoolOrder). */
  readonly pools: readonly SimPool[];
  readonly types: readonly InstanceType[];
  readonly unavailable: (type: string, o: Offering) => boolean;
}

export interface SchedulingResult {
  /** Pod key → existing node name. */
  readonly existing: Map<string, string>;
  readonly claims: NewClaim[];
  /** Pod key → reason (`Failed to schedule pod, <reason>` upstream). */
  readonly failed: Map<string, string>;
}

/** queue.go byCPUAndMemoryDescending: CPU desc, memory desc, creation, UID. */
export function podOrder(a: SimPod, b: SimPod): number {
  if (a.cpuMilli !== b.cpuMilli) return b.cpuMilli - a.cpuMilli;
  if (a.memoryBytes !== b.memoryBytes) return b.memoryBytes - a.memoryBytes;
  if (a.created !== b.created) return a.created - b.created;
  return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
}

/** pkg/utils/nodepool OrderByWeight: weight descending; equal weights by name, later in the alphabet first. */
export function nodePoolOrder(a: KarpenterNodePool, b: KarpenterNodePool): number {
  if (a.weight !== b.weight) return b.weight - a.weight;
  return a.name < b.name ? 1 : a.name > b.name ? -1 : 0;
}

function podResources(p: SimPod): Resources {
  return { cpuMilli: p.cpuMilli, memoryBytes: p.memoryBytes, pods: 1 };
}

function withinLimits(t: InstanceType, r: SimPool['remaining']): boolean {
  return t.capacity.cpuMilli <= r.cpuMilli && t.capacity.memoryBytes <= r.memoryBytes && t.capacity.pods <= r.pods && r.nodes >= 1;
}

/** Runs the simulation: every pod to an existing node, an in-flight new claim, or a new claim (§6.2). */
export function solve(input: SchedulingInput): SchedulingResult {
  const pods = [...input.pods].sort(podOrder);
  const nodes = [...input.nodes].sort((a, b) => (a.initialized !== b.initialized ? (a.initialized ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const requested = new Map(nodes.map((n) => [n.name, n.requested]));
  const candidates = new Map(nodes.map((n) => [n.name, labelsCandidate(n.labels)]));
  const existing = new Map<string, string>();
  const failed = new Map<string, string>();
  const claims: NewClaim[] = [];
  for (const pod of pods) {
    const res = podResources(pod);
    // (1) existing nodes (initialized first, then by name).
    const node = nodes.find((n) => {
      const next = addResources(requested.get(n.name)!, res);
      if (!fits(next, n.allocatable)) return false;
      if (findUntoleratedTaint(n.taints, pod.tolerations) !== undefined) return false;
      const c = candidates.get(n.name)!;
      return pod.requirementTerms.some((t) => satisfiesAll(c, t));
    });
    if (node) {
      requested.set(node.name, addResources(requested.get(node.name)!, res));
      existing.set(pod.key, node.name);
      continue;
    }
    // (2) in-flight new claims of this round, fewest pods first (stable: creation order).
    const inflight = [...claims].sort((a, b) => a.pods.length - b.pods.length);
    if (inflight.some((c) => tryAdd(c, pod, input))) continue;
    // (3) a new claim from the first pool that can take the pod.
    let reason = 'no instance type has enough resources';
    let placed = false;
    for (const sp of input.pools) {
      const r = openClaim(sp, pod, input);
      if (typeof r === 'string') {
        reason = r;
        continue;
      }
      claims.push(r);
      // subtractMax: the largest capacity among the options leaves the remaining limits (§6.2).
      let cpu = 0;
      let mem = 0;
      let pd = 0;
      for (const o of r.options) {
        cpu = Math.max(cpu, o.type.capacity.cpuMilli);
        mem = Math.max(mem, o.type.capacity.memoryBytes);
        pd = Math.max(pd, o.type.capacity.pods);
      }
      sp.remaining.cpuMilli -= cpu;
      sp.remaining.memoryBytes -= mem;
      sp.remaining.pods -= pd;
      sp.remaining.nodes -= 1;
      placed = true;
      break;
    }
    if (!placed) failed.set(pod.key, reason);
  }
  return { existing, claims, failed };
}

/** The options of a claim of pool `sp` with `requirements` and `requests` (types within limits when `limits`). */
function optionsFor(sp: SimPool, requirements: readonly (readonly Requirement[])[], requests: Resources, input: SchedulingInput, limits: boolean): TypeOption[] {
  const out: TypeOption[] = [];
  for (const type of input.types) {
    if (limits && !withinLimits(type, sp.remaining)) continue;
    if (!fits(requests, type.allocatable)) continue;
    const offerings = compatibleOfferings(type, requirements, sp.pool.name, sp.pool.labels, input.unavailable);
    if (offerings.length > 0) out.push({ type, offerings });
  }
  return out.sort((a, b) => cheapestPrice(a.offerings) - cheapestPrice(b.offerings) || (a.type.name < b.type.name ? -1 : a.type.name > b.type.name ? 1 : 0));
}

function tolerates(sp: SimPool, pod: SimPod): boolean {
  return findUntoleratedTaint(sp.pool.taints, pod.tolerations) === undefined;
}

function openClaim(sp: SimPool, pod: SimPod, input: SchedulingInput): NewClaim | string {
  if (!tolerates(sp, pod)) return 'incompatible with nodepool "' + sp.pool.name + '", did not tolerate taints';
  if (sp.remaining.nodes < 1) return 'node limits have been exhausted for nodepool';
  const requests = addResources(sp.daemonOverhead, podResources(pod));
  let lastReason = 'incompatible requirements';
  for (const term of pod.requirementTerms) {
    const requirements = [sp.pool.requirements, term];
    const all = optionsFor(sp, requirements, requests, input, false);
    if (all.length === 0) {
      lastReason = optionsFor(sp, requirements, NO_RESOURCES, input, false).length === 0 ? 'incompatible requirements' : 'no instance type has enough resources';
      continue;
    }
    const options = all.filter((o) => withinLimits(o.type, sp.remaining));
    if (options.length === 0) {
      lastReason = 'all available instance types exceed limits for nodepool';
      continue;
    }
    const unmet = unmetMinValues(options, requirements, sp.pool.name, sp.pool.labels);
    if (unmet !== undefined) {
      lastReason = minValuesMessage(unmet);
      continue;
    }
    return { pool: sp.pool, pods: [pod], requests, requirements, options };
  }
  return lastReason;
}

/** nodeclaim.go CanAdd: the pod joins if some option still fits and the requirements stay compatible. */
function tryAdd(c: NewClaim, pod: SimPod, input: SchedulingInput): boolean {
  const sp = input.pools.find((p) => p.pool === c.pool);
  if (!sp || !tolerates(sp, pod)) return false;
  const requests = addResources(c.requests, podResources(pod));
  for (const term of pod.requirementTerms) {
    const requirements = [...c.requirements, term];
    const names = new Set(c.options.map((o) => o.type.name));
    const options = optionsFor(sp, requirements, requests, { ...input, types: input.types.filter((t) => names.has(t.name)) }, false);
    if (options.length === 0 || unmetMinValues(options, requirements, sp.pool.name, sp.pool.labels) !== undefined) continue;
    c.pods.push(pod);
    c.requests = requests;
    c.requirements = requirements;
    c.options = options;
    return true;
  }
  return false;
}
