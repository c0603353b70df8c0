/**
 * The narrow view every model gets of the run: the clock and event scheduling (through the Simulator), named
 * random streams, the resolved settings, the shared cluster store and the event recorder. Models reach nothing else:
 * no wall clock, no Math.random, no files.
 */
import type { Simulator } from '../engine/simulator';
import type { RandomStreams } from '../engine/random';
import type { SimulationConfig } from './config';
import type { Recorder } from './recorder';
import type { ClusterStore } from './cluster/store';
import type { KubeEvents } from './kubeEvents';

export interface SimContext {
  readonly sim: Simulator;
  readonly streams: RandomStreams;
  readonly scenario: SimulationConfig;
  readonly recorder: Recorder;
  readonly store: ClusterStore;
  readonly events: KubeEvents;
}
