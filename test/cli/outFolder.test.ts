/**
 * The --out folder of `k8sim run` (cli/outFolder.ts, cli/signals.ts, docs/traces.md "The output folder"), through the
 * built CLI: a new, empty or earlier-run folder is written; anything else is refused with exit 2 and one line; an
 * earlier run's files the new run does not write are removed; a failed or interrupted run leaves nothing of its own.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sim, listDir as list, ROOT, snapshotDir as snapshot, startK8sim, tempDir, tempFiles } from '../support/cli';
import { busyScenario, deploymentYaml, oneContainer } from '../support/manifests';

/** One pod, one minute: pods.csv, events.csv, nodes.csv, workloads.csv, services.csv, pod_metrics.csv, summary.csv, run.json. */
const SHORT = `apiVersion: k8sim/v1alpha1
kind: Simulation
metadata: {name: short}
spec: {seed: 1, duration: 1m}
---
apiVersion: v1
kind: Pod
metadata: {name: web-0}
spec: {containers: [{name: app, image: busybox}]}
`;
/** 250 hours sampled every second for 20 pods: it cannot finish before the test signals it (it is killed). */
const LONG = busyScenario('long', '250h');
/** A policy that throws at its first decision (15 s into the run, after the traces are open). */
const FAILING = `${SHORT}---
${deploymentYaml('api', 1, oneContainer('api', '100m'))}---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}, minReplicas: 1, maxReplicas: 3}
---
apiVersion: k8sim/v1alpha1
kind: AutoscalerPolicy
metadata: {name: broken}
spec: {hpa: api, policy: ./broken.js}
`;
const BASE_FILES = ['events.csv', 'nodes.csv', 'pod_metrics.csv', 'pods.csv', 'run.json', 'services.csv', 'summary.csv', 'workloads.csv'];

const SCN = tempFiles(
  { 'short.yaml': SHORT, 'long.yaml': LONG, 'failing.yaml': FAILING, 'broken.js': "exports.decide = () => { throw new TypeError('boom'); };\n" },
  'k8sim-out-scn-',
);
const run = (file: string, out: string, ...extra: string[]) => k8sim(['run', path.join(SCN, file), '--out', out, '--quiet', ...extra]);

/** An exit-2 refusal: exactly one line, naming `what`, no internal-error text. */
function expectOneLine(r: { code: number; stderr: string }, ...what: string[]): void {
  expect(r.code).toBe(2);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^k8sim: error: --out[ :]/);
  for (const w of what) expect(r.stderr).toContain(w);
  expect(r.stderr).not.toMatch(/Please report|internal error|ENOTDIR|EEXIST|EPERM|EACCES/);
}

describe('which folders a run writes into', () => {
  test('a new nested folder is created and holds the run', () => {
    const out = path.join(tempDir('k8sim-out-'), 'a', 'b');
    expect(run('short.yaml', out).code).toBe(0);
    expect(list(out)).toEqual(BASE_FILES);
  });

  test('an empty folder is written; a folder holding only a killed run\'s .partial files is cleaned and written', () => {
    const empty = tempDir('k8sim-out-');
    expect(run('short.yaml', empty).code).toBe(0);
    expect(list(empty)).toEqual(BASE_FILES);
    const killed = tempDir('k8sim-out-');
    fs.writeFileSync(path.join(killed, '.pods.csv.partial'), 'time_s,half a row');
    expect(run('short.yaml', killed).code).toBe(0);
    expect(list(killed)).toEqual(BASE_FILES);
  });

  test("an earlier run's folder: the files this run does not write go (requests.csv, report.html); a user's own file stays", () => {
    // given a run with --trace-requests (requests.csv), a report.html beside it and a user's notes.txt
    const out = tempDir('k8sim-out-');
    expect(run('short.yaml', out, '--trace-requests').code).toBe(0);
    expect(list(out)).toContain('requests.csv');
    fs.writeFileSync(path.join(out, 'report.html'), '<html>the earlier run</html>');
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
    // when the same folder gets a run without --trace-requests
    expect(run('short.yaml', out).code).toBe(0);
    // then only this run's files and the user's file are there
    expect(list(out)).toEqual([...BASE_FILES, 'notes.txt'].sort());
    expect(fs.readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  test('a non-empty folder that is no k8sim output is refused untouched, with one line naming --force; --force replaces it', () => {
    const out = tempDir('k8sim-out-');
    fs.writeFileSync(path.join(out, 'pods.csv'), 'my own pods\n');
    const before = snapshot(out);
    expectOneLine(run('short.yaml', out), out, 'not empty', '--force');
    expect(snapshot(out)).toEqual(before);
    expect(run('short.yaml', out, '--force').code).toBe(0);
    expect(list(out)).toEqual(BASE_FILES);
    expect(fs.readFileSync(path.join(out, 'pods.csv'), 'utf8')).not.toContain('my own pods');
  });

  test('a run.json that is not k8sim\'s does not make a folder k8sim output', () => {
    const out = tempDir('k8sim-out-');
    fs.writeFileSync(path.join(out, 'run.json'), '{"name": "my build"}\n');
    expectOneLine(run('short.yaml', out), 'no k8sim run.json', '--force');
  });

  test('--force never empties the current folder (or one holding it)', () => {
    const cwd = tempDir('k8sim-out-');
    fs.writeFileSync(path.join(cwd, 'keep.txt'), 'x');
    const r = k8sim(['run', path.join(SCN, 'short.yaml'), '--out', '.', '--force', '--quiet'], cwd);
    expectOneLine(r, '--force will not empty');
    expect(list(cwd)).toEqual(['keep.txt']);
  });
});

describe('--out that cannot be written: exit 2, one line naming the path and what to do', () => {
  test('an existing file is left untouched', () => {
    const file = path.join(tempDir('k8sim-out-'), 'pods.csv');
    fs.writeFileSync(file, 'mine\n');
    expectOneLine(run('short.yaml', file), file, 'is a file, not a folder');
    expect(fs.readFileSync(file, 'utf8')).toBe('mine\n');
  });

  test('a folder under a file (ENOTDIR in words, not as a code)', () => {
    const file = path.join(tempDir('k8sim-out-'), 'f');
    fs.writeFileSync(file, '');
    expectOneLine(run('short.yaml', path.join(file, 'sub')), 'a part of the path is a file');
  });

  test("--out ''", () => {
    expectOneLine(run('short.yaml', ''), 'an empty path');
  });

  test('a folder the run may not write (immutable for root, read-only otherwise) is refused, and nothing is created inside', () => {
    const dir = tempDir('k8sim-out-');
    const isRoot = process.getuid?.() === 0;
    // root ignores permission bits, so for root the folder is made immutable (chattr +i), which binds root too.
    if (isRoot) expect(spawnSyncCode('chattr', ['+i', dir])).toBe(0);
    else fs.chmodSync(dir, 0o555);
    try {
      const r = run('short.yaml', dir);
      expectOneLine(r, dir, isRoot ? 'operation not permitted' : 'permission denied', 'name a folder you can write to');
      const nested = run('short.yaml', path.join(dir, 'sub'));
      expectOneLine(nested, path.join(dir, 'sub'), 'name a folder you can write to');
    } finally {
      if (isRoot) spawnSyncCode('chattr', ['-i', dir]);
      else fs.chmodSync(dir, 0o755);
    }
    expect(list(dir)).toEqual([]);
  });
});

describe('a failed run', () => {
  test('into a new folder: exit 2 and the folder is gone; into an earlier run: its files are untouched, no .partial left', () => {
    // the policy throws at its first decision: the traces are open by then (exit 2: the user's policy failed)
    const fresh = path.join(tempDir('k8sim-out-'), 'new');
    const r = run('failing.yaml', fresh);
    expect(r.code).toBe(2);
    expect(fs.existsSync(fresh)).toBe(false);
    const earlier = tempDir('k8sim-out-');
    expect(run('short.yaml', earlier).code).toBe(0);
    const before = snapshot(earlier);
    expect(run('failing.yaml', earlier).code).toBe(2);
    expect(snapshot(earlier)).toEqual(before);
  });
});

describe('SIGINT and SIGTERM during a run', () => {
  /** Starts the long run, waits until its traces are open (a .pods.csv.partial exists), sends `signal`, waits for the exit. */
  async function interrupt(out: string, signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string }> {
    const running = startK8sim(['run', path.join(SCN, 'long.yaml'), '--out', out, '--quiet']);
    // A run that ends before its traces open (bad input) fails the test instead of waiting forever.
    await running.until(() => fs.existsSync(path.join(out, '.pods.csv.partial')), 'its traces opened');
    return running.signal(signal);
  }

  test('SIGINT: exit 130 (128 + 2), the folder the run created is removed', async () => {
    const out = path.join(tempDir('k8sim-out-'), 'made-by-the-run');
    const r = await interrupt(out, 'SIGINT');
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('k8sim: interrupted by SIGINT: the run stopped and its partial files were removed\n');
    expect(fs.existsSync(out)).toBe(false);
  }, 60_000);

  test("SIGTERM: exit 143 (128 + 15), an earlier run's files are untouched and no .partial file is left", async () => {
    const out = tempDir('k8sim-out-');
    expect(run('short.yaml', out).code).toBe(0);
    const before = snapshot(out);
    const r = await interrupt(out, 'SIGTERM');
    expect(r.code).toBe(143);
    expect(snapshot(out)).toEqual(before);
  }, 60_000);
});

describe('sweep and report outputs', () => {
  test('sweep --out naming a file, or a non-empty folder that is no sweep output: exit 2, one line', () => {
    const dir = tempDir('k8sim-out-');
    fs.writeFileSync(path.join(dir, 'f'), '');
    fs.writeFileSync(path.join(dir, 'mine.txt'), 'x');
    const sweep = path.join(ROOT, 'scenarios', 'examples', 'sweeps', 'replicas.yaml');
    expectOneLine(k8sim(['sweep', sweep, '--out', path.join(dir, 'f'), '--quiet', '--workers', '1']), 'is a file, not a folder');
    expectOneLine(k8sim(['sweep', sweep, '--out', dir, '--quiet', '--workers', '1']), 'no sweep-plan.json', '--force');
    expect(list(dir)).toEqual(['f', 'mine.txt']);
  });

  test('report --out naming a folder, or a file under a file: exit 2, one line, no report.html.tmp left', () => {
    const out = tempDir('k8sim-out-');
    expect(run('short.yaml', out).code).toBe(0);
    const dir = tempDir('k8sim-out-');
    expectOneLine(k8sim(['report', out, '--out', dir]), 'is a folder');
    fs.writeFileSync(path.join(dir, 'f'), '');
    expectOneLine(k8sim(['report', out, '--out', path.join(dir, 'f', 'r.html')]), 'a part of the path is a file');
    expect(list(dir)).toEqual(['f']);
  });
});

function spawnSyncCode(cmd: string, args: string[]): number | null {
  return spawnSync(cmd, args).status;
}
