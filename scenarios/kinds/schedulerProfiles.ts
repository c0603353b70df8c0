/**
 * One KubeSchedulerProfile's `plugins` → which filters, score plugins (with weights) and preemption run, following
 * upstream: pkg/scheduler/apis/config/v1/default_plugins.go (getDefaultPlugins, mergePlugins / mergePluginSet) and
 * pkg/scheduler/framework/runtime/framework.go (updatePluginList, expandMultiPointPlugins, getScoreWeights).
 * Errors are located at the plugin entry. Reads only; the scheduler model runs what this resolves.
 */
import type { Micros } from '../../engine/time';
import type { SourceRef } from '../../models/cluster/spec';
import {
  DEFAULT_SCORE_WEIGHTS,
  FILTER_ORDER,
  INERT_PLUGIN_NAMES,
  PLUGIN_NAMES,
  type PluginArgs,
  type PluginName,
  type SchedulerProfileConfig,
} from '../../models/scheduler/config';
import type { LocatedDoc, PathElement } from '../located';
import { closest, Fields } from './fields';

/** The KubeSchedulerConfiguration as the loader keeps it until load.ts assembles the scheduler settings. */
export interface ResolvedSchedulerConfiguration {
  readonly profiles: readonly SchedulerProfileConfig[];
  readonly percentageOfNodesToScore?: number;
  /** podInitialBackoffSeconds / podMaxBackoffSeconds, when written. */
  readonly initialBackoff?: Micros;
  readonly maxBackoff?: Micros;
  readonly source: SourceRef;
  readonly doc: LocatedDoc;
}

export const EXTENSION_POINTS = ['preEnqueue', 'queueSort', 'preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'permit', 'preBind', 'bind', 'postBind'] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

/** The framework interface of each point, as upstream's messages name it (`FilterPlugin`). */
const INTERFACE: Readonly<Record<ExtensionPoint, string>> = {
  preEnqueue: 'PreEnqueuePlugin',
  queueSort: 'QueueSortPlugin',
  preFilter: 'PreFilterPlugin',
  filter: 'FilterPlugin',
  postFilter: 'PostFilterPlugin',
  preScore: 'PreScorePlugin',
  score: 'ScorePlugin',
  reserve: 'ReservePlugin',
  permit: 'PermitPlugin',
  preBind: 'PreBindPlugin',
  bind: 'BindPlugin',
  postBind: 'PostBindPlugin',
};

/** The extension points each plugin implements (pkg/scheduler/framework/plugins/*). */
const IMPLEMENTS = new Map<string, readonly ExtensionPoint[]>([
  ['SchedulingGates', ['preEnqueue']],
  ['PrioritySort', ['queueSort']],
  ['NodeUnschedulable', ['filter']],
  ['NodeName', ['filter']],
  ['TaintToleration', ['filter', 'preScore', 'score']],
  ['NodeAffinity', ['preFilter', 'filter', 'preScore', 'score']],
  ['NodePorts', ['preFilter', 'filter']],
  ['NodeResourcesFit', ['preFilter', 'filter', 'preScore', 'score']],
  ['VolumeRestrictions', ['preFilter', 'filter']],
  ['NodeVolumeLimits', ['preFilter', 'filter']],
  ['VolumeBinding', ['preFilter', 'filter', 'reserve', 'preBind', 'preScore', 'score']],
  ['VolumeZone', ['preFilter', 'filter']],
  ['PodTopologySpread', ['preFilter', 'filter', 'preScore', 'score']],
  ['InterPodAffinity', ['preFilter', 'filter', 'preScore', 'score']],
  ['DefaultPreemption', ['postFilter']],
  ['NodeResourcesBalancedAllocation', ['preScore', 'score']],
  ['ImageLocality', ['score']],
  ['DefaultBinder', ['bind']],
  ['EBSLimits', ['preFilter', 'filter']],
  ['GCEPDLimits', ['preFilter', 'filter']],
  ['AzureDiskLimits', ['preFilter', 'filter']],
  ['CinderLimits', ['preFilter', 'filter']],
]);

/** validation.go invalidPluginsByVersion: removed in kubescheduler.config.k8s.io/v1 (refused when enabled). */
const REMOVED_IN_V1 = ['AzureDiskLimits', 'CinderLimits', 'EBSLimits', 'GCEPDLimits'];

export const KNOWN_PLUGINS: readonly string[] = [...PLUGIN_NAMES, ...INERT_PLUGIN_NAMES];

interface Entry {
  readonly name: string;
  /** 0 = not written. */
  readonly weight: number;
  /** undefined for getDefaultPlugins' entries. */
  readonly path?: readonly PathElement[];
}

interface PluginSet {
  readonly enabled: readonly Entry[];
  readonly disabled: ReadonlySet<string>;
}

/** getDefaultPlugins' MultiPoint set (the volume-limit plugins removed in v1 left out: k8sim has no volumes). */
const DEFAULT_MULTI_POINT: readonly Entry[] = [
  'SchedulingGates',
  'PrioritySort',
  'NodeUnschedulable',
  'NodeName',
  'TaintToleration',
  'NodeAffinity',
  'NodePorts',
  'NodeResourcesFit',
  'VolumeRestrictions',
  'NodeVolumeLimits',
  'VolumeBinding',
  'VolumeZone',
  'PodTopologySpread',
  'InterPodAffinity',
  'DefaultPreemption',
  'NodeResourcesBalancedAllocation',
  'ImageLocality',
  'DefaultBinder',
].map((name) => ({ name, weight: DEFAULT_SCORE_WEIGHTS.find((w) => w.name === name)?.weight ?? 0 }));

/** The problem for an unknown plugin name, with the closest known name. */
export function unknownPlugin(name: string): string {
  const guess = closest(name, KNOWN_PLUGINS);
  return `plugin ${JSON.stringify(name)} does not exist${guess ? `, did you mean "${guess}"?` : `; k8sim knows: ${KNOWN_PLUGINS.join(', ')}`}`;
}

function readPluginSet(f: Fields | undefined, point: ExtensionPoint | 'multiPoint'): PluginSet {
  if (!f) return { enabled: [], disabled: new Set() };
  const enabled = (f.list('enabled', 'a list of {name, weight}') ?? []).map((it, i): Entry => {
    const e = Fields.of(f.doc, it.path, it.value, ['name', 'weight'], 'a plugin {name, weight}');
    const name = e.requiredString('name', { nonEmpty: true });
    if (!KNOWN_PLUGINS.includes(name)) e.fail('name', unknownPlugin(name));
    if (REMOVED_IN_V1.includes(name)) {
      f.doc.fail([...f.at('enabled'), i], `Invalid value: "${name}": was invalid in version "kubescheduler.config.k8s.io/v1" (KubeSchedulerConfiguration is version "kubescheduler.config.k8s.io/v1")`);
    }
    const weight = e.int('weight', { min: 0, max: 2147483647 }) ?? 0;
    if (point !== 'multiPoint' && !IMPLEMENTS.get(name)!.includes(point)) e.fail('name', `plugin "${name}" does not extend ${INTERFACE[point]} plugin`);
    return { name, weight, path: it.path };
  });
  const disabled = new Set(
    (f.list('disabled', 'a list of {name}') ?? []).map((it) => {
      const e = Fields.of(f.doc, it.path, it.value, ['name', 'weight'], 'a plugin {name}');
      const name = e.requiredString('name', { nonEmpty: true });
      if (name !== '*' && !KNOWN_PLUGINS.includes(name)) e.fail('name', unknownPlugin(name));
      return name;
    }),
  );
  return { enabled, disabled };
}

/** mergePluginSet: disabled defaults removed ('*' = all), re-listed defaults replaced in place, the rest appended. */
function mergePluginSet(defaults: readonly Entry[], custom: PluginSet): PluginSet {
  const customByName = new Map<string, number>();
  custom.enabled.forEach((p, i) => customByName.set(p.name, i));
  const replaced = new Set<number>();
  const enabled: Entry[] = [];
  if (!custom.disabled.has('*')) {
    for (const d of defaults) {
      if (custom.disabled.has(d.name)) continue;
      const i = customByName.get(d.name);
      if (i !== undefined) replaced.add(i);
      enabled.push(i !== undefined ? custom.enabled[i] : d);
    }
  }
  custom.enabled.forEach((p, i) => {
    if (!replaced.has(i)) enabled.push(p);
  });
  return { enabled, disabled: custom.disabled };
}

/**
 * The plugins of one point after expandMultiPointPlugins: the point's own enabled plugins plus every MultiPoint
 * plugin that implements the point and is not disabled there ('*' skips the expansion). A plugin listed twice is
 * upstream's "already registered" error.
 */
function expand(point: ExtensionPoint, own: PluginSet, multi: PluginSet, doc: LocatedDoc): string[] {
  const names: string[] = [];
  for (const p of own.enabled) {
    if (names.includes(p.name)) doc.fail(p.path ?? [], `plugin "${p.name}" already registered as "${INTERFACE[point]}"`);
    names.push(p.name);
  }
  if (own.disabled.has('*')) return names;
  const fromMulti: string[] = [];
  for (const p of multi.enabled) {
    if (!IMPLEMENTS.get(p.name)!.includes(point) || own.disabled.has(p.name) || names.includes(p.name)) continue;
    if (fromMulti.includes(p.name)) doc.fail(p.path ?? [], `plugin "${p.name}" already registered as "${INTERFACE[point]}"`);
    fromMulti.push(p.name);
  }
  return [...names, ...fromMulti];
}

/** Resolves `plugins` of the profile at `profile` (undefined = every default). */
export function resolveProfilePlugins(
  profile: Fields,
  schedulerName: string,
  args: PluginArgs,
  percentageOfNodesToScore: number | undefined,
): SchedulerProfileConfig {
  const plugins = profile.object('plugins', ['multiPoint', ...EXTENSION_POINTS]);
  const multi = mergePluginSet(DEFAULT_MULTI_POINT, readPluginSet(plugins?.object('multiPoint', ['enabled', 'disabled']), 'multiPoint'));
  const own = new Map<ExtensionPoint, PluginSet>();
  for (const point of EXTENSION_POINTS) own.set(point, mergePluginSet([], readPluginSet(plugins?.object(point, ['enabled', 'disabled']), point)));
  const final = (point: ExtensionPoint) => expand(point, own.get(point)!, multi, profile.doc);
  const where = (point: ExtensionPoint): PathElement[] => (plugins?.has(point) ? [...plugins.at(point)] : plugins ? [...plugins.path] : [...profile.path]);

  // framework.go NewFramework: exactly one queue sort plugin, at least one bind plugin.
  if (final('queueSort').length === 0) profile.doc.fail(where('queueSort'), 'no queue sort plugin is enabled');
  if (final('bind').length === 0) profile.doc.fail(where('bind'), 'at least one bind plugin is needed');
  const filter = final('filter');
  const score = final('score');

  // getScoreWeights: the Score point's own weight first, then MultiPoint's; 0 (unset) → 1.
  const weights = new Map<string, number>();
  for (const e of [...own.get('score')!.enabled, ...multi.enabled]) {
    if (!weights.has(e.name) && IMPLEMENTS.get(e.name)!.includes('score')) weights.set(e.name, e.weight === 0 ? 1 : e.weight);
  }
  const isModelled = (n: string): n is PluginName => (PLUGIN_NAMES as readonly string[]).includes(n);
  return {
    schedulerName,
    filters: FILTER_ORDER.filter((n) => filter.includes(n)),
    scores: DEFAULT_SCORE_WEIGHTS.filter((w) => score.includes(w.name) && isModelled(w.name)).map((w) => ({ name: w.name, weight: weights.get(w.name)! })),
    preemption: final('postFilter').includes('DefaultPreemption'),
    args,
    ...(percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore } : {}),
  };
}
