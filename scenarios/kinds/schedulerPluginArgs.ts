/**
 * A KubeSchedulerProfile's `pluginConfig` → PluginArgs: the args k8sim's plugins take, with upstream's defaults
 * (pkg/scheduler/apis/config/v1/defaults.go SetDefaults_*Args) and validation
 * (pkg/scheduler/apis/config/validation/validation_pluginargs.go), each error located at its field. Reads only.
 */
import {
  DEFAULT_PLUGIN_ARGS,
  type DefaultSpreadConstraint,
  type PluginArgs,
  type ResourceWeight,
  type ScoringStrategy,
} from '../../models/scheduler/config';
import { invalid, notSupported } from '../fieldErrors';
import { readTopologyKey, readWhenUnsatisfiable } from '../topologySpread';
import { Fields } from './fields';
import { KNOWN_PLUGINS, unknownPlugin } from './schedulerProfiles';

const STRATEGIES = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'] as const;
const RESOURCES = ['cpu', 'memory'] as const;
const ARGS_API_VERSION = 'kubescheduler.config.k8s.io/v1';

/** The args fields of each plugin k8sim reads args for; other plugins' args are accepted and ignored. */
const ARGS_FIELDS = new Map<string, readonly string[]>([
  ['NodeResourcesFit', ['ignoredResources', 'ignoredResourceGroups', 'scoringStrategy']],
  ['NodeResourcesBalancedAllocation', ['resources']],
  ['PodTopologySpread', ['defaultConstraints', 'defaultingType']],
  ['InterPodAffinity', ['hardPodAffinityWeight', 'ignorePreferredTermsOfExistingPods']],
  ['DefaultPreemption', ['minCandidateNodesPercentage', 'minCandidateNodesAbsolute']],
  ['NodeAffinity', ['addedAffinity']],
]);

export function readPluginConfig(profile: Fields): PluginArgs {
  let args: PluginArgs = DEFAULT_PLUGIN_ARGS;
  const seen = new Set<string>();
  for (const it of profile.list('pluginConfig', 'a list of {name, args}') ?? []) {
    const pc = Fields.of(profile.doc, it.path, it.value, ['name', 'args'], 'a plugin config {name, args}');
    const name = pc.requiredString('name', { nonEmpty: true });
    if (!KNOWN_PLUGINS.includes(name)) pc.fail('name', unknownPlugin(name));
    if (seen.has(name)) profile.doc.fail(it.path, `Duplicate value: ${JSON.stringify(name)}`);
    seen.add(name);
    const fields = ARGS_FIELDS.get(name);
    const a = pc.object('args', fields ? ['apiVersion', 'kind', ...fields] : undefined, `${name}Args (a mapping)`);
    if (!a) continue;
    const apiVersion = a.string('apiVersion');
    if (apiVersion !== undefined && apiVersion !== ARGS_API_VERSION) a.fail('apiVersion', `expected ${ARGS_API_VERSION}, got ${JSON.stringify(apiVersion)}`);
    const kind = a.string('kind');
    if (kind !== undefined && kind !== `${name}Args`) a.fail('kind', `${invalid(kind, 'has to match plugin args')} (expected ${name}Args)`);
    switch (name) {
      case 'NodeResourcesFit':
        args = { ...args, nodeResourcesFit: { scoringStrategy: readScoringStrategy(a.object('scoringStrategy', ['type', 'resources', 'requestedToCapacityRatio'])) } };
        break;
      case 'NodeResourcesBalancedAllocation':
        args = { ...args, balancedAllocation: { resources: readBalancedResources(a) } };
        break;
      case 'PodTopologySpread':
        args = { ...args, podTopologySpread: readPodTopologySpreadArgs(a) };
        break;
      case 'InterPodAffinity': {
        const w = a.int('hardPodAffinityWeight') ?? DEFAULT_PLUGIN_ARGS.interPodAffinity.hardPodAffinityWeight;
        if (w < 0 || w > 100) a.fail('hardPodAffinityWeight', invalid(w, 'not in valid range [0, 100]'));
        const ignore = a.bool('ignorePreferredTermsOfExistingPods') ?? DEFAULT_PLUGIN_ARGS.interPodAffinity.ignorePreferredTermsOfExistingPods;
        args = { ...args, interPodAffinity: { hardPodAffinityWeight: w, ignorePreferredTermsOfExistingPods: ignore } };
        break;
      }
      case 'DefaultPreemption': {
        const d = DEFAULT_PLUGIN_ARGS.defaultPreemption;
        const pct = a.int('minCandidateNodesPercentage') ?? d.minCandidateNodesPercentage;
        const abs = a.int('minCandidateNodesAbsolute') ?? d.minCandidateNodesAbsolute;
        if (pct < 0 || pct > 100) a.fail('minCandidateNodesPercentage', invalid(pct, 'not in valid range [0, 100]'));
        if (abs < 0) a.fail('minCandidateNodesAbsolute', invalid(abs, 'not in valid range [0, inf)'));
        if (pct === 0 && abs === 0) a.fail('minCandidateNodesPercentage', invalid(pct, 'cannot be zero at the same time as minCandidateNodesAbsolute'));
        args = { ...args, defaultPreemption: { minCandidateNodesPercentage: pct, minCandidateNodesAbsolute: abs } };
        break;
      }
      case 'NodeAffinity':
        if (a.has('addedAffinity')) a.fail('addedAffinity', 'not supported by k8sim (scheduler-enforced node affinity is not modelled)');
        break;
    }
  }
  return args;
}

/** {name, weight} items: cpu or memory (the resources k8sim models); weight 0 (unset) → 1, as SetDefaults does. */
function readResources(f: Fields, key: string): { list: ResourceWeight[]; paths: (string | number)[][] } {
  const list: ResourceWeight[] = [];
  const paths: (string | number)[][] = [];
  for (const it of f.list(key, 'a list of {name, weight}') ?? []) {
    const r = Fields.of(f.doc, it.path, it.value, ['name', 'weight'], 'a resource {name, weight}');
    const name = r.requiredString('name');
    if (!(RESOURCES as readonly string[]).includes(name)) r.fail('name', `expected cpu or memory (the resources k8sim models), got ${JSON.stringify(name)}`);
    const weight = r.int('weight') ?? 0;
    list.push({ name: name as ResourceWeight['name'], weight: weight === 0 ? 1 : weight });
    paths.push(it.path);
  }
  return { list, paths };
}

/** NodeResourcesFitArgs.scoringStrategy (SetDefaults_NodeResourcesFitArgs; ValidateNodeResourcesFitArgs). */
function readScoringStrategy(s: Fields | undefined): ScoringStrategy {
  const def = DEFAULT_PLUGIN_ARGS.nodeResourcesFit.scoringStrategy;
  if (!s) return def;
  const t = s.raw('type') ?? '';
  if (t !== '' && (typeof t !== 'string' || !(STRATEGIES as readonly string[]).includes(t))) s.fail('type', notSupported(t, STRATEGIES));
  const type = (t === '' ? 'LeastAllocated' : t) as ScoringStrategy['type'];
  const { list, paths } = readResources(s, 'resources');
  list.forEach((r, i) => {
    if (r.weight <= 0 || r.weight > 100) s.doc.fail([...paths[i], 'weight'], invalid(r.weight, `resource weight of ${r.name} not in valid range (0, 100]`));
  });
  const resources = list.length > 0 ? list : def.resources;
  const rtcr = s.object('requestedToCapacityRatio', ['shape']);
  if (type !== 'RequestedToCapacityRatio') {
    if (rtcr) s.fail('requestedToCapacityRatio', 'Forbidden: must be nil when type is not RequestedToCapacityRatio');
    return { type, resources };
  }
  if (!rtcr) s.fail('requestedToCapacityRatio', 'Required value: must be specified when type is RequestedToCapacityRatio');
  return { type, resources, shape: readShape(rtcr as Fields) };
}

/** validateFunctionShape: at least one point, utilization strictly increasing in [0, 100], score in [0, 10]. */
function readShape(f: Fields): { utilization: number; score: number }[] {
  const items = f.list('shape', 'a list of {utilization, score}') ?? [];
  if (items.length === 0) f.fail('shape', 'Required value: at least one point must be specified');
  const points = items.map((it) => {
    const p = Fields.of(f.doc, it.path, it.value, ['utilization', 'score'], 'a shape point {utilization, score}');
    return { utilization: p.int('utilization') ?? 0, score: p.int('score') ?? 0, p };
  });
  for (let i = 1; i < points.length; i++) {
    if (points[i - 1].utilization >= points[i].utilization) points[i].p.fail('utilization', invalid(points[i].utilization, 'values must be sorted in increasing order'));
  }
  for (const { utilization, score, p } of points) {
    if (utilization < 0 || utilization > 100) p.fail('utilization', invalid(utilization, 'not in valid range [0, 100]'));
    if (score < 0 || score > 10) p.fail('score', invalid(score, 'not in valid range [0, 10]'));
  }
  return points.map(({ utilization, score }) => ({ utilization, score }));
}

/** NodeResourcesBalancedAllocationArgs.resources: no duplicates, every weight 1. */
function readBalancedResources(a: Fields): readonly ResourceWeight[] {
  const { list, paths } = readResources(a, 'resources');
  list.forEach((r, i) => {
    if (list.slice(0, i).some((o) => o.name === r.name)) a.doc.fail([...paths[i], 'name'], `Duplicate value: ${JSON.stringify(r.name)}`);
    if (r.weight !== 1) a.doc.fail([...paths[i], 'weight'], invalid(r.weight, 'must be 1'));
  });
  return list.length > 0 ? list : DEFAULT_PLUGIN_ARGS.balancedAllocation.resources;
}

/** PodTopologySpreadArgs (SetDefaults: defaultingType System; ValidatePodTopologySpreadArgs). */
function readPodTopologySpreadArgs(a: Fields): PluginArgs['podTopologySpread'] {
  const dt = a.raw('defaultingType') ?? 'System';
  if (dt !== 'System' && dt !== 'List') a.fail('defaultingType', notSupported(dt, ['System', 'List']));
  const items = a.list('defaultConstraints', 'a list of topology spread constraints') ?? [];
  if (dt === 'System' && items.length > 0) {
    const hint = a.has('defaultingType') ? '' : ' (defaultingType defaults to System; set defaultingType: List to use defaultConstraints)';
    a.fail('defaultingType', `${invalid('System', 'when .defaultConstraints are not empty')}${hint}`);
  }
  const constraints: DefaultSpreadConstraint[] = items.map((it) => {
    const c = Fields.of(a.doc, it.path, it.value, ['maxSkew', 'topologyKey', 'whenUnsatisfiable', 'labelSelector'], 'a default constraint {maxSkew, topologyKey, whenUnsatisfiable}');
    const maxSkew = c.requiredInt('maxSkew');
    if (maxSkew <= 0) c.fail('maxSkew', invalid(maxSkew, 'not in valid range (0, inf)'));
    const topologyKey = readTopologyKey(c);
    const whenUnsatisfiable = readWhenUnsatisfiable(c);
    if (c.has('labelSelector')) c.fail('labelSelector', 'Forbidden: constraint must not define a selector, as they deduced for each pod');
    return { maxSkew, topologyKey, whenUnsatisfiable };
  });
  // validateConstraintNotRepeat: reported at the later of two equal {topologyKey, whenUnsatisfiable}.
  constraints.forEach((c, i) => {
    if (constraints.slice(0, i).some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable)) {
      a.doc.fail(items[i].path, `Duplicate value: "{${c.topologyKey}, ${c.whenUnsatisfiable}}"`);
    }
  });
  return { defaultingType: dt as 'System' | 'List', defaultConstraints: constraints };
}
