/**
 * Numeric built-ins (DMN 1.5 §10.3.4.5) on Decimal128 numbers. Every rounding goes through
 * `rounded`, which reports the step to `ctx.onRound` so the engine's trace shows it.
 */
import DecimalJs from 'decimal.js';
import type { Decimal } from '../../decimal.ts';
import { decimalToString, finite, roundToScale, type RoundingMode } from '../numbers.ts';
import { DaysTimeDuration, YearsMonthsDuration, type EvalContext, type FeelValue } from '../values.ts';
import { argInt, argNumber, single, type BuiltinSpec } from './registry.ts';


function rounded(ctx: EvalContext, fn: string, n: Decimal, scale: number, mode: RoundingMode): FeelValue {
  const r = roundToScale(n, scale, mode);
  if (r !== null && ctx.onRound) ctx.onRound({ fn, from: decimalToString(n), to: decimalToString(r), scale });
  return r;
}

function rounding(name: string, mode: RoundingMode, scaleOptional: boolean): BuiltinSpec {
  return {
    name,
    signatures: [['n', scaleOptional ? 'scale?' : 'scale']],
    fn([n, s], ctx) {
      const x = argNumber(n);
      if (!x) return null;
      if (s === undefined) return rounded(ctx, name, x, 0, mode);
      const scale = argInt(s);
      return scale === null ? null : rounded(ctx, name, x, scale, mode);
    },
  };
}

function unary(name: string, param: string, f: (x: Decimal) => FeelValue): BuiltinSpec {
  return {
    name,
    signatures: [[param]],
    fn([a]) {
      const x = argNumber(a);
      return x ? f(x) : null;
    },
  };
}

export const numericBuiltins: BuiltinSpec[] = [
  rounding('decimal', 'half-even', false),
  rounding('floor', 'floor', true),
  rounding('ceiling', 'ceiling', true),
  rounding('round up', 'up', true),
  rounding('round down', 'down', true),
  rounding('round half up', 'half-up', true),
  rounding('round half down', 'half-down', true),
  {
    name: 'abs',
    signatures: [['n']],
    fn([arg]) {
      const a = single(arg);
      if (a instanceof DecimalJs) return a.abs();
      if (a instanceof DaysTimeDuration) return new DaysTimeDuration(a.seconds.abs());
      if (a instanceof YearsMonthsDuration) return new YearsMonthsDuration(Math.abs(a.months));
      return null;
    },
  },
  {
    name: 'modulo',
    signatures: [['dividend', 'divisor']],
    fn([a, b]) {
      const x = argNumber(a), y = argNumber(b);
      if (!x || !y || y.isZero()) return null;
      // DMN: dividend − divisor × floor(dividend / divisor); the sign follows the divisor
      const r = x.mod(y);
      return finite(!r.isZero() && r.isNegative() !== y.isNegative() ? r.plus(y) : r);
    },
  },
  unary('sqrt', 'number', (x) => (x.isNegative() ? null : finite(x.sqrt()))),
  unary('log', 'number', (x) => (x.lte(0) ? null : finite(x.ln()))),
  unary('exp', 'number', (x) => finite(x.exp())),
  unary('odd', 'number', (x) => (x.isInteger() ? !x.mod(2).isZero() : false)),
  unary('even', 'number', (x) => (x.isInteger() ? x.mod(2).isZero() : false)),
];
