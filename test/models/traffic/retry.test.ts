/**
 * The retry policy's backoff (gRPC's exponential backoff with a jitter fraction) and Finagle's retry budget rule,
 * on their own: expected values by hand from the formulas in models/traffic/retry.ts.
 */
import { milliseconds, seconds, type Micros } from '../../../engine/time';
import type { RandomStream } from '../../../engine/random';
import { RetryBudget, RetryPolicy } from '../../../models/traffic/retry';
import type { RetryPolicySpec } from '../../../models/traffic/spec';

/** A stream that returns the given uniforms in turn (and fails when it runs out, so an extra draw shows). */
function uniforms(...u: number[]): RandomStream & { used: number } {
  const s = {
    used: 0,
    next(): number {
      if (s.used >= u.length) throw new Error('unexpected draw');
      return u[s.used++];
    },
  };
  return s as unknown as RandomStream & { used: number };
}

const policy = (backoff: RetryPolicySpec['backoff'], stream: RandomStream = uniforms()): RetryPolicy =>
  new RetryPolicy({ attempts: 5, on: ['timeout', 'failed'], backoff }, stream);

describe('backoff', () => {
  test('without jitter: initial × multiplier^(n−1), capped at max, and no draw', () => {
    // 100 ms × 3^(n−1): 100, 300, 900 → capped 500, 2700 → 500 ms.
    const p = policy({ initial: milliseconds(100), max: milliseconds(500), multiplier: 3, jitter: 0 });
    expect([1, 2, 3, 4].map((n) => p.backoff(n))).toEqual([100_000, 300_000, 500_000, 500_000]);
  });

  test('with jitter j: b × (1 − j·u), one uniform per retry, rounded to whole µs', () => {
    // b = 25 ms, 50 ms (doubling). j = 1 (gRPC's random(0, b)): u = 0.5 → 12.5 ms; u = 0.2 → 50 × 0.8 = 40 ms.
    const s = uniforms(0.5, 0.2, 0.999_999_99);
    const p = policy({ initial: milliseconds(25), max: milliseconds(250), multiplier: 2, jitter: 1 }, s);
    expect([p.backoff(1), p.backoff(2)]).toEqual([12_500, 40_000]);
    // j = 1, u → 1: b × 1e-8 = 0.0000025 ms → 0 µs after rounding (a retry at once).
    expect(p.backoff(1)).toBe(0);
    expect(s.used).toBe(3);
    // j = 0.2, u = 0.75: 100 ms × (1 − 0.15) = 85 ms; the delay stays within [80, 100] ms.
    const q = policy({ initial: milliseconds(100), max: seconds(1), multiplier: 2, jitter: 0.2 }, uniforms(0.75));
    expect(q.backoff(1)).toBe(85_000);
  });

  test('retries only the outcomes listed in `on`', () => {
    const p = policy({ initial: 0 as Micros, max: 0 as Micros, multiplier: 1, jitter: 0 });
    expect((['timeout', 'failed', 'rejected', 'no_endpoints', 'success'] as const).map((o) => p.retries(o))).toEqual([true, true, false, false, false]);
  });
});

describe("Finagle's retry budget: retries in the window + 1 ≤ ratio × requests in the window + minPerSecond × ttl", () => {
  test('ratio only: one retry per 1/ratio requests', () => {
    // ratio 0.2, no reserve: after 4 requests 0 + 1 ≤ 0.8 fails; after 5, 1 ≤ 1 passes; a second needs 10.
    const b = new RetryBudget(0.2, 0, seconds(10));
    for (let i = 0; i < 4; i++) b.deposit(seconds(1));
    expect(b.tryWithdraw(seconds(1))).toBe(false);
    b.deposit(seconds(1));
    expect(b.tryWithdraw(seconds(1))).toBe(true);
    expect(b.tryWithdraw(seconds(1))).toBe(false);
    for (let i = 0; i < 5; i++) b.deposit(seconds(2));
    expect(b.tryWithdraw(seconds(2))).toBe(true);
    expect(b.tryWithdraw(seconds(2))).toBe(false);
  });

  test('the reserve: minPerSecond × ttl retries without any request', () => {
    // 2/s × 3 s = 6 retries in any 3 s window, with no deposit at all.
    const b = new RetryBudget(0.5, 2, seconds(3));
    const granted = Array.from({ length: 8 }, () => b.tryWithdraw(seconds(1))).filter(Boolean).length;
    expect(granted).toBe(6);
  });

  test('deposits and withdrawals count for ttl: at t + ttl they are gone', () => {
    // ratio 1, no reserve, ttl 10 s. One request at 0 s allows one retry at 5 s; at 9.999999 s both still count
    // (0 + 1 requests, 1 retry: 2 ≤ 1 fails); at 10 s the request has expired (0 requests: refused), and a request
    // at 10 s then allows one more retry only once the retry of 5 s has expired at 15 s.
    const b = new RetryBudget(1, 0, seconds(10));
    b.deposit(0 as Micros);
    expect(b.tryWithdraw(seconds(5))).toBe(true);
    expect(b.tryWithdraw(seconds(9.999999))).toBe(false);
    expect(b.tryWithdraw(seconds(10))).toBe(false);
    b.deposit(seconds(10));
    expect(b.tryWithdraw(seconds(14.999999))).toBe(false);
    expect(b.tryWithdraw(seconds(15))).toBe(true);
  });

  test('grows past its initial ring size without losing order', () => {
    // 1,000 requests at one instant, ratio 0.1: exactly 100 retries allowed.
    const b = new RetryBudget(0.1, 0, seconds(10));
    for (let i = 0; i < 1000; i++) b.deposit(seconds(1));
    const granted = Array.from({ length: 150 }, () => b.tryWithdraw(seconds(1))).filter(Boolean).length;
    expect(granted).toBe(100);
  });
});
