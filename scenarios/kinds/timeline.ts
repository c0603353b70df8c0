/**
 * Timed actions, from a `kind: Timeline` document (spec.actions) or the Simulation's spec.timeline: scale a
 * workload, delete pods, kill containers, take a node down/up, cordon/uncordon, apply a Deployment manifest, set an
 * image, roll out (undo, pause, resume). Every reference (workload, pod,
 * selector, container, node) is checked once all documents are read. Reads only; models/ carries the actions out.
 */
import { MAX_PODS } from '../limits';
import { dirname, isAbsolute, join } from 'node:path';
import { parseYamlDocuments, type LocatedDoc, type PathElement } from '../located';
import type { ResolvedWorkload } from '../../models/cluster/spec';
import { validateKubernetesObject } from './kubernetesSchema';
import { deploymentKind } from './deployment';
import { resolveWorkload } from './workload';
import { NODEPOOL_REQUIREMENTS_PATH, resolveNodePool } from './karpenterNodePool';
import type { KarpenterNodePool } from '../../models/karpenter/types';
import { ZERO } from '../../engine/time';
import type { ScalableKind } from '../../models/cluster/store';
import type { PodPick, TimelineAction } from '../../models/controllers/timelineAction';
import { DEFAULT_NAMESPACE, KILL_CONTAINER_EXIT_CODE, KILL_CONTAINER_REASON } from '../defaults';
import type { KindHandler } from './kindHandler';
import type { ScenarioDraft } from './draft';
import { selectorScope } from './draft';
import { describe, Fields } from './fields';
import { K8SIM_API_VERSION, readK8simObject } from './k8simObject';
import { checkName, readLabelSelector } from './objectMeta';

const ACTIONS = ['scale', 'deletePod', 'killContainer', 'nodeDown', 'nodeUp', 'cordon', 'uncordon', 'apply', 'setImage', 'rollout', 'drain', 'evict', 'delete', 'interrupt'] as const;
type ActionName = (typeof ACTIONS)[number];
const PICK_FIELDS = ['pod', 'selector', 'count', 'namespace'];
const FIELDS: Record<ActionName, readonly string[]> = {
  scale: ['target', 'namespace', 'replicas'],
  deletePod: PICK_FIELDS,
  killContainer: [...PICK_FIELDS, 'container', 'exitCode', 'reason'],
  nodeDown: ['node'],
  nodeUp: ['node'],
  cordon: ['node'],
  uncordon: ['node'],
  apply: ['file'],
  setImage: ['target', 'namespace', 'container', 'image'],
  rollout: ['target', 'namespace', 'command', 'revision'],
  drain: ['node', 'ignoreDaemonSets', 'deleteEmptyDirData', 'force', 'gracePeriod', 'timeout'],
  evict: ['pod', 'namespace', 'gracePeriod'],
  delete: [...PICK_FIELDS, 'gracePeriod'],
  interrupt: ['node'],
};
/** kubectl's resource names and short names for the workload kinds. */
const TARGET_KINDS: Record<string, ScalableKind> = {
  deployment: 'Deployment',
  deployments: 'Deployment',
  deploy: 'Deployment',
  replicaset: 'ReplicaSet',
  replicasets: 'ReplicaSet',
  rs: 'ReplicaSet',
  replicationcontroller: 'ReplicationController',
  replicationcontrollers: 'ReplicationController',
  rc: 'ReplicationController',
  statefulset: 'StatefulSet',
  statefulsets: 'StatefulSet',
  sts: 'StatefulSet',
};

export const timelineKind: KindHandler = {
  apiVersion: K8SIM_API_VERSION,
  kind: 'Timeline',
  read(doc, draft) {
    const obj = readK8simObject(doc, 'Timeline', { nameRequired: true, specRequired: true, specFields: ['actions'] });
    draft.claim(`Timeline/${obj.name}`, `Timeline ${obj.name}`, doc, ['metadata', 'name']);
    const spec = obj.spec as Fields;
    spec.need('actions', 'a list of timeline actions');
    readTimelineActions(doc, spec.list('actions', 'a list of timeline actions') ?? [], draft);
  },
};

export function readTimelineActions(doc: LocatedDoc, items: readonly { value: unknown; path: PathElement[] }[], draft: ScenarioDraft): void {
  for (const it of items) draft.timeline.push(readAction(doc, it.path, it.value, draft));
}

function readAction(doc: LocatedDoc, path: PathElement[], value: unknown, draft: ScenarioDraft): TimelineAction {
  const loose = Fields.of(doc, path, value, undefined, 'a timeline action {at, action, ...}');
  loose.need('action', ACTIONS.join(', '));
  const action = loose.oneOf('action', ACTIONS) as ActionName;
  const f = Fields.of(doc, path, value, ['at', 'action', ...FIELDS[action]]);
  f.need('at', 'a time since the start, like 30s or 5m');
  const at = f.duration('at')!;
  const source = { file: doc.file, line: doc.lineOf(path) };
  switch (action) {
    case 'scale': {
      const target = readTarget(f);
      f.need('replicas', 'an integer ≥ 0');
      const replicas = f.int('replicas', { min: 0, limit: MAX_PODS }) as number;
      draft.afterAll(() => {
        const scalable = [...draft.workloads, ...draft.statefulSets.map((s) => ({ kind: 'StatefulSet', namespace: s.namespace, name: s.name }))];
        const found = scalable.some((w) => w.kind === target.kind && w.namespace === target.namespace && w.name === target.name);
        if (!found) {
          const known = scalable.map((w) => `${w.kind} ${w.namespace}/${w.name}`).join(', ') || 'none';
          f.fail('target', `no ${target.kind} named "${target.name}" in namespace ${target.namespace} (workloads: ${known})`);
        }
      });
      return { at, action, target, replicas, source };
    }
    case 'deletePod':
      return { at, action, pods: readPick(f, draft, undefined), source };
    case 'apply':
      return { at, action, ...readApply(f, draft), source };
    case 'setImage': {
      const target = readDeploymentTarget(f, draft);
      const container = f.requiredString('container');
      f.need('image', 'an image like nginx:1.27');
      const image = f.requiredString('image', { nonEmpty: true });
      draft.afterAll(() => {
        const w = draft.workloads.find((x) => x.kind === 'Deployment' && x.namespace === target.namespace && x.name === target.name);
        const names = w ? [...w.template.spec.initContainers, ...w.template.spec.containers].map((c) => c.name) : [];
        if (w && !names.includes(container)) f.fail('container', `no container "${container}" in Deployment ${target.namespace}/${target.name} (containers: ${names.join(', ')})`);
      });
      return { at, action, target, container, image, source };
    }
    case 'rollout': {
      const target = readDeploymentTarget(f, draft);
      f.need('command', 'undo, pause or resume');
      const op = f.oneOf('command', ['undo', 'pause', 'resume'] as const)!;
      const revision = f.int('revision', { min: 1 });
      if (revision !== undefined && op !== 'undo') f.fail('revision', 'only applies to command: undo (kubectl rollout undo --to-revision)');
      return { at, action, target, op, revision: revision ?? 0, source };
    }
    case 'evict': {
      const namespace = f.string('namespace') ?? DEFAULT_NAMESPACE;
      checkName(f, 'namespace', namespace, true);
      const name = f.requiredString('pod', { nonEmpty: true });
      const gracePeriod = f.duration('gracePeriod');
      return { at, action, pod: { namespace, name }, ...(gracePeriod !== undefined ? { gracePeriod } : {}), source };
    }
    case 'delete': {
      const gracePeriod = f.duration('gracePeriod');
      return { at, action, pods: readPick(f, draft, undefined), ...(gracePeriod !== undefined ? { gracePeriod } : {}), source };
    }
    case 'drain': {
      const node = f.requiredString('node');
      checkNode(f, draft, node);
      const gracePeriod = f.duration('gracePeriod');
      const options = {
        ignoreDaemonSets: f.bool('ignoreDaemonSets') ?? false,
        deleteEmptyDirData: f.bool('deleteEmptyDirData') ?? false,
        force: f.bool('force') ?? false,
        ...(gracePeriod !== undefined ? { gracePeriod } : {}),
        timeout: f.duration('timeout') ?? ZERO,
      };
      return { at, action, node, options, source };
    }
    case 'interrupt':
      // The node may be one a node autoscaler launches at run time: not checked against the scenario's nodes. An
      // interrupt of a node that is not a running cloud instance then does nothing.
      return { at, action, node: f.requiredString('node', { nonEmpty: true }), source };
    case 'killContainer': {
      const container = f.string('container');
      const exitCode = f.int('exitCode', { min: 0, max: 255 }) ?? KILL_CONTAINER_EXIT_CODE;
      const reason = f.oneOf('reason', ['Error', 'OOMKilled'] as const) ?? KILL_CONTAINER_REASON;
      const pods = readPick(f, draft, container);
      return { at, action, pods, ...(container !== undefined ? { container } : {}), exitCode, reason, source };
    }
    default: {
      const node = f.requiredString('node');
      checkNode(f, draft, node);
      return { at, action, node, source };
    }
  }
}

function checkNode(f: Fields, draft: ScenarioDraft, node: string): void {
  draft.afterAll(() => {
    const names = draft.nodeNames();
    if (!names.includes(node)) f.fail('node', `no node named "${node}" in the scenario (nodes: ${names.join(', ') || 'none'})`);
  });
}

/** `target: deployment/web` (kubectl's kind/name) or `target: {kind: Deployment, name: web}`. */
function readTarget(f: Fields): { kind: ScalableKind; namespace: string; name: string } {
  const raw = f.need('target', 'a workload like deployment/web or {kind: Deployment, name: web}');
  const namespace = f.string('namespace') ?? DEFAULT_NAMESPACE;
  checkName(f, 'namespace', namespace, true);
  let kindText: string;
  let name: string;
  if (typeof raw === 'string') {
    const slash = raw.indexOf('/');
    if (slash < 0) f.fail('target', `expected kind/name like deployment/web, got ${describe(raw)}`);
    kindText = raw.slice(0, slash);
    name = raw.slice(slash + 1);
  } else {
    const t = f.object('target', ['kind', 'name'], 'a workload like deployment/web or {kind: Deployment, name: web}') as Fields;
    kindText = t.requiredString('kind');
    name = t.requiredString('name');
  }
  const kind = TARGET_KINDS[kindText.toLowerCase()];
  if (!kind) f.fail('target', `expected a Deployment, ReplicaSet, ReplicationController or StatefulSet, got kind ${describe(kindText)}`);
  return { kind, namespace, name };
}

/** The target of setImage and rollout: a Deployment of the scenario. */
function readDeploymentTarget(f: Fields, draft: ScenarioDraft): { namespace: string; name: string } {
  const target = readTarget(f);
  if (target.kind !== 'Deployment') f.fail('target', `expected a Deployment (only Deployments roll out), got ${target.kind}`);
  draft.afterAll(() => {
    if (!draft.workloads.some((w) => w.kind === 'Deployment' && w.namespace === target.namespace && w.name === target.name)) {
      const known = draft.workloads.filter((w) => w.kind === 'Deployment').map((w) => `${w.namespace}/${w.name}`).join(', ') || 'none';
      f.fail('target', `no Deployment named "${target.name}" in namespace ${target.namespace} (Deployments: ${known})`);
    }
  });
  return { namespace: target.namespace, name: target.name };
}

/**
 * `apply: {file: v2.yaml}`: the Deployment documents of another file (relative to this one), read as the scenario's
 * own Deployments are and each naming one of them. The file is not part of the scenario until the action runs.
 */
function readApply(f: Fields, draft: ScenarioDraft): { file: string; deployments: { workload: ResolvedWorkload; replicasWritten: boolean }[]; nodePools: KarpenterNodePool[] } {
  const file = f.requiredString('file', { nonEmpty: true });
  const path = isAbsolute(file) ? file : join(dirname(f.doc.file), file);
  let text: string;
  try {
    text = draft.inputs.readText(path);
  } catch (e) {
    return f.fail('file', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const deployments: { workload: ResolvedWorkload; replicasWritten: boolean }[] = [];
  const nodePools: KarpenterNodePool[] = [];
  for (const doc of parseYamlDocuments(path, text)) {
    if (doc.value === null || doc.value === undefined) continue;
    const v = doc.value as Record<string, unknown>;
    if (v.apiVersion === 'karpenter.sh/v1' && v.kind === 'NodePool') {
      // A changed NodePool (issue #10): its NodeClaims drift when they no longer match it.
      const pool = resolveNodePool(doc);
      nodePools.push(pool);
      draft.appliedNodePools.push({ pool, at: { doc, path: NODEPOOL_REQUIREMENTS_PATH } });
      draft.afterAll(() => {
        if (!draft.karpenterNodePools.some((p) => p.pool.name === pool.name)) doc.fail(['metadata', 'name'], `apply changes a NodePool of the scenario; there is no NodePool ${pool.name}`);
      });
      continue;
    }
    if (v.apiVersion !== 'apps/v1' || v.kind !== 'Deployment') doc.fail(['kind'], `apply takes Deployment manifests (apiVersion apps/v1, kind Deployment) and karpenter.sh/v1 NodePools, got ${describe(v.kind)}`);
    validateKubernetesObject(doc, deploymentKind.schema!(), 'deployment');
    const r = resolveWorkload(doc, 'Deployment');
    deployments.push(r);
    draft.afterAll(() => {
      const w = r.workload;
      if (!draft.workloads.some((x) => x.kind === 'Deployment' && x.namespace === w.namespace && x.name === w.name)) {
        doc.fail(['metadata', 'name'], `apply changes a Deployment of the scenario; there is no Deployment ${w.namespace}/${w.name}`);
      }
    });
  }
  if (deployments.length === 0 && nodePools.length === 0) f.fail('file', `${file} holds no Deployment or NodePool`);
  return { file, deployments, nodePools };
}

/** Which pods a deletePod/killContainer hits: `pod: <bare pod name>`, or `selector` with an optional `count`. */
function readPick(f: Fields, draft: ScenarioDraft, container: string | undefined): PodPick {
  const namespace = f.string('namespace') ?? DEFAULT_NAMESPACE;
  checkName(f, 'namespace', namespace, true);
  const name = f.string('pod');
  const count = f.int('count', { min: 1 });
  if ((name === undefined) === !f.has('selector')) f.fail(undefined, 'expected exactly one of pod (a Pod name) or selector (a label selector)');
  if (name !== undefined && count !== undefined) f.fail('count', 'count applies to selector, not to pod');
  const selector = f.has('selector') ? readLabelSelector(f.doc, f.at('selector'), f.raw('selector')).selector : undefined;
  draft.afterAll(() => {
    let sources;
    if (name !== undefined) {
      sources = draft.podSources(namespace).filter((s) => s.owner === `Pod/${name}`);
      if (sources.length === 0) {
        f.fail('pod', `no Pod named "${name}" in namespace ${namespace} (pods of workloads get generated names: pick them with selector)`);
      }
    } else {
      sources = draft.selected(selector!, namespace);
      if (sources.length === 0) f.fail('selector', `selector ${selectorScope(selector!, namespace)} matches no pod or pod template`);
    }
    if (container !== undefined) {
      const names = new Set(sources.flatMap((s) => [...s.template.spec.initContainers, ...s.template.spec.containers].map((c) => c.name)));
      if (!names.has(container)) f.fail('container', `no container "${container}" in the pods this action selects (${sources.map((s) => s.owner).join(', ')}; containers: ${[...names].join(', ')})`);
    }
  });
  return { namespace, ...(name !== undefined ? { name } : {}), ...(selector ? { selector } : {}), ...(count !== undefined ? { count } : {}) };
}
