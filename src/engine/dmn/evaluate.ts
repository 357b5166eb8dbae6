/**
 * Evaluation of DMN models: decisions over the decision requirement graph, business knowledge
 * models and decision services as FEEL functions, and all boxed expressions. Each decision sees
 * exactly the elements it requires (DMN 1.5 §6.3); elements of imported models appear under the
 * import name (`myimport.Say Hello`). Errors follow FEEL: the value becomes null, and a German
 * description goes to `options.errors` when given.
 */
import { Decimal, isDecimal } from '../decimal.ts';
import { compileDecisionTable } from '../decision-table/index.ts';
import {
  compileExpression,
  FeelRange,
  FeelSyntaxError,
  jsonToFeel,
  Unknown,
  type EvalContext,
  type FeelContext,
  type FeelDateTime,
  type FeelFunction,
  type FeelValue,
  type RoundingStep,
} from '../feel/index.ts';
import type {
  BkmNode,
  BoxedExpression,
  DecisionNode,
  DecisionServiceNode,
  DmnModel,
  DrgElement,
  FunctionDefinitionExpr,
  InputDataNode,
} from './model.ts';
import { TypeRegistry } from './types.ts';

export interface DmnEvaluationOptions {
  /** Clock for FEEL `now()`/`today()`; without it they give null. */
  clock?: () => FeelDateTime;
  /** Receives a German description of every error that turned a value into null. */
  errors?: string[];
  onRound?: (step: RoundingStep) => void;
}

/** Input values by element name; `{namespace}name` addresses input data of an imported model. */
export type DmnInputs = ReadonlyMap<string, FeelValue> | Readonly<Record<string, unknown>>;

type Eval = (ctx: EvalContext) => FeelValue;

class Lazy {
  private value: FeelValue | undefined;
  private busy = false;
  constructor(private readonly compute: () => FeelValue) {}
  get(): FeelValue {
    if (this.value === undefined) {
      if (this.busy) return null; // a cycle in the requirement graph
      this.busy = true;
      this.value = this.compute();
      this.busy = false;
    }
    return this.value;
  }
}

/** A name scope over a parent context; values may be computed on first read. */
class Scope implements EvalContext {
  readonly vars = new Map<string, FeelValue | Lazy>();
  readonly onRound: ((step: RoundingStep) => void) | undefined;
  readonly clock: (() => FeelDateTime) | undefined;
  readonly errors: string[] | undefined;
  constructor(readonly parent: EvalContext | null, options?: DmnEvaluationOptions) {
    this.onRound = parent?.onRound ?? options?.onRound;
    this.clock = parent?.clock ?? options?.clock;
    this.errors = parent instanceof Scope ? parent.errors : options?.errors;
  }
  lookup(name: string): FeelValue | undefined {
    const v = this.vars.get(name);
    if (v !== undefined) return v instanceof Lazy ? v.get() : v;
    return this.parent?.lookup(name);
  }
  set(name: string, v: FeelValue | Lazy): this {
    this.vars.set(name, v);
    return this;
  }
}

/** A FEEL function defined by DMN: a business knowledge model, a function definition or a service. */
class DmnFunction implements FeelFunction {
  readonly kind = 'function' as const;
  constructor(
    readonly params: readonly string[],
    private readonly impl: (args: readonly FeelValue[]) => FeelValue,
  ) {}
  call(args: readonly FeelValue[]): FeelValue {
    if (args.length !== this.params.length) return null;
    return this.impl(args);
  }
}

function key(model: DmnModel, id: string): string {
  return id.includes('#') ? id : `${model.namespace}#${id}`;
}

/** The compiled form of one model and the models it imports; cached per model object. */
class Runtime {
  readonly types = new Map<DmnModel, TypeRegistry>();
  private readonly elements = new Map<string, { model: DmnModel; element: DrgElement }>();
  private readonly compiled = new Map<string, Eval>();
  readonly problems: string[] = [];

  constructor(readonly root: DmnModel) {
    const visit = (m: DmnModel): void => {
      if (this.types.has(m)) return;
      this.types.set(m, new TypeRegistry(m));
      for (const e of [...m.inputData, ...m.decisions, ...m.businessKnowledgeModels, ...m.decisionServices]) {
        this.elements.set(key(m, e.id), { model: m, element: e });
      }
      for (const im of m.importedModels.values()) visit(im);
    };
    visit(root);
  }

  element(model: DmnModel, id: string): { model: DmnModel; element: DrgElement } | undefined {
    return this.elements.get(key(model, id));
  }

  byName(name: string): DrgElement | undefined {
    const m = this.root;
    return [...m.decisions, ...m.inputData, ...m.businessKnowledgeModels, ...m.decisionServices].find((e) => e.name === name);
  }

  typesOf(model: DmnModel): TypeRegistry {
    return this.types.get(model)!;
  }

  /** The name under which `model` sees an element of another model: `importName.elementName`. */
  importName(model: DmnModel, target: DmnModel): string | null {
    return model.imports.find((i) => i.namespace === target.namespace)?.name ?? null;
  }

  /** Names visible to a decision or BKM: its requirements, imported ones grouped under the import name. */
  scopeNames(model: DmnModel, req: { inputs: string[]; decisions: string[]; knowledge: string[] }): string[] {
    const names: string[] = [];
    for (const id of [...req.inputs, ...req.decisions, ...req.knowledge]) {
      const hit = this.element(model, id);
      if (!hit) continue;
      const prefix = hit.model === model ? null : this.importName(model, hit.model);
      const n = prefix ? prefix : hit.element.name;
      if (!names.includes(n)) names.push(n);
    }
    return names;
  }

  compile(cacheKey: string, make: () => Eval): Eval {
    let e = this.compiled.get(cacheKey);
    if (!e) {
      e = make();
      this.compiled.set(cacheKey, e);
    }
    return e;
  }

  note(message: string): void {
    if (!this.problems.includes(message)) this.problems.push(message);
  }
}

const runtimes = new WeakMap<DmnModel, Runtime>();

function runtimeOf(model: DmnModel): Runtime {
  let r = runtimes.get(model);
  if (!r) {
    r = new Runtime(model);
    runtimes.set(model, r);
  }
  return r;
}

/** Compiles boxed expressions of one model into closures. */
class BoxedCompiler {
  constructor(
    readonly rt: Runtime,
    readonly model: DmnModel,
    readonly where: string,
  ) {}

  get types(): TypeRegistry {
    return this.rt.typesOf(this.model);
  }

  private broken(message: string): Eval {
    const text = `${this.where}: ${message}`;
    this.rt.note(text);
    return (ctx) => {
      if (ctx instanceof Scope) ctx.errors?.push(text);
      return null;
    };
  }

  compile(e: BoxedExpression | null, names: readonly string[]): Eval {
    if (!e) return () => null;
    const coerced = this.raw(e, names);
    if (!e.typeRef) return coerced;
    const t = e.typeRef;
    return (ctx) => this.types.coerce(coerced(ctx), t);
  }

  private feel(text: string, names: readonly string[]): Eval {
    if (text.trim() === '') return () => null;
    try {
      const c = compileExpression(text, { names, source: this.model.fileName, types: this.types.resolve });
      return (ctx) => c.evaluate(ctx);
    } catch (err) {
      if (err instanceof FeelSyntaxError) return this.broken(err.reason);
      throw err;
    }
  }

  private raw(e: BoxedExpression, names: readonly string[]): Eval {
    switch (e.kind) {
      case 'literal':
        return this.feel(e.text, names);
      case 'decisionTable': {
        let table;
        try {
          table = compileDecisionTable(e.def, { names, source: this.model.fileName, types: this.types.resolve });
        } catch (err) {
          if (err instanceof FeelSyntaxError) return this.broken(err.reason);
          throw err;
        }
        const where = this.where;
        return (ctx) => {
          const r = table.evaluate(ctx);
          if (r.error && ctx instanceof Scope) ctx.errors?.push(`${where}: ${r.error}`);
          return r.value;
        };
      }
      case 'context': {
        const known = [...names];
        const entries = e.entries.map((en) => {
          const value = this.compile(en.value, known);
          if (en.name && !known.includes(en.name)) known.push(en.name);
          return { name: en.name, typeRef: en.typeRef, value };
        });
        return (ctx) => {
          const scope = new Scope(ctx);
          const out: FeelContext = new Map();
          for (const en of entries) {
            const v = this.types.coerce(en.value(scope), en.typeRef);
            if (en.name === null) return v;
            scope.set(en.name, v);
            out.set(en.name, v);
          }
          return out;
        };
      }
      case 'invocation': {
        const fn = this.feel(e.function, names);
        const bindings = e.bindings.map((b) => ({ name: b.name, value: this.compile(b.value, names) }));
        return (ctx) => {
          const f = fn(ctx);
          if (f instanceof Unknown) return f;
          if (typeof f !== 'object' || f === null || (f as FeelFunction).kind !== 'function') return null;
          const fun = f as FeelFunction;
          const args: FeelValue[] = fun.params.map(() => null);
          for (const b of bindings) {
            const at = fun.params.indexOf(b.name);
            if (at < 0) return null;
            args[at] = b.value(ctx);
          }
          return fun.call(args, ctx);
        };
      }
      case 'list': {
        const items = e.items.map((i) => this.compile(i, names));
        return (ctx) => items.map((i) => i(ctx));
      }
      case 'relation': {
        const rows = e.rows.map((r) => r.map((c) => this.compile(c, names)));
        const cols = e.columns;
        return (ctx) =>
          rows.map((r) => {
            const m: FeelContext = new Map();
            cols.forEach((c, i) => m.set(c, r[i] ? r[i](ctx) : null));
            return m;
          });
      }
      case 'function':
        return this.functionDefinition(e, names);
      case 'conditional': {
        const c = this.compile(e.if, names), t = this.compile(e.then, names), f = this.compile(e.else, names);
        return (ctx) => {
          const v = c(ctx);
          if (v instanceof Unknown) return Unknown.merge(v, ...[t(ctx), f(ctx)].filter((x): x is Unknown => x instanceof Unknown));
          // a boxed conditional needs a boolean or null condition (TCK 1150)
          if (v === true) return t(ctx);
          return v === false || v === null ? f(ctx) : null;
        };
      }
      case 'filter': {
        const src = this.compile(e.in, names);
        const match = this.compile(e.match, [...names, 'item']);
        return (ctx) => {
          const l = src(ctx);
          if (l === null || l instanceof Unknown) return l;
          if (!Array.isArray(l)) return null;
          const out: FeelValue[] = [];
          for (const item of l as readonly FeelValue[]) {
            const scope = new Scope(ctx);
            if (item instanceof Map) for (const [k, v] of item) scope.set(k, v);
            scope.set('item', item);
            const keep = match(scope);
            if (keep instanceof Unknown) return keep;
            if (typeof keep !== 'boolean') return null;
            if (keep) out.push(item);
          }
          return out;
        };
      }
      default: {
        const src = this.compile(e.in, names);
        const body = this.compile(e.body, [...names, e.variable, 'partial']);
        const kind = e.kind;
        const variable = e.variable;
        return (ctx) => {
          const l = src(ctx);
          if (l === null || l instanceof Unknown) return l;
          const items = l instanceof FeelRange ? expand(l) : Array.isArray(l) ? (l as readonly FeelValue[]) : null;
          if (!items) return null;
          const out: FeelValue[] = [];
          for (const item of items) {
            const v = body(new Scope(ctx).set(variable, item).set('partial', out));
            if (kind === 'for') out.push(v);
            else if (typeof v !== 'boolean') return null;
            else if (kind === 'some' && v) return true;
            else if (kind === 'every' && !v) return false;
          }
          return kind === 'for' ? out : kind === 'every';
        };
      }
    }
  }

  functionDefinition(e: FunctionDefinitionExpr, names: readonly string[]): Eval {
    if (e.functionKind !== 'FEEL') return this.broken(`Funktionen der Art ${e.functionKind} werden nicht unterstützt`);
    const params = e.parameters.map((p) => p.name);
    const body = this.compile(e.body, [...names, ...params]);
    const types = e.parameters.map((p) => p.typeRef);
    const reg = this.types;
    return (ctx) =>
      new DmnFunction(params, (args) => {
        const scope = new Scope(ctx);
        for (let i = 0; i < params.length; i++) {
          const v = args[i]!;
          const c = reg.coerce(v, types[i]);
          if (c === null && v !== null) return null;
          scope.set(params[i]!, c);
        }
        return body(scope);
      });
  }
}

function expand(r: FeelRange): FeelValue[] | null {
  if (!isDecimal(r.start) || !isDecimal(r.end)) return null;
  const a = r.start.toNumber(), b = r.end.toNumber();
  if (!Number.isInteger(a) || !Number.isInteger(b) || Math.abs(b - a) > 1_000_000) return null;
  const out: FeelValue[] = [];
  const step = b >= a ? 1 : -1;
  for (let i = a; step > 0 ? i <= b : i >= b; i += step) {
    if ((i === a && !r.startIncluded) || (i === b && !r.endIncluded)) continue;
    out.push(new Decimal(i));
  }
  return out;
}

/** One evaluation: input values, overridden elements and memoised results. */
class Evaluation {
  private readonly memo = new Map<string, Lazy>();
  constructor(
    readonly rt: Runtime,
    readonly inputs: ReadonlyMap<string, FeelValue>,
    /** element keys whose value is given (decision service parameters) */
    readonly overrides: ReadonlyMap<string, FeelValue>,
    readonly options: DmnEvaluationOptions,
  ) {}

  value(model: DmnModel, id: string): FeelValue {
    const k = key(model, id);
    let lazy = this.memo.get(k);
    if (!lazy) {
      lazy = new Lazy(() => this.compute(model, id));
      this.memo.set(k, lazy);
    }
    return lazy.get();
  }

  private compute(model: DmnModel, id: string): FeelValue {
    const hit = this.rt.element(model, id);
    if (!hit) return null;
    const k = key(hit.model, hit.element.id);
    const types = this.rt.typesOf(hit.model);
    if (this.overrides.has(k)) return types.coerce(this.overrides.get(k)!, hit.element.typeRef);
    const el = hit.element;
    switch (el.kind) {
      case 'inputData':
        return this.input(hit.model, el);
      case 'decision':
        return this.decision(hit.model, el);
      case 'bkm':
        return this.bkm(hit.model, el);
      default:
        return this.service(hit.model, el);
    }
  }

  private input(model: DmnModel, el: InputDataNode): FeelValue {
    const qualified = `{${model.namespace}}${el.name}`;
    let v = this.inputs.get(qualified);
    if (v === undefined && model === this.rt.root) v = this.inputs.get(el.name);
    if (v === undefined) return null;
    const c = this.rt.typesOf(model).coerce(v, el.typeRef);
    if (c === null && v !== null) this.error(`Eingabe „${el.name}“ passt nicht zum Typ ${el.typeRef}`);
    return c;
  }

  error(message: string): void {
    this.options.errors?.push(message);
  }

  /** The scope of a decision or BKM: one lazily computed entry per requirement. */
  private scopeFor(model: DmnModel, req: { inputs: string[]; decisions: string[]; knowledge: string[] }): Scope {
    const scope = new Scope(null, this.options);
    const imported = new Map<string, FeelContext>();
    for (const id of [...req.inputs, ...req.decisions, ...req.knowledge]) {
      const hit = this.rt.element(model, id);
      if (!hit) continue;
      const lazy = new Lazy(() => this.value(hit.model, hit.element.id));
      if (hit.model === model) scope.set(hit.element.name, lazy);
      else {
        const prefix = this.rt.importName(model, hit.model);
        if (!prefix) continue;
        let ctx = imported.get(prefix);
        if (!ctx) {
          ctx = new Map();
          imported.set(prefix, ctx);
          const c = ctx;
          scope.set(prefix, c);
        }
        ctx.set(hit.element.name, lazy.get());
      }
    }
    return scope;
  }

  private decision(model: DmnModel, el: DecisionNode): FeelValue {
    const where = `Entscheidung „${el.name}“`;
    const names = this.rt.scopeNames(model, el.requires);
    const run = this.rt.compile(key(model, el.id), () => new BoxedCompiler(this.rt, model, where).compile(el.expression, names));
    const v = run(this.scopeFor(model, el.requires));
    const c = this.rt.typesOf(model).coerce(v, el.typeRef);
    if (c === null && v !== null && !(v instanceof Unknown)) this.error(`${where}: Ergebnis passt nicht zum Typ ${el.typeRef}`);
    return c;
  }

  private bkm(model: DmnModel, el: BkmNode): FeelValue {
    const logic = el.logic;
    if (!logic) return null;
    const where = `Wissensmodell „${el.name}“`;
    const names = this.rt.scopeNames(model, el.requires);
    const make = this.rt.compile(key(model, el.id), () => new BoxedCompiler(this.rt, model, where).functionDefinition(logic, names));
    const fn = make(this.scopeFor(model, el.requires));
    if (!el.typeRef || !(fn instanceof DmnFunction)) return fn;
    const types = this.rt.typesOf(model);
    const t = el.typeRef;
    return new DmnFunction(fn.params, (args) => types.coerce(fn.call(args), t));
  }

  private service(model: DmnModel, el: DecisionServiceNode): FeelValue {
    const params = [...el.inputData, ...el.inputDecisions].map((id) => this.rt.element(model, id));
    const names = params.map((p, i) => p?.element.name ?? String(i));
    return new DmnFunction(names, (args) => {
      const given = new Map<string, FeelValue>();
      for (let i = 0; i < params.length; i++) {
        const p = params[i];
        if (!p) continue;
        const v = args[i]!;
        const c = this.rt.typesOf(p.model).coerce(v, p.element.typeRef);
        // an argument of the wrong type means the service is not invoked at all (TCK 0085)
        if (c === null && v !== null) return null;
        given.set(key(p.model, p.element.id), c);
      }
      return invokeService(this.rt, model, el, given, this.options);
    });
  }
}

function invokeService(rt: Runtime, model: DmnModel, el: DecisionServiceNode, given: Map<string, FeelValue>, options: DmnEvaluationOptions): FeelValue {
  // a decision service evaluates its decisions afresh; inputs are exactly its parameters
  const overrides = new Map(given);
  for (const id of [...el.inputData, ...el.inputDecisions]) if (!overrides.has(key(model, id))) overrides.set(key(model, id), null);
  const ev = new Evaluation(rt, new Map(), overrides, options);
  const outs = el.outputDecisions.map((id) => ({ name: rt.element(model, id)?.element.name ?? id, value: ev.value(model, id) }));
  const result: FeelValue = outs.length === 1 ? outs[0]!.value : new Map(outs.map((o) => [o.name, o.value]));
  return rt.typesOf(model).coerce(result, el.typeRef);
}

function inputMap(inputs: DmnInputs): Map<string, FeelValue> {
  if (inputs instanceof Map) return new Map(inputs);
  const m = new Map<string, FeelValue>();
  for (const [k, v] of Object.entries(inputs)) m.set(k, jsonToFeel(v));
  return m;
}

/** Evaluates the named decision of the model with the given input data (missing inputs are null). */
export function evaluateDecision(model: DmnModel, decisionName: string, inputs: DmnInputs, options: DmnEvaluationOptions = {}): FeelValue {
  const rt = runtimeOf(model);
  const el = rt.byName(decisionName);
  if (!el || el.kind !== 'decision') {
    options.errors?.push(`Entscheidung „${decisionName}“ gibt es im Modell ${model.name} nicht`);
    return null;
  }
  return new Evaluation(rt, inputMap(inputs), new Map(), options).value(model, el.id);
}

/** Invokes a decision service with its parameters (input data and input decisions) given by name. */
export function evaluateDecisionService(model: DmnModel, serviceName: string, inputs: DmnInputs, options: DmnEvaluationOptions = {}): FeelValue {
  const rt = runtimeOf(model);
  const el = rt.byName(serviceName);
  if (!el || el.kind !== 'decisionService') {
    options.errors?.push(`Entscheidungsdienst „${serviceName}“ gibt es im Modell ${model.name} nicht`);
    return null;
  }
  const given = inputMap(inputs);
  const params = new Map<string, FeelValue>();
  for (const id of [...el.inputData, ...el.inputDecisions]) {
    const name = rt.element(model, id)?.element.name;
    if (name !== undefined && given.has(name)) params.set(key(model, id), given.get(name)!);
  }
  return invokeService(rt, model, el, params, options);
}

/**
 * Compiles every expression of the model and lists the problems (syntax errors, unsupported
 * constructs) as German messages, without evaluating anything.
 */
export function checkDmn(model: DmnModel): string[] {
  const rt = runtimeOf(model);
  for (const d of model.decisions) {
    rt.compile(key(model, d.id), () => new BoxedCompiler(rt, model, `Entscheidung „${d.name}“`).compile(d.expression, rt.scopeNames(model, d.requires)));
  }
  for (const b of model.businessKnowledgeModels) {
    const logic = b.logic;
    if (logic) rt.compile(key(model, b.id), () => new BoxedCompiler(rt, model, `Wissensmodell „${b.name}“`).functionDefinition(logic, rt.scopeNames(model, b.requires)));
  }
  return [...rt.problems];
}
