/**
 * The scenario being loaded: what each document declared so far, the names taken, the namespaces used, and the
 * cross-document checks (references between objects) that run once every document has been read.
 * Kind readers only add to it; load.ts assembles the ResolvedScenario from it.
 */
import type { LocatedDoc, PathElement } from '../located';
import type { ResolvedNode, ResolvedPod, ResolvedPodTemplate, ResolvedSelector, ResolvedService, ResolvedWorkload, SourceRef } from '../../models/cluster/spec';
import type { ResolvedBehavior } from '../../models/behaviors';
import type { ResolvedDaemonSet, ResolvedStatefulSet } from '../../models/apps/spec';
import type { ResolvedTraffic } from '../../models/traffic/spec';
import type { ServiceSettings } from '../../models/service/config';
import type { TimelineAction } from '../../models/controllers/timelineAction';
import type { ResolvedAutoscaler, ResolvedExternalMetric } from '../../models/hpa/autoscaler';
import type { SimulationSpec } from './simulationSpec';
import type { ResolvedCronJob, ResolvedJob } from '../../models/batch/spec';
import { InputFiles } from '../inputFiles';
import { podTemplateHash } from '../../models/naming';
import { CONTROLLER_REVISION_HASH } from '../../models/apps/daemonSetRules';
import { revisionName, statefulPodLabels } from '../../models/apps/statefulSetRules';
import type { PriorityClassSpec } from '../../models/scheduler/config';
import type { ResolvedSchedulerConfiguration } from './schedulerProfiles';
import type { ResolvedLimitRange, ResolvedPodDisruptionBudget, ResolvedResourceQuota } from '../../models/policy/spec';
import type { KarpenterNodePool } from '../../models/karpenter/types';

/** A pod template or bare pod that selectors (Behavior, timeline) can match. */
export interface PodSource {
  readonly namespace: string;
  /** `Deployment/web`, `Pod/debug`. */
  readonly owner: string;
  readonly template: ResolvedPodTemplate;
}

export class ScenarioDraft {
  simulation?: { readonly spec: SimulationSpec; readonly source: SourceRef };
  readonly nodes: ResolvedNode[] = [];
  readonly pods: ResolvedPod[] = [];
  readonly workloads: ResolvedWorkload[] = [];
  readonly daemonSets: ResolvedDaemonSet[] = [];
  readonly statefulSets: ResolvedStatefulSet[] = [];
  readonly behaviors: ResolvedBehavior[] = [];
  /** Services; the load-balancing default comes from the Simulation, which may come later in load order. */
  readonly services: { readonly namespace: string; readonly name: string; resolve(settings: ServiceSettings): ResolvedService }[] = [];
  readonly traffic: ResolvedTraffic[] = [];
  /** HorizontalPodAutoscalers with their policies (an AutoscalerPolicy document may replace one's policy). */
  readonly autoscalers: ResolvedAutoscaler[] = [];
  readonly externalMetrics: ResolvedExternalMetric[] = [];
  /** batch/v1 Jobs and CronJobs (issue #8). */
  readonly jobs: ResolvedJob[] = [];
  readonly cronJobs: ResolvedCronJob[] = [];
  /** Pod sources of kinds outside `workloads` (Job and CronJob templates, with the labels their controllers add). */
  readonly extraPodSources: PodSource[] = [];
  readonly timeline: TimelineAction[] = [];
  readonly podDisruptionBudgets: ResolvedPodDisruptionBudget[] = [];
  readonly resourceQuotas: ResolvedResourceQuota[] = [];
  readonly limitRanges: ResolvedLimitRange[] = [];
  readonly warnings: string[] = [];
  /** karpenter.sh/v1 NodePools (issue #10), in document order, with where their requirements were written. */
  readonly karpenterNodePools: { readonly pool: KarpenterNodePool; readonly at: { readonly doc: LocatedDoc; readonly path: readonly PathElement[] } }[] = [];
  /** NodePools a timeline `apply` writes (checked against the catalogue as the scenario's are). */
  readonly appliedNodePools: { readonly pool: KarpenterNodePool; readonly at: { readonly doc: LocatedDoc; readonly path: readonly PathElement[] } }[] = [];
  /** scheduling.k8s.io/v1 PriorityClasses, in document order (kinds/priorityClass.ts). */
  readonly priorityClasses: { readonly spec: PriorityClassSpec; readonly source: SourceRef }[] = [];
  /** The KubeSchedulerConfiguration, resolved (at most one; kinds/kubeSchedulerConfiguration.ts). */
  schedulerConfig?: ResolvedSchedulerConfiguration;
  /** Labels of declared Namespaces (for namespaceSelector), by name. */
  readonly namespaceLabels = new Map<string, Readonly<Record<string, string>>>();
  /** Every file read so far (YAML, CSV, policy modules), for the scenario hash; kinds read their files through it. */
  readonly inputs = new InputFiles();
  private readonly namespaceSet = new Set<string>();
  private readonly names = new Map<string, SourceRef>();
  private readonly checks: (() => void)[] = [];

  /** Takes `key` (e.g. `Deployment/default/web`, `Node/node-1`); a second claim is a duplicate-name error. */
  claim(key: string, label: string, doc: LocatedDoc, path: readonly PathElement[]): void {
    const first = this.names.get(key);
    if (first) doc.fail(path, `duplicate name: ${label} is already defined at ${first.file}:${first.line}`);
    this.names.set(key, { file: doc.file, line: doc.lineOf(path) });
  }

  useNamespace(ns: string): void {
    this.namespaceSet.add(ns);
  }

  get namespaces(): string[] {
    return [...this.namespaceSet].sort();
  }

  /** Queues a check that needs every document (run in the order queued, by `runChecks`). */
  afterAll(check: () => void): void {
    this.checks.push(check);
  }

  runChecks(): void {
    for (const c of this.checks) c();
  }

  /** Workload templates and bare pods, in document order, optionally only those of one namespace. */
  podSources(namespace?: string): PodSource[] {
    const out: PodSource[] = [];
    for (const w of this.workloads) out.push({ namespace: w.namespace, owner: `${w.kind}/${w.name}`, template: w.template });
    for (const p of this.pods) out.push({ namespace: p.namespace, owner: `Pod/${p.name}`, template: p.template });
    out.push(...this.extraPodSources);
    // DaemonSet and StatefulSet pods carry the labels their controllers add (a Behavior may select `web-2`).
    const withLabels = (t: ResolvedPodTemplate, extra: Record<string, string>): ResolvedPodTemplate => ({ ...t, labels: { ...t.labels, ...extra } });
    for (const d of this.daemonSets) {
      out.push({ namespace: d.namespace, owner: `DaemonSet/${d.name}`, template: withLabels(d.template, { [CONTROLLER_REVISION_HASH]: podTemplateHash(d.template.raw) }) });
    }
    for (const d of this.statefulSets) {
      const revision = revisionName(d.name, podTemplateHash(d.template.raw));
      for (let ord = d.ordinalsStart; ord < d.ordinalsStart + d.replicas; ord++) {
        out.push({ namespace: d.namespace, owner: `StatefulSet/${d.name}`, template: withLabels(d.template, statefulPodLabels(d.name, ord, revision)) });
      }
    }
    return namespace === undefined ? out : out.filter((s) => s.namespace === namespace);
  }

  /** Pod sources whose labels `selector` matches. */
  selected(selector: ResolvedSelector, namespace?: string): PodSource[] {
    return this.podSources(namespace).filter((s) => selector.matches(s.template.labels));
  }

  nodeNames(): string[] {
    return this.nodes.map((n) => n.name);
  }
}

/** `"app=web" in namespace default` / `"app=web" in any namespace`, for "matches nothing" messages. */
export function selectorScope(selector: ResolvedSelector, namespace: string | undefined): string {
  const text = selector.text === '<none>' ? '(empty: everything)' : `"${selector.text}"`;
  return `${text} ${namespace === undefined ? 'in any namespace' : `in namespace ${namespace}`}`;
}
