/**
 * The records the HPA controller keeps per pod for its metrics sample (AutoscalerMetrics.podMetricsInto writes them;
 * built-in policies are handed them, overwritten at the next sync). Shared by the controller and the metrics reader.
 */
import type { Micros } from '../../engine/time';

/** podMetricsInto's records for one pod: a sample with requests_per_second and one without (usage keys differ). */
export interface ReusableSample {
  withRps: MutableSample | undefined;
  withoutRps: MutableSample | undefined;
  /** The one running container's usage record, shared by both samples (undefined: the pod has no such container). */
  container: Record<string, number> | undefined;
}

export interface MutableSample {
  timestamp: Micros;
  window: Micros;
  readonly usage: Record<string, number>;
  readonly containers?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** Empty records for podMetricsInto. */
export function newReusableSample(): ReusableSample {
  return { withRps: undefined, withoutRps: undefined, container: undefined };
}

