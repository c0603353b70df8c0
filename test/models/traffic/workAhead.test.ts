/**
 * TrafficSource.nextWork draws a block of work values ahead: each request's work must still be drawWork(spec.cpu, ·)
 * of the work stream's next uniforms, one law at a time, across block boundaries (600 draws: 3 blocks of 256).
 * The reference draws one at a time from a second copy of the same stream (same seed, same name).
 */
import { createStream, RandomStreams } from '../../../engine/random';
import { micros } from '../../../engine/time';
import type { DurationDist } from '../../../models/draw';
import type { ServiceRuntime } from '../../../models/service/services';
import type { ResolvedTraffic } from '../../../models/traffic/spec';
import { drawWork, TrafficSource } from '../../../models/traffic/trafficSource';

function source(cpu: DurationDist): TrafficSource {
  const spec = {
    namespace: 'default',
    name: 't',
    service: 's',
    profile: { kind: 'constant', rps: 10 },
    arrivals: 'poisson',
    clients: { count: 1, popularity: { kind: 'uniform' } },
    cpu,
    memoryBytes: 0,
  } as unknown as ResolvedTraffic; // only the fields the constructor reads
  return new TrafficSource(spec, {} as ServiceRuntime, new RandomStreams(5));
}

describe('TrafficSource.nextWork draws ahead without changing a value', () => {
  it.each<DurationDist>([
    { kind: 'exponential', mean: micros(2_500) },
    { kind: 'uniform', min: micros(1_000), max: micros(3_000) },
    { kind: 'fixed', value: micros(2_000) },
    { kind: 'normal', mean: micros(2_000), stddev: micros(500) },
    { kind: 'lognormal', median: micros(2_000), sigma: 0.5 },
  ])('$kind: 600 draws equal drawWork one at a time', (cpu) => {
    const src = source(cpu);
    const u = createStream(5, 'traffic/default/t/work');
    const expected = Array.from({ length: 600 }, () => drawWork(cpu, () => u.next()));
    expect(Array.from({ length: 600 }, () => src.nextWork())).toEqual(expected);
    if (cpu.kind !== 'fixed') expect(new Set(expected).size).toBeGreaterThan(100); // the draws differ
  });
});
