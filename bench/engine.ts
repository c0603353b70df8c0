/**
 * Engine throughput: self-rescheduling timers with exponential delays through the Simulator, next to a raw
 * fastpriorityqueue push/pop loop of plain numbers measured in the same process. Wall-clock reads are fine here:
 * benchmarks are not simulation code.
 */
import FastPriorityQueue from 'fastpriorityqueue';
import { Simulator, Priority, exponential, createStream, US_PER_SECOND } from '../engine';

export interface EngineBenchResult {
  readonly pending: number;
  readonly events: number;
  readonly engineEventsPerSec: number;
  readonly rawOpsPerSec: number;
}

function wallSeconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** `pending` timers each reschedule themselves with an exponential delay (mean 1 s) until `events` have run. */
export function benchEngine(pending: number, events: number): EngineBenchResult {
  const sim = new Simulator();
  const stream = createStream(1, 'bench/timers');
  const u = () => stream.next();
  let count = 0;
  const timer = sim.register<number>('bench/timer', (id) => {
    if (++count >= events) sim.stop();
    sim.schedule(Math.round(exponential(u, US_PER_SECOND)), timer, id, Priority.KUBELET);
  });
  for (let i = 0; i < pending; i++) sim.schedule(Math.round(exponential(u, US_PER_SECOND)), timer, i, Priority.KUBELET);
  const t0 = process.hrtime.bigint();
  sim.runUntil(Number.MAX_SAFE_INTEGER);
  const engineSecs = wallSeconds(t0);

  // The same workload on the bare library: numbers in, numbers out, same pending count and number of pops.
  const raw = new FastPriorityQueue<number>((a, b) => a < b);
  for (let i = 0; i < pending; i++) raw.add(exponential(u, US_PER_SECOND));
  const t1 = process.hrtime.bigint();
  for (let i = 0; i < events; i++) {
    const t = raw.poll()!;
    raw.add(t + exponential(u, US_PER_SECOND));
  }
  const rawSecs = wallSeconds(t1);
  return { pending, events: count, engineEventsPerSec: count / engineSecs, rawOpsPerSec: events / rawSecs };
}
