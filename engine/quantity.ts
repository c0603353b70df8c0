/**
 * Kubernetes resource quantities (`250m`, `1`, `1.5`, `64Mi`, `1e3`, `2Gi`) parsed exactly with BigInt, as
 * k8s.io/apimachinery/pkg/api/resource does, to integer milli-units (MilliValue) or integer base units (Value).
 * Both round up, like the Go library's MilliValue()/Value().
 */

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const QUANTITY_RE = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** An exact rational num/den (den > 0). */
interface Rational {
  num: bigint;
  den: bigint;
}

function parseRational(v: unknown): Rational | undefined {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return undefined;
    v = String(v);
    if ((v as string).includes('e')) {
      // e.g. 1e-7 from YAML: normalise to Kubernetes exponent form
      const [m, e] = (v as string).split('e');
      v = `${m}e${e}`;
    }
  }
  if (typeof v !== 'string') return undefined;
  const m = QUANTITY_RE.exec(v.trim());
  if (!m) return undefined;
  const [, sign, digits, suffix = ''] = m;
  const [intPart, fracPart = ''] = digits.split('.');
  let num = BigInt((intPart || '0') + fracPart);
  let den = 10n ** BigInt(fracPart.length);
  if (suffix in BINARY) {
    num *= 1n << BigInt(BINARY[suffix]);
  } else {
    const exp = suffix in DECIMAL ? DECIMAL[suffix] : Number(suffix.slice(1));
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
  }
  if (sign === '-') num = -num;
  return { num, den };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

/** True when `v` is a valid Kubernetes quantity (string or number). */
export function isQuantity(v: unknown): boolean {
  return parseRational(v) !== undefined;
}

/** The quantity in milli-units, rounded up (resource.Quantity.MilliValue): `250m` → 250, `1` → 1000, `64Mi` → 67108864000. */
export function parseMilli(v: unknown): number | undefined {
  const r = parseRational(v);
  if (!r) return undefined;
  return Number(ceilDiv(r.num * 1000n, r.den));
}

/** The quantity in base units, rounded up (resource.Quantity.Value): `64Mi` → 67108864, `250m` → 1. */
export function parseValue(v: unknown): number | undefined {
  const r = parseRational(v);
  if (!r) return undefined;
  return Number(ceilDiv(r.num, r.den));
}
