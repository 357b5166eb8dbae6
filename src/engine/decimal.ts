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
