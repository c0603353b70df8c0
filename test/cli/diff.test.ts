/**
 * `k8sim diff` and `k8sim run --check` on the crashloop example and its golden traces (test/golden/fixtures/crashloop):
 * identical runs exit 0; a copy edited by hand shows the edited line with its context and the figure that moved.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sim, ROOT, tempDir } from '../support/cli';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'fixtures', 'crashloop');

/** A copy of the golden crashloop folder with `edit` applied to some of its files. */
function editedCopy(edit: (dir: string) => void): string {
  const dir = tempDir();
  for (const f of fs.readdirSync(GOLDEN)) fs.copyFileSync(path.join(GOLDEN, f), path.join(dir, f));
  edit(dir);
  return dir;
}

function replaceLine(file: string, lineNumber: number, text: string): void {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines[lineNumber - 1] = text;
  fs.writeFileSync(file, lines.join('\n'));
}

test('run --check against the golden traces: identical, exit 0 (run.json compared without k8sim and scenarioHash)', () => {
  const out = path.join(tempDir(), 'crashloop');
  const r = k8sim(['run', 'scenarios/examples/crashloop.yaml', '--out', out, '--quiet', '--check', GOLDEN]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  // The fixture has 8 files: events, nodes, pod_metrics, pods, services, summary, workloads (.csv) and run.json.
  expect(r.stdout).toContain('pods.csv: identical (35 lines)');
  expect(r.stdout).toContain('summary.csv figures: none moved');
  expect(r.stdout.trimEnd().split('\n').pop()).toBe('identical: 8 files');
});

test('an edited row: the first diverging line, 3 lines of context before, 4 lines of each side from it; exit 1', () => {
  // pods.csv line 5 of the fixture is the first crash (5.000000 … terminated,Error,1,0); the copy says exit code 2.
  const lines = fs.readFileSync(path.join(GOLDEN, 'pods.csv'), 'utf8').split('\n');
  expect(lines[4]).toBe('5.000000,default,web-0,node-1,Running,false,Error,app,terminated,Error,1,0');
  const b = editedCopy((d) => replaceLine(path.join(d, 'pods.csv'), 5, '5.000000,default,web-0,node-1,Running,false,Error,app,terminated,Error,2,0'));
  const r = k8sim(['diff', GOLDEN, b]);
  expect(r.code).toBe(1);
  const out = r.stdout.split('\n');
  // Both line 5s start with 5.000000: the runs part at 5 s.
  const at = out.indexOf('pods.csv: differs from line 5 (time_s 5.000000)');
  expect(at).toBeGreaterThan(0);
  expect(out.slice(at + 1, at + 12)).toEqual([
    `    2  ${lines[1]}`,
    `    3  ${lines[2]}`,
    `    4  ${lines[3]}`,
    `  - 5  ${lines[4]}`,
    `  - 6  ${lines[5]}`,
    `  - 7  ${lines[6]}`,
    `  - 8  ${lines[7]}`,
    '  + 5  5.000000,default,web-0,node-1,Running,false,Error,app,terminated,Error,2,0',
    `  + 6  ${lines[5]}`,
    `  + 7  ${lines[6]}`,
    `  + 8  ${lines[7]}`,
  ]);
  expect(r.stdout).toContain('events.csv: identical');
  expect(r.stdout.trimEnd().split('\n').pop()).toBe('different: 1 of 8 files');
});

test('summary figures that moved, by how much, on one line; a file only in one folder; a truncated file', () => {
  // container_restarts is 10 in the fixture (crashloop restarts 10 times in 30 min); the copy says 12: +2.
  const b = editedCopy((d) => {
    const f = path.join(d, 'summary.csv');
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('run,,,container_restarts,10\n', 'run,,,container_restarts,12\n'));
    fs.writeFileSync(path.join(d, 'requests.csv'), 'time_s\n');
    // events.csv cut after its header: the golden side goes on at line 2, the copy ends.
    const e = path.join(d, 'events.csv');
    fs.writeFileSync(e, fs.readFileSync(e, 'utf8').split('\n')[0] + '\n');
  });
  const r = k8sim(['diff', GOLDEN, b]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('summary.csv figures: 1 moved: container_restarts 10 → 12 (+2)\n');
  expect(r.stdout).toContain(`requests.csv: only in ${b}\n`);
  expect(r.stdout).toMatch(/events\.csv: differs from line 2\n {4}1 {2}time_s,type,reason,.*\n {2}- 2 {2}0\.000000,Normal,Scheduled,[^\n]*\n(?: {2}- \d {2}[^\n]*\n){3} {2}\+ 2 {2}\(end of file\)\n/);
});

test('bad input: a folder that does not exist, or two folders without traces, is one located line, exit 2, nothing on stdout', () => {
  const r = k8sim(['diff', GOLDEN, '/nonexistent/k8sim-out']);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe('k8sim: error: /nonexistent/k8sim-out: second folder: no such folder: expected the --out folder of a finished `k8sim run`\n');
  const empty = k8sim(['diff', tempDir(), tempDir()]);
  expect([empty.code, empty.stdout]).toEqual([2, '']);
  expect(empty.stderr).toMatch(/^k8sim: error: .*: no trace files here nor in .*: expected the --out folders of finished `k8sim run`s\n$/);
  const c = k8sim(['run', 'scenarios/examples/crashloop.yaml', '--quiet', '--out', tempDir(), '--check', '/nonexistent/golden']);
  expect(c.code).toBe(2);
  expect(c.stderr).toMatch(/^k8sim: error: --check: \/nonexistent\/golden: no such folder/);
});
