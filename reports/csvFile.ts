/**
 * One streamed CSV trace: rows are quoted as csv-stringify quotes them and encoded into a buffer that is flushed to
 * disk with synchronous writes every 64 KiB, so memory stays flat however long the run. The file is
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
const QUOTE = /"/g;
const COMMA = 0x2c;
const QUOTE_CODE = 0x22;
const NEWLINE = 0x0a;

export class CsvFile {
  readonly finalPath: string;
  readonly tempPath: string;
  private fd: number;
  /**
   * Bytes not yet written to disk: rows are encoded (UTF-8, as a string write would) into this buffer as they come
   * and written every FLUSH_BYTES. Issue #13: rows appended to one string made a rope of the row texts' pieces,
   * flattened and then encoded at each write (≈ 4 % of the lifecycle at scale's CPU, with the pieces' garbage).
   */
  private buf = Buffer.alloc(2 * FLUSH_BYTES);
  private at = 0;
  /** A row built cell by cell (cell, plain) has a cell already: the next one starts with a comma. */
  private inRow = false;
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
    for (let i = 0; i < cells.length; i++) this.put(cells[i], i >= textFrom && i < textTo);
    this.end();
  }

  /** The next cell of the current row: a text cell, quoted as write() quotes its text cells (see put). */
  cell(text: string): void {
    this.put(text, true);
  }

  /** The next cell of the current row, written as it is: the caller's formatted number or time (never needs quotes). */
  plain(text: string): void {
    this.put(text, false);
  }

  /** Ends the row made of the cells given since the last end() (or write()). */
  end(): void {
    if (this.at >= this.buf.length) this.room(1);
    this.buf[this.at++] = NEWLINE;
    this.inRow = false;
    this.rows++;
    if (this.at >= FLUSH_BYTES) this.flush();
  }

  /**
   * Encodes one cell (after its comma), in quotes with inner quotes doubled when `quote` and it holds a comma, a
   * quote or a line break. ASCII is copied code by code; a cell with any other character goes through Buffer's UTF-8
   * encoder, the one a string write uses (lone surrogates included), so the bytes are a string write's.
   */
  private put(s: string, quote: boolean): void {
    const n = s.length;
    // At most: comma, two quotes, every code doubled (a quote) or 3 bytes (UTF-8 of one UTF-16 code).
    if (this.at + 6 * n + 3 > this.buf.length) this.room(6 * n + 3);
    const b = this.buf;
    let o = this.at;
    if (this.inRow) b[o++] = COMMA;
    this.inRow = true;
    let special = false;
    let ascii = true;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === COMMA || c === QUOTE_CODE || c === NEWLINE) special = true;
      else if (c > 0x7f) ascii = false;
    }
    const quoting = quote && special;
    if (!ascii) {
      this.at = o + b.write(quoting ? `"${s.replace(QUOTE, '""')}"` : s, o, 'utf8');
      return;
    }
    if (quoting) {
      b[o++] = QUOTE_CODE;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c === QUOTE_CODE) b[o++] = QUOTE_CODE;
        b[o++] = c;
      }
      b[o++] = QUOTE_CODE;
    } else {
      for (let i = 0; i < n; i++) b[o++] = s.charCodeAt(i);
    }
    this.at = o;
  }

  /** Makes room for `bytes` more: writes out what the buffer holds (a row may end in the next write), grows it if need be. */
  private room(bytes: number): void {
    this.flush();
    if (bytes > this.buf.length) this.buf = Buffer.alloc(bytes);
  }

  private flush(): void {
    let done = 0;
    while (done < this.at) done += fs.writeSync(this.fd, this.buf, done, this.at - done);
    this.at = 0;
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
