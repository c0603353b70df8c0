/**
 * The files a scenario load read, in the order the loader used them, each with the SHA-256 of its bytes: YAML files,
 * rate and metric CSV files, AutoscalerPolicy modules. It reads the files it lists and nothing else; it never
 * parses them, and the digest covers content only (a path's spelling never reaches it).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface InputFile {
  /** The path as the loader used it (for messages; not part of any digest). */
  readonly file: string;
  /** SHA-256 of the file's bytes, hex. */
  readonly sha256: string;
}

/** One entry per read: a file read twice (two Traffic documents naming one CSV) is listed twice. */
export class InputFiles {
  private readonly read: InputFile[] = [];

  /** Reads a file the scenario names (a CSV) as UTF-8 text and lists it; throws as readFileSync does. */
  readText(file: string): string {
    const bytes = readFileSync(file);
    this.add(file, bytes);
    return bytes.toString('utf8');
  }

  /** Lists a file something else loaded (a policy module, through require), reading its bytes for the digest. */
  addFile(file: string): void {
    this.add(file, readFileSync(file));
  }

  /** Lists bytes already read (a YAML text: its UTF-8 encoding, the file's own bytes for any UTF-8 file). */
  add(file: string, bytes: Uint8Array): void {
    this.read.push({ file, sha256: createHash('sha256').update(bytes).digest('hex') });
  }

  get files(): readonly InputFile[] {
    return [...this.read];
  }
}
