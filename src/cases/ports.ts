import type {
  CaseEvent,
  CaseRecord,
  ChecklistItem,
  DecisionRecord,
  DocumentMeta,
  Draft,
  HumanDecision,
  MunicipalitySettings,
  Objection,
  Override,
  PersonalData,
  TracedDecision,
} from './model.ts';

/** What the workflow needs from the rule engine and the installed packs. */
export interface PackInfo {
  id: string;
  release: string;
  title: string;
  hasDiscretionPoints: boolean;
  inputSchema: object;
  /** Every release of this pack that is installed, oldest first. */
  releases: string[];
  /** The outputs that make up the legal result (a recalculation proposes a change only when one of them changes). */
  decisive: string[];
  /** The pack's own retention period for closed cases, when it states one. */
  retentionDays?: number;
}

export interface RuleEngine {
  /** Throws AmtsklarError('not_found') for an unknown pack or release. */
  pack(packId: string, release?: string): PackInfo;
  packs(): PackInfo[];
  /** Throws AmtsklarError('invalid_input') naming the field for an invalid application. */
  decide(
    packId: string,
    release: string,
    input: unknown,
    options: { discretion?: Record<string, HumanDecision>; overrides?: Record<string, Override>; trace?: boolean },
  ): DecisionRecord;
  /** The evidence (Nachweise) this application needs under the pack's checklist. */
  checklist(packId: string, release: string, input: unknown): ChecklistItem[];
  /** Whether `checklist` would name anything: cheaper where the answer does not need the list. */
  needsEvidence(packId: string, release: string, input: unknown): boolean;
  /** Throws AmtsklarError('invalid_input') naming every field of the application the pack does not declare. */
  refuseUndeclared(packId: string, release: string, input: unknown): void;
}

/** Jobs the workflow hands to the background, enqueued in the same transaction. */
export type JobRequest =
  | { queue: 'drafting'; data: { municipalityId: string; caseId: string } }
  | { queue: 'recalc-batch'; data: { municipalityId: string; runId: string; batch: number } };

/** Everything one use case reads and writes, inside one transaction. */
export interface CaseUnitOfWork {
  settings(municipalityId: string): Promise<MunicipalitySettings>;
  /** Locks the row for the rest of the transaction. */
  getCase(municipalityId: string, caseId: string): Promise<CaseRecord | null>;
  /** Writes the case if its version is still `expectedVersion`; false when someone else changed it. */
  updateCase(c: CaseRecord, expectedVersion: number): Promise<boolean>;
  getPersonal(caseId: string): Promise<PersonalData | null>;
  updatePersonal(caseId: string, personal: PersonalData): Promise<void>;
  appendEvents(events: CaseEvent[]): Promise<void>;
  documents(caseId: string): Promise<DocumentMeta[]>;
  insertDocument(d: DocumentMeta, content: Uint8Array, uploadedBy: string): Promise<void>;
  addDraft(d: Draft): Promise<void>;
  latestDraft(caseId: string, kinds: Draft['kind'][]): Promise<Draft | null>;
  openObjection(caseId: string): Promise<Objection | null>;
  addObjection(o: Objection): Promise<void>;
  decideObjection(o: Objection): Promise<void>;
  enqueue(job: JobRequest): Promise<void>;
  recordAccess(entry: AccessRecord): Promise<void>;
}

export interface CaseStore {
  unitOfWork<T>(fn: (uow: CaseUnitOfWork) => Promise<T>): Promise<T>;
  /**
   * The municipality's settings for checking submissions: as stored (handed back with each
   * submission checked under them) and merged with the defaults. Null when the municipality is
   * not set up here.
   */
  submissionSettings(municipalityId: string): Promise<SubmissionSettings | null>;
  /**
   * Stores a submission atomically — Aktenzeichen (drawn here), citizen, case, key, personal
   * data, login link, history, idempotency answer and (if any) job — in one statement, unless
   * the idempotency key already has an answer or the municipality's settings are no longer those
   * the application was checked under: then nothing is stored (no number is used up either).
   */
  storeSubmission(s: NewSubmission): Promise<StoredSubmission>;
  /** The answer stored under an idempotency key, if any. */
  idempotentAnswer(municipalityId: string, key: string): Promise<IdempotentAnswer | null>;
}

export interface IdempotentAnswer {
  status: number;
  response: unknown;
  requestHash: string;
}

export interface SubmissionSettings {
  settings: MunicipalitySettings;
  /** The settings as stored, to compare with when the submission is stored. */
  stored: unknown;
}

/**
 * What became of a submission: stored under its Aktenzeichen; or nothing stored because the key
 * already has an answer (`prior`; null if that answer vanished meanwhile) or because the settings
 * changed since they were read.
 */
export type StoredSubmission = { aktenzeichen: string } | { prior: IdempotentAnswer | null } | { settingsChanged: true };

/** A checked application, ready to be stored in one step. */
export interface NewSubmission {
  /** Its `aktenzeichen` is assigned when stored. */
  case: CaseRecord;
  /** `WG-2026-`: the store appends the next serial number. */
  aktenzeichenPrefix: string;
  personal: PersonalData;
  accessCodeHash: string;
  loginLink: { tokenHash: string; expiresAt: Date };
  events: CaseEvent[];
  /** The settings as stored that the application was checked under (`SubmissionSettings.stored`). */
  settingsChecked: unknown;
  /** The answer to store under the key; its `aktenzeichen` is filled in when stored. */
  idempotency: { key: string; requestHash: string; status: number; response: Record<string, unknown> } | null;
  job: JobRequest | null;
}

/** A read of personal data: who, which case, why (GDPR accountability). */
export interface AccessRecord {
  municipalityId: string;
  caseId: string | null;
  actorKind: string;
  actorId: string;
  purpose: string;
  what: string;
}

/** Subscribers to committed case events (history is written in the transaction; the ledger listens here). */
export interface CaseEventListener {
  onCaseEvents(events: readonly CaseEvent[]): Promise<void> | void;
}

/** Letters the workflow asks for; the drafting capability replaces the plain default. */
export interface Drafter {
  draft(kind: Draft['kind'], input: DraftInput): string;
}

export interface DraftInput {
  case: CaseRecord;
  decision: TracedDecision;
  personal: PersonalData | null;
  settings: MunicipalitySettings;
  missing?: { label: string; norm?: string }[];
  deadline?: string;
  objection?: Objection | null;
}

export interface Clock {
  now(): Date;
}

export interface RecalcRun {
  id: string;
  municipalityId: string;
  packId: string;
  toRelease: string;
  startedBy: string | null;
  startedAt: string;
  total: number;
  finishedAt: string | null;
}

export interface RecalcProposal {
  id: string;
  runId: string;
  caseId: string;
  fromRelease: string;
  toRelease: string;
  oldDecision: DecisionRecord;
  newDecision: DecisionRecord;
  status: 'pending' | 'accepted' | 'rejected' | 'superseded';
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  createdAt: string;
}

export interface RecalcItemResult {
  caseId: string;
  state: 'unchanged' | 'changed' | 'failed';
  error?: string;
}

/** The recalculation's storage: runs split into batches, each case handled once. */
export interface RecalcUnitOfWork extends CaseUnitOfWork {
  /** Creates the run and one item per running case of the pack, numbered into batches. */
  createRun(run: RecalcRun, runningStates: readonly string[], batchSize: number): Promise<{ total: number; batches: number }>;
  getRun(municipalityId: string, runId: string): Promise<RecalcRun | null>;
  /** Locks and returns the batch's pending items (others skip them). */
  claimBatch(runId: string, batch: number): Promise<string[]>;
  casesWithPersonal(municipalityId: string, caseIds: string[]): Promise<{ c: CaseRecord; personal: PersonalData | null }[]>;
  finishItems(runId: string, worker: string, results: RecalcItemResult[], proposals: RecalcProposal[]): Promise<void>;
  finishRunIfDone(runId: string): Promise<void>;
  getProposal(municipalityId: string, proposalId: string): Promise<RecalcProposal | null>;
  proposalsForCase(caseId: string): Promise<RecalcProposal[]>;
  updateProposal(p: RecalcProposal): Promise<void>;
}

export interface RecalcStore {
  unitOfWork<T>(fn: (uow: RecalcUnitOfWork) => Promise<T>): Promise<T>;
}
