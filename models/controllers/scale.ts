/** The scale subresource as controllers and timeline actions use it: write a workload's spec.replicas. */
export interface ScaleTargets {
  /** Sets spec.replicas of a Deployment, ReplicaSet or ReplicationController and lets its controller react. */
  setReplicas(kind: string, namespace: string, name: string, replicas: number): void;
}
