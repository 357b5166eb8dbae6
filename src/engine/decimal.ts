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
