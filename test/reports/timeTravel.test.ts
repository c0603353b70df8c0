/**
 * The time-travel building blocks: kubectl's AGE format against apimachinery's own test table, the Event TTL and
 * count folding on a hand-written events.csv, and the tabwriter layouts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { humanDuration } from '../../reports/timeTravel/humanDuration';
import { readEvents } from '../../reports/timeTravel/state';
import { table, tabbed } from '../../reports/timeTravel/tabwriter';
import type { Micros } from '../../engine/time';

const S = 1_000_000;
const MS = 1_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

// k8s.io/apimachinery/pkg/util/duration/duration_test.go, TestHumanDuration and TestHumanDurationBoundaries, with
// Go's durations in microseconds (their `- time.Millisecond` edges as `- MS`; `-2s + 1ns` as `-2s + 1µs`).
test.each<[number, string]>([
  [S, '1s'],
  [70 * S, '70s'],
  [190 * S, '3m10s'],
  [70 * M, '70m'],
  [47 * H, '47h'],
  [49 * H, '2d1h'],
  [(8 * 24 + 2) * H, '8d'],
  [367 * D, '367d'],
  [(365 * 2 * 24 + 25) * H, '2y1d'],
  [(365 * 8 * 24 + 2) * H, '8y'],
  [-2 * S, '<invalid>'],
  [-2 * S + 1, '0s'],
  [0, '0s'],
  [S - MS, '0s'],
  [2 * M - MS, '119s'],
  [2 * M, '2m'],
  [2 * M + S, '2m1s'],
  [10 * M - MS, '9m59s'],
  [10 * M, '10m'],
  [10 * M + S, '10m'],
  [3 * H - MS, '179m'],
  [3 * H, '3h'],
  [3 * H + M, '3h1m'],
  [8 * H - MS, '7h59m'],
  [8 * H, '8h'],
  [8 * H + 59 * M, '8h'],
  [2 * D - MS, '47h'],
  [2 * D, '2d'],
  [2 * D + H, '2d1h'],
  [8 * D - MS, '7d23h'],
  [8 * D, '8d'],
  [8 * D + 23 * H, '8d'],
  [2 * Y - MS, '729d'],
  [2 * Y, '2y'],
  [2 * Y + D - MS, '2y'],
  [2 * Y + D, '2y1d'],
  [8 * Y - MS, '7y364d'],
  [8 * Y, '8y'],
  [9 * Y, '9y'],
])('humanDuration(%d µs) = %s', (d, want) => {
  expect(humanDuration(d)).toBe(want);
});

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-tt-'));
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

test('readEvents: repeated emissions are one Event (first, last, count); an Event idle for over an hour is gone', () => {
  const dir = folder({
    'events.csv': [
      'time_s,type,reason,kind,namespace,name,field_path,message,count,source',
      '0.000000,Normal,NodeReady,Node,,n1,,ready,1,kubelet',
      '10.000000,Warning,BackOff,Pod,default,p,spec.containers{a},back-off,1,kubelet',
      '50.000000,Warning,BackOff,Pod,default,p,spec.containers{a},back-off,2,kubelet',
      '4000.000000,Warning,BackOff,Pod,default,p,spec.containers{a},back-off,3,kubelet',
      '',
    ].join('\n'),
  });
  // At 3700 s: NodeReady was last emitted at 0 (3700 s ago > 1 h: gone); BackOff last at 50 (3650 s ago: gone too).
  expect(readEvents(dir, (3700 * S) as Micros)).toEqual([]);
  // At 3640 s: BackOff (last at 50, 3590 s ago) stays, count 2, first 10 s; NodeReady (3640 s ago) is gone.
  expect(readEvents(dir, (3640 * S) as Micros).map((e) => [e.reason, e.first / S, e.last / S, e.count])).toEqual([['BackOff', 10, 50, 2]]);
  // At 4000 s: the count-3 emission comes 3950 s after the last one (50 s), when the API server had deleted that
  // Event (TTL 1 h): it starts a new Event, first seen at 4000 s, carrying the correlator's count 3.
  expect(readEvents(dir, (4000 * S) as Micros).map((e) => [e.reason, e.first / S, e.last / S, e.count])).toEqual([['BackOff', 4000, 4000, 3]]);
  // A Node event is in namespace default.
  expect(readEvents(dir, (60 * S) as Micros).map((e) => [e.reason, e.namespace])).toEqual([
    ['NodeReady', 'default'],
    ['BackOff', 'default'],
  ]);
});

test('table: columns padded to max(10, widest + 3), the last not padded (kubectl GetNewTabWriter)', () => {
  // 'a-long-node-name' is 16 characters: the column is 19 wide; a column of short cells is 10 wide.
  expect(table([['NAME', 'STATUS'], ['a-long-node-name', 'Ready']])).toBe(`NAME${' '.repeat(15)}STATUS\na-long-node-name   Ready\n`);
  expect(table([['A', 'B', 'C']])).toBe(`A${' '.repeat(9)}B${' '.repeat(9)}C\n`);
});

test('tabbed: a column is aligned over the run of lines that have it, plus 2', () => {
  expect(tabbed(['Name:\tx', 'Namespace:\tdefault', 'Containers:', '  a:\t1'])).toBe('Name:       x\nNamespace:  default\nContainers:\n  a:  1\n');
});
