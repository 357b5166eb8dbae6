/**
 * Our own syntax tree for FEEL, built once from the lezer-feel parse tree (parse.ts) and then
 * compiled into closures (compile.ts). `from`/`to` are offsets into the expression text.
 */
import type { FeelValue } from './values.ts';

export type ArithOp = '+' | '-' | '*' | '/' | '**';
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type TypeRef =
  | { t: 'named'; name: string }
  | { t: 'list'; of: TypeRef }
  | { t: 'range'; of: TypeRef }
  | { t: 'context'; entries: { name: string; type: TypeRef }[] }
  | { t: 'function'; params: TypeRef[]; result: TypeRef };

export interface Iteration {
  name: string;
  source: Expr;
  /** `for i in 1..n`: the upper bound; `source` is then the lower bound. */
  to: Expr | null;
}

interface At {
  from: number;
  to: number;
}

export type Expr = At &
  (
    | { k: 'literal'; value: FeelValue }
    | { k: 'name'; name: string }
    | { k: 'input' }
    | { k: 'arith'; op: ArithOp; l: Expr; r: Expr }
    | { k: 'neg'; e: Expr }
    | { k: 'compare'; op: CompareOp; l: Expr; r: Expr }
    | { k: 'between'; e: Expr; lo: Expr; hi: Expr }
    | { k: 'in'; e: Expr; tests: Expr[] }
    | { k: 'and'; l: Expr; r: Expr }
    | { k: 'or'; l: Expr; r: Expr }
    | { k: 'if'; c: Expr; t: Expr; e: Expr }
    | { k: 'for'; iters: Iteration[]; body: Expr }
    | { k: 'quantified'; every: boolean; iters: Iteration[]; cond: Expr }
    | { k: 'filter'; source: Expr; cond: Expr }
    | { k: 'path'; source: Expr; name: string }
    | { k: 'call'; fn: Expr; args: Expr[]; names: string[] | null }
    | { k: 'list'; items: Expr[] }
    | { k: 'context'; entries: { key: string; value: Expr }[] }
    | { k: 'function'; params: { name: string; type: TypeRef | null }[]; body: Expr; external: boolean }
    | { k: 'instanceof'; e: Expr; type: TypeRef }
    | { k: 'interval'; start: Expr; startIncluded: boolean; end: Expr; endIncluded: boolean }
    /** `< 5`, `>= x`, `= 3`, `!= "a"`: a unary comparison with the input (or an open range in an expression). */
    | { k: 'unary'; op: CompareOp; e: Expr }
  );

/** Unary tests: `-`, a list of positive tests, or `not(...)` of such a list. */
export type UnaryTestsAst = { k: 'any' } | { k: 'tests'; negated: boolean; tests: Expr[] };

/** Whether an expression mentions the input value `?` anywhere. */
export function usesInput(e: Expr): boolean {
  let found = false;
  visit(e, (n) => {
    if (n.k === 'input') found = true;
  });
  return found;
}

export function visit(e: Expr, f: (n: Expr) => void): void {
  f(e);
  switch (e.k) {
    case 'arith':
    case 'compare':
    case 'and':
    case 'or':
      visit(e.l, f);
      visit(e.r, f);
      break;
    case 'neg':
    case 'unary':
      visit(e.e, f);
      break;
    case 'instanceof':
      visit(e.e, f);
      break;
    case 'between':
      visit(e.e, f);
      visit(e.lo, f);
      visit(e.hi, f);
      break;
    case 'in':
      visit(e.e, f);
      for (const t of e.tests) visit(t, f);
      break;
    case 'if':
      visit(e.c, f);
      visit(e.t, f);
      visit(e.e, f);
      break;
    case 'for':
    case 'quantified':
      for (const it of e.iters) {
        visit(it.source, f);
        if (it.to) visit(it.to, f);
      }
      visit(e.k === 'for' ? e.body : e.cond, f);
      break;
    case 'filter':
      visit(e.source, f);
      visit(e.cond, f);
      break;
    case 'path':
      visit(e.source, f);
      break;
    case 'call':
      visit(e.fn, f);
      for (const a of e.args) visit(a, f);
      break;
    case 'list':
      for (const a of e.items) visit(a, f);
      break;
    case 'context':
      for (const en of e.entries) visit(en.value, f);
      break;
    case 'function':
      visit(e.body, f);
      break;
    case 'interval':
      visit(e.start, f);
      visit(e.end, f);
      break;
    default:
      break;
  }
}
