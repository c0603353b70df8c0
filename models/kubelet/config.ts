/**
 * The kubelet's settings (Simulation `kubelet`) and their defaults: the container-restart back-off, the start-up
 * times of containers no Behavior times, and the phase shown for pods on an unreachable node. Defined here, by the
 * model; scenarios/defaults.ts lists them. Plain data: no parsing, no logic.
 */
import { seconds, type Micros } from '../../engine/time';
import type { DurationDist } from '../draw';
import { DEFAULT_BACKOFF, REDUCED_BACKOFF_1_33, type CrashLoopBackOffConfig } from './backoff';

/** The back-off between restarts of a crashing container (initial, cap, and the 600 s reset). */
export type CrashLoopBackOffSettings = CrashLoopBackOffConfig;

export interface KubeletSettings {
  readonly crashLoopBackOff: CrashLoopBackOffSettings;
  /** Defaults for containers no Behavior gives a startup time. */
  readonly imagePull: DurationDist;
  readonly containerStart: DurationDist;
  /** Phase shown for pods on an unreachable node: `Unknown` (the product spec) or `Running` (current upstream). */
  readonly unreachablePodPhase: 'Unknown' | 'Running';
}

const fixed = (value: Micros): DurationDist => Object.freeze({ kind: 'fixed', value });

/** pkg/kubelet/kubelet.go: initialCrashLoopBackOff 10 s, MaxContainerBackOff 300 s, HasExpiredFunc 600 s. */
export const CRASH_LOOP_BACKOFF_DEFAULT: CrashLoopBackOffSettings = DEFAULT_BACKOFF;
/** Feature gate ReduceDefaultCrashLoopBackOffDecay (alpha, 1.33+): 1 s → 60 s; the 600 s reset is unchanged. */
export const CRASH_LOOP_BACKOFF_REDUCED: CrashLoopBackOffSettings = REDUCED_BACKOFF_1_33;
export const CRASH_LOOP_BACKOFF_PRESETS = Object.freeze({ default: CRASH_LOOP_BACKOFF_DEFAULT, reduced: CRASH_LOOP_BACKOFF_REDUCED });

/** Image pull time of containers no Behavior times (a k8sim choice: small, fixed, so runs read easily). */
export const DEFAULT_IMAGE_PULL: DurationDist = fixed(seconds(1));
/** Container create + start time of containers no Behavior times (k8sim choice). */
export const DEFAULT_CONTAINER_START: DurationDist = fixed(seconds(1));
/**
 * CPU one probe costs in the container (Behavior probes.cpu), µs of one core: 0.5 ms, a small HTTP handler's work
 * (a k8sim choice; a health endpoint that checks nothing costs far less, one that checks a database more).
 */
export const DEFAULT_PROBE_CPU: Micros = seconds(0.0005);

/** Behavior probes.default: where no step applies, a probe of a served container goes through the pod (issue #12). */
export const DEFAULT_PROBE_RESULT = 'fromLoad' as const;

/** Phase of pods on an unreachable node: `Unknown`, as the product spec asks (upstream now keeps `Running`). */
export const DEFAULT_UNREACHABLE_POD_PHASE = 'Unknown' as const;
