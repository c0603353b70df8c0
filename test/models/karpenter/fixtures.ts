/** Plain inputs for the pure Karpenter tests: NodePools with the defaults of reference §5.1, pods, pools. */
import type { Micros } from '../../../engine/time';
import { KARPENTER_DEFAULTS, type KarpenterNodePool, type Requirement } from '../../../models/karpenter/types';
import type { SimPod, SimPool } from '../../../models/karpenter/scheduling';

export const MI = 1024 * 1024;
export const GI = 1024 * MI;

/** The vectors' default requirements (§1 conventions): amd64, linux. */
export const DEFAULT_REQUIREMENTS: Requirement[] = [
  { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
  { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
];

export function capacityTypes(...cts: string[]): Requirement {
  return { key: 'karpenter.sh/capacity-type', operator: 'In', values: cts };
}

export function nodePool(name: string, over: Partial<KarpenterNodePool> = {}): KarpenterNodePool {
  return {
    name,
    weight: 0,
    labels: {},
    requirements: DEFAULT_REQUIREMENTS,
    taints: [],
    startupTaints: [],
    expireAfter: KARPENTER_DEFAULTS.expireAfter,
    terminationGracePeriod: null,
    limits: {},
    consolidationPolicy: 'WhenEmptyOrUnderutilized',
    consolidateAfter: 0 as Micros,
    consolidationThreshold: KARPENTER_DEFAULTS.consolidationThreshold,
    budgets: KARPENTER_DEFAULTS.budgets,
    hash: 'h',
    source: { file: 'test', line: 1 },
    ...over,
  };
}

export function simPool(pool: KarpenterNodePool): SimPool {
  const l = pool.limits;
  return {
    pool,
    remaining: { cpuMilli: l.cpuMilli ?? Infinity, memoryBytes: l.memoryBytes ?? Infinity, pods: l.pods ?? Infinity, nodes: l.nodes ?? Infinity },
    daemonOverhead: { cpuMilli: 0, memoryBytes: 0, pods: 0 },
  };
}

/** `n` pods of cpu milli / memory bytes, named p1…pn, created in order. */
export function pods(n: number, cpuMilli: number, memoryBytes: number, prefix = 'p'): SimPod[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `default/${prefix}${i + 1}`,
    uid: `${prefix}${String(i + 1).padStart(3, '0')}`,
    created: i,
    cpuMilli,
    memoryBytes,
    requirementTerms: [[]],
    tolerations: [],
  }));
}
