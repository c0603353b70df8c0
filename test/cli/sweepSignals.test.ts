/**
 * SIGINT and SIGTERM during `k8sim sweep` (cli/sweepPool.ts, cli/signals.ts, docs/sweeps.md "Stopping and resuming"),
 * through the built CLI in a child process and a real signal: the worker threads are terminated, the runs in flight
 * leave no folder (so none of their .partial files, and no .done), finished runs stay, sweep.csv and
 * sweep-summary.csv are not written, exit 128 + n with one line; run again, the sweep skips the finished runs and
 * writes sweep.csv byte for byte as a sweep never interrupted (issue #11: "a killed sweep resumes without redoing
 * finished runs and without half-written run folders counting as finished"). And `sweep merge`: a signal while it
 * reads stops it before it writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mergeCommand } from '../../cli/sweep';
import { k8sim, listDir, startK8sim, tempFiles } from '../support/cli';
import { busyScenario } from '../support/manifests';

const BASE = busyScenario('base', '1m');
/**
 * Four runs on 2 workers: runs 0 and 1 start together; run 0 (1 minute) ends at once and run 2 takes its thread. When
 * run 0 is finished and run 1 is writing its traces, runs 1 and 2 (20 and 21 hours) are in flight, run 3 is queued.
 */
const SWEEP = `apiVersion: k8sim/v1alpha1
kind: Sweep
metadata: {name: stopped}
spec:
  scenario: base.yaml
  parameters:
    - path: Simulation:spec.duration
      values: [1m, 20h, 21h, 2m]
`;
const RUN_FILES = ['.done', 'events.csv', 'nodes.csv', 'pod_metrics.csv', 'pods.csv', 'run.json', 'services.csv', 'summary.csv', 'workloads.csv'];
const LINE = (signal: string) => `k8sim: interrupted by ${signal}: the sweep stopped: the runs in flight were removed, the finished ones are kept (run the same command to resume)\n`;

const dir = tempFiles({ 'base.yaml': BASE, 'sweep.yaml': SWEEP }, 'k8sim-sweep-signal-');
const file = path.join(dir, 'sweep.yaml');
const sweepArgs = (out: string) => ['sweep', file, '--workers', '2', '--out', out, '--quiet'];

/** Starts the sweep, waits until run 0 is finished and run 1 has opened its traces, sends `signal`. */
async function interrupt(out: string, signal: NodeJS.Signals) {
  const sweep = startK8sim(sweepArgs(out));
  await sweep.until(() => fs.existsSync(path.join(out, 'runs', '0', '.done')) && fs.existsSync(path.join(out, 'runs', '1', '.pods.csv.partial')), 'run 0 finished and run 1 writing');
  return sweep.signal(signal);
}

/** The run folders left under `out`: each must be a finished run (its .done and every file, no temporary file). */
function finishedRuns(out: string): string[] {
  const runs = listDir(path.join(out, 'runs'));
  for (const r of runs) expect([r, listDir(path.join(out, 'runs', r))]).toEqual([r, RUN_FILES]);
  return runs;
}

test('SIGINT: exit 130 (128 + 2), one line; the runs in flight are removed, run 0 stays; resumed, sweep.csv is the uninterrupted one byte for byte', async () => {
  const out = path.join(dir, 'interrupted');
  const r = await interrupt(out, 'SIGINT');
  expect(r).toEqual({ code: 130, signal: null, stderr: LINE('SIGINT') });
  // Run 1 was writing when the signal came (its .pods.csv.partial existed) and needs far longer than the signal takes
  // to act: it is gone. Run 0 is kept whole; no sweep.csv or sweep-summary.csv, not even as a .partial.
  const kept = finishedRuns(out);
  expect(kept).toContain('0');
  expect(kept).not.toContain('1');
  expect(listDir(out)).toEqual(['runs', 'sweep-plan.json']);
  const before = Object.fromEntries(kept.map((k) => [k, fs.statSync(path.join(out, 'runs', k, 'pods.csv')).mtimeMs]));

  // when the same command runs again
  const resumed = k8sim(sweepArgs(out).filter((a) => a !== '--quiet'));
  expect(resumed.code).toBe(0);
  expect(resumed.stdout).toContain(`4 runs (${kept.length} already finished)`);
  // then the finished runs were not redone, and the outputs equal those of a sweep never interrupted
  for (const k of kept) expect(fs.statSync(path.join(out, 'runs', k, 'pods.csv')).mtimeMs).toBe(before[k]);
  const whole = path.join(dir, 'whole');
  expect(k8sim(sweepArgs(whole))).toMatchObject({ code: 0, stderr: '' });
  expect(listDir(out)).toEqual(listDir(whole));
  for (const f of ['sweep.csv', 'sweep-summary.csv']) expect(fs.readFileSync(path.join(out, f), 'utf8')).toBe(fs.readFileSync(path.join(whole, f), 'utf8'));
  expect(finishedRuns(out)).toEqual(['0', '1', '2', '3']);
}, 180_000);

test('SIGTERM: exit 143 (128 + 15), one line; only finished runs are left, no sweep.csv', async () => {
  const out = path.join(dir, 'terminated');
  const r = await interrupt(out, 'SIGTERM');
  expect(r).toEqual({ code: 143, signal: null, stderr: LINE('SIGTERM') });
  expect(finishedRuns(out)).not.toContain('1');
  expect(listDir(out)).toEqual(['runs', 'sweep-plan.json']);
}, 120_000);

test('sweep merge: a SIGINT while it reads the runs stops it before it writes: exit 130, one line, no --out folder', async () => {
  // given a finished two-run sweep (1 and 2 minutes, summaries only) as the one shard to merge
  const small = tempFiles({ 'base.yaml': BASE, 'small.yaml': SWEEP.replace('[1m, 20h, 21h, 2m]', '[1m, 2m]') }, 'k8sim-merge-signal-');
  const shard = path.join(small, 'shard');
  expect(k8sim(['sweep', path.join(small, 'small.yaml'), '--summary-only', '--workers', '1', '--out', shard, '-q']).code).toBe(0);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    // when SIGINT reaches the process just after the merge started (in this process: its listener hears the emit)
    const merged = path.join(small, 'merged');
    const pending = mergeCommand([shard], merged, true);
    process.emit('SIGINT', 'SIGINT');
    expect(await pending).toBe(130);
    expect(stderr.mock.calls.map((c) => String(c[0]))).toEqual(['k8sim: interrupted by SIGINT: the merge stopped before writing anything\n']);
    expect(fs.existsSync(merged)).toBe(false);
    // and without a signal the same merge writes its files (so the above can fail)
    expect(await mergeCommand([shard], merged, true)).toBe(0);
    expect(listDir(merged)).toEqual(['sweep-plan.json', 'sweep-summary.csv', 'sweep.csv']);
  } finally {
    stderr.mockRestore();
  }
}, 60_000);
