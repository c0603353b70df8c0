/**
 * What the loader knows of one kind: its apiVersion and kind, the kubernetes-models schema that Kubernetes kinds are
 * checked against, and the reader that adds a document to the draft. A type only, so each kind's file can name it
 * without importing the registry (registry.ts lists the handlers).
 */
import type { LocatedDoc } from '../located';
import type { ScenarioDraft } from './draft';
import type { KubernetesModel } from './kubernetesSchema';

export interface KindHandler {
  readonly apiVersion: string;
  readonly kind: string;
  /** Kubernetes kinds: the kubernetes-models class whose OpenAPI schema the document must satisfy (strictly). */
  readonly schema?: () => KubernetesModel;
  /** Reads one document (already schema-checked) into the draft; throws InputError on bad input. */
  readonly read: (doc: LocatedDoc, draft: ScenarioDraft) => void;
}
