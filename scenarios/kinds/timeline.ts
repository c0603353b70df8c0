/**
 * Timed actions, from a `kind: Timeline` document (spec.actions) or the Simulation's spec.timeline: scale a
 * workload, delete pods, kill containers, take a node down/up, cordon/uncordon. Every reference (workload, pod,
 * selector, container, node) is checked once all documents are read. Reads only; models/ carries the actions out.
 */
import type { LocatedDoc, PathElement } from '../located';
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

const ACTIONS = ['scale', 'deletePod', 'killContainer', 'nodeDown', 'nodeUp', 'cordon', 'uncordon', 'drain', 'evict', 'delete'] as const;
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
  drain: ['node', 'ignoreDaemonSets', 'deleteEmptyDirData', 'force', 'gracePeriod', 'timeout'],
  evict: ['pod', 'namespace', 'gracePeriod'],
  delete: [...PICK_FIELDS, 'gracePeriod'],
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
      const replicas = f.int('replicas', { min: 0 }) as number;
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
