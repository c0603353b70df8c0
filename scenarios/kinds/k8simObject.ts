/**
 * The envelope of k8sim's own documents (`apiVersion: k8sim/v1alpha1`): apiVersion, kind, metadata (name, labels,
 * annotations) and spec, decoded strictly. What goes inside the spec is each kind's business.
 */
import type { LocatedDoc } from '../located';
import type { SourceRef } from '../../models/cluster/spec';
import { Fields } from './fields';
import { checkName } from './objectMeta';

export const K8SIM_API_VERSION = 'k8sim/v1alpha1';

export interface K8simObject {
  readonly name?: string;
  /** The spec, with unknown keys already rejected; undefined when absent. */
  readonly spec?: Fields;
  readonly source: SourceRef;
}

export function readK8simObject(
  doc: LocatedDoc,
  kind: string,
  opts: { readonly nameRequired: boolean; readonly specRequired: boolean; readonly specFields: readonly string[] },
): K8simObject {
  const root = Fields.of(doc, [], doc.value, ['apiVersion', 'kind', 'metadata', 'spec']);
  const meta = root.object('metadata', ['name', 'labels', 'annotations']);
  if (opts.nameRequired && !meta?.has('name')) doc.fail(['metadata', 'name'], `required field is missing (a ${kind} needs a name)`);
  const name = meta?.string('name');
  if (meta && name !== undefined) checkName(meta, 'name', name, false);
  meta?.stringMap('labels');
  meta?.stringMap('annotations');
  if (opts.specRequired && !root.has('spec')) root.fail('spec', `required field is missing (a ${kind} needs a spec)`);
  const spec = root.object('spec', opts.specFields, `the ${kind} spec (a mapping)`);
  return { ...(name !== undefined ? { name } : {}), ...(spec ? { spec } : {}), source: { file: doc.file, line: doc.line } };
}
