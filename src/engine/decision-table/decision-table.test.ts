import { describe, expect, it } from 'vitest';
import { FeelSyntaxError, jsonToFeel, Unknown, valueToString, type EvalContext, type FeelValue } from '../feel/index.ts';
import { compileDecisionTable, type DecisionTableDef, type HitPolicy } from './index.ts';

function ctxOf(vars: Record<string, unknown>): EvalContext {
  const m = new Map<string, FeelValue>();
  for (const [k, v] of Object.entries(vars)) m.set(k, v instanceof Unknown ? v : jsonToFeel(v));
  return { lookup: (n) => m.get(n) };
}

const missing = (path: string): Unknown => new Unknown([{ input: path, question: `Wie lautet ${path}?` }]);

function table(hitPolicy: HitPolicy, extra: Partial<DecisionTableDef> = {}): DecisionTableDef {
  return {
    id: 'Hoechstbetrag',
    hitPolicy,
    inputs: [{ expression: 'Haushaltsgröße' }, { expression: 'Mietenstufe' }],
    outputs: [{ name: 'Betrag' }],
    rules: [
      { inputEntries: ['1', '"I", "II"'], outputEntries: ['338'] },
      { inputEntries: ['1', '-'], outputEntries: ['400'] },
      { inputEntries: ['>= 2', '-'], outputEntries: ['500'] },
    ],
    ...extra,
  };
}

const names = ['Haushaltsgröße', 'Mietenstufe'];

describe('decision tables', () => {
  it('FIRST returns the first matching rule', () => {
    const t = compileDecisionTable(table('FIRST'), { names });
    const r = t.evaluate(ctxOf({ Haushaltsgröße: 1, Mietenstufe: 'II' }));
    expect(valueToString(r.value)).toBe('338');
    expect(r.matched).toEqual([0]);
    expect(t.freeNames).toEqual(['Haushaltsgröße', 'Mietenstufe']);
  });

  it('UNIQUE with several hits is null plus a German error', () => {
    const r = compileDecisionTable(table('UNIQUE'), { names }).evaluate(ctxOf({ Haushaltsgröße: 1, Mietenstufe: 'I' }));
    expect(r.value).toBeNull();
    expect(r.matched).toEqual([0, 1]);
    expect(r.error).toMatch(/mehr als eine Regel trifft zu.*Regeln 1, 2/);
  });

  it('COLLECT SUM adds the outputs of all hits; RULE ORDER lists them', () => {
    const ctx = ctxOf({ Haushaltsgröße: 1, Mietenstufe: 'I' });
    expect(valueToString(compileDecisionTable(table('COLLECT', { aggregation: 'SUM' }), { names }).evaluate(ctx).value)).toBe('738');
    expect(valueToString(compileDecisionTable(table('COLLECT', { aggregation: 'COUNT' }), { names }).evaluate(ctx).value)).toBe('2');
    expect(valueToString(compileDecisionTable(table('RULE ORDER'), { names }).evaluate(ctx).value)).toBe('[338, 400]');
  });

  it('PRIORITY and OUTPUT ORDER follow the order of the output values', () => {
    const def = table('PRIORITY', { outputs: [{ name: 'Betrag', outputValues: '500, 400, 338' }] });
    const ctx = ctxOf({ Haushaltsgröße: 1, Mietenstufe: 'I' });
    expect(valueToString(compileDecisionTable(def, { names }).evaluate(ctx).value)).toBe('400');
    expect(valueToString(compileDecisionTable({ ...def, hitPolicy: 'OUTPUT ORDER' }, { names }).evaluate(ctx).value)).toBe('[400, 338]');
  });

  it('gives a context per hit for several outputs and uses defaults when nothing matches', () => {
    const def: DecisionTableDef = {
      id: 'T',
      hitPolicy: 'UNIQUE',
      inputs: [{ expression: 'a' }],
      outputs: [{ name: 'x', defaultOutputEntry: '0' }, { name: 'y', defaultOutputEntry: '"keine"' }],
      rules: [{ inputEntries: ['> 0'], outputEntries: ['a * 2', '"positiv"'] }],
    };
    const t = compileDecisionTable(def, { names: ['a'] });
    expect(valueToString(t.evaluate(ctxOf({ a: 2 })).value)).toBe('{x: 4, y: "positiv"}');
    expect(valueToString(t.evaluate(ctxOf({ a: -1 })).value)).toBe('{x: 0, y: "keine"}');
  });

  it('matches an Unknown input only with `-`', () => {
    const t = compileDecisionTable(table('FIRST'), { names });
    const r1 = t.evaluate(ctxOf({ Haushaltsgröße: 1, Mietenstufe: missing('$.mietenstufe') }));
    // rule 1 depends on the Mietenstufe, so FIRST cannot pass it
    expect(r1.value).toBeInstanceOf(Unknown);
    const r2 = t.evaluate(ctxOf({ Haushaltsgröße: 3, Mietenstufe: missing('$.mietenstufe') }));
    expect(valueToString(r2.value)).toBe('500');
    const r3 = compileDecisionTable(table('COLLECT'), { names }).evaluate(ctxOf({ Haushaltsgröße: missing('$.hh'), Mietenstufe: 'I' }));
    expect((r3.value as Unknown).missing.map((m) => m.input)).toEqual(['$.hh']);
  });

  it('rejects values outside inputValues and outputValues', () => {
    const def = table('FIRST', { inputs: [{ expression: 'Haushaltsgröße' }, { expression: 'Mietenstufe', inputValues: '"I", "II", "III"' }] });
    const r = compileDecisionTable(def, { names }).evaluate(ctxOf({ Haushaltsgröße: 1, Mietenstufe: 'IX' }));
    expect(r.value).toBeNull();
    expect(r.error).toMatch(/unzulässigen Wert "IX"/);
  });

  it('names table, rule and column in compile errors', () => {
    const def = table('FIRST');
    def.rules[1]!.inputEntries[1] = '< (';
    try {
      compileDecisionTable(def, { names, source: 'rules/wohngeld.yaml', line: 40, column: 3 });
      expect.fail('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(FeelSyntaxError);
      expect((e as Error).message).toMatch(/rules\/wohngeld.yaml Zeile 40.*Entscheidungstabelle „Hoechstbetrag“, Regel 2, Spalte 2/);
    }
  });
});
