/**
 * `k8sim sweep sweep.yaml`: every parameter point × seed of a Sweep (or a capacity search over one parameter) on a
 * pool of worker threads, each run into `<out>/runs/<index>/`, then sweep.csv and sweep-summary.csv. Checks the whole
 * Sweep (every value of every parameter loaded once) before any run starts. The wall clock is never written.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../reports/csvFile';
import { openMarkedFolder } from './outFolder';
import type { SweepPlan, SweepRun } from '../reports/sweepCsv';
import { InputError } from '../scenarios/errors';
import { readSweepFile, type SweepSpec } from '../scenarios/kinds/sweep';
import { SweepBase } from '../scenarios/sweepPoint';
import { reportFailure } from './failure';
import { Interrupted, SignalWatch } from './signals';
import { isFinished, makePlan, readRun } from './sweepRuns';
import { runSearch } from './sweepSearch';
import { indexedJob, jobName } from './sweepJob';
import { makeProgress, RunPool, writeSweepCsvs } from './sweepPool';

export interface SweepOptions {
  readonly file: string;
  readonly out?: string;
  /** `--force`: replace the contents of a non-empty --out folder that is no sweep's output. */
  readonly force?: boolean;
  readonly workers?: number;
  readonly summaryOnly: boolean;
  /** `--shard i/n`: only the runs whose index mod n is i. */
  readonly shard?: { readonly index: number; readonly count: number };
  readonly quiet: boolean;
  readonly progress: boolean;
}

/** Reads and checks a Sweep: every value of every parameter applied once (the others at their first value). */
export function loadSweep(file: string): { spec: SweepSpec; text: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, undefined, undefined, `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const spec = readSweepFile(file, text);
  const base = new SweepBase(spec);
  const first = spec.parameters.map((p) => p.values[0]);
  base.scenario(first);
  spec.parameters.forEach((p, i) => {
    for (const v of p.values.slice(1)) base.scenario(first.map((f, j) => (j === i ? v : f)));
  });
  return { spec, text };
}

/**
 * Opens `out` for this plan: a folder holding another sweep's plan is refused (its runs would be mixed in), and so is
 * a non-empty folder that is no sweep's output, unless `force` (cli/outFolder.ts).
 */
export function openOut(out: string, plan: SweepPlan, force = false): void {
  const file = path.join(out, 'sweep-plan.json');
  const text = `${JSON.stringify(plan, null, 2)}\n`;
  if (!force && fs.existsSync(file) && fs.readFileSync(file, 'utf8') !== text) {
    throw new InputError(out, undefined, undefined, 'this folder holds the runs of another sweep (the Sweep or its scenario files changed): use another --out or delete it');
  }
  openMarkedFolder(out, 'sweep-plan.json', force);
  writeFileAtomic(out, 'sweep-plan.json', text);
}

export async function sweepCommand(o: SweepOptions): Promise<number> {
  let spec: SweepSpec;
  let plan: SweepPlan;
  let out: string;
  try {
    const loaded = loadSweep(o.file);
    spec = loaded.spec;
    plan = makePlan(spec, loaded.text);
    out = o.out ?? path.join('out', spec.name);
    if (o.shard && spec.search) throw new InputError(o.file, spec.doc.lineOf(['spec', 'search']), 'spec.search', 'a capacity search decides its next runs from the last ones: it cannot be sharded (drop --shard)');
    openOut(out, plan, o.force);
  } catch (e) {
    return reportFailure(e);
  }
  const workers = o.workers ?? os.availableParallelism();
  const pool = new RunPool(workers, { file: path.resolve(o.file), out: path.resolve(out), summaryOnly: o.summaryOnly });
  // SIGINT and SIGTERM from here on: the worker threads are terminated at once, the runs in flight removed, finished
  // runs kept; sweep.csv and sweep-summary.csv are not written; exit 128 + n with one line (cli/signals.ts).
  const signals = new SignalWatch((s) => pool.interrupt(s));
  try {
    if (spec.search) return await runSearch(spec, plan, out, pool, o);
    const all = Array.from({ length: plan.runs }, (_, i) => i);
    const mine = o.shard ? all.filter((i) => i % o.shard!.count === o.shard!.index) : all;
    const already = mine.filter((i) => isFinished(out, i)).length;
    const progress = await makeProgress(mine.length, o.progress);
    try {
      await pool.run(mine, progress.tick);
    } finally {
      progress.stop();
    }
    writeSweepCsvs(out, plan, mine.map((i) => readRun(out, i)), !o.shard);
    if (!o.quiet) {
      const what = o.shard ? `shard ${o.shard.index}/${o.shard.count}: ${mine.length} of ${plan.runs} runs` : `${plan.runs} runs`;
      process.stdout.write(`k8sim: sweep ${spec.name}: ${what} (${already} already finished) on ${workers} worker${workers === 1 ? '' : 's'}; ${path.join(out, 'sweep.csv')}${o.shard ? '' : `, ${path.join(out, 'sweep-summary.csv')}`}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof Interrupted) {
      process.stderr.write(`k8sim: ${e.message}\n`);
      return e.exitCode;
    }
    return reportFailure(e);
  } finally {
    await pool.close();
    signals.dispose();
  }
}

/**
 * `k8sim sweep merge <dirs...> --out D`: the shards' runs as one sweep, byte for byte what one process writes. SIGINT
 * or SIGTERM while it reads the runs stops it before anything is written (exit 130 / 143, one line); its writing is
 * one synchronous step, so a signal arriving then is too late to cut it (the files are written whole).
 */
export async function mergeCommand(dirs: readonly string[], out: string, quiet: boolean, force = false): Promise<number> {
  const signals = new SignalWatch();
  try {
    let plan: SweepPlan | undefined;
    let planText = '';
    for (const d of dirs) {
      const f = path.join(d, 'sweep-plan.json');
      if (!fs.existsSync(f)) throw new InputError(d, undefined, undefined, 'no sweep-plan.json here: expected the --out folder of a `k8sim sweep --shard`');
      const text = fs.readFileSync(f, 'utf8');
      if (plan === undefined) (plan = JSON.parse(text) as SweepPlan), (planText = text);
      else if (text !== planText) throw new InputError(f, undefined, undefined, `a different sweep from ${path.join(dirs[0], 'sweep-plan.json')} (another Sweep file or scenario)`);
    }
    const runs: SweepRun[] = [];
    for (let i = 0; i < plan!.runs; i++) {
      // Every 100 runs read (and before writing) the event loop turns, so a signal is heard and acted on.
      if (i % 100 === 0) await stopIfSignalled(signals);
      const d = dirs.find((x) => isFinished(x, i));
      if (d === undefined) throw new InputError(dirs.join(', '), undefined, undefined, `run ${i} is finished in none of these folders: run its shard (index mod n) again`);
      runs.push(readRun(d, i));
    }
    await stopIfSignalled(signals);
    openMarkedFolder(out, 'sweep-plan.json', force);
    writeFileAtomic(out, 'sweep-plan.json', planText);
    writeSweepCsvs(out, plan!, runs, true);
    if (!quiet) process.stdout.write(`k8sim: merged ${plan!.runs} runs from ${dirs.length} folders into ${path.join(out, 'sweep.csv')}, ${path.join(out, 'sweep-summary.csv')}\n`);
    return 0;
  } catch (e) {
    if (e instanceof Interrupted) {
      process.stderr.write(`k8sim: ${e.message}\n`);
      return e.exitCode;
    }
    return reportFailure(e);
  } finally {
    signals.dispose();
  }
}

/** Lets a pending SIGINT or SIGTERM reach its handler; throws Interrupted if one came. */
async function stopIfSignalled(signals: SignalWatch): Promise<void> {
  await new Promise((r) => setImmediate(r));
  if (signals.received !== undefined) throw new Interrupted(signals.received, MERGE_STOPPED);
}

const MERGE_STOPPED = 'the merge stopped before writing anything';

/** `--emit-indexed-job`: checks the Sweep (exit 2 on bad input, as a run would) and prints the Job. */
export function emitIndexedJob(file: string, o: { shards: number; parallelism: number; image: string; claim: string; summaryOnly: boolean }): number {
  try {
    const { spec } = loadSweep(file);
    if (spec.search) throw new InputError(file, spec.doc.lineOf(['spec', 'search']), 'spec.search', 'a capacity search cannot be sharded: run it with `k8sim sweep` in one place');
    process.stdout.write(indexedJob({ sweepFile: file, name: jobName(spec.name), ...o }));
    return 0;
  } catch (e) {
    return reportFailure(e);
  }
}
