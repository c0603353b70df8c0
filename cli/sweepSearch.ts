/**
 * Capacity search (`spec.search` of a Sweep): a monotone bisection over one parameter's values, each step run over
 * every seed; a value passes when the objective holds in at least `confidence` of the seeds. Prints the answer and
 * the evidence, writes search.csv (plus sweep.csv and sweep-summary.csv over the runs it made).
 */
import { stringify } from 'csv-stringify/sync';
import * as path from 'node:path';
import { writeFileAtomic } from '../reports/csvFile';
import { figureKey, figureStats, type SweepPlan, type SweepRun } from '../reports/sweepCsv';
import type { SweepSearch, SweepSpec } from '../scenarios/kinds/sweep';
import { formatValue } from '../scenarios/sweepPoint';
import { makeProgress, writeSweepCsvs, type RunPool } from './sweepPool';
import { readRun } from './sweepRuns';

/** One value's evidence: how many seeds met the objective, and the figure over them. */
export interface SearchStep {
  readonly value: number;
  readonly runs: readonly SweepRun[];
  readonly met: number;
  readonly passes: boolean;
}

/** Does one run meet the objective? A run without the figure (empty or absent) does not. */
export function meets(search: SweepSearch, run: SweepRun): boolean {
  const v = figureValue(search, run);
  if (v === undefined) return false;
  return 'max' in search.objective.bound ? v <= search.objective.bound.max : v >= search.objective.bound.min;
}

function figureValue(search: SweepSearch, run: SweepRun): number | undefined {
  const f = search.objective.figure;
  const row = run.figures.find((r) => figureKey(r.scope, r.namespace, r.name, r.figure) === f.key);
  return row === undefined || row.value === '' ? undefined : Number(row.value);
}

/**
 * The bisection over value indices 0..n−1, given `passes(i)`. `smallest`: passes is false…false true…true, the answer
 * is the first true; `largest`: true…true false…false, the last true. Undefined when no value passes. Probes the far
 * end first, then halves the interval: ⌈log₂ n⌉ + 1 probes at most.
 */
export async function bisect(n: number, find: 'smallest' | 'largest', passes: (i: number) => Promise<boolean>): Promise<number | undefined> {
  if (find === 'smallest') {
    if (!(await passes(n - 1))) return undefined;
    let lo = -1; // every index ≤ lo fails (assumed for −1)
    let hi = n - 1; // passes
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await passes(mid)) hi = mid;
      else lo = mid;
    }
    return hi;
  }
  if (!(await passes(0))) return undefined;
  let lo = 0; // passes
  let hi = n; // every index ≥ hi fails (assumed for n)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await passes(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

export async function runSearch(spec: SweepSpec, plan: SweepPlan, out: string, pool: RunPool, o: { quiet: boolean; progress: boolean }): Promise<number> {
  const search = spec.search!;
  const param = spec.parameters[search.parameter];
  const values = param.values as number[];
  const per = plan.seedsPerPoint;
  const steps: SearchStep[] = [];
  // The other parameters have one value each, so value index i is parameter point i.
  const passes = async (i: number): Promise<boolean> => {
    const indices = Array.from({ length: per }, (_, s) => i * per + s);
    const progress = await makeProgress(per, o.progress);
    try {
      await pool.run(indices, progress.tick);
    } finally {
      progress.stop();
    }
    const runs = indices.map((x) => readRun(out, x));
    const met = runs.filter((r) => meets(search, r)).length;
    const step = { value: values[i], runs, met, passes: met >= search.confidence * per - 1e-9 };
    steps.push(step);
    return step.passes;
  };
  const answer = await bisect(values.length, search.find, passes);

  const f = search.objective.figure;
  const bound = 'max' in search.objective.bound ? `≤ ${search.objective.bound.max}` : `≥ ${search.objective.bound.min}`;
  const header = [param.path, 'runs', 'met', 'share', 'passes', `${f.key}_mean`, `${f.key}_min`, `${f.key}_max`];
  const fmt = (v: number | undefined) => (v === undefined ? '' : Number.isInteger(v) ? String(v) : v.toFixed(3));
  const rows = [...steps]
    .sort((a, b) => a.value - b.value)
    .map((s) => {
      const vs = s.runs.map((r) => figureValue(search, r)).filter((v): v is number => v !== undefined);
      return [formatValue(s.value), String(s.runs.length), String(s.met), (s.met / s.runs.length).toFixed(3), s.passes ? 'yes' : 'no', fmt(figureStats(vs).mean), fmt(vs.length ? Math.min(...vs) : undefined), fmt(vs.length ? Math.max(...vs) : undefined)];
    });
  writeFileAtomic(out, 'search.csv', stringify([header, ...rows], { record_delimiter: 'unix' }));
  writeSweepCsvs(out, plan, steps.flatMap((s) => s.runs), true);

  const objective = `${f.key} ${bound} in ≥ ${(search.confidence * 100).toFixed(search.confidence * 100 === Math.round(search.confidence * 100) ? 0 : 1)} % of ${per} seed${per === 1 ? '' : 's'}`;
  const verdict =
    answer === undefined
      ? `no value of ${param.path} in ${formatValue(values[0])}…${formatValue(values[values.length - 1])} meets ${objective}`
      : `${param.path} = ${formatValue(values[answer])}: the ${search.find} value where ${objective}`;
  if (!o.quiet) {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i])).join('  ');
    process.stdout.write(`k8sim: search ${spec.name}: ${verdict}\n\n${[line(header), ...rows.map(line)].join('\n')}\n\nk8sim: evidence in ${path.join(out, 'search.csv')}, runs in ${path.join(out, 'sweep.csv')}\n`);
  }
  return 0;
}
