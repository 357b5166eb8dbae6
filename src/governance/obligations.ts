import { AmtsklarError, type Problem } from '../common/index.ts';
import { CHECKS, type CheckContext, type EvidenceLink } from './checks.ts';
import type { Classification, ObligationApplicability } from './classify.ts';
import { isNonEmpty } from './text.ts';

export type ObligationState = 'open' | 'met' | 'not_applicable';

/** A person's statement about an obligation without an automatic check. */
export interface ObligationRecord {
  systemId: string;
  obligationId: string;
  status: ObligationState;
  evidence: EvidenceLink[];
  note?: string;
  recordedBy: string;
  recordedAt: string;
}

export interface ObligationStatus extends ObligationApplicability {
  status: ObligationState;
  evidence: EvidenceLink[];
  /** German: why it is open, or the note of a waiver. */
  statusReasons: string[];
  decidedBy: 'check' | 'record' | 'none';
  recordedBy?: string;
  recordedAt?: string;
  /** Legally applicable on the evaluation day. */
  applicableNow: boolean;
  /** Open, blocks activation, and counts on this day under the settings. */
  blocking: boolean;
}

const MIN_NOTE = 15;

/** Refuses records that cannot stand: unknown obligations, automatically checked ones, "met" without evidence. */
export function validateObligationRecord(record: ObligationRecord, classification: Classification): ObligationRecord {
  const problems: Problem[] = [];
  const o = classification.obligations.find((x) => x.id === record.obligationId);
  if (record.systemId !== classification.systemId) problems.push({ path: '$.systemId', message: 'Der Eintrag gehört zu einem anderen System.' });
  if (!o) problems.push({ path: '$.obligationId', message: `Die Pflicht „${record.obligationId}“ gilt nach der Klassifizierung für dieses System nicht.` });
  else if (o.check) problems.push({ path: '$.obligationId', message: `„${o.title}“ wird automatisch geprüft; ein manueller Eintrag ist nicht möglich.` });
  if (!['open', 'met', 'not_applicable'].includes(record.status)) problems.push({ path: '$.status', message: '„open“, „met“ oder „not_applicable“ erwartet.' });
  if (record.status === 'met') {
    if (!Array.isArray(record.evidence) || record.evidence.length === 0) problems.push({ path: '$.evidence', message: 'Eine erfüllte Pflicht braucht mindestens einen Nachweis.' });
    else record.evidence.forEach((e, i) => {
      if (!isNonEmpty(e?.title)) problems.push({ path: `$.evidence[${i}].title`, message: 'Bezeichnung des Nachweises fehlt.' });
      if (!isNonEmpty(e?.ref)) problems.push({ path: `$.evidence[${i}].ref`, message: 'Fundstelle (Link oder Aktenzeichen) des Nachweises fehlt.' });
    });
  }
  if (record.status === 'not_applicable') {
    if (o && !o.waivable) problems.push({ path: '$.status', message: `„${o.title}“ kann nicht als „nicht zutreffend“ erklärt werden.` });
    if ((record.note ?? '').trim().length < MIN_NOTE) problems.push({ path: '$.note', message: `Begründung erforderlich (mindestens ${MIN_NOTE} Zeichen).` });
  }
  if (!isNonEmpty(record.recordedBy)) problems.push({ path: '$.recordedBy', message: 'Wer den Eintrag verantwortet, fehlt.' });
  if (problems.length > 0) throw new AmtsklarError('invalid_input', 'Der Eintrag zur Pflicht ist ungültig.', problems);
  return record;
}

/**
 * The status of every obligation of a classification on a day: automatically checked
 * obligations are decided by their check alone (a person cannot mark them met); the others
 * by the latest valid record. `blocking` follows the settings: with `anticipateObligations`
 * an open obligation blocks even before its legal date.
 */
export function evaluateObligations(ctx: CheckContext, records: readonly ObligationRecord[]): ObligationStatus[] {
  const latest = new Map<string, ObligationRecord>();
  for (const r of [...records].sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0))) {
    if (r.systemId === ctx.entry.id && r.recordedAt.slice(0, 10) <= ctx.at) latest.set(r.obligationId, r);
  }
  return ctx.classification.obligations.map((o): ObligationStatus => {
    const applicableNow = o.appliesFrom === null || o.appliesFrom <= ctx.at;
    const counts = ctx.settings.anticipateObligations || applicableNow;
    let status: ObligationState = 'open';
    let evidence: EvidenceLink[] = [];
    let statusReasons: string[] = [];
    let decidedBy: ObligationStatus['decidedBy'] = 'none';
    let recordedBy: string | undefined;
    let recordedAt: string | undefined;
    if (o.check) {
      const check = CHECKS[o.check];
      const result = check ? check(ctx) : { met: false, reasons: [`Prüfung „${o.check}“ fehlt.`], evidence: [] };
      status = result.met ? 'met' : 'open';
      evidence = result.evidence;
      statusReasons = result.reasons;
      decidedBy = 'check';
    } else {
      const r = latest.get(o.id);
      if (r) {
        let valid = true;
        try {
          validateObligationRecord(r, ctx.classification);
        } catch {
          valid = false;
        }
        if (valid) {
          status = r.status;
          evidence = r.evidence;
          statusReasons = r.status === 'not_applicable' ? [r.note ?? ''] : r.status === 'open' ? [r.note ?? 'Als offen erfasst.'] : [];
          decidedBy = 'record';
          recordedBy = r.recordedBy;
          recordedAt = r.recordedAt;
        } else statusReasons = ['Der letzte Eintrag zu dieser Pflicht ist ungültig.'];
      } else statusReasons = [`Nachweis fehlt: ${o.evidenceExpected.join(', ')}.`];
    }
    return {
      ...o,
      status,
      evidence,
      statusReasons,
      decidedBy,
      ...(recordedBy ? { recordedBy, recordedAt } : {}),
      applicableNow,
      blocking: status === 'open' && o.blocksActivation && counts,
    };
  });
}
