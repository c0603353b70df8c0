/**
 * The node checks the filter plugins share (./plugins) and the kubelet, DaemonSet and node lifecycle controllers
 * reuse: tolerations against taints, cordon, nodeName, the resource fit with its reason strings, and a pod's
 * effective requests (PodRequests). Pure functions over read-only inputs.
 */

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: TaintEffect;
}

export interface Toleration {
  /** Empty/absent key with operator Exists tolerates every taint. */
  readonly key?: string;
  /** Absent = Equal. */
  readonly operator?: 'Exists' | 'Equal';
  readonly value?: string;
  /** Absent = all effects. */
  readonly effect?: TaintEffect;
  /** Only used by NoExecute eviction, not by the scheduler. */
  readonly tolerationSeconds?: number;
}

export interface ResourceAmounts {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  /** Extended resources (`nvidia.com/gpu`) by name; absent = none. Fit checks them; scoring does not. */
  readonly extended?: Readonly<Record<string, number>>;
}

/** Reason strings, verbatim from the plugins (users grep for them). */
export const REASON_UNSCHEDULABLE = 'node(s) were unschedulable'; // nodeunschedulable ErrReasonUnschedulable
export const REASON_NODE_NAME = "node(s) didn't match the requested node name"; // nodename ErrReason
export const REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector"; // nodeaffinity ErrReasonPod
export const REASON_TOO_MANY_PODS = 'Too many pods'; // noderesources fit.go
export const REASON_INSUFFICIENT_CPU = 'Insufficient cpu';
export const REASON_INSUFFICIENT_MEMORY = 'Insufficient memory';

/** The taint the node lifecycle controller puts on cordoned nodes (v1.TaintNodeUnschedulable). */
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';

/** staging/src/k8s.io/api/core/v1/toleration.go : (*Toleration).ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  switch (t.operator) {
    case undefined:
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** pkg/apis/core/v1/helper/helpers.go : TolerationsTolerateTaint (a loop: no closure on the hot path). */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/**
 * pkg/apis/core/v1/helper/helpers.go : FindMatchingUntoleratedTaint with DoNotScheduleTaintsFilterFunc: the first
 * NoSchedule/NoExecute taint (in the node's order) that no toleration tolerates.
 */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[] = []): Taint | undefined {
  for (const taint of taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

/**
 * plugins/tainttoleration/taint_toleration.go : Filter's reason: the taint's key and value, not its effect (up to
 * v1.34; v1.35 prints `node(s) had untolerated taint(s)`, scheduler.md §5.1).
 */
export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

/** v1.35.0+ (kubernetes PR #134740): the reason names no taint (the taint is only logged). */
export const REASON_UNTOLERATED_TAINTS = 'node(s) had untolerated taint(s)';

const UNSCHEDULABLE_TAINT: Taint = Object.freeze({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });

/** plugins/nodeunschedulable : Filter: a cordoned node takes the pod iff it tolerates unschedulable:NoSchedule. */
export function toleratesUnschedulable(tolerations: readonly Toleration[] = []): boolean {
  return tolerationsTolerateTaint(tolerations, UNSCHEDULABLE_TAINT);
}

/** plugins/nodename/node_name.go : Fits: no spec.nodeName, or the node's own name. */
export function nodeNameFits(podNodeName: string | undefined, nodeName: string): boolean {
  return podNodeName === undefined || podNodeName === '' || podNodeName === nodeName;
}

/** fitsRequest's answer as bits (0 = fits): which resources are insufficient, and whether any is unresolvable. */
export const INSUFFICIENT_PODS = 1;
export const INSUFFICIENT_CPU = 2;
export const INSUFFICIENT_MEMORY = 4;
export const INSUFFICIENT_UNRESOLVABLE = 8;

/**
 * plugins/noderesources/fit.go : fitsRequest for pods, cpu and memory, as a bit set (allocation-free; 0 = fits).
 * Pods count first, then cpu and memory against allocatable − requested; every insufficient resource is reported.
 * A request larger than the node's whole allocatable is unresolvable (InsufficientResource.Unresolvable); "Too many
 * pods" never is.
 */
export function fitsRequest(
  req: ResourceAmounts,
  requested: ResourceAmounts & { readonly pods: number },
  allocatable: ResourceAmounts & { readonly pods: number },
): number {
  let mask = 0;
  if (requested.pods + 1 > allocatable.pods) mask |= INSUFFICIENT_PODS;
  if (req.cpuMilli === 0 && req.memoryBytes === 0) return mask;
  if (req.cpuMilli > 0 && req.cpuMilli > allocatable.cpuMilli - requested.cpuMilli) {
    mask |= INSUFFICIENT_CPU;
    if (req.cpuMilli > allocatable.cpuMilli) mask |= INSUFFICIENT_UNRESOLVABLE;
  }
  if (req.memoryBytes > 0 && req.memoryBytes > allocatable.memoryBytes - requested.memoryBytes) {
    mask |= INSUFFICIENT_MEMORY;
    if (req.memoryBytes > allocatable.memoryBytes) mask |= INSUFFICIENT_UNRESOLVABLE;
  }
  return mask;
}

/** The reasons of each fitsRequest answer, in upstream's order; one frozen array per answer. */
const INSUFFICIENT_REASONS: readonly (readonly string[])[] = Array.from({ length: 16 }, (_, mask) =>
  Object.freeze([
    ...(mask & INSUFFICIENT_PODS ? [REASON_TOO_MANY_PODS] : []),
    ...(mask & INSUFFICIENT_CPU ? [REASON_INSUFFICIENT_CPU] : []),
    ...(mask & INSUFFICIENT_MEMORY ? [REASON_INSUFFICIENT_MEMORY] : []),
  ]),
);

export function insufficientReasons(mask: number): readonly string[] {
  return INSUFFICIENT_REASONS[mask];
}

/** A container's requests as written; undefined = the resource is not in `resources.requests`. */
export interface ContainerRequests {
  readonly cpuMilli?: number;
  readonly memoryBytes?: number;
  readonly extended?: Readonly<Record<string, number>>;
}

export interface InitContainerRequests extends ContainerRequests {
  /** 'Always' = sidecar (restartable init container). */
  readonly restartPolicy?: 'Always';
}

/** schedutil.DefaultMilliCPURequest / DefaultMemoryRequest: scoring stand-ins for a missing request. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

function aggregate(
  containers: readonly ContainerRequests[],
  initContainers: readonly InitContainerRequests[],
  pick: (c: ContainerRequests) => ResourceAmounts,
): ResourceAmounts {
  let cpu = 0;
  let mem = 0;
  for (const c of containers) {
    const r = pick(c);
    cpu += r.cpuMilli;
    mem += r.memoryBytes;
  }
  let sidecarCpu = 0;
  let sidecarMem = 0;
  let initCpu = 0;
  let initMem = 0;
  for (const c of initContainers) {
    const r = pick(c);
    let useCpu: number;
    let useMem: number;
    if (c.restartPolicy === 'Always') {
      cpu += r.cpuMilli;
      mem += r.memoryBytes;
      sidecarCpu += r.cpuMilli;
      sidecarMem += r.memoryBytes;
      useCpu = sidecarCpu;
      useMem = sidecarMem;
    } else {
      useCpu = r.cpuMilli + sidecarCpu;
      useMem = r.memoryBytes + sidecarMem;
    }
    initCpu = Math.max(initCpu, useCpu);
    initMem = Math.max(initMem, useMem);
  }
  return { cpuMilli: Math.max(cpu, initCpu), memoryBytes: Math.max(mem, initMem) };
}

/**
 * staging/src/k8s.io/component-helpers/resource/helpers.go : PodRequests (AggregateContainerRequests): the sum of
 * the regular containers and sidecars, or the largest init-container phase (an init container plus the sidecars
 * started before it) if larger. `nonZeroRequests` applies applyNonMissing (100m / 200Mi for a resource a container
 * does not request; an explicit 0 stays 0), as NodeResourcesFit's scoring does. No pod overhead, no pod-level
 * resources.
 */
export function computePodRequests(
  containers: readonly ContainerRequests[],
  initContainers: readonly InitContainerRequests[] = [],
): { readonly requests: ResourceAmounts; readonly nonZeroRequests: ResourceAmounts } {
  const extended = extendedRequests(containers, initContainers);
  const requests = aggregate(containers, initContainers, (c) => ({ cpuMilli: c.cpuMilli ?? 0, memoryBytes: c.memoryBytes ?? 0 }));
  return {
    requests: extended === undefined ? requests : { ...requests, extended },
    nonZeroRequests: aggregate(containers, initContainers, (c) => ({
      cpuMilli: c.cpuMilli ?? DEFAULT_MILLI_CPU_REQUEST,
      memoryBytes: c.memoryBytes ?? DEFAULT_MEMORY_REQUEST,
    })),
  };
}

/**
 * PodRequests for extended resources, per resource as for cpu: the sum over regular containers and sidecars, or the
 * largest init-container phase (the init container plus the sidecars before it) if larger. Undefined when no
 * container requests any (the common case: nothing allocated).
 */
function extendedRequests(containers: readonly ContainerRequests[], initContainers: readonly InitContainerRequests[]): Readonly<Record<string, number>> | undefined {
  if (!containers.some((c) => c.extended) && !initContainers.some((c) => c.extended)) return undefined;
  const names = new Set<string>();
  for (const c of [...containers, ...initContainers]) for (const k of Object.keys(c.extended ?? {})) names.add(k);
  const out: Record<string, number> = {};
  for (const name of [...names].sort()) {
    const of = (c: ContainerRequests) => c.extended?.[name] ?? 0;
    let sum = containers.reduce((s, c) => s + of(c), 0);
    let sidecars = 0;
    let initMax = 0;
    for (const c of initContainers) {
      if (c.restartPolicy === 'Always') {
        sidecars += of(c);
        sum += of(c);
      } else initMax = Math.max(initMax, sidecars + of(c));
    }
    out[name] = Math.max(sum, initMax);
  }
  return out;
}

/**
 * NodeResourcesFit for extended resources (fit.go fitsRequest's ScalarResources loop): each resource the pod requests
 * must fit in the node's allocatable minus what its pods already request; the reason is `Insufficient <name>`, and
 * a request above the whole allocatable is unresolvable. Undefined when everything fits.
 */
export function extendedInsufficient(
  req: Readonly<Record<string, number>>,
  requested: ReadonlyMap<string, number> | undefined,
  allocatable: Readonly<Record<string, number>> | undefined,
): { readonly reasons: string[]; readonly unresolvable: boolean } | undefined {
  let out: { reasons: string[]; unresolvable: boolean } | undefined;
  for (const name of Object.keys(req)) {
    const want = req[name];
    if (want === 0) continue;
    const alloc = allocatable?.[name] ?? 0;
    if (want > alloc - (requested?.get(name) ?? 0)) {
      out ??= { reasons: [], unresolvable: false };
      out.reasons.push(`Insufficient ${name}`);
      if (want > alloc) out.unresolvable = true;
    }
  }
  return out;
}

/** The same taints in the same order (key, value, effect). */
export function sameTaints(a: readonly Taint[], b: readonly Taint[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].key !== b[i].key || (a[i].value ?? '') !== (b[i].value ?? '') || a[i].effect !== b[i].effect) return false;
  return true;
}
