import { stopwords as ar } from '@orama/stopwords/arabic';
import { stopwords as en } from '@orama/stopwords/english';
import { stopwords as de } from '@orama/stopwords/german';
import { stopwords as ru } from '@orama/stopwords/russian';
import { stopwords as tr } from '@orama/stopwords/turkish';
import { stopwords as uk } from '@orama/stopwords/ukrainian';
import type { UiLanguage } from './strings.ts';
import { words } from './text.ts';

/** Languages the assistant recognises; answers with a model come in this language. */
export type Language = 'de' | 'en' | 'tr' | 'ar' | 'uk' | 'ru' | 'fr' | 'es' | 'pl';

export const LANGUAGE_NAMES: Record<Language, string> = {
  de: 'Deutsch',
  en: 'Englisch',
  tr: 'Türkisch',
  ar: 'Arabisch',
  uk: 'Ukrainisch',
  ru: 'Russisch',
  fr: 'Französisch',
  es: 'Spanisch',
  pl: 'Polnisch',
};

const LISTS: [Language, Set<string>][] = [
  ['de', new Set(de)],
  ['en', new Set(en)],
  ['tr', new Set(tr)],
];
const FR = new Set(['le', 'la', 'les', 'des', 'est', 'une', 'pour', 'que', 'qui', 'dans', 'je', 'vous', 'comment', 'combien', 'avec', 'mon', 'ma', 'mes']);
const ES = new Set(['el', 'los', 'las', 'una', 'para', 'que', 'cómo', 'como', 'cuánto', 'cuesta', 'necesito', 'con', 'mi', 'por', 'del', 'es']);
/** Question words and everyday verbs of Turkish, written without its own letters as often as with them. */
const TR = new Set(['ne', 'kadar', 'nasıl', 'nasil', 'nerede', 'nereden', 'neden', 'hangi', 'zaman', 'istiyorum', 'almak', 'lazım', 'lazim', 'gerekli', 'var', 'yok', 'mi', 'mı', 'mu', 'mü', 'bir', 'ben', 'benim', 'için', 'icin', 'merhaba', 'lütfen', 'lutfen']);
/** Turkish verb endings (present continuous, ability, question): `istiyorum`, `alabilirim`, `sürer`. */
const TR_ENDINGS = /(?:iyorum|ıyorum|uyorum|üyorum|yorum|abilirim|ebilirim|ılır|ilir|malıyım|meliyim)$/;
const PL = new Set(['jak', 'czy', 'jest', 'się', 'nie', 'dla', 'mój', 'moja', 'ile', 'kosztuje', 'potrzebuję', 'gdzie', 'to', 'na']);
const UK_LETTERS = /[іїєґІЇЄҐ]/;
const RU_LETTERS = /[ыэъЫЭЪё]/;
const UK_WORDS = new Set(uk);
const RU_WORDS = new Set(ru);
const AR_WORDS = new Set(ar);

/**
 * A simple, explainable language guess for a short chat message: the script first
 * (Arabic, Cyrillic, with Ukrainian-only letters), then stop-word counts and
 * language-specific letters for Latin script. German when nothing speaks against it.
 */
export function detectLanguage(text: string): Language {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return 'de';
  const arabic = letters.filter((c) => /\p{Script=Arabic}/u.test(c)).length;
  const cyrillic = letters.filter((c) => /\p{Script=Cyrillic}/u.test(c)).length;
  if (arabic / letters.length > 0.3) return 'ar';
  if (cyrillic / letters.length > 0.3) {
    // і, ї, є, ґ are among the most frequent Ukrainian letters and absent from Russian
    if (UK_LETTERS.test(text)) return 'uk';
    if (RU_LETTERS.test(text)) return 'ru';
    const ws = words(text);
    return ws.filter((w) => UK_WORDS.has(w)).length > ws.filter((w) => RU_WORDS.has(w)).length ? 'uk' : 'ru';
  }
  const ws = words(text);
  if (AR_WORDS.size > 0 && ws.some((w) => AR_WORDS.has(w)) && arabic > 0) return 'ar';
  const score = new Map<Language, number>();
  for (const [lang, list] of LISTS) score.set(lang, ws.filter((w) => list.has(w)).length);
  score.set('fr', ws.filter((w) => FR.has(w)).length);
  score.set('es', ws.filter((w) => ES.has(w)).length);
  score.set('pl', ws.filter((w) => PL.has(w)).length);
  score.set('tr', (score.get('tr') ?? 0) + ws.filter((w) => TR.has(w) || TR_ENDINGS.test(w)).length);
  if (/[ğışİ]/.test(text)) score.set('tr', (score.get('tr') ?? 0) + 3);
  if (/[äöüß]/i.test(text)) score.set('de', (score.get('de') ?? 0) + 2);
  if (/[ąęłńśźż]/i.test(text)) score.set('pl', (score.get('pl') ?? 0) + 3);
  if (/[ñ¿¡]/.test(text)) score.set('es', (score.get('es') ?? 0) + 3);
  let best: Language = 'de';
  let bestScore = score.get('de') ?? 0;
  for (const [lang, s] of score) if (s > bestScore) [best, bestScore] = [lang, s];
  return best;
}

/** Interface language for a message: English for every non-German language (no other UI strings). */
export function uiLanguageFor(language: Language, requested?: UiLanguage): UiLanguage {
  if (requested) return requested;
  return language === 'de' ? 'de' : 'en';
}
