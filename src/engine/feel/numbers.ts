/**
 * Number handling for FEEL (DMN 1.5 §10.3.2.3.1): IEEE 754-2008 Decimal128 semantics through the
 * engine's Decimal clone — 34 significant digits, round half even, exponent range of Decimal128.
 * A result outside that range is not a number: FEEL gives null.
 */
import DecimalJs from 'decimal.js';
import { Decimal } from '../decimal.ts';

export const D_ZERO = new Decimal(0);
export const D_TEN = new Decimal(10);

export function finite(d: Decimal): Decimal | null {
  return d.isFinite() ? d : null;
}

/** A FEEL numeric literal such as `12`, `-0.5`, `.25`; more than 34 digits are rounded half even. */
export function parseNumberLiteral(text: string): Decimal | null {
  const t = text.replace(/\s+/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const d = new Decimal(t);
  if (!d.isFinite()) return null;
  return d.precision() > 34 ? d.toSignificantDigits(34) : d;
}

const SMALL = Array.from({ length: 1025 }, (_, i) => new Decimal(i));

/** Decimal of a JS integer; small ones are shared (Decimals are immutable). */
export function decimalOf(n: number): Decimal {
  return n >= 0 && n <= 1024 && Number.isInteger(n) ? SMALL[n]! : new Decimal(n);
}

/** A JS integer for an index, scale or count argument; null if the Decimal is not an integer in range. */
export function toInt(d: Decimal): number | null {
  const words = d.d;
  if (!words || !d.isInteger()) return null;
  if (d.e > 14) return null;
  // read the base-1e7 words of decimal.js directly: toNumber() goes through a string
  let n = 0;
  const count = Math.floor(d.e / 7) + 1;
  for (let i = 0; i < count; i++) n = n * 1e7 + (words[i] ?? 0);
  return d.s < 0 ? -n || 0 : n;
}

export type RoundingMode = 'floor' | 'ceiling' | 'up' | 'down' | 'half-up' | 'half-down' | 'half-even';

const MODES: Record<RoundingMode, DecimalJs.Rounding> = {
  floor: DecimalJs.ROUND_FLOOR,
  ceiling: DecimalJs.ROUND_CEIL,
  up: DecimalJs.ROUND_UP,
  down: DecimalJs.ROUND_DOWN,
  'half-up': DecimalJs.ROUND_HALF_UP,
  'half-down': DecimalJs.ROUND_HALF_DOWN,
  'half-even': DecimalJs.ROUND_HALF_EVEN,
};

/** DMN 1.5 allows scales from −6111 to 6176 (the Decimal128 exponent range). */
export const MIN_SCALE = -6111;
export const MAX_SCALE = 6176;

/**
 * Rounds to `scale` digits after the decimal point (a negative scale rounds to tens, hundreds, …).
 * `up`/`down` and `half-up`/`half-down` are away from / towards zero, as in FEEL's `round up` etc.
 */
export function roundToScale(n: Decimal, scale: number, mode: RoundingMode): Decimal | null {
  if (!Number.isInteger(scale) || scale < MIN_SCALE || scale > MAX_SCALE) return null;
  const rm = MODES[mode];
  if (scale >= 0) {
    // toDecimalPlaces keeps all digits; only rounding that changes the value matters here.
    // A value with no more places than asked for is already the result (Decimals are immutable).
    const r = n.isFinite() && n.decimalPlaces() <= scale ? n : n.toDecimalPlaces(scale, rm);
    return r.precision() > 34 ? finite(r.toSignificantDigits(34, rm)) : finite(r);
  }
  const factor = D_TEN.pow(-scale);
  return finite(n.div(factor).toDecimalPlaces(0, rm).times(factor));
}

/** Normal notation without exponent and without trailing zeros: `445.4`, `0.0001`, `-12`. */
export function decimalToString(d: Decimal): string {
  const words = d.d;
  // Values below 10 million with at most seven decimals — nearly every amount and count in a
  // trace — straight from decimal.js's base-1e7 words: with the exponent between 0 and 6 the
  // first word is the integer part and a second word the seven digits after the point.
  if (words && d.e >= 0 && d.e < 7 && words.length <= 2) {
    const sign = d.s < 0 && words[0] !== 0 ? '-' : '';
    if (words.length === 1) return sign + words[0]!;
    let fraction = String(words[1]!).padStart(7, '0');
    let end = 7;
    while (fraction.charCodeAt(end - 1) === 48) end--;
    fraction = fraction.slice(0, end);
    return `${sign}${words[0]!}.${fraction}`;
  }
  const s = d.toFixed();
  return s === '-0' ? '0' : s;
}
