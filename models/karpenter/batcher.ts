/**
 * The provisioning batch window (reference §6.1; kubernetes-sigs/karpenter pkg/controllers/provisioning/batcher.go
 * Wait): it opens at the first trigger; a trigger of a UID new to the window resets the idle timer; it closes when the
 * idle timer fires or `max` after it opened. Pure state: the caller schedules the close at `deadline()`.
 */
import type { Micros } from '../../engine/time';

export class Batcher {
  private openedAt: Micros | undefined;
  private idleUntil: Micros | undefined;
  private readonly uids = new Set<string>();

  constructor(
    private readonly idle: Micros,
    private readonly max: Micros,
  ) {}

  /** Records a trigger; returns true when it changed the deadline (a new UID, or the window opened). */
  trigger(uid: string, now: Micros): boolean {
    if (this.openedAt === undefined) {
      this.openedAt = now;
      this.idleUntil = (now + this.idle) as Micros;
      this.uids.add(uid);
      return true;
    }
    if (this.uids.has(uid)) return false;
    this.uids.add(uid);
    this.idleUntil = (now + this.idle) as Micros;
    return true;
  }

  get open(): boolean {
    return this.openedAt !== undefined;
  }

  /** When the window closes: min(idle timer, opened + max); undefined while closed. */
  deadline(): Micros | undefined {
    if (this.openedAt === undefined || this.idleUntil === undefined) return undefined;
    return Math.min(this.idleUntil, this.openedAt + this.max) as Micros;
  }

  /** Whether the window closed by its max duration (for traces). */
  closedByMax(): boolean {
    return this.openedAt !== undefined && this.idleUntil !== undefined && this.openedAt + this.max <= this.idleUntil;
  }

  /** Closes the window; returns the UIDs it held, in trigger order. */
  close(): string[] {
    const out = [...this.uids];
    this.uids.clear();
    this.openedAt = undefined;
    this.idleUntil = undefined;
    return out;
  }
}
