/**
 * One evaluation of a compiled pack for one application on one Stichtag.
 *
 * Demand-driven: a rule is computed the first time something reads it, then memoised, so
 * only what the requested outputs depend on is ever evaluated — which is what makes the
 * missing-input list exact and keeps discretion points from being "reached" in branches
 * the law never enters. Rules of an entity (e.g. per household member) are evaluated per
 * item in a child scope.
 */
import { AmtsklarError } from '../../common/index.ts';
import DecimalJs from 'decimal.js';
import { Decimal, isDecimal } from '../decimal.ts';
import { feelToJson } from '../feel/index.ts';
import { decimalToString } from '../feel/numbers.ts';
import { isUnknown, Unknown, type EvalContext, type FeelFunction, type FeelValue, type HostNameRef, type RoundingStep } from '../feel/values.ts';
import { UNDATED_FROM, type LookupDef, type ParameterDef, type ParameterVersion, type Rounding } from '../pack/model.ts';
import type { Binding, NameRef, CompiledBody, CompiledEntity, CompiledException, CompiledPack, CompiledRule, CompiledVersion } from './compile.ts';
import { itemLabel } from './entity-items.ts';
import { MONEY_LIMIT, MONEY_TOO_LARGE } from './inputs.ts';
import { fillTemplate } from './template.ts';

export interface HumanDecision {
  option: string;
  by: string;
  reason: string;
  at?: string;
}

export interface Override {
  value: unknown;
  by: string;
  reason: string;
}

export interface TraceParameter {
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly publication: string;
  readonly norm: string;
}

export interface TraceStep {
  rule: string;
  label: string;
  norm: string;
  section: string;
  entity?: { id: string; item: string };
  validFrom?: string;
  exception?: { id: string; norm: string }[];
  inputs: Record<string, unknown>;
  parameters?: Record<string, TraceParameter>;
  value: unknown;
  rounding?: RoundingStep[];
  /** `why`: the point's facts as the pack words them, for the letter's Begründung (§ 35 Abs. 1 S. 3 SGB X). */
  discretion?: { point: string; norm: string; option: string; provisional: boolean; by?: string; reason?: string; why?: string; kind?: 'beurteilung' };
  override?: { computed: unknown; by: string; reason: string };
  interpretation?: string;
}

export interface ReachedDiscretion {
  point: string;
  norm: string;
  why: string;
  options: { id: string; label: string }[];
  provisional: string;
  entity?: { id: string; item: string };
}

/**
 * A step being recorded. Reads and parameters are kept in arrays, first read first: a step reads
 * a handful of names, where a linear search is cheaper than two Maps per step (traced decisions
 * allocate one per rule evaluated).
 */
interface OpenStep {
  step: TraceStep;
  readNames: string[];
  readValues: FeelValue[];
  params: { version: ParameterVersion; def: ParameterDef }[];
}

// Hot paths use local aliases: transpiled ESM (tsx, Vitest) reads every imported binding through a getter.
const Dec = DecimalJs;

const ROUNDING_MODES: Record<Rounding['mode'], DecimalJs.Rounding> = {
  half_up: Decimal.ROUND_HALF_UP,
  half_even: Decimal.ROUND_HALF_EVEN,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
  floor: Decimal.ROUND_FLOOR,
  ceiling: Decimal.ROUND_CEIL,
};

/** What is valid on one Stichtag: parameter values and rule versions, resolved once per date. */
interface Resolved {
  params: Map<string, { value: FeelValue; version: ParameterVersion; def: ParameterDef }>;
  versions: Map<CompiledRule, CompiledVersion>;
  lookups: Map<string, Map<string, FeelValue> | null>;
}

/**
 * JSON of values that every evaluation shares and nobody changes — parameter values such as the
 * Höchstbetrag table of Anlage 1 —, converted once per pack instead of once per traced decision
 * (they were most of a trace's conversion work). Frozen, because every trace holds the same objects.
 */
const SHARED_JSON = new WeakMap<object, unknown>();

function shareJson(v: FeelValue): void {
  if (v !== null && typeof v === 'object' && !SHARED_JSON.has(v)) SHARED_JSON.set(v, deepFreeze(jsonOf(v)));
}

function deepFreeze<T>(j: T): T {
  if (j !== null && typeof j === 'object' && !Object.isFrozen(j)) {
    for (const x of Object.values(j)) deepFreeze(x);
    Object.freeze(j);
  }
  return j;
}

const resolvedCache = new WeakMap<CompiledPack, Map<string, Resolved>>();

export function resolveAsOf(cp: CompiledPack, asOf: string): Resolved {
  let byDate = resolvedCache.get(cp);
  if (!byDate) {
    byDate = new Map();
    resolvedCache.set(cp, byDate);
  }
  const hit = byDate.get(asOf);
  if (hit) return hit;
  const valid = (v: { validFrom: string; validTo: string | null }) => v.validFrom <= asOf && (v.validTo === null || asOf <= v.validTo);
  const params = new Map<string, { value: FeelValue; version: ParameterVersion; def: ParameterDef }>();
  for (const p of cp.parameters.values()) {
    const v = p.versions.find(valid);
    if (v) {
      params.set(p.id, { value: v.value, version: v, def: p });
      shareJson(v.value);
    }
  }
  const versions = new Map<CompiledRule, CompiledVersion>();
  const addRule = (r: CompiledRule) => {
    const v = r.versions.find((x) => valid(x.version));
    if (v) versions.set(r, v);
  };
  for (const r of cp.rules.values()) addRule(r);
  for (const e of cp.entities.values()) for (const r of e.rules.values()) addRule(r);
  const lookups = new Map<string, Map<string, FeelValue> | null>();
  for (const l of cp.lookups.values()) lookups.set(l.id, l.versions.find(valid)?.entries ?? null);
  const resolved = { params, versions, lookups };
  if (byDate.size > 4096) byDate.clear();
  byDate.set(asOf, resolved);
  return resolved;
}

export interface EvaluationOptions {
  trace: boolean;
  discretion: Record<string, HumanDecision>;
  overrides: Record<string, Override>;
}

export class Evaluation {
  readonly steps: TraceStep[] = [];
  readonly reached: ReachedDiscretion[] = [];
  readonly appliedOverrides: { rule: string; computed: unknown; value: unknown; by: string; reason: string }[] = [];
  /** Discretion points that a person's decision settled in this evaluation. */
  readonly appliedDecisions = new Set<string>();
  private readonly open: OpenStep[] = [];
  private readonly root: Scope;

  readonly functions: ReadonlyMap<string, FeelFunction>;
  /** Whether a caseworker replaced any computed value. */
  private readonly hasOverrides: boolean;
  readonly roundingSink: (step: RoundingStep) => void;
  /** JSON of trace values, converted once per value object: rule values are read many times. */
  // a Map, not a WeakMap: it lives exactly as long as this evaluation, and Map lookups are cheaper
  private jsonCache: Map<object, unknown> | null = null;

  private json(v: FeelValue): unknown {
    if (v === null || typeof v !== 'object') return jsonOf(v);
    // a number's text is cheaper to write again than to remember (decimalToString's short path)
    if (v instanceof Dec && v.d !== null && v.d.length <= 2) return decimalToString(v);
    const shared = SHARED_JSON.get(v);
    if (shared !== undefined) return shared;
    const cache = (this.jsonCache ??= new Map());
    let j = cache.get(v);
    if (j === undefined) {
      j = jsonOf(v);
      cache.set(v, j);
    }
    return j;
  }

  constructor(
    readonly cp: CompiledPack,
    readonly asOf: string,
    readonly resolved: Resolved,
    readonly inputs: Map<string, FeelValue>,
    readonly options: EvaluationOptions,
  ) {
    this.functions = HOST_FUNCTIONS;
    this.hasOverrides = Object.keys(options.overrides).length > 0;
    this.roundingSink = (step) => this.noteRounding(step);
    this.root = new Scope(this, null, null, null);
  }

  get context(): EvalContext {
    return this.root;
  }

  value(name: string): FeelValue {
    const v = this.root.lookup(name);
    if (v === undefined) throw new AmtsklarError('invalid_pack', `Unbekannter Name „${name}“ im Regelwerk ${this.cp.def.id}`);
    return v;
  }

  /** Records that the open step read `name`; used only when tracing. */
  noteRead(name: string, value: FeelValue): void {
    const top = this.open[this.open.length - 1];
    if (top && top.readNames.indexOf(name) < 0) {
      top.readNames.push(name);
      top.readValues.push(value);
    }
  }

  noteRounding(step: RoundingStep): void {
    const top = this.open[this.open.length - 1];
    if (top) (top.step.rounding ??= []).push(step);
  }

  noteParam(p: { version: ParameterVersion; def: ParameterDef }): void {
    const top = this.open[this.open.length - 1];
    if (top && !top.params.some((q) => q.def.id === p.def.id)) top.params.push(p);
  }

  evaluateRule(rule: CompiledRule, scope: Scope): FeelValue {
    const version = rule.timeless ?? this.resolved.versions.get(rule);
    const def = rule.def;
    if (!version) {
      throw new AmtsklarError('invalid_pack', `Regel „${def.id}“ (${def.norm}) hat für den Stichtag ${this.asOf} keine gültige Fassung`);
    }
    if (!this.options.trace && !this.hasOverrides) {
      // the path of bulk evaluation (simulate, recalculation): no trace, nothing replaced
      let value = version.discretion ? this.evaluateDiscretion(rule, version, scope, null) : this.evaluateWithExceptions(version.body!, version.exceptions, scope, null);
      if (def.rounding && value instanceof Dec && value.decimalPlaces() > def.rounding.scale) value = value.toDecimalPlaces(def.rounding.scale, ROUNDING_MODES[def.rounding.mode]);
      return value;
    }
    const tracing = this.options.trace;
    let open: OpenStep | null = null;
    if (tracing) {
      const step: TraceStep = new StepRecord(def.id, def.label, version.version.norm, def.section) as TraceStep;
      if (scope.entity) step.entity = scope.traceEntity;
      if (version.version.validFrom !== UNDATED_FROM) step.validFrom = version.version.validFrom;
      if (def.interpretation) step.interpretation = def.interpretation;
      open = { step, readNames: [], readValues: [], params: [] };
      this.open.push(open);
    }
    try {
      let value: FeelValue;
      if (version.discretion) value = this.evaluateDiscretion(rule, version, scope, open);
      else value = this.evaluateWithExceptions(version.body!, version.exceptions, scope, open);
      if (def.rounding && isDecimal(value)) {
        const rounded = value.toDecimalPlaces(def.rounding.scale, ROUNDING_MODES[def.rounding.mode]);
        if (open) (open.step.rounding ??= []).push({ fn: `${def.rounding.mode} (${def.rounding.norm})`, from: value.toString(), to: rounded.toFixed(def.rounding.scale), scale: def.rounding.scale });
        value = rounded;
      }
      const override = scope.entity ? undefined : this.options.overrides[def.id];
      if (override) {
        const computed = isUnknown(value) ? null : feelToJson(value);
        value = overrideValue(override.value, def.type, def.id);
        this.appliedOverrides.push({ rule: def.id, computed, value: override.value, by: override.by, reason: override.reason });
        if (open) open.step.override = { computed, by: override.by, reason: override.reason };
      }
      if (open) {
        open.step.value = this.json(value);
        const inputs = open.step.inputs;
        const names = open.readNames;
        const values = open.readValues;
        for (let i = 0; i < names.length; i++) inputs[names[i]!] = this.json(values[i]!);
        if (open.params.length > 0) {
          open.step.parameters = {};
          for (const p of open.params) open.step.parameters[p.def.id] = parameterSource(p);
        }
        this.steps.push(open.step);
      }
      return value;
    } finally {
      if (open) this.open.pop();
    }
  }

  private evaluateWithExceptions(body: CompiledBody, exceptions: CompiledException[], scope: Scope, open: OpenStep | null): FeelValue {
    if (exceptions.length > 0) {
      const applicable: CompiledException[] = [];
      const unknowns: Unknown[] = [];
      for (const ex of exceptions) {
        const c = ex.when.evaluate(scope);
        if (c === true) applicable.push(ex);
        else if (isUnknown(c)) unknowns.push(c);
      }
      if (unknowns.length > 0) return Unknown.merge(...unknowns);
      if (applicable.length > 1) {
        throw new AmtsklarError(
          'invalid_pack',
          `Widerspruch im Regelwerk: Ausnahmen ${applicable.map((e) => `„${e.def.id}“ (${e.def.norm})`).join(' und ')} greifen gleichzeitig`,
        );
      }
      const ex = applicable[0];
      if (ex) {
        if (open) (open.step.exception ??= []).push({ id: ex.def.id, norm: ex.def.norm });
        return this.evaluateWithExceptions(ex.body, ex.exceptions, scope, open);
      }
    }
    return evaluateBody(body, scope);
  }

  private evaluateDiscretion(rule: CompiledRule, version: CompiledVersion, scope: Scope, open: OpenStep | null): FeelValue {
    const d = version.discretion!;
    const reached = d.when.evaluate(scope);
    if (isUnknown(reached)) return reached;
    if (reached !== true) return d.otherwise.evaluate(scope);
    const decision = scope.entity ? undefined : this.options.discretion[rule.def.id];
    if (decision) {
      const option = d.options.find((o) => o.def.id === decision.option);
      if (!option) {
        throw new AmtsklarError('invalid_input', `Ermessensentscheidung „${rule.def.id}“: Option „${decision.option}“ gibt es nicht (möglich: ${d.options.map((o) => o.def.id).join(', ')})`, [
          { path: `$.discretion.${rule.def.id}.option`, message: `unbekannte Option „${decision.option}“` },
        ]);
      }
      this.appliedDecisions.add(rule.def.id);
      if (open) open.step.discretion = { point: rule.def.id, norm: d.def.norm, option: option.def.id, provisional: false, by: decision.by, reason: decision.reason, why: fillTemplate(d.why, (n) => scope.lookup(n)), ...(d.def.kind === 'beurteilung' ? { kind: 'beurteilung' as const } : {}) };
      return option.value.evaluate(scope);
    }
    const provisional = d.options.find((o) => o.def.id === d.def.provisional)!;
    if (!this.reached.some((r) => r.point === rule.def.id && r.entity?.item === scope.itemLabel)) {
      this.reached.push({
        point: rule.def.id,
        norm: d.def.norm,
        why: fillTemplate(d.why, (n) => scope.lookup(n)),
        options: d.options.map((o) => ({ id: o.def.id, label: o.def.label })),
        provisional: provisional.def.id,
        ...(scope.entity ? { entity: { id: scope.entity.def.id, item: scope.itemLabel! } } : {}),
      });
    }
    if (open) open.step.discretion = { point: rule.def.id, norm: d.def.norm, option: provisional.def.id, provisional: true };
    return provisional.value.evaluate(scope);
  }

  lookupTable(name: string, key: FeelValue): FeelValue {
    if (isUnknown(key)) return key;
    const table = this.resolved.lookups.get(name);
    if (table === undefined) throw new AmtsklarError('invalid_pack', `Nachschlagetabelle „${name}“ gibt es im Regelwerk nicht`);
    if (table === null || typeof key !== 'string') return null;
    return table.get(key) ?? null;
  }

  lookupDef(name: string): LookupDef | undefined {
    return this.cp.lookups.get(name);
  }
}

function evaluateBody(body: CompiledBody, scope: Scope): FeelValue {
  if (body.kind === 'expr') return body.expr.evaluate(scope);
  const result = body.table.evaluate(scope);
  return result.value;
}

function overrideValue(value: unknown, type: string, rule: string): FeelValue {
  const path = `$.overrides.${rule}.value`;
  const refuse = (message: string): never => {
    throw new AmtsklarError('invalid_input', `Überschreibung „${rule}“: ${message}`, [{ path, message }]);
  };
  if (type === 'money' || type === 'euro' || type === 'number' || type === 'integer') {
    const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value : null;
    if (text === null || !/^-?\d+(\.\d+)?$/.test(text)) return refuse(`Zahl erwartet, nicht ${JSON.stringify(value)}`);
    const d = new Decimal(text);
    // amounts and counts are never negative: an override cannot do what an application may not
    if (type !== 'number' && d.isNegative() && !d.isZero()) return refuse('darf nicht negativ sein');
    if ((type === 'euro' || type === 'integer') && !d.isInteger()) return refuse(`ganze Zahl erwartet, nicht ${text}`);
    if (type === 'money' && d.decimalPlaces() > 2) return refuse('Betrag mit höchstens zwei Nachkommastellen angeben');
    // the same bound as for amounts in an application
    if ((type === 'money' || type === 'euro') && MONEY_TOO_LARGE.test(d.abs().toFixed())) return refuse(`unplausibel hoher Betrag (höchstens ${MONEY_LIMIT})`);
    return d;
  }
  if (typeof value === 'boolean' || typeof value === 'string' || value === null) return value;
  return refuse(`Wert ${JSON.stringify(value)} passt nicht zum Typ ${type}`);
}

/** JSON of a value for the trace; an unknown value shows which inputs it waits for. */
export function jsonOf(v: FeelValue): unknown {
  if (isUnknown(v)) return { fehlt: v.missing.map((m) => m.input) };
  if (Array.isArray(v)) return v.map((x) => jsonOf(x as FeelValue));
  if (v instanceof LazyItemContext) return Object.fromEntries([...v.materialized()].map(([k, x]) => [k, jsonOf(x)]));
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, jsonOf(x)]));
  if (typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'function') return '(Funktion)';
  return feelToJson(v);
}

/**
 * A name scope: the whole case (root), or one item of an entity (e.g. one household member)
 * whose own fields and per-item rules shadow the case's names.
 */
class Scope implements EvalContext {
  private readonly memo: (FeelValue | undefined)[];
  private readonly bindings: Map<string, Binding>;
  readonly functions: ReadonlyMap<string, FeelFunction>;
  readonly onRound?: (step: RoundingStep) => void;
  private label: string | null = null;
  private entityRef: { id: string; item: string } | null = null;

  constructor(
    private readonly ev: Evaluation,
    private readonly parent: Scope | null,
    readonly entity: CompiledEntity | null,
    private readonly item: Map<string, FeelValue> | null,
  ) {
    this.functions = ev.functions;
    this.bindings = entity ? entity.bindings : ev.cp.bindings;
    this.memo = new Array(entity ? entity.slots : ev.cp.slots);
    if (ev.options.trace) this.onRound = ev.roundingSink;
  }

  get evaluation(): Evaluation {
    return this.ev;
  }

  /** The trace's `entity` for steps in this scope; one object shared by all of them. */
  get traceEntity(): { id: string; item: string } {
    return (this.entityRef ??= { id: this.entity!.def.id, item: this.itemLabel! });
  }

  /** How the item is named in the trace and in discretion points, e.g. `Haushaltsmitglied p2`. */
  get itemLabel(): string | null {
    if (!this.entity || !this.item) return null;
    if (this.label === null) this.label = itemLabel(this.entity.def.label, this.item);
    return this.label;
  }

  lookup(name: string): FeelValue | undefined {
    const v = this.resolve(name);
    if (v !== undefined && this.ev.options.trace) this.ev.noteRead(name, v);
    return v;
  }

  lookupRef(ref: HostNameRef): FeelValue | undefined {
    const r = ref as NameRef;
    // an expression compiled for another scope (or a name that is not the pack's) takes the long way
    if (r.owner !== this.entity || r.binding === null) return this.lookup(r.name);
    const v = r.depth === 0 ? this.resolveBinding(r.binding, r.name) : this.parent!.resolveBinding(r.binding, r.name);
    if (v !== undefined && this.ev.options.trace) this.ev.noteRead(r.name, v);
    return v;
  }

  resolve(name: string): FeelValue | undefined {
    const b = this.bindings.get(name);
    if (b === undefined) return this.parent === null ? undefined : this.parent.resolve(name);
    return this.resolveBinding(b, name);
  }

  private resolveBinding(b: Binding, name: string): FeelValue | undefined {
    switch (b.kind) {
      case 'rule': {
        let v = this.memo[b.slot];
        if (v === undefined) {
          v = this.ev.evaluateRule(b.rule, this);
          this.memo[b.slot] = v;
        }
        return v;
      }
      case 'field':
        return this.item!.get(name);
      case 'input':
        return this.ev.inputs.get(name);
      case 'parameter': {
        const param = this.ev.resolved.params.get(name);
        if (!param) throw new AmtsklarError('invalid_pack', `Parameter „${name}“ hat für den Stichtag ${this.ev.asOf} keinen gültigen Wert`);
        if (this.ev.options.trace) this.ev.noteParam(param);
        return param.value;
      }
      case 'collection': {
        let v = this.memo[b.slot];
        if (v === undefined) {
          v = this.collection(b.entity);
          this.memo[b.slot] = v;
        }
        return v;
      }
    }
  }

  /** Items of an entity as contexts of their id and per-item rule values. */
  private collection(ce: CompiledEntity): FeelValue {
    const list = this.ev.inputs.get(ce.def.list);
    if (list === undefined || list === null) return [];
    if (isUnknown(list)) return list;
    const items = list as readonly FeelValue[];
    const names = ruleNamesOf(ce);
    return items.map((raw) => {
      const child = new Scope(this.ev, this, ce, raw as Map<string, FeelValue>);
      return new LazyItemContext((raw as Map<string, FeelValue>).get('id') ?? null, names, child);
    });
  }
}

/**
 * An entity item as the case sees it: its id and its per-item rule values, each computed
 * only when read — so a per-item rule that needs a missing input (or reaches a discretion
 * point) matters only if the case's result actually uses it. Iteration computes all.
 */
const ruleNamesCache = new WeakMap<CompiledEntity, ReadonlySet<string>>();

function ruleNamesOf(ce: CompiledEntity): ReadonlySet<string> {
  let names = ruleNamesCache.get(ce);
  if (!names) {
    names = new Set(ce.rules.keys());
    ruleNamesCache.set(ce, names);
  }
  return names;
}

class LazyItemContext extends Map<string, FeelValue> {
  constructor(
    id: FeelValue,
    private readonly names: ReadonlySet<string>,
    private readonly scope: Scope,
  ) {
    super();
    super.set('id', id);
  }

  override get(key: string): FeelValue | undefined {
    const have = super.get(key);
    if (have !== undefined || super.has(key)) return have;
    if (!this.names.has(key)) return undefined;
    const v = this.scope.resolve(key)!;
    super.set(key, v);
    return v;
  }

  override has(key: string): boolean {
    return key === 'id' || this.names.has(key);
  }

  private all(): void {
    for (const n of this.names) this.get(n);
  }

  /** The values computed so far, without computing more (for the trace). */
  materialized(): MapIterator<[string, FeelValue]> {
    return super.entries();
  }

  override get size(): number {
    return this.names.size + 1;
  }

  override entries(): MapIterator<[string, FeelValue]> {
    this.all();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.all();
    return super.keys();
  }

  override values(): MapIterator<FeelValue> {
    this.all();
    return super.values();
  }

  override forEach(fn: (value: FeelValue, key: string, map: Map<string, FeelValue>) => void, thisArg?: unknown): void {
    this.all();
    super.forEach(fn, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, FeelValue]> {
    return this.entries();
  }
}

/**
 * Functions the pack's expressions may call besides FEEL's: shared by all evaluations; they
 * reach their evaluation through the scope they are called in.
 */
const HOST_FUNCTIONS: ReadonlyMap<string, FeelFunction> = new Map<string, FeelFunction>([
  [
    'provided',
    {
      kind: 'function',
      params: ['value'],
      // The one function that looks at a missing input instead of propagating it.
      call: (args) => {
        const v = args[0];
        return v !== undefined && v !== null && !isUnknown(v);
      },
    },
  ],
  [
    'lookup',
    {
      kind: 'function',
      params: ['table', 'key'],
      call: (args, ctx) => {
        const [name, key] = args;
        if (typeof name !== 'string' || !(ctx instanceof Scope)) return null;
        return ctx.evaluation.lookupTable(name, key ?? null);
      },
    },
  ],
]);

const parameterSources = new WeakMap<ParameterVersion, TraceParameter>();

/** Where a parameter's value comes from; the same for every step that reads it, so built once per pack. */
function parameterSource(p: { version: ParameterVersion; def: ParameterDef }): TraceParameter {
  let src = parameterSources.get(p.version);
  if (!src) {
    const v = p.version;
    src = Object.freeze({ validFrom: v.validFrom, validTo: v.validTo, publication: v.publication, norm: v.norm ?? p.def.norm });
    parameterSources.set(v, src);
  }
  return src;
}

/**
 * A trace step as it is first recorded. Built by a constructor, not an object literal: the literal
 * `{ …, inputs: {} }` cost a sixth of a traced decision (V8 created it through its literal
 * boilerplate on every rule). Optional members are added only when they apply, as before.
 */
class StepRecord {
  inputs: Record<string, unknown> = {};
  value: unknown = null;
  constructor(
    readonly rule: string,
    readonly label: string,
    readonly norm: string,
    readonly section: string,
  ) {}
}
