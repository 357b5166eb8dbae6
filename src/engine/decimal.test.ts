import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDecimals, Decimal, multiplyDecimals } from './decimal.ts';
import { decimalToString } from './feel/numbers.ts';

/** A decimal with up to `digits` significant digits and up to `maxScale` decimal places. */
const decimal = (digits: number, maxScale: number): fc.Arbitrary<Decimal> => {
  const limit = 10n ** BigInt(digits) - 1n;
  return fc.tuple(fc.bigInt({ min: -limit, max: limit }), fc.integer({ min: -3, max: maxScale })).map(([m, scale]) => new Decimal(`${m}e${-scale}`));
};

/** Short and long operands, zeros of both signs (a zero operand has a shortcut of its own), and more digits than the 34 of the precision. */
const operand = fc.oneof(decimal(6, 12), decimal(16, 20), decimal(28, 30), decimal(40, 45), fc.constant(new Decimal(0)), fc.constant(new Decimal('-0')));

/** Written operand pairs as decimals, with a label naming them. */
const pairs = (cases: [string, string][]) => cases.map(([x, y]) => ({ a: new Decimal(x), b: new Decimal(y), label: `${x}, ${y}` }));

const parts = (d: Decimal | null) => (d === null ? null : { s: d.s, e: d.e, d: d.d });

describe('addDecimals: the fast path of + and − is decimal.js exactly', () => {
  it('gives the value, sign, exponent and digit words decimal.js gives, for short and long operands', () => {
    fc.assert(
      fc.property(operand, operand, (a, b) => {
        expect(parts(addDecimals(a, b, 1))).toEqual(parts(a.plus(b)));
        expect(parts(addDecimals(a, b, -1))).toEqual(parts(a.minus(b)));
      }),
      { numRuns: 3000 },
    );
  });

  it('covers the cases where words carry, cancel or leave trailing zero words', () => {
    const cases: [string, string][] = [
      ['9999999', '1'],
      ['9999999.9999999', '0.0000001'],
      ['446.4', '-446.4'],
      ['0.0001907', '446.4000000000'],
      ['10000000', '-0.0000001'],
      ['-1.5', '1.5000001'],
      ['99999999999999', '1'],
      ['5e-7', '5e-7'],
      ['12345678901234', '98765432109876'],
    ];
    for (const { a, b, label } of pairs(cases)) {
      expect(parts(addDecimals(a, b, 1)), `+ ${label}`).toEqual(parts(a.plus(b)));
      expect(parts(addDecimals(a, b, -1)), `− ${label}`).toEqual(parts(a.minus(b)));
    }
  });

  it('keeps its results usable by decimal.js (a sum goes on into multiplication and rounding)', () => {
    const s = addDecimals(new Decimal('446.4'), new Decimal('0.0001907'), 1)!;
    expect(s.times(3).toFixed()).toBe('1339.2005721');
    expect(s.toDecimalPlaces(2).toFixed()).toBe('446.4');
    expect(s instanceof Decimal).toBe(true);
  });
});

describe('multiplyDecimals: the fast path of × is decimal.js exactly', () => {
  it('gives the value, sign, exponent and digit words decimal.js gives, inside and beyond 2^53', () => {
    fc.assert(
      fc.property(fc.oneof(operand, decimal(8, 10), decimal(3, 2)), fc.oneof(operand, decimal(8, 10), decimal(3, 2)), (a, b) => {
        expect(parts(multiplyDecimals(a, b))).toEqual(parts(a.times(b)));
      }),
      { numRuns: 3000 },
    );
  });

  it('covers the edge of exactness, carries and zeros of either sign', () => {
    const cases: [string, string][] = [
      ['94906265', '94906265'], // just above 2^53
      ['94906265', '94906264'], // just below
      ['9999999', '9999999'],
      ['0.0000001', '10000000'],
      ['-1.15', '446.4'],
      ['0', '-5'],
      ['-0', '-5'],
      ['0.0004797', '0.0004797'],
      ['1e-20', '1e-20'],
      ['12345678901234', '0.5'],
    ];
    for (const { a, b, label } of pairs(cases)) expect(parts(multiplyDecimals(a, b)), `× ${label}`).toEqual(parts(a.times(b)));
  });
});

describe('decimalToString: the short path writes what toFixed writes', () => {
  it('for integers, amounts and small fractions of either sign', () => {
    fc.assert(
      fc.property(fc.oneof(decimal(8, 9), decimal(3, 3), decimal(20, 25)), (d) => {
        const fixed = d.toFixed();
        expect(decimalToString(d)).toBe(fixed === '-0' ? '0' : fixed);
      }),
      { numRuns: 3000 },
    );
    for (const t of ['0', '-0', '9999999', '-9999999', '446.4', '0.0000001', '1.0000001', '-0.5', '10000000', '0.00000001']) {
      const d = new Decimal(t);
      expect(decimalToString(d), t).toBe(d.toFixed() === '-0' ? '0' : d.toFixed());
    }
  });
});
