/**
 * One streamed CSV trace: rows are quoted as csv-stringify quotes them and appended to a string that is flushed to
 * disk with synchronous writes every 64 Ki characters, so memory stays flat however long the run. The file is
 * written under a temporary name and renamed by commit(); abort() removes it, so a failed run never leaves a file
 * that looks complete. Cells arrive as strings already formatted by the caller's fixed rules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const FLUSH_BYTES = 64 * 1024;

/**
 * With the options used here csv-stringify quotes a string cell exactly when it contains the delimiter, the quote or
 * the record delimiter `\n` (api/index.js stringify: containsdelimiter, containsQuote, containsRecordDelimiter; a
 * `\r` alone is not quoted, as an explicit record_delimiter sets quote_record_delimiter false; no formula escaping,
 * no quoted_* options, and escape = quote so containsEscape is false), doubles every quote inside a quoted cell,
 * leaves an empty cell empty, joins the cells with commas and ends each record with `\n`. This writes exactly that
 * itself (issue #13: the Pulling/Pulled messages hold quotes, so about half of events.csv went through the library's
 * per-cell casting, tuples and option look-ups: 12 % of the lifecycle at scale's allocations).
 * test/reports/csvFile.test.ts checks the equivalence with csv-stringify on random rows.
 */
const NEEDS_QUOTING = /[,"\n]/;
const QUOTE = /"/g;

/** A cell as csv-stringify writes it (see above): for callers that build a row's text themselves (writeRow). */
export function quoted(cell: string): string {
  return NEEDS_QUOTING.test(cell) ? `"${cell.replace(QUOTE, '""')}"` : cell;
}

export class CsvFile {
  readonly finalPath: string;
  readonly tempPath: string;
  private fd: number;
  /** Rows not yet written to disk, as one string (appended to; flattened once by the write). */
  private text = '';
  rows = 0;

  constructor(dir: string, name: string, columns: readonly string[]) {
    this.finalPath = path.join(dir, name);
    this.tempPath = path.join(dir, `.${name}.partial`);
    this.fd = fs.openSync(this.tempPath, 'w');
    this.write(columns);
    this.rows = 0;
  }

  /**
   * Appends one row. Only cells `textFrom` ≤ i < `textTo` are checked for characters that need quoting (by default
   * every cell): a caller passes a narrower range when the other cells are its own formatted numbers and times
   * (reports/format.ts: digits, `.`, `-`, `e`, `+`, or empty), which never need it.
   */
  write(cells: readonly string[], textFrom = 0, textTo = cells.length): void {
    let plain = true;
    for (let i = textFrom; i < textTo; i++) {
      if (NEEDS_QUOTING.test(cells[i])) {
        plain = false;
        break;
      }
    }
    if (plain) this.text += cells.join(',');
    else {
      let row = quoted(cells[0]);
      for (let i = 1; i < cells.length; i++) row += ',' + quoted(cells[i]);
      this.text += row;
    }
    this.text += '\n';
    this.rows++;
    if (this.text.length >= FLUSH_BYTES) this.flush();
  }

  /**
   * Appends one row given as its text without the final `\n`: the caller joined the cells with commas, each text
   * cell through quoted() (what write() would make of the cells, with no list of them built per row).
   */
  writeRow(row: string): void {
    this.text += row;
    this.text += '\n';
    this.rows++;
    if (this.text.length >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.text.length === 0) return;
    fs.writeSync(this.fd, this.text);
    this.text = '';
  }

  /** Flushes and closes; the file keeps its temporary name (readable at tempPath) until commit(). */
  close(): void {
    if (this.fd < 0) return;
    this.flush();
    fs.closeSync(this.fd);
    this.fd = -1;
  }

  /** Closes (if still open) and renames to the final name. */
  commit(): void {
    this.close();
    fs.renameSync(this.tempPath, this.finalPath);
  }

  /** Closes and deletes the temporary file. */
  abort(): void {
    if (this.fd >= 0) {
      try {
        fs.closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = -1;
    }
    fs.rmSync(this.tempPath, { force: true });
  }
}

/** Writes `content` to `dir/name` through a temporary file and a rename. */
export function writeFileAtomic(dir: string, name: string, content: string): void {
  const tmp = path.join(dir, `.${name}.partial`);
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, path.join(dir, name));
}
