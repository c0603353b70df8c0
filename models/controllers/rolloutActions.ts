/**
 * What `kubectl apply -f v2.yaml`, `kubectl set image` and `kubectl rollout undo|pause|resume` do to a Deployment
 * (kubectl rollback.go, objectpauser.go, objectresumer.go): they write its spec through the store and answer kubectl's
 * output line or error. The Deployment controller does the rest. Never touches ReplicaSets or pods.
 */
import type { SimContext } from '../context';
import type { DeploymentObj } from '../cluster/objects';
import type { ResolvedPodTemplate, ResolvedWorkload } from '../cluster/spec';
import { ANNOTATIONS_TO_SKIP, revisionOf, rollbackTarget } from './deployment/history';
import { templateKey, type DeploymentController } from './deployment';

export type KubectlResult = { readonly output: string } | { readonly error: string };

/** `kubectl apply`: the manifest's new spec (template, replicas when written, strategy and the rest). */
export function applyDeployment(ctx: SimContext, d: DeploymentObj, w: ResolvedWorkload, replicasWritten: boolean): KubectlResult {
  const spec = d.spec;
  const before = JSON.stringify([templateKey(spec.template), spec.replicas, spec.minReadySeconds, spec.strategy, spec.revisionHistoryLimit ?? null, spec.progressDeadlineSeconds ?? null, spec.paused]);
  if (templateKey(spec.template) !== templateKey(w.template)) spec.template = w.template;
  if (replicasWritten) spec.replicas = w.replicas;
  spec.minReadySeconds = w.minReadySeconds;
  if (w.deployment !== undefined) {
    spec.strategy = w.deployment.strategy;
    spec.revisionHistoryLimit = w.deployment.revisionHistoryLimit;
    spec.progressDeadlineSeconds = w.deployment.progressDeadlineSeconds;
    spec.paused = w.deployment.paused;
  }
  const after = JSON.stringify([templateKey(spec.template), spec.replicas, spec.minReadySeconds, spec.strategy, spec.revisionHistoryLimit ?? null, spec.progressDeadlineSeconds ?? null, spec.paused]);
  if (before === after) return { output: `deployment.apps/${d.metadata.name} unchanged` };
  ctx.store.update(d, true);
  return { output: `deployment.apps/${d.metadata.name} configured` };
}

/** `kubectl set image deployment/<d> <container>=<image>`: a template change (the written form changes too, so its hash does). */
export function setImage(ctx: SimContext, d: DeploymentObj, container: string, image: string): KubectlResult {
  const t = d.spec.template;
  const all = [...t.spec.containers, ...t.spec.initContainers];
  const c = all.find((x) => x.name === container);
  if (c === undefined) return { error: `unable to find container named "${container}"` };
  if (c.image === image) return { output: `deployment.apps/${d.metadata.name} image updated` };
  const swap = <C extends { name: string }>(list: readonly C[], f: (x: C) => C): C[] => list.map((x) => (x.name === container ? f(x) : x));
  const raw = structuredClone(t.raw) as { spec?: { containers?: { name?: string; image?: string }[]; initContainers?: { name?: string; image?: string }[] } };
  for (const list of [raw?.spec?.containers, raw?.spec?.initContainers]) for (const x of list ?? []) if (x.name === container) x.image = image;
  const next: ResolvedPodTemplate = {
    ...t,
    spec: {
      ...t.spec,
      containers: swap(t.spec.containers, (x) => ({ ...x, image, specHash: `${x.specHash}:${image}` })),
      initContainers: swap(t.spec.initContainers, (x) => ({ ...x, image, specHash: `${x.specHash}:${image}` })),
    },
    raw: raw ?? { image },
  };
  d.spec.template = next;
  ctx.store.update(d, true);
  return { output: `deployment.apps/${d.metadata.name} image updated` };
}

/** `kubectl rollout pause|resume`. */
export function pauseOrResume(ctx: SimContext, d: DeploymentObj, pause: boolean): KubectlResult {
  const name = `deployment.apps/${d.metadata.name}`;
  if (d.spec.paused === pause) return { error: `${name} is ${pause ? 'already paused' : 'not paused'}` };
  d.spec.paused = pause;
  ctx.store.update(d, true);
  return { output: `${name} ${pause ? 'paused' : 'resumed'}` };
}

/** `kubectl rollout undo [--to-revision=N]` (DeploymentRollbacker.Rollback). */
export function rollbackDeployment(ctx: SimContext, deployments: DeploymentController, d: DeploymentObj, toRevision: number): KubectlResult {
  if (d.spec.paused) return { error: "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again" };
  const all = deployments.replicaSetsOf(d).map((rs) => ({ rs, revision: revisionOf(rs.metadata.annotations) }));
  const found = rollbackTarget(d.metadata.name, all, toRevision);
  if ('error' in found) return found;
  const rs = found.rs.rs;
  const template = rs.ownerTemplate ?? rs.spec.template;
  if (templateKey(template) === templateKey(d.spec.template)) {
    return { output: `deployment.apps/${d.metadata.name} skipped rollback (current template already matches revision ${found.rs.revision})` };
  }
  const annotations: Record<string, string> = { ...d.metadata.annotations };
  for (const k of Object.keys(rs.metadata.annotations).sort()) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = rs.metadata.annotations[k];
  d.metadata.annotations = annotations;
  d.spec.template = template;
  ctx.store.update(d, true);
  return { output: `deployment.apps/${d.metadata.name} rolled back` };
}
