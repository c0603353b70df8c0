/**
 * The metrics pipeline's settings (Simulation `metrics`) and the default preset. The presets' values are model
 * facts about metrics-server and live with the pipeline arithmetic (metricsServer.ts METRICS_PIPELINE_PRESETS);
 * scenarios/defaults.ts lists the default. Plain data: no parsing, no logic.
 */
import type { Micros } from '../../engine/time';

export interface MetricsSettings {
  /** The preset the values below came from (`product-spec` or `metrics-server`), for run.json readers. */
  readonly preset: 'product-spec' | 'metrics-server';
  /** CPU averaging window; a whole number of resolutions. */
  readonly window: Micros;
  /** Scrape period (metrics-server --metric-resolution). */
  readonly resolution: Micros;
  /** metrics-server's fresh-container rule (10 s), or null to always require a full window. */
  readonly freshContainerMinResolution: Micros | null;
}

/**
 * `product-spec` (the default): CPU averaged over 60 s ("averaged over 1 minute"), refreshed every 15 s, first value
 * after a full window. `metrics-server`: today's deployments (15 s resolution, rate over the last two scrapes, the
 * 10 s fresh-container rule). Values in metricsServer.ts.
 */
export const METRICS_PRESET = 'product-spec' as const;
