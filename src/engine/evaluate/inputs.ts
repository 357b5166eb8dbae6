/**
 * From the application JSON to FEEL values, in one walk over the pack's input declarations:
 *
 * - a value of the wrong type, out of range, not in the allowed list → a Problem naming the
 *   JSON path in German (the CLI exits 2, the API answers 400); nothing is evaluated;
 * - `null` where the declaration does not list it (an enum with `null`) → a Problem, as in the
 *   JSON Schema: it is not "absent";
 * - an absent field with a default → the default;
 * - an absent field without a default → an `Unknown` carrying the field's path, question and
 *   norm, so evaluation can list it among the missing inputs if — and only if — the result
 *   actually depends on it.
 *
 * Amounts become exact decimals from their decimal text; JSON numbers are read through their
 * shortest round-trip text, which is exactly what was written for amounts with ≤ 2 decimals.
 */
import type { Problem } from '../../common/index.ts';
import { Decimal } from '../decimal.ts';
import { FeelDate, Unknown, type FeelValue, type MissingInput } from '../feel/values.ts';
import type { InputDef } from '../pack/model.ts';
import { isoDateParts } from '../pack/read.ts';

export interface ConvertedInput {
  values: Map<string, FeelValue>;
  problems: Problem[];
}

type Scope = { obj: Record<string, unknown>; index: number | null };

const MONEY = /^[0-9]+(\.[0-9]{1,2})?$/;
const DECIMAL_TEXT = /^-?[0-9]+(\.[0-9]+)?$/;
/** Thirteen or more digits before the point (leading zeros aside): a trillion euros or more. */
export const MONEY_TOO_LARGE = /^0*[1-9][0-9]{12,}/;
export const MONEY_LIMIT = '999.999.999.999,99 €';

export function convertInput(defs: readonly InputDef[], json: unknown): ConvertedInput {
  const problems: Problem[] = [];
  const values = new Map<string, FeelValue>();
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    problems.push({ path: '$', message: 'Der Antrag muss ein JSON-Objekt sein' });
    return { values, problems };
  }
  const obj = json as Record<string, unknown>;
  const scopes: Scope[] = [{ obj, index: null }];
  const fields = planOf(defs);
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    values.set(f.name, convertField(f, obj[f.name], ROOT, f.name, scopes, problems));
  }
  return { values, problems };
}

/**
 * An input declaration as the conversion reads it: every member always present, in one order.
 * Pack files give each InputDef only the keys it uses, so the defs come in dozens of object
 * shapes, and every `def.x` in the walk below was a megamorphic property load.
 */
class Field {
  readonly name: string;
  readonly type: InputDef['type'];
  readonly required: boolean;
  readonly hasDefault: boolean;
  /** A context default: converted field by field like an application's object. */
  readonly contextDefault: object | null;
  readonly enumValues: readonly unknown[] | null;
  readonly enumAllowsNull: boolean;
  readonly notAfter: string | null;
  readonly minimum: Decimal | null;
  readonly maximum: Decimal | null;
  readonly pattern: RegExp | null;
  readonly minItems: number | null;
  readonly maxItems: number | null;
  readonly item: Field | null;
  readonly fields: readonly Field[];
  constructor(readonly def: InputDef) {
    this.name = def.name;
    this.type = def.type;
    this.required = def.required === true;
    this.hasDefault = def.hasDefault;
    this.contextDefault = def.hasDefault && def.type === 'context' && def.default !== null && typeof def.default === 'object' ? def.default : null;
    this.enumValues = def.enum ?? null;
    this.enumAllowsNull = def.enum?.includes(null) ?? false;
    this.notAfter = def.notAfter ?? null;
    this.minimum = def.minimum ?? null;
    this.maximum = def.maximum ?? null;
    this.pattern = def.pattern !== undefined ? patternOf(def.pattern) : null;
    this.minItems = def.minItems ?? null;
    this.maxItems = def.maxItems ?? null;
    this.item = def.items ? new Field(def.items) : null;
    this.fields = (def.fields ?? []).map((f) => new Field(f));
  }
}

const plans = new WeakMap<readonly InputDef[], readonly Field[]>();

function planOf(defs: readonly InputDef[]): readonly Field[] {
  let plan = plans.get(defs);
  if (!plan) plans.set(defs, (plan = defs.map((d) => new Field(d))));
  return plan;
}

/**
 * Where a container (a list or an object) sits in the application. A field's own path is
 * written out only when a problem or a missing input names it: building the text of every
 * field's path (`$.haushaltsmitglieder[0].einkuenfte[1].art`) was a tenth of converting an
 * application, and almost every field is fine.
 */
class JsonPath {
  private text: string | null;
  constructor(
    private readonly parent: JsonPath | null,
    private readonly key: string | number,
  ) {
    this.text = parent === null ? '$' : null;
  }
  toString(): string {
    return (this.text ??= pathText(this.parent!, this.key));
  }
}

const ROOT = new JsonPath(null, '$');

function pathText(parent: JsonPath, key: string | number): string {
  return typeof key === 'number' ? `${parent.toString()}[${key}]` : `${parent.toString()}.${key}`;
}

function convertField(f: Field, raw: unknown, parent: JsonPath, key: string | number, scopes: Scope[], problems: Problem[]): FeelValue {
  if (raw === null) {
    if (f.enumAllowsNull) return null;
    // null is a value of its own in JSON Schema: read as "absent", a `null` for a § 16 flag would
    // silently become its default (false) and change the amount
    return reject(problems, parent, key, f.required ? 'Pflichtangabe darf nicht null sein' : 'null ist hier nicht zulässig – eine fehlende Angabe bitte weglassen');
  }
  if (raw === undefined) {
    if (f.required) return reject(problems, parent, key, 'Pflichtangabe fehlt');
    if (f.contextDefault !== null) return convertField(f, f.contextDefault, parent, key, scopes, problems);
    if (f.hasDefault) return defaultValue(f.def);
    return new Unknown([missingInput(parent, key, f.def, scopes)]);
  }
  switch (f.type) {
    case 'string': {
      if (typeof raw !== 'string') return reject(problems, parent, key, `Text erwartet, nicht ${describe(raw)}`);
      if (f.enumValues !== null && !f.enumValues.includes(raw)) return reject(problems, parent, key, `„${raw}“ ist nicht zulässig; erlaubt: ${allowed(f.enumValues)}`);
      if (f.pattern !== null && !f.pattern.test(raw)) return reject(problems, parent, key, `„${raw}“ hat nicht das verlangte Format (${f.def.pattern})`);
      return raw;
    }
    case 'boolean':
      if (typeof raw !== 'boolean') return reject(problems, parent, key, `true oder false erwartet, nicht ${describe(raw)}`);
      return raw;
    case 'date': {
      const parts = typeof raw === 'string' ? isoDateParts(raw) : null;
      if (!parts) {
        // a well-formed day that the calendar does not have (30 February) is named as such
        const wellFormed = typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw);
        return reject(problems, parent, key, wellFormed ? `${raw.split('-').reverse().join('.')} gibt es im Kalender nicht` : `Datum im Format JJJJ-MM-TT erwartet, nicht ${describe(raw)}`);
      }
      if (f.notAfter !== null) {
        const limit = scopes[scopes.length - 1]!.obj[f.notAfter];
        if (typeof limit === 'string' && isoDateParts(limit) && (raw as string) > limit) {
          const what = f.notAfter === 'stichtag' ? 'dem Stichtag' : `„${f.notAfter}“`;
          return reject(problems, parent, key, `${(raw as string).split('-').reverse().join('.')} liegt nach ${what} (${limit.split('-').reverse().join('.')}) – das ist nicht möglich`);
        }
      }
      return new FeelDate(parts[0], parts[1], parts[2]);
    }
    case 'integer':
    case 'number':
    case 'money': {
      const d = toDecimal(f.type, raw, problems, parent, key);
      if (d === null) return null;
      if (f.enumValues !== null && !f.enumValues.some((e) => e !== null && new Decimal(String(e)).eq(d))) return reject(problems, parent, key, `${d.toString()} ist nicht zulässig; erlaubt: ${allowed(f.enumValues)}`);
      if (f.minimum !== null && d.lt(f.minimum)) return reject(problems, parent, key, f.minimum.isZero() ? 'darf nicht negativ sein' : `muss mindestens ${f.minimum.toString()} sein, ist ${d.toString()}`);
      if (f.maximum !== null && d.gt(f.maximum)) return reject(problems, parent, key, `darf höchstens ${f.maximum.toString()} sein, ist ${d.toString()}`);
      return d;
    }
    case 'list': {
      if (!Array.isArray(raw)) return reject(problems, parent, key, `Liste erwartet, nicht ${describe(raw)}`);
      if (f.minItems !== null && raw.length < f.minItems) return reject(problems, parent, key, `mindestens ${f.minItems} Eintrag${f.minItems === 1 ? '' : 'e'} erforderlich`);
      if (f.maxItems !== null && raw.length > f.maxItems) return reject(problems, parent, key, `höchstens ${f.maxItems} Einträge erlaubt`);
      const item = f.item!;
      const here = new JsonPath(parent, key);
      const out: FeelValue[] = new Array(raw.length);
      for (let i = 0; i < raw.length; i++) {
        const v: unknown = raw[i];
        // an entry of a list is there or not: null is no missing fact to ask about (a household member
        // `null` would otherwise be one whose every detail is unknown)
        if ((v === null || v === undefined) && !item.enumAllowsNull) {
          out[i] = reject(problems, here, i, 'Listeneintrag darf nicht null sein');
          continue;
        }
        const itemScopes = v !== null && typeof v === 'object' && !Array.isArray(v) ? [{ obj: v as Record<string, unknown>, index: i + 1 }, ...scopes] : scopes;
        out[i] = convertField(item, v, here, i, itemScopes, problems);
      }
      return out;
    }
    case 'context': {
      if (typeof raw !== 'object' || Array.isArray(raw)) return reject(problems, parent, key, `Objekt erwartet, nicht ${describe(raw)}`);
      const obj = raw as Record<string, unknown>;
      const inner: Scope[] = scopes[0]?.obj === obj ? scopes : [{ obj, index: null }, ...scopes];
      const ctx = new Map<string, FeelValue>();
      const here = new JsonPath(parent, key);
      const fields = f.fields;
      for (let i = 0; i < fields.length; i++) {
        const x = fields[i]!;
        ctx.set(x.name, convertField(x, obj[x.name], here, x.name, inner, problems));
      }
      return ctx;
    }
  }
}

/**
 * Fields of an application that the pack does not declare, each as a problem naming it. The
 * engine itself ignores them (the contract's schema allows more fields); where people type an
 * application — the HTTP API — a misspelt optional field (`schwerbehindert_17_nr_1`) would
 * otherwise vanish without a word and change the result.
 */
export function undeclaredFields(defs: readonly InputDef[], json: unknown): Problem[] {
  const problems: Problem[] = [];
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) collectUndeclared(defs, json as Record<string, unknown>, '$', problems);
  return problems;
}

function collectUndeclared(defs: readonly InputDef[], obj: Record<string, unknown>, path: string, problems: Problem[]): void {
  const known = new Map(defs.map((d) => [d.name, d]));
  for (const [name, value] of Object.entries(obj)) {
    const def = known.get(name);
    const at = `${path}.${name}`;
    if (!def) problems.push({ path: at, message: 'Dieses Feld sieht das Regelwerk nicht vor (unbekanntes Feld).' });
    else collectNested(def, value, at, problems);
  }
}

function collectNested(def: InputDef, value: unknown, path: string, problems: Problem[]): void {
  if (value === null || typeof value !== 'object') return;
  if (def.type === 'context' && !Array.isArray(value)) collectUndeclared(def.fields ?? [], value as Record<string, unknown>, path, problems);
  else if (def.type === 'list' && Array.isArray(value) && def.items) value.forEach((v, i) => collectNested(def.items!, v, `${path}[${i}]`, problems));
}

/** Records a problem with the field at `path`; a function, not a closure per field: this runs for every input of every decision. */
function reject(problems: Problem[], parent: JsonPath, key: string | number, message: string): null {
  problems.push({ path: pathText(parent, key), message });
  return null;
}

const patterns = new Map<string, RegExp>();

function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source, 'u')));
  return re;
}

/** The question is filled in only when someone reads it: most absent inputs are never asked for. */
function missingInput(parent: JsonPath, key: string | number, def: InputDef, scopes: readonly Scope[]): MissingInput {
  let question: string | undefined;
  return {
    input: pathText(parent, key),
    get question() {
      return (question ??= fillQuestion(def.question, scopes));
    },
    norm: def.norm,
  };
}

function toDecimal(type: InputDef['type'], raw: unknown, problems: Problem[], parent: JsonPath, key: string | number): Decimal | null {
  let text: string;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return reject(problems, parent, key, 'keine gültige Zahl');
    text = String(raw);
    if (/e/i.test(text)) text = new Decimal(text).toFixed();
  } else if (typeof raw === 'string' && type !== 'integer') {
    // no trimming: the schema's patterns allow no blanks, and what the schema refuses is refused here
    text = raw;
  } else {
    return reject(problems, parent, key, `${type === 'money' ? 'Betrag' : type === 'integer' ? 'ganze Zahl' : 'Zahl'} erwartet, nicht ${describe(raw)}`);
  }
  if (type === 'money') {
    if (text.startsWith('-')) return reject(problems, parent, key, 'darf nicht negativ sein');
    // 1e308 is a valid JSON number; no amount of a household reaches a trillion euros
    if (MONEY_TOO_LARGE.test(text)) return reject(problems, parent, key, `unplausibel hoher Betrag (höchstens ${MONEY_LIMIT}), nicht „${String(raw)}“`);
    // the schema: a number ≥ 0 (any decimals — what a JSON writer of binary floats produces is taken
    // at its shortest exact text) or a string with at most two decimals
    if (typeof raw === 'number' ? !DECIMAL_TEXT.test(text) : !MONEY.test(text)) {
      return reject(problems, parent, key, /^[0-9]+\.[0-9]{3,}$/.test(text) ? 'Betrag als Text mit höchstens zwei Nachkommastellen angeben' : `Betrag in Euro erwartet (z. B. 335 oder "335.00"), nicht „${String(raw)}“`);
    }
  } else if (!DECIMAL_TEXT.test(text)) {
    return reject(problems, parent, key, `Zahl erwartet, nicht „${String(raw)}“`);
  }
  const d = new Decimal(text);
  if (type === 'integer' && !d.isInteger()) return reject(problems, parent, key, `ganze Zahl erwartet, nicht ${text}`);
  return d;
}

export function toFeelDate(iso: string): FeelDate {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new FeelDate(y, m, d);
}

const defaults = new WeakMap<InputDef, FeelValue>();

/** An input's default, converted once per pack (FEEL values are immutable; a list gets a fresh copy). */
function defaultValue(def: InputDef): FeelValue {
  let v = defaults.get(def);
  if (v === undefined) defaults.set(def, (v = convertDefault(def)));
  return Array.isArray(v) ? v.slice() : v;
}

function convertDefault(def: InputDef): FeelValue {
  const v = def.default;
  if (v === null || v === undefined) return null;
  if (def.type === 'list' && Array.isArray(v)) return v.map((x) => (typeof x === 'number' ? new Decimal(String(x)) : (x as FeelValue)));
  if (def.type === 'date' && typeof v === 'string') return toFeelDate(v);
  if (typeof v === 'number' || ((def.type === 'money' || def.type === 'number' || def.type === 'integer') && typeof v === 'string')) return new Decimal(String(v));
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return null;
}

/** `{field}` from the innermost object that has it; `{#}` is the 1-based position of the innermost list item. */
export function fillQuestion(template: string, scopes: readonly Scope[]): string {
  return template.replace(/\{([#A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    if (name === '#') {
      const s = scopes.find((x) => x.index !== null);
      return s ? String(s.index) : whole;
    }
    for (const s of scopes) {
      const v = s.obj[name];
      if (v !== undefined && v !== null && typeof v !== 'object') return String(v);
    }
    return '?';
  });
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'eine Liste';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return `den Text „${v.length > 40 ? `${v.slice(0, 40)}…` : v}“`;
    case 'number':
      return `die Zahl ${v}`;
    case 'boolean':
      return `den Wahrheitswert ${v}`;
    case 'object':
      return 'ein Objekt';
    default:
      return typeof v;
  }
}

function allowed(values: readonly unknown[]): string {
  return values.map((v) => (v === null ? 'null' : String(v))).join(', ');
}
