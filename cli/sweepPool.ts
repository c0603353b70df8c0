/**
 * The worker-thread pool of `k8sim sweep` (piscina: one run per task, finished runs skipped), its progress bar, and
 * the writing of sweep.csv / sweep-summary.csv. Results land on disk by run index, so the order in which workers
 * finish never shows in an output file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../reports/csvFile';
import { sweepCsv, sweepSummaryCsv, type SweepPlan, type SweepRun } from '../reports/sweepCsv';
import { InputError } from '../scenarios/errors';
import { Interrupted } from './signals';
import { isFinished, runDir, type SweepTask, type SweepTaskResult } from './sweepRuns';

/** What a sweep stopped by SIGINT or SIGTERM did (the rest of the one line Interrupted prints). */
export const SWEEP_STOPPED = 'the sweep stopped: the runs in flight were removed, the finished ones are kept (run the same command to resume)';

/**
 * Runs tasks on `workers` threads (finished runs skipped); `onDone` after each. Results land on disk, by index.
 * When a run fails or interrupt() is called, the pool is destroyed at once (its threads terminated where they are)
 * and every run of the call that is not finished loses its folder, so no half-written run is left behind.
 */
export class RunPool {
  private pool: import('piscina').Piscina | undefined;
  private closing: Promise<void> | undefined;
  private signal: NodeJS.Signals | undefined;
  constructor(
    private readonly workers: number,
    private readonly base: Omit<SweepTask, 'index'>,
  ) {}

  async run(indices: readonly number[], onDone: () => void): Promise<void> {
    this.stopIfSignalled();
    const todo = indices.filter((i) => !isFinished(this.base.out, i));
    for (let k = 0; k < indices.length - todo.length; k++) onDone();
    if (todo.length === 0) return;
    if (!this.pool) {
      const { Piscina } = await import('piscina');
      this.stopIfSignalled();
      this.pool = new Piscina({ filename: path.join(__dirname, 'sweepWorker.js'), minThreads: this.workers, maxThreads: this.workers, idleTimeout: 60_000 });
    }
    this.stopIfSignalled();
    const pool = this.pool;
    try {
      await Promise.all(
        todo.map((index) =>
          pool.run({ ...this.base, index } satisfies SweepTask).then((r: SweepTaskResult) => {
            // Bad input met during a run (a user's autoscaler policy failing): exit 2, naming the run.
            if (r.badInput !== undefined) throw new InputError(this.base.file, undefined, undefined, `run ${index}: ${r.badInput}`);
            onDone();
          }),
        ),
      );
    } catch (e) {
      // The other runs in flight stop where they are (their threads terminated, so nothing writes any more); then
      // each run of this call without its .done marker loses its folder, with whatever partial files it held.
      await this.close();
      for (const i of todo) if (!isFinished(this.base.out, i)) fs.rmSync(runDir(this.base.out, i), { recursive: true, force: true });
      this.stopIfSignalled();
      throw e;
    }
  }

  /** SIGINT or SIGTERM: the threads are terminated now; the pending run() removes the runs in flight and throws Interrupted. */
  interrupt(signal: NodeJS.Signals): void {
    this.signal ??= signal;
    void this.close();
  }

  async close(): Promise<void> {
    this.closing ??= this.pool?.destroy() ?? Promise.resolve();
    await this.closing;
  }

  private stopIfSignalled(): void {
    if (this.signal !== undefined) throw new Interrupted(this.signal, SWEEP_STOPPED);
  }
}

export async function makeProgress(total: number, on: boolean): Promise<{ tick: () => void; stop: () => void }> {
  if (!on) return { tick: () => undefined, stop: () => undefined };
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar({ format: 'k8sim sweep [{bar}] {percentage}% | {value}/{total} runs | ETA {eta_formatted}', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  bar.start(total, 0);
  return { tick: () => bar.increment(), stop: () => bar.stop() };
}

/** sweep.csv, and with `summary` sweep-summary.csv (a shard has only some seeds of a point: no summary). */
export function writeSweepCsvs(out: string, plan: SweepPlan, runs: readonly SweepRun[], summary: boolean): void {
  writeFileAtomic(out, 'sweep.csv', sweepCsv(plan, runs));
  if (summary) writeFileAtomic(out, 'sweep-summary.csv', sweepSummaryCsv(plan, runs));
}

