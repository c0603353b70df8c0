/**
 * The sampled traces' clock: a sampler runs at t = 0, then every interval, and once more at the end of the run when
 * the run's duration is not a whole number of intervals (so the last row covers the run's last moments and a
 * trace's sums equal the run's totals), at SAMPLE priority (after every change of the instant). Samplers read; they
 * never change the cluster.
 */
import { Priority } from '../engine/priority';
import type { EventScheduler } from '../engine/simulator';
import { addMicros, ZERO, type Micros } from '../engine/time';

export interface SamplingConfig {
  /** Simulation spec.sampleInterval. */
  readonly interval: Micros;
  /** The run's duration: the last sample time. */
  readonly until: Micros;
}

export function scheduleSampling(clock: EventScheduler, name: string, config: SamplingConfig, sample: (at: Micros) => void): void {
  const type = clock.register<Micros>(name, (at) => {
    sample(at);
    const next = addMicros(at, config.interval);
    if (next <= config.until) clock.scheduleAt(next, type, next, Priority.SAMPLE);
    else if (at < config.until) clock.scheduleAt(config.until, type, config.until, Priority.SAMPLE);
  });
  clock.scheduleAt(ZERO, type, ZERO, Priority.SAMPLE);
}
