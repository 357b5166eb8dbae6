import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDecimals, Decimal } from '../decimal.ts';
import { compileExpression, FeelDate, Unknown, type EvalContext, type FeelValue } from './index.ts';

// Run counts sized for two cores: every property together stays well under a few seconds.
const RUNS = { numRuns: 300 };

function evaluator(text: string, names: string[]): (vars: Record<string, FeelValue>) => FeelValue {
  const c = compileExpression(text, { names });
  return (vars) => c.evaluate({ lookup: (n) => vars[n] } satisfies EvalContext);
}

/** A decimal with up to `digits` significant digits and `scale` decimal places, as text. */
function decimalText(digits: number, maxScale: number): fc.Arbitrary<string> {
  const limit = 10n ** BigInt(digits) - 1n;
  return fc.tuple(fc.bigInt({ min: -limit, max: limit }), fc.integer({ min: 0, max: maxScale })).map(([m, s]) => {
    const neg = m < 0n;
    const digitsText = (neg ? -m : m).toString().padStart(s + 1, '0');
    const text = s === 0 ? digitsText : `${digitsText.slice(0, -s)}.${digitsText.slice(-s)}`;
    return neg ? `-${text}` : text;
  });
}

const dec = (digits: number, scale: number): fc.Arbitrary<Decimal> => decimalText(digits, scale).map((t) => new Decimal(t));

function eq(a: FeelValue, b: FeelValue): boolean {
  return a instanceof Decimal && b instanceof Decimal && a.eq(b);
}

describe('comparison of decimals', () => {
  it('compareDecimals agrees with decimal.js cmp, zeros of both signs and long digit words included', () => {
    const any = fc.oneof(dec(40, 30), dec(3, 2), fc.constantFrom(new Decimal(0), new Decimal('-0'), new Decimal('1e-30'), new Decimal('-1e30'), new Decimal('10000000'), new Decimal('9999999.9999999')));
    fc.assert(
      fc.property(any, any, (a, b) => {
        expect(compareDecimals(a, b)).toBe(a.cmp(b));
        expect(compareDecimals(a, a)).toBe(0);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('decimal arithmetic laws', () => {
  const add = evaluator('a + b', ['a', 'b']);
  const addRev = evaluator('b + a', ['a', 'b']);
  const mul = evaluator('a * b', ['a', 'b']);
  const mulRev = evaluator('b * a', ['a', 'b']);
  const assocL = evaluator('(a + b) + c', ['a', 'b', 'c']);
  const assocR = evaluator('a + (b + c)', ['a', 'b', 'c']);
  const distL = evaluator('a * (b + c)', ['a', 'b', 'c']);
  const distR = evaluator('a * b + a * c', ['a', 'b', 'c']);
  const self = evaluator('x - x', ['x']);

  it('adds and multiplies commutatively', () => {
    fc.assert(
      fc.property(dec(34, 20), dec(34, 20), (a, b) => eq(add({ a, b }), addRev({ a, b })) && eq(mul({ a, b }), mulRev({ a, b }))),
      RUNS,
    );
  });

  it('adds associatively and exactly while the result fits 34 digits', () => {
    fc.assert(
      fc.property(dec(15, 8), dec(15, 8), dec(15, 8), (a, b, c) => {
        const r = assocL({ a, b, c });
        return eq(r, assocR({ a, b, c })) && eq(r, a.plus(b).plus(c));
      }),
      RUNS,
    );
  });

  it('distributes multiplication over addition where exact', () => {
    fc.assert(fc.property(dec(8, 4), dec(8, 4), dec(8, 4), (a, b, c) => eq(distL({ a, b, c }), distR({ a, b, c }))), RUNS);
  });

  it('gives x - x = 0', () => {
    fc.assert(fc.property(dec(34, 30), (x) => eq(self({ x }), new Decimal(0))), RUNS);
  });

  it('adds tenths without binary float error (0.1 + 0.2 = 0.3)', () => {
    const sum = evaluator('k * 0.1 + m * 0.1 = (k + m) / 10', ['k', 'm']);
    expect(compileExpression('0.1 + 0.2 = 0.3').evaluate({ lookup: () => undefined })).toBe(true);
    fc.assert(fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: -1e6, max: 1e6 }), (k, m) => sum({ k: new Decimal(k), m: new Decimal(m) }) === true), RUNS);
  });
});

/** Reference rounding on integers: value = mantissa / 10^scale, rounded to `n` places. */
function reference(text: string, n: number, mode: 'half-up' | 'half-even' | 'floor' | 'ceiling'): string {
  const neg = text.startsWith('-');
  const [i = '0', f = ''] = text.replace('-', '').split('.');
  const scale = f.length;
  let m = BigInt(i + f) * (neg ? -1n : 1n);
  if (scale <= n) return new Decimal(text).toFixed();
  const div = 10n ** BigInt(scale - n);
  let q = m / div; // truncates towards zero
  const r = m - q * div;
  const twice = (r < 0n ? -r : r) * 2n;
  const sign = m < 0n ? -1n : 1n;
  if (r !== 0n) {
    if (mode === 'floor' && m < 0n) q -= 1n;
    else if (mode === 'ceiling' && m > 0n) q += 1n;
    else if (mode === 'half-up' && twice >= div) q += sign;
    else if (mode === 'half-even' && (twice > div || (twice === div && q % 2n !== 0n))) q += sign;
  }
  m = q;
  return new Decimal(`${m}e-${n}`).toFixed();
}

describe('rounding functions', () => {
  const fns = {
    'half-up': evaluator('round half up(x, n)', ['x', 'n']),
    'half-even': evaluator('decimal(x, n)', ['x', 'n']),
    floor: evaluator('floor(x, n)', ['x', 'n']),
    ceiling: evaluator('ceiling(x, n)', ['x', 'n']),
  } as const;

  it('matches an integer reference for half up, half even, floor and ceiling at scale n', () => {
    fc.assert(
      fc.property(decimalText(20, 10), fc.integer({ min: 0, max: 8 }), fc.constantFrom('half-up', 'half-even', 'floor', 'ceiling'), (x, n, mode) => {
        const r = fns[mode]({ x: new Decimal(x), n: new Decimal(n) });
        return r instanceof Decimal && r.toFixed() === reference(x, n, mode);
      }),
      RUNS,
    );
  });

  it('is idempotent and stays within half a unit of the last place', () => {
    const again = evaluator('round half up(round half up(x, n), n) = round half up(x, n)', ['x', 'n']);
    const dist = evaluator('abs(round half up(x, n) - x) <= 0.5 * 10 ** -n and abs(decimal(x, n) - x) <= 0.5 * 10 ** -n', ['x', 'n']);
    const brackets = evaluator('floor(x, n) <= x and x <= ceiling(x, n) and ceiling(x, n) - floor(x, n) <= 10 ** -n', ['x', 'n']);
    fc.assert(
      fc.property(dec(25, 12), fc.integer({ min: 0, max: 10 }), (x, n) => {
        const vars = { x, n: new Decimal(n) };
        return again(vars) === true && dist(vars) === true && brackets(vars) === true;
      }),
      RUNS,
    );
  });

  it('rounds exact halves to the even neighbour with decimal()', () => {
    const f = evaluator('decimal(k + 0.5, 0)', ['k']);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (k) => {
        const r = f({ k: new Decimal(k) });
        return r instanceof Decimal && r.eq(k % 2 === 0 ? k : k + 1);
      }),
      RUNS,
    );
  });
});

const dateArb = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 11, 31)), noInvalidDate: true }).map(
  (d) => new FeelDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()),
);

describe('date arithmetic', () => {
  it('undoes adding a days-and-time duration', () => {
    const f = evaluator('d + duration("P" + string(n) + "D") - duration("P" + string(n) + "D") = d', ['d', 'n']);
    fc.assert(fc.property(dateArb, fc.integer({ min: 0, max: 40000 }), (d, n) => f({ d, n: new Decimal(n) }) === true), RUNS);
  });

  it('gets from one date to another by their difference', () => {
    const f = evaluator('a + (b - a) = b', ['a', 'b']);
    fc.assert(fc.property(dateArb, dateArb, (a, b) => f({ a, b }) === true), RUNS);
  });

  it('cycles the day of week every 7 days and agrees with the calendar', () => {
    const names = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
    const week = evaluator('day of week(d + duration("P7D")) = day of week(d)', ['d']);
    const dow = evaluator('day of week(d)', ['d']);
    fc.assert(
      fc.property(dateArb, (d) => week({ d }) === true && dow({ d }) === names[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()]),
      RUNS,
    );
  });

  it('clamps to the month end when adding months', () => {
    const f = evaluator('d + duration("P1M")', ['d']);
    fc.assert(
      fc.property(dateArb, (d) => {
        const r = f({ d }) as FeelDate;
        const nextMonth = d.month === 12 ? 1 : d.month + 1;
        const lastDay = new Date(Date.UTC(nextMonth === 1 ? d.year + 1 : d.year, nextMonth, 0)).getUTCDate();
        return r.month === nextMonth && r.day === Math.min(d.day, lastDay);
      }),
      RUNS,
    );
  });
});

describe('Unknown and Kleene logic', () => {
  const missing = (p: string): Unknown => new Unknown([{ input: p, question: `${p}?` }]);
  const tri = fc.constantFrom<FeelValue>(true, false, null, missing('$.a'));
  const and = evaluator('a and b', ['a', 'b']);
  const or = evaluator('a or b', ['a', 'b']);
  const k = (v: FeelValue): string => (v instanceof Unknown ? '?' : String(v));

  it('follows the three-valued truth tables, with Unknown where the value is open', () => {
    fc.assert(
      fc.property(tri, tri, (a, b) => {
        const ka = k(a), kb = k(b);
        const r1 = k(and({ a, b }));
        const r2 = k(or({ a, b }));
        const expAnd = ka === 'false' || kb === 'false' ? 'false' : ka === '?' || kb === '?' ? '?' : ka === 'true' && kb === 'true' ? 'true' : 'null';
        const expOr = ka === 'true' || kb === 'true' ? 'true' : ka === '?' || kb === '?' ? '?' : ka === 'false' && kb === 'false' ? 'false' : 'null';
        return r1 === expAnd && r2 === expOr;
      }),
      { numRuns: 100 },
    );
  });

  it('collects every missing input of an arithmetic expression', () => {
    const f = evaluator('(a + b) * c - d', ['a', 'b', 'c', 'd']);
    fc.assert(
      fc.property(fc.subarray(['a', 'b', 'c', 'd'], { minLength: 1 }), (unknown) => {
        const vars: Record<string, FeelValue> = {};
        for (const n of ['a', 'b', 'c', 'd']) vars[n] = unknown.includes(n) ? missing(`$.${n}`) : new Decimal(2);
        const r = f(vars);
        return r instanceof Unknown && r.missing.map((m) => m.input).join() === unknown.map((n) => `$.${n}`).join();
      }),
      { numRuns: 100 },
    );
  });
});
