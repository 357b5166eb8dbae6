import type { HumanDecision, Override } from '../engine/index.ts';

/**
 * The case as the workflow sees it. Decision data (pseudonymous) and personal data are
 * separate types because they are stored, protected and erased separately.
 */

/** The decision format of every rule pack (shared/contracts/README.md). */
export interface DecisionRecord {
  pack: string;
  packVersion: string;
  packHash: string;
  asOf: string;
  aktenzeichen?: string;
  outcome: 'decided' | 'missing_inputs' | 'needs_human';
  values: Record<string, unknown>;
  reasons: { norm: string; text: string }[];
  missing: { input: string; question: string; norm?: string }[];
  discretion: { point: string; norm: string; why: string; options?: { id: string; label: string }[] }[];
  /**
   * The Rechenweg. Absent when the decision was stored without it (a submission's check): the
   * trace repeats the application's facts step by step, and the engine recomputes it exactly from
   * the sealed application (CaseService.withTrace, checked against `resultHash`).
   */
  trace?: unknown[];
  receipt: { inputHash: string; resultHash: string; engineVersion: string };
  [more: string]: unknown;
}

/** A decision with its Rechenweg, as explanations and letters need it. */
export type TracedDecision = DecisionRecord & { trace: unknown[] };

/** Discretion decided by a named person; a computed value replaced with a reason (shown in the decision and the letter). */
export type { HumanDecision, Override };

export interface ChecklistItem {
  id: string;
  label: string;
  norm: string;
}

export const STATES = [
  'received',
  'checked',
  'documents_requested',
  'reminded',
  'complete',
  'draft_prepared',
  'under_review',
  'approved',
  'issued',
  'objection_filed',
  'abhilfe_review',
  'objection_upheld',
  'decision_changed',
  'closed',
] as const;
export type CaseState = (typeof STATES)[number];

/** German names of the states, for messages and the start page. */
export const STATE_LABELS: Record<CaseState, string> = {
  received: 'eingegangen',
  checked: 'geprüft',
  documents_requested: 'Unterlagen nachgefordert',
  reminded: 'erinnert',
  complete: 'vollständig',
  draft_prepared: 'Entwurf erstellt',
  under_review: 'in Freigabe',
  approved: 'freigegeben',
  issued: 'Bescheid bekanntgegeben',
  objection_filed: 'Widerspruch eingegangen',
  abhilfe_review: 'Abhilfe in Freigabe',
  objection_upheld: 'Widerspruch zurückgewiesen',
  decision_changed: 'Bescheid geändert',
  closed: 'abgeschlossen',
};

/** Cases a new pack release is recalculated for: not yet decided towards the citizen. */
export const RUNNING_STATES: readonly CaseState[] = [
  'received',
  'checked',
  'documents_requested',
  'reminded',
  'complete',
  'draft_prepared',
  'under_review',
];

export type StaffRole = 'caseworker' | 'team_lead' | 'admin' | 'dpo' | 'auditor';
export const STAFF_ROLES: readonly StaffRole[] = ['caseworker', 'team_lead', 'admin', 'dpo', 'auditor'];
export type Role = StaffRole | 'citizen';

export const ROLE_LABELS: Record<Role, string> = {
  citizen: 'Bürgerin/Bürger',
  caseworker: 'Sachbearbeitung',
  team_lead: 'Teamleitung',
  admin: 'Administration',
  dpo: 'Datenschutzbeauftragte/r',
  auditor: 'Prüfung/Revision',
};

/** Who acts. Every transition names one; `system` is the platform itself (jobs, engine). */
export type Actor =
  | { kind: 'user'; id: string; name: string; role: StaffRole; municipalityId: string; teamId: string | null }
  | { kind: 'citizen'; id: string; name: string; role: 'citizen'; municipalityId: string }
  | { kind: 'system'; id: 'system'; name: string; role: 'system'; municipalityId: string };

export interface Approval {
  by: string;
  name: string;
  at: string;
  resultHash: string;
}

export interface CaseRecord {
  id: string;
  municipalityId: string;
  aktenzeichen: string;
  packId: string;
  packRelease: string;
  state: CaseState;
  version: number;
  teamId: string | null;
  assignedTo: string | null;
  citizenId: string | null;
  decision: DecisionRecord | null;
  discretion: Record<string, HumanDecision>;
  overrides: Record<string, Override>;
  approvals: Approval[];
  /** A changed decision on an objection that waits for a second person's approval (four-eyes). */
  abhilfe: AbhilfeProposal | null;
  documentsDue: string | null;
  remindedAt: string | null;
  issuedAt: string | null;
  issuedBy: string | null;
  objectionDue: string | null;
  closedAt: string | null;
  anonymisedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * An Abhilfe proposed by one person where the municipality's four-eyes rule asks for two: the
 * human inputs of the changed decision, not yet applied. Until a second person approves it, the
 * issued decision stays the case's decision — for the citizen, the ledger and every view.
 */
export interface AbhilfeProposal {
  objectionId: string;
  discretion: Record<string, HumanDecision>;
  overrides: Record<string, Override>;
  proposedBy: string;
  proposedByName: string;
  proposedByRole: string;
  at: string;
  /** The changed decision's resultHash and headline values when it was proposed. */
  resultHash: string;
  values: Record<string, unknown>;
  needed: number;
}

/** Personal data: the applicant's contact details and the application as declared. */
export interface PersonalData {
  applicant: Applicant;
  application: Record<string, unknown>;
}

export interface Applicant {
  name: string;
  anschrift?: string;
  email?: string;
  telefon?: string;
}

export interface DocumentMeta {
  id: string;
  caseId: string;
  checklistId: string | null;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedByKind: string;
  createdAt: string;
}

export interface Draft {
  id: string;
  caseId: string;
  kind: 'nachforderung' | 'erinnerung' | 'bescheid' | 'abhilfebescheid';
  text: string;
  textHash: string;
  resultHash: string | null;
  createdBy: string;
  createdAt: string;
}

export interface Objection {
  id: string;
  caseId: string;
  reason: string;
  filedAt: string;
  result: 'upheld' | 'changed' | null;
  assessedBy: string | null;
  assessment: string | null;
  decidedAt: string | null;
}

export interface CaseEvent {
  caseId: string;
  municipalityId: string;
  type: string;
  from: CaseState | null;
  to: CaseState | null;
  actor: { kind: Actor['kind']; id: string; name: string };
  reason: string | null;
  data: Record<string, unknown>;
  at: string;
}

/** Per-municipality settings that steer the workflow. */
export interface MunicipalitySettings {
  /** Four-eyes approval: always, for refusals, for cases with overrides. */
  fourEyes: { always: boolean; refusals: boolean; overrides: boolean };
  /** Packs whose decisions may be issued fully automatically (§ 35a VwVfG, § 31a SGB X). Off by default. */
  automatedDecisions: Record<string, { enabled: boolean; legalBasis: string }>;
  /** Days until a Nachforderung is due and the extra days a reminder grants. */
  nachforderungDays: number;
  reminderDays: number;
  /** Days after closing until personal data is erased, per pack; mode of erasure. */
  retention: Record<string, { days: number; mode: 'anonymise' | 'delete' }>;
  /** Which release of each pack new applications are decided with. */
  packReleases: Record<string, string>;
  /** Rechtsbehelfsbelehrung and letterhead for drafts. */
  authority: { name: string; address: string; rechtsbehelfsbelehrung: string };
}

/**
 * A Nachforderung's deadline must be reasonable (angemessene Frist, § 66 Abs. 3 SGB I): the
 * same bounds as the municipality's setting for the default deadline, also for a deadline a
 * caseworker sets for one case.
 */
export const NACHFORDERUNG_FRIST = { minDays: 7, maxDays: 90 } as const;

export const DEFAULT_SETTINGS: MunicipalitySettings = {
  fourEyes: { always: false, refusals: true, overrides: true },
  automatedDecisions: {},
  nachforderungDays: 14,
  reminderDays: 14,
  retention: {},
  packReleases: {},
  authority: {
    name: 'Stadt Musterstadt',
    address: 'Rathausplatz 1, 12345 Musterstadt',
    rechtsbehelfsbelehrung:
      'Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden. Der Widerspruch ist schriftlich, in elektronischer Form (mit qualifizierter elektronischer Signatur oder auf einem anderen gesetzlich zugelassenen elektronischen Weg) oder zur Niederschrift bei der Stadt Musterstadt, Rathausplatz 1, 12345 Musterstadt, zu erheben.',
  },
};

/** The default retention when a municipality has set none for a pack: 10 years, anonymise. */
export const DEFAULT_RETENTION = { days: 3650, mode: 'anonymise' as const };

export function mergeSettings(raw: Partial<MunicipalitySettings> | null | undefined): MunicipalitySettings {
  const s = raw ?? {};
  return {
    ...DEFAULT_SETTINGS,
    ...s,
    fourEyes: { ...DEFAULT_SETTINGS.fourEyes, ...(s.fourEyes ?? {}) },
    authority: { ...DEFAULT_SETTINGS.authority, ...(s.authority ?? {}) },
  };
}
