/** The HorizontalPodAutoscaler's pure arithmetic (replica calculator, normalization, one reconcile). Re-exports only. */
export * from './types';
export * from './settings';
export * from './spec';
export * from './metricsClient';
export * from './replicaCalculator';
export * from './normalize';
export * from './metricStatus';
export * from './reconcile';
