import { invalidInput } from '../common/index.ts';
import {
  ATTRIBUTE_DOMAINS,
  SENSITIVE_ATTRIBUTES,
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
const BITS = 3; // every domain has at most 7 values + "keine Angabe"

/** Answer code → attribute code (1-based), per attribute, for the hot loop. */
const CODES = SENSITIVE_ATTRIBUTES.map((a) => new Map(ATTRIBUTE_DOMAINS[a].values.map((v, i) => [v.code, i + 1] as const)));
const KNOWN = new Set<string>(SENSITIVE_ATTRIBUTES);

/** Survey answers by pseudonym, packed 3 bits per attribute; only consented responses. */
export function indexSurveys(responses: Iterable<EqualitySurveyResponse>): Map<string, number> {
  const index = new Map<string, number>();
  let i = 0;
  for (const r of responses) {
    if (typeof r.pseudonym !== 'string' || r.pseudonym === '') throw invalidInput(`$.befragung[${i}].pseudonym`, 'Pseudonym fehlt');
    if (typeof r.consent !== 'boolean') throw invalidInput(`$.befragung[${i}].consent`, 'Einwilligung muss ja oder nein sein');
    let packed = 0;
    if (r.consent && r.answers) {
      for (const key in r.answers) {
        if (!KNOWN.has(key)) throw invalidInput(`$.befragung[${i}].answers.${key}`, 'unbekanntes Merkmal');
      }
      for (let a = 0; a < SENSITIVE_ATTRIBUTES.length; a++) {
        const attribute = SENSITIVE_ATTRIBUTES[a]!;
        const value = r.answers[attribute];
        if (value == null) continue;
        const code = CODES[a]!.get(value);
        if (code === undefined) {
          const allowed = ATTRIBUTE_DOMAINS[attribute].values.map((v) => v.code).join(', ');
          throw invalidInput(`$.befragung[${i}].answers.${attribute}`, `unbekannter Wert; erlaubt sind ${allowed} oder keine Angabe`);
        }
        packed |= code << (a * BITS);
      }
    }
    const before = index.size;
    index.set(r.pseudonym, packed);
    if (index.size === before) throw invalidInput(`$.befragung[${i}].pseudonym`, 'zu diesem Pseudonym gibt es schon eine Befragung');
    i++;
  }
  return index;
}

/** Whole cents of a decimal amount string, without floating-point parsing. */
export function parseCents(amount: string, path: string): number {
  const cents = scanCents(amount);
  if (cents === -1) throw invalidInput(path, 'Betrag muss eine Dezimalzahl mit höchstens zwei Nachkommastellen sein, z. B. "297.50"');
  if (cents === -2) throw invalidInput(path, 'Betrag ist zu groß');
  return cents;
}

/** Digits, optionally a point and one or two digits: whole cents; -1 malformed, -2 too large. */
function scanCents(s: string): number {
  let euros = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    euros = euros * 10 + c;
  }
  if (i === 0) return -1;
  let fraction = 0;
  if (i < s.length) {
    if (s.charCodeAt(i) !== 46 || s.length - i - 1 < 1 || s.length - i - 1 > 2) return -1;
    for (let j = i + 1; j < s.length; j++) {
      const c = s.charCodeAt(j) - 48;
      if (c < 0 || c > 9) return -1;
      fraction = fraction * 10 + c;
    }
    if (s.length - i - 1 === 1) fraction *= 10;
  }
  if (!Number.isSafeInteger(euros * 100 + 99)) return -2;
  return euros * 100 + fraction;
}

/** Joins decisions of one system and period with the consented survey answers. */
export function buildColumns(
  decisions: Iterable<DecisionRecord>,
  surveys: ReadonlyMap<string, number>,
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
  // Periods repeat: each distinct string is checked against the pattern once.
  const inPeriod = new Map<string, boolean>();
  for (let i = 0; i < list.length; i++) {
    const d = list[i]!;
    if (d.system !== filter.system) continue;
    let included = inPeriod.get(d.period);
    if (included === undefined) {
      if (typeof d.period !== 'string' || !MONTH.test(d.period)) throw invalidInput(`$.entscheidungen[${i}].period`, 'Monat im Format JJJJ-MM erwartet');
      included = d.period >= filter.from && d.period <= filter.to;
      inPeriod.set(d.period, included);
    }
    if (!included) continue;
    if (
      typeof d.claim !== 'boolean' ||
      typeof d.routedToHuman !== 'boolean' ||
      typeof d.nachforderung !== 'boolean' ||
      typeof d.objectionFiled !== 'boolean' ||
      typeof d.changedOnObjection !== 'boolean' ||
      (d.changedOnObjection && !d.objectionFiled) ||
      !Number.isInteger(d.processingDays) ||
      d.processingDays < 0
    ) {
      explainInvalid(d, `$.entscheidungen[${i}]`);
    }
    claim[n] = d.claim ? 1 : 0;
    if (d.amount == null) amountCents[n] = Number.NaN;
    else if (typeof d.amount !== 'string') throw invalidInput(`$.entscheidungen[${i}].amount`, 'Betrag als Dezimal-Zeichenkette erwartet');
    else {
      const cents = scanCents(d.amount);
      amountCents[n] = cents >= 0 ? cents : parseCents(d.amount, `$.entscheidungen[${i}].amount`);
    }
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

/** Throws the German error naming the first faulty field (the fast path only detects that one exists). */
function explainInvalid(d: DecisionRecord, path: string): never {
  for (const field of ['claim', 'routedToHuman', 'nachforderung', 'objectionFiled', 'changedOnObjection'] as const) {
    if (typeof d[field] !== 'boolean') throw invalidInput(`${path}.${field}`, 'ja/nein-Wert (true/false) erwartet');
  }
  if (d.changedOnObjection && !d.objectionFiled) {
    throw invalidInput(`${path}.changedOnObjection`, 'geändert auf Widerspruch setzt einen Widerspruch voraus');
  }
  throw invalidInput(`${path}.processingDays`, 'Bearbeitungsdauer muss eine ganze Zahl von Tagen ≥ 0 sein');
}
