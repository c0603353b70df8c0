/**
 * `k8sim diff <a> <b>`: per trace file of two run folders, identical, only in one, or the first diverging line with
 * its context; then one line naming the summary.csv figures that moved. Exit 0 identical, 1 not, 2 bad input.
 * Also the second half of `k8sim run --check <golden-dir>`.
 */
import * as fs from 'node:fs';
import { InputError } from '../scenarios/errors';
import { diffTraceDirs, formatMove, type FileComparison, type TraceDiff } from '../reports/traceDiff';
import { reportFailure } from './failure';

/** At most this many moved figures are named on the summary line; the rest are counted. */
const MAX_FIGURES = 12;

function checkDir(dir: string, role: string): void {
  if (!fs.existsSync(dir)) throw new InputError(dir, undefined, undefined, `${role}: no such folder: expected the --out folder of a finished \`k8sim run\``);
  if (!fs.statSync(dir).isDirectory()) throw new InputError(dir, undefined, undefined, `${role}: not a folder: expected the --out folder of a finished \`k8sim run\``);
}

export function renderDiff(d: TraceDiff, a: string, b: string): string {
  const out: string[] = [];
  for (const c of d.files) out.push(...renderFile(c, a, b));
  const moved = d.figures;
  if (moved.length === 0) out.push('summary.csv figures: none moved');
  else {
    const named = moved.slice(0, MAX_FIGURES).map(formatMove).join('; ');
    const more = moved.length > MAX_FIGURES ? `; and ${moved.length - MAX_FIGURES} more` : '';
    out.push(`summary.csv figures: ${moved.length} moved: ${named}${more}`);
  }
  const differing = d.files.filter((c) => c.kind !== 'identical').length;
  out.push(d.identical ? `identical: ${d.files.length} files` : `different: ${differing} of ${d.files.length} files`);
  return out.join('\n') + '\n';
}

function renderFile(c: FileComparison, a: string, b: string): string[] {
  if (c.kind === 'identical') return [`${c.file}: identical (${c.lines} ${c.lines === 1 ? 'line' : 'lines'})`];
  if (c.kind === 'only') return [`${c.file}: only in ${c.side === 'a' ? a : b}`];
  const width = String(Math.max(...[...c.before, ...c.a, ...c.b].map(([n]) => n))).length;
  const line = (mark: string, [n, text]: readonly [number, string]) => `  ${mark} ${String(n).padStart(width)}  ${text}`;
  // A trace row starts with its time: say when the runs parted.
  const times = [c.a[0]?.[1], c.b[0]?.[1]].map((l) => (l === undefined ? undefined : /^(\d+\.\d{6}),/.exec(l)?.[1]));
  const when = times[0] !== undefined && times[1] !== undefined ? ` (time_s ${times[0] === times[1] ? times[0] : `${times[0]} vs ${times[1]}`})` : '';
  return [
    `${c.file}: differs from line ${c.line}${when}`,
    ...c.before.map((l) => line(' ', l)),
    ...(c.a.length ? c.a : [[c.line, '(end of file)'] as const]).map((l) => line('-', l)),
    ...(c.b.length ? c.b : [[c.line, '(end of file)'] as const]).map((l) => line('+', l)),
  ];
}

/** Prints the comparison of two run folders; returns the exit code (0 identical, 1 different, 2 bad input). */
export function diffCommand(a: string, b: string): number {
  try {
    checkDir(a, 'first folder');
    checkDir(b, 'second folder');
    const d = diffTraceDirs(a, b);
    if (d.files.length === 0) throw new InputError(a, undefined, undefined, `no trace files here nor in ${b}: expected the --out folders of finished \`k8sim run\`s`);
    process.stdout.write(`--- ${a}\n+++ ${b}\n` + renderDiff(d, a, b));
    return d.identical ? 0 : 1;
  } catch (e) {
    return reportFailure(e);
  }
}
