import { invalidInput } from '../common/index.ts';
import { PACK_BITS, PACKED_TO_CELL } from './cells.ts';
import { ATTRIBUTE_DOMAINS, SENSITIVE_ATTRIBUTES, type DecisionRecord, type EqualitySurveyResponse } from './model.ts';

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
  /** Cell of the finest cross-classification of the survey answers (see cells.ts); 0 = all "keine Angabe". */
  cells: Uint16Array;
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

/**
 * Survey answers by pseudonym (packed 3 bits per attribute, 0 without consent): an
 * open-addressing hash table over typed arrays with the 32-bit FNV-1a hash of each key
 * stored beside it, so a probe compares numbers and touches a key string only on a hash
 * match. Two to four times faster than a Map for a million pseudonyms, and it allocates
 * four arrays instead of a million entries for the garbage collector.
 */
export class SurveyIndex {
  private readonly keys: string[] = [];
  private values: Uint16Array;
  private slots: Int32Array;
  private hashes: Uint32Array;

  /** `expected`: entries to size the table for; it grows beyond. */
  constructor(expected = 16) {
    this.values = new Uint16Array(Math.max(16, expected));
    let size = 32;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.hashes = new Uint32Array(size);
  }

  get size(): number {
    return this.keys.length;
  }

  get(pseudonym: string): number | undefined {
    const h = fnv1a(pseudonym);
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const i = this.slots[slot]!;
      if (i < 0) return undefined;
      if (this.hashes[slot] === h && this.keys[i] === pseudonym) return this.values[i];
    }
  }

  /** Adds an entry; false (and no change) when the pseudonym is already there. */
  add(pseudonym: string, packed: number): boolean {
    if ((this.keys.length + 1) * 2 > this.slots.length) this.grow();
    const h = fnv1a(pseudonym);
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (; this.slots[slot]! >= 0; slot = (slot + 1) & mask) {
      if (this.hashes[slot] === h && this.keys[this.slots[slot]!] === pseudonym) return false;
    }
    const i = this.keys.length;
    this.keys.push(pseudonym);
    if (i >= this.values.length) {
      const bigger = new Uint16Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[i] = packed;
    this.slots[slot] = i;
    this.hashes[slot] = h;
    return true;
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    this.slots = new Int32Array(oldSlots.length * 2).fill(-1);
    this.hashes = new Uint32Array(oldSlots.length * 2);
    const mask = this.slots.length - 1;
    for (let s = 0; s < oldSlots.length; s++) {
      const i = oldSlots[s]!;
      if (i < 0) continue;
      let slot = oldHashes[s]! & mask;
      while (this.slots[slot]! >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = i;
      this.hashes[slot] = oldHashes[s]!;
    }
  }
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Allowed answer codes per attribute, in domain order (code = position + 1). */
const VALUES = SENSITIVE_ATTRIBUTES.map((a) => ATTRIBUTE_DOMAINS[a].values.map((v) => v.code));
const KNOWN = new Set<string>(SENSITIVE_ATTRIBUTES);

/**
 * How answers are packed (the layout `indexSurveys` and `ColumnBuilder` read): per
 * attribute its bit shift and its answer codes, numbered from 1 (0 = keine Angabe). The
 * edge uses it to pack answers inside the database query.
 */
export const SURVEY_PACKING: readonly { attribute: string; shift: number; codes: readonly string[] }[] = SENSITIVE_ATTRIBUTES.map((attribute, i) => ({
  attribute,
  shift: i * PACK_BITS,
  codes: VALUES[i]!,
}));

/** Survey answers by pseudonym, packed 3 bits per attribute; only consented responses. */
export function indexSurveys(responses: Iterable<EqualitySurveyResponse>): SurveyIndex {
  const index = new SurveyIndex(Array.isArray(responses) ? responses.length : 16);
  let i = 0;
  for (const r of responses) {
    if (typeof r.pseudonym !== 'string' || r.pseudonym === '') throw invalidInput(`$.befragung[${i}].pseudonym`, 'Pseudonym fehlt');
    if (typeof r.consent !== 'boolean') throw invalidInput(`$.befragung[${i}].consent`, 'Einwilligung muss ja oder nein sein');
    let packed = 0;
    const answers = r.answers;
    if (r.consent && answers) {
      for (const key in answers) {
        if (!KNOWN.has(key)) throw invalidInput(`$.befragung[${i}].answers.${key}`, 'unbekanntes Merkmal');
      }
      packed =
        answerCode(0, answers.gender, i) |
        (answerCode(1, answers.ageGroup, i) << PACK_BITS) |
        (answerCode(2, answers.nationalityGroup, i) << (2 * PACK_BITS)) |
        (answerCode(3, answers.disability, i) << (3 * PACK_BITS)) |
        (answerCode(4, answers.migrationBackground, i) << (4 * PACK_BITS));
    }
    if (!index.add(r.pseudonym, packed)) throw invalidInput(`$.befragung[${i}].pseudonym`, 'zu diesem Pseudonym gibt es schon eine Befragung');
    i++;
  }
  return index;
}

function answerCode(attribute: number, value: string | null | undefined, i: number, prefix = `$.befragung[${i}]`): number {
  if (value == null) return 0;
  const list = VALUES[attribute]!;
  for (let j = 0; j < list.length; j++) if (list[j] === value) return j + 1;
  const name = SENSITIVE_ATTRIBUTES[attribute]!;
  throw invalidInput(`${prefix}.answers.${name}`, `unbekannter Wert; erlaubt sind ${list.join(', ')} oder keine Angabe`);
}

/**
 * Checks one survey submission as it comes from a person (the API body) and returns it in
 * stored form: answers only with consent, only known attributes and values, "keine
 * Angabe" as absent. German errors name the field (`$.answers.gender`).
 */
export function parseSurveySubmission(body: unknown): { consent: boolean; answers: EqualitySurveyResponse['answers'] } {
  if (body === null || typeof body !== 'object') throw invalidInput('$', 'Angaben als Objekt erwartet');
  const b = body as { consent?: unknown; answers?: unknown };
  if (typeof b.consent !== 'boolean') throw invalidInput('$.consent', 'Einwilligung muss ja oder nein sein');
  if (!b.consent) return { consent: false, answers: {} };
  if (b.answers !== undefined && (b.answers === null || typeof b.answers !== 'object' || Array.isArray(b.answers))) {
    throw invalidInput('$.answers', 'Antworten als Objekt erwartet');
  }
  const raw = (b.answers ?? {}) as Record<string, unknown>;
  const answers: EqualitySurveyResponse['answers'] = {};
  for (const key of Object.keys(raw)) {
    if (!KNOWN.has(key)) throw invalidInput(`$.answers.${key}`, 'unbekanntes Merkmal');
    const value = raw[key];
    if (value !== null && typeof value !== 'string') throw invalidInput(`$.answers.${key}`, 'Antwort als Text oder keine Angabe (null) erwartet');
    const a = SENSITIVE_ATTRIBUTES.indexOf(key as (typeof SENSITIVE_ATTRIBUTES)[number]);
    if (answerCode(a, value, 0, '$') > 0) answers[key as (typeof SENSITIVE_ATTRIBUTES)[number]] = value as string;
  }
  return { consent: true, answers };
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
  surveys: Pick<SurveyIndex, 'get'>,
  filter: ColumnFilter,
): DecisionColumns {
  if (!MONTH.test(filter.from)) throw invalidInput('$.period.from', 'Monat im Format JJJJ-MM erwartet');
  if (!MONTH.test(filter.to)) throw invalidInput('$.period.to', 'Monat im Format JJJJ-MM erwartet');
  if (filter.from > filter.to) throw invalidInput('$.period', 'Beginn liegt nach dem Ende');
  const list = Array.isArray(decisions) ? (decisions as DecisionRecord[]) : [...decisions];
  const capacity = list.length;
  const claim = new Uint8Array(capacity);
  const amountCents = new Float64Array(capacity);
  const routed = new Uint8Array(capacity);
  const nachforderung = new Uint8Array(capacity);
  const processingDays = new Float64Array(capacity);
  const objection = new Uint8Array(capacity);
  const changed = new Uint8Array(capacity);
  const finalClaim = new Uint8Array(capacity);
  const cells = new Uint16Array(capacity);
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
    cells[n] = PACKED_TO_CELL[answers ?? 0]!;
    n++;
  }
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
    cells: cells.subarray(0, n),
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

/** The facts of one decision as bits, for bulk reads at the edge (`ColumnBuilder.push`). */
export const ROW_FLAGS = { claim: 1, routed: 2, nachforderung: 4, objection: 8, changed: 16, finalClaim: 32 } as const;

/**
 * Columns filled row by row from a bulk read at the edge: the database joins the decision
 * records with the consented survey answers and hands over numbers only (flags, cents,
 * days, packed answers), so no decision object and no pseudonym string is ever built for
 * a report. Rows must already be filtered to one system and period.
 */
export class ColumnBuilder {
  private n = 0;
  private withSurvey = 0;
  private readonly claim: Uint8Array;
  private readonly amountCents: Float64Array;
  private readonly routed: Uint8Array;
  private readonly nachforderung: Uint8Array;
  private readonly processingDays: Float64Array;
  private readonly objection: Uint8Array;
  private readonly changed: Uint8Array;
  private readonly finalClaim: Uint8Array;
  private readonly cells: Uint16Array;

  constructor(private readonly capacity: number) {
    this.claim = new Uint8Array(capacity);
    this.amountCents = new Float64Array(capacity);
    this.routed = new Uint8Array(capacity);
    this.nachforderung = new Uint8Array(capacity);
    this.processingDays = new Float64Array(capacity);
    this.objection = new Uint8Array(capacity);
    this.changed = new Uint8Array(capacity);
    this.finalClaim = new Uint8Array(capacity);
    this.cells = new Uint16Array(capacity);
  }

  /** `amountCents` null (or negative) without an amount; `packedAnswers` 0 without consented answers. */
  push(flags: number, amountCents: number | null, processingDays: number, packedAnswers: number): void {
    const i = this.n;
    if (i >= this.capacity) throw new RangeError('mehr Zeilen als angekündigt');
    const path = `$.entscheidungen[${i}]`;
    if (!Number.isInteger(processingDays) || processingDays < 0) throw invalidInput(`${path}.processingDays`, 'Bearbeitungsdauer muss eine ganze Zahl von Tagen ≥ 0 sein');
    if ((flags & ROW_FLAGS.changed) !== 0 && (flags & ROW_FLAGS.objection) === 0) {
      throw invalidInput(`${path}.changedOnObjection`, 'geändert auf Widerspruch setzt einen Widerspruch voraus');
    }
    if (amountCents !== null && amountCents >= 0 && !Number.isSafeInteger(amountCents)) throw invalidInput(`${path}.amount`, 'Betrag in ganzen Cent erwartet');
    if (!Number.isInteger(packedAnswers) || packedAnswers < 0 || packedAnswers >= PACKED_TO_CELL.length) throw invalidInput(`${path}.befragung`, 'ungültige Antwortkodierung');
    this.claim[i] = flags & ROW_FLAGS.claim ? 1 : 0;
    this.amountCents[i] = amountCents === null || amountCents < 0 ? Number.NaN : amountCents;
    this.routed[i] = flags & ROW_FLAGS.routed ? 1 : 0;
    this.nachforderung[i] = flags & ROW_FLAGS.nachforderung ? 1 : 0;
    this.processingDays[i] = processingDays;
    this.objection[i] = flags & ROW_FLAGS.objection ? 1 : 0;
    this.changed[i] = flags & ROW_FLAGS.changed ? 1 : 0;
    this.finalClaim[i] = flags & ROW_FLAGS.finalClaim ? 1 : 0;
    if (packedAnswers !== 0) this.withSurvey++;
    this.cells[i] = PACKED_TO_CELL[packedAnswers]!;
    this.n++;
  }

  finish(): DecisionColumns {
    const n = this.n;
    return {
      n,
      claim: this.claim.subarray(0, n),
      amountCents: this.amountCents.subarray(0, n),
      routed: this.routed.subarray(0, n),
      nachforderung: this.nachforderung.subarray(0, n),
      processingDays: this.processingDays.subarray(0, n),
      objection: this.objection.subarray(0, n),
      changed: this.changed.subarray(0, n),
      finalClaim: this.finalClaim.subarray(0, n),
      cells: this.cells.subarray(0, n),
      withSurvey: this.withSurvey,
    };
  }
}

/** Survey answers packed as `indexSurveys` packs them (PACK_BITS per attribute, 0 = keine Angabe). */
export function packAnswers(answers: EqualitySurveyResponse['answers']): number {
  let packed = 0;
  SENSITIVE_ATTRIBUTES.forEach((a, i) => {
    packed |= answerCode(i, answers[a], 0, '$') << (i * PACK_BITS);
  });
  return packed;
}
