/**
 * `k8sim get <resource> --at T <out-dir>` and `k8sim describe <kind> NAME --at T <out-dir>`: kubectl's views of the
 * cluster at one virtual instant, rebuilt from a finished run's traces (reports/timeTravel). Reads, never writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDuration, seconds, formatGoDuration, type Micros } from '../engine/time';
import { InputError } from '../scenarios/errors';
import { getTable, RESOURCE_ALIASES, GET_RESOURCES } from '../reports/timeTravel/get';
import { describe, DESCRIBE_ALIASES, NotFoundError } from '../reports/timeTravel/describe';
import { MissingTraceError } from '../reports/timeTravel/state';
import { table } from '../reports/timeTravel/tabwriter';
import { reportFailure } from './failure';

export interface TimeTravelOptions {
  readonly dir: string;
  /** `--at` as written; undefined = the end of the run. */
  readonly at?: string;
  readonly namespace?: string;
  readonly allNamespaces: boolean;
  readonly selector?: string;
  readonly output?: string;
}

/** The instant to show: `--at`, checked against the run's length (run.json), or the end of the run. */
function resolveAt(o: TimeTravelOptions): Micros {
  if (!fs.existsSync(o.dir) || !fs.statSync(o.dir).isDirectory()) throw new InputError(o.dir, undefined, undefined, 'no such folder: expected the --out folder of a finished `k8sim run`');
  const runJson = path.join(o.dir, 'run.json');
  const end = fs.existsSync(runJson) ? seconds(Number((JSON.parse(fs.readFileSync(runJson, 'utf8')) as { virtualDurationSeconds?: number }).virtualDurationSeconds)) : undefined;
  if (o.at === undefined) {
    if (end === undefined || !Number.isFinite(end)) throw new InputError(o.dir, undefined, '--at', 'no run.json here to take the end of the run from: give --at, e.g. --at 12m');
    return end;
  }
  const at = parseDuration(o.at);
  if (at === undefined) throw new InputError('--at', undefined, undefined, `expected a virtual time like 90s, 12m or 1h30m, got "${o.at}"`);
  if (end !== undefined && at > end) throw new InputError('--at', undefined, undefined, `${o.at} is after the end of the run (${formatGoDuration(end)}, run.json virtualDurationSeconds)`);
  return at;
}

function checkCommon(o: TimeTravelOptions): void {
  if (o.selector !== undefined) {
    throw new InputError('-l', undefined, undefined, `labels are not in the traces (pods.csv, workloads.csv, … name objects only), so "${o.selector}" cannot be matched; filter by name or namespace instead`);
  }
  if (o.output !== undefined && o.output !== 'wide') throw new InputError('-o', undefined, undefined, `expected "wide", got "${o.output}"`);
}

/** Prints one table; returns the exit code (0, or 2 for bad input and for a trace the view needs but the run did not write). */
export function getCommand(resource: string, o: TimeTravelOptions): number {
  try {
    checkCommon(o);
    const what = RESOURCE_ALIASES[resource.toLowerCase()];
    if (!what) throw new InputError(resource, undefined, undefined, `unknown resource type: expected one of ${GET_RESOURCES.join(', ')}`);
    const at = resolveAt(o);
    const namespace = o.allNamespaces ? undefined : (o.namespace ?? 'default');
    const t = getTable(o.dir, what, { at, wide: o.output === 'wide', namespace });
    if (t.rows.length === 0) {
      process.stderr.write(t.namespaced && namespace !== undefined ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n');
      return 0;
    }
    process.stdout.write(table([t.header, ...t.rows]));
    return 0;
  } catch (e) {
    return report(e, o.dir, `get ${resource}`);
  }
}

export function describeCommand(kind: string, name: string, o: TimeTravelOptions): number {
  try {
    checkCommon(o);
    const k = DESCRIBE_ALIASES[kind.toLowerCase()];
    if (!k) throw new InputError(kind, undefined, undefined, `cannot describe this kind: expected one of pod, node, deployment, hpa`);
    const at = resolveAt(o);
    process.stdout.write(describe(o.dir, k, name, o.namespace ?? 'default', at));
    return 0;
  } catch (e) {
    return report(e, o.dir, `describe ${kind}`);
  }
}

function report(e: unknown, dir: string, view: string): number {
  if (e instanceof MissingTraceError) {
    process.stderr.write(`k8sim: error: ${path.join(dir, e.file)}: ${view} needs ${e.file}, which this run did not write (${e.file} ${e.why})\n`);
    return 2;
  }
  if (e instanceof NotFoundError) {
    process.stderr.write(`${e.message}\n`);
    return 2;
  }
  return reportFailure(e);
}
