/**
 * SIGINT and SIGTERM during `k8sim run` and `k8sim sweep`: the first one is noted (not acted on at once, so the
 * command can remove its partial files). A run checks between slices and stops with Interrupted; a sweep hears it at
 * once (`onSignal`), terminates its worker threads and removes the runs in flight. Either exits with 128 + the
 * signal's number (130, 143) as a shell reports a process the signal killed. It never reads the signal's time.
 */
import { constants } from 'node:os';

/** What `run` did on a signal (the default message); `sweep` passes its own. */
const RUN_STOPPED = 'the run stopped and its partial files were removed';

/** The command stopped because the process received `signal`. */
export class Interrupted extends Error {
  readonly exitCode: number;
  constructor(
    readonly signal: NodeJS.Signals,
    what = RUN_STOPPED,
  ) {
    super(`interrupted by ${signal}: ${what}`);
    this.name = 'Interrupted';
    this.exitCode = 128 + constants.signals[signal];
  }
}

const WATCHED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Listens for SIGINT and SIGTERM until dispose(); `received` is the first one that came. `onSignal` is called with
 * that first one (once), for a command that must act at once rather than poll.
 */
export class SignalWatch {
  received: NodeJS.Signals | undefined;
  private readonly handler = (signal: NodeJS.Signals) => {
    if (this.received !== undefined) return;
    this.received = signal;
    this.onSignal?.(signal);
  };

  constructor(private readonly onSignal?: (signal: NodeJS.Signals) => void) {
    for (const s of WATCHED) process.on(s, this.handler);
  }

  dispose(): void {
    for (const s of WATCHED) process.off(s, this.handler);
  }
}
