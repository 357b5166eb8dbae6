import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decide, explain, requiredEvidence, type Pack } from '../../engine/index.ts';
import type { DecisionRecord, LetterInput } from '../model.ts';

/**
 * Decision records for tests, written by hand in the contract's format from the official
 * examples (shared/domain/wohngeld-beispiele: expected M, Y and wohngeld_monat) and from
 * the Musterstadt Kita statute. The trace is a plausible subset of the engine's: the
 * letters must not depend on more than the contract promises.
 */
const here = dirname(fileURLToPath(import.meta.url));
export const EXAMPLES_DIR = join(here, '../../../../shared/domain/wohngeld-beispiele');

interface Example {
  antrag: {
    stichtag: string;
    mietenstufe: number;
    miete_monat: string;
    haushaltsmitglieder: { id: string; einkuenfte?: { art: string; brutto_monat: string }[] }[];
  };
  erwartet: { wohngeld_monat: number; M: string; Y: string };
}

const RECEIPT = { inputHash: `sha256:${'a'.repeat(64)}`, resultHash: `sha256:${'b'.repeat(64)}`, engineVersion: 'fixture' };

export function exampleIds(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

export function wohngeldDecision(id: string): DecisionRecord {
  const ex = JSON.parse(readFileSync(join(EXAMPLES_DIR, `${id}.json`), 'utf8')) as Example;
  const a = ex.antrag;
  const sum = a.haushaltsmitglieder
    .flatMap((m) => m.einkuenfte ?? [])
    .reduce((acc, e) => acc + Math.round(Number(e.brutto_monat) * 100), 0);
  const summe = (sum / 100).toFixed(2);
  const n = a.haushaltsmitglieder.length;
  return {
    pack: 'wohngeld',
    packVersion: '2025.1',
    packHash: `sha256:${'c'.repeat(64)}`,
    asOf: a.stichtag,
    aktenzeichen: `WG-2025-${id.replace(/\D/g, '').padStart(6, '0')}`,
    outcome: 'decided',
    values: { wohngeld_monat: ex.erwartet.wohngeld_monat, M: ex.erwartet.M, Y: ex.erwartet.Y, summe_positive_einkuenfte: summe, haushaltsgroesse: n },
    reasons: ex.erwartet.wohngeld_monat === 0 ? [{ norm: '§ 21 Nr. 1 WoGG', text: 'Das errechnete Wohngeld beträgt weniger als 10 Euro monatlich.' }] : [],
    missing: [],
    discretion: [],
    trace: [
      { rule: 'haushalt', label: 'Zahl der zu berücksichtigenden Haushaltsmitglieder', value: n, norm: '§ 6 WoGG' },
      { rule: 'mietenstufe', label: 'Mietenstufe', value: a.mietenstufe, norm: '§ 12 Abs. 5 WoGG' },
      { rule: 'miete', label: 'Monatliche Miete laut Antrag', value: a.miete_monat, unit: 'EUR', norm: '§ 9 WoGG' },
      { rule: 'M', label: 'Zu berücksichtigende Miete (M)', value: ex.erwartet.M, unit: 'EUR', norm: '§ 12 Abs. 1 WoGG' },
      { rule: 'einkuenfte', label: 'Summe der positiven Einkünfte (monatlich)', value: summe, unit: 'EUR', norm: '§ 14 WoGG' },
      { rule: 'Y', label: 'Monatliches Gesamteinkommen (Y)', value: ex.erwartet.Y, unit: 'EUR', norm: '§ 13 WoGG' },
      { rule: 'wohngeld_monat', label: 'Wohngeld monatlich (gerundet)', value: ex.erwartet.wohngeld_monat, unit: 'EUR', norm: '§ 19 Abs. 1 WoGG' },
    ],
    receipt: RECEIPT,
  };
}

export function wohngeldInput(id: string, over: Partial<LetterInput> = {}): LetterInput {
  const decision = wohngeldDecision(id);
  return {
    decision,
    aktenzeichen: decision.aktenzeichen!,
    issuedOn: '2025-02-10',
    applicationDate: '2025-01-15',
    recipient: { name: 'Erika Mustermann', address: ['Lindenweg 3', '12345 Musterstadt'], salutation: 'Sehr geehrte Frau Mustermann,' },
    ...over,
  };
}

export function wohngeldMissing(): LetterInput {
  const base = wohngeldInput('B25-03');
  return {
    ...base,
    decision: {
      ...base.decision,
      outcome: 'missing_inputs',
      values: {},
      trace: [],
      missing: [
        { input: '$.haushaltsmitglieder[1].einkuenfte[0].brutto_monat', question: 'Wie hoch ist das monatliche Bruttoeinkommen Ihres Partners aus nichtselbständiger Arbeit? Bitte legen Sie die Verdienstbescheinigungen der letzten 12 Monate bei.', norm: '§ 14 WoGG' },
        { input: '$.miete_monat', question: 'Wie hoch ist Ihre monatliche Miete? Bitte legen Sie die Mietbescheinigung Ihres Vermieters bei.', norm: '§ 9 WoGG' },
      ],
    },
    checklist: [{ id: 'negativbescheinigung', label: 'Negativbescheinigung der früheren Wohngeldbehörde (Umzug in den letzten 18 Monaten)', norm: '§ 60 Abs. 1 SGB I' }],
  };
}

type KitaCase = { id: string; beitrag: string; reasons?: { norm: string; text: string }[]; stufe: number; stunden: number; einkommen: string | null };

const KITA_CASES: KitaCase[] = [
  { id: 'K-01', beitrag: '120.00', stufe: 3, stunden: 35, einkommen: '42000.00' },
  { id: 'K-02', beitrag: '410.00', stufe: 7, stunden: 35, einkommen: null, reasons: [{ norm: '§ 2 Abs. 3 Satzung', text: 'Das Einkommen wurde nicht nachgewiesen; daher ist der Höchstbeitrag zu zahlen.' }] },
  { id: 'K-03', beitrag: '0.00', stufe: 4, stunden: 45, einkommen: '55000.00', reasons: [{ norm: '§ 5 Abs. 1 Satzung', text: 'Das letzte Kita-Jahr vor der Einschulung ist beitragsfrei.' }] },
  { id: 'K-04', beitrag: '98.00', stufe: 2, stunden: 45, einkommen: '30000.00', reasons: [{ norm: '§ 3 Satzung', text: 'Das Kind ist zu Beginn des Kita-Jahres jünger als drei Jahre; der Beitrag erhöht sich um 30 Prozent.' }] },
];

export function kitaIds(): string[] {
  return [...KITA_CASES.map((c) => c.id), 'K-05'];
}

export function kitaInput(id: string): LetterInput {
  if (id === 'K-05') return kitaHaertefall();
  const c = KITA_CASES.find((k) => k.id === id)!;
  const decision: DecisionRecord = {
    pack: 'kita-beitrag',
    packVersion: '2025.1',
    packHash: `sha256:${'d'.repeat(64)}`,
    asOf: '2025-08-01',
    aktenzeichen: `KB-2025-${id.replace(/\D/g, '').padStart(6, '0')}`,
    outcome: 'decided',
    values: { beitrag_monat: c.beitrag, einkommensstufe: c.stufe },
    reasons: c.reasons ?? [],
    missing: [],
    discretion: [],
    trace: [
      { rule: 'einkommen', label: 'Maßgebliches Jahreseinkommen', value: c.einkommen ?? 'nicht nachgewiesen', unit: c.einkommen ? 'EUR' : undefined, norm: '§ 2 Abs. 1 Satzung' },
      { rule: 'stufe', label: 'Einkommensstufe', value: c.stufe, norm: '§ 3 Satzung' },
      { rule: 'umfang', label: 'Betreuungsumfang (Stunden je Woche)', value: c.stunden, norm: '§ 3 Satzung' },
      { rule: 'beitrag', label: 'Monatlicher Elternbeitrag', value: c.beitrag, unit: 'EUR', norm: '§ 3 Satzung' },
    ],
    receipt: RECEIPT,
  };
  return { decision, aktenzeichen: decision.aktenzeichen!, issuedOn: '2025-07-20', applicationDate: '2025-06-02', recipient: { name: 'Max Beispiel', address: ['Am Markt 7', '12345 Musterstadt'] } };
}

/** § 6 Satzung: a hardship application makes the case `needs_human`; a named person decided it. */
function kitaHaertefall(): LetterInput {
  const base = kitaInput('K-01');
  return {
    ...base,
    aktenzeichen: 'KB-2025-000005',
    decision: {
      ...base.decision,
      aktenzeichen: 'KB-2025-000005',
      outcome: 'needs_human',
      values: { beitrag_monat: '60.00', einkommensstufe: 3 },
      discretion: [{ point: 'haertefall', norm: '§ 6 Satzung', why: 'Die Eltern haben einen Erlass wegen unzumutbarer Belastung beantragt', options: [{ id: 'teilerlass', label: 'Erlass der Hälfte des Beitrags' }, { id: 'kein_erlass', label: 'kein Erlass' }] }],
    },
    discretionDecisions: { haertefall: { option: 'teilerlass', by: 'Sachbearbeiterin Schulz', reason: 'Wegen der nachgewiesenen Pflege eines Angehörigen wäre der volle Beitrag für die Familie eine unzumutbare Belastung.', at: '2025-07-18' } },
  };
}

/**
 * Real engine decisions for the letters: the 11 official Wohngeld examples, a refusal, a
 * Nachforderung, and Kita cases for every kind of outcome of the statute. The packs are
 * passed in (tests load them from packs/ through pack-files).
 */
export interface EnginePacks {
  wohngeld: Pack;
  kita: Pack;
}

const KITA_ENGINE_CASES: { id: string; input: Record<string, unknown>; discretion?: Record<string, { option: string; by: string; reason: string }> }[] = [
  { id: 'stufe3', input: { stichtag: '2025-09-01', kind: { geburtsdatum: '2020-03-01', betreuungsstunden_woche: 35 }, einkuenfte_eltern_vorjahr: 45000 } },
  { id: 'unter3', input: { stichtag: '2025-09-01', kind: { geburtsdatum: '2023-05-01', betreuungsstunden_woche: 45 }, einkuenfte_eltern_vorjahr: 60000 } },
  { id: 'ohne-nachweis', input: { stichtag: '2025-09-01', kind: { geburtsdatum: '2021-01-01', betreuungsstunden_woche: 25 } } },
  { id: 'letztes-jahr', input: { stichtag: '2025-09-01', kind: { geburtsdatum: '2020-03-01', betreuungsstunden_woche: 45, letztes_kitajahr_vor_einschulung: true }, einkuenfte_eltern_vorjahr: 90000 } },
  { id: 'wohngeldbezug', input: { stichtag: '2025-09-01', kind: { geburtsdatum: '2022-03-01' }, leistungsbezug: ['wohngeld'] } },
  { id: 'geschwister', input: { stichtag: '2025-09-01', kind: { geburtsdatum: '2021-06-01', betreuungsstunden_woche: 35 }, einkuenfte_eltern_vorjahr: 45000, geschwister_in_betreuung: [{ geburtsdatum: '2019-02-01' }] } },
  {
    id: 'haertefall',
    input: { stichtag: '2025-09-01', kind: { geburtsdatum: '2021-01-01', betreuungsstunden_woche: 45 }, einkuenfte_eltern_vorjahr: 70000, haertefallantrag: true },
    discretion: { haertefall_erlass: { option: 'teilerlass', by: 'Frau Schulz, Jugendamt', reason: 'Wegen der nachgewiesenen Pflege eines Angehörigen wäre der volle Beitrag eine unzumutbare Belastung.' } },
  },
  { id: 'ohne-umfang', input: { stichtag: '2025-09-01', kind: { geburtsdatum: '2021-01-01' }, einkuenfte_eltern_vorjahr: 45000 } },
];

function engineInput(pack: Pack, input: Record<string, unknown>, aktenzeichen: string, over: Partial<LetterInput>, discretion?: Record<string, { option: string; by: string; reason: string }>): LetterInput {
  const withAz = { ...input, aktenzeichen };
  const open = decide(pack, withAz, { trace: true });
  const decision = decide(pack, withAz, { trace: true, ...(discretion ? { discretion } : {}) });
  const record = decision as unknown as DecisionRecord;
  const options = Object.fromEntries(open.discretion.map((p) => [p.point, p.options ?? []]));
  return {
    decision: record,
    aktenzeichen,
    issuedOn: '2025-09-15',
    applicationDate: String(input.stichtag),
    recipient: { name: 'Erika Mustermann', address: ['Lindenweg 3', '12345 Musterstadt'], salutation: 'Sehr geehrte Frau Mustermann,' },
    discretionOptions: options,
    checklist: decision.outcome === 'missing_inputs' ? [...requiredEvidence(pack, withAz)].slice(0, 3) : [],
    ...(decision.outcome !== 'missing_inputs' ? { berechnung: explain(pack, decision, 'caseworker') } : {}),
    ...over,
  };
}

export function engineCases(packs: EnginePacks): [string, LetterInput][] {
  const out: [string, LetterInput][] = [];
  for (const id of exampleIds()) {
    const ex = JSON.parse(readFileSync(join(EXAMPLES_DIR, `${id}.json`), 'utf8')) as { antrag: Record<string, unknown> };
    out.push([`Wohngeld ${id}`, engineInput(packs.wohngeld, ex.antrag, `WG-2025-${id.replace(/\D/g, '').padStart(6, '0')}`, { issuedOn: '2025-02-10', applicationDate: String(ex.antrag.stichtag) })]);
  }
  const b01 = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'B25-01.json'), 'utf8')) as { antrag: { haushaltsmitglieder: { einkuenfte: unknown[] }[] } };
  const rich = structuredClone(b01.antrag);
  rich.haushaltsmitglieder[0]!.einkuenfte = [{ art: 'rente', brutto_monat: '4800.00' }];
  out.push(['Wohngeld Ablehnung', engineInput(packs.wohngeld, rich as unknown as Record<string, unknown>, 'WG-2025-000900', { issuedOn: '2025-02-10', applicationDate: '2025-01-01' })]);
  const gap = structuredClone(b01.antrag);
  gap.haushaltsmitglieder[0]!.einkuenfte = [{ art: 'rente' }];
  out.push(['Wohngeld Nachforderung', engineInput(packs.wohngeld, gap as unknown as Record<string, unknown>, 'WG-2025-000901', { issuedOn: '2025-02-10', applicationDate: '2025-01-01' })]);
  for (const c of KITA_ENGINE_CASES) {
    out.push([`Kita ${c.id}`, engineInput(packs.kita, c.input, `KB-2025-${String(out.length).padStart(6, '0')}`, { applicationDate: '2025-08-20' }, c.discretion)]);
  }
  return out;
}
