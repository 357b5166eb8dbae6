import type { Passage } from './model.ts';
import { contentStems, fold, similarity } from './text.ts';

/**
 * The deterministic grounding gate for generated answers (cf. `corroborate`: every number,
 * link and content word of the answer must be found in a cited passage). An answer that fails
 * is never shown; the citizen gets a hand-over instead.
 */

/** One statement of a generated answer, as the model returned it. */
export interface Statement {
  /** In the citizen's language. */
  text: string;
  /** The same statement in German, required when the answer language is not German. */
  textDe?: string;
  /** 1-based numbers of the passages it is taken from. */
  sources: number[];
}

export type SupportIssueKind =
  | 'no_source'
  | 'unknown_source'
  | 'number'
  | 'link'
  | 'email'
  | 'word'
  | 'negation'
  | 'missing_german'
  | 'translation_numbers'
  | 'translation_links'
  | 'translation_length';

export interface SupportIssue {
  statement: number;
  kind: SupportIssueKind;
  detail: string;
}

export interface SupportResult {
  ok: boolean;
  issues: SupportIssue[];
}

const NUMBER_WORDS: Record<string, string> = {
  zwei: '2', drei: '3', vier: '4', funf: '5', sechs: '6', sieben: '7', acht: '8', neun: '9', zehn: '10', elf: '11', zwolf: '12',
  zwanzig: '20', dreissig: '30', vierzig: '40', funfzig: '50', hundert: '100', tausend: '1000',
  two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10', eleven: '11', twelve: '12',
  twenty: '20', thirty: '30', forty: '40', fifty: '50', hundred: '100', thousand: '1000',
};

function stripNumber(n: string): string {
  const [int = '', frac] = n.split('.');
  const i = int.replace(/^0+(?=\d)/, '');
  const f = frac?.replace(/0+$/, '');
  return f ? `${i}.${f}` : i;
}

/** Every reading of a number token: "1.234,50" (German) and "1,234.50" (English) both give 1234.5. */
function readings(token: string): string[] {
  if (token.includes(':')) return [token.replace(/^0+(?=\d)/, '')];
  const out = new Set<string>();
  // one decimal separator at most, the other one only grouping thousands before it
  const read = (decimal: string, group: string) => {
    const parts = token.split(decimal);
    if (parts.length > 2) return;
    const [int = '', frac] = parts;
    if (frac?.includes(group)) return;
    if (!int.split(group).slice(1).every((g) => g.length === 3)) return;
    out.add(stripNumber(frac === undefined ? int.split(group).join('') : `${int.split(group).join('')}.${frac}`));
  };
  read(',', '.');
  read('.', ',');
  // dates and other dotted sequences: each part as a number
  if (out.size === 0) out.add(token.split(/[.,]/).map((p) => stripNumber(p)).join('.'));
  return [...out];
}

/** Numbers in a text, each as its set of canonical readings; number words (zwei, twelve) count as numbers. */
export function numbersIn(text: string): string[][] {
  // Arabic-Indic and Persian digits count as the digits they are
  const folded = fold(text)
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
  const out: string[][] = [];
  for (const m of folded.matchAll(/\d+(?:[.,:]\d+)*/g)) out.push(readings(m[0]));
  for (const m of folded.matchAll(/\p{L}+/gu)) {
    const n = NUMBER_WORDS[m[0]];
    if (n) out.push([n]);
  }
  return out;
}

export function linksIn(text: string): string[] {
  return (text.match(/https?:\/\/[^\s)>\]"']+/g) ?? []).map((u) => u.replace(/[.,;:!?]+$/, ''));
}

export function emailsIn(text: string): string[] {
  return (text.match(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu) ?? []).map((e) => e.toLowerCase());
}

const NEGATION = /(?<![\p{L}])(nicht|kein|keine|keinen|keinem|keiner|keines|nie|niemals|ohne|not|no|never|without)(?![\p{L}])/u;

/**
 * Stems a German answer may use although no passage does: words that frame rather than
 * state ("laut", "Leistungsbeschreibung", "bitte") and the assistant's own reference words.
 */
const FRAMING = new Set(
  contentStems(
    'laut gemäß nach Angaben Leistungsbeschreibung Beschreibung Abschnitt Quelle Information Informationen Hinweis bitte gern außerdem zudem zusätzlich jeweils insbesondere beispielsweise Beispiel folgende folgenden genannt genannten dabei dafür hierfür dazu Stadt Musterstadt finden findest erfahren lesen nachlesen steht stehen heißt gilt gelten möglich erforderlich notwendig rufen anrufen schreiben wenden kontaktieren erreichen',
  ),
);

/** Paraphrases the check accepts: a statement stem is supported if any stem of its group is. */
const EQUIVALENT: string[][] = [
  ['brauch', 'benot', 'erforder', 'notwend'],
  ['bekomm', 'erhalt'],
  ['kost', 'gebuhr', 'betragt', 'betrag', 'zahl'],
  ['beantrag', 'antrag', 'antrag'],
  ['dauert', 'dau', 'dauer'],
  ['zustand', 'zustandig'],
  ['ausweis', 'personalausweis'],
].map((g) => g.map((w) => contentStems(w)[0] ?? w));

function supported(stemText: string, stems: ReadonlySet<string>): boolean {
  if (stems.has(stemText)) return true;
  for (const s of stems) if (similarity(stemText, s) >= 1) return true;
  for (const group of EQUIVALENT) if (group.includes(stemText) && group.some((g) => stems.has(g))) return true;
  return false;
}

interface SourceFacts {
  text: string;
  folded: string;
  stems: Set<string>;
  numbers: Set<string>;
  links: Set<string>;
  emails: Set<string>;
  sentences: { stems: Set<string>; negated: boolean }[];
}

function sentencesOf(text: string): string[] {
  return text.split(/\n|(?<=[.!?;:])\s+/).map((x) => x.trim()).filter((x) => x !== '');
}

function negated(text: string): boolean {
  return NEGATION.test(fold(text));
}

function facts(passages: readonly Passage[]): SourceFacts {
  const text = passages.map((p) => `${p.serviceTitle}\n${p.heading}\n${p.text}\n${p.url}`).join('\n');
  return {
    text,
    folded: fold(text),
    stems: new Set(contentStems(text)),
    numbers: new Set(numbersIn(text).flat()),
    links: new Set([...linksIn(text), ...passages.map((p) => p.url)]),
    emails: new Set(emailsIn(text)),
    sentences: passages.flatMap((p) => sentencesOf(p.text)).map((x) => ({ stems: new Set(contentStems(x)), negated: negated(x) })),
  };
}

function checkGerman(i: number, text: string, src: SourceFacts, issues: SupportIssue[]): void {
  for (const readingsOf of numbersIn(text)) {
    if (!readingsOf.some((r) => src.numbers.has(r))) issues.push({ statement: i, kind: 'number', detail: readingsOf[0]! });
  }
  for (const l of linksIn(text)) if (!src.links.has(l)) issues.push({ statement: i, kind: 'link', detail: l });
  for (const e of emailsIn(text)) if (!src.emails.has(e)) issues.push({ statement: i, kind: 'email', detail: e });
  const withoutLinks = text.replace(/https?:\/\/\S+/g, ' ').replace(/\S+@\S+/g, ' ');
  for (const st of new Set(contentStems(withoutLinks))) {
    if (/^\d/.test(st) || FRAMING.has(st) || NUMBER_WORDS[st] !== undefined) continue;
    if (!supported(st, src.stems)) issues.push({ statement: i, kind: 'word', detail: st });
  }
  // Polarity: the source sentence the statement is taken from must be negated exactly when the statement is.
  const own = new Set(contentStems(withoutLinks));
  let bestOverlap = 0;
  let bestNegated: boolean[] = [];
  for (const sentence of src.sentences) {
    let overlap = 0;
    for (const st of own) if (sentence.stems.has(st)) overlap++;
    if (overlap > bestOverlap) [bestOverlap, bestNegated] = [overlap, [sentence.negated]];
    else if (overlap === bestOverlap && overlap > 0) bestNegated.push(sentence.negated);
  }
  const claim = negated(text);
  if (bestOverlap > 0 && !bestNegated.includes(claim)) {
    issues.push({ statement: i, kind: 'negation', detail: claim ? 'verneint, die Quelle nicht' : 'die Quelle verneint, die Aussage nicht' });
  }
}

/**
 * Checks every statement against the passages it cites. German statements: every number,
 * link, e-mail address and content word must be found in the cited passages, numbers exactly
 * (in any German or English notation). Statements in another language carry a German version
 * that is checked this way; the translation must then keep exactly the same numbers and links
 * and stay of comparable length.
 */
export function checkSupport(statements: readonly Statement[], passages: readonly Passage[], language: string): SupportResult {
  const issues: SupportIssue[] = [];
  statements.forEach((s, i) => {
    if (s.sources.length === 0) {
      issues.push({ statement: i, kind: 'no_source', detail: 'Aussage ohne Quelle' });
      return;
    }
    const cited: Passage[] = [];
    for (const n of s.sources) {
      const p = passages[n - 1];
      if (!p) issues.push({ statement: i, kind: 'unknown_source', detail: String(n) });
      else cited.push(p);
    }
    if (cited.length === 0) return;
    const src = facts(cited);
    if (language === 'de') {
      checkGerman(i, s.text, src, issues);
      return;
    }
    if (!s.textDe || s.textDe.trim() === '') {
      issues.push({ statement: i, kind: 'missing_german', detail: 'deutsche Fassung fehlt' });
      return;
    }
    checkGerman(i, s.textDe, src, issues);
    const key = (t: string) => numbersIn(t).map((r) => [...r].sort().join('|')).sort().join(' ');
    if (key(s.text) !== key(s.textDe)) issues.push({ statement: i, kind: 'translation_numbers', detail: 'Zahlen der Übersetzung weichen ab' });
    const links = (t: string) => [...linksIn(t), ...emailsIn(t)].sort().join(' ');
    if (links(s.text) !== links(s.textDe)) issues.push({ statement: i, kind: 'translation_links', detail: 'Links der Übersetzung weichen ab' });
    const ratio = s.text.length / Math.max(1, s.textDe.length);
    if (ratio < 0.3 || ratio > 3) issues.push({ statement: i, kind: 'translation_length', detail: `Längenverhältnis ${ratio.toFixed(2)}` });
  });
  return { ok: issues.length === 0, issues };
}
