/**
 * Resource amounts as admission sees them: a pod's quota usage (pkg/quota/v1/evaluator/core/pods.go) in milli-units
 * per resource name, and quantities printed in canonical form (resource.Quantity.String: `500m`, `2`, `1Gi`) for
 * messages. Pure functions; nothing here reads the store.
 */
import { computePodRequests } from '../scheduler/filter';
import type { ResolvedContainer } from '../cluster/spec';
import type { PodObj } from '../cluster/objects';

const BINARY_SUFFIXES = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL_SUFFIXES = ['k', 'M', 'G', 'T', 'P', 'E'];

/** Memory-like resources print in BinarySI when exact (`1280Mi`); everything else in DecimalSI (`1800m`, `2`). */
function isBytes(resource: string): boolean {
  return /memory|storage/.test(resource);
}

/**
 * The canonical text of `milli` milli-units of `resource`: the largest suffix that keeps an integer mantissa
 * (CanonicalizeBytes). Memory written in binary units reads back in binary units; a fraction of a unit uses `m`.
 */
export function formatQuantity(resource: string, milli: number): string {
  if (milli === 0) return '0';
  if (milli % 1000 !== 0) return `${milli}m`;
  let n = milli / 1000;
  if (isBytes(resource) && n % 1024 === 0) {
    let i = -1;
    while (n % 1024 === 0 && i < BINARY_SUFFIXES.length - 1) {
      n /= 1024;
      i++;
    }
    return `${n}${BINARY_SUFFIXES[i]}`;
  }
  let i = -1;
  while (n % 1000 === 0 && i < DECIMAL_SUFFIXES.length - 1) {
    n /= 1000;
    i++;
  }
  return i < 0 ? String(n) : `${n}${DECIMAL_SUFFIXES[i]}`;
}

/** One container's requests and limits as resource lists (only the resources it sets), milli-units. */
export function containerResources(c: ResolvedContainer): { requests: Map<string, number>; limits: Map<string, number> } {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  if (c.requests.cpuMilli > 0) requests.set('cpu', c.requests.cpuMilli);
  if (c.requests.memoryBytes > 0) requests.set('memory', c.requests.memoryBytes * 1000);
  if (c.limits.cpuMilli > 0) limits.set('cpu', c.limits.cpuMilli);
  if (c.limits.memoryBytes > 0) limits.set('memory', c.limits.memoryBytes * 1000);
  return { requests, limits };
}

/**
 * The pod's effective requests and limits (PodRequests / PodLimits: containers summed, init containers by the max
 * rule, sidecars added), milli-units, only for resources some container sets.
 */
export function podResources(pod: Pick<PodObj, 'spec'>): { requests: Map<string, number>; limits: Map<string, number> } {
  const sum = (pick: (c: ResolvedContainer) => { cpuMilli: number; memoryBytes: number }) => {
    const opt = (c: ResolvedContainer) => {
      const v = pick(c);
      return { cpuMilli: v.cpuMilli > 0 ? v.cpuMilli : undefined, memoryBytes: v.memoryBytes > 0 ? v.memoryBytes : undefined };
    };
    const { requests } = computePodRequests(
      pod.spec.containers.map(opt),
      pod.spec.initContainers.map((c) => ({ ...opt(c), restartPolicy: c.restartPolicy })),
    );
    const all = [...pod.spec.containers, ...pod.spec.initContainers];
    const out = new Map<string, number>();
    if (all.some((c) => pick(c).cpuMilli > 0)) out.set('cpu', requests.cpuMilli);
    if (all.some((c) => pick(c).memoryBytes > 0)) out.set('memory', requests.memoryBytes * 1000);
    return out;
  };
  return { requests: sum((c) => c.requests), limits: sum((c) => c.limits) };
}

/**
 * A pod's quota usage (podEvaluator.Usage): `pods` and `count/pods` 1; `cpu` / `requests.cpu`, `memory` /
 * `requests.memory` from its requests; `limits.cpu`, `limits.memory` from its limits.
 */
export function podQuotaUsage(pod: Pick<PodObj, 'spec'>): Map<string, number> {
  const { requests, limits } = podResources(pod);
  const usage = new Map<string, number>([
    ['pods', 1000],
    ['count/pods', 1000],
  ]);
  for (const r of ['cpu', 'memory']) {
    const req = requests.get(r);
    if (req !== undefined) {
      usage.set(r, req);
      usage.set(`requests.${r}`, req);
    }
    const lim = limits.get(r);
    if (lim !== undefined) usage.set(`limits.${r}`, lim);
  }
  return usage;
}

/** The quota resources one container's requests and limits cover (podComputeUsageHelper's names). */
export function containerQuotaNames(c: ResolvedContainer): Set<string> {
  const { requests, limits } = containerResources(c);
  const names = new Set<string>();
  for (const r of requests.keys()) names.add(r).add(`requests.${r}`);
  for (const r of limits.keys()) names.add(`limits.${r}`);
  return names;
}
