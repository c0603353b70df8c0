/**
 * k8sim/v1alpha1 Simulation: the run's settings (seed, duration, sampling, kubelet, scheduler, node lifecycle,
 * events), node pools and timeline. At most one per scenario; everything optional, defaults from ../defaults.ts.
 * The CLI's --seed/--duration overrides are applied by load.ts, not here.
 */
import { minMicros, toSeconds, type Micros } from '../../engine/time';
import type { KubeletSettings } from '../../models/kubelet/config';
import type { SchedulerSettings } from '../../models/scheduler/config';
import type { ServiceSettings } from '../../models/service/config';
import type { MetricsSettings } from '../../models/metrics/config';
import { LOAD_BALANCING_POLICIES } from '../../models/service/registry';
import { METRICS_PIPELINE_PRESETS } from '../../models/metrics/metricsServer';
import * as D from '../defaults';
import { parseDurationDist } from '../distribution';
import type { KindHandler } from './kindHandler';
import { describe, Fields } from './fields';
import { HPA_CONTROLLER_FIELDS, readHpaControllerSettings } from './hpaController';
import { K8SIM_API_VERSION, readK8simObject } from './k8simObject';
import { readNodePools } from './nodePool';
import { readClusterAutoscalerSettings } from './clusterAutoscaler';
import { CLUSTER_AUTOSCALER_FIELDS } from '../../models/clusterautoscaler/config';
import type { SimulationSpec } from './simulationSpec';
import { readTimelineActions } from './timeline';
import { KARPENTER_FIELDS, readKarpenterSettings } from './karpenterNodePool';
import { CLOUD_FIELDS, readCloud } from './cloud';
import { NODE_AUTOSCALER_FIELDS, readNodeAutoscaler } from './nodeAutoscaler';
import { parseRfc3339 } from '../../models/batch/cronSchedule';

const SPEC_FIELDS = ['seed', 'duration', 'startTime', 'sampleInterval', 'kubelet', 'scheduler', 'nodeLifecycle', 'events', 'services', 'metrics', 'hpaController', 'slo', 'nodePools', 'clusterAutoscaler', 'timeline', 'cloud', 'karpenter', 'nodeAutoscaler'];

export const simulationKind: KindHandler = {
  apiVersion: K8SIM_API_VERSION,
  kind: 'Simulation',
  read(doc, draft) {
    if (draft.simulation) {
      const first = draft.simulation.source;
      doc.fail(['kind'], `more than one Simulation (the first is at ${first.file}:${first.line}); a scenario has at most one`);
    }
    const obj = readK8simObject(doc, 'Simulation', { nameRequired: false, specRequired: false, specFields: SPEC_FIELDS });
    const spec = readSimulationSpec(obj.spec);
    draft.simulation = { spec: obj.name !== undefined ? { ...spec, name: obj.name } : spec, source: obj.source };
    if (spec.cloudFile !== undefined) draft.inputs.add(spec.cloudFile.file, spec.cloudFile.bytes);
    const timeline = obj.spec?.list('timeline', 'a list of timeline actions');
    if (timeline) readTimelineActions(doc, timeline, draft);
  },
};

/** The Simulation spec with every default applied (`f` undefined = no Simulation document). */
export function readSimulationSpec(f: Fields | undefined): SimulationSpec {
  const seedRaw = f?.raw('seed');
  if (seedRaw !== undefined && !(typeof seedRaw === 'string' && seedRaw !== '') && !Number.isSafeInteger(seedRaw)) {
    f?.fail('seed', `expected a string or an integer, got ${describe(seedRaw)}`);
  }
  const seed = seedRaw === undefined ? undefined : String(seedRaw);
  const duration = f?.duration('duration', { positive: true });
  const kubelet = f?.object('kubelet', ['crashLoopBackOff', 'imagePull', 'containerStart', 'unreachablePodPhase']);
  const scheduler = f?.object('scheduler', ['initialBackoff', 'maxBackoff', 'maxInUnschedulable', 'untoleratedTaintReason']);
  const lifecycle = f?.object('nodeLifecycle', ['monitorGracePeriod', 'monitorPeriod', 'tolerationSeconds']);
  const events = f?.object('events', ['aggregate', 'spamFilter']);
  const pools = f?.list('nodePools', 'a list of node pools');
  const ca = f?.object('clusterAutoscaler', CLUSTER_AUTOSCALER_FIELDS);
  const cloud = f?.has('cloud') ? readCloud(f.object('cloud', CLOUD_FIELDS)) : undefined;
  const naFields = f?.object('nodeAutoscaler', NODE_AUTOSCALER_FIELDS);
  const nodeAutoscaler = naFields ? readNodeAutoscaler(naFields, ca !== undefined) : undefined;
  const spec: SimulationSpec = {
    sampleInterval: f?.duration('sampleInterval', { positive: true }) ?? D.DEFAULT_SAMPLE_INTERVAL,
    startTime: readStartTime(f),
    kubelet: readKubelet(kubelet),
    scheduler: readScheduler(scheduler),
    nodeLifecycle: {
      monitorGracePeriod: lifecycle?.duration('monitorGracePeriod', { positive: true }) ?? D.NODE_MONITOR_GRACE_PERIOD,
      monitorPeriod: lifecycle?.duration('monitorPeriod', { positive: true }) ?? D.NODE_MONITOR_PERIOD,
      tolerationSeconds: lifecycle?.int('tolerationSeconds', { min: 0 }) ?? D.DEFAULT_TOLERATION_SECONDS,
    },
    events: {
      aggregate: events?.bool('aggregate') ?? D.EVENTS_AGGREGATE,
      spamFilter: events?.bool('spamFilter') ?? D.EVENTS_SPAM_FILTER,
    },
    serviceSettings: readServiceSettings(f?.object('services', ['loadBalancing', 'proxySyncDelay'])),
    metrics: readMetrics(f?.object('metrics', ['preset', 'window', 'resolution'])),
    hpaController: readHpaController(f?.object('hpaController', HPA_CONTROLLER_FIELDS)),
    slo: readSlo(f?.object('slo', ['latency'])),
    ...(seed !== undefined ? { seed } : {}),
    ...(duration !== undefined ? { duration } : {}),
    ...(pools && f ? { nodePools: readNodePools(f.doc, pools, cloud?.settings.provisioning) } : {}),
    ...(f?.has('karpenter') ? { karpenter: readKarpenterSettings(f.object('karpenter', KARPENTER_FIELDS)) } : {}),
    ...(ca ? { clusterAutoscaler: readClusterAutoscalerSettings(ca) } : {}),
    ...(nodeAutoscaler?.clusterAutoscaler !== undefined ? { clusterAutoscaler: nodeAutoscaler.clusterAutoscaler } : {}),
    ...(nodeAutoscaler !== undefined ? { nodeAutoscaler } : {}),
    ...(cloud !== undefined ? { cloud: cloud.settings } : {}),
    ...(cloud?.file !== undefined ? { cloudFile: cloud.file } : {}),
  };
  return spec;
}

/** startTime: an RFC 3339 timestamp (`2026-01-15T08:00:00Z`, `2026-01-15T09:00:00+01:00`). */
function readStartTime(f: Fields | undefined): number {
  const text = f?.string('startTime');
  if (text === undefined) return D.DEFAULT_START_TIME;
  const t = parseRfc3339(text);
  return t ?? f!.fail('startTime', `expected an RFC 3339 timestamp like 2026-01-15T08:00:00Z, got ${describe(text)}`);
}

function readKubelet(k: Fields | undefined): KubeletSettings {
  const b = k?.object('crashLoopBackOff', ['preset', 'initial', 'max', 'resetAfter']);
  const preset = D.CRASH_LOOP_BACKOFF_PRESETS[b?.oneOf('preset', ['default', 'reduced'] as const) ?? 'default'];
  const max = b?.duration('max', { positive: true }) ?? preset.max;
  // kubelet.go newCrashLoopBackOff: a max below the initial delay lowers the initial delay to the max.
  const initial = minMicros(b?.duration('initial', { positive: true }) ?? preset.initial, max);
  const dist = (key: string) => (k?.has(key) ? parseDurationDist(k.doc, k.at(key), k.raw(key)) : undefined);
  return {
    crashLoopBackOff: { initial, max, resetAfter: b?.duration('resetAfter', { positive: true }) ?? preset.resetAfter },
    imagePull: dist('imagePull') ?? D.DEFAULT_IMAGE_PULL,
    containerStart: dist('containerStart') ?? D.DEFAULT_CONTAINER_START,
    unreachablePodPhase: k?.oneOf('unreachablePodPhase', ['Unknown', 'Running'] as const) ?? D.DEFAULT_UNREACHABLE_POD_PHASE,
  };
}

function readScheduler(s: Fields | undefined): SchedulerSettings {
  const initialBackoff = s?.duration('initialBackoff', { positive: true }) ?? D.SCHEDULER_INITIAL_BACKOFF;
  const maxBackoff = s?.duration('maxBackoff', { positive: true }) ?? D.SCHEDULER_MAX_BACKOFF;
  if (s && maxBackoff < initialBackoff) {
    s.fail(s.has('maxBackoff') ? 'maxBackoff' : 'initialBackoff', 'expected maxBackoff ≥ initialBackoff');
  }
  return {
    initialBackoff,
    maxBackoff,
    maxInUnschedulable: s?.duration('maxInUnschedulable', { positive: true }) ?? D.SCHEDULER_MAX_IN_UNSCHEDULABLE,
    ...(s?.has('untoleratedTaintReason') ? { untoleratedTaintReason: s.oneOf('untoleratedTaintReason', ['perTaint', 'generic'] as const) } : {}),
  };
}

function readServiceSettings(f: Fields | undefined): ServiceSettings {
  return {
    loadBalancing: f?.oneOf('loadBalancing', LOAD_BALANCING_POLICIES) ?? D.SERVICE_LOAD_BALANCING,
    proxySyncDelay: f?.duration('proxySyncDelay') ?? D.PROXY_SYNC_DELAY,
  };
}

/** A preset, then `window` / `resolution` overriding it; the window must be a whole number of resolutions. */
function readMetrics(f: Fields | undefined): MetricsSettings {
  const preset = f?.oneOf('preset', ['product-spec', 'metrics-server'] as const) ?? D.METRICS_PRESET;
  const base = METRICS_PIPELINE_PRESETS[preset === 'product-spec' ? 'spec' : 'metrics-server'];
  const window = f?.duration('window', { positive: true }) ?? base.window;
  const resolution = f?.duration('resolution', { positive: true }) ?? base.resolution;
  if (f && window % resolution !== 0) {
    f.fail(f.has('window') ? 'window' : 'resolution', `the window (${toSeconds(window)} s) must be a whole number of resolutions (${toSeconds(resolution)} s)`);
  }
  const fresh = base.freshContainerMinResolution;
  return { preset, window, resolution, freshContainerMinResolution: fresh !== null && fresh < window ? fresh : null };
}

/**
 * kube-controller-manager's HPA flags, read as `hpa explain` reads them. `metricsWindow` is refused here: it is the
 * window of a snapshot pod's sample that gives none, and every sample of a simulation carries `spec.metrics.window`.
 */
function readHpaController(f: Fields | undefined): SimulationSpec['hpaController'] {
  if (f?.has('metricsWindow')) {
    f.fail('metricsWindow', 'not used by a simulation, whose pod samples cover spec.metrics.window (set that instead); metricsWindow is an hpa explain snapshot setting');
  }
  return readHpaControllerSettings(f);
}

function readSlo(f: Fields | undefined): { readonly latency: Micros } | null {
  if (!f) return null;
  f.need('latency', 'a latency like 200ms');
  return { latency: f.duration('latency', { positive: true })! };
}
