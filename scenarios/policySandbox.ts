/**
 * Runs a user's policy module code (its loading, createPolicy and every decide) under a guard (docs/trust.md): while it
 * runs, the calls that would make a run depend on the machine or end the process are refused — Math.random, Date.now,
 * new Date() / Date() without arguments, performance.now, process.hrtime, crypto's random values, timers, and
 * process.exit / abort / kill. A refused call throws a PolicyFault that says what to use instead, and fails the call
 * even if the policy catches it. Anything the policy throws becomes a PolicyFault naming the class and the policy's own
 * line, never the thrown message. A guard against accidents, not a security boundary: a module is code k8sim runs.
 */
import * as path from 'node:path';
import { PolicyFault, thrownClass } from '../models/policyFault';

/** What the guard refuses, with what to use instead. */
const RANDOM_HINT = 'a policy draws its randomness from input.random(), a seeded stream (docs/trust.md)';
const CLOCK_HINT = 'a policy has no clock: use input.now (docs/trust.md)';

let active = 0;
let violation: string | undefined;

function refuse(call: string, hint: string): never {
  const message = `called ${call}: ${hint}`;
  if (active > 0) violation ??= message;
  throw new PolicyFault(message);
}

const RealDate = Date;
/** Date without Date.now, Date() and new Date() (no arguments): the values it makes from arguments are the same. */
const GuardedDate = function (this: unknown, ...args: unknown[]) {
  if (new.target === undefined) return refuse('Date()', CLOCK_HINT);
  if (args.length === 0) return refuse('new Date()', CLOCK_HINT);
  return Reflect.construct(RealDate, args, new.target) as Date;
} as unknown as DateConstructor;
Object.setPrototypeOf(GuardedDate, RealDate);
Object.defineProperty(GuardedDate, 'prototype', { value: RealDate.prototype });
Object.defineProperty(GuardedDate, 'now', { value: () => refuse('Date.now()', CLOCK_HINT) });

interface Swap {
  readonly owner: object;
  readonly key: string;
  readonly value: unknown;
}

/** The replacements, built once (a policy that keeps a reference keeps a refusing one). */
function swaps(): Swap[] {
  const g = globalThis as unknown as Record<string, unknown>;
  const list: Swap[] = [
    { owner: Math, key: 'random', value: () => refuse('Math.random()', RANDOM_HINT) },
    { owner: g, key: 'Date', value: GuardedDate },
    { owner: g, key: 'setTimeout', value: () => refuse('setTimeout()', 'a policy decides when it is called and schedules nothing') },
    { owner: g, key: 'setInterval', value: () => refuse('setInterval()', 'a policy decides when it is called and schedules nothing') },
    { owner: g, key: 'setImmediate', value: () => refuse('setImmediate()', 'a policy decides when it is called and schedules nothing') },
    { owner: process, key: 'exit', value: (code?: unknown) => refuse(`process.exit(${code === undefined ? '' : typeof code === 'number' ? code : '…'})`, 'a policy cannot end the run; throw an Error to stop it') },
    { owner: process, key: 'reallyExit', value: () => refuse('process.reallyExit()', 'a policy cannot end the run; throw an Error to stop it') },
    { owner: process, key: 'abort', value: () => refuse('process.abort()', 'a policy cannot end the run; throw an Error to stop it') },
    { owner: process, key: 'kill', value: () => refuse('process.kill()', 'a policy cannot send signals') },
  ];
  const hrtime = Object.assign(() => refuse('process.hrtime()', CLOCK_HINT), { bigint: () => refuse('process.hrtime.bigint()', CLOCK_HINT) });
  list.push({ owner: process, key: 'hrtime', value: hrtime });
  if (typeof performance === 'object') list.push({ owner: performance, key: 'now', value: () => refuse('performance.now()', CLOCK_HINT) });
  const c = g.crypto as Record<string, unknown> | undefined;
  if (c !== undefined) {
    list.push({ owner: c, key: 'getRandomValues', value: () => refuse('crypto.getRandomValues()', RANDOM_HINT) });
    list.push({ owner: c, key: 'randomUUID', value: () => refuse('crypto.randomUUID()', RANDOM_HINT) });
  }
  return list;
}
let guarded: Swap[] | undefined;

/** Sets `owner[key]` (a data property, or a configurable one redefined) and returns how to undo it. */
function replace(owner: object, key: string, value: unknown): () => void {
  const before = Object.getOwnPropertyDescriptor(owner, key);
  Object.defineProperty(owner, key, { value, writable: true, configurable: true, enumerable: before?.enumerable ?? false });
  return () => {
    if (before) Object.defineProperty(owner, key, before);
    else delete (owner as Record<string, unknown>)[key];
  };
}

/**
 * Runs `fn` (policy code of the module at `moduleFile`) under the guard. `what` names the call for messages
 * (`decide`, `createPolicy`, `loading`). Returns fn's value, or throws a PolicyFault.
 */
export function runPolicyCode<T>(moduleFile: string, what: string, fn: () => T): T {
  if (active > 0) return fn(); // a policy calling into policy code: already guarded
  guarded ??= swaps();
  const undo = guarded.map((s) => replace(s.owner, s.key, s.value));
  active++;
  violation = undefined;
  let result: T | undefined;
  let threw = false;
  let thrown: unknown;
  try {
    result = fn();
  } catch (e) {
    threw = true;
    thrown = e;
  } finally {
    active--;
    for (let i = undo.length - 1; i >= 0; i--) undo[i]();
  }
  // Judged after the globals are back: reading an error's stack may run code (Error.prepareStackTrace) that needs them.
  const refused = violation;
  violation = undefined;
  if (refused !== undefined) throw new PolicyFault(refused);
  if (threw) {
    if (thrown instanceof PolicyFault) throw new PolicyFault(thrown.message);
    throw new PolicyFault(`${what} threw ${thrownClass(thrown)}${locate(thrown, moduleFile)}`);
  }
  return result as T;
}

/**
 * ` (at step-scaling.js:12:7)`: the first place in the thrown error's stack inside the module's folder, relative to
 * it (only a path, line and column are taken from the stack; empty when there is none).
 */
export function locate(e: unknown, moduleFile: string): string {
  let stack: unknown;
  try {
    stack = e instanceof Error ? e.stack : undefined;
  } catch {
    return '';
  }
  if (typeof stack !== 'string') return '';
  const dir = path.dirname(moduleFile);
  for (const line of stack.split('\n')) {
    const m = /((?:[A-Za-z]:)?[\\/][^():\n]*\.[cm]?js):(\d+)(?::(\d+))?/.exec(line);
    if (m === null) continue;
    const rel = path.relative(dir, m[1]);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    return ` (at ${rel}:${m[2]}${m[3] !== undefined ? `:${m[3]}` : ''})`;
  }
  return '';
}
