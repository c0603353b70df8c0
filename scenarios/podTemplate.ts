/**
 * Kubernetes PodTemplateSpec (or a bare Pod's metadata + spec) → ResolvedPodTemplate, with the API server's
 * defaults (pkg/apis/core/v1/defaults.go) and the validation rules k8sim depends on (pkg/apis/core/validation).
 * Runs after the OpenAPI schema check, so field types are known good; never reads anything but the document.
 */
import { seconds } from '../engine/time';
import type { ProbeHandler, ProbeType, ResolvedContainer, ResolvedPodSpec, ResolvedPodTemplate, ResolvedPreStop, ResolvedProbe, Toleration } from '../models/cluster/spec';
import * as D from './defaults';
import { MAX_PORT, MIN_PORT } from './limits';
import { isExtendedResourceName } from './ignoredFields';
import { Fields, describe } from './kinds/fields';
import type { LocatedDoc, PathElement } from './located';
import { checkName, readLabels } from './kinds/objectMeta';
import { readAffinity } from './podAffinity';
import { readTopologySpreadConstraints } from './topologySpread';
import { isDnsSubdomain } from './selector';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
const HANDLERS: readonly ProbeHandler[] = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const PROBE_FIELDS: readonly [ProbeType, 'livenessProbe' | 'readinessProbe' | 'startupProbe'][] = [
  ['liveness', 'livenessProbe'],
  ['readiness', 'readinessProbe'],
  ['startup', 'startupProbe'],
];

/** Where each template's pod spec was written (keyed by the template's `raw`, which copies of the template share). */
const SPEC_AT = new WeakMap<object, { readonly doc: LocatedDoc; readonly path: readonly PathElement[] }>();

/** Where `t`'s pod spec was written, for errors found once every document is read (kinds/schedulingRefs.ts). */
export function templateSpecAt(t: ResolvedPodTemplate): { readonly doc: LocatedDoc; readonly path: readonly PathElement[] } | undefined {
  return typeof t.raw === 'object' && t.raw !== null ? SPEC_AT.get(t.raw) : undefined;
}

export interface TemplateOptions {
  /** Set for workload templates (`Deployment`, ...): restartPolicy must then be Always. */
  readonly ownerKind?: string;
  /** The template as written, kept for the pod-template-hash. */
  readonly raw: unknown;
}

/** `tmpl` is the mapping holding `metadata` and `spec` (spec.template of a workload, or a Pod document). */
export function resolvePodTemplate(tmpl: Fields, opts: TemplateOptions): ResolvedPodTemplate {
  const meta = tmpl.object('metadata');
  const labels = meta ? readLabels(meta, 'labels') : {};
  const annotations = meta?.stringMap('annotations') ?? {};
  const spec = tmpl.object('spec') ?? tmpl.fail('spec', 'required field is missing (expected a pod spec with containers)');

  const containerItems = spec.list('containers') ?? [];
  if (containerItems.length === 0) spec.fail('containers', 'expected at least one container');
  const initItems = spec.list('initContainers') ?? [];
  const seen = new Set<string>();
  const read = (items: typeof containerItems, isInit: boolean) =>
    items.map((it) => {
      const c = resolveContainer(Fields.of(spec.doc, it.path, it.value), isInit);
      if (seen.has(c.name)) spec.doc.fail([...it.path, 'name'], `duplicate container name "${c.name}" in this pod`);
      seen.add(c.name);
      return c;
    });
  const initContainers = read(initItems, true);
  const containers = read(containerItems, false);

  const restartPolicy = spec.oneOf('restartPolicy', RESTART_POLICIES) ?? D.POD_RESTART_POLICY;
  if (opts.ownerKind && restartPolicy !== 'Always') {
    spec.fail('restartPolicy', `expected Always (the only value a ${opts.ownerKind} allows), got "${restartPolicy}"`);
  }
  const nodeName = spec.string('nodeName');
  const grace = spec.int('terminationGracePeriodSeconds', { min: 0 }) ?? D.POD_TERMINATION_GRACE_PERIOD_SECONDS;
  const affinity = readAffinity(spec, labels);
  const scheduling = readSchedulingFields(spec);
  if (typeof opts.raw === 'object' && opts.raw !== null) SPEC_AT.set(opts.raw, { doc: spec.doc, path: spec.path });
  return {
    labels,
    annotations,
    spec: {
      containers,
      initContainers,
      restartPolicy,
      nodeSelector: spec.stringMap('nodeSelector') ?? {},
      ...(nodeName !== undefined ? { nodeName } : {}),
      tolerations: (spec.list('tolerations') ?? []).map((t) => readToleration(Fields.of(spec.doc, t.path, t.value))),
      terminationGracePeriod: seconds(grace),
      ...(affinity ? { affinity } : {}),
      topologySpreadConstraints: readTopologySpreadConstraints(spec),
      ...scheduling,
    },
    raw: opts.raw,
  };
}

/**
 * schedulerName (SetDefaults_PodSpec: "" → default-scheduler; a DNS subdomain), priorityClassName (a DNS subdomain;
 * "" = none), priority and preemptionPolicy as written (the priority admission plugin resolves and checks them at
 * pod creation; whether the class exists is checked once every document is read: kinds/schedulingRefs.ts).
 */
function readSchedulingFields(spec: Fields): Pick<ResolvedPodSpec, 'schedulerName' | 'priorityClassName' | 'priority' | 'preemptionPolicy'> {
  const schedulerName = spec.string('schedulerName') || D.POD_SCHEDULER_NAME;
  if (!isDnsSubdomain(schedulerName)) spec.fail('schedulerName', `invalid name "${schedulerName}": expected a DNS-1123 subdomain`);
  const priorityClassName = spec.string('priorityClassName') || undefined;
  if (priorityClassName !== undefined && !isDnsSubdomain(priorityClassName)) {
    spec.fail('priorityClassName', `invalid name "${priorityClassName}": expected a DNS-1123 subdomain`);
  }
  const priority = spec.int('priority', { min: -2147483648, max: 2147483647 });
  const preemptionPolicy = spec.oneOf('preemptionPolicy', ['PreemptLowerPriority', 'Never'] as const);
  return {
    schedulerName,
    ...(priorityClassName !== undefined ? { priorityClassName } : {}),
    ...(priority !== undefined ? { priority } : {}),
    ...(preemptionPolicy !== undefined ? { preemptionPolicy } : {}),
  };
}

function resolveContainer(c: Fields, isInit: boolean): ResolvedContainer {
  const name = c.requiredString('name');
  checkName(c, 'name', name, true);
  if (!c.has('image') || c.string('image') === '') c.fail('image', 'required field is missing (expected an image like nginx:1.27)');
  const image = c.string('image') as string;
  const imagePullPolicy = c.oneOf('imagePullPolicy', PULL_POLICIES) ?? defaultPullPolicy(image);

  const res = c.object('resources');
  const lim = res?.object('limits');
  const req = res?.object('requests');
  const limits = { cpuMilli: lim?.milli('cpu') ?? 0, memoryBytes: lim?.units('memory') ?? 0 };
  // SetDefaults_Pod: a resource with a limit and no request gets the limit as its request.
  const requests: ResolvedContainer['requests'] = {
    cpuMilli: req?.milli('cpu') ?? limits.cpuMilli,
    memoryBytes: req?.units('memory') ?? limits.memoryBytes,
  };
  const extended = readExtendedRequests(req, lim);
  if (extended !== undefined) Object.assign(requests, { extended });
  for (const [key, r, l] of [
    ['cpu', requests.cpuMilli, limits.cpuMilli],
    ['memory', requests.memoryBytes, limits.memoryBytes],
  ] as const) {
    if (l > 0 && r > l && req) req.fail(key, `must be less than or equal to ${key} limit of ${describe(lim?.raw(key))}, got ${describe(req.raw(key))}`);
  }

  const restartPolicy = c.oneOf('restartPolicy', ['Always'] as const);
  if (restartPolicy && !isInit) c.fail('restartPolicy', 'may only be set on init containers (restartPolicy: Always makes a sidecar)');
  const sidecar = isInit && restartPolicy === 'Always';
  const probes: Partial<Record<'livenessProbe' | 'readinessProbe' | 'startupProbe', ResolvedProbe>> = {};
  for (const [type, field] of PROBE_FIELDS) {
    const p = c.object(field);
    if (!p) continue;
    if (isInit && !sidecar) c.fail(field, 'may not be set for init containers without restartPolicy: Always');
    probes[field] = resolveProbe(p, type);
  }
  const preStop = readPreStop(c.object('lifecycle')?.object('preStop'));
  return {
    name,
    image,
    imagePullPolicy,
    requests,
    limits,
    ...probes,
    ...(restartPolicy ? { restartPolicy } : {}),
    specHash: specHash(c.value),
    ...(preStop ? { preStop } : {}),
  };
}

/**
 * A container's extended resources (a domain-qualified name outside kubernetes.io, like `nvidia.com/gpu`): whole
 * numbers, requests equal to limits when both are written, a limit alone the request too (ValidateResourceRequirements:
 * extended resources cannot be overcommitted). Undefined when the container names none.
 */
function readExtendedRequests(req: Fields | undefined, lim: Fields | undefined): Record<string, number> | undefined {
  const names = new Set([...Object.keys(req?.value ?? {}), ...Object.keys(lim?.value ?? {})].filter(isExtendedResourceName));
  if (names.size === 0) return undefined;
  const out: Record<string, number> = {};
  for (const name of [...names].sort()) {
    const whole = (f: Fields | undefined) => {
      const m = f?.milli(name); // in milli-units: `500m` is not rounded up to 1 before the check
      if (m !== undefined && m % 1000 !== 0) f!.fail(name, `Invalid value: ${describe(f!.raw(name))}: must be an integer`);
      return m === undefined ? undefined : m / 1000;
    };
    const r = whole(req);
    const l = whole(lim);
    if (r !== undefined && l !== undefined && r !== l) req!.fail(name, `Invalid value: ${describe(req!.raw(name))}: must be equal to ${name} limit of ${describe(lim!.raw(name))}`);
    out[name] = r ?? l ?? 0; // a limit alone is the request too (SetDefaults_Pod)
  }
  return out;
}

/** lifecycle.preStop: exactly one of exec, httpGet, sleep (tcpSocket is rejected by the API server). */
function readPreStop(h: Fields | undefined): ResolvedPreStop | undefined {
  if (!h) return undefined;
  const kinds = (['exec', 'httpGet', 'sleep'] as const).filter((k) => h.has(k));
  if (h.has('tcpSocket')) h.fail('tcpSocket', 'tcpSocket is not supported in lifecycle hooks (use exec, httpGet or sleep)');
  if (kinds.length === 0) h.fail(undefined, 'must specify a handler type: exec, httpGet or sleep');
  if (kinds.length > 1) h.fail(kinds[1], `may not specify more than 1 handler type (found ${kinds.join(', ')})`);
  const handler = kinds[0];
  const f = h.object(handler) as Fields;
  if (handler === 'sleep') {
    f.need('seconds', 'an integer number of seconds ≥ 0');
    const s = f.int('seconds', { min: 0 }) as number;
    return { handler, sleep: seconds(s), target: `sleep ${s}` };
  }
  if (handler === 'exec') {
    const cmd = f.list('command') ?? [];
    if (cmd.length === 0) f.fail('command', 'required field is missing (expected the command to run)');
    return { handler, target: cmd.map((x) => String(x.value)).join(' ') };
  }
  return { handler, target: `${(f.string('scheme') ?? 'HTTP').toLowerCase()}://${f.string('host') ?? ''}:${String(f.raw('port') ?? '')}${f.string('path') ?? '/'}` };
}

/** SetDefaults_Container: Always for `:latest` or no tag (a digest counts as pinned), IfNotPresent otherwise. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return D.IMAGE_PULL_POLICY_TAGGED;
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  const tag = colon < 0 ? '' : last.slice(colon + 1);
  return tag === '' || tag === 'latest' ? D.IMAGE_PULL_POLICY_LATEST : D.IMAGE_PULL_POLICY_TAGGED;
}

function resolveProbe(p: Fields, type: ProbeType): ResolvedProbe {
  const present = HANDLERS.filter((h) => p.has(h));
  if (present.length === 0) p.fail(undefined, 'must specify a handler type: exec, httpGet, tcpSocket or grpc');
  if (present.length > 1) p.fail(present[1], `may not specify more than 1 handler type (found ${present.join(', ')})`);
  const handler = present[0];
  const h = p.object(handler) as Fields;
  // SetDefaults_Probe turns 0 into the default; validation rejects negatives.
  const int = (key: string, def: number) => {
    const v = p.int(key, { min: 0 }) ?? 0;
    return v === 0 ? def : v;
  };
  const successThreshold = int('successThreshold', D.PROBE_DEFAULTS.successThreshold);
  if (type !== 'readiness' && successThreshold !== 1) {
    p.fail('successThreshold', `must be 1 for ${type} probes, got ${successThreshold}`);
  }
  const tgp = p.int('terminationGracePeriodSeconds', { min: 1 });
  if (tgp !== undefined && type === 'readiness') p.fail('terminationGracePeriodSeconds', 'must not be set for readiness probes');
  return {
    handler,
    target: probeTarget(handler, h),
    initialDelay: seconds(p.int('initialDelaySeconds', { min: 0 }) ?? D.PROBE_DEFAULTS.initialDelaySeconds),
    period: seconds(int('periodSeconds', D.PROBE_DEFAULTS.periodSeconds)),
    timeout: seconds(int('timeoutSeconds', D.PROBE_DEFAULTS.timeoutSeconds)),
    successThreshold,
    failureThreshold: int('failureThreshold', D.PROBE_DEFAULTS.failureThreshold),
    ...(tgp !== undefined ? { terminationGracePeriod: seconds(tgp) } : {}),
  };
}

/** `http://:8080/healthz`, `cat /tmp/healthy`, `:8080` (SetDefaults_HTTPGetAction: path `/`, scheme HTTP). */
function probeTarget(handler: ProbeHandler, h: Fields): string {
  if (handler !== 'exec') checkProbePort(h);
  const port = String(h.raw('port') ?? '');
  switch (handler) {
    case 'exec': {
      const cmd = h.list('command') ?? [];
      if (cmd.length === 0) h.fail('command', 'required field is missing (expected the command to run)');
      return cmd.map((x) => String(x.value)).join(' ');
    }
    case 'httpGet':
      return `${(h.string('scheme') ?? 'HTTP').toLowerCase()}://${h.string('host') ?? ''}:${port}${h.string('path') ?? '/'}`;
    case 'tcpSocket':
      return `${h.string('host') ?? ''}:${port}`;
    case 'grpc': {
      const service = h.string('service');
      return service ? `:${port}/${service}` : `:${port}`;
    }
  }
}

/**
 * A probe's port: a number 1–65535 (validation.IsValidPortNum) or a container port's name (an IANA_SVC_NAME: at
 * most 15 lower-case letters, digits and '-', with a letter). grpc takes a number only.
 */
function checkProbePort(h: Fields): void {
  const v = h.raw('port');
  if (v === undefined) return h.fail('port', 'required field is missing (expected a port number 1-65535 or a container port name)');
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < MIN_PORT || v > MAX_PORT) h.fail('port', `Invalid value: ${describe(v)}: must be between ${MIN_PORT} and ${MAX_PORT}, inclusive`);
    return;
  }
  if (typeof v !== 'string') return h.fail('port', `expected a port number or name, got ${describe(v)}`);
  if (!/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(v) || !/[a-z]/.test(v) || v.includes('--')) {
    h.fail('port', `Invalid value: ${describe(v)}: must be a port number 1-65535 or a name of at most 15 lower-case letters, digits and '-' (IANA_SVC_NAME)`);
  }
}

function readToleration(t: Fields): Toleration {
  const key = t.string('key');
  const operator = t.oneOf('operator', ['Equal', 'Exists'] as const) ?? D.TOLERATION_OPERATOR;
  const value = t.string('value');
  const effect = t.oneOf('effect', EFFECTS);
  const tolerationSeconds = t.int('tolerationSeconds');
  if (operator === 'Exists' && value) t.fail('value', 'must be empty when operator is Exists');
  if (!key && operator !== 'Exists') t.fail('operator', 'must be Exists when key is empty');
  if (tolerationSeconds !== undefined && effect !== 'NoExecute') t.fail('tolerationSeconds', 'may only be set when effect is NoExecute');
  return {
    ...(key ? { key } : {}),
    operator,
    ...(value !== undefined ? { value } : {}),
    ...(effect ? { effect } : {}),
    ...(tolerationSeconds !== undefined ? { tolerationSeconds } : {}),
  };
}

/**
 * A stable hash of the container spec as written: FNV-1a 32 over JSON with sorted keys, in hex (the kubelet's
 * HashContainer is FNV-32a over the container's JSON too; it hashes the defaulted object, we hash the input).
 */
export function specHash(container: unknown): string {
  const text = canonicalJson(container);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
