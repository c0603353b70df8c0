/**
 * The runs of a sweep on disk: run index → parameter point and seed, `<out>/runs/<index>/`, the marker that says a run
 * folder is finished (written last, so a folder without it is half-written and redone), and running one run. Shared
 * by the main thread (cli/sweep.ts) and the worker threads (cli/sweepWorker.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { readCsvFile } from '../reports/csvRead';
import type { SweepPlan, SweepRun } from '../reports/sweepCsv';
import { listScenarioFiles } from '../scenarios/load';
import { readSweepFile, type SweepSpec } from '../scenarios/kinds/sweep';
import { formatValue, SweepBase } from '../scenarios/sweepPoint';
import { runScenario } from './run';

/** Written last in a run folder: the run is finished. */
export const DONE_MARKER = '.done';

export const runDir = (out: string, index: number) => path.join(out, 'runs', String(index));
export const isFinished = (out: string, index: number) => fs.existsSync(path.join(runDir(out, index), DONE_MARKER));

/** Point p's values: the parameters' values in odometer order (the last parameter changes fastest). */
export function pointValues(spec: SweepSpec, point: number): unknown[] {
  const out: unknown[] = [];
  let rest = point;
  for (let i = spec.parameters.length - 1; i >= 0; i--) {
    const vs = spec.parameters[i].values;
    out[i] = vs[rest % vs.length];
    rest = Math.floor(rest / vs.length);
  }
  return out;
}

export function pointCount(spec: SweepSpec): number {
  return spec.parameters.reduce((n, p) => n * p.values.length, 1);
}

export function makePlan(spec: SweepSpec, sweepText: string): SweepPlan {
  const h = createHash('sha256').update('k8sim sweep v1\n').update(sweepText);
  for (const f of listScenarioFiles(spec.scenario)) h.update(`\nfile ${createHash('sha256').update(fs.readFileSync(f)).digest('hex')}`);
  const points = Array.from({ length: pointCount(spec) }, (_, p) => pointValues(spec, p).map(formatValue));
  const seedsPerPoint = Math.max(1, spec.seeds.length);
  return { sweep: spec.name, sweepHash: h.digest('hex'), parameters: spec.parameters.map((p) => p.path), points, seedsPerPoint, runs: points.length * seedsPerPoint };
}

/** The task a worker runs: one run of the sweep in `file`, written under `out`. */
export interface SweepTask {
  readonly file: string;
  readonly index: number;
  readonly out: string;
  readonly summaryOnly: boolean;
}

/** What a worker hands back: the run is on disk, or its bad input (exit 2) as a message. */
export interface SweepTaskResult {
  readonly index: number;
  readonly badInput?: string;
}

const bases = new Map<string, SweepBase>();

/** Runs one run into its folder: the folder is emptied first, the marker written last. */
export async function runOne(task: SweepTask): Promise<number> {
  let base = bases.get(task.file);
  if (!base) {
    base = new SweepBase(readSweepFile(task.file, fs.readFileSync(task.file, 'utf8')));
    bases.set(task.file, base);
  }
  const spec = base.spec;
  const perPoint = Math.max(1, spec.seeds.length);
  const point = Math.floor(task.index / perPoint);
  const seed = spec.seeds.length > 0 ? spec.seeds[task.index % perPoint] : undefined;
  const scenario = base.scenario(pointValues(spec, point), seed);
  const dir = runDir(task.out, task.index);
  fs.rmSync(dir, { recursive: true, force: true });
  await runScenario(scenario, dir, { progress: false, summaryOnly: task.summaryOnly });
  fs.writeFileSync(path.join(dir, DONE_MARKER), '');
  return task.index;
}

/** A finished run read back: its seed (run.json) and summary.csv. */
export function readRun(out: string, index: number): SweepRun {
  const dir = runDir(out, index);
  const run = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as { seed: string };
  const figures = readCsvFile(path.join(dir, 'summary.csv')).map((r) => ({ scope: r.scope, namespace: r.namespace, name: r.name, figure: r.figure, value: r.value }));
  return { index, seed: run.seed, figures };
}
