/**
 * `k8sim hpa explain <snapshot.yaml>...`: an HPA dry-run. Reads `k8sim/v1alpha1 HPASnapshot` documents, runs one
 * reconcile of the controller on each (models/hpa reconcile) and prints one JSON object per snapshot and line.
 * The format is a public contract (docs/hpa-explain.md). Owns reading and checking snapshots, never the decision;
 * an invalid snapshot prints one `file:line: field: expected ...` line on stderr, exit 2, nothing on stdout.
 * Imports stay light: this command is run in loops and must start fast.
 */
import { readFileSync } from 'node:fs';
import { parseMilli } from '../engine/quantity';
import { parseDuration, seconds, US_PER_SECOND, type Micros } from '../engine/time';
import { InputError } from '../scenarios/errors';
import { parseYamlDocuments, type LocatedDoc, type PathElement } from '../scenarios/located';
import { validateHpaManifest } from '../models/hpa/manifest';
import { reconcile, type HpaReconcileInput, type HpaReconcileResult } from '../models/hpa/reconcile';
import { resolveHpaControllerSettings, type HpaControllerSettings, type HpaControllerSettingsInput } from '../models/hpa/settings';
import { LONG_AGO, type HpaPod, type HpaPodContainer, type TimestampedRecommendation, type TimestampedScaleEvent } from '../models/hpa/types';

type Path = readonly PathElement[];
type Obj = Record<string, unknown>;

const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;
const TOP_FIELDS = ['apiVersion', 'kind', 'now', 'controller', 'hpa', 'scale', 'pods', 'objectMetrics', 'externalMetrics', 'history'];
const CONTROLLER_FIELDS = [
  'syncPeriod',
  'tolerance',
  'cpuInitializationPeriod',
  'initialReadinessDelay',
  'downscaleStabilizationWindow',
  'scaleUpLimitFactor',
  'scaleUpLimitMinimum',
  'metricsWindow',
];
const POD_FIELDS = ['name', 'phase', 'ready', 'readySince', 'startTime', 'deleted', 'containers', 'cpuRequest', 'memoryRequest', 'metrics'];
const QUANTITY_EXPECTED = 'expected a quantity such as 250m, 1, 64Mi or a number';

/** Typed reads of one document's fields, each failing with the field's line. */
class Reader {
  constructor(readonly doc: LocatedDoc) {}

  get(path: Path): unknown {
    let v: unknown = this.doc.value;
    for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
    return v;
  }

  fail(path: Path, problem: string): never {
    return this.doc.fail(path, problem);
  }

  /** Fails with `expected`, prefixed `required: ` when the field is absent. */
  expect(path: Path, expected: string): never {
    return this.doc.fail(path, this.get(path) === undefined ? `required: ${expected}` : expected);
  }

  has(path: Path): boolean {
    return this.get(path) !== undefined;
  }

  map(path: Path, allowed: readonly string[] | null): Obj {
    const v = this.get(path);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.expect(path, 'expected a mapping');
    if (allowed) {
      for (const k of Object.keys(v)) if (!allowed.includes(k)) this.fail([...path, k], `unknown field; expected one of ${allowed.join(', ')}`);
    }
    return v as Obj;
  }

  list(path: Path): unknown[] {
    const v = this.get(path);
    if (!Array.isArray(v)) this.expect(path, 'expected a list');
    return v;
  }

  string(path: Path): string {
    const v = this.get(path);
    if (typeof v !== 'string' || v === '') this.expect(path, 'expected a non-empty string');
    return v;
  }

  int(path: Path, min: number): number {
    const v = this.get(path);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.expect(path, `expected an integer >= ${min}`);
    return v;
  }

  number(path: Path, min: number): number {
    const v = this.get(path);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) this.expect(path, `expected a number >= ${min}`);
    return v;
  }

  /** A time on the snapshot's axis: seconds, negative = before the origin. */
  time(path: Path): Micros {
    const v = this.get(path);
    if (typeof v !== 'number' || !Number.isFinite(v)) this.expect(path, 'expected a time in seconds (a number)');
    return seconds(v);
  }

  duration(path: Path): Micros {
    const us = parseDuration(this.get(path));
    if (us === undefined) this.fail(path, 'expected a duration: seconds, or a string such as 30s or 5m');
    return us;
  }

  quantity(path: Path): number {
    const v = this.get(path);
    const m = typeof v === 'string' || typeof v === 'number' ? parseMilli(v) : undefined;
    if (m === undefined) this.fail(path, QUANTITY_EXPECTED);
    if (m < 0) this.fail(path, 'expected a non-negative quantity');
    return m;
  }

  quantities(path: Path): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of Object.keys(this.map(path, null))) out[k] = this.quantity([...path, k]);
    return out;
  }
}

function readSettings(r: Reader): HpaControllerSettings {
  if (!r.has(['controller'])) return resolveHpaControllerSettings();
  const c = r.map(['controller'], CONTROLLER_FIELDS);
  const p = (k: string): Path => ['controller', k];
  const input: { -readonly [K in keyof HpaControllerSettingsInput]: HpaControllerSettingsInput[K] } = {};
  for (const k of ['syncPeriod', 'cpuInitializationPeriod', 'initialReadinessDelay', 'downscaleStabilizationWindow', 'metricsWindow'] as const) {
    if (c[k] !== undefined) input[k] = r.duration(p(k));
  }
  if (c.scaleUpLimitFactor !== undefined) input.scaleUpLimitFactor = r.number(p('scaleUpLimitFactor'), 0);
  if (c.scaleUpLimitMinimum !== undefined) input.scaleUpLimitMinimum = r.number(p('scaleUpLimitMinimum'), 0);
  if (typeof c.tolerance === 'number') {
    input.tolerance = r.number(p('tolerance'), 0);
  } else if (c.tolerance !== undefined) {
    const t = r.map(p('tolerance'), ['scaleUp', 'scaleDown']);
    input.tolerance = {
      scaleUp: t.scaleUp === undefined ? undefined : r.number(['controller', 'tolerance', 'scaleUp'], 0),
      scaleDown: t.scaleDown === undefined ? undefined : r.number(['controller', 'tolerance', 'scaleDown'], 0),
    };
  }
  return resolveHpaControllerSettings(input);
}

function readContainers(r: Reader, path: Path): HpaPodContainer[] {
  const names = new Set<string>();
  return r.list(path).map((_, i) => {
    const at = [...path, i];
    r.map(at, null); // a PodSpec container: fields other than name and resources are ignored
    const name = r.string([...at, 'name']);
    if (names.has(name)) r.fail([...at, 'name'], `expected a unique container name; ${name} appears twice`);
    names.add(name);
    let requests: Record<string, number> = {};
    if (r.has([...at, 'resources'])) {
      r.map([...at, 'resources'], null);
      if (r.has([...at, 'resources', 'requests'])) requests = r.quantities([...at, 'resources', 'requests']);
    }
    return { name, requests };
  });
}

function readPod(r: Reader, path: Path, now: Micros, settings: HpaControllerSettings): HpaPod {
  const p = r.map(path, POD_FIELDS);
  const at = (k: string): Path => [...path, k];
  const name = r.string(at('name'));
  let phase: HpaPod['phase'] = 'Running';
  if (p.phase !== undefined) {
    if (!PHASES.includes(p.phase as (typeof PHASES)[number])) r.fail(at('phase'), `expected one of ${PHASES.join(', ')}`);
    phase = p.phase as HpaPod['phase'];
  }
  const startTime = p.startTime === undefined ? LONG_AGO : p.startTime === null ? null : r.time(at('startTime'));
  const readySince = p.readySince === undefined ? (startTime ?? LONG_AGO) : r.time(at('readySince'));
  if (p.ready !== undefined && p.ready !== null && typeof p.ready !== 'boolean') r.fail(at('ready'), 'expected true, false or null');
  const ready = p.ready === null ? null : { status: p.ready === false ? ('False' as const) : ('True' as const), lastTransitionTime: readySince };
  if (p.deleted !== undefined && typeof p.deleted !== 'boolean') r.fail(at('deleted'), 'expected true or false');

  const hasPodTotals = p.cpuRequest !== undefined || p.memoryRequest !== undefined;
  if (p.containers !== undefined && hasPodTotals) {
    r.fail(at(p.cpuRequest !== undefined ? 'cpuRequest' : 'memoryRequest'), 'expected either containers or cpuRequest/memoryRequest, not both');
  }
  const containers = p.containers === undefined ? [] : readContainers(r, at('containers'));
  let podRequests: Record<string, number> | null = null;
  if (p.containers === undefined) {
    // pod totals act as pod-level requests; a pod with neither has none ("missing pod-level request")
    podRequests = {};
    if (p.cpuRequest !== undefined) podRequests.cpu = r.quantity(at('cpuRequest'));
    if (p.memoryRequest !== undefined) podRequests.memory = r.quantity(at('memoryRequest'));
  }

  let metrics: HpaPod['metrics'] = null;
  if (p.metrics !== undefined && p.metrics !== null) {
    const mp = at('metrics');
    const m = r.map(mp, null);
    const usage: Record<string, number> = {};
    let containerUsage: Record<string, Record<string, number>> | undefined;
    for (const k of Object.keys(m)) {
      if (k === 'timestamp' || k === 'window') continue;
      if (k === 'containers') {
        containerUsage = {};
        for (const c of Object.keys(r.map([...mp, 'containers'], null))) containerUsage[c] = r.quantities([...mp, 'containers', c]);
      } else {
        usage[k] = r.quantity([...mp, k]);
      }
    }
    metrics = {
      timestamp: m.timestamp === undefined ? now : r.time([...mp, 'timestamp']),
      window: m.window === undefined ? settings.metricsWindow : r.duration([...mp, 'window']),
      usage,
      ...(containerUsage ? { containers: containerUsage } : {}),
    };
  }
  return { name, phase, deleted: p.deleted === true, startTime, ready, containers, podRequests, metrics };
}

function readEvents(r: Reader, path: Path): TimestampedScaleEvent[] {
  if (!r.has(path)) return [];
  return r.list(path).map((_, i) => {
    r.map([...path, i], ['change', 'time']);
    return { change: r.int([...path, i, 'change'], 0), time: r.time([...path, i, 'time']) };
  });
}

function readHistory(r: Reader): HpaReconcileInput['history'] {
  if (!r.has(['history']) || r.get(['history']) === null) return { recommendations: null, scaleUpEvents: [], scaleDownEvents: [] };
  r.map(['history'], ['recommendations', 'scaleUpEvents', 'scaleDownEvents']);
  const recommendations: TimestampedRecommendation[] = r.has(['history', 'recommendations'])
    ? r.list(['history', 'recommendations']).map((_, i) => {
        const at: Path = ['history', 'recommendations', i];
        r.map(at, ['replicas', 'time']);
        return { replicas: r.int([...at, 'replicas'], 0), time: r.time([...at, 'time']) };
      })
    : [];
  return { recommendations, scaleUpEvents: readEvents(r, ['history', 'scaleUpEvents']), scaleDownEvents: readEvents(r, ['history', 'scaleDownEvents']) };
}

/** Checks one HPASnapshot document and turns it into a reconcile input. */
export function readSnapshot(doc: LocatedDoc): HpaReconcileInput {
  const r = new Reader(doc);
  r.map([], TOP_FIELDS);
  if (r.get(['apiVersion']) !== 'k8sim/v1alpha1') r.fail(['apiVersion'], 'expected k8sim/v1alpha1');
  if (r.get(['kind']) !== 'HPASnapshot') r.fail(['kind'], 'expected HPASnapshot');
  const now = r.time(['now']);
  const settings = readSettings(r);
  if (!r.has(['hpa'])) r.expect(['hpa'], 'expected a HorizontalPodAutoscaler manifest');
  const hpa = validateHpaManifest(r.get(['hpa']), (path, problem) => doc.fail(['hpa', ...path], problem));
  r.map(['scale'], ['specReplicas', 'statusReplicas']);
  const specReplicas = r.int(['scale', 'specReplicas'], 0);
  const statusReplicas = r.has(['scale', 'statusReplicas']) ? r.int(['scale', 'statusReplicas'], 0) : specReplicas;
  const pods = r.has(['pods']) ? r.list(['pods']).map((_, i) => readPod(r, ['pods', i], now, settings)) : [];
  const seen = new Set<string>();
  pods.forEach((pod, i) => {
    if (seen.has(pod.name)) r.fail(['pods', i, 'name'], `expected a unique pod name; ${pod.name} appears twice`);
    seen.add(pod.name);
  });
  const objectMetrics = r.has(['objectMetrics']) ? r.quantities(['objectMetrics']) : {};
  const externalMetrics: Record<string, number[]> = {};
  if (r.has(['externalMetrics'])) {
    for (const k of Object.keys(r.map(['externalMetrics'], null))) {
      const v = r.get(['externalMetrics', k]);
      externalMetrics[k] = Array.isArray(v) ? v.map((_, i) => r.quantity(['externalMetrics', k, i])) : [r.quantity(['externalMetrics', k])];
    }
  }
  return { now, settings, hpa, scale: { specReplicas, statusReplicas }, pods, objectMetrics, externalMetrics, history: readHistory(r) };
}

const secondsOf = (us: Micros): number => us / US_PER_SECOND;

/** The public output shape (docs/hpa-explain.md), keys in a fixed order. */
export function explainJson(result: HpaReconcileResult): string {
  const last = result.events.length > 0 ? result.events[result.events.length - 1] : null;
  return JSON.stringify({
    desiredReplicas: result.desiredReplicas,
    metrics: result.metrics.map((m) => ({
      type: m.type,
      name: m.name,
      proposal: m.proposal,
      utilization: m.utilization,
      rawAverageMilli: m.rawAverageMilli,
      value: m.value,
      ready: m.ready,
      unready: m.unready,
      missing: m.missing,
      ignored: m.ignored,
      error: m.error,
    })),
    stabilized: result.stabilized,
    limitReason: result.limitReason,
    conditions: result.conditions.map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message })),
    event: last ? { type: last.type, reason: last.reason, message: last.message } : null,
    history: {
      recommendations: result.history.recommendations.map((x) => ({ replicas: x.replicas, time: secondsOf(x.time) })),
      scaleUpEvents: result.history.scaleUpEvents.map((x) => ({ change: x.change, time: secondsOf(x.time) })),
      scaleDownEvents: result.history.scaleDownEvents.map((x) => ({ change: x.change, time: secondsOf(x.time) })),
    },
  });
}

/** Runs every snapshot of every file; 0 on success, 2 (one line on stderr, nothing on `out`) on invalid input. */
export async function hpaExplain(files: string[], out: NodeJS.WritableStream): Promise<number> {
  const lines: string[] = [];
  try {
    if (files.length === 0) throw new InputError('hpa explain', undefined, undefined, 'expected at least one snapshot file');
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
    for (const input of inputs) lines.push(explainJson(reconcile(input)) + '\n');
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    process.stderr.write(e.message + '\n');
    return 2;
  }
  out.write(lines.join(''));
  return 0;
}
