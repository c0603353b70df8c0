/**
 * services.csv: every Service every sampleInterval (t = 0 to the end, inclusive) at SAMPLE priority, after every
 * change of the instant: endpoints in use, the interval's arrivals, successes, errors by kind and latency
 * percentiles. Takes each Service's interval counters; changes nothing else.
 */
import { Priority } from '../../engine/priority';
import type { SimContext } from '../context';
import type { Services } from './services';
import { SessionAffinity } from './sessionAffinity';

export function scheduleServiceSampling(ctx: SimContext, services: Services): void {
  if (services.list.length === 0) return;
  const interval = ctx.scenario.sampleInterval;
  const type = ctx.sim.register<number>('sample/services', (at) => {
    for (const svc of services.list) {
      const i = svc.stats.takeInterval();
      ctx.recorder.service?.({ time: at, namespace: svc.spec.namespace, service: svc.spec.name, endpoints: svc.endpointsInUse, ...i });
      // CleanupStaleStickySessions: forgetting expired entries never changes a pick, only memory.
      if (svc.lb instanceof SessionAffinity) svc.lb.cleanupStaleStickySessions(at);
    }
    const next = at + interval;
    if (next <= ctx.scenario.duration) ctx.sim.scheduleAt(next, type, next, Priority.SAMPLE);
  });
  ctx.sim.scheduleAt(0, type, 0, Priority.SAMPLE);
}
