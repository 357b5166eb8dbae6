import { AmtsklarError, type Problem } from '../../common/index.ts';
import { isIsoDate } from '../dates.ts';
import { UUID_PATTERN } from '../ids.ts';
import { EMAIL, HTTP_URL } from '../text.ts';

/**
 * The field lists of the register standards, written as data (field-lists/*.json): name,
 * type, required or optional, and limits. The validator reports missing, extra and
 * ill-typed fields of an export against its standard.
 */

export type FieldType =
  | 'string'
  | 'enum'
  | 'const'
  | 'url'
  | 'email'
  | 'email-or-url'
  | 'date'
  | 'year-month'
  | 'uuid'
  | 'boolean'
  | 'array'
  | 'object'
  | 'object-array';

const TYPES: readonly FieldType[] = ['string', 'enum', 'const', 'url', 'email', 'email-or-url', 'date', 'year-month', 'uuid', 'boolean', 'array', 'object', 'object-array'];

export interface FieldSpec {
  name: string;
  type: FieldType;
  required: boolean;
  label?: string;
  maxLength?: number;
  values?: string[];
  const?: string;
  items?: { type: 'enum'; values: string[] } | { type: 'string' };
  maxItems?: number;
  minItems?: number;
  fields?: FieldSpec[];
  /** For text fields that may contain HTML: the only tags allowed. */
  allowedHtml?: string[];
}

export interface FieldList {
  standard: string;
  title: string;
  version: string;
  source: string;
  formats: ('json' | 'csv')[];
  note?: string;
  fields: FieldSpec[];
}

export type ValidationKind = 'missing' | 'extra' | 'type' | 'value' | 'length';

export interface ValidationProblem extends Problem {
  kind: ValidationKind;
}

export interface ValidationResult {
  standard: string;
  version: string;
  valid: boolean;
  problems: ValidationProblem[];
}

/** Checks a field list itself, so a typo in the data fails loudly. */
export function parseFieldList(raw: unknown, file: string): FieldList {
  const problems: Problem[] = [];
  const o = raw as Partial<FieldList>;
  for (const k of ['standard', 'title', 'version', 'source'] as const) {
    if (typeof o?.[k] !== 'string' || !o[k]) problems.push({ path: `${file}:$.${k}`, message: 'Angabe fehlt.' });
  }
  const walk = (fields: unknown, at: string) => {
    if (!Array.isArray(fields) || fields.length === 0) {
      problems.push({ path: `${file}:${at}`, message: 'Liste der Felder erwartet.' });
      return;
    }
    const names = new Set<string>();
    fields.forEach((f: FieldSpec, i) => {
      const p = `${file}:${at}[${i}]`;
      if (typeof f?.name !== 'string' || !f.name) problems.push({ path: `${p}.name`, message: 'Feldname fehlt.' });
      else if (names.has(f.name)) problems.push({ path: `${p}.name`, message: `Feld ${f.name} doppelt.` });
      else names.add(f.name);
      if (!TYPES.includes(f?.type)) problems.push({ path: `${p}.type`, message: `Unbekannter Typ „${String(f?.type)}“.` });
      if (typeof f?.required !== 'boolean') problems.push({ path: `${p}.required`, message: 'true oder false erwartet.' });
      if (f?.type === 'enum' && (!Array.isArray(f.values) || f.values.length === 0)) problems.push({ path: `${p}.values`, message: 'Zulässige Werte fehlen.' });
      if (f?.type === 'const' && typeof f.const !== 'string') problems.push({ path: `${p}.const`, message: 'Fester Wert fehlt.' });
      if (f?.type === 'array' && !f.items) problems.push({ path: `${p}.items`, message: 'Elementtyp fehlt.' });
      if (f?.type === 'object' || f?.type === 'object-array') walk(f.fields, `${at}[${i}].fields`);
    });
  };
  walk(o?.fields, '$.fields');
  if (problems.length > 0) throw new AmtsklarError('invalid_input', `Die Feldliste ${file} ist fehlerhaft.`, problems);
  return o as FieldList;
}

const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g;

function checkValue(spec: FieldSpec, v: unknown, path: string, out: ValidationProblem[]): void {
  const bad = (kind: ValidationKind, message: string): void => {
    out.push({ kind, path, message });
  };
  const isStr = typeof v === 'string';
  switch (spec.type) {
    case 'string':
    case 'url':
    case 'email':
    case 'email-or-url':
    case 'date':
    case 'year-month':
    case 'uuid':
    case 'enum':
    case 'const': {
      if (!isStr) return bad('type', 'Text erwartet.');
      const s = v as string;
      if (spec.type === 'url' && !HTTP_URL.test(s)) bad('value', 'Adresse mit https:// oder http:// erwartet.');
      if (spec.type === 'email' && !EMAIL.test(s)) bad('value', 'E-Mail-Adresse erwartet.');
      if (spec.type === 'email-or-url' && !EMAIL.test(s) && !HTTP_URL.test(s)) bad('value', 'E-Mail-Adresse oder Adresse mit https:// erwartet.');
      if (spec.type === 'date' && !isIsoDate(s)) bad('value', 'Datum JJJJ-MM-TT erwartet.');
      if (spec.type === 'year-month' && !/^\d{4}-(0[1-9]|1[0-2])$/.test(s)) bad('value', 'Monat JJJJ-MM erwartet.');
      if (spec.type === 'uuid' && !UUID_PATTERN.test(s)) bad('value', 'UUID erwartet.');
      if (spec.type === 'enum' && !spec.values!.includes(s)) bad('value', `Unzulässiger Wert „${s}“; erlaubt: ${spec.values!.join(' | ')}.`);
      if (spec.type === 'const' && s !== spec.const) bad('value', `Fester Wert „${spec.const}“ erwartet.`);
      if (spec.maxLength !== undefined && s.length > spec.maxLength) bad('length', `Zu lang: ${s.length} Zeichen, höchstens ${spec.maxLength}.`);
      if (spec.type === 'string' && s.trim() === '' && spec.required) bad('missing', 'Pflichtfeld ist leer.');
      if (spec.allowedHtml) {
        for (const m of s.matchAll(TAG)) {
          if (!spec.allowedHtml.includes(m[1]!.toLowerCase())) bad('value', `HTML-Element <${m[1]}> ist nicht erlaubt (erlaubt: ${spec.allowedHtml.join(', ')}).`);
        }
      }
      return;
    }
    case 'boolean':
      if (typeof v !== 'boolean') bad('type', 'true oder false erwartet.');
      return;
    case 'array': {
      if (!Array.isArray(v)) return bad('type', 'Liste erwartet.');
      if (spec.maxItems !== undefined && v.length > spec.maxItems) bad('length', `Höchstens ${spec.maxItems} Einträge.`);
      v.forEach((item, i) => {
        if (typeof item !== 'string') out.push({ kind: 'type', path: `${path}[${i}]`, message: 'Text erwartet.' });
        else if (spec.items?.type === 'enum' && !spec.items.values.includes(item)) out.push({ kind: 'value', path: `${path}[${i}]`, message: `Unzulässiger Wert „${item}“.` });
      });
      return;
    }
    case 'object':
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad('type', 'Objekt erwartet.');
      checkObject(spec.fields!, v as Record<string, unknown>, path, out);
      return;
    case 'object-array':
      if (!Array.isArray(v)) return bad('type', 'Liste von Objekten erwartet.');
      if (spec.minItems !== undefined && v.length < spec.minItems) bad('missing', `Mindestens ${spec.minItems} Eintrag erwartet.`);
      v.forEach((item, i) => {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) out.push({ kind: 'type', path: `${path}[${i}]`, message: 'Objekt erwartet.' });
        else checkObject(spec.fields!, item as Record<string, unknown>, `${path}[${i}]`, out);
      });
  }
}

function checkObject(fields: FieldSpec[], record: Record<string, unknown>, path: string, out: ValidationProblem[]): void {
  for (const spec of fields) {
    const v = record[spec.name];
    const at = `${path}.${spec.name}`;
    if (v === undefined || v === null) {
      if (spec.required) out.push({ kind: 'missing', path: at, message: `Pflichtfeld fehlt${spec.label ? ` (${spec.label})` : ''}.` });
      continue;
    }
    checkValue(spec, v, at, out);
  }
  for (const k of Object.keys(record)) {
    if (!fields.some((f) => f.name === k)) out.push({ kind: 'extra', path: `${path}.${k}`, message: 'Feld gehört nicht zum Standard.' });
  }
}

/** Validates one record against a field list: missing required, extra, wrong type, bad value, too long. */
export function validateRecord(list: FieldList, record: unknown): ValidationResult {
  const problems: ValidationProblem[] = [];
  if (typeof record !== 'object' || record === null || Array.isArray(record)) problems.push({ kind: 'type', path: '$', message: 'Objekt erwartet.' });
  else checkObject(list.fields, record as Record<string, unknown>, '$', problems);
  return { standard: list.standard, version: list.version, valid: problems.length === 0, problems };
}
