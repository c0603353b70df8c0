/**
 * The layer rule, checked over the import graph: `cli → scenarios → models → engine`, reports/ reading only the engine
 * and the recorder's record types, and no import cycle anywhere (type-only imports count). A small test rather than
 * dependency-cruiser: no new dependency, and the rule is 30 lines. It reads source files; it never runs them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/** file (relative to the root, `models/draw.ts`) → the files it imports, in source order. */
type ImportGraph = ReadonlyMap<string, readonly string[]>;

const ROOT = path.resolve(__dirname, '../..');
const LAYERS = ['engine', 'models', 'scenarios', 'reports', 'cli', 'bench'];

/**
 * What each layer may import besides node builtins and packages. models/recorder.ts holds the trace records that
 * reports/ writes, so it imports nothing from models/ itself: reports/ sees the records and nothing behind them.
 */
const MAY_IMPORT: Readonly<Record<string, (target: string) => boolean>> = {
  engine: (t) => t.startsWith('engine/'),
  'models/recorder.ts': (t) => t.startsWith('engine/'),
  models: (t) => t.startsWith('engine/') || t.startsWith('models/'),
  scenarios: (t) => t.startsWith('engine/') || t.startsWith('models/') || t.startsWith('scenarios/'),
  reports: (t) => t.startsWith('engine/') || t.startsWith('reports/') || t === 'models/recorder.ts',
  cli: () => true,
  bench: () => true,
};

/** Every .ts file under the layers with its relative imports resolved (static, type-only, re-exports, require/import() of a literal). */
function readImportGraph(root: string): ImportGraph {
  const graph = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts')) graph.set(rel, importsOf(root, rel));
    }
  };
  for (const layer of LAYERS) walk(layer);
  return graph;
}

function importsOf(root: string, file: string): string[] {
  const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(root, file), 'utf8'), true, true);
  return importedFiles.filter((f) => f.fileName.startsWith('.')).map((f) => resolve(root, file, f.fileName));
}

function resolve(root: string, from: string, specifier: string): string {
  const base = path.posix.join(path.posix.dirname(from), specifier);
  const found = [`${base}.ts`, `${base}/index.ts`, base].find((p) => fs.existsSync(path.join(root, p)) && fs.statSync(path.join(root, p)).isFile());
  if (!found) throw new Error(`${from}: cannot resolve import '${specifier}'`);
  return found;
}

/** `from -> to` for every import its layer does not allow. */
function layerViolations(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    const rule = MAY_IMPORT[from] ?? MAY_IMPORT[from.split('/')[0]];
    for (const to of targets) if (!rule(to)) out.push(`${from} -> ${to}`);
  }
  return out;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan), each sorted. */
function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** One shortest import path from the component's first file back to itself (breadth-first, inside the component). */
function cyclePath(graph: ImportGraph, component: readonly string[]): string {
  const start = component[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const w of graph.get(queue[i]) ?? []) {
      if (!component.includes(w) || cameFrom.has(w)) continue;
      cameFrom.set(w, queue[i]);
      if (w === start) {
        const files = [start];
        for (let v = cameFrom.get(start)!; v !== start; v = cameFrom.get(v)!) files.unshift(v);
        return [start, ...files].join(' -> ');
      }
      queue.push(w);
    }
  }
  throw new Error(`no cycle through ${start}`);
}

describe('the import graph', () => {
  const graph = readImportGraph(ROOT);

  it('reads every layer', () => {
    for (const layer of LAYERS) expect([...graph.keys()].some((f) => f.startsWith(`${layer}/`))).toBe(true);
    expect(graph.get('cli/run.ts')).toContain('scenarios/load.ts');
  });

  it('runs one way: cli → scenarios → models → engine; reports read only the engine and models/recorder.ts', () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  it('has no import cycle (type-only imports included)', () => {
    expect(importCycles(graph).map((c) => `${c.length} files: ${cyclePath(graph, c)}`)).toEqual([]);
  });
});

describe('the checker itself', () => {
  // given a small graph with an engine file importing a model, an upward import (models → scenarios), a reports
  // import past the recorder, a cycle through two layers and a file importing itself
  const synthetic: ImportGraph = new Map([
    ['engine/a.ts', []],
    ['engine/g.ts', ['engine/a.ts', 'models/recorder.ts']],
    ['models/b.ts', ['engine/a.ts', 'scenarios/c.ts']],
    ['scenarios/c.ts', ['models/d.ts']],
    ['models/d.ts', ['models/b.ts']],
    ['models/recorder.ts', ['engine/a.ts']],
    ['reports/e.ts', ['models/recorder.ts', 'models/d.ts']],
    ['cli/f.ts', ['cli/f.ts']],
  ]);

  it('reports each import its layer does not allow', () => {
    expect(layerViolations(synthetic)).toEqual(['engine/g.ts -> models/recorder.ts', 'models/b.ts -> scenarios/c.ts', 'reports/e.ts -> models/d.ts']);
  });

  it('reports every cycle, a file importing itself included, with a path around it', () => {
    const cycles = importCycles(synthetic);
    expect(cycles).toEqual([['models/b.ts', 'models/d.ts', 'scenarios/c.ts'], ['cli/f.ts']]);
    expect(cycles.map((c) => cyclePath(synthetic, c))).toEqual(['models/b.ts -> scenarios/c.ts -> models/d.ts -> models/b.ts', 'cli/f.ts -> cli/f.ts']);
  });

  it('resolves a relative import to its file or folder index', () => {
    expect(resolve(ROOT, 'models/hpa/reconcile.ts', './spec')).toBe('models/hpa/spec.ts');
    expect(resolve(ROOT, 'bench/engine.ts', '../engine')).toBe('engine/index.ts');
    expect(() => resolve(ROOT, 'models/draw.ts', './noSuchFile')).toThrow("models/draw.ts: cannot resolve import './noSuchFile'");
  });
});
