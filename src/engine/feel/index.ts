/**
 * The FEEL subset of Amtsklar (DMN 1.5 with Decimal128 numbers and the engine's Unknown).
 * See docs/feel.md for the supported language, precision, rounding and Unknown semantics.
 */
import { type Decimal, isDecimal } from '../decimal.ts';
import type { Expr, UnaryTestsAst } from './ast.ts';
import { Compiler, type Fn } from './compile.ts';
import { parseExpressionAst, parseUnaryTestsAst } from './parse.ts';
import type { TypeResolver } from './types.ts';
import type { EvalContext, FeelValue, HostNameRef, Unknown } from './values.ts';

export * from './values.ts';
export { FeelSyntaxError } from './errors.ts';
export { feelToJson, jsonToFeel } from './json.ts';
export { valueToString, literal as feelLiteral } from './format.ts';
export { feelEquals, feelCompare, feelIs } from './compare.ts';
export { kindOf, type Kind } from './kinds.ts';
export { instanceOf, conformsOrNull, isBuiltinTypeName, normalizeTypeName, type TypeResolver } from './types.ts';
export { parseDate, parseTime, parseDateTime, parseDuration } from './temporal.ts';
export { property } from './compile.ts';
export { parseAtLiteral } from './parse.ts';
export type { TypeRef } from './ast.ts';

export interface CompileOptions {
  /** Names the expression may read (pack variables, inputs); lets names with spaces and operators parse. */
  names?: Iterable<string>;
  /** Host functions (`ctx.functions`); when given, calling any other unknown function is a compile error. */
  functionNames?: Iterable<string>;
  /** File name for error messages. */
  source?: string;
  /** 1-based line where the expression starts in that file. */
  line?: number;
  /** 1-based column where the expression starts in that file. */
  column?: number;
  /** Types beyond FEEL's own for `instance of` (the DMN import passes its item definitions). */
  types?: TypeResolver;
  /**
   * Resolves a free name of the host once, at compile time; reads of it then go to
   * `ctx.lookupRef` (when the context has it) instead of `ctx.lookup`.
   */
  hostName?: (name: string) => HostNameRef | undefined;
}

export interface CompiledExpression {
  readonly text: string;
  evaluate(ctx: EvalContext): FeelValue;
  /** Top-level names read (free variables, not loop/lambda-bound), in first-use order. */
  readonly freeNames: readonly string[];
  /** Built-in and host functions called by name, in first-use order. */
  readonly calledFunctions: readonly string[];
  /** Free names read only as `count(name)`: the expression depends on the list's length, not its items. */
  readonly countOnlyNames: readonly string[];
}

export interface CompiledUnaryTests {
  readonly text: string;
  /** true/false/null for the input value; Unknown when the input or a tested value is unknown (`-` matches anything). */
  test(input: FeelValue, ctx: EvalContext): boolean | null | Unknown;
  readonly freeNames: readonly string[];
  /**
   * What the tests accept when that is a plain set of values: `any` for `-`, or the number and
   * string literals of `1, 2, "a"`. Lets a decision table index its rules; null otherwise.
   */
  readonly accepts: { any: true } | { any: false; literals: readonly (Decimal | string)[] } | null;
}

function settings(options: CompileOptions | undefined): {
  names: string[];
  compiler: ConstructorParameters<typeof Compiler>[1];
} {
  const names = options?.names ? [...options.names] : [];
  const fnNames = options?.functionNames ? [...options.functionNames] : null;
  return {
    names: fnNames ? [...names, ...fnNames] : names,
    compiler: {
      names: options?.names ? new Set(names) : null,
      functionNames: fnNames ? new Set(fnNames) : null,
      source: options?.source,
      line: options?.line,
      column: options?.column,
      ...(options?.types ? { types: options.types } : {}),
      ...(options?.hostName ? { hostName: options.hostName } : {}),
    },
  };
}

/** Compiles a FEEL expression; throws FeelSyntaxError (code `invalid_pack`) with line and column. */
export function compileExpression(text: string, options?: CompileOptions): CompiledExpression {
  const { names, compiler } = settings(options);
  const ast: Expr = parseExpressionAst(text, names, compiler);
  const c = new Compiler(text, compiler);
  const root: Fn = c.expr(ast, null);
  return {
    text,
    evaluate: (ctx) => root(null, ctx),
    freeNames: c.freeNames,
    calledFunctions: c.calledFunctions,
    countOnlyNames: c.countOnlyNames,
  };
}

/** Compiles FEEL unary tests (`-`, `< 5`, `[1..5)`, `"a", "b"`, `not(...)`, `? > 3`). */
export function compileUnaryTests(text: string, options?: CompileOptions): CompiledUnaryTests {
  const { names, compiler } = settings(options);
  const ast = parseUnaryTestsAst(text, names, compiler);
  const c = new Compiler(text, compiler);
  const { run } = c.unaryTests(ast);
  return {
    text,
    test: run,
    freeNames: c.freeNames.filter((n) => n !== '?'),
    accepts: acceptedLiterals(ast),
  };
}

function acceptedLiterals(ast: UnaryTestsAst): CompiledUnaryTests['accepts'] {
  if (ast.k === 'any') return { any: true };
  if (ast.negated) return null;
  const literals: (Decimal | string)[] = [];
  for (const t of ast.tests) {
    if (t.k !== 'literal' || !(typeof t.value === 'string' || isDecimal(t.value))) return null;
    literals.push(t.value);
  }
  return { any: false, literals };
}
