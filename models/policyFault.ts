/**
 * What an autoscaler policy's failure may say on the error line. A user's policy may throw anything (a token, a
 * customer's data), so k8sim prints the thrown value's class only, never its message or content; a PolicyFault is an
 * error k8sim itself wrote about a policy (the class and the policy's own line that threw, a refused call), and its
 * message is printed whole. Pure: no I/O, no clock.
 */

/** An error about a policy whose message k8sim wrote and is safe to print (docs/trust.md). */
export class PolicyFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyFault';
  }
}

/** The class of a thrown value, safe to print: `TypeError`, `Error`; `a string`, `an object`... for non-errors. */
export function thrownClass(e: unknown): string {
  if (e instanceof Error) {
    const n = e.constructor?.name;
    return typeof n === 'string' && /^[A-Za-z_$][\w$]{0,63}$/.test(n) ? n : 'Error';
  }
  const t = typeof e;
  return e === null || t === 'undefined' ? String(e) : t === 'object' ? 'an object' : `a ${t}`;
}

/** `<what the policy did>` for an error line: a PolicyFault's own words, else `threw <class>` (never the message). */
export function describeThrown(e: unknown): string {
  return e instanceof PolicyFault ? e.message : `threw ${thrownClass(e)}`;
}
