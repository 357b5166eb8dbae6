import type { PiiKind, PiiSpan } from '../types.ts';

/**
 * Labels of numbers that are not personal data (or are another kind of it) directly before a
 * position: "Rechnungsnummer ", "Kunden-Nr.: ", "Kassenzeichen ", "Az. ".
 */
const OTHER_LABEL =
  /(rechnung|re\.-?nr|kunden|vertrags|vorgangs|vorgang|bestell|auftrags|beleg|kassenzeichen|aktenzeichen|\baz\b|zähler|referenz|\bref\b|buchungs|mitglieds|\bblz\b|bankleitzahl|personalnummer|lieferschein|ticket|sendungs)[\p{L}.\- ]{0,16}[:#]?\s*(?:nr\.?|nummer)?\s*[:#]?\s*$/iu;

export function labelledAsOther(text: string, index: number): boolean {
  return OTHER_LABEL.test(text.slice(Math.max(0, index - 40), index));
}

/** A recogniser reads a prepared text and returns its candidate spans (overlaps allowed). */
export type Recogniser = (text: string) => PiiSpan[];

export function span(
  text: string,
  kind: PiiKind,
  start: number,
  end: number,
  valid: boolean,
  confidence: number,
  source: string,
): PiiSpan {
  return { kind, start, end, text: text.slice(start, end), valid, confidence, source };
}

/**
 * Is one of the context words in the `window` characters before `index` (same paragraph)?
 * Words are matched as lower-case substrings at a word start.
 */
export function hasContextBefore(text: string, index: number, words: RegExp, window = 48): boolean {
  // Placeholders of a continued mapping ("«TELEFON_1»") are not context words.
  const before = text.slice(Math.max(0, index - window), index).replace(/«[A-Z_]+_\d+»/g, ' ');
  const para = before.lastIndexOf('\n\n');
  return words.test(para >= 0 ? before.slice(para) : before);
}

/** Runs of digits joined by single spaces, hyphens or slashes: `86 095 742 719`, `030/123 45`. */
export interface DigitRun {
  start: number;
  end: number;
  /** Each group of consecutive digits with its offset. */
  groups: Array<{ start: number; digits: string }>;
}

export function digitRuns(text: string, separators = /[ \u00a0\u202f]/): DigitRun[] {
  const runs: DigitRun[] = [];
  const re = /\d+/g;
  let current: DigitRun | undefined;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const g = { start: m.index, digits: m[0] };
    if (current && m.index - current.end === 1 && separators.test(text[current.end]!)) {
      current.groups.push(g);
      current.end = m.index + m[0].length;
    } else {
      if (current) runs.push(current);
      current = { start: m.index, end: m.index + m[0].length, groups: [g] };
    }
  }
  if (current) runs.push(current);
  return runs;
}

/**
 * Every sequence of consecutive groups of a run whose digits add up to `length`,
 * as `[start, end, digits]` (a run `86 095 742 719 2024` yields the first four groups for 11).
 */
export function groupWindows(run: DigitRun, length: number): Array<[number, number, string]> {
  const out: Array<[number, number, string]> = [];
  for (let i = 0; i < run.groups.length; i++) {
    let digits = '';
    for (let j = i; j < run.groups.length; j++) {
      digits += run.groups[j]!.digits;
      if (digits.length === length) {
        const last = run.groups[j]!;
        out.push([run.groups[i]!.start, last.start + last.digits.length, digits]);
        break;
      }
      if (digits.length > length) break;
    }
  }
  return out;
}

/** The character at `i` is a letter or digit. */
export const alnumAt = (text: string, i: number): boolean => i >= 0 && i < text.length && /[\p{L}\p{N}]/u.test(text[i]!);
