/**
 * Runs the built CLI (dist/, made by `npm test`'s pretest build) in a separate process — to the end, or started and
 * signalled — and the temporary folders CLI tests write scenarios into and read outputs back from.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'k8sim.js');
const ENV = { ...process.env, FORCE_COLOR: '0' };

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function k8sim(args: string[], cwd = ROOT): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: ENV });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** How a started CLI process ended: its exit code (null when a signal killed it), that signal, and its stderr. */
export interface CliExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** The built CLI running in its own process, for tests that signal it mid-way (startK8sim). */
export interface RunningCli {
  /**
   * Resolves once `ready()` holds (checked every 20 ms); rejects, after killing the process, when the process exits
   * first or `ms` pass — so a test waits for a marker on disk, never for a fixed time, and fails rather than hangs.
   */
  until(ready: () => boolean, what: string, ms?: number): Promise<void>;
  /** Sends `signal` and waits for the exit; rejects (after SIGKILL) when the process has not exited within `ms`. */
  signal(signal: NodeJS.Signals, ms?: number): Promise<CliExit>;
}

export function startK8sim(args: string[], cwd = ROOT): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let exit: CliExit | undefined;
  const exited = new Promise<CliExit>((resolve) => child.on('close', (code, signal) => resolve((exit = { code, signal, stderr }))));
  const fail = async (why: string): Promise<never> => {
    if (exit === undefined) child.kill('SIGKILL');
    await exited;
    throw new Error(`k8sim ${args.join(' ')}: ${why}; stderr: ${stderr}`);
  };
  return {
    async until(ready, what, ms = 60_000) {
      const deadline = Date.now() + ms;
      while (!ready()) {
        if (exit !== undefined) return fail(`exited (code ${exit.code}) before ${what}`);
        if (Date.now() > deadline) return fail(`no ${what} within ${ms / 1000} s`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async signal(signal, ms = 30_000) {
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), ms)));
      const r = await Promise.race([exited, late]);
      clearTimeout(timer);
      return r === 'late' ? fail(`still running ${ms / 1000} s after ${signal}`) : r;
    },
  };
}

export function tempDir(prefix = 'k8sim-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A new temporary folder holding `files` (path relative to it → text; folders made as needed); returns the folder. */
export function tempFiles(files: Record<string, string>, prefix?: string): string {
  const dir = tempDir(prefix);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** The names in a folder, sorted. */
export const listDir = (dir: string): string[] => fs.readdirSync(dir).sort();

/** A folder's files as name → text, to show a folder unchanged. */
export const snapshotDir = (dir: string): Record<string, string> => Object.fromEntries(listDir(dir).map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]));

/** Reads a CSV trace back into objects keyed by the header (the same reader reports/ uses). */
export { readCsvFile as readCsv } from '../../reports/csvRead';
