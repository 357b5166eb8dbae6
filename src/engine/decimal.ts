import DecimalJs from 'decimal.js';

/**
 * The engine's only number type. FEEL (DMN 1.5 §10.3.2.3.1) specifies IEEE 754-2008
 * Decimal128 semantics: 34 significant digits, rounding half even. Money never touches a
 * binary float. A private clone, so no other library's settings can change ours.
 */
export const Decimal = DecimalJs.clone({
  precision: 34,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
  minE: -6143,
  maxE: 6144,
});
export type Decimal = DecimalJs;

export const DECIMAL_LIBRARY = `decimal.js@10.6.0 (precision 34, ROUND_HALF_EVEN)`;

export function isDecimal(v: unknown): v is Decimal {
  return v instanceof DecimalJs;
}

export function dec(v: string | number | Decimal): Decimal {
  return new Decimal(v);
}

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);

/**
 * `a.cmp(b)` without decimal.js's defensive copy of `b` (a new Decimal and digit array per
 * comparison, which made comparisons a visible share of a decision). The same algorithm on the
 * documented instance properties: sign `s`, exponent `e`, base-1e7 digit words `d`.
 * NaN and infinities go to decimal.js.
 */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const ad = a.d;
  const bd = b.d;
  if (!ad || !bd) return a.cmp(b);
  const as = a.s;
  const bs = b.s;
  if (!ad[0] || !bd[0]) return ad[0] ? as : bd[0] ? -bs : 0;
  if (as !== bs) return as;
  const neg = as < 0;
  if (a.e !== b.e) return a.e > b.e !== neg ? 1 : -1;
  const n = ad.length < bd.length ? ad.length : bd.length;
  for (let i = 0; i < n; i++) {
    if (ad[i] !== bd[i]) return ad[i]! > bd[i]! !== neg ? 1 : -1;
  }
  return ad.length === bd.length ? 0 : ad.length > bd.length !== neg ? 1 : -1;
}

const BASE = 1e7;

/**
 * `a + b` (sign 1) or `a − b` (sign −1), exactly what decimal.js computes, for the common case
 * of short operands — amounts and the ten-decimal intermediates of Anlage 3 WoGG — without
 * decimal.js's defensive copy of `b` and its digit-array loop (a tenth of a decision went into
 * additions). Aligned at the lower of their last base-1e7 words, both coefficients stay below
 * 1e14 here, so their sum is exact in a double; everything else goes to decimal.js. Reads and
 * writes the documented instance properties (sign `s`, exponent `e`, digit words `d`); null for
 * a result outside the Decimal128 range, as the FEEL operators expect.
 */
export function addDecimals(a: Decimal, b: Decimal, sign: 1 | -1): Decimal | null {
  const ad = a.d;
  const bd = b.d;
  // A zero operand: most additions of a decision are (empty sums, deductions that do not apply,
  // incomes of kinds not received). The other operand is the result, as decimal.js gives it —
  // its rounding to 34 digits changes nothing below four words (28 digits).
  if (ad && bd && (ad[0] === 0 || bd[0] === 0)) {
    if (bd[0] === 0 && ad[0] !== 0 && ad.length <= 4) return a;
    if (ad[0] === 0 && bd[0] !== 0 && bd.length <= 4) return sign === 1 ? b : b.neg();
    // 0 ± 0: decimal.js keeps a's zero when the signs agree after the operation, else +0
    if (ad[0] === 0 && bd[0] === 0) return (sign === 1) === (a.s === b.s) ? a : ZERO;
  }
  if (ad && bd && ad.length <= 2 && bd.length <= 2) {
    const a0 = ad[0]!;
    const b0 = bd[0]!;
    if (a0 !== 0 && b0 !== 0) {
      const ka = Math.floor(a.e / 7);
      const kb = Math.floor(b.e / 7);
      const la = ka - ad.length + 1;
      const lb = kb - bd.length + 1;
      const low = la < lb ? la : lb;
      if ((ka > kb ? ka : kb) - low <= 1) {
        const ca = ad.length === 2 ? a0 * BASE + ad[1]! : ka > low ? a0 * BASE : a0;
        const cb = bd.length === 2 ? b0 * BASE + bd[1]! : kb > low ? b0 * BASE : b0;
        return fromCoefficient(a.s * ca + sign * b.s * cb, low);
      }
    }
  }
  const r = sign === 1 ? a.plus(b) : a.minus(b);
  return r.d ? r : null;
}

/**
 * `a × b`, exactly what decimal.js computes, when the product of the two coefficients is below
 * 2^53 (exact in a double) — amounts times factors and rates; beyond it, and for NaN and
 * infinities, decimal.js. A zero operand gives a zero carrying the product of the signs, as in
 * decimal.js. Null for a result outside the Decimal128 range, as the FEEL operators expect.
 */
export function multiplyDecimals(a: Decimal, b: Decimal): Decimal | null {
  const ad = a.d;
  const bd = b.d;
  if (ad && bd && ad.length <= 2 && bd.length <= 2) {
    const a0 = ad[0]!;
    const b0 = bd[0]!;
    if (a0 === 0 || b0 === 0) return a.s * b.s < 0 ? NEGATIVE_ZERO : ZERO;
    const ca = ad.length === 2 ? a0 * BASE + ad[1]! : a0;
    const cb = bd.length === 2 ? b0 * BASE + bd[1]! : b0;
    const product = ca * cb;
    if (product <= Number.MAX_SAFE_INTEGER) {
      const low = Math.floor(a.e / 7) - ad.length + 1 + (Math.floor(b.e / 7) - bd.length + 1);
      return fromCoefficient(a.s * b.s < 0 ? -product : product, low);
    }
  }
  const r = a.times(b);
  return r.d ? r : null;
}

const NEGATIVE_ZERO = new Decimal(-0);

/** The Decimal `r · 1e7^low` for an integer |r| < 2^53, normalised as decimal.js does. */
function fromCoefficient(r: number, low: number): Decimal {
  // x − x is +0 under round half even, as in decimal.js
  if (r === 0) return new Decimal(0);
  let c = r < 0 ? -r : r;
  const words: number[] = [];
  while (c > 0) {
    const w = c % BASE;
    c = (c - w) / BASE;
    // trailing zero words are dropped (decimal.js keeps none)
    if (w === 0 && words.length === 0) low++;
    else words.push(w);
  }
  words.reverse();
  const top = low + words.length - 1;
  const first = words[0]!;
  const digits = first >= 1e6 ? 7 : first >= 1e5 ? 6 : first >= 1e4 ? 5 : first >= 1e3 ? 4 : first >= 100 ? 3 : first >= 10 ? 2 : 1;
  // built by decimal.js's own constructor, so the result has the hidden class of all its results
  const x = new Decimal(1);
  const parts = x as unknown as { s: number; e: number; d: number[] };
  parts.s = r < 0 ? -1 : 1;
  parts.e = top * 7 + digits - 1;
  parts.d = words;
  return x;
}
