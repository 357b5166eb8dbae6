import type { CaseRecord, DocumentMeta, Draft, MissingItem, MunicipalitySettings, RecalcProposal } from '../cases/index.ts';
import { STATE_LABELS, possibleTransitions, requiredApprovals } from '../cases/index.ts';

/** What staff see of a case: decision data, never personal data (that has its own, logged read). */
export function staffCaseView(c: CaseRecord, settings: MunicipalitySettings) {
  return {
    id: c.id,
    aktenzeichen: c.aktenzeichen,
    packId: c.packId,
    packRelease: c.packRelease,
    state: c.state,
    stateLabel: STATE_LABELS[c.state],
    version: c.version,
    teamId: c.teamId,
    assignedTo: c.assignedTo,
    outcome: c.decision?.outcome ?? null,
    decision: c.decision,
    discretion: c.discretion,
    overrides: c.overrides,
    approvals: c.approvals,
    requiredApprovals: requiredApprovals(c, settings),
    /** A changed decision on the objection, proposed by one person, waiting for a second one's approval. */
    abhilfe: c.abhilfe,
    documentsDue: c.documentsDue,
    issuedAt: c.issuedAt,
    objectionDue: c.objectionDue,
    closedAt: c.closedAt,
    anonymisedAt: c.anonymisedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    actions: possibleTransitions(c.state),
  };
}

/** States in which the citizen has the decision (it was issued by a named approver). */
export const DECIDED_FOR_CITIZEN: ReadonlySet<string> = new Set(['issued', 'objection_filed', 'abhilfe_review', 'objection_upheld', 'decision_changed', 'closed']);

/** What the citizen sees: status, deadlines, what is missing; the decision only once issued by a named approver. */
/**
 * `issuedResults`: the result hashes of every decision issued in this case (from its history) — the
 * first Bescheid stays the citizen's letter after an objection changed the decision.
 */
export function citizenCaseView(c: CaseRecord, missing: MissingItem[], letters: Draft[], issuedResults: ReadonlySet<string> = new Set()) {
  const issued = DECIDED_FOR_CITIZEN.has(c.state);
  return {
    id: c.id,
    aktenzeichen: c.aktenzeichen,
    packId: c.packId,
    state: c.state,
    stateLabel: STATE_LABELS[c.state],
    version: c.version,
    documentsDue: c.documentsDue,
    missing: ['documents_requested', 'reminded'].includes(c.state) ? missing : [],
    // the sealed decision as stored (its own `overrides` included), so that the citizen can check it against the receipt
    decision: issued && c.decision ? { ...c.decision, discretionDecisions: c.discretion, approvedBy: c.approvals.map((a) => a.name) } : null,
    issuedAt: c.issuedAt,
    objectionDue: c.objectionDue,
    canObject: c.state === 'issued',
    letters: letters
      .filter((l) => l.kind === 'nachforderung' || l.kind === 'erinnerung' || (issued && (l.kind === 'bescheid' || l.kind === 'abhilfebescheid')))
      .filter((l) => l.kind !== 'bescheid' || l.resultHash === null || issuedResults.has(l.resultHash) || c.approvals.some((a) => a.resultHash === l.resultHash))
      .map((l) => ({ id: l.id, kind: l.kind, text: l.text, createdAt: l.createdAt })),
  };
}

export function documentView(d: DocumentMeta) {
  return { id: d.id, checklistId: d.checklistId, filename: d.filename, contentType: d.contentType, size: d.size, sha256: d.sha256, uploadedBy: d.uploadedByKind, createdAt: d.createdAt };
}

export function proposalView(p: RecalcProposal) {
  return {
    id: p.id,
    runId: p.runId,
    caseId: p.caseId,
    fromRelease: p.fromRelease,
    toRelease: p.toRelease,
    status: p.status,
    changes: changedValues(p.oldDecision.values, p.newDecision.values),
    old: {
      outcome: p.oldDecision.outcome,
      values: p.oldDecision.values,
      trace: p.oldDecision.trace,
      packVersion: p.oldDecision.packVersion,
      // why the old side has no Rechenweg, when it could not be recomputed (cases/trace.ts)
      ...(p.oldDecision.rechenwegProblem ? { rechenwegProblem: p.oldDecision.rechenwegProblem } : {}),
    },
    new: { outcome: p.newDecision.outcome, values: p.newDecision.values, trace: p.newDecision.trace, packVersion: p.newDecision.packVersion },
    decidedBy: p.decidedBy,
    decidedAt: p.decidedAt,
    reason: p.reason,
    createdAt: p.createdAt,
  };
}

function changedValues(a: Record<string, unknown>, b: Record<string, unknown>) {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => ({ name: k, old: a[k] ?? null, new: b[k] ?? null }));
}
