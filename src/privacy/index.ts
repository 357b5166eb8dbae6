/**
 * privacy — personal data in free text, and per-case keys. Pure: no I/O (node:crypto only).
 *
 * Finding personal data
 *   scanPii(text, { known, allow, minConfidence }) → PiiSpan[]
 *     Non-overlapping spans `{ kind, start, end, text, valid, confidence, source }` for IBANs
 *     (ISO 13616), Steuer-IdNr. (ISO 7064 MOD 11,10 + BZSt digit rule), Sozialversicherungs-
 *     nummern (VKVV), Krankenversichertennummern (§ 290 SGB V), Ausweis/Pass serials and MRZ
 *     (ICAO 9303), account numbers, phone numbers, e-mail addresses, birth dates (with context),
 *     postal addresses, names (from cues) and every value known from the case (`KnownValue[]`).
 *     `valid: false` marks look-alikes with a wrong check digit — still personal data.
 *
 * Sending text to a model
 *   guardOutbound(text, known, options) → { allowed: true, text, mapping, audit }
 *                                      | { allowed: false, reason, findings, audit }
 *     Replaces personal data by placeholders, scans the result again (plus a deep check for
 *     spread-out identifiers) and blocks on any residue or error. `policy: 'refuse'` blocks on
 *     any personal data at all (sandbox, chatbot). `audit` is safe to log: kinds, offsets and
 *     keyed hashes, never the values.
 *   guardOutboundAll(texts, known, options): the same for all texts of one request, one mapping.
 *   pseudonymise(text, known, options) → { text, mapping, spans };  restore(answer, mapping)
 *     «PERSON_1», «IBAN_1», «ADRESSE_1» … numbered per request, same value same placeholder;
 *     `restore` also accepts the forms a model tends to return (<<X_1>>, [X_1], bare X_1).
 *     unresolvedPlaceholders(answer, mapping) lists invented ones.
 *
 * Per-case keys (crypto-shredding)
 *   generateDataKey, wrapKey, unwrapKey, rewrapKey, encryptField, decryptField, decryptFieldText,
 *   dataKeyFingerprint, erasureRecord, createCaseKey, openCaseCipher, parseMasterKeyring.
 *   AES-256-GCM; ciphertexts `ak1.…`, wrapped keys `akk1.<masterKeyId>.…` (envelope.ts).
 *   Destroying a case's wrapped key makes its data unreadable; `erasureRecord` is the ledger entry.
 *
 * Synthetic test data
 *   generateCorpus({ seed, size }) → CorpusText[] with planted valid identifiers, look-alikes,
 *   known values and decoys (offsets recorded); measureCorpus / formatMeasure report recall,
 *   false positives and leaks through the guard; findLeaks(received, corpusText) tells which
 *   planted items reached a recorded model request. Identifier generators for other tests:
 *   syntheticIdentifiers, with seededRng.
 */
export { scanPii, type ScanOptions } from './scan.ts';
export {
  pseudonymise,
  restore,
  unresolvedPlaceholders,
  type PlaceholderEntry,
  type PlaceholderMapping,
  type PseudonymiseOptions,
  type PseudonymiseResult,
} from './placeholders.ts';
export {
  guardOutbound,
  guardOutboundAll,
  type GuardAudit,
  type GuardBlockReason,
  type GuardFinding,
  type GuardOptions,
  type GuardResult,
} from './guard.ts';
export { KNOWN_CATEGORIES, PII_KINDS, type KnownCategory, type KnownValue, type PiiKind, type PiiSpan } from './types.ts';
export {
  isValidIban,
  isValidKvnr,
  isValidSteuerId,
  isValidSvnr,
  isValidAusweisWithCheckDigit,
  icaoCheckDigit,
} from './checksums.ts';
export {
  DataKey,
  DecryptionError,
  createCaseKey,
  dataKeyFingerprint,
  decryptField,
  decryptFieldText,
  encryptField,
  erasureRecord,
  generateDataKey,
  openCaseCipher,
  parseMasterKeyring,
  rewrapKey,
  unwrapKey,
  wrapKey,
  wrappedKeyId,
  type CaseCipher,
  type CaseContext,
  type ErasureRecord,
  type FieldContext,
  type MasterKey,
  type MasterKeyring,
} from './envelope.ts';
export {
  DECOY_KINDS,
  generateCorpus,
  type CorpusOptions,
  type CorpusText,
  type DecoyKind,
  type Genre,
  type PlantedItem,
} from './corpus/generate.ts';
export { findLeaks, formatMeasure, measureCorpus, type CorpusMeasure, type DecoyMeasure, type KindMeasure } from './corpus/measure.ts';
export * as syntheticIdentifiers from './corpus/identifiers.ts';
export { seededRng, type Rng } from './corpus/random.ts';
