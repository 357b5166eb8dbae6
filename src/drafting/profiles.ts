import { AmtsklarError } from '../common/index.ts';
import { folgenFehlenderMitwirkung, hinweiseAllgemein, hinweiseWohngeld } from './blocks.ts';
import { Decimal } from './decimal.ts';
import { firstOfMonth, formatDate, formatEuro, isoDate, parseIsoDate, periodEnd, type IsoDate } from './german/format.ts';
import type { Block, DecisionRecord, LetterInput } from './model.ts';
import { displayValue, isMoneyLike, moneyValue } from './trace.ts';

/**
 * A fact the letter states with words around it. The gate binds an amount or date to the
 * key fact whose anchor word stands nearest to it, so a draft cannot state a correct value
 * in the wrong place („Ihr Einkommen beträgt 110 €" where 110 € is the Wohngeld).
 */
export interface KeyFact {
  id: string;
  label: string;
  kind: 'amount' | 'date';
  /** Canonical keys (amount `110.00`, date `2025-01-01`). */
  values: string[];
  /** Lower-case word stems that refer to this fact. */
  anchors: string[];
  /** The plain-language explanation (and the Bescheid as a whole) must keep this fact. */
  required: boolean;
  /** The Verfügungssatz itself must state it (amount and period). */
  tenor?: boolean;
}

export interface PackProfile {
  /** The benefit or fee as a noun with article-less form („Wohngeld", „Elternbeitrag"). */
  leistung: string;
  bescheidKind(decision: DecisionRecord): 'bewilligung' | 'ablehnung' | 'festsetzung';
  subject(kind: 'bewilligung' | 'ablehnung' | 'festsetzung', input: LetterInput): string;
  period(input: LetterInput): { from: IsoDate; to: IsoDate } | null;
  tenor(kind: 'bewilligung' | 'ablehnung' | 'festsetzung', input: LetterInput): Block[];
  /** Whether a grant gives less than was applied for (then the rest is refused in the Tenor, § 33 Abs. 1 SGB X). */
  partlyRefused(input: LetterInput): boolean;
  zahlung(kind: 'bewilligung' | 'ablehnung' | 'festsetzung', input: LetterInput): Block[];
  /** Statements the law requires in the Berechnung besides the trace (§ 24 Abs. 3 S. 1 WoGG). */
  berechnungPflicht(input: LetterInput): Block[];
  hinweise(kind: 'bewilligung' | 'ablehnung' | 'festsetzung', input: LetterInput): Block[];
  keyFacts(input: LetterInput): KeyFact[];
  /** Notice of the consequences of missing cooperation in a Nachforderung. */
  folgen(deadline: IsoDate): Block[];
  /** The decision in a few plain sentences, without any model. */
  plain(kind: 'bewilligung' | 'ablehnung' | 'festsetzung', input: LetterInput): string[];
}

const WOHNGELD_MONAT = ['wohngeld_monat', 'wohngeld'];
const MIETE_24_3 = ['miete_ohne_heizkostenentlastung', 'miete_belastung_monat', 'miete_zugrunde', 'M'];
// The engine's name first: the sum of positive Einkünfte and Einnahmen of the members counted (§ 14).
const EINKUENFTE_24_3 = ['einkuenfte_einnahmen_monat', 'summe_positive_einkuenfte', 'einkuenfte_summe_monat', 'summe_einkuenfte'];

function wohngeldMonat(d: DecisionRecord): string {
  const v = moneyValue(d, WOHNGELD_MONAT);
  if (v === null) throw new AmtsklarError('invalid_input', 'Die Entscheidung enthält keinen Wert „wohngeld_monat".', [{ path: '$.values.wohngeld_monat', message: 'fehlt' }]);
  return v;
}

function zuschussArt(input: LetterInput): string {
  const v = input.decision.values;
  return v.art === 'lastenzuschuss' || v.lastenzuschuss === true ? 'Lastenzuschuss' : 'Mietzuschuss';
}

const wohngeld: PackProfile = {
  leistung: 'Wohngeld',
  bescheidKind(d) {
    return new Decimal(wohngeldMonat(d)).gt(0) ? 'bewilligung' : 'ablehnung';
  },
  subject(kind, input) {
    const antrag = `Ihr Antrag auf Wohngeld vom ${formatDate(input.applicationDate ?? input.decision.asOf)}`;
    return kind === 'bewilligung' ? `${antrag} – Bewilligung` : `${antrag} – Ablehnung`;
  },
  period(input) {
    if (input.bewilligungszeitraum) return input.bewilligungszeitraum;
    const v = input.decision.values;
    if (typeof v.bewilligungszeitraum_beginn === 'string' && typeof v.bewilligungszeitraum_ende === 'string') {
      return { from: v.bewilligungszeitraum_beginn, to: v.bewilligungszeitraum_ende };
    }
    // § 25 Abs. 1, 2 WoGG: 12 months from the first of the month the application was made in.
    const from = firstOfMonth(input.applicationDate ?? input.decision.asOf);
    return { from, to: periodEnd(from, 12) };
  },
  tenor(kind, input) {
    if (kind === 'ablehnung') {
      return [{ type: 'p', text: `Ihr Antrag auf Wohngeld vom ${formatDate(input.applicationDate ?? input.decision.asOf)} wird abgelehnt.` }];
    }
    const p = this.period(input)!;
    return [
      {
        type: 'p',
        text: `Für die Zeit vom ${formatDate(p.from)} bis ${formatDate(p.to)} (Bewilligungszeitraum) wird Ihnen Wohngeld als ${zuschussArt(input)} in Höhe von monatlich ${formatEuro(wohngeldMonat(input.decision))} bewilligt.${this.partlyRefused(input) ? ' Im Übrigen wird der Antrag abgelehnt.' : ''}`,
      },
    ];
  },
  partlyRefused(input) {
    // a shorter Bewilligungszeitraum than applied for (§ 25 Abs. 1 WoGG), or less Wohngeld or a
    // shorter period than computed, set by a person
    if (shorterThanAsked(input)) return true;
    return (input.decision.overrides ?? []).some((o) => (WOHNGELD_MONAT.includes(o.rule) || o.rule.startsWith('bewilligungszeitraum')) && lower(o.value, o.computed));
  },
  zahlung(kind) {
    if (kind !== 'bewilligung') return [];
    return [
      {
        type: 'p',
        text: 'Das Wohngeld wird monatlich im Voraus auf das im Antrag angegebene Konto überwiesen (§ 26 Abs. 1 WoGG).',
      },
    ];
  },
  berechnungPflicht(input) {
    // § 24 Abs. 3 WoGG: the reference amounts of the duty to report changes belong to a grant only
    if (this.bescheidKind(input.decision) !== 'bewilligung') return [];
    const miete = moneyValue(input.decision, MIETE_24_3);
    const einkuenfte = moneyValue(input.decision, EINKUENFTE_24_3);
    const parts: string[] = [];
    if (miete !== null) parts.push(`die monatliche Miete oder Belastung von ${formatEuro(miete)}`);
    if (einkuenfte !== null) parts.push(`die Summe der monatlichen positiven Einkünfte und Einnahmen aller zu berücksichtigenden Haushaltsmitglieder von ${formatEuro(einkuenfte)}`);
    if (parts.length === 0) return [];
    return [{ type: 'p', text: `Dieser Entscheidung liegen zugrunde: ${parts.join(' sowie ')} (§ 24 Abs. 3 S. 1 WoGG).` }];
  },
  hinweise(kind, input) {
    if (kind !== 'bewilligung') {
      return [{ type: 'p', text: 'Sie können jederzeit einen neuen Antrag stellen, wenn sich Ihre Verhältnisse ändern (§ 22 Abs. 1 WoGG).' }];
    }
    const miete = moneyValue(input.decision, MIETE_24_3) ?? '0';
    return hinweiseWohngeld(miete, moneyValue(input.decision, EINKUENFTE_24_3), this.period(input)!.to);
  },
  folgen(deadline) {
    return folgenFehlenderMitwirkung(deadline, 'das Wohngeld');
  },
  keyFacts(input) {
    const d = input.decision;
    const granted = this.bescheidKind(d) === 'bewilligung';
    const facts: KeyFact[] = [
      { id: 'wohngeld_monat', label: 'monatliches Wohngeld', kind: 'amount', values: [wohngeldMonat(d)], anchors: ['wohngeld', 'zuschuss', 'bekommen', 'erhalten', 'bewillig', 'ausgezahlt', 'überweis'], required: true, tenor: true },
    ];
    // § 24 Abs. 3 S. 1 WoGG: the reference amounts for the duty to report changes of more than 15 %.
    const miete = moneyValue(d, MIETE_24_3);
    if (miete !== null) facts.push({ id: 'miete', label: 'zugrunde gelegte monatliche Miete', kind: 'amount', values: [miete], anchors: ['miete', 'belastung'], required: granted });
    const e = moneyValue(d, EINKUENFTE_24_3);
    if (e !== null) facts.push({ id: 'einkuenfte', label: 'zugrunde gelegte Summe der monatlichen Einkünfte', kind: 'amount', values: [e], anchors: ['einkünfte', 'einnahmen', 'verdienst'], required: granted });
    const y = moneyValue(d, ['Y']);
    if (y !== null) facts.push({ id: 'Y', label: 'Gesamteinkommen (Y)', kind: 'amount', values: [y], anchors: ['einkommen'], required: false });
    if (granted) {
      const p = this.period(input)!;
      facts.push({ id: 'beginn', label: 'Beginn des Bewilligungszeitraums', kind: 'date', values: [p.from], anchors: ['ab', 'vom', 'beginn', 'beginnt', 'von'], required: true, tenor: true });
      facts.push({ id: 'ende', label: 'Ende des Bewilligungszeitraums', kind: 'date', values: [p.to], anchors: ['bis', 'ende', 'endet'], required: true, tenor: true });
    }
    return facts;
  },
  plain(kind, input) {
    if (kind === 'ablehnung') {
      return [
        'Sie bekommen kein Wohngeld.',
        ...input.decision.reasons.map((r) => `Der Grund: ${r.text} Das steht in ${r.norm}.`),
      ];
    }
    const p = this.period(input)!;
    const miete = moneyValue(input.decision, MIETE_24_3);
    const einkuenfte = moneyValue(input.decision, EINKUENFTE_24_3);
    return [
      'Sie bekommen Wohngeld.',
      `Sie bekommen jeden Monat ${formatEuro(wohngeldMonat(input.decision))} Wohngeld.`,
      `Das Wohngeld gilt vom ${formatDate(p.from)} bis ${formatDate(p.to)}.`,
      'Wir überweisen das Geld jeden Monat im Voraus auf Ihr Konto.',
      ...(miete !== null ? [`Wir haben mit einer Miete von ${formatEuro(miete)} im Monat gerechnet.`] : []),
      ...(einkuenfte !== null ? [`Wir haben mit Einkünften von ${formatEuro(einkuenfte)} im Monat gerechnet.`] : []),
      'Bitte sagen Sie uns sofort Bescheid, wenn jemand auszieht, wenn Ihre Miete um mehr als 15 Prozent sinkt oder wenn die Einkünfte um mehr als 15 Prozent steigen.',
    ];
  },
};

const KITA_BEITRAG = ['beitrag_monat', 'elternbeitrag_monat', 'monatsbeitrag', 'beitrag'];

/**
 * The fee is set from the month asked for (the Stichtag's month) to the end of its Kita year:
 * setting it from the Kita year's first of August would charge months before the one asked for
 * (a request for July would reach back eleven months).
 */
function kitaYear(input: LetterInput): { from: IsoDate; to: IsoDate } {
  const { y, m } = parseIsoDate(input.decision.asOf);
  const from = isoDate(y, m, 1);
  const begin = input.decision.values.kita_jahr_beginn;
  if (typeof begin === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(begin)) return { from: from > begin ? from : begin, to: periodEnd(begin, 12) };
  const start = m >= 8 ? y : y - 1;
  return { from, to: isoDate(start + 1, 7, 31) };
}

function kitaBeitrag(d: DecisionRecord): string {
  const v = moneyValue(d, KITA_BEITRAG);
  if (v === null) throw new AmtsklarError('invalid_input', 'Die Entscheidung enthält keinen monatlichen Elternbeitrag.', [{ path: '$.values.beitrag_monat', message: 'fehlt' }]);
  return v;
}

const kita: PackProfile = {
  leistung: 'Elternbeitrag',
  bescheidKind() {
    return 'festsetzung';
  },
  subject() {
    return 'Festsetzung des Elternbeitrags für die Kindertagesbetreuung';
  },
  period(input) {
    return input.bewilligungszeitraum ?? kitaYear(input);
  },
  tenor(_kind, input) {
    const p = this.period(input)!;
    return [
      {
        type: 'p',
        text: `Der monatliche Elternbeitrag für die Betreuung Ihres Kindes in einer Kindertageseinrichtung der Stadt wird für die Zeit vom ${formatDate(p.from)} bis ${formatDate(p.to)} auf ${formatEuro(kitaBeitrag(input.decision))} festgesetzt (§§ 1, 3 Elternbeitragssatzung).`,
      },
      // § 6: the application for a remission is an application of its own and is decided in the Tenor
      ...hardshipTenor(input),
    ];
  },
  partlyRefused(input) {
    const h = hardshipDecision(input);
    return h !== undefined && h.option !== 'voller_erlass';
  },
  zahlung(_kind, input) {
    if (new Decimal(kitaBeitrag(input.decision)).isZero()) return [];
    return [{ type: 'p', text: 'Der Beitrag ist monatlich im Voraus zu zahlen.' }];
  },
  berechnungPflicht() {
    return [];
  },
  hinweise() {
    return hinweiseAllgemein();
  },
  folgen(deadline) {
    return [
      {
        type: 'p',
        text: `Wenn die Angaben und Unterlagen bis zum ${formatDate(deadline)} fehlen, können wir den Elternbeitrag nur nach Aktenlage festsetzen. Ohne Nachweis des Einkommens ist der Höchstbeitrag zu zahlen (§ 2 Abs. 3 Satzung).`,
      },
    ];
  },
  keyFacts(input) {
    const p = this.period(input)!;
    return [
      { id: 'beitrag_monat', label: 'monatlicher Elternbeitrag', kind: 'amount', values: [kitaBeitrag(input.decision)], anchors: ['beitrag', 'zahlen', 'kosten'], required: true, tenor: true },
      { id: 'beginn', label: 'Beginn der Festsetzung', kind: 'date', values: [p.from], anchors: ['ab', 'vom', 'beginn', 'von'], required: true, tenor: true },
      { id: 'ende', label: 'Ende des Kita-Jahres', kind: 'date', values: [p.to], anchors: ['bis', 'ende', 'endet'], required: true, tenor: true },
    ];
  },
  plain(_kind, input) {
    const p = this.period(input)!;
    const beitrag = kitaBeitrag(input.decision);
    return [
      new Decimal(beitrag).isZero()
        ? `Sie zahlen für die Kita keinen Beitrag: ${formatEuro(beitrag)} im Monat.`
        : `Sie zahlen für die Kita jeden Monat ${formatEuro(beitrag)}.`,
      `Das gilt vom ${formatDate(p.from)} bis ${formatDate(p.to)}.`,
      ...input.decision.reasons.map((r) => `Der Grund: ${r.text} Das steht in ${r.norm}.`),
      'Bitte sagen Sie uns sofort Bescheid, wenn sich Ihr Einkommen oder Ihre Familie ändert.',
    ];
  },
};

/**
 * Packs without their own letter profile: the Tenor lists the decision's values as computed,
 * the Berechnung and Begründung come from trace and reasons like for every pack.
 */
const generic: PackProfile = {
  leistung: 'Entscheidung',
  bescheidKind() {
    return 'festsetzung';
  },
  subject(_kind, input) {
    return `Ihr Antrag vom ${formatDate(input.applicationDate ?? input.decision.asOf)} – Entscheidung`;
  },
  period() {
    return null;
  },
  tenor(_kind, input) {
    const items = Object.entries(input.decision.values)
      .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
      .map(([k, v]) => `${k}: ${displayValue(v, isMoneyLike(v))}`);
    return [
      { type: 'p', text: `Über Ihren Antrag wird nach dem Regelwerk „${input.decision.pack}" (Fassung ${input.decision.packVersion}) wie folgt entschieden:` },
      ...(items.length > 0 ? [{ type: 'list' as const, items }] : []),
    ];
  },
  partlyRefused(input) {
    // without knowing the pack: any value a person set lower than the computed one
    return (input.decision.overrides ?? []).some((o) => lower(o.value, o.computed));
  },
  zahlung() {
    return [];
  },
  berechnungPflicht() {
    return [];
  },
  hinweise() {
    return hinweiseAllgemein();
  },
  folgen(deadline) {
    return folgenFehlenderMitwirkung(deadline, 'die beantragte Leistung');
  },
  keyFacts() {
    return [];
  },
  plain(_kind, input) {
    return [`Wir haben über Ihren Antrag nach dem Regelwerk „${input.decision.pack}" entschieden.`, 'Was das für Sie bedeutet, steht im Bescheid.'];
  },
};

const PROFILES: Record<string, PackProfile> = {
  wohngeld: wohngeld,
  'kita-beitrag': kita,
  'kita-musterstadt': kita,
};

/** A discretion decision as the engine recorded it on its step (a decided point is no longer open in `decision.discretion`). */
function discretionOnTrace(input: LetterInput, point: string): { option: string } | undefined {
  for (const s of input.decision.trace ?? []) {
    const d = (s as { discretion?: { point?: string; option?: string; provisional?: boolean } }).discretion;
    if (d && d.point === point && !d.provisional && typeof d.option === 'string') return { option: d.option };
  }
  return undefined;
}

/** Whether the Bewilligungszeitraum set is shorter than the one applied for (12 months set for 18 asked; 12 for 6 asked gives more). */
function shorterThanAsked(input: LetterInput): boolean {
  for (const s of input.decision.trace ?? []) {
    const o = s as { rule?: string; value?: unknown; inputs?: Record<string, unknown> };
    if (o.rule !== 'bewilligungszeitraum_festgelegt') continue;
    const asked = o.inputs?.bewilligungszeitraum_beantragt_monate;
    return (typeof asked === 'number' || typeof asked === 'string') && lower(o.value, asked);
  }
  return false;
}

/** Whether a value a person set is less than the computed one (amounts, counts, ISO dates). */
function lower(value: unknown, computed: unknown): boolean {
  const a = String(value);
  const b = String(computed);
  if (/^\d{4}-\d{2}-\d{2}$/.test(a) && /^\d{4}-\d{2}-\d{2}$/.test(b)) return a < b;
  try {
    return new Decimal(a).lt(new Decimal(b));
  } catch {
    return false;
  }
}

/** The Jugendamt's decision on a hardship application (§ 6 Satzung), from the workflow or the trace. */
function hardshipDecision(input: LetterInput): { option: string } | undefined {
  return input.discretionDecisions?.haertefall_erlass ?? discretionOnTrace(input, 'haertefall_erlass');
}

function hardshipTenor(input: LetterInput): Block[] {
  const h = hardshipDecision(input);
  if (!h) return [];
  const text =
    h.option === 'voller_erlass'
      ? 'Auf Ihren Antrag wird der Beitrag wegen besonderer Härte vollständig erlassen (§ 6 Elternbeitragssatzung).'
      : h.option === 'teilerlass'
        ? 'Auf Ihren Antrag wird der Beitrag wegen besonderer Härte zur Hälfte erlassen; im Übrigen wird der Antrag auf Erlass abgelehnt (§ 6 Elternbeitragssatzung).'
        : 'Ihr Antrag auf Erlass des Beitrags wegen besonderer Härte wird abgelehnt (§ 6 Elternbeitragssatzung).';
  return [{ type: 'p', text }];
}

export function profileFor(pack: string): PackProfile {
  return PROFILES[pack] ?? generic;
}
