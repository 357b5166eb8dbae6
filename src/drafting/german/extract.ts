import { Decimal } from '../decimal.ts';
import { amountKey, isoDate, isValidDate } from './format.ts';
import { parseCitations, type Citation } from './citations.ts';

/**
 * Facts a German administrative text states, found by pattern and brought to one
 * canonical key each, so `1.250,00 €`, `1250 EUR` and `1.250 Euro` compare equal, and so
 * do `01.01.2025`, `1.1.25`, `1. Januar 2025` and `2025-01-01`.
 */
export type FactKind = 'amount' | 'date' | 'month' | 'period' | 'duration' | 'aktenzeichen' | 'norm';

export interface TextFact {
  kind: FactKind;
  /** As written in the text. */
  text: string;
  start: number;
  end: number;
  /**
   * Canonical key: amount `1250.00`; date `2025-01-01` (or `ungültig:31.02.2025`); month
   * `2025-01`; period `2025-01-01/2025-12-31`; duration `1 Monat`; Aktenzeichen upper-case
   * without blanks; norm as in {@link Citation.key}.
   */
  key: string;
  citation?: Citation;
}

const MONTH_NAMES: Record<string, number> = {
  januar: 1, jänner: 1, jan: 1, februar: 2, feb: 2, märz: 3, maerz: 3, mär: 3, april: 4, apr: 4, mai: 5,
  juni: 6, jun: 6, juli: 7, jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9, oktober: 10, okt: 10,
  november: 11, nov: 11, dezember: 12, dez: 12,
};
const MONTH_ALT = 'Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jan\\.|Feb\\.|Mär\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept?\\.|Okt\\.|Nov\\.|Dez\\.';

/** Digits with German (`.`), blank or narrow-blank grouping, or none; decimal comma or point. */
const NUMBER = String.raw`(?:\d{1,3}(?:[.\u00A0\u202F\u2009 ]\d{3})+|\d+)(?:[,.]\d{1,2}(?!\d))?(?:,[-–])?`;
const CURRENCY_AFTER = new RegExp(String.raw`(?<![\d.,§])(-?${NUMBER})\s?(?:€|EUR\b|Euro\b|euro\b)`, 'g');
const CURRENCY_BEFORE = new RegExp(String.raw`(?:€|EUR)\s?(-?${NUMBER})(?![\d])`, 'g');

const NUMERIC_DATE = /(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?![\d])/g;
const LONG_DATE = new RegExp(String.raw`(?<![\d.])(\d{1,2})\.\s*(${MONTH_ALT})\s*(\d{4})(?!\d)`, 'g');
const ISO = /(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d])/g;
const MONTH_YEAR = new RegExp(String.raw`\b(${MONTH_ALT})\s*(\d{4})(?!\d)`, 'g');
const PERIOD_JOIN = /^\s*(?:bis\s+(?:zum|einschließlich|einschl\.)\s+|bis\s+|[-–—]\s*)$/i;

const NUMBER_WORDS: Record<string, number> = {
  ein: 1, eine: 1, einen: 1, eines: 1, einem: 1, einer: 1, zwei: 2, drei: 3, vier: 4, fünf: 5, sechs: 6,
  sieben: 7, acht: 8, neun: 9, zehn: 10, elf: 11, zwölf: 12, vierzehn: 14, achtzehn: 18, vierundzwanzig: 24,
};
const DURATION = new RegExp(
  String.raw`(?<![\d.,])\b(\d+|${Object.keys(NUMBER_WORDS).join('|')})\s+(Kalendertag(?:e|en)?|Werktag(?:e|en)?|Tag(?:e|en|es)?|Woche(?:n)?|Monat(?:e|en|s)?|Jahr(?:e|en|es)?)\b`,
  'gi',
);

const LABELLED_AZ = /\b(?:Aktenzeichen|Geschäftszeichen|Az\.|Gz\.|Ihr Zeichen|Unser Zeichen)\s*:?\s*([A-Za-z0-9ÄÖÜ][A-Za-z0-9ÄÖÜ/._-]*[A-Za-z0-9])/g;

export function parseGermanAmount(raw: string): string | null {
  let s = raw.replace(/\s/g, '').replace(/,[-–]$/, '');
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  let normalised: string;
  const comma = s.lastIndexOf(',');
  if (comma >= 0) {
    normalised = `${s.slice(0, comma).replace(/\./g, '')}.${s.slice(comma + 1)}`;
  } else if (/^\d{1,3}(\.\d{3})+$/.test(s)) {
    normalised = s.replace(/\./g, '');
  } else {
    normalised = s;
  }
  if (!/^\d+(\.\d{1,2})?$/.test(normalised)) return null;
  return amountKey(new Decimal(negative ? `-${normalised}` : normalised));
}

function dateKey(y: number, m: number, d: number, raw: string): string {
  const year = y < 100 ? 2000 + y : y;
  return isValidDate(year, m, d) ? isoDate(year, m, d) : `ungültig:${raw}`;
}

function monthNumber(name: string): number {
  return MONTH_NAMES[name.toLowerCase().replace(/\.$/, '')] ?? 0;
}

function overlaps(a: { start: number; end: number }, taken: readonly { start: number; end: number }[]): boolean {
  return taken.some((t) => a.start < t.end && t.start < a.end);
}

/** Every amount, date, month, period, duration, Aktenzeichen and § citation in `text`. */
export function extractFacts(text: string, options: { aktenzeichenPatterns?: readonly RegExp[] } = {}): TextFact[] {
  const facts: TextFact[] = [];
  const taken: { start: number; end: number }[] = [];
  const add = (f: TextFact): void => {
    if (overlaps(f, taken)) return;
    facts.push(f);
    taken.push(f);
  };

  for (const c of parseCitations(text)) {
    facts.push({ kind: 'norm', text: c.text, start: c.start, end: c.end, key: c.key, citation: c });
    taken.push(c);
  }

  for (const m of text.matchAll(LABELLED_AZ)) {
    const value = m[1]!;
    const start = m.index + m[0].length - value.length;
    add({ kind: 'aktenzeichen', text: value, start, end: start + value.length, key: aktenzeichenKey(value) });
  }
  for (const pattern of options.aktenzeichenPatterns ?? []) {
    const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    for (const m of text.matchAll(re)) add({ kind: 'aktenzeichen', text: m[0], start: m.index, end: m.index + m[0].length, key: aktenzeichenKey(m[0]) });
  }

  const dates: TextFact[] = [];
  const addDate = (f: TextFact): void => {
    if (overlaps(f, taken)) return;
    dates.push(f);
    taken.push(f);
  };
  for (const m of text.matchAll(LONG_DATE)) {
    addDate({ kind: 'date', text: m[0], start: m.index, end: m.index + m[0].length, key: dateKey(Number(m[3]), monthNumber(m[2]!), Number(m[1]), m[0]) });
  }
  for (const m of text.matchAll(NUMERIC_DATE)) {
    addDate({ kind: 'date', text: m[0], start: m.index, end: m.index + m[0].length, key: dateKey(Number(m[3]), Number(m[2]), Number(m[1]), m[0]) });
  }
  for (const m of text.matchAll(ISO)) {
    addDate({ kind: 'date', text: m[0], start: m.index, end: m.index + m[0].length, key: dateKey(Number(m[1]), Number(m[2]), Number(m[3]), m[0]) });
  }
  for (const m of text.matchAll(MONTH_YEAR)) {
    const month = monthNumber(m[1]!);
    addDate({ kind: 'month', text: m[0], start: m.index, end: m.index + m[0].length, key: `${m[2]}-${String(month).padStart(2, '0')}` });
  }
  dates.sort((a, b) => a.start - b.start);
  for (let i = 0; i < dates.length; i++) {
    const a = dates[i]!;
    const b = dates[i + 1];
    if (b && a.kind === b.kind && PERIOD_JOIN.test(text.slice(a.end, b.start))) {
      facts.push({ kind: 'period', text: text.slice(a.start, b.end), start: a.start, end: b.end, key: `${a.key}/${b.key}` });
      i++;
    } else {
      facts.push(a);
    }
  }

  for (const re of [CURRENCY_AFTER, CURRENCY_BEFORE]) {
    for (const m of text.matchAll(re)) {
      const key = parseGermanAmount(m[1]!);
      if (key === null) continue;
      add({ kind: 'amount', text: m[0].trim(), start: m.index, end: m.index + m[0].length, key });
    }
  }

  for (const m of text.matchAll(DURATION)) {
    const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : NUMBER_WORDS[m[1]!.toLowerCase()]!;
    add({ kind: 'duration', text: m[0], start: m.index, end: m.index + m[0].length, key: `${n} ${durationUnit(m[2]!)}` });
  }

  return facts.sort((a, b) => a.start - b.start);
}

function durationUnit(word: string): string {
  const w = word.toLowerCase();
  if (w.startsWith('kalendertag') || w.startsWith('tag')) return 'Tag';
  if (w.startsWith('werktag')) return 'Werktag';
  if (w.startsWith('woche')) return 'Woche';
  if (w.startsWith('monat')) return 'Monat';
  return 'Jahr';
}

export function aktenzeichenKey(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/**
 * A pattern of the same shape as a known Aktenzeichen (`WG-2025-000123` →
 * `[A-Z]{2}-\d{4}-\d{6}`), so a mistyped or invented one of that shape is found in free
 * text even where no label such as „Aktenzeichen:" precedes it.
 */
export function shapeOf(aktenzeichen: string): RegExp {
  const parts = aktenzeichen.match(/[A-Za-zÄÖÜäöü]+|\d+|[^A-Za-zÄÖÜäöü\d]+/g) ?? [];
  const body = parts
    .map((p) => (/^\d+$/.test(p) ? `\\d{${p.length}}` : /^[A-Za-zÄÖÜäöü]+$/.test(p) ? `[A-Za-zÄÖÜäöü]{${p.length}}` : p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`(?<![A-Za-z0-9])${body}(?![A-Za-z0-9])`, 'g');
}
