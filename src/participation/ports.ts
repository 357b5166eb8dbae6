import type { ConsultationRecord, StaffCouncilRecord } from '../governance/index.ts';
import type { KnownValue } from '../privacy/index.ts';
import type {
  AbuseReport,
  Consultation,
  ConsultationComment,
  Feedback,
  FeedbackStatus,
  ModerationAction,
  ObjectionRouting,
  StaffCouncilProcedure,
} from './model.ts';
import type { AssigneeCandidate } from './objections.ts';

/** A register entry as participation needs it (read from the governance register). */
export interface RegisterEntryFacts {
  id: string;
  name: string;
  status: 'draft' | 'consultation' | 'approved' | 'active' | 'retired';
  version: number;
  materialHash: string;
  activatedAt?: string;
  owners: string[];
  packs: string[];
  features: string[];
}

/** Who writes to the governance register (its audit trail and ledger name this actor). */
export interface RegisterActor {
  kind: 'user' | 'system';
  id: string;
  role: string;
  name: string;
}

/**
 * Everything one use case reads and writes, in one transaction — including the governance
 * records the activation gate reads, so a consultation or a staff-council decision and its
 * gate record are written together or not at all.
 */
export interface ParticipationUnitOfWork {
  entry(m: string, entryId: string): Promise<RegisterEntryFacts | null>;
  entries(m: string): Promise<RegisterEntryFacts[]>;
  recordConsultation(m: string, actor: RegisterActor, record: ConsultationRecord): Promise<void>;
  recordStaffCouncilVote(m: string, actor: RegisterActor, record: Omit<StaffCouncilRecord, 'recordedBy' | 'recordedAt'>): Promise<void>;

  consultation(m: string, id: string, lock?: boolean): Promise<Consultation | null>;
  consultations(m: string, filter: { entryId?: string; publicOnly?: boolean }): Promise<Consultation[]>;
  insertConsultation(c: Consultation): Promise<void>;
  /** Writes if the version is still `expectedVersion`; false when someone else changed it. */
  updateConsultation(c: Consultation, expectedVersion: number): Promise<boolean>;

  comments(consultationId: string): Promise<ConsultationComment[]>;
  comment(m: string, commentId: string, lock?: boolean): Promise<ConsultationComment | null>;
  /** Numbers the comment (next Beitrag Nr. of its consultation) and stores it. */
  insertComment(c: Omit<ConsultationComment, 'number'>): Promise<ConsultationComment>;
  updateComment(c: ConsultationComment): Promise<void>;
  /** False when this reporter already reported the comment. */
  addReport(m: string, r: AbuseReport): Promise<boolean>;
  reportCount(commentId: string): Promise<number>;
  reports(m: string, commentId: string): Promise<AbuseReport[]>;
  addModeration(m: string, a: ModerationAction): Promise<void>;
  moderation(consultationId: string): Promise<ModerationAction[]>;

  procedure(m: string, id: string, lock?: boolean): Promise<StaffCouncilProcedure | null>;
  latestProcedure(m: string, entryId: string, lock?: boolean): Promise<StaffCouncilProcedure | null>;
  procedures(m: string, entryId?: string): Promise<StaffCouncilProcedure[]>;
  insertProcedure(p: StaffCouncilProcedure): Promise<void>;
  updateProcedure(p: StaffCouncilProcedure, expectedVersion: number): Promise<boolean>;
  addProcedureStep(m: string, procedureId: string, step: string, data: unknown, actorId: string): Promise<void>;

  insertFeedback(f: Feedback): Promise<void>;
  feedback(m: string, id: string, lock?: boolean): Promise<Feedback | null>;
  feedbackList(m: string, filter: { entryIds?: string[] | null; status?: FeedbackStatus; limit: number }): Promise<Feedback[]>;
  updateFeedback(f: Feedback): Promise<void>;
  /** Counted for the transparency page: per entry, over the last twelve months. */
  feedbackForCounting(m: string, since: string): Promise<Pick<Feedback, 'entryId' | 'rating' | 'subject' | 'status'>[]>;
}

export interface ParticipationStore {
  unitOfWork<T>(fn: (u: ParticipationUnitOfWork) => Promise<T>): Promise<T>;
}

/**
 * What feedback on a case needs from the case workflow, bound to the person asking: may
 * they see the case, and what must never be stored.
 */
export interface CaseAccess {
  /** Throws not_found when the person may not see the case. */
  caseFacts(caseId: string): Promise<{ packId: string; letterIds: string[] }>;
  /** Values known from the case (name, address …), for redacting them from free text (the read is logged). */
  knownValues(caseId: string): Promise<KnownValue[]>;
}

/** Objection routing over the platform's case tables (read by the edge). */
export interface ObjectionUnitOfWork {
  routing(objectionId: string, lock?: boolean): Promise<ObjectionRouting | null>;
  openObjection(m: string, caseId: string): Promise<{ id: string; filedAt: string } | null>;
  /** The case's team and who took part in the contested decision (assigned, approved, issued). */
  caseForObjection(m: string, caseId: string): Promise<{ teamId: string | null; involved: string[] } | null>;
  candidates(m: string, teamId: string): Promise<AssigneeCandidate[]>;
  saveRouting(r: ObjectionRouting): Promise<void>;
}

export interface ObjectionStore {
  unitOfWork<T>(fn: (u: ObjectionUnitOfWork) => Promise<T>): Promise<T>;
}

export interface Clock {
  now(): Date;
}
