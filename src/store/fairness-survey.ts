import { createHmac, randomBytes } from 'node:crypto';
import { AmtsklarError } from '../common/index.ts';
import { parseSurveySubmission, type EqualitySurveyResponse, type SignedFairnessReport } from '../fairness/index.ts';
import type { Db, Sql } from './db.ts';

/** Months a survey response is kept after consent (its own period, not the case file's). */
export const SURVEY_RETENTION_MONTHS = 36;

export interface StoredReport {
  reportId: string;
  systemId: string;
  period: { from: string; to: string };
  reportHash: string;
  createdAt: string;
}

/**
 * The equality survey and the fairness reports at the edge (schema `fairness`, migration
 * 0500). The only module that reads or writes that schema: a case id becomes a pseudonym
 * through an HMAC whose key never leaves the schema, answers are stored only with consent
 * and only in the checked form of the fairness core, withdrawal deletes them, and a sweep
 * deletes them when their own retention ends.
 */
export class FairnessSurveyStore {
  private readonly retentionMonths: number;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    options: { retentionMonths?: number; now?: () => Date } = {},
  ) {
    this.retentionMonths = options.retentionMonths ?? SURVEY_RETENTION_MONTHS;
    this.now = options.now ?? (() => new Date());
  }

  /** The survey pseudonym of a case: HMAC-SHA-256 under the municipality's key, 128 bits as hex. */
  async pseudonym(municipalityId: string, caseId: string, tx: Sql = this.db): Promise<string> {
    await tx.query('INSERT INTO fairness.pseudonym_keys (municipality_id, key_hex) VALUES ($1, $2) ON CONFLICT (municipality_id) DO NOTHING', [
      municipalityId,
      randomBytes(32).toString('hex'),
    ]);
    const [row] = await tx.query<{ key_hex: string }>('SELECT key_hex FROM fairness.pseudonym_keys WHERE municipality_id = $1', [municipalityId]);
    return createHmac('sha256', Buffer.from(row!.key_hex, 'hex')).update(`case:${caseId}`).digest('hex').slice(0, 32);
  }

  /**
   * Stores (or replaces) the answers for a case. Without consent nothing is kept and an
   * earlier response is deleted. Bad answers are refused with a German message naming
   * the field.
   */
  async submit(municipalityId: string, caseId: string, body: unknown): Promise<{ stored: boolean; retainUntil: string | null }> {
    const parsed = parseSurveySubmission(body);
    return this.db.transaction(async (tx) => {
      const pseudonym = await this.pseudonym(municipalityId, caseId, tx);
      if (!parsed.consent) {
        await tx.query('DELETE FROM fairness.survey_responses WHERE municipality_id = $1 AND pseudonym = $2', [municipalityId, pseudonym]);
        return { stored: false, retainUntil: null };
      }
      const today = this.today();
      const [row] = await tx.query<{ retain_until: string }>(
        `INSERT INTO fairness.survey_responses (municipality_id, pseudonym, consent, consented_at, answers, retain_until)
         VALUES ($1, $2, true, $3::date, $4::jsonb, ($3::date + make_interval(months => $5::int))::date)
         ON CONFLICT (municipality_id, pseudonym) DO UPDATE
           SET consent = true, consented_at = EXCLUDED.consented_at, answers = EXCLUDED.answers,
               retain_until = EXCLUDED.retain_until, updated_at = now()
         RETURNING to_char(retain_until, 'YYYY-MM-DD') AS retain_until`,
        [municipalityId, pseudonym, today, JSON.stringify(parsed.answers), this.retentionMonths],
      );
      return { stored: true, retainUntil: row!.retain_until };
    });
  }

  /** Withdrawal of consent: the answers are deleted. True when there was something to delete. */
  async withdraw(municipalityId: string, caseId: string): Promise<boolean> {
    const pseudonym = await this.pseudonym(municipalityId, caseId);
    const rows = await this.db.query('DELETE FROM fairness.survey_responses WHERE municipality_id = $1 AND pseudonym = $2 RETURNING pseudonym', [municipalityId, pseudonym]);
    return rows.length > 0;
  }

  /** Consented responses for a report (fairness monitoring only; never shown one by one). */
  async responses(municipalityId: string): Promise<EqualitySurveyResponse[]> {
    const rows = await this.db.query<{ pseudonym: string; consented_at: string; answers: EqualitySurveyResponse['answers'] }>(
      `SELECT pseudonym, to_char(consented_at, 'YYYY-MM-DD') AS consented_at, answers
         FROM fairness.survey_responses WHERE municipality_id = $1 AND consent AND retain_until >= $2::date ORDER BY pseudonym`,
      [municipalityId, this.today()],
    );
    return rows.map((r) => ({ pseudonym: r.pseudonym, consent: true, consentedAt: r.consented_at, answers: r.answers }));
  }

  /** Deletes responses whose retention has ended; returns how many. */
  async sweep(): Promise<number> {
    const rows = await this.db.query('DELETE FROM fairness.survey_responses WHERE retain_until < $1::date RETURNING pseudonym', [this.today()]);
    return rows.length;
  }

  /** Stores a signed report; a second report for the same system and period is refused. */
  async saveReport(municipalityId: string, signed: SignedFairnessReport): Promise<void> {
    const r = signed.report;
    const rows = await this.db.query(
      `INSERT INTO fairness.reports (municipality_id, report_id, system_id, period_from, period_to, report_hash, signed)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT DO NOTHING RETURNING report_id`,
      [municipalityId, r.reportId, r.systemId, r.period.from, r.period.to, signed.signature.reportHash, JSON.stringify(signed)],
    );
    if (rows.length === 0) {
      throw new AmtsklarError('conflict', `Für ${r.systemId} gibt es schon einen Bericht über ${r.period.from} bis ${r.period.to}; Berichte werden nicht überschrieben.`, [
        { path: '$.period', message: 'Zeitraum schon berichtet' },
      ]);
    }
  }

  async reports(municipalityId: string, systemId?: string): Promise<StoredReport[]> {
    const rows = await this.db.query<{ report_id: string; system_id: string; period_from: string; period_to: string; report_hash: string; created_at: string }>(
      `SELECT report_id, system_id, period_from, period_to, report_hash, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at
         FROM fairness.reports WHERE municipality_id = $1 AND ($2::text IS NULL OR system_id = $2) ORDER BY period_from DESC, system_id`,
      [municipalityId, systemId ?? null],
    );
    return rows.map((r) => ({ reportId: r.report_id, systemId: r.system_id, period: { from: r.period_from, to: r.period_to }, reportHash: r.report_hash, createdAt: r.created_at }));
  }

  async report(municipalityId: string, reportId: string): Promise<SignedFairnessReport> {
    const [row] = await this.db.query<{ signed: SignedFairnessReport }>('SELECT signed FROM fairness.reports WHERE municipality_id = $1 AND report_id = $2', [municipalityId, reportId]);
    if (!row) throw new AmtsklarError('not_found', 'Diesen Fairness-Bericht gibt es nicht.', [{ path: '$.reportId', message: 'unbekannt' }]);
    return row.signed;
  }

  private today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}
