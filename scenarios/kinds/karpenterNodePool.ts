/**
 * karpenter.sh/v1 NodePool (reference §5.1; kubernetes-sigs/karpenter pkg/apis/v1/nodepool.go and its CRD validation):
 * template labels, requirements, taints, startupTaints, expireAfter, terminationGracePeriod, disruption
 * (consolidationPolicy, consolidateAfter, budgets), limits, weight — every default applied, located errors on bad
 * input. `nodeClassRef` is accepted and ignored (k8sim has no NodeClass); `replicas` (static NodePools) is refused.
 * Also reads the Simulation's `spec.karpenter` settings (§6.1). Reads only; models/karpenter/ runs them.
 */
import type { Micros } from '../../engine/time';
import { US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND } from '../../engine/time';
import { parseCronSchedule } from '../../models/batch/cronSchedule';
import { podTemplateHash } from '../../models/naming';
import {
  DISRUPTION_REASONS,
  KARPENTER_DEFAULTS,
  type DisruptionBudget,
  type KarpenterNodePool,
  type KarpenterSettings,
  type NodePoolLimits,
  type Requirement,
  type RequirementOperator,
} from '../../models/karpenter/types';
import { parseDurationDist } from '../distribution';
import type { KindHandler } from './kindHandler';
import type { LocatedDoc } from '../located';
import { describe, Fields } from './fields';
import { readLabels, readObjectMeta } from './objectMeta';
import { readTaints } from './node';

const SPEC_FIELDS = ['template', 'disruption', 'limits', 'weight', 'replicas'];
const TEMPLATE_FIELDS = ['metadata', 'spec'];
const TEMPLATE_SPEC_FIELDS = ['nodeClassRef', 'requirements', 'taints', 'startupTaints', 'expireAfter', 'terminationGracePeriod'];
const DISRUPTION_FIELDS = ['consolidationPolicy', 'consolidateAfter', 'consolidationThreshold', 'budgets'];
const BUDGET_FIELDS = ['nodes', 'schedule', 'duration', 'reasons'];
const OPERATORS: readonly RequirementOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
/** Label domains a NodePool may not require (pkg/apis/v1/labels.go RestrictedLabelDomains, RestrictedLabels). */
const RESTRICTED_KEYS = ['karpenter.sh/nodepool', 'kubernetes.io/hostname'];

/** `^(([0-9]+(s|m|h))+|Never)$` → µs, or null for Never. */
function goDuration(f: Fields, key: string, never: boolean, units = 'smh'): Micros | null | undefined {
  const v = f.raw(key);
  if (v === undefined) return undefined;
  if (never && v === 'Never') return null;
  const re = new RegExp(`^([0-9]+[${units}])+$`);
  if (typeof v !== 'string' || !re.test(v)) {
    const like = units === 'hm' ? '10m or 1h30m' : '30s, 5m or 720h';
    f.fail(key, `expected a duration like ${like}${never ? ' or Never' : ''}, got ${describe(v)}`);
  }
  let us = 0;
  for (const m of v.matchAll(/([0-9]+)([smh])/g)) us += Number(m[1]) * (m[2] === 's' ? US_PER_SECOND : m[2] === 'm' ? US_PER_MINUTE : US_PER_HOUR);
  return us as Micros;
}

function readRequirements(f: Fields | undefined): Requirement[] {
  if (!f) return [];
  return (f.list('requirements', 'a list of {key, operator, values, minValues}') ?? []).map((it) => {
    const r = Fields.of(f.doc, it.path, it.value, ['key', 'operator', 'values', 'minValues'], 'a requirement {key, operator, values}');
    const key = r.requiredString('key', { nonEmpty: true });
    if (RESTRICTED_KEYS.includes(key)) r.fail('key', `label "${key}" is restricted`);
    const operator = r.requiredOneOf('operator', OPERATORS);
    const values = (r.list('values', 'a list of strings') ?? []).map((v) => (typeof v.value === 'string' ? v.value : f.doc.fail(v.path, `expected a string, got ${describe(v.value)}`)));
    if (operator === 'In' && values.length === 0) r.fail('values', "requirements with operator 'In' must have a value defined");
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) r.fail('values', `requirements with operator '${operator}' must not have values`);
    if ((operator === 'Gt' || operator === 'Lt') && !(values.length === 1 && /^-?[0-9]+$/.test(values[0]))) {
      r.fail('values', `requirements with operator '${operator}' must have a single positive integer value`);
    }
    const minValues = r.int('minValues', { min: 1, max: 50 });
    if (minValues !== undefined && operator === 'In' && minValues > values.length) r.fail('minValues', 'requirements with \'minValues\' must have at least that many values specified in the \'values\' field');
    return { key, operator, values, ...(minValues !== undefined ? { minValues } : {}) };
  });
}

function readBudgets(f: Fields | undefined): DisruptionBudget[] {
  const items = f?.list('budgets', 'a list of budgets {nodes, schedule, duration, reasons}');
  if (!f || !items) return [...KARPENTER_DEFAULTS.budgets];
  if (items.length > 50) f.fail('budgets', `at most 50 budgets, got ${items.length}`);
  return items.map((it) => {
    const b = Fields.of(f.doc, it.path, it.value, BUDGET_FIELDS, 'a budget {nodes, schedule, duration, reasons}');
    const raw = b.raw('nodes') ?? '10%';
    const text = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
    const ok = typeof text === 'string' && /^((100|[0-9]{1,2})%|[0-9]+)$/.test(text);
    if (!ok || typeof text !== 'string') return b.fail('nodes', `expected a node count like 5 or a percentage like 10%, got ${describe(raw)}`);
    const nodes = text.endsWith('%') ? { kind: 'percent' as const, value: Number(text.slice(0, -1)) } : { kind: 'int' as const, value: Number(text) };
    const schedule = b.string('schedule', { nonEmpty: true });
    const duration = goDuration(b, 'duration', false, 'hm') ?? undefined;
    if ((schedule === undefined) !== (duration === undefined)) b.fail(schedule === undefined ? 'duration' : 'schedule', "'schedule' must be set with 'duration'");
    if (schedule !== undefined) {
      const parsed = parseCronSchedule(schedule, 'UTC');
      if (typeof parsed === 'string') b.fail('schedule', parsed);
    }
    const reasons = b.list('reasons', 'a list of Underutilized, Empty, Drifted')?.map((r) => {
      if (typeof r.value !== 'string' || !DISRUPTION_REASONS.includes(r.value as never)) f.doc.fail(r.path, `expected one of ${DISRUPTION_REASONS.join(', ')}, got ${describe(r.value)}`);
      return r.value as DisruptionBudget['reasons'] extends readonly (infer T)[] | undefined ? T : never;
    });
    return { nodes, ...(schedule !== undefined ? { schedule, duration } : {}), ...(reasons !== undefined ? { reasons } : {}) };
  });
}

function readLimits(f: Fields | undefined): NodePoolLimits {
  if (!f) return {};
  const l = Fields.of(f.doc, f.path, f.value, ['cpu', 'memory', 'pods', 'nodes'], 'limits {cpu, memory, pods, nodes}');
  return {
    ...(l.has('cpu') ? { cpuMilli: l.milli('cpu') } : {}),
    ...(l.has('memory') ? { memoryBytes: l.units('memory') } : {}),
    ...(l.has('pods') ? { pods: l.units('pods') } : {}),
    ...(l.has('nodes') ? { nodes: l.units('nodes') } : {}),
  };
}

/** A karpenter.sh/v1 NodePool document, every default applied (a scenario's, or one a timeline `apply` changes). */
export function resolveNodePool(doc: LocatedDoc): KarpenterNodePool {
    const root = Fields.of(doc, [], doc.value, ['apiVersion', 'kind', 'metadata', 'spec', 'status'], 'a NodePool');
    const meta = readObjectMeta(doc, { namespaced: false });
    const spec = root.requiredObject('spec', SPEC_FIELDS, 'the NodePool spec {template, disruption, limits, weight}');
    if (spec.has('replicas')) spec.fail('replicas', 'static NodePools (spec.replicas, alpha) are not modelled by k8sim');
    const template = spec.requiredObject('template', TEMPLATE_FIELDS, 'the NodeClaim template {metadata, spec}');
    const tmeta = template.object('metadata', ['labels', 'annotations']);
    const tspec = template.requiredObject('spec', TEMPLATE_SPEC_FIELDS, 'the NodeClaim template spec {requirements, taints, ...}');
    // nodeClassRef is accepted and ignored: k8sim launches into its own cloud model (docs/node-autoscaling.md).
    tspec.object('nodeClassRef');
    const labels = tmeta ? readLabels(tmeta, 'labels') : {};
    const requirements = readRequirements(tspec);
    const taints = readTaints(tspec, 'taints', ['key', 'value', 'effect', 'timeAdded']);
    const startupTaints = readTaints(tspec, 'startupTaints', ['key', 'value', 'effect', 'timeAdded']);
    const expireAfter = goDuration(tspec, 'expireAfter', true);
    const tgp = goDuration(tspec, 'terminationGracePeriod', false);
    const disruption = spec.object('disruption', DISRUPTION_FIELDS);
    const consolidateAfter = disruption ? goDuration(disruption, 'consolidateAfter', true) : undefined;
    const hash = podTemplateHash({ labels, annotations: tmeta?.stringMap('annotations') ?? {}, taints, startupTaints });
    return {
      name: meta.name,
      weight: spec.int('weight', { min: 1, max: 100 }) ?? 0,
      labels,
      requirements,
      taints,
      startupTaints,
      expireAfter: expireAfter === undefined ? KARPENTER_DEFAULTS.expireAfter : expireAfter,
      terminationGracePeriod: tgp ?? null,
      limits: readLimits(spec.object('limits')),
      consolidationPolicy: disruption?.oneOf('consolidationPolicy', ['WhenEmpty', 'WhenEmptyOrUnderutilized', 'Balanced'] as const) ?? KARPENTER_DEFAULTS.consolidationPolicy,
      consolidateAfter: consolidateAfter === undefined ? KARPENTER_DEFAULTS.consolidateAfter : consolidateAfter,
    consolidationThreshold: disruption?.int('consolidationThreshold', { min: 1 }) ?? KARPENTER_DEFAULTS.consolidationThreshold,
      budgets: readBudgets(disruption),
      hash,
      source: { file: doc.file, line: doc.line },
    };
}

/** Where a NodePool's requirements are (the unsatisfiable-requirements error's location). */
export const NODEPOOL_REQUIREMENTS_PATH = ['spec', 'template', 'spec', 'requirements'];

export const karpenterNodePoolKind: KindHandler = {
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodePool',
  read(doc, draft) {
    const pool = resolveNodePool(doc);
    draft.claim(`NodePool/${pool.name}`, `NodePool ${pool.name}`, doc, ['metadata', 'name']);
    draft.karpenterNodePools.push({ pool, at: { doc, path: NODEPOOL_REQUIREMENTS_PATH } });
  },
};

export const KARPENTER_FIELDS = ['batchIdleDuration', 'batchMaxDuration', 'featureGates', 'nodeStartup', 'terminationDelay'];

/** Simulation `spec.karpenter` (pkg/operator/options/options.go names, camelCase) with the upstream defaults. */
export function readKarpenterSettings(f: Fields | undefined): KarpenterSettings {
  const gates = f?.object('featureGates', ['SpotToSpotConsolidation']);
  const startup = f?.object('nodeStartup', ['registered', 'ready', 'failureProbability', 'failureClass']);
  const dist = (key: string) => (startup?.has(key) ? parseDurationDist(startup.doc, startup.at(key), startup.raw(key)) : undefined);
  const idle = f?.duration('batchIdleDuration', { positive: true }) ?? KARPENTER_DEFAULTS.batchIdleDuration;
  const max = f?.duration('batchMaxDuration', { positive: true }) ?? KARPENTER_DEFAULTS.batchMaxDuration;
  const p = startup?.number('failureProbability', { min: 0 }) ?? 0;
  if (p > 1) startup!.fail('failureProbability', `expected a probability between 0 and 1, got ${p}`);
  return {
    batchIdleDuration: idle,
    batchMaxDuration: max,
    spotToSpotConsolidation: gates?.bool('SpotToSpotConsolidation') ?? false,
    registrationDelay: dist('registered') ?? { kind: 'fixed', value: KARPENTER_DEFAULTS.registered },
    readyDelay: dist('ready') ?? { kind: 'fixed', value: KARPENTER_DEFAULTS.ready },
    launchFailureProbability: p,
    launchFailureClass: startup?.oneOf('failureClass', ['InsufficientCapacity', 'Other'] as const) === 'Other' ? 'Other' : 'OutOfResource',
    terminationDelay: f?.duration('terminationDelay') ?? KARPENTER_DEFAULTS.terminationDelay,
  };
}
