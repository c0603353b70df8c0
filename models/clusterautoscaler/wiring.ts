/**
 * What the Simulation hands the Cluster Autoscaler (issue #10): the machine a node group launches and how it comes
 * up. A group whose pool names an instance type launches that type from the catalogue (its first offering of the
 * pool's capacity type, on-demand by default, in the pool's zone when it has one); a pool sized by cpu/memory/pods
 * launches a type built from that size. [k8sim] Machines come up as reference §4 suggests for a CA cloud
 * (registered 40 s, Ready 60 s after the launch, no failures) unless the group (its pool's `provisioning`) or the
 * Simulation (`spec.cloud.provisioning`, the pool's documented default) says otherwise.
 */
import { seconds } from '../../engine/time';
import type { Catalogue, InstanceType, LaunchRequest, Offering, ProvisioningModel } from '../cloud/types';
import { LABEL_ZONE } from '../cloud/cloud';
import type { NodeGroupSpec } from './config';

export const CA_DEFAULT_PROVISIONING: ProvisioningModel = {
  registered: { kind: 'fixed', value: seconds(40) },
  ready: { kind: 'fixed', value: seconds(60) },
  failureProbability: 0,
  failureClass: 'OutOfResource',
};

export function groupProvisioning(g: NodeGroupSpec, cloudDefault: ProvisioningModel = CA_DEFAULT_PROVISIONING): ProvisioningModel {
  return g.provisioning ?? cloudDefault;
}

/** The group's instance type and offering (see the module comment). */
export function groupMachine(catalogue: Catalogue, g: NodeGroupSpec): { readonly instanceType: InstanceType; readonly offering: Offering } {
  const zone = g.zones?.[0] ?? '';
  const wanted = g.capacityType ?? 'on-demand';
  const named = g.instanceType !== undefined ? catalogue.get(g.instanceType) : undefined;
  if (named !== undefined) {
    const offering = named.offerings.find((o) => o.capacityType === wanted && (zone === '' || o.zone === zone)) ?? named.offerings.find((o) => o.capacityType === wanted) ?? named.offerings[0];
    if (offering !== undefined) return { instanceType: named, offering };
  }
  const t = g.template;
  const offering: Offering = { zone, capacityType: wanted === 'spot' || wanted === 'reserved' ? wanted : 'on-demand', pricePerHour: 0, available: true, interruptionRatePerHour: 0 };
  return {
    // Named by its size, so pools of one size are "similar" groups (the instance-type label is compared).
    instanceType: { name: `${t.capacity.cpuMilli}m-${Math.round(t.capacity.memoryBytes / 2 ** 20)}Mi`, capacity: t.capacity, allocatable: t.allocatable, architecture: 'amd64', operatingSystems: ['linux'], labels: {}, offerings: [offering] },
    offering,
  };
}

/**
 * The launch request for a node group's next machine (CloudProvider NodeGroup.IncreaseSize), shared by the Cluster
 * Autoscaler and the node autoscaler policy runner: the group's `launched`-th machine (0-based) goes to the pool's
 * zone round-robin after its initial nodes, carries the template's labels and taints, and is named
 * `<group>-<5 characters>` from `nextSuffix` until `taken` says the name is free.
 */
export function groupLaunchRequest(
  spec: NodeGroupSpec,
  launched: number,
  machine: { readonly instanceType: InstanceType; readonly offering: Offering },
  provisioning: ProvisioningModel,
  nextSuffix: () => string,
  taken: (nodeName: string) => boolean,
): LaunchRequest {
  const zones = spec.zones;
  const zone = zones !== undefined ? zones[(spec.initialNodes.length + launched) % zones.length] : undefined;
  let nodeName = `${spec.name}-${nextSuffix()}`;
  while (taken(nodeName)) nodeName = `${spec.name}-${nextSuffix()}`;
  const labels: Record<string, string> = { ...spec.template.labels };
  if (zone !== undefined) labels[LABEL_ZONE] = zone;
  const { instanceType, offering } = machine;
  return {
    owner: { kind: 'NodeGroup', name: spec.name },
    nodeName,
    instanceType,
    offering: zone !== undefined && offering.zone !== zone ? { ...offering, zone } : offering,
    labels,
    taints: spec.template.taints,
    provisioning,
    reason: 'scale-up',
  };
}
