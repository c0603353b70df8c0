/**
 * The LimitRanger admission plugin (plugin/pkg/admission/limitranger/admission.go) for pods: containers without a
 * request (limit) get the namespace's Container defaults and the `kubernetes.io/limit-ranger` annotation, then every
 * container (Container items) and the pod's sums (Pod items) are checked against min, max and maxLimitRequestRatio.
 * Pure over the LimitRanges it is given; the store runs `admitPod` on create. Never schedules anything.
 */
import { forbidden } from '../cluster/apiError';
import type { LimitRangeItem, LimitRangeObj, PodObj, ResourceMilli } from '../cluster/objects';
import type { ResolvedContainer } from '../cluster/spec';
import { computePodRequests } from '../scheduler/filter';
import { containerResources, formatQuantity, podResources } from './resources';

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

/** Name-sorted keys: Go ranges over these maps in random order; k8sim fixes it (reference §0). */
const sortedKeys = (m: ResourceMilli): string[] => [...m.keys()].sort();

/**
 * Admits a pod against the namespace's LimitRanges (sorted by name): mutates it with the defaults, then throws a
 * 403 ApiError naming every violation. `name` is the pod's name or its generateName.
 */
export function limitRangerAdmit(pod: PodObj, ranges: readonly LimitRangeObj[], name: string): void {
  for (const lr of ranges) applyDefaults(pod, lr);
  const errs: string[] = [];
  for (const lr of ranges) errs.push(...validate(pod, lr));
  if (errs.length === 0) return;
  throw forbidden('pods', name, aggregateMessage(errs));
}

/** utilerrors.NewAggregate(...).Error(): flattened, repeated messages once; one message bare, several as `[m1, m2]`. */
export function aggregateMessage(errs: readonly string[]): string {
  const unique = [...new Set(errs)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** defaultContainerResourceRequirements: the Container items' default (limits) and defaultRequest (requests); a later item wins. */
function containerDefaults(lr: LimitRangeObj): { limits: Map<string, number>; requests: Map<string, number> } {
  const limits = new Map<string, number>();
  const requests = new Map<string, number>();
  for (const item of lr.spec.limits) {
    if (item.type !== 'Container') continue;
    for (const [k, v] of item.default) limits.set(k, v);
    for (const [k, v] of item.defaultRequest) requests.set(k, v);
  }
  return { limits, requests };
}

/** PodMutateLimitFunc → mergePodResourceRequirements: fills missing requests/limits, records the annotation. */
function applyDefaults(pod: PodObj, lr: LimitRangeObj): void {
  const defaults = containerDefaults(lr);
  if (defaults.limits.size === 0 && defaults.requests.size === 0) return;
  const notes: string[] = [];
  const merge = (c: ResolvedContainer, prefix: string): ResolvedContainer => {
    const { requests, limits } = containerResources(c);
    const setLimits = [...defaults.limits.keys()].filter((k) => !limits.has(k)).sort();
    const setRequests = [...defaults.requests.keys()].filter((k) => !requests.has(k)).sort();
    if (setRequests.length > 0) notes.push(`${setRequests.join(', ')} request for ${prefix} ${c.name}`);
    if (setLimits.length > 0) notes.push(`${setLimits.join(', ')} limit for ${prefix} ${c.name}`);
    if (setLimits.length === 0 && setRequests.length === 0) return c;
    const pick = (own: { cpuMilli: number; memoryBytes: number }, set: string[], from: Map<string, number>) => ({
      cpuMilli: set.includes('cpu') ? from.get('cpu')! : own.cpuMilli,
      memoryBytes: set.includes('memory') ? Math.ceil(from.get('memory')! / 1000) : own.memoryBytes,
    });
    return { ...c, requests: pick(c.requests, setRequests, defaults.requests), limits: pick(c.limits, setLimits, defaults.limits) };
  };
  const containers = pod.spec.containers.map((c) => merge(c, 'container'));
  const initContainers = pod.spec.initContainers.map((c) => merge(c, 'init container'));
  if (notes.length === 0) return;
  const spec = pod.spec as { containers: readonly ResolvedContainer[]; initContainers: readonly ResolvedContainer[] };
  spec.containers = containers;
  spec.initContainers = initContainers;
  const meta = pod.metadata as { annotations: Readonly<Record<string, string>> };
  meta.annotations = { ...meta.annotations, [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
  // The pod's effective requests follow its new containers (the scheduler and the quota read them).
  const opt = (c: ResolvedContainer) => ({
    cpuMilli: c.requests.cpuMilli > 0 ? c.requests.cpuMilli : undefined,
    memoryBytes: c.requests.memoryBytes > 0 ? c.requests.memoryBytes : undefined,
  });
  const { requests, nonZeroRequests } = computePodRequests(
    containers.map(opt),
    initContainers.map((c) => ({ ...opt(c), restartPolicy: c.restartPolicy })),
  );
  const mutable = pod as { requests: PodObj['requests']; nonZeroRequests: PodObj['nonZeroRequests'] };
  mutable.requests = requests;
  mutable.nonZeroRequests = nonZeroRequests;
}

/** PodValidateLimitFunc: Container items per container (then init container), Pod items on the pod's sums. */
function validate(pod: PodObj, lr: LimitRangeObj): string[] {
  const errs: string[] = [];
  for (const item of lr.spec.limits) {
    if (item.type === 'Container') {
      for (const c of [...pod.spec.containers, ...pod.spec.initContainers]) {
        const { requests, limits } = containerResources(c);
        errs.push(...check(item, requests, limits));
      }
    } else {
      const { requests, limits } = podResources(pod);
      errs.push(...check(item, requests, limits));
    }
  }
  return errs;
}

function check(item: LimitRangeItem, requests: ReadonlyMap<string, number>, limits: ReadonlyMap<string, number>): string[] {
  const errs: string[] = [];
  const type = item.type;
  for (const r of sortedKeys(item.min)) {
    const e = minConstraint(type, r, item.min.get(r)!, requests.get(r), limits.get(r));
    if (e) errs.push(e);
  }
  for (const r of sortedKeys(item.max)) {
    const e = maxConstraint(type, r, item.max.get(r)!, requests.get(r), limits.get(r));
    if (e) errs.push(e);
  }
  for (const r of sortedKeys(item.maxLimitRequestRatio)) {
    const e = ratioConstraint(type, r, item.maxLimitRequestRatio.get(r)!, requests.get(r), limits.get(r));
    if (e) errs.push(e);
  }
  return errs;
}

export function minConstraint(type: string, r: string, min: number, req: number | undefined, lim: number | undefined): string | undefined {
  const q = (v: number) => formatQuantity(r, v);
  if (req === undefined) return `minimum ${r} usage per ${type} is ${q(min)}.  No request is specified`;
  if (req < min) return `minimum ${r} usage per ${type} is ${q(min)}, but request is ${q(req)}`;
  if (lim !== undefined && lim < min) return `minimum ${r} usage per ${type} is ${q(min)}, but limit is ${q(lim)}`;
  return undefined;
}

export function maxConstraint(type: string, r: string, max: number, req: number | undefined, lim: number | undefined): string | undefined {
  const q = (v: number) => formatQuantity(r, v);
  if (lim === undefined) return `maximum ${r} usage per ${type} is ${q(max)}.  No limit is specified`;
  if (lim > max) return `maximum ${r} usage per ${type} is ${q(max)}, but limit is ${q(lim)}`;
  if (req !== undefined && req > max) return `maximum ${r} usage per ${type} is ${q(max)}, but request is ${q(req)}`;
  return undefined;
}

/** limitRequestRatioConstraint: compared in milli-units; the observed ratio printed with Go's %f (six decimals). */
export function ratioConstraint(type: string, r: string, ratio: number, req: number | undefined, lim: number | undefined): string | undefined {
  const q = formatQuantity('ratio', ratio);
  if (req === undefined || req === 0) return `${r} max limit to request ratio per ${type} is ${q}, but no request is specified or request is 0`;
  if (lim === undefined || lim === 0) return `${r} max limit to request ratio per ${type} is ${q}, but no limit is specified or limit is 0`;
  const observed = lim / req;
  if (observed * 1000 > ratio) return `${r} max limit to request ratio per ${type} is ${q}, but provided ratio is ${observed.toFixed(6)}`;
  return undefined;
}
