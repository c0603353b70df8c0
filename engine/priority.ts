/**
 * The few priority levels of the event queue. At equal times, lower levels run first; within a level, events run
 * in the order they were scheduled (FIFO by sequence number).
 */
export const Priority = {
  /** User actions from the scenario's timeline (scale, delete, node down): the world changes before anyone reacts. */
  ACTION: 0,
  /** Nodes and kubelets: container starts and exits, probes, node heartbeats. */
  KUBELET: 1,
  /** Request traffic: arrivals and completions at Services and pods. */
  TRAFFIC: 2,
  /** Control plane: scheduler, ReplicaSet/Deployment controllers, endpoints, autoscalers; they see the kubelets' state of this instant. */
  CONTROLLER: 3,
  /** Observers: samplers that write traces see the settled state of the instant, after every change at that time. */
  SAMPLE: 4,
} as const;

export type PriorityLevel = (typeof Priority)[keyof typeof Priority];

export const PRIORITY_NAMES: readonly string[] = ['ACTION', 'KUBELET', 'TRAFFIC', 'CONTROLLER', 'SAMPLE'];
