/**
 * Kubernetes quantities against k8s.io/apimachinery/pkg/api/resource: parseMilli is Quantity.MilliValue(),
 * parseValue is Quantity.Value(); both are ceil(q × 10^k) for positive quantities (ScaledValue rounds up).
 * Suffixes: decimal n u m "" k M G T P E (10⁻⁹ … 10¹⁸), binary Ki Mi Gi Ti Pi Ei (2¹⁰ … 2⁶⁰), or an exponent e/E±N.
 * Each expected number is derived by hand in its row.
 */
import { isQuantity, parseMilli, parseValue } from '../../engine/quantity';

type Row = readonly [input: unknown, want: number, why: string];

describe('parseMilli (MilliValue)', () => {
  const rows: readonly Row[] = [
    ['250m', 250, '250 × 10⁻³ → 250 milli'],
    ['100m', 100, '100 milli'],
    ['1', 1_000, '1 → 1000 milli'],
    ['2', 2_000, '2 → 2000 milli'],
    ['0.5', 500, '0.5 × 1000'],
    ['1.5', 1_500, '1.5 × 1000'],
    ['.5', 500, 'a leading dot is allowed: 0.5'],
    ['+1', 1_000, 'explicit plus sign'],
    ['0', 0, 'zero'],
    ['1.0001m', 2, '1.0001 milli rounds up to 2 (MilliValue is a ceiling)'],
    ['0.1m', 1, '0.1 milli rounds up to 1'],
    ['1n', 1, '10⁻⁹ = 10⁻⁶ milli, rounds up to 1'],
    ['1u', 1, '10⁻⁶ = 10⁻³ milli, rounds up to 1'],
    ['1e3', 1_000_000, '10³ × 1000'],
    ['1E3', 1_000_000, 'capital E exponent'],
    ['1e-3', 1, '10⁻³ = 1 milli exactly'],
    ['1.5e3', 1_500_000, '1500 × 1000'],
    ['100k', 100_000_000, '100 × 10³ × 1000'],
    ['1Ki', 1_024_000, '2¹⁰ × 1000'],
    ['64Mi', 67_108_864_000, '64 × 2²⁰ = 2²⁶ = 67108864, × 1000'],
    [2, 2_000, 'a YAML number'],
    [0.25, 250, 'a fractional YAML number'],
    [1e-7, 1, '10⁻⁷ = 10⁻⁴ milli, rounds up to 1 (String(1e-7) is "1e-7", an exponent form)'],
  ];
  it.each(rows)('parseMilli(%p) = %d (%s)', (input, want) => {
    expect(parseMilli(input)).toBe(want);
    expect(isQuantity(input)).toBe(true);
  });
});

describe('parseValue (Value)', () => {
  const rows: readonly Row[] = [
    // Kubernetes' own example of equal memory amounts (docs "Resource units"): 128974848, 129e6, 129M, 123Mi.
    ['128974848', 128_974_848, 'plain bytes'],
    ['129e6', 129_000_000, '129 × 10⁶'],
    ['129M', 129_000_000, '129 × 10⁶'],
    ['123Mi', 128_974_848, '123 × 1048576'],
    ['128974848000m', 128_974_848, '128974848000 × 10⁻³, exact'],
    ['64Mi', 67_108_864, '64 × 2²⁰'],
    ['1.5Gi', 1_610_612_736, '1.5 × 2³⁰ = 1610612736'],
    ['1Ki', 1_024, '2¹⁰'],
    ['1.5Ki', 1_536, '1.5 × 1024'],
    ['0.1Ki', 103, '102.4 rounds up to 103'],
    ['2Ti', 2_199_023_255_552, '2 × 2⁴⁰'],
    ['1G', 1_000_000_000, '10⁹'],
    ['100k', 100_000, '100 × 10³'],
    ['1e3', 1_000, '10³'],
    ['250m', 1, '0.25 rounds up to 1 (Value is a ceiling)'],
    ['0.5', 1, '0.5 rounds up to 1'],
    ['1.0001', 2, '1.0001 rounds up to 2'],
    ['2', 2, 'exact'],
    ['1.', 1, '"1." is accepted by apimachinery (empty fraction)'],
    [1024, 1_024, 'a YAML number'],
  ];
  it.each(rows)('parseValue(%p) = %d (%s)', (input, want) => {
    expect(parseValue(input)).toBe(want);
  });
});

describe('invalid quantities', () => {
  const invalid: readonly [unknown, string][] = [
    ['', 'empty'],
    ['abc', 'no number'],
    ['Mi', 'suffix without a number'],
    ['1K', 'decimal kilo is lower-case k; "K" is not a suffix'],
    ['1Mb', 'not a suffix'],
    ['1iB', 'not a suffix'],
    ['1 Mi', 'blank inside'],
    ['1.2.3', 'two decimal points'],
    ['1e', 'exponent without digits'],
    ['--1', 'two signs'],
    ['1Gi1', 'trailing digits after a binary suffix'],
    [NaN, 'not finite'],
    [Infinity, 'not finite'],
    [null, 'not a string or number'],
    [undefined, 'not a string or number'],
    [true, 'not a string or number'],
    [{}, 'not a string or number'],
  ];
  it.each(invalid)('%p is rejected (%s)', (input) => {
    expect(parseMilli(input)).toBeUndefined();
    expect(parseValue(input)).toBeUndefined();
    expect(isQuantity(input)).toBe(false);
  });
});
