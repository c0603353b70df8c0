/**
 * The instance catalogue (issue #10, reference §8): the instance types a cloud sells, in catalogue order, looked up by
 * name; KWOK's defaults applied to a type as read (kwok/cloudprovider/helpers.go setDefaultOptions, newInstanceType)
 * and KWOK's embedded 144-type catalogue, generated as kwok/tools/gen_instance_types.go generates it.
 * Pure: the scenario loader (scenarios/kinds/catalogue.ts) parses and validates the input.
 */
import type { CapacityType, Catalogue, InstanceType, Offering } from './types';

/** A catalogue of the given types, in the order given. Type names must be unique (the loader validates them). */
export function makeCatalogue(types: readonly InstanceType[]): Catalogue {
  const byName = new Map<string, InstanceType>();
  for (const t of types) if (!byName.has(t.name)) byName.set(t.name, t);
  return { types, get: (name) => byName.get(name) };
}

/** The catalogue of a scenario that names no instance types. */
export const EMPTY_CATALOGUE: Catalogue = makeCatalogue([]);

/** KWOK's well-known instance labels (kwok/apis/v1alpha1). */
export const KWOK_LABELS = {
  size: 'karpenter.kwok.sh/instance-size',
  family: 'karpenter.kwok.sh/instance-family',
  cpu: 'karpenter.kwok.sh/instance-cpu',
  memory: 'karpenter.kwok.sh/instance-memory',
} as const;

/** newInstanceType's KubeReserved overhead: 100m CPU, 10Mi memory. */
export const KWOK_OVERHEAD = { cpuMilli: 100, memoryBytes: 10 * 2 ** 20 } as const;
/** setDefaultOptions: pods when `resources.pods` is absent. */
export const KWOK_DEFAULT_PODS = 110;

/** An instance type as read, before KWOK's defaults: resources as written (for the labels) and parsed. */
export interface InstanceTypeOptions {
  readonly name: string;
  readonly architecture: string;
  readonly operatingSystems: readonly string[];
  /** The quantities as written (resource.Quantity String() of them gives the cpu and memory labels). */
  readonly cpu: { readonly text: string; readonly milli: number };
  readonly memory: { readonly text: string; readonly bytes: number };
  /** undefined = 110. */
  readonly pods?: number;
  /** `Available` is not kept: setDefaultOptions makes every offering available. */
  readonly offerings: readonly Omit<Offering, 'available'>[];
}

/** AWS names: `<family>.<size>` (parseSizeFromType's awsRegexp). */
const AWS_NAME = /^\w+\.(nano|micro|small|medium|large|\d*xlarge|metal)$/;

/** parseSizeFromType: the AWS size word, else the CPU quantity. */
export function instanceSize(name: string, cpu: string): string {
  const m = AWS_NAME.exec(name);
  return m !== null ? m[1] : cpu;
}

/** parseFamilyFromType: the text before the first `.` or `-`, else the first character. */
export function instanceFamily(name: string): string {
  if (name === '') return '';
  const i = name.search(/[.-]/);
  return i < 0 ? name.slice(0, 1) : name.slice(0, i);
}

/**
 * setDefaultOptions + newInstanceType: pods 110 when absent, every offering available, allocatable = capacity − 100m
 * CPU − 10Mi memory, the labels arch, os (the first operating system), and KWOK's size, family, cpu and memory.
 */
export function newInstanceType(o: InstanceTypeOptions): InstanceType {
  const pods = o.pods ?? KWOK_DEFAULT_PODS;
  const capacity = { cpuMilli: o.cpu.milli, memoryBytes: o.memory.bytes, pods };
  return {
    name: o.name,
    capacity,
    allocatable: { cpuMilli: Math.max(0, o.cpu.milli - KWOK_OVERHEAD.cpuMilli), memoryBytes: Math.max(0, o.memory.bytes - KWOK_OVERHEAD.memoryBytes), pods },
    architecture: o.architecture,
    operatingSystems: [...o.operatingSystems],
    labels: {
      'kubernetes.io/arch': o.architecture,
      ...(o.operatingSystems.length > 0 ? { 'kubernetes.io/os': o.operatingSystems[0] } : {}),
      [KWOK_LABELS.size]: instanceSize(o.name, o.cpu.text),
      [KWOK_LABELS.family]: instanceFamily(o.name),
      [KWOK_LABELS.cpu]: o.cpu.text,
      [KWOK_LABELS.memory]: o.memory.text,
    },
    offerings: o.offerings.map((x) => ({ ...x, available: true })),
  };
}

/** gen_instance_types.go KwokZones. */
export const KWOK_ZONES: readonly string[] = ['test-zone-a', 'test-zone-b', 'test-zone-c', 'test-zone-d'];
const KWOK_CPUS = [1, 2, 4, 8, 16, 32, 48, 64, 96, 128, 192, 256];
const KWOK_FAMILIES: readonly (readonly [number, string])[] = [
  [2, 'c'],
  [4, 's'],
  [8, 'm'],
];

/** priceFromResources: 0.025 $/h per CPU + 0.001 $/h per 10⁹ bytes of memory. */
export function kwokPrice(cpu: number, memoryBytes: number): number {
  return 0.025 * cpu + (0.001 * memoryBytes) / 1e9;
}

/**
 * The embedded KWOK catalogue (constructGenericInstanceTypes): for CPU in 1…256, memory factor 2/4/8 GiB per CPU
 * (family c, s, m), os linux then windows, arch amd64 then arm64 — 144 types named `<family>-<cpu>x-<arch>-<os>`,
 * pods min(16·cpu, 1024); offerings per zone test-zone-a…d, spot (0.7 × price) then on-demand. Every offering
 * interruption rate is `spotInterruptionRatePerHour` for spot (0 by default).
 */
export function kwokCatalogue(spotInterruptionRatePerHour = 0): Catalogue {
  const types: InstanceType[] = [];
  for (const cpu of KWOK_CPUS) {
    for (const [factor, family] of KWOK_FAMILIES) {
      for (const os of ['linux', 'windows']) {
        for (const arch of ['amd64', 'arm64']) {
          const memGi = cpu * factor;
          const bytes = memGi * 2 ** 30;
          const price = kwokPrice(cpu, bytes);
          const offerings: Omit<Offering, 'available'>[] = [];
          for (const zone of KWOK_ZONES) {
            for (const ct of ['spot', 'on-demand'] as const satisfies readonly CapacityType[]) {
              offerings.push({ zone, capacityType: ct, pricePerHour: ct === 'spot' ? price * 0.7 : price, interruptionRatePerHour: ct === 'spot' ? spotInterruptionRatePerHour : 0 });
            }
          }
          types.push(
            newInstanceType({
              name: `${family}-${cpu}x-${arch}-${os}`,
              architecture: arch,
              operatingSystems: [os],
              cpu: { text: String(cpu), milli: cpu * 1000 },
              memory: { text: `${memGi}Gi`, bytes },
              pods: Math.min(cpu * 16, 1024),
              offerings,
            }),
          );
        }
      }
    }
  }
  return makeCatalogue(types);
}

/**
 * resource.Quantity's canonical String() for the label values: CPU in whole cores when whole, else millicores; memory
 * with the largest binary suffix that divides it when written with a binary suffix, else in bytes (decimal).
 */
export function canonicalCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

export function canonicalMemory(bytes: number, binary: boolean): string {
  if (!binary) return String(bytes);
  const suffixes: readonly [string, number][] = [
    ['Ei', 2 ** 60],
    ['Pi', 2 ** 50],
    ['Ti', 2 ** 40],
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ];
  for (const [s, f] of suffixes) if (bytes >= f && bytes % f === 0) return `${bytes / f}${s}`;
  return String(bytes);
}
