/**
 * What Deployment, ReplicaSet and ReplicationController share: replicas, minReadySeconds, a selector that must
 * match the template's own labels, and the pod template (restartPolicy Always). Reads only.
 */
import { MAX_PODS } from '../limits';
import type { ResolvedSelector, ResolvedWorkload, WorkloadKind } from '../../models/cluster/spec';
import type { LocatedDoc } from '../located';
import { WORKLOAD_MIN_READY_SECONDS, WORKLOAD_REPLICAS } from '../defaults';
import { resolveMapSelector } from '../selector';
import { resolvePodTemplate } from '../podTemplate';
import type { ScenarioDraft } from './draft';
import { Fields } from './fields';
import { readLabelSelector, readLabels, readObjectMeta } from './objectMeta';
import { readDeploymentSpec } from './deploymentSpec';

export function readWorkload(doc: LocatedDoc, draft: ScenarioDraft, kind: WorkloadKind): void {
  const { workload } = resolveWorkload(doc, kind);
  draft.claim(`${kind}/${workload.namespace}/${workload.name}`, `${kind} ${workload.namespace}/${workload.name}`, doc, ['metadata', 'name']);
  draft.useNamespace(workload.namespace);
  draft.workloads.push(workload);
}

/** One workload document, resolved (also a later version of it, for the timeline's `apply`); `replicasWritten` when the document sets spec.replicas. */
export function resolveWorkload(doc: LocatedDoc, kind: WorkloadKind): { workload: ResolvedWorkload; replicasWritten: boolean } {
  const meta = readObjectMeta(doc, { namespaced: true });
  const root = Fields.of(doc, [], doc.value);
  const spec = root.object('spec') ?? root.fail('spec', `required field is missing (a ${kind} needs spec.template)`);
  const tmpl = spec.object('template') ?? spec.fail('template', 'required field is missing (expected a pod template)');
  const template = resolvePodTemplate(tmpl, { ownerKind: kind, raw: spec.raw('template') });

  let selector: ResolvedSelector;
  if (kind === 'ReplicationController') {
    // SetDefaults_ReplicationController: an empty selector becomes the template's labels.
    const written = readLabels(spec, 'selector');
    const map = Object.keys(written).length > 0 ? written : template.labels;
    if (Object.keys(map).length === 0) spec.fail('selector', 'required field is missing (and the template has no labels to default it from)');
    selector = resolveMapSelector(map);
  } else {
    const read = readLabelSelector(doc, spec.at('selector'), spec.need('selector', 'a label selector'));
    if (read.empty) spec.fail('selector', `empty selector is invalid for a ${kind} (expected matchLabels or matchExpressions)`);
    selector = read.selector;
  }
  if (!selector.matches(template.labels)) {
    doc.fail(
      [...spec.at('template'), 'metadata', 'labels'],
      `selector "${selector.text}" does not match template labels ${JSON.stringify(template.labels)}`,
    );
  }
  const deployment = kind === 'Deployment' ? readDeploymentSpec(spec, meta.name) : undefined;
  const workload: ResolvedWorkload = {
    ...(deployment ? { deployment } : {}),
    kind,
    namespace: meta.namespace,
    name: meta.name,
    replicas: spec.int('replicas', { min: 0, limit: MAX_PODS }) ?? WORKLOAD_REPLICAS,
    selector,
    template,
    minReadySeconds: spec.int('minReadySeconds', { min: 0 }) ?? WORKLOAD_MIN_READY_SECONDS,
    source: { file: doc.file, line: doc.line },
  };
  return { workload, replicasWritten: spec.has('replicas') };
}
