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

/**
 * `file:line: field: problem` (line and field are left out when unknown), with control characters escaped
 * (escapeControl): a name or value echoed from the input can never break the line or reach the terminal raw.
 */
export function formatInputError(file: string, line: number | undefined, field: string | undefined, problem: string): string {
  const where = line !== undefined ? `${file}:${line}` : file;
  return escapeControl(field ? `${where}: ${field}: ${problem}` : `${where}: ${problem}`);
}

/**
 * Escapes what could break a one-line message or drive a terminal: C0 controls and DEL (`\n`, `\r`, `\t`, `\x1b`,
 * `\x7f`), C1 controls (`\x9b`), the Unicode line and paragraph separators and bidirectional overrides (`\u2028`,
 * `\u202e`), and lone surrogates (`\ud800`). Every other character, backslash included, is kept as is, so escaping
 * twice changes nothing. The one helper for every error and warning line (cli/failure.ts prints through it).
 */
export function escapeControl(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default: {
        const code = c.charCodeAt(0);
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
      }
    }
  });
}
