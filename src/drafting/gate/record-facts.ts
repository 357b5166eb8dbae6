import { rechtsbehelfsbelehrung } from '../blocks.ts';
import { normRefs, type NormRef } from '../german/citations.ts';
import { extractFacts, shapeOf, aktenzeichenKey } from '../german/extract.ts';
import { amountKey, formatDate, formatEuro } from '../german/format.ts';
import { nachforderungDeadline } from '../letters.ts';
import type { Letter, LetterInput } from '../model.ts';
import { profileFor, type KeyFact } from '../profiles.ts';
import { rechtsbehelfFor, type DraftingSettings } from '../settings.ts';
import { decisionNorms, traceRows } from '../trace.ts';
import { sectionSentences } from './sentences.ts';

/** A fact the plain-language explanation must keep, with how to say it. */
export interface RequiredFact {
  kind: 'amount' | 'date' | 'duration';
  key: string;
  label: string;
  display: string;
  /** Must stand in the Verfügungssatz of a Bescheid. */
  tenor: boolean;
}

/**
 * What a draft may state: the values of the decision record, its norms, the case's dates
 * and Aktenzeichen, and whatever the platform's own fixed blocks for this case state
 * (e.g. the fine of up to 2.000 € under § 37 WoGG). Nothing else.
 */
export interface RecordFacts {
  amounts: Map<string, string[]>;
  dates: Map<string, string[]>;
  months: Set<string>;
  periods: Map<string, string>;
  durations: Set<string>;
  aktenzeichen: Set<string>;
  aktenzeichenDisplay: string;
  norms: NormRef[];
  keyFacts: KeyFact[];
  /** For the plain-language version. */
  required: RequiredFact[];
  /** The Rechtsbehelfsbelehrung as the settings make it: sentences, in order. */
  rechtsbehelfsbelehrung: string[];
  aktenzeichenPatterns: RegExp[];
  outcome: 'bewilligung' | 'ablehnung' | 'festsetzung' | 'nachforderung';
}

function addLabel<K>(map: Map<K, string[]>, key: K, label: string): void {
  const list = map.get(key) ?? [];
  if (!list.includes(label)) list.push(label);
  map.set(key, list);
}

function collectNumbers(value: unknown, path: string, out: [string, string][]): void {
  if (typeof value === 'number' && Number.isFinite(value)) out.push([amountKey(String(value)), path]);
  else if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) out.push([amountKey(value), path]);
  else if (Array.isArray(value)) value.forEach((v, i) => collectNumbers(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collectNumbers(v, `${path}.${k}`, out);
}

/**
 * The record facts of one case. `references` are the platform's own deterministic letters
 * for the case; their facts are allowed because they are made from the record and fixed
 * blocks only.
 */
export function recordFacts(input: LetterInput, settings: DraftingSettings, references: readonly Letter[]): RecordFacts {
  const d = input.decision;
  const profile = profileFor(d.pack);
  const patterns = [shapeOf(input.aktenzeichen), ...settings.aktenzeichenPatterns.map((p) => new RegExp(p, 'g'))];
  const facts: RecordFacts = {
    amounts: new Map(),
    dates: new Map(),
    months: new Set(),
    periods: new Map(),
    durations: new Set(),
    aktenzeichen: new Set([aktenzeichenKey(input.aktenzeichen)]),
    aktenzeichenDisplay: input.aktenzeichen,
    norms: [],
    keyFacts: [],
    required: [],
    rechtsbehelfsbelehrung: [],
    aktenzeichenPatterns: patterns,
    outcome: d.outcome === 'missing_inputs' ? 'nachforderung' : profile.bescheidKind(d),
  };

  const numbers: [string, string][] = [];
  collectNumbers(d.values, 'Wert', numbers);
  for (const [k, label] of numbers) addLabel(facts.amounts, k, label.replace(/^Wert\./, ''));
  for (const r of traceRows(d)) if (r.amount) addLabel(facts.amounts, r.amount, r.label);
  for (const o of Object.values(input.overrides ?? {})) {
    const n: [string, string][] = [];
    collectNumbers(o.value, 'Korrektur', n);
    for (const [k, l] of n) addLabel(facts.amounts, k, l);
  }

  const addDate = (iso: string, label: string): void => {
    addLabel(facts.dates, iso, label);
    facts.months.add(iso.slice(0, 7));
  };
  addDate(input.issuedOn, 'Datum des Schreibens');
  addDate(input.applicationDate ?? d.asOf, 'Antragsdatum');
  addDate(d.asOf, 'Stichtag');
  for (const h of Object.values(input.discretionDecisions ?? {})) if (h.at) addDate(h.at.slice(0, 10), 'Ermessensentscheidung');
  if (d.outcome === 'missing_inputs') addDate(nachforderungDeadline(input, settings), 'Frist der Nachforderung');

  for (const n of decisionNorms(d)) facts.norms.push(...normRefs(n));
  for (const c of input.checklist ?? []) facts.norms.push(...normRefs(c.norm));

  if (d.outcome !== 'missing_inputs') {
    const kind = profile.bescheidKind(d);
    facts.keyFacts = profile.keyFacts(input);
    const p = profile.period(input);
    if (p) {
      facts.periods.set(`${p.from}/${p.to}`, 'Bewilligungszeitraum');
      facts.periods.set(`${p.from.slice(0, 7)}/${p.to.slice(0, 7)}`, 'Bewilligungszeitraum');
      addDate(p.from, 'Beginn des Bewilligungszeitraums');
      addDate(p.to, 'Ende des Bewilligungszeitraums');
    }
    facts.rechtsbehelfsbelehrung = rechtsbehelfsbelehrung(rechtsbehelfFor(settings, d.pack)).flatMap((b) => (b.type === 'p' ? [b.text] : []));
    for (const k of facts.keyFacts) {
      if (!k.required) continue;
      for (const v of k.values) {
        if (k.kind === 'amount' && kind !== 'ablehnung') facts.required.push({ kind: 'amount', key: v, label: k.label, display: formatEuro(v), tenor: !!k.tenor });
        if (k.kind === 'date') facts.required.push({ kind: 'date', key: v, label: k.label, display: formatDate(v), tenor: !!k.tenor });
      }
    }
    facts.required.push({ kind: 'duration', key: '1 Monat', label: 'Frist für den Rechtsbehelf', display: 'innerhalb eines Monats', tenor: false });
  } else {
    const deadline = nachforderungDeadline(input, settings);
    facts.keyFacts = [
      { id: 'frist', label: 'Frist der Nachforderung', kind: 'date', values: [deadline], anchors: ['frist', 'bis', 'spätestens', 'einreichen', 'schicken', 'senden'], required: true },
    ];
    facts.required.push({ kind: 'date', key: deadline, label: 'Frist der Nachforderung', display: formatDate(deadline), tenor: false });
  }

  for (const letter of references) {
    for (const s of letter.sections) {
      for (const sentence of sectionSentences(s)) {
        for (const f of extractFacts(sentence, { aktenzeichenPatterns: patterns })) {
          if (f.kind === 'amount') addLabel(facts.amounts, f.key, `Textbaustein „${s.heading ?? s.id}"`);
          else if (f.kind === 'date' && !f.key.startsWith('ungültig')) addDate(f.key, `Textbaustein „${s.heading ?? s.id}"`);
          else if (f.kind === 'period') facts.periods.set(f.key, `Textbaustein „${s.heading ?? s.id}"`);
          else if (f.kind === 'duration') facts.durations.add(f.key);
          else if (f.kind === 'norm' && f.citation) facts.norms.push(f.citation.ref);
        }
      }
    }
  }
  facts.durations.add('1 Monat');
  const p = profile.period(input);
  if (p && d.outcome !== 'missing_inputs') {
    const months = (Number(p.to.slice(0, 4)) - Number(p.from.slice(0, 4))) * 12 + Number(p.to.slice(5, 7)) - Number(p.from.slice(5, 7)) + 1;
    facts.durations.add(`${months} Monat`);
  }
  return facts;
}
