import { randomUUID } from 'node:crypto';
import { AmtsklarError } from '../common/index.ts';
import type { EditorialEvent, FeedbackRecord, FeedbackStore, ReviewResult, Revision, RevisionState } from '../assistant/index.ts';
import type { Db, Sql } from './db.ts';

/**
 * Persistence of the assistant (migration 0600): revisions of service descriptions under the
 * editorial workflow, and opt-in feedback. Every read and write is scoped to one municipality;
 * a change applies only to the version the editor last read (optimistic locking).
 */

interface RevisionRow {
  service_id: string;
  revision: number;
  state: RevisionState;
  text: string;
  text_hash: string;
  author: string;
  version: number;
  history: EditorialEvent[];
}

const COLUMNS = 'service_id, revision, state, text, text_hash, author, version, history';

function toRevision(r: RevisionRow): Revision {
  return { serviceId: r.service_id, revision: r.revision, state: r.state, text: r.text, textHash: r.text_hash, author: r.author, version: r.version, history: r.history };
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';
}

export interface FeedbackRow extends FeedbackRecord {
  id: string;
  createdAt: string;
}

export class AssistantStore {
  constructor(readonly db: Db) {}

  async revisions(m: string, serviceId?: string): Promise<Revision[]> {
    const rows = serviceId
      ? await this.db.query<RevisionRow>(`SELECT ${COLUMNS} FROM assistant_revisions WHERE municipality_id = $1 AND service_id = $2 ORDER BY revision DESC`, [m, serviceId])
      : await this.db.query<RevisionRow>(`SELECT ${COLUMNS} FROM assistant_revisions WHERE municipality_id = $1 ORDER BY service_id, revision DESC`, [m]);
    return rows.map(toRevision);
  }

  async revision(m: string, serviceId: string, revision: number): Promise<Revision> {
    const [r] = await this.db.query<RevisionRow>(`SELECT ${COLUMNS} FROM assistant_revisions WHERE municipality_id = $1 AND service_id = $2 AND revision = $3`, [m, serviceId, revision]);
    if (!r) throw new AmtsklarError('not_found', `Fassung ${revision} der Leistung „${serviceId}“ gibt es nicht.`, [{ path: '$.revision', message: 'unbekannt' }]);
    return toRevision(r);
  }

  /** Published revisions and withdrawn services: what overrides the repository's files. */
  async effective(m: string): Promise<{ published: Revision[]; withdrawn: string[] }> {
    const rows = await this.db.query<RevisionRow>(
      `SELECT DISTINCT ON (service_id) ${COLUMNS} FROM assistant_revisions
       WHERE municipality_id = $1 AND state IN ('veroeffentlicht', 'zurueckgezogen')
       ORDER BY service_id, revision DESC`,
      [m],
    );
    const latest = rows.map(toRevision);
    return { published: latest.filter((r) => r.state === 'veroeffentlicht'), withdrawn: latest.filter((r) => r.state === 'zurueckgezogen').map((r) => r.serviceId) };
  }

  async insert(m: string, rev: Revision): Promise<Revision> {
    try {
      await this.db.query(
        `INSERT INTO assistant_revisions (municipality_id, service_id, revision, state, text, text_hash, author, version, history) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [m, rev.serviceId, rev.revision, rev.state, rev.text, rev.textHash, rev.author, rev.version, JSON.stringify(rev.history)],
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw new AmtsklarError('conflict', `Für „${rev.serviceId}“ gibt es schon einen offenen Entwurf oder diese Fassungsnummer. Bitte neu laden.`, [{ path: '$.text', message: 'Konflikt' }]);
      throw e;
    }
    return rev;
  }

  private async update(sql: Sql, m: string, rev: Revision): Promise<void> {
    const done = await sql.query(
      `UPDATE assistant_revisions SET state = $4, text = $5, text_hash = $6, version = $7, history = $8, updated_at = now()
       WHERE municipality_id = $1 AND service_id = $2 AND revision = $3 AND version = $9 RETURNING revision`,
      [m, rev.serviceId, rev.revision, rev.state, rev.text, rev.textHash, rev.version, JSON.stringify(rev.history), rev.version - 1],
    );
    if (done.length !== 1) throw new AmtsklarError('conflict', 'Die Fassung wurde inzwischen geändert. Bitte neu laden.', [{ path: '$.version', message: 'veraltet' }]);
  }

  /** Stores a changed revision (its `version` one above the stored one). */
  async save(m: string, rev: Revision): Promise<Revision> {
    await this.update(this.db, m, rev);
    return rev;
  }

  /** Publishing and superseding the previous publication happen together or not at all. */
  async saveReview(m: string, result: ReviewResult): Promise<Revision> {
    await this.db.transaction(async (tx) => {
      if (result.superseded) await this.update(tx, m, result.superseded);
      await this.update(tx, m, result.revision);
    });
    return result.revision;
  }

  /** The feedback port of the assistant, for one municipality. */
  feedback(m: string): FeedbackStore {
    return {
      save: async (r: FeedbackRecord) => {
        const id = randomUUID();
        await this.db.query(
          `INSERT INTO assistant_feedback (id, municipality_id, helpful, question, answer, citations, comment, language, mode, content_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [id, m, r.helpful, r.question, r.answer, JSON.stringify(r.citations), r.comment ?? null, r.language, r.mode, r.contentVersion],
        );
        return { id };
      },
    };
  }

  async feedbackList(m: string, limit = 100): Promise<FeedbackRow[]> {
    const rows = await this.db.query<{
      id: string;
      created_at: Date | string;
      helpful: boolean;
      question: string;
      answer: string;
      citations: string[];
      comment: string | null;
      language: string;
      mode: string;
      content_version: string;
    }>('SELECT * FROM assistant_feedback WHERE municipality_id = $1 ORDER BY created_at DESC LIMIT $2', [m, limit]);
    return rows.map((r) => ({
      id: r.id,
      createdAt: new Date(r.created_at).toISOString(),
      helpful: r.helpful,
      question: r.question,
      answer: r.answer,
      citations: r.citations,
      language: r.language,
      mode: r.mode,
      contentVersion: r.content_version,
      ...(r.comment ? { comment: r.comment } : {}),
    }));
  }
}
