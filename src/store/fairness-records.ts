import type { CaseEvent, CaseEventListener } from '../cases/index.ts';
import { berlinDate, calendarDays, favourableOutcome } from '../fairness/index.ts';
import type { Db, Sql } from './db.ts';
import type { FairnessSurveyStore } from './fairness-survey.ts';

/** Months a decision record is kept after the decision (long enough for every quarterly report and its review). */
export const RECORD_RETENTION_MONTHS = 36;

/** Event types after which a case's fairness record is written or completed. */
const RECORDED_ON = ['issue', 'file_objection', 'reassess_upheld', 'reassess_changed', 'approve_abhilfe'] as const;
/** The events by which a changed decision on an objection takes effect (at once, or approved by a second person). */
const CHANGED_ON_OBJECTION = new Set(['reassess_changed', 'approve_abhilfe']);
const RECORDED = new Set<string>(RECORDED_ON);
/** case_events ids re-read by each reconciliation: an id is drawn before its transaction commits. */
const OVERLAP = 2000;
const BATCH = 500;

interface EventRow {
  type: string;
  data: Record<string, unknown> | null;
  at: unknown;
}

export type RecordOutcome = 'recorded' | 'updated' | 'unchanged' | 'skipped';

/**
 * The fairness monitor's decision records, written from the platform's case events (issue
 * and objection decisions): outcome facts only, keyed by the survey pseudonym. The first
 * decision is kept when an objection changes it, so that equal opportunity can be
 * computed. Told after commit by the case service (`listener`), and reconciled by the
 * schedule from case_events for anything a listener missed (a crash between commit and
 * listener). Only this module and the other fairness store modules touch the schema.
 */
export class FairnessRecordStore {
  private readonly retentionMonths: number;

  constructor(
    private readonly db: Db,
    private readonly survey: FairnessSurveyStore,
    options: { retentionMonths?: number } = {},
  ) {
    this.retentionMonths = options.retentionMonths ?? RECORD_RETENTION_MONTHS;
  }

  /** For CaseService/RecalcService: records the cases whose events concern the decision towards the citizen. Never throws. */
  listener(onError: (e: unknown) => void = (e) => process.emitWarning(`Fairness-Entscheidungsdatensatz nicht geschrieben: ${String(e)}`)): CaseEventListener {
    return {
      onCaseEvents: async (events: readonly CaseEvent[]) => {
        const cases = new Map<string, string>();
        for (const e of events) if (RECORDED.has(e.type)) cases.set(e.caseId, e.municipalityId);
        for (const [caseId, m] of cases) {
          try {
            await this.recordCase(m, caseId);
          } catch (e) {
            onError(e);
          }
        }
      },
    };
  }

  /** Writes or completes the record of one case from its decision data and history. */
  async recordCase(m: string, caseId: string, sql: Sql = this.db): Promise<RecordOutcome> {
    const [c] = await sql.query<{ pack_id: string; decision: { values?: Record<string, unknown>; receipt?: { resultHash?: string } } | null; created_at: unknown }>(
      'SELECT pack_id, decision, created_at FROM cases WHERE id = $1 AND municipality_id = $2',
      [caseId, m],
    );
    if (!c) return 'skipped';
    const events = await sql.query<EventRow>('SELECT type, data, at FROM case_events WHERE case_id = $1 ORDER BY id', [caseId]);
    const issueAt = events.findIndex((e) => e.type === 'issue');
    if (issueAt < 0) return 'skipped';
    const now = favourableOutcome(c.pack_id, c.decision?.values);
    // A system without a declared favourable outcome has no records.
    if (!now) return 'skipped';
    const before = events.slice(0, issueAt);
    const issue = events[issueAt]!;
    const changed = events.some((e) => CHANGED_ON_OBJECTION.has(e.type));
    // After issue, only a changed objection decision replaces the decision. Without one the
    // current decision is the first; with one, the first is known only if it was recorded
    // before (the upsert below keeps it).
    const issuedHash = typeof issue.data?.resultHash === 'string' ? issue.data.resultHash : null;
    const firstKnown = !changed && (issuedHash === null || issuedHash === c.decision?.receipt?.resultHash);
    const first = firstKnown ? now : null;
    const lastComplete = [...before].reverse().find((e) => e.type === 'complete') ?? before.find((e) => e.type === 'received');
    const completeAt = iso(lastComplete?.at ?? c.created_at);
    const issuedAt = iso(issue.at);
    const pseudonym = await this.survey.pseudonym(m, caseId, sql);
    const rows = await sql.query<{ inserted: boolean }>(
      `INSERT INTO fairness.decision_records AS d
         (municipality_id, pseudonym, system_id, period, claim, amount_cents, routed_to_human, nachforderung, processing_days,
          objection_filed, changed_on_objection, claim_after_objection, retain_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, ($13::date + make_interval(months => $14::int))::date)
       ON CONFLICT (municipality_id, pseudonym) DO UPDATE
         SET objection_filed = d.objection_filed OR EXCLUDED.objection_filed,
             changed_on_objection = d.changed_on_objection OR EXCLUDED.changed_on_objection,
             claim_after_objection = coalesce(EXCLUDED.claim_after_objection, d.claim_after_objection),
             updated_at = now()
         WHERE d.objection_filed IS DISTINCT FROM (d.objection_filed OR EXCLUDED.objection_filed)
            OR d.changed_on_objection IS DISTINCT FROM (d.changed_on_objection OR EXCLUDED.changed_on_objection)
            OR d.claim_after_objection IS DISTINCT FROM coalesce(EXCLUDED.claim_after_objection, d.claim_after_objection)
       RETURNING (d.recorded_at = d.updated_at) AS inserted`,
      [
        m,
        pseudonym,
        c.pack_id,
        berlinDate(issuedAt).slice(0, 7),
        first ? first.claim : null,
        first?.claim ? first.amountCents : null,
        before.some((e) => e.type === 'discretion_decided' || e.data?.outcome === 'needs_human'),
        before.some((e) => e.type === 'request_documents'),
        Math.max(0, calendarDays(completeAt, issuedAt)),
        events.some((e) => e.type === 'file_objection'),
        changed,
        changed ? now.claim : null,
        berlinDate(issuedAt),
        this.retentionMonths,
      ],
    );
    if (rows.length === 0) return 'unchanged';
    return rows[0]!.inserted ? 'recorded' : 'updated';
  }

  /**
   * Reads case_events since the last reconciliation (with an overlap) and records every
   * case whose decision towards the citizen changed there. Returns how many records were
   * written or completed.
   */
  async reconcile(): Promise<{ cases: number; written: number }> {
    const [wm] = await this.db.query<{ last_event_id: string | number }>('SELECT last_event_id FROM fairness.event_watermark WHERE id = 1');
    let cursor = Math.max(0, Number(wm!.last_event_id) - OVERLAP);
    let cases = 0;
    let written = 0;
    for (;;) {
      const rows = await this.db.query<{ id: string | number; case_id: string; municipality_id: string }>(
        'SELECT id, case_id, municipality_id FROM case_events WHERE id > $1::bigint AND type = ANY($2::text[]) ORDER BY id LIMIT $3',
        [cursor, [...RECORDED_ON], BATCH],
      );
      const seen = new Set<string>();
      for (const r of rows) {
        if (seen.has(r.case_id)) continue;
        seen.add(r.case_id);
        const outcome = await this.recordCase(r.municipality_id, r.case_id);
        if (outcome === 'recorded' || outcome === 'updated') written++;
      }
      cases += seen.size;
      if (rows.length === 0) return { cases, written };
      cursor = Number(rows[rows.length - 1]!.id);
      await this.db.query('UPDATE fairness.event_watermark SET last_event_id = GREATEST(last_event_id, $1::bigint) WHERE id = 1', [cursor]);
      if (rows.length < BATCH) return { cases, written };
    }
  }

  /** Deletes records whose own retention has ended; returns how many. */
  async sweep(today: string): Promise<number> {
    const rows = await this.db.query('DELETE FROM fairness.decision_records WHERE retain_until < $1::date RETURNING pseudonym', [today]);
    return rows.length;
  }
}

function iso(v: unknown): string {
  return (v instanceof Date ? v : new Date(String(v))).toISOString();
}
