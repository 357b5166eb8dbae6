import { covers, normKey } from '../german/citations.ts';
import { extractFacts, type FactKind, type TextFact } from '../german/extract.ts';
import { formatDate, formatEuro } from '../german/format.ts';
import type { Letter, SectionId } from '../model.ts';
import type { KeyFact } from '../profiles.ts';
import type { RecordFacts } from './record-facts.ts';
import { blockSentences, sectionSentences, splitSentences } from './sentences.ts';

export type FindingKind =
  | FactKind
  | 'rechtsbehelfsbelehrung'
  | 'fehlende_angabe'
  | 'platzhalter'
  | 'ergebnis';

export interface GateFinding {
  section: SectionId | 'kopf';
  /** 1-based number of the sentence within the section. */
  sentenceNo: number;
  sentence: string;
  kind: FindingKind;
  /** The value as written in the draft. */
  found: string | null;
  /** German explanation for the caseworker: what is wrong and what the record says. */
  message: string;
}

export interface GateResult {
  passed: boolean;
  findings: GateFinding[];
  /** How many facts were compared with the record. */
  factsChecked: number;
}

const PLACEHOLDER = /\{\{[^}]*\}\}|«[A-Z_]+_\d+»|\[[A-Z]+_\d+\]/;
const WORD = /[A-Za-zÄÖÜäöüß]+/g;

const DESCRIBE: Record<FactKind, string> = {
  amount: 'Betrag',
  date: 'Datum',
  month: 'Monat',
  period: 'Zeitraum',
  duration: 'Frist/Dauer',
  aktenzeichen: 'Aktenzeichen',
  norm: 'Rechtsgrundlage',
};

function displayKey(kind: 'amount' | 'date', key: string): string {
  return kind === 'amount' ? formatEuro(key) : formatDate(key);
}

function anchorMatches(word: string, anchor: string): boolean {
  if (anchor.length <= 3) return word === anchor;
  return anchor.length >= 5 ? word.includes(anchor) : word.startsWith(anchor);
}

/**
 * The key fact whose anchor word is nearest to the fact (at most `window` words away, the
 * words before counting first on a tie), or null.
 */
function nearestKeyFact(sentence: string, fact: TextFact, keyFacts: readonly KeyFact[], window = 6): KeyFact | null {
  const words = [...sentence.matchAll(WORD)].map((m) => ({ w: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
  const before = words.filter((w) => w.end <= fact.start).reverse();
  const after = words.filter((w) => w.start >= fact.end);
  for (let i = 0; i < window; i++) {
    for (const w of [before[i], after[i]]) {
      if (!w) continue;
      const k = keyFacts.find((kf) => kf.kind === fact.kind && kf.anchors.some((a) => anchorMatches(w.w, a)));
      if (k) return k;
    }
  }
  return null;
}

function checkFact(f: TextFact, sentence: string, record: RecordFacts, inTable: boolean): string | null {
  switch (f.kind) {
    case 'amount': {
      if (!record.amounts.has(f.key)) {
        return `Betrag ${f.text} (${formatEuro(f.key)}) kommt in der Entscheidung nicht vor.`;
      }
      return inTable || f.key === '0.00' ? null : bindingMismatch(f, sentence, record);
    }
    case 'date': {
      if (f.key.startsWith('ungültig:')) return `„${f.text}" ist kein gültiges Kalenderdatum.`;
      if (!record.dates.has(f.key)) return `Datum ${f.text} (${formatDate(f.key)}) kommt in der Entscheidung nicht vor.`;
      return inTable ? null : bindingMismatch(f, sentence, record);
    }
    case 'month':
      return record.months.has(f.key) ? null : `Monat „${f.text}" passt zu keinem Datum der Entscheidung.`;
    case 'period': {
      if (f.key.includes('ungültig:')) return `Der Zeitraum „${f.text}" enthält ein ungültiges Datum.`;
      if (record.periods.has(f.key)) return null;
      const expected = [...record.periods.entries()].find(([k]) => k.length === 21);
      const hint = expected ? ` Laut Entscheidung: ${expected[0].split('/').map(formatDate).join(' bis ')} (${expected[1]}).` : '';
      return `Zeitraum „${f.text}" stimmt mit keinem Zeitraum der Entscheidung überein.${hint}`;
    }
    case 'duration':
      return record.durations.has(f.key) ? null : `Frist/Dauer „${f.text}" kommt in der Entscheidung und den Textbausteinen nicht vor.`;
    case 'aktenzeichen':
      return record.aktenzeichen.has(f.key) ? null : `Aktenzeichen „${f.text}" ist nicht das Aktenzeichen dieses Falls (${record.aktenzeichenDisplay}).`;
    case 'norm': {
      const ref = f.citation!.ref;
      if (record.norms.some((k) => covers(k, ref))) return null;
      return `Rechtsgrundlage „${normKey(ref)}" (in „${f.text}") wird in der Entscheidung nicht angewandt.`;
    }
  }
}

/** A correct value in the wrong place: the nearest anchor names another key fact than the one this value belongs to. */
function bindingMismatch(f: TextFact, sentence: string, record: RecordFacts): string | null {
  const near = nearestKeyFact(sentence, f, record.keyFacts);
  if (!near || near.values.includes(f.key)) return null;
  const owner = record.keyFacts.find((k) => k.kind === f.kind && k.values.includes(f.key));
  if (!owner) return null;
  const kind = f.kind as 'amount' | 'date';
  return `${DESCRIBE[f.kind]} ${f.text} steht bei „${near.label}", ist laut Entscheidung aber ${owner.label}; ${near.label} ist ${near.values.map((v) => displayKey(kind, v)).join(', ')}.`;
}

const POLARITY: Record<RecordFacts['outcome'], RegExp | null> = {
  bewilligung: /\b(abgelehnt|ablehnen|kein Wohngeld|keinen Anspruch)\b/i,
  ablehnung: /\b(bewilligt|bewilligen|Sie (bekommen|erhalten) (jeden Monat |monatlich )?(Wohngeld|\d))/i,
  festsetzung: null,
  nachforderung: /\b(bewilligt|abgelehnt)\b/i,
};

function normalise(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Checks every sentence of a draft against the record: each amount, date, period, duration,
 * Aktenzeichen and § citation must be one of the record's (and stand in the right place);
 * the Rechtsbehelfsbelehrung must be unchanged; the plain-language version must keep every
 * required amount, date and deadline; no placeholder may be left over; a non-binding text
 * must not contradict the outcome.
 */
export function checkLetter(letter: Letter, record: RecordFacts): GateResult {
  const findings: GateFinding[] = [];
  let factsChecked = 0;
  const seen = { amount: new Set<string>(), date: new Set<string>(), duration: new Set<string>() };

  const head = [letter.subject, `Aktenzeichen: ${letter.aktenzeichen}`];
  head.forEach((sentence, i) => {
    for (const f of extractFacts(sentence, { aktenzeichenPatterns: record.aktenzeichenPatterns })) {
      factsChecked++;
      const problem = checkFact(f, sentence, record, false);
      if (problem) findings.push({ section: 'kopf', sentenceNo: i + 1, sentence, kind: f.kind, found: f.text, message: problem });
    }
  });

  for (const section of letter.sections) {
    // Table rows (label | value | norm) are the engine's own labels, not prose: no anchor binding there.
    const units = section.blocks.flatMap((b) => blockSentences(b).map((sentence) => ({ sentence, table: b.type === 'table' })));
    units.forEach(({ sentence, table }, i) => {
      const at = { section: section.id, sentenceNo: i + 1, sentence };
      const ph = PLACEHOLDER.exec(sentence);
      if (ph) findings.push({ ...at, kind: 'platzhalter', found: ph[0], message: `Der Platzhalter ${ph[0]} wurde nicht ausgefüllt.` });
      for (const f of extractFacts(sentence, { aktenzeichenPatterns: record.aktenzeichenPatterns })) {
        factsChecked++;
        const problem = checkFact(f, sentence, record, table);
        if (problem) findings.push({ ...at, kind: f.kind, found: f.text, message: problem });
        if (f.kind === 'amount' || f.kind === 'date' || f.kind === 'duration') seen[f.kind].add(f.key);
        if (f.kind === 'period') for (const k of f.key.split('/')) seen.date.add(k);
      }
      const polarity = POLARITY[record.outcome];
      if (!section.binding && polarity) {
        const m = polarity.exec(sentence);
        if (m) findings.push({ ...at, kind: 'ergebnis', found: m[0], message: `„${m[0]}" widerspricht dem Ergebnis der Entscheidung (${record.outcome}).` });
      }
    });
  }

  if (letter.administrativeAct) checkRechtsbehelf(letter, record, findings);
  // The plain-language version, and every Bescheid and Nachforderung as a whole, must keep the required facts.
  const needsAll = letter.kind === 'erlaeuterung' || letter.administrativeAct || letter.kind === 'nachforderung';
  if (needsAll) {
    const where = letter.kind === 'erlaeuterung' ? 'Die Erklärung in einfacher Sprache' : 'Das Schreiben';
    for (const r of record.required) {
      if (!seen[r.kind].has(r.key)) {
        findings.push({
          section: letter.kind === 'erlaeuterung' ? 'erlaeuterung' : 'kopf',
          sentenceNo: 0,
          sentence: '',
          kind: 'fehlende_angabe',
          found: null,
          message: `${where} nennt ${r.label} nicht (${r.display}); Beträge, Daten und Fristen müssen erhalten bleiben.`,
        });
      }
    }
  }
  if (letter.administrativeAct) {
    const tenor = letter.sections.find((s) => s.id === 'tenor');
    const tenorKeys = new Set(tenor ? sectionSentences(tenor).flatMap((s) => extractFacts(s).flatMap((f) => (f.kind === 'period' ? f.key.split('/') : [f.key]))) : []);
    for (const r of record.required) {
      if (r.tenor && !tenorKeys.has(r.key)) {
        findings.push({ section: 'tenor', sentenceNo: 0, sentence: '', kind: 'fehlende_angabe', found: null, message: `Der Verfügungssatz nennt ${r.label} nicht (${r.display}).` });
      }
    }
  }
  return { passed: findings.length === 0, findings, factsChecked };
}

function checkRechtsbehelf(letter: Letter, record: RecordFacts, findings: GateFinding[]): void {
  const section = letter.sections.find((s) => s.id === 'rechtsbehelfsbelehrung');
  if (!section) {
    findings.push({ section: 'rechtsbehelfsbelehrung', sentenceNo: 0, sentence: '', kind: 'rechtsbehelfsbelehrung', found: null, message: 'Die Rechtsbehelfsbelehrung fehlt.' });
    return;
  }
  const expected = record.rechtsbehelfsbelehrung.flatMap(splitSentences).map(normalise);
  const actual = sectionSentences(section).map(normalise);
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    if (expected[i] === actual[i]) continue;
    findings.push({
      section: 'rechtsbehelfsbelehrung',
      sentenceNo: i + 1,
      sentence: actual[i] ?? '',
      kind: 'rechtsbehelfsbelehrung',
      found: actual[i] ?? null,
      message:
        actual[i] === undefined
          ? `Die Rechtsbehelfsbelehrung wurde gekürzt: Es fehlt „${expected[i]}".`
          : expected[i] === undefined
            ? 'Die Rechtsbehelfsbelehrung wurde um einen Satz ergänzt; sie muss unverändert bleiben.'
            : `Die Rechtsbehelfsbelehrung wurde verändert; sie muss lauten: „${expected[i]}".`,
    });
    return;
  }
}
