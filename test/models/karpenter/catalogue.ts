/**
 * Test catalogues for the Karpenter-style provisioner, built through the `Catalogue` interface of models/cloud/types.ts
 * (until the cloud's loader is used): K1 of node-autoscaling-vectors.md §1, and a small KWOK-shaped builder.
 */
import type { Catalogue, InstanceType, Offering } from '../../../models/cloud/types';
import { ARCH_LABEL, INSTANCE_TYPE_LABEL, OS_LABEL } from '../../../models/karpenter/types';

const MI = 1024 * 1024;
const GI = 1024 * MI;

export function offering(capacityType: Offering['capacityType'], pricePerHour: number, zone = 'zone-a'): Offering {
  return { zone, capacityType, pricePerHour, available: true, interruptionRatePerHour: 0 };
}

/** A type with KWOK overhead (100m, 10Mi), amd64/linux. */
export function instanceType(name: string, cpu: number, memoryGi: number, pods: number, offerings: readonly Offering[]): InstanceType {
  return {
    name,
    capacity: { cpuMilli: cpu * 1000, memoryBytes: memoryGi * GI, pods },
    allocatable: { cpuMilli: cpu * 1000 - 100, memoryBytes: memoryGi * GI - 10 * MI, pods },
    architecture: 'amd64',
    operatingSystems: ['linux'],
    labels: { [INSTANCE_TYPE_LABEL]: name, [ARCH_LABEL]: 'amd64', [OS_LABEL]: 'linux' },
    offerings,
  };
}

export function catalogue(types: readonly InstanceType[]): Catalogue {
  return { types, get: (n) => types.find((t) => t.name === n) };
}

/** Catalogue K1 (vectors §1): one zone `zone-a`, on-demand then spot offerings. */
export const K1 = catalogue([
  instanceType('c-2x', 2, 4, 32, [offering('on-demand', 0.1), offering('spot', 0.04)]),
  instanceType('c-4x', 4, 8, 64, [offering('on-demand', 0.2), offering('spot', 0.08)]),
  instanceType('c-8x', 8, 16, 128, [offering('on-demand', 0.4), offering('spot', 0.16)]),
  instanceType('m-4x', 4, 32, 64, [offering('on-demand', 0.28), offering('spot', 0.11)]),
  instanceType('m-8x', 8, 64, 128, [offering('on-demand', 0.56), offering('spot', 0.22)]),
]);

/** The embedded KWOK catalogue's formula (§8) for the types KP-02 needs: c and s families, 1–2 CPUs, 4 zones. */
export function kwokType(family: 'c' | 's', cpu: number): InstanceType {
  const memGi = cpu * (family === 'c' ? 2 : 4);
  const od = 0.025 * cpu + (0.001 * memGi * GI) / 1e9;
  const zones = ['test-zone-a', 'test-zone-b', 'test-zone-c', 'test-zone-d'];
  const offerings = zones.flatMap((z) => [offering('spot', 0.7 * od, z), offering('on-demand', od, z)]);
  return instanceType(`${family}-${cpu}x-amd64-linux`, cpu, memGi, Math.min(16 * cpu, 1024), offerings);
}

export const KWOK_SMALL = catalogue([kwokType('c', 1), kwokType('c', 2), kwokType('s', 1), kwokType('s', 2)]);
