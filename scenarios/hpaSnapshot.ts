/**
 * `hpa explain` input: `k8sim/v1alpha1 HPASnapshot` documents, each read into one reconcile input (models/hpa
 * HpaReconcileInput) through Fields, so its errors are located like every other input's. Reads and checks only;
 * never runs the controller. Imports stay light (no kind registry, no schemas): the command is run in loops.
 */
import { readFileSync } from 'node:fs';
import { parseMilli } from '../engine/quantity';
import type { Micros } from '../engine/time';
import {
  LONG_AGO,
  type HpaControllerSettings,
  type HpaPod,
  type HpaPodContainer,
  type HpaReconcileInput,
  type TimestampedRecommendation,
  type TimestampedScaleEvent,
} from '../models/hpa';
import { InputError } from './errors';
import { parseYamlDocuments, type LocatedDoc } from './located';
import { checkQuantity, describe, Fields, MILLI_MAP } from './kinds/fields';
import { HPA_CONTROLLER_FIELDS, readHpaControllerSettings } from './kinds/hpaController';
import { validateHpaManifest } from './kinds/hpaManifest';
import { K8SIM_API_VERSION } from './kinds/k8simObject';

const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;
const TOP_FIELDS = ['apiVersion', 'kind', 'now', 'controller', 'hpa', 'scale', 'pods', 'objectMetrics', 'externalMetrics', 'history'];
const POD_FIELDS = ['name', 'phase', 'ready', 'readySince', 'startTime', 'deleted', 'containers', 'cpuRequest', 'memoryRequest', 'metrics'];
const TIME = 'a time in seconds (a number)';

/** Reads every snapshot document of every file, in order; the first problem throws an InputError. */
export function readSnapshotFiles(files: readonly string[]): HpaReconcileInput[] {
  const inputs: HpaReconcileInput[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(file, undefined, undefined, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    let docs: LocatedDoc[];
    try {
      docs = parseYamlDocuments(file, text);
    } catch (e) {
      // the yaml package throws plain errors for some documents (e.g. an alias without its anchor)
      if (e instanceof InputError) throw e;
      throw new InputError(file, undefined, undefined, `malformed YAML: ${(e as Error).message.split('\n')[0]}`);
    }
    if (docs.length === 0) throw new InputError(file, 1, undefined, 'expected an HPASnapshot document');
    for (const doc of docs) inputs.push(readSnapshot(doc));
  }
  return inputs;
}

/** Checks one HPASnapshot document and turns it into a reconcile input. */
export function readSnapshot(doc: LocatedDoc): HpaReconcileInput {
  const root = Fields.of(doc, [], doc.value, TOP_FIELDS);
  const apiVersion = root.raw('apiVersion');
  if (apiVersion !== K8SIM_API_VERSION) root.fail('apiVersion', `expected ${K8SIM_API_VERSION}, got ${describe(apiVersion)}`);
  const kind = root.raw('kind');
  if (kind !== 'HPASnapshot') root.fail('kind', `expected HPASnapshot, got ${describe(kind)}`);
  const now = requiredTime(root, 'now');
  const settings = readHpaControllerSettings(root.object('controller', HPA_CONTROLLER_FIELDS));
  root.need('hpa', 'a HorizontalPodAutoscaler manifest');
  const hpa = validateHpaManifest(doc, root.at('hpa'), root.raw('hpa'));
  const scale = root.requiredObject('scale', ['specReplicas', 'statusReplicas']);
  const specReplicas = scale.requiredInt('specReplicas', { min: 0 });
  const statusReplicas = scale.int('statusReplicas', { min: 0 }) ?? specReplicas;
  const podItems = root.list('pods') ?? [];
  const pods = podItems.map((it) => readPod(Fields.of(doc, it.path, it.value, POD_FIELDS), now, settings));
  const seen = new Set<string>();
  pods.forEach((pod, i) => {
    if (seen.has(pod.name)) doc.fail([...podItems[i].path, 'name'], `expected a unique pod name; ${pod.name} appears twice`);
    seen.add(pod.name);
  });
  return {
    now,
    settings,
    hpa,
    scale: { specReplicas, statusReplicas },
    pods,
    objectMetrics: root.milliMap('objectMetrics') ?? {},
    externalMetrics: readExternalMetrics(root.object('externalMetrics', undefined, 'a mapping of metric names to quantities')),
    history: readHistory(root.object('history', ['recommendations', 'scaleUpEvents', 'scaleDownEvents'])),
  };
}

function requiredTime(f: Fields, key: string): Micros {
  f.need(key, TIME);
  return f.time(key)!;
}

function readPod(p: Fields, now: Micros, settings: HpaControllerSettings): HpaPod {
  const name = p.requiredString('name', { nonEmpty: true });
  const phase = p.oneOf('phase', PHASES) ?? 'Running';
  // `startTime: null` is a pod whose status.startTime is not set; `ready: null` one without a Ready condition
  const startTime = p.isNull('startTime') ? null : (p.time('startTime') ?? LONG_AGO);
  const readySince = p.time('readySince') ?? startTime ?? LONG_AGO;
  const readyValue = p.bool('ready', 'true, false or null');
  const ready = p.isNull('ready') ? null : { status: readyValue === false ? ('False' as const) : ('True' as const), lastTransitionTime: readySince };
  const deleted = p.bool('deleted') === true;

  if (p.has('containers') && (p.has('cpuRequest') || p.has('memoryRequest'))) {
    p.fail(p.has('cpuRequest') ? 'cpuRequest' : 'memoryRequest', 'expected either containers or cpuRequest/memoryRequest, not both');
  }
  const containers = readContainers(p);
  let podRequests: Record<string, number> | null = null;
  if (!p.has('containers')) {
    // pod totals act as pod-level requests; a pod with neither has none ("missing pod-level request")
    podRequests = {};
    const cpu = p.milli('cpuRequest');
    const memory = p.milli('memoryRequest');
    if (cpu !== undefined) podRequests.cpu = cpu;
    if (memory !== undefined) podRequests.memory = memory;
  }
  return { name, phase, deleted, startTime, ready, containers, podRequests, metrics: readPodMetrics(p.object('metrics'), now, settings) };
}

function readContainers(p: Fields): HpaPodContainer[] {
  const names = new Set<string>();
  return (p.list('containers') ?? []).map((it) => {
    const c = Fields.of(p.doc, it.path, it.value); // a PodSpec container: fields other than name and resources are ignored
    const name = c.requiredString('name', { nonEmpty: true });
    if (names.has(name)) c.fail('name', `expected a unique container name; ${name} appears twice`);
    names.add(name);
    return { name, requests: c.object('resources')?.milliMap('requests') ?? {} };
  });
}

/** `{cpu, memory, <metric>: quantity, timestamp, window, containers: {<name>: {cpu, ...}}}`; absent = no sample. */
function readPodMetrics(m: Fields | undefined, now: Micros, settings: HpaControllerSettings): HpaPod['metrics'] {
  if (!m) return null;
  const usage: Record<string, number> = {};
  let containers: Record<string, Record<string, number>> | undefined;
  for (const k of Object.keys(m.value)) {
    if (k === 'timestamp' || k === 'window') continue;
    if (k === 'containers') {
      containers = {};
      const cs = Fields.of(m.doc, m.at(k), m.value[k], undefined, 'a mapping of container names to usage');
      for (const c of Object.keys(cs.value)) containers[c] = Fields.of(cs.doc, cs.at(c), cs.value[c], undefined, MILLI_MAP).milliValues();
    } else {
      usage[k] = checkQuantity(m.doc, m.at(k), m.value[k], parseMilli);
    }
  }
  return {
    timestamp: m.time('timestamp') ?? now,
    window: m.duration('window') ?? settings.metricsWindow,
    usage,
    ...(containers ? { containers } : {}),
  };
}

/** Each metric's value, or the list of values the selector matches (the controller sums them). */
function readExternalMetrics(f: Fields | undefined): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  if (!f) return out;
  for (const [k, v] of Object.entries(f.value)) {
    const items = Array.isArray(v) ? v.map((value, i) => ({ value, path: f.at(k).concat(i) })) : [{ value: v, path: f.at(k) }];
    out[k] = items.map((it) => checkQuantity(f.doc, it.path, it.value, parseMilli));
  }
  return out;
}

/** What the controller remembers; absent (or null) = the HPA's first sync. */
function readHistory(h: Fields | undefined): HpaReconcileInput['history'] {
  if (!h) return { recommendations: null, scaleUpEvents: [], scaleDownEvents: [] };
  const recommendations: TimestampedRecommendation[] = (h.list('recommendations') ?? []).map((it) => {
    const r = Fields.of(h.doc, it.path, it.value, ['replicas', 'time']);
    return { replicas: r.requiredInt('replicas', { min: 0 }), time: requiredTime(r, 'time') };
  });
  return { recommendations, scaleUpEvents: readEvents(h, 'scaleUpEvents'), scaleDownEvents: readEvents(h, 'scaleDownEvents') };
}

function readEvents(h: Fields, key: string): TimestampedScaleEvent[] {
  return (h.list(key) ?? []).map((it) => {
    const e = Fields.of(h.doc, it.path, it.value, ['change', 'time']);
    return { change: e.requiredInt('change', { min: 0 }), time: requiredTime(e, 'time') };
  });
}
