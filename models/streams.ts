/**
 * The names of every random stream a run draws from, in one place: a stream is derived from (seed, name), so a
 * name is part of the trace's identity. Changing a name here changes traces; adding one shifts nobody's draws.
 */
import type { RandomStream } from '../engine/random';
import type { WorkloadKind } from './cluster/spec';

export const STREAMS = {
  /** A pod's own draws: its uid (bare pods), image pulls, container starts, exits, SIGTERM reactions. */
  pod: (namespace: string, name: string): string => `pod/${namespace}/${name}`,
  /** A workload's uid and, for a ReplicaSet or ReplicationController, its pods' generated names and uids. */
  workload: (kind: WorkloadKind, namespace: string, name: string): string => `${kind.toLowerCase()}/${namespace}/${name}`,
  /** A Job's uid and its pods' generated names and uids (Job and CronJob, issue #8). */
  job: (namespace: string, name: string): string => `job/${namespace}/${name}`,
  /** A CronJob's uid and its Jobs' uids. */
  cronJob: (namespace: string, name: string): string => `cronjob/${namespace}/${name}`,
  /** A DaemonSet's or StatefulSet's uid and its pods' uids (and, for a DaemonSet, their generated names). */
  apps: (kind: 'DaemonSet' | 'StatefulSet', namespace: string, name: string): string => `${kind.toLowerCase()}/${namespace}/${name}`,
  /** The scheduler's tie-breaks between equally scored nodes (selectHost). */
  scheduler: 'scheduler',
  /** A Service's load balancer (Random picks). */
  service: (namespace: string, name: string): string => `service/${namespace}/${name}`,
  /** A Traffic's arrivals, client picks, per-request work, retry backoff jitter and closed-loop think times. */
  traffic: (namespace: string, name: string, part: 'arrivals' | 'clients' | 'work' | 'retry' | 'think'): string => `traffic/${namespace}/${name}/${part}`,
  /** A policy object's uid (PodDisruptionBudget, ResourceQuota, LimitRange): `<kind lowercased>/<ns>/<name>`. */
  policy: (kind: string, namespace: string, name: string): string => `${kind.toLowerCase()}/${namespace}/${name}`,
  /** An HPA's autoscaler policy's own draws (AutoscalerInput.random), per HPA: drawn only by the policy. */
  autoscalerPolicy: (namespace: string, name: string): string => `autoscalerpolicy/${namespace}/${name}`,
  /** The node autoscaler policy's own draws (NodeAutoscalerInput.random): drawn only by the policy. */
  nodeAutoscalerPolicy: 'nodeautoscaler/policy',
} as const;

/** Hands out named streams (engine/random RandomStreams implements it). */
export interface StreamSource {
  get(name: string): RandomStream;
}
