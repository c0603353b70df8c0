/**
 * The autoscaling docs stay true to the code: the worked example in docs/autoscaling.md is the example module
 * verbatim, and docs/traces.md documents every hpa.csv column and every summary.csv figure the code writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hpaColumns } from '../../reports/hpaCsv';
import { SERVICE_COLUMNS } from '../../reports/traceWriter';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

/** The text of a `## heading` section of a Markdown file, up to the next `## `. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** Backquoted names in the first cell of each table row (`a`, `b` → both). */
function firstColumnNames(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const line of markdown.split('\n')) {
    const cell = /^\| ([^|]+) \|/.exec(line)?.[1];
    if (cell) for (const m of cell.matchAll(/`([^`]+)`/g)) names.add(m[1]);
  }
  return names;
}

test('the worked example in docs/autoscaling.md is scenarios/examples/hpa-compare/policies/step-scaling.js verbatim', () => {
  const block = /```js\n([\s\S]*?)```/.exec(read('docs/autoscaling.md'))?.[1];
  expect(block).toBe(read('scenarios/examples/hpa-compare/policies/step-scaling.js'));
});

test('docs/traces.md documents every hpa.csv column', () => {
  const documented = firstColumnNames(section(read('docs/traces.md'), 'hpa.csv'));
  for (const col of hpaColumns(3)) expect({ col, documented: documented.has(col.replace(/^metric\d+_/, 'metric<N>_')) }).toEqual({ col, documented: true });
});

test('docs/traces.md documents services.csv over_slo', () => {
  expect(SERVICE_COLUMNS).toContain('over_slo');
  expect(firstColumnNames(section(read('docs/traces.md'), 'services.csv')).has('over_slo')).toBe(true);
});

test('docs/traces.md documents exactly the summary.csv figures reports/summary.ts writes', () => {
  // The first lower-case string literal of each add(...) / addRun(...) call of summary.ts is a figure name.
  const written = new Set<string>();
  for (const m of read('reports/summary.ts').matchAll(/\badd(?:Run)?\([^']*?(?:'[A-Z][A-Za-z]*'[^']*?)?'([a-z_]+)'/g)) written.add(m[1]);
  const summary = section(read('docs/traces.md'), 'summary.csv');
  const documented = new Set([...firstColumnNames(summary)].filter((n) => /^[a-z_]+$/.test(n) && !['scope', 'namespace', 'name', 'figure', 'value'].includes(n)));
  expect([...written].sort()).toEqual([...documented].sort());
});
