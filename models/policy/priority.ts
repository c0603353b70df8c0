/**
 * The Priority admission plugin (plugin/pkg/admission/priority/admission.go, scheduler.md §7.1): on pod create it
 * resolves spec.priorityClassName (or the global default class) to spec.priority and spec.preemptionPolicy, and
 * refuses a pod that names an unknown class or sets a priority / policy that differs from its class's. Owns the
 * PriorityClass lookup (the scenario's classes plus the built-in system ones); never reads or writes the store.
 */
import type { PodObj } from '../cluster/objects';
import type { PreemptionPolicy } from '../cluster/spec';
import { forbidden } from '../cluster/apiError';
import { SYSTEM_CLUSTER_CRITICAL, SYSTEM_NODE_CRITICAL, type PriorityClassSpec } from '../scheduler/config';

/** pkg/apis/scheduling/types.go : SystemClusterCritical / SystemNodeCritical, created by the API server at start. */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClassSpec[] = [
  { name: 'system-cluster-critical', value: SYSTEM_CLUSTER_CRITICAL, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' },
  { name: 'system-node-critical', value: SYSTEM_NODE_CRITICAL, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' },
];

/** scheduling.DefaultPriorityWhenNoDefaultClassExists. */
export const DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS = 0;

/** The priority fields of a pod as the client wrote them (undefined = not set). */
export interface PriorityRequest {
  readonly priorityClassName?: string;
  readonly priority?: number;
  readonly preemptionPolicy?: PreemptionPolicy;
}

/** What admission stores on the pod. */
export interface ResolvedPriority {
  readonly priorityClassName: string;
  readonly priority: number;
  readonly preemptionPolicy: PreemptionPolicy;
}

/**
 * The PriorityClasses the API server knows: the built-in system classes and the scenario's. A scenario class named
 * like a built-in is ignored (the API server reserves `system-` names), so the built-in value always applies.
 */
export class PriorityClasses {
  private readonly byName = new Map<string, PriorityClassSpec>();
  /** getDefaultPriorityClass: among the classes with globalDefault, the one with the lowest value (first on ties). */
  readonly globalDefault: PriorityClassSpec | undefined;

  constructor(classes: readonly PriorityClassSpec[] = []) {
    for (const c of [...SYSTEM_PRIORITY_CLASSES, ...classes]) if (!this.byName.has(c.name)) this.byName.set(c.name, c);
    let dflt: PriorityClassSpec | undefined;
    for (const c of this.byName.values()) if (c.globalDefault && (dflt === undefined || c.value < dflt.value)) dflt = c;
    this.globalDefault = dflt;
  }

  get(name: string): PriorityClassSpec | undefined {
    return this.byName.get(name);
  }
}

/**
 * admission.go : admitPod (create): the class named, or the global default (its name is stored on the pod), or
 * name '' with priority 0 and PreemptLowerPriority. Returns the resolved fields, or the Forbidden problem text.
 */
export function resolvePriority(req: PriorityRequest, classes: PriorityClasses): ResolvedPriority | { readonly problem: string } {
  let resolved: ResolvedPriority;
  if (req.priorityClassName === undefined || req.priorityClassName === '') {
    const d = classes.globalDefault;
    resolved = d
      ? { priorityClassName: d.name, priority: d.value, preemptionPolicy: d.preemptionPolicy }
      : { priorityClassName: '', priority: DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS, preemptionPolicy: 'PreemptLowerPriority' };
  } else {
    const pc = classes.get(req.priorityClassName);
    if (pc === undefined) return { problem: `no PriorityClass with name ${req.priorityClassName} was found` };
    resolved = { priorityClassName: pc.name, priority: pc.value, preemptionPolicy: pc.preemptionPolicy };
  }
  if (req.priority !== undefined && req.priority !== resolved.priority) {
    return {
      problem: `the integer value of priority (${req.priority}) must not be provided in pod spec; priority admission controller computed ${resolved.priority} from the given PriorityClass name`,
    };
  }
  if (req.preemptionPolicy !== undefined && req.preemptionPolicy !== resolved.preemptionPolicy) {
    return {
      problem: `the string value of PreemptionPolicy (${req.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${resolved.preemptionPolicy} from the given PriorityClass name`,
    };
  }
  return resolved;
}

/**
 * The plugin on one pod create: reads what the client wrote (the pod's template spec, which newPod copied into the
 * spec before defaulting the priority fields), writes the resolved fields to `pod.spec`, or throws Forbidden
 * (`pods "<name>" is forbidden: …`), which a controller records as FailedCreate.
 */
export function priorityAdmit(pod: PodObj, classes: PriorityClasses, name: string): void {
  const written = pod.template.spec;
  const r = resolvePriority({ priorityClassName: written.priorityClassName, priority: written.priority, preemptionPolicy: written.preemptionPolicy }, classes);
  if ('problem' in r) throw forbidden('pods', name, r.problem);
  pod.spec.priorityClassName = r.priorityClassName;
  pod.spec.priority = r.priority;
  pod.spec.preemptionPolicy = r.preemptionPolicy;
}
