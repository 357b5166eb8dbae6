/**
 * Participation around every AI or algorithmic system of the register: public
 * consultations with moderated comments and a published response, the staff council's
 * procedure, feedback on decisions, letters, explanations and chatbot answers, and the
 * routing of objections. Dates are `YYYY-MM-DD` (local calendar days of the municipality).
 */

export type IsoDay = string;

/** Who acts: a staff user, a citizen (logged in with a case or anonymous), or the system. */
export interface ParticipationActor {
  kind: 'staff' | 'citizen' | 'anonymous' | 'system';
  id: string;
  role: string;
  name: string;
  municipalityId: string;
}

// ——— consultations ———

export type ConsultationStatus = 'draft' | 'open' | 'closed' | 'responded';
export const CONSULTATION_STATUSES: readonly ConsultationStatus[] = ['draft', 'open', 'closed', 'responded'];

/** Before a system is first activated, or when an active system changes materially. */
export type ConsultationOccasion = 'before-activation' | 'major-change';

export const DOCUMENT_KINDS = ['register-entry', 'fria-summary', 'dpia-summary', 'leichte-sprache', 'service-agreement', 'other'] as const;
export type ConsultationDocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface ConsultationDocument {
  title: string;
  url: string;
  kind: ConsultationDocumentKind;
}

export interface ConsultationContent {
  title: string;
  /** What the system does and what is asked, in plain language. */
  plainLanguage: string;
  /** The same in Leichte Sprache, where one exists. */
  easyLanguage?: string;
  /** Guiding questions; comments may name the one they answer. */
  questions: string[];
  documents: ConsultationDocument[];
}

export interface ConsultationResponse {
  /** How the input was used, in plain language. */
  summary: string;
  /** What changed in the system because of the consultation. */
  changes: string[];
  publishedOn: IsoDay;
  /** The role that published it (no personal names on public pages). */
  publishedBy: string;
}

export interface Consultation extends ConsultationContent {
  id: string;
  municipalityId: string;
  entryId: string;
  entryVersion: number;
  occasion: ConsultationOccasion;
  status: ConsultationStatus;
  opensOn: IsoDay;
  closesOn: IsoDay;
  openedOn: IsoDay | null;
  closedOn: IsoDay | null;
  response: ConsultationResponse | null;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type CommentStatus = 'visible' | 'under_review' | 'hidden';

export const DISPOSITIONS = ['accepted', 'partly', 'not-accepted', 'noted'] as const;
export type DispositionKind = (typeof DISPOSITIONS)[number];

export const DISPOSITION_LABELS: Record<DispositionKind, string> = {
  accepted: 'übernommen',
  partly: 'teilweise übernommen',
  'not-accepted': 'nicht übernommen',
  noted: 'zur Kenntnis genommen',
};

export interface Disposition {
  kind: DispositionKind;
  explanation: string;
}

export interface ConsultationComment {
  id: string;
  consultationId: string;
  municipalityId: string;
  /** Beitrag Nr. n within the consultation. */
  number: number;
  authorKind: 'citizen' | 'staff';
  /** Only for staff; never shown publicly. */
  authorUserId: string | null;
  /** What the public page shows instead of a name. */
  authorLabel: string;
  /** The guiding question or document section the comment is about, if named. */
  section: string | null;
  body: string;
  conductVersion: string;
  status: CommentStatus;
  reports: number;
  disposition: Disposition | null;
  createdAt: string;
}

export interface AbuseReport {
  id: string;
  commentId: string;
  rule: string;
  note: string | null;
  /** Keyed hash of who reported (session user or client address with a daily salt). */
  reporter: string;
  createdAt: string;
}

export interface ModerationAction {
  commentId: string;
  action: 'hide' | 'restore' | 'auto-review';
  rule: string | null;
  reason: string;
  actorId: string;
  actorName: string;
  at: string;
}

// ——— staff council (Personalrat) ———

export const PACKAGE_ITEMS = ['systembeschreibung', 'zweck', 'daten', 'kontrollmoeglichkeiten', 'dsfa', 'fria', 'schulung', 'dv-entwurf'] as const;
export type PackageItemId = (typeof PACKAGE_ITEMS)[number];

export const PACKAGE_ITEM_LABELS: Record<PackageItemId, string> = {
  systembeschreibung: 'Beschreibung des Systems und seiner Funktionsweise',
  zweck: 'Zweck, Einsatzbereich und betroffene Beschäftigte',
  daten: 'Verarbeitete Daten, auch Beschäftigtendaten',
  kontrollmoeglichkeiten: 'Möglichkeiten der Leistungs- und Verhaltenskontrolle und wie sie ausgeschlossen werden',
  dsfa: 'Datenschutz-Folgenabschätzung',
  fria: 'Grundrechte-Folgenabschätzung (Art. 27 KI-VO)',
  schulung: 'Schulungs- und Qualifizierungsplan (Art. 4 KI-VO)',
  'dv-entwurf': 'Entwurf der Dienstvereinbarung',
};

export interface PackageItem {
  item: PackageItemId;
  /** Where the document is (DMS reference, URL). */
  ref?: string;
  /** Why it does not apply (then no ref). */
  notApplicable?: string;
}

export type StaffCouncilStatus = 'informed' | 'deliberation' | 'approved' | 'approved-with-conditions' | 'rejected' | 'conciliation';

export interface StaffCouncilProcedure {
  id: string;
  municipalityId: string;
  entryId: string;
  /** The entry as the council was informed about it: a material change afterwards needs a new procedure. */
  entryVersion: number;
  entryMaterialHash: string;
  status: StaffCouncilStatus;
  informedOn: IsoDay;
  package: PackageItem[];
  deliberations: { on: IsoDay; note: string }[];
  vote: { result: 'approved' | 'approved-with-conditions' | 'rejected'; on: IsoDay; conditions: string[]; resolutionRef: string | null } | null;
  serviceAgreement: { ref: string; concludedOn: IsoDay; basedOnTemplate: string | null } | null;
  conciliation: { calledOn: IsoDay; note: string } | null;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

// ——— feedback ———

export const FEEDBACK_SUBJECTS = ['decision', 'letter', 'explanation', 'chatbot-answer'] as const;
export type FeedbackSubject = (typeof FEEDBACK_SUBJECTS)[number];

export const FEEDBACK_SUBJECT_LABELS: Record<FeedbackSubject, string> = {
  decision: 'Entscheidung',
  letter: 'Schreiben',
  explanation: 'Erklärung',
  'chatbot-answer': 'Antwort des Bürger-Assistenten',
};

export type FeedbackChannel = 'portal' | 'workbench' | 'public' | 'sandbox';
export type FeedbackStatus = 'new' | 'in_progress' | 'done';

export interface Feedback {
  id: string;
  municipalityId: string;
  /** The register entry it is routed to (its owners read it); null: to the administration. */
  entryId: string | null;
  subject: FeedbackSubject;
  /** Pseudonymous reference of what was rated (letter id, explanation audience, chatbot service); never personal data. */
  subjectRef: string | null;
  caseId: string | null;
  packId: string | null;
  channel: FeedbackChannel;
  authorKind: 'citizen' | 'staff' | 'anonymous';
  rating: number;
  /** Redacted: personal data replaced before storing. */
  text: string | null;
  removed: string[];
  status: FeedbackStatus;
  note: string | null;
  handledBy: string | null;
  handledAt: string | null;
  createdAt: string;
}

// ——— objections ———

export interface ObjectionRouting {
  objectionId: string;
  caseId: string;
  municipalityId: string;
  assignedTo: string | null;
  assignedBy: string | null;
  assignedAt: string | null;
}
