import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { CsvFile } from '../../reports/csvFile';

/**
 * CsvFile joins rows that need no quoting itself and hands the others to csv-stringify: the file must be byte for
 * byte what csv-stringify alone writes with the same options, whatever the cells hold.
 */
describe('CsvFile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-csv-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, columns: string[], rows: string[][]): string => {
    const f = new CsvFile(dir, name, columns);
    for (const r of rows) f.write(r);
    f.commit();
    return fs.readFileSync(path.join(dir, name), 'utf8');
  };
  const library = (columns: string[], rows: string[][]) => stringify([columns, ...rows], { eof: true, record_delimiter: 'unix' });

  // Cells from an alphabet rich in the characters that decide quoting (delimiter, quote, CR, LF) and in others.
  const cell = fc.array(fc.constantFrom('a', 'Z', '0', ',', '"', '\n', '\r', ' ', '|', ';', "'", '=', '-', 'é', '\t', '€', '😀'), { maxLength: 6 }).map((cs) => cs.join(''));

  it('writes what csv-stringify writes, for random rows', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 8 }), (width, raw) => {
        const columns = Array.from({ length: width }, (_, i) => `c${i}`);
        const rows = raw.map((r) => Array.from({ length: width }, (_, i) => r[i % r.length]));
        expect(write(`r${n++}.csv`, columns, rows)).toBe(library(columns, rows));
      }),
      { numRuns: 300 },
    );
  });

  it('with a text range, checks only those cells: the same bytes when the others need no quoting', () => {
    // Cells 0 and 3 are numbers (never quoted); 1 and 2 are text, one row of them needing quotes.
    const rows = [
      ['1.000000', 'default', 'web-1', '12'],
      ['2.000000', 'a,b', 'say "hi"', '-3.5'],
    ];
    const f = new CsvFile(dir, 'range.csv', ['t', 'ns', 'pod', 'v']);
    for (const r of rows) f.write(r, 1, 3);
    f.commit();
    expect(fs.readFileSync(path.join(dir, 'range.csv'), 'utf8')).toBe('t,ns,pod,v\n1.000000,default,web-1,12\n2.000000,"a,b","say ""hi""",-3.5\n');
    expect(fs.readFileSync(path.join(dir, 'range.csv'), 'utf8')).toBe(library(['t', 'ns', 'pod', 'v'], rows));
  });

  it.each([
    ['plain cells', ['a', 'b', '']],
    ['a comma', ['a,b', 'c', 'd']],
    ['a quote', ['say "hi"', '', 'x']],
    ['a line break', ['a\nb', 'c', 'd']],
    ['a carriage return', ['a\rb', 'c', 'd']],
  ])('%s', (name, row) => {
    // The expected text is csv-stringify's own (RFC 4180 quoting: the cell in quotes, inner quotes doubled).
    expect(write(`${name}.csv`, ['x', 'y', 'z'], [row])).toBe(library(['x', 'y', 'z'], [row]));
  });

  it('rows longer than the buffer, and rows across its flushes, are written whole (UTF-8 as a string write encodes it)', () => {
    // 64 KiB is the flush threshold: a 200,000-code cell needs the buffer grown; many mid-size rows cross flushes
    // mid-row. Quotes and non-ASCII on both paths; a lone surrogate is written as U+FFFD, as a string write writes it.
    const big = 'a"b,é😀'.repeat(30_000);
    const rows = [['x', big, 'y'], ...Array.from({ length: 400 }, (_, i) => [`${i}`, 'q"'.repeat(100 + i) + '€', 'plain'.repeat(50)])];
    expect(write('long.csv', ['a', 'b', 'c'], rows)).toBe(library(['a', 'b', 'c'], rows));
    const f = new CsvFile(dir, 'bytes.csv', ['a']);
    f.write(['\ud800😀é']);
    f.commit();
    expect(fs.readFileSync(path.join(dir, 'bytes.csv'))).toEqual(Buffer.from('a\n\ud800😀é\n', 'utf8'));
  });
});
