/**
 * Dates in German texts and the birth dates among them. Administrative letters are full of
 * dates (Antrag vom, Bewilligungszeitraum, Fristen), so a date counts as a birth date only with
 * a context word ("geb.", "geboren", "Geburtsdatum", "*") or when it equals a birth date known
 * from the case (see known.ts).
 */
import type { PiiSpan } from '../types.ts';
import { span } from './span.ts';

export interface FoundDate {
  start: number;
  end: number;
  day: number;
  month: number;
  /** Four digits, or the two written digits when `twoDigitYear`. */
  year: number;
  twoDigitYear: boolean;
}

const MONTHS: Array<[RegExp, number]> = [
  [/^jan/i, 1], [/^feb/i, 2], [/^(mär|mar|maer)/i, 3], [/^apr/i, 4], [/^mai/i, 5], [/^jun/i, 6],
  [/^jul/i, 7], [/^aug/i, 8], [/^sep/i, 9], [/^okt|^oct/i, 10], [/^nov/i, 11], [/^dez|^dec/i, 12],
];
const MONTH_NAMES =
  'Januar|Jänner|Jan|Februar|Feb|März|Maerz|Mär|April|Apr|Mai|Juni|Jun|Juli|Jul|August|Aug|September|Sept|Sep|Oktober|Okt|November|Nov|Dezember|Dez';

const DATE_RE = new RegExp(
  [
    String.raw`(?<![\p{N}.])(?<d1>\d{1,2})\.\s?(?<m1>\d{1,2})\.\s?(?<y1>\d{4}|\d{2})(?![\p{N}])`,
    String.raw`(?<![\p{N}.])(?<d2>\d{1,2})\.?\s+(?<m2>${MONTH_NAMES})\.?\s+(?<y2>\d{4})(?![\p{N}])`,
    String.raw`(?<![\p{N}-])(?<y3>\d{4})-(?<m3>\d{2})-(?<d3>\d{2})(?![\p{N}])`,
    String.raw`(?<![\p{N}/])(?<d4>\d{1,2})/(?<m4>\d{1,2})/(?<y4>\d{4})(?![\p{N}])`,
  ].join('|'),
  'gu',
);

export function findDates(text: string): FoundDate[] {
  const out: FoundDate[] = [];
  DATE_RE.lastIndex = 0;
  for (let m = DATE_RE.exec(text); m; m = DATE_RE.exec(text)) {
    const g = m.groups!;
    const dayS = g.d1 ?? g.d2 ?? g.d3 ?? g.d4!;
    const yearS = g.y1 ?? g.y2 ?? g.y3 ?? g.y4!;
    let month: number;
    if (g.m2) month = MONTHS.find(([re]) => re.test(g.m2!))?.[1] ?? 0;
    else month = Number(g.m1 ?? g.m3 ?? g.m4);
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      day: Number(dayS),
      month,
      year: Number(yearS),
      twoDigitYear: yearS.length === 2,
    });
  }
  return out;
}

export function isCalendarDate(d: FoundDate): boolean {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  const year = d.twoDigitYear ? 1900 + d.year : d.year;
  const days = new Date(Date.UTC(year, d.month, 0)).getUTCDate();
  return d.day <= days;
}

const BIRTH_BEFORE = /(?:\bgeb\.|\bgeboren|\bgeburtsdatum|\bgeburtstag|\bgeb\.?-?dat(?:um|\.)|\bgeburtsjahr|date of birth|\bborn\b|\bdob\b|\*)[^.!?\n]{0,24}$|\bgeb\.\s*(?:am\s*)?$/iu;
const BIRTH_AFTER = /^[\s,)]{0,3}(?:geboren|geb\.|\(geburtsdatum\))/i;

/** Dates marked as birth dates by a context word before (after the previous date) or after. */
export function findBirthDates(text: string, dates = findDates(text)): PiiSpan[] {
  const out: PiiSpan[] = [];
  let previousEnd = 0;
  const nowYear = new Date().getUTCFullYear();
  for (const d of dates) {
    // The context must stand in the same clause: after the previous date, placeholder, line
    // break or sentence end ("geb." itself is followed by a space and a digit, not a capital).
    let before = text.slice(Math.max(previousEnd, d.start - 48), d.start);
    const cut = [...before.matchAll(/[»;\n]|[.!?]\s+(?=[A-ZÄÖÜ])/g)].pop();
    if (cut) before = before.slice(cut.index + cut[0].length);
    const afterText = text.slice(d.end, d.end + 24);
    previousEnd = d.end;
    if (!BIRTH_BEFORE.test(before) && !BIRTH_AFTER.test(afterText)) continue;
    const year = d.twoDigitYear ? 1900 + d.year : d.year;
    const valid = isCalendarDate(d) && (d.twoDigitYear || (year >= 1890 && year <= nowYear));
    out.push(span(text, 'GEBURTSDATUM', d.start, d.end, valid, 0.9, 'geburtsdatum'));
  }
  return out;
}
