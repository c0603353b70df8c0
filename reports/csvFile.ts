/**
 * One streamed CSV trace: rows are quoted by csv-stringify's record transform and appended to a buffer that is
 * flushed to disk with synchronous writes every 64 KiB, so memory stays flat however long the run. The file is
 * written under a temporary name and renamed by commit(); abort() removes it, so a failed run never leaves a file
 * that looks complete. Cells arrive as strings already formatted by the caller's fixed rules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stringifier } from 'csv-stringify';

const FLUSH_BYTES = 64 * 1024;

/**
 * With the options used here csv-stringify quotes a string cell exactly when it contains the delimiter, the quote or
 * the record delimiter `\n` (api/index.js: containsdelimiter, containsQuote, containsRecordDelimiter; no formula
 * escaping, no quoted_* options), and ends each record with `\n`. A row without any of those characters (nor a
 * `\r`, left to the library to be safe) therefore comes out of
 * csv-stringify as its cells joined by commas plus `\n`; such rows (nearly all) are joined directly, which skips
 * the library's per-cell checks and allocations, and every other row goes through csv-stringify.
 * test/reports/csvFile.test.ts checks the equivalence on random rows.
 */
const NEEDS_QUOTING = /[,"\r\n]/;

/** The synchronous core of csv-stringify's Stringifier (the same call its sync API makes per record). */
interface StringifierApi {
  __transform(record: unknown, push: (chunk: string) => void): Error | undefined;
}

export class CsvFile {
  readonly finalPath: string;
  readonly tempPath: string;
  private fd: number;
  private chunks: string[] = [];
  private pending = 0;
  private readonly api: StringifierApi;
  private readonly push = (chunk: string) => {
    this.chunks.push(chunk);
    this.pending += chunk.length;
  };
  rows = 0;

  constructor(dir: string, name: string, columns: readonly string[]) {
    this.finalPath = path.join(dir, name);
    this.tempPath = path.join(dir, `.${name}.partial`);
    this.fd = fs.openSync(this.tempPath, 'w');
    this.api = (new Stringifier({ eof: true, record_delimiter: 'unix' }) as unknown as { api: StringifierApi }).api;
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
    if (plain) this.push(cells.join(',') + '\n');
    else {
      const err = this.api.__transform(cells, this.push);
      if (err) throw err;
    }
    this.rows++;
    if (this.pending >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.chunks.length === 0) return;
    fs.writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.pending = 0;
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
