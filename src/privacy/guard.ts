/**
 * `guardOutbound`: the last step before a text leaves for a model. It fails closed:
 *  1. personal data is replaced by placeholders (or, with `policy: 'refuse'`, any finding blocks);
 *  2. the result is scanned again — recognisers, known values, and a deep check for
 *     identifiers spread out with separators and for full names written apart;
 *  3. anything found in step 2, or any error on the way, blocks the request.
 * The caller logs `audit`, which holds kinds, positions, lengths and keyed hashes, never the data.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { deepCheck } from './deep-check.ts';
import { prepareForModel, pseudonymiseWith, type PlaceholderMapping, type PseudonymiseOptions } from './placeholders.ts';
import { mergeSpans, rawSpans } from './scan.ts';
import { foldText } from './text.ts';
import { knownMatcher } from './recognisers/known.ts';
import type { KnownValue, PiiKind, PiiSpan } from './types.ts';

export interface GuardOptions extends PseudonymiseOptions {
  /**
   * `pseudonymise` (default): replace personal data and send the rest.
   * `refuse`: personal data is not wanted at all (sandbox, citizen chatbot): any finding blocks.
   */
  policy?: 'pseudonymise' | 'refuse';
  /**
   * Key for the finding hashes in the audit record (HMAC-SHA256). With a stable key, the DPO can
   * recognise the same value across records; without one a random key per call is used, so the
   * hashes only tell findings of one record apart. Plain hashes of identifiers are not used:
   * an 11-digit number is found again from its hash by trying them all.
   */
  auditKey?: Uint8Array;
  /**
   * With `policy: 'refuse'`: only findings at or above this confidence refuse the text (a
   * chatbot may ignore a weak cue such as a capitalised word after "meine Tochter"); weaker
   * findings are still replaced. Pseudonymisation and the second scan always use everything.
   */
  minConfidence?: number;
  /**
   * Longer texts are blocked (`input_too_long`) rather than checked: the check is linear but
   * not free (about 5–25 µs per character), and a request must not hold the server for
   * seconds. Split long documents. Default 100 000 characters.
   */
  maxLength?: number;
}

export interface GuardFinding {
  kind: PiiKind;
  /** Offsets in the prepared input (`detected`, `residual`) or in the pseudonymised text (`deep`). */
  start: number;
  end: number;
  valid: boolean;
  confidence: number;
  source: string;
  /** `detected`: found and replaced; `residual`: still there after replacing; `deep`: spread-out identifier or name. */
  stage: 'detected' | 'residual' | 'deep';
  /** First 32 hex digits of HMAC-SHA256(auditKey, value compacted). */
  hash: string;
}

export interface GuardAudit {
  decision: 'allowed' | 'blocked';
  reason?: GuardBlockReason;
  policy: 'pseudonymise' | 'refuse';
  inputLength: number;
  outputLength?: number;
  counts: Partial<Record<PiiKind, number>>;
  findings: GuardFinding[];
  hashKeyed: 'audit-key' | 'random-per-call';
}

export type GuardBlockReason = 'residual_personal_data' | 'personal_data_refused' | 'input_too_long' | 'guard_error';

export type GuardResult =
  | { allowed: true; text: string; mapping: PlaceholderMapping; audit: GuardAudit }
  | { allowed: false; reason: GuardBlockReason; findings: GuardFinding[]; audit: GuardAudit };

function finding(span: Pick<PiiSpan, 'kind' | 'start' | 'end' | 'text' | 'valid' | 'confidence' | 'source'>, stage: GuardFinding['stage'], key: Uint8Array): GuardFinding {
  const hash = createHmac('sha256', key).update(foldText(span.text, true).text).digest('hex').slice(0, 32);
  return { kind: span.kind, start: span.start, end: span.end, valid: span.valid, confidence: span.confidence, source: span.source, stage, hash };
}

/** A stand-in of the same length without letters or digits: `«____»`. */
const blank = (n: number): string => (n >= 2 ? `«${'_'.repeat(n - 2)}»` : '_'.repeat(n));

function countKinds(findings: GuardFinding[]): Partial<Record<PiiKind, number>> {
  const counts: Partial<Record<PiiKind, number>> = {};
  for (const f of findings) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  return counts;
}

export function guardOutbound(text: string, known: readonly KnownValue[] = [], options: GuardOptions = {}): GuardResult {
  const policy = options.policy ?? 'pseudonymise';
  const key = options.auditKey ?? randomBytes(32);
  const base = {
    policy,
    inputLength: typeof text === 'string' ? text.length : 0,
    hashKeyed: options.auditKey ? ('audit-key' as const) : ('random-per-call' as const),
  };
  const block = (reason: GuardBlockReason, findings: GuardFinding[]): GuardResult => ({
    allowed: false,
    reason,
    findings,
    audit: { ...base, decision: 'blocked', reason, counts: countKinds(findings), findings },
  });
  try {
    if (typeof text !== 'string') throw new TypeError('text');
    if (text.length > (options.maxLength ?? 100_000)) return block('input_too_long', []);
    const matchKnown = knownMatcher(known);
    const result = pseudonymiseWith(text, matchKnown, { allow: options.allow, mapping: options.mapping });
    const detected = result.spans.map((s) => finding(s, 'detected', key));
    const min = options.minConfidence ?? 0;
    if (policy === 'refuse' && detected.some((f) => f.confidence >= min)) return block('personal_data_refused', detected);
    // The second scan reads the input with every replaced span blanked out at its full length,
    // so context words keep their distances (a replaced MRZ must not bring "Ausweis" close to
    // a Kundennummer) and placeholder names ("«TELEFON_1»") are no context words. The deep
    // check reads the outgoing text itself, placeholders blanked the same way.
    const source = prepareForModel(text, options.mapping);
    let blanked = '';
    let last = 0;
    for (const s of result.spans) {
      blanked += source.slice(last, s.start) + blank(s.end - s.start);
      last = s.end;
    }
    blanked += source.slice(last);
    const residual = mergeSpans(blanked, rawSpans(blanked, { allow: options.allow }, matchKnown));
    const deep = deepCheck(result.text.replace(/«[A-Z_]+_\d+»/g, (p) => blank(p.length)), known);
    if (residual.length > 0 || deep.length > 0) {
      return block('residual_personal_data', [
        ...residual.map((s) => finding(s, 'residual', key)),
        ...deep.map((d) => finding({ ...d, valid: true, confidence: 1, source: 'deep' }, 'deep', key)),
      ]);
    }
    return {
      allowed: true,
      text: result.text,
      mapping: result.mapping,
      audit: { ...base, decision: 'allowed', outputLength: result.text.length, counts: countKinds(detected), findings: detected },
    };
  } catch {
    // Nothing about the error goes into the record: its message could quote the text.
    return block('guard_error', []);
  }
}

/**
 * Several texts of one model request (system prompt parts, user message, retrieved passages):
 * one mapping across all of them, and one blocked text blocks the whole request.
 */
export function guardOutboundAll(texts: readonly string[], known: readonly KnownValue[] = [], options: GuardOptions = {}):
  | { allowed: true; texts: string[]; mapping: PlaceholderMapping; audits: GuardAudit[] }
  | { allowed: false; index: number; reason: GuardBlockReason; findings: GuardFinding[]; audits: GuardAudit[] } {
  let mapping = options.mapping;
  const out: string[] = [];
  const audits: GuardAudit[] = [];
  for (let i = 0; i < texts.length; i++) {
    const r = guardOutbound(texts[i]!, known, { ...options, mapping });
    audits.push(r.audit);
    if (!r.allowed) return { allowed: false, index: i, reason: r.reason, findings: r.findings, audits };
    out.push(r.text);
    mapping = r.mapping;
  }
  return { allowed: true, texts: out, mapping: mapping ?? { entries: [] }, audits };
}
