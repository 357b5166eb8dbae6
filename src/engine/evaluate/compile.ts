/**
 * Compiles a PackDef once: every FEEL expression and decision table to closures, every
 * referenced name resolved against its scope (an unknown name is an error at its source
 * position), and the dependency graph built — for cycle detection, for `missing` being
 * exactly what a result depends on, and for the fairness checks of which input can reach
 * which outcome.
 */
import { compileDecisionTable, type CompiledDecisionTable } from '../decision-table/index.ts';
import { compileExpression, type CompiledExpression, type HostNameRef } from '../feel/index.ts';
import type {
  Body,
  ChecklistItem,
  DiscretionDef,
  DiscretionOption,
  EntityDef,
  ExceptionDef,
  InputDef,
  LookupDef,
  PackDef,
  ParameterDef,
  ReasonDef,
  InvalidWhenDef,
  RuleDef,
  RuleVersion,
  SourceRef,
} from '../pack/model.ts';
import { UNDATED_FROM } from '../pack/model.ts';
import { packError } from '../pack/yaml.ts';
import { compileTemplate, type Template } from './template.ts';

/** Functions the engine adds to FEEL (see host-functions.ts). */
export const HOST_FUNCTIONS = ['provided', 'lookup'] as const;
/** FEEL built-ins that would make a decision depend on the clock: never in a rule pack. */
const NONDETERMINISTIC = ['now', 'today'];

export type CompiledBody = { kind: 'expr'; expr: CompiledExpression } | { kind: 'table'; table: CompiledDecisionTable };

export interface CompiledException {
  def: ExceptionDef;
  when: CompiledExpression;
  body: CompiledBody;
  exceptions: CompiledException[];
}

export interface CompiledDiscretion {
  def: DiscretionDef;
  when: CompiledExpression;
  otherwise: CompiledExpression;
  options: { def: DiscretionOption; value: CompiledExpression }[];
  why: Template;
}

export interface CompiledVersion {
  version: RuleVersion;
  body: CompiledBody | null;
  discretion: CompiledDiscretion | null;
  exceptions: CompiledException[];
}

export interface CompiledRule {
  def: RuleDef;
  versions: CompiledVersion[];
  /** Names this rule reads, over all its versions, exceptions and discretion options. */
  reads: Set<string>;
  /** Identifier-like words of its expressions: which per-item values it takes from a collection. */
  words: Set<string>;
  /** Names it reads only as `count(name)`, in every expression: of a list input, only the number of items. */
  countOnly: Set<string>;
  /** The one version of a rule that has no dates (valid always): no per-Stichtag look-up needed. */
  timeless: CompiledVersion | null;
}

export interface CompiledEntity {
  def: EntityDef;
  listInput: InputDef;
  /** Item fields by name (from the list input's item context). */
  fields: Map<string, InputDef>;
  rules: Map<string, CompiledRule>;
  /** What each name in an item's scope refers to; names not here are the case's. */
  bindings: Map<string, Binding>;
  /** Number of memo slots an item scope needs. */
  slots: number;
}

/**
 * What a name refers to in a scope, decided once at compile time, so evaluation resolves a
 * name with one map lookup and memoises rule values in an array.
 */
export type Binding =
  | { kind: 'input' }
  | { kind: 'parameter' }
  | { kind: 'rule'; rule: CompiledRule; slot: number }
  | { kind: 'collection'; entity: CompiledEntity; slot: number }
  | { kind: 'field' };

/**
 * A name as the expressions of one scope read it. Expressions are compiled before the bindings
 * exist (a binding holds the compiled rule), so a reference is handed out first and resolved
 * once all bindings are known; evaluation then reads the name without looking it up by text.
 */
export interface NameRef extends HostNameRef {
  readonly name: string;
  /** The entity whose item scope the reading expression runs in; null for the case. */
  readonly owner: CompiledEntity | null;
  /** 0: the name is the reading scope's own; 1: the case's, read from an item scope. */
  depth: 0 | 1;
  /** null: not a name of the pack (a built-in function, an item field inside a filter). */
  binding: Binding | null;
}

class NameRefs {
  private readonly refs = new Map<string, NameRef>();
  constructor(readonly owner: CompiledEntity | null) {}
  readonly get = (name: string): NameRef => {
    let ref = this.refs.get(name);
    if (!ref) this.refs.set(name, (ref = { name, owner: this.owner, depth: 0, binding: null }));
    return ref;
  };
  resolve(own: ReadonlyMap<string, Binding>, caseBindings: ReadonlyMap<string, Binding>): void {
    for (const ref of this.refs.values()) {
      const b = own.get(ref.name);
      if (b) {
        ref.binding = b;
        ref.depth = 0;
      } else {
        ref.binding = caseBindings.get(ref.name) ?? null;
        ref.depth = 1;
      }
    }
  }
}

export interface CompiledPack {
  def: PackDef;
  inputs: Map<string, InputDef>;
  parameters: Map<string, ParameterDef>;
  lookups: Map<string, LookupDef>;
  rules: Map<string, CompiledRule>;
  entities: Map<string, CompiledEntity>;
  /** collection name → entity */
  collections: Map<string, CompiledEntity>;
  reasons: { def: ReasonDef; when: CompiledExpression; text: Template }[];
  invalidWhen: { def: InvalidWhenDef; when: CompiledExpression; message: Template }[];
  checklist: { def: ChecklistItem; when: CompiledExpression | null }[];
  hasDiscretionPoints: boolean;
  /** What each name of the case's scope refers to (see Binding). */
  bindings: Map<string, Binding>;
  slots: number;
}

export function compilePack(def: PackDef): CompiledPack {
  const inputs = new Map(def.inputs.map((i) => [i.name, i]));
  const parameters = new Map<string, ParameterDef>();
  for (const p of def.parameters) {
    if (parameters.has(p.id)) throw packError(p.source, `Parameter „${p.id}“ ist doppelt definiert`);
    parameters.set(p.id, p);
  }
  const lookups = new Map(def.lookups.map((l) => [l.id, l]));

  const entities = new Map<string, CompiledEntity>();
  const collections = new Map<string, CompiledEntity>();
  for (const e of def.entities) {
    const listInput = inputs.get(e.list);
    if (!listInput || listInput.type !== 'list' || listInput.items?.type !== 'context') {
      throw packError(def.inputs[0]?.source ?? { file: 'pack.yaml', line: 1, column: 1 }, `Entität „${e.id}“: Eingabe „${e.list}“ muss eine Liste von Objekten sein`);
    }
    const ce: CompiledEntity = { def: e, listInput, fields: new Map((listInput.items.fields ?? []).map((f) => [f.name, f])), rules: new Map(), bindings: new Map(), slots: 0 };
    entities.set(e.id, ce);
    collections.set(e.collection, ce);
  }

  const householdRuleDefs = def.rules.filter((r) => r.entity === undefined);
  const householdNames = new Set<string>([...inputs.keys(), ...parameters.keys(), ...householdRuleDefs.map((r) => r.id), ...collections.keys()]);
  const seen = new Map<string, SourceRef>();
  const claim = (name: string, where: SourceRef, what: string) => {
    if (seen.has(name)) throw packError(where, `${what} „${name}“: der Name ist schon vergeben (${seen.get(name)!.file}:${seen.get(name)!.line})`);
    seen.set(name, where);
  };
  for (const i of def.inputs) claim(i.name, i.source, 'Eingabe');
  for (const p of def.parameters) claim(p.id, p.source, 'Parameter');
  for (const c of collections.keys()) claim(c, { file: 'pack.yaml', line: 1, column: 1 }, 'Sammlung');
  for (const r of householdRuleDefs) claim(r.id, r.source, 'Regel');

  // Names inside a filter over a collection (`mitglieder[beruecksichtigt]`) are the items' fields
  // and per-item rules; they may appear in case-level expressions.
  const itemNames = new Set<string>(['item']);
  for (const ce of entities.values()) for (const n of [...ce.fields.keys(), ...def.rules.filter((r) => r.entity === ce.def.id).map((r) => r.id)]) itemNames.add(n);
  const caseNames = new Set<string>([...householdNames, ...itemNames]);
  const rules = new Map<string, CompiledRule>();
  const caseRefs = new NameRefs(null);
  const entityRefs = new Map<CompiledEntity, NameRefs>();
  for (const r of householdRuleDefs) rules.set(r.id, compileRule(r, caseNames, caseRefs.get));
  for (const r of def.rules.filter((x) => x.entity !== undefined)) {
    const ce = entities.get(r.entity!);
    if (!ce) throw packError(r.source, `Regel „${r.id}“: Entität „${r.entity}“ ist in pack.yaml nicht deklariert`);
    if (ce.rules.has(r.id) || ce.fields.has(r.id)) throw packError(r.source, `Regel „${r.id}“: Name in Entität „${r.entity}“ schon vergeben`);
    ce.rules.set(r.id, r as unknown as CompiledRule);
  }
  for (const ce of entities.values()) {
    const names = new Set<string>([...caseNames, ...ce.fields.keys(), ...ce.rules.keys()]);
    const refs = new NameRefs(ce);
    entityRefs.set(ce, refs);
    for (const [id, r] of ce.rules) ce.rules.set(id, compileRule(r as unknown as RuleDef, names, refs.get));
    let slot = 0;
    for (const name of ce.fields.keys()) ce.bindings.set(name, { kind: 'field' });
    for (const [id, r] of ce.rules) ce.bindings.set(id, { kind: 'rule', rule: r, slot: slot++ });
    ce.slots = slot;
  }
  const bindings = new Map<string, Binding>();
  let slots = 0;
  for (const name of inputs.keys()) bindings.set(name, { kind: 'input' });
  for (const name of parameters.keys()) bindings.set(name, { kind: 'parameter' });
  for (const [id, r] of rules) bindings.set(id, { kind: 'rule', rule: r, slot: slots++ });
  for (const [name, ce] of collections) bindings.set(name, { kind: 'collection', entity: ce, slot: slots++ });

  for (const out of def.outputs) {
    if (!rules.has(out) && !inputs.has(out)) throw packError({ file: 'pack.yaml', line: 1, column: 1 }, `Ausgabe „${out}“ ist keine Regel des Regelwerks`);
  }
  if (def.mainOutput && !rules.has(def.mainOutput)) throw packError({ file: 'pack.yaml', line: 1, column: 1 }, `main_output „${def.mainOutput}“ ist keine Regel`);
  for (const d of def.decisive) {
    if (!def.outputs.includes(d)) throw packError({ file: 'pack.yaml', line: 1, column: 1 }, `decisive „${d}“ ist keine der Ausgaben (outputs)`);
  }
  if (!inputs.has(def.asOfInput) || inputs.get(def.asOfInput)!.type !== 'date') {
    throw packError({ file: 'pack.yaml', line: 1, column: 1 }, `as_of_input „${def.asOfInput}“ muss eine Eingabe vom Typ date sein`);
  }

  const reasons = def.reasons.map((r) => ({
    def: r,
    when: compileChecked(r.when, caseNames, r.source, `Grund „${r.id}“`, caseRefs.get),
    text: compileTemplate(r.text, householdNames, r.source, `Grund „${r.id}“`),
  }));
  const invalidWhen = def.invalidWhen.map((v) => ({
    def: v,
    when: compileChecked(v.when, caseNames, v.source, `Prüfung „${v.id}“`, caseRefs.get),
    message: compileTemplate(v.message, householdNames, v.source, `Prüfung „${v.id}“`),
  }));
  const checklist = def.checklist.map((c) => ({
    def: c,
    when: c.when ? compileChecked(c.when, caseNames, { file: 'pack.yaml', line: 1, column: 1 }, `Nachweis „${c.id}“`, caseRefs.get) : null,
  }));
  caseRefs.resolve(bindings, bindings);
  for (const [ce, refs] of entityRefs) refs.resolve(ce.bindings, bindings);

  const cp: CompiledPack = {
    def,
    inputs,
    parameters,
    lookups,
    rules,
    entities,
    collections,
    reasons,
    invalidWhen,
    checklist,
    hasDiscretionPoints: def.rules.some((r) => r.versions.some((v) => v.discretion !== null)),
    bindings,
    slots,
  };
  assertNoCycles(cp);
  return cp;
}

function compileRule(def: RuleDef, names: ReadonlySet<string>, hostName: (name: string) => NameRef): CompiledRule {
  const reads = new Set<string>();
  const words = new Set<string>();
  // names some expression of the rule reads otherwise than as `count(name)`
  const readWhole = new Set<string>();
  const what = `Regel „${def.id}“`;
  const expr = (text: string, loc: SourceRef, label = what): CompiledExpression => {
    for (const w of text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) words.add(w);
    const c = compileChecked(text, names, loc, label, hostName);
    for (const n of c.freeNames) {
      reads.add(n);
      if (!c.countOnlyNames.includes(n)) readWhole.add(n);
    }
    return c;
  };
  const body = (b: Body, label: string): CompiledBody => {
    if (b.kind === 'expr') return { kind: 'expr', expr: expr(b.expr, b.source, label) };
    for (const cell of [...b.table.inputs.map((i) => i.expression), ...b.table.rules.flatMap((r) => [...r.inputEntries, ...r.outputEntries])]) {
      for (const w of cell.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) words.add(w);
    }
    const table = compileDecisionTable(b.table, { names, functionNames: HOST_FUNCTIONS, source: b.source.file, line: b.source.line, column: b.source.column, hostName });
    for (const n of table.freeNames) {
      if (!names.has(n)) throw packError(b.source, `${label}: Entscheidungstabelle verwendet unbekannten Namen „${n}“`);
      reads.add(n);
      readWhole.add(n);
    }
    return { kind: 'table', table };
  };
  const exception = (e: ExceptionDef): CompiledException => ({
    def: e,
    when: expr(e.when, e.whenSource, `${what}, Ausnahme „${e.id}“`),
    body: body(e.body, `${what}, Ausnahme „${e.id}“`),
    exceptions: e.exceptions.map(exception),
  });
  const versions = def.versions.map((v): CompiledVersion => {
    let discretion: CompiledDiscretion | null = null;
    if (v.discretion) {
      const d = v.discretion;
      discretion = {
        def: d,
        when: expr(d.when, d.whenSource),
        otherwise: expr(d.otherwise, d.whenSource),
        options: d.options.map((o) => ({ def: o, value: expr(o.value, d.whenSource, `${what}, Option „${o.id}“`) })),
        why: compileTemplate(d.why, names, d.whenSource, what),
      };
      for (const n of discretion.why.names) {
        reads.add(n);
        readWhole.add(n);
      }
    }
    return { version: v, body: v.body ? body(v.body, what) : null, discretion, exceptions: v.exceptions.map(exception) };
  });
  const sorted = [...def.versions].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (prev.validTo === null || prev.validTo >= cur.validFrom) {
      throw packError(def.source, `${what}: Versionen überschneiden sich (${prev.validFrom}–${prev.validTo ?? 'offen'} und ab ${cur.validFrom})`);
    }
  }
  const only = versions.length === 1 ? versions[0]! : null;
  const timeless = only && only.version.validFrom === UNDATED_FROM && only.version.validTo === null ? only : null;
  const countOnly = new Set([...reads].filter((n) => !readWhole.has(n)));
  return { def, versions, reads, words, countOnly, timeless };
}

export function compileChecked(text: string, names: ReadonlySet<string>, loc: SourceRef, what: string, hostName?: (name: string) => NameRef): CompiledExpression {
  const c = compileExpression(text, { names, functionNames: HOST_FUNCTIONS, source: loc.file, line: loc.line, column: loc.column, ...(hostName ? { hostName } : {}) });
  for (const n of c.freeNames) {
    if (!names.has(n)) {
      // Point at the name itself when the expression is one line, as most are.
      const at = text.includes('\n') ? -1 : text.search(new RegExp(`(?<![\\w.])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`));
      throw packError(at >= 0 ? { ...loc, column: loc.column + at } : loc, `${what}: unbekannter Name „${n}“ in „${text.trim()}“`);
    }
  }
  for (const f of c.calledFunctions) {
    if (NONDETERMINISTIC.includes(f)) throw packError(loc, `${what}: „${f}()“ ist im Regelwerk nicht erlaubt – Entscheidungen hängen vom Stichtag ab, nicht von der Uhrzeit`);
  }
  return c;
}

/** Nodes: `rule:<id>`, `entity:<entity>.<rule>`; a collection depends on all rules of its entity. */
/** Suffix of an input node that stands for the number of a list's items only (`input:geschwister#count`). */
export const COUNT_OF = '#count';

export function ruleDependencies(cp: CompiledPack): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  // A case-level rule sees an entity's items only through the per-item values it names
  // (`mitglieder[beruecksichtigt].einkommen`); generic context functions read them all.
  const GENERIC = ['get entries', 'get value', 'context put', 'context merge', 'entries'];
  const resolve = (name: string, entity: CompiledEntity | null, words: Set<string>, countOnly: Set<string>): string[] => {
    if (entity && entity.rules.has(name)) return [`entity:${entity.def.id}.${name}`];
    if (entity && entity.fields.has(name)) return [`input:${entity.def.list}[].${name}`];
    if (cp.rules.has(name)) return [`rule:${name}`];
    const coll = cp.collections.get(name);
    if (coll) {
      const all = GENERIC.some((g) => g.split(' ').every((w) => words.has(w)));
      return [...coll.rules.keys()]
        .filter((r) => all || words.has(r))
        .map((r) => `entity:${coll.def.id}.${r}`)
        .concat([`input:${coll.def.list}[].id`]);
    }
    const input = cp.inputs.get(name);
    // `count(list)` learns how many items there are, nothing of what they hold
    if (input?.type === 'list' && countOnly.has(name)) return [`input:${name}${COUNT_OF}`];
    if (input) return inputReads(input, name, words);
    if (cp.parameters.has(name)) return [`parameter:${name}`];
    return [];
  };
  for (const [id, r] of cp.rules) graph.set(`rule:${id}`, new Set([...r.reads].flatMap((n) => resolve(n, null, r.words, r.countOnly))));
  for (const ce of cp.entities.values()) {
    for (const [id, r] of ce.rules) graph.set(`entity:${ce.def.id}.${id}`, new Set([...r.reads].flatMap((n) => resolve(n, ce, r.words, r.countOnly))));
  }
  return graph;
}

/**
 * Which parts of a structured input an expression reads: the fields it names
 * (`kind.betreuungsstunden_woche`), or the whole input when it names none of them.
 */
function inputReads(def: InputDef, path: string, words: Set<string>): string[] {
  const fields = def.type === 'context' ? def.fields : def.type === 'list' && def.items?.type === 'context' ? def.items.fields : undefined;
  if (!fields) return [`input:${path}`];
  const prefix = def.type === 'list' ? `${path}[].` : `${path}.`;
  const named = fields.filter((f) => words.has(f.name));
  if (named.length === 0) return [`input:${path}`];
  return named.flatMap((f) => inputReads(f, `${prefix}${f.name}`, words));
}

function assertNoCycles(cp: CompiledPack): void {
  const graph = ruleDependencies(cp);
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    const s = state.get(node);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(node)), node].map((n) => n.replace(/^(rule|entity):/, '')).join(' → ');
      const ruleId = node.replace(/^rule:/, '').replace(/^entity:[^.]+\./, '');
      const def = cp.rules.get(ruleId)?.def ?? [...cp.entities.values()].find((e) => e.rules.has(ruleId))?.rules.get(ruleId)?.def;
      throw packError(def?.source ?? { file: 'pack.yaml', line: 1, column: 1 }, `Zirkelbezug: ${cycle}`);
    }
    state.set(node, 'visiting');
    stack.push(node);
    for (const dep of graph.get(node) ?? []) if (graph.has(dep)) visit(dep);
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) visit(node);
}
