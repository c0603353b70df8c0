/**
 * The one error type for bad input. Every message names the file, the line, the field (a dotted path inside the
 * document) and what was expected; the CLI prints it on one line and exits 2 without writing any output.
 */

export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly field: string | undefined,
    readonly problem: string,
  ) {
    super(formatInputError(file, line, field, problem));
    this.name = 'InputError';
  }
}

/** `file:line: field: problem` (line and field are left out when unknown). */
export function formatInputError(file: string, line: number | undefined, field: string | undefined, problem: string): string {
  const where = line !== undefined ? `${file}:${line}` : file;
  return field ? `${where}: ${field}: ${problem}` : `${where}: ${problem}`;
}
