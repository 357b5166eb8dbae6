import type { PackGovernanceInfo } from '../governance/index.ts';
import type {
  AbuseReport,
  Consultation,
  ConsultationComment,
  Feedback,
  FeedbackStatus,
  ModerationAction,
  ParticipationStore,
  ParticipationUnitOfWork,
  RegisterEntryFacts,
  StaffCouncilProcedure,
} from '../participation/index.ts';
import type { Db, Row, Sql } from './db.ts';
import { GovernanceStore, type LedgerAppender } from './governance-store.ts';

/**
 * The participation tables (migration 0400) and, in the same transaction, the governance
 * records the activation gate reads: a GovernanceStore over the open transaction writes the
 * consultation and staff-council records with their audit event and ledger entry, so a
 * participation step and its gate record commit together or not at all.
 */

const json = (v: unknown) => JSON.stringify(v);
const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const day = (v: unknown): string | null => (v == null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** A Db whose transactions are the one already open (nested calls join it). */
export function joinTransaction(db: Db, tx: Sql): Db {
  return {
    kind: db.kind,
    query: (text, params) => tx.query(text, params),
    queryArrays: (text, params) => tx.queryArrays(text, params),
    exec: async () => {
      throw new Error('exec inside a participation transaction');
    },
    transaction: (fn) => fn(tx),
    close: async () => undefined,
  };
}

function consultationFrom(r: Row): Consultation {
  const content = r.content as Pick<Consultation, 'title' | 'plainLanguage' | 'easyLanguage' | 'questions' | 'documents'>;
  return {
    id: String(r.id),
    municipalityId: String(r.municipality_id),
    entryId: String(r.entry_id),
    entryVersion: Number(r.entry_version),
    occasion: r.occasion as Consultation['occasion'],
    status: r.status as Consultation['status'],
    ...content,
    opensOn: day(r.opens_on)!,
    closesOn: day(r.closes_on)!,
    openedOn: day(r.opened_on),
    closedOn: day(r.closed_on),
    response: (r.response as Consultation['response']) ?? null,
    version: Number(r.version),
    createdBy: String(r.created_by),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

function contentOf(c: Consultation) {
  return { title: c.title, plainLanguage: c.plainLanguage, ...(c.easyLanguage ? { easyLanguage: c.easyLanguage } : {}), questions: c.questions, documents: c.documents };
}

function commentFrom(r: Row): ConsultationComment {
  return {
    id: String(r.id),
    consultationId: String(r.consultation_id),
    municipalityId: String(r.municipality_id),
    number: Number(r.number),
    authorKind: r.author_kind as ConsultationComment['authorKind'],
    authorUserId: r.author_user_id == null ? null : String(r.author_user_id),
    authorLabel: String(r.author_label),
    section: r.section == null ? null : String(r.section),
    body: String(r.body),
    conductVersion: String(r.conduct_version),
    status: r.status as ConsultationComment['status'],
    reports: Number(r.reports),
    disposition: (r.disposition as ConsultationComment['disposition']) ?? null,
    createdAt: iso(r.created_at),
  };
}

function procedureFrom(r: Row): StaffCouncilProcedure {
  return { ...(r.procedure as StaffCouncilProcedure), version: Number(r.version), status: r.status as StaffCouncilProcedure['status'] };
}

function feedbackFrom(r: Row): Feedback {
  return {
    id: String(r.id),
    municipalityId: String(r.municipality_id),
    entryId: r.entry_id == null ? null : String(r.entry_id),
    subject: r.subject as Feedback['subject'],
    subjectRef: r.subject_ref == null ? null : String(r.subject_ref),
    caseId: r.case_id == null ? null : String(r.case_id),
    packId: r.pack_id == null ? null : String(r.pack_id),
    channel: r.channel as Feedback['channel'],
    authorKind: r.author_kind as Feedback['authorKind'],
    rating: Number(r.rating),
    text: r.text == null ? null : String(r.text),
    removed: (r.removed as string[]) ?? [],
    status: r.status as FeedbackStatus,
    note: r.note == null ? null : String(r.note),
    handledBy: r.handled_by == null ? null : String(r.handled_by),
    handledAt: r.handled_at == null ? null : iso(r.handled_at),
    createdAt: iso(r.created_at),
  };
}

class SqlParticipationUnitOfWork implements ParticipationUnitOfWork {
  private readonly gov: GovernanceStore;

  constructor(
    private readonly tx: Sql,
    db: Db,
    ledger: LedgerAppender,
    packs: () => PackGovernanceInfo[],
  ) {
    this.gov = new GovernanceStore({ db: joinTransaction(db, tx), ledger, packs });
  }

  async entry(m: string, entryId: string): Promise<RegisterEntryFacts | null> {
    const row = await this.gov.entryRow(m, entryId).catch(() => null);
    return row ? facts(row.entry, row.owners) : null;
  }

  async entries(m: string): Promise<RegisterEntryFacts[]> {
    return (await this.gov.entries(m)).map((r) => facts(r.entry, r.owners));
  }

  async recordConsultation(m: string, actor: Parameters<ParticipationUnitOfWork['recordConsultation']>[1], record: Parameters<ParticipationUnitOfWork['recordConsultation']>[2]): Promise<void> {
    await this.gov.recordConsultation(m, actor, record);
  }

  async recordStaffCouncilVote(m: string, actor: Parameters<ParticipationUnitOfWork['recordStaffCouncilVote']>[1], record: Parameters<ParticipationUnitOfWork['recordStaffCouncilVote']>[2]): Promise<void> {
    await this.gov.recordStaffCouncilVote(m, actor, record);
  }

  async consultation(m: string, id: string, lock = false): Promise<Consultation | null> {
    const [r] = await this.tx.query(`SELECT * FROM participation_consultations WHERE municipality_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [m, id]);
    return r ? consultationFrom(r) : null;
  }

  async consultations(m: string, filter: { entryId?: string; publicOnly?: boolean }): Promise<Consultation[]> {
    const where = ['municipality_id = $1'];
    const params: unknown[] = [m];
    if (filter.entryId) {
      params.push(filter.entryId);
      where.push(`entry_id = $${params.length}`);
    }
    if (filter.publicOnly) where.push(`status <> 'draft'`);
    const rows = await this.tx.query(`SELECT * FROM participation_consultations WHERE ${where.join(' AND ')} ORDER BY opens_on DESC, created_at DESC`, params);
    return rows.map(consultationFrom);
  }

  async insertConsultation(c: Consultation): Promise<void> {
    await this.tx.query(
      `INSERT INTO participation_consultations (id, municipality_id, entry_id, entry_version, occasion, status, content, opens_on, closes_on, opened_on, closed_on, response, version, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12::jsonb, $13, $14, $15, $16)`,
      [c.id, c.municipalityId, c.entryId, c.entryVersion, c.occasion, c.status, json(contentOf(c)), c.opensOn, c.closesOn, c.openedOn, c.closedOn, c.response ? json(c.response) : null, c.version, c.createdBy, c.createdAt, c.updatedAt],
    );
  }

  async updateConsultation(c: Consultation, expectedVersion: number): Promise<boolean> {
    const rows = await this.tx.query(
      `UPDATE participation_consultations SET entry_version = $3, status = $4, content = $5::jsonb, opens_on = $6, closes_on = $7, opened_on = $8, closed_on = $9, response = $10::jsonb, version = $11, updated_at = $12
       WHERE id = $1 AND version = $2 RETURNING id`,
      [c.id, expectedVersion, c.entryVersion, c.status, json(contentOf(c)), c.opensOn, c.closesOn, c.openedOn, c.closedOn, c.response ? json(c.response) : null, c.version, c.updatedAt],
    );
    return rows.length === 1;
  }

  async comments(consultationId: string): Promise<ConsultationComment[]> {
    return (await this.tx.query('SELECT * FROM participation_comments WHERE consultation_id = $1 ORDER BY number', [consultationId])).map(commentFrom);
  }

  async comment(m: string, commentId: string, lock = false): Promise<ConsultationComment | null> {
    const [r] = await this.tx.query(`SELECT * FROM participation_comments WHERE municipality_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [m, commentId]);
    return r ? commentFrom(r) : null;
  }

  async insertComment(c: Omit<ConsultationComment, 'number'>): Promise<ConsultationComment> {
    // The consultation row is locked so two comments cannot take the same number.
    await this.tx.query('SELECT 1 FROM participation_consultations WHERE id = $1 FOR UPDATE', [c.consultationId]);
    const [n] = await this.tx.query<{ n: number | string }>('SELECT coalesce(max(number), 0) + 1 AS n FROM participation_comments WHERE consultation_id = $1', [c.consultationId]);
    const number = Number(n!.n);
    await this.tx.query(
      `INSERT INTO participation_comments (id, consultation_id, municipality_id, number, author_kind, author_user_id, author_label, section, body, conduct_version, status, reports, disposition, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14)`,
      [c.id, c.consultationId, c.municipalityId, number, c.authorKind, c.authorUserId, c.authorLabel, c.section, c.body, c.conductVersion, c.status, c.reports, c.disposition ? json(c.disposition) : null, c.createdAt],
    );
    return { ...c, number };
  }

  async updateComment(c: ConsultationComment): Promise<void> {
    await this.tx.query('UPDATE participation_comments SET status = $2, reports = $3, disposition = $4::jsonb WHERE id = $1', [c.id, c.status, c.reports, c.disposition ? json(c.disposition) : null]);
  }

  async addReport(m: string, r: AbuseReport): Promise<boolean> {
    const rows = await this.tx.query(
      `INSERT INTO participation_reports (id, comment_id, municipality_id, rule, note, reporter, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (comment_id, reporter) DO NOTHING RETURNING id`,
      [r.id, r.commentId, m, r.rule, r.note, r.reporter, r.createdAt],
    );
    return rows.length === 1;
  }

  async reportCount(commentId: string): Promise<number> {
    // Reports made before the last moderation decision were decided on; they do not count again.
    const [r] = await this.tx.query<{ n: number | string }>(
      `SELECT count(*)::int AS n FROM participation_reports r
       WHERE r.comment_id = $1 AND r.created_at > coalesce((SELECT max(at) FROM participation_moderation m WHERE m.comment_id = $1 AND m.action IN ('hide', 'restore')), '-infinity'::timestamptz)`,
      [commentId],
    );
    return Number(r!.n);
  }

  async reports(m: string, commentId: string): Promise<AbuseReport[]> {
    const rows = await this.tx.query('SELECT * FROM participation_reports WHERE municipality_id = $1 AND comment_id = $2 ORDER BY created_at', [m, commentId]);
    return rows.map((r) => ({ id: String(r.id), commentId: String(r.comment_id), rule: String(r.rule), note: r.note == null ? null : String(r.note), reporter: String(r.reporter), createdAt: iso(r.created_at) }));
  }

  async addModeration(m: string, a: ModerationAction): Promise<void> {
    await this.tx.query('INSERT INTO participation_moderation (comment_id, municipality_id, action, rule, reason, actor_id, actor_name, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      a.commentId,
      m,
      a.action,
      a.rule,
      a.reason,
      a.actorId,
      a.actorName,
      a.at,
    ]);
  }

  async moderation(consultationId: string): Promise<ModerationAction[]> {
    const rows = await this.tx.query(
      `SELECT m.* FROM participation_moderation m JOIN participation_comments c ON c.id = m.comment_id WHERE c.consultation_id = $1 ORDER BY m.seq`,
      [consultationId],
    );
    return rows.map((r) => ({ commentId: String(r.comment_id), action: r.action as ModerationAction['action'], rule: r.rule == null ? null : String(r.rule), reason: String(r.reason), actorId: String(r.actor_id), actorName: String(r.actor_name), at: iso(r.at) }));
  }

  async procedure(m: string, id: string, lock = false): Promise<StaffCouncilProcedure | null> {
    const [r] = await this.tx.query(`SELECT * FROM participation_staff_council WHERE municipality_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [m, id]);
    return r ? procedureFrom(r) : null;
  }

  async latestProcedure(m: string, entryId: string, lock = false): Promise<StaffCouncilProcedure | null> {
    const [r] = await this.tx.query(`SELECT * FROM participation_staff_council WHERE municipality_id = $1 AND entry_id = $2 ORDER BY created_at DESC LIMIT 1${lock ? ' FOR UPDATE' : ''}`, [m, entryId]);
    return r ? procedureFrom(r) : null;
  }

  async procedures(m: string, entryId?: string): Promise<StaffCouncilProcedure[]> {
    const rows = entryId
      ? await this.tx.query('SELECT * FROM participation_staff_council WHERE municipality_id = $1 AND entry_id = $2 ORDER BY created_at DESC', [m, entryId])
      : await this.tx.query('SELECT * FROM participation_staff_council WHERE municipality_id = $1 ORDER BY entry_id, created_at DESC', [m]);
    return rows.map(procedureFrom);
  }

  async insertProcedure(p: StaffCouncilProcedure): Promise<void> {
    await this.tx.query('INSERT INTO participation_staff_council (id, municipality_id, entry_id, status, procedure, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)', [
      p.id,
      p.municipalityId,
      p.entryId,
      p.status,
      json(p),
      p.version,
      p.createdAt,
      p.updatedAt,
    ]);
  }

  async updateProcedure(p: StaffCouncilProcedure, expectedVersion: number): Promise<boolean> {
    const rows = await this.tx.query('UPDATE participation_staff_council SET status = $3, procedure = $4::jsonb, version = $5, updated_at = $6 WHERE id = $1 AND version = $2 RETURNING id', [
      p.id,
      expectedVersion,
      p.status,
      json(p),
      p.version,
      p.updatedAt,
    ]);
    return rows.length === 1;
  }

  async addProcedureStep(m: string, procedureId: string, step: string, data: unknown, actorId: string): Promise<void> {
    await this.tx.query('INSERT INTO participation_staff_council_steps (procedure_id, municipality_id, step, data, actor_id) VALUES ($1, $2, $3, $4::jsonb, $5)', [procedureId, m, step, json(data), actorId]);
  }

  async insertFeedback(f: Feedback): Promise<void> {
    await this.tx.query(
      `INSERT INTO participation_feedback (id, municipality_id, entry_id, subject, subject_ref, case_id, pack_id, channel, author_kind, rating, text, removed, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [f.id, f.municipalityId, f.entryId, f.subject, f.subjectRef, f.caseId, f.packId, f.channel, f.authorKind, f.rating, f.text, f.removed, f.status, f.createdAt],
    );
  }

  async feedback(m: string, id: string, lock = false): Promise<Feedback | null> {
    const [r] = await this.tx.query(`SELECT * FROM participation_feedback WHERE municipality_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [m, id]);
    return r ? feedbackFrom(r) : null;
  }

  async feedbackList(m: string, filter: { entryIds?: string[] | null; status?: FeedbackStatus; limit: number }): Promise<Feedback[]> {
    const where = ['municipality_id = $1'];
    const params: unknown[] = [m];
    if (filter.entryIds) {
      params.push(filter.entryIds);
      where.push(`entry_id = ANY($${params.length})`);
    }
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    params.push(filter.limit);
    return (await this.tx.query(`SELECT * FROM participation_feedback WHERE ${where.join(' AND ')} ORDER BY created_at DESC LIMIT $${params.length}`, params)).map(feedbackFrom);
  }

  async updateFeedback(f: Feedback): Promise<void> {
    await this.tx.query('UPDATE participation_feedback SET status = $2, note = $3, handled_by = $4, handled_at = $5 WHERE id = $1', [f.id, f.status, f.note, f.handledBy, f.handledAt]);
  }

  async feedbackForCounting(m: string, since: string) {
    const rows = await this.tx.query<{ entry_id: string | null; rating: number; subject: Feedback['subject']; status: FeedbackStatus }>(
      `SELECT entry_id, rating, subject, status FROM participation_feedback WHERE municipality_id = $1 AND created_at >= $2::date`,
      [m, since],
    );
    return rows.map((r) => ({ entryId: r.entry_id, rating: Number(r.rating), subject: r.subject, status: r.status }));
  }
}

function facts(e: { id: string; name: string; status: RegisterEntryFacts['status']; version: number; materialHash: string; activatedAt?: string; links: { packs: string[]; features: { feature: string }[] } }, owners: string[]): RegisterEntryFacts {
  return {
    id: e.id,
    name: e.name,
    status: e.status,
    version: e.version,
    materialHash: e.materialHash,
    ...(e.activatedAt ? { activatedAt: e.activatedAt } : {}),
    owners,
    packs: e.links.packs,
    features: e.links.features.map((f) => f.feature),
  };
}

export function participationStore(db: Db, governance: { ledger: LedgerAppender; packs: () => PackGovernanceInfo[] }): ParticipationStore {
  return {
    unitOfWork: (fn) => db.transaction((tx) => fn(new SqlParticipationUnitOfWork(tx, db, governance.ledger, governance.packs))),
  };
}
