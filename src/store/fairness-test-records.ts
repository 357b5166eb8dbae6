/**
 * Test support: decision records and survey answers written straight into the fairness tables,
 * as the monitor would have collected them over a quarter (planted disparities included). Used
 * by the store's tests and by the browser test of the fairness page.
 */
import type { DecisionRecord, EqualitySurveyResponse } from '../fairness/index.ts';
import type { Db } from './db.ts';

export async function plantDecisionRecords(db: Db, municipalityId: string, decisions: readonly DecisionRecord[], surveys: readonly EqualitySurveyResponse[]): Promise<void> {
  const col = <T>(f: (d: DecisionRecord) => T) => decisions.map(f);
  await db.query(
    `INSERT INTO fairness.decision_records (municipality_id, pseudonym, system_id, period, claim, amount_cents, routed_to_human, nachforderung, processing_days, objection_filed, changed_on_objection, claim_after_objection, retain_until)
     SELECT $1, * , '2099-01-01'::date FROM unnest($2::text[], $3::text[], $4::text[], $5::boolean[], $6::bigint[], $7::boolean[], $8::boolean[], $9::int[], $10::boolean[], $11::boolean[], $12::boolean[])`,
    [
      municipalityId,
      col((d) => d.pseudonym),
      col((d) => d.system),
      col((d) => d.period),
      col((d) => d.claim),
      col((d) => (d.amount === null ? null : Math.round(Number(d.amount) * 100))),
      col((d) => d.routedToHuman),
      col((d) => d.nachforderung),
      col((d) => d.processingDays),
      col((d) => d.objectionFiled),
      col((d) => d.changedOnObjection),
      col((d) => (d.changedOnObjection ? (d.claimAfterObjection ?? d.claim) : null)),
    ],
  );
  const consented = surveys.filter((x) => x.consent);
  await db.query(
    `INSERT INTO fairness.survey_responses (municipality_id, pseudonym, consent, consented_at, answers, retain_until)
     SELECT $1, p, true, '2026-01-01'::date, a::jsonb, '2099-01-01'::date FROM unnest($2::text[], $3::text[]) AS t(p, a)`,
    [municipalityId, consented.map((x) => x.pseudonym), consented.map((x) => JSON.stringify(Object.fromEntries(Object.entries(x.answers).filter(([, v]) => v != null))))],
  );
}
