/**
 * v1 Node: name, labels (plus the kubelet's well-known ones), spec.unschedulable, spec.taints, and allocatable from
 * status.allocatable, else status.capacity, else the documented default per resource. Reads only; no behaviour.
 */
import type { NodeImage, ResolvedNode, Taint } from '../../models/cluster/spec';
import { NODE_ALLOCATABLE_DEFAULTS, wellKnownNodeLabels } from '../defaults';
import type { KindHandler } from './kindHandler';
import { describe, Fields } from './fields';
import { isExtendedResourceName } from '../ignoredFields';
import { readObjectMeta } from './objectMeta';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

export const nodeKind: KindHandler = {
  apiVersion: 'v1',
  kind: 'Node',
  schema: () => (require('kubernetes-models/v1/Node') as typeof import('kubernetes-models/v1/Node')).Node,
  read(doc, draft) {
    const meta = readObjectMeta(doc, { namespaced: false });
    const root = Fields.of(doc, [], doc.value);
    const spec = root.object('spec');
    const status = root.object('status');
    const alloc = status?.object('allocatable');
    const cap = status?.object('capacity');
    const pick = (key: string, read: (f: Fields, k: string) => number | undefined, def: number) =>
      (alloc && read(alloc, key)) ?? (cap && read(cap, key)) ?? def;
    const node: ResolvedNode = {
      name: meta.name,
      labels: { ...wellKnownNodeLabels(meta.name), ...meta.labels },
      allocatable: {
        cpuMilli: pick('cpu', (f, k) => f.milli(k), NODE_ALLOCATABLE_DEFAULTS.cpuMilli),
        memoryBytes: pick('memory', (f, k) => f.units(k), NODE_ALLOCATABLE_DEFAULTS.memoryBytes),
        pods: pick('pods', (f, k) => f.units(k), NODE_ALLOCATABLE_DEFAULTS.pods),
        ...extendedAllocatable(alloc ?? cap),
      },
      unschedulable: spec?.bool('unschedulable') ?? false,
      taints: spec ? readTaints(spec, 'taints') : [],
      source: { file: doc.file, line: doc.line },
      ...(status?.has('images') ? { images: readImages(status, 'images') } : {}),
    };
    draft.claim(`Node/${node.name}`, `Node ${node.name}`, doc, ['metadata', 'name']);
    draft.nodes.push(node);
  },
};

/**
 * A list of core/v1 Taint (key and effect required; timeAdded ignored). Shared with Simulation node pools, which
 * pass `known` because no schema has checked them.
 */
export function readTaints(f: Fields, key: string, known?: readonly string[]): Taint[] {
  return (f.list(key, 'a list of {key, value, effect}') ?? []).map((it) => {
    const t = Fields.of(f.doc, it.path, it.value, known, 'a taint {key, value, effect}');
    const taintKey = t.requiredString('key');
    t.need('effect', EFFECTS.join(', '));
    const effect = t.oneOf('effect', EFFECTS) as Taint['effect'];
    const value = t.string('value');
    return { key: taintKey, ...(value !== undefined && value !== '' ? { value } : {}), effect };
  });
}

/**
 * status.images (core/v1 ContainerImage: `names`, `sizeBytes`), shared with node pools' `images`, which may also
 * write `{name, sizeBytes}` for one name. ImageLocality scores nodes that already hold a pod's images.
 */
export function readImages(f: Fields, key: string, known?: readonly string[]): NodeImage[] {
  return (f.list(key, 'a list of {names, sizeBytes}') ?? []).map((it) => {
    const img = Fields.of(f.doc, it.path, it.value, known, 'an image {names, sizeBytes}');
    const names = img.has('name') ? [img.requiredString('name')] : (img.list('names', 'a list of image names') ?? []).map((n, i) => {
      if (typeof n.value !== 'string' || n.value === '') img.doc.fail([...it.path, 'names', i], `expected an image name, got ${JSON.stringify(n.value)}`);
      return n.value as string;
    });
    if (names.length === 0) img.fail('names', 'required field is missing (expected the image\'s names, e.g. [nginx:1.27])');
    img.need('sizeBytes', 'the image size in bytes (an integer ≥ 0)');
    return { names, sizeBytes: img.int('sizeBytes', { min: 0 }) as number };
  });
}

/**
 * The extended resources of status.allocatable (else status.capacity): `nvidia.com/gpu: 1`, whole numbers. Only
 * domain-qualified names outside kubernetes.io count (scenarios/ignoredFields.ts isExtendedResourceName).
 */
export function extendedAllocatable(f: Fields | undefined): { extended?: Record<string, number> } {
  const names = Object.keys(f?.value ?? {}).filter(isExtendedResourceName).sort();
  if (f === undefined || names.length === 0) return {};
  const extended: Record<string, number> = {};
  for (const name of names) {
    const m = f.milli(name) as number; // in milli-units: `500m` is not rounded up to 1 before the check
    if (m % 1000 !== 0) f.fail(name, `Invalid value: ${describe(f.raw(name))}: must be an integer`);
    extended[name] = m / 1000;
  }
  return { extended };
}
