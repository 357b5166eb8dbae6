import { createHmac, randomBytes } from 'node:crypto';
import { parseSurveySubmission, type EqualitySurveyResponse } from '../fairness/index.ts';
import type { Db, Sql } from './db.ts';

/** Months a survey response is kept after consent (its own period, not the case file's). */
export const SURVEY_RETENTION_MONTHS = 36;

/**
 * The equality survey at the edge (schema `fairness`, migration 0500). Only the fairness
 * store modules (`fairness-*.ts`) read or write that schema: a case id becomes a pseudonym
 * through an HMAC whose key never leaves the schema, answers are stored only with consent
 * and only in the checked form of the fairness core, withdrawal deletes them, and a sweep
 * deletes them when their own retention ends.
 */
export class FairnessSurveyStore {
  private readonly retentionMonths: number;
  private readonly now: () => Date;
  private readonly keys = new Map<string, Buffer>();

  constructor(
    private readonly db: Db,
    options: { retentionMonths?: number; now?: () => Date } = {},
  ) {
    this.retentionMonths = options.retentionMonths ?? SURVEY_RETENTION_MONTHS;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * The survey pseudonym of a case: HMAC-SHA-256 under the municipality's key, 128 bits as
   * hex. The same pseudonym keys the decision record, so the two can be joined — but only
   * by whoever holds the key, which never leaves the schema.
   */
  async pseudonym(municipalityId: string, caseId: string, tx: Sql = this.db): Promise<string> {
    let key = this.keys.get(municipalityId);
    if (!key) {
      const [known] = await tx.query<{ key_hex: string }>('SELECT key_hex FROM fairness.pseudonym_keys WHERE municipality_id = $1', [municipalityId]);
      if (known) {
        key = Buffer.from(known.key_hex, 'hex');
        // Only a committed key is kept: a key created in a transaction that rolls back never existed.
        this.keys.set(municipalityId, key);
      } else {
        await tx.query('INSERT INTO fairness.pseudonym_keys (municipality_id, key_hex) VALUES ($1, $2) ON CONFLICT (municipality_id) DO NOTHING', [
          municipalityId,
          randomBytes(32).toString('hex'),
        ]);
        const [row] = await tx.query<{ key_hex: string }>('SELECT key_hex FROM fairness.pseudonym_keys WHERE municipality_id = $1', [municipalityId]);
        key = Buffer.from(row!.key_hex, 'hex');
      }
    }
    return createHmac('sha256', key).update(`case:${caseId}`).digest('hex').slice(0, 32);
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

  /** What is stored for a case, shown only to the person who answered (Art. 15 DSGVO); null when nothing is. */
  async answersFor(municipalityId: string, caseId: string): Promise<{ answers: EqualitySurveyResponse['answers']; consentedAt: string; retainUntil: string } | null> {
    const pseudonym = await this.pseudonym(municipalityId, caseId);
    const [row] = await this.db.query<{ answers: EqualitySurveyResponse['answers']; consented_at: string; retain_until: string }>(
      `SELECT answers, to_char(consented_at, 'YYYY-MM-DD') AS consented_at, to_char(retain_until, 'YYYY-MM-DD') AS retain_until
         FROM fairness.survey_responses WHERE municipality_id = $1 AND pseudonym = $2 AND consent AND retain_until >= $3::date`,
      [municipalityId, pseudonym, this.today()],
    );
    return row ? { answers: row.answers, consentedAt: row.consented_at, retainUntil: row.retain_until } : null;
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

  private today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}
