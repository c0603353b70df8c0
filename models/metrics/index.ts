/** The resource metrics pipeline (metrics-server). Re-exports only. */
export * from './metricsServer';
