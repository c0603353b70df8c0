/**
 * Simulation `spec.clusterAutoscaler` (issue #10): the Cluster Autoscaler's flags in camelCase (reference §1.3), each
 * optional with upstream's default (models/clusterautoscaler/config.ts), plus `priorities` for the priority expander
 * (upstream: the ConfigMap `cluster-autoscaler-priority-expander`). Reads and validates only.
 */
import type { Micros } from '../../engine/time';
import { CLUSTER_AUTOSCALER_DEFAULTS as D, CLUSTER_AUTOSCALER_FIELDS, EXPANDER_NAMES, type ClusterAutoscalerSettings, type ExpanderName } from '../../models/clusterautoscaler/config';
import { describe, type Fields } from './fields';

type Key = keyof ClusterAutoscalerSettings;

/** `expander`: a comma list as the flag takes it (`priority,least-waste`) or a YAML list; every name known. */
function readExpander(f: Fields): readonly ExpanderName[] | undefined {
  const raw = f.raw('expander');
  if (raw === undefined) return undefined;
  const items = Array.isArray(raw) ? (raw as unknown[]) : typeof raw === 'string' ? raw.split(',') : f.fail('expander', `expected an expander name or a list of names, got ${describe(raw)}`);
  if (items.length === 0) f.fail('expander', 'expected at least one expander');
  return items.map((v, i) => {
    const name = typeof v === 'string' ? v.trim() : v;
    if (typeof name !== 'string' || !(EXPANDER_NAMES as readonly string[]).includes(name)) {
      const at: (string | number)[] = Array.isArray(raw) ? ['expander', i] : ['expander'];
      return f.doc.fail([...f.path, ...at], `unknown expander ${describe(name)} (expected one of ${EXPANDER_NAMES.join(', ')})`);
    }
    return name as ExpanderName;
  });
}

/** `priorities: {<int>: [<regexp>, ...]}`, highest priority first. */
function readPriorities(f: Fields): ClusterAutoscalerSettings['priorities'] | undefined {
  const p = f.object('priorities', undefined, 'a mapping of priorities to lists of node-group regexps');
  if (!p) return undefined;
  const out: { priority: number; patterns: string[] }[] = [];
  for (const key of Object.keys(p.value)) {
    const priority = Number(key);
    if (!/^-?\d+$/.test(key.trim()) || !Number.isSafeInteger(priority)) p.fail(key, `expected an integer priority, got ${describe(key)}`);
    const items = p.list(key, 'a list of node-group regexps') ?? [];
    const patterns = items.map((it) => {
      if (typeof it.value !== 'string') return f.doc.fail(it.path, `expected a regexp string, got ${describe(it.value)}`);
      try {
        new RegExp(it.value);
      } catch (e) {
        return f.doc.fail(it.path, `invalid regexp ${describe(it.value)}: ${(e as Error).message}`);
      }
      return it.value;
    });
    out.push({ priority, patterns });
  }
  return out.sort((a, b) => b.priority - a.priority);
}

/** The settings in `f` (already checked against CLUSTER_AUTOSCALER_FIELDS), every default applied. */
export function readClusterAutoscalerSettings(f: Fields): ClusterAutoscalerSettings {
  const out: Record<string, unknown> = { ...D };
  for (const key of CLUSTER_AUTOSCALER_FIELDS) {
    if (!f.has(key)) continue;
    const def = D[key];
    if (key === 'expander') out.expander = readExpander(f);
    else if (key === 'priorities') out.priorities = readPriorities(f);
    else if (typeof def === 'boolean') out[key] = f.bool(key);
    else if (isDurationKey(key)) out[key] = f.duration(key, { positive: key === 'scanInterval' }) as Micros;
    else if (key === 'scaleDownUtilizationThreshold') {
      const v = f.number(key, { min: 0 })!;
      if (v > 1) f.fail(key, `expected a number in [0, 1], got ${v}`);
      out[key] = v;
    } else if (key === 'memoryDifferenceRatio' || key === 'maxFreeDifferenceRatio' || key === 'maxAllocatableDifferenceRatio' || key === 'maxTotalUnreadyPercentage') out[key] = f.number(key, { min: 0 });
    else if (key === 'expendablePodsPriorityCutoff') out[key] = f.int(key);
    else out[key] = f.int(key, { min: key === 'maxScaleDownParallelism' || key === 'maxDrainParallelism' || key === 'maxNodesPerScaleUp' ? 1 : 0 });
  }
  return out as unknown as ClusterAutoscalerSettings;
}

const DURATION_KEYS: ReadonlySet<Key> = new Set<Key>([
  'scanInterval',
  'newPodScaleUpDelay',
  'maxNodeProvisionTime',
  'maxNodeStartupTime',
  'initialNodeGroupBackoffDuration',
  'maxNodeGroupBackoffDuration',
  'nodeGroupBackoffResetTimeout',
  'scaleDownDelayAfterAdd',
  'scaleDownDelayAfterDelete',
  'scaleDownDelayAfterFailure',
  'scaleDownUnneededTime',
  'scaleDownUnreadyTime',
  'nodeDeleteDelayAfterTaint',
  'maxPodEvictionTime',
  'unremovableNodeRecheckTimeout',
  'blockingSystemPodDistruptionTimeout',
]);

function isDurationKey(k: Key): boolean {
  return DURATION_KEYS.has(k);
}
