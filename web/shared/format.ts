/**
 * German number and date formatting without binary floats: amounts arrive as decimal text
 * ("1234.5") or integers and are formatted digit by digit.
 */
export function formatDecimal(value: unknown, decimals?: number, lang: 'de' | 'en' = 'de'): string {
  if (value === null || value === undefined || value === '') return '–';
  const text = String(value);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return text;
  const [, sign, int, fracRaw = ''] = m;
  let frac = fracRaw;
  // Pad to the wanted places but never drop digits: amounts are exact and already rounded by the engine.
  if (decimals !== undefined && frac.length < decimals) frac = frac.padEnd(decimals, '0');
  const group = lang === 'de' ? '.' : ',';
  const point = lang === 'de' ? ',' : '.';
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${sign}${grouped}${frac ? point + frac : ''}`;
}

/** "1234.5" → "1.234,50 €"; whole euros stay whole ("110" → "110 €"). */
export function formatEuro(value: unknown, lang: 'de' | 'en' = 'de'): string {
  if (value === null || value === undefined || value === '') return '–';
  const text = String(value);
  const whole = /^-?\d+$/.test(text);
  return `${formatDecimal(text, whole ? undefined : 2, lang)} €`;
}

/** "2025-01-31" → "31.01.2025" (German) or "31/01/2025" (English). */
export function formatDate(value: unknown, lang: 'de' | 'en' = 'de'): string {
  if (typeof value !== 'string' || value === '') return '–';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  return lang === 'de' ? `${m[3]}.${m[2]}.${m[1]}` : `${m[3]}/${m[2]}/${m[1]}`;
}

export function formatDateTime(value: unknown, lang: 'de' | 'en' = 'de'): string {
  if (typeof value !== 'string' || value === '') return '–';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * A German (or English) amount as typed → canonical decimal text, or null when it is no amount.
 * "1.234,50" → "1234.50"; "1234,5" → "1234.5"; "1234.50" → "1234.50"; "12,345" → null (ambiguous).
 */
export function parseAmount(input: string): string | null {
  const s = input.replace(/\s|€|EUR/gi, '');
  if (s === '') return null;
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) return s.replace(/\./g, '').replace(',', '.');
  if (/^\d+,\d+$/.test(s)) return s.replace(',', '.');
  if (/^\d+(\.\d{1,2})?$/.test(s)) return s;
  if (/^\d+$/.test(s)) return s;
  return null;
}

/** Whole numbers only (counts, hours): "12" → 12. */
export function parseInteger(input: string): number | null {
  const s = input.trim();
  return /^-?\d{1,9}$/.test(s) ? Number(s) : null;
}

/** A decimal number as typed (German comma allowed) → canonical text. */
export function parseNumber(input: string): string | null {
  const s = input.trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(s) ? s : null;
}

/** Compare decimal texts without floats: negative, zero or positive. */
export function compareDecimal(a: string, b: string): number {
  const norm = (x: string) => {
    const neg = x.startsWith('-');
    const [i = '0', f = ''] = x.replace('-', '').split('.');
    return { neg, i: i.replace(/^0+(?=\d)/, ''), f };
  };
  const x = norm(a);
  const y = norm(b);
  if (x.neg !== y.neg) return x.neg ? -1 : 1;
  const sign = x.neg ? -1 : 1;
  if (x.i.length !== y.i.length) return sign * (x.i.length - y.i.length);
  if (x.i !== y.i) return sign * (x.i < y.i ? -1 : 1);
  const len = Math.max(x.f.length, y.f.length);
  const fx = x.f.padEnd(len, '0');
  const fy = y.f.padEnd(len, '0');
  return fx === fy ? 0 : sign * (fx < fy ? -1 : 1);
}

/** "01.03.2025" or "1.3.2025" or "2025-03-01" → "2025-03-01"; impossible dates → null. */
export function parseGermanDate(t: string): string | null {
  let y: number;
  let mo: number;
  let d: number;
  let m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  if (m) {
    d = Number(m[1]);
    mo = Number(m[2]);
    y = Number(m[3]);
  } else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t))) {
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
  } else return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

