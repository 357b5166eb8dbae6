import { Decimal } from '../decimal.ts';

export const MONTHS = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
] as const;

/** A calendar date without time zone, as the law counts days. ISO `YYYY-MM-DD`. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(iso: IsoDate): { y: number; m: number; d: number } {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new TypeError(`kein Datum im Format JJJJ-MM-TT: ${iso}`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

export function isoDate(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isValidDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  const { y, m, d } = parseIsoDate(iso);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** The last day of the period of `months` whole months starting on the first of `iso`'s month. */
export function periodEnd(firstDay: IsoDate, months: number): IsoDate {
  const { y, m } = parseIsoDate(firstDay);
  const endMonthIndex = m - 1 + months - 1;
  const ey = y + Math.floor(endMonthIndex / 12);
  const em = (endMonthIndex % 12) + 1;
  return isoDate(ey, em, daysInMonth(ey, em));
}

export function firstOfMonth(iso: IsoDate): IsoDate {
  const { y, m } = parseIsoDate(iso);
  return isoDate(y, m, 1);
}

/** `01.01.2025` — the numeric form DIN 5008 recommends in running text and tables. */
export function formatDate(iso: IsoDate): string {
  const { y, m, d } = parseIsoDate(iso);
  return `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`;
}

/** `1. Januar 2025` — easier to read; used in the plain-language explanation. */
export function formatDateLong(iso: IsoDate): string {
  const { y, m, d } = parseIsoDate(iso);
  return `${d}. ${MONTHS[m - 1]} ${y}`;
}

/**
 * `1.250,00 €`: German grouping and decimal comma, always two decimals, rounded half-even
 * only if a value with more decimals arrives (the engine's values are already rounded; the
 * gate compares the same canonical form, so a display rounding can never hide a difference).
 */
export function formatEuro(value: string | number | Decimal): string {
  const v = new Decimal(value);
  return `${groupDigits(v.toFixed(2))} €`;
}

/** `1.250,5` style for non-money numbers (factors, percentages); keeps every digit given. */
export function formatNumber(value: string | number | Decimal): string {
  return groupDigits(new Decimal(value).toString());
}

function groupDigits(fixed: string): string {
  const negative = fixed.startsWith('-');
  const [int = '0', frac] = (negative ? fixed.slice(1) : fixed).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped}${frac !== undefined ? `,${frac}` : ''}`;
}

/** Canonical key of a money amount: two decimals, dot, no grouping (`1250.00`). */
export function amountKey(value: string | number | Decimal): string {
  return new Decimal(value).toFixed(2);
}
