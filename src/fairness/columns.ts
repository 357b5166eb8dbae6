import { invalidInput } from '../common/index.ts';
import {
  ATTRIBUTE_DOMAINS,
  SENSITIVE_ATTRIBUTES,
  attributeCode,
  type DecisionRecord,
  type EqualitySurveyResponse,
  type SensitiveAttribute,
} from './model.ts';

/**
 * Decisions joined with consented survey answers, column by column: one typed array per
 * fact. A report over a million decisions reads these arrays a few dozen times; objects
 * would cost ten times the memory and time.
 */
export interface DecisionColumns {
  n: number;
  claim: Uint8Array;
  /** Whole cents; NaN where there is no amount. Cents are exact in a double up to 2^53. */
  amountCents: Float64Array;
  routed: Uint8Array;
  nachforderung: Uint8Array;
  processingDays: Float64Array;
  objection: Uint8Array;
  changed: Uint8Array;
  /** Claim as finally settled (after an objection that changed it). */
  finalClaim: Uint8Array;
  /** Per attribute: 0 = keine Angabe (no consent, no answer), i = i-th value of the domain. */
  attributes: Record<SensitiveAttribute, Uint8Array>;
  /** Decisions whose pseudonym has a consented survey response. */
  withSurvey: number;
}

export interface ColumnFilter {
  system: string;
  /** First and last month, `YYYY-MM`, inclusive. */
  from: string;
  to: string;
}

const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
const AMOUNT = /^([0-9]+)(?:\.([0-9]{1,2}))?$/;
const BITS = 3; // every domain has at most 7 values + "keine Angabe"

/** Survey answers by pseudonym, packed 3 bits per attribute; only consented responses. */
export function indexSurveys(responses: Iterable<EqualitySurveyResponse>): Map<string, number> {
  const index = new Map<string, number>();
  let i = 0;
  for (const r of responses) {
    const path = `$.befragung[${i}]`;
    if (typeof r.pseudonym !== 'string' || r.pseudonym === '') throw invalidInput(`${path}.pseudonym`, 'Pseudonym fehlt');
    if (typeof r.consent !== 'boolean') throw invalidInput(`${path}.consent`, 'Einwilligung muss ja oder nein sein');
    if (index.has(r.pseudonym)) throw invalidInput(`${path}.pseudonym`, 'zu diesem Pseudonym gibt es schon eine Befragung');
    let packed = 0;
    if (r.consent) {
      for (const key of Object.keys(r.answers ?? {})) {
        if (!(SENSITIVE_ATTRIBUTES as readonly string[]).includes(key)) {
          throw invalidInput(`${path}.answers.${key}`, 'unbekanntes Merkmal');
        }
      }
      SENSITIVE_ATTRIBUTES.forEach((attribute, a) => {
        const code = attributeCode(attribute, r.answers?.[attribute]);
        if (code < 0) {
          const allowed = ATTRIBUTE_DOMAINS[attribute].values.map((v) => v.code).join(', ');
          throw invalidInput(`${path}.answers.${attribute}`, `unbekannter Wert; erlaubt sind ${allowed} oder keine Angabe`);
        }
        packed |= code << (a * BITS);
      });
    }
    index.set(r.pseudonym, packed);
    i++;
  }
  return index;
}

/** Whole cents of a decimal amount string, without floating-point parsing. */
export function parseCents(amount: string, path: string): number {
  const m = AMOUNT.exec(amount);
  if (!m) throw invalidInput(path, 'Betrag muss eine Dezimalzahl mit höchstens zwei Nachkommastellen sein, z. B. "297.50"');
  const euros = Number(m[1]);
  if (!Number.isSafeInteger(euros * 100)) throw invalidInput(path, 'Betrag ist zu groß');
  const fraction = m[2] === undefined ? 0 : Number(m[2].padEnd(2, '0'));
  return euros * 100 + fraction;
}

/** Joins decisions of one system and period with the consented survey answers. */
export function buildColumns(
  decisions: Iterable<DecisionRecord>,
  surveys: Map<string, number>,
  filter: ColumnFilter,
): DecisionColumns {
  if (!MONTH.test(filter.from)) throw invalidInput('$.period.from', 'Monat im Format JJJJ-MM erwartet');
  if (!MONTH.test(filter.to)) throw invalidInput('$.period.to', 'Monat im Format JJJJ-MM erwartet');
  if (filter.from > filter.to) throw invalidInput('$.period', 'Beginn liegt nach dem Ende');
  const list = Array.isArray(decisions) ? (decisions as DecisionRecord[]) : [...decisions];
  let capacity = list.length;
  const claim = new Uint8Array(capacity);
  const amountCents = new Float64Array(capacity);
  const routed = new Uint8Array(capacity);
  const nachforderung = new Uint8Array(capacity);
  const processingDays = new Float64Array(capacity);
  const objection = new Uint8Array(capacity);
  const changed = new Uint8Array(capacity);
  const finalClaim = new Uint8Array(capacity);
  const packed = new Uint16Array(capacity);
  let n = 0;
  let withSurvey = 0;
  for (let i = 0; i < list.length; i++) {
    const d = list[i]!;
    const path = `$.entscheidungen[${i}]`;
    if (d.system !== filter.system) continue;
    if (typeof d.period !== 'string' || !MONTH.test(d.period)) throw invalidInput(`${path}.period`, 'Monat im Format JJJJ-MM erwartet');
    if (d.period < filter.from || d.period > filter.to) continue;
    checkBoolean(d.claim, `${path}.claim`);
    checkBoolean(d.routedToHuman, `${path}.routedToHuman`);
    checkBoolean(d.nachforderung, `${path}.nachforderung`);
    checkBoolean(d.objectionFiled, `${path}.objectionFiled`);
    checkBoolean(d.changedOnObjection, `${path}.changedOnObjection`);
    if (d.changedOnObjection && !d.objectionFiled) {
      throw invalidInput(`${path}.changedOnObjection`, 'geändert auf Widerspruch setzt einen Widerspruch voraus');
    }
    if (!Number.isInteger(d.processingDays) || d.processingDays < 0) {
      throw invalidInput(`${path}.processingDays`, 'Bearbeitungsdauer muss eine ganze Zahl von Tagen ≥ 0 sein');
    }
    claim[n] = d.claim ? 1 : 0;
    if (d.amount == null) amountCents[n] = Number.NaN;
    else if (typeof d.amount !== 'string') throw invalidInput(`${path}.amount`, 'Betrag als Dezimal-Zeichenkette erwartet');
    else amountCents[n] = parseCents(d.amount, `${path}.amount`);
    routed[n] = d.routedToHuman ? 1 : 0;
    nachforderung[n] = d.nachforderung ? 1 : 0;
    processingDays[n] = d.processingDays;
    objection[n] = d.objectionFiled ? 1 : 0;
    changed[n] = d.changedOnObjection ? 1 : 0;
    const settled = d.changedOnObjection && d.claimAfterObjection !== undefined ? d.claimAfterObjection : d.claim;
    finalClaim[n] = settled ? 1 : 0;
    const answers = surveys.get(d.pseudonym);
    if (answers !== undefined && answers !== 0) withSurvey++;
    packed[n] = answers ?? 0;
    n++;
  }
  capacity = n;
  const attributes = {} as Record<SensitiveAttribute, Uint8Array>;
  SENSITIVE_ATTRIBUTES.forEach((attribute, a) => {
    const column = new Uint8Array(n);
    for (let i = 0; i < n; i++) column[i] = (packed[i]! >> (a * BITS)) & 0b111;
    attributes[attribute] = column;
  });
  return {
    n,
    claim: claim.subarray(0, n),
    amountCents: amountCents.subarray(0, n),
    routed: routed.subarray(0, n),
    nachforderung: nachforderung.subarray(0, n),
    processingDays: processingDays.subarray(0, n),
    objection: objection.subarray(0, n),
    changed: changed.subarray(0, n),
    finalClaim: finalClaim.subarray(0, n),
    attributes,
    withSurvey,
  };
}

function checkBoolean(v: unknown, path: string): void {
  if (typeof v !== 'boolean') throw invalidInput(path, 'ja/nein-Wert (true/false) erwartet');
}
