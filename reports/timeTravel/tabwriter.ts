/**
 * The two text layouts kubectl prints: its tables (printers.GetNewTabWriter: tabwriter minwidth 10, padding 3) and
 * describe's aligned `Label:  value` blocks (describe.go: tabwriter minwidth 0, padding 2). Pure string work.
 */

/** A table: every column but the last padded to max(10, widest cell + 3). */
export function table(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const n = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: n }, (_, i) => Math.max(10, ...rows.map((r) => (r[i] ?? '').length + 3)));
  return rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]) : c)).join('')).join('\n') + '\n';
}

/**
 * Lines whose cells are separated by `\t`, aligned as Go's text/tabwriter aligns them: a column's width is taken over
 * the run of consecutive lines that have a cell in it (a line with fewer cells ends the run), plus 2 of padding.
 */
export function tabbed(lines: readonly string[], padding = 2): string {
  const cells = lines.map((l) => l.split('\t'));
  const out = cells.map((c) => [...c]);
  const maxCols = Math.max(0, ...cells.map((c) => c.length));
  for (let col = 0; col < maxCols - 1; col++) {
    let i = 0;
    while (i < cells.length) {
      if (cells[i].length - 1 <= col) {
        i++;
        continue;
      }
      let j = i;
      while (j < cells.length && cells[j].length - 1 > col) j++;
      const width = Math.max(...cells.slice(i, j).map((c) => c[col].length)) + padding;
      for (let k = i; k < j; k++) out[k][col] = cells[k][col].padEnd(width);
      i = j;
    }
  }
  return out.map((c) => c.join('')).join('\n') + '\n';
}
