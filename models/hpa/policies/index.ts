/** Autoscaler policies: the interface, the built-ins (KubernetesHPA, TargetTracking) and their registry. Re-exports only. */
export * from './policy';
export * from './kubernetesHpa';
export * from './targetTracking';
export * from './registry';
