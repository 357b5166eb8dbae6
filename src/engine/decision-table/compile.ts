/**
 * Compiles a decision table into closures and evaluates it with DMN 1.5 hit-policy semantics.
 *
 * Unknown inputs: an Unknown input value matches `-` only; any other test on it is Unknown. A
 * rule whose match is Unknown makes the table result Unknown (merging all missing inputs) —
 * except under FIRST, where a definite match before the first undecided rule decides.
 */
import DecimalJs from 'decimal.js';
import { Decimal } from '../decimal.ts';
import {
  compileExpression,
  compileUnaryTests,
  feelCompare,
  feelEquals,
  FeelSyntaxError,
  feelLiteral,
  Unknown,
  type CompiledExpression,
  type CompiledUnaryTests,
  type CompileOptions,
  type EvalContext,
  type FeelValue,
} from '../feel/index.ts';
import type { DecisionTableDef, TableResult } from './model.ts';

// Hot paths use local aliases: transpiled ESM (tsx, Vitest) reads every imported binding through a getter.
const Unk = Unknown;

export interface CompiledDecisionTable {
  readonly def: DecisionTableDef;
  evaluate(ctx: EvalContext): TableResult;
  /** Names the table reads (input expressions, tests, output entries), in first-use order. */
  readonly freeNames: readonly string[];
}

const NO_CTX: EvalContext = { lookup: () => undefined };
const SINGLE_HIT = new Set(['UNIQUE', 'FIRST', 'PRIORITY', 'ANY']);

interface CompiledRule {
  tests: CompiledUnaryTests[];
  outputs: CompiledExpression[];
}

interface OutputColumn {
  name: string;
  /** Allowed values in priority order (highest first), when given as literals. */
  values: FeelValue[] | null;
  /** Allowed values as unary tests, when they are not plain literals. */
  constraint: CompiledUnaryTests | null;
  defaultValue: CompiledExpression | null;
}

type Match = true | false | Unknown;

function fail(def: DecisionTableDef, where: string, e: unknown): never {
  if (e instanceof FeelSyntaxError) {
    throw new FeelSyntaxError(`Entscheidungstabelle „${def.id}“, ${where}: ${e.reason}`, e.line, e.column, e.source);
  }
  throw e;
}

export function compileDecisionTable(def: DecisionTableDef, options?: CompileOptions): CompiledDecisionTable {
  const freeNames: string[] = [];
  const note = (names: readonly string[]): void => {
    for (const n of names) if (!freeNames.includes(n)) freeNames.push(n);
  };
  const expr = (text: string, where: string): CompiledExpression => {
    try {
      const c = compileExpression(text, options);
      note(c.freeNames);
      return c;
    } catch (e) {
      return fail(def, where, e);
    }
  };
  const tests = (text: string, where: string): CompiledUnaryTests => {
    try {
      const c = compileUnaryTests(text, options);
      note(c.freeNames);
      return c;
    } catch (e) {
      return fail(def, where, e);
    }
  };

  const single = def.outputs.length === 1;
  if (def.outputs.length === 0) fail(def, 'Aufbau', new FeelSyntaxError('die Tabelle hat keine Ausgabespalte', options?.line ?? 1, options?.column ?? 1, options?.source));
  if (def.aggregation && def.hitPolicy !== 'COLLECT') {
    fail(def, 'Aufbau', new FeelSyntaxError(`Aggregation ${def.aggregation} ist nur mit COLLECT erlaubt`, options?.line ?? 1, options?.column ?? 1, options?.source));
  }
  if (def.aggregation && !single) {
    fail(def, 'Aufbau', new FeelSyntaxError('Aggregation ist nur bei genau einer Ausgabespalte erlaubt', options?.line ?? 1, options?.column ?? 1, options?.source));
  }

  const inputs = def.inputs.map((inp, i) => ({
    label: inp.label ?? inp.expression,
    expr: expr(inp.expression, `Eingabespalte ${i + 1}`),
    allowed: inp.inputValues ? tests(inp.inputValues, `zulässige Werte der Eingabespalte ${i + 1}`) : null,
  }));

  const outputs: OutputColumn[] = def.outputs.map((out, i) => {
    const where = `zulässige Werte der Ausgabespalte ${i + 1}`;
    let values: FeelValue[] | null = null;
    let constraint: CompiledUnaryTests | null = null;
    if (out.outputValues && out.outputValues.trim() !== '') {
      try {
        const list = compileExpression(`[${out.outputValues}]`, options).evaluate(NO_CTX);
        if (Array.isArray(list)) values = [...(list as readonly FeelValue[])];
      } catch {
        constraint = tests(out.outputValues, where);
      }
    }
    return {
      name: out.name ?? out.label ?? `Ausgabe ${i + 1}`,
      values,
      constraint,
      defaultValue: out.defaultOutputEntry ? expr(out.defaultOutputEntry, `Standardwert der Ausgabespalte ${i + 1}`) : null,
    };
  });
  if ((def.hitPolicy === 'PRIORITY' || def.hitPolicy === 'OUTPUT ORDER') && !outputs.some((o) => o.values)) {
    fail(def, 'Aufbau', new FeelSyntaxError(`Hit-Policy ${def.hitPolicy} braucht eine Liste zulässiger Ausgabewerte als Rangfolge`, options?.line ?? 1, options?.column ?? 1, options?.source));
  }

  const rules: CompiledRule[] = def.rules.map((r, ri) => {
    const where = (what: string, col: number): string => `Regel ${ri + 1}${r.id ? ` (${r.id})` : ''}, ${what} ${col + 1}`;
    if (r.inputEntries.length !== def.inputs.length) {
      fail(def, `Regel ${ri + 1}`, new FeelSyntaxError(`${r.inputEntries.length} Eingabezellen, die Tabelle hat ${def.inputs.length} Eingabespalten`, options?.line ?? 1, options?.column ?? 1, options?.source));
    }
    if (r.outputEntries.length !== def.outputs.length) {
      fail(def, `Regel ${ri + 1}`, new FeelSyntaxError(`${r.outputEntries.length} Ausgabezellen, die Tabelle hat ${def.outputs.length} Ausgabespalten`, options?.line ?? 1, options?.column ?? 1, options?.source));
    }
    return {
      tests: r.inputEntries.map((t, ci) => tests(t, where('Spalte', ci))),
      outputs: r.outputEntries.map((t, ci) => expr(t, where('Ausgabespalte', ci))),
    };
  });

  return new Table(def, inputs, outputs, rules, single, freeNames, indexRules(rules));
}

/**
 * Rules by the value of one input column, for tables such as a Höchstbetrag grid where a column
 * holds only plain numbers or texts (or `-`). A rule whose cell in that column does not accept the
 * input cannot match, so evaluation tests only the listed rules, in their order. Built only when no
 * cell of the table reads a name: then skipping a rule skips no evaluation that could be traced
 * or reach a discretion point, and the result is the same as testing every rule.
 */
interface RuleIndex {
  column: number;
  byKey: Map<string, readonly number[]>;
  /** Rules whose cell is `-`: the candidates for a value no literal names. */
  wildcard: readonly number[];
}

const MIN_INDEXED_RULES = 8;

function indexRules(rules: readonly CompiledRule[]): RuleIndex | null {
  if (rules.length < MIN_INDEXED_RULES) return null;
  if (rules.some((r) => r.tests.some((t) => t.freeNames.length > 0))) return null;
  const columns = rules[0]!.tests.length;
  for (let column = 0; column < columns; column++) {
    if (!rules.every((r) => r.tests[column]!.accepts !== null)) continue;
    if (rules.every((r) => r.tests[column]!.accepts!.any)) continue;
    const keyed = new Map<string, number[]>();
    const wildcard: number[] = [];
    rules.forEach((r, i) => {
      const a = r.tests[column]!.accepts!;
      if (a.any) wildcard.push(i);
      else for (const lit of new Set(a.literals.map(literalKey))) keyed.set(lit, [...(keyed.get(lit) ?? []), i]);
    });
    const byKey = new Map<string, readonly number[]>();
    for (const [k, list] of keyed) byKey.set(k, [...list, ...wildcard].sort((a, b) => a - b));
    return { column, byKey, wildcard };
  }
  return null;
}

/** Equal FEEL values get equal keys: decimal.js writes equal numbers alike ("1.50" → "1.5"). */
function literalKey(v: Decimal | string): string {
  return typeof v === 'string' ? `s${v}` : `n${v.isZero() ? '0' : v.toString()}`;
}

class Table implements CompiledDecisionTable {
  constructor(
    readonly def: DecisionTableDef,
    private readonly inputs: { label: string; expr: CompiledExpression; allowed: CompiledUnaryTests | null }[],
    private readonly outputs: OutputColumn[],
    private readonly rules: CompiledRule[],
    private readonly single: boolean,
    readonly freeNames: readonly string[],
    private readonly index: RuleIndex | null,
  ) {}

  /** The rules that can match: all, or those the index lists for the value of its column. */
  private candidates(values: readonly FeelValue[]): readonly number[] | null {
    if (!this.index) return null;
    const v = values[this.index.column];
    if (typeof v === 'string') return this.index.byKey.get(literalKey(v)) ?? this.index.wildcard;
    if (v instanceof DecimalJs) return this.index.byKey.get(literalKey(v)) ?? this.index.wildcard;
    return null;
  }

  private error(message: string, matched: number[]): TableResult {
    return { value: null, matched, error: `Entscheidungstabelle „${this.def.id}“: ${message}` };
  }

  evaluate(ctx: EvalContext): TableResult {
    const values: FeelValue[] = new Array<FeelValue>(this.inputs.length);
    for (let i = 0; i < this.inputs.length; i++) {
      const inp = this.inputs[i]!;
      const v = inp.expr.evaluate(ctx);
      if (inp.allowed && v !== null && !(v instanceof Unk) && inp.allowed.test(v, ctx) !== true) {
        return this.error(`Eingabe „${inp.label}“ hat den unzulässigen Wert ${feelLiteral(v)}`, []);
      }
      values[i] = v;
    }

    const matched: number[] = [];
    const unknowns: Unknown[] = [];
    const first = this.def.hitPolicy === 'FIRST';
    const candidates = this.candidates(values);
    const count = candidates ? candidates.length : this.rules.length;
    for (let k = 0; k < count; k++) {
      const r = candidates ? candidates[k]! : k;
      const m = this.match(this.rules[r]!, values, ctx);
      if (m === true) {
        matched.push(r);
        if (first) break;
      } else if (m instanceof Unk) {
        unknowns.push(m);
        // under FIRST an undecided rule blocks every later one
        if (first) break;
      }
    }
    if (unknowns.length > 0 && !(first && matched.length > 0)) {
      return { value: Unk.merge(...unknowns), matched };
    }
    return this.hit(matched, ctx);
  }

  private match(rule: CompiledRule, values: readonly FeelValue[], ctx: EvalContext): Match {
    let unknown: Unknown[] | null = null;
    for (let i = 0; i < rule.tests.length; i++) {
      const r = rule.tests[i]!.test(values[i]!, ctx);
      if (r === true) continue;
      if (r instanceof Unk) (unknown ??= []).push(r);
      else return false;
    }
    return unknown ? Unk.merge(...unknown) : true;
  }

  /** The output of one rule: a value, or a context of all outputs. Null plus error on a value outside outputValues. */
  private output(rule: number, ctx: EvalContext): { value: FeelValue } | { error: string } {
    const cells = this.rules[rule]!.outputs;
    if (this.single) {
      const v = cells[0]!.evaluate(ctx);
      const bad = this.checkOutput(0, v, ctx);
      return bad ? { error: bad } : { value: v };
    }
    const m = new Map<string, FeelValue>();
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i]!.evaluate(ctx);
      const bad = this.checkOutput(i, v, ctx);
      if (bad) return { error: bad };
      m.set(this.outputs[i]!.name, v);
    }
    return { value: m };
  }

  private checkOutput(i: number, v: FeelValue, ctx: EvalContext): string | null {
    if (v === null || v instanceof Unk) return null;
    const col = this.outputs[i]!;
    let ok = true;
    if (col.values) ok = col.values.some((x) => feelEquals(x, v) === true);
    else if (col.constraint) ok = col.constraint.test(v, ctx) === true;
    return ok ? null : `Ausgabe „${col.name}“ hat den unzulässigen Wert ${feelLiteral(v)}`;
  }

  private defaults(ctx: EvalContext): FeelValue {
    if (!this.outputs.some((o) => o.defaultValue)) return null;
    if (this.single) return this.outputs[0]!.defaultValue!.evaluate(ctx);
    const m = new Map<string, FeelValue>();
    for (const o of this.outputs) m.set(o.name, o.defaultValue ? o.defaultValue.evaluate(ctx) : null);
    return m;
  }

  /** Priority rank of a rule's output (lower is higher priority), compared output by output. */
  private rank(value: FeelValue): number[] {
    const at = (col: OutputColumn, v: FeelValue): number => {
      if (!col.values) return 0;
      const i = col.values.findIndex((x) => feelEquals(x, v) === true);
      return i < 0 ? col.values.length : i;
    };
    if (this.single) return [at(this.outputs[0]!, value)];
    const m = value as Map<string, FeelValue>;
    return this.outputs.map((o) => at(o, m.get(o.name) ?? null));
  }

  private hit(matched: number[], ctx: EvalContext): TableResult {
    const policy = this.def.hitPolicy;
    if (matched.length === 0) {
      if (SINGLE_HIT.has(policy)) return { value: this.defaults(ctx), matched };
      if (this.def.aggregation === 'COUNT') return { value: new Decimal(0), matched };
      if (this.def.aggregation) return { value: this.defaults(ctx), matched };
      const d = this.defaults(ctx);
      return { value: d === null ? [] : [d], matched };
    }
    const outs: FeelValue[] = [];
    for (const r of matched) {
      const o = this.output(r, ctx);
      if ('error' in o) return this.error(o.error, matched);
      outs.push(o.value);
    }
    const unknown = outs.filter((o): o is Unknown => o instanceof Unk);
    switch (policy) {
      case 'FIRST':
        return { value: outs[0]!, matched };
      case 'UNIQUE':
        if (outs.length > 1) {
          return this.error(`mehr als eine Regel trifft zu (Hit-Policy UNIQUE): Regeln ${matched.map((r) => r + 1).join(', ')}`, matched);
        }
        return { value: outs[0]!, matched };
      case 'ANY': {
        if (unknown.length > 0) return { value: Unk.merge(...unknown), matched };
        for (const o of outs) {
          if (feelEquals(o, outs[0]!) !== true) {
            return this.error(`die zutreffenden Regeln ${matched.map((r) => r + 1).join(', ')} liefern verschiedene Ergebnisse (Hit-Policy ANY)`, matched);
          }
        }
        return { value: outs[0]!, matched };
      }
      case 'PRIORITY': {
        if (unknown.length > 0) return { value: Unk.merge(...unknown), matched };
        let best = 0;
        let bestRank = this.rank(outs[0]!);
        for (let i = 1; i < outs.length; i++) {
          const rk = this.rank(outs[i]!);
          if (lexLess(rk, bestRank)) {
            best = i;
            bestRank = rk;
          }
        }
        return { value: outs[best]!, matched: [matched[best]!] };
      }
      case 'OUTPUT ORDER': {
        if (unknown.length > 0) return { value: Unk.merge(...unknown), matched };
        const order = outs.map((o, i) => ({ o, i, rk: this.rank(o) }));
        order.sort((a, b) => (lexLess(a.rk, b.rk) ? -1 : lexLess(b.rk, a.rk) ? 1 : a.i - b.i));
        return { value: order.map((x) => x.o), matched: order.map((x) => matched[x.i]!) };
      }
      case 'RULE ORDER':
        return { value: outs, matched };
      default:
        return { value: this.aggregate(outs), matched };
    }
  }

  private aggregate(outs: FeelValue[]): FeelValue {
    const agg = this.def.aggregation;
    if (!agg) return outs;
    if (agg === 'COUNT') return new Decimal(outs.length);
    const unknown = outs.filter((o): o is Unknown => o instanceof Unk);
    if (unknown.length > 0) return Unk.merge(...unknown);
    if (agg === 'SUM') {
      let s = new Decimal(0);
      for (const o of outs) {
        if (!(o instanceof DecimalJs)) return null;
        s = s.plus(o);
      }
      return s;
    }
    let best: FeelValue = outs[0]!;
    for (const o of outs.slice(1)) {
      const c = feelCompare(o, best);
      if (c === null) return null;
      if ((agg === 'MIN' && c < 0) || (agg === 'MAX' && c > 0)) best = o;
    }
    return best;
  }
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}
