/**
 * Static pod manifests a node pool names (`nodePools[].staticPods`): each file, relative to the scenario file, holds
 * one v1 Pod, read and validated as a Pod document is; the files are listed in the loader's inputs (scenario hash).
 * Reads only: the kubelet's naming and defaults (`<pod>-<node>`, spec.nodeName set to its node, the NoExecute
 * toleration) belong to the model (models/kubelet/staticPods.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { ResolvedPod } from '../../models/cluster/spec';
import { parseYamlDocuments, type LocatedDoc, type PathElement } from '../located';
import { resolvePodTemplate } from '../podTemplate';
import type { ScenarioDraft } from './draft';
import type { StaticPodRef } from './simulationSpec';
import { describe, Fields, isMapping } from './fields';
import { validateKubernetesObject } from './kubernetesSchema';
import { readObjectMeta } from './objectMeta';
import { podKind } from './pod';

/** Reads the `staticPods` list of a pool: strings, each a file path. */
export function readStaticPodRefs(doc: LocatedDoc, items: readonly { value: unknown; path: PathElement[] }[]): StaticPodRef[] {
  return items.map((it) => {
    if (typeof it.value !== 'string' || it.value === '') doc.fail(it.path, `expected a file path (a v1 Pod manifest), got ${describe(it.value)}`);
    return { file: it.value, at: { doc, path: it.path } };
  });
}

/** Reads one static pod manifest: the file must exist and hold exactly one v1 Pod; errors are located at the pool's entry. */
export function readStaticPod(ref: StaticPodRef, draft: ScenarioDraft): ResolvedPod {
  const { doc, path } = ref.at;
  const file = isAbsolute(ref.file) ? ref.file : join(dirname(doc.file), ref.file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return doc.fail(path, `cannot read static pod manifest ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  draft.inputs.add(file, bytes);
  const docs = parseYamlDocuments(file, bytes.toString('utf8')).filter((d) => d.value !== null && d.value !== undefined);
  if (docs.length !== 1) doc.fail(path, `static pod manifest ${file} holds ${docs.length} documents; expected one v1 Pod`);
  const pod = docs[0];
  const v = pod.value;
  const kind = isMapping(v) ? `${describe(v.apiVersion)} ${describe(v.kind)}` : describe(v);
  if (!isMapping(v) || v.apiVersion !== podKind.apiVersion || v.kind !== podKind.kind) {
    doc.fail(path, `static pod manifest ${file} holds ${kind}; expected apiVersion v1, kind Pod`);
  }
  validateKubernetesObject(pod, podKind.schema!(), 'pod');
  const meta = readObjectMeta(pod, { namespaced: true });
  const root = Fields.of(pod, [], pod.value);
  const template = resolvePodTemplate(root, { raw: { metadata: root.raw('metadata'), spec: root.raw('spec') } });
  return { namespace: meta.namespace, name: meta.name, template, source: { file, line: pod.line } };
}
