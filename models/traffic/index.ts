/** Request-level traffic: rate profiles, arrivals, clients, the pod's request server and node CPU shares. Re-exports only. */
export * from './profile';
export * from './arrivals';
export * from './clients';
export * from './exact';
export * from './podServer';
export * from './nodeShare';
export * from './memoryLeak';
export * from './podUsage';
export * from './nodeCpu';
export * from './trafficSource';
export * from './trafficModel';
export * from './spec';
export * from './serving';
