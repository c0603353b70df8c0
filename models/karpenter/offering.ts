/**
 * Which offering a NodeClaim launches as, and the prices consolidation compares (reference §6.3, §7.6). Pure.
 * Launch rule ([k8sim] §6.3 generic rule; KWOK kwok/cloudprovider/cloudprovider.go toNode picks the strictly cheapest
 * type, then a random offering): the cheapest compatible available offering over all instance types of the claim,
 * ties by instance-type name, then zone, then capacity type.
 */
import type { CapacityType, InstanceType, Offering } from '../cloud/types';

export interface Choice {
  readonly type: InstanceType;
  readonly offering: Offering;
}

/** The cheapest of the given (type, offerings) pairs by the tie-break above; undefined when there is none. */
export function cheapestOffering(options: readonly { readonly type: InstanceType; readonly offerings: readonly Offering[] }[]): Choice | undefined {
  let best: Choice | undefined;
  for (const { type, offerings } of options) {
    for (const o of offerings) {
      if (best === undefined || compareChoice({ type, offering: o }, best) < 0) best = { type, offering: o };
    }
  }
  return best;
}

function compareChoice(a: Choice, b: Choice): number {
  if (a.offering.pricePerHour !== b.offering.pricePerHour) return a.offering.pricePerHour - b.offering.pricePerHour;
  if (a.type.name !== b.type.name) return a.type.name < b.type.name ? -1 : 1;
  if (a.offering.zone !== b.offering.zone) return a.offering.zone < b.offering.zone ? -1 : 1;
  return a.offering.capacityType < b.offering.capacityType ? -1 : a.offering.capacityType > b.offering.capacityType ? 1 : 0;
}

/** The cheapest price among `offerings`; Infinity when empty. */
export function cheapestPrice(offerings: readonly Offering[]): number {
  let p = Infinity;
  for (const o of offerings) p = Math.min(p, o.pricePerHour);
  return p;
}

/** The capacity type a launch would use (pkg/providers/instance getCapacityType): reserved, else spot, else on-demand. */
export function launchCapacityType(offerings: readonly Offering[]): CapacityType | undefined {
  for (const ct of ['reserved', 'spot', 'on-demand'] as const) if (offerings.some((o) => o.capacityType === ct)) return ct;
  return undefined;
}

/**
 * The worst launch price (consolidation.go `getWorstLaunchPrice` via filterByPrice, §7.6 step 4): the most expensive
 * compatible offering of the capacity type a launch would use.
 */
export function worstLaunchPrice(offerings: readonly Offering[]): number {
  const ct = launchCapacityType(offerings);
  let p = -Infinity;
  for (const o of offerings) if (o.capacityType === ct) p = Math.max(p, o.pricePerHour);
  return ct === undefined ? Infinity : p;
}
