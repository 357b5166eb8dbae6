/**
 * AST → JavaScript closures. Names are resolved at compile time: loop variables, lambda
 * parameters and context entries become slots in small frames; names of the host are read
 * through `ctx.lookup`. Evaluation does no tree walking, no string work and, for arithmetic on
 * known names, no allocation besides the Decimal results.
 *
 * Unknown (values.ts) propagates through every operation that needs a value: all operands are
 * evaluated, and their Unknowns are merged, so a result lists every missing input it depends on.
 * `and`/`or` follow Kleene logic; `if` on an Unknown condition merges the Unknowns of both branches.
 */
import DecimalJs from 'decimal.js';
import { normalizeContextKey } from 'lezer-feel';
import { addDecimals, compareDecimals, Decimal, multiplyDecimals } from '../decimal.ts';
import type { ArithOp, CompareOp, Expr, Iteration, UnaryTestsAst } from './ast.ts';
import { usesInput, visit } from './ast.ts';
import { BUILTINS, Builtin } from './builtins/index.ts';
import { feelCompare, feelEquals } from './compare.ts';
import { syntaxError, type SourcePosition } from './errors.ts';
import { isFunction } from './kinds.ts';
import { decimalOf, toInt } from './numbers.ts';
import { add, divide, multiply, negate, power, subtract } from './ops.ts';
import { makeRange, rangeIncludes, unaryRange } from './range.ts';
import { dateFromEpochDays, epochDays, isoWeekday, offsetOf } from './temporal.ts';
import { conformsOrNull, instanceOf, isBuiltinTypeName, type TypeResolver } from './types.ts';
import {
  DaysTimeDuration,
  FeelDate,
  FeelDateTime,
  FeelRange,
  FeelTime,
  Unknown,
  YearsMonthsDuration,
  type EvalContext,
  type FeelContext,
  type FeelFunction,
  type FeelValue,
  type HostNameRef,
} from './values.ts';

// Hot paths use local aliases: transpiled ESM (tsx, Vitest) reads every imported binding through a getter.
const Unk = Unknown;
const Dec = DecimalJs;

export class Frame {
  constructor(
    readonly vals: FeelValue[],
    readonly parent: Frame | null,
  ) {}
}

export type Fn = (f: Frame | null, c: EvalContext) => FeelValue;
export type TestFn = (input: FeelValue, f: Frame | null, c: EvalContext) => boolean | null | Unknown;

class Scope {
  readonly slots = new Map<string, number>();
  constructor(
    readonly parent: Scope | null,
    /** A filter scope: slot 0 holds `item`, whose context entries are visible as names. */
    readonly filter: boolean,
  ) {}
  bind(name: string): number {
    const key = normalizeContextKey(name);
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(key, slot);
    }
    return slot;
  }
}

interface Resolution {
  local: { depth: number; slot: number } | null;
  /** Depths of enclosing filter frames whose `item` may supply the name, innermost first. */
  filterDepths: number[];
}

function resolve(scope: Scope | null, name: string): Resolution {
  const key = normalizeContextKey(name);
  const filterDepths: number[] = [];
  let depth = 0;
  for (let s = scope; s; s = s.parent, depth++) {
    // in a filter, the entries of the item context come first, even before `item` itself
    if (s.filter) filterDepths.push(depth);
    const slot = s.slots.get(key);
    if (slot !== undefined) return { local: { depth, slot }, filterDepths };
  }
  return { local: null, filterDepths };
}

function frameAt(f: Frame | null, depth: number): Frame {
  let fr = f!;
  for (let i = 0; i < depth; i++) fr = fr.parent!;
  return fr;
}

function collectUnknowns(v: FeelValue, out: Unknown[]): void {
  if (v instanceof Unk) out.push(v);
  else if (Array.isArray(v)) for (const x of v as readonly FeelValue[]) collectUnknowns(x, out);
  else if (v instanceof Map) for (const x of v.values()) collectUnknowns(x, out);
}

/** The merged Unknown of all unknown values nested in lists and contexts, or null. */
function nestedUnknown(a: FeelValue, b: FeelValue): Unknown | null {
  const aNested = Array.isArray(a) || a instanceof Map;
  const bNested = Array.isArray(b) || b instanceof Map;
  if (!aNested && !bNested) return null;
  const found: Unknown[] = [];
  if (aNested) collectUnknowns(a, found);
  if (bNested) collectUnknowns(b, found);
  return found.length > 0 ? Unk.merge(...found) : null;
}

function merge(...vs: FeelValue[]): Unknown {
  const us: Unknown[] = [];
  for (const v of vs) if (v instanceof Unk) us.push(v);
  return Unk.merge(...us);
}

/** Disjunction of unary tests: one true decides; otherwise Unknown if any is Unknown, null if any is null. */
function kleeneOr(tests: readonly TestFn[], input: FeelValue, f: Frame | null, c: EvalContext): boolean | null | Unknown {
  let unknowns: Unknown[] | null = null;
  let undecided = false;
  for (let i = 0; i < tests.length; i++) {
    const r = tests[i]!(input, f, c);
    if (r === true) return true;
    if (r instanceof Unk) (unknowns ??= []).push(r);
    else if (r !== false) undecided = true;
  }
  if (unknowns) return Unk.merge(...unknowns);
  return undecided ? null : false;
}

const PROPERTY_NAMES = new Set(['year', 'month', 'day', 'weekday', 'hour', 'minute', 'second', 'time offset', 'timezone', 'years', 'months', 'days', 'hours', 'minutes', 'seconds', 'start', 'end', 'start included', 'end included']);

function durationPart(d: DaysTimeDuration, unit: 'days' | 'hours' | 'minutes' | 'seconds'): Decimal {
  const neg = d.seconds.isNegative();
  const a = d.seconds.abs();
  let v: Decimal;
  switch (unit) {
    case 'days': v = a.divToInt(86400); break;
    case 'hours': v = a.mod(86400).divToInt(3600); break;
    case 'minutes': v = a.mod(3600).divToInt(60); break;
    default: v = a.mod(60); break;
  }
  return neg && !v.isZero() ? v.neg() : v;
}

/** `value.name`: a context entry, or a property of a date, time, duration or range (DMN 1.5 Table 65). */
export function property(v: FeelValue, name: string): FeelValue {
  if (v instanceof Map) {
    const hit = v.get(name);
    if (hit !== undefined) return hit;
    if (!/[./\-'+*]/.test(name)) return null;
    const key = normalizeContextKey(name);
    for (const [k, x] of v) if (normalizeContextKey(k) === key) return x;
    return null;
  }
  if (Array.isArray(v)) return (v as readonly FeelValue[]).map((e) => (e instanceof Unk ? e : property(e, name)));
  if (v instanceof Unk || v === null || !PROPERTY_NAMES.has(name)) return v instanceof Unk ? v : null;
  if (v instanceof FeelDate || v instanceof FeelDateTime) {
    const d = v instanceof FeelDate ? v : v.date;
    switch (name) {
      case 'year': return new Decimal(d.year);
      case 'month': return new Decimal(d.month);
      case 'day': return new Decimal(d.day);
      case 'weekday': return new Decimal(isoWeekday(d));
      default: break;
    }
    if (v instanceof FeelDate) return null;
  }
  if (v instanceof FeelTime || v instanceof FeelDateTime) {
    const t = v instanceof FeelTime ? v : v.time;
    switch (name) {
      case 'hour': return new Decimal(t.hour);
      case 'minute': return new Decimal(t.minute);
      case 'second': return t.second;
      case 'time offset': {
        const off = v instanceof FeelDateTime ? offsetOf(v) : t.offsetSeconds;
        return off === null ? null : new DaysTimeDuration(new Decimal(off));
      }
      case 'timezone': return t.zone;
      default: return null;
    }
  }
  if (v instanceof DaysTimeDuration) {
    return name === 'days' || name === 'hours' || name === 'minutes' || name === 'seconds' ? durationPart(v, name) : null;
  }
  if (v instanceof YearsMonthsDuration) {
    const sign = v.months < 0 ? -1 : 1;
    const a = Math.abs(v.months);
    if (name === 'years') return new Decimal(sign * Math.floor(a / 12) || 0);
    if (name === 'months') return new Decimal(sign * (a % 12) || 0);
    return null;
  }
  if (v instanceof FeelRange) {
    switch (name) {
      case 'start': return v.start;
      case 'end': return v.end;
      case 'start included': return v.startIncluded;
      case 'end included': return v.endIncluded;
      default: return null;
    }
  }
  return null;
}

/** A function defined in FEEL: `function(a, b) a + b`. */
class UserFunction implements FeelFunction {
  readonly kind = 'function' as const;
  constructor(
    readonly params: readonly string[],
    private readonly checks: readonly (((v: FeelValue) => boolean) | null)[],
    private readonly body: Fn,
    private readonly closure: Frame | null,
    /** Names are scoped lexically: the body reads the context the function was defined in. */
    private readonly ctx: EvalContext,
  ) {}
  call(args: readonly FeelValue[]): FeelValue {
    const ctx = this.ctx;
    if (args.length !== this.params.length) return null;
    for (let i = 0; i < args.length; i++) {
      const check = this.checks[i];
      const a = args[i]!;
      if (check && !(a instanceof Unk) && !check(a)) return null;
    }
    return this.body(new Frame([...args], this.closure), ctx);
  }
}

function namedToPositional(fn: FeelFunction, names: readonly string[], values: readonly FeelValue[]): FeelValue[] | null {
  const out: FeelValue[] = fn.params.map(() => null);
  for (let i = 0; i < names.length; i++) {
    const at = fn.params.indexOf(names[i]!);
    if (at < 0) return null;
    out[at] = values[i]!;
  }
  return out;
}

export interface CompileSettings extends SourcePosition {
  names: ReadonlySet<string> | null;
  functionNames: ReadonlySet<string> | null;
  types?: TypeResolver;
  hostName?: (name: string) => HostNameRef | undefined;
}

export class Compiler {
  readonly freeNames: string[] = [];
  readonly calledFunctions: string[] = [];
  /** Per free name: how often it is read, and how often only as the whole argument of `count`. */
  private readonly freeReads = new Map<string, number>();
  private readonly countReads = new Map<string, number>();

  constructor(
    readonly text: string,
    readonly settings: CompileSettings,
  ) {}

  fail(e: Expr, reason: string): never {
    throw syntaxError(this.text, e.from, reason, this.settings);
  }

  private noteFree(name: string): void {
    if (!this.freeNames.includes(name)) this.freeNames.push(name);
  }

  /**
   * Free names read only as `count(name)`: the expression depends on how many items the list
   * has, not on what they hold (the check of sensitive attributes needs the difference).
   */
  get countOnlyNames(): string[] {
    return this.freeNames.filter((n) => (this.countReads.get(n) ?? 0) > 0 && this.countReads.get(n) === this.freeReads.get(n));
  }

  private noteCall(name: string): void {
    if (!this.calledFunctions.includes(name)) this.calledFunctions.push(name);
  }

  expr(e: Expr, s: Scope | null): Fn {
    switch (e.k) {
      case 'literal': {
        const v = e.value;
        return () => v;
      }
      case 'name':
        return this.name(e.name, s);
      case 'input':
        return this.name('?', s);
      case 'arith':
        return this.arith(e.op, this.expr(e.l, s), this.expr(e.r, s));
      case 'neg': {
        const x = this.expr(e.e, s);
        return (f, c) => {
          const v = x(f, c);
          return v instanceof Unk ? v : negate(v);
        };
      }
      case 'compare':
        return this.compare(e.op, this.expr(e.l, s), this.expr(e.r, s));
      case 'between':
        return this.between(this.expr(e.e, s), this.expr(e.lo, s), this.expr(e.hi, s));
      case 'in':
        return this.inTests(this.expr(e.e, s), e.tests.map((t) => this.test(t, s)));
      case 'and':
        return this.and(this.expr(e.l, s), this.expr(e.r, s));
      case 'or':
        return this.or(this.expr(e.l, s), this.expr(e.r, s));
      case 'if':
        return this.ifThenElse(this.expr(e.c, s), this.expr(e.t, s), this.expr(e.e, s));
      case 'for':
        return this.forLoop(e.iters, e.body, s);
      case 'quantified':
        return this.quantified(e.every, e.iters, e.cond, s);
      case 'filter':
        return this.filter(this.expr(e.source, s), e.cond, s);
      case 'path': {
        const src = this.expr(e.source, s);
        const name = e.name;
        return (f, c) => property(src(f, c), name);
      }
      case 'call':
        return this.call(e, s);
      case 'list': {
        const items = e.items.map((i) => this.expr(i, s));
        return (f, c) => items.map((i) => i(f, c));
      }
      case 'context':
        return this.context(e, s);
      case 'function':
        return this.functionDefinition(e, s);
      case 'instanceof': {
        const x = this.expr(e.e, s);
        const t = e.type;
        const resolve = this.settings.types;
        return (f, c) => {
          const v = x(f, c);
          return v instanceof Unk ? v : instanceOf(v, t, resolve);
        };
      }
      case 'interval': {
        const a = this.expr(e.start, s), b = this.expr(e.end, s);
        const si = e.startIncluded, ei = e.endIncluded;
        return (f, c) => {
          const x = a(f, c), y = b(f, c);
          if (x instanceof Unk || y instanceof Unk) return merge(x, y);
          return makeRange(x, si, y, ei);
        };
      }
      case 'unary': {
        // `< 10` used as a value is a range (DMN 1.5 §10.3.2.7)
        const x = this.expr(e.e, s);
        const op = e.op;
        return (f, c) => {
          const v = x(f, c);
          return v instanceof Unk ? v : unaryRange(op, v);
        };
      }
      default:
        return this.fail(e, 'nicht unterstützter Ausdruck');
    }
  }

  private name(name: string, s: Scope | null): Fn {
    const r = resolve(s, name);
    const local = r.local;
    let base: Fn;
    if (local) {
      const { depth, slot } = local;
      base =
        depth === 0 ? (f) => f!.vals[slot]! : depth === 1 ? (f) => f!.parent!.vals[slot]! : (f) => frameAt(f, depth).vals[slot]!;
    } else {
      this.noteFree(name);
      this.freeReads.set(name, (this.freeReads.get(name) ?? 0) + 1);
      const builtin = BUILTINS.get(name);
      const ref = this.settings.hostName?.(name);
      base = ref
        ? (_f, c) => {
            const v = c.lookupRef !== undefined ? c.lookupRef(ref) : c.lookup(name);
            if (v !== undefined) return v;
            return builtin ?? c.functions?.get(name) ?? null;
          }
        : (_f, c) => {
            const v = c.lookup(name);
            if (v !== undefined) return v;
            return builtin ?? c.functions?.get(name) ?? null;
          };
    }
    if (r.filterDepths.length === 0) return base;
    const depths = r.filterDepths;
    const key = normalizeContextKey(name);
    // only a name with operator characters can be spelled differently (`a-b` ≡ `a - b`)
    const fuzzy = /[./\-'+*]/.test(name);
    return (f, c) => {
      for (let i = 0; i < depths.length; i++) {
        const item = frameAt(f, depths[i]!).vals[0];
        if (item instanceof Map) {
          const hit = item.get(name);
          if (hit !== undefined) return hit;
          if (fuzzy) for (const [k, v] of item) if (normalizeContextKey(k) === key) return v;
        }
      }
      return base(f, c);
    };
  }

  private arith(op: ArithOp, l: Fn, r: Fn): Fn {
    switch (op) {
      case '+':
        return (f, c) => {
          const a = l(f, c), b = r(f, c);
          if (a instanceof Dec && b instanceof Dec) return addDecimals(a, b, 1);
          if (a instanceof Unk || b instanceof Unk) return merge(a, b);
          return add(a, b);
        };
      case '-':
        return (f, c) => {
          const a = l(f, c), b = r(f, c);
          if (a instanceof Dec && b instanceof Dec) return addDecimals(a, b, -1);
          if (a instanceof Unk || b instanceof Unk) return merge(a, b);
          return subtract(a, b);
        };
      case '*':
        return (f, c) => {
          const a = l(f, c), b = r(f, c);
          if (a instanceof Dec && b instanceof Dec) return multiplyDecimals(a, b);
          if (a instanceof Unk || b instanceof Unk) return merge(a, b);
          return multiply(a, b);
        };
      case '/':
        return (f, c) => {
          const a = l(f, c), b = r(f, c);
          if (a instanceof Unk || b instanceof Unk) return merge(a, b);
          return divide(a, b);
        };
      default:
        return (f, c) => {
          const a = l(f, c), b = r(f, c);
          if (a instanceof Unk || b instanceof Unk) return merge(a, b);
          return power(a, b);
        };
    }
  }

  private compare(op: CompareOp, l: Fn, r: Fn): Fn {
    const test = comparison(op);
    const onNumbers = numericOutcome(op);
    return (f, c) => {
      const a = l(f, c), b = r(f, c);
      if (a instanceof Dec && b instanceof Dec) return onNumbers(compareDecimals(a, b));
      if (a instanceof Unk || b instanceof Unk) return merge(a, b);
      // lists and contexts compare element by element: an unknown element leaves the result open
      const u = nestedUnknown(a, b);
      return u ?? test(a, b);
    };
  }

  private between(x: Fn, lo: Fn, hi: Fn): Fn {
    return (f, c) => {
      const v = x(f, c), a = lo(f, c), b = hi(f, c);
      if (v instanceof Unk || a instanceof Unk || b instanceof Unk) return merge(v, a, b);
      const c1 = feelCompare(a, v), c2 = feelCompare(v, b);
      if (c1 !== null && c1 > 0) return false;
      if (c2 !== null && c2 > 0) return false;
      return c1 === null || c2 === null ? null : true;
    };
  }

  private inTests(x: Fn, tests: TestFn[]): Fn {
    return (f, c) => {
      return kleeneOr(tests, x(f, c), f, c);
    };
  }

  private and(l: Fn, r: Fn): Fn {
    return (f, c) => {
      const a = l(f, c);
      if (a === false) return false;
      const b = r(f, c);
      if (b === false) return false;
      if (a instanceof Unk || b instanceof Unk) return merge(a, b);
      return a === true && b === true ? true : null;
    };
  }

  private or(l: Fn, r: Fn): Fn {
    return (f, c) => {
      const a = l(f, c);
      if (a === true) return true;
      const b = r(f, c);
      if (b === true) return true;
      if (a instanceof Unk || b instanceof Unk) return merge(a, b);
      return a === false && b === false ? false : null;
    };
  }

  private ifThenElse(cond: Fn, then: Fn, otherwise: Fn): Fn {
    return (f, c) => {
      const v = cond(f, c);
      if (v === true) return then(f, c);
      if (!(v instanceof Unk)) return otherwise(f, c);
      // which branch applies is open: the result depends on the condition's inputs and on both branches'
      return merge(v, then(f, c), otherwise(f, c));
    };
  }

  /** Expands the source of an iteration (a list, a `from..to` of integers or dates, or a range). */
  private iterationSource(it: Iteration, s: Scope): (f: Frame, c: EvalContext) => readonly FeelValue[] | FeelValue {
    const src = this.expr(it.source, s);
    if (!it.to) {
      return (f, c) => {
        const v = src(f, c);
        if (v instanceof FeelRange) return expandRange(v.start, v.startIncluded, v.end, v.endIncluded);
        return v;
      };
    }
    const to = this.expr(it.to, s);
    return (f, c) => {
      const a = src(f, c), b = to(f, c);
      if (a instanceof Unk || b instanceof Unk) return merge(a, b);
      return expandRange(a, true, b, true);
    };
  }

  /**
   * Compiles `x in …, y in …` into a nested iteration that calls `visit` once per combination.
   * Without function definitions in the loop nothing can keep a frame, so one frame is reused.
   */
  private iterations(
    iters: Iteration[],
    s: Scope | null,
    extra: string[],
    shared: boolean,
  ): { scope: Scope; run: (f: Frame | null, c: EvalContext, visit: (inner: Frame) => boolean) => Unknown | null | 'invalid' } {
    const scope = new Scope(s, false);
    const sources: ((f: Frame, c: EvalContext) => readonly FeelValue[] | FeelValue)[] = [];
    for (const it of iters) {
      sources.push(this.iterationSource(it, scope));
      scope.bind(it.name);
    }
    for (const x of extra) scope.bind(x);
    const width = scope.slots.size;
    const n = iters.length;
    const run = (f: Frame | null, c: EvalContext, visit: (inner: Frame) => boolean): Unknown | null | 'invalid' => {
      const frame = new Frame(new Array<FeelValue>(width).fill(null), f);
      const vals = frame.vals;
      let problem: Unknown | null | 'invalid' = null;
      const level = (i: number): boolean => {
        const list = sources[i]!(shared ? frame : new Frame(vals.slice(), f), c);
        if (list instanceof Unk) {
          problem = list;
          return false;
        }
        const items = Array.isArray(list) ? (list as readonly FeelValue[]) : list === null ? null : [list];
        if (items === null) {
          problem = 'invalid';
          return false;
        }
        for (const item of items) {
          vals[i] = item;
          if (i + 1 < n) {
            if (!level(i + 1)) return false;
          } else if (!visit(shared ? frame : new Frame(vals.slice(), f))) return false;
        }
        return true;
      };
      level(0);
      return problem;
    };
    return { scope, run };
  }

  private forLoop(iters: Iteration[], bodyAst: Expr, s: Scope | null): Fn {
    const shared = !definesFunctions(iters, bodyAst);
    if (iters.length === 1 && shared) return this.simpleFor(iters[0]!, bodyAst, s);
    const { scope, run } = this.iterations(iters, s, ['partial'], shared);
    const partialSlot = scope.slots.get('partial')!;
    const body = this.expr(bodyAst, scope);
    return (f, c) => {
      const out: FeelValue[] = [];
      const problem = run(f, c, (inner) => {
        inner.vals[partialSlot] = out;
        out.push(body(inner, c));
        return true;
      });
      if (problem === 'invalid') return null;
      return problem ?? out;
    };
  }

  /** The common `for x in list return …`: one frame, no closures per evaluation. */
  private simpleFor(it: Iteration, bodyAst: Expr, s: Scope | null): Fn {
    const scope = new Scope(s, false);
    const source = this.iterationSource(it, scope);
    const slot = scope.bind(it.name);
    const partialSlot = scope.bind('partial');
    const width = scope.slots.size;
    const body = this.expr(bodyAst, scope);
    return (f, c) => {
      const frame = new Frame(new Array<FeelValue>(width).fill(null), f);
      const list = source(frame, c);
      if (list instanceof Unk) return list;
      const items = Array.isArray(list) ? (list as readonly FeelValue[]) : list === null ? null : [list];
      if (items === null) return null;
      const out: FeelValue[] = [];
      frame.vals[partialSlot] = out;
      for (let i = 0; i < items.length; i++) {
        frame.vals[slot] = items[i]!;
        out.push(body(frame, c));
      }
      return out;
    };
  }

  private quantified(every: boolean, iters: Iteration[], condAst: Expr, s: Scope | null): Fn {
    const { scope, run } = this.iterations(iters, s, [], !definesFunctions(iters, condAst));
    const cond = this.expr(condAst, scope);
    return (f, c) => {
      let decided = false;
      let unknowns: Unknown[] | null = null;
      let undecided = false;
      const problem = run(f, c, (inner) => {
        const v = cond(inner, c);
        if (v === !every) {
          decided = true;
          return false;
        }
        if (v instanceof Unk) (unknowns ??= []).push(v);
        else if (v !== every) undecided = true;
        return true;
      });
      if (decided) return !every;
      if (problem === 'invalid') return null;
      if (problem) return problem;
      if (unknowns) return Unk.merge(...(unknowns as Unknown[]));
      return undecided ? null : every;
    };
  }

  private filter(source: Fn, condAst: Expr, s: Scope | null): Fn {
    const scope = new Scope(s, true);
    scope.bind('item');
    const cond = this.expr(condAst, scope);
    // `list[i]`, `list[-1]`: a condition that does not mention `item` reads the same for every
    // element that is no context, so it is evaluated once, outside a filter frame
    const plain = mentionsName(condAst, 'item') ? null : this.expr(condAst, s);
    return (f, c) => {
      const src = source(f, c);
      if (src === null || src instanceof Unk) return src;
      const list = Array.isArray(src) ? (src as readonly FeelValue[]) : [src];
      const head = list.length > 0 ? list[0]! : null;
      let shared: FeelValue | undefined = plain && !(head instanceof Map) ? plain(f, c) : undefined;
      const first = shared !== undefined ? shared : cond(new Frame([head], f), c);
      if (first instanceof Dec) {
        const i = toInt(first);
        if (i === null || i === 0 || Math.abs(i) > list.length) return null;
        return list[i > 0 ? i - 1 : list.length + i]!;
      }
      // an empty list stays empty whatever the condition would say: no false dependency on its inputs
      if (list.length === 0) return [];
      const out: FeelValue[] = [];
      let unknowns: Unknown[] | null = null;
      for (let i = 0; i < list.length; i++) {
        const item = list[i]!;
        let keep: FeelValue;
        if (i === 0) keep = first;
        else if (plain && !(item instanceof Map)) keep = shared ??= plain(f, c);
        else keep = cond(new Frame([item], f), c);
        if (keep === true) out.push(item);
        else if (keep instanceof Unk) (unknowns ??= []).push(keep);
        else if (item instanceof Unk) (unknowns ??= []).push(item);
      }
      return unknowns ? Unk.merge(...unknowns) : out;
    };
  }

  private call(e: Extract<Expr, { k: 'call' }>, s: Scope | null): Fn {
    const args = e.args.map((a) => this.expr(a, s));
    const names = e.names;
    const n = args.length;
    if (e.fn.k === 'name' && !resolve(s, e.fn.name).local) {
      const name = e.fn.name;
      const declared = this.settings.names?.has(name) ?? false;
      const builtin = declared ? undefined : BUILTINS.get(name);
      if (builtin) {
        this.noteCall(name);
        const only = e.args[0];
        if (name === 'count' && n === 1 && !names && only?.k === 'name' && !resolve(s, only.name).local) this.countReads.set(only.name, (this.countReads.get(only.name) ?? 0) + 1);
        if (names) return (f, c) => builtin.callNamed(names, args.map((a) => a(f, c)), c);
        if (n === 1) {
          const a0 = args[0]!;
          return (f, c) => builtin.call([a0(f, c)], c);
        }
        if (n === 2) {
          const a0 = args[0]!, a1 = args[1]!;
          return (f, c) => builtin.call([a0(f, c), a1(f, c)], c);
        }
        return (f, c) => builtin.call(args.map((a) => a(f, c)), c);
      }
      const fnNames = this.settings.functionNames;
      if (!declared && fnNames && !fnNames.has(name)) this.fail(e.fn, `unbekannte Funktion '${name}'`);
      if (declared) this.noteFree(name);
      else this.noteCall(name);
      return (f, c) => {
        const vals = args.map((a) => a(f, c));
        const target = declared ? c.lookup(name) : (c.functions?.get(name) ?? c.lookup(name));
        return invoke(target ?? null, vals, names, c);
      };
    }
    const callee = this.expr(e.fn, s);
    return (f, c) => {
      const target = callee(f, c);
      const vals = args.map((a) => a(f, c));
      return invoke(target, vals, names, c);
    };
  }

  private context(e: Extract<Expr, { k: 'context' }>, s: Scope | null): Fn {
    const scope = new Scope(s, false);
    const entries: { key: string; slot: number; value: Fn }[] = [];
    const seen = new Set<string>();
    for (const en of e.entries) {
      if (seen.has(en.key)) this.fail(en.value, `Schlüssel '${en.key}' kommt im Kontext doppelt vor`);
      seen.add(en.key);
      // an entry sees the entries before it (DMN 1.5 §10.3.2.8), so bind after compiling its value
      const value = this.expr(en.value, scope);
      entries.push({ key: en.key, slot: scope.bind(en.key), value });
    }
    const width = scope.slots.size;
    return (f, c) => {
      const frame = new Frame(new Array<FeelValue>(width).fill(null), f);
      const out: FeelContext = new Map();
      for (const en of entries) {
        const v = en.value(frame, c);
        frame.vals[en.slot] = v;
        out.set(en.key, v);
      }
      return out;
    };
  }

  private functionDefinition(e: Extract<Expr, { k: 'function' }>, s: Scope | null): Fn {
    if (e.external) this.fail(e, 'externe Funktionen (Java, PMML) werden nicht unterstützt');
    const scope = new Scope(s, false);
    for (const p of e.params) scope.bind(p.name);
    const body = this.expr(e.body, scope);
    const params = e.params.map((p) => p.name);
    const resolve = this.settings.types;
    // a parameter type this compiler cannot know (no resolver for item definitions) is not checked
    const checks = e.params.map((p) => {
      const t = p.type;
      if (!t || (t.t === 'named' && !isBuiltinTypeName(t.name) && !resolve)) return null;
      return (v: FeelValue) => conformsOrNull(v, t, resolve);
    });
    return (f, c) => new UserFunction(params, checks, body, f, c);
  }

  /** A positive unary test against the input value (DMN 1.5 §10.3.2.9, Table 52). */
  test(e: Expr, s: Scope | null): TestFn {
    if (e.k === 'unary') {
      const x = this.expr(e.e, s);
      const cmp = comparison(e.op);
      return (input, f, c) => {
        const v = x(f, c);
        if (input instanceof Unk || v instanceof Unk) return merge(input, v);
        return cmp(input, v);
      };
    }
    if (e.k === 'interval') {
      const a = this.expr(e.start, s), b = this.expr(e.end, s);
      const si = e.startIncluded, ei = e.endIncluded;
      return (input, f, c) => {
        const x = a(f, c), y = b(f, c);
        if (input instanceof Unk || x instanceof Unk || y instanceof Unk) return merge(input, x, y);
        const r = makeRange(x, si, y, ei);
        return r ? rangeIncludes(r, input) : null;
      };
    }
    if (e.k === 'literal' && typeof e.value !== 'boolean') {
      // a plain value such as `3` or `"II"`: equality with the input
      const lit = e.value;
      return (input) => (input instanceof Unk ? input : feelEquals(input, lit));
    }
    const x = this.expr(e, s);
    if (usesInput(e)) {
      return (input, f, c) => {
        const v = x(f, c);
        if (v instanceof Unk) return input instanceof Unk ? merge(input, v) : v;
        if (input instanceof Unk) return input;
        return typeof v === 'boolean' ? v : null;
      };
    }
    return (input, f, c) => {
      const v = x(f, c);
      if (input instanceof Unk || v instanceof Unk) return merge(input, v);
      const r = matchValue(input, v);
      if (r === true) return true;
      return nestedUnknown(input, v) ?? r;
    };
  }

  unaryTests(ast: UnaryTestsAst): { run: (input: FeelValue, c: EvalContext) => boolean | null | Unknown; usesInput: boolean } {
    if (ast.k === 'any') return { run: () => true, usesInput: false };
    const scope = new Scope(null, false);
    scope.bind('?');
    const tests = ast.tests.map((t) => this.test(t, scope));
    const negated = ast.negated;
    const withInput = ast.tests.some(usesInput);
    const one = tests.length === 1 ? tests[0]! : null;
    const run = (input: FeelValue, c: EvalContext): boolean | null | Unknown => {
      // only tests that mention `?` read the input from a frame
      const frame = withInput ? new Frame([input], null) : null;
      const r = one ? one(input, frame, c) : kleeneOr(tests, input, frame, c);
      if (!negated || r instanceof Unk) return r;
      return r === null ? null : !r;
    };
    return { run, usesInput: withInput };
  }
}

function mentionsName(e: Expr, name: string): boolean {
  let found = false;
  visit(e, (n) => {
    if (n.k === 'name' && n.name === name) found = true;
  });
  return found;
}

function definesFunctions(iters: Iteration[], body: Expr): boolean {
  let found = false;
  const look = (e: Expr): void => visit(e, (n) => {
    if (n.k === 'function') found = true;
  });
  for (const it of iters) {
    look(it.source);
    if (it.to) look(it.to);
  }
  look(body);
  return found;
}

/** Equality test of a unary-test value against the input: lists and ranges test membership. */
function matchValue(input: FeelValue, v: FeelValue): boolean | null {
  if (typeof v === 'boolean' && typeof input !== 'boolean') return v;
  const eq = feelEquals(input, v);
  if (eq === true) return true;
  if (Array.isArray(v)) {
    for (const el of v as readonly FeelValue[]) {
      if (el instanceof FeelRange ? rangeIncludes(el, input) === true : feelEquals(input, el) === true) return true;
    }
    return false;
  }
  if (v instanceof FeelRange) return rangeIncludes(v, input);
  return eq;
}

function numericOutcome(op: CompareOp): (k: number) => boolean {
  switch (op) {
    case '=': return (k) => k === 0;
    case '!=': return (k) => k !== 0;
    case '<': return (k) => k < 0;
    case '<=': return (k) => k <= 0;
    case '>': return (k) => k > 0;
    default: return (k) => k >= 0;
  }
}

function comparison(op: CompareOp): (a: FeelValue, b: FeelValue) => boolean | null {
  switch (op) {
    case '=':
      return feelEquals;
    case '!=':
      return (a, b) => {
        const r = feelEquals(a, b);
        return r === null ? null : !r;
      };
    case '<':
      return (a, b) => {
        const r = feelCompare(a, b);
        return r === null ? null : r < 0;
      };
    case '<=':
      return (a, b) => {
        const r = feelCompare(a, b);
        return r === null ? null : r <= 0;
      };
    case '>':
      return (a, b) => {
        const r = feelCompare(a, b);
        return r === null ? null : r > 0;
      };
    default:
      return (a, b) => {
        const r = feelCompare(a, b);
        return r === null ? null : r >= 0;
      };
  }
}

function invoke(target: FeelValue, args: FeelValue[], names: readonly string[] | null, c: EvalContext): FeelValue {
  if (target instanceof Unk) return merge(target, ...args);
  if (!isFunction(target)) return null;
  if (!names) return target.call(args, c);
  if (target instanceof Builtin) return target.callNamed(names, args, c);
  const pos = namedToPositional(target, names, args);
  return pos ? target.call(pos, c) : null;
}

const MAX_EXPANSION = 1_000_000;

/** `1..3` → [1, 2, 3]; `3..1` → [3, 2, 1]; dates step by days (DMN 1.5 §10.3.2.14). */
function expandRange(a: FeelValue, ai: boolean, b: FeelValue, bi: boolean): FeelValue {
  if (a instanceof Dec && b instanceof Dec) {
    const x = toInt(a), y = toInt(b);
    if (x === null || y === null || Math.abs(y - x) > MAX_EXPANSION) return null;
    const out: Decimal[] = [];
    const step = y >= x ? 1 : -1;
    for (let i = x; step > 0 ? i <= y : i >= y; i += step) {
      if ((i === x && !ai) || (i === y && !bi)) continue;
      out.push(decimalOf(i));
    }
    return out;
  }
  if (a instanceof FeelDate && b instanceof FeelDate) {
    const x = epochDays(a), y = epochDays(b);
    if (Math.abs(y - x) > MAX_EXPANSION) return null;
    const out: FeelValue[] = [];
    const step = y >= x ? 1 : -1;
    for (let i = x; step > 0 ? i <= y : i >= y; i += step) {
      if ((i === x && !ai) || (i === y && !bi)) continue;
      out.push(dateFromEpochDays(i));
    }
    return out;
  }
  return null;
}
