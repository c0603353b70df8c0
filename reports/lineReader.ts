/**
 * Reads a text file one line at a time with synchronous 64 KiB reads, so a trace of any size is compared or scanned
 * in flat memory. Lines end with `\n` (the traces' record delimiter); the last line may lack it. Never writes.
 */
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK = 64 * 1024;

export class LineReader {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(CHUNK);
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private pos = 0;
  private eof = false;
  /** 1-based number of the line last returned by next(). */
  lineNumber = 0;

  constructor(file: string) {
    this.fd = fs.openSync(file, 'r');
  }

  /** The next line without its `\n`, or undefined at the end of the file (the file is then closed). */
  next(): string | undefined {
    for (;;) {
      const nl = this.pending.indexOf('\n', this.pos);
      if (nl >= 0) {
        const line = this.pending.slice(this.pos, nl);
        this.pos = nl + 1;
        this.lineNumber++;
        return line;
      }
      if (this.eof) {
        if (this.pos < this.pending.length) {
          const line = this.pending.slice(this.pos);
          this.pos = this.pending.length;
          this.lineNumber++;
          return line;
        }
        return undefined;
      }
      const n = fs.readSync(this.fd, this.buf, 0, CHUNK, null);
      this.pending = this.pending.slice(this.pos) + (n > 0 ? this.decoder.write(this.buf.subarray(0, n)) : this.decoder.end());
      this.pos = 0;
      if (n === 0) {
        this.eof = true;
        fs.closeSync(this.fd);
      }
    }
  }

  /** Closes the file early (safe to call after the end). */
  close(): void {
    if (!this.eof) {
      this.eof = true;
      this.pending = '';
      this.pos = 0;
      fs.closeSync(this.fd);
    }
  }
}

/** Splits one CSV record (RFC 4180, no line breaks inside quotes) into its cells. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') cells.push(field), (field = '');
    else field += ch;
  }
  cells.push(field);
  return cells;
}

/**
 * The records of a CSV trace as objects keyed by its header, streamed: a record whose quotes are still open at a line
 * end continues on the next line (a message with a line break). Stops early when `visit` returns false.
 */
export function streamCsv(file: string, visit: (row: Record<string, string>, line: number) => boolean | void): void {
  const r = new LineReader(file);
  const headerLine = r.next();
  if (headerLine === undefined) return;
  const header = splitCsvLine(headerLine);
  for (;;) {
    let line = r.next();
    if (line === undefined) return;
    const start = r.lineNumber;
    while (quotesOpen(line)) {
      const more = r.next();
      if (more === undefined) break;
      line += '\n' + more;
    }
    if (line === '') continue;
    const cells = splitCsvLine(line);
    const row: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) row[header[i]] = cells[i] ?? '';
    if (visit(row, start) === false) {
      r.close();
      return;
    }
  }
}

function quotesOpen(line: string): boolean {
  let n = 0;
  for (let i = line.indexOf('"'); i >= 0; i = line.indexOf('"', i + 1)) n++;
  return n % 2 === 1;
}
