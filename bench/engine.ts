/**
 * Engine throughput: self-rescheduling timers with exponential delays through the Simulator, next to a raw
 * fastpriorityqueue push/pop loop of plain numbers with the same pending count, measured in the same process.
 * Wall-clock reads are fine here: benchmarks are not simulation code.
 */
import FastPriorityQueue from 'fastpriorityqueue';
import { Simulator, Priority, exponential, createStream, micros, seconds, US_PER_SECOND, type Micros } from '../engine';

export interface EngineBenchResult {
  readonly timers: number;
  readonly extraPending: number;
  readonly events: number;
  readonly engineEventsPerSec: number;
  readonly rawOpsPerSec: number;
}

function wallSeconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * `timers` timers each reschedule themselves with an exponential delay (mean 1 s) until `events` have run, while
 * `extraPending` further events wait far in the future (a large queue that is not the hot set).
 */
export function benchEngine(timers: number, events: number, extraPending: number): EngineBenchResult {
  const sim = new Simulator();
  const stream = createStream(1, 'bench/timers');
  const u = () => stream.next();
  let count = 0;
  const timer = sim.register<number>('bench/timer', (id) => {
    if (++count >= events) sim.stop();
    sim.schedule(Math.round(exponential(u, US_PER_SECOND)) as Micros, timer, id, Priority.KUBELET); // a cast: no call in the measured loop
  });
  const idle = sim.register<number>('bench/idle', () => undefined);
  const far = seconds(1e9); // 10¹⁵ µs
  for (let i = 0; i < extraPending; i++) sim.schedule(micros(far + Math.round(exponential(u, 1e12))), idle, i, Priority.KUBELET);
  for (let i = 0; i < timers; i++) sim.schedule(micros(Math.round(exponential(u, US_PER_SECOND))), timer, i, Priority.KUBELET);
  const t0 = process.hrtime.bigint();
  sim.runUntil(micros(far - 1));
  const engineSecs = wallSeconds(t0);

  // The same workload on the bare library: numbers in, numbers out, same pending count and number of pops.
  const raw = new FastPriorityQueue<number>((a, b) => a < b);
  for (let i = 0; i < extraPending; i++) raw.add(far + exponential(u, 1e12));
  for (let i = 0; i < timers; i++) raw.add(exponential(u, US_PER_SECOND));
  const t1 = process.hrtime.bigint();
  for (let i = 0; i < events; i++) {
    const t = raw.poll()!;
    raw.add(t + exponential(u, US_PER_SECOND));
  }
  const rawSecs = wallSeconds(t1);
  return { timers, extraPending, events: count, engineEventsPerSec: count / engineSecs, rawOpsPerSec: events / rawSecs };
}
