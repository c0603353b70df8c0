/**
 * The narrow view every model gets of the run (SimCore's context): the clock and event scheduling, named random
 * streams (names from models/streams.ts), the Kubernetes Events recorder and the cluster's API (the store). Each
 * model's constructor takes its own config besides; none sees the whole scenario, the run loop, the trace files,
 * the wall clock or Math.random.
 */
import type { EventScheduler } from '../engine/simulator';
import type { StreamSource } from './streams';
import type { ClusterStore } from './cluster/store';
import type { KubeEvents } from './kubeEvents';

export interface SimContext {
  readonly clock: EventScheduler;
  readonly streams: StreamSource;
  readonly events: KubeEvents;
  readonly store: ClusterStore;
}
