/**
 * A Traffic's client retry policy at run time: which attempt outcomes are retried, the backoff before each retry
 * (gRPC retry policy's exponential backoff with a jitter fraction) and Finagle's retry budget. Decides nothing about
 * routing (each retry is a new attempt through the Service's load balancer); draws its jitter from the stream it is
 * given, never reads the clock.
 */
import type { RandomStream } from '../../engine/random';
import { micros, toSeconds, type Micros } from '../../engine/time';
import type { RequestOutcome } from '../service/serviceStats';
import type { RetryPolicySpec } from './spec';

// Hot-path globals as module constants: under Jest's vm sandbox each global lookup costs ~0.2 µs.
const { pow, round } = Math;

/** Budget comparisons allow this much floating-point slack (ratio × requests is a product of decimals). */
const BUDGET_EPSILON = 1e-9;

/**
 * Retry n (n = 1 before the second attempt) waits b_n = min(initial × multiplier^(n−1), max), then, with a jitter
 * fraction j > 0, a delay uniform in [(1 − j)·b_n, b_n]: b_n × (1 − j·u) for one uniform u, rounded to whole µs.
 * j = 1 is gRPC's retry policy (random(0, b_n)); j = 0 is exact and draws nothing.
 */
export class RetryPolicy {
  readonly attempts: number;
  /** Retried outcomes. */
  private readonly on: ReadonlySet<RequestOutcome>;
  readonly budget: RetryBudget | undefined;

  constructor(
    readonly spec: RetryPolicySpec,
    private readonly stream: RandomStream,
  ) {
    if (!(Number.isInteger(spec.attempts) && spec.attempts >= 1)) throw new Error(`retry attempts must be an integer ≥ 1, got ${spec.attempts}`);
    const { initial, max, multiplier, jitter } = spec.backoff;
    if (!(initial >= 0 && max >= initial && multiplier >= 1 && jitter >= 0 && jitter <= 1)) throw new Error(`retry backoff out of range: ${JSON.stringify(spec.backoff)}`);
    this.attempts = spec.attempts;
    this.on = new Set(spec.on);
    this.budget = spec.budget === undefined ? undefined : new RetryBudget(spec.budget.ratio, spec.budget.minPerSecond, spec.budget.ttl);
  }

  /** Whether an attempt that ended in `outcome` is retried (budget apart). */
  retries(outcome: RequestOutcome): boolean {
    return this.on.has(outcome);
  }

  /** The backoff before retry number `n` (1, 2, …), whole µs. */
  backoff(n: number): Micros {
    const { initial, max, multiplier, jitter } = this.spec.backoff;
    const grown = initial * pow(multiplier, n - 1);
    const b = grown < max ? grown : max;
    return micros(round(jitter > 0 ? b * (1 - jitter * this.stream.next()) : b));
  }
}

/**
 * Finagle's RetryBudget (com.twitter.finagle.service.RetryBudget(ttl, minRetriesPerSec, percentCanRetry)): every
 * client request deposits, every retry withdraws, and both count for `ttl`. Finagle keeps a leaky token bucket
 * (deposit 1000 tokens, withdrawal 1000 / percentCanRetry, a reserve of minRetriesPerSec × ttl withdrawals); in
 * whole requests its rule is: a retry is allowed when, counting it,
 *
 *     retries in the window ≤ ratio × requests in the window + minPerSecond × ttl (seconds)
 *
 * where the window is the last `ttl` (a deposit or withdrawal at t counts while now < t + ttl). k8sim counts the
 * window exactly; Finagle's WindowedAdder counts it in ten slices of ttl/10, so its expiry is coarser.
 */
export class RetryBudget {
  private readonly deposits = new TimeWindow();
  private readonly withdrawals = new TimeWindow();
  private readonly reserve: number;

  constructor(
    readonly ratio: number,
    readonly minPerSecond: number,
    readonly ttl: Micros,
  ) {
    if (!(ratio >= 0 && minPerSecond >= 0 && ttl > 0)) throw new Error(`retry budget out of range: ratio ${ratio}, minPerSecond ${minPerSecond}, ttl ${ttl}`);
    this.reserve = minPerSecond * toSeconds(ttl);
  }

  /** A client request was sent at `now`. */
  deposit(now: Micros): void {
    this.deposits.add(now);
  }

  /** A retry wants to go at `now`: true (and counted) when the budget allows it. */
  tryWithdraw(now: Micros): boolean {
    const d = this.deposits.count(now, this.ttl);
    const w = this.withdrawals.count(now, this.ttl);
    if (!(w + 1 <= this.ratio * d + this.reserve + BUDGET_EPSILON)) return false;
    this.withdrawals.add(now);
    return true;
  }
}

/** Times (non-decreasing) of events, forgetting those older than a window: a ring buffer. */
class TimeWindow {
  private ring = new Float64Array(64);
  private head = 0;
  private size = 0;

  add(t: Micros): void {
    if (this.size === this.ring.length) {
      const bigger = new Float64Array(this.ring.length * 2);
      for (let i = 0; i < this.size; i++) bigger[i] = this.ring[(this.head + i) % this.ring.length];
      this.ring = bigger;
      this.head = 0;
    }
    this.ring[(this.head + this.size) % this.ring.length] = t;
    this.size++;
  }

  /** Events at t with now < t + ttl. */
  count(now: Micros, ttl: Micros): number {
    while (this.size > 0 && this.ring[this.head] + ttl <= now) {
      this.head = this.head + 1 === this.ring.length ? 0 : this.head + 1;
      this.size--;
    }
    return this.size;
  }
}
