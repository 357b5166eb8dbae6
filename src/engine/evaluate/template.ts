/**
 * German text templates with `{name}` placeholders, filled with values formatted the way
 * a German letter writes them (1.162,35). Used for reasons, discretion points and the
 * citizen's explanation, so that texts stay next to the rules they explain.
 */
import { Decimal, isDecimal } from '../decimal.ts';
import { FeelDate, isUnknown, type FeelValue } from '../feel/values.ts';
import type { SourceRef } from '../pack/model.ts';
import { packError } from '../pack/yaml.ts';

export interface Template {
  parts: (string | { name: string })[];
  names: string[];
}

export function compileTemplate(text: string, names: ReadonlySet<string>, loc: SourceRef, what: string): Template {
  const parts: Template['parts'] = [];
  const used: string[] = [];
  let last = 0;
  for (const m of text.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    const name = m[1]!;
    if (!names.has(name)) throw packError(loc, `${what}: Textbaustein verwendet unbekannten Namen „{${name}}“`);
    parts.push(text.slice(last, m.index));
    parts.push({ name });
    used.push(name);
    last = m.index! + m[0].length;
  }
  parts.push(text.slice(last));
  return { parts, names: used };
}

export function fillTemplate(t: Template, lookup: (name: string) => FeelValue | undefined): string {
  return t.parts.map((p) => (typeof p === 'string' ? p : formatGerman(lookup(p.name) ?? null, 2))).join('');
}

/**
 * 1162.35 → "1.162,35"; whole numbers without decimals. With `maxDecimals`, longer fractions
 * are rounded half up for reading (texts); without it every decimal is kept (Rechenweg).
 */
export function formatGerman(value: FeelValue, maxDecimals?: number): string {
  let v = value;
  if (v === null) return '–';
  if (isUnknown(v)) return '(fehlt)';
  if (isDecimal(v)) {
    if (maxDecimals !== undefined && v.decimalPlaces() > maxDecimals) v = v.toDecimalPlaces(maxDecimals, Decimal.ROUND_HALF_UP);
    const dp = v.decimalPlaces();
    const fixed = v.toFixed(dp === 0 ? 0 : Math.max(2, dp));
    const [int, frac] = fixed.split('.');
    const neg = int!.startsWith('-');
    const digits = neg ? int!.slice(1) : int!;
    const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    return `${neg ? '−' : ''}${grouped}${frac !== undefined ? `,${frac}` : ''}`;
  }
  if (typeof v === 'boolean') return v ? 'ja' : 'nein';
  if (typeof v === 'string') return v;
  if (v instanceof FeelDate) return `${String(v.day).padStart(2, '0')}.${String(v.month).padStart(2, '0')}.${v.year}`;
  if (Array.isArray(v)) return v.map((x) => formatGerman(x as FeelValue)).join(', ');
  return String(v);
}
