import type { FormInput } from '../../shared/api-views.ts';
import { compareDecimal, parseAmount, parseGermanDate, parseInteger, parseNumber } from '../../shared/format.ts';

export { parseGermanDate };

/**
 * The application as the form builds it: `data` is the JSON the server receives (in the
 * pack's input format), `raw` keeps what the person typed into number, amount and date
 * fields (so nothing typed is lost, even when it is not valid yet). Paths are the JSON paths
 * the server names in its errors, relative to the application: `$.haushaltsmitglieder[0].id`.
 */
export type Data = Record<string, unknown>;
export interface FormState {
  data: Data;
  raw: Record<string, string>;
}

export const EMPTY: FormState = { data: {}, raw: {} };

type Seg = string | number;

export function parsePath(path: string): Seg[] {
  const out: Seg[] = [];
  const re = /\.([A-Za-z0-9_]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path))) out.push(m[1] !== undefined ? m[1] : Number(m[2]));
  return out;
}

export function joinPath(base: string, seg: Seg): string {
  return typeof seg === 'number' ? `${base}[${seg}]` : `${base}.${seg}`;
}

export function getAt(data: unknown, path: string): unknown {
  let cur: unknown = data;
  for (const s of parsePath(path)) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}

/** A copy of `data` with the value at `path` set (or removed when undefined). */
export function setAt(data: Data, path: string, value: unknown): Data {
  const segs = parsePath(path);
  const rec = (node: unknown, i: number): unknown => {
    const s = segs[i]!;
    const last = i === segs.length - 1;
    if (typeof s === 'number') {
      const arr = Array.isArray(node) ? [...node] : [];
      arr[s] = last ? value : rec(arr[s], i + 1);
      return arr;
    }
    const obj: Record<string, unknown> = node && typeof node === 'object' && !Array.isArray(node) ? { ...(node as Record<string, unknown>) } : {};
    if (last) {
      if (value === undefined) delete obj[s];
      else obj[s] = value;
    } else obj[s] = rec(obj[s], i + 1);
    return obj;
  };
  return rec(data, 0) as Data;
}

/** Removes list item `index` at `listPath`, and shifts what was typed for later items. */
export function removeItem(state: FormState, listPath: string, index: number): FormState {
  const list = (getAt(state.data, listPath) as unknown[] | undefined) ?? [];
  const data = setAt(state.data, listPath, list.filter((_, i) => i !== index));
  const raw: Record<string, string> = {};
  const prefix = `${listPath}[`;
  for (const [k, v] of Object.entries(state.raw)) {
    if (!k.startsWith(prefix)) {
      raw[k] = v;
      continue;
    }
    const m = /^\[(\d+)\](.*)$/.exec(k.slice(listPath.length));
    if (!m) continue;
    const i = Number(m[1]);
    if (i === index) continue;
    raw[`${listPath}[${i > index ? i - 1 : i}]${m[2]}`] = v;
  }
  return { data, raw };
}

/**
 * The number of a new list item's name: after the list's length, skipping names still taken
 * (after a removal, „Person 2“ may remain while the list has two items). Every household member
 * needs its own id; the server refuses two alike.
 */
export function freeItemNumber(list: readonly unknown[], name: (n: number) => string): number {
  const taken = new Set(list.map((x) => (x !== null && typeof x === 'object' ? (x as { id?: unknown }).id : undefined)));
  let n = list.length + 1;
  while (taken.has(name(n))) n++;
  return n;
}

/** The code of the person who applies, in a choice of roles (Wohngeld's `rolle`). */
const APPLICANT = 'antragsteller';

/**
 * A new list item with the values it must start with (each item's name, list minimums). In a
 * list of people whose role is asked, the first one is the applicant — the pack's default
 * („sonstige“) would make the person filling in the form „andere Person im Haushalt“ — and the
 * role of everyone added later is asked, not pre-set. Nothing else is pre-answered (GOV.UK: no
 * preselected radios): a „Nein“ set in advance for a question that changes the amount is an
 * answer the person never gave. An optional question left open still counts as the pack's
 * default in the calculation, and the summary shows it as not answered.
 */
export function newItem(def: FormInput, index: number, itemLabel: (n: number) => string): unknown {
  if (def.type === 'context') {
    const out: Data = {};
    for (const f of def.fields ?? []) {
      if (f.enum?.includes(APPLICANT)) {
        if (index === 0) out[f.name] = APPLICANT;
      } else if (f.name === 'id' && f.type === 'string') out.id = itemLabel(index + 1);
      else if (f.type === 'list' && (f.minItems ?? 0) > 0 && f.items) out[f.name] = Array.from({ length: f.minItems! }, (_, i) => newItem(f.items!, i, itemLabel));
      else if (f.type === 'context') out[f.name] = newItem(f, 0, itemLabel);
    }
    return out;
  }
  return undefined;
}

/** The start of an application: lists at their minimum size, the first member as the applicant, nothing else answered. */
export function initialData(inputs: FormInput[], itemLabel: (label: string | undefined, n: number) => string): Data {
  const data: Data = {};
  for (const i of inputs) {
    if (i.type === 'list' && (i.minItems ?? 0) > 0 && i.items) data[i.name] = Array.from({ length: i.minItems! }, (_, n) => newItem(i.items!, n, (k) => itemLabel(i.items!.label, k)));
    else if (i.type === 'context') data[i.name] = newItem(i, 0, (k) => itemLabel(undefined, k));
  }
  return data;
}

export type FieldErrorKind = 'money' | 'integer' | 'number' | 'date' | 'pattern' | 'min' | 'max';

/** Converts typed text into the value the server expects; `error` says why it is not one. */
export function convert(def: FormInput, text: string): { value: unknown; error: null } | { value: undefined; error: { kind: FieldErrorKind; bound?: string } } {
  const t = text.trim();
  if (t === '') return { value: undefined, error: null };
  let value: string | number | null;
  switch (def.type) {
    case 'money':
      value = parseAmount(t);
      if (value === null) return { value: undefined, error: { kind: 'money' } };
      break;
    case 'integer':
      value = parseInteger(t);
      if (value === null) return { value: undefined, error: { kind: 'integer' } };
      break;
    case 'number':
      value = parseNumber(t);
      if (value === null) return { value: undefined, error: { kind: 'number' } };
      break;
    case 'date': {
      const iso = parseGermanDate(t);
      if (!iso) return { value: undefined, error: { kind: 'date' } };
      return { value: iso, error: null };
    }
    default:
      if (def.pattern && !new RegExp(def.pattern).test(t)) return { value: undefined, error: { kind: 'pattern' } };
      return { value: t, error: null };
  }
  const asText = String(value);
  if (def.minimum !== undefined && compareDecimal(asText, def.minimum) < 0) return { value: undefined, error: { kind: 'min', bound: def.minimum } };
  if (def.maximum !== undefined && compareDecimal(asText, def.maximum) > 0) return { value: undefined, error: { kind: 'max', bound: def.maximum } };
  return { value, error: null };
}

export function isoToGerman(iso: unknown): string {
  if (typeof iso !== 'string') return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** Text shown in a number/amount/date field: what was typed, else the stored value. */
export function displayText(def: FormInput, state: FormState, path: string): string {
  if (path in state.raw) return state.raw[path]!;
  const v = getAt(state.data, path);
  if (v === undefined || v === null) return '';
  if (def.type === 'date') return isoToGerman(v);
  if (def.type === 'money' || def.type === 'number') return String(v).replace('.', ',');
  return String(v);
}

/** All leaf paths under an input that the person can fill in (for mapping errors to a step). */
export function belongsTo(path: string, topLevel: string): boolean {
  return path === `$.${topLevel}` || path.startsWith(`$.${topLevel}.`) || path.startsWith(`$.${topLevel}[`);
}

/** A DOM id for the field at a path. */
export function fieldId(path: string): string {
  return `feld${path.replace(/^\$/, '').replace(/[.[\]]+/g, '-').replace(/-+$/, '')}`;
}
