export * from './policy';
export * from './kubernetesHpa';
export * from './targetTracking';
export * from './registry';
