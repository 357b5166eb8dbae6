/** List built-ins (DMN 1.5 §10.3.4.4) with FEEL equality and Decimal128 aggregation. */
import DecimalJs from 'decimal.js';
import { addDecimals, compareDecimals, Decimal } from '../../decimal.ts';
import { feelCompare, feelEquals } from '../compare.ts';
import { isFunction } from '../kinds.ts';
import { D_ZERO, decimalOf, finite } from '../numbers.ts';
import type { EvalContext, FeelFunction, FeelValue } from '../values.ts';
import { argInt, argList, listArg, type BuiltinSpec } from './registry.ts';

// Hot paths use local aliases: transpiled ESM (tsx, Vitest) reads every imported binding through a getter.
const Dec = DecimalJs;

type List = readonly FeelValue[];

const list = argList;

function numbers(l: List | null): Decimal[] | null {
  if (!l) return null;
  for (const x of l) if (!(x instanceof Dec)) return null;
  return l as Decimal[];
}

/** 1-based position, negative counts from the end; null when out of range. */
function index(pos: FeelValue | undefined, length: number): number | null {
  const p = argInt(pos);
  if (p === null || p === 0 || Math.abs(p) > length) return null;
  return p > 0 ? p - 1 : length + p;
}

function extreme(args: readonly FeelValue[], sign: 1 | -1): FeelValue {
  if (args.length === 2) {
    const [a, b] = args;
    if (a instanceof Dec && b instanceof Dec) return compareDecimals(a, b) * sign >= 0 ? a : b;
  }
  const l = listArg(args);
  if (!l || l.length === 0) return null;
  let best = l[0]!;
  for (let i = 1; i < l.length; i++) {
    const c = feelCompare(l[i]!, best);
    if (c === null) return null;
    if (c * sign > 0) best = l[i]!;
  }
  if (l.length === 1 && feelCompare(best, best) === null) return null;
  return best;
}

function sum(ns: readonly Decimal[]): Decimal | null {
  let s: Decimal | null = D_ZERO;
  for (let i = 0; i < ns.length && s !== null; i++) s = addDecimals(s, ns[i]!, 1);
  return s;
}

function sorted(ns: readonly Decimal[]): Decimal[] {
  return [...ns].sort((a, b) => a.cmp(b));
}

function contains(l: List, x: FeelValue): boolean {
  for (const e of l) if (feelEquals(e, x) === true) return true;
  return false;
}

function distinct(l: List): FeelValue[] {
  const out: FeelValue[] = [];
  for (const e of l) if (!contains(out, e)) out.push(e);
  return out;
}

function flatten(l: List, out: FeelValue[]): FeelValue[] {
  for (const e of l) {
    if (Array.isArray(e)) flatten(e as List, out);
    else out.push(e);
  }
  return out;
}

function callPredicate(f: FeelFunction, args: FeelValue[], ctx: EvalContext): boolean | null {
  const r = f.call(args, ctx);
  return typeof r === 'boolean' ? r : null;
}

function sortList(l: List, precedes: FeelFunction | null, ctx: EvalContext): FeelValue {
  let failed = false;
  const out = [...l].sort((a, b) => {
    if (failed) return 0;
    if (precedes) {
      const ab = callPredicate(precedes, [a, b], ctx);
      if (ab === null) {
        failed = true;
        return 0;
      }
      if (ab) return -1;
      return callPredicate(precedes, [b, a], ctx) === true ? 1 : 0;
    }
    const c = feelCompare(a, b);
    if (c === null) failed = true;
    return c ?? 0;
  });
  return failed ? null : out;
}

export const listBuiltins: BuiltinSpec[] = [
  {
    name: 'list contains',
    signatures: [['list', 'element']],
    fn([l, x]) {
      const ls = list(l);
      return ls ? contains(ls, x!) : null;
    },
  },
  {
    name: 'count',
    signatures: [['list']],
    variadic: true,
    structural: true,
    fn(args) {
      const l = listArg(args);
      return l ? decimalOf(l.length) : null;
    },
  },
  { name: 'min', signatures: [['list']], variadic: true, fn: (args) => extreme(args, -1) },
  { name: 'max', signatures: [['list']], variadic: true, fn: (args) => extreme(args, 1) },
  {
    name: 'sum',
    signatures: [['list']],
    variadic: true,
    fn(args) {
      const ns = numbers(listArg(args));
      return ns && ns.length > 0 ? sum(ns) : null;
    },
  },
  {
    name: 'mean',
    signatures: [['list']],
    variadic: true,
    fn(args) {
      const ns = numbers(listArg(args));
      if (!ns || ns.length === 0) return null;
      const s = sum(ns);
      return s && finite(s.div(ns.length));
    },
  },
  {
    name: 'product',
    signatures: [['list']],
    variadic: true,
    fn(args) {
      const ns = numbers(listArg(args));
      if (!ns || ns.length === 0) return null;
      let p = new Decimal(1);
      for (const n of ns) p = p.times(n);
      return finite(p);
    },
  },
  {
    name: 'median',
    signatures: [['list']],
    variadic: true,
    fn(args) {
      const ns = numbers(listArg(args));
      if (!ns || ns.length === 0) return null;
      const s = sorted(ns);
      const mid = s.length >> 1;
      return s.length % 2 ? s[mid]! : s[mid - 1]!.plus(s[mid]!).div(2);
    },
  },
  {
    name: 'stddev',
    signatures: [['list']],
    variadic: true,
    fn(args) {
      const ns = numbers(listArg(args));
      if (!ns || ns.length < 2) return null;
      const mean = sum(ns)!.div(ns.length);
      let sq = D_ZERO;
      for (const n of ns) sq = sq.plus(n.minus(mean).pow(2));
      return finite(sq.div(ns.length - 1).sqrt());
    },
  },
  {
    name: 'mode',
    signatures: [['list']],
    variadic: true,
    fn(args) {
      const ns = numbers(listArg(args));
      if (!ns) return null;
      const s = sorted(ns);
      const counts: { v: Decimal; n: number }[] = [];
      for (const v of s) {
        const last = counts[counts.length - 1];
        if (last && last.v.eq(v)) last.n++;
        else counts.push({ v, n: 1 });
      }
      const top = Math.max(0, ...counts.map((c) => c.n));
      return counts.filter((c) => c.n === top).map((c) => c.v);
    },
  },
  {
    name: 'all',
    signatures: [['list']],
    variadic: true,
    fn(args) {
      const l = listArg(args);
      if (!l) return null;
      let undecided = false;
      for (const b of l) {
        if (b === false) return false;
        if (b !== true) undecided = true;
      }
      return undecided ? null : true;
    },
  },
  {
    name: 'any',
    signatures: [['list']],
    variadic: true,
    fn(args) {
      const l = listArg(args);
      if (!l) return null;
      let undecided = false;
      for (const b of l) {
        if (b === true) return true;
        if (b !== false) undecided = true;
      }
      return undecided ? null : false;
    },
  },
  {
    name: 'sublist',
    signatures: [['list', 'start position', 'length?']],
    structural: true,
    fn([l, start, len]) {
      const ls = list(l);
      if (!ls) return null;
      const from = index(start, ls.length);
      if (from === null) return null;
      if (len === undefined) return ls.slice(from);
      const n = argInt(len);
      if (n === null || n < 0 || from + n > ls.length) return null;
      return ls.slice(from, from + n);
    },
  },
  {
    name: 'append',
    signatures: [['list', 'item']],
    variadic: true,
    structural: true,
    fn([l, ...items]) {
      const ls = list(l);
      return ls ? [...ls, ...items] : null;
    },
  },
  {
    name: 'concatenate',
    signatures: [['list']],
    variadic: true,
    structural: true,
    fn(args) {
      const out: FeelValue[] = [];
      for (const a of args) {
        const ls = list(a);
        if (!ls) return null;
        out.push(...ls);
      }
      return out;
    },
  },
  {
    name: 'insert before',
    signatures: [['list', 'position', 'newItem']],
    structural: true,
    fn([l, pos, item]) {
      const ls = list(l);
      if (!ls) return null;
      const at = index(pos, ls.length);
      if (at === null) return null;
      return [...ls.slice(0, at), item!, ...ls.slice(at)];
    },
  },
  {
    name: 'remove',
    signatures: [['list', 'position']],
    structural: true,
    fn([l, pos]) {
      const ls = list(l);
      if (!ls) return null;
      const at = index(pos, ls.length);
      if (at === null) return null;
      return [...ls.slice(0, at), ...ls.slice(at + 1)];
    },
  },
  {
    name: 'list replace',
    signatures: [['list', 'position', 'newItem'], ['list', 'match', 'newItem']],
    fn([l, pos, item], ctx) {
      const ls = list(l);
      if (!ls) return null;
      if (pos !== undefined && isFunction(pos)) {
        const out: FeelValue[] = [];
        for (const e of ls) {
          const m = callPredicate(pos, [e, item!], ctx);
          if (m === null) return null;
          out.push(m ? item! : e);
        }
        return out;
      }
      const at = index(pos, ls.length);
      if (at === null) return null;
      const out = [...ls];
      out[at] = item!;
      return out;
    },
  },
  {
    name: 'reverse',
    signatures: [['list']],
    structural: true,
    fn([l]) {
      const ls = list(l);
      return ls ? [...ls].reverse() : null;
    },
  },
  {
    name: 'index of',
    signatures: [['list', 'match']],
    fn([l, m]) {
      const ls = list(l);
      if (!ls) return null;
      const out: Decimal[] = [];
      ls.forEach((e, i) => {
        if (feelEquals(e, m!) === true) out.push(decimalOf(i + 1));
      });
      return out;
    },
  },
  {
    name: 'union',
    signatures: [['list']],
    variadic: true,
    fn(args) {
      const all: FeelValue[] = [];
      for (const a of args) {
        const ls = list(a);
        if (!ls) return null;
        all.push(...ls);
      }
      return distinct(all);
    },
  },
  {
    name: 'distinct values',
    signatures: [['list']],
    fn([l]) {
      const ls = list(l);
      return ls ? distinct(ls) : null;
    },
  },
  {
    name: 'flatten',
    signatures: [['list']],
    structural: true,
    fn([l]) {
      const ls = list(l);
      return ls ? flatten(ls, []) : null;
    },
  },
  {
    name: 'sort',
    signatures: [['list', 'precedes?']],
    fn([l, p], ctx) {
      const ls = list(l);
      if (!ls) return null;
      if (p === undefined || p === null) return sortList(ls, null, ctx);
      return isFunction(p) ? sortList(ls, p, ctx) : null;
    },
  },
];
