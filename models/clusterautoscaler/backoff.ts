/**
 * Per-node-group exponential backoff after a failed scale-up (cluster-autoscaler utils/backoff/exponential_backoff.go
 * `Backoff`, `IsBackedOff`, `RemoveStaleBackoffData`; reference §2.8). Pure: times are passed in.
 */
import { addMicros, type Micros } from '../../engine/time';

export interface BackoffSettings {
  readonly initial: Micros;
  readonly max: Micros;
  /** Records whose last failure is older than this are dropped (the next failure starts at `initial`). */
  readonly resetTimeout: Micros;
}

interface Record {
  readonly duration: Micros;
  readonly until: Micros;
  readonly lastFailed: Micros;
  readonly errorCode: string;
  readonly errorMessage: string;
}

export class ExponentialBackoff {
  private readonly records = new Map<string, Record>();

  constructor(private readonly settings: BackoffSettings) {}

  /**
   * A failure of `group` at `now`: the initial duration without a (fresh) record; else the previous duration,
   * doubled only when the previous backoff had already expired (`until < now`), capped at the maximum.
   * Returns the time the backoff lasts until (inclusive).
   */
  backoff(group: string, now: Micros, errorCode = '', errorMessage = ''): Micros {
    const s = this.settings;
    const prev = this.records.get(group);
    let duration = s.initial;
    if (prev !== undefined && addMicros(prev.lastFailed, s.resetTimeout) >= now) {
      duration = prev.until < now ? (Math.min(2 * prev.duration, s.max) as Micros) : prev.duration;
    }
    const until = addMicros(now, duration);
    this.records.set(group, { duration, until, lastFailed: now, errorCode, errorMessage });
    return until;
  }

  /** Backed off while `now ≤ until` (the status check frees a group only when `until.Before(now)`). */
  isBackedOff(group: string, now: Micros): boolean {
    const r = this.records.get(group);
    return r !== undefined && now <= r.until;
  }

  /** The record's error, while backed off (status ConfigMap backoffInfo). */
  info(group: string, now: Micros): { readonly errorCode: string; readonly errorMessage: string; readonly until: Micros } | undefined {
    const r = this.records.get(group);
    return r !== undefined && now <= r.until ? { errorCode: r.errorCode, errorMessage: r.errorMessage, until: r.until } : undefined;
  }

  /** RemoveStaleBackoffData: drops records whose last failure is more than resetTimeout before `now`. */
  removeStale(now: Micros): void {
    for (const [g, r] of [...this.records]) if (addMicros(r.lastFailed, this.settings.resetTimeout) < now) this.records.delete(g);
  }

  /** RemoveBackoff (a node of the group became ready after a successful scale-up). */
  remove(group: string): void {
    this.records.delete(group);
  }
}
