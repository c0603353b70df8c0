/**
 * Durations in and out: parseDuration (Kubernetes/Go duration strings or numbers of seconds, to integer µs),
 * formatGoDuration (Go's time.Duration.String(), as the kubelet prints back-off delays) and formatSeconds (the
 * six-decimal `time_s` rule); the Micros brand and its helpers. Each expected value is derived by hand in its row.
 */
import { Priority } from '../../engine/priority';
import { Simulator } from '../../engine/simulator';
import {
  addMicros,
  BEFORE_ALL,
  END_OF_TIME,
  formatGoDuration,
  formatSeconds,
  maxMicros,
  micros,
  milliseconds,
  minMicros,
  minutes,
  NEVER,
  parseDuration,
  scaleMicros,
  seconds,
  subMicros,
  toMilliseconds,
  toSeconds,
  US_PER_HOUR,
  US_PER_MINUTE,
  US_PER_MS,
  US_PER_SECOND,
  ZERO,
  type Micros,
} from '../../engine/time';

describe('unit constants and converters', () => {
  it('count microseconds', () => {
    expect([US_PER_MS, US_PER_SECOND, US_PER_MINUTE, US_PER_HOUR]).toEqual([1e3, 1e6, 60e6, 3600e6]);
    expect(seconds(1.5)).toBe(1_500_000);
    expect(seconds(0.1)).toBe(100_000); // 0.1·10⁶ rounds to the nearest µs, no float tail
    expect(milliseconds(250)).toBe(250_000);
    expect(milliseconds(0.0004)).toBe(0); // 0.4 µs rounds to 0
    expect(minutes(1.5)).toBe(90_000_000); // 1.5 × 60 × 10⁶
    expect(toSeconds(micros(12_500_000))).toBe(12.5);
    expect(toSeconds(seconds(0.1))).toBe(0.1); // 100000 µs ÷ 10⁶ is the double 0.1, as the trace's cell parses back
    expect(toMilliseconds(micros(1_500))).toBe(1.5);
  });

  it('do arithmetic on Micros without leaving the type', () => {
    const t = seconds(10);
    expect(addMicros(t, milliseconds(250))).toBe(10_250_000);
    expect(subMicros(t, seconds(12))).toBe(-2_000_000); // a negative duration: t is 2 s before
    expect(scaleMicros(seconds(10), 3)).toBe(30_000_000);
    expect([minMicros(t, seconds(3)), maxMicros(t, seconds(3))]).toEqual([3_000_000, 10_000_000]);
    expect(micros(42)).toBe(42); // the identity: the brand has no run-time form
    expect([ZERO, NEVER, BEFORE_ALL, END_OF_TIME]).toEqual([0, Infinity, -Infinity, Number.MAX_SAFE_INTEGER]);
  });
});

describe('the Micros brand', () => {
  // `npm test` type-checks the tests (tsc --noEmit) before jest runs them: an @ts-expect-error that no longer finds
  // an error fails the build, so removing the brand (Micros = number) fails here.
  it('rejects a plain number where Micros is expected, at compile time only', () => {
    const sim = new Simulator();
    const tick = sim.register<null>('tick', () => undefined);
    // @ts-expect-error 5 is a plain number (seconds? µs?): state the unit with seconds(5) or micros(5)
    const delay: Micros = 5;
    // @ts-expect-error the engine takes Micros, not a number of seconds
    sim.schedule(30, tick, null, Priority.KUBELET);
    // @ts-expect-error arithmetic on Micros is a plain number again: addMicros keeps the type
    const later: Micros = seconds(1) + seconds(2);
    // At run time a Micros is the number itself, so the wrong call above meant 30 µs, not 30 s: the mix-up the brand
    // exists to catch.
    expect([delay, later, typeof seconds(1)]).toEqual([5, 3_000_000, 'number']);
    expect(sim.nextEventTime()).toBe(30);
  });
});

describe('parseDuration', () => {
  interface Case {
    readonly input: unknown;
    readonly want: number | undefined; // µs
    readonly why: string;
  }
  const cases: readonly Case[] = [
    { input: '30s', want: 30_000_000, why: '30 × 10⁶' },
    { input: '5m', want: 300_000_000, why: '5 × 60 × 10⁶' },
    { input: '1h30m', want: 5_400_000_000, why: '3600·10⁶ + 30·60·10⁶' },
    { input: '1m30s', want: 90_000_000, why: '60·10⁶ + 30·10⁶' },
    { input: '250ms', want: 250_000, why: '250 × 10³; "ms" is not read as minutes' },
    { input: '1.5s', want: 1_500_000, why: '1.5 × 10⁶' },
    { input: '2h45m30.5s', want: 9_930_500_000, why: '7200·10⁶ + 2700·10⁶ + 30.5·10⁶' },
    { input: '1.5h', want: 5_400_000_000, why: '1.5 × 3600·10⁶' },
    { input: '100us', want: 100, why: 'microseconds' },
    { input: '100µs', want: 100, why: 'Go also spells µs with U+00B5' },
    { input: '1500ns', want: 2, why: '1.5 µs rounds to the nearest µs, 2' },
    { input: '0s', want: 0, why: 'zero' },
    { input: '0', want: 0, why: 'bare zero, as Go allows' },
    { input: '90', want: 90_000_000, why: 'a numeric string is seconds' },
    { input: '1.25', want: 1_250_000, why: 'a numeric string with a fraction is seconds' },
    { input: 30, want: 30_000_000, why: 'a number is seconds' },
    { input: 1.5, want: 1_500_000, why: 'a fractional number of seconds' },
    { input: 0, want: 0, why: 'zero seconds' },
    { input: ' 10s ', want: 10_000_000, why: 'surrounding blanks are trimmed' },
    { input: '-5m', want: undefined, why: 'negative durations: no k8sim field takes one' },
    { input: -5, want: undefined, why: 'negative number' },
    { input: 'abc', want: undefined, why: 'not a duration' },
    { input: '5x', want: undefined, why: 'unknown unit' },
    { input: '5', want: 5_000_000, why: 'number-like string (seconds), unlike Go' },
    { input: '', want: undefined, why: 'empty' },
    { input: '   ', want: undefined, why: 'blank' },
    { input: 'm', want: undefined, why: 'unit without a number' },
    { input: '5mm', want: undefined, why: 'trailing garbage after a valid part' },
    { input: '1h 30m', want: undefined, why: 'blank between parts' },
    { input: NaN, want: undefined, why: 'not finite' },
    { input: Infinity, want: undefined, why: 'not finite' },
    { input: null, want: undefined, why: 'not a string or number' },
    { input: { s: 1 }, want: undefined, why: 'not a string or number' },
  ];
  it.each(cases)('parseDuration($input) = $want ($why)', ({ input, want }) => {
    expect(parseDuration(input)).toBe(want);
  });
});

describe('formatGoDuration', () => {
  // Go's time.Duration.String(): at or above one second, "XhYmZs" with leading zero units dropped and the seconds'
  // fraction trimmed of trailing zeros; below one second, the largest of ms, µs, ns that keeps an integer part.
  const cases: readonly [number, string, string][] = [
    [0, '0s', 'zero is "0s"'],
    [10 * US_PER_SECOND, '10s', 'first CrashLoopBackOff delay'],
    [80 * US_PER_SECOND, '1m20s', '80 = 1·60 + 20'],
    [160 * US_PER_SECOND, '2m40s', '160 = 2·60 + 40'],
    [300 * US_PER_SECOND, '5m0s', '300 = 5·60 + 0: Go keeps the zero seconds'],
    [3600 * US_PER_SECOND, '1h0m0s', 'Go keeps the zero minutes and seconds after hours'],
    [256 * US_PER_SECOND, '4m16s', '256 = 4·60 + 16'],
    [1_500_000, '1.5s', 'fraction of a second'],
    [250_000, '250ms', 'below a second: milliseconds'],
    [1_500, '1.5ms', '1500 µs = 1.5 ms'],
    [10, '10µs', 'below a millisecond: microseconds, with U+00B5'],
    [61_500_000, '1m1.5s', '61.5 = 1·60 + 1.5'],
    [1_000_001, '1.000001s', 'all six µs digits when needed'],
    [1_005_000, '1.005s', 'leading zeros of the fraction kept, trailing dropped'],
    [10_921 * US_PER_SECOND, '3h2m1s', '10921 = 3·3600 + 2·60 + 1'],
    [25 * US_PER_HOUR, '25h0m0s', 'Go has no days'],
    [-80 * US_PER_SECOND, '-1m20s', 'negative: a leading minus'],
  ];
  it.each(cases)('formatGoDuration(%d) = %s (%s)', (us, want) => {
    expect(formatGoDuration(micros(us))).toBe(want);
  });

  it('prints the default CrashLoopBackOff ladder as the kubelet does', () => {
    // 10 s doubling, capped at 5 m: 10, 20, 40, 80, 160, 300 s.
    const ladder = [10, 20, 40, 80, 160, 300].map((s) => formatGoDuration(seconds(s)));
    expect(ladder).toEqual(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s']);
  });
});

describe('formatSeconds', () => {
  // whole = ⌊µs / 10⁶⌋, frac = µs − whole·10⁶ padded to six digits: integers only.
  const cases: readonly [number, string, string][] = [
    [0, '0.000000', 'zero'],
    [1, '0.000001', 'one microsecond'],
    [999_999, '0.999999', 'just under a second'],
    [12_500_000, '12.500000', '12 s + 500000 µs'],
    [86_400 * US_PER_SECOND, '86400.000000', 'a day'],
    [Number.MAX_SAFE_INTEGER, '9007199254.740991', '2⁵³ − 1 µs: 9007199254 s + 740991 µs, exact'],
    [-1_500_000, '-1.500000', 'negative'],
  ];
  it.each(cases)('formatSeconds(%d) = %s (%s)', (us, want) => {
    expect(formatSeconds(micros(us))).toBe(want);
  });
});
