/** Boolean, context and range built-ins (DMN 1.5 §10.3.4.2, .8, .9, .11). */
import type { Expr } from '../ast.ts';
import { feelIs } from '../compare.ts';
import { FeelSyntaxError } from '../errors.ts';
import { isContext } from '../kinds.ts';
import { parseExpressionAst } from '../parse.ts';
import { makeRange, rangeFunctions } from '../range.ts';
import type { FeelContext, FeelValue } from '../values.ts';
import { temporalBuiltins } from './temporal.ts';
import { argList, type BuiltinSpec } from './registry.ts';

const CONSTRUCTORS = new Map(temporalBuiltins.filter((b) => ['date', 'time', 'date and time', 'duration'].includes(b.name)).map((b) => [b.name, b]));

/** Endpoint of a range string: a literal or a date/time constructor applied to a string literal. */
function endpoint(e: Expr): FeelValue | undefined {
  if (e.k === 'literal') return e.value;
  if (e.k === 'neg' && e.e.k === 'literal') {
    const v = e.e.value;
    return v !== null && typeof v === 'object' && 'neg' in v ? (v as { neg(): FeelValue }).neg() : undefined;
  }
  if (e.k === 'call' && e.fn.k === 'name' && e.names === null && e.args.length === 1 && e.args[0]!.k === 'literal') {
    const ctor = CONSTRUCTORS.get(e.fn.name);
    const arg = (e.args[0] as { value: FeelValue }).value;
    if (ctor && typeof arg === 'string') return ctor.fn([arg], { lookup: () => undefined });
  }
  return undefined;
}

function parseRange(text: string): FeelValue {
  let ast: Expr;
  try {
    ast = parseExpressionAst(text.trim(), [], {});
  } catch (e) {
    if (e instanceof FeelSyntaxError) return null;
    throw e;
  }
  if (ast.k === 'interval') {
    const s = endpoint(ast.start);
    const en = endpoint(ast.end);
    if (s === undefined || en === undefined) return null;
    return makeRange(s, ast.startIncluded, en, ast.endIncluded);
  }
  return null;
}

function putPath(ctx: FeelContext, keys: readonly string[], value: FeelValue): FeelContext | null {
  const [k, ...rest] = keys;
  if (k === undefined) return null;
  const out = new Map(ctx);
  if (rest.length === 0) {
    out.set(k, value);
    return out;
  }
  const inner = ctx.get(k);
  if (inner !== undefined && !isContext(inner)) return null;
  const nested = putPath(inner ?? new Map(), rest, value);
  if (!nested) return null;
  out.set(k, nested);
  return out;
}

export const miscBuiltins: BuiltinSpec[] = [
  {
    name: 'not',
    signatures: [['negand']],
    fn: ([b]) => (typeof b === 'boolean' ? !b : null),
  },
  {
    name: 'is',
    signatures: [['value1', 'value2']],
    structural: true,
    fn: ([a, b]) => feelIs(a!, b!),
  },
  {
    name: 'get value',
    signatures: [['m', 'key']],
    structural: true,
    fn([m, k]) {
      if (!isContext(m!) || typeof k !== 'string') return null;
      return m.get(k) ?? null;
    },
  },
  {
    name: 'get entries',
    signatures: [['m']],
    structural: true,
    fn([m]) {
      if (!isContext(m!)) return null;
      return [...m].map(([key, value]): FeelContext => new Map<string, FeelValue>([['key', key], ['value', value]]));
    },
  },
  {
    name: 'context',
    signatures: [['entries']],
    structural: true,
    fn([arg]) {
      const entries = argList(arg);
      if (!entries) return null;
      const out: FeelContext = new Map();
      for (const e of entries) {
        if (!isContext(e) || !e.has('key') || !e.has('value')) return null;
        const key = e.get('key');
        if (typeof key !== 'string' || out.has(key)) return null;
        out.set(key, e.get('value')!);
      }
      return out;
    },
  },
  {
    name: 'context put',
    signatures: [['context', 'key', 'value'], ['context', 'keys', 'value']],
    structural: true,
    fn([c, k, v], _ctx, sig) {
      if (!isContext(c!)) return null;
      if (typeof k === 'string') return putPath(c, [k], v!);
      if (sig === 0) return null; // `key:` names one key; a path is given as `keys:`
      if (Array.isArray(k) && k.length > 0 && (k as FeelValue[]).every((x) => typeof x === 'string')) return putPath(c, k as string[], v!);
      return null;
    },
  },
  {
    name: 'context merge',
    signatures: [['contexts']],
    structural: true,
    fn([arg]) {
      const l = argList(arg);
      if (!l) return null;
      const out: FeelContext = new Map();
      for (const c of l) {
        if (!isContext(c)) return null;
        for (const [k, v] of c) out.set(k, v);
      }
      return out;
    },
  },
  {
    name: 'range',
    signatures: [['from']],
    fn: ([s]) => (typeof s === 'string' ? parseRange(s) : null),
  },
  ...rangeFunctions,
];
