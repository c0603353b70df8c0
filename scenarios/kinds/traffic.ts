/**
 * k8sim/v1alpha1 Traffic: requests to a Service, open loop (rate profile, arrival law, client population) or from
 * closed-loop clients (`clients.thinkTime`), with per-request CPU, memory, client timeout and retry policy. The
 * Service must exist in the scenario. Reads only; models/traffic sends them.
 */
import type { ResolvedTraffic, RetryOn, RetryPolicySpec } from '../../models/traffic/spec';
import type { DurationDist } from '../../models/draw';
import * as D from '../defaults';
import { parseDurationDist } from '../distribution';
import { MAX_ZIPF_CLIENTS, type Popularity } from '../../models/traffic/clients';
import type { KindHandler } from './kindHandler';
import { describe, Fields } from './fields';
import { micros, toSeconds } from '../../engine/time';
import { K8SIM_API_VERSION, readK8simObject } from './k8simObject';
import { checkName } from './objectMeta';
import { readRateProfile } from './trafficProfile';

const SPEC_FIELDS = ['service', 'namespace', 'profile', 'arrivals', 'clients', 'request', 'retry', 'mode', 'fluidStep'];

export const trafficKind: KindHandler = {
  apiVersion: K8SIM_API_VERSION,
  kind: 'Traffic',
  read(doc, draft) {
    const obj = readK8simObject(doc, 'Traffic', { nameRequired: true, specRequired: true, specFields: SPEC_FIELDS });
    const name = obj.name as string;
    const spec = obj.spec as Fields;
    const service = spec.requiredString('service');
    const namespace = spec.string('namespace') ?? D.DEFAULT_NAMESPACE;
    checkName(spec, 'namespace', namespace, true);
    const c = spec.object('clients', ['count', 'popularity', 'thinkTime'], '{count, popularity} or {count, thinkTime}');
    // Closed loop: clients with a think time send one request at a time; the rate follows from the system.
    let thinkTime: DurationDist | undefined;
    if (c?.has('thinkTime')) {
      thinkTime = parseDurationDist(doc, c.at('thinkTime'), c.raw('thinkTime'));
      if (spec.has('profile')) spec.fail('profile', 'closed-loop clients (clients.thinkTime) set their own rate: remove profile');
      if (spec.has('arrivals')) spec.fail('arrivals', 'closed-loop clients (clients.thinkTime) have no arrival law: remove arrivals');
      if (c.has('popularity')) c.fail('popularity', 'closed-loop clients (thinkTime) each send their own requests: remove popularity');
    }
    const profile = thinkTime === undefined ? readRateProfile(spec, draft.inputs) : ({ kind: 'constant', rps: 0 } as const);
    const arrivals = spec.oneOf('arrivals', ['poisson', 'even'] as const) ?? D.TRAFFIC_ARRIVALS;

    const count = c?.int('count', { min: 1 }) ?? D.TRAFFIC_CLIENTS;
    let popularity: Popularity = { kind: 'uniform' };
    const pop = c?.raw('popularity');
    if (pop !== undefined && pop !== 'uniform') {
      const z = c!.object('popularity', ['zipf'], '"uniform" or {zipf: <exponent ≥ 0>}') as Fields;
      z.need('zipf', 'the Zipf exponent, a number ≥ 0');
      popularity = { kind: 'zipf', s: z.number('zipf', { min: 0 }) as number };
      if (count > MAX_ZIPF_CLIENTS) c!.fail('count', `Zipf popularity supports at most ${MAX_ZIPF_CLIENTS} clients, got ${count}`);
    }

    const r = spec.object('request', ['cpu', 'memory', 'timeout'], '{cpu, memory, timeout}');
    const cpu = r?.has('cpu') ? parseDurationDist(doc, r.at('cpu'), r.raw('cpu')) : D.TRAFFIC_REQUEST_CPU;
    if (cpu.kind === 'fixed' && cpu.value === 0) r!.fail('cpu', 'a request needs some CPU: expected a duration > 0 (one core for that long)');
    const timeout = r?.duration('timeout', { positive: true });
    const retry = readRetry(spec);

    const mode = spec.oneOf('mode', ['requests', 'fluid'] as const) ?? D.TRAFFIC_MODE;
    if (mode !== 'fluid' && spec.has('fluidStep')) spec.fail('fluidStep', 'fluidStep applies only to mode: fluid');
    if (mode === 'fluid' && thinkTime !== undefined) spec.fail('mode', 'fluid mode models open-loop rates: closed-loop clients (clients.thinkTime) need mode: requests');
    if (mode === 'fluid' && retry !== undefined) spec.fail('mode', 'fluid mode has no individual requests to retry: retry needs mode: requests');
    const fluidStep = mode === 'fluid' ? (spec.duration('fluidStep', { positive: true }) ?? D.TRAFFIC_FLUID_STEP) : undefined;
    if (fluidStep !== undefined) {
      const other = draft.traffic.find((t) => t.mode === 'fluid');
      if (other !== undefined && other.fluidStep !== fluidStep) {
        spec.fail(spec.has('fluidStep') ? 'fluidStep' : 'mode', `every fluid Traffic of a scenario steps together: Traffic ${other.name} has fluidStep ${other.fluidStep! / 1e6}s, this one ${fluidStep / 1e6}s`);
      }
    }

    draft.claim(`Traffic/${name}`, `Traffic ${name}`, doc, ['metadata', 'name']);
    draft.useNamespace(namespace);
    const traffic: ResolvedTraffic = {
      namespace,
      name,
      service,
      profile,
      arrivals,
      clients: { count, popularity },
      cpu,
      memoryBytes: r?.units('memory') ?? D.TRAFFIC_REQUEST_MEMORY_BYTES,
      ...(timeout !== undefined ? { timeout } : {}),
      ...(retry !== undefined ? { retry } : {}),
      ...(thinkTime !== undefined ? { closedLoop: { thinkTime } } : {}),
      ...(mode === 'fluid' ? { mode, fluidStep } : {}),
      source: obj.source,
    };
    draft.traffic.push(traffic);
    draft.afterAll(() => {
      if (draft.services.some((s) => s.namespace === namespace && s.name === service)) return;
      const known = draft.services.filter((s) => s.namespace === namespace).map((s) => s.name);
      spec.fail('service', `no Service "${service}" in namespace ${namespace}${known.length ? ` (Services there: ${known.join(', ')})` : ''}`);
    });
  },
};

const RETRY_ON: readonly RetryOn[] = ['timeout', 'rejected', 'failed', 'no_endpoints'];

/** `retry: {attempts, on, backoff: {initial, max, multiplier, jitter}, budget: {ratio, minPerSecond, ttl}}`. */
function readRetry(spec: Fields): RetryPolicySpec | undefined {
  const r = spec.object('retry', ['attempts', 'on', 'backoff', 'budget'], '{attempts, on, backoff, budget}');
  if (r === undefined) return undefined;
  const attempts = r.int('attempts', { min: 1 }) ?? D.TRAFFIC_RETRY_ATTEMPTS;
  let on: readonly RetryOn[] = D.TRAFFIC_RETRY_ON;
  const items = r.list('on', `a list of outcomes (${RETRY_ON.join(', ')})`);
  if (items !== undefined) {
    const seen: RetryOn[] = [];
    for (const it of items) {
      if (typeof it.value !== 'string' || !(RETRY_ON as readonly string[]).includes(it.value)) {
        r.doc.fail(it.path, `expected one of ${RETRY_ON.join(', ')}, got ${describe(it.value)}`);
      }
      if (!seen.includes(it.value as RetryOn)) seen.push(it.value as RetryOn);
    }
    on = seen;
  }
  const d = D.TRAFFIC_RETRY_BACKOFF;
  const b = r.object('backoff', ['initial', 'max', 'multiplier', 'jitter'], '{initial, max, multiplier, jitter}');
  const initial = b?.duration('initial') ?? d.initial;
  const max = b?.duration('max') ?? (b?.has('initial') ? micros(initial * 10) : d.max);
  if (max < initial) b!.fail(b!.has('max') ? 'max' : 'initial', `expected max ≥ initial, got max ${toSeconds(max)} s < initial ${toSeconds(initial)} s`);
  const multiplier = b?.number('multiplier', { min: 1 }) ?? d.multiplier;
  const jitter = b?.number('jitter', { min: 0 }) ?? d.jitter;
  if (jitter > 1) b!.fail('jitter', `expected a fraction between 0 and 1, got ${jitter}`);
  const g = r.object('budget', ['ratio', 'minPerSecond', 'ttl'], '{ratio, minPerSecond, ttl}');
  const bd = D.TRAFFIC_RETRY_BUDGET;
  const budget = g === undefined ? undefined : { ratio: g.number('ratio', { min: 0 }) ?? bd.ratio, minPerSecond: g.number('minPerSecond', { min: 0 }) ?? bd.minPerSecond, ttl: g.duration('ttl', { positive: true }) ?? bd.ttl };
  return { attempts, on, backoff: { initial, max, multiplier, jitter }, ...(budget !== undefined ? { budget } : {}) };
}
