/**
 * k8sim/v1alpha1 Behavior: how the containers of the selected pods behave (startup time, exit, probe results over
 * time or from the load, and a probe's CPU cost; idle CPU and whether it competes with requests; reaction to SIGTERM: keep accepting, drain, exit; how long an exec or httpGet preStop hook runs). The selector must match a pod or pod template of the scenario, and a named container
 * must exist in one of them. Reads only; models/kubelet applies it.
 */
import type { ProbeType } from '../../models/cluster/spec';
import type { ProbeStep, ResolvedBehavior, ResourceUsage } from '../../models/behaviors';
import type { ServingSettings } from '../../models/traffic/serving';
import * as D from '../defaults';
import { parseDurationDist, parseIntChoice } from '../distribution';
import type { KindHandler } from './kindHandler';
import { selectorScope } from './draft';
import { Fields } from './fields';
import { K8SIM_API_VERSION, readK8simObject } from './k8simObject';
import { checkName, readLabelSelector } from './objectMeta';
import { ZERO } from '../../engine/time';

const SPEC_FIELDS = ['selector', 'namespace', 'container', 'startup', 'exit', 'probes', 'onSigterm', 'preStop', 'resources', 'serving'];
const PROBE_TYPES: readonly ProbeType[] = ['liveness', 'readiness', 'startup'];
const RESULTS = ['success', 'failure', 'timeout', 'fromLoad'] as const;

export const behaviorKind: KindHandler = {
  apiVersion: K8SIM_API_VERSION,
  kind: 'Behavior',
  read(doc, draft) {
    const obj = readK8simObject(doc, 'Behavior', { nameRequired: true, specRequired: true, specFields: SPEC_FIELDS });
    const name = obj.name as string;
    const spec = obj.spec as Fields;
    const { selector } = readLabelSelector(doc, spec.at('selector'), spec.need('selector', 'a label selector {matchLabels, matchExpressions}'));
    const namespace = spec.string('namespace');
    if (namespace !== undefined) checkName(spec, 'namespace', namespace, true);
    const container = spec.string('container');
    const startup = spec.object('startup', ['imagePull', 'containerStart']);
    const dist = (f: Fields | undefined, key: string) => (f?.has(key) ? parseDurationDist(doc, f.at(key), f.raw(key)) : undefined);
    const imagePull = dist(startup, 'imagePull');
    const containerStart = dist(startup, 'containerStart');
    const exitF = spec.object('exit', ['after', 'code']);
    if (exitF) exitF.need('after', 'a duration or a distribution');
    const exit = exitF && {
      after: dist(exitF, 'after')!,
      code: exitF.has('code') ? parseIntChoice(doc, exitF.at('code'), exitF.raw('code'), { min: 0, max: 255 }) : { values: [D.BEHAVIOR_EXIT_CODE], weights: [1] },
    };
    const probesF = spec.object('probes', [...PROBE_TYPES, 'cpu', 'default']);
    const probeCpu = probesF?.duration('cpu', { positive: true });
    const probeDefault = probesF?.oneOf('default', ['fromLoad', 'success'] as const);
    const probes: Partial<Record<ProbeType, readonly ProbeStep[]>> = {};
    for (const type of PROBE_TYPES) {
      const steps = probesF?.list(type, 'a list of {from, result, output}');
      if (steps) probes[type] = readSteps(probesF as Fields, steps);
    }
    const sig = spec.object('onSigterm', ['action', 'after', 'code', 'keepAccepting', 'drain']);
    const action = sig?.oneOf('action', ['exit', 'ignore'] as const) ?? D.ON_SIGTERM_ACTION;
    if (sig && action === 'ignore') {
      for (const key of ['after', 'code', 'drain']) if (sig.has(key)) sig.fail(key, 'only applies to action: exit (an ignored SIGTERM ends in SIGKILL, exit code 137)');
    }
    const keepAccepting = sig?.duration('keepAccepting');
    const drain = sig?.bool('drain');
    const onSigterm = sig && {
      action,
      after: dist(sig, 'after') ?? D.ON_SIGTERM_AFTER,
      code: sig.int('code', { min: 0, max: 255 }) ?? D.ON_SIGTERM_EXIT_CODE,
      ...(keepAccepting !== undefined ? { keepAccepting } : {}),
      ...(drain ? { drain } : {}),
    };
    const preStop = spec.has('preStop') ? parseDurationDist(doc, spec.at('preStop'), spec.raw('preStop')) : undefined;

    const resources = readResources(spec.object('resources', ['cpu', 'cpuCompetes', 'memory', 'memoryLeak'], '{cpu, cpuCompetes, memory, memoryLeak}'));
    const serving = readServing(spec.object('serving', ['discipline', 'concurrency', 'queueLimit', 'cpuPerRequest'], '{discipline, concurrency, queueLimit, cpuPerRequest}'));

    draft.claim(`Behavior/${name}`, `Behavior ${name}`, doc, ['metadata', 'name']);
    const behavior: ResolvedBehavior = {
      name,
      selector,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(container !== undefined ? { container } : {}),
      ...(imagePull ? { imagePull } : {}),
      ...(containerStart ? { containerStart } : {}),
      ...(exit ? { exit } : {}),
      ...(probesF ? { probes } : {}),
      ...(probeCpu !== undefined ? { probeCpu } : {}),
      ...(probeDefault !== undefined ? { probeDefault } : {}),
      ...(onSigterm ? { onSigterm } : {}),
      ...(preStop ? { preStop } : {}),
      ...(resources ? { resources } : {}),
      ...(serving ? { serving } : {}),
      source: obj.source,
    };
    draft.behaviors.push(behavior);
    draft.afterAll(() => {
      const selected = draft.selected(selector, namespace);
      if (selected.length === 0) spec.fail('selector', `selector ${selectorScope(selector, namespace)} matches no pod or pod template`);
      if (container === undefined) return;
      const names = new Set(selected.flatMap((s) => [...s.template.spec.initContainers, ...s.template.spec.containers].map((c) => c.name)));
      if (!names.has(container)) {
        spec.fail('container', `no container "${container}" in the pods this Behavior selects (${selected.map((s) => s.owner).join(', ')}; containers: ${[...names].join(', ')})`);
      }
    });
  },
};

/** Probe result steps, sorted by `from` (time since container start; default 0); two steps at one time are an error. */
function readSteps(probes: Fields, items: readonly { value: unknown; path: (string | number)[] }[]): ProbeStep[] {
  const steps = items.map((it) => {
    const s = Fields.of(probes.doc, it.path, it.value, ['from', 'result', 'output'], 'a step {from, result, output}');
    s.need('result', RESULTS.join(', '));
    const output = s.string('output');
    const step: ProbeStep = { from: s.duration('from') ?? ZERO, result: s.oneOf('result', RESULTS)!, ...(output !== undefined ? { output } : {}) };
    return { step, s };
  });
  const sorted = [...steps].sort((a, b) => a.step.from - b.step.from);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].step.from === sorted[i - 1].step.from) sorted[i].s.fail('from', 'two steps of one probe start at the same time');
  }
  return sorted.map((x) => x.step);
}

/** `resources`: idle CPU (millicores), memory baseline and leak; only the fields written. */
function readResources(r: Fields | undefined): Partial<ResourceUsage> | undefined {
  if (!r) return undefined;
  const out: { -readonly [K in keyof ResourceUsage]?: ResourceUsage[K] } = {};
  const cpu = r.milli('cpu');
  if (cpu !== undefined) out.cpuMilli = cpu;
  const competes = r.bool('cpuCompetes');
  if (competes !== undefined) out.cpuCompetes = competes;
  const memory = r.units('memory');
  if (memory !== undefined) out.memoryBytes = memory;
  const leak = r.object('memoryLeak', ['amount', 'per'], '{amount, per}');
  if (leak) {
    leak.need('amount', 'a memory quantity like 1Mi');
    leak.need('per', 'a duration > 0');
    const bytes = leak.units('amount') as number;
    if (bytes === 0) leak.fail('amount', 'expected a quantity greater than 0 (leave memoryLeak out for no leak)');
    out.memoryLeak = { bytes, every: leak.duration('per', { positive: true })! };
  }
  return out;
}

/** `serving`: the queueing discipline, read as a whole (defaults for the fields left out). */
function readServing(s: Fields | undefined): ServingSettings | undefined {
  if (!s) return undefined;
  const discipline = s.oneOf('discipline', ['ProcessorSharing', 'FIFO'] as const) ?? D.SERVING_DISCIPLINE;
  const concurrency = s.int('concurrency', { min: 1 });
  if (discipline === 'FIFO' && concurrency === undefined) s.fail('concurrency', 'required field is missing (FIFO needs a number of slots ≥ 1)');
  const queueLimit = s.int('queueLimit', { min: 0 });
  if (discipline === 'ProcessorSharing' && queueLimit !== undefined) {
    s.fail('queueLimit', 'only applies to discipline: FIFO (with ProcessorSharing every request in flight is in service; limit it with concurrency)');
  }
  const perRequestMilli = s.milli('cpuPerRequest') ?? D.SERVING_CPU_PER_REQUEST_MILLI;
  if (perRequestMilli < 1) s.fail('cpuPerRequest', 'expected at least 1m');
  return {
    discipline,
    concurrency: concurrency ?? Infinity,
    queueLimit: discipline === 'FIFO' ? (queueLimit ?? Infinity) : 0,
    perRequestMilli,
  };
}
