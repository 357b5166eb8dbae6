import { invalidInput } from '../common/index.ts';

/** Calendar dates as ISO strings (`2027-12-02`); legal dates have no time of day. */
export type IsoDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function assertIsoDate(value: unknown, path: string): IsoDate {
  if (!isIsoDate(value)) throw invalidInput(path, 'Datum im Format JJJJ-MM-TT erwartet (z. B. 2027-12-02).');
  return value;
}

/** The calendar day of an ISO timestamp or date (`2026-11-26T10:00:00Z` → `2026-11-26`). */
export function dayOf(timestampOrDate: string): IsoDate {
  return timestampOrDate.slice(0, 10);
}

/** ISO dates compare correctly as strings; this names the intent. */
export function onOrBefore(a: IsoDate, b: IsoDate): boolean {
  return dayOf(a) <= dayOf(b);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Adds calendar months, clamping to the month's last day (2026-08-31 + 6 → 2027-02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const m = DATE.exec(dayOf(date));
  if (!m) throw new TypeError(`kein ISO-Datum: ${date}`);
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = Math.min(Number(m[3]), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** German display form `02.12.2027`. */
export function germanDate(date: IsoDate): string {
  const d = dayOf(date);
  return `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
}
