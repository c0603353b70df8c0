/**
 * sweep.csv (one row per run: index, parameters, seed, every summary figure) and sweep-summary.csv (per parameter
 * point and figure: runs, mean, standard deviation, 95 % Student-t confidence interval over the seeds). Pure
 * functions of the plan and the runs' summary rows, taken in run-index order, so neither the number of workers nor
 * sharding can change a byte.
 */
import { stringify } from 'csv-stringify/sync';
import { studentTQuantile } from './studentT';

/** What a sweep will run: written to `<out>/sweep-plan.json`, shared by every shard and by `sweep merge`. */
export interface SweepPlan {
  readonly sweep: string;
  /** SHA-256 of the Sweep file and every base scenario file: a resumed or merged sweep must be the same sweep. */
  readonly sweepHash: string;
  readonly parameters: readonly string[];
  /** Each point's parameter values as sweep.csv prints them; point p is runs p × seeds … p × seeds + seeds − 1. */
  readonly points: readonly (readonly string[])[];
  /** The number of seeds per point (≥ 1). */
  readonly seedsPerPoint: number;
  readonly runs: number;
}

/** One finished run: its index, the seed it used and its summary.csv rows. */
export interface SweepRun {
  readonly index: number;
  readonly seed: string;
  readonly figures: readonly { readonly scope: string; readonly namespace: string; readonly name: string; readonly figure: string; readonly value: string }[];
}

/**
 * The sweep.csv column of a summary.csv row: the figure for the run's own, else `<scope>/[<namespace>/]<name>:<figure>`.
 * The same rule as scenarios/sweepFigures.ts figureKey (reports/ may not import scenarios/; a test pins both).
 */
export function figureKey(scope: string, namespace: string, name: string, figure: string): string {
  if (scope === 'run') return figure;
  return namespace === '' ? `${scope}/${name}:${figure}` : `${scope}/${namespace}/${name}:${figure}`;
}

const csv = (rows: readonly (readonly string[])[]) => stringify(rows as string[][], { record_delimiter: 'unix' });

/** Every figure column, in order of first appearance over the runs taken by index. */
function figureColumns(runs: readonly SweepRun[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of runs) {
    for (const f of r.figures) {
      const k = figureKey(f.scope, f.namespace, f.name, f.figure);
      if (!seen.has(k)) (seen.add(k), out.push(k));
    }
  }
  return out;
}

function byKey(r: SweepRun): Map<string, string> {
  return new Map(r.figures.map((f) => [figureKey(f.scope, f.namespace, f.name, f.figure), f.value]));
}

const sorted = (runs: readonly SweepRun[]) => [...runs].sort((a, b) => a.index - b.index);

export function sweepCsv(plan: SweepPlan, runs: readonly SweepRun[]): string {
  const rs = sorted(runs);
  const cols = figureColumns(rs);
  const rows = rs.map((r) => {
    const v = byKey(r);
    return [String(r.index), ...plan.points[Math.floor(r.index / plan.seedsPerPoint)], r.seed, ...cols.map((c) => v.get(c) ?? '')];
  });
  return csv([['index', ...plan.parameters, 'seed', ...cols], ...rows]);
}

/** Integers as they are, other numbers with 3 decimals, as summary.csv prints them; empty when undefined. */
const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : Number.isInteger(v) ? String(v) : v.toFixed(3));

export interface FigureStats {
  readonly n: number;
  readonly mean?: number;
  readonly sd?: number;
  readonly ciLow?: number;
  readonly ciHigh?: number;
}

/** Mean, sample standard deviation (n − 1) and the two-sided 95 % Student-t interval of the mean (n ≥ 2). */
export function figureStats(values: readonly number[]): FigureStats {
  const n = values.length;
  if (n === 0) return { n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ciLow: mean - half, ciHigh: mean + half };
}

export const SWEEP_SUMMARY_STATS = ['runs', 'mean', 'sd', 'ci95_low', 'ci95_high'] as const;

/** Long format, one row per (point, figure): the figure over the point's runs that have a value for it. */
export function sweepSummaryCsv(plan: SweepPlan, runs: readonly SweepRun[]): string {
  const rs = sorted(runs);
  const cols = figureColumns(rs);
  const rows: string[][] = [];
  const byPoint = new Map<number, SweepRun[]>();
  for (const r of rs) {
    const p = Math.floor(r.index / plan.seedsPerPoint);
    if (!byPoint.has(p)) byPoint.set(p, []);
    byPoint.get(p)!.push(r);
  }
  for (const [p, list] of byPoint) {
    const maps = list.map(byKey);
    for (const c of cols) {
      const values = maps.map((m) => m.get(c)).filter((v): v is string => v !== undefined && v !== '').map(Number);
      const s = figureStats(values);
      rows.push([String(p), ...plan.points[p], c, String(s.n), fmt(s.mean), fmt(s.sd), fmt(s.ciLow), fmt(s.ciHigh)]);
    }
  }
  return csv([['point', ...plan.parameters, 'figure', ...SWEEP_SUMMARY_STATS], ...rows]);
}
