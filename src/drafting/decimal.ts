import DecimalJs from 'decimal.js';

/**
 * Same settings as the engine's Decimal (34 digits, half-even). Drafting only compares and
 * formats the engine's values; it never computes money. Replaced by the engine's export
 * once `src/engine/index.ts` publishes it.
 */
export const Decimal = DecimalJs.clone({ precision: 34, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 40 });
export type Decimal = DecimalJs;
