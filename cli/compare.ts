/**
 * `k8sim compare <out-dir>...`: the summary figures of several runs side by side, one row per (scope, object,
 * figure), one column per run, as a terminal table, CSV or Markdown. Reads only the runs' summary.csv and run.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { readCsvFile } from '../reports/csvRead';
import { InputError } from '../scenarios/errors';
import { reportFailure } from './failure';

export type CompareFormat = 'table' | 'csv' | 'markdown';

interface RunSummary {
  readonly label: string;
  readonly values: Map<string, string>;
}

function loadRun(dir: string): RunSummary {
  const file = path.join(dir, 'summary.csv');
  if (!fs.existsSync(file)) throw new InputError(dir, undefined, undefined, 'no summary.csv here: expected the --out folder of a finished `k8sim run`');
  const values = new Map<string, string>();
  for (const r of readCsvFile(file)) values.set([r.scope, r.namespace, r.name, r.figure].join('\u0000'), r.value);
  let label = path.basename(path.resolve(dir));
  const runJson = path.join(dir, 'run.json');
  if (fs.existsSync(runJson)) {
    const run = JSON.parse(fs.readFileSync(runJson, 'utf8')) as { policies?: string[]; nodeAutoscaler?: string };
    const names = [...(run.policies ?? []), ...(run.nodeAutoscaler !== undefined ? [`nodes: ${run.nodeAutoscaler}`] : [])];
    if (names.length) label = `${label} (${names.join(', ')})`;
  }
  return { label, values };
}

export function compareTable(dirs: readonly string[]): string[][] {
  const runs = dirs.map(loadRun);
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of runs) for (const k of r.values.keys()) if (!seen.has(k)) (seen.add(k), keys.push(k));
  const header = ['scope', 'object', 'figure', ...runs.map((r) => r.label)];
  const rows = keys.map((k) => {
    const [scope, ns, name, figure] = k.split('\u0000');
    const object = scope === 'run' ? '' : ns ? `${ns}/${name}` : name;
    return [scope, object, figure, ...runs.map((r) => r.values.get(k) ?? '')];
  });
  return [header, ...rows];
}

export function renderCompare(table: string[][], format: CompareFormat): string {
  if (format === 'csv') return stringify(table);
  if (format === 'markdown') {
    const esc = (s: string) => s.replace(/\|/g, '\\|');
    const [h, ...rows] = table;
    return [`| ${h.map(esc).join(' | ')} |`, `|${h.map((_, i) => (i < 3 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n') + '\n';
  }
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  return (
    table
      .map((r, ri) => {
        const line = r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
        return ri === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
      })
      .join('\n') + '\n'
  );
}

export function compareCommand(dirs: readonly string[], format: CompareFormat): number {
  try {
    process.stdout.write(renderCompare(compareTable(dirs), format));
    return 0;
  } catch (e) {
    return reportFailure(e);
  }
}
