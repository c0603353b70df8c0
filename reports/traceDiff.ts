/**
 * Compares two trace folders file by file, streaming (two LineReaders side by side, a few lines of context kept), and
 * the figures of their summary.csv. Pure over the files: reads, never writes; the CLI (cli/diff.ts) prints the result.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineReader } from './lineReader';
import { readCsvFile } from './csvRead';

/** Lines shown before and after the first diverging line. */
export const DIFF_CONTEXT = 3;

/**
 * run.json fields that describe the build, the inputs' bytes or the engine's bookkeeping rather than the cluster's
 * behaviour (the same ones the golden fixtures drop, test/golden/golden.ts): ignored when comparing run.json.
 */
const VOLATILE_RUN_FIELDS = ['k8sim', 'scenarioHash'] as const;

export type FileComparison =
  | { readonly file: string; readonly kind: 'identical'; readonly lines: number }
  | { readonly file: string; readonly kind: 'only'; readonly side: 'a' | 'b' }
  | {
      readonly file: string;
      readonly kind: 'differs';
      /** 1-based line number of the first diverging line (the same in both files: all lines before it are equal). */
      readonly line: number;
      /** Up to DIFF_CONTEXT equal lines before it, with their numbers. */
      readonly before: readonly (readonly [number, string])[];
      /** From the diverging line on, up to DIFF_CONTEXT + 1 lines of each side (fewer at its end). */
      readonly a: readonly (readonly [number, string])[];
      readonly b: readonly (readonly [number, string])[];
    };

export interface FigureMove {
  readonly key: string;
  readonly a?: string;
  readonly b?: string;
}

export interface TraceDiff {
  readonly files: readonly FileComparison[];
  /** summary.csv figures whose value differs or that exist on one side only, in a's order then b's. */
  readonly figures: readonly FigureMove[];
  readonly identical: boolean;
}

/** The files compared: every CSV trace, summary.csv and run.json present in either folder (temporaries excluded). */
function comparable(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => !f.startsWith('.') && (f.endsWith('.csv') || f === 'run.json'));
}

export function diffTraceDirs(a: string, b: string): TraceDiff {
  const inA = new Set(comparable(a));
  const inB = new Set(comparable(b));
  const names = [...new Set([...inA, ...inB])].sort();
  const files: FileComparison[] = names.map((f) => {
    if (!inB.has(f)) return { file: f, kind: 'only', side: 'a' };
    if (!inA.has(f)) return { file: f, kind: 'only', side: 'b' };
    return f === 'run.json' ? compareRunJson(path.join(a, f), path.join(b, f)) : compareFiles(f, path.join(a, f), path.join(b, f));
  });
  const figures = inA.has('summary.csv') && inB.has('summary.csv') ? figureMoves(path.join(a, 'summary.csv'), path.join(b, 'summary.csv')) : [];
  return { files, figures, identical: files.every((c) => c.kind === 'identical') };
}

/** Line by line, keeping the last DIFF_CONTEXT equal lines; stops reading DIFF_CONTEXT lines after the divergence. */
export function compareFiles(name: string, fileA: string, fileB: string): FileComparison {
  return compareReaders(name, new LineReader(fileA), new LineReader(fileB));
}

interface Lines {
  next(): string | undefined;
  close?(): void;
}

function compareReaders(name: string, ra: Lines, rb: Lines): FileComparison {
  const before: [number, string][] = [];
  for (let n = 1; ; n++) {
    const la = ra.next();
    const lb = rb.next();
    if (la === undefined && lb === undefined) return { file: name, kind: 'identical', lines: n - 1 };
    if (la === lb) {
      before.push([n, la as string]);
      if (before.length > DIFF_CONTEXT) before.shift();
      continue;
    }
    const take = (first: string | undefined, r: Lines) => {
      const out: [number, string][] = [];
      let l = first;
      for (let k = 0; k <= DIFF_CONTEXT && l !== undefined; k++) {
        out.push([n + k, l]);
        if (k < DIFF_CONTEXT) l = r.next();
      }
      r.close?.();
      return out;
    };
    return { file: name, kind: 'differs', line: n, before, a: take(la, ra), b: take(lb, rb) };
  }
}

/** run.json without its volatile fields and `counts.eventsProcessed`, pretty-printed, then compared line by line. */
function compareRunJson(fileA: string, fileB: string): FileComparison {
  const norm = (f: string) => {
    const run = JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, unknown>;
    for (const k of VOLATILE_RUN_FIELDS) delete run[k];
    const counts = run.counts as Record<string, unknown> | undefined;
    if (counts) delete counts.eventsProcessed;
    const lines = JSON.stringify(run, null, 2).split('\n');
    let i = 0;
    return { next: () => lines[i++] };
  };
  return compareReaders('run.json', norm(fileA), norm(fileB));
}

function figureMoves(fileA: string, fileB: string): FigureMove[] {
  const load = (f: string) => {
    const m = new Map<string, string>();
    for (const r of readCsvFile(f)) m.set(figureKey(r), r.value);
    return m;
  };
  const va = load(fileA);
  const vb = load(fileB);
  const out: FigureMove[] = [];
  for (const [k, x] of va) if (vb.get(k) !== x) out.push({ key: k, a: x, b: vb.get(k) });
  for (const [k, y] of vb) if (!va.has(k)) out.push({ key: k, b: y });
  return out;
}

/** `requests_over_slo_pct` for a run figure, `Service default/web requests` for an object's. */
function figureKey(r: Record<string, string>): string {
  if (r.scope === 'run') return r.figure;
  return `${r.scope} ${r.namespace ? `${r.namespace}/` : ''}${r.name} ${r.figure}`;
}

/** `1.5 → 3 (+1.5)`; `12 → (absent)`; text values without a delta. The delta is rounded to the inputs' decimals. */
export function formatMove(m: FigureMove): string {
  const a = m.a ?? '(absent)';
  const b = m.b ?? '(absent)';
  let delta = '';
  if (m.a !== undefined && m.b !== undefined && m.a !== '' && m.b !== '' && Number.isFinite(Number(m.a)) && Number.isFinite(Number(m.b))) {
    const decimals = Math.max(decimalsOf(m.a), decimalsOf(m.b));
    const d = Number(m.b) - Number(m.a);
    delta = ` (${d >= 0 ? '+' : ''}${d.toFixed(decimals)})`;
  }
  return `${m.key} ${a || '(empty)'} → ${b || '(empty)'}${delta}`;
}

function decimalsOf(s: string): number {
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}
