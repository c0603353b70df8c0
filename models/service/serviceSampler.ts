/**
 * services.csv: every Service every sampleInterval (t = 0 to the end, inclusive) at SAMPLE priority, after every
 * change of the instant: endpoints in use, the interval's arrivals, successes, errors by kind and latency
 * percentiles. Takes each Service's interval counters; changes nothing else.
 */
import type { EventScheduler } from '../../engine/simulator';
import type { Recorder } from '../recorder';
import { scheduleSampling, type SamplingConfig } from '../sampling';
import type { Services } from './services';

export function scheduleServiceSampling(clock: EventScheduler, config: SamplingConfig, recorder: Recorder, services: Services): void {
  if (services.list.length === 0) return;
  scheduleSampling(clock, 'sample/services', config, (at) => {
    for (const svc of services.list) {
      const i = svc.stats.takeInterval();
      recorder.service?.({ time: at, namespace: svc.spec.namespace, service: svc.spec.name, endpoints: svc.endpointsInUse, ...i });
      // CleanupStaleStickySessions: forgetting expired entries never changes a pick, only memory.
      svc.lb.cleanup?.(at);
    }
  });
}
