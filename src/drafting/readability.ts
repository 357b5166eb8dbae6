import { splitSentences } from './gate/sentences.ts';

/**
 * German readability, from the published formulas (no library does German syllables):
 *  - Flesch reading ease for German after Amstad (1978): FRE = 180 − ASL − 58,5 · ASW
 *    (ASL words per sentence, ASW syllables per word); 0–30 very hard … 80–100 very easy.
 *  - Erste Wiener Sachtextformel (Bamberger/Vanecek 1984):
 *    WSTF1 = 0,1935 · MS + 0,1672 · SL + 0,1297 · IW − 0,0327 · ES − 0,875
 *    (MS % words with ≥ 3 syllables, SL words per sentence, IW % words with > 6 letters,
 *    ES % one-syllable words); roughly the school grade (4 very easy … 15 very hard).
 * Syllables are counted as vowel groups, with the German diphthongs and ie as one nucleus.
 * Numbers, amounts and § citations count as one word of one syllable: the plain-language
 * version must keep them, and they should not make a text look harder than it reads.
 */
export interface Readability {
  sentences: number;
  words: number;
  syllables: number;
  wordsPerSentence: number;
  syllablesPerWord: number;
  fleschAmstad: number;
  wienerSachtextformel: number;
}

const NUCLEUS = /(äu|eu|ei|ai|au|ie|[aeiouäöüy])/gi;

export function germanSyllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-zäöüß]/g, '');
  if (w === '') return 1;
  return Math.max(1, (w.match(NUCLEUS) ?? []).length);
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function readability(text: string): Readability {
  const sentences = splitSentences(text.replace(/\n+/g, ' ')).filter((s) => /[A-Za-zÄÖÜäöü0-9]/.test(s));
  const words = sentences.flatMap((s) => s.split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}§]+|[^\p{L}\p{N}]+$/gu, '')).filter((w) => w !== ''));
  const syl = words.map(germanSyllables);
  const nS = Math.max(1, sentences.length);
  const nW = Math.max(1, words.length);
  const totalSyl = syl.reduce((a, b) => a + b, 0);
  const asl = words.length / nS;
  const asw = totalSyl / nW;
  const ms = (100 * syl.filter((s) => s >= 3).length) / nW;
  const iw = (100 * words.filter((w) => /^\p{L}+$/u.test(w) && w.length > 6).length) / nW;
  const es = (100 * syl.filter((s) => s === 1).length) / nW;
  return {
    sentences: sentences.length,
    words: words.length,
    syllables: totalSyl,
    wordsPerSentence: round(asl),
    syllablesPerWord: round(asw, 2),
    fleschAmstad: round(180 - asl - 58.5 * asw),
    wienerSachtextformel: round(0.1935 * ms + 0.1672 * asl + 0.1297 * iw - 0.0327 * es - 0.875),
  };
}
