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
