import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExpression, compileUnaryTests, FeelSyntaxError, jsonToFeel, type EvalContext, type FeelValue } from './index.ts';

// Whatever text arrives, compiling gives either an expression or a FeelSyntaxError with a
// position; evaluating what compiled never throws. Hangs would fail the suite's timeout.

const vars: Record<string, FeelValue> = {
  x: jsonToFeel(5),
  'zu berücksichtigende Miete': jsonToFeel(445.4),
  l: jsonToFeel([1, 2, 3]),
  m: jsonToFeel({ a: 1, b: 'x' }),
  s: 'Text',
};
const names = Object.keys(vars);
const ctx: EvalContext = { lookup: (n) => vars[n] };

function check(compile: () => { run: () => unknown }): boolean {
  let compiled: { run: () => unknown };
  try {
    compiled = compile();
  } catch (e) {
    if (!(e instanceof FeelSyntaxError)) throw e;
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.message).toMatch(/^Syntaxfehler .*Zeile \d+, Spalte \d+: /);
    return true;
  }
  compiled.run();
  return true;
}

function expression(text: string): boolean {
  return check(() => {
    const c = compileExpression(text, { names, source: 'fuzz.yaml', line: 3, column: 5 });
    return { run: () => c.evaluate(ctx) };
  });
}

function unaryTests(text: string): boolean {
  return check(() => {
    const c = compileUnaryTests(text, { names });
    return { run: () => c.test(jsonToFeel(3), ctx) };
  });
}

const SEEDS = [
  'x + 1',
  'if x > 3 then "gross" else "klein"',
  'for i in 1..x return i * 2',
  'l[item > 1]',
  'some i in l satisfies i = 2',
  '{a: 1, b: a + 1}.b',
  'sum(l) / count(l)',
  'round half up(zu berücksichtigende Miete * 1.15, 2)',
  'date("2024-02-29") + duration("P1Y")',
  'm.a between 0 and 10',
  'string join(for i in l return string(i), ", ")',
  '(function(a, b) a * b)(x, 2)',
  'x in [1..10)',
  'not(x = 5) or s = "Text"',
  '@"2024-01-01T10:00:00@Europe/Berlin" - @"P1DT2H"',
  'matches(s, "^T.*t$", "i")',
  'x instance of number',
  'sort(l, function(a, b) a > b)[1]',
];
const TOKENS = ['(', ')', '[', ']', '{', '}', ',', '.', '..', '"', '@', '?', '+', '-', '*', '/', '**', '=', '!=', '<', '>=', ' and ', ' or ', ' not ', ' if ', ' then ', ' else ', ' for ', ' in ', ' return ', ' some ', ' every ', ' satisfies ', ' between ', ' instance of ', ' function ', 'null', 'true', '1', '0.5', 'x', 'l', '\\', '\n', '//', '/*', '*/', ':'];

const mutation = fc.tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace', 'swap'), fc.constantFrom(...TOKENS)), { minLength: 1, maxLength: 4 })).map(
  ([seed, edits]) => {
    let s = seed;
    for (const [at, kind, token] of edits) {
      const i = s.length === 0 ? 0 : at % s.length;
      if (kind === 'insert') s = s.slice(0, i) + token + s.slice(i);
      else if (kind === 'delete') s = s.slice(0, i) + s.slice(i + 1 + (at % 3));
      else if (kind === 'replace') s = s.slice(0, i) + token + s.slice(i + 1);
      else {
        const j = (at * 7) % Math.max(s.length, 1);
        const a = s.split('');
        [a[i], a[j]] = [a[j] ?? '', a[i] ?? ''];
        s = a.join('');
      }
    }
    return s;
  },
);

describe('FEEL fuzzing', () => {
  it('compiles the seeds', () => {
    for (const s of SEEDS) expect(() => compileExpression(s, { names })).not.toThrow();
  });

  it('never throws anything but FeelSyntaxError on random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), expression), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), expression), { numRuns: 300 });
  });

  it('never throws anything but FeelSyntaxError on mutated expressions', () => {
    fc.assert(fc.property(mutation, expression), { numRuns: 1000 });
  });

  it('never throws anything but FeelSyntaxError on random unary tests', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 40 }), mutation), unaryTests), { numRuns: 500 });
  });
});
