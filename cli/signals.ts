/**
 * SIGINT and SIGTERM during `k8sim run`: the first one is noted (not acted on at once, so the run can remove its
 * partial files); the run checks between slices and stops with Interrupted, exit code 128 + the signal's number
 * (130, 143) as a shell reports a process the signal killed. It never reads the signal's time or anything else.
 */
import { constants } from 'node:os';

/** The run stopped because the process received `signal`. */
export class Interrupted extends Error {
  readonly exitCode: number;
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}: the run stopped and its partial files were removed`);
    this.name = 'Interrupted';
    this.exitCode = 128 + constants.signals[signal];
  }
}

const WATCHED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Listens for SIGINT and SIGTERM until dispose(); `received` is the first one that came. */
export class SignalWatch {
  received: NodeJS.Signals | undefined;
  private readonly handler = (signal: NodeJS.Signals) => {
    this.received ??= signal;
  };

  constructor() {
    for (const s of WATCHED) process.on(s, this.handler);
  }

  dispose(): void {
    for (const s of WATCHED) process.off(s, this.handler);
  }
}
