/**
 * The requirements algebra of the provisioner (pkg/scheduling/requirements.go, simplified): NodePool requirements ∩
 * pod node selector / required node affinity ∩ what an instance type's offering provides. A candidate node is a map
 * from label key to its possible values (one value for most keys; several for the OS of a multi-OS type). Pure.
 */
import type { InstanceType, Offering } from '../cloud/types';
import { CAPACITY_TYPE_LABEL, INSTANCE_TYPE_LABEL, NODEPOOL_LABEL, OS_LABEL, ZONE_LABEL, type Requirement } from './types';

/** Label key → the values a node may carry for it. */
export type Candidate = ReadonlyMap<string, readonly string[]>;

/** One requirement against a candidate (pkg/scheduling/requirement.go Has / Intersects). */
export function satisfies(c: Candidate, r: Requirement): boolean {
  const vs = c.get(r.key);
  switch (r.operator) {
    case 'In':
      return vs !== undefined && vs.some((v) => r.values.includes(v));
    case 'NotIn':
      return vs === undefined || vs.some((v) => !r.values.includes(v));
    case 'Exists':
      return vs !== undefined;
    case 'DoesNotExist':
      return vs === undefined;
    case 'Gt':
      return vs !== undefined && vs.some((v) => isInt(v) && Number(v) > Number(r.values[0]));
    case 'Lt':
      return vs !== undefined && vs.some((v) => isInt(v) && Number(v) < Number(r.values[0]));
  }
}

function isInt(v: string): boolean {
  return /^-?\d+$/.test(v);
}

export function satisfiesAll(c: Candidate, rs: readonly Requirement[]): boolean {
  return rs.every((r) => satisfies(c, r));
}

/** Built candidates by offering, then by pool name and labels (the simulation asks for the same ones many times). */
const candidateCache = new WeakMap<Offering, Map<string, Candidate>>();

/** The labels a node of `type` bought as `offering` for NodePool `pool` would carry (cloud labels + pool labels). */
export function offeringCandidate(type: InstanceType, offering: Offering, poolName: string, poolLabels: Readonly<Record<string, string>>): Candidate {
  let byPool = candidateCache.get(offering);
  if (byPool === undefined) {
    byPool = new Map();
    candidateCache.set(offering, byPool);
  }
  const key = `${type.name}\u0000${poolName}\u0000${JSON.stringify(poolLabels)}`;
  let c = byPool.get(key);
  if (c === undefined) {
    c = buildOfferingCandidate(type, offering, poolName, poolLabels);
    byPool.set(key, c);
  }
  return c;
}

function buildOfferingCandidate(type: InstanceType, offering: Offering, poolName: string, poolLabels: Readonly<Record<string, string>>): Candidate {
  const m = new Map<string, readonly string[]>();
  for (const k of Object.keys(type.labels)) m.set(k, [type.labels[k]]);
  if (type.operatingSystems.length > 0) m.set(OS_LABEL, type.operatingSystems);
  for (const k of Object.keys(poolLabels)) m.set(k, [poolLabels[k]]);
  m.set(ZONE_LABEL, [offering.zone]);
  m.set(CAPACITY_TYPE_LABEL, [offering.capacityType]);
  // The catalogue's labels leave out the instance type (the cloud sets it at launch); its requirement is its name.
  m.set(INSTANCE_TYPE_LABEL, [type.name]);
  m.set(NODEPOOL_LABEL, [poolName]);
  return m;
}

/** A concrete node's labels as a candidate. */
export function labelsCandidate(labels: Readonly<Record<string, string>>): Candidate {
  const m = new Map<string, readonly string[]>();
  for (const k of Object.keys(labels)) m.set(k, [labels[k]]);
  return m;
}

/**
 * A pod's node requirements as alternatives (terms ORed, each ANDed with the node selector): nodeSelector as `In`,
 * requiredDuringScheduling terms' matchExpressions. No term = one alternative (the node selector alone).
 */
export function podRequirementTerms(nodeSelector: Readonly<Record<string, string>>, terms: readonly (readonly Requirement[])[]): Requirement[][] {
  const sel: Requirement[] = Object.keys(nodeSelector)
    .sort()
    .map((k) => ({ key: k, operator: 'In', values: [nodeSelector[k]] }));
  if (terms.length === 0) return [sel];
  return terms.map((t) => [...sel, ...t]);
}

/** The offerings of `type` compatible with every requirement list in `reqs` and available (catalogue order). */
export function compatibleOfferings(
  type: InstanceType,
  reqs: readonly (readonly Requirement[])[],
  poolName: string,
  poolLabels: Readonly<Record<string, string>>,
  unavailable: (type: string, o: Offering) => boolean,
): Offering[] {
  return type.offerings.filter((o) => o.available && !unavailable(type.name, o) && reqs.every((rs) => satisfiesAll(offeringCandidate(type, o, poolName, poolLabels), rs)));
}

/**
 * Why no instance type of `types` can serve `pool` (its requirements and labels against every available offering),
 * or undefined when one can: the loader turns it into a located error (issue #10 "Done when").
 */
export function unsatisfiablePoolProblem(pool: { readonly name: string; readonly labels: Readonly<Record<string, string>>; readonly requirements: readonly Requirement[] }, types: readonly InstanceType[]): string | undefined {
  for (const t of types) if (compatibleOfferings(t, [pool.requirements], pool.name, pool.labels, () => false).length > 0) return undefined;
  const text = pool.requirements.map((r) => `${r.key} ${r.operator}${r.values.length > 0 ? ` [${r.values.join(' ')}]` : ''}`).join(', ');
  return `no instance type of the catalogue (${types.length} types) meets the requirements of NodePool ${pool.name} (${text})`;
}

/**
 * minValues (pkg/scheduling/requirements.go, MIN_VALUES_POLICY Strict): the first requirement whose `minValues` the
 * options do not meet — fewer distinct values of its key (within its `In` values) across the options' offerings —
 * or undefined when all are met.
 */
export function unmetMinValues(
  options: readonly { readonly type: InstanceType; readonly offerings: readonly Offering[] }[],
  requirements: readonly (readonly Requirement[])[],
  poolName: string,
  poolLabels: Readonly<Record<string, string>>,
): Requirement | undefined {
  for (const rs of requirements) {
    for (const r of rs) {
      if (r.minValues === undefined) continue;
      const seen = new Set<string>();
      for (const o of options) {
        for (const off of o.offerings) {
          for (const v of offeringCandidate(o.type, off, poolName, poolLabels).get(r.key) ?? []) if (r.operator !== 'In' || r.values.includes(v)) seen.add(v);
        }
      }
      if (seen.size < r.minValues) return r;
    }
  }
  return undefined;
}

export function minValuesMessage(r: Requirement): string {
  return `minValues requirement is not met for label(s) [${r.key}]`;
}
