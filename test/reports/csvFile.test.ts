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
  const cell = fc.array(fc.constantFrom('a', 'Z', '0', ',', '"', '\n', '\r', ' ', '|', ';', "'", '=', '-', 'é', '\t'), { maxLength: 6 }).map((cs) => cs.join(''));

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
});
