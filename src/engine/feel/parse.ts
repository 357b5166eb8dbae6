/**
 * FEEL text → our AST, via the lezer-feel grammar (DMN 1.5). Names with spaces (`zu
 * berücksichtigende Miete`) are recognised by lezer-feel's context tracker from the known names.
 * Every problem becomes a FeelSyntaxError with line and column; nothing else escapes.
 */
import { normalizeContextKey, parser, trackVariables } from 'lezer-feel';
import type { ArithOp, CompareOp, Expr, Iteration, TypeRef, UnaryTestsAst } from './ast.ts';
import { syntaxError, type SourcePosition } from './errors.ts';
import { parseNumberLiteral } from './numbers.ts';
import { parseDate, parseDateTime, parseDuration, parseTime } from './temporal.ts';
import type { FeelValue } from './values.ts';

type Tree = ReturnType<typeof parser.parse>;
type SyntaxNode = Tree['topNode'];

interface NameSetup {
  parsers: Partial<Record<'Expression' | 'UnaryTests', typeof parser>>;
  /** lezer-feel's normal form of each known name → the name as written */
  nameMap: Map<string, string>;
}

/** Parsers and name maps per set of known names: rule packs compile many expressions with one set. */
const setups = new Map<string, NameSetup>();

function setupFor(names: readonly string[]): NameSetup {
  const key = names.join('\u0000');
  let setup = setups.get(key);
  if (!setup) {
    const nameMap = new Map<string, string>();
    for (const n of names) nameMap.set(normalizeContextKey(n), n);
    setup = { parsers: {}, nameMap };
    if (setups.size > 100) setups.delete(setups.keys().next().value!);
    setups.set(key, setup);
  }
  return setup;
}

function configuredParser(setup: NameSetup, top: 'Expression' | 'UnaryTests', names: readonly string[]): typeof parser {
  let p = setup.parsers[top];
  if (!p) {
    const known: Record<string, number> = {};
    for (const n of names) known[n] = 1;
    p = parser.configure({ top, contextTracker: trackVariables(known) });
    setup.parsers[top] = p;
  }
  return p;
}

class Fail {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

const SKIPPED = new Set(['LineComment', 'BlockComment']);

function kids(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (!SKIPPED.has(c.name)) out.push(c);
  return out;
}

function firstError(tree: Tree): SyntaxNode | null {
  let found: SyntaxNode | null = null;
  tree.iterate({
    enter(ref) {
      if (found) return false;
      if (ref.type.isError) {
        found = ref.node;
        return false;
      }
      return undefined;
    },
  });
  return found;
}

function describeError(text: string, node: SyntaxNode): Fail {
  let at = node.from;
  while (at < text.length && /\s/.test(text[at]!)) at++;
  if (at >= text.length) return new Fail(text.length, 'unerwartetes Ende des Ausdrucks');
  const ch = String.fromCodePoint(text.codePointAt(at)!);
  if (ch === '"') return new Fail(at, 'Zeichenkette ohne schließendes Anführungszeichen "');
  return new Fail(at, `unerwartetes Zeichen '${ch}'`);
}

function unescapeString(raw: string, from: number): string {
  const body = raw.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[++i];
    switch (n) {
      case '"': out += '"'; break;
      case "'": out += "'"; break;
      case '\\': out += '\\'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        const hex = body.slice(i + 1, i + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Fail(from + i, 'ungültige Unicode-Escape-Sequenz');
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        break;
      }
      case 'U': {
        const hex = body.slice(i + 1, i + 7);
        if (!/^[0-9a-fA-F]{6}$/.test(hex) || parseInt(hex, 16) > 0x10ffff) throw new Fail(from + i, 'ungültige Unicode-Escape-Sequenz');
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 6;
        break;
      }
      default:
        // regular expressions are written with single backslashes (`"\d+"`): keep them as they are
        if (n === undefined) throw new Fail(from + i, 'Zeichenkette endet mit einem einzelnen \\');
        out += `\\${n}`;
    }
  }
  return out;
}

/** Parses the text of an `@"…"` literal into a date, time, date-time or duration. */
export function parseAtLiteral(s: string): FeelValue {
  if (/^-?P/.test(s)) return parseDuration(s);
  if (/^-?\d{4,9}-\d{2}-\d{2}T/.test(s)) return parseDateTime(s);
  if (/^-?\d{4,9}-\d{2}-\d{2}$/.test(s)) return parseDate(s);
  return parseTime(s);
}

class Converter {
  constructor(
    readonly text: string,
    readonly nameMap: ReadonlyMap<string, string>,
  ) {}

  src(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  name(n: SyntaxNode): string {
    // names are compared in lezer-feel's normal form (`a-b` ≡ `a - b`); keep the author's spelling
    // of a known name, otherwise the collapsed source text
    const raw = this.src(n).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ').replace(/\s+/g, ' ').trim();
    return this.nameMap.get(normalizeContextKey(raw)) ?? raw;
  }

  fail(n: SyntaxNode, reason: string): never {
    throw new Fail(n.from, reason);
  }

  only(n: SyntaxNode): SyntaxNode {
    const k = kids(n);
    if (k.length !== 1) this.fail(n, `unerwarteter Aufbau von ${n.name}`);
    return k[0]!;
  }

  expr(n: SyntaxNode): Expr {
    const at = { from: n.from, to: n.to };
    const k = kids(n);
    switch (n.name) {
      case 'Expression':
      case 'PositiveUnaryTest':
        return this.expr(this.only(n));
      case 'ParenthesizedExpression':
        return this.expr(k[1]!);
      case 'NumericLiteral': {
        const v = parseNumberLiteral(this.src(n));
        if (v === null) this.fail(n, `ungültige Zahl '${this.src(n)}'`);
        return { ...at, k: 'literal', value: v };
      }
      case 'StringLiteral':
        return { ...at, k: 'literal', value: unescapeString(this.src(n), n.from + 1) };
      case 'BooleanLiteral':
        return { ...at, k: 'literal', value: this.src(n) === 'true' };
      case 'null':
        return { ...at, k: 'literal', value: null };
      case 'VariableName':
        return { ...at, k: 'name', name: this.name(n) };
      case '?':
        return { ...at, k: 'input' };
      case 'DateTimeLiteral':
        return this.dateTimeLiteral(n, k);
      case 'ArithmeticExpression':
        if (k.length === 2) return { ...at, k: 'neg', e: this.expr(k[1]!) };
        return { ...at, k: 'arith', op: this.src(k[1]!) as ArithOp, l: this.expr(k[0]!), r: this.expr(k[2]!) };
      case 'Comparison':
        return this.comparison(n, k);
      case 'Disjunction':
        return { ...at, k: 'or', l: this.expr(k[0]!), r: this.expr(k[2]!) };
      case 'Conjunction':
        return { ...at, k: 'and', l: this.expr(k[0]!), r: this.expr(k[2]!) };
      case 'IfExpression':
        if (k.length !== 6) this.fail(n, 'unvollständiger if-Ausdruck');
        return { ...at, k: 'if', c: this.expr(k[1]!), t: this.expr(k[3]!), e: this.expr(k[5]!) };
      case 'ForExpression':
        return { ...at, k: 'for', iters: this.iterations(k[1]!), body: this.expr(k[3]!) };
      case 'QuantifiedExpression':
        return {
          ...at,
          k: 'quantified',
          every: this.src(k[0]!) === 'every',
          iters: this.iterations(k[1]!),
          cond: this.expr(k[3]!),
        };
      case 'FilterExpression':
        return { ...at, k: 'filter', source: this.expr(k[0]!), cond: this.expr(k[2]!) };
      case 'PathExpression':
        return { ...at, k: 'path', source: this.expr(k[0]!), name: this.name(k[2]!) };
      case 'FunctionInvocation':
        return this.invocation(n, k);
      case 'List':
        return { ...at, k: 'list', items: k.slice(1, -1).map((c) => this.expr(c)) };
      case 'Context':
        return {
          ...at,
          k: 'context',
          entries: k.slice(1, -1).map((e) => {
            const [key, value] = kids(e);
            const keyNode = this.only(key!);
            const name = keyNode.name === 'StringLiteral' ? unescapeString(this.src(keyNode), keyNode.from + 1) : this.name(keyNode);
            return { key: name, value: this.expr(value!) };
          }),
        };
      case 'FunctionDefinition':
        return this.functionDefinition(n, k);
      case 'InstanceOfExpression':
        return { ...at, k: 'instanceof', e: this.expr(k[0]!), type: this.type(k[3]!) };
      case 'SimplePositiveUnaryTest':
        if (k.length === 1) return this.expr(k[0]!);
        return { ...at, k: 'unary', op: this.src(k[0]!) as CompareOp, e: this.expr(k[1]!) };
      case 'Interval':
        return {
          ...at,
          k: 'interval',
          startIncluded: this.src(k[0]!) === '[',
          start: this.expr(k[1]!),
          end: this.expr(k[3]!),
          endIncluded: this.src(k[4]!) === ']',
        };
      default:
        return this.fail(n, `nicht unterstützter Ausdruck '${this.src(n).slice(0, 40)}'`);
    }
  }

  dateTimeLiteral(n: SyntaxNode, k: SyntaxNode[]): Expr {
    const at = { from: n.from, to: n.to };
    if (k[0]!.name === 'AtLiteral') {
      const strNode = this.only(k[0]!);
      const s = unescapeString(this.src(strNode), strNode.from + 1);
      const v = parseAtLiteral(s);
      if (v === null) this.fail(n, `ungültiges Datums-/Zeit-Literal @"${s}"`);
      return { ...at, k: 'literal', value: v };
    }
    const fnName = this.src(k[0]!).replace(/\s+/g, ' ');
    const fn: Expr = { from: k[0]!.from, to: k[0]!.to, k: 'name', name: fnName };
    return this.call(n, fn, k.slice(1));
  }

  comparison(n: SyntaxNode, k: SyntaxNode[]): Expr {
    const at = { from: n.from, to: n.to };
    const op = k[1]!;
    if (op.name === 'between') {
      return { ...at, k: 'between', e: this.expr(k[0]!), lo: this.expr(k[2]!), hi: this.expr(k[4]!) };
    }
    if (op.name === 'in') {
      const rest = k.slice(2);
      const tests =
        rest.length === 1 ? [this.expr(rest[0]!)] : kids(rest[1]!).map((t) => this.expr(t));
      return { ...at, k: 'in', e: this.expr(k[0]!), tests };
    }
    return { ...at, k: 'compare', op: this.src(op) as CompareOp, l: this.expr(k[0]!), r: this.expr(k[2]!) };
  }

  iterations(n: SyntaxNode): Iteration[] {
    return kids(n).map((inExpr) => {
      const [nameNode, , ctx] = kids(inExpr);
      if (!nameNode || !ctx) this.fail(inExpr, 'unvollständige Iteration');
      const name = this.name(nameNode);
      if (ctx.name === 'IterationContext') {
        const parts = kids(ctx);
        if (parts.length === 3) return { name, source: this.expr(parts[0]!), to: this.expr(parts[2]!) };
        return { name, source: this.expr(parts[0]!), to: null };
      }
      return { name, source: this.expr(ctx), to: null };
    });
  }

  invocation(n: SyntaxNode, k: SyntaxNode[]): Expr {
    const callee = k[0]!;
    const fn: Expr =
      callee.name === 'SpecialFunctionName'
        ? { from: callee.from, to: callee.to, k: 'name', name: this.src(callee).replace(/\s+/g, ' ') }
        : this.expr(callee);
    return this.call(n, fn, k.slice(1));
  }

  call(n: SyntaxNode, fn: Expr, rest: SyntaxNode[]): Expr {
    const at = { from: n.from, to: n.to };
    const params = rest.find((c) => c.name === 'PositionalParameters' || c.name === 'NamedParameters');
    if (!params) return { ...at, k: 'call', fn, args: [], names: null };
    if (params.name === 'PositionalParameters') {
      return { ...at, k: 'call', fn, args: kids(params).map((a) => this.expr(a)), names: null };
    }
    const names: string[] = [];
    const args: Expr[] = [];
    for (const p of kids(params)) {
      const [pn, value] = kids(p);
      if (!pn || !value) this.fail(p, 'unvollständiger benannter Parameter');
      const name = this.src(pn).replace(/\s+/g, ' ').trim();
      if (names.includes(name)) this.fail(pn, `Parameter '${name}' doppelt angegeben`);
      names.push(name);
      args.push(this.expr(value));
    }
    return { ...at, k: 'call', fn, args, names };
  }

  functionDefinition(n: SyntaxNode, k: SyntaxNode[]): Expr {
    const formal = k.find((c) => c.name === 'FormalParameters');
    const params = formal
      ? kids(formal).map((p) => {
          const [pn, t] = kids(p);
          return { name: this.name(pn!), type: t ? this.type(t) : null };
        })
      : [];
    const external = k.some((c) => c.name === 'external');
    const body = k.find((c) => c.name === 'FunctionBody');
    if (!body) this.fail(n, 'Funktionsrumpf fehlt');
    return { from: n.from, to: n.to, k: 'function', params, body: this.expr(this.only(body)), external };
  }

  type(n: SyntaxNode): TypeRef {
    const inner = n.name === 'Type' ? this.only(n) : n;
    const k = kids(inner);
    switch (inner.name) {
      case 'QualifiedName':
      case 'SpecialType':
        return { t: 'named', name: this.src(inner).replace(/\s+/g, ' ').trim() };
      case 'ListType': {
        const of = this.type(k.find((c) => c.name === 'Type')!);
        // `range<T>` arrives here rewritten as `list <T>` (see withRangeTypes)
        return this.text.startsWith('range', inner.from) ? { t: 'range', of } : { t: 'list', of };
      }
      case 'ContextType': {
        const entries = k.find((c) => c.name === 'ContextEntryTypes');
        return {
          t: 'context',
          entries: entries
            ? kids(entries).map((e) => {
                const [nm, ty] = kids(e);
                return { name: this.name(nm!), type: this.type(ty!) };
              })
            : [],
        };
      }
      case 'FunctionType': {
        const args = k.find((c) => c.name === 'ArgumentTypes');
        const result = k.filter((c) => c.name === 'Type').pop();
        return {
          t: 'function',
          params: args ? kids(args).map((a) => this.type(this.only(a))) : [],
          result: result ? this.type(result) : { t: 'named', name: 'Any' },
        };
      }
      default:
        return this.fail(inner, `unbekannter Typ '${this.src(inner)}'`);
    }
  }

  unaryTests(n: SyntaxNode): UnaryTestsAst {
    const k = kids(n);
    if (k.length === 1 && k[0]!.name === 'Wildcard') return { k: 'any' };
    if (k[0]?.name === 'not') {
      const list = k.find((c) => c.name === 'PositiveUnaryTests');
      if (!list) this.fail(n, 'not(...) ohne Tests');
      return { k: 'tests', negated: true, tests: kids(list).map((t) => this.expr(t)) };
    }
    if (k.length !== 1 || k[0]!.name !== 'PositiveUnaryTests') this.fail(n, 'ungültige Eingabetests');
    return { k: 'tests', negated: false, tests: kids(k[0]!).map((t) => this.expr(t)) };
  }
}

function run<T>(text: string, pos: SourcePosition, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Fail) throw syntaxError(text, e.offset, e.reason, pos);
    // lezer-feel's context tracker throws plain errors on some malformed names
    throw syntaxError(text, 0, `Ausdruck nicht lesbar (${e instanceof Error ? e.message : String(e)})`, pos);
  }
}

/**
 * lezer-feel 3 has no `range<T>` type (DMN 1.5). After `instance of` and inside `list<…>` we hand
 * it `list <T>` instead — same length, so every offset stays true — and the converter reads the
 * original text to tell the two apart.
 */
function withRangeTypes(text: string): string {
  return text.replace(/(instance\s+of\s+|list\s*<\s*)range(\s*<)/g, (_m, before: string, after: string) => `${before}list ${after}`);
}

export function parseExpressionAst(text: string, names: readonly string[], pos: SourcePosition): Expr {
  return run(text, pos, () => {
    if (text.trim() === '') throw new Fail(0, 'leerer Ausdruck');
    const setup = setupFor(names);
    const tree = configuredParser(setup, 'Expression', names).parse(withRangeTypes(text));
    const err = firstError(tree);
    if (err) throw describeError(text, err);
    return new Converter(text, setup.nameMap).expr(tree.topNode);
  });
}

export function parseUnaryTestsAst(text: string, names: readonly string[], pos: SourcePosition): UnaryTestsAst {
  return run(text, pos, () => {
    if (text.trim() === '') return { k: 'any' } as const;
    const setup = setupFor(names);
    const tree = configuredParser(setup, 'UnaryTests', names).parse(withRangeTypes(text));
    const err = firstError(tree);
    if (err) throw describeError(text, err);
    return new Converter(text, setup.nameMap).unaryTests(tree.topNode);
  });
}
