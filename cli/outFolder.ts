/**
 * The `--out` folder of `k8sim run` (docs/traces.md "The output folder"): before the run, a folder is accepted when it
 * is new, empty, or the output of an earlier k8sim run (it has k8sim's run.json); anything else is refused unless
 * `--force` empties it. After the run, the earlier run's files that this run did not write are removed. It only
 * ever removes files k8sim writes (known names, and the trace files the earlier run.json lists), except under --force.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../scenarios/errors';
import { TRACE_FILE_NAMES } from '../reports/traceWriter';

/** Every name k8sim writes into a run folder: the traces, summary.csv, run.json and `k8sim report`'s report.html. */
export const RUN_FOLDER_FILES: readonly string[] = [...TRACE_FILE_NAMES, 'summary.csv', 'run.json', 'report.html'];

/** A name k8sim may have left while writing: `.<file>.partial` (CsvFile, writeFileAtomic) or `report.html.tmp`. */
const isTemporaryName = (name: string): boolean => /^\..+\.partial$/.test(name) || name === 'report.html.tmp';

/** A path as it may be shown on the one error line: quoted (with escapes) when empty or holding control characters. */
export function showPath(p: string): string {
  return p === '' || /[\u0000-\u001f\u007f-\u009f]/.test(p) ? JSON.stringify(p) : p;
}

/** What a failed file-system call means, in words, from its code (undefined for codes that are not the user's). */
export function describeFsError(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
      return 'permission denied';
    case 'EPERM':
      return 'operation not permitted (an immutable folder or file?)';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENOENT':
      return 'no such file or folder (and it cannot be created there)';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ELOOP':
      return 'too many symbolic links (a loop?)';
    case 'EEXIST':
      return 'already exists';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EIO':
      return 'input/output error';
    default:
      return undefined;
  }
}

/** One located line for a file-system failure under `--out`, or the error itself when it is not about the environment. */
export function outError(flag: string, p: string, e: unknown, doWhat: string): unknown {
  const why = describeFsError(e);
  if (why === undefined) return e;
  const at = (e as NodeJS.ErrnoException).path;
  const where = at !== undefined && path.resolve(at) !== path.resolve(p) ? ` (${showPath(at)})` : '';
  return new InputError(`${flag} ${showPath(p)}`, undefined, undefined, `cannot write here${where}: ${why}: ${doWhat}`);
}

const WRITE_ELSEWHERE = 'name a folder you can write to';

/** The folder a run writes into, opened by openOutFolder. */
export interface OutFolder {
  readonly dir: string;
  /** The outermost folder openOutFolder created (removed again, if empty, when the run fails); else undefined. */
  readonly created: string | undefined;
  /** Files of an earlier run here (names in the folder): removed after this run's files are in place, unless rewritten. */
  readonly earlier: readonly string[];
}

/**
 * Checks and prepares `dir` for a run (before the run starts, so a refused folder costs nothing): creates it if
 * missing, accepts it if empty or an earlier k8sim run's output, empties it under `force`, else refuses with one line.
 * Proves the folder writable by creating and removing one temporary file.
 */
export function openOutFolder(dir: string, force: boolean): OutFolder {
  if (dir === '') throw new InputError('--out', undefined, undefined, 'an empty path: name a folder, e.g. --out out/my-run');
  const folder: { dir: string; created: string | undefined; earlier: string[] } = { dir, created: undefined, earlier: [] };
  try {
    const stat = statOrUndefined(dir);
    if (stat === undefined) folder.created = fs.mkdirSync(dir, { recursive: true });
    else if (!stat.isDirectory()) {
      throw new InputError(`--out ${showPath(dir)}`, undefined, undefined, 'is a file, not a folder: name a new folder, or the folder of an earlier k8sim run');
    } else {
      const names = fs.readdirSync(dir);
      if (force) emptyFolder(dir, names);
      else if (names.length > 0) {
        const listed = earlierRunFiles(dir);
        if (listed === undefined && !names.every(isTemporaryName)) {
          throw new InputError(
            `--out ${showPath(dir)}`,
            undefined,
            undefined,
            'the folder is not empty and is not the output of a k8sim run (no k8sim run.json): use --force to replace its contents, or name another folder',
          );
        }
        // A killed run's temporary files are nobody's output: removed now. The earlier run's files go after this run.
        for (const n of names) if (isTemporaryName(n)) fs.rmSync(path.join(dir, n), { force: true });
        folder.earlier = names.filter((n) => RUN_FOLDER_FILES.includes(n) || (listed ?? []).includes(n));
      }
    }
    // Proof that the run can write here, before it runs.
    const probe = path.join(dir, '.run.json.partial');
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
    return folder;
  } catch (e) {
    removeCreated(folder);
    throw outError('--out', dir, e, WRITE_ELSEWHERE);
  }
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * The trace files an earlier run's run.json lists (counts.traceRows), when `dir/run.json` is k8sim's (a JSON object
 * with string `k8sim` and `scenarioHash`); undefined when there is no such run.json.
 */
function earlierRunFiles(dir: string): string[] | undefined {
  let run: unknown;
  try {
    run = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const r = run as { k8sim?: unknown; scenarioHash?: unknown; counts?: { traceRows?: unknown } } | null;
  if (r === null || typeof r !== 'object' || typeof r.k8sim !== 'string' || typeof r.scenarioHash !== 'string') return undefined;
  const rows = r.counts?.traceRows;
  // Only plain file names (never a path that leaves the folder) are taken from the file.
  const names = rows !== null && typeof rows === 'object' ? Object.keys(rows) : [];
  return names.filter((n) => n === path.basename(n) && n !== '.' && n !== '..' && /\.csv$/.test(n));
}

/** --force: removes everything inside `dir` (the folder itself stays), refusing folders whose loss would be a disaster. */
function emptyFolder(dir: string, names: readonly string[]): void {
  const real = fs.realpathSync(dir);
  const cwd = fs.realpathSync(process.cwd());
  const home = os.homedir();
  const rel = path.relative(real, cwd);
  const holdsCwd = rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  if (real === path.parse(real).root || holdsCwd || (home !== '' && real === path.resolve(home))) {
    throw new InputError(`--out ${showPath(dir)}`, undefined, undefined, '--force will not empty the root, home or current folder (or one holding it): name a folder of its own');
  }
  for (const n of names) {
    try {
      fs.rmSync(path.join(dir, n), { recursive: true, force: true });
    } catch (e) {
      throw outError('--out', dir, e, 'empty it yourself or name another folder');
    }
  }
}

/**
 * After a successful run: removes the earlier run's files this run did not write. Called once the new files are in
 * place and before the new run.json is (run.json goes last, so a folder with a run.json is always one whole run).
 */
export function removeEarlier(folder: OutFolder, written: ReadonlySet<string>): void {
  for (const n of folder.earlier) if (!written.has(n)) fs.rmSync(path.join(folder.dir, n), { recursive: false, force: true });
}

/** After a failed or interrupted run: removes the folders openOutFolder created, if they are empty. */
export function removeCreated(folder: OutFolder): void {
  if (folder.created === undefined) return;
  const stop = path.resolve(folder.created);
  for (let d = path.resolve(folder.dir); ; d = path.dirname(d)) {
    try {
      fs.rmdirSync(d);
    } catch {
      return;
    }
    if (d === stop) return;
  }
}

/**
 * The --out folder of `k8sim sweep` and `sweep merge`: new, empty, or holding `marker` (an earlier sweep's
 * sweep-plan.json; the caller checks it is the same sweep); anything else is refused unless `force` empties it.
 */
export function openMarkedFolder(dir: string, marker: string, force: boolean): void {
  if (dir === '') throw new InputError('--out', undefined, undefined, 'an empty path: name a folder, e.g. --out out/my-sweep');
  let created: string | undefined;
  try {
    const stat = statOrUndefined(dir);
    if (stat === undefined) created = fs.mkdirSync(dir, { recursive: true });
    else if (!stat.isDirectory()) throw new InputError(`--out ${showPath(dir)}`, undefined, undefined, `is a file, not a folder: name a new folder, or the folder of an earlier k8sim sweep`);
    else {
      const names = fs.readdirSync(dir);
      if (force) emptyFolder(dir, names);
      else if (names.length > 0 && !names.includes(marker)) {
        throw new InputError(`--out ${showPath(dir)}`, undefined, undefined, `the folder is not empty and is not a k8sim sweep's output (no ${marker}): use --force to replace its contents, or name another folder`);
      }
    }
    const probe = path.join(dir, `.${marker}.partial`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
  } catch (e) {
    removeCreated({ dir, created, earlier: [] });
    throw outError('--out', dir, e, WRITE_ELSEWHERE);
  }
}
