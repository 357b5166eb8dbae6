import fc from 'fast-check';
import { describe, it } from 'vitest';
import { Decimal } from '../decimal.ts';
import { feelEquals, type EvalContext, type FeelValue } from '../feel/index.ts';
import { compileDecisionTable, type DecisionTableDef, type HitPolicy } from './index.ts';

// Random one-input tables of intervals against a plain reference implementation of the hit policies.

interface Rule {
  lo: number;
  hi: number;
  out: number;
}

const ruleArb = fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 5 })).map(([lo, width, out]): Rule => ({ lo, hi: lo + width, out }));
const tableArb = fc.tuple(fc.array(ruleArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: -2, max: 32 }));

function def(rules: Rule[], hitPolicy: HitPolicy, extra: Partial<DecisionTableDef> = {}): DecisionTableDef {
  return {
    id: 'T',
    hitPolicy,
    inputs: [{ expression: 'x' }],
    outputs: [{ name: 'y', outputValues: '5, 4, 3, 2, 1' }],
    rules: rules.map((r) => ({ inputEntries: [`[${r.lo}..${r.hi}]`], outputEntries: [String(r.out)] })),
    ...extra,
  };
}

function run(d: DecisionTableDef, x: number): FeelValue {
  const ctx: EvalContext = { lookup: (n) => (n === 'x' ? new Decimal(x) : undefined) };
  return compileDecisionTable(d, { names: ['x'] }).evaluate(ctx).value;
}

const hits = (rules: Rule[], x: number): Rule[] => rules.filter((r) => r.lo <= x && x <= r.hi);
const num = (n: number): Decimal => new Decimal(n);

describe('hit policies against a reference', () => {
  const opts = { numRuns: 150 };

  it('FIRST returns the output of the first matching rule', () => {
    fc.assert(fc.property(tableArb, ([rules, x]) => {
      const h = hits(rules, x);
      return feelEquals(run(def(rules, 'FIRST'), x), h.length ? num(h[0]!.out) : null) === true;
    }), opts);
  });

  it('COLLECT SUM adds, COUNT counts and MIN/MAX pick the outputs of all matching rules', () => {
    fc.assert(fc.property(tableArb, ([rules, x]) => {
      const outs = hits(rules, x).map((r) => r.out);
      const sum = run(def(rules, 'COLLECT', { aggregation: 'SUM' }), x);
      const count = run(def(rules, 'COLLECT', { aggregation: 'COUNT' }), x);
      const min = run(def(rules, 'COLLECT', { aggregation: 'MIN' }), x);
      const max = run(def(rules, 'COLLECT', { aggregation: 'MAX' }), x);
      return (
        feelEquals(sum, outs.length ? num(outs.reduce((a, b) => a + b, 0)) : null) === true &&
        feelEquals(count, num(outs.length)) === true &&
        feelEquals(min, outs.length ? num(Math.min(...outs)) : null) === true &&
        feelEquals(max, outs.length ? num(Math.max(...outs)) : null) === true
      );
    }), opts);
  });

  it('RULE ORDER lists all matching outputs in rule order; OUTPUT ORDER by priority', () => {
    fc.assert(fc.property(tableArb, ([rules, x]) => {
      const outs = hits(rules, x).map((r) => r.out);
      const byPriority = [...outs].sort((a, b) => b - a);
      return feelEquals(run(def(rules, 'RULE ORDER'), x), outs.map(num)) === true && feelEquals(run(def(rules, 'OUTPUT ORDER'), x), byPriority.map(num)) === true;
    }), opts);
  });

  it('PRIORITY picks the output ranked highest in the output values', () => {
    fc.assert(fc.property(tableArb, ([rules, x]) => {
      const outs = hits(rules, x).map((r) => r.out);
      return feelEquals(run(def(rules, 'PRIORITY'), x), outs.length ? num(Math.max(...outs)) : null) === true;
    }), opts);
  });

  it('UNIQUE gives the single hit, and null when several rules match', () => {
    fc.assert(fc.property(tableArb, ([rules, x]) => {
      const h = hits(rules, x);
      return feelEquals(run(def(rules, 'UNIQUE'), x), h.length === 1 ? num(h[0]!.out) : null) === true;
    }), opts);
  });

  it('ANY gives the common output, and null when the hits disagree', () => {
    fc.assert(fc.property(tableArb, ([rules, x]) => {
      const outs = hits(rules, x).map((r) => r.out);
      const same = outs.length > 0 && outs.every((o) => o === outs[0]);
      return feelEquals(run(def(rules, 'ANY'), x), same ? num(outs[0]!) : null) === true;
    }), opts);
  });
});

// Tables of plain values (a Höchstbetrag grid) are evaluated through an index of one column; the
// rules that match must be exactly those a rule-by-rule test finds, in rule order.
describe('tables of plain values (indexed) against a reference', () => {
  interface GridRule {
    n: number[] | null;
    s: string[] | null;
    out: number;
  }
  const gridRule = fc.record({
    n: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 }), { freq: 4 }),
    s: fc.option(fc.uniqueArray(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 2 }), { freq: 3 }),
    out: fc.integer({ min: 1, max: 9 }),
  });
  const gridDef = (rules: GridRule[], hitPolicy: HitPolicy, extra: Partial<DecisionTableDef> = {}): DecisionTableDef => ({
    id: 'G',
    hitPolicy,
    inputs: [{ expression: 'n' }, { expression: 's' }],
    outputs: [{ name: 'y' }],
    // numbers written with a trailing zero on purpose: 2.0 must match the input 2
    rules: rules.map((r) => ({ inputEntries: [r.n ? r.n.map((x) => `${x}.0`).join(', ') : '-', r.s ? r.s.map((x) => `"${x}"`).join(', ') : '-'], outputEntries: [String(r.out)] })),
    ...extra,
  });
  const value = fc.oneof(fc.integer({ min: -1, max: 7 }).map((x): FeelValue => new Decimal(x)), fc.constantFrom<FeelValue>('a', 'b', 'z', null));
  const evalGrid = (d: DecisionTableDef, n: FeelValue, s: FeelValue) =>
    compileDecisionTable(d, { names: ['n', 's'] }).evaluate({ lookup: (name) => (name === 'n' ? n : name === 's' ? s : undefined) });
  const accepts = (cell: (number | string)[] | null, v: FeelValue) => cell === null || cell.some((x) => feelEquals(typeof x === 'number' ? new Decimal(x) : x, v) === true);

  it('matches the same rules in the same order under FIRST, RULE ORDER and COLLECT COUNT', () => {
    fc.assert(
      fc.property(fc.array(gridRule, { minLength: 8, maxLength: 40 }), value, value, (rules, n, s) => {
        const expected = rules.flatMap((r, i) => (accepts(r.n, n) && accepts(r.s, s) ? [i] : []));
        const first = evalGrid(gridDef(rules, 'FIRST'), n, s);
        const all = evalGrid(gridDef(rules, 'RULE ORDER'), n, s);
        const count = evalGrid(gridDef(rules, 'COLLECT', { aggregation: 'COUNT' }), n, s);
        return (
          JSON.stringify(first.matched) === JSON.stringify(expected.slice(0, 1)) &&
          JSON.stringify(all.matched) === JSON.stringify(expected) &&
          feelEquals(count.value, new Decimal(expected.length)) === true &&
          (expected.length === 0 ? first.value === null : feelEquals(first.value, new Decimal(rules[expected[0]!]!.out)) === true)
        );
      }),
      { numRuns: 400 },
    );
  });
});
