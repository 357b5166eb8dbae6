import { stemmer as germanStemmer } from '@orama/stemmers/german';
import { stopwords as germanStopwords } from '@orama/stopwords/german';
import { stopwords as englishStopwords } from '@orama/stopwords/english';

/**
 * Invisible and direction-changing characters that can hide instructions from a human
 * reader (zero-width, bidi overrides, tag characters, soft hyphen, BOM).
 */
export const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\u{E0000}-\u{E007F}]/gu;

/** NFKC (folds full-width and other look-alike forms), invisible characters removed. */
export function clean(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '');
}

/** Words (letters and digits of any script), lower-cased. */
export function words(text: string): string[] {
  return clean(text).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

const STOP = new Set([...germanStopwords, ...englishStopwords]);

export function isStopword(word: string): boolean {
  return STOP.has(word);
}

/** The Snowball German stem (also folds umlauts and ß), so "Gebühren" and "Gebühr" meet. */
export function stem(word: string): string {
  return germanStemmer(word.toLowerCase());
}

/** Stems of the content words of a text: stop words dropped. */
export function contentStems(text: string): string[] {
  return words(text)
    .filter((w) => !isStopword(w))
    .map(stem);
}

/** Accents folded for matching phrases across spellings ("Gebühr" ~ "gebuhr", "Straße" ~ "strasse"). */
export function fold(text: string): string {
  return clean(text)
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/** Verb particles: "unterschreib" is not a kind of "schreib" the way "kitagebuhr" is a kind of "gebuhr". */
const PARTICLES = /^(unter|uber|ver|be|ge|er|zer|ent|an|auf|aus|ein|mit|nach|vor|zu|ab|bei|um|durch|wider|hin|her|weg|zuruck|los)$/;

/** How a shorter stem sits in a longer one: as its start, as the head of a compound, or inside. */
function containment(short: string, long: string): 'prefix' | 'head' | 'inner' | undefined {
  if (long.startsWith(short)) return 'prefix';
  if (long.endsWith(short)) return PARTICLES.test(long.slice(0, long.length - short.length)) ? 'inner' : 'head';
  return long.includes(short) ? 'inner' : undefined;
}

/**
 * How surely query stem `q` names vocabulary stem `v`: 1 for the same stem, a long shared
 * prefix or a compound head ("kitagebuhr" is a "gebuhr"); less for short, inner or one-typo matches.
 */
export function similarity(q: string, v: string): number {
  if (q === v) return 1;
  const [short, long] = q.length <= v.length ? [q, v] : [v, q];
  if (short.length >= 4) {
    const how = containment(short, long);
    if (how === 'prefix' || how === 'head') return short.length >= 6 ? 1 : 0.5;
    if (how === 'inner' && short.length >= 5) return 0.5;
  }
  if (short.length < 5 || long.length - short.length > 1 || !editDistanceAtMostOne(q, v)) return 0;
  return short.length >= 8 ? 1 : 0.5;
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else if (a[i + 1] === b[j] && a[i] === b[j + 1]) {
      // transposition counts as one edit
      i += 2;
      j += 2;
    } else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

