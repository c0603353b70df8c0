/** LineReader and streamCsv: lines across 64 KiB chunk boundaries, multi-byte characters, quoted line breaks. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LineReader, splitCsvLine, streamCsv } from '../../reports/lineReader';

function write(text: string): string {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-lines-')), 'f.csv');
  fs.writeFileSync(f, text);
  return f;
}

function allLines(f: string): string[] {
  const r = new LineReader(f);
  const out: string[] = [];
  for (let l = r.next(); l !== undefined; l = r.next()) out.push(l);
  return out;
}

test('reads back every line of a file larger than several chunks, with multi-byte characters split across reads', () => {
  // 30 000 lines of 7 to 12 characters each, "é" and "→" (2 and 3 bytes in UTF-8) placed so chunk edges fall inside them.
  const lines = Array.from({ length: 30000 }, (_, i) => `${i}é→${'x'.repeat(i % 5)}`);
  expect(allLines(write(lines.join('\n') + '\n'))).toEqual(lines);
});

test('the last line without a line end is still a line; an empty file has none', () => {
  expect(allLines(write('a\nb'))).toEqual(['a', 'b']);
  expect(allLines(write(''))).toEqual([]);
});

test('lineNumber counts the lines returned', () => {
  const r = new LineReader(write('a\nb\nc\n'));
  r.next();
  r.next();
  expect(r.lineNumber).toBe(2);
  r.close();
});

test('splitCsvLine: quoted cells with commas and doubled quotes (as csv-stringify writes them)', () => {
  expect(splitCsvLine('1,"Pulling image ""busybox:1.36""","a,b",')).toEqual(['1', 'Pulling image "busybox:1.36"', 'a,b', '']);
});

test('streamCsv: a quoted line break continues the record; rows carry their first line number', () => {
  const f = write('t,msg\n1,"two\nlines"\n2,plain\n');
  const rows: [number, Record<string, string>][] = [];
  streamCsv(f, (r, n) => void rows.push([n, r]));
  expect(rows).toEqual([
    [2, { t: '1', msg: 'two\nlines' }],
    [4, { t: '2', msg: 'plain' }],
  ]);
});
