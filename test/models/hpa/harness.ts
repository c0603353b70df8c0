/**
 * Builders for the HPA vector tests: the two upstream harnesses of hpa-vectors.md turned into HpaPod values.
 * Vector times are seconds relative to now = 0 (negative = past); `ZERO` is Go's zero time.
 */
import { seconds, type Micros } from '../../../engine/time';
import type { PodPhase } from '../../../models/podStatus';
import {
  LONG_AGO,
  resolveHpaControllerSettings,
  type HorizontalPodAutoscalerManifest,
  type HpaControllerSettings,
  type HpaHistory,
  type HpaPod,
  type HpaScalingRules,
  type MetricSpecInput,
  type PodMetric,
} from '../../../models/hpa';

export const ZERO = 'ZERO' as const;
export type VTime = number | typeof ZERO;

/** A pod as the vectors write it: `req`/`use` are pod totals in milli-units; no `use` = no metric. */
export interface VPod {
  readonly name: string;
  readonly phase?: PodPhase;
  readonly ready?: boolean;
  readonly start?: VTime;
  readonly deleted?: boolean;
  readonly req?: number;
  readonly use?: number;
}

export const us = (t: VTime): Micros => (t === ZERO ? LONG_AGO : seconds(t));

function basePod(p: VPod, readySince: Micros): HpaPod {
  const startTime = us(p.start ?? ZERO);
  return {
    name: p.name,
    phase: p.phase ?? 'Running',
    deleted: p.deleted ?? false,
    startTime,
    ready: { status: p.ready === false ? 'False' : 'True', lastTransitionTime: readySince },
    containers: p.req === undefined ? [] : [{ name: 'c', requests: { cpu: p.req } }],
    podRequests: null,
    metrics: null,
  };
}

/** Harness A (replica_calculator_test.go): Ready LTT = ZERO, every sample at ZERO with a 60 s window. */
export function harnessA(pods: readonly VPod[]): { pods: HpaPod[]; metrics: Map<string, PodMetric> } {
  const metrics = new Map<string, PodMetric>();
  for (const p of pods) if (p.use !== undefined) metrics.set(p.name, { value: p.use, timestamp: LONG_AGO, window: seconds(60) });
  return { pods: pods.map((p) => basePod(p, LONG_AGO)), metrics };
}

/** Harness A timing: cpuInitializationPeriod 120 s, delayOfInitialReadinessStatus 10 s, now 0. */
export const TIMING_A = { now: seconds(0), cpuInitializationPeriod: seconds(120), delayOfInitialReadinessStatus: seconds(10) };

/** Harness B (horizontal_test.go): Ready LTT = start time, cpu samples at `now` with a 60 s window. */
export function harnessB(pods: readonly VPod[], now = 0): HpaPod[] {
  return pods.map((p) => {
    const base = basePod(p, us(p.start ?? ZERO));
    return p.use === undefined ? base : { ...base, metrics: { timestamp: seconds(now), window: seconds(60), usage: { cpu: p.use } } };
  });
}

/** Harness B controller settings (scaleUpLimitFactor 8 as set in horizontal_test.go init()). */
export const SETTINGS_B: HpaControllerSettings = resolveHpaControllerSettings({
  tolerance: 0.1,
  downscaleStabilizationWindow: seconds(300),
  cpuInitializationPeriod: seconds(120),
  initialReadinessDelay: seconds(10),
  scaleUpLimitFactor: 8,
  scaleUpLimitMinimum: 4,
});

/** Production defaults. */
export const SETTINGS_PROD: HpaControllerSettings = resolveHpaControllerSettings();

/** `Pods 4/15s` / `Percent 100/15s` notation of the vectors. */
export function rules(selectPolicy: string, policies: readonly string[], stabilizationWindowSeconds = 0): HpaScalingRules {
  return {
    stabilizationWindowSeconds,
    selectPolicy,
    tolerance: null,
    policies: policies.map((s) => {
      const m = /^(Pods|Percent) (\d+)\/(\d+)s$/.exec(s);
      if (!m) throw new Error(`bad policy ${s}`);
      return { type: m[1], value: Number(m[2]), periodSeconds: Number(m[3]) };
    }),
  };
}

export const DEFAULT_UP = rules('Max', ['Pods 4/15s', 'Percent 100/15s']);
export const DEFAULT_DOWN = rules('Max', ['Percent 100/15s'], 300);

/** `{replicas, age}` / `{change, age}` lists → timestamped entries (age in seconds before now = 0). */
export const recs = (l: readonly [number, number][]) => l.map(([replicas, age]) => ({ replicas, time: seconds(-age) }));
export const evs = (l: readonly [number, number][]) => l.map(([change, age]) => ({ change, time: seconds(-age) }));

export type Behavior = NonNullable<HorizontalPodAutoscalerManifest['spec']['behavior']>;

export function hpa(min: number, max: number, metrics: MetricSpecInput[] | null, behavior: Behavior | null = null): HorizontalPodAutoscalerManifest {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'h', namespace: 'default' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, minReplicas: min, maxReplicas: max, metrics, behavior },
  };
}

export const cpu = (averageUtilization: number): MetricSpecInput => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } });
export const objectQps = (value: string): MetricSpecInput => ({
  type: 'Object',
  object: { describedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'some-deployment' }, metric: { name: 'qps' }, target: { type: 'Value', value } },
});

/** `recommendations: nil` (first sync) or `[]` (no seed) as the vectors write it. */
export const history = (recommendations: 'nil' | '[]'): HpaHistory => ({
  recommendations: recommendations === 'nil' ? null : [],
  scaleUpEvents: [],
  scaleDownEvents: [],
});

/** n pods requesting `req` each and using `uses[i]` (milli-units). */
export const reqUse = (req: number, uses: number[]): VPod[] => uses.map((use, i) => ({ name: `p${i}`, req, use }));
