/**
 * The sampled traces' clock: a sampler runs at t = 0, then every interval up to and including the end of the run,
 * at SAMPLE priority (after every change of the instant). Samplers read; they never change the cluster.
 */
import { Priority } from '../engine/priority';
import type { EventScheduler } from '../engine/simulator';
import { addMicros, ZERO, type Micros } from '../engine/time';

export interface SamplingConfig {
  /** Simulation spec.sampleInterval. */
  readonly interval: Micros;
  /** The run's duration: the last sample time is the last multiple of the interval at or before it. */
  readonly until: Micros;
}

export function scheduleSampling(clock: EventScheduler, name: string, config: SamplingConfig, sample: (at: Micros) => void): void {
  const type = clock.register<Micros>(name, (at) => {
    sample(at);
    const next = addMicros(at, config.interval);
    if (next <= config.until) clock.scheduleAt(next, type, next, Priority.SAMPLE);
  });
  clock.scheduleAt(ZERO, type, ZERO, Priority.SAMPLE);
}
