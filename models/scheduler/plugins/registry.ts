/**
 * The in-tree plugin registry (pkg/scheduler/framework/plugins/registry.go) for what k8sim runs: plugin name →
 * factory, and a profile's framework built from its enabled plugins (filters in FILTER_ORDER, score plugins with
 * their weights). PrioritySort, DefaultPreemption and DefaultBinder are the scheduler's own steps (queue order,
 * PostFilter, binding) rather than filter or score plugins here.
 */
import type { PluginArgs, PluginName, SchedulerProfileConfig, UntoleratedTaintReason } from '../config';
import { Framework, type WeightedScorePlugin } from '../framework/runtime';
import type { FilterPlugin, ScorePlugin } from '../framework/types';
import { imageLocality } from './imageLocality';
import { interPodAffinityPlugin } from './interPodAffinity';
import { nodeAffinity } from './nodeAffinity';
import { nodeName } from './nodeName';
import { nodeResourcesBalancedAllocation, nodeResourcesFit } from './nodeResources';
import { nodeUnschedulable } from './nodeUnschedulable';
import { podTopologySpreadPlugin } from './podTopologySpread';
import { taintToleration } from './taintToleration';

/** What a plugin may read besides its args: settings of the Simulation (version choices). */
export interface PluginOptions {
  readonly untoleratedTaintReason?: UntoleratedTaintReason;
}

type Factory = (args: PluginArgs, options: PluginOptions) => Partial<FilterPlugin & ScorePlugin> & { readonly name: string };

const FACTORIES: Partial<Record<PluginName, Factory>> = {
  NodeUnschedulable: nodeUnschedulable,
  NodeName: nodeName,
  TaintToleration: (args, o) => taintToleration(args, o.untoleratedTaintReason),
  NodeAffinity: nodeAffinity,
  NodeResourcesFit: nodeResourcesFit,
  PodTopologySpread: podTopologySpreadPlugin,
  InterPodAffinity: interPodAffinityPlugin,
  NodeResourcesBalancedAllocation: nodeResourcesBalancedAllocation,
  ImageLocality: imageLocality,
};

/** The framework of one profile: one plugin instance per name, shared by its filter and score roles. */
export function buildFramework(profile: SchedulerProfileConfig, options: PluginOptions = {}): Framework {
  const instances = new Map<PluginName, ReturnType<Factory>>();
  const instance = (name: PluginName) => {
    let p = instances.get(name);
    if (p === undefined) {
      const f = FACTORIES[name];
      if (f === undefined) throw new Error(`scheduler profile ${profile.schedulerName}: plugin ${name} has no filter or score role in k8sim`);
      instances.set(name, (p = f(profile.args, options)));
    }
    return p;
  };
  const filters: FilterPlugin[] = [];
  for (const name of profile.filters) {
    const p = instance(name);
    if (typeof p.filter === 'function') filters.push(p as FilterPlugin);
  }
  const scorers: WeightedScorePlugin[] = [];
  for (const { name, weight } of profile.scores) {
    const p = instance(name);
    if (typeof p.score === 'function') scorers.push({ plugin: p as ScorePlugin, weight });
  }
  return new Framework(profile, filters, scorers);
}
