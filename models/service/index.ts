/** Services: endpoint selection and the load-balancing policies. Re-exports only. */
export * from './loadBalancer';
export * from './endpoints';
export * from './roundRobin';
export * from './random';
export * from './sessionAffinity';
export * from './registry';
export * from './serviceStats';
export * from './services';
export * from './serviceSampler';
export * from './config';
