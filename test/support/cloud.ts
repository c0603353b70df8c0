/**
 * Builders for cloud tests (issue #10): an instance type with one offering per (zone, capacity type), a provisioning
 * model, a launch request. Values are stated by the caller; defaults are the [k8sim] ones of reference §4.
 */
import { seconds } from '../../engine/time';
import type { DurationDist } from '../../models/draw';
import type { InstanceType, LaunchRequest, NodeOwner, Offering, ProvisioningModel } from '../../models/cloud/types';

export const fixedDist = (s: number): DurationDist => ({ kind: 'fixed', value: seconds(s) });

/** A type of `cpu` cores and `memGi` GiB, allocatable = capacity − 100m / 10Mi (KWOK overhead). */
export function instanceType(name: string, cpu: number, memGi: number, offerings: readonly Partial<Offering>[] = [{}], pods = 110): InstanceType {
  const capacity = { cpuMilli: cpu * 1000, memoryBytes: memGi * 2 ** 30, pods };
  return {
    name,
    capacity,
    allocatable: { cpuMilli: capacity.cpuMilli - 100, memoryBytes: capacity.memoryBytes - 10 * 2 ** 20, pods },
    architecture: 'amd64',
    operatingSystems: ['linux'],
    labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux' },
    offerings: offerings.map((o) => ({ zone: 'test-zone-a', capacityType: 'on-demand', pricePerHour: 0.1, available: true, interruptionRatePerHour: 0, ...o })),
  };
}

export function provisioning(extra: Partial<ProvisioningModel> = {}): ProvisioningModel {
  return { registered: fixedDist(40), ready: fixedDist(60), failureProbability: 0, failureClass: 'OutOfResource', ...extra };
}

export const GROUP: NodeOwner = { kind: 'NodeGroup', name: 'pool-a' };

export function launchRequest(nodeName: string, type: InstanceType, extra: Partial<LaunchRequest> = {}): LaunchRequest {
  return {
    owner: GROUP,
    nodeName,
    instanceType: type,
    offering: type.offerings[0],
    labels: {},
    taints: [],
    provisioning: provisioning(),
    reason: 'scale-up',
    ...extra,
  };
}
