/**
 * k8sim/v1alpha1 Traffic: open-loop requests to a Service (rate profile, arrival law, client population, per-request
 * CPU, memory and client timeout). The Service must exist in the scenario. Reads only; models/traffic sends them.
 */
import type { ResolvedTraffic } from '../../models/traffic/spec';
import * as D from '../defaults';
import { parseDurationDist } from '../distribution';
import { MAX_ZIPF_CLIENTS, type Popularity } from '../../models/traffic/clients';
import type { KindHandler } from './kindHandler';
import { Fields } from './fields';
import { K8SIM_API_VERSION, readK8simObject } from './k8simObject';
import { checkName } from './objectMeta';
import { readRateProfile } from './trafficProfile';

const SPEC_FIELDS = ['service', 'namespace', 'profile', 'arrivals', 'clients', 'request', 'mode', 'fluidStep'];

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
    const profile = readRateProfile(spec, draft.inputs);
    const arrivals = spec.oneOf('arrivals', ['poisson', 'even'] as const) ?? D.TRAFFIC_ARRIVALS;

    const c = spec.object('clients', ['count', 'popularity'], '{count, popularity}');
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

    const mode = spec.oneOf('mode', ['requests', 'fluid'] as const) ?? D.TRAFFIC_MODE;
    if (mode !== 'fluid' && spec.has('fluidStep')) spec.fail('fluidStep', 'fluidStep applies only to mode: fluid');
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
