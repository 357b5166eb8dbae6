import { describe, expect, it } from 'vitest';
import { Decimal } from '../decimal.ts';
import {
  compileExpression,
  compileUnaryTests,
  FeelDate,
  FeelSyntaxError,
  feelToJson,
  jsonToFeel,
  Unknown,
  valueToString,
  type EvalContext,
  type FeelFunction,
  type FeelValue,
  type RoundingStep,
} from './index.ts';

function ctxOf(vars: Record<string, unknown>, extra: Partial<EvalContext> = {}): EvalContext {
  const m = new Map<string, FeelValue>();
  for (const [k, v] of Object.entries(vars)) m.set(k, v instanceof Unknown ? v : jsonToFeel(v));
  return { lookup: (n) => m.get(n), ...extra };
}

function run(text: string, vars: Record<string, unknown> = {}, extra: Partial<EvalContext> = {}): FeelValue {
  return compileExpression(text, { names: Object.keys(vars) }).evaluate(ctxOf(vars, extra));
}

function show(text: string, vars: Record<string, unknown> = {}): string {
  const v = run(text, vars);
  if (v instanceof Unknown) return `?${v.missing.map((m) => m.input).join(',')}`;
  return valueToString(v);
}

const missing = (path: string): Unknown => new Unknown([{ input: path, question: `Wie lautet ${path}?` }]);

describe('FEEL arithmetic with Decimal128', () => {
  it('computes exactly in decimal', () => {
    expect(show('0.1 + 0.2')).toBe('0.3');
    expect(show('1.1 + 1.3')).toBe('2.4');
    expect(show('1000000.01 * 3')).toBe('3000000.03');
    expect(show('1 / 3')).toBe('0.3333333333333333333333333333333333');
    expect(show('2 / 3')).toBe('0.6666666666666666666666666666666667');
    expect(show('10 ** 2')).toBe('100');
    expect(show('5 ** -2')).toBe('0.04');
  });

  it('gives null for undefined operations', () => {
    expect(run('1 / 0')).toBeNull();
    expect(run('"a" + 1')).toBeNull();
    expect(run('true * 2')).toBeNull();
    expect(run('null + 1')).toBeNull();
  });

  it('concatenates strings and reads names with spaces', () => {
    expect(show('"Miete: " + string(zu berücksichtigende Miete)', { 'zu berücksichtigende Miete': 445.4 })).toBe('Miete: 445.4');
  });

  it('keeps number literals exact and rounds beyond 34 digits half even', () => {
    expect(show('1.23456789012345678901234567890123456')).toBe('1.234567890123456789012345678901235');
  });
});

describe('FEEL comparisons and logic', () => {
  it('uses FEEL equality', () => {
    expect(run('1.0 = 1')).toBe(true);
    expect(run('"a" = 1')).toBeNull();
    expect(run('null = null')).toBe(true);
    expect(run('1 = null')).toBe(false);
    expect(run('[1, 2] = [1, 2.0]')).toBe(true);
    expect(run('{a: 1} = {a: 1}')).toBe(true);
    expect(run('date("2024-01-01") < date("2024-01-02")')).toBe(true);
  });

  it('uses three-valued logic', () => {
    expect(run('true and null')).toBeNull();
    expect(run('false and null')).toBe(false);
    expect(run('true or null')).toBe(true);
    expect(run('null or false')).toBeNull();
  });

  it('supports between, in and instance of', () => {
    expect(run('5 between 1 and 10')).toBe(true);
    expect(run('5 in [1..5)')).toBe(false);
    expect(run('5 in (1, 5, 9)')).toBe(true);
    expect(run('5 in < 3')).toBe(false);
    expect(run('"b" in ["a", "b"]')).toBe(true);
    expect(run('5 instance of number')).toBe(true);
    expect(run('[1] instance of list<number>')).toBe(true);
    expect(run('null instance of Any')).toBe(false);
  });
});

describe('FEEL lists, contexts, loops and functions', () => {
  it('filters lists by index and predicate', () => {
    expect(show('[1, 2, 3][2]')).toBe('2');
    expect(show('[1, 2, 3][-1]')).toBe('3');
    expect(run('[1, 2, 3][4]')).toBeNull();
    expect(show('[1, 2, 3, 4][item > 2]')).toBe('[3, 4]');
    expect(show('[{a: 1}, {a: 5}][a > 2].a')).toBe('[5]');
  });

  it('iterates with for, some and every', () => {
    expect(show('for i in 1..3 return i * 2')).toBe('[2, 4, 6]');
    expect(show('for i in 3..1 return i')).toBe('[3, 2, 1]');
    expect(show('for x in [1, 2], y in [10, 20] return x + y')).toBe('[11, 21, 12, 22]');
    expect(show('for i in 0..4 return if i = 0 then 1 else i * partial[-1]')).toBe('[1, 1, 2, 6, 24]');
    expect(run('some x in [1, 2, 3] satisfies x > 2')).toBe(true);
    expect(run('every x in [1, 2, 3] satisfies x > 2')).toBe(false);
  });

  it('builds contexts whose entries see earlier entries', () => {
    expect(show('{a: 2, b: a * 3}.b')).toBe('6');
    expect(show('{"x y": 1}.x y')).toBe('1');
  });

  it('defines and calls functions, also with named arguments', () => {
    expect(show('(function(a, b) a - b)(5, 3)')).toBe('2');
    expect(show('{f: function(a, b) a - b, r: f(b: 3, a: 5)}.r')).toBe('2');
    expect(show('sort([3, 1, 2], function(x, y) x > y)')).toBe('[3, 2, 1]');
    expect(show('substring(string: "abcdef", start position: 2, length: 3)')).toBe('bcd');
  });

  it('reads properties of dates, durations and ranges', () => {
    expect(show('date("2024-02-29").month')).toBe('2');
    expect(show('duration("P2DT3H").hours')).toBe('3');
    expect(show('[1..5).end included')).toBe('false');
  });
});

describe('FEEL dates and durations', () => {
  it('adds months with month-end clamping', () => {
    expect(show('date("2024-01-31") + duration("P1M")')).toBe('2024-02-29');
    expect(show('date("2023-01-31") + duration("P1M")')).toBe('2023-02-28');
    expect(show('date("2024-03-31") - duration("P1M")')).toBe('2024-02-29');
  });

  it('subtracts dates into days and time durations', () => {
    expect(show('date("2024-03-01") - date("2024-02-01")')).toBe('P29D');
    expect(show('years and months duration(date("2020-01-15"), date("2021-03-14"))')).toBe('P1Y1M');
    expect(show('date and time("2021-01-02T10:00:00") - date and time("2021-01-01T09:30:00")')).toBe('P1DT30M');
  });

  it('knows weekdays and ISO weeks', () => {
    expect(show('day of week(date("2024-05-20"))')).toBe('Monday');
    expect(show('week of year(date("2021-01-03"))')).toBe('53');
    expect(show('day of year(date("2024-12-31"))')).toBe('366');
  });

  it('parses @-literals', () => {
    expect(run('@"2024-05-20"')).toEqual(new FeelDate(2024, 5, 20));
    expect(show('@"P1Y2M"')).toBe('P1Y2M');
    expect(show('@"10:30:00+02:00"')).toBe('10:30:00+02:00');
  });

  it('gives null for now() and today() without a host clock', () => {
    expect(run('today()')).toBeNull();
  });
});

describe('FEEL built-ins and rounding', () => {
  it('rounds as the law needs and reports every rounding', () => {
    const steps: RoundingStep[] = [];
    const v = run('round half up(12.345, 2) + floor(1.9) + ceiling(-1.1)', {}, { onRound: (s) => steps.push(s) });
    expect(valueToString(v)).toBe('12.35');
    expect(steps.map((s) => s.fn)).toEqual(['round half up', 'floor', 'ceiling']);
    expect(steps[0]).toEqual({ fn: 'round half up', from: '12.345', to: '12.35', scale: 2 });
    expect(show('decimal(2.5, 0)')).toBe('2');
    expect(show('decimal(3.5, 0)')).toBe('4');
    expect(show('round half down(-2.5, 0)')).toBe('-2');
    expect(show('round up(-1.21, 1)')).toBe('-1.3');
    expect(show('round down(1.29, 1)')).toBe('1.2');
    expect(show('floor(-1.25, 1)')).toBe('-1.3');
    expect(show('decimal(1234, -2)')).toBe('1200');
  });

  it('aggregates lists', () => {
    expect(show('sum([1, 2, 3.5])')).toBe('6.5');
    expect(show('min(3, 1, 2)')).toBe('1');
    expect(show('max(["a", "c", "b"])')).toBe('c');
    expect(show('mean([1, 2, 3, 4])')).toBe('2.5');
    expect(show('median([8, 2, 5, 7])')).toBe('6');
    expect(show('mode([6, 3, 9, 6, 6])')).toBe('[6]');
    expect(show('product(2, 3, 4)')).toBe('24');
    expect(show('stddev([2, 4, 7, 5])')).toBe('2.081665999466132735282297706979931');
    expect(run('sum([1, "a"])')).toBeNull();
    expect(show('count([1, null, 3])')).toBe('3');
    expect(run('all([true, null])')).toBeNull();
    expect(run('any([false, true])')).toBe(true);
  });

  it('works on strings in code points', () => {
    expect(show('string length("Größe")')).toBe('5');
    expect(show('upper case("straße")')).toBe('STRASSE');
    expect(show('substring("abc", -2)')).toBe('bc');
    expect(show('replace("abc", "b", "X")')).toBe('aXc');
    expect(show('replace("2024-05-20", "(\\d+)-(\\d+)-(\\d+)", "$3.$2.$1")')).toBe('20.05.2024');
    expect(run('matches("Ab", "^a", "i")')).toBe(true);
    expect(show('split("a,b,c", ",")')).toBe('["a", "b", "c"]');
    expect(show('string join(["a", null, "c"], "-")')).toBe('a-c');
    expect(show('number("1.234,5", ".", ",")')).toBe('1234.5');
  });

  it('handles contexts and list functions', () => {
    expect(show('get value({a: 1}, "a")')).toBe('1');
    expect(show('context put({a: 1}, "b", 2)')).toBe('{a: 1, b: 2}');
    expect(show('context merge([{a: 1}, {a: 2, b: 3}])')).toBe('{a: 2, b: 3}');
    expect(show('flatten([1, [2, [3]]])')).toBe('[1, 2, 3]');
    expect(show('distinct values([1, 1.0, 2])')).toBe('[1, 2]');
    expect(show('index of([1, 2, 1], 1)')).toBe('[1, 3]');
    expect(show('insert before([1, 3], 2, 2)')).toBe('[1, 2, 3]');
    expect(show('sublist([1, 2, 3, 4], 2, 2)')).toBe('[2, 3]');
  });

  it('offers range functions', () => {
    expect(run('before(1, 10)')).toBe(true);
    expect(run('includes([1..10], 5)')).toBe(true);
    expect(run('overlaps([1..5], [3..8])')).toBe(true);
    expect(run('meets([1..5], [5..8])')).toBe(true);
    expect(run('during(5, (5..8])')).toBe(false);
  });
});

describe('Unknown propagation', () => {
  const m = missing('$.einkommen');
  const n = missing('$.miete');

  it('merges the missing inputs of all operands', () => {
    const v = run('einkommen + miete', { einkommen: m, miete: n });
    expect(v).toBeInstanceOf(Unknown);
    expect((v as Unknown).missing.map((x) => x.input)).toEqual(['$.einkommen', '$.miete']);
  });

  it('follows Kleene logic', () => {
    expect(run('false and x', { x: m })).toBe(false);
    expect(run('true or x', { x: m })).toBe(true);
    expect(run('x and true', { x: m })).toBeInstanceOf(Unknown);
    expect(run('x and false', { x: m })).toBe(false);
    expect(run('x or false', { x: m })).toBeInstanceOf(Unknown);
  });

  it('merges both branches of an if on an unknown condition', () => {
    const v = run('if x > 1 then y else 0', { x: m, y: n }) as Unknown;
    expect(v.missing.map((x) => x.input)).toEqual(['$.einkommen', '$.miete']);
    expect(run('if true then 1 else x', { x: m })).toEqual(new Decimal(1));
  });

  it('keeps unknown list elements; aggregations need them, count does not', () => {
    expect(show('count([x, 1])', { x: m })).toBe('2');
    expect(run('sum([x, 1])', { x: m })).toBeInstanceOf(Unknown);
    expect(run('[x, 1][item > 0]', { x: m })).toBeInstanceOf(Unknown);
    // filtering an empty list does not depend on the inputs of the condition
    expect(run('count([][item.a < x])', { x: m })).toEqual(new Decimal(0));
  });

  it('leaves comparisons of lists with unknown elements open', () => {
    expect(run('[x, 1] = [1, 1]', { x: m })).toBeInstanceOf(Unknown);
    expect(run('2 in [x, 2]', { x: m })).toBe(true);
    expect(run('3 in [x, 2]', { x: m })).toBeInstanceOf(Unknown);
  });

  it('lets host functions see raw Unknowns', () => {
    const provided: FeelFunction = { kind: 'function', params: ['x'], call: ([x]) => !(x instanceof Unknown) };
    const ctx = ctxOf({ x: m }, { functions: new Map([['provided', provided]]) });
    expect(compileExpression('provided(x)', { names: ['x'], functionNames: ['provided'] }).evaluate(ctx)).toBe(false);
  });

  it('makes unary tests on unknown inputs unknown, except `-`', () => {
    const ctx = ctxOf({});
    expect(compileUnaryTests('-').test(m, ctx)).toBe(true);
    expect(compileUnaryTests('< 5').test(m, ctx)).toBeInstanceOf(Unknown);
  });
});

describe('unary tests', () => {
  const ctx = ctxOf({ grenze: 10 });
  const t = (text: string, v: unknown): unknown => compileUnaryTests(text, { names: ['grenze'] }).test(jsonToFeel(v), ctx);

  it('covers the DMN forms', () => {
    expect(t('< 5', 4)).toBe(true);
    expect(t('[1..5)', 5)).toBe(false);
    expect(t('"a", "b"', 'b')).toBe(true);
    expect(t('not("a", "b")', 'c')).toBe(true);
    expect(t('? > 3 and ? < grenze', 5)).toBe(true);
    expect(t('>= grenze', 10)).toBe(true);
    expect(t('null', null)).toBe(true);
    expect(t('true', false)).toBe(false);
    expect(t('[1, 2, 3]', 2)).toBe(true);
  });
});

describe('compile errors', () => {
  it('reports syntax errors with file, line and column in German', () => {
    try {
      compileExpression('a +\n  (b * )', { names: ['a', 'b'], source: 'rules/miete.yaml', line: 12, column: 7 });
      expect.fail('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(FeelSyntaxError);
      const err = e as FeelSyntaxError;
      expect(err.code).toBe('invalid_pack');
      expect(err.message).toBe("Syntaxfehler in rules/miete.yaml Zeile 13, Spalte 8: unerwartetes Zeichen ')'");
      expect([err.line, err.column]).toEqual([13, 8]);
    }
  });

  it('reports unknown functions when the host names its functions', () => {
    expect(() => compileExpression('foo(1)', { functionNames: ['provided'] })).toThrow(/unbekannte Funktion 'foo'/);
    expect(() => compileExpression('provided(1) and sum([1]) > 0', { functionNames: ['provided'] })).not.toThrow();
  });

  it('lists free names and called functions', () => {
    const c = compileExpression('for i in l return i + sum(k) + provided(x)', { names: ['l', 'k', 'x'], functionNames: ['provided'] });
    expect(c.freeNames).toEqual(['l', 'k', 'x']);
    expect(c.calledFunctions).toEqual(['sum', 'provided']);
  });
});

describe('JSON conversion', () => {
  it('writes decimals as normalized strings and reads numbers exactly', () => {
    expect(feelToJson(run('445.40 * 1'))).toBe('445.4');
    expect(feelToJson(run('{a: [1, date("2024-01-01"), duration("PT1H")]}'))).toEqual({ a: ['1', '2024-01-01', 'PT1H'] });
    expect(jsonToFeel(0.1)).toEqual(new Decimal('0.1'));
    expect(() => feelToJson(missing('$.x'))).toThrow(/fehlen/);
  });
});
