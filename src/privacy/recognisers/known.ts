/**
 * Matching the values known from the case (names, birth dates, addresses, account and other
 * identifiers) wherever and however they appear: case-insensitive, umlauts and their
 * transliterations equal (Müller = Mueller = MÜLLER = Muller), any spacing or hyphenation
 * (Anna-Lena = Anna Lena = AnnaLena), reversed order (Müller, Anna), possessive -s outside
 * the span (Müllers → «PERSON_1»s), street suffixes (Hauptstraße = Hauptstrasse = Hauptstr.),
 * identifiers in any grouping (DE89 3704… = DE893704…), phone numbers with +49, 0049 or 0.
 */
import { invalidInput } from '../../common/index.ts';
import { KIND_OF_CATEGORY, KNOWN_CATEGORIES, type KnownValue, type PiiKind, type PiiSpan } from '../types.ts';
import { foldText, unfoldRange, type FoldedText } from '../text.ts';
import { findDates, type FoundDate } from './dates.ts';
import { span } from './span.ts';

const PARTICLES = new Set(['von', 'van', 'de', 'der', 'den', 'del', 'da', 'zu', 'ten', 'ter', 'el', 'al', 'bin', 'ibn', 'la', 'le', 'und']);
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Needles {
  /** Regex sources over the spaced folded text, each with the kind it yields. */
  patterns: Array<{ source: string; kind: PiiKind }>;
  /** Substrings of the compact folded text (letters and digits only). */
  compact: Array<{ needle: string; kind: PiiKind; phone?: boolean }>;
  dates: Array<{ day: number; month: number; year: number }>;
}

function tokensOf(value: string): string[] {
  return foldText(value).text.split(' ').filter((t) => t.length > 0);
}

/** A folded street name as a pattern: "hauptstrase" also matches "haupt str", "hauptstr". */
function streetPattern(tokens: string[]): string {
  return tokens
    .map((t) => {
      const m = /^(.*?)(strase|str)$/.exec(t);
      if (m) return `${m[1] ? `${escape(m[1])}[ ]?` : ''}str(?:ase)?`;
      return escape(t);
    })
    .join('[ ]?');
}

/**
 * A name of tokens t1…tn: every run of two or more consecutive tokens (so a double surname
 * "Schmitz-Böhm" or "von Albrecht" is one span), the name turned at every point ("Müller,
 * Anna-Lena", "von Albrecht, Anna Lena"), and each token of three or more letters alone with the
 * particles before it ("Frau von Albrecht"). Tokens are joined by an optional separator.
 */
function namePatterns(tokens: string[]): string[] {
  const out = new Set<string>();
  const join = (ts: string[]) => ts.map(escape).join('[ ]?');
  for (let i = 0; i < tokens.length; i++) {
    for (let j = i + 2; j <= tokens.length; j++) out.add(join(tokens.slice(i, j)));
  }
  for (let k = 1; k < tokens.length; k++) out.add(join([...tokens.slice(k), ...tokens.slice(0, k)]));
  tokens.forEach((t, i) => {
    if (PARTICLES.has(t)) return;
    let particles = '';
    for (let p = i - 1; p >= 0 && PARTICLES.has(tokens[p]!); p--) particles = `(?:${escape(tokens[p]!)}[ ])?` + particles;
    if (t.length >= 3 || tokens.filter((x) => !PARTICLES.has(x)).length === 1) out.add(particles + escape(t));
  });
  return [...out];
}

const HOUSE_NUMBER = '\\d{1,4}\\s?[a-zA-Z]?(?:\\s?[-/]\\s?\\d{1,4}\\s?[a-zA-Z]?)?';

/**
 * An address as recorded, in any usual order: "Hauptstraße 5a, 12345 Musterstadt",
 * "Hauptstraße 5a\n12345 Musterstadt", "12345 Musterstadt, Hauptstraße 5a",
 * "Hauptstraße 5a 12345 Musterstadt", or a street alone.
 */
function parseAddress(value: string): { street: string; number?: string; plz?: string; place?: string } {
  const parts = value.split(/[,\n;]/).map((p) => p.trim()).filter((p) => p !== '');
  let plz: string | undefined;
  let place: string | undefined;
  let street = '';
  let number: string | undefined;
  for (const part of parts) {
    const post = /^(\d{5})\s+(.+)$/.exec(part);
    if (post && !plz) {
      [plz, place] = [post[1], post[2]];
      continue;
    }
    const inline = new RegExp(`^(.*?\\D)\\s+(${HOUSE_NUMBER})\\s+(\\d{5})\\s+(.+)$`).exec(part);
    if (inline && !street) {
      [street, number, plz, place] = [inline[1]!, inline[2], inline[3], inline[4]];
      continue;
    }
    const withNumber = new RegExp(`^(.*?\\D)\\s*(${HOUSE_NUMBER})$`).exec(part);
    if (!street) [street, number] = withNumber ? [withNumber[1]!, withNumber[2]] : [part, undefined];
  }
  return { street, number, plz, place };
}

function parseKnownDate(value: string): { day: number; month: number; year: number } | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  const [d] = findDates(value);
  if (!d) return undefined;
  return { day: d.day, month: d.month, year: d.twoDigitYear ? 1900 + d.year : d.year };
}

function addIdentifier(n: Needles, kind: PiiKind, value: string, stripLeadingZeros = false): void {
  let compact = foldText(value, true).text;
  if (stripLeadingZeros) compact = compact.replace(/^0+/, '');
  if (compact.length >= 5) n.compact.push({ needle: compact, kind });
  else if (compact.length > 0) n.patterns.push({ source: escape(tokensOf(value).join(' ')), kind });
}

function compile(known: readonly KnownValue[]): Needles {
  const n: Needles = { patterns: [], compact: [], dates: [] };
  known.forEach((k, i) => {
    if (!Object.hasOwn(KIND_OF_CATEGORY, k?.category)) {
      throw invalidInput(`$.known[${i}].category`, `unbekannte Kategorie; erlaubt sind ${KNOWN_CATEGORIES.join(', ')}`);
    }
  });
  for (const { category, value } of known) {
    if (typeof value !== 'string' || value.trim() === '') continue;
    const kind = KIND_OF_CATEGORY[category];
    switch (category) {
      case 'name': {
        for (const source of namePatterns(tokensOf(value))) n.patterns.push({ source, kind });
        break;
      }
      case 'geburtsdatum': {
        const d = parseKnownDate(value);
        if (d) n.dates.push(d);
        else addIdentifier(n, kind, value);
        break;
      }
      case 'adresse':
      case 'strasse': {
        const { street, number, plz, place } = parseAddress(value);
        const streetTokens = tokensOf(street);
        if (streetTokens.length > 0) {
          // "5a" = "5 a", "12-14" = "12 14" = "1214".
          const nr = number ? tokensOf(number).flatMap((t) => t.match(/\d+|\D+/g) ?? []).map(escape).join('[ ]?') : undefined;
          const sp = streetPattern(streetTokens);
          n.patterns.push({ source: nr ? `${sp}(?:[ ](?:nr[ ]?)?${nr}(?![^ ]))?` : sp, kind });
        }
        if (plz && place) n.patterns.push({ source: [plz, ...tokensOf(place).map(escape)].join('[ ]'), kind });
        break;
      }
      case 'telefon': {
        // Compare national significant numbers: +49 30 …, 0049 30 … and 030 … are one number.
        let digits = value.replace(/\D/g, '');
        if (value.trim().startsWith('+')) digits = digits.replace(/^49/, '');
        else if (digits.startsWith('0049')) digits = digits.slice(4);
        else digits = digits.replace(/^0/, '');
        if (digits.length >= 6) n.compact.push({ needle: digits, kind, phone: true });
        break;
      }
      case 'kontonummer':
        addIdentifier(n, kind, value, true);
        break;
      default:
        addIdentifier(n, kind, value);
    }
  }
  return n;
}

const sameDate = (d: FoundDate, k: { day: number; month: number; year: number }): boolean =>
  d.day === k.day && d.month === k.month && (d.twoDigitYear ? d.year === k.year % 100 : d.year === k.year);

export type KnownMatcher = (text: string) => PiiSpan[];

/** A matcher for the known values of one case, compiled once and used for many texts. */
export function knownMatcher(known: readonly KnownValue[]): KnownMatcher {
  const needles = compile(known);
  // In the spaced folded text every character that is not a space is a letter or digit, so
  // word boundaries are plain space tests. One regex per kind; longer alternatives first.
  const byKind = new Map<PiiKind, string[]>();
  for (const { source, kind } of needles.patterns) byKind.set(kind, [...(byKind.get(kind) ?? []), source]);
  const regexes = [...byKind].map(([kind, sources]) => ({
    re: new RegExp(`(?<![^ ])(?:${[...new Set(sources)].sort((a, b) => b.length - a.length).join('|')})(?=s?(?![^ ]))`, 'g'),
    kind,
  }));
  return (text: string) => {
    const out: PiiSpan[] = [];
    if (regexes.length > 0) {
      const folded = foldText(text);
      for (const { re, kind } of regexes) {
        re.lastIndex = 0;
        for (let m = re.exec(folded.text); m; m = re.exec(folded.text)) {
          if (m[0].length === 0) {
            re.lastIndex++;
            continue;
          }
          push(out, text, folded, m.index, m.index + m[0].length, kind);
        }
      }
    }
    if (needles.compact.length > 0) {
      const compact = foldText(text, true);
      for (const { needle, kind, phone } of needles.compact) {
        for (let at = compact.text.indexOf(needle); at >= 0; at = compact.text.indexOf(needle, at + 1)) {
          const [start, end] = unfoldRange(compact, at, at + needle.length);
          // A phone number matched by its national number takes its prefix along: 0, +49, 0049 (0).
          const prefix = phone ? /(?:\+\s?49|0049|(?<!\d)0)[\s\-/()]*(?:\(0\)[\s\-/]*)?$/.exec(text.slice(Math.max(0, start - 10), start)) : null;
          out.push(span(text, kind, start - (prefix?.[0].length ?? 0), end, true, 1, 'known'));
        }
      }
    }
    if (needles.dates.length > 0) {
      for (const d of findDates(text)) {
        if (needles.dates.some((k) => sameDate(d, k))) out.push(span(text, 'GEBURTSDATUM', d.start, d.end, true, 1, 'known'));
      }
    }
    return out;
  };
}

function push(out: PiiSpan[], text: string, folded: FoldedText, fStart: number, fEnd: number, kind: PiiKind): void {
  const [start, end] = unfoldRange(folded, fStart, fEnd);
  out.push(span(text, kind, start, end, true, 1, 'known'));
}
