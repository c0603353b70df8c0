/** The resource metrics pipeline (metrics-server). Re-exports only. */
export * from './metricsServer';
export * from './pipeline';
export * from './podMetricsSampler';
export * from './config';
