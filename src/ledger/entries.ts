import { AmtsklarError, type Problem } from '../common/index.ts';
import { COMMITMENT_PATTERN } from './commitment.ts';

/**
 * The ledger's entries: one typed record per event that matters. An entry holds hashes,
 * salted commitments, code values and pseudonymous identifiers — never personal data and
 * never free text. `validateEntry` enforces that with a closed schema: unknown fields and
 * strings that fit no field's pattern (a sentence, a name with a space, a date of birth
 * in a code field) are refused.
 */

export const ENTRY_VERSION = 1;

type FieldKind =
  | 'hash' // sha256:<64 hex> — content hash of canonical JSON or of a file
  | 'commitment' // commit:<64 hex> — salted commitment
  | 'code' // a code value: lower-case token (outcome, purpose, legal basis, letter kind)
  | 'ref' // a pseudonymous identifier: UUID, pack release, staff id — no spaces
  | 'time' // RFC 3339 UTC timestamp
  | 'count'; // non-negative integer

interface FieldSpec {
  kind: FieldKind;
  optional?: boolean;
}

const PATTERNS: Record<Exclude<FieldKind, 'count' | 'time' | 'commitment'>, RegExp> = {
  hash: /^sha256:[0-9a-f]{64}$/,
  code: /^[a-z][a-z0-9_.-]{0,63}$/,
  ref: /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,79}$/,
};
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

const common = {
  v: { kind: 'count' },
  type: { kind: 'code' },
  at: { kind: 'time' },
  municipality: { kind: 'ref' },
} satisfies Record<string, FieldSpec>;
const caseFields = { case: { kind: 'commitment' } } satisfies Record<string, FieldSpec>;
const actorFields = { actorRole: { kind: 'code' }, actor: { kind: 'ref' } } satisfies Record<string, FieldSpec>;

/** Each entry type: its own fields, on top of v, type, at and municipality. */
const SCHEMAS = {
  /** An application arrived: its canonical input, as a hash. */
  application_received: { ...caseFields, inputHash: { kind: 'hash' }, packId: { kind: 'code' } },
  /** The expert system decided: which pack, what result. */
  decision: {
    ...caseFields,
    packId: { kind: 'code' },
    packRelease: { kind: 'ref' },
    packHash: { kind: 'hash' },
    inputHash: { kind: 'hash' },
    resultHash: { kind: 'hash' },
    outcome: { kind: 'code' },
  },
  /** A person decided a discretion point (Ermessen). */
  discretion_decision: { ...caseFields, ...actorFields, point: { kind: 'code' }, valueHash: { kind: 'hash' }, reasonHash: { kind: 'hash' } },
  /** A person overrode a computed value. */
  override: { ...caseFields, ...actorFields, field: { kind: 'code' }, valueHash: { kind: 'hash' }, reasonHash: { kind: 'hash' } },
  /** A draft letter text, with the model that wrote parts of it (or none). */
  draft: {
    ...caseFields,
    draftId: { kind: 'ref' },
    kind: { kind: 'code' },
    textHash: { kind: 'hash' },
    resultHash: { kind: 'hash', optional: true },
    model: { kind: 'ref', optional: true },
    promptHash: { kind: 'hash', optional: true },
  },
  /** A named person approved the decision and its text; the approval record itself only as a commitment. */
  approval: {
    ...caseFields,
    ...actorFields,
    step: { kind: 'count' },
    resultHash: { kind: 'hash' },
    textHash: { kind: 'hash', optional: true },
    recordCommitment: { kind: 'commitment' },
  },
  /** A letter (Bescheid, Nachforderung) left the office: the PDF's hash. */
  letter_issued: { ...caseFields, ...actorFields, letterId: { kind: 'ref' }, kind: { kind: 'code' }, textHash: { kind: 'hash' }, pdfHash: { kind: 'hash', optional: true } },
  /** An objection (Widerspruch) was filed: its text only as a commitment. */
  objection: { ...caseFields, objectionId: { kind: 'ref' }, textCommitment: { kind: 'commitment' } },
  /** The AI register changed. */
  register_change: { ...actorFields, registerId: { kind: 'ref' }, contentHash: { kind: 'hash' } },
  /** A configuration value or rule pack release changed. */
  configuration_change: { ...actorFields, key: { kind: 'code' }, valueHash: { kind: 'hash' } },
  /** Someone read personal data of a case. */
  data_access: { case: { kind: 'commitment', optional: true }, ...actorFields, purposeHash: { kind: 'hash' }, whatHash: { kind: 'hash' } },
  /** A signed fairness report was published: which system and period, and the hash of its canonical JSON. */
  fairness_report: {
    ...actorFields,
    reportId: { kind: 'ref' },
    systemId: { kind: 'code' },
    periodFrom: { kind: 'ref' },
    periodTo: { kind: 'ref' },
    reportHash: { kind: 'hash' },
  },
  /** Personal data of a case was erased: by destroying its key (with the key's fingerprint) or by deletion. */
  erasure: { ...caseFields, ...actorFields, legalBasis: { kind: 'code' }, method: { kind: 'code' }, keyFingerprint: { kind: 'hash', optional: true } },
} as const satisfies Record<string, Record<string, FieldSpec>>;

export type EntryType = keyof typeof SCHEMAS;
export const ENTRY_TYPES = Object.keys(SCHEMAS) as EntryType[];

// Each type's complete field list, built once: validation runs per leaf in a full re-check.
const FULL_SPECS = new Map<string, [string, FieldSpec][]>(ENTRY_TYPES.map((t) => [t, Object.entries({ ...common, ...SCHEMAS[t] } as Record<string, FieldSpec>)]));

type Value<S extends FieldSpec> = S['kind'] extends 'count' ? number : string;
type Fields<T extends Record<string, FieldSpec>> = {
  [K in keyof T as T[K] extends { optional: true } ? never : K]: Value<T[K]>;
} & { [K in keyof T as T[K] extends { optional: true } ? K : never]?: Value<T[K]> };

/** An entry of the given type, as stored (canonical JSON of this object is the leaf). */
export type EntryOf<T extends EntryType> = { v: typeof ENTRY_VERSION; type: T; at: string; municipality: string } & Fields<(typeof SCHEMAS)[T]>;
export type LedgerEntry = { [T in EntryType]: EntryOf<T> }[EntryType];

function checkField(path: string, spec: FieldSpec, value: unknown, problems: Problem[]): void {
  switch (spec.kind) {
    case 'count':
      if (!Number.isSafeInteger(value) || (value as number) < 0) problems.push({ path, message: 'muss eine nicht-negative ganze Zahl sein' });
      return;
    case 'time':
      if (typeof value !== 'string' || !TIME.test(value) || Number.isNaN(Date.parse(value))) {
        problems.push({ path, message: 'muss ein UTC-Zeitstempel (RFC 3339, z. B. 2025-01-31T12:00:00Z) sein' });
      }
      return;
    case 'commitment':
      if (typeof value !== 'string' || !COMMITMENT_PATTERN.test(value)) problems.push({ path, message: 'muss ein gesalzenes Commitment (commit:<64 Hex>) sein' });
      return;
    default:
      if (typeof value !== 'string' || !PATTERNS[spec.kind].test(value)) {
        const what = { hash: 'ein Hash (sha256:<64 Hex>)', code: 'ein Code-Wert (Kleinbuchstaben, Ziffern, _ . -)', ref: 'eine pseudonyme Kennung ohne Leerzeichen' }[spec.kind];
        const freeText = typeof value === 'string' && /\s/.test(value);
        problems.push({ path, message: `muss ${what} sein${freeText ? '; Freitext gehört nicht ins Protokoll' : ''}` });
      }
  }
}

/**
 * Checks an entry against its type's closed schema and returns it typed. Throws an
 * AmtsklarError naming every offending field as a JSON path.
 */
export function validateEntry(value: unknown): LedgerEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AmtsklarError('invalid_input', 'Ein Protokolleintrag muss ein JSON-Objekt sein', [{ path: '$', message: 'kein Objekt' }]);
  }
  const obj = value as Record<string, unknown>;
  const type = obj.type;
  if (typeof type !== 'string' || !FULL_SPECS.has(type)) {
    throw new AmtsklarError('invalid_input', 'Unbekannter Eintragstyp', [{ path: '$.type', message: `muss einer von ${ENTRY_TYPES.join(', ')} sein` }]);
  }
  const fields = FULL_SPECS.get(type)!;
  const problems: Problem[] = [];
  if (obj.v !== ENTRY_VERSION) problems.push({ path: '$.v', message: `muss ${ENTRY_VERSION} sein` });
  let known = 0;
  for (const [k, s] of fields) {
    if (k === 'v') continue;
    if (!(k in obj) || obj[k] === undefined) {
      if (!s.optional) problems.push({ path: `$.${k}`, message: 'fehlt' });
      continue;
    }
    known++;
    checkField(`$.${k}`, s, obj[k], problems);
  }
  // Unknown fields: only looked for when the count says there are some (v is skipped above).
  const present = Object.keys(obj).filter((k) => obj[k] !== undefined);
  if (present.length !== known + (obj.v !== undefined ? 1 : 0)) {
    for (const k of present) {
      if (!fields.some(([f]) => f === k)) {
        problems.push({ path: `$.${k}`, message: `ist kein Feld eines Eintrags vom Typ ${type}; das Protokoll nimmt nur Hashes, Commitments und Codes auf` });
      }
    }
  }
  if (problems.length) throw new AmtsklarError('invalid_input', `Protokolleintrag vom Typ ${type} abgelehnt`, problems);
  return obj as LedgerEntry;
}

/**
 * RFC 8785 for a validated entry. Entries are flat objects of strings and safe integers, for
 * which JCS is exactly: keys sorted by UTF-16 code units, each key and value as
 * JSON.stringify writes it. Equal to canonicalJson from common (tested), several times faster
 * — it runs once per leaf when a million-entry log is re-checked.
 */
function canonicalEntry(entry: LedgerEntry): string {
  const obj = entry as Record<string, string | number>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(obj[k])}`).join(',')}}`;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const ENCODER = new TextEncoder();

/** The leaf bytes: UTF-8 of the RFC 8785 canonical JSON of the validated entry. */
export function encodeEntry(entry: LedgerEntry): Uint8Array {
  return ENCODER.encode(canonicalEntry(validateEntry(entry)));
}

/**
 * One pattern per type for the whole canonical text of a valid entry, built from the same
 * field patterns as validateEntry: keys sorted, each value exactly as JSON.stringify writes it
 * (the field patterns admit no character JSON would escape), optional fields optional. A text
 * it matches — with the time and count captures checked as checkField does — is an entry that
 * decodeEntry accepts, read with one pattern run and one JSON.parse instead of a parse, a
 * field walk and a re-serialisation. Anything it does not match takes the full path, which
 * also names what is wrong.
 */
interface FastShape {
  pattern: RegExp;
  /** Per capture group: what checkField would still test beyond the pattern. */
  checks: ('time' | 'count')[];
}

function inner(re: RegExp): string {
  if (re.flags !== '' || !re.source.startsWith('^') || !re.source.endsWith('$')) throw new Error(`Feldmuster ${re.source} ist nicht verankert`);
  // Groups inside a field pattern would shift the captures; only the ones added here count.
  return `(?:${re.source.slice(1, -1).replace(/(?<!\\)\((?!\?)/g, '(?:')})`;
}

const VALUE_SOURCE: Record<FieldKind, string> = {
  hash: inner(PATTERNS.hash),
  code: inner(PATTERNS.code),
  ref: inner(PATTERNS.ref),
  commitment: inner(COMMITMENT_PATTERN),
  time: inner(TIME),
  count: '(?:0|[1-9][0-9]{0,15})',
};

function fastShape(type: EntryType): FastShape | undefined {
  const fields = [...FULL_SPECS.get(type)!].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (fields[0]![1].optional) return undefined;
  const checks: FastShape['checks'] = [];
  const parts = fields.map(([key, spec], i) => {
    let value: string;
    if (key === 'v') value = String(ENTRY_VERSION);
    else if (key === 'type') value = `"${type}"`;
    else if (spec.kind === 'time' || spec.kind === 'count') {
      checks.push(spec.kind);
      value = spec.kind === 'time' ? `"(${VALUE_SOURCE.time})"` : `(${VALUE_SOURCE.count})`;
    } else value = `"${VALUE_SOURCE[spec.kind]}"`;
    const part = `${i === 0 ? '' : ','}"${key}":${value}`;
    return spec.optional ? `(?:${part})?` : part;
  });
  return { pattern: new RegExp(`^\\{${parts.join('')}\\}$`), checks };
}

const FAST = new Map<string, FastShape>(ENTRY_TYPES.flatMap((t) => {
  const shape = fastShape(t);
  return shape ? [[t, shape] as const] : [];
}));
const TYPE_KEY = '"type":"';

/** The value of the first "type" key, or undefined: only to pick the pattern that then decides. */
function typeOf(text: string): string | undefined {
  const at = text.indexOf(TYPE_KEY);
  if (at < 0) return undefined;
  const end = text.indexOf('"', at + TYPE_KEY.length);
  return end < 0 ? undefined : text.slice(at + TYPE_KEY.length, end);
}

/** True when the text is, by the patterns alone, an entry decodeEntryText accepts. */
function fastAccepts(text: string): boolean {
  const type = typeOf(text);
  const shape = type === undefined ? undefined : FAST.get(type);
  const m = shape?.pattern.exec(text);
  if (!shape || !m) return false;
  for (let i = 0; i < shape.checks.length; i++) {
    const v = m[i + 1];
    if (v === undefined) continue;
    if (shape.checks[i] === 'time' ? Number.isNaN(Date.parse(v)) : !Number.isSafeInteger(Number(v))) return false;
  }
  return true;
}

function slowDecode(text: string): LedgerEntry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AmtsklarError('invalid_input', 'Der Protokolleintrag ist kein JSON', [{ path: '$', message: 'kein UTF-8-JSON' }]);
  }
  const entry = validateEntry(parsed);
  if (canonicalEntry(entry) !== text) {
    throw new AmtsklarError('invalid_input', 'Der Protokolleintrag ist nicht kanonisch (RFC 8785) kodiert', [{ path: '$', message: 'nicht kanonisch' }]);
  }
  return entry;
}

/** The entry of a leaf given as its text (the UTF-8 decoded leaf bytes). */
export function decodeEntryText(text: string): LedgerEntry {
  return fastAccepts(text) ? (JSON.parse(text) as LedgerEntry) : slowDecode(text);
}

/** Throws exactly when decodeEntryText would, without building the entry when it is valid. */
export function checkEntryText(text: string): void {
  if (!fastAccepts(text)) slowDecode(text);
}

export function decodeEntry(data: Uint8Array): LedgerEntry {
  let text: string;
  try {
    text = UTF8.decode(data);
  } catch {
    throw new AmtsklarError('invalid_input', 'Der Protokolleintrag ist kein JSON', [{ path: '$', message: 'kein UTF-8-JSON' }]);
  }
  return decodeEntryText(text);
}

/** A current timestamp in the entry format (milliseconds, UTC). */
export function entryTime(d: Date = new Date()): string {
  return d.toISOString();
}
